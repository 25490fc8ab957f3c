/* kh-sha256.h — SHA-256 of long texts (the audit chain, a year's snapshot)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _KhSha256 KhSha256;

KhSha256 *kh_sha256_new        (void);
void      kh_sha256_update     (KhSha256   *self,
                                const void *data,
                                gsize       len);
/* The digest as 64 lowercase hexadecimal digits, as g_checksum_get_string() gives it;
 * @self is freed. */
char     *kh_sha256_finish     (KhSha256   *self);
void      kh_sha256_free       (KhSha256   *self);
/* The digest of @text (up to its NUL), as g_compute_checksum_for_string() gives it. */
char     *kh_sha256_string     (const char *text);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KhSha256, kh_sha256_free)

G_END_DECLS
