/* kh-project-seal.c — sealing a year, signing the seal, and what a report says about it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A signed seal appends, right after the "seal" audit row, a "sign" row whose detail is
 * the statement the office's key signed (kh-seal-key.h) followed by the key and the
 * signature:
 *
 *   kaohe-seal-statement-v1
 *   year=<year>
 *   head=<hash of the seal's audit row: the chain head the seal made>
 *   rows=<its seq: the number of rows of the chain up to it>
 *   content=<SHA-256 of the year's snapshot, the seal row's detail>
 *   schema=<the schema version>
 *   key=<the public key, 64 hex digits>
 *   signature=<the Ed25519 signature of the six lines above it, LF-terminated, 128 hex>
 */
#include "config.h"

#include <glib/gi18n.h>
#include <inttypes.h>
#include <sodium.h>
#include <string.h>

#include "kh-audit.h"
#include "kh-io-error.h"
#include "kh-project-private.h"
#include "kh-seal-key.h"
#include "kh-sha256.h"

static gboolean
has_results (KhProject *self,
             int        year)
{
  g_autoptr (KhDbStmt) stmt = kh_db_prepare (self->store, "SELECT 1 FROM results WHERE year = ?",
                                             NULL);

  if (stmt == NULL)
    return FALSE;
  kh_db_bind_int64 (stmt, 1, year);
  return kh_db_step (stmt, NULL) == KH_DB_STEP_ROW;
}

char *
kh_project_seal_statement (int         year,
                           const char *head,
                           gint64      rows,
                           const char *content_sha,
                           int         schema)
{
  return g_strdup_printf ("kaohe-seal-statement-v1\nyear=%d\nhead=%s\nrows=%" PRId64
                          "\ncontent=%s\nschema=%d\n",
                          year, head, rows, content_sha, schema);
}

/* Appends the "sign" row for the seal row just appended (the chain's head). */
static gboolean
append_signature (KhProject    *self,
                  int           year,
                  const char   *snapshot,
                  const guint8 *secret,
                  GError      **error)
{
  g_autoptr (KhDbStmt) stmt = NULL;
  gint64 seq = 0;
  g_autofree char *head = NULL;
  g_autofree char *content = kh_sha256_string (snapshot);
  g_autofree char *statement = NULL;
  g_autofree char *pub_hex = NULL;
  g_autofree char *signature_hex = NULL;
  g_autofree char *detail = NULL;
  guint8 pub[KH_SEAL_PUBLIC_KEY_BYTES];
  guint8 signature[KH_SEAL_SIGNATURE_BYTES];

  stmt = kh_project_prepare (self, "SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1",
                             _("signing the seal"), error);
  if (stmt == NULL)
    return FALSE;
  switch (kh_project_step (self, stmt, _("signing the seal"), error))
    {
    case KH_DB_STEP_ROW:
      seq = kh_db_column_int64 (stmt, 0);
      head = g_strdup (kh_db_column_text (stmt, 1));
      break;
    case KH_DB_STEP_ERROR:
      return FALSE;
    case KH_DB_STEP_DONE:
      break;
    }
  kh_db_stmt_reset (stmt); /* done reading before the sign row is written */
  if (head == NULL)
    return kh_project_db_error (self, _("signing the seal"), NULL, error);

  statement = kh_project_seal_statement (year, head, seq, content, self->version);
  kh_seal_sign (secret, statement, signature);
  kh_seal_key_public_of (secret, pub);
  pub_hex = kh_seal_hex (pub, sizeof pub);
  signature_hex = kh_seal_hex (signature, sizeof signature);
  detail = g_strdup_printf ("%skey=%s\nsignature=%s", statement, pub_hex, signature_hex);
  return kh_project_audit_append (self, "sign", year, detail, NULL, error);
}

gboolean
kh_project_seal (KhProject *self,
                 int        year,
                 GError   **error)
{
  return kh_project_seal_signed (self, year, NULL, error);
}

typedef struct
{
  int year;
  const guint8 *secret_key; /* NULL: not signed */
} Seal;

/* The year's snapshot into a "seal" row, the year marked sealed, the seal signed, in
 * kh_project_transaction(). */
static gboolean
store_seal (KhProject *self,
            gpointer   user_data,
            GError   **error)
{
  const Seal *seal = user_data;
  g_autofree char *snapshot = kh_project_snapshot (self, seal->year, error);
  g_autoptr (KhDbStmt) stmt = NULL;

  if (snapshot == NULL
      || !kh_project_audit_append (self, "seal", seal->year, snapshot, NULL, error))
    return FALSE;
  stmt = kh_project_prepare (self, "UPDATE years SET sealed = 1 WHERE year = ?", _("sealing"),
                             error);
  if (stmt == NULL)
    return FALSE;
  kh_db_bind_int64 (stmt, 1, seal->year);
  if (!kh_project_run (self, stmt, _("sealing"), error))
    return FALSE;
  return seal->secret_key == NULL
         || append_signature (self, seal->year, snapshot, seal->secret_key, error);
}

gboolean
kh_project_seal_signed (KhProject    *self,
                        int           year,
                        const guint8 *secret_key,
                        GError      **error)
{
  g_autoptr (GPtrArray) categories = NULL;
  Seal seal = { year, secret_key };
  gboolean sealed;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  categories = kh_project_get_categories (self, year);
  if (categories->len == 0)
    {
      g_set_error (error, KH_IO_ERROR, KH_IO_ERROR_INVALID,
                   _("%s: year %d has no framework (import one with “kaohe-cli import %s "
                     "--year %d --framework FILE”)"),
                   self->path, year, self->path, year);
      return FALSE;
    }
  if (!kh_project_get_sealed (self, year, &sealed, error))
    return FALSE;
  if (sealed)
    {
      g_set_error (error, KH_IO_ERROR, KH_IO_ERROR_SEALED, _("%s: year %d is already sealed"),
                   self->path, year);
      return FALSE;
    }
  if (!has_results (self, year))
    {
      g_set_error (error, KH_IO_ERROR, KH_IO_ERROR_INVALID,
                   _("%s: year %d has no results: compute it before sealing"), self->path, year);
      return FALSE;
    }
  /* On PostgreSQL run again when another change was saved first. */
  return kh_project_transaction (self, store_seal, &seal, error);
}

typedef struct
{
  gint64 seq;         /* the "sign" row */
  int row_year;       /* that row's year */
  int year;           /* the statement's */
  char *head;
  gint64 rows;
  char *content;
  int schema;
  guint8 pub[KH_SEAL_PUBLIC_KEY_BYTES];
  gboolean valid;     /* the signature verifies with the key it names */
} Signature;

static void
signature_free (Signature *sig)
{
  g_free (sig->head);
  g_free (sig->content);
  g_free (sig);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Signature, signature_free)

/* Parses a "sign" row's detail; NULL when it is not what append_signature() writes. */
static Signature *
parse_signature (gint64      seq,
                 int         row_year,
                 const char *detail)
{
  g_auto (GStrv) lines = g_strsplit (detail, "\n", -1);
  g_autoptr (Signature) sig = g_new0 (Signature, 1);
  g_autofree char *statement = NULL;
  guint8 signature[KH_SEAL_SIGNATURE_BYTES];
  const char *names[] = { "year=", "head=", "rows=", "content=", "schema=", "key=", "signature=" };
  const char *values[G_N_ELEMENTS (names)];
  gint64 year = 0, schema = 0;

  if (g_strv_length (lines) != 8 || !g_str_equal (lines[0], "kaohe-seal-statement-v1"))
    return NULL;
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      if (!g_str_has_prefix (lines[i + 1], names[i]))
        return NULL;
      values[i] = lines[i + 1] + strlen (names[i]);
    }
  if (!g_ascii_string_to_signed (values[0], 10, 1, 99999, &year, NULL)
      || !g_ascii_string_to_signed (values[2], 10, 1, G_MAXINT64, &sig->rows, NULL)
      || !g_ascii_string_to_signed (values[4], 10, 1, 1000, &schema, NULL)
      || !kh_seal_unhex (values[5], sig->pub, sizeof sig->pub)
      || !kh_seal_unhex (values[6], signature, sizeof signature))
    return NULL;
  sig->seq = seq;
  sig->row_year = row_year;
  sig->year = (int) year;
  sig->schema = (int) schema;
  sig->head = g_strdup (values[1]);
  sig->content = g_strdup (values[3]);
  statement = kh_project_seal_statement (sig->year, sig->head, sig->rows, sig->content,
                                         sig->schema);
  /* What was signed is the first six lines as they stand (each ending with LF): a
   * statement that does not read back the same (leading zeros …) is not Kaohe's. */
  if (!g_str_has_prefix (detail, statement) || !g_str_has_prefix (detail + strlen (statement), "key="))
    return NULL;
  sig->valid = kh_seal_signature_valid (sig->pub, statement, signature);
  return g_steal_pointer (&sig);
}

/* Every "sign" row, parsed (NULL for a malformed one), in order (of Signature*). */
static GPtrArray *
load_signatures (KhProject *self,
                 GPtrArray *malformed,
                 GError   **error)
{
  g_autoptr (GPtrArray) out = g_ptr_array_new_with_free_func ((GDestroyNotify) signature_free);
  g_autoptr (KhDbStmt) stmt = kh_project_prepare (self,
                                                  "SELECT seq, year, detail FROM audit_log "
                                                  "WHERE action = 'sign' ORDER BY seq",
                                                  _("reading the seals' signatures"), error);
  KhDbStep step;

  if (stmt == NULL)
    return NULL;
  while ((step = kh_project_step (self, stmt, _("reading the seals' signatures"), error))
         == KH_DB_STEP_ROW)
      {
        const char *detail = kh_db_column_text (stmt, 2);
        Signature *sig = parse_signature (kh_db_column_int64 (stmt, 0),
                                          kh_db_column_int64 (stmt, 1),
                                          detail != NULL ? detail : "");

        if (sig != NULL)
          g_ptr_array_add (out, sig);
        else if (malformed != NULL)
          g_ptr_array_add (malformed,
                           g_strdup_printf (_("audit log: row #%" PRId64 " (sign) is not a "
                                              "seal signature Kaohe wrote"),
                                            (gint64) kh_db_column_int64 (stmt, 0)));
      }
  if (step == KH_DB_STEP_ERROR)
    return NULL;
  return g_steal_pointer (&out);
}

/* The seal row #@seq: its year, hash and snapshot in *@found (FALSE when there is none);
 * FALSE and @error when it cannot be read. */
static gboolean
load_seal_row (KhProject *self,
               gint64     seq,
               gboolean  *found,
               int       *year,
               char     **hash,
               char     **detail,
               GError   **error)
{
  g_autoptr (KhDbStmt) stmt = kh_project_prepare (self,
                                                  "SELECT year, hash, detail FROM audit_log "
                                                  "WHERE seq = ? AND action = 'seal'",
                                                  _("reading a seal"), error);
  KhDbStep step;

  *found = FALSE;
  if (stmt == NULL)
    return FALSE;
  kh_db_bind_int64 (stmt, 1, seq);
  step = kh_project_step (self, stmt, _("reading a seal"), error);
  if (step == KH_DB_STEP_ERROR)
    return FALSE;
  if (step == KH_DB_STEP_ROW)
    {
      *found = TRUE;
      *year = kh_db_column_int64 (stmt, 0);
      *hash = g_strdup (kh_db_column_text (stmt, 1));
      *detail = g_strdup (kh_db_column_text (stmt, 2));
    }
  return TRUE;
}

/* The schema version a format-2 snapshot names (0: none). */
static int
snapshot_schema (const char *snapshot)
{
  const char *line = strstr (snapshot, "\nschema\t");
  gint64 version = 0;
  g_autofree char *text = NULL;

  if (kh_project_snapshot_get_format (snapshot) < 2 || line == NULL)
    return 0;
  text = g_strndup (line + 8, strcspn (line + 8, "\t\n"));
  if (!g_ascii_string_to_signed (text, 10, 1, 1000, &version, NULL))
    return 0;
  return (int) version;
}

/* TRUE when @sig is a valid signature of the seal it names, which is in the chain;
 * otherwise says why in @problems (when not NULL), or in @error when the seal cannot be
 * read (then FALSE with @error set). */
static gboolean
check_signature (KhProject       *self,
                 const Signature *sig,
                 gint64           head_seq,
                 GPtrArray       *problems,
                 GError         **error)
{
  gboolean found = FALSE;
  int year = 0;
  g_autofree char *hash = NULL;
  g_autofree char *snapshot = NULL;
  g_autofree char *content = NULL;
  GPtrArray *sink = problems != NULL ? problems : g_ptr_array_new_with_free_func (g_free);
  guint before = sink->len;

  if (!sig->valid)
    g_ptr_array_add (sink,
                     g_strdup_printf (_("year %d: the signature in audit row #%" PRId64 " does "
                                        "not match its statement (the statement, the key or "
                                        "the signature was changed)"),
                                      sig->year, sig->seq));
  if (sig->year != sig->row_year)
    g_ptr_array_add (sink,
                     g_strdup_printf (_("audit log: row #%" PRId64 " signs year %d but is filed "
                                        "under year %d"),
                                      sig->seq, sig->year, sig->row_year));
  if (sig->rows <= head_seq
      && !load_seal_row (self, sig->rows, &found, &year, &hash, &snapshot, error))
    {
      if (problems == NULL)
        g_ptr_array_unref (sink);
      return FALSE;
    }
  if (sig->rows > head_seq)
    g_ptr_array_add (sink,
                     g_strdup_printf (_("year %d: the audit log has %" PRId64 " rows, fewer "
                                        "than the %" PRId64 " of the head signed in row #%" PRId64
                                        " (rows were deleted)"),
                                      sig->year, head_seq, sig->rows, sig->seq));
  else if (!found || year != sig->year
           || !g_str_equal (hash, sig->head))
    g_ptr_array_add (sink,
                     g_strdup_printf (_("year %d: the head signed in audit row #%" PRId64
                                        " (#%" PRId64 " %s) is not the seal of the year in the "
                                        "audit log (the log was rewritten)"),
                                      sig->year, sig->seq, sig->rows, sig->head));
  else
    {
      content = kh_sha256_string (snapshot);
      if (!g_str_equal (content, sig->content))
        g_ptr_array_add (sink,
                         g_strdup_printf (_("year %d: the content signed in audit row #%" PRId64
                                            " is not the seal's snapshot (the seal was "
                                            "rewritten)"),
                                          sig->year, sig->seq));
      if (snapshot_schema (snapshot) != 0 && snapshot_schema (snapshot) != sig->schema)
        g_ptr_array_add (sink,
                         g_strdup_printf (_("year %d: the schema version signed in audit row #%"
                                            PRId64 " (%d) is not the seal's (%d)"),
                                          sig->year, sig->seq, sig->schema,
                                          snapshot_schema (snapshot)));
    }
  if (sink->len == before)
    {
      if (problems == NULL)
        g_ptr_array_unref (sink);
      return TRUE;
    }
  if (problems == NULL)
    g_ptr_array_unref (sink);
  return FALSE;
}

void
kh_project_check_signatures (KhProject    *self,
                             const guint8 *public_key,
                             gint64        head_seq,
                             GPtrArray    *problems)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) signatures = load_signatures (self, problems, &error);
  g_autoptr (GHashTable) signed_seals = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autofree char *wanted = public_key != NULL ? kh_seal_key_fingerprint (public_key) : NULL;
  g_autoptr (KhDbStmt) stmt = NULL;

  /* A log that cannot be read is a problem of its own, never "no signature". */
  if (signatures == NULL)
    {
      g_ptr_array_add (problems, g_strdup (error->message));
      return;
    }
  for (guint i = 0; i < signatures->len; i++)
    {
      Signature *sig = signatures->pdata[i];

      if (!check_signature (self, sig, head_seq, problems, &error))
        {
          if (error != NULL)
            {
              g_ptr_array_add (problems, g_strdup (error->message));
              return;
            }
          continue;
        }
      if (public_key != NULL && sodium_memcmp (sig->pub, public_key, sizeof sig->pub) != 0)
        {
          g_autofree char *other = kh_seal_key_fingerprint (sig->pub);

          g_ptr_array_add (problems,
                           g_strdup_printf (_("year %d: the seal is signed (audit row #%" PRId64
                                              ") with another key (%s), not with the key "
                                              "given (%s)"),
                                            sig->year, sig->seq, other, wanted));
          continue;
        }
      g_hash_table_add (signed_seals, &sig->rows);
    }
  if (public_key == NULL)
    return;
  /* With a key, every seal must carry a valid signature by it. */
  stmt = kh_project_prepare (self,
                             "SELECT seq, year FROM audit_log WHERE action = 'seal' ORDER BY seq",
                             _("reading the seals"), &error);
  if (stmt != NULL)
    while (kh_project_step (self, stmt, _("reading the seals"), &error) == KH_DB_STEP_ROW)
      {
        gint64 seq = kh_db_column_int64 (stmt, 0);

        if (!g_hash_table_contains (signed_seals, &seq))
          g_ptr_array_add (problems,
                           g_strdup_printf (_("year %d (sealed in audit row #%" PRId64 ") has no "
                                              "valid signature by the key given (%s)"),
                                            (int) kh_db_column_int64 (stmt, 1), seq, wanted));
      }
  if (error != NULL)
    g_ptr_array_add (problems, g_strdup (error->message));
}

char *
kh_project_describe_seal (KhProject *self,
                          int        year,
                          GError   **error)
{
  g_autoptr (KhDbStmt) stmt = NULL;
  gint64 seq = 0;
  g_autofree char *hash = NULL;
  g_autoptr (GPtrArray) signatures = NULL;
  gboolean sealed = FALSE;
  KhDbStep step;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  /* A store that cannot be read says why: a report never prints "not sealed" or "not
   * signed" for a seal it could not read. */
  stmt = kh_project_prepare (self,
                             "SELECT seq, hash FROM audit_log WHERE action = 'seal' AND year = ? "
                             "ORDER BY seq DESC LIMIT 1",
                             _("reading the seal"), error);
  if (stmt == NULL)
    return NULL;
  kh_db_bind_int64 (stmt, 1, year);
  step = kh_project_step (self, stmt, _("reading the seal"), error);
  if (step == KH_DB_STEP_ERROR)
    return NULL;
  if (step == KH_DB_STEP_ROW)
    {
      seq = kh_db_column_int64 (stmt, 0);
      hash = g_strdup (kh_db_column_text (stmt, 1));
    }
  kh_db_stmt_reset (stmt);
  if (!kh_project_get_sealed (self, year, &sealed, error))
    return NULL;
  if (seq == 0 || !sealed)
    return g_strdup_printf (_("year %d is not sealed"), year);
  signatures = load_signatures (self, NULL, error);
  if (signatures == NULL)
    return NULL;
  for (guint i = 0; i < signatures->len; i++)
    {
      const Signature *sig = signatures->pdata[i];
      GError *local = NULL;

      if (sig->rows != seq || sig->year != year)
        continue;
      if (check_signature (self, sig, G_MAXINT64, NULL, &local))
        {
          g_autofree char *fingerprint = kh_seal_key_fingerprint (sig->pub);

          return g_strdup_printf (_("year %d sealed, signed head #%" PRId64 " %s, key %s"), year,
                                  seq, sig->head, fingerprint);
        }
      if (local != NULL)
        {
          g_propagate_error (error, local);
          return NULL;
        }
    }
  return g_strdup_printf (_("year %d sealed in audit row #%" PRId64 " (%s), not signed"), year, seq,
                          hash != NULL ? hash : "");
}
