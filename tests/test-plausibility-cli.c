/* test-plausibility-cli.c — implausible values in a project: flagged at import (printed,
 * audited, stored all the same), listed by kaohe-cli status, confirmed and taken back
 * (audited, kept across a reopening), open again when the value changes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <math.h>

#include "io/kh-audit.h"
#include "io/kh-io-error.h"
#include "io/kh-project-compute.h"
#include "io/kh-project-plausibility.h"
#include "io/kh-project.h"
#include "kh-test-cli.h"
#include "kh-test-files.h"

static const char units_csv[] =
  "id,name_zh,category,group\n"
  "a,甲市,city,cities\n"
  "b,乙市,city,cities\n"
  "c,丙市,city,cities\n"
  "d,丁市,city,cities\n"
  "e,戊市,city,cities\n"
  "f,己市,city,cities\n";

/* gdp declares no range; pop declares [0, 20000]; rate is measured in %. */
static const char framework_xml[] =
  "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
  "<framework xmlns=\"https://kaohe.github.io/ns/framework/1\" id=\"t\" year=\"%d\" "
  "category=\"city\">\n"
  "  <title lang=\"zh-CN\">测试</title>\n"
  "  <groups><group id=\"cities\"><name lang=\"zh-CN\">设区市</name>"
  "<tiers mode=\"count\" values=\"1 1\"/></group></groups>\n"
  "  <variables><variable id=\"pop\" unit=\"万人\" valid-min=\"0\" valid-max=\"20000\">"
  "<name lang=\"zh-CN\">人口</name></variable>"
  "<variable id=\"rate\" unit=\"%%\"><name lang=\"zh-CN\">城镇化率</name></variable></variables>\n"
  "  <root id=\"total\">\n"
  "    <indicator id=\"gdp\" points=\"100\" unit=\"亿元\"><name lang=\"zh-CN\">地区生产总值</name>"
  "<scoring method=\"minmax\"/></indicator>\n"
  "  </root>\n"
  "</framework>\n";

/* 2019: every gdp 100. 2020: relative changes 0.05 0.04 0.06 0.05 0.03 2.00 (median 0.05,
 * MAD 0.01, worked in test-plausibility.c's /plausibility/relative): f's 300 is flagged;
 * a's population −5 is below the declared minimum 0. */
/* rate, in %, changes by 1 point everywhere (1 2 4 8 10 20 → 2 3 5 9 11 21): counted in
 * points nothing is flagged; counted relative (+100 % +50 % +25 % +12.5 % +10 % +5 %,
 * median 18.75 %, MAD 11.25 %) a's +100 % would be. */
static const char data_2019[] =
  "unit,gdp,pop,rate\n"
  "a,100,500,1\nb,100,600,2\nc,100,700,4\nd,100,800,8\ne,100,900,10\nf,100,1000,20\n";
static const char data_2020[] =
  "unit,gdp,pop,rate\n"
  "a,105,-5,2\nb,104,600,3\nc,106,700,5\nd,105,800,9\ne,103,900,11\nf,300,1000,21\n";

typedef struct
{
  char *dir;
  char *project;
} Fixture;

static char *
write_file (Fixture    *f,
            const char *name,
            const char *text)
{
  g_autoptr (GError) error = NULL;
  char *path = g_build_filename (f->dir, name, NULL);

  g_assert_true (g_file_set_contents (path, text, -1, &error));
  g_assert_no_error (error);
  return path;
}

static void
fixture_set_up (Fixture      *f,
                gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (KhProject) project = NULL;
  g_autoptr (KhCsvTable) units = NULL;
  g_autofree char *units_path = NULL;
  g_autofree char *data_path = NULL;
  g_autoptr (KhCliRun) run = NULL;

  g_setenv ("KAOHE_USER", "tester", TRUE);
  f->dir = g_dir_make_tmp ("kh-plausibility-XXXXXX", &error);
  g_assert_no_error (error);
  f->project = g_build_filename (f->dir, "p.kaohe", NULL);
  project = kh_project_create (f->project, &error);
  g_assert_no_error (error);
  units_path = write_file (f, "units.csv", units_csv);
  units = kh_csv_read_file (units_path, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (kh_project_import_units (project, units, "units.csv", &error));
  for (int year = 2019; year <= 2020; year++)
    {
      g_autofree char *xml = g_strdup_printf (framework_xml, year);

      g_assert_true (kh_project_set_framework (project, year, xml, strlen (xml), "t.xml",
                                               &error));
      g_assert_no_error (error);
    }
  g_clear_pointer (&project, kh_project_close);
  data_path = write_file (f, "2019.csv", data_2019);
  run = kh_test_cli_run ("import", f->project, "--year", "2019", data_path, NULL);
  g_assert_cmpint (run->status, ==, 0);
  /* Nothing in 2019 is flagged: no year before, every population in range. */
  g_assert_null (strstr (run->out, "flagged"));
}

static void
fixture_tear_down (Fixture      *f,
                   gconstpointer data)
{
  kh_test_remove_dir (f->dir);
  g_free (f->dir);
  g_free (f->project);
}

/* The detail of the last audit row of @action, or NULL. */
static char *
last_audit (const char *path,
            const char *action,
            char      **user)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  char *detail = NULL;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db,
                                       "SELECT detail, user_name FROM audit_log WHERE action = ? "
                                       "ORDER BY seq DESC LIMIT 1",
                                       -1, &stmt, NULL),
                   ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, action, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      detail = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      if (user != NULL)
        *user = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
    }
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return detail;
}

static GPtrArray *
flags_of (Fixture *f)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (KhProject) project = kh_project_open (f->project, &error);
  GPtrArray *flags;

  g_assert_no_error (error);
  flags = kh_project_get_value_flags (project, 2020, &error);
  g_assert_no_error (error);
  return flags;
}

static void
test_import_flags (Fixture      *f,
                   gconstpointer data)
{
  g_autofree char *path = write_file (f, "2020.csv", data_2020);
  g_autoptr (KhCliRun) run = kh_test_cli_run ("import", f->project, "--year", "2020", path, NULL);
  g_autoptr (GPtrArray) flags = NULL;
  g_autofree char *flag_row = NULL;
  g_autofree char *why = NULL;
  const KhValueFlag *flag;

  /* Stored, not refused; both values printed with the reason. */
  g_assert_cmpint (run->status, ==, 0);
  g_assert_nonnull (strstr (run->out, "18 values imported into 2020"));
  g_assert_nonnull (strstr (run->out, "2020: 2 values flagged for confirmation (stored, not "
                                      "refused):\n"));
  g_assert_nonnull (strstr (run->out, "  甲市 (a) · pop = -5: below the declared minimum 0\n"));
  g_assert_nonnull (strstr (run->out, "  己市 (f) · gdp = 300: +200 % from 100 last year; the "
                                      "group's median change +5 %, MAD 1 %\n"));

  flags = flags_of (f);
  g_assert_cmpuint (flags->len, ==, 2);
  /* By category, field, unit: gdp before pop. */
  flag = flags->pdata[0];
  g_assert_cmpstr (flag->unit_id, ==, "f");
  g_assert_cmpstr (flag->field, ==, "gdp");
  g_assert_cmpint (flag->reason, ==, KH_IMPLAUSIBLE_CHANGE);
  g_assert_null (flag->confirmed_by);
  why = kh_value_flag_describe (flag);
  g_assert_cmpstr (why, ==, "+200 % from 100 last year; the group's median change +5 %, MAD 1 %");
  flag = flags->pdata[1];
  g_assert_cmpstr (flag->unit_id, ==, "a");
  g_assert_cmpstr (flag->field, ==, "pop");
  g_assert_cmpint (flag->reason, ==, KH_IMPLAUSIBLE_BELOW);

  /* The city category's alone are the same; a category without a framework has none. */
  {
    g_autoptr (GError) error = NULL;
    g_autoptr (KhProject) project = kh_project_open (f->project, &error);
    g_autoptr (GPtrArray) city = kh_project_get_category_value_flags (project, 2020, "city",
                                                                      &error);
    g_autoptr (GPtrArray) other = kh_project_get_category_value_flags (project, 2020, "county",
                                                                       &error);

    g_assert_no_error (error);
    g_assert_cmpuint (city->len, ==, 2);
    g_assert_cmpuint (other->len, ==, 0);
  }

  /* The import's "flag" row names both, in the order of the flags. */
  flag_row = last_audit (f->project, "flag", NULL);
  g_assert_cmpstr (flag_row, ==, "f\tgdp\t300\tchange\na\tpop\t-5\tbelow");
}

static void
test_confirm (Fixture      *f,
              gconstpointer data)
{
  g_autofree char *path = write_file (f, "2020.csv", data_2020);
  g_autoptr (KhCliRun) import = kh_test_cli_run ("import", f->project, "--year", "2020", path,
                                                 NULL);
  g_autoptr (KhCliRun) status = NULL;
  g_autoptr (KhCliRun) status_after = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (KhProject) project = NULL;
  g_autoptr (GPtrArray) flags = NULL;
  g_autoptr (GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *detail = NULL;
  g_autofree char *user = NULL;
  g_autofree char *edit_flag = NULL;

  g_assert_cmpint (import->status, ==, 0);
  project = kh_project_open (f->project, &error);
  g_assert_no_error (error);
  g_assert_true (kh_project_confirm_value (project, 2020, "f", "gdp", TRUE, &error));
  g_assert_no_error (error);
  detail = last_audit (f->project, "confirm", &user);
  g_assert_cmpstr (detail, ==, "unit=f\nfield=gdp\nvalue=300");
  g_assert_cmpstr (user, ==, "tester");
  /* Twice, a value not flagged, taking back one not confirmed: refused, naming it. */
  g_assert_false (kh_project_confirm_value (project, 2020, "f", "gdp", TRUE, &error));
  g_assert_error (error, KH_IO_ERROR, KH_IO_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "“f” · “gdp” in 2020 is already confirmed"));
  g_clear_error (&error);
  g_assert_false (kh_project_confirm_value (project, 2020, "b", "gdp", TRUE, &error));
  g_assert_nonnull (strstr (error->message, "“b” · “gdp” in 2020 is not flagged"));
  g_clear_error (&error);
  g_assert_false (kh_project_confirm_value (project, 2020, "a", "pop", FALSE, &error));
  g_assert_nonnull (strstr (error->message, "“a” · “pop” in 2020 is not confirmed"));
  g_clear_error (&error);
  g_clear_pointer (&project, kh_project_close);

  /* Reopened: still confirmed, by whom; status lists both, the open one first counted. */
  flags = flags_of (f);
  g_assert_cmpstr (((KhValueFlag *) flags->pdata[0])->confirmed_by, ==, "tester");
  g_assert_nonnull (((KhValueFlag *) flags->pdata[0])->confirmed_at);
  g_assert_null (((KhValueFlag *) flags->pdata[1])->confirmed_by);
  g_clear_pointer (&flags, g_ptr_array_unref);
  status = kh_test_cli_run ("status", f->project, "--year", "2020", NULL);
  g_assert_cmpint (status->status, ==, 0);
  g_assert_nonnull (strstr (status->out, "2020: 2 values flagged for confirmation, 1 confirmed\n"));
  g_assert_nonnull (strstr (status->out, "MAD 1 %; confirmed by tester at 20"));
  g_assert_nonnull (strstr (status->out, "  甲市 (a) · pop = -5: below the declared minimum 0\n"));

  /* Another value: the confirmation was of 300, the flag is open again, and the edit's
   * flag is audited. */
  project = kh_project_open (f->project, &error);
  g_assert_no_error (error);
  g_assert_true (kh_project_set_value (project, 2020, "f", "gdp", 310, &error));
  g_assert_no_error (error);
  edit_flag = last_audit (f->project, "flag", NULL);
  g_assert_cmpstr (edit_flag, ==, "f\tgdp\t310\tchange");
  g_clear_pointer (&project, kh_project_close);
  flags = flags_of (f);
  g_assert_cmpuint (flags->len, ==, 2);
  g_assert_null (((KhValueFlag *) flags->pdata[0])->confirmed_by);
  g_clear_pointer (&flags, g_ptr_array_unref);

  /* Confirmed and taken back: open, both audited; the chain still verifies. */
  project = kh_project_open (f->project, &error);
  g_assert_no_error (error);
  g_assert_true (kh_project_confirm_value (project, 2020, "f", "gdp", TRUE, &error));
  g_assert_true (kh_project_confirm_value (project, 2020, "f", "gdp", FALSE, &error));
  g_assert_no_error (error);
  g_clear_pointer (&detail, g_free);
  detail = last_audit (f->project, "unconfirm", NULL);
  g_assert_cmpstr (detail, ==, "unit=f\nfield=gdp\nvalue=310");
  g_assert_true (kh_audit_verify (kh_project_get_db (project), problems, NULL, NULL, &error));
  g_assert_cmpuint (problems->len, ==, 0);
  g_clear_pointer (&project, kh_project_close);
  status_after = kh_test_cli_run ("status", f->project, "--year", "2020", NULL);
  g_assert_nonnull (strstr (status_after->out,
                            "2020: 2 values flagged for confirmation, 0 confirmed\n"));
  flags = flags_of (f);
  g_assert_null (((KhValueFlag *) flags->pdata[0])->confirmed_by);
}

/* 2020 with most values as they were: gdp 100 → 100 100 100 100 103 300, relative changes
 * 0 0 0 0 3 % 200 %, median 0, deviations sorted 0 0 0 0 3 % 200 %, MAD 0; the floor is
 * max (1 %, one step 1 of the median previous 100 = 1 %) = 1 %, threshold 5 × 1 % = 5 %:
 * f (200 %) is flagged, e (3 %) is not. rate (in %, counted in points) 1 2 4 8 10 20 →
 * 1 2 4 8 11 30: changes 0 0 0 0 1 10, MAD 0, whole numbers: floor 1 point, threshold 5:
 * f (+10) is flagged, e (+1) is not. pop as it was: nothing. */
static const char data_2020_floor[] =
  "unit,gdp,pop,rate\n"
  "a,100,500,1\nb,100,600,2\nc,100,700,4\nd,100,800,8\ne,103,900,11\nf,300,1000,30\n";

/* A flag whose MAD is under its floor says the floor set the threshold, not "MAD 0". */
static void
test_floor (Fixture      *f,
            gconstpointer data)
{
  g_autofree char *path = write_file (f, "2020.csv", data_2020_floor);
  g_autoptr (KhCliRun) run = kh_test_cli_run ("import", f->project, "--year", "2020", path, NULL);
  g_autoptr (GPtrArray) flags = NULL;
  g_autofree char *gdp_why = NULL;
  g_autofree char *rate_why = NULL;
  const KhValueFlag *flag;
  KhValueFlag above = { 0 };
  g_autofree char *above_why = NULL;

  g_assert_cmpint (run->status, ==, 0);
  g_assert_nonnull (strstr (run->out, "2020: 2 values flagged for confirmation"));
  g_assert_nonnull (strstr (run->out, "  己市 (f) · gdp = 300: +200 % from 100 last year; the "
                                      "group's median change +0 %, MAD 0 %, below its floor "
                                      "1 %, which set the threshold\n"));
  flags = flags_of (f);
  g_assert_cmpuint (flags->len, ==, 2);
  flag = flags->pdata[0];
  g_assert_cmpstr (flag->field, ==, "gdp");
  g_assert_cmpfloat (flag->mad, ==, 0);
  g_assert_cmpfloat_with_epsilon (flag->floor, 0.01, 1e-12);
  gdp_why = kh_value_flag_describe (flag);
  g_assert_cmpstr (gdp_why, ==, "+200 % from 100 last year; the group's median change +0 %, "
                                "MAD 0 %, below its floor 1 %, which set the threshold");
  flag = flags->pdata[1];
  g_assert_cmpstr (flag->field, ==, "rate");
  g_assert_cmpstr (flag->unit_id, ==, "f");
  g_assert_cmpfloat (flag->floor, ==, 1);
  rate_why = kh_value_flag_describe (flag);
  g_assert_cmpstr (rate_why, ==, "+10 from 20 last year; the group's median change +0, MAD 0, "
                                 "below its floor 1, which set the threshold");

  /* A MAD at or above its floor set the threshold itself: said as before (the MAD 1 % of
   * /plausibility-cli/import equals its floor 1 %). */
  above = *(const KhValueFlag *) flags->pdata[0];
  above.median = 0.05;
  above.mad = 0.02;
  above_why = kh_value_flag_describe (&above);
  g_assert_cmpstr (above_why, ==, "+200 % from 100 last year; the group's median change +5 %, "
                                  "MAD 2 %");
}

/* Imports 2020's sheet (every field of the year) through the API into @project. */
static void
import_2020 (Fixture   *f,
             KhProject *project)
{
  g_autofree char *path = write_file (f, "2020.csv", data_2020);
  g_autoptr (GError) error = NULL;
  g_autoptr (KhCsvTable) table = kh_csv_read_file (path, NULL, &error);
  g_autoptr (KhRecordSet) set = NULL;

  g_assert_no_error (error);
  set = kh_record_set_from_table (table, "2020.csv", &error);
  g_assert_no_error (error);
  g_assert_true (kh_project_import_records (project, 2020, set, "2020.csv", &error));
  g_assert_no_error (error);
}

/* The flags an import of every field found in its transaction are the year's flags that
 * kh_project_get_value_flags() gives right after it (issue 22: not computed again) — but
 * never once anything was written since, by this connection (a confirmation) or another
 * (a value changed behind it). */
static void
test_kept_flags (Fixture      *f,
                 gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (KhProject) project = kh_project_open (f->project, &error);
  g_autoptr (GPtrArray) kept = NULL;
  g_autoptr (GPtrArray) fresh = NULL;
  g_autoptr (GPtrArray) after = NULL;

  g_assert_no_error (error);
  import_2020 (f, project);
  kept = kh_project_get_value_flags (project, 2020, &error);
  g_assert_no_error (error);
  fresh = flags_of (f);
  g_assert_cmpuint (kept->len, ==, 2);
  g_assert_cmpuint (fresh->len, ==, kept->len);
  for (guint i = 0; i < kept->len; i++)
    {
      const KhValueFlag *a = kept->pdata[i], *b = fresh->pdata[i];

      g_assert_cmpstr (a->category, ==, b->category);
      g_assert_cmpstr (a->unit_id, ==, b->unit_id);
      g_assert_cmpstr (a->unit_name, ==, b->unit_name);
      g_assert_cmpstr (a->field, ==, b->field);
      g_assert_cmpint (a->reason, ==, b->reason);
      g_assert_cmpfloat (a->value, ==, b->value);
      g_assert_cmpstr (a->confirmed_by, ==, b->confirmed_by);
    }
  /* Asked again: read again (the same). */
  after = kh_project_get_value_flags (project, 2020, &error);
  g_assert_cmpuint (after->len, ==, 2);
  g_clear_pointer (&after, g_ptr_array_unref);

  /* Imported again, then f's gdp confirmed: the confirmation shows. */
  import_2020 (f, project);
  g_assert_true (kh_project_confirm_value (project, 2020, "f", "gdp", TRUE, &error));
  g_assert_no_error (error);
  after = kh_project_get_value_flags (project, 2020, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (after->len, ==, 2);
  g_assert_cmpstr (((KhValueFlag *) after->pdata[0])->unit_id, ==, "f");
  g_assert_cmpstr (((KhValueFlag *) after->pdata[0])->confirmed_by, ==, "tester");
  g_clear_pointer (&after, g_ptr_array_unref);

  /* Imported again, then f's gdp set back to 105 by another program: one flag left. */
  import_2020 (f, project);
  g_assert_cmpint (kh_test_raw_exec (f->project, "UPDATE data_values SET value = 105 "
                                                 "WHERE year = 2020 AND unit_id = 'f' "
                                                 "AND field = 'gdp'"),
                   ==, SQLITE_OK);
  after = kh_project_get_value_flags (project, 2020, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (after->len, ==, 1);
  g_assert_cmpstr (((KhValueFlag *) after->pdata[0])->unit_id, ==, "a");
}

static void
test_sealed (Fixture      *f,
             gconstpointer data)
{
  g_autofree char *path = write_file (f, "2020.csv", data_2020);
  g_autoptr (KhCliRun) import = kh_test_cli_run ("import", f->project, "--year", "2020", path,
                                                 NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (KhProject) project = kh_project_open (f->project, &error);

  g_assert_no_error (error);
  /* A year is sealed with its results. */
  g_assert_true (kh_project_compute_and_store (project, 2020, &error));
  g_assert_no_error (error);
  g_assert_true (kh_project_seal (project, 2020, &error));
  g_assert_no_error (error);
  g_assert_false (kh_project_confirm_value (project, 2020, "f", "gdp", TRUE, &error));
  g_assert_error (error, KH_IO_ERROR, KH_IO_ERROR_SEALED);
  g_assert_true (g_str_has_suffix (error->message, "year 2020 is sealed: its framework, data and "
                                                   "results cannot change"));
}

/* Two peer groups and units that continue others, for an edit's flag (issue 22: judged
 * from the unit's group alone, its predecessors followed, as the whole year judges it). */
static const char groups_units_csv[] =
  "id,name_zh,category,group,from_year,until_year,successor\n"
  "a,甲市,city,north,,,\nb,乙市,city,north,,,\nc,丙市,city,north,,,\n"
  "d,丁市,city,north,,,\ne,戊市,city,north,,,\n"
  "g,庚市,city,south,,,\nh,辛市,city,south,,,\ni,壬市,city,south,,,\n"
  "j,癸市,city,south,,,\nn,卯市,city,south,,,\n"
  "k,子市,city,south,,2019,l\nl,丑市,city,south,2020,,\n"
  "m,寅市,city,south,,2019,j\n";
/* 2019: every gdp 100. 2020: north +5 +4 +6 +5 +3 % (median 5 %, MAD 1 %: threshold 5 %);
 * south g +20 h −10 i +40 n 0 l (continuing k) +10 % (median 10 %, MAD 10 %: threshold
 * 50 %); j continues itself and m, two units: no change of its own. Nothing flagged. */
static const char groups_2019[] =
  "unit,gdp,pop,rate\n"
  "a,100,500,10\nb,100,500,10\nc,100,500,10\nd,100,500,10\ne,100,500,10\n"
  "g,100,500,10\nh,100,500,10\ni,100,500,10\nj,100,500,10\nn,100,500,10\n"
  "k,100,500,10\nm,100,500,10\n";
static const char groups_2020[] =
  "unit,gdp,pop,rate\n"
  "a,105,500,10\nb,104,500,10\nc,106,500,10\nd,105,500,10\ne,103,500,10\n"
  "g,120,500,10\nh,90,500,10\ni,140,500,10\nj,100,500,10\nn,100,500,10\n"
  "l,110,500,10\n";

static gint64
count_audit (const char *path,
             const char *action)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 n = -1;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT COUNT(*) FROM audit_log WHERE action = ?",
                                       -1, &stmt, NULL),
                   ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, action, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    n = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return n;
}

/* Edits @unit's @field to @value in 2020; the edit's "flag" row is @expected (NULL: none),
 * and is what the whole year's flags, computed again from a reopened project, say of that
 * value. */
static void
edit_and_compare (const char *path,
                  const char *unit,
                  const char *field,
                  double      value,
                  const char *expected)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (KhProject) project = kh_project_open (path, &error);
  g_autoptr (GPtrArray) flags = NULL;
  g_autofree char *row = NULL;
  g_autofree char *full = NULL;
  gint64 before = count_audit (path, "flag");

  g_assert_no_error (error);
  g_assert_true (kh_project_set_value (project, 2020, unit, field, value, &error));
  g_assert_no_error (error);
  g_clear_pointer (&project, kh_project_close);
  if (count_audit (path, "flag") > before)
    row = last_audit (path, "flag", NULL);
  g_assert_cmpint (count_audit (path, "flag"), ==, before + (expected != NULL ? 1 : 0));
  g_assert_cmpstr (row, ==, expected);

  project = kh_project_open (path, &error);
  g_assert_no_error (error);
  flags = kh_project_get_value_flags (project, 2020, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < flags->len; i++)
    {
      const KhValueFlag *flag = flags->pdata[i];
      char text[G_ASCII_DTOSTR_BUF_SIZE];

      if (strcmp (flag->unit_id, unit) != 0 || strcmp (flag->field, field) != 0)
        continue;
      /* The values here are whole numbers. */
      g_ascii_formatd (text, sizeof text, "%.15g", flag->value);
      g_assert_null (full);
      full = g_strdup_printf ("%s\t%s\t%s\t%s", unit, field, text,
                              flag->reason == KH_IMPLAUSIBLE_BELOW   ? "below"
                              : flag->reason == KH_IMPLAUSIBLE_ABOVE ? "above"
                                                                     : "change");
    }
  g_assert_cmpstr (full, ==, row);
}

static void
test_edit_flags (Fixture      *f,
                 gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (KhProject) project = NULL;
  g_autoptr (KhCsvTable) units = NULL;
  g_autoptr (GPtrArray) flags = NULL;
  g_autofree char *path = g_build_filename (f->dir, "groups.kaohe", NULL);
  g_autofree char *units_path = write_file (f, "groups-units.csv", groups_units_csv);

  project = kh_project_create (path, &error);
  g_assert_no_error (error);
  units = kh_csv_read_file (units_path, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (kh_project_import_units (project, units, "groups-units.csv", &error));
  g_assert_no_error (error);
  for (int year = 2019; year <= 2020; year++)
    {
      g_autofree char *xml = g_strdup_printf (framework_xml, year);
      g_autoptr (GString) two = g_string_new (xml);

      g_string_replace (two, "<group id=\"cities\"><name lang=\"zh-CN\">设区市</name>"
                             "<tiers mode=\"count\" values=\"1 1\"/></group>",
                        "<group id=\"north\"><name lang=\"zh-CN\">北</name>"
                        "<tiers mode=\"count\" values=\"1 1\"/></group>"
                        "<group id=\"south\"><name lang=\"zh-CN\">南</name>"
                        "<tiers mode=\"count\" values=\"1 1\"/></group>",
                        1);
      g_assert_true (kh_project_set_framework (project, year, two->str, two->len, "t.xml",
                                               &error));
      g_assert_no_error (error);
    }
  g_clear_pointer (&project, kh_project_close);
  for (int year = 2019; year <= 2020; year++)
    {
      g_autofree char *name = g_strdup_printf ("groups-%d.csv", year);
      g_autofree char *data_path = write_file (f, name, year == 2019 ? groups_2019 : groups_2020);
      g_autofree char *year_text = g_strdup_printf ("%d", year);
      g_autoptr (KhCliRun) run = kh_test_cli_run ("import", path, "--year", year_text, data_path,
                                                  NULL);

      g_assert_cmpint (run->status, ==, 0);
      g_assert_null (strstr (run->out, "flagged"));
    }

  /* a +12 %: north's changes 12 4 6 5 3, median 5, deviations 7 1 1 0 2, MAD 1, floor
   * 1 % (whole numbers around 100): threshold 5 %, 7 above. Judged among all ten units
   * (median 5.5, MAD 5: threshold 25 %) it would not be. */
  edit_and_compare (path, "a", "gdp", 112, "a\tgdp\t112\tchange");
  /* l continues k (100): +200 %; south's changes 20 −10 40 0 200, median 20, deviations
   * 0 30 20 20 180, MAD 20: threshold 100 %, 180 above. Without k, l has no change. */
  edit_and_compare (path, "l", "gdp", 300, "l\tgdp\t300\tchange");
  /* j continues itself and m: no change of its own, whatever its value. */
  edit_and_compare (path, "j", "gdp", 5000, NULL);
  /* Below pop's declared minimum 0. */
  edit_and_compare (path, "a", "pop", -1, "a\tpop\t-1\tbelow");
  /* b 0 %: north's changes 12 0 6 5 3, median 5, deviations 7 5 1 0 2, MAD 2: threshold
   * 10 %: b (5) is not flagged, nor a (7) any more. */
  edit_and_compare (path, "b", "gdp", 100, NULL);

  project = kh_project_open (path, &error);
  g_assert_no_error (error);
  flags = kh_project_get_value_flags (project, 2020, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (flags->len, ==, 2);
  g_assert_cmpstr (((KhValueFlag *) flags->pdata[0])->unit_id, ==, "l");
  g_assert_cmpstr (((KhValueFlag *) flags->pdata[0])->field, ==, "gdp");
  g_assert_cmpstr (((KhValueFlag *) flags->pdata[1])->unit_id, ==, "a");
  g_assert_cmpstr (((KhValueFlag *) flags->pdata[1])->field, ==, "pop");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/plausibility-cli/import", Fixture, NULL, fixture_set_up, test_import_flags,
              fixture_tear_down);
  g_test_add ("/plausibility-cli/confirm", Fixture, NULL, fixture_set_up, test_confirm,
              fixture_tear_down);
  g_test_add ("/plausibility-cli/floor", Fixture, NULL, fixture_set_up, test_floor,
              fixture_tear_down);
  g_test_add ("/plausibility-cli/kept", Fixture, NULL, fixture_set_up, test_kept_flags,
              fixture_tear_down);
  g_test_add ("/plausibility-cli/edit", Fixture, NULL, fixture_set_up, test_edit_flags,
              fixture_tear_down);
  g_test_add ("/plausibility-cli/sealed", Fixture, NULL, fixture_set_up, test_sealed,
              fixture_tear_down);
  return g_test_run ();
}
