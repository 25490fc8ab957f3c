/* test-report-cli.c — `kaohe-cli report`: PDFs checked with pdfinfo, pdftotext, pdftoppm
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A project is built from tests/data/report with kaohe-cli (60 counties in the groups
 * plain (48) and hill (12), 2018–2020). The expected ranks and tiers come from
 * `kaohe-cli compute`, the report must print the same.
 */
#include "config.h"

#include <glib/gstdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "kh-test-cli.h"
#include "kh-test-files.h"

typedef struct
{
  char *dir;
  char *project;
} Fixture;

static char *
data_path (const char *name)
{
  return g_build_filename (g_getenv ("KH_SOURCE_ROOT"), "tests", "data", "report", name, NULL);
}

static void
check_run (KhCliRun *run)
{
  if (run->status != 0)
    g_printerr ("%s%s", run->out, run->err);
  g_assert_cmpint (run->status, ==, 0);
}

static void
fixture_set_up (Fixture      *f,
                gconstpointer user_data)
{
  g_autofree char *units = data_path ("units.csv");

  f->dir = g_dir_make_tmp ("kh-report-XXXXXX", NULL);
  g_assert_nonnull (f->dir);
  f->project = g_build_filename (f->dir, "counties.kaohe", NULL);
  g_setenv ("KAOHE_REPORT_DATE", "2021-04-01", TRUE);
  g_setenv ("KAOHE_USER", "tester", TRUE);

  {
    g_autoptr (KhCliRun) run = kh_test_cli_run ("new", f->project, NULL);
    check_run (run);
  }
  {
    g_autoptr (KhCliRun) run = kh_test_cli_run ("import", f->project, "--units", units, NULL);
    check_run (run);
  }
  for (int year = 2018; year <= 2020; year++)
    {
      g_autofree char *year_text = g_strdup_printf ("%d", year);
      g_autofree char *fw_name = g_strdup_printf ("framework-%d.xml", year);
      g_autofree char *data_name = g_strdup_printf ("data-%d.csv", year);
      g_autofree char *fw = data_path (fw_name);
      g_autofree char *data = data_path (data_name);
      g_autoptr (KhCliRun) a = kh_test_cli_run ("import", f->project, "--year", year_text, "--framework", fw, NULL);
      g_autoptr (KhCliRun) b = NULL;

      check_run (a);
      b = kh_test_cli_run ("import", f->project, "--year", year_text, data, NULL);
      check_run (b);
    }
}

static void
fixture_tear_down (Fixture      *f,
                   gconstpointer user_data)
{
  kh_test_remove_dir (f->dir);
  g_free (f->dir);
  g_free (f->project);
}

/* Runs a poppler tool; its stdout. */
static char *
run_tool (const char *const *argv)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *err = NULL;
  char *out = NULL;
  int status = 0;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, &err, &status, &error);
  g_assert_no_error (error);
  if (!WIFEXITED (status) || WEXITSTATUS (status) != 0)
    g_printerr ("%s: %s\n", argv[0], err);
  g_assert_true (WIFEXITED (status) && WEXITSTATUS (status) == 0);
  return out;
}

static guint
pdf_pages (const char *pdf)
{
  const char *argv[] = { "pdfinfo", pdf, NULL };
  g_autofree char *out = run_tool (argv);
  const char *line = strstr (out, "\nPages:");

  g_assert_nonnull (line);
  return (guint) g_ascii_strtoull (line + strlen ("\nPages:"), NULL, 10);
}

static char *
pdf_text (const char *pdf,
          guint       page)
{
  g_autofree char *number = g_strdup_printf ("%u", page);
  const char *argv[] = { "pdftotext", "-layout", "-f", number, "-l", number, pdf, "-", NULL };

  return run_tool (argv);
}

static char *
write_report (Fixture    *f,
              const char *name,
              guint      *n_pages,
              char      **id,
              ...)
{
  g_autoptr (GPtrArray) args = g_ptr_array_new ();
  char *pdf = g_build_filename (f->dir, name, NULL);
  g_autoptr (KhCliRun) run = NULL;
  g_autofree char *expect = NULL;
  va_list ap;

  g_ptr_array_add (args, (char *) "report");
  g_ptr_array_add (args, f->project);
  va_start (ap, id);
  for (const char *a = va_arg (ap, const char *); a != NULL; a = va_arg (ap, const char *))
    g_ptr_array_add (args, (char *) a);
  va_end (ap);
  g_ptr_array_add (args, (char *) "-o");
  g_ptr_array_add (args, pdf);
  g_ptr_array_add (args, NULL);
  run = kh_test_cli_runv ((const char *const *) args->pdata);
  check_run (run);

  /* "FILE: N pages, report ID" */
  expect = g_strdup_printf ("%s: ", pdf);
  g_assert_true (g_str_has_prefix (run->out, expect));
  *n_pages = (guint) g_ascii_strtoull (run->out + strlen (expect), NULL, 10);
  *id = g_strndup (strstr (run->out, ", report ") + strlen (", report "), 12);
  g_assert_cmpuint (pdf_pages (pdf), ==, *n_pages);
  return pdf;
}

typedef struct
{
  char *unit, *name, *group;
  int rank, tier, change;
  gboolean has_change;
} Expected;

static void
expected_free (Expected *e)
{
  g_free (e->unit);
  g_free (e->name);
  g_free (e->group);
  g_free (e);
}

/* kaohe-cli compute's CSV: category,group,unit,name,score,rank,tier,prev_rank,rank_change */
static GPtrArray *
computed_category (const char *project,
                   const char *category)
{
  g_autoptr (KhCliRun) run = category != NULL
                               ? kh_test_cli_run ("compute", project, "--year", "2020", "--category", category, NULL)
                               : kh_test_cli_run ("compute", project, "--year", "2020", NULL);
  g_auto (GStrv) lines = NULL;
  GPtrArray *rows = g_ptr_array_new_with_free_func ((GDestroyNotify) expected_free);

  check_run (run);
  lines = g_strsplit (run->out, "\n", -1);
  for (guint i = 1; lines[i] != NULL && lines[i][0] != '\0'; i++)
    {
      g_auto (GStrv) cells = g_strsplit (lines[i], ",", 10);
      Expected *e = g_new0 (Expected, 1);

      e->group = g_strdup (cells[1]);
      e->unit = g_strdup (cells[2]);
      e->name = g_strdup (cells[3]);
      e->rank = atoi (cells[5]);
      e->tier = atoi (cells[6]);
      e->has_change = cells[8][0] != '\0';
      e->change = atoi (cells[8]);
      g_ptr_array_add (rows, e);
    }
  return rows;
}

static GPtrArray *
computed (Fixture *f)
{
  GPtrArray *rows = computed_category (f->project, NULL);

  g_assert_cmpuint (rows->len, ==, 60);
  return rows;
}

static const char *const tier_names[] = { "", "第一等次", "第二等次", "第三等次" };

/* A line of the ranking table: "  7   平港县   69.28   第一等次 …" (9 bytes: 3 characters). */
static gboolean
has_row (const char *text,
         Expected   *e)
{
  g_auto (GStrv) lines = g_strsplit (text, "\n", -1);
  g_autofree char *rank = g_strdup_printf ("%d", e->rank);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto (GStrv) words = g_strsplit_set (g_strstrip (lines[i]), " ", -1);
      gboolean name = FALSE, tier = FALSE;
      guint n = 0;

      for (guint w = 0; words[w] != NULL; w++)
        if (words[w][0] != '\0')
          {
            if (n == 0 && strcmp (words[w], rank) != 0)
              break;
            /* A long name wraps inside its cell: its first line starts the name. */
            name = name || (n == 1 && (strcmp (words[w], e->name) == 0
                                       || (g_str_has_prefix (e->name, words[w]) && strlen (words[w]) >= 9)));
            tier = tier || (n == 3 && strcmp (words[w], tier_names[e->tier]) == 0);
            n++;
          }
      if (name && tier)
        return TRUE;
    }
  return FALSE;
}

static void
test_report_annual (Fixture      *f,
                    gconstpointer user_data)
{
  g_autoptr (GPtrArray) expected = computed (f);
  g_autofree char *id = NULL;
  guint n_pages = 0;
  g_autofree char *pdf = write_report (f, "annual.pdf", &n_pages, &id, "--year", "2020", NULL);
  g_autoptr (GPtrArray) pages = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *all = NULL;

  /* A cover, plain's 48 rows over two pages and its chart, hill's table and chart. */
  g_assert_cmpuint (n_pages, >=, 4);
  for (guint p = 1; p <= n_pages; p++)
    {
      char *text = pdf_text (pdf, p);
      g_autofree char *number = g_strdup_printf ("Page %u of %u", p, n_pages);
      g_autofree char *footer = g_strdup_printf ("Report %s", id);

      g_assert_nonnull (strstr (text, number));
      g_assert_nonnull (strstr (text, footer));
      g_assert_nonnull (strstr (text, "Generated 2021-04-01"));
      /* A page with table rows repeats the header. */
      if (strstr (text, "第一等次") != NULL || strstr (text, "第三等次") != NULL)
        g_assert_nonnull (strstr (text, "Previous"));
      g_ptr_array_add (pages, text);
    }

  /* The cover: title, the audit chain head in full, the report id. */
  g_assert_nonnull (strstr (pages->pdata[0], "Annual results 2020"));
  g_assert_nonnull (strstr (pages->pdata[0], "Audit chain head"));
  {
    g_autoptr (KhCliRun) run = kh_test_cli_run ("verify", f->project, NULL);
    const char *head;

    /* verify prints the head's hash: the cover shows the same 64 digits. */
    check_run (run);
    head = strstr (run->out, "head");
    g_assert_nonnull (head);
    for (const char *p = head; *p != '\0'; p++)
      if (g_ascii_isxdigit (*p) && strspn (p, "0123456789abcdef") == 64)
        {
          g_autofree char *hash = g_strndup (p, 64);

          g_assert_nonnull (strstr (pages->pdata[0], hash));
          break;
        }
  }

  /* Every unit of every group appears with its rank and tier. */
  for (guint i = 0; i < expected->len; i++)
    {
      Expected *e = expected->pdata[i];
      gboolean found = FALSE;

      for (guint p = 1; p < pages->len && !found; p++)
        found = has_row (pages->pdata[p], e);
      if (!found)
        g_printerr ("unit %s (%s) rank %d tier %d not found\n", e->unit, e->name, e->rank, e->tier);
      g_assert_true (found);
    }
  (void) all;

  /* Same project, same request: the same id; another year span: another. */
  {
    g_autofree char *again_id = NULL;
    g_autofree char *other_id = NULL;
    guint again_pages = 0, other_pages = 0;
    g_autofree char *again = write_report (f, "again.pdf", &again_pages, &again_id, "--year", "2020", NULL);
    g_autofree char *other = write_report (f, "other.pdf", &other_pages, &other_id, "--year", "2020",
                                           "--years", "2019-2020", "--landscape", NULL);

    g_assert_cmpstr (again_id, ==, id);
    g_assert_cmpstr (other_id, !=, id);
    g_assert_cmpuint (again_pages, ==, n_pages);
  }

  /* Render the pages (pdftoppm, 60 dpi): one PNG per page. */
  {
    g_autofree char *prefix = g_build_filename (f->dir, "page", NULL);
    const char *argv[] = { "pdftoppm", "-png", "-r", "60", pdf, prefix, NULL };
    g_autofree char *out = run_tool (argv);
    g_autofree char *first = g_strdup_printf ("%s-%u.png", prefix, 1);

    g_assert_true (g_file_test (first, G_FILE_TEST_IS_REGULAR));
  }
}

static void
test_report_unit (Fixture      *f,
                  gconstpointer user_data)
{
  g_autofree char *id = NULL, *one_id = NULL;
  guint n_pages = 0, one_pages = 0;
  g_autofree char *pdf = write_report (f, "units.pdf", &n_pages, &id, "--year", "2020", "--kind", "unit", NULL);
  g_autofree char *one = write_report (f, "one.pdf", &one_pages, &one_id, "--year", "2020", "--kind", "unit",
                                       "--unit", "江北新区高新技术产业开发区管理委员会", "--landscape", NULL);
  g_autofree char *text = pdf_text (one, 1);

  /* One page per unit: 48 + 12. */
  g_assert_cmpuint (n_pages, ==, 60);
  g_assert_cmpuint (one_pages, ==, 1);
  g_assert_nonnull (strstr (text, "江北新区高新技术产业开发区管理委员会"));
  g_assert_nonnull (strstr (text, "高质量发展成效"));
  g_assert_nonnull (strstr (text, "Strongest indicators"));
  g_assert_nonnull (strstr (text, "Weakest indicators"));
  g_assert_nonnull (strstr (text, "Profile against the group mean"));
  /* The rank history: 2018, 2019 and 2020. */
  g_assert_nonnull (strstr (text, "2018"));
  g_assert_nonnull (strstr (text, "2019"));
}

static void
test_report_compare (Fixture      *f,
                     gconstpointer user_data)
{
  g_autoptr (GPtrArray) expected = computed (f);
  g_autofree char *id = NULL;
  guint n_pages = 0;
  g_autofree char *pdf = write_report (f, "compare.pdf", &n_pages, &id, "--year", "2020", "--kind", "compare",
                                       "--group", "hill", NULL);
  g_autofree char *text = NULL;
  Expected *best = NULL;
  const char *at;

  /* The hill group's 12 rows and its slope chart fit one page. */
  g_assert_cmpuint (n_pages, ==, 1);
  text = pdf_text (pdf, 1);
  g_assert_nonnull (strstr (text, "Year-over-year comparison 2019–2020"));
  /* The table is sorted by change: its first row is the largest advance. */
  for (guint i = 0; i < expected->len; i++)
    {
      Expected *e = expected->pdata[i];

      if (strcmp (e->group, "hill") == 0 && (best == NULL || e->change > best->change))
        best = e;
    }
  /* The first line below the table's header with a tier in it. */
  at = strstr (text, "Tier 2020");
  g_assert_nonnull (at);
  {
    g_auto (GStrv) lines = g_strsplit (at, "\n", -1);
    guint i = 1;

    while (lines[i] != NULL && strstr (lines[i], "等次") == NULL)
      i++;
    g_assert_nonnull (lines[i]);
    g_assert_true (g_str_has_prefix (g_strstrip (lines[i]), best->name));
  }
}

static void
test_report_errors (Fixture      *f,
                    gconstpointer user_data)
{
  g_autofree char *pdf = g_build_filename (f->dir, "bad.pdf", NULL);
  static const struct
  {
    const char *args[8];
    int status;
    const char *message;
  } cases[] = {
    { { "--year", "2020", "--group", "mountain", NULL }, 1, "2020 has no results of group “mountain”" },
    { { "--year", "2020", "--kind", "unit", "--unit", "nowhere", NULL }, 1, "2020 has no results of unit “nowhere”" },
    { { "--year", "2017", NULL }, 1, "2017" },
    { { "--year", "2020", "--kind", "compare", "--years", "2017-2020", NULL }, 1, "cannot compare 2017 with 2020" },
    { { "--year", "2020", "--kind", "poster", NULL }, 2, "unknown kind “poster”" },
    { { "--year", "2020", "--years", "2019-2021", NULL }, 2, "must end with the year of the report, 2020" },
    { { "--year", "2020", "--years", "2020", NULL }, 2, "expected two years" },
    { { "--year", "2020", "--unit", "p01", NULL }, 2, "--unit goes with --kind unit" },
    { { "--year", "2020", "--group", "hill", "--category", "county", NULL }, 2, "not both" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (GPtrArray) args = g_ptr_array_new ();
      g_autoptr (KhCliRun) run = NULL;

      g_ptr_array_add (args, (char *) "report");
      g_ptr_array_add (args, f->project);
      for (guint a = 0; cases[i].args[a] != NULL; a++)
        g_ptr_array_add (args, (char *) cases[i].args[a]);
      g_ptr_array_add (args, (char *) "-o");
      g_ptr_array_add (args, pdf);
      g_ptr_array_add (args, NULL);
      run = kh_test_cli_runv ((const char *const *) args->pdata);
      g_assert_cmpint (run->status, ==, cases[i].status);
      if (strstr (run->err, cases[i].message) == NULL)
        g_printerr ("case %u: %s\n", i, run->err);
      g_assert_nonnull (strstr (run->err, cases[i].message));
      /* Nothing half-written. */
      g_assert_false (g_file_test (pdf, G_FILE_TEST_EXISTS));
    }

  /* A scope error names the project file. */
  {
    g_autoptr (KhCliRun) run = kh_test_cli_run ("report", f->project, "--year", "2020", "--group", "x",
                                                "-o", pdf, NULL);

    g_assert_true (g_str_has_prefix (run->err, f->project));
  }
  /* An unwritable output. */
  {
    g_autoptr (KhCliRun) run = kh_test_cli_run ("report", f->project, "--year", "2020", "-o",
                                                "/nonexistent/dir/out.pdf", NULL);

    g_assert_cmpint (run->status, ==, 1);
    g_assert_nonnull (strstr (run->err, "/nonexistent/dir/out.pdf"));
  }
}

/* The Jiangsu sample (data/samples, built with the project): one annual report of all
 * four categories, and 常州市's profile, whose 2020 outcome the source article gives. */
static void
test_report_sample (void)
{
  g_autofree char *sample = g_build_filename (g_getenv ("KH_BUILD_ROOT"), "data", "samples",
                                              "jiangsu-sample.kaohe", NULL);
  g_autofree char *dir = g_dir_make_tmp ("kh-report-sample-XXXXXX", NULL);
  g_autofree char *pdf = g_build_filename (dir, "annual.pdf", NULL);
  g_autofree char *profile = g_build_filename (dir, "changzhou.pdf", NULL);
  static const char *const categories[] = { "city", "agency", "university", "county" };
  g_autoptr (GPtrArray) pages = g_ptr_array_new_with_free_func (g_free);
  guint n_pages, units = 0;

  g_assert_true (g_file_test (sample, G_FILE_TEST_IS_REGULAR));
  g_setenv ("KAOHE_REPORT_DATE", "2021-04-01", TRUE);
  {
    g_autoptr (KhCliRun) run = kh_test_cli_run ("report", sample, "--year", "2020", "-o", pdf, NULL);

    check_run (run);
  }
  n_pages = pdf_pages (pdf);
  for (guint p = 1; p <= n_pages; p++)
    g_ptr_array_add (pages, pdf_text (pdf, p));

  /* Every unit of every group appears with its rank and tier. */
  for (guint c = 0; c < G_N_ELEMENTS (categories); c++)
    {
      g_autoptr (GPtrArray) expected = computed_category (sample, categories[c]);

      g_assert_cmpuint (expected->len, >, 0);
      for (guint i = 0; i < expected->len; i++)
        {
          Expected *e = expected->pdata[i];
          gboolean found = FALSE;

          for (guint p = 1; p < pages->len && !found; p++)
            found = has_row (pages->pdata[p], e);
          if (!found)
            g_printerr ("%s: unit %s (%s) rank %d tier %d not found\n", categories[c], e->unit, e->name,
                        e->rank, e->tier);
          g_assert_true (found);
          units++;
        }
    }
  /* 13 cities, 99 agencies, 73 universities and 95 counties in 2020 (海门市 and 港闸区
   * were merged away in 2019). */
  g_assert_cmpuint (units, ==, 13 + 99 + 73 + 95);

  /* 常州 rose 5 places into the first tier (rank 9 → 4). */
  {
    g_autoptr (KhCliRun) run = kh_test_cli_run ("report", sample, "--year", "2020", "--kind", "unit",
                                                "--unit", "常州市", "-o", profile, NULL);
    g_autofree char *text = NULL;

    check_run (run);
    g_assert_cmpuint (pdf_pages (profile), ==, 1);
    text = pdf_text (profile, 1);
    g_assert_nonnull (strstr (text, "常州市"));
    g_assert_nonnull (strstr (text, "第一等次"));
    g_assert_nonnull (strstr (text, "▲5"));
    g_assert_nonnull (strstr (text, "4 of 13"));
  }
  g_unlink (pdf);
  g_unlink (profile);
  g_rmdir (dir);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/report/cli/annual", Fixture, NULL, fixture_set_up, test_report_annual, fixture_tear_down);
  g_test_add ("/report/cli/unit", Fixture, NULL, fixture_set_up, test_report_unit, fixture_tear_down);
  g_test_add ("/report/cli/compare", Fixture, NULL, fixture_set_up, test_report_compare, fixture_tear_down);
  g_test_add ("/report/cli/errors", Fixture, NULL, fixture_set_up, test_report_errors, fixture_tear_down);
  g_test_add_func ("/report/cli/sample", test_report_sample);

  return g_test_run ();
}
