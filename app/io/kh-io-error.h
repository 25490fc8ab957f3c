/* kh-io-error.h — errors of the io layer
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define KH_IO_ERROR (kh_io_error_quark ())

typedef enum
{
  KH_IO_ERROR_FAILED,
  KH_IO_ERROR_PARSE,   /* malformed input: the message names FILE:LINE:COLUMN or row/column */
  KH_IO_ERROR_INVALID, /* well-formed but violates the schema or a semantic rule */
  KH_IO_ERROR_LIMIT,   /* input exceeds a safety limit (size, depth, entries) */
  KH_IO_ERROR_VERSION, /* written by a newer version of Kaohe */
  KH_IO_ERROR_CORRUPT, /* damaged or not a file of this kind */
  KH_IO_ERROR_SEALED,  /* the year is sealed and cannot change */
  KH_IO_ERROR_BUSY,    /* the project is locked by another program */
  KH_IO_ERROR_UNSUPPORTED, /* not yet possible on this store (PostgreSQL: issue 19) */
  KH_IO_ERROR_CONFLICT, /* the data changed since the edit read it (another writer) */
  KH_IO_ERROR_DENIED,   /* the server's row-level security refused the write */
} KhIoError;

GQuark kh_io_error_quark (void);

G_END_DECLS
