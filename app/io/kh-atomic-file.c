/* kh-atomic-file.c — writing a file completely or not at all, safely in a shared folder
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "kh-atomic-file.h"
#include "kh-io-error.h"

struct _KhAtomicFile
{
  char *path;   /* the target */
  char *dir;    /* the private folder next to it; NULL once removed */
  char *temp;   /* the temporary file in it */
  int fd;
};

static gboolean
fail_create (GError    **error,
             const char *path,
             int         saved_errno)
{
  g_set_error (error, KH_IO_ERROR, KH_IO_ERROR_FAILED,
               _("%s: cannot create a temporary file next to it: %s"), path,
               g_strerror (saved_errno));
  return FALSE;
}

static gboolean
fail_write (GError    **error,
            const char *path,
            int         saved_errno)
{
  g_set_error (error, KH_IO_ERROR, KH_IO_ERROR_FAILED, _("%s: cannot write: %s"), path,
               g_strerror (saved_errno));
  return FALSE;
}

/* Removes everything in the private folder (the file, a journal SQLite left) and the
 * folder itself. */
static void
remove_dir (KhAtomicFile *file)
{
  g_autoptr (GDir) dir = NULL;
  const char *name;

  if (file->dir == NULL)
    return;
  dir = g_dir_open (file->dir, 0, NULL);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *entry = g_build_filename (file->dir, name, NULL);

      g_unlink (entry);
    }
  g_rmdir (file->dir);
  g_clear_pointer (&file->dir, g_free);
}

static void
sync_parent (const char *path)
{
  g_autofree char *parent = g_path_get_dirname (path);
  int fd = g_open (parent, O_RDONLY | O_DIRECTORY | O_CLOEXEC, 0);

  if (fd >= 0)
    {
      fsync (fd);
      close (fd);
    }
}

KhAtomicFile *
kh_atomic_file_new (const char *path,
                    GError    **error)
{
  g_autoptr (KhAtomicFile) file = NULL;
  g_autofree char *base = NULL;
  g_autofree char *template = NULL;
  g_autofree char *parent = NULL;
  g_autofree char *real_parent = NULL;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  file = g_new0 (KhAtomicFile, 1);
  file->fd = -1;
  file->path = g_strdup (path);
  base = g_path_get_basename (path);
  /* The private folder is made in @path's folder by its real name: SQLite opens the copy
   * with SQLITE_OPEN_NOFOLLOW, which refuses a path through any symbolic link, and a
   * project's folder may be reached through one (/home → /var/home on some systems). */
  parent = g_path_get_dirname (path);
  real_parent = realpath (parent, NULL);
  if (real_parent == NULL)
    {
      fail_create (error, path, errno);
      return NULL;
    }
  template = g_strdup_printf ("%s/%s.tmp-XXXXXX", real_parent, base);
  if (g_mkdtemp_full (template, 0700) == NULL)
    {
      fail_create (error, path, errno);
      return NULL;
    }
  file->dir = g_steal_pointer (&template);
  file->temp = g_build_filename (file->dir, base, NULL);
  file->fd = g_open (file->temp, O_RDWR | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0666);
  if (file->fd < 0)
    {
      fail_create (error, path, errno);
      return NULL;
    }
  return g_steal_pointer (&file);
}

int
kh_atomic_file_get_fd (KhAtomicFile *file)
{
  g_return_val_if_fail (file != NULL, -1);
  return file->fd;
}

const char *
kh_atomic_file_get_temp_path (KhAtomicFile *file)
{
  g_return_val_if_fail (file != NULL, NULL);
  return file->temp;
}

void
kh_atomic_file_close_fd (KhAtomicFile *file)
{
  g_return_if_fail (file != NULL);
  if (file->fd >= 0)
    close (file->fd);
  file->fd = -1;
}

gboolean
kh_atomic_file_write (KhAtomicFile *file,
                      const void   *data,
                      gsize         len,
                      GError      **error)
{
  const char *p = data;

  g_return_val_if_fail (file != NULL && file->fd >= 0, FALSE);
  g_return_val_if_fail (data != NULL || len == 0, FALSE);

  while (len > 0)
    {
      gssize n = write (file->fd, p, len);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        return fail_write (error, file->path, n < 0 ? errno : ENOSPC);
      p += n;
      len -= (gsize) n;
    }
  return TRUE;
}

gboolean
kh_atomic_file_commit (KhAtomicFile *file,
                       gboolean      replace,
                       GError      **error)
{
  int rc;

  g_return_val_if_fail (file != NULL && file->dir != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (file->fd < 0)
    file->fd = g_open (file->temp, O_RDONLY | O_NOFOLLOW | O_CLOEXEC, 0);
  if (file->fd < 0 || fsync (file->fd) != 0 || close (file->fd) != 0)
    {
      file->fd = -1;
      fail_write (error, file->path, errno);
      remove_dir (file);
      return FALSE;
    }
  file->fd = -1;
  if (replace)
    rc = g_rename (file->temp, file->path);
  else if ((rc = link (file->temp, file->path)) != 0 && errno != EEXIST)
    {
      /* link() never replaces a file; where hard links are not supported, a rename
       * after a check has to do. */
      if (g_file_test (file->path, G_FILE_TEST_EXISTS))
        errno = EEXIST;
      else
        rc = g_rename (file->temp, file->path);
    }
  if (rc != 0 && !replace && errno == EEXIST)
    g_set_error (error, KH_IO_ERROR, KH_IO_ERROR_FAILED, _("%s: the file already exists"),
                 file->path);
  else if (rc != 0)
    fail_write (error, file->path, errno);
  if (rc != 0)
    {
      remove_dir (file);
      return FALSE;
    }
  remove_dir (file);
  sync_parent (file->path);
  return TRUE;
}

void
kh_atomic_file_free (KhAtomicFile *file)
{
  if (file == NULL)
    return;
  if (file->fd >= 0)
    close (file->fd);
  remove_dir (file);
  g_free (file->path);
  g_free (file->temp);
  g_free (file);
}

gboolean
kh_atomic_file_set_contents (const char *path,
                             const void *data,
                             gsize       len,
                             GError    **error)
{
  g_autoptr (KhAtomicFile) file = NULL;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  file = kh_atomic_file_new (path, error);
  return file != NULL && kh_atomic_file_write (file, data, len, error)
         && kh_atomic_file_commit (file, TRUE, error);
}
