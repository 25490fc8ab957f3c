/* kh-seal-key.h — the office's Ed25519 key pair that signs seals (libsodium)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The key pair lives outside every project: `kaohe-cli keygen` writes the secret key to a
 * file of mode 0600 (created exclusively, never through a link; a secret key file that
 * group or others may read is refused) and the public key next to it as FILE.pub. Both
 * are one line of text:
 *
 *   kaohe-ed25519-secret-v1 <128 hex digits: libsodium's 64-byte secret key>
 *   kaohe-ed25519-public-v1 <64 hex digits: the 32-byte public key>
 *
 * A key's fingerprint is the first 16 bytes of the SHA-256 of the public key, in hex,
 * in groups of four digits separated by ":"; reports print it.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define KH_SEAL_PUBLIC_KEY_BYTES 32
#define KH_SEAL_SECRET_KEY_BYTES 64
#define KH_SEAL_SIGNATURE_BYTES  64

/* Creates a new key pair: @secret_path (mode 0600) and @secret_path.pub. Neither may
 * exist yet. */
gboolean  kh_seal_key_generate     (const char *secret_path,
                                    GError    **error);
/* Reads a secret key file into @secret (KH_SEAL_SECRET_KEY_BYTES). */
gboolean  kh_seal_key_load_secret  (const char *path,
                                    guint8     *secret,
                                    GError    **error);
/* Reads a public key file into @pub (KH_SEAL_PUBLIC_KEY_BYTES). */
gboolean  kh_seal_key_load_public  (const char *path,
                                    guint8     *pub,
                                    GError    **error);
/* Overwrites @len bytes of key material (in a way the compiler keeps). */
void      kh_seal_key_forget       (guint8       *bytes,
                                    gsize         len);
/* The public key of @secret. */
void      kh_seal_key_public_of    (const guint8 *secret,
                                    guint8       *pub);
/* Lower-case hex of @len bytes. */
char     *kh_seal_hex              (const guint8 *bytes,
                                    gsize         len);
/* Parses exactly @len bytes of hex; FALSE when @hex is not that. */
gboolean  kh_seal_unhex            (const char   *hex,
                                    guint8       *bytes,
                                    gsize         len);
/* The fingerprint of a public key (see above). */
char     *kh_seal_key_fingerprint  (const guint8 *pub);
/* Signs @message with @secret: @signature receives KH_SEAL_SIGNATURE_BYTES. */
void      kh_seal_sign             (const guint8 *secret,
                                    const char   *message,
                                    guint8       *signature);
/* TRUE when @signature is @pub's signature of @message. */
gboolean  kh_seal_signature_valid  (const guint8 *pub,
                                    const char   *message,
                                    const guint8 *signature);

G_END_DECLS
