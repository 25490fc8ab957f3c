/* kh-seal-key.c — the office's Ed25519 key pair that signs seals (libsodium)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <sodium.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "kh-io-error.h"
#include "kh-seal-key.h"

#define SECRET_TAG "kaohe-ed25519-secret-v1 "
#define PUBLIC_TAG "kaohe-ed25519-public-v1 "

G_STATIC_ASSERT (KH_SEAL_PUBLIC_KEY_BYTES == crypto_sign_PUBLICKEYBYTES);
G_STATIC_ASSERT (KH_SEAL_SECRET_KEY_BYTES == crypto_sign_SECRETKEYBYTES);
G_STATIC_ASSERT (KH_SEAL_SIGNATURE_BYTES == crypto_sign_BYTES);

static void
ensure_sodium (void)
{
  /* sodium_init () is idempotent and thread-safe; it fails only without a source of
   * randomness, where no key could be made safely. */
  if (sodium_init () < 0)
    g_error ("libsodium could not be initialised");
}

char *
kh_seal_hex (const guint8 *bytes,
             gsize         len)
{
  char *hex = g_malloc (2 * len + 1);

  sodium_bin2hex (hex, 2 * len + 1, bytes, len);
  return hex;
}

gboolean
kh_seal_unhex (const char *hex,
               guint8     *bytes,
               gsize       len)
{
  size_t got = 0;
  const char *end = NULL;

  if (hex == NULL || strlen (hex) != 2 * len)
    return FALSE;
  if (sodium_hex2bin (bytes, len, hex, 2 * len, NULL, &got, &end) != 0 || got != len
      || *end != '\0')
    return FALSE;
  /* sodium_hex2bin accepts upper case too; the files and statements use lower case. */
  for (const char *p = hex; *p != '\0'; p++)
    if (g_ascii_isupper (*p))
      return FALSE;
  return TRUE;
}

/* Writes @text to a new file @path (never through a link, never over a file). */
static gboolean
write_new_file (const char *path,
                const char *text,
                int         mode,
                GError    **error)
{
  int fd = g_open (path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode);
  gsize len = strlen (text);
  gsize done = 0;
  int saved;

  if (fd < 0)
    {
      saved = errno;
      g_set_error (error, KH_IO_ERROR, KH_IO_ERROR_FAILED,
                   saved == EEXIST ? _("%s: already exists (a key file is never overwritten)")
                                   : "%s: %s",
                   path, g_strerror (saved));
      return FALSE;
    }
  /* The mode given to open() is reduced by the umask; the secret key must be 0600. */
  if (fchmod (fd, mode) != 0)
    goto fail;
  while (done < len)
    {
      ssize_t n = write (fd, text + done, len - done);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        goto fail;
      done += (gsize) n;
    }
  if (fsync (fd) != 0)
    goto fail;
  if (close (fd) != 0)
    {
      fd = -1;
      goto fail;
    }
  return TRUE;

fail:
  saved = errno;
  if (fd >= 0)
    close (fd);
  g_unlink (path);
  g_set_error (error, KH_IO_ERROR, KH_IO_ERROR_FAILED, "%s: %s", path, g_strerror (saved));
  return FALSE;
}

gboolean
kh_seal_key_generate (const char *secret_path,
                      GError    **error)
{
  guint8 pub[crypto_sign_PUBLICKEYBYTES];
  guint8 secret[crypto_sign_SECRETKEYBYTES];
  g_autofree char *pub_path = g_strconcat (secret_path, ".pub", NULL);
  g_autofree char *pub_hex = NULL;
  g_autofree char *pub_text = NULL;
  char *secret_text = NULL;
  char *secret_hex = NULL;
  gboolean ok;

  g_return_val_if_fail (secret_path != NULL, FALSE);

  ensure_sodium ();
  if (g_file_test (pub_path, G_FILE_TEST_EXISTS) || g_file_test (secret_path, G_FILE_TEST_IS_SYMLINK))
    {
      g_set_error (error, KH_IO_ERROR, KH_IO_ERROR_FAILED,
                   _("%s: already exists (a key file is never overwritten)"),
                   g_file_test (pub_path, G_FILE_TEST_EXISTS) ? pub_path : secret_path);
      return FALSE;
    }
  crypto_sign_keypair (pub, secret);
  secret_hex = kh_seal_hex (secret, sizeof secret);
  secret_text = g_strconcat (SECRET_TAG, secret_hex, "\n", NULL);
  pub_hex = kh_seal_hex (pub, sizeof pub);
  pub_text = g_strconcat (PUBLIC_TAG, pub_hex, "\n", NULL);
  ok = write_new_file (secret_path, secret_text, 0600, error);
  if (ok && !write_new_file (pub_path, pub_text, 0644, error))
    {
      g_unlink (secret_path);
      ok = FALSE;
    }
  sodium_memzero (secret, sizeof secret);
  sodium_memzero (secret_hex, strlen (secret_hex));
  sodium_memzero (secret_text, strlen (secret_text));
  g_free (secret_hex);
  g_free (secret_text);
  return ok;
}

/* Reads a one-line key file "TAG HEX" into @bytes. */
static gboolean
load_key (const char *path,
          const char *tag,
          guint8     *bytes,
          gsize       len,
          GError    **error)
{
  char *text = NULL;
  gsize text_len = 0;
  gboolean ok;

  if (!g_file_get_contents (path, &text, &text_len, error))
    return FALSE;
  g_strchomp (text);
  ok = g_str_has_prefix (text, tag) && kh_seal_unhex (text + strlen (tag), bytes, len);
  sodium_memzero (text, text_len);
  g_free (text);
  if (!ok && g_str_equal (tag, SECRET_TAG))
    g_set_error (error, KH_IO_ERROR, KH_IO_ERROR_PARSE,
                 _("%s:1: not a Kaohe secret key file (expected “%s” and %u hex digits)"), path,
                 tag, (guint) (2 * len));
  else if (!ok)
    g_set_error (error, KH_IO_ERROR, KH_IO_ERROR_PARSE,
                 _("%s:1: not a Kaohe public key file (expected “%s” and %u hex digits)"), path,
                 tag, (guint) (2 * len));
  return ok;
}

gboolean
kh_seal_key_load_secret (const char *path,
                         guint8     *secret,
                         GError    **error)
{
  GStatBuf st;

  ensure_sodium ();
  if (g_stat (path, &st) != 0)
    {
      int saved = errno;

      g_set_error (error, KH_IO_ERROR, KH_IO_ERROR_FAILED, "%s: %s", path, g_strerror (saved));
      return FALSE;
    }
  if ((st.st_mode & 077) != 0)
    {
      g_set_error (error, KH_IO_ERROR, KH_IO_ERROR_FAILED,
                   _("%s: the secret key may be read by other users (mode %04o): make it "
                     "private with “chmod 600 %s”"),
                   path, (unsigned) (st.st_mode & 07777), path);
      return FALSE;
    }
  return load_key (path, SECRET_TAG, secret, crypto_sign_SECRETKEYBYTES, error);
}

gboolean
kh_seal_key_load_public (const char *path,
                         guint8     *pub,
                         GError    **error)
{
  return load_key (path, PUBLIC_TAG, pub, crypto_sign_PUBLICKEYBYTES, error);
}

void
kh_seal_key_forget (guint8 *bytes,
                    gsize   len)
{
  sodium_memzero (bytes, len);
}

void
kh_seal_key_public_of (const guint8 *secret,
                       guint8       *pub)
{
  ensure_sodium ();
  crypto_sign_ed25519_sk_to_pk (pub, secret);
}

char *
kh_seal_key_fingerprint (const guint8 *pub)
{
  guint8 sha[crypto_hash_sha256_BYTES];
  GString *out = g_string_new (NULL);

  ensure_sodium ();
  crypto_hash_sha256 (sha, pub, crypto_sign_PUBLICKEYBYTES);
  for (guint i = 0; i < 16; i += 2)
    g_string_append_printf (out, "%s%02x%02x", i > 0 ? ":" : "", sha[i], sha[i + 1]);
  return g_string_free (out, FALSE);
}

void
kh_seal_sign (const guint8 *secret,
              const char   *message,
              guint8       *signature)
{
  ensure_sodium ();
  crypto_sign_detached (signature, NULL, (const guint8 *) message, strlen (message), secret);
}

gboolean
kh_seal_signature_valid (const guint8 *pub,
                         const char   *message,
                         const guint8 *signature)
{
  ensure_sodium ();
  return crypto_sign_verify_detached (signature, (const guint8 *) message, strlen (message), pub)
         == 0;
}
