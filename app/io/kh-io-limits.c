/* kh-io-limits.c — reading untrusted files within bounds
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <inttypes.h>
#include <sys/stat.h>
#include <unistd.h>

#include "kh-io-error.h"
#include "kh-io-limits.h"
#include "kh-io-work.h"

void
kh_io_budget_init (KhIoBudget *budget,
                   guint64     file_size,
                   const char *display_name)
{
  g_return_if_fail (budget != NULL);

  budget->limit = KH_IO_BUDGET_FACTOR * file_size + KH_IO_BUDGET_BASE;
  budget->used = 0;
  budget->name = display_name != NULL ? display_name : "<data>";
}

gboolean
kh_io_budget_charge (KhIoBudget *budget,
                     guint64     bytes,
                     GError    **error)
{
  if (budget == NULL)
    return TRUE;
  budget->used += bytes;
  if (budget->used <= budget->limit)
    return TRUE;
  g_set_error (error, KH_IO_ERROR, KH_IO_ERROR_LIMIT,
               _("%s: the file holds more than its size allows to read (it would need over "
                 "%" PRIu64 " MiB of memory); it is damaged or made to exhaust memory"),
               budget->name, budget->limit / (1024 * 1024));
  return FALSE;
}

int
kh_io_open_regular (const char *path,
                    guint64     max_size,
                    guint64    *size,
                    GError    **error)
{
  g_autofree char *name = NULL;
  struct stat st;
  int fd;

  g_return_val_if_fail (path != NULL, -1);

  name = g_filename_display_name (path);
  /* O_NONBLOCK: opening a FIFO without a writer must not wait. */
  fd = g_open (path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY, 0);
  if (fd < 0)
    {
      int saved = errno;

      g_set_error (error, KH_IO_ERROR, KH_IO_ERROR_FAILED, "%s: %s", name, g_strerror (saved));
      return -1;
    }
  if (fstat (fd, &st) != 0 || !S_ISREG (st.st_mode))
    {
      g_set_error (error, KH_IO_ERROR, KH_IO_ERROR_FAILED, _("%s: not a regular file"), name);
      close (fd);
      return -1;
    }
  if ((guint64) st.st_size > max_size)
    {
      g_set_error (error, KH_IO_ERROR, KH_IO_ERROR_LIMIT,
                   _("%s: file too large (%" PRIu64 " bytes; the limit is %"
                     PRIu64 ")"),
                   name, (guint64) st.st_size, max_size);
      close (fd);
      return -1;
    }
  /* Back to blocking reads for a regular file. */
  fcntl (fd, F_SETFL, fcntl (fd, F_GETFL) & ~O_NONBLOCK);
  if (size != NULL)
    *size = (guint64) st.st_size;
  return fd;
}

gboolean
kh_io_read_regular (const char *path,
                    guint64     max_size,
                    char      **contents,
                    gsize      *len,
                    GError    **error)
{
  g_autofree char *buffer = NULL;
  guint64 size = 0;
  gsize done = 0;
  int fd;

  g_return_val_if_fail (contents != NULL, FALSE);

  fd = kh_io_open_regular (path, max_size, &size, error);
  if (fd < 0)
    return FALSE;
  buffer = g_malloc ((gsize) size + 1);
  /* Never more than the size fstat() gave, even if the file grows meanwhile. */
  while (done < size)
    {
      gssize n = read (fd, buffer + done, (gsize) size - done);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          int saved = errno;
          g_autofree char *name = g_filename_display_name (path);

          g_set_error (error, KH_IO_ERROR, KH_IO_ERROR_FAILED, "%s: %s", name,
                       g_strerror (saved));
          close (fd);
          return FALSE;
        }
      if (n == 0)
        break;
      done += (gsize) n;
    }
  close (fd);
  buffer[done] = '\0';
  *contents = g_steal_pointer (&buffer);
  if (len != NULL)
    *len = done;
  return TRUE;
}

void
kh_problems_init (KhProblems *problems)
{
  problems->text = NULL;
  problems->n = 0;
}

void
kh_problems_clear (KhProblems *problems)
{
  if (problems->text != NULL)
    g_string_free (problems->text, TRUE);
  problems->text = NULL;
  problems->n = 0;
}

void
kh_problems_add_literal (KhProblems *problems,
                         const char *message)
{
  if (problems->n++ >= KH_PROBLEMS_MAX)
    return;
  KH_IO_WORK_ADD (problems, 1);
  if (problems->text == NULL)
    problems->text = g_string_new (NULL);
  if (problems->text->len > 0)
    g_string_append_c (problems->text, '\n');
  g_string_append (problems->text, message);
}

void
kh_problems_add (KhProblems *problems,
                 const char *format,
                 ...)
{
  g_autofree char *message = NULL;
  va_list args;

  /* Beyond the cap only the count grows: no formatting, no memory. */
  if (problems->n >= KH_PROBLEMS_MAX)
    {
      problems->n++;
      return;
    }
  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  kh_problems_add_literal (problems, message);
}

char *
kh_problems_finish (KhProblems *problems)
{
  GString *out;

  if (problems->n == 0)
    return NULL;
  out = g_string_new (problems->text->str);
  if (problems->n > KH_PROBLEMS_MAX)
    {
      guint more = problems->n - KH_PROBLEMS_MAX;

      g_string_append_c (out, '\n');
      g_string_append_printf (out, g_dngettext (GETTEXT_PACKAGE, "… and %u more problem",
                                                "… and %u more problems", more),
                              more);
    }
  return g_string_free (out, FALSE);
}

gboolean
kh_problems_propagate (KhProblems *problems,
                       int         code,
                       GError    **error)
{
  g_autofree char *text = kh_problems_finish (problems);

  if (text == NULL)
    return FALSE;
  g_set_error_literal (error, KH_IO_ERROR, code, text);
  return TRUE;
}
