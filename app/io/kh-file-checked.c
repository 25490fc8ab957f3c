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
 * What is given up: damage that changes no file time (a failing disk's bit rot) is found
 * by the next `kaohe-cli verify` (PRAGMA integrity_check, always run) rather than at the
 * next open; SQLite still refuses any page it cannot read. The list holds the last 64
 * files; a lost or unreadable list only means checking again.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "kh-file-checked.h"

#define MAX_ENTRIES 64
/* A file changed less than this long before the check is not recorded. */
#define QUIET_NS (2 * G_GINT64_CONSTANT (1000000000))

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
                          " %" G_GINT64_FORMAT " %u",
                          s->dev, s->ino, s->size, s->mtime_s, s->mtime_ns, s->ctime_s,
                          s->ctime_ns, s->change_counter);
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
  guint8 header[28];
  int fd;
  gboolean ok;

  g_return_val_if_fail (path != NULL && state != NULL, FALSE);

  if (journal_exists (path, "-journal") || journal_exists (path, "-wal"))
    return FALSE;
  fd = g_open (path, O_RDONLY | O_CLOEXEC, 0);
  if (fd < 0)
    return FALSE;
  ok = fstat (fd, &st) == 0 && S_ISREG (st.st_mode)
       && pread (fd, header, sizeof header, 0) == (ssize_t) sizeof header;
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

void
kh_file_checked_record (const char        *path,
                        const KhFileState *before)
{
  g_autofree char *list = list_path ();
  g_autofree char *dir = g_path_get_dirname (list);
  g_autofree char *line = state_line (before);
  g_auto (GStrv) lines = NULL;
  g_autoptr (GString) out = g_string_new (NULL);
  g_autofree char *after_line = NULL;
  KhFileState after;
  struct timespec now;
  gint64 changed;
  guint n = 0, skip;

  g_return_if_fail (path != NULL && before != NULL);

  if (!kh_file_state_read (path, &after))
    return;
  after_line = state_line (&after);
  changed = MAX (ns_of (before->mtime_s, before->mtime_ns), ns_of (before->ctime_s, before->ctime_ns));
  if (g_strcmp0 (line, after_line) != 0 || clock_gettime (CLOCK_REALTIME, &now) != 0
      || ns_of (now.tv_sec, now.tv_nsec) - changed < QUIET_NS)
    return;
  lines = read_list ();
  for (char **l = lines; *l != NULL; l++)
    if (**l != '\0' && g_strcmp0 (*l, line) != 0)
      n++;
  /* The newest MAX_ENTRIES - 1 others, then this one. */
  skip = n >= MAX_ENTRIES ? n - (MAX_ENTRIES - 1) : 0;
  for (char **l = lines; *l != NULL; l++)
    {
      if (**l == '\0' || g_strcmp0 (*l, line) == 0)
        continue;
      if (skip > 0)
        {
          skip--;
          continue;
        }
      g_string_append_printf (out, "%s\n", *l);
    }
  g_string_append_printf (out, "%s\n", line);
  if (g_mkdir_with_parents (dir, 0700) == 0)
    (void) g_file_set_contents_full (list, out->str, (gssize) out->len,
                                     G_FILE_SET_CONTENTS_CONSISTENT, 0600, NULL);
}
