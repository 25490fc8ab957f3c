/* kh-file-checked.c — project files known to have passed SQLite's quick_check as they are
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * PRAGMA quick_check reads every page of the database: 1.7 s for a 600 MB project, the
 * most of a command that reads one year. Opening a project skips it when this user's
 * list says the very file (device and inode) passed it while it had the same size,
 * modification and status-change times and SQLite change counter. Any write to the file —
 * by Kaohe, sqlite3, an editor, a copy over it — changes its status-change time, which no
 * program can set back; the list is written only for files left unchanged for two
 * seconds before the check, so a change within the same clock tick cannot hide.
 *
 * Kaohe's own commits keep a file on the list (kh_project_commit(), kh_project_close()):
 * a file in a state that passed the check (or that Kaohe created) when a transaction
 * began, and that SQLite's change counter shows written by that one transaction only, is
 * known to be as the check left it plus what Kaohe wrote — SQLite wrote the pages and
 * Kaohe's own schema triggers kept the rows. Its state after the commit is recorded once
 * the file-time clock has moved 20 ms past it (kh_file_state_settled()), read again
 * under SQLite's shared lock: from then on any change gives other times.
 *
 * What is given up: damage that changes no file time (a failing disk's bit rot) is found
 * by the next `kaohe-cli verify` (PRAGMA integrity_check, always run) rather than at the
 * next open; SQLite still refuses any page it cannot read. So is a write by a program
 * that ignores SQLite's locks made within the same clock tick (a few ms) as Kaohe's
 * commit and changing neither the size, the first page nor the change counter — a
 * program writing into a database while SQLite commits to it damages it whatever Kaohe
 * does. The list holds the last 256 files, each in its last recorded state only (an
 * earlier state of a file can never be found again: its status-change time has moved), so
 * that a project edited many times does not push the others out; a lost or unreadable list
 * only means checking again. Every process of the user (windows, kaohe-cli, their threads)
 * writes the one list: each writer reads it, adds its entry and writes it again whole
 * under a lock (flock() of checked-files.lock beside it), so that no writer drops
 * another's entry (issue 22).
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "kh-file-checked.h"

/* Files, each in its last recorded state. */
#define MAX_ENTRIES 256
/* The bytes of the first page taken into its digest. */
#define HEAD_BYTES 4096
/* How far the file-time clock must be past a file's times after a write. */
#define SETTLE_NS (20 * G_GINT64_CONSTANT (1000000))
/* A file changed less than this long before the check is not recorded. */
#define QUIET_NS (2 * G_GINT64_CONSTANT (1000000000))
/* How long a writer waits for the list's lock (then records nothing: a cache), in tries
 * 10 ms apart. */
#define LOCK_TRIES 200

static char *
list_path (void)
{
  return g_build_filename (g_get_user_cache_dir (), "kaohe", "checked-files", NULL);
}

static char *
state_line (const KhFileState *s)
{
  return g_strdup_printf ("%" G_GUINT64_FORMAT " %" G_GUINT64_FORMAT " %" G_GUINT64_FORMAT
                          " %" G_GINT64_FORMAT " %" G_GINT64_FORMAT " %" G_GINT64_FORMAT
                          " %" G_GINT64_FORMAT " %u %016" G_GINT64_MODIFIER "x",
                          s->dev, s->ino, s->size, s->mtime_s, s->mtime_ns, s->ctime_s,
                          s->ctime_ns, s->change_counter, s->head_digest);
}

static gboolean
journal_exists (const char *path,
                const char *suffix)
{
  g_autofree char *name = g_strconcat (path, suffix, NULL);
  struct stat st;

  /* Anything there, or anything unknown about it, counts as a journal. */
  return lstat (name, &st) == 0 || errno != ENOENT;
}

gboolean
kh_file_state_read (const char  *path,
                    KhFileState *state)
{
  struct stat st;
  guint8 header[HEAD_BYTES];
  guint8 digest[32];
  gsize digest_len = sizeof digest;
  g_autoptr (GChecksum) checksum = NULL;
  ssize_t got = 0;
  int fd;
  gboolean ok;

  g_return_val_if_fail (path != NULL && state != NULL, FALSE);

  if (journal_exists (path, "-journal") || journal_exists (path, "-wal"))
    return FALSE;
  fd = g_open (path, O_RDONLY | O_CLOEXEC, 0);
  if (fd < 0)
    return FALSE;
  ok = fstat (fd, &st) == 0 && S_ISREG (st.st_mode)
       && (got = pread (fd, header, sizeof header, 0)) >= 28
       && (got == (ssize_t) sizeof header || (guint64) got == (guint64) st.st_size);
  close (fd);
  if (!ok)
    return FALSE;
  state->dev = (guint64) st.st_dev;
  state->ino = (guint64) st.st_ino;
  state->size = (guint64) st.st_size;
  state->mtime_s = (gint64) st.st_mtim.tv_sec;
  state->mtime_ns = (gint64) st.st_mtim.tv_nsec;
  state->ctime_s = (gint64) st.st_ctim.tv_sec;
  state->ctime_ns = (gint64) st.st_ctim.tv_nsec;
  state->change_counter = (guint32) header[24] << 24 | (guint32) header[25] << 16
                          | (guint32) header[26] << 8 | header[27];
  checksum = g_checksum_new (G_CHECKSUM_SHA256);
  g_checksum_update (checksum, header, (gssize) got);
  g_checksum_get_digest (checksum, digest, &digest_len);
  state->head_digest = 0;
  for (guint i = 0; i < 8; i++)
    state->head_digest = state->head_digest << 8 | digest[i];
  return TRUE;
}

static char **
read_list (void)
{
  g_autofree char *path = list_path ();
  g_autofree char *text = NULL;

  if (!g_file_get_contents (path, &text, NULL, NULL))
    return g_new0 (char *, 1);
  return g_strsplit (text, "\n", -1);
}

gboolean
kh_file_checked_lookup (const KhFileState *state)
{
  g_auto (GStrv) lines = read_list ();
  g_autofree char *line = state_line (state);

  return g_strv_contains ((const char *const *) lines, line);
}

static gint64
ns_of (gint64 s,
       gint64 ns)
{
  return s * G_GINT64_CONSTANT (1000000000) + ns;
}

/* The length of @line's first two words and the space after them: the file's device and
 * inode. */
static gsize
file_key_len (const char *line)
{
  const char *space = strchr (line, ' ');

  space = space != NULL ? strchr (space + 1, ' ') : NULL;
  return space != NULL ? (gsize) (space - line) + 1 : strlen (line);
}

/* Whether @l is another entry than @line's own file's: every earlier state of a file is
 * stale once it has another (its status-change time, which nothing sets back, moved). */
static gboolean
other_file (const char *l,
            const char *line,
            gsize       key_len)
{
  return *l != '\0' && strncmp (l, line, key_len) != 0;
}

/* The list's lock, taken on a description of the lock file of this writer's own (flock():
 * other processes and other threads both wait), or -1 when it could not be had within
 * about two seconds. Released by closing the descriptor, or by the writer's end. */
static int
lock_list (const char *dir)
{
  g_autofree char *path = g_build_filename (dir, "checked-files.lock", NULL);
  int fd = g_open (path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);

  if (fd < 0)
    return -1;
  for (guint i = 0; i < LOCK_TRIES; i++)
    {
      if (flock (fd, LOCK_EX | LOCK_NB) == 0)
        return fd;
      if (errno != EWOULDBLOCK && errno != EINTR)
        break;
      g_usleep (10 * G_TIME_SPAN_MILLISECOND);
    }
  close (fd);
  return -1;
}

/* Puts @line last in the list (the newest), in place of its file's earlier states, keeping
 * the newest MAX_ENTRIES files. The list is read and written again whole under its lock:
 * a writer that read it before another wrote would otherwise drop the other's entry, and
 * that file would be checked again at its next open (issue 22). */
static void
write_entry (const char *line)
{
  g_autofree char *list = list_path ();
  g_autofree char *dir = g_path_get_dirname (list);
  g_auto (GStrv) lines = NULL;
  g_autoptr (GString) out = g_string_new (NULL);
  gsize key_len = file_key_len (line);
  guint n = 0, skip;
  int lock;

  if (g_mkdir_with_parents (dir, 0700) != 0 || (lock = lock_list (dir)) < 0)
    return;
  lines = read_list ();

  for (char **l = lines; *l != NULL; l++)
    if (other_file (*l, line, key_len))
      n++;
  /* The newest MAX_ENTRIES - 1 others, then this one. */
  skip = n >= MAX_ENTRIES ? n - (MAX_ENTRIES - 1) : 0;
  for (char **l = lines; *l != NULL; l++)
    {
      if (!other_file (*l, line, key_len))
        continue;
      if (skip > 0)
        {
          skip--;
          continue;
        }
      g_string_append_printf (out, "%s\n", *l);
    }
  g_string_append_printf (out, "%s\n", line);
  (void) g_file_set_contents_full (list, out->str, (gssize) out->len,
                                   G_FILE_SET_CONTENTS_CONSISTENT, 0600, NULL);
  close (lock);
}

void
kh_file_checked_record (const char        *path,
                        const KhFileState *before)
{
  g_autofree char *line = state_line (before);
  g_autofree char *after_line = NULL;
  KhFileState after;
  struct timespec now;
  gint64 changed;

  g_return_if_fail (path != NULL && before != NULL);

  if (!kh_file_state_read (path, &after))
    return;
  after_line = state_line (&after);
  changed = MAX (ns_of (before->mtime_s, before->mtime_ns), ns_of (before->ctime_s, before->ctime_ns));
  if (g_strcmp0 (line, after_line) != 0 || clock_gettime (CLOCK_REALTIME, &now) != 0
      || ns_of (now.tv_sec, now.tv_nsec) - changed < QUIET_NS)
    return;
  write_entry (line);
}

gboolean
kh_file_state_equal (const KhFileState *a,
                     const KhFileState *b)
{
  return a->dev == b->dev && a->ino == b->ino && a->size == b->size && a->mtime_s == b->mtime_s
         && a->mtime_ns == b->mtime_ns && a->ctime_s == b->ctime_s && a->ctime_ns == b->ctime_ns
         && a->change_counter == b->change_counter && a->head_digest == b->head_digest;
}

gboolean
kh_file_state_settled (const KhFileState *state,
                       gboolean           wait)
{
  gint64 changed = MAX (ns_of (state->mtime_s, state->mtime_ns), ns_of (state->ctime_s, state->ctime_ns));
  struct timespec now;
  gint64 left;

  /* Whole seconds: a file system that may keep only those. */
  if (state->mtime_ns == 0 && state->ctime_ns == 0)
    return FALSE;
  /* File times come from the kernel's coarse clock, at most a tick (1 to 10 ms) behind
   * this one: 20 ms past them on this clock, any change gives later times. */
  if (clock_gettime (CLOCK_REALTIME, &now) != 0)
    return FALSE;
  left = changed + SETTLE_NS - ns_of (now.tv_sec, now.tv_nsec);
  if (left < 0)
    return TRUE;
  /* A time further in the future (a clock set back) is never waited for. */
  if (!wait || left > SETTLE_NS + SETTLE_NS / 2)
    return FALSE;
  g_usleep ((gulong) (left / 1000 + 1));
  return clock_gettime (CLOCK_REALTIME, &now) == 0
         && changed + SETTLE_NS < ns_of (now.tv_sec, now.tv_nsec);
}

void
kh_file_checked_record_written (const KhFileState *state)
{
  g_autofree char *line = NULL;

  g_return_if_fail (state != NULL);

  if (!kh_file_state_settled (state, FALSE))
    return;
  line = state_line (state);
  write_entry (line);
}

void
kh_file_checked_record_renamed (const char        *path,
                                const KhFileState *checked)
{
  KhFileState now;
  g_autofree char *line = NULL;

  g_return_if_fail (path != NULL && checked != NULL);

  /* A rename changes no content and no modification time: any write since the check
   * would have moved the modification time (or within its tick, the change counter or
   * size or first page). */
  if (!kh_file_state_read (path, &now) || now.dev != checked->dev || now.ino != checked->ino
      || now.size != checked->size || now.mtime_s != checked->mtime_s
      || now.mtime_ns != checked->mtime_ns || now.change_counter != checked->change_counter
      || now.head_digest != checked->head_digest)
    return;
  if (!kh_file_state_settled (&now, TRUE))
    return;
  /* Read again once settled: whatever changes the file from now on gives other times. */
  {
    KhFileState settled;

    if (!kh_file_state_read (path, &settled) || !kh_file_state_equal (&settled, &now))
      return;
  }
  line = state_line (&now);
  write_entry (line);
}
