/* test-chart-cli.c — `kaohe-cli chart`: files of every type and format, clear refusals
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The project is built from tests/data/report (60 counties in the peer groups plain (48)
 * and hill (12), 2018–2020), as test-report-cli does.
 */
#include "config.h"

#include <cairo.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>

#include "charts/kh-chart.h"
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

  f->dir = g_dir_make_tmp ("kh-chart-cli-XXXXXX", NULL);
  f->project = g_build_filename (f->dir, "counties.kaohe", NULL);
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
      g_autoptr (KhCliRun) a = kh_test_cli_run ("import", f->project, "--year", year_text,
                                                "--framework", fw, NULL);
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

static void
test_chart_cli_png (Fixture      *f,
                    gconstpointer user_data)
{
  static const char *const types[] = { "bump", "slope", "bars", "radar", "distribution", "dumbbell" };

  for (guint i = 0; i < G_N_ELEMENTS (types); i++)
    {
      g_autofree char *name = g_strdup_printf ("%s.png", types[i]);
      g_autofree char *png = g_build_filename (f->dir, name, NULL);
      g_autofree char *expected = g_strdup_printf ("%s: %s chart of 12 units, 2018–2020\n", png,
                                                   types[i]);
      g_autoptr (KhCliRun) run = kh_test_cli_run ("chart", f->project, "--type", types[i],
                                                  "--group", "hill", "--width", "640", "--height",
                                                  "400", "-o", png, NULL);
      cairo_surface_t *surface;

      check_run (run);
      g_assert_cmpstr (run->out, ==, expected);
      /* PNG pixels are the requested size. */
      surface = cairo_image_surface_create_from_png (png);
      g_assert_cmpint (cairo_surface_status (surface), ==, CAIRO_STATUS_SUCCESS);
      g_assert_cmpint (cairo_image_surface_get_width (surface), ==, 640);
      g_assert_cmpint (cairo_image_surface_get_height (surface), ==, 400);
      cairo_surface_destroy (surface);
    }
}

static void
test_chart_cli_vector (Fixture      *f,
                       gconstpointer user_data)
{
  g_autofree char *svg = g_build_filename (f->dir, "plain.svg", NULL);
  g_autofree char *pdf = g_build_filename (f->dir, "plain.pdf", NULL);
  g_autofree char *text = NULL;
  g_autoptr (KhCliRun) a = kh_test_cli_run ("chart", f->project, "--type", "bump", "--group",
                                            "plain", "--years", "2019-2020", "--unit", "p01", "-o",
                                            svg, NULL);
  g_autoptr (KhCliRun) b = NULL;

  check_run (a);
  g_assert_nonnull (strstr (a->out, "bump chart of 48 units, 2019–2020"));
  g_assert_true (g_file_get_contents (svg, &text, NULL, NULL));
  /* A4 landscape in points by default. */
  g_assert_nonnull (strstr (text, "width=\"842pt\""));
  g_assert_nonnull (strstr (text, "height=\"595pt\""));
  g_clear_pointer (&text, g_free);

  b = kh_test_cli_run ("chart", f->project, "--type", "bump", "--category", "county",
                       "--years", "2019-2020", "--unit", "h01", "--lang", "zh_CN", "-o", pdf, NULL);
  /* The county category has two peer groups: small multiples of both (48 + 12 units), each
   * titled by its group, side by side on the A4 landscape page: cells of 421 × 595 (aspect
   * 0.71, |ln(0.71 / (4/3))| = 0.63) are nearer 4:3 than 842 × 297.5 (2.83, 0.75). */
  check_run (b);
  g_assert_cmpstr (strstr (b->out, ": "), ==, ": bump charts of 2 peer groups (60 units), 2019–2020\n");
  {
    const char *argv[] = { "pdftotext", "-layout", pdf, "-", NULL };
    g_autofree char *out = NULL;
    guint columns = 0, rows = 0;

    g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL, NULL,
                                 NULL, &out, NULL, NULL, NULL));
    g_assert_nonnull (strstr (out, "平原组"));
    g_assert_nonnull (strstr (out, "丘陵组"));
    /* One page: the groups share it. */
    g_assert_null (strchr (g_strchomp (out), '\f'));
    kh_chart_multiples_grid (2, 842, 595, &columns, &rows);
    g_assert_cmpuint (columns, ==, 2);
    g_assert_cmpuint (rows, ==, 1);
    /* 5 groups on a slide of 960 × 540: 3 columns × 2 rows of 320 × 270 (aspect 1.19, 0.12
     * from 4:3 on the log scale) beat 4 × 2 (0.89, 0.41), 2 × 3 (2.67, 0.69), 5 × 1 (0.36)
     * and 1 × 5 (8.9). */
    kh_chart_multiples_grid (5, 960, 540, &columns, &rows);
    g_assert_cmpuint (columns, ==, 3);
    g_assert_cmpuint (rows, ==, 2);
  }
  g_clear_pointer (&b, kh_cli_run_free);
  /* A unit of none of the category's groups. */
  b = kh_test_cli_run ("chart", f->project, "--type", "bump", "--category", "county", "--unit", "zz", "-o", pdf,
                       NULL);
  g_assert_cmpint (b->status, ==, 1);
  g_assert_nonnull (strstr (b->err, "no unit “zz” in the category county"));
  g_clear_pointer (&b, kh_cli_run_free);

  b = kh_test_cli_run ("chart", f->project, "--type", "distribution", "--group", "plain",
                       "--years", "2020", "-o", pdf, NULL);
  check_run (b);
  g_assert_nonnull (strstr (b->out, "distribution chart of 48 units, 2020–2020"));
  g_assert_true (g_file_get_contents (pdf, &text, NULL, NULL));
  g_assert_true (g_str_has_prefix (text, "%PDF-"));
}

static void
test_chart_cli_refusals (Fixture      *f,
                         gconstpointer user_data)
{
  g_autofree char *out = g_build_filename (f->dir, "x.png", NULL);
  g_autofree char *bmp = g_build_filename (f->dir, "x.bmp", NULL);
  struct
  {
    const char *args[12];
    int status;
    const char *message;
  } cases[] = {
    { { "--type", "pie", "--group", "hill", "-o", out }, 2, "unknown chart type “pie”" },
    { { "--group", "hill", "-o", out }, 2, "--type is required" },
    { { "--type", "bump", "-o", out }, 2, "give --group or --category" },
    { { "--type", "bump", "--group", "hill", "--category", "county", "-o", out }, 2,
      "give --group or --category" },
    { { "--type", "bump", "--group", "hill" }, 2, "-o FILE is required" },
    { { "--type", "bump", "--group", "hill", "--years", "2020-2018", "-o", out }, 2,
      "--years “2020-2018”" },
    { { "--type", "bump", "--group", "hill", "--width", "5", "-o", out }, 2,
      "--width and --height must be between 16 and 20000" },
    { { "--type", "bump", "--group", "mountain", "-o", out }, 1, "no peer group “mountain” in 2020" },
    { { "--type", "radar", "--group", "hill", "--unit", "nobody", "-o", out }, 1,
      "no unit “nobody” in the group hill" },
    { { "--type", "bars", "--group", "hill", "-o", bmp }, 1,
      "unknown chart format (use .png, .svg or .pdf)" },
    { { "--type", "bars", "--group", "hill", "--years", "2021", "-o", out }, 1,
      "year 2021 has no framework" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const char *argv[16] = { "chart", f->project };
      g_autoptr (KhCliRun) run = NULL;
      guint n = 2;

      for (guint k = 0; cases[i].args[k] != NULL; k++)
        argv[n++] = cases[i].args[k];
      run = kh_test_cli_runv (argv);
      if (strstr (run->err, cases[i].message) == NULL)
        g_printerr ("case %u: %s", i, run->err);
      g_assert_cmpint (run->status, ==, cases[i].status);
      g_assert_nonnull (strstr (run->err, cases[i].message));
      g_assert_false (g_file_test (out, G_FILE_TEST_EXISTS));
      g_assert_false (g_file_test (bmp, G_FILE_TEST_EXISTS));
    }
}

/* The text pdftotext reads from @pdf. */
static char *
pdf_text (const char *pdf)
{
  const char *argv[] = { "pdftotext", "-raw", pdf, "-", NULL };
  char *out = NULL;
  int status = -1;

  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL, NULL,
                               NULL, &out, NULL, &status, NULL));
  g_assert_cmpint (status, ==, 0);
  return out;
}

static guint
count_of (const char *text,
          const char *word)
{
  guint n = 0;

  for (const char *at = strstr (text, word); at != NULL; at = strstr (at + strlen (word), word))
    n++;
  return n;
}

/* --highlight: units named by id or Chinese name (commas, also full-width) keep their
 * labels where a small chart thins the others' — found by pdftotext at both ends of the
 * bump chart — and a name of no unit, or a unit of another group, is refused naming it. */
static void
test_chart_cli_highlight (Fixture      *f,
                          gconstpointer user_data)
{
  g_autofree char *pdf = g_build_filename (f->dir, "plain.pdf", NULL);
  g_autofree char *units_csv = data_path ("units.csv");
  g_autofree char *units = NULL;
  g_autofree char *plain_text = NULL;
  g_autoptr (GPtrArray) thinned = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_auto (GStrv) lines = NULL;
  g_autofree char *list = NULL;
  g_autofree char *text = NULL;
  g_autoptr (KhCliRun) run = NULL;

  /* 48 units on 300 pt of height: the end labels are thinned. */
  run = kh_test_cli_run ("chart", f->project, "--type", "bump", "--group", "plain", "--width", "420",
                         "--height", "300", "-o", pdf, NULL);
  check_run (run);
  plain_text = pdf_text (pdf);
  /* Three units of the group whose name is printed at neither end (units.csv: id, name_zh,
   * …, group). */
  g_assert_true (g_file_get_contents (units_csv, &units, NULL, NULL));
  lines = g_strsplit (units, "\n", -1);
  for (guint i = 1; lines[i] != NULL && thinned->len < 3; i++)
    {
      g_auto (GStrv) cells = g_strsplit (lines[i], ",", -1);

      if (g_strv_length (cells) > 4 && g_strcmp0 (cells[4], "plain") == 0
          && count_of (plain_text, cells[1]) == 0)
        {
          g_ptr_array_add (thinned, g_strdup (cells[1]));
          g_ptr_array_add (ids, g_strdup (cells[0]));
        }
    }
  g_assert_cmpuint (thinned->len, ==, 3);
  g_clear_pointer (&run, kh_cli_run_free);

  /* The first by id, the others by their Chinese names. */
  list = g_strdup_printf ("%s, %s，%s", (char *) ids->pdata[0], (char *) thinned->pdata[1],
                          (char *) thinned->pdata[2]);
  run = kh_test_cli_run ("chart", f->project, "--type", "bump", "--group", "plain", "--width", "420",
                         "--height", "300", "--highlight", list, "-o", pdf, NULL);
  check_run (run);
  text = pdf_text (pdf);
  for (guint i = 0; i < thinned->len; i++)
    g_assert_cmpuint (count_of (text, thinned->pdata[i]), ==, 2);
  g_clear_pointer (&run, kh_cli_run_free);

  /* Small multiples of the category: highlighted in the group that has them. */
  run = kh_test_cli_run ("chart", f->project, "--type", "bars", "--category", "county", "--width", "420",
                         "--height", "300", "--highlight", list, "-o", pdf, NULL);
  check_run (run);
  g_clear_pointer (&text, g_free);
  text = pdf_text (pdf);
  for (guint i = 0; i < thinned->len; i++)
    g_assert_cmpuint (count_of (text, thinned->pdata[i]), ==, 1);
  g_clear_pointer (&run, kh_cli_run_free);

  /* The radar chart profiles each highlighted unit: both named in its legend, and each
   * spoke's values one per unit, in the legend's order, then the group's mean. The
   * distribution chart names each beside its score. */
  run = kh_test_cli_run ("chart", f->project, "--type", "radar", "--group", "hill", "--highlight", "h02,丰川县",
                         "-o", pdf, NULL);
  check_run (run);
  g_clear_pointer (&text, g_free);
  text = pdf_text (pdf);
  g_assert_nonnull (strstr (text, "平林县"));
  g_assert_nonnull (strstr (text, "丰川县"));
  g_assert_true (g_strstr_len (text, -1, "平林县") < g_strstr_len (text, -1, "丰川县"));
  g_assert_true (g_regex_match_simple ("[0-9—.]+ / [0-9—.]+ \\(mean [0-9.]+\\)", text, 0, 0));
  g_clear_pointer (&run, kh_cli_run_free);
  run = kh_test_cli_run ("chart", f->project, "--type", "distribution", "--group", "hill", "--highlight",
                         "h02,h03", "-o", pdf, NULL);
  check_run (run);
  g_clear_pointer (&text, g_free);
  text = pdf_text (pdf);
  g_assert_true (g_regex_match_simple ("平林县 [0-9]+\\.[0-9]", text, 0, 0));
  g_assert_true (g_regex_match_simple ("南海县 [0-9]+\\.[0-9]", text, 0, 0));
  g_assert_null (strstr (text, "丰川县"));
  g_clear_pointer (&run, kh_cli_run_free);
  g_assert_no_errno (g_unlink (pdf));

  /* Refused, naming the unit, and no file written. */
  run = kh_test_cli_run ("chart", f->project, "--type", "bump", "--group", "plain", "--highlight",
                         "p01,nobody", "-o", pdf, NULL);
  g_assert_cmpint (run->status, ==, 1);
  g_assert_nonnull (strstr (run->err, "unknown unit “nobody”"));
  g_assert_false (g_file_test (pdf, G_FILE_TEST_EXISTS));
  g_clear_pointer (&run, kh_cli_run_free);
  run = kh_test_cli_run ("chart", f->project, "--type", "bump", "--group", "plain", "--highlight",
                         "p01,h01", "-o", pdf, NULL);
  g_assert_cmpint (run->status, ==, 1);
  g_assert_nonnull (strstr (run->err, "no unit “h01” in the group plain"));
  g_assert_false (g_file_test (pdf, G_FILE_TEST_EXISTS));
  g_clear_pointer (&run, kh_cli_run_free);
  run = kh_test_cli_run ("chart", f->project, "--type", "bump", "--group", "plain", "--highlight",
                         "p01,,p02", "-o", pdf, NULL);
  g_assert_cmpint (run->status, ==, 2);
  g_assert_nonnull (strstr (run->err, "--highlight “p01,,p02”: a unit name is empty"));
  g_assert_false (g_file_test (pdf, G_FILE_TEST_EXISTS));
}

/* The language of a chart: --lang, else the user's locale as `kaohe-cli report` takes it
 * (LANGUAGE, LC_ALL, LC_MESSAGES, LANG), whatever the process's locale — also LC_ALL=C, where
 * gettext alone ignores LANGUAGE, and a LANG whose locale is not installed (the run does not
 * depend on .ci/dev's zh_CN and zh_TW locales). The bump chart's legend says 进位 in
 * po/zh_CN.po, 進位 in po/zh_TW.po and Advance untranslated; the hill group is 丘陵组 in
 * both Chinese scripts (framework-2020.xml has no zh-TW name) and "Hill counties" in
 * English. */
static void
test_chart_cli_lang (Fixture      *f,
                     gconstpointer user_data)
{
  g_autofree char *pdf = g_build_filename (f->dir, "lang.pdf", NULL);
  struct
  {
    const char *environment[6];
    const char *lang;
    const char *word, *group;
  } cases[] = {
    { { "LC_ALL", "LANGUAGE", "LC_MESSAGES", "LANG=zh_TW.UTF-8" }, NULL, "進位", "丘陵组" },
    { { "LC_ALL", "LANGUAGE", "LC_MESSAGES", "LANG=zh_CN.UTF-8" }, NULL, "进位", "丘陵组" },
    { { "LC_ALL=zh_TW.UTF-8", "LANGUAGE", "LANG=en_US.UTF-8" }, NULL, "進位", "丘陵组" },
    { { "LC_ALL=C", "LANGUAGE" }, NULL, "Advance", "Hill counties" },
    { { "LC_ALL=C", "LANGUAGE" }, "zh_TW", "進位", "丘陵组" },
    { { "LC_ALL=C", "LANGUAGE" }, "zh_CN", "进位", "丘陵组" },
    { { "LC_ALL=zh_CN.UTF-8", "LANGUAGE" }, "en", "Advance", "Hill counties" },
    { { "LC_ALL=zh_CN.UTF-8", "LANGUAGE" }, "zh_TW", "進位", "丘陵组" },
    /* A language of the user's that Kaohe does not speak: English. */
    { { "LC_ALL", "LANGUAGE", "LC_MESSAGES", "LANG=de_DE.UTF-8" }, NULL, "Advance", "Hill counties" },
  };
  const char *const words[] = { "進位", "进位", "Advance" };
  /* This build's catalogues, as `meson devenv` gives them. */
  g_autofree char *localedir = g_strdup_printf ("KAOHE_LOCALEDIR=%s/po", g_getenv ("KH_BUILD_ROOT"));

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const char *args[] = { "chart", f->project, "--type", "bump", "--category", "county", "-o", pdf,
                             cases[i].lang != NULL ? "--lang" : NULL, cases[i].lang, NULL };
      const char *environment[8] = { localedir };
      g_autoptr (KhCliRun) run = NULL;
      g_autofree char *text = NULL;

      for (guint k = 0; cases[i].environment[k] != NULL; k++)
        environment[k + 1] = cases[i].environment[k];
      run = kh_test_cli_runv_env (environment, args);

      check_run (run);
      text = pdf_text (pdf);
      if (strstr (text, cases[i].word) == NULL || strstr (text, cases[i].group) == NULL)
        fprintf (stderr, "case %u:\n%s", i, text); /* UTF-8 as it is, not the C locale's ? */
      g_assert_nonnull (strstr (text, cases[i].word));
      g_assert_nonnull (strstr (text, cases[i].group));
      /* The other languages' legends not at all. */
      for (guint w = 0; w < G_N_ELEMENTS (words); w++)
        if (strcmp (words[w], cases[i].word) != 0)
          g_assert_null (strstr (text, words[w]));
      if (strcmp (cases[i].group, "Hill counties") != 0)
        g_assert_null (strstr (text, "Hill counties"));
      else
        g_assert_null (strstr (text, "丘陵组"));
    }
}

/* @text holds @regex; says what it holds when not. */
static gboolean
text_matches (const char *text,
              const char *regex)
{
  gboolean found = g_regex_match_simple (regex, text, 0, 0);

  if (!found)
    fprintf (stderr, "no “%s” in:\n%s", regex, text); /* UTF-8 as it is */
  return found;
}

/* Every chart that prints a tier's name says 第一等次, 第二等次 as the reports and views do
 * (kh-tier-name.h), never 第1等次 or 第2等次 — also where the framework names no tier: the
 * project is the fixture's 2020 with its tiers' names removed. The bars and distribution
 * charts print each tier's cut-off ("第二等次 ≥ 75.3"), the sensitivity's tier chart names
 * the tiers in its legend (drawn in Simplified Chinese, with the catalogues of this build,
 * whose "Tier %d" was 第%d等次). */
static void
test_chart_cli_tier_names (Fixture      *f,
                           gconstpointer user_data)
{
  g_autofree char *source = data_path ("framework-2020.xml");
  g_autofree char *units = data_path ("units.csv");
  g_autofree char *values = data_path ("data-2020.csv");
  g_autofree char *xml = NULL;
  g_autofree char *unnamed = NULL;
  g_autofree char *framework = g_build_filename (f->dir, "unnamed-2020.xml", NULL);
  g_autofree char *project = g_build_filename (f->dir, "unnamed.kaohe", NULL);
  g_autofree char *pdf = g_build_filename (f->dir, "tiers.pdf", NULL);
  g_autofree char *localedir = g_strdup_printf ("KAOHE_LOCALEDIR=%s/po", g_getenv ("KH_BUILD_ROOT"));
  g_autoptr (GRegex) tier_element = g_regex_new ("\\s*<tier><name[^<]*</name></tier>", 0, 0, NULL);
  static const char *const types[] = { "bars", "distribution" };
  static const char *const langs[] = { "zh_CN", "zh_TW", "en" };

  g_assert_true (g_file_get_contents (source, &xml, NULL, NULL));
  unnamed = g_regex_replace (tier_element, xml, -1, 0, "", 0, NULL);
  g_assert_null (strstr (unnamed, "<tier>"));
  g_assert_true (g_file_set_contents (framework, unnamed, -1, NULL));
  {
    g_autoptr (KhCliRun) a = kh_test_cli_run ("new", project, NULL);
    g_autoptr (KhCliRun) b = NULL;
    g_autoptr (KhCliRun) c = NULL;
    g_autoptr (KhCliRun) d = NULL;

    check_run (a);
    b = kh_test_cli_run ("import", project, "--units", units, NULL);
    check_run (b);
    c = kh_test_cli_run ("import", project, "--year", "2020", "--framework", framework, NULL);
    check_run (c);
    d = kh_test_cli_run ("import", project, "--year", "2020", values, NULL);
    check_run (d);
  }

  for (guint p = 0; p < 2; p++)
    for (guint t = 0; t < G_N_ELEMENTS (types); t++)
      for (guint l = 0; l < G_N_ELEMENTS (langs); l++)
        {
          const char *environment[] = { localedir, NULL };
          const char *args[] = { "chart", p == 0 ? project : f->project, "--type", types[t], "--group", "plain",
                                 "--years", "2020", "--lang", langs[l], "-o", pdf, NULL };
          g_autoptr (KhCliRun) run = kh_test_cli_runv_env (environment, args);
          g_autofree char *text = NULL;

          check_run (run);
          text = pdf_text (pdf);
          /* The fixture's framework names its tiers 第一等次 … in Chinese only: English
           * falls back to them. */
          if (strcmp (langs[l], "en") == 0 && p == 0)
            {
              g_assert_true (text_matches (text, "Tier 1 ≥ [0-9]+\\.[0-9]"));
              g_assert_true (text_matches (text, "Tier 2 ≥ [0-9]+\\.[0-9]"));
            }
          else
            {
              g_assert_true (text_matches (text, "第一等次 ≥ [0-9]+\\.[0-9]"));
              g_assert_true (text_matches (text, "第二等次 ≥ [0-9]+\\.[0-9]"));
            }
          g_assert_false (g_regex_match_simple ("第[0-9]+等次", text, 0, 0));
        }

  /* The tier chart of a sensitivity analysis, in a Chinese locale. */
  for (guint p = 0; p < 2; p++)
    {
      const char *environment[] = { localedir, "LANGUAGE=zh_CN", NULL };
      const char *args[] = { "sensitivity", p == 0 ? project : f->project, "--year", "2020", "--group", "plain",
                             "--runs", "200", "--tiers-chart", pdf, NULL };
      g_autoptr (KhCliRun) run = kh_test_cli_runv_env (environment, args);
      g_autofree char *text = NULL;

      check_run (run);
      text = pdf_text (pdf);
      g_assert_true (text_matches (text, "第一等次"));
      g_assert_true (text_matches (text, "第二等次"));
      g_assert_true (text_matches (text, "第三等次"));
      g_assert_false (g_regex_match_simple ("第[0-9]+等次", text, 0, 0));
    }
}

/* kaohe-cli sensitivity --lang draws its charts in that language as chart does: the tier
 * chart's title in the catalogue's words ("%s %d: chance of each tier over %u runs", zh_CN
 * "%s %d：%u 次运行中各等次的概率", zh_TW "%s %d：%u 次執行中各等次的機率"; the runs are
 * rounded up to whole rows of the design) with the group's name in that language (the
 * fixture names hill 丘陵组 in zh-CN and Hill counties in en; zh_TW falls back to zh-CN);
 * without --lang
 * the user's locale decides — English in the C locale, where the group was 丘陵组 before
 * --lang. An unknown language is a usage error (exit 2) and draws nothing. */
static void
test_chart_cli_sensitivity_lang (Fixture      *f,
                                 gconstpointer user_data)
{
  g_autofree char *pdf = g_build_filename (f->dir, "tiers-lang.pdf", NULL);
  g_autofree char *localedir = g_strdup_printf ("KAOHE_LOCALEDIR=%s/po", g_getenv ("KH_BUILD_ROOT"));
  const struct
  {
    const char *lang;        /* --lang, NULL: none */
    const char *environment; /* besides the catalogues */
    const char *words;
    const char *group;
  } cases[] = {
    { "zh_CN", "LC_ALL=C", "丘陵组 2020：[0-9]+ 次运行中各等次的概率", "丘陵组" },
    { "zh_TW", "LC_ALL=C", "丘陵组 2020：[0-9]+ 次執行中各等次的機率", "丘陵组" },
    { "en", "LANGUAGE=zh_CN", "Hill counties 2020: chance of each tier over", "Hill counties" },
    { NULL, "LC_ALL=C", "Hill counties 2020: chance of each tier over", "Hill counties" },
    { NULL, "LANGUAGE=zh_TW", "丘陵组 2020：[0-9]+ 次執行中各等次的機率", "丘陵组" },
  };
  const char *const all_words[] = { "各等次的概率", "各等次的機率", "chance of each tier" };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const char *environment[] = { localedir, cases[i].environment, NULL };
      const char *args[] = { "sensitivity", f->project, "--year", "2020", "--group", "hill",
                             "--runs", "200", "--tiers-chart", pdf,
                             cases[i].lang != NULL ? "--lang" : NULL, cases[i].lang, NULL };
      g_autoptr (KhCliRun) run = kh_test_cli_runv_env (environment, args);
      g_autofree char *text = NULL;

      check_run (run);
      text = pdf_text (pdf);
      g_assert_true (text_matches (text, cases[i].words));
      g_assert_true (text_matches (text, cases[i].group));
      for (guint w = 0; w < G_N_ELEMENTS (all_words); w++)
        if (strstr (cases[i].words, all_words[w]) == NULL)
          g_assert_null (strstr (text, all_words[w]));
      g_assert_null (strstr (text, strcmp (cases[i].group, "丘陵组") == 0 ? "Hill counties" : "丘陵组"));
      /* The framework names its tiers in zh-CN only: every language shows them. */
      g_assert_true (text_matches (text, "第一等次"));
      g_assert_cmpint (g_remove (pdf), ==, 0);
    }

  {
    const char *environment[] = { localedir, "LC_ALL=C", NULL };
    const char *args[] = { "sensitivity", f->project, "--year", "2020", "--group", "hill", "--runs",
                           "200", "--tiers-chart", pdf, "--lang", "fr", NULL };
    g_autoptr (KhCliRun) run = kh_test_cli_runv_env (environment, args);

    g_assert_cmpint (run->status, ==, 2);
    g_assert_nonnull (strstr (run->err, "unknown language “fr” (zh_CN, zh_TW or en)"));
    g_assert_false (g_file_test (pdf, G_FILE_TEST_EXISTS));
  }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/cli/chart/png", Fixture, NULL, fixture_set_up, test_chart_cli_png,
              fixture_tear_down);
  g_test_add ("/cli/chart/vector", Fixture, NULL, fixture_set_up, test_chart_cli_vector,
              fixture_tear_down);
  g_test_add ("/cli/chart/highlight", Fixture, NULL, fixture_set_up, test_chart_cli_highlight,
              fixture_tear_down);
  g_test_add ("/cli/chart/lang", Fixture, NULL, fixture_set_up, test_chart_cli_lang,
              fixture_tear_down);
  g_test_add ("/cli/chart/tier-names", Fixture, NULL, fixture_set_up, test_chart_cli_tier_names,
              fixture_tear_down);
  g_test_add ("/cli/chart/refusals", Fixture, NULL, fixture_set_up, test_chart_cli_refusals,
              fixture_tear_down);
  g_test_add ("/cli/chart/sensitivity-lang", Fixture, NULL, fixture_set_up,
              test_chart_cli_sensitivity_lang, fixture_tear_down);

  return g_test_run ();
}
