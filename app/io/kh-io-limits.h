/* kh-io-limits.h — reading untrusted files within bounds
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every importer reads its input through these helpers, so that a hostile file costs
 * at most a bounded amount of memory and time:
 *
 * - kh_io_open_regular() / kh_io_read_regular(): the path is opened (non-blocking, so a
 *   FIFO cannot hang the open) and checked with fstat() on the descriptor itself: only a
 *   regular file is read, never a FIFO, a device (/dev/zero), a socket or a directory, and
 *   never more than @max_size bytes (KH_IO_ERROR_FAILED / KH_IO_ERROR_LIMIT).
 * - KhIoBudget: the memory an import may keep is 8 × the file's size + 64 MiB in all
 *   (the promise of the import path, measured by tests/test-import-bounds.c); the readers
 *   account what they keep against kh_io_budget_init()'s share of it and stop with
 *   KH_IO_ERROR_LIMIT when a file would need more than its size allows (a zip bomb, a
 *   sheet of millions of empty shared strings, a CSV of nothing but commas).
 * - KhProblems: a list of messages, one per line, capped at KH_PROBLEMS_MAX; the rest are
 *   counted and summed up in one last line ("… and 9,800 more problems").
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* What an import may keep in memory beyond a fixed reserve: the readers' share of
 * 8 × size + 64 MiB, leaving the file's own mapping, the process and transient buffers. */
#define KH_IO_BUDGET_FACTOR  6u
#define KH_IO_BUDGET_BASE    (40u * 1024u * 1024u)

typedef struct
{
  guint64 limit;
  guint64 used;
  const char *name; /* display name for the message */
} KhIoBudget;

void      kh_io_budget_init   (KhIoBudget *budget,
                               guint64     file_size,
                               const char *display_name);
/* Adds @bytes; FALSE with KH_IO_ERROR_LIMIT set when the budget is exceeded. */
gboolean  kh_io_budget_charge (KhIoBudget *budget,
                               guint64     bytes,
                               GError    **error);

/* Opens @path for reading after checking that it is a regular file of at most @max_size
 * bytes; returns the descriptor (close it) and *size, or -1 with an error. */
int       kh_io_open_regular  (const char *path,
                               guint64     max_size,
                               guint64    *size,
                               GError    **error);
/* Reads a whole regular file of at most @max_size bytes (NUL-terminated; *len without it). */
gboolean  kh_io_read_regular  (const char *path,
                               guint64     max_size,
                               char      **contents,
                               gsize      *len,
                               GError    **error);

#define KH_PROBLEMS_MAX 200

typedef struct
{
  GString *text; /* created on the first problem */
  guint n;
} KhProblems;

#define KH_PROBLEMS_INIT { NULL, 0 }

void      kh_problems_init    (KhProblems *problems);
void      kh_problems_clear   (KhProblems *problems);
void      kh_problems_add     (KhProblems *problems,
                               const char *format,
                               ...) G_GNUC_PRINTF (2, 3);
void      kh_problems_add_literal (KhProblems *problems,
                                   const char *message);
/* The text with the count of the problems left out as its last line; NULL when none. */
char     *kh_problems_finish  (KhProblems *problems);
/* Sets @error (KH_IO_ERROR, @code) to the list and returns TRUE when there are problems. */
gboolean  kh_problems_propagate (KhProblems *problems,
                                 int         code,
                                 GError    **error);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (KhProblems, kh_problems_clear)

G_END_DECLS
