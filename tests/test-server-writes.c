/* test-server-writes.c — who writes on a server, and kaohe-cli survey and backup there
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Issue 19, on a throwaway server (kh-pg-harness.h), one database per case.
 *
 * login: the administrator's login olga, with KAOHE_USER=mallory, imports units, a
 * framework and data, seals the year: every audit row, value and framework version names
 * olga, none mallory; kh_project_set_user() changes nothing on a server; `--user` on a
 * server is refused, nothing written; the chain walks and `verify` passes.
 *
 * survey: `kaohe-cli survey` import, score, quality (with an exclusion) and chart on a
 * project file and on a server built the same way with the same salt: the same output
 * from both, the same chart file; the evaluator ann, whose scopes cover the city
 * category, is refused the import (the salt is the administrator's), the scoring and an
 * exclusion (she reads her units' answers only), nothing written.
 *
 * backup: `kaohe-cli backup` of a server's project by its administrator is a project file
 * holding the same rows and audit chain, which verify passes; a second backup replaces
 * it; an evaluator is refused and the file left as it was; a password in the URI is
 * never printed.
 *
 * flags: the values' plausibility flags on a file and a server built the same way: the
 * same flags printed at import, the same "flag" rows at import and edit, the same
 * confirmations (the server's in the login's name); the evaluator ann, scoped to unit a,
 * confirms a's flag, reads the administrator's confirmation of it, and cannot confirm
 * f's, neither through Kaohe (not flagged for her) nor with raw SQL (row-level
 * security); the chain walks and verify passes.
 */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "io/kh-db-server.h"
#include "io/kh-audit.h"
#include "io/kh-db.h"
#include "io/kh-io-error.h"
#include "io/kh-project-plausibility.h"
#include "io/kh-project-survey.h"
#include "io/kh-project.h"
#include "kh-pg-harness.h"
#include "kh-test-cli.h"
#include "kh-test-files.h"

static KhPgHarness *pg;

/* The salt both stores hash raters with, so that their hashes are the same. */
#define SALT "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff"

static char *
data_path (const char *folder,
           const char *name)
{
  return g_build_filename (g_getenv ("KH_SOURCE_ROOT"), "tests", "data", folder, name, NULL);
}

/* kaohe-cli with @args in English, KAOHE_USER=mallory. */
static KhCliRun *
cli (const char *first,
     ...) G_GNUC_NULL_TERMINATED;

static KhCliRun *
cli (const char *first,
     ...)
{
  const char *const env[] = { "KAOHE_USER=mallory", "LANGUAGE=en", "LC_ALL=C.UTF-8",
                              "SOURCE_DATE_EPOCH=1600000000", NULL };
  g_autoptr (GPtrArray) args = g_ptr_array_new ();
  va_list ap;

  va_start (ap, first);
  for (const char *a = first; a != NULL; a = va_arg (ap, const char *))
    g_ptr_array_add (args, (gpointer) a);
  va_end (ap);
  g_ptr_array_add (args, NULL);
  return kh_test_cli_runv_env (env, (const char *const *) args->pdata);
}

/* @run succeeded, saying nothing on stderr. */
static void
assert_ok (KhCliRun *run)
{
  if (run->status != 0 || *run->err != '\0')
    g_error ("kaohe-cli failed (%d): %s", run->status, run->err);
}

/* @text holds @part; the test fails showing both otherwise. */
static void
assert_contains (const char *text,
                 const char *part)
{
  if (strstr (text, part) == NULL)
    g_error ("expected “%s” in “%s”", part, text);
}

/* The rows of @sql on @db, their first column each followed by ";". */
static char *
column (KhDb       *db,
        const char *sql)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (KhDbStmt) stmt = kh_db_prepare (db, sql, &error);
  GString *out = g_string_new (NULL);

  g_assert_no_error (error);
  while (kh_db_step (stmt, &error) == KH_DB_STEP_ROW)
    g_string_append_printf (out, "%s;", kh_db_column_is_null (stmt, 0)
                                          ? "NULL"
                                          : kh_db_column_text (stmt, 0));
  g_assert_no_error (error);
  return g_string_free (out, FALSE);
}

/* A database @name made ready as init-server makes it, with the logins olga
 * (administrator) and ann (evaluator); its URI as @login. */
static char *
new_server (const char *name,
            const char *login,
            KhDb      **raw)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *uri = kh_pg_harness_new_database (pg, name);

  *raw = kh_db_open (uri, &error);
  g_assert_no_error (error);
  g_assert_true (kh_db_server_init (*raw, &error));
  g_assert_no_error (error);
  kh_pg_harness_exec (*raw,
                      "DO $$ BEGIN\n"
                      "  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'olga') THEN\n"
                      "    CREATE ROLE olga LOGIN IN ROLE kaohe_admin; END IF;\n"
                      "  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'ann') THEN\n"
                      "    CREATE ROLE ann LOGIN IN ROLE kaohe_evaluator; END IF;\n"
                      "END $$");
  return g_strdup_printf ("postgresql:///%s?host=%s&user=%s", name, kh_pg_harness_dir (pg),
                          login);
}

/* The administrator olga writes; KAOHE_USER and --user do not name the writer. */
static void
test_login (void)
{
  g_autoptr (GError) error = NULL;
  KhDb *raw = NULL;
  g_autofree char *olga = new_server ("writes_login", "olga", &raw);
  g_autofree char *units = data_path ("project", "units.csv");
  g_autofree char *fw = data_path ("project", "framework-2020.xml");
  g_autofree char *data = data_path ("project", "data-2020.csv");
  g_autoptr (KhCliRun) r_units = cli ("import", olga, "--units", units, NULL);
  g_autoptr (KhCliRun) r_fw = cli ("import", olga, "--year", "2020", "--framework", fw, NULL);
  g_autoptr (KhCliRun) r_data = cli ("import", olga, "--year", "2020", data, NULL);
  g_autoptr (KhCliRun) r_user = NULL, r_seal = NULL, r_verify = NULL;
  g_autofree char *users = NULL, *actions = NULL;
  g_autoptr (KhProject) project = NULL;
  gint64 rows;

  assert_ok (r_units);
  assert_ok (r_fw);
  assert_ok (r_data);
  /* --user names someone else: refused before anything is opened. */
  rows = kh_pg_harness_count (raw, "SELECT count(*) FROM audit_log");
  r_user = cli ("set", olga, "--year", "2020", "--unit", "nanjing", "--field", "gdp", "5",
                "--user", "mallory", NULL);
  g_assert_cmpint (r_user->status, ==, 2);
  assert_contains (r_user->err, "kaohe-cli: --user: a project on a server names in its audit "
                                "log the login the server knows you by");
  g_assert_null (strstr (r_user->err, "host="));
  g_assert_cmpint (kh_pg_harness_count (raw, "SELECT count(*) FROM audit_log"), ==, rows);
  r_seal = cli ("seal", olga, "--year", "2020", NULL);
  assert_ok (r_seal);

  /* Every writer's name is olga's: the audit rows (units, framework, import, compute,
   * seal), the values, the framework's version. */
  actions = column (raw, "SELECT action FROM audit_log ORDER BY seq");
  g_assert_cmpstr (actions, ==, "units;framework;import;compute;seal;");
  users = column (raw, "SELECT DISTINCT user_name FROM audit_log");
  g_assert_cmpstr (users, ==, "olga;");
  g_clear_pointer (&users, g_free);
  users = column (raw, "SELECT DISTINCT edited_by FROM data_values");
  g_assert_cmpstr (users, ==, "olga;");
  g_clear_pointer (&users, g_free);
  users = column (raw, "SELECT DISTINCT saved_by FROM framework_versions");
  g_assert_cmpstr (users, ==, "olga;");

  /* In the library too: the login, whatever is set. */
  g_setenv ("KAOHE_USER", "mallory", TRUE);
  project = kh_project_open (olga, &error);
  g_unsetenv ("KAOHE_USER");
  g_assert_no_error (error);
  g_assert_cmpstr (kh_project_get_user (project), ==, "olga");
  kh_project_set_user (project, "mallory");
  g_assert_cmpstr (kh_project_get_user (project), ==, "olga");

  g_assert_cmpint (kh_pg_harness_assert_chain (raw), ==, 5);
  r_verify = cli ("verify", olga, NULL);
  assert_ok (r_verify);
  g_assert_true (g_str_has_suffix (r_verify->out, ": verified\n"));
  kh_db_close (raw);
}

/* The survey's units and framework imported into @target, its salt set to SALT. */
static void
survey_project (const char *target,
                KhDb       *raw)
{
  g_autofree char *units = data_path ("surveys", "units.csv");
  g_autofree char *fw = data_path ("surveys", "survey-city.xml");
  g_autoptr (KhCliRun) r_units = cli ("import", target, "--units", units, NULL);
  g_autoptr (KhCliRun) r_fw = cli ("import", target, "--year", "2020", "--framework", fw, NULL);

  assert_ok (r_units);
  assert_ok (r_fw);
  kh_pg_harness_exec (raw, "INSERT INTO survey_salt (id, salt) VALUES (1, '" SALT "')");
}

/* The survey's commands on @target, their outputs appended to @outputs. */
static void
run_survey (const char *target,
            const char *dir,
            const char *name,
            const char *prefix,
            GPtrArray  *outputs)
{
  g_autofree char *sheet = data_path ("surveys", "sheet-city.csv");
  g_autofree char *png = g_strdup_printf ("%s/%s.png", dir, name);
  g_autoptr (KhCliRun) imported = cli ("survey", "import", target, "--year", "2020", sheet, NULL);
  g_autoptr (KhCliRun) before = NULL, excluded = NULL, after = NULL, quality = NULL;
  g_autoptr (KhCliRun) chart = NULL;
  char *bytes = NULL;
  gsize len = 0;

  assert_ok (imported);
  g_ptr_array_add (outputs, g_strdup (imported->out));
  before = cli ("survey", "score", target, "--year", "2020", NULL);
  assert_ok (before);
  g_ptr_array_add (outputs, g_strdup (before->out));
  /* Rater 13800000013 by the first digits of the hash SALT gives it. */
  excluded = cli ("survey", "quality", target, "--year", "2020", "--exclude", prefix,
                  "--reason", "answered twice", NULL);
  assert_ok (excluded);
  assert_contains (excluded->out, "\tpublic\t1\t\t\texcluded: answered twice\n");
  g_ptr_array_add (outputs, g_strdup (excluded->out));
  after = cli ("survey", "score", target, "--year", "2020", NULL);
  assert_ok (after);
  g_ptr_array_add (outputs, g_strdup (after->out));
  quality = cli ("survey", "quality", target, "--year", "2020", NULL);
  assert_ok (quality);
  g_ptr_array_add (outputs, g_strdup (quality->out));
  chart = cli ("survey", "chart", target, "--year", "2020", "--unit", "a", "-o", png, NULL);
  assert_ok (chart);
  g_assert_true (g_file_get_contents (png, &bytes, &len, NULL));
  g_assert_cmpuint (len, >, 8);
  g_ptr_array_add (outputs, bytes);
}

static void
test_survey (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("kh-server-writes-XXXXXX", &error);
  g_autofree char *file = NULL;
  g_autoptr (GPtrArray) outputs = g_ptr_array_new_with_free_func (g_free);
  KhDb *raw = NULL;
  KhDb *file_raw = NULL;
  g_autofree char *olga = new_server ("writes_survey", "olga", &raw);
  g_autofree char *ann = g_strdup_printf ("postgresql:///writes_survey?host=%s&user=ann",
                                          kh_pg_harness_dir (pg));
  g_autofree char *sheet = data_path ("surveys", "sheet-city.csv");
  g_autoptr (KhCliRun) created = NULL, refused = NULL;
  g_autofree char *users = NULL;
  g_autofree char *prefix = NULL;
  gint64 rows;

  g_assert_no_error (error);
  file = g_build_filename (dir, "survey.kaohe", NULL);
  created = cli ("new", file, NULL);
  assert_ok (created);
  file_raw = kh_db_open (file, &error);
  g_assert_no_error (error);
  survey_project (file, file_raw);
  survey_project (olga, raw);
  {
    g_autoptr (KhProject) project = kh_project_open (file, &error);
    g_autofree char *hash = NULL;

    g_assert_no_error (error);
    hash = kh_project_survey_rater_hash (project, "13800000013", &error);
    g_assert_no_error (error);
    prefix = g_strndup (hash, 10);
  }
  run_survey (file, dir, "file", prefix, outputs);
  run_survey (olga, dir, "server", prefix, outputs);
  for (guint i = 0; i < outputs->len / 2; i++)
    g_assert_cmpstr (outputs->pdata[outputs->len / 2 + i], ==, outputs->pdata[i]);

  /* The evaluator ann may see the city's values but not the salt: the sheet is refused,
   * nothing written. */
  g_assert_true (kh_db_server_grant (raw, "ann", "city", NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  rows = kh_pg_harness_count (raw, "SELECT count(*) FROM audit_log");
  refused = cli ("survey", "import", ann, "--year", "2020", sheet, NULL);
  g_assert_cmpint (refused->status, ==, 1);
  g_assert_cmpstr (refused->out, ==, "");
  assert_contains (refused->err, "/writes_survey?host=");
  assert_contains (refused->err, ": only the project's administrator (kaohe_admin) may read "
                                 "the survey's salt, which importing a sheet and hashing a "
                                 "rater take: ask them\n");
  g_assert_cmpint (kh_pg_harness_count (raw, "SELECT count(*) FROM audit_log"), ==, rows);
  /* Nor may she score the sheet or exclude a rater: she reads the answers about her
   * scopes' units only. */
  {
    g_autoptr (KhCliRun) score = cli ("survey", "score", ann, "--year", "2020", NULL);
    g_autoptr (KhCliRun) exclude = cli ("survey", "quality", ann, "--year", "2020", "--include",
                                        prefix, "--reason", "a mistake", NULL);
    const char *why = ": scoring the survey or excluding a rater takes every rater's answers, "
                      "which only the project's administrator (kaohe_admin) reads: ask them\n";

    g_assert_cmpint (score->status, ==, 1);
    assert_contains (score->err, why);
    g_assert_cmpint (exclude->status, ==, 1);
    assert_contains (exclude->err, why);
  }
  g_assert_cmpint (kh_pg_harness_count (raw, "SELECT count(*) FROM audit_log"), ==, rows);
  users = column (raw, "SELECT DISTINCT user_name FROM audit_log");
  g_assert_cmpstr (users, ==, "olga;");
  kh_pg_harness_assert_chain (raw);
  kh_db_close (file_raw);
  kh_db_close (raw);
  kh_test_remove_dir (dir);
}

/* @db's audit rows, values and results counted, and its last audit row's hash. */
static char *
fingerprint (KhDb *db)
{
  g_autofree char *head = column (db, "SELECT hash FROM audit_log ORDER BY seq DESC LIMIT 1");

  return g_strdup_printf ("%" G_GINT64_FORMAT " %" G_GINT64_FORMAT " %" G_GINT64_FORMAT " %s",
                          kh_pg_harness_count (db, "SELECT count(*) FROM audit_log"),
                          kh_pg_harness_count (db, "SELECT count(*) FROM data_values"),
                          kh_pg_harness_count (db, "SELECT count(*) FROM results"), head);
}

/* kaohe-cli backup of a server's project by its administrator: a project file holding the
 * same rows and chain, verified; made again over the last; refused to an evaluator, the
 * file left as it was; a password in the URI never printed. */
static void
test_backup (void)
{
  g_autoptr (GError) error = NULL;
  KhDb *raw = NULL;
  KhDb *copy = NULL;
  g_autofree char *olga = new_server ("writes_backup", "olga", &raw);
  g_autofree char *ann = g_strdup_printf ("postgresql:///writes_backup?host=%s&user=ann",
                                          kh_pg_harness_dir (pg));
  g_autofree char *secret = g_strdup_printf ("%s&password=hunter2", olga);
  g_autofree char *name = g_strdup_printf ("postgresql://olga@/writes_backup?host=%s",
                                           kh_pg_harness_dir (pg));
  g_autofree char *dir = g_dir_make_tmp ("kh-server-backup-XXXXXX", &error);
  g_autofree char *file = g_build_filename (dir, "backup.kaohe", NULL);
  g_autofree char *units = data_path ("project", "units.csv");
  g_autofree char *fw = data_path ("project", "framework-2020.xml");
  g_autofree char *data = data_path ("project", "data-2020.csv");
  g_autoptr (KhCliRun) r_units = cli ("import", olga, "--units", units, NULL);
  g_autoptr (KhCliRun) r_fw = cli ("import", olga, "--year", "2020", "--framework", fw, NULL);
  g_autoptr (KhCliRun) r_data = cli ("import", olga, "--year", "2020", data, NULL);
  g_autoptr (KhCliRun) r_seal = cli ("seal", olga, "--year", "2020", NULL);
  g_autoptr (KhCliRun) backup = NULL, again = NULL, refused = NULL, verified = NULL;
  g_autofree char *expected = NULL, *server = NULL, *copied = NULL;
  g_autofree char *before = NULL, *after = NULL;
  gsize before_len = 0, after_len = 0;

  g_assert_no_error (error);
  assert_ok (r_units);
  assert_ok (r_fw);
  assert_ok (r_data);
  assert_ok (r_seal);
  backup = cli ("backup", secret, file, NULL);
  assert_ok (backup);
  expected = g_strdup_printf ("%s: copied to %s\n", name, file);
  g_assert_cmpstr (backup->out, ==, expected);
  g_assert_null (strstr (backup->out, "hunter2"));

  /* The same rows and chain head; verify passes on the file, the year sealed there. */
  copy = kh_db_open (file, &error);
  g_assert_no_error (error);
  server = fingerprint (raw);
  copied = fingerprint (copy);
  g_assert_cmpstr (copied, ==, server);
  g_assert_cmpint (kh_pg_harness_count (copy, "SELECT sealed FROM years WHERE year = 2020"), ==, 1);
  kh_pg_harness_assert_chain (copy);
  kh_db_close (copy);
  verified = cli ("verify", file, NULL);
  assert_ok (verified);
  g_assert_true (g_str_has_suffix (verified->out, ": verified\n"));

  /* Again over the last backup, after a change on the server: the new rows. */
  kh_pg_harness_exec (raw, "INSERT INTO settings (key, value) VALUES ('issuer', 'Office')");
  again = cli ("backup", olga, file, NULL);
  assert_ok (again);
  copy = kh_db_open (file, &error);
  g_assert_no_error (error);
  g_assert_cmpint (kh_pg_harness_count (copy, "SELECT count(*) FROM settings"), ==, 1);
  kh_db_close (copy);

  /* An evaluator reads part of the project only: refused, the file as it was. */
  g_assert_true (g_file_get_contents (file, &before, &before_len, NULL));
  refused = cli ("backup", ann, file, NULL);
  g_assert_cmpint (refused->status, ==, 1);
  g_assert_cmpstr (refused->out, ==, "");
  assert_contains (refused->err, ": a copy of the whole project takes an administrator's login "
                                 "(kaohe_admin), which alone reads all of it; an evaluator takes "
                                 "what its scopes cover with “kaohe-cli checkout”\n");
  g_assert_true (g_file_get_contents (file, &after, &after_len, NULL));
  g_assert_cmpmem (after, after_len, before, before_len);
  kh_db_close (raw);
  kh_test_remove_dir (dir);
}

/* The project of test-plausibility-cli.c: six cities, gdp and pop (declared [0, 20000]),
 * 2019 every gdp 100; 2020 f's gdp 300 (+200 %, the group's median change +5 %, MAD 1 %)
 * and a's pop −5 (below 0) flagged. */
static const char flags_units[] =
  "id,name_zh,category,group\n"
  "a,甲市,city,cities\nb,乙市,city,cities\nc,丙市,city,cities\n"
  "d,丁市,city,cities\ne,戊市,city,cities\nf,己市,city,cities\n";
static const char flags_framework[] =
  "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
  "<framework xmlns=\"https://kaohe.github.io/ns/framework/1\" id=\"t\" year=\"%d\" "
  "category=\"city\">\n"
  "  <title lang=\"zh-CN\">测试</title>\n"
  "  <groups><group id=\"cities\"><name lang=\"zh-CN\">设区市</name>"
  "<tiers mode=\"count\" values=\"1 1\"/></group></groups>\n"
  "  <variables><variable id=\"pop\" unit=\"万人\" valid-min=\"0\" valid-max=\"20000\">"
  "<name lang=\"zh-CN\">人口</name></variable></variables>\n"
  "  <root id=\"total\">\n"
  "    <indicator id=\"gdp\" points=\"100\" unit=\"亿元\"><name lang=\"zh-CN\">地区生产总值</name>"
  "<scoring method=\"minmax\"/></indicator>\n"
  "  </root>\n"
  "</framework>\n";
static const char flags_2019[] =
  "unit,gdp,pop\na,100,500\nb,100,600\nc,100,700\nd,100,800\ne,100,900\nf,100,1000\n";
static const char flags_2020[] =
  "unit,gdp,pop\na,105,-5\nb,104,600\nc,106,700\nd,105,800\ne,103,900\nf,300,1000\n";

static char *
write_text (const char *dir,
            const char *name,
            const char *text)
{
  g_autoptr (GError) error = NULL;
  char *path = g_build_filename (dir, name, NULL);

  g_assert_true (g_file_set_contents (path, text, -1, &error));
  g_assert_no_error (error);
  return path;
}

/* The flags of 2020 in @target: "unit field reason confirmed-by;" each. */
static char *
flags_text (const char *target)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (KhProject) project = kh_project_open (target, &error);
  g_autoptr (GPtrArray) flags = NULL;
  GString *out = g_string_new (NULL);

  g_assert_no_error (error);
  flags = kh_project_get_value_flags (project, 2020, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < flags->len; i++)
    {
      const KhValueFlag *flag = flags->pdata[i];

      g_string_append_printf (out, "%s %s %d %s;", flag->unit_id, flag->field, flag->reason,
                              flag->confirmed_by != NULL ? flag->confirmed_by : "-");
    }
  return g_string_free (out, FALSE);
}

static void
confirm (const char *target,
         const char *unit,
         const char *field,
         gboolean    confirmed)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (KhProject) project = kh_project_open (target, &error);

  g_assert_no_error (error);
  g_assert_true (kh_project_confirm_value (project, 2020, unit, field, confirmed, &error));
  g_assert_no_error (error);
}

/* The details of @db's "flag" rows, each followed by ";". */
static char *
flag_rows (KhDb *db)
{
  return column (db, "SELECT detail FROM audit_log WHERE action = 'flag' ORDER BY seq");
}

/* The project's units, frameworks and data, imported into @target; the 2020 import's
 * lines after its first (which names the target). */
static char *
flags_project (const char *target,
               const char *dir)
{
  g_autofree char *units = write_text (dir, "units.csv", flags_units);
  g_autofree char *xml19 = g_strdup_printf (flags_framework, 2019);
  g_autofree char *xml20 = g_strdup_printf (flags_framework, 2020);
  g_autofree char *fw19 = write_text (dir, "t-2019.xml", xml19);
  g_autofree char *fw20 = write_text (dir, "t-2020.xml", xml20);
  g_autofree char *d19 = write_text (dir, "2019.csv", flags_2019);
  g_autofree char *d20 = write_text (dir, "2020.csv", flags_2020);
  g_autoptr (KhCliRun) r_units = cli ("import", target, "--units", units, NULL);
  g_autoptr (KhCliRun) r_fw19 = cli ("import", target, "--year", "2019", "--framework", fw19,
                                     NULL);
  g_autoptr (KhCliRun) r_fw20 = cli ("import", target, "--year", "2020", "--framework", fw20,
                                     NULL);
  g_autoptr (KhCliRun) r_d19 = cli ("import", target, "--year", "2019", d19, NULL);
  g_autoptr (KhCliRun) r_d20 = cli ("import", target, "--year", "2020", d20, NULL);

  assert_ok (r_units);
  assert_ok (r_fw19);
  assert_ok (r_fw20);
  assert_ok (r_d19);
  assert_ok (r_d20);
  return g_strdup (strchr (r_d20->out, '\n') + 1);
}

/* Plausibility flags on a server: audited at import and edit as on a file, the same
 * flags read, confirmed and taken back in the login's name; an evaluator scoped to unit
 * a confirms a's flag, reads the administrator's confirmation of it, and cannot confirm
 * f's, not even with raw SQL (row-level security). */
static void
test_flags (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("kh-server-flags-XXXXXX", &error);
  g_autofree char *file = g_build_filename (dir, "flags.kaohe", NULL);
  KhDb *raw = NULL;
  KhDb *file_raw = NULL;
  g_autofree char *olga = new_server ("writes_flags", "olga", &raw);
  g_autofree char *ann = g_strdup_printf ("postgresql:///writes_flags?host=%s&user=ann",
                                          kh_pg_harness_dir (pg));
  const char *const ann_units[] = { "a", NULL };
  g_autoptr (KhCliRun) created = NULL, set_file = NULL, set_server = NULL, verified = NULL;
  g_autofree char *printed_file = NULL, *printed_server = NULL;
  g_autofree char *rows = NULL, *users = NULL, *text = NULL, *file_text = NULL;
  KhDb *ann_db = NULL;

  g_assert_no_error (error);
  created = cli ("new", file, NULL);
  assert_ok (created);
  printed_file = flags_project (file, dir);
  printed_server = flags_project (olga, dir);
  /* Printed by the import, the same from both. */
  g_assert_cmpstr (printed_server, ==, printed_file);
  assert_contains (printed_server, "2020: 2 values flagged for confirmation (stored, not "
                                   "refused):\n");
  assert_contains (printed_server, "  己市 (f) · gdp = 300: +200 % from 100 last year; the "
                                   "group's median change +5 %, MAD 1 %\n");
  /* The import's "flag" row, the same on both, in olga's name on the server. */
  file_raw = kh_db_open (file, &error);
  g_assert_no_error (error);
  rows = flag_rows (raw);
  g_assert_cmpstr (rows, ==, "f\tgdp\t300\tchange\na\tpop\t-5\tbelow;");
  g_clear_pointer (&rows, g_free);
  rows = flag_rows (file_raw);
  g_assert_cmpstr (rows, ==, "f\tgdp\t300\tchange\na\tpop\t-5\tbelow;");
  g_clear_pointer (&rows, g_free);

  /* An edit's flag, as on a file. */
  set_file = cli ("set", file, "--year", "2020", "--unit", "f", "--field", "gdp", "310", NULL);
  assert_ok (set_file);
  set_server = cli ("set", olga, "--year", "2020", "--unit", "f", "--field", "gdp", "310", NULL);
  assert_ok (set_server);
  rows = flag_rows (raw);
  g_assert_cmpstr (rows, ==, "f\tgdp\t300\tchange\na\tpop\t-5\tbelow;f\tgdp\t310\tchange;");
  g_clear_pointer (&rows, g_free);
  rows = flag_rows (file_raw);
  g_assert_cmpstr (rows, ==, "f\tgdp\t300\tchange\na\tpop\t-5\tbelow;f\tgdp\t310\tchange;");

  /* Confirmed on both: the same flags, by olga on the server (KAOHE_USER is mallory's). */
  g_setenv ("KAOHE_USER", "mallory", TRUE);
  confirm (file, "f", "gdp", TRUE);
  confirm (olga, "f", "gdp", TRUE);
  file_text = flags_text (file);
  g_assert_cmpstr (file_text, ==, "f gdp 2 mallory;a pop 0 -;");
  text = flags_text (olga);
  g_assert_cmpstr (text, ==, "f gdp 2 olga;a pop 0 -;");
  g_clear_pointer (&text, g_free);

  /* ann, scoped to a: confirms a's, which olga then reads; takes it back after olga's
   * confirmation of it, which she reads. */
  g_assert_true (kh_db_server_grant (raw, "ann", "city", ann_units, NULL, NULL, &error));
  g_assert_no_error (error);
  confirm (ann, "a", "pop", TRUE);
  text = flags_text (olga);
  g_assert_cmpstr (text, ==, "f gdp 2 olga;a pop 0 ann;");
  g_clear_pointer (&text, g_free);
  confirm (olga, "a", "pop", FALSE);
  confirm (olga, "a", "pop", TRUE);
  text = flags_text (ann);
  g_assert_cmpstr (text, ==, "a pop 0 olga;");
  g_clear_pointer (&text, g_free);
  confirm (ann, "a", "pop", FALSE);
  text = flags_text (olga);
  g_assert_cmpstr (text, ==, "f gdp 2 olga;a pop 0 -;");
  g_clear_pointer (&text, g_free);
  g_unsetenv ("KAOHE_USER");

  /* f is outside her scopes: not flagged for her, and a confirmation row of it written
   * with raw SQL is refused by the server. */
  {
    g_autoptr (KhProject) project = kh_project_open (ann, &error);

    g_assert_no_error (error);
    g_assert_false (kh_project_confirm_value (project, 2020, "f", "gdp", TRUE, &error));
    g_assert_error (error, KH_IO_ERROR, KH_IO_ERROR_INVALID);
    g_clear_error (&error);
  }
  ann_db = kh_db_open (ann, &error);
  g_assert_no_error (error);
  g_assert_true (kh_db_begin (ann_db, &error));
  g_assert_false (kh_audit_append_db (ann_db, "ann", "confirm", 2020,
                                      "unit=f\nfield=gdp\nvalue=310", NULL, &error));
  g_assert_nonnull (error);
  assert_contains (error->message, "new row violates row-level security policy for table "
                                   "\"audit_log\"");
  g_clear_error (&error);
  kh_db_rollback (ann_db);
  kh_db_close (ann_db);

  users = column (raw, "SELECT DISTINCT user_name FROM audit_log ORDER BY 1");
  g_assert_cmpstr (users, ==, "ann;olga;");
  kh_pg_harness_assert_chain (raw);
  verified = cli ("verify", olga, NULL);
  assert_ok (verified);
  kh_db_close (file_raw);
  kh_db_close (raw);
  kh_test_remove_dir (dir);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/server-writes/login", test_login);
  g_test_add_func ("/server-writes/survey", test_survey);
  g_test_add_func ("/server-writes/backup", test_backup);
  g_test_add_func ("/server-writes/flags", test_flags);
  return kh_pg_harness_run_tests (&pg);
}
