/* test-project-compute-pg.c — computing the sample on SQLite and on PostgreSQL, to the bit
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Issue 19: the bundled sample copied into a throwaway server's database (kh_db_copy(), as
 * `kaohe-cli copy` does), then each year and category read and computed from the file and
 * from the server: the same datasets (units, their names, groups, short names and
 * predecessors, fields in the same order, values to the bit) and the same results (totals
 * and node scores to the bit, ranks, tiers, awards). The reference is the SQLite file,
 * whose reading kh-project-compute.c has always done; the server's goes through
 * kh-project-values-read.c. Skipped only when PostgreSQL's programs are not installed.
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "io/kh-audit.h"
#include "io/kh-db-copy.h"
#include "io/kh-db.h"
#include "io/kh-project-compute.h"
#include "io/kh-project-plausibility.h"
#include "io/kh-project-private.h"
#include "io/kh-project.h"
#include "kh-pg-harness.h"
#include "kh-test-cli.h"
#include "kh-test-files.h"

static KhPgHarness *pg;

typedef struct
{
  char *dir;
  char *path; /* the sample's copy */
  char *uri;  /* its copy on the server */
  KhProject *file;
  KhProject *server;
} Fixture;

static void
fixture_set_up (Fixture      *f,
                gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *sample = g_build_filename (g_getenv ("KH_BUILD_ROOT"), "data", "samples",
                                              "jiangsu-sample.kaohe", NULL);
  g_autofree char *contents = NULL;
  gsize length = 0;
  KhDb *src, *dst;

  /* A copy of the sample (never the built one itself), then onto the server. */
  f->dir = g_dir_make_tmp ("kh-project-compute-pg-XXXXXX", &error);
  g_assert_no_error (error);
  f->path = g_build_filename (f->dir, "sample.kaohe", NULL);
  f->uri = kh_pg_harness_new_database (pg, "compute_sample");
  g_assert_true (g_file_get_contents (sample, &contents, &length, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_set_contents (f->path, contents, (gssize) length, &error));
  g_assert_no_error (error);
  src = kh_db_open (f->path, &error);
  g_assert_no_error (error);
  dst = kh_db_open (f->uri, &error);
  g_assert_no_error (error);
  g_assert_true (kh_db_copy (src, dst, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  /* The copy wrote the rows in the order of their keys; rows updated in place go to the
   * end of the server's heap, as edits put them: the first field's values and the first
   * unit of each unsealed year now come last from a scan (the only plan the server is
   * let use below), so nothing may rest on the order it happens to return rows in. */
  kh_pg_harness_exec (dst, "UPDATE data_values SET value = value WHERE field = "
                           "(SELECT MIN (d.field) FROM data_values d "
                           "WHERE d.year = data_values.year) AND year IN "
                           "(SELECT year FROM years WHERE sealed = 0)");
  kh_pg_harness_exec (dst, "UPDATE unit_years SET name_zh = name_zh WHERE unit_id = "
                           "(SELECT MIN (y.unit_id) FROM unit_years y "
                           "WHERE y.year = unit_years.year) AND year IN "
                           "(SELECT year FROM years WHERE sealed = 0)");
  /* Scans rather than the keys' indexes, which would give the rows in key order. */
  kh_pg_harness_exec (dst, "ALTER DATABASE compute_sample SET enable_indexscan = off");
  kh_pg_harness_exec (dst, "ALTER DATABASE compute_sample SET enable_indexonlyscan = off");
  kh_pg_harness_exec (dst, "ALTER DATABASE compute_sample SET enable_bitmapscan = off");
  kh_db_close (src);
  kh_db_close (dst);

  f->file = kh_project_open (f->path, &error);
  g_assert_no_error (error);
  f->server = kh_project_open (f->uri, &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture      *f,
                   gconstpointer data)
{
  g_clear_pointer (&f->file, kh_project_close);
  g_clear_pointer (&f->server, kh_project_close);
  kh_test_remove_dir (f->dir);
  g_free (f->dir);
  g_free (f->path);
  g_free (f->uri);
}

static char *
double_bits (double value)
{
  guint64 bits;

  memcpy (&bits, &value, sizeof bits);
  return g_strdup_printf ("%016" G_GINT64_MODIFIER "x", bits);
}

/* Everything of @ds, one line a unit, the doubles as their bits. */
static char *
dataset_text (KhDataset *ds)
{
  GString *out = g_string_new (NULL);

  g_string_append_printf (out, "year %d units %u fields", kh_dataset_get_year (ds),
                          kh_dataset_get_n_units (ds));
  for (guint f = 0; f < kh_dataset_get_n_fields (ds); f++)
    g_string_append_printf (out, " %s", kh_dataset_get_field_id (ds, f));
  g_string_append_c (out, '\n');
  for (guint u = 0; u < kh_dataset_get_n_units (ds); u++)
    {
      const char *const *preds = kh_dataset_get_unit_predecessors (ds, u);

      g_string_append_printf (out, "%s|%s|%s|%s|", kh_dataset_get_unit_id (ds, u),
                              kh_dataset_get_unit_name (ds, u),
                              kh_dataset_get_unit_group (ds, u),
                              kh_dataset_get_unit_short_name (ds, u));
      for (guint p = 0; preds != NULL && preds[p] != NULL; p++)
        g_string_append_printf (out, "%s,", preds[p]);
      for (guint f = 0; f < kh_dataset_get_n_fields (ds); f++)
        {
          g_autofree char *bits = double_bits (kh_dataset_get (ds, u, f));

          g_string_append_printf (out, " %s", bits);
        }
      g_string_append_c (out, '\n');
    }
  return g_string_free (out, FALSE);
}

/* The plan's results, one line a unit, the doubles as their bits; *@n_totals gets the
 * number of units with a total. */
static char *
plan_text (KhPlan *plan,
           guint  *n_totals)
{
  g_autoptr (GPtrArray) results = kh_project_results_from_plan (plan);
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < results->len; i++)
    {
      KhStoredResult *r = results->pdata[i];
      g_autofree char *total = double_bits (r->total);

      if (r->total == r->total)
        (*n_totals)++;
      g_string_append_printf (out, "%s|%s|%s|%s|%d|%d|%d|%d|%s|", r->unit_id, r->group_id,
                              r->category_id, total, r->rank, r->tier, r->prev_rank,
                              r->rank_change, r->awards);
      for (guint n = 0; n < r->node_ids->len; n++)
        {
          g_autofree char *score = double_bits (g_array_index (r->node_scores, double, n));

          g_string_append_printf (out, " %s=%s", (const char *) r->node_ids->pdata[n], score);
        }
      g_string_append_c (out, '\n');
    }
  return g_string_free (out, FALSE);
}

/* Every year and category of the sample: the same dataset read from both stores. */
static void
test_datasets (Fixture      *f,
               gconstpointer data)
{
  g_autoptr (GArray) years = kh_project_get_years (f->file);
  g_autoptr (GArray) server_years = kh_project_get_years (f->server);
  guint n_read = 0, n_values = 0;

  g_assert_cmpuint (years->len, >=, 3);
  g_assert_cmpuint (server_years->len, ==, years->len);
  for (guint i = 0; i < years->len; i++)
    {
      int year = g_array_index (years, int, i);
      g_autoptr (GPtrArray) categories = kh_project_get_categories (f->file, year);

      for (guint c = 0; c < categories->len; c++)
        {
          g_autoptr (GError) error = NULL;
          g_autoptr (KhFramework) fw = kh_project_load_framework (f->file, year,
                                                                   categories->pdata[c], &error);
          g_autoptr (KhDataset) a = NULL;
          g_autoptr (KhDataset) b = NULL;
          g_autofree char *text_a = NULL;
          g_autofree char *text_b = NULL;

          g_assert_no_error (error);
          a = kh_project_build_dataset (f->file, year, fw, NULL, &error);
          g_assert_no_error (error);
          b = kh_project_build_dataset (f->server, year, fw, NULL, &error);
          g_assert_no_error (error);
          text_a = dataset_text (a);
          text_b = dataset_text (b);
          g_assert_cmpstr (text_b, ==, text_a);
          n_read++;
          for (guint u = 0; u < kh_dataset_get_n_units (a); u++)
            for (guint k = 0; k < kh_dataset_get_n_fields (a); k++)
              if (!isnan (kh_dataset_get (a, u, k)))
                n_values++;
        }
    }
  /* Not an empty comparison: the sample's years hold thousands of values. */
  g_assert_cmpuint (n_read, >=, 3);
  g_assert_cmpuint (n_values, >, 5000);
}

/* Every year and category computed on both stores: the same results, in each language. */
static void
test_plans (Fixture      *f,
            gconstpointer data)
{
  g_autoptr (GArray) years = kh_project_get_years (f->file);
  guint n_totals = 0;

  for (guint i = 0; i < years->len; i++)
    {
      int year = g_array_index (years, int, i);
      g_autoptr (GPtrArray) categories = kh_project_get_categories (f->file, year);

      for (guint c = 0; c < categories->len; c++)
        for (KhLang lang = KH_LANG_ZH_CN; lang <= KH_LANG_EN; lang++)
          {
            g_autoptr (GError) error = NULL;
            g_autoptr (KhPlan) a = kh_project_compute_category_lang (f->file, year,
                                                                     categories->pdata[c], lang,
                                                                     &error);
            g_autoptr (KhPlan) b = NULL;
            g_autofree char *text_a = NULL;
            g_autofree char *text_b = NULL;
            g_autofree char *names_a = NULL;
            g_autofree char *names_b = NULL;
            guint ignored = 0;

            g_assert_no_error (error);
            b = kh_project_compute_category_lang (f->server, year, categories->pdata[c], lang,
                                                  &error);
            g_assert_no_error (error);
            text_a = plan_text (a, &n_totals);
            text_b = plan_text (b, &ignored);
            g_assert_cmpstr (text_b, ==, text_a);
            names_a = dataset_text (kh_plan_get_dataset (a));
            names_b = dataset_text (kh_plan_get_dataset (b));
            g_assert_cmpstr (names_b, ==, names_a);
          }
    }
  g_assert_cmpuint (n_totals, >, 100);
}

/* The results as kh_project_get_results() gives them, one line a unit, doubles as bits. */
static char *
results_text (GPtrArray *results)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < results->len; i++)
    {
      KhStoredResult *r = results->pdata[i];
      g_autofree char *total = double_bits (r->total);

      g_string_append_printf (out, "%s|%s|%s|%s|%d|%d|%d|%d|%s|", r->unit_id, r->group_id,
                              r->category_id, total, r->rank, r->tier, r->prev_rank,
                              r->rank_change, r->awards);
      for (guint n = 0; n < r->node_ids->len; n++)
        {
          g_autofree char *score = double_bits (g_array_index (r->node_scores, double, n));

          g_string_append_printf (out, " %s=%s", (const char *) r->node_ids->pdata[n], score);
        }
      g_string_append_c (out, '\n');
    }
  return g_string_free (out, FALSE);
}

/* @stored (read back) holds each of @fresh's results (computed) to the bit: its group,
 * total, rank, tier, rank change, awards and every node's score. */
static void
assert_same_results (GPtrArray *fresh,
                     GPtrArray *stored)
{
  g_autoptr (GHashTable) by_unit = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < stored->len; i++)
    g_hash_table_insert (by_unit, ((KhStoredResult *) stored->pdata[i])->unit_id,
                         stored->pdata[i]);
  for (guint i = 0; i < fresh->len; i++)
    {
      KhStoredResult *a = fresh->pdata[i];
      KhStoredResult *b = g_hash_table_lookup (by_unit, a->unit_id);
      g_autofree char *total_a = double_bits (a->total);
      g_autofree char *total_b = NULL;

      g_assert_nonnull (b);
      total_b = double_bits (b->total);
      g_assert_cmpstr (b->group_id, ==, a->group_id);
      g_assert_cmpstr (total_b, ==, total_a);
      g_assert_cmpint (b->rank, ==, a->rank);
      g_assert_cmpint (b->tier, ==, a->tier);
      g_assert_cmpint (b->rank_change, ==, a->rank_change);
      g_assert_cmpstr (b->awards, ==, a->awards);
      g_assert_cmpuint (b->node_ids->len, ==, a->node_ids->len);
      for (guint n = 0; n < a->node_ids->len; n++)
        {
          double score = g_array_index (a->node_scores, double, n);
          gboolean found = FALSE;

          for (guint m = 0; m < b->node_ids->len && !found; m++)
            if (strcmp (b->node_ids->pdata[m], a->node_ids->pdata[n]) == 0)
              {
                double back = g_array_index (b->node_scores, double, m);

                g_assert_true (memcmp (&back, &score, sizeof score) == 0
                               || (isnan (back) && isnan (score)));
                found = TRUE;
              }
          g_assert_true (found);
        }
    }
}

/* The detail of the last audit row of @action on @target. */
static char *
last_audit_detail (const char *target,
                   const char *action)
{
  g_autoptr (GError) error = NULL;
  KhDb *db = kh_db_open (target, &error);
  g_autoptr (KhDbStmt) stmt = NULL;
  char *detail;

  g_assert_no_error (error);
  stmt = kh_db_prepare (db, "SELECT detail FROM audit_log WHERE action = ? ORDER BY seq DESC",
                        &error);
  g_assert_no_error (error);
  kh_db_bind_text (stmt, 1, action);
  g_assert_cmpint (kh_db_step (stmt, &error), ==, KH_DB_STEP_ROW);
  detail = g_strdup (kh_db_column_text (stmt, 0));
  g_clear_pointer (&stmt, kh_db_stmt_free);
  kh_db_close (db);
  return detail;
}

/* Results stored and read back on both stores (kh-project-results.c): the same rows, in
 * the same order, as computed; the same audit row (its snapshot's digest covers them);
 * the sealed years' copied results read the same. */
static void
test_results (Fixture      *f,
              gconstpointer data)
{
  KhProject *projects[] = { f->file, f->server };
  const char *targets[] = { f->path, f->uri };
  g_autoptr (GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GPtrArray) details = g_ptr_array_new_with_free_func (g_free);

  for (guint k = 0; k < G_N_ELEMENTS (projects); k++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (GPtrArray) fresh = kh_project_compute_results (projects[k], 2020, &error);
      g_autoptr (GPtrArray) stored = NULL;
      g_autoptr (GPtrArray) sealed = NULL;
      char *stored_text;

      g_assert_no_error (error);
      g_assert_cmpuint (fresh->len, >, 50);
      g_assert_true (kh_project_store_results (projects[k], 2020, fresh, &error));
      g_assert_no_error (error);
      stored = kh_project_get_results (projects[k], 2020, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (stored->len, ==, fresh->len);
      assert_same_results (fresh, stored);
      stored_text = results_text (stored);
      g_ptr_array_add (texts, stored_text);
      g_ptr_array_add (details, last_audit_detail (targets[k], "compute"));
      g_assert_true (g_str_has_prefix (details->pdata[k], "results="));
      sealed = kh_project_get_results (projects[k], 2018, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (sealed->len, >, 50);
      g_ptr_array_add (texts, results_text (sealed));
    }
  g_assert_cmpstr (texts->pdata[2], ==, texts->pdata[0]);
  g_assert_cmpstr (texts->pdata[3], ==, texts->pdata[1]);
  /* The year's whole content, its results and their time (SOURCE_DATE_EPOCH) with it: the
   * same text, hence the same digest in both audit rows. */
  {
    g_autoptr (GError) error = NULL;
    g_autofree char *a = kh_project_snapshot (f->file, 2020, &error);
    g_autofree char *b = kh_project_snapshot (f->server, 2020, &error);

    g_assert_no_error (error);
    g_assert_nonnull (strstr (a, "\ncomputed\t"));
    g_assert_cmpstr (b, ==, a);
  }
  g_assert_cmpstr (details->pdata[1], ==, details->pdata[0]);
}

/* The flags of @year, one line each, the doubles as their bits; *@n_confirmed gets how
 * many are confirmed. */
static char *
flags_text (KhProject *project,
            int        year,
            guint     *n_confirmed)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) flags = kh_project_get_value_flags (project, year, &error);
  GString *out = g_string_new (NULL);

  g_assert_no_error (error);
  for (guint i = 0; i < flags->len; i++)
    {
      const KhValueFlag *flag = flags->pdata[i];
      double numbers[] = { flag->value, flag->previous, flag->change, flag->median, flag->mad,
                           flag->floor, flag->bound };

      g_string_append_printf (out, "%s|%s|%s|%s|%d|%d|%s|%s|", flag->category, flag->unit_id,
                              flag->unit_name, flag->field, flag->reason, flag->relative,
                              flag->confirmed_by, flag->confirmed_at);
      for (guint n = 0; n < G_N_ELEMENTS (numbers); n++)
        {
          g_autofree char *bits = double_bits (numbers[n]);

          g_string_append_printf (out, " %s", bits);
        }
      g_string_append_c (out, '\n');
      if (flag->confirmed_by != NULL)
        (*n_confirmed)++;
    }
  return g_string_free (out, FALSE);
}

/* The plausibility flags of every year (kh-project-plausibility.c), from both stores: the
 * same flags, numbers to the bit, the same confirmations (read from the audit log). */
static void
test_flags (Fixture      *f,
            gconstpointer data)
{
  g_autoptr (GArray) years = kh_project_get_years (f->file);
  g_autoptr (GPtrArray) open_flags = NULL;
  g_autoptr (GError) error = NULL;
  const char *targets[] = { f->path, f->uri };
  guint n_flags = 0, n_confirmed = 0;

  /* The first flag of 2020 confirmed on both, as the app's Confirm audits it (the row
   * appended through a connection of each store's own). */
  open_flags = kh_project_get_value_flags (f->file, 2020, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (open_flags->len, >, 0);
  for (guint k = 0; k < G_N_ELEMENTS (targets); k++)
    {
      const KhValueFlag *flag = open_flags->pdata[0];
      g_autofree char *value = kh_project_format_double (flag->value);
      g_autofree char *detail = g_strdup_printf ("unit=%s\nfield=%s\nvalue=%s", flag->unit_id,
                                                 flag->field, value);
      KhDb *db = kh_db_open (targets[k], &error);

      g_assert_no_error (error);
      g_assert_true (kh_db_begin (db, &error));
      g_assert_true (kh_audit_append_db (db, "carol", "confirm", 2020, detail,
                                         "2020-09-13T12:26:40Z", &error));
      g_assert_no_error (error);
      g_assert_true (kh_db_commit (db, &error));
      kh_db_close (db);
    }

  for (guint i = 0; i < years->len; i++)
    {
      int year = g_array_index (years, int, i);
      guint ignored = 0;
      g_autofree char *a = flags_text (f->file, year, &n_confirmed);
      g_autofree char *b = flags_text (f->server, year, &ignored);

      g_assert_cmpstr (b, ==, a);
      for (const char *c = a; *c != '\0'; c++)
        n_flags += *c == '\n';
    }
  g_assert_cmpuint (n_flags, >, 0);
  g_assert_cmpuint (n_confirmed, ==, 1);
  if (g_test_verbose ())
    g_test_message ("%u flags, %u confirmed", n_flags, n_confirmed);
}

/* `kaohe-cli` on the sample's file and on its copy on the server: compute prints the
 * same, export writes the same files byte for byte (an open year computed afresh, a sealed
 * one as stored), and verify, which recomputes the sealed years, passes on both. */
static void
test_cli (Fixture      *f,
          gconstpointer data)
{
  const char *targets[] = { f->path, f->uri };
  g_autoptr (GPtrArray) outputs = g_ptr_array_new_with_free_func (g_free);

  /* The CLI opens them itself. */
  g_clear_pointer (&f->file, kh_project_close);
  g_clear_pointer (&f->server, kh_project_close);
  for (guint k = 0; k < G_N_ELEMENTS (targets); k++)
    {
      g_autofree char *open_csv = g_strdup_printf ("%s/2020-%u.csv", f->dir, k);
      g_autofree char *sealed_csv = g_strdup_printf ("%s/2019-%u.csv", f->dir, k);
      g_autofree char *data_csv = g_strdup_printf ("%s/data-2020-%u.csv", f->dir, k);
      g_autoptr (KhCliRun) computed = kh_test_cli_run ("compute", targets[k], "--year", "2020",
                                                       "--format", "json", NULL);
      g_autoptr (KhCliRun) exported = kh_test_cli_run ("export", targets[k], "--year", "2020",
                                                       "-o", open_csv, NULL);
      g_autoptr (KhCliRun) sealed = kh_test_cli_run ("export", targets[k], "--year", "2019",
                                                     "-o", sealed_csv, NULL);
      g_autoptr (KhCliRun) values = kh_test_cli_run ("export", targets[k], "--year", "2020",
                                                     "--data", "-o", data_csv, NULL);
      g_autoptr (KhCliRun) verified = kh_test_cli_run ("verify", targets[k], NULL);
      const char *files[] = { open_csv, sealed_csv, data_csv };

      g_assert_cmpstr (computed->err, ==, "");
      g_assert_cmpint (computed->status, ==, 0);
      g_ptr_array_add (outputs, g_strdup (computed->out));
      g_assert_cmpint (exported->status, ==, 0);
      g_assert_cmpint (sealed->status, ==, 0);
      g_assert_cmpint (values->status, ==, 0);
      for (guint i = 0; i < G_N_ELEMENTS (files); i++)
        {
          g_autoptr (GError) error = NULL;
          char *contents = NULL;

          g_assert_true (g_file_get_contents (files[i], &contents, NULL, &error));
          g_assert_no_error (error);
          g_ptr_array_add (outputs, contents);
        }
      g_assert_cmpstr (verified->err, ==, "");
      g_assert_cmpint (verified->status, ==, 0);
      g_assert_true (g_str_has_suffix (verified->out, ": verified\n"));
    }
  /* Not empty: the sample's units, ranked, in each. */
  for (guint i = 0; i < 4; i++)
    {
      g_assert_cmpuint (strlen (outputs->pdata[i]), >, 5000);
      g_assert_cmpstr (outputs->pdata[4 + i], ==, outputs->pdata[i]);
    }
}

static void
cli_ok (KhCliRun *run)
{
  if (run->status != 0)
    g_error ("kaohe-cli failed (%d): %s", run->status, run->err);
  kh_cli_run_free (run);
}

/* The first unit id of 2020 as @db orders them by its own collation. */
static char *
first_unit_by_server (KhDb *db)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (KhDbStmt) stmt = kh_db_prepare (db, "SELECT unit_id FROM unit_years "
                                                 "WHERE year = 2020 ORDER BY unit_id",
                                             &error);

  g_assert_no_error (error);
  g_assert_cmpint (kh_db_step (stmt, &error), ==, KH_DB_STEP_ROW);
  return g_strdup (kh_db_column_text (stmt, 0));
}

/* A server database that sorts text by a language's rules (zh_CN.UTF-8: ab, a_z, B, c;
 * byte by byte, as C and SQLite: B, a_z, ab, c): a year's snapshot, results and scores
 * with it, is the same text as the file's, in the file's order (issue 19). Skipped when
 * the server cannot make such a database (the locale not installed). */
static void
test_collation (void)
{
  g_autofree char *dir = g_dir_make_tmp ("kh-project-compute-pg-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "p.kaohe", NULL);
  g_autofree char *units = g_build_filename (dir, "units.csv", NULL);
  g_autofree char *values = g_build_filename (dir, "data-2020.csv", NULL);
  g_autofree char *fw = g_build_filename (g_getenv ("KH_SOURCE_ROOT"), "tests", "data", "ui",
                                          "framework-2020.xml", NULL);
  g_autofree char *uri = NULL;
  g_autofree char *first = NULL;
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) results = NULL;
  KhProject *file, *server;
  KhDb *admin, *db;

  g_assert_true (g_file_set_contents (units,
                                      "id,name_zh,name_en,category,group,from_year,until_year,"
                                      "successor\n"
                                      "a_z,甲市,City A,city,cities,,,\n"
                                      "ab,乙市,City B,city,cities,,,\n"
                                      "B,丙市,City C,city,cities,,,\n"
                                      "c,丁市,City D,city,cities,,,\n",
                                      -1, &error));
  g_assert_true (g_file_set_contents (values,
                                      "unit,gdp_growth,pm25,survey,population\n"
                                      "a_z,8,54,90,810\n"
                                      "ab,6,42,80,605\n"
                                      "B,5,30,70,505\n"
                                      "c,2,60,85,\n",
                                      -1, &error));
  cli_ok (kh_test_cli_run ("new", path, NULL));
  cli_ok (kh_test_cli_run ("import", path, "--units", units, NULL));
  cli_ok (kh_test_cli_run ("import", path, "--year", "2020", "--framework", fw, NULL));
  cli_ok (kh_test_cli_run ("import", path, "--year", "2020", values, NULL));

  admin = kh_pg_harness_open (pg);
  kh_pg_harness_exec (admin, "DROP DATABASE IF EXISTS collated");
  if (!kh_db_exec (admin, "CREATE DATABASE collated TEMPLATE template0 ENCODING 'UTF8' "
                          "LC_COLLATE 'zh_CN.utf8' LC_CTYPE 'zh_CN.utf8'",
                   &error))
    {
      g_test_skip_printf ("no database collated by zh_CN.utf8: %s", error->message);
      kh_db_close (admin);
      kh_test_remove_dir (dir);
      return;
    }
  kh_db_close (admin);
  uri = kh_pg_harness_uri_of (pg, "collated");
  cli_ok (kh_test_cli_run ("copy", path, uri, NULL));
  db = kh_db_open (uri, &error);
  g_assert_no_error (error);
  /* The server's own order is not the file's: what the test is about. */
  first = first_unit_by_server (db);
  g_assert_cmpstr (first, ==, "ab");
  kh_db_close (db);

  file = kh_project_open (path, &error);
  g_assert_no_error (error);
  server = kh_project_open (uri, &error);
  g_assert_no_error (error);
  results = kh_project_compute_results (file, 2020, &error);
  g_assert_no_error (error);
  g_assert_true (kh_project_store_results (file, 2020, results, &error));
  g_assert_no_error (error);
  g_assert_true (kh_project_store_results (server, 2020, results, &error));
  g_assert_no_error (error);
  a = kh_project_snapshot (file, 2020, &error);
  g_assert_no_error (error);
  b = kh_project_snapshot (server, 2020, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (a, "\nscore\tB\t"));
  g_assert_true (strstr (a, "\nunit\tB\t") < strstr (a, "\nunit\ta_z\t"));
  g_assert_true (strstr (a, "\nvalue\ta_z\t") < strstr (a, "\nvalue\tab\t"));
  g_assert_cmpstr (b, ==, a);
  kh_project_close (server);
  kh_project_close (file);
  kh_test_remove_dir (dir);
}

static char *
units_data (const char *name)
{
  return g_build_filename (g_getenv ("KH_SOURCE_ROOT"), "tests", "data", "units", name, NULL);
}

/* The published results of a year (the project and notice of test-published-cli.c)
 * imported into a file and into its copy on the server, by `kaohe-cli import
 * --published`: the same differences from the recomputed year said, the same rows stored
 * (the server's counted on it), and 2020, whose framework counts rank changes against the
 * published 2019 (baseline="published"), computed the same: k1 and k6 advance one place
 * and take the award (test-published-cli.c's figures); the year's snapshot, with its
 * baseline lines, the same text. */
static void
test_published (void)
{
  g_autofree char *dir = g_dir_make_tmp ("kh-project-compute-pg-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "p.kaohe", NULL);
  g_autofree char *fw_2020 = g_build_filename (dir, "county-2020.xml", NULL);
  g_autofree char *units = units_data ("units.csv");
  g_autofree char *fw = units_data ("county-2019.xml");
  g_autofree char *values = units_data ("county-2019.csv");
  g_autofree char *values_2020 = units_data ("county-2020.csv");
  g_autofree char *notice = units_data ("published-county-2019.csv");
  g_autofree char *source = units_data ("county-2020.xml");
  g_autofree char *xml = NULL;
  g_autofree char *uri = kh_pg_harness_new_database (pg, "published");
  g_auto (GStrv) parts = NULL;
  const char *targets[2];
  g_autoptr (GPtrArray) outputs = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GError) error = NULL;
  KhDb *db;

  g_assert_true (g_file_get_contents (source, &xml, NULL, NULL));
  parts = g_strsplit (xml, "category=\"county\"", 2);
  g_clear_pointer (&xml, g_free);
  xml = g_strjoinv ("category=\"county\" baseline=\"published\"", parts);
  g_assert_true (g_file_set_contents (fw_2020, xml, -1, NULL));
  cli_ok (kh_test_cli_run ("new", path, NULL));
  cli_ok (kh_test_cli_run ("import", path, "--units", units, NULL));
  cli_ok (kh_test_cli_run ("import", path, "--year", "2019", "--framework", fw, NULL));
  cli_ok (kh_test_cli_run ("import", path, "--year", "2019", values, NULL));
  cli_ok (kh_test_cli_run ("import", path, "--year", "2020", "--framework", fw_2020, NULL));
  cli_ok (kh_test_cli_run ("import", path, "--year", "2020", values_2020, NULL));
  cli_ok (kh_test_cli_run ("copy", path, uri, NULL));

  targets[0] = path;
  targets[1] = uri;
  for (guint k = 0; k < G_N_ELEMENTS (targets); k++)
    {
      g_autoptr (KhCliRun) imported = kh_test_cli_run ("import", targets[k], "--year", "2019",
                                                       "--published", notice, NULL);
      g_autoptr (KhCliRun) computed = kh_test_cli_run ("compute", targets[k], "--year",
                                                       "2020", "--format", "json", NULL);
      g_autofree char *expected = NULL;

      if (imported->status != 0)
        g_error ("import --published into %s: %s", targets[k], imported->err);
      g_assert_cmpstr (imported->err, ==, "");
      expected = g_strdup_printf ("%s: results published for 2019 imported (5 units)\n"
                                  "6 differences from the recomputed results:\n"
                                  "  k2 (港闸区): rank: published 3, recomputed 1\n"
                                  "  k2 (港闸区): tier: published 2, recomputed 1\n"
                                  "  k5 (通州区): rank: published 1, recomputed 2\n"
                                  "  k1 (崇川区): rank: published 2, recomputed 3\n"
                                  "  k1 (崇川区): tier: published 1, recomputed 2\n"
                                  "  k1 (崇川区): awards: published 争先进位奖, recomputed —\n",
                                  targets[k]);
      if (k == 0)
        g_assert_cmpstr (imported->out, ==, expected);
      else
        /* The server named as the CLI names it: only the lines after it compared. */
        g_assert_cmpstr (strchr (imported->out, '\n'), ==, strchr (expected, '\n'));
      g_assert_cmpstr (computed->err, ==, "");
      g_assert_cmpint (computed->status, ==, 0);
      g_ptr_array_add (outputs, g_strdup (computed->out));
    }
  g_assert_cmpstr (outputs->pdata[1], ==, outputs->pdata[0]);
  g_assert_nonnull (strstr (outputs->pdata[0], "争先进位奖"));
  db = kh_db_open (uri, &error);
  g_assert_no_error (error);
  g_assert_cmpint (kh_pg_harness_count (db, "SELECT count(*) FROM published_results "
                                            "WHERE year = 2019"),
                   ==, 5);
  g_assert_cmpint (kh_pg_harness_count (db, "SELECT count(*) FROM audit_log "
                                            "WHERE action = 'published' AND year = 2019"),
                   ==, 1);
  kh_db_close (db);
  {
    KhProject *file = kh_project_open (path, &error);
    KhProject *server;
    g_autofree char *a = NULL;
    g_autofree char *b = NULL;

    g_assert_no_error (error);
    server = kh_project_open (uri, &error);
    g_assert_no_error (error);
    a = kh_project_snapshot (file, 2020, &error);
    g_assert_no_error (error);
    b = kh_project_snapshot (server, 2020, &error);
    g_assert_no_error (error);
    g_assert_nonnull (strstr (a, "\nbaseline\tk1\t"));
    g_assert_cmpstr (b, ==, a);
    kh_project_close (server);
    kh_project_close (file);
  }
  kh_test_remove_dir (dir);
}

int
main (int    argc,
      char **argv)
{
  /* The time of stored results and audit rows, the same on both stores. */
  g_setenv ("SOURCE_DATE_EPOCH", "1600000000", TRUE);
  g_test_init (&argc, &argv, NULL);
  if (kh_pg_harness_start_if_installed (&pg, "/project-compute-pg/pg"))
    {
      g_test_add ("/project-compute-pg/datasets", Fixture, NULL, fixture_set_up, test_datasets,
                  fixture_tear_down);
      g_test_add ("/project-compute-pg/plans", Fixture, NULL, fixture_set_up, test_plans,
                  fixture_tear_down);
      g_test_add ("/project-compute-pg/results", Fixture, NULL, fixture_set_up, test_results,
                  fixture_tear_down);
      g_test_add ("/project-compute-pg/cli", Fixture, NULL, fixture_set_up, test_cli,
                  fixture_tear_down);
      g_test_add ("/project-compute-pg/flags", Fixture, NULL, fixture_set_up, test_flags,
                  fixture_tear_down);
      g_test_add_func ("/project-compute-pg/collation", test_collation);
      g_test_add_func ("/project-compute-pg/published", test_published);
    }
  return kh_pg_harness_run_and_stop (&pg);
}
