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

#include "io/kh-db-copy.h"
#include "io/kh-db.h"
#include "io/kh-project-compute.h"
#include "io/kh-project-private.h"
#include "io/kh-project.h"
#include "kh-pg-harness.h"
#include "kh-test-files.h"

static KhPgHarness *pg;

typedef struct
{
  char *dir;
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
  g_autofree char *path = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *uri = kh_pg_harness_new_database (pg, "compute_sample");
  gsize length = 0;
  KhDb *src, *dst;

  /* A copy of the sample (never the built one itself), then onto the server. */
  f->dir = g_dir_make_tmp ("kh-project-compute-pg-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (f->dir, "sample.kaohe", NULL);
  g_assert_true (g_file_get_contents (sample, &contents, &length, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_set_contents (path, contents, (gssize) length, &error));
  g_assert_no_error (error);
  src = kh_db_open (path, &error);
  g_assert_no_error (error);
  dst = kh_db_open (uri, &error);
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

  f->file = kh_project_open (path, &error);
  g_assert_no_error (error);
  f->server = kh_project_open (uri, &error);
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

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  if (kh_pg_harness_start_if_installed (&pg, "/project-compute-pg/pg"))
    {
      g_test_add ("/project-compute-pg/datasets", Fixture, NULL, fixture_set_up, test_datasets,
                  fixture_tear_down);
      g_test_add ("/project-compute-pg/plans", Fixture, NULL, fixture_set_up, test_plans,
                  fixture_tear_down);
    }
  return kh_pg_harness_run_and_stop (&pg);
}
