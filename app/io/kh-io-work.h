/* kh-io-work.h — the work an import does, counted for the tests of its cost
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What a hostile file costs in time is measured by counting, not by the clock (which a
 * shared, loaded machine makes meaningless): the readers count the operations that could
 * grow faster than their input — rows and cells read, names compared, hash-table probes,
 * XML attributes scanned, shared strings kept, problems written out. A test resets the
 * counts, imports a file of n and one of 2n, and checks that no count more than doubles
 * (tests/test-import-bounds.c): quadratic work would multiply one by four.
 *
 * The counts are per thread (an import runs on one thread), always on, and cost one
 * increment each.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  guint64 rows;       /* table rows read (CSV records, sheet rows) and turned into records */
  guint64 cells;      /* cells stored or visited */
  guint64 compares;   /* names compared in searches, and the attribute pairs an XML parser
                       * compares for duplicates (every earlier attribute of its element) */
  guint64 probes;     /* hash-table lookups and probe steps, binary-search steps */
  guint64 attributes; /* XML attributes scanned */
  guint64 strings;    /* shared strings of a workbook kept */
  guint64 problems;   /* problems and notices written out (not only counted) */
} KhIoWork;

extern _Thread_local KhIoWork kh_io_work;

#define KH_IO_WORK_ADD(counter, n) (kh_io_work.counter += (guint64) (n))

/* Sets this thread's counts to zero. */
void      kh_io_work_reset (void);
/* This thread's counts since the last reset. */
KhIoWork  kh_io_work_get   (void);

G_END_DECLS
