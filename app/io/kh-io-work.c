/* kh-io-work.c — the work an import does, counted (kh-io-work.h)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "kh-io-work.h"

_Thread_local KhIoWork kh_io_work;

void
kh_io_work_reset (void)
{
  KhIoWork zero = { 0 };

  kh_io_work = zero;
}

KhIoWork
kh_io_work_get (void)
{
  return kh_io_work;
}
