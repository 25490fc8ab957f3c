/* kh-sha256.c — SHA-256 of long texts (the audit chain, a year's snapshot)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The audit chain's rows are hashed again by every verify and report: a sealed year's row
 * carries its snapshot, 84 MB at 3,000 units, and ten sealed years are 750 MB to hash.
 * GLib's GChecksum computes SHA-256 in portable C (275 MB/s on the 2-core machine of
 * issue 22); OpenSSL's libcrypto, which libpq links anyway, uses the processor's SHA
 * extensions where it has them (1,590 MB/s there). The digests are the same; should
 * OpenSSL refuse to start one (no memory, a configuration without SHA-256), GChecksum
 * computes it.
 */
#include "config.h"

#include <openssl/evp.h>
#include <string.h>

#include "kh-sha256.h"

struct _KhSha256
{
  EVP_MD_CTX *ctx;    /* NULL when OpenSSL refused */
  GChecksum *sum;     /* else this */
};

KhSha256 *
kh_sha256_new (void)
{
  KhSha256 *self = g_new0 (KhSha256, 1);

  self->ctx = EVP_MD_CTX_new ();
  if (self->ctx != NULL && EVP_DigestInit_ex (self->ctx, EVP_sha256 (), NULL) == 1)
    return self;
  g_clear_pointer (&self->ctx, EVP_MD_CTX_free);
  self->sum = g_checksum_new (G_CHECKSUM_SHA256);
  return self;
}

void
kh_sha256_update (KhSha256   *self,
                  const void *data,
                  gsize       len)
{
  g_return_if_fail (self != NULL);

  if (len == 0)
    return;
  if (self->ctx == NULL)
    g_checksum_update (self->sum, data, (gssize) len);
  /* Only a context not initialised fails (OpenSSL's default provider hashes any input). */
  else if (EVP_DigestUpdate (self->ctx, data, len) != 1)
    g_error ("OpenSSL: SHA-256 update failed");
}

char *
kh_sha256_finish (KhSha256 *self)
{
  static const char digits[] = "0123456789abcdef";
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int n = 0;
  char *hex;

  g_return_val_if_fail (self != NULL, NULL);

  if (self->ctx == NULL)
    {
      hex = g_strdup (g_checksum_get_string (self->sum));
      kh_sha256_free (self);
      return hex;
    }
  if (EVP_DigestFinal_ex (self->ctx, digest, &n) != 1 || n != 32)
    g_error ("OpenSSL: SHA-256 final failed");
  kh_sha256_free (self);
  hex = g_malloc (2 * n + 1);
  for (unsigned int i = 0; i < n; i++)
    {
      hex[2 * i] = digits[digest[i] >> 4];
      hex[2 * i + 1] = digits[digest[i] & 0xf];
    }
  hex[2 * n] = '\0';
  return hex;
}

void
kh_sha256_free (KhSha256 *self)
{
  if (self == NULL)
    return;
  g_clear_pointer (&self->ctx, EVP_MD_CTX_free);
  g_clear_pointer (&self->sum, g_checksum_free);
  g_free (self);
}

char *
kh_sha256_string (const char *text)
{
  KhSha256 *self;

  g_return_val_if_fail (text != NULL, NULL);

  self = kh_sha256_new ();
  kh_sha256_update (self, text, strlen (text));
  return kh_sha256_finish (self);
}
