/* test-project-cli.c — kaohe-cli new, import, export, seal and verify; a year of two
 * categories in compute, explain and export
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Issue 19: each case runs on project files (/project-cli/sqlite/…) and on projects in a
 * throwaway PostgreSQL server's databases (/project-cli/pg/…, kh-pg-harness.h), kaohe-cli
 * given their postgresql:// URIs, the same assertions on both. A server's project is made
 * as kaohe-cli new makes a file, then copied into a database of its own (kaohe-cli copy:
 * the same "create" audit row); everything after runs on the server. A writer named with
 * --user on a file is, on a server, the login of that name (--user is refused there).
 * Building the same bytes twice is about the file: SQLite only.
 */
#include "config.h"

#include <glib/gstdio.h>
#include <sqlite3.h>

#include "kh-pg-harness.h"
#include "kh-test-cli.h"
#include "kh-test-files.h"

static char *tmp_dir;
static KhPgHarness *pg;
static KhDbBackend store;  /* the case's store */
/* The program's databases so far (cli_0, cli_1, …): each project gets a new one, never
 * one whose last kaohe-cli's session the server may still be ending (DROP DATABASE would
 * be refused while it is). */
static guint n_databases;

static char *
data_path (const char *dir,
           const char *name)
{
  return g_build_filename (g_getenv ("KH_SOURCE_ROOT"), "tests", "data", dir, name, NULL);
}

static char *
tmp_path (const char *name)
{
  return g_build_filename (tmp_dir, name, NULL);
}

static void
assert_ok (KhCliRun *run)
{
  if (run->status != 0)
    g_error ("kaohe-cli failed (%d): %s", run->status, run->err);
}

/* The case's store, from its test data (the fixture holds nothing else). */
typedef struct
{
  KhDbBackend store;
} Fixture;

static void
fixture_set_up (Fixture      *f,
                gconstpointer data)
{
  f->store = store = GPOINTER_TO_INT (data);
}

/* A new empty project made by kaohe-cli new (by @user, NULL: KAOHE_USER), as the file
 * tmp_path (@name), or on the server: that file copied into a new database of its own
 * (kaohe-cli copy), the file removed; its path or URI. */
static char *
create_project (const char *name,
                const char *user)
{
  g_autofree char *path = tmp_path (name);
  g_autofree char *dbname = NULL;
  g_autofree char *uri = NULL;
  g_autoptr (KhCliRun) created = NULL;
  g_autoptr (KhCliRun) copied = NULL;

  g_unlink (path);
  created = user != NULL ? kh_test_cli_run ("new", path, "--user", user, NULL)
                         : kh_test_cli_run ("new", path, NULL);
  assert_ok (created);
  g_assert_true (g_str_has_suffix (created->out, ": created\n"));
  if (store == KH_DB_SQLITE)
    return g_steal_pointer (&path);
  dbname = g_strdup_printf ("cli_%u", n_databases++);
  uri = kh_pg_harness_new_database (pg, dbname);
  copied = kh_test_cli_run ("copy", path, uri, NULL);
  assert_ok (copied);
  g_unlink (path);
  return g_steal_pointer (&uri);
}

/* @project (from create_project()) as the writer @user: the same file, or on a server the
 * same database as the login @user. */
static char *
project_as (const char *project,
            const char *user)
{
  g_autofree char *dbname = NULL;
  const char *slash = strstr (project, ":///");

  if (store == KH_DB_SQLITE)
    return g_strdup (project);
  g_assert_nonnull (slash);
  dbname = g_strndup (slash + 4, strcspn (slash + 4, "?"));
  return kh_pg_harness_uri_as (pg, dbname, user);
}

/* verify's line on the chain: its first on a file; on a server after the line saying what
 * cannot be checked there (the pages of the database). */
static const char *
chain_line (const char *out)
{
  const char *line;

  if (store == KH_DB_SQLITE)
    return out;
  g_assert_nonnull (strstr (out, ": not checked: the pages of the database"));
  line = strstr (out, "\nchain head: ");
  g_assert_nonnull (line);
  return line + 1;
}

/* new + units + framework 2020; returns the project path. */
static char *
new_project (const char *name)
{
  g_autofree char *path = create_project (name, "alice");
  g_autofree char *units = data_path ("project", "units.csv");
  g_autofree char *fw = data_path ("project", "framework-2020.xml");
  g_autoptr (KhCliRun) with_units = NULL;
  g_autoptr (KhCliRun) with_fw = NULL;

  with_units = kh_test_cli_run ("import", path, "--units", units, NULL);
  assert_ok (with_units);
  g_assert_true (g_str_has_suffix (with_units->out, ": 5 units imported\n"));
  /* A positional .xml file is a framework, as --framework is. */
  with_fw = kh_test_cli_run ("import", path, "--year", "2020", fw, NULL);
  assert_ok (with_fw);
  g_assert_true (g_str_has_suffix (with_fw->out, ": framework of 2020 imported\n"));
  return g_steal_pointer (&path);
}

static char *
export_data (const char *project,
             const char *name)
{
  g_autofree char *out = tmp_path (name);
  g_autoptr (KhCliRun) run = kh_test_cli_run ("export", project, "--year", "2020", "--data",
                                              "--bom", "-o", out, NULL);
  char *text = NULL;

  assert_ok (run);
  g_assert_true (g_file_get_contents (out, &text, NULL, NULL));
  return text;
}

static const char expected_data[] = "\xEF\xBB\xBFunit,name,gdp,pm25,pop\r\n"
                                    "nanjing,南京市,14817.95,31,931.5\r\n"
                                    "nantong,南通市,10036.3,,772.7\r\n"
                                    "suzhou,苏州市,20170.5,33,1274.8\r\n";

static void
test_cli_import_encodings (Fixture      *f,
                           gconstpointer user_data)
{
  /* The same nine values as UTF-8 wide, GBK wide (units by Chinese name) and UTF-16LE
   * long: every project exports the same data sheet. */
  static const char *const files[][3] = {
    { "project", "data-2020.csv", "UTF-8" },
    { "csv", "data-2020-gbk.csv", "GB18030" },
    { "csv", "data-2020-long-utf16.csv", "UTF-16LE" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autofree char *name = g_strdup_printf ("enc-%u.kaohe", i);
      g_autofree char *project = new_project (name);
      g_autofree char *data = data_path (files[i][0], files[i][1]);
      g_autoptr (KhCliRun) run = kh_test_cli_run ("import", project, "--year", "2020", data, NULL);
      g_autofree char *exported = NULL;
      g_autofree char *said = g_strdup_printf (": 9 values imported into 2020 (%s)\n",
                                               files[i][2]);

      g_test_message ("%s", files[i][1]);
      assert_ok (run);
      /* The detected encoding is reported. */
      g_assert_true (g_str_has_suffix (run->out, said));
      exported = export_data (project, "enc.csv");
      g_assert_cmpstr (exported, ==, expected_data);
    }
}

static void
test_cli_import_errors (Fixture      *f,
                        gconstpointer user_data)
{
  g_autofree char *project = new_project ("errors.kaohe");
  g_autofree char *bad = data_path ("project", "data-2020-bad.csv");
  g_autofree char *gbk = data_path ("csv", "data-2020-gbk.csv");
  g_autofree char *malformed = data_path ("csv", "unterminated.csv");
  g_autofree char *broken_xlsx = data_path ("xlsx", "broken-sheet.xlsx");
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autoptr (KhCliRun) verify_before = kh_test_cli_run ("verify", project, NULL);
  g_autoptr (KhCliRun) run = NULL;
  g_autoptr (KhCliRun) verify_after = NULL;

  assert_ok (verify_before);
  run = kh_test_cli_run ("import", project, "--year", "2020", bad, NULL);
  g_assert_cmpint (run->status, ==, 1);
  /* A column that names no field of the year (area) is ignored with a notice, printed
   * before the problems; none of gdp, pm25, pop is near enough to suggest. */
  g_assert_cmpstr (run->err, ==,
                   "data-2020-bad.csv: row 1, column 5: column “area” ignored\n"
                   "data-2020-bad.csv: row 3, column 1: unknown unit “shanghai”\n"
                   "data-2020-bad.csv: row 5, column 1: unit “港闸区” does not exist in 2020 "
                   "(it ended in 2019)\n"
                   "data-2020-bad.csv: row 6, column 1: unit “崇川区” is in category “county”, "
                   "which has no framework in 2020\n");
  g_clear_pointer (&run, kh_cli_run_free);

  /* GBK read as UTF-8: "unit,name,gdp,pm25,pop\r\n" is 24 bytes; 南 (C4 CF) is invalid. */
  run = kh_test_cli_run ("import", project, "--year", "2020", "--encoding", "UTF-8", gbk, NULL);
  g_assert_cmpint (run->status, ==, 1);
  g_assert_true (g_str_has_suffix (run->err, "data-2020-gbk.csv: invalid UTF-8 byte sequence at "
                                             "byte offset 24\n"));
  g_clear_pointer (&run, kh_cli_run_free);

  run = kh_test_cli_run ("import", project, "--year", "2020", malformed, NULL);
  g_assert_cmpint (run->status, ==, 1);
  g_assert_true (g_str_has_suffix (run->err, "unterminated.csv:3:8: quoted field is not closed "
                                             "before the end of the file\n"));
  g_clear_pointer (&run, kh_cli_run_free);

  run = kh_test_cli_run ("import", project, "--year", "2020", broken_xlsx, NULL);
  g_assert_cmpint (run->status, ==, 1);
  g_assert_nonnull (strstr (run->err, "broken-sheet.xlsx:xl/worksheets/sheet1.xml:3:47: "));
  g_clear_pointer (&run, kh_cli_run_free);

  {
    g_autofree char *fw2021 = data_path ("project", "framework-2021.xml");

    run = kh_test_cli_run ("import", project, "--year", "2020", "--framework", fw2021, NULL);
    g_assert_cmpint (run->status, ==, 1);
    g_assert_true (g_str_has_suffix (run->err, "framework-2021.xml: the framework is for 2021, "
                                               "not 2020\n"));
    g_clear_pointer (&run, kh_cli_run_free);
  }

  /* Nothing of it reached the project: the audit chain has the same head. */
  verify_after = kh_test_cli_run ("verify", project, NULL);
  assert_ok (verify_after);
  g_assert_cmpstr (verify_after->out, ==, verify_before->out);

  /* Usage errors */
  run = kh_test_cli_run ("import", project, bad, NULL);
  g_assert_cmpint (run->status, ==, 2);
  g_assert_nonnull (strstr (run->err, "--year is required"));
  g_clear_pointer (&run, kh_cli_run_free);
  run = kh_test_cli_run ("export", project, "--year", "2020", "--format", "pdf", "-o", "x", NULL);
  g_assert_cmpint (run->status, ==, 2);
  g_clear_pointer (&run, kh_cli_run_free);
  run = kh_test_cli_run ("new", project, NULL);
  g_assert_cmpint (run->status, ==, 1);
  /* new makes files only: a server's project is refused as that. */
  g_assert_nonnull (strstr (run->err, store == KH_DB_SQLITE ? "already exists"
                                                             : "makes or reads files only"));
  g_clear_pointer (&run, kh_cli_run_free);
  run = kh_test_cli_run ("verify", bad, NULL);
  g_assert_cmpint (run->status, ==, 1);
  g_assert_nonnull (strstr (run->err, "not a Kaohe project"));
}

static void
test_cli_units_xlsx (Fixture      *f,
                     gconstpointer user_data)
{
  g_autofree char *path = create_project ("units-xlsx.kaohe", NULL);
  g_autofree char *units = data_path ("xlsx", "units.xlsx");
  g_autoptr (KhCliRun) run = NULL;

  run = kh_test_cli_run ("import", path, "--units", units, NULL);
  assert_ok (run);
  g_assert_true (g_str_has_suffix (run->out, ": 5 units imported\n"));
}

static void
test_cli_xlsx_round_trip (Fixture      *f,
                          gconstpointer user_data)
{
  g_autofree char *a = new_project ("xa.kaohe");
  g_autofree char *b = new_project ("xb.kaohe");
  g_autofree char *data = data_path ("project", "data-2020.csv");
  g_autofree char *xlsx = tmp_path ("data.xlsx");
  g_autoptr (KhCliRun) imported = kh_test_cli_run ("import", a, "--year", "2020", data, NULL);
  g_autoptr (KhCliRun) exported = NULL;
  g_autoptr (KhCliRun) reimported = NULL;
  g_autofree char *text_a = NULL;
  g_autofree char *text_b = NULL;

  assert_ok (imported);
  exported = kh_test_cli_run ("export", a, "--year", "2020", "--data", "--format", "xlsx", "-o",
                              xlsx, NULL);
  assert_ok (exported);
  reimported = kh_test_cli_run ("import", b, "--year", "2020", "--sheet", "data", xlsx, NULL);
  assert_ok (reimported);
  text_a = export_data (a, "a.csv");
  text_b = export_data (b, "b.csv");
  g_assert_cmpstr (text_b, ==, text_a);
  g_assert_cmpstr (text_a, ==, expected_data);
}

static void
test_cli_seal_and_verify (Fixture      *f,
                          gconstpointer user_data)
{
  g_autofree char *project = new_project ("seal.kaohe");
  g_autofree char *data = data_path ("project", "data-2020.csv");
  g_autofree char *results = tmp_path ("results.csv");
  g_autoptr (KhCliRun) imported = kh_test_cli_run ("import", project, "--year", "2020", data, NULL);
  g_autoptr (KhCliRun) run = NULL;
  g_autofree char *text = NULL;
  g_autofree char *as_bob = project_as (project, "bob");
  sqlite3 *db = NULL;

  assert_ok (imported);
  /* On a server, bob's login (--user is a file's). */
  if (store == KH_DB_SQLITE)
    run = kh_test_cli_run ("seal", project, "--year", "2020", "--user", "bob", NULL);
  else
    run = kh_test_cli_run ("seal", as_bob, "--year", "2020", NULL);
  assert_ok (run);
  /* No results yet: seal computes them first. */
  g_assert_nonnull (strstr (run->out, ": results of 2020 computed\n"));
  g_assert_true (g_str_has_suffix (run->out, ": 2020 sealed\n"));
  g_clear_pointer (&run, kh_cli_run_free);

  run = kh_test_cli_run ("export", project, "--year", "2020", "-o", results, NULL);
  assert_ok (run);
  g_assert_true (g_file_get_contents (results, &text, NULL, NULL));
  /* suzhou: 60 (highest gdp) + 38 (second-best pm25, rank points 40 − 2) = 98. */
  g_assert_true (g_str_has_prefix (text, "category,group,rank,unit,name,total,tier,prev_rank,"
                                         "rank_change,awards\r\n"
                                         "city,cities,1,suzhou,苏州市,98,1,,,\r\n"));
  g_clear_pointer (&run, kh_cli_run_free);

  run = kh_test_cli_run ("import", project, "--year", "2020", data, NULL);
  g_assert_cmpint (run->status, ==, 1);
  g_assert_nonnull (strstr (run->err, "year 2020 is sealed"));
  g_clear_pointer (&run, kh_cli_run_free);

  /* create, units, framework, import, compute, seal: head #6. */
  run = kh_test_cli_run ("verify", project, NULL);
  assert_ok (run);
  g_assert_true (g_str_has_prefix (chain_line (run->out), "chain head: #6 "));
  g_assert_true (g_str_has_suffix (run->out, ": verified\n"));
  g_clear_pointer (&run, kh_cli_run_free);

  /* Tampering with sqlite3 (psql on a server): a sealed value and the seal's author. */
  if (store == KH_DB_SQLITE)
    {
      g_assert_cmpint (sqlite3_open (project, &db), ==, SQLITE_OK);
      g_assert_cmpint (sqlite3_exec (db,
                                     "DROP TRIGGER data_values_sealed_update;"
                                     "DROP TRIGGER audit_log_no_update;"
                                     "UPDATE data_values SET value = 1000 WHERE unit_id = 'suzhou' "
                                     "AND field = 'pop';"
                                     "UPDATE audit_log SET user_name = 'carol' WHERE action = 'seal';",
                                     NULL, NULL, NULL),
                       ==, SQLITE_OK);
      sqlite3_close (db);
    }
  else
    {
      g_autoptr (GError) error = NULL;
      KhDb *raw = kh_db_open (project, &error);

      g_assert_no_error (error);
      kh_pg_harness_drop_trigger (raw, "data_values_sealed_update", "data_values");
      kh_pg_harness_drop_trigger (raw, "audit_log_no_update", "audit_log");
      kh_pg_harness_exec (raw, "UPDATE data_values SET value = 1000 WHERE unit_id = 'suzhou' "
                               "AND field = 'pop';"
                               "UPDATE audit_log SET user_name = 'carol' WHERE action = 'seal';");
      kh_db_close (raw);
    }
  run = kh_test_cli_run ("verify", project, NULL);
  g_assert_cmpint (run->status, ==, 1);
  g_assert_true (g_str_has_prefix (chain_line (run->out), "chain head: #6 "));
  g_assert_nonnull (strstr (run->err, "audit log: row #6 (seal, "));
  g_assert_nonnull (strstr (run->err, " by carol) was changed after it was written"));
  g_assert_nonnull (strstr (run->err, "year 2020 (sealed in audit row #6): the value of unit "
                                      "“suzhou”, field “pop” was changed from “1274.8” to "
                                      "“1000”\n"));
  g_assert_nonnull (strstr (run->err, "the protective trigger “data_values_sealed_update” is "
                                      "missing"));
  /* The packed copy of 2020's values (written by the import, schema version 14) still
   * holds the value as it was, and its stamp says current. The packed copy is a file's
   * cache only, unused on PostgreSQL (HACKING): nothing to compare there. */
  if (store == KH_DB_SQLITE)
    g_assert_nonnull (strstr (run->err, "year 2020, category “city”: the packed copy of the "
                                        "year's values differs from the stored values, at unit "
                                        "“suzhou”: it was changed outside Kaohe\n"));
  else
    g_assert_null (strstr (run->err, "packed copy"));
  /* pop is not scored: the recomputation still agrees. 2 triggers + row #6 + value + the
   * packed copy = 5 (4 on a server). */
  g_assert_nonnull (strstr (run->err, store == KH_DB_SQLITE ? ": 5 problems found\n"
                                                             : ": 4 problems found\n"));
}

/* With SOURCE_DATE_EPOCH and a fixed user, the same files build the same bytes (the
 * sample project is built this way at build time). */
static void
test_cli_reproducible (Fixture      *f,
                       gconstpointer user_data)
{
  g_autofree char *data = data_path ("project", "data-2020.csv");
  char *bytes[2] = { NULL, NULL };
  gsize len[2] = { 0, 0 };

  g_setenv ("SOURCE_DATE_EPOCH", "1609459200", TRUE);
  for (guint i = 0; i < 2; i++)
    {
      g_autofree char *name = g_strdup_printf ("repro-%u.kaohe", i);
      g_autofree char *project = new_project (name);
      g_autoptr (KhCliRun) imported = kh_test_cli_run ("import", project, "--year", "2020", data,
                                                       NULL);
      g_autoptr (KhCliRun) sealed = NULL;

      assert_ok (imported);
      sealed = kh_test_cli_run ("seal", project, "--year", "2020", NULL);
      assert_ok (sealed);
      g_assert_true (g_file_get_contents (project, &bytes[i], &len[i], NULL));
    }
  g_unsetenv ("SOURCE_DATE_EPOCH");
  g_assert_cmpmem (bytes[0], len[0], bytes[1], len[1]);
  g_free (bytes[0]);
  g_free (bytes[1]);
}

/* tests/data/categories: cities and counties with their own frameworks in 2019 and
 * 2020 (hand computation in test-project-categories.c). Returns the project path. */
static char *
categories_project (const char *name)
{
  g_autofree char *path = create_project (name, NULL);
  g_autofree char *units = data_path ("categories", "units.csv");
  g_autoptr (KhCliRun) with_units = NULL;

  with_units = kh_test_cli_run ("import", path, "--units", units, NULL);
  assert_ok (with_units);
  for (int year = 2019; year <= 2020; year++)
    for (guint c = 0; c < 2; c++)
      {
        const char *category = c == 0 ? "city" : "county";
        g_autofree char *base = g_strdup_printf ("%s-%d", category, year);
        g_autofree char *xml_name = g_strconcat (base, ".xml", NULL);
        g_autofree char *csv_name = g_strconcat (base, ".csv", NULL);
        g_autofree char *xml = data_path ("categories", xml_name);
        g_autofree char *csv = data_path ("categories", csv_name);
        g_autofree char *y = g_strdup_printf ("%d", year);
        g_autoptr (KhCliRun) fw = kh_test_cli_run ("import", path, "--year", y, xml, NULL);
        g_autoptr (KhCliRun) data = NULL;

        assert_ok (fw);
        data = kh_test_cli_run ("import", path, "--year", y, csv, NULL);
        assert_ok (data);
        g_assert_nonnull (strstr (data->out, ": 6 values imported into "));
      }
  return g_steal_pointer (&path);
}

static void
test_cli_categories_compute (Fixture      *f,
                             gconstpointer user_data)
{
  g_autofree char *project = categories_project ("categories.kaohe");
  g_autoptr (KhCliRun) all = kh_test_cli_run ("compute", project, "--year", "2020", NULL);
  g_autoptr (KhCliRun) group = NULL;
  g_autoptr (KhCliRun) none = NULL;

  /* Every category, cities first; node columns of both frameworks, a node of the other
   * category's framework left empty. c2: gdp 60 + pm25 36 = 96, rank 3 → 1 (+2). */
  assert_ok (all);
  g_assert_cmpstr (all->out, ==,
                   "category,group,unit,name,score,rank,tier,prev_rank,rank_change,awards,"
                   "coverage,total,gdp,pm25,income,forest\n"
                   "city,cities,c2,苏州市,96.00,1,1,3,2,,1.0000,96.0000,60.0000,36.0000,,\n"
                   "city,cities,c3,无锡市,68.00,2,2,2,0,,1.0000,68.0000,30.0000,38.0000,,\n"
                   "city,cities,c1,南京市,40.00,3,3,1,-2,,1.0000,40.0000,0.0000,40.0000,,\n"
                   "county,counties,k1,江阴市,70.00,1,1,3,2,,1.0000,70.0000,,,70.0000,0.0000\n"
                   "county,counties,k3,张家港市,50.00,2,2,2,0,,1.0000,50.0000,,,35.0000,15.0000\n"
                   "county,counties,k2,昆山市,30.00,3,3,1,-2,,1.0000,30.0000,,,0.0000,30.0000\n");

  /* One group: only its category's rows and columns. */
  group = kh_test_cli_run ("compute", project, "--year", "2020", "--group", "counties", NULL);
  assert_ok (group);
  g_assert_true (g_str_has_prefix (group->out, "category,group,unit,name,score,rank,tier,"
                                               "prev_rank,rank_change,awards,coverage,total,income,"
                                               "forest\ncounty,counties,k1,"));
  g_assert_null (strstr (group->out, "city"));

  none = kh_test_cli_run ("compute", project, "--year", "2020", "--group", "agencies", NULL);
  g_assert_cmpint (none->status, ==, 1);
  g_assert_nonnull (strstr (none->err, "no framework of 2020 has a group “agencies”"));
}

/* Project mode per category gives what file mode gives on the same files. */
static void
test_cli_categories_same_as_files (Fixture      *f,
                                   gconstpointer user_data)
{
  g_autofree char *project = categories_project ("same.kaohe");

  for (guint c = 0; c < 2; c++)
    {
      const char *category = c == 0 ? "city" : "county";
      g_autofree char *fw_name = g_strdup_printf ("%s-2020.xml", category);
      g_autofree char *data_name = g_strdup_printf ("%s-2020.csv", category);
      g_autofree char *prev_name = g_strdup_printf ("%s-2019.csv", category);
      g_autofree char *fw = data_path ("categories", fw_name);
      g_autofree char *data = data_path ("categories", data_name);
      g_autofree char *prev = data_path ("categories", prev_name);

      for (guint j = 0; j < 2; j++)
        {
          const char *format = j == 0 ? "csv" : "json";
          g_autoptr (KhCliRun) from_project =
            kh_test_cli_run ("compute", project, "--year", "2020", "--category", category,
                             "--format", format, NULL);
          g_autoptr (KhCliRun) from_files =
            kh_test_cli_run ("compute", "--framework", fw, "--data", data, "--previous", prev,
                             "--format", format, NULL);

          assert_ok (from_project);
          assert_ok (from_files);
          g_assert_cmpstr (from_project->out, ==, from_files->out);
          g_assert_nonnull (strstr (from_project->out, category));
        }
    }
}

static void
test_cli_categories_explain_export (Fixture      *f,
                                    gconstpointer user_data)
{
  g_autofree char *project = categories_project ("explain.kaohe");
  g_autofree char *all_csv = tmp_path ("all-results.csv");
  g_autofree char *county_csv = tmp_path ("county-results.csv");
  g_autofree char *text = NULL;
  g_autoptr (KhCliRun) run = NULL;

  /* A county explained by its Chinese name, and named in Chinese: its own framework (income, forest). k2:
   * income 30 → 0 of 70, forest 40 → 30 of 30; last year 70 + 0. */
  run = kh_test_cli_run ("explain", project, "--year", "2020", "--unit", "昆山市", "--lang",
                         "zh_CN", NULL);
  assert_ok (run);
  g_assert_true (g_str_has_prefix (run->out, "k2 昆山市 — counties\n"));
  g_assert_nonnull (strstr (run->out, "  forest: score 30.0000 of 30,"));
  g_assert_nonnull (strstr (run->out, "Change of the total against last year: -40.0000"));
  g_clear_pointer (&run, kh_cli_run_free);

  run = kh_test_cli_run ("seal", project, "--year", "2020", NULL);
  assert_ok (run);
  g_clear_pointer (&run, kh_cli_run_free);

  /* The data sheet of both categories: each unit's cells under the other category's
   * fields are empty, and the sheet imports back — 12 values, the 12 empty cells skipped. */
  {
    g_autofree char *sheet = tmp_path ("both.csv");
    g_autofree char *again = tmp_path ("both-again.csv");
    g_autofree char *copy = NULL;
    g_autofree char *units = data_path ("categories", "units.csv");
    g_autofree char *first = NULL;
    g_autofree char *second = NULL;
    const char *steps[][8] = {
      { "import", NULL, "--units", units, NULL },
      { "import", NULL, "--year", "2020", "--framework", NULL, NULL },
      { "import", NULL, "--year", "2020", "--framework", NULL, NULL },
    };
    g_autofree char *city_fw = data_path ("categories", "city-2020.xml");
    g_autofree char *county_fw = data_path ("categories", "county-2020.xml");

    run = kh_test_cli_run ("export", project, "--year", "2020", "--data", "-o", sheet, NULL);
    assert_ok (run);
    g_clear_pointer (&run, kh_cli_run_free);
    g_assert_true (g_file_get_contents (sheet, &first, NULL, NULL));
    g_assert_cmpstr (first, ==,
                     "unit,name,forest,gdp,income,pm25\r\n"
                     "c1,南京市,,100,,30\r\n"
                     "c2,苏州市,,200,,40\r\n"
                     "c3,无锡市,,150,,35\r\n"
                     "k1,江阴市,20,,50,\r\n"
                     "k2,昆山市,40,,30,\r\n"
                     "k3,张家港市,30,,40,\r\n");
    copy = create_project ("copy.kaohe", NULL);
    for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
      {
        const char *args[8];

        memcpy (args, steps[i], sizeof args);
        args[1] = copy;
        if (i == 1)
          args[5] = city_fw;
        if (i == 2)
          args[5] = county_fw;
        run = kh_test_cli_runv (args);
        assert_ok (run);
        g_clear_pointer (&run, kh_cli_run_free);
      }
    run = kh_test_cli_run ("import", copy, "--year", "2020", sheet, NULL);
    assert_ok (run);
    g_assert_nonnull (strstr (run->out, ": 12 values imported into 2020"));
    g_clear_pointer (&run, kh_cli_run_free);
    run = kh_test_cli_run ("export", copy, "--year", "2020", "--data", "-o", again, NULL);
    assert_ok (run);
    g_clear_pointer (&run, kh_cli_run_free);
    g_assert_true (g_file_get_contents (again, &second, NULL, NULL));
    g_assert_cmpstr (second, ==, first);
  }

  run = kh_test_cli_run ("export", project, "--year", "2020", "-o", all_csv, NULL);
  assert_ok (run);
  g_clear_pointer (&run, kh_cli_run_free);
  g_assert_true (g_file_get_contents (all_csv, &text, NULL, NULL));
  g_assert_cmpstr (text, ==,
                   "category,group,rank,unit,name,total,tier,prev_rank,rank_change,awards\r\n"
                   "city,cities,1,c2,苏州市,96,1,3,2,\r\n"
                   "city,cities,2,c3,无锡市,68,2,2,0,\r\n"
                   "city,cities,3,c1,南京市,40,3,1,-2,\r\n"
                   "county,counties,1,k1,江阴市,70,1,3,2,\r\n"
                   "county,counties,2,k3,张家港市,50,2,2,0,\r\n"
                   "county,counties,3,k2,昆山市,30,3,1,-2,\r\n");
  g_clear_pointer (&text, g_free);

  run = kh_test_cli_run ("export", project, "--year", "2020", "--category", "county", "-o",
                         county_csv, NULL);
  assert_ok (run);
  g_clear_pointer (&run, kh_cli_run_free);
  g_assert_true (g_file_get_contents (county_csv, &text, NULL, NULL));
  g_assert_cmpstr (text, ==,
                   "category,group,rank,unit,name,total,tier,prev_rank,rank_change,awards\r\n"
                   "county,counties,1,k1,江阴市,70,1,3,2,\r\n"
                   "county,counties,2,k3,张家港市,50,2,2,0,\r\n"
                   "county,counties,3,k2,昆山市,30,3,1,-2,\r\n");

  run = kh_test_cli_run ("export", project, "--year", "2020", "--category", "agency", "-o",
                         county_csv, NULL);
  g_assert_cmpint (run->status, ==, 1);
  g_assert_nonnull (strstr (run->err, "year 2020 has no results of category “agency”"));
  g_clear_pointer (&run, kh_cli_run_free);

  /* Sealed: a county framework is refused, and verify is clean. */
  {
    g_autofree char *fw = data_path ("categories", "county-2020.xml");

    run = kh_test_cli_run ("import", project, "--year", "2020", "--framework", fw, NULL);
    g_assert_cmpint (run->status, ==, 1);
    g_assert_nonnull (strstr (run->err, "year 2020 is sealed"));
    g_clear_pointer (&run, kh_cli_run_free);
  }
  run = kh_test_cli_run ("verify", project, NULL);
  assert_ok (run);
}

static void
test_cli_categories_import_errors (Fixture      *f,
                                   gconstpointer user_data)
{
  g_autofree char *project = categories_project ("errors.kaohe");
  g_autofree char *bad = data_path ("categories", "mixed-bad.csv");
  g_autoptr (KhCliRun) run = kh_test_cli_run ("import", project, "--year", "2020", bad, NULL);

  g_assert_cmpint (run->status, ==, 1);
  /* area is a field of neither framework: its column is ignored with a notice. */
  g_assert_cmpstr (run->err, ==,
                   "mixed-bad.csv: row 1, column 7: column “area” ignored\n"
                   "mixed-bad.csv: row 3, column 3: unknown field “gdp”: not a data field of "
                   "the 2020 framework of category “county”\n");
}

static void
test_cli_backup (Fixture      *f,
                 gconstpointer user_data)
{
  g_autofree char *project = new_project ("backup-src.kaohe");
  g_autofree char *data = data_path ("project", "data-2020.csv");
  g_autofree char *copy = tmp_path ("backup-copy.kaohe");
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *copied = NULL;
  g_autofree char *original = NULL;
  gsize len_before = 0, len_after = 0;
  g_autoptr (KhCliRun) imported = NULL;
  g_autoptr (KhCliRun) run = NULL;
  g_autoptr (KhCliRun) verify = NULL;
  g_autoptr (KhCliRun) onto_itself = NULL;
  g_autoptr (KhCliRun) usage = NULL;

  imported = kh_test_cli_run ("import", project, "--year", "2020", data, NULL);
  assert_ok (imported);
  /* A file's bytes; a server's project as verify reports it (its chain's head). */
  if (store == KH_DB_SQLITE)
    g_assert_true (g_file_get_contents (project, &before, &len_before, NULL));
  else
    {
      g_autoptr (KhCliRun) verified = kh_test_cli_run ("verify", project, NULL);

      assert_ok (verified);
      before = g_strdup (verified->out);
    }

  run = kh_test_cli_run ("backup", project, copy, NULL);
  assert_ok (run);
  g_assert_true (g_str_has_suffix (run->out, "backup-copy.kaohe\n"));
  /* The project is not changed by being copied … */
  if (store == KH_DB_SQLITE)
    {
      g_assert_true (g_file_get_contents (project, &after, &len_after, NULL));
      g_assert_cmpmem (before, len_before, after, len_after);
    }
  else
    {
      g_autoptr (KhCliRun) verified = kh_test_cli_run ("verify", project, NULL);

      assert_ok (verified);
      g_assert_cmpstr (verified->out, ==, before);
    }
  /* … and the copy is a complete project: it verifies and holds the same data sheet. */
  verify = kh_test_cli_run ("verify", copy, NULL);
  assert_ok (verify);
  original = export_data (project, "backup-original.csv");
  copied = export_data (copy, "backup-copied.csv");
  g_assert_cmpstr (copied, ==, original);
  g_assert_cmpstr (copied, ==, expected_data);

  /* Copying a project onto itself is refused; wrong arguments are a usage error. */
  onto_itself = kh_test_cli_run ("backup", project, project, NULL);
  g_assert_cmpint (onto_itself->status, ==, 1);
  if (store == KH_DB_SQLITE)
    g_assert_nonnull (strstr (onto_itself->err, "this is the open project itself"));
  else
    {
      /* A backup is a file: a server, this one or another, is refused as no file, named
       * without a password. */
      g_autofree char *with_password = g_strdup_printf ("postgresql://kaohe:s3cret@/other?host=%s",
                                                        kh_pg_harness_dir (pg));
      g_autoptr (KhCliRun) onto_server = kh_test_cli_run ("backup", project, with_password, NULL);

      g_assert_nonnull (strstr (onto_itself->err, ": a copy is saved as a project file, not "
                                                  "onto a server"));
      g_assert_cmpint (onto_server->status, ==, 1);
      g_assert_nonnull (strstr (onto_server->err, ": a copy is saved as a project file, not "
                                                  "onto a server (kaohe-cli copy puts a project "
                                                  "on a server)\n"));
      g_assert_null (strstr (onto_server->err, "s3cret"));
    }
  usage = kh_test_cli_run ("backup", project, NULL);
  g_assert_cmpint (usage->status, ==, 2);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr (GError) error = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);
  g_setenv ("KAOHE_USER", "tester", TRUE);
  tmp_dir = g_dir_make_tmp ("kh-project-cli-XXXXXX", &error);
  g_assert_no_error (error);

  kh_pg_harness_start_if_installed (&pg, "/project-cli/pg");

#define ADD(path, func) \
  kh_pg_harness_add_on_both (pg, "/project-cli", path, sizeof (Fixture), \
                             (GTestFixtureFunc) fixture_set_up, (GTestFixtureFunc) func, NULL)
  ADD ("import-encodings", test_cli_import_encodings);
  ADD ("import-errors", test_cli_import_errors);
  ADD ("units-xlsx", test_cli_units_xlsx);
  ADD ("xlsx-round-trip", test_cli_xlsx_round_trip);
  ADD ("seal-and-verify", test_cli_seal_and_verify);
  ADD ("backup", test_cli_backup);
  ADD ("categories-compute", test_cli_categories_compute);
  ADD ("categories-same-as-files", test_cli_categories_same_as_files);
  ADD ("categories-explain-export", test_cli_categories_explain_export);
  ADD ("categories-import-errors", test_cli_categories_import_errors);
#undef ADD
  /* (No deeper paths: meson runs /project-cli/sqlite and /project-cli/pg apart, with -p,
   * which does not reach a path's sub-suites.) */
  /* The same files build the same bytes: about the file, SQLite only. */
  g_test_add ("/project-cli/sqlite/reproducible", Fixture, GINT_TO_POINTER (KH_DB_SQLITE),
              fixture_set_up, test_cli_reproducible, NULL);

  status = kh_pg_harness_run_and_stop (&pg);
  kh_test_remove_dir (tmp_dir);
  g_free (tmp_dir);
  return status;
}
