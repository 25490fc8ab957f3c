/* kh-io-error.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "kh-io-error.h"

G_DEFINE_QUARK (kh-io-error-quark, kh_io_error)
