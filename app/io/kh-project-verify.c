/* kh-project-verify.c — verifying a project
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The seal's audit row (kh-project-seal.c) carries the snapshot of the year
 * (kh-project-content.c), hashed
 * into the chain with the row, so verify can name every value, result or score that
 * differs from what was sealed, and any change to the snapshot itself breaks the chain.
 * A seal of format 1 (before units were kept per year) has no unit, link or baseline
 * lines, and those are not compared; one before format 5 has no entered lists of
 * recommendations.
 * Verify also recomputes every category of every sealed year with the engine
 * (kh-project-compute.c) and compares the outcome with the stored results, compares the
 * schema with the one Kaohe creates for the file's version (kh_project_master_text: an
 * extra trigger, or one replaced by another of the same name, is named), and checks that
 * every stored row's writer (audit_seq) is in the log.
 *
 * Everything is read through the store (issue 19). On PostgreSQL the schema is compared
 * with the server's catalog instead (check_server_schema), and on a database init-server
 * made ready the row-level security, policies and grants (kh_db_server_check); SQLite's
 * integrity_check is skipped there and named by kh_project_verify_not_checked(). The
 * sealed years are recomputed on both stores (computing reads through the store there).
 */
#include "config.h"

#include <glib/gi18n.h>
#include <inttypes.h>
#include <math.h>
#include <string.h>

#include "kh-audit.h"
#include "kh-db-notify.h"
#include "kh-db-schema.h"
#include "kh-db-server.h"
#include "kh-db-sqlite.h"
#include "kh-io-error.h"
#include "kh-project-check.h"
#include "kh-project-compute.h"
#include "kh-project-packed.h"
#include "kh-project-private.h"

/* Snapshot lines keyed by what they describe: "value\tunit\tfield" → the value text. */
static GHashTable *
index_snapshot (const char *snapshot,
                GPtrArray  *order)
{
  GHashTable *index = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_auto (GStrv) lines = g_strsplit (snapshot, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto (GStrv) f = g_strsplit (lines[i], "\t", -1);
      guint n = g_strv_length (f);
      guint key_fields;
      g_autofree char *key = NULL;
      g_autofree char *rest = NULL;

      if (n == 0 || f[0][0] == '\0')
        continue;
      if (g_str_equal (f[0], "recommendation"))
        key_fields = 4;
      else if (g_str_equal (f[0], "value") || g_str_equal (f[0], "score")
               || g_str_equal (f[0], "source") || g_str_equal (f[0], "link")
               || g_str_equal (f[0], "recommendation_list"))
        key_fields = 3;
      else if (g_str_equal (f[0], "result") || g_str_equal (f[0], "framework")
               || g_str_equal (f[0], "unit") || g_str_equal (f[0], "computed")
               || g_str_equal (f[0], "baseline"))
        key_fields = 2;
      else
        key_fields = 1;
      key_fields = MIN (key_fields, n);
      {
        char *saved = f[key_fields];

        f[key_fields] = NULL;
        key = g_strjoinv ("\t", f);
        f[key_fields] = saved;
        rest = saved != NULL ? g_strjoinv ("\t", f + key_fields) : g_strdup ("");
      }
      if (order != NULL && !g_hash_table_contains (index, key))
        g_ptr_array_add (order, g_strdup (key));
      g_hash_table_replace (index, g_steal_pointer (&key), g_steal_pointer (&rest));
    }
  return index;
}

static char *
describe_key (const char *key)
{
  g_auto (GStrv) f = g_strsplit (key, "\t", -1);

  if (g_str_equal (f[0], "value") && g_strv_length (f) == 3)
    return g_strdup_printf (_("the value of unit “%s”, field “%s”"), f[1], f[2]);
  if (g_str_equal (f[0], "score") && g_strv_length (f) == 3)
    return g_strdup_printf (_("the score of unit “%s”, node “%s”"), f[1], f[2]);
  if (g_str_equal (f[0], "source") && g_strv_length (f) == 3)
    return g_strdup_printf (_("the provenance (file, row, column, editor, time) of the value of "
                              "unit “%s”, field “%s”"),
                            f[1], f[2]);
  if (g_str_equal (f[0], "result") && g_strv_length (f) == 2)
    return g_strdup_printf (_("the result of unit “%s”"), f[1]);
  if (g_str_equal (f[0], "computed") && g_strv_length (f) == 2)
    return g_strdup_printf (_("the time the result of unit “%s” was computed"), f[1]);
  if (g_str_equal (f[0], "framework") && g_strv_length (f) == 2)
    return g_strdup_printf (_("the framework of category “%s”"), f[1]);
  if (g_str_equal (f[0], "framework"))
    return g_strdup (_("the framework"));
  if (g_str_equal (f[0], "unit") && g_strv_length (f) == 2)
    return g_strdup_printf (_("unit “%s” (its category, names, group and parent)"), f[1]);
  if (g_str_equal (f[0], "link") && g_strv_length (f) == 3)
    return g_strdup_printf (_("the link of unit “%s” to its predecessor “%s”"), f[1], f[2]);
  if (g_str_equal (f[0], "baseline") && g_strv_length (f) == 2)
    return g_strdup_printf (_("the published result of unit “%s” the year before"), f[1]);
  if (g_str_equal (f[0], "recommendation_list") && g_strv_length (f) == 3)
    return g_strdup_printf (_("the entered list of recommendations of unit “%s”, category "
                              "“%s” (who entered it, when)"),
                            f[2], f[1]);
  if (g_str_equal (f[0], "recommendation") && g_strv_length (f) == 4)
    return g_strdup_printf (_("recommendation %s in the entered list of unit “%s”, category "
                              "“%s”"),
                            f[3], f[2], f[1]);
  return g_strdup (key);
}

/* A snapshot line's fields as shown in a message: separated by ", ". */
static char *
display_fields (const char *rest)
{
  g_auto (GStrv) f = g_strsplit (rest, "\t", -1);

  return g_strjoinv (", ", f);
}

/* @snapshot past its schema line ("schema" and its fields, the second line from format 2
 * on), and in *@head_len the length of what comes before that line; NULL when it has none
 * there. */
static const char *
after_schema_line (const char *snapshot,
                   gsize      *head_len)
{
  const char *second = strchr (snapshot, '\n');
  const char *end;

  if (second == NULL || !g_str_has_prefix (second + 1, "schema\t"))
    return NULL;
  end = strchr (second + 1, '\n');
  *head_len = (gsize) (second + 1 - snapshot);
  return end != NULL ? end : second + 1 + strlen (second + 1);
}

/* Whether two snapshots are the same text but for their schema line (which
 * compare_snapshots() leaves out): as a sealed year is, unless it was changed. */
static gboolean
same_snapshots (const char *sealed,
                const char *current)
{
  gsize sealed_head = 0, current_head = 0;
  const char *sealed_rest = after_schema_line (sealed, &sealed_head);
  const char *current_rest = after_schema_line (current, &current_head);

  if (sealed_rest == NULL || current_rest == NULL)
    return sealed_rest == NULL && current_rest == NULL && strcmp (sealed, current) == 0;
  return sealed_head == current_head && memcmp (sealed, current, sealed_head) == 0
         && strcmp (sealed_rest, current_rest) == 0;
}

static void
compare_snapshots (int         year,
                   gint64      seq,
                   const char *sealed,
                   const char *current,
                   GPtrArray  *problems)
{
  g_autoptr (GPtrArray) order = NULL;
  g_autoptr (GPtrArray) now_order = NULL;
  g_autoptr (GHashTable) was = NULL;
  g_autoptr (GHashTable) now = NULL;

  /* Nothing to name: the line-by-line comparison below (hash tables of every line of
   * both, 84 MB of text each at 3,000 units) only when something differs (issue 22: 7 s
   * of a sealed year's verify at 3,000 units, and 545 MB of its peak memory). */
  if (same_snapshots (sealed, current))
    return;
  order = g_ptr_array_new_with_free_func (g_free);
  now_order = g_ptr_array_new_with_free_func (g_free);
  was = index_snapshot (sealed, order);
  now = index_snapshot (current, now_order);

  /* The schema line is checked on its own (check_sealed_schema): a later migration
   * changes the schema without changing what was sealed. */
  g_hash_table_remove (was, "schema");
  g_hash_table_remove (now, "schema");
  for (guint i = 0; i < order->len; i++)
    {
      const char *key = order->pdata[i];
      const char *before = g_hash_table_lookup (was, key);
      const char *after = g_hash_table_lookup (now, key);
      g_autofree char *what = NULL;

      if (before == NULL)
        continue;
      what = describe_key (key);
      g_autofree char *before_text = display_fields (before);
      g_autofree char *after_text = after != NULL ? display_fields (after) : NULL;

      if (after == NULL)
        g_ptr_array_add (problems,
                         g_strdup_printf (_("year %d (sealed in audit row #%" PRId64
                                            "): %s was deleted (sealed: “%s”)"),
                                          year, seq, what, before_text));
      else if (strcmp (before, after) != 0)
        g_ptr_array_add (problems,
                         g_strdup_printf (_("year %d (sealed in audit row #%" PRId64
                                            "): %s was changed from “%s” to “%s”"),
                                          year, seq, what, before_text, after_text));
    }
  for (guint i = 0; i < now_order->len; i++)
    {
      const char *key = now_order->pdata[i];
      g_autofree char *what = NULL;
      g_autofree char *now_text = NULL;

      if (g_hash_table_contains (was, key) || !g_hash_table_contains (now, key))
        continue;
      what = describe_key (key);
      now_text = display_fields (g_hash_table_lookup (now, key));
      g_ptr_array_add (problems,
                       g_strdup_printf (_("year %d (sealed in audit row #%" PRId64
                                          "): %s was added (now: “%s”)"),
                                        year, seq, what, now_text));
    }
}

/* A format-2 seal names the schema version and the hash of the schema it was made
 * with: that must be the schema Kaohe creates at that version. */
static void
check_sealed_schema (int         year,
                     gint64      seq,
                     const char *sealed,
                     GPtrArray  *problems)
{
  const char *second = strchr (sealed, '\n');
  g_auto (GStrv) f = NULL;
  guint64 version = 0;
  g_autofree char *expected = NULL;
  g_autofree char *expected_sha = NULL;

  if (kh_project_snapshot_get_format (sealed) < 2)
    return;
  /* The second line alone, not a copy of the 84 MB after it (issue 22). */
  if (second != NULL)
    {
      const char *end = strchr (second + 1, '\n');
      g_autofree char *line = end != NULL ? g_strndup (second + 1, (gsize) (end - second - 1))
                                          : g_strdup (second + 1);

      f = g_strsplit (line, "\t", -1);
    }
  if (f == NULL || g_strv_length (f) != 3 || !g_str_equal (f[0], "schema")
      || !g_ascii_string_to_unsigned (f[1], 10, 1, KH_PROJECT_SCHEMA_VERSION, &version, NULL))
    {
      g_ptr_array_add (problems,
                       g_strdup_printf (_("year %d (sealed in audit row #%" PRId64 "): the seal "
                                          "does not name a schema version Kaohe knows"),
                                        year, seq));
      return;
    }
  expected = kh_project_expected_master_text ((int) version);
  expected_sha = g_compute_checksum_for_string (G_CHECKSUM_SHA256, expected, -1);
  if (!g_str_equal (f[2], expected_sha))
    g_ptr_array_add (problems,
                     g_strdup_printf (_("year %d (sealed in audit row #%" PRId64 "): the year was "
                                        "sealed with a schema (version %d) that is not the one "
                                        "Kaohe creates (its tables or triggers had been changed)"),
                                      year, seq, (int) version));
}

static char *
describe_result (const KhStoredResult *r)
{
  g_autofree char *total = kh_project_format_double (r->total);

  return g_strdup_printf ("total %s, rank %d, tier %d, previous rank %d, change %d, awards “%s”",
                          total, r->rank, r->tier, r->prev_rank, r->rank_change,
                          r->awards != NULL ? r->awards : "");
}

/* Whether two scores print the same (kh_project_format_double(): every NaN as nothing,
 * any other double exactly, -0 apart from 0). */
static gboolean
same_score (double a,
            double b)
{
  if (isnan (a) || isnan (b))
    return isnan (a) && isnan (b);
  return memcmp (&a, &b, sizeof a) == 0;
}

static void
compare_scores (int                   year,
                const KhStoredResult *stored,
                const KhStoredResult *fresh,
                GPtrArray            *problems)
{
  g_autoptr (GHashTable) was = g_hash_table_new (g_str_hash, g_str_equal);

  /* Compared as numbers, printed only when they differ (issue 22: 750,000 scores a year
   * at 3,000 units). */
  for (guint i = 0; i < stored->node_ids->len; i++)
    g_hash_table_insert (was, stored->node_ids->pdata[i], GUINT_TO_POINTER (i + 1));
  for (guint i = 0; i < fresh->node_ids->len; i++)
    {
      const char *node = fresh->node_ids->pdata[i];
      double now = g_array_index (fresh->node_scores, double, i);
      guint at = GPOINTER_TO_UINT (g_hash_table_lookup (was, node));
      g_autofree char *before = NULL;
      g_autofree char *now_text = NULL;

      if (at != 0 && same_score (g_array_index (stored->node_scores, double, at - 1), now))
        continue;
      before = at != 0 ? kh_project_format_double (g_array_index (stored->node_scores, double,
                                                                  at - 1))
                       : g_strdup ("");
      now_text = kh_project_format_double (now);
      g_ptr_array_add (problems,
                       g_strdup_printf (_("year %d: recomputing gives unit “%s” a different "
                                          "score on node “%s”: stored “%s”, recomputed “%s”"),
                                        year, fresh->unit_id, node, before, now_text));
    }
}

/* Compares the fresh results of one category with the stored ones; matched stored
 * results are removed from @by_unit. */
static void
compare_results (int         year,
                 const char *category,
                 GPtrArray  *fresh,
                 GHashTable *by_unit,
                 GPtrArray  *problems)
{
  for (guint i = 0; i < fresh->len; i++)
    {
      const KhStoredResult *now = fresh->pdata[i];
      const KhStoredResult *was = g_hash_table_lookup (by_unit, now->unit_id);
      g_autofree char *now_text = describe_result (now);
      g_autofree char *was_text = NULL;

      if (was == NULL)
        {
          g_ptr_array_add (problems,
                           g_strdup_printf (_("year %d, category “%s”: recomputing gives a "
                                              "result for unit “%s” that is not stored (%s)"),
                                            year, category, now->unit_id, now_text));
          continue;
        }
      was_text = describe_result (was);
      if (strcmp (was_text, now_text) != 0)
        g_ptr_array_add (problems,
                         g_strdup_printf (_("year %d, category “%s”: recomputing gives unit "
                                            "“%s” a different result: stored %s; recomputed %s"),
                                          year, category, now->unit_id, was_text, now_text));
      compare_scores (year, was, now, problems);
      g_hash_table_remove (by_unit, now->unit_id);
    }
}

/* The problem of @category's standings of @year kept under @stamp (check_standings()),
 * compared with @plan computed from the year's values: NULL when they agree. */
static char *
standings_differ (KhProject  *self,
                  int         year,
                  const char *category,
                  KhPlan     *plan,
                  const char *stamp)
{
  g_autofree char *difference = kh_project_standings_differ (self, plan, stamp);

  if (difference == NULL)
    return NULL;
  return g_strdup_printf (_("year %d, category “%s”: the standings kept for "
                            "computing the next year differ from the year "
                            "computed from its values, at %s: they were "
                            "changed outside Kaohe"),
                          year, category, difference);
}

static char *
standings_key (int         year,
               const char *category)
{
  return g_strdup_printf ("%d\t%s", year, category);
}

/* Recomputes every category of a sealed year and names every unit whose stored result
 * differs. With @standings, the year's kept standings are compared with each plan too,
 * their problem (or NULL) kept there under standings_key() for check_standings(), which
 * would compute the year again (issue 22: 1.9 s at 3,000 units × 10 years). */
static void
check_recompute (KhProject  *self,
                 int         year,
                 GHashTable *standings,
                 GPtrArray  *problems)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) stored = kh_project_get_results (self, year, &error);
  g_autoptr (GPtrArray) categories = kh_project_get_categories (self, year);
  g_autoptr (GHashTable) by_unit = g_hash_table_new (g_str_hash, g_str_equal);
  g_autofree char *stamp = NULL;

  if (stored == NULL)
    {
      g_ptr_array_add (problems, g_strdup_printf (_("year %d: cannot recompute: %s"), year,
                                                  error->message));
      return;
    }
  for (guint i = 0; i < stored->len; i++)
    g_hash_table_insert (by_unit, ((KhStoredResult *) stored->pdata[i])->unit_id,
                         stored->pdata[i]);
  for (guint c = 0; c < categories->len; c++)
    {
      g_autoptr (GError) local_error = NULL;
      g_autoptr (KhPlan) plan =
        kh_project_compute_category (self, year, categories->pdata[c], &local_error);
      g_autoptr (GPtrArray) fresh = NULL;

      if (plan == NULL)
        {
          g_ptr_array_add (problems,
                           g_strdup_printf (_("year %d, category “%s”: cannot recompute: %s"),
                                            year, (char *) categories->pdata[c],
                                            local_error->message));
          continue;
        }
      fresh = kh_project_results_from_plan (plan);
      compare_results (year, categories->pdata[c], fresh, by_unit, problems);
      if (standings != NULL)
        {
          const char *category = categories->pdata[c];

          if (stamp == NULL)
            stamp = kh_project_standings_stamp (self, year);
          /* Stale ones are never used. */
          g_hash_table_replace (standings, standings_key (year, category),
                                kh_project_has_standings (self, year, category, stamp)
                                  ? standings_differ (self, year, category, plan, stamp)
                                  : NULL);
        }
    }
  for (guint i = 0; i < stored->len; i++)
    {
      const KhStoredResult *was = stored->pdata[i];

      if (g_hash_table_contains (by_unit, was->unit_id))
        g_ptr_array_add (problems,
                         g_strdup_printf (_("year %d: unit “%s” has a stored result but "
                                            "recomputing gives none"),
                                          year, was->unit_id));
    }
}

/* A year and category of a cache kept beside the stored values, with the stamp it is
 * kept under when its table names one there. */
typedef struct
{
  int year;
  char *category;
  char *stamp;
} CacheRow;

static void
cache_row_clear (gpointer data)
{
  CacheRow *row = data;

  g_free (row->category);
  g_free (row->stamp);
}

/* The problem of one cached year and category (NULL: none, or stale, never read). */
typedef char *(*CacheProblemFunc) (KhProject      *self,
                                   const CacheRow *row,
                                   gpointer        data);

/* A cache of schema @version (on SQLite alone: a project on a server keeps none) that
 * no seal or audit row covers: each of its rows (year, category_id and maybe a stamp,
 * as @sql selects them) checked by @problem. All are read before the first is checked,
 * which reads the project again. */
static gboolean
check_cache (KhProject        *self,
             int               version,
             const char       *sql,
             CacheProblemFunc  problem,
             gpointer          data,
             GPtrArray        *problems,
             GError          **error)
{
  g_autoptr (GArray) rows = g_array_new (FALSE, TRUE, sizeof (CacheRow));
  g_autoptr (KhDbStmt) stmt = NULL;
  KhDbStep step;

  if (kh_db_backend (self->store) != KH_DB_SQLITE || self->version < version)
    return TRUE;
  g_array_set_clear_func (rows, cache_row_clear);
  stmt = kh_project_prepare (self, sql, _("verifying"), error);
  if (stmt == NULL)
    return FALSE;
  while ((step = kh_project_step (self, stmt, _("verifying"), error)) == KH_DB_STEP_ROW)
    {
      CacheRow row = {
        .year = (int) kh_db_column_int64 (stmt, 0),
        .category = g_strdup (kh_db_column_text (stmt, 1)),
        .stamp = kh_db_column_count (stmt) > 2 ? g_strdup (kh_db_column_text (stmt, 2)) : NULL,
      };

      g_array_append_val (rows, row);
    }
  if (step == KH_DB_STEP_ERROR)
    return FALSE;
  g_clear_pointer (&stmt, kh_db_stmt_free);
  for (guint i = 0; i < rows->len; i++)
    {
      char *found = problem (self, &g_array_index (rows, CacheRow, i), data);

      if (found != NULL)
        g_ptr_array_add (problems, found);
    }
  return TRUE;
}

/* The standings each year's computation kept for the next year's (schema version 13) are
 * a cache no seal or audit row covers: computing the next year takes last year's ranks,
 * tiers, totals and node scores from them while their stamp is current. So every kept
 * standing still current is compared with the year computed from its values (verify
 * computes with kh_project->ignore_standings set), to the bit; one changed outside Kaohe
 * would otherwise change the next year's rank changes unseen. A sealed year's were
 * compared when check_recompute() computed it (@data, its problems by standings_key()). */
static char *
standings_problem (KhProject      *self,
                   const CacheRow *row,
                   gpointer        data)
{
  GHashTable *sealed = data;
  g_autofree char *key = standings_key (row->year, row->category);
  g_autofree char *stamp = NULL;
  g_autoptr (GError) local_error = NULL;
  g_autoptr (KhPlan) plan = NULL;
  const char *found = NULL;

  if (g_hash_table_lookup_extended (sealed, key, NULL, (gpointer *) &found))
    return g_strdup (found);
  stamp = kh_project_standings_stamp (self, row->year);
  /* Stale ones are never used. */
  if (!kh_project_has_standings (self, row->year, row->category, stamp))
    return NULL;
  plan = kh_project_compute_category (self, row->year, row->category, &local_error);
  if (plan == NULL)
    return g_strdup_printf (_("year %d, category “%s”: cannot recompute: %s"), row->year,
                            row->category, local_error->message);
  return standings_differ (self, row->year, row->category, plan, stamp);
}

/* Whether @self keeps standings that check_standings() compares. */
static gboolean
keeps_standings (KhProject *self)
{
  return kh_db_backend (self->store) == KH_DB_SQLITE
         && self->version >= KH_PROJECT_STANDINGS_VERSION;
}

/* @sealed: the problems of the sealed years' standings, found by check_seals(). */
static gboolean
check_standings (KhProject  *self,
                 GHashTable *sealed,
                 GPtrArray  *problems,
                 GError    **error)
{
  return check_cache (self, KH_PROJECT_STANDINGS_VERSION,
                      "SELECT DISTINCT year, category_id FROM standings "
                      "ORDER BY year, category_id",
                      standings_problem, sealed, problems, error);
}

/* @standings: where check_recompute() keeps the problems of the sealed years' standings. */
static gboolean
check_seals (KhProject  *self,
             GHashTable *standings,
             GPtrArray  *problems,
             GError    **error)
{
  g_autoptr (GHashTable) sealed_in_log = g_hash_table_new (NULL, NULL);
  g_autoptr (KhDbStmt) stmt = NULL;
  g_autoptr (KhDbStmt) marked = NULL;
  KhDbStep step;

  stmt = kh_project_prepare (self,
                             "SELECT seq, year, detail FROM audit_log WHERE action = 'seal' "
                             "ORDER BY seq",
                             _("verifying"), error);
  if (stmt == NULL)
    return FALSE;
  while ((step = kh_project_step (self, stmt, _("verifying"), error)) == KH_DB_STEP_ROW)
    {
      gint64 seq = kh_db_column_int64 (stmt, 0);
      int year = (int) kh_db_column_int64 (stmt, 1);
      const char *sealed = kh_db_column_text (stmt, 2);
      g_autofree char *current = NULL;
      g_autoptr (GError) local_error = NULL;
      gboolean still_sealed, same = FALSE;
      int format;

      g_hash_table_add (sealed_in_log, GINT_TO_POINTER (year));
      if (!kh_project_get_sealed (self, year, &still_sealed, error))
        return FALSE;
      if (!still_sealed)
        g_ptr_array_add (problems,
                         g_strdup_printf (_("year %d was sealed (audit row #%" PRId64
                                            ") but is no longer marked sealed"),
                                          year, seq));
      if (sealed == NULL)
        sealed = "";
      check_sealed_schema (year, seq, sealed, problems);
      /* Compared as it is written, without holding the year's text (84 MB at 3,000 units,
       * issue 22); only when something differs, or cannot be read, is the text made
       * whole and its lines named as before. */
      format = kh_project_snapshot_get_format (sealed);
      if (!kh_project_snapshot_matches (self, year, format, sealed, &same, NULL) || !same)
        {
          current = kh_project_snapshot_format (self, year, format, &local_error);
          if (current == NULL)
            g_ptr_array_add (problems, g_strdup (local_error->message));
          else
            compare_snapshots (year, seq, sealed, current, problems);
        }
      /* On either store: computing and the stored results read through it there
       * (issue 19). */
      check_recompute (self, year, keeps_standings (self) ? standings : NULL, problems);
    }
  if (step == KH_DB_STEP_ERROR)
    return FALSE;

  marked = kh_project_prepare (self, "SELECT year FROM years WHERE sealed = 1 ORDER BY year",
                               _("verifying"), error);
  if (marked == NULL)
    return FALSE;
  while ((step = kh_project_step (self, marked, _("verifying"), error)) == KH_DB_STEP_ROW)
    {
      int year = (int) kh_db_column_int64 (marked, 0);

      if (!g_hash_table_contains (sealed_in_log, GINT_TO_POINTER (year)))
        g_ptr_array_add (problems,
                         g_strdup_printf (_("year %d is marked sealed but the audit log has no "
                                            "seal for it"),
                                          year));
    }
  return step != KH_DB_STEP_ERROR;
}

/* Master lines keyed by "type TAB name" → the whole line. */
static GHashTable *
index_master (const char *text,
              GPtrArray  *order)
{
  GHashTable *index = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_auto (GStrv) lines = g_strsplit (text, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto (GStrv) f = g_strsplit (lines[i], "\t", 4);
      char *key;

      if (g_strv_length (f) != 4)
        continue;
      key = g_strdup_printf ("%s\t%s", f[0], f[1]);
      if (order != NULL)
        g_ptr_array_add (order, g_strdup (key));
      g_hash_table_replace (index, key, g_strdup (f[3]));
    }
  return index;
}

static const char *
describe_kind (const char *type)
{
  if (g_str_equal (type, "trigger"))
    return _("trigger");
  if (g_str_equal (type, "table"))
    return _("table");
  if (g_str_equal (type, "index"))
    return _("index");
  if (g_str_equal (type, "view"))
    return _("view");
  return type;
}

/* The schema must be exactly the one Kaohe creates for the file's version: every
 * trigger with its very SQL, and nothing more (a trigger added by someone else could
 * change every value imported). */
static void
check_schema (KhProject *self,
              GPtrArray *problems)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *current = kh_project_master_text (kh_db_sqlite_handle (self->store), &error);
  g_autofree char *expected = kh_project_expected_master_text (self->version);
  g_autoptr (GPtrArray) order = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GPtrArray) now_order = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GHashTable) want = NULL;
  g_autoptr (GHashTable) have = NULL;

  if (current == NULL)
    {
      g_ptr_array_add (problems, g_strdup (error->message));
      return;
    }
  want = index_master (expected, order);
  have = index_master (current, now_order);
  for (guint i = 0; i < order->len; i++)
    {
      const char *key = order->pdata[i];
      const char *sql = g_hash_table_lookup (have, key);
      g_auto (GStrv) f = g_strsplit (key, "\t", 2);

      if (sql == NULL && g_str_equal (f[0], "trigger"))
        g_ptr_array_add (problems,
                         g_strdup_printf (_("the protective trigger “%s” is missing (the "
                                            "database was changed outside Kaohe)"),
                                          f[1]));
      else if (sql == NULL)
        g_ptr_array_add (problems,
                         g_strdup_printf (_("the %s “%s” is missing (the database was changed "
                                            "outside Kaohe)"),
                                          describe_kind (f[0]), f[1]));
      else if (strcmp (sql, g_hash_table_lookup (want, key)) != 0)
        g_ptr_array_add (problems,
                         g_strdup_printf (_("the %s “%s” is not the one Kaohe created (its SQL "
                                            "was changed outside Kaohe): %s"),
                                          describe_kind (f[0]), f[1], sql));
    }
  for (guint i = 0; i < now_order->len; i++)
    {
      const char *key = now_order->pdata[i];
      g_auto (GStrv) f = NULL;

      if (g_hash_table_contains (want, key))
        continue;
      f = g_strsplit (key, "\t", 2);
      g_ptr_array_add (problems,
                       g_strdup_printf (_("an extra %s “%s” that Kaohe did not create (the "
                                          "database was changed outside Kaohe): %s"),
                                        describe_kind (f[0]), f[1],
                                        (char *) g_hash_table_lookup (have, key)));
    }
}

/* The body of the PL/pgSQL function kh-db-schema.c makes of a SQLite trigger (@sql), as
 * the server keeps it (pg_proc.prosrc: the text between the dollar quotes); NULL when
 * the trigger does not translate. */
static char *
expected_function_body (const char *sql)
{
  const char *const statement[] = { sql, NULL };
  g_autofree char *translated = kh_db_schema_translate (statement, NULL);
  g_autoptr (GRegex) regex = g_regex_new ("AS \\$kh\\$(.*?)\\$kh\\$", G_REGEX_DOTALL, 0, NULL);
  g_autoptr (GMatchInfo) match = NULL;

  if (translated == NULL || !g_regex_match (regex, translated, 0, &match))
    return NULL;
  return g_match_info_fetch (match, 1);
}

/* A trigger as the catalog query of check_server_schema() gives it ("table TAB state
 * TAB body"), for a message: "ON table: body". */
static char *
describe_server_trigger (const char *value)
{
  g_auto (GStrv) t = g_strsplit (value, "\t", 3);

  if (g_strv_length (t) != 3)
    return g_strdup (value);
  return g_strdup_printf ("ON %s: %s", t[0], t[2]);
}

/* Adds "kind TAB name" of every row of @sql (kind, name[, …]) to @have, the row's third
 * column (or "") as the value. */
static gboolean
read_catalog (KhProject  *self,
              const char *sql,
              GHashTable *have,
              GPtrArray  *order,
              GError    **error)
{
  g_autoptr (KhDbStmt) stmt = kh_project_prepare (self, sql, _("verifying"), error);
  KhDbStep step;

  if (stmt == NULL)
    return FALSE;
  while ((step = kh_project_step (self, stmt, _("verifying"), error)) == KH_DB_STEP_ROW)
    {
      char *key = g_strdup_printf ("%s\t%s", kh_db_column_text (stmt, 0),
                                   kh_db_column_text (stmt, 1));

      if (order != NULL)
        g_ptr_array_add (order, g_strdup (key));
      g_hash_table_replace (have, key,
                            g_strdup (kh_db_column_count (stmt) > 2
                                          && !kh_db_column_is_null (stmt, 2)
                                        ? kh_db_column_text (stmt, 2)
                                        : ""));
    }
  return step != KH_DB_STEP_ERROR;
}

static const char *const notify_triggers[] = {
  "kaohe_notify_insert", "kaohe_notify_update", "kaohe_notify_delete", NULL
};

/* The triggers that notify other windows of changes on a server (kh-db-notify.c, installed
 * by init-server; not protective, so they may be absent or switched off): each on a table
 * Kaohe notifies for, running the function kh_db_notify_install() made for that table, as
 * it made it — a function changed to write rows would change the project. */
static gboolean
check_notify_triggers (KhProject *self,
                       GPtrArray *problems,
                       GError   **error)
{
  g_autoptr (KhDbStmt) stmt = NULL;
  KhDbStep step;

  stmt = kh_project_prepare (self,
                             "SELECT c.relname, t.tgname, p.proname, p.prosrc "
                             "FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
                             "JOIN pg_proc p ON p.oid = t.tgfoid "
                             "WHERE NOT t.tgisinternal AND t.tgname IN ('kaohe_notify_insert', "
                             "'kaohe_notify_update', 'kaohe_notify_delete') AND c.relnamespace = "
                             "(SELECT oid FROM pg_namespace WHERE nspname = current_schema ()) "
                             "ORDER BY c.relname, t.tgname",
                             _("verifying"), error);
  if (stmt == NULL)
    return FALSE;
  while ((step = kh_project_step (self, stmt, _("verifying"), error)) == KH_DB_STEP_ROW)
    {
      const char *table = kh_db_column_text (stmt, 0);
      const char *name = kh_db_column_text (stmt, 1);
      g_autofree char *function = g_strdup_printf ("kaohe_notify_%s", table);
      g_autofree char *body = kh_db_notify_function_body (table);

      if (body == NULL || g_strcmp0 (kh_db_column_text (stmt, 2), function) != 0
          || g_strcmp0 (kh_db_column_text (stmt, 3), body) != 0)
        g_ptr_array_add (problems,
                         g_strdup_printf (_("the trigger “%s” on %s is not the one Kaohe "
                                            "created (its SQL was changed outside Kaohe): %s"),
                                          name, table, kh_db_column_text (stmt, 3)));
    }
  return step != KH_DB_STEP_ERROR;
}

/* The counterpart of check_schema() on PostgreSQL, where the catalog is not SQLite's:
 * every table and named index of the schema Kaohe creates is in the project's schema,
 * every protective trigger is there, enabled (a superuser can switch one off), on its
 * table, running the very function kh-db-schema.c translates from its SQLite text; no
 * other trigger, and no table but those and the server's own (kaohe_schema,
 * evaluator_scopes). */
static gboolean
check_server_schema (KhProject *self,
                     GPtrArray *problems,
                     GError   **error)
{
  static const char *const server_tables[] = { "kaohe_schema", "evaluator_scopes", NULL };
  g_autofree char *expected = kh_project_expected_master_text (self->version);
  g_auto (GStrv) lines = g_strsplit (expected, "\n", -1);
  g_autoptr (GHashTable) have = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr (GHashTable) want = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr (GPtrArray) now_order = g_ptr_array_new_with_free_func (g_free);

  if (!read_catalog (self,
                     "SELECT 'table', tablename FROM pg_tables "
                     "WHERE schemaname = current_schema () ORDER BY tablename",
                     have, now_order, error)
      || !read_catalog (self,
                        "SELECT 'index', indexname FROM pg_indexes "
                        "WHERE schemaname = current_schema () ORDER BY indexname",
                        have, NULL, error)
      || !read_catalog (self,
                        "SELECT 'trigger', t.tgname, c.relname || E'\\t' "
                        "|| CAST (t.tgenabled AS TEXT) || E'\\t' || p.prosrc "
                        "FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
                        "JOIN pg_proc p ON p.oid = t.tgfoid "
                        "WHERE NOT t.tgisinternal AND c.relnamespace = "
                        "(SELECT oid FROM pg_namespace WHERE nspname = current_schema ()) "
                        "ORDER BY t.tgname",
                        have, now_order, error))
    return FALSE;
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto (GStrv) f = g_strsplit (lines[i], "\t", 4);
      g_autofree char *key = NULL;
      const char *now;

      /* SQLite's own indexes of keys (no SQL) are PostgreSQL's *_pkey and *_key. */
      if (g_strv_length (f) != 4 || (g_str_equal (f[0], "index") && f[3][0] == '\0'))
        continue;
      key = g_strdup_printf ("%s\t%s", f[0], f[1]);
      g_hash_table_add (want, g_strdup (key));
      now = g_hash_table_lookup (have, key);
      if (now == NULL && g_str_equal (f[0], "trigger"))
        g_ptr_array_add (problems,
                         g_strdup_printf (_("the protective trigger “%s” is missing (the "
                                            "database was changed outside Kaohe)"),
                                          f[1]));
      else if (now == NULL)
        g_ptr_array_add (problems,
                         g_strdup_printf (_("the %s “%s” is missing (the database was changed "
                                            "outside Kaohe)"),
                                          describe_kind (f[0]), f[1]));
      else if (g_str_equal (f[0], "trigger"))
        {
          g_autoptr (GString) sql = g_string_new (NULL);
          g_autofree char *body = NULL;
          g_autofree char *want_text = NULL;

          /* The master text escapes the SQL (kh_project_append_escaped). */
          for (const char *p = f[3]; *p != '\0'; p++)
            if (*p == '\\' && p[1] != '\0')
              {
                p++;
                g_string_append_c (sql, *p == 'n' ? '\n' : *p == 't' ? '\t' : *p == 'r' ? '\r' : *p);
              }
            else
              g_string_append_c (sql, *p);
          g_auto (GStrv) t = g_strsplit (now, "\t", 3);

          body = expected_function_body (sql->str);
          /* 'O' fires in every session, 'A' always; 'D' (disabled) and 'R' (replicas
           * only) never in Kaohe's. */
          if (g_strv_length (t) == 3 && !g_str_equal (t[1], "O") && !g_str_equal (t[1], "A"))
            g_ptr_array_add (problems,
                             g_strdup_printf (_("the protective trigger “%s” is disabled (the "
                                                "database was changed outside Kaohe)"),
                                              f[1]));
          else if (g_strv_length (t) != 3 || !g_str_equal (t[0], f[2])
                   || g_strcmp0 (t[2], body) != 0)
            {
              g_autofree char *shown = describe_server_trigger (now);

              g_ptr_array_add (problems,
                               g_strdup_printf (_("the %s “%s” is not the one Kaohe created (its "
                                                  "SQL was changed outside Kaohe): %s"),
                                                describe_kind (f[0]), f[1], shown));
            }
        }
    }
  if (!check_notify_triggers (self, problems, error))
    return FALSE;
  for (guint i = 0; i < now_order->len; i++)
    {
      const char *key = now_order->pdata[i];
      g_auto (GStrv) f = g_strsplit (key, "\t", 2);
      g_autofree char *shown = NULL;

      if (g_hash_table_contains (want, key)
          || (g_str_equal (f[0], "table") && g_strv_contains (server_tables, f[1]))
          || (g_str_equal (f[0], "trigger") && g_strv_contains (notify_triggers, f[1])))
        continue;
      shown = g_str_equal (f[0], "trigger")
                ? describe_server_trigger (g_hash_table_lookup (have, key))
                : g_strdup (g_hash_table_lookup (have, key));
      g_ptr_array_add (problems,
                       g_strdup_printf (_("an extra %s “%s” that Kaohe did not create (the "
                                          "database was changed outside Kaohe): %s"),
                                        describe_kind (f[0]), f[1], shown));
    }
  /* A database init-server made ready: its row-level security, policies and grants. */
  return kh_db_server_check (self->store, problems, error);
}

/* Since schema version 3 every stored unit, framework, value and result names the audit
 * row that wrote it (audit_seq): a row of the log deleted from its end leaves rows that
 * name a missing writer. */
static const struct
{
  const char *table;
  const char *year;    /* the rows' year, as SQL */
  const char *actions; /* the audit actions that write the table, as SQL */
} writer_tables[] = {
  { "units", "NULL", "'units'" },
  { "frameworks", "t.year", "'framework'" },
  { "data_values", "t.year", "'import', 'edit'" },
  { "results", "t.year", "'compute'" },
  { "framework_versions", "t.year", "'framework'" },
};

/* The writers of data_values (writer_tables[]): audit seq → the year it writes. */
static GHashTable *
values_writers (KhProject *self,
                GError   **error)
{
  g_autoptr (GHashTable) writers = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free,
                                                          NULL);
  g_autofree char *sql = NULL;
  g_autoptr (KhDbStmt) stmt = NULL;
  KhDbStep step;

  for (guint i = 0; i < G_N_ELEMENTS (writer_tables); i++)
    if (strcmp (writer_tables[i].table, "data_values") == 0)
      sql = g_strdup_printf ("SELECT seq, year FROM audit_log WHERE action IN (%s) "
                             "AND year IS NOT NULL",
                             writer_tables[i].actions);
  g_assert (sql != NULL);
  stmt = kh_project_prepare (self, sql, _("verifying"), error);
  if (stmt == NULL)
    return NULL;
  while ((step = kh_project_step (self, stmt, _("verifying"), error)) == KH_DB_STEP_ROW)
    {
      gint64 *seq = g_new (gint64, 1);

      *seq = kh_db_column_int64 (stmt, 0);
      g_hash_table_insert (writers, seq, GINT_TO_POINTER ((int) kh_db_column_int64 (stmt, 1)));
    }
  if (step == KH_DB_STEP_ERROR)
    return NULL;
  return g_steal_pointer (&writers);
}

/* On SQLite, one pass over data_values (kh_project_check_values()) answers whether each
 * row's writer is in the log (*@writers_ok, for check_writers(); *@scanned TRUE) and
 * compares every current packed copy with the rows. The packed copies (schema version 14)
 * are a cache of data_values no seal or audit row covers: computing reads a year's values
 * from them while their stamp is current, so one changed outside Kaohe would change what
 * computing reads unseen; a stale one is never read, and is no problem. */
static gboolean
scan_values (KhProject *self,
             gboolean  *scanned,
             gboolean  *writers_ok,
             GPtrArray *packed_problems,
             GError   **error)
{
  g_autoptr (GHashTable) writers = NULL;

  *scanned = FALSE;
  if (self->db == NULL || self->version < KH_PROJECT_WRITER_VERSION)
    return TRUE; /* no packed copy either */
  writers = values_writers (self, error);
  if (writers == NULL
      || !kh_project_check_values (self, writers, writers_ok, packed_problems, error))
    return FALSE;
  *scanned = TRUE;
  return TRUE;
}

/* @values_ok: NULL, or whether data_values' rows passed (scan_values()). */
static gboolean
check_writers (KhProject      *self,
               const gboolean *values_ok,
               GPtrArray      *problems,
               GError        **error)
{
  /* SQLite's `IS NOT` between values is PostgreSQL's IS DISTINCT FROM. */
  const char *is_not = kh_db_backend (self->store) == KH_DB_SQLITE ? "IS NOT" : "IS DISTINCT FROM";

  if (self->version < KH_PROJECT_WRITER_VERSION)
    return TRUE;
  for (guint i = 0; i < G_N_ELEMENTS (writer_tables); i++)
    {
      g_autofree char *sql = NULL;
      g_autoptr (KhDbStmt) stmt = NULL;
      gboolean has_year = strcmp (writer_tables[i].year, "NULL") != 0;
      gboolean ask = has_year;
      KhDbStep step;

      if (strcmp (writer_tables[i].table, "framework_versions") == 0
          && self->version < KH_PROJECT_HISTORY_VERSION)
        continue;
      /* data_values' rows were asked by scan_values()'s pass, which compared the packed
       * copies besides: the question without a second read of the table (1.0 s of CPU at
       * 3,000 units × 200 indicators × 10 years). */
      if (values_ok != NULL && strcmp (writer_tables[i].table, "data_values") == 0)
        {
          if (*values_ok)
            continue;
          ask = FALSE; /* some row does not pass: named below */
        }
      /* First the cheap question, whether any row's writer is not an audit row of its year
       * and kind: a row-value NOT IN, answered from a set of the log's few (seq, year)
       * pairs, instead of a join per row (the values: 0.95 → 0.7 s of CPU at 3,000 units ×
       * 200 indicators × 10 years). The tables with a year only (their year NOT NULL): a row
       * passes exactly when the row of its writer's seq has its kind and year. Only when
       * some row does not is the query below run, to name them. */
      if (ask)
        {
          g_autofree char *any = g_strdup_printf (
            "SELECT CASE WHEN EXISTS (SELECT 1 FROM %s t WHERE t.audit_seq IS NOT NULL "
            "AND (t.audit_seq, %s) NOT IN (SELECT seq, year FROM audit_log "
            "WHERE action IN (%s) AND year IS NOT NULL)) THEN 1 ELSE 0 END",
            writer_tables[i].table, writer_tables[i].year, writer_tables[i].actions);
          g_autoptr (KhDbStmt) check = kh_project_prepare (self, any, _("verifying"), error);

          if (check == NULL)
            return FALSE;
          step = kh_project_step (self, check, _("verifying"), error);
          if (step == KH_DB_STEP_ERROR)
            return FALSE;
          if (step != KH_DB_STEP_ROW || kh_db_column_int64 (check, 0) == 0)
            continue;
        }
      sql = g_strdup_printf (
        "SELECT t.audit_seq, %s, count(*), a.seq, a.action FROM %s t "
        "LEFT JOIN audit_log a ON a.seq = t.audit_seq "
        "WHERE t.audit_seq IS NOT NULL AND (a.seq IS NULL OR a.action NOT IN (%s) "
        "OR a.year %s %s) GROUP BY t.audit_seq%s%s, a.seq, a.action ORDER BY t.audit_seq",
        writer_tables[i].year, writer_tables[i].table, writer_tables[i].actions, is_not, writer_tables[i].year,
        has_year ? ", " : "", has_year ? writer_tables[i].year : "");

      stmt = kh_project_prepare (self, sql, _("verifying"), error);
      if (stmt == NULL)
        return FALSE;
      while ((step = kh_project_step (self, stmt, _("verifying"), error)) == KH_DB_STEP_ROW)
        {
          gint64 seq = kh_db_column_int64 (stmt, 0);
          int year = kh_db_column_is_null (stmt, 1) ? 0 : (int) kh_db_column_int64 (stmt, 1);
          int count = (int) kh_db_column_int64 (stmt, 2);
          g_autofree char *where = year != 0 ? g_strdup_printf (_(" (year %d)"), year)
                                             : g_strdup ("");

          if (kh_db_column_is_null (stmt, 3))
            g_ptr_array_add (problems,
                             g_strdup_printf (_("audit log: row #%" PRId64 " is missing, but %d "
                                                "rows of “%s”%s were written by it (rows were "
                                                "deleted from the log)"),
                                              seq, count, writer_tables[i].table, where));
          else
            g_ptr_array_add (problems,
                             g_strdup_printf (_("audit log: %d rows of “%s”%s claim to be written "
                                                "by row #%" PRId64 ", which is a “%s” of another "
                                                "year or kind (they were changed outside Kaohe)"),
                                              count, writer_tables[i].table, where, seq,
                                              kh_db_column_text (stmt, 4)));
        }
      if (step == KH_DB_STEP_ERROR)
        return FALSE;
    }
  return TRUE;
}

/* The head of a published report must be a row of the chain. */
static void
check_published_head (KhProject  *self,
                      const char *published_head,
                      gint64      head_seq,
                      GPtrArray  *problems)
{
  g_autoptr (KhDbStmt) stmt = kh_db_prepare (self->store,
                                             "SELECT seq FROM audit_log WHERE hash = ?", NULL);
  gboolean found = FALSE;

  if (stmt != NULL)
    {
      kh_db_bind_text (stmt, 1, published_head);
      found = kh_db_step (stmt, NULL) == KH_DB_STEP_ROW;
    }
  if (!found)
    g_ptr_array_add (problems,
                     g_strdup_printf (_("the published head %s is not in the audit log (%" PRId64
                                        " rows): the log was cut short or rewritten after it "
                                        "was published"),
                                      published_head, head_seq));
}

gboolean
kh_project_verify (KhProject *self,
                   GPtrArray *problems,
                   gint64    *head_seq,
                   char     **head_hash,
                   GError   **error)
{
  return kh_project_verify_full (self, NULL, NULL, problems, head_seq, head_hash, error);
}

gboolean
kh_project_verify_full (KhProject    *self,
                        const guint8 *public_key,
                        const char   *published_head,
                        GPtrArray    *problems,
                        gint64       *head_seq,
                        char        **head_hash,
                        GError      **error)
{
  g_autoptr (GPtrArray) integrity = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GPtrArray) found = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GPtrArray) packed = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GHashTable) standings = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                            g_free);
  g_autoptr (GError) local_error = NULL;
  gint64 seq = 0;
  gboolean ok, ignore_standings, values_scanned = FALSE, values_ok = TRUE;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (problems != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  /* Nothing verify checks rests on the kept standings: every year is computed from its
   * values (check_standings() compares the kept ones with that), plans kept from
   * computations that used them dropped. */
  ignore_standings = kh_project_set_ignore_standings (self, TRUE);

  /* PRAGMA integrity_check reads the whole file on a connection of its own, started at
   * the open by kh_project_open_to_verify(), else here, while the checks below run on
   * this one (issue 22: 1.5 s and 0.8 s for a 600 MB project, one after the other
   * before). Its findings come first, as when it ran first. */
  if (kh_db_backend (self->store) == KH_DB_SQLITE)
    {
      if (self->check == NULL && self->check_error == NULL)
        self->check = kh_file_check_start (self->path, KH_FILE_CHECK_INTEGRITY,
                                           KH_PROJECT_BUSY_TIMEOUT_MS, NULL);
      check_schema (self, found);
    }
  ok = (kh_db_backend (self->store) == KH_DB_SQLITE
        || check_server_schema (self, found, &local_error))
       && kh_audit_verify_db (self->store, found, &seq, head_hash, &local_error)
       && scan_values (self, &values_scanned, &values_ok, packed, &local_error)
       && check_writers (self, values_scanned ? &values_ok : NULL, found, &local_error);
  if (ok)
    {
      if (head_seq != NULL)
        *head_seq = seq;
      kh_project_check_signatures (self, public_key, seq, found);
      if (published_head != NULL)
        check_published_head (self, published_head, seq, found);
      ok = check_seals (self, standings, found, &local_error)
           && check_standings (self, standings, found, &local_error);
      /* The packed copies' problems, found by scan_values(), come last, as when they were
       * checked last. */
      g_ptr_array_extend_and_steal (found, g_steal_pointer (&packed));
    }
  kh_project_set_ignore_standings (self, ignore_standings);
  /* A file quick_check refuses is refused, whatever the checks above made of it. */
  if (!kh_project_finish_check (self, integrity, error))
    return FALSE;
  for (guint i = 0; i < integrity->len; i++)
    g_ptr_array_add (problems, g_strdup_printf ("integrity_check: %s",
                                                (char *) integrity->pdata[i]));
  for (guint i = 0; i < found->len; i++)
    g_ptr_array_add (problems, g_steal_pointer (&found->pdata[i]));
  if (!ok)
    g_propagate_error (error, g_steal_pointer (&local_error));
  return ok;
}

GStrv
kh_project_verify_not_checked (KhProject *self)
{
  g_autoptr (GStrvBuilder) out = g_strv_builder_new ();

  g_return_val_if_fail (self != NULL, NULL);

  if (kh_db_backend (self->store) == KH_DB_POSTGRESQL)
    {
      g_strv_builder_add (out, _("the pages of the database (SQLite's integrity_check has no "
                                 "counterpart a client can run: the server checks its own "
                                 "pages, with data checksums when the cluster has them)"));
    }
  return g_strv_builder_end (out);
}
