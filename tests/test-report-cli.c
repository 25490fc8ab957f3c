/* test-report-cli.c — `kaohe-cli report`: PDFs checked with pdfinfo, pdftotext, pdftoppm
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A project is built once from tests/data/report with kaohe-cli (60 counties in the groups
 * plain (48) and hill (12), 2018–2020) and copied for each test. The expected ranks and tiers come from
 * `kaohe-cli compute`, the report must print the same.
 */
#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "io/kh-project.h"
#include "kh-test-cli.h"
#include "report/kh-page.h"
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

/* The project is built once (ten kaohe-cli runs, the slowest part under the sanitizers)
 * and copied for each test, so that no test sees what another did to its copy. */
static char *template_dir, *template_project;

static void
build_template (void)
{
  g_autofree char *units = data_path ("units.csv");

  template_dir = g_dir_make_tmp ("kh-report-template-XXXXXX", NULL);
  g_assert_nonnull (template_dir);
  template_project = g_build_filename (template_dir, "counties.kaohe", NULL);
  {
    g_autoptr (KhCliRun) run = kh_test_cli_run ("new", template_project, NULL);
    check_run (run);
  }
  {
    g_autoptr (KhCliRun) run = kh_test_cli_run ("import", template_project, "--units", units, NULL);
    check_run (run);
  }
  for (int year = 2018; year <= 2020; year++)
    {
      g_autofree char *year_text = g_strdup_printf ("%d", year);
      g_autofree char *fw_name = g_strdup_printf ("framework-%d.xml", year);
      g_autofree char *data_name = g_strdup_printf ("data-%d.csv", year);
      g_autofree char *fw = data_path (fw_name);
      g_autofree char *data = data_path (data_name);
      g_autoptr (KhCliRun) a = kh_test_cli_run ("import", template_project, "--year", year_text, "--framework", fw,
                                                NULL);
      g_autoptr (KhCliRun) b = NULL;

      check_run (a);
      b = kh_test_cli_run ("import", template_project, "--year", year_text, data, NULL);
      check_run (b);
    }
}

static void
fixture_set_up (Fixture      *f,
                gconstpointer user_data)
{
  g_autoptr (GFile) from = NULL;
  g_autoptr (GFile) to = NULL;
  g_autoptr (GError) error = NULL;

  g_setenv ("KAOHE_REPORT_DATE", "2021-04-01", TRUE);
  g_setenv ("KAOHE_USER", "tester", TRUE);
  if (template_project == NULL)
    build_template ();
  f->dir = g_dir_make_tmp ("kh-report-XXXXXX", NULL);
  g_assert_nonnull (f->dir);
  f->project = g_build_filename (f->dir, "counties.kaohe", NULL);
  from = g_file_new_for_path (template_project);
  to = g_file_new_for_path (f->project);
  g_file_copy (from, to, G_FILE_COPY_NONE, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
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

/* The text of every page (pdftotext once for the whole file; pages end with a form feed). */
static GPtrArray *
pdf_all_text (const char *pdf,
              guint       n_pages)
{
  const char *argv[] = { "pdftotext", "-layout", pdf, "-", NULL };
  g_autofree char *out = run_tool (argv);
  g_auto (GStrv) pages = g_strsplit (out, "\f", -1);
  GPtrArray *texts = g_ptr_array_new_with_free_func (g_free);

  for (guint p = 0; p < n_pages; p++)
    {
      g_assert_nonnull (pages[p]);
      g_ptr_array_add (texts, g_strdup (pages[p]));
    }
  /* After the last form feed: nothing more. */
  g_assert_cmpstr (g_strstrip (pages[n_pages]), ==, "");
  return texts;
}

/* The text of every page in reading order with all white space removed, so that a
 * slanted watermark (one glyph per line in pdftotext's output) reads as one word. */
static GPtrArray *
pdf_raw_text (const char *pdf,
              guint       n_pages)
{
  const char *argv[] = { "pdftotext", "-raw", pdf, "-", NULL };
  g_autofree char *out = run_tool (argv);
  g_auto (GStrv) pages = g_strsplit (out, "\f", -1);
  GPtrArray *texts = g_ptr_array_new_with_free_func (g_free);

  for (guint p = 0; p < n_pages; p++)
    {
      GString *s = g_string_new (NULL);

      g_assert_nonnull (pages[p]);
      for (const char *c = pages[p]; *c != '\0'; c++)
        if (!g_ascii_isspace (*c))
          g_string_append_c (s, *c);
      g_ptr_array_add (texts, g_string_free (s, FALSE));
    }
  return texts;
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

/* Nothing printed is clipped or covered (issue 18): every word pdftotext -bbox finds on
 * a page (its box in points) lies within the page's left and right margins (1 pt for a
 * glyph's overhang) and on the page, and no two words of a page overlap by more than
 * 0.5 pt both ways (the boxes of adjacent lines touch). Returns the words seen. */
typedef struct
{
  double v[4]; /* xMin yMin xMax yMax */
} WordBox;

static guint
assert_words_clean (const char        *pdf,
                    KhPageOrientation  orientation)
{
  const char *argv[] = { "pdftotext", "-bbox", pdf, "-", NULL };
  g_autofree char *out = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GRegex) regex = g_regex_new ("<page width=\"([0-9.]+)\" height=\"([0-9.]+)\">|"
                                          "<word xMin=\"([0-9.]+)\" yMin=\"([0-9.]+)\" "
                                          "xMax=\"([0-9.]+)\" yMax=\"([0-9.]+)\">([^<]*)</word>",
                                          0, 0, NULL);
  g_autoptr (GMatchInfo) match = NULL;
  g_autoptr (GArray) boxes = g_array_new (FALSE, FALSE, sizeof (WordBox));
  g_autoptr (GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);
  KhPage page;
  int status = 0, n_pages = 0;
  guint words = 0;

  kh_page_init_a4 (&page, orientation);
  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                               NULL, NULL, &out, NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  for (g_regex_match (regex, out, 0, &match); g_match_info_matches (match); g_match_info_next (match, NULL))
    {
      g_autofree char *page_width = g_match_info_fetch (match, 1);
      WordBox word;
      double *box = word.v;

      if (page_width != NULL && *page_width != '\0')
        {
          g_autofree char *page_height = g_match_info_fetch (match, 2);

          /* A4 as the report was asked for */
          g_assert_cmpfloat_with_epsilon (g_ascii_strtod (page_width, NULL), page.width, 0.5);
          g_assert_cmpfloat_with_epsilon (g_ascii_strtod (page_height, NULL), page.height, 0.5);
          g_array_set_size (boxes, 0);
          g_ptr_array_set_size (texts, 0);
          n_pages++;
          continue;
        }
      g_assert_cmpint (n_pages, >, 0);
      for (int k = 0; k < 4; k++)
        {
          g_autofree char *number = g_match_info_fetch (match, k + 3);

          box[k] = g_ascii_strtod (number, NULL);
        }
      {
        g_autofree char *text = g_match_info_fetch (match, 7);

        if (box[0] < page.margin_left - 1 || box[2] > page.width - page.margin_right + 1 || box[1] < 0
            || box[3] > page.height)
          g_error ("%s page %d: “%s” (%.1f %.1f %.1f %.1f) is outside the margins", pdf, n_pages, text,
                   box[0], box[1], box[2], box[3]);
        for (guint i = 0; i < boxes->len; i++)
          {
            const double *other = g_array_index (boxes, WordBox, i).v;
            double dx = MIN (box[2], other[2]) - MAX (box[0], other[0]);
            double dy = MIN (box[3], other[3]) - MAX (box[1], other[1]);

            if (dx > 0.5 && dy > 0.5)
              g_error ("%s page %d: “%s” (%.1f %.1f %.1f %.1f) overlaps “%s” (%.1f %.1f %.1f %.1f)", pdf,
                       n_pages, text, box[0], box[1], box[2], box[3], (char *) texts->pdata[i], other[0],
                       other[1], other[2], other[3]);
          }
        g_array_append_val (boxes, word);
        g_ptr_array_add (texts, g_steal_pointer (&text));
      }
      words++;
    }
  return words;
}

typedef struct
{
  char *unit, *name, *group;
  int rank, tier, change;
  gboolean has_change;
  gboolean incomplete; /* a score with less than all its weight backed by data: marked ◔ */
} Expected;

static void
expected_free (Expected *e)
{
  g_free (e->unit);
  g_free (e->name);
  g_free (e->group);
  g_free (e);
}

/* kaohe-cli compute's CSV: category,group,unit,name,score,rank,tier,prev_rank,rank_change,
 * awards,coverage,… */
static GPtrArray *
computed_year (const char *project,
               const char *category,
               const char *year)
{
  g_autoptr (KhCliRun) run = category != NULL
                               ? kh_test_cli_run ("compute", project, "--year", year, "--category", category, NULL)
                               : kh_test_cli_run ("compute", project, "--year", year, NULL);
  g_auto (GStrv) lines = NULL;
  GPtrArray *rows = g_ptr_array_new_with_free_func ((GDestroyNotify) expected_free);

  check_run (run);
  lines = g_strsplit (run->out, "\n", -1);
  for (guint i = 1; lines[i] != NULL && lines[i][0] != '\0'; i++)
    {
      g_auto (GStrv) cells = g_strsplit (lines[i], ",", 12);
      Expected *e = g_new0 (Expected, 1);

      e->group = g_strdup (cells[1]);
      e->unit = g_strdup (cells[2]);
      e->name = g_strdup (cells[3]);
      e->rank = atoi (cells[5]);
      e->tier = atoi (cells[6]);
      e->has_change = cells[8][0] != '\0';
      e->change = atoi (cells[8]);
      g_assert_nonnull (cells[10]);
      e->incomplete = cells[4][0] != '\0' && g_ascii_strtod (cells[10], NULL) < 1.0;
      g_ptr_array_add (rows, e);
    }
  return rows;
}

static GPtrArray *
computed_category (const char *project,
                   const char *category)
{
  return computed_year (project, category, "2020");
}

static GPtrArray *
computed (Fixture *f)
{
  GPtrArray *rows = computed_category (f->project, NULL);

  g_assert_cmpuint (rows->len, ==, 60);
  return rows;
}

static const char *const tier_names[] = { "", "第一等次", "第二等次", "第三等次" };

/* A line of the ranking table: "  7   平港县   69.28   第一等次 …" (9 bytes: 3 characters),
 * the score followed by "◔" exactly when compute's coverage is below 1. */
static gboolean
has_row (const char *text,
         Expected   *e)
{
  g_auto (GStrv) lines = g_strsplit (text, "\n", -1);
  g_autofree char *rank = g_strdup_printf ("%d", e->rank);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto (GStrv) words = g_strsplit_set (g_strstrip (lines[i]), " ", -1);
      gboolean name = FALSE, tier = FALSE, mark = FALSE;
      guint n = 0;

      for (guint w = 0; words[w] != NULL; w++)
        if (words[w][0] != '\0')
          {
            if (n == 0 && strcmp (words[w], rank) != 0)
              break;
            if (n == 3 && strcmp (words[w], "◔") == 0)
              {
                mark = TRUE;
                continue;
              }
            /* A long name wraps inside its cell: its first line starts the name. */
            name = name || (n == 1 && (strcmp (words[w], e->name) == 0
                                       || (g_str_has_prefix (e->name, words[w]) && strlen (words[w]) >= 9)));
            tier = tier || (n == 3 && strcmp (words[w], tier_names[e->tier]) == 0);
            n++;
          }
      if (name && tier)
        return mark == e->incomplete;
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
  g_autofree char *pdf = NULL;
  g_autoptr (GPtrArray) pages = NULL;

  /* The issuing body is a setting of the project (set in the app's Reports page). */
  {
    g_autoptr (GError) error = NULL;
    g_autoptr (KhProject) project = kh_project_open (f->project, &error);

    g_assert_no_error (error);
    g_assert_true (kh_project_set_setting (project, KH_PROJECT_SETTING_ISSUER, "Report Test Office", &error));
    g_assert_no_error (error);
  }
  pdf = write_report (f, "annual.pdf", &n_pages, &id, "--year", "2020", NULL);

  /* Nothing clipped or covered, in portrait and in landscape: a cover of notes and
   * contents, 60 rows of at least 7 words, two charts' labels. */
  {
    g_autofree char *landscape_id = NULL;
    guint landscape_pages = 0;
    g_autofree char *landscape = write_report (f, "annual-landscape.pdf", &landscape_pages, &landscape_id,
                                               "--year", "2020", "--landscape", NULL);
    guint portrait_words = assert_words_clean (pdf, KH_PAGE_PORTRAIT);
    guint landscape_words = assert_words_clean (landscape, KH_PAGE_LANDSCAPE);

    g_test_message ("annual report: %u words in portrait, %u in landscape", portrait_words, landscape_words);
    g_assert_cmpuint (portrait_words, >, 60 * 7);
    g_assert_cmpuint (landscape_words, >, 60 * 7);
  }

  /* A cover, plain's 48 rows over two pages and its chart, hill's table and chart. */
  g_assert_cmpuint (n_pages, >=, 4);
  pages = pdf_all_text (pdf, n_pages);
  for (guint p = 1; p <= n_pages; p++)
    {
      const char *text = pages->pdata[p - 1];
      g_autofree char *number = g_strdup_printf ("Page %u of %u", p, n_pages);
      g_autofree char *footer = g_strdup_printf ("Report %s", id);

      g_assert_nonnull (strstr (text, number));
      /* The report id is in the verification line at the end, not in every footer. */
      g_assert_null (strstr (text, footer));
      g_assert_nonnull (strstr (text, "Generated 2021-04-01"));
      /* A page with table rows repeats the header (the notice on page 1 names tiers too). */
      if (p > 1 && (strstr (text, "第一等次") != NULL || strstr (text, "第三等次") != NULL))
        g_assert_nonnull (strstr (text, "Previous"));
    }

  /* The notice: its title names the year and the assessment (the framework's title, here
   * its English one); the date in the report's language (en, from the C locale of the
   * tests; groups have English names, papers and tiers only Chinese ones); the numbered notes
   * as the framework of tests/data/report says, a line per category or per groups sharing
   * a rule below a note's first: the framework ranked to 2 decimals, papers of 70, 15 and
   * 15 points, tiers by count 10 and 20 (plain) and 3 and 5 (hill) on a line each, the
   * award for the largest advance once for both groups (one place: singular), seven
   * indicators that all re-weight a missing value (the default policy). */
  {
    const char *cover = pages->pdata[0];
    static const char *const expected_notes[] = {
      "Report Test Office",
      "Notice of the results of the 2020 assessment: Report test:",
      "1 April 2021",
      "Notes",
      "1. Method.",
      "Counties, county-level cities and districts — “Report test: counties”, ranked to 2 decimals.",
      "2. Exam papers and their full points:\n",
      "Counties, county-level cities and districts — 高质量发展成效, 70 points; 党的建设成效, 15 points;",
      "3. Tiers:\n",
      "Plain counties — 第一等次: 10 units by rank; 第二等次: 20 units by rank; 第三等次: the others.\n",
      "Hill counties — 第一等次: 3 units by rank; 第二等次: 5 units by rank; 第三等次: the others.\n",
      "4. Awards:\n",
      "Counties, county-level cities and districts, both groups — 争先进位奖: the unit that advanced",
      "most, by at least 1 place.\n",
      "5. Data sources. The values were imported into the project counties.kaohe",
      "6. Missing data: 7 indicators leave a missing value out and re-weight their siblings.",
      "Contents",
    };
    const char *at = cover;

    /* In this order. */
    for (guint i = 0; i < G_N_ELEMENTS (expected_notes); i++)
      {
        const char *found = strstr (at, expected_notes[i]);

        if (found == NULL)
          g_printerr ("not found after offset %d: %s\n", (int) (at - cover), expected_notes[i]);
        g_assert_nonnull (found);
        at = found;
      }
    /* The contents list both groups with the page each starts on. */
    g_assert_true (g_regex_match_simple ("Plain counties .* 48 +2\n", cover, 0, 0));
    g_assert_true (g_regex_match_simple ("Hill counties .* 12 +[0-9]+\n", cover, 0, 0));
  }
  /* The closing area on the last page: approval, seal and the verification line with the
   * report id and the audit chain head in full. */
  g_assert_nonnull (strstr (pages->pdata[n_pages - 1], "Approved by:"));
  /* The issuer signs it too, above the date. */
  g_assert_nonnull (strstr (pages->pdata[n_pages - 1], "Report Test Office"));
  {
    g_autofree char *verify = g_strdup_printf ("Verification: report %s", id);

    g_assert_nonnull (strstr (pages->pdata[n_pages - 1], verify));
  }
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

          g_assert_nonnull (strstr (pages->pdata[n_pages - 1], hash));
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

  /* Same project, same request: the same id; another year span: another. */
  {
    g_autofree char *again_id = NULL;
    g_autofree char *other_id = NULL;
    guint again_pages = 0, other_pages = 0;
    g_autofree char *again = write_report (f, "again.pdf", &again_pages, &again_id, "--year", "2020", NULL);
    g_autofree char *other = write_report (f, "other.pdf", &other_pages, &other_id, "--year", "2020",
                                           "--years", "2019-2020", "--landscape", "--watermark",
                                           "demonstration", "--issuer", "Override Office", NULL);
    g_autoptr (GPtrArray) raw = pdf_raw_text (other, other_pages);

    /* --issuer overrides the project's setting, on the cover and at the seal. */
    g_assert_nonnull (strstr (raw->pdata[0], "OverrideOffice"));
    g_assert_null (strstr (raw->pdata[0], "ReportTestOffice"));
    g_assert_nonnull (strstr (raw->pdata[other_pages - 1], "OverrideOffice"));

    g_assert_cmpstr (again_id, ==, id);
    g_assert_cmpstr (other_id, !=, id);
    g_assert_cmpuint (again_pages, ==, n_pages);
    /* The watermark is on every page of the marked report, and on none of the other. */
    for (guint p = 0; p < other_pages; p++)
      g_assert_nonnull (strstr (raw->pdata[p], "DEMONSTRATIONDATA"));
    for (guint p = 0; p < n_pages; p++)
      g_assert_null (strstr (pages->pdata[p], "DEMONSTRATION"));
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

  /* The hill group's 12 rows and its slope chart fit one page; the approval area and the
   * verification line close the report on the next. */
  g_assert_cmpuint (n_pages, ==, 2);
  {
    g_autofree char *last = pdf_text (pdf, 2);
    g_autofree char *verify = g_strdup_printf ("Verification: report %s", id);

    g_assert_nonnull (strstr (last, verify));
  }
  text = pdf_text (pdf, 1);
  g_assert_nonnull (strstr (text, "Year-over-year comparison 2019–2020"));
  /* The table is sorted by change: its first row is the largest advance. */
  for (guint i = 0; i < expected->len; i++)
    {
      Expected *e = expected->pdata[i];

      if (strcmp (e->group, "hill") == 0 && (best == NULL || e->change > best->change))
        best = e;
    }
  /* The header names the years of both tier columns (it once printed "Tier 2020" where
   * the translation made it 第2020等次). */
  g_assert_nonnull (strstr (text, "Tier in 2019"));
  at = strstr (text, "Tier in 2020");
  g_assert_nonnull (at);
  {
    g_autoptr (GPtrArray) before = computed_year (f->project, NULL, "2019");
    g_auto (GStrv) lines = g_strsplit (at, "\n", -1);
    Expected *then = NULL;
    g_autofree char *tiers = NULL;
    guint i = 1;

    for (guint k = 0; k < before->len; k++)
      if (strcmp (((Expected *) before->pdata[k])->unit, best->unit) == 0)
        then = before->pdata[k];
    g_assert_nonnull (then);
    while (lines[i] != NULL && strstr (lines[i], "等次") == NULL)
      i++;
    g_assert_nonnull (lines[i]);
    g_assert_true (g_str_has_prefix (g_strstrip (lines[i]), best->name));
    /* Its row ends with last year's tier, then this year's, as `compute` gives them
     * (runs of spaces squeezed to one). */
    tiers = g_strdup_printf ("%s %s", tier_names[then->tier], tier_names[best->tier]);
    {
      GString *s = g_string_new (NULL);

      for (const char *c = lines[i]; *c != '\0'; c++)
        if (*c != ' ' || (s->len > 0 && s->str[s->len - 1] != ' '))
          g_string_append_c (s, *c);
      g_assert_true (g_str_has_suffix (g_strchomp (s->str), tiers));
      g_string_free (s, TRUE);
    }
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
  g_autoptr (GPtrArray) pages = NULL;
  /* The distinct groups `compute` names, for the contents. */
  g_autoptr (GHashTable) groups = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  guint n_pages, units = 0, incomplete = 0;

  g_assert_true (g_file_test (sample, G_FILE_TEST_IS_REGULAR));
  g_setenv ("KAOHE_REPORT_DATE", "2021-04-01", TRUE);
  {
    /* In Simplified Chinese, the names `compute` prints (the sample also has English ones,
     * which the C locale of the tests would choose by default). */
    g_autoptr (KhCliRun) run = kh_test_cli_run ("report", sample, "--year", "2020", "--lang", "zh_CN", "-o", pdf,
                                                NULL);

    check_run (run);
  }
  n_pages = pdf_pages (pdf);
  pages = pdf_all_text (pdf, n_pages);

  /* The notice of four categories: one general title; its notes name each category once
   * (the five agency and four university groups share their rules), the quota names the
   * category it recommends from (not its id “county”), an award of one place reads in the
   * singular; notes 1 to 5 fit the first page. (The tests' C locale prints the English
   * words; the numbering follows the report's language, zh_CN.) */
  {
    const char *cover = pages->pdata[0];
    g_autofree char *notes = g_strconcat (pages->pdata[0], pages->pdata[1], NULL);

    g_assert_nonnull (strstr (cover, "Notice of the results of the 2020 comprehensive assessment"));
    g_assert_nonnull (strstr (cover, "三、Tiers:\n"));
    g_assert_nonnull (strstr (cover, "Provincial agencies, all 5 groups — 第一等次:"));
    g_assert_nonnull (strstr (cover, "Provincial universities, all 4 groups — 第一等次:"));
    g_assert_true (g_regex_match_simple ("五、Recommendation quotas \\(321 rule\\):\n *Prefecture-level cities — "
                                         "“321”\\S+ \\(Counties,\\s+county-level\\s+cities\\s+and\\s+districts\\s+"
                                         "recommended\\s+per\\s+unit,\\s+by\\s+tier\\):\\s+第一等次: 3; 第二等次: 2; "
                                         "第三等次: 1\\.",
                                         cover, 0, 0));
    g_assert_null (strstr (notes, "“county”"));
    g_assert_null (strstr (notes, "1 places"));
    g_assert_nonnull (strstr (notes, "by at least 1 place."));
  }

  /* Every unit of every group appears with its rank and tier. */
  for (guint c = 0; c < G_N_ELEMENTS (categories); c++)
    {
      g_autoptr (GPtrArray) expected = computed_category (sample, categories[c]);

      for (guint i = 0; i < expected->len; i++)
        g_hash_table_add (groups, g_strdup (((Expected *) expected->pdata[i])->group));

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
          incomplete += e->incomplete;
        }
    }
  /* Two scores are incomplete (compute's coverage: 省台联 0.95, 泗阳县 0.91): marked ◔ in
   * their rows (has_row) and counted under their groups' headings, one unit each. */
  g_assert_cmpuint (incomplete, ==, 2);
  {
    guint notes = 0;
    gboolean found_mark = FALSE;

    for (guint p = 0; p < pages->len; p++)
      for (const char *at = pages->pdata[p];
           (at = strstr (at, "◔ incomplete data: part of the weight of 1 unit’s score has no data.")) != NULL; at++)
        notes++;
    g_assert_cmpuint (notes, ==, 2);
    /* The group's rank chart marks the unit's label too (the table prints "83.21 ◔"):
     * 省台联's, rank 11 of its 18 agencies, whose label is drawn. (泗阳县, rank 73 of 95
     * counties, has no label of its own: the chart thins the names of 95 rows and draws
     * those of ranks 72 and 75 around it.) */
    for (guint p = 0; p < pages->len && !found_mark; p++)
      found_mark = strstr (pages->pdata[p], "省台联 ◔") != NULL;
    g_assert_true (found_mark);
  }
  /* 13 cities, 99 agencies, 73 universities and 95 counties in 2020 (海门市 and 港闸区
   * were merged away in 2019). */
  g_assert_cmpuint (units, ==, 13 + 99 + 73 + 95);

  /* The contents list every group (no "… and 2 more groups"): one row ending in the
   * group's unit count and first page per distinct group of `compute`. */
  {
    guint rows = 0;

    for (guint p = 0; p < pages->len; p++)
      {
        g_auto (GStrv) lines = g_strsplit (pages->pdata[p], "\n", -1);

        if (p > 0 && strstr (pages->pdata[p], "Page ") != NULL && strstr (pages->pdata[p], "Contents") == NULL
            && strstr (pages->pdata[p], "Units") == NULL)
          break; /* past the front matter */
        for (guint i = 0; lines[i] != NULL; i++)
          if (g_regex_match_simple ("\\S +[0-9]+ +[0-9]+\\s*$", lines[i], 0, 0)
              && strstr (lines[i], "Page ") == NULL)
            rows++;
      }
    g_assert_cmpuint (g_hash_table_size (groups), >, 4);
    g_assert_cmpuint (rows, ==, g_hash_table_size (groups));
    g_assert_null (strstr (pages->pdata[0], "more groups"));
  }

  /* Every category's framework changed from 2019 to 2020, so every group's heading warns
   * that its rank changes span two frameworks; the cities' as `kaohe-cli explain` lists
   * the change: gdp_per_capita, revenue_per_capita and medical_beds_per_1000 admitted,
   * high_tech_share, tax_share and poverty_alleviation retired, gdp_growth, rd_intensity,
   * party_building and public_satisfaction re-weighted. */
  {
    guint warnings = 0;
    gboolean city = FALSE;

    for (guint p = 0; p < pages->len; p++)
      {
        for (const char *at = pages->pdata[p]; (at = strstr (at, "⚠ The framework changed since 2019 (")) != NULL;
             at++)
          warnings++;
        city = city || strstr (pages->pdata[p], "⚠ The framework changed since 2019 (3 indicators admitted, "
                                                 "3 retired, 4 re-weighted)") != NULL;
      }
    g_assert_cmpuint (warnings, ==, g_hash_table_size (groups));
    g_assert_true (city);
  }

  /* In Traditional script: unit names from units.name_zh_tw (蘇州市, not 苏州市), and the
   * date as an official notice writes it. */
  {
    g_autofree char *tw = g_build_filename (dir, "tw.pdf", NULL);
    g_autoptr (KhCliRun) run = kh_test_cli_run ("report", sample, "--year", "2020", "--category", "city",
                                                "--lang", "zh_TW", "-o", tw, NULL);
    g_autofree char *text = NULL;
    const char *argv[] = { "pdftotext", "-layout", tw, "-", NULL };

    check_run (run);
    text = run_tool (argv);
    g_assert_nonnull (strstr (text, "蘇州市"));
    g_assert_null (strstr (text, "苏州市"));
    g_assert_nonnull (strstr (text, "二〇二一年四月一日"));
    g_unlink (tw);
  }

  /* 常州 rose 5 places into the first tier (rank 9 → 4). */
  {
    g_autoptr (KhCliRun) run = kh_test_cli_run ("report", sample, "--year", "2020", "--kind", "unit",
                                                "--unit", "常州市", "--lang", "zh_CN", "-o", profile, NULL);
    g_autofree char *text = NULL;

    check_run (run);
    g_assert_cmpuint (pdf_pages (profile), ==, 1);
    text = pdf_text (profile, 1);
    g_assert_nonnull (strstr (text, "常州市"));
    g_assert_nonnull (strstr (text, "第一等次"));
    g_assert_nonnull (strstr (text, "▲5"));
    g_assert_nonnull (strstr (text, "4 of 13"));
    /* Peer-relative: the change of the total against 2019 split as `kaohe-cli explain
     * --unit 常州市` prints it (+20.3028 = framework +9.3599 + performance +10.9429), to
     * two decimals — the total by hand from `compute`'s scores: 83.49 − 63.19 = +20.30;
     * the five units it passed (rank 9 → 4: 连云港 8, 镇江 6, 宿迁 5, 南通 4 and 扬州 7 in
     * 2019, all below it in 2020; none passed it), each with the change of its gap and
     * the paper that moved it most. 南通市 by hand from `compute`: the gap 63.19 − 74.61
     * = −11.42 in 2019, 83.49 − 78.07 = +5.42 in 2020: +16.84; its 满意度评价 paper
     * 13.0158 − 12.2933 = +0.7225 in 2020, (14.8160 − 24.3200) × 15/32 = −4.4550 in 2019
     * at 2020's 15 points instead of 32: +5.1775. Its score is complete: no ◔. */
    g_assert_true (g_regex_match_simple ("Total score +\\+20\\.30\\b", text, 0, 0));
    g_assert_true (g_regex_match_simple ("Framework +\\+9\\.36\\b", text, 0, 0));
    g_assert_true (g_regex_match_simple ("Performance +\\+10\\.94\\b", text, 0, 0));
    g_assert_nonnull (strstr (text, "⚠ The framework changed since 2019 (3 indicators admitted, 3 retired, "
                                    "4 re-weighted)"));
    g_assert_nonnull (strstr (text, "南通市 +16.84 (满意度评价 +5.18)"));
    {
      static const char *const passed[] = { "连云港市 +", "南通市 +", "宿迁市 +", "扬州市 +", "镇江市 +" };

      for (guint i = 0; i < G_N_ELEMENTS (passed); i++)
        g_assert_nonnull (strstr (text, passed[i]));
      g_assert_nonnull (strstr (text, "Passed "));
    }
    g_assert_null (strstr (text, "Passed by"));
    g_assert_null (strstr (text, "◔"));
  }
  g_unlink (pdf);
  g_unlink (profile);
  g_rmdir (dir);
}

int
main (int    argc,
      char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);

  g_test_add ("/report/cli/annual", Fixture, NULL, fixture_set_up, test_report_annual, fixture_tear_down);
  g_test_add ("/report/cli/unit", Fixture, NULL, fixture_set_up, test_report_unit, fixture_tear_down);
  g_test_add ("/report/cli/compare", Fixture, NULL, fixture_set_up, test_report_compare, fixture_tear_down);
  g_test_add ("/report/cli/errors", Fixture, NULL, fixture_set_up, test_report_errors, fixture_tear_down);
  g_test_add_func ("/report/cli/sample", test_report_sample);

  status = g_test_run ();
  if (template_dir != NULL)
    kh_test_remove_dir (template_dir);
  g_free (template_dir);
  g_free (template_project);
  return status;
}
