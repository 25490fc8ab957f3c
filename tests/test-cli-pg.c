/* test-cli-pg.c — kaohe-cli's read commands on a file and on its copy on PostgreSQL
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Issue 19: the bundled sample copied into a throwaway server's database (kh_db_copy(), as
 * `kaohe-cli copy` does), its rows updated in place and the server kept from its indexes so
 * that nothing may rest on the order a scan returns rows in (as test-project-compute-pg.c
 * does), its collation not byte order; then audit, status, chart, health, registry,
 * sensitivity, weights and recommend run on the file and on the server: the same exit
 * status, the same standard output and the same files written (text, CSV, JSON, PNG,
 * PDF), byte for byte. The file is the reference. An evaluator's login, which sees only the values of its scopes, is compared
 * with its checkout (`kaohe-cli checkout`), which holds those values: that is what the
 * commands give it, documented in README. The cases that only read share one copy (made
 * by the first of them); those that write (a stored spec, roles and grants, rows added,
 * recommendations) each make their own. Skipped only when PostgreSQL's programs are not
 * installed.
 */
#include "config.h"

#include <string.h>

#include "io/kh-db-copy.h"
#include "io/kh-db-server.h"
#include "io/kh-db.h"
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
  const char *targets[2]; /* the reference, then the target compared with it */
} Fixture;

/* The database @name, new, whose texts sort by ICU with letters before digits
 * before punctuation ("nanjing-x" after "nanjinga", "a_1" after "a1" after "ab"), unlike
 * SQLite's byte order: an ORDER BY on the server's collation orders differently. */
static char *
new_database (const char *name)
{
  KhDb *admin = kh_pg_harness_open (pg);
  g_autofree char *drop = g_strdup_printf ("DROP DATABASE IF EXISTS %s", name);
  g_autofree char *create = g_strdup_printf ("CREATE DATABASE %s TEMPLATE template0 "
                                             "LOCALE_PROVIDER icu "
                                             "ICU_LOCALE 'und-u-kr-latn-digit-punct' "
                                             "LOCALE 'C'", name);

  kh_pg_harness_exec (admin, drop);
  kh_pg_harness_exec (admin, create);
  kh_db_close (admin);
  return kh_pg_harness_uri_of (pg, name);
}

/* The sample in a new folder and in the new database @name, as described above. */
static void
fixture_make (Fixture    *f,
              const char *name)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *sample = g_build_filename (g_getenv ("KH_BUILD_ROOT"), "data", "samples",
                                              "jiangsu-sample.kaohe", NULL);
  g_autofree char *contents = NULL;
  gsize length = 0;
  KhDb *src, *dst;

  f->dir = g_dir_make_tmp ("kh-cli-pg-XXXXXX", &error);
  g_assert_no_error (error);
  f->path = g_build_filename (f->dir, "sample.kaohe", NULL);
  f->uri = new_database (name);
  g_assert_true (g_file_get_contents (sample, &contents, &length, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_set_contents (f->path, contents, (gssize) length, &error));
  g_assert_no_error (error);
  src = kh_db_open (f->path, &error);
  g_assert_no_error (error);
  dst = kh_db_open (f->uri, &error);
  g_assert_no_error (error);
  /* Not byte order: '-' (0x2d) and '1' (0x31) sort after 'b' (0x62). */
  g_assert_cmpint (kh_pg_harness_count (dst, "SELECT ('a-' > 'ab' AND 'a1' > 'ab' AND "
                                             "'a_' > 'a1')::int"), ==, 1);
  g_assert_true (kh_db_copy (src, dst, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  /* Rows updated in place go to the end of the server's heap: the first unit of each
   * unsealed year, the first field's values, the first category's frameworks now come
   * last from a scan, which is the only plan the server is let use. */
  kh_pg_harness_exec (dst, "UPDATE data_values SET value = value WHERE field = "
                           "(SELECT MIN (d.field) FROM data_values d "
                           "WHERE d.year = data_values.year) AND year IN "
                           "(SELECT year FROM years WHERE sealed = 0)");
  kh_pg_harness_exec (dst, "UPDATE unit_years SET name_zh = name_zh WHERE unit_id = "
                           "(SELECT MIN (y.unit_id) FROM unit_years y "
                           "WHERE y.year = unit_years.year) AND year IN "
                           "(SELECT year FROM years WHERE sealed = 0)");
  kh_pg_harness_exec (dst, "UPDATE frameworks SET xml = xml WHERE category_id = "
                           "(SELECT MIN (category_id) FROM frameworks) AND year IN "
                           "(SELECT year FROM years WHERE sealed = 0)");
  for (guint i = 0; i < 3; i++)
    {
      static const char *const scans[] = { "indexscan", "indexonlyscan", "bitmapscan" };
      g_autofree char *off = g_strdup_printf ("ALTER DATABASE %s SET enable_%s = off", name,
                                              scans[i]);

      kh_pg_harness_exec (dst, off);
    }
  kh_db_close (src);
  kh_db_close (dst);
  f->targets[0] = f->path;
  f->targets[1] = f->uri;
}

/* A case that writes: the sample copied anew into "cli_sample". */
static void
fixture_set_up (Fixture      *f,
                gconstpointer data)
{
  fixture_make (f, "cli_sample");
}

static void
fixture_free (Fixture *f)
{
  kh_test_remove_dir (f->dir);
  g_free (f->dir);
  g_free (f->path);
  g_free (f->uri);
}

static void
fixture_tear_down (Fixture      *f,
                   gconstpointer data)
{
  fixture_free (f);
}

/* The cases that only read share one copy, "cli_read", made by the first of them and
 * removed at the end (the copy is most of a case's time, the more so under ASan). Each
 * case's files are written under names of its own. */
static Fixture shared;

static void
shared_set_up (Fixture      *f,
               gconstpointer data)
{
  if (shared.dir == NULL)
    fixture_make (&shared, "cli_read");
  *f = shared;
}

static void
shared_tear_down (Fixture      *f,
                  gconstpointer data)
{
}

static char *
output_path (Fixture    *f,
             const char *name,
             guint       k)
{
  const char *dot = strrchr (name, '.');

  g_assert_nonnull (dot);
  return g_strdup_printf ("%s/%.*s-%u%s", f->dir, (int) (dot - name), name, k, dot);
}

static KhCliRun *
run_on (Fixture           *f,
        guint              k,
        const char *const *args)
{
  const char *const env[] = { "SOURCE_DATE_EPOCH=1600000000", "KAOHE_USER=alice", NULL };
  g_autoptr (GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);

  /* args: the command, then its arguments; "@" the project, "%" a file in the folder
   * named after the target ("%out.png": out-0.png or out-1.png). */
  for (guint i = 0; args[i] != NULL; i++)
    {
      if (strcmp (args[i], "@") == 0)
        g_ptr_array_add (argv, g_strdup (f->targets[k]));
      else if (args[i][0] == '%')
        g_ptr_array_add (argv, output_path (f, args[i] + 1, k));
      else
        g_ptr_array_add (argv, g_strdup (args[i]));
    }
  g_ptr_array_add (argv, NULL);
  return kh_test_cli_runv_env (env, (const char *const *) argv->pdata);
}

static char *
read_output (Fixture    *f,
             const char *name,
             guint       k,
             gsize      *length)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *path = output_path (f, name, k);
  char *contents = NULL;

  g_assert_true (g_file_get_contents (path, &contents, length, &error));
  g_assert_no_error (error);
  return contents;
}

/* A chart's PDF says when it was drawn (cairo's CreationDate, to the second, whatever
 * SOURCE_DATE_EPOCH says): the only bytes two exports of the same chart may differ in,
 * from the same store too. Zeros in its place. */
static void
mask_creation_date (char *contents,
                    gsize length)
{
  static const char key[] = "/CreationDate (D:";
  const char *end = contents + length;

  for (char *at = contents; at + sizeof key - 1 + 14 <= end; at++)
    if (memcmp (at, key, sizeof key - 1) == 0)
      memset (at + sizeof key - 1, '0', 14);
}

/* Runs @args on the file, then on the server: the same status, output and messages (the
 * target's name aside), and each file "%NAME" written byte for byte the same and not
 * empty; the file's standard output. */
static char *
assert_same (Fixture           *f,
             int                expected_status,
             const char *const *args)
{
  g_autoptr (KhCliRun) file = run_on (f, 0, args);
  g_autoptr (KhCliRun) server = run_on (f, 1, args);
  g_autoptr (GString) server_err = g_string_new (server->err);
  g_autoptr (GString) server_out = g_string_new (server->out);

  if (file->status != expected_status || server->status != file->status)
    g_test_message ("%s: file %d: %s\nserver %d: %s", args[0], file->status, file->err,
                    server->status, server->err);
  g_assert_cmpint (file->status, ==, expected_status);
  g_assert_cmpint (server->status, ==, file->status);
  /* The names of the target and of the files written aside. */
  g_string_replace (server_err, f->targets[1], f->targets[0], 0);
  for (guint i = 0; args[i] != NULL; i++)
    if (args[i][0] == '%')
      {
        g_autofree char *a = output_path (f, args[i] + 1, 0);
        g_autofree char *b = output_path (f, args[i] + 1, 1);

        g_string_replace (server_err, b, a, 0);
        g_string_replace (server_out, b, a, 0);
      }
  g_assert_cmpstr (server_err->str, ==, file->err);
  g_assert_cmpstr (server_out->str, ==, file->out);
  for (guint i = 0; args[i] != NULL; i++)
    if (args[i][0] == '%')
      {
        gsize a_length = 0, b_length = 0;
        g_autofree char *a = read_output (f, args[i] + 1, 0, &a_length);
        g_autofree char *b = read_output (f, args[i] + 1, 1, &b_length);

        g_assert_cmpuint (a_length, >, 100);
        g_assert_cmpuint (b_length, ==, a_length);
        mask_creation_date (a, a_length);
        mask_creation_date (b, b_length);
        g_assert_true (memcmp (a, b, a_length) == 0);
      }
  return g_strdup (file->out);
}

static void
test_status (Fixture      *f,
             gconstpointer data)
{
  const char *const text[] = { "status", "@", "--year", "2020", NULL };
  const char *const csv[] = { "status", "@", "--year", "2020", "--format", "csv", NULL };
  g_autofree char *a = assert_same (f, 0, text);
  g_autofree char *b = assert_same (f, 0, csv);

  g_assert_cmpuint (strlen (a), >, 500);
  g_assert_cmpuint (strlen (b), >, 500);
}

static void
test_audit (Fixture      *f,
            gconstpointer data)
{
  const char *const text[] = { "audit", "@", "--year", "2020", "--group", "counties",
                               "--heatmap", "%heatmap.png", NULL };
  const char *const json[] = { "audit", "@", "--year", "2020", "--group", "cities",
                               "--format", "json", NULL };
  g_autofree char *a = assert_same (f, 0, text);
  g_autofree char *b = assert_same (f, 0, json);

  g_assert_cmpuint (strlen (a), >, 500);
  g_assert_cmpuint (strlen (b), >, 500);
}

static void
test_chart (Fixture      *f,
            gconstpointer data)
{
  const char *const bump[] = { "chart", "@", "--type", "bump", "--group", "counties",
                               "--years", "2018-2020", "-o", "%bump.png", NULL };
  const char *const bars[] = { "chart", "@", "--type", "bars", "--category", "university",
                               "--years", "2020", "--lang", "zh_CN", "-o", "%bars.pdf", NULL };
  g_autofree char *a = assert_same (f, 0, bump);
  g_autofree char *b = assert_same (f, 0, bars);
}

static void
test_health (Fixture      *f,
             gconstpointer data)
{
  const char *const counties[] = { "health", "@", "--year", "2020", "--group", "counties", NULL };
  const char *const all[] = { "health", "@", "--year", "2020", "--group", "economic", NULL };
  g_autofree char *a = assert_same (f, 0, counties);
  g_autofree char *b = assert_same (f, 0, all);

  g_assert_cmpuint (strlen (a), >, 500);
  g_assert_cmpuint (strlen (b), >, 500);
}

static void
test_registry (Fixture      *f,
               gconstpointer data)
{
  const char *const all[] = { "registry", "@", NULL };
  const char *const csv[] = { "registry", "@", "--category", "county", "--format", "csv", NULL };
  g_autofree char *a = assert_same (f, 0, all);
  g_autofree char *b = assert_same (f, 0, csv);

  g_assert_cmpuint (strlen (a), >, 500);
  g_assert_cmpuint (strlen (b), >, 500);
  {
    /* An indicator in no year: refused, the server named without the password its URI
     * was given with. */
    g_autofree char *secret = g_strdup_printf ("%s&password=hush", f->uri);
    g_autofree char *said = g_strdup_printf ("postgresql://kaohe@/cli_read?host=%s: no "
                                             "indicator “nowhere” in any year\n",
                                             kh_pg_harness_dir (pg));
    const char *const args[] = { "registry", secret, "--indicator", "nowhere", NULL };
    g_autoptr (KhCliRun) run = kh_test_cli_runv (args);

    g_assert_cmpint (run->status, ==, 1);
    g_assert_cmpstr (run->err, ==, said);
  }
}

static void
test_sensitivity (Fixture      *f,
                  gconstpointer data)
{
  const char *const run[] = { "sensitivity", "@", "--year", "2020", "--group", "cities",
                              "--runs", "64", "--seed", "7", "--threads", "1",
                              "--intervals-chart", "%intervals.png", NULL };
  const char *const json[] = { "sensitivity", "@", "--year", "2020", "--group", "cities",
                               "--runs", "64", "--seed", "7", "--threads", "1",
                               "--format", "json", NULL };
  g_autofree char *spec = g_build_filename (f->dir, "spec.ini", NULL);
  const char *const store[] = { "sensitivity", "@", "--year", "2020", "--group", "cities",
                                "--store-spec", spec, NULL };
  const char *const stored[] = { "sensitivity", "@", "--year", "2020", "--group", "cities",
                                 "--seed", "7", "--threads", "1", "--format", "csv", NULL };
  g_autofree char *a = assert_same (f, 0, run);
  g_autofree char *b = assert_same (f, 0, json);
  g_autofree char *c = NULL, *d = NULL;
  g_autoptr (GError) error = NULL;

  g_assert_cmpuint (strlen (a), >, 500);
  g_assert_cmpuint (strlen (b), >, 500);
  /* A spec stored (written, audited) on both, then used by a run without --spec. */
  g_assert_true (g_file_set_contents (spec, "[sensitivity]\nruns = 64\n[input economy]\n"
                                            "kind = weights\nchildren = economy\n"
                                            "range = 40%\n", -1, &error));
  g_assert_no_error (error);
  c = assert_same (f, 0, store);
  g_assert_cmpstr (c, ==, "Stored the sensitivity spec of 2020 “city”\n");
  d = assert_same (f, 0, stored);
  g_assert_nonnull (strstr (d, ",first:economy,total:economy\n"));
}

static void
test_weights (Fixture      *f,
              gconstpointer data)
{
  const char *const entropy[] = { "weights", "@", "--year", "2020", "--group", "counties",
                                  "--node", "economy", "--method", "entropy", NULL };
  const char *const critic[] = { "weights", "@", "--year", "2020", "--category", "county",
                                 "--node", "development", "--method", "critic", NULL };
  g_autofree char *a = assert_same (f, 0, entropy);
  g_autofree char *b = assert_same (f, 0, critic);

  g_assert_cmpuint (strlen (a), >, 500);
  g_assert_cmpuint (strlen (b), >, 500);
}

static void
test_recommend (Fixture      *f,
                gconstpointer data)
{
  const char *const enter[] = { "recommend", "@", "--year", "2020", "--city", "nanjing",
                                "--counties", "nanjing-pukou,nanjing-gulou", NULL };
  const char *const clear[] = { "recommend", "@", "--year", "2020", "--city", "nanjing",
                                "--clear", NULL };
  g_autofree char *a = assert_same (f, 0, enter);
  g_autofree char *b = assert_same (f, 0, clear);

  g_assert_nonnull (strstr (a, "Pukou District, Nanjing (rank 11): accepted"));
  g_assert_nonnull (strstr (b, ": by the rule\n"));
}

/* A URI given with a password: every message naming the project names it without (as
 * the project does, or as given less the password where no project is open yet). */
static void
test_password (Fixture      *f,
               gconstpointer data)
{
  g_autofree char *secret = g_strdup_printf ("%s&password=hush", f->uri);
  g_autofree char *opened = g_strdup_printf ("postgresql://kaohe@/cli_read?host=%s",
                                             kh_pg_harness_dir (pg));
  const char *const compute[] = { "compute", secret, "--year", "2020", "--group", "nowhere",
                                  NULL };
  const char *const weights[] = { "weights", secret, "--year", "2020", "--group", "counties",
                                  "--node", "nowhere", "--method", "entropy", NULL };
  const char *const history[] = { "history", secret, "--year", "1999", NULL };
  const char *const units[] = { "units", secret, "--year", "1999", NULL };
  struct { const char *const *args; char *said; gboolean prefix; } cases[] = {
    { compute, g_strdup_printf ("%s: no framework of 2020 has a group “nowhere”\n", f->uri),
      FALSE },
    { weights, g_strdup_printf ("%s: ", f->uri), TRUE },
    { history, g_strdup_printf ("%s: year 1999 has no framework\n", opened), FALSE },
    { units, g_strdup_printf ("%s: the project has no year 1999\n", opened), FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (KhCliRun) run = kh_test_cli_runv (cases[i].args);

      g_test_message ("%s: %s", cases[i].args[0], run->err);
      g_assert_cmpint (run->status, ==, 1);
      g_assert_null (strstr (run->err, "hush"));
      if (cases[i].prefix)
        g_assert_true (g_str_has_prefix (run->err, cases[i].said));
      else
        g_assert_cmpstr (run->err, ==, cases[i].said);
      g_free (cases[i].said);
    }
}

/* An evaluator's login reads only the values of its scopes (row-level security): every
 * command computes from what the login sees, as from the login's checkout, which holds
 * exactly that. ann may see two counties of Nanjing: the same output and files from the
 * server as ann and from ann's checkout, byte for byte, and not those of the whole
 * project. Entering a city's recommendations, the administrator's, is refused ann. */
static void
test_evaluator (Fixture      *f,
                gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  const char *const ann_units[] = { "nanjing-pukou", "nanjing-gulou", NULL };
  const char *const env[] = { "SOURCE_DATE_EPOCH=1600000000", "KAOHE_USER=ann", NULL };
  g_autofree char *ann = g_strdup_printf ("postgresql:///cli_sample?host=%s&user=ann",
                                          kh_pg_harness_dir (pg));
  g_autofree char *copy = g_build_filename (f->dir, "ann.kaohe", NULL);
  const char *const take[] = { "checkout", ann, copy, NULL };
  const char *const status[] = { "status", "@", "--year", "2020", "--format", "csv", NULL };
  const char *const audit[] = { "audit", "@", "--year", "2020", "--group", "counties", NULL };
  const char *const health[] = { "health", "@", "--year", "2020", "--group", "counties", NULL };
  const char *const weights[] = { "weights", "@", "--year", "2020", "--group", "counties",
                                  "--node", "economy", "--method", "entropy", NULL };
  const char *const chart[] = { "chart", "@", "--type", "bump", "--group", "counties",
                                "--years", "2019-2020", "-o", "%ann-bump.png", NULL };
  const char *const sensitivity[] = { "sensitivity", "@", "--year", "2020", "--group",
                                      "counties", "--runs", "32", "--seed", "3", "--threads",
                                      "1", "--format", "csv", NULL };
  g_autoptr (KhCliRun) taken = NULL;
  g_autofree char *whole_status = NULL, *whole_audit = NULL;
  g_autofree char *ann_status = NULL, *ann_audit = NULL, *out = NULL;
  KhDb *raw = kh_db_open (f->uri, &error);

  g_assert_no_error (error);
  g_assert_true (kh_db_server_init (raw, &error));
  g_assert_no_error (error);
  kh_pg_harness_exec (raw, "DO $$ BEGIN\n"
                           "  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'ann') THEN\n"
                           "    CREATE ROLE ann LOGIN IN ROLE kaohe_evaluator; END IF;\n"
                           "END $$");
  g_assert_true (kh_db_server_grant (raw, "ann", "county", ann_units, NULL, NULL, &error));
  g_assert_no_error (error);
  kh_db_close (raw);
  taken = kh_test_cli_runv_env (env, take);
  g_assert_cmpstr (taken->err, ==, "");
  g_assert_cmpint (taken->status, ==, 0);

  /* The whole project, as the file gives it. */
  whole_status = assert_same (f, 0, status);
  whole_audit = assert_same (f, 0, audit);
  /* ann: the checkout is the reference, the server as ann compared with it. */
  f->targets[0] = copy;
  f->targets[1] = ann;
  ann_status = assert_same (f, 0, status);
  ann_audit = assert_same (f, 0, audit);
  g_assert_cmpstr (ann_status, !=, whole_status);
  g_assert_cmpstr (ann_audit, !=, whole_audit);
  out = assert_same (f, 0, health);
  g_clear_pointer (&out, g_free);
  out = assert_same (f, 0, weights);
  g_clear_pointer (&out, g_free);
  out = assert_same (f, 0, chart);
  g_clear_pointer (&out, g_free);
  out = assert_same (f, 0, sensitivity);
  {
    const char *const rec[] = { "recommend", ann, "--year", "2020", "--city", "nanjing",
                                "--counties", "nanjing-pukou", NULL };
    g_autoptr (KhCliRun) run = kh_test_cli_runv_env (env, rec);
    g_autofree char *said = g_strdup_printf ("postgresql://ann@/cli_sample?host=%s: storing the "
                                             "recommendations: permission denied for table ",
                                             kh_pg_harness_dir (pg));

    /* Entering a list is the administrator's: refused, named once, not as the URI given. */
    g_assert_cmpint (run->status, ==, 1);
    g_assert_cmpstr (run->out, ==, "");
    g_assert_true (g_str_has_prefix (run->err, said));
    g_assert_true (strchr (run->err, '\n') == run->err + strlen (run->err) - 1);
  }
}

/* A year's categories in the byte order of their ids, on the server as in the file
 * (SQLite's ORDER BY), not in the database's collation: "c-1" < "c1" < "c_" < "ca" by
 * their bytes, "ca" < "county" < "c1" < "c_" < "c-1" on this server. */
static void
test_category_order (Fixture      *f,
                     gconstpointer data)
{
  const char *const expected[] = { "agency", "c-1", "c1", "c_", "ca", "city", "county",
                                   "university", NULL };

  for (guint k = 0; k < 2; k++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (GPtrArray) categories = NULL;
      g_autoptr (KhProject) project = NULL;
      KhDb *db = kh_db_open (f->targets[k], &error);

      g_assert_no_error (error);
      kh_pg_harness_exec (db, "INSERT INTO categories (id, name_zh) VALUES ('c1', 'x'), "
                              "('ca', 'x'), ('c-1', 'x'), ('c_', 'x')");
      kh_pg_harness_exec (db, "INSERT INTO frameworks (year, category_id, xml) VALUES "
                              "(2020, 'c1', 'x'), (2020, 'ca', 'x'), (2020, 'c-1', 'x'), "
                              "(2020, 'c_', 'x')");
      kh_db_close (db);
      project = kh_project_open (f->targets[k], &error);
      g_assert_no_error (error);
      categories = kh_project_get_categories (project, 2020);
      g_ptr_array_add (categories, NULL);
      g_assert_cmpstrv ((const char *const *) categories->pdata, expected);
    }
}

int
main (int    argc,
      char **argv)
{
  int status;

  g_setenv ("SOURCE_DATE_EPOCH", "1600000000", TRUE);
  g_test_init (&argc, &argv, NULL);
  if (kh_pg_harness_start_if_installed (&pg, "/cli-pg/pg"))
    {
      /* Read-only: one copy among them. */
      g_test_add ("/cli-pg/status", Fixture, NULL, shared_set_up, test_status,
                  shared_tear_down);
      g_test_add ("/cli-pg/audit", Fixture, NULL, shared_set_up, test_audit, shared_tear_down);
      g_test_add ("/cli-pg/chart", Fixture, NULL, shared_set_up, test_chart, shared_tear_down);
      g_test_add ("/cli-pg/health", Fixture, NULL, shared_set_up, test_health,
                  shared_tear_down);
      g_test_add ("/cli-pg/registry", Fixture, NULL, shared_set_up, test_registry,
                  shared_tear_down);
      g_test_add ("/cli-pg/weights", Fixture, NULL, shared_set_up, test_weights,
                  shared_tear_down);
      g_test_add ("/cli-pg/password", Fixture, NULL, shared_set_up, test_password,
                  shared_tear_down);
      /* They write: each its own copy. */
      g_test_add ("/cli-pg/sensitivity", Fixture, NULL, fixture_set_up, test_sensitivity,
                  fixture_tear_down);
      g_test_add ("/cli-pg/evaluator", Fixture, NULL, fixture_set_up, test_evaluator,
                  fixture_tear_down);
      g_test_add ("/cli-pg/category-order", Fixture, NULL, fixture_set_up, test_category_order,
                  fixture_tear_down);
      g_test_add ("/cli-pg/recommend", Fixture, NULL, fixture_set_up, test_recommend,
                  fixture_tear_down);
    }
  status = kh_pg_harness_run_and_stop (&pg);
  if (shared.dir != NULL)
    fixture_free (&shared);
  return status;
}
