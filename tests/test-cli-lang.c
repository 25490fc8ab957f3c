/* test-cli-lang.c — the language of the names kaohe-cli prints (--lang, the locale)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * tests/data/lang: three indicators of a 100-point framework, goalposts 0–100 (a score is
 * value × points / 100); x is named 经济发展 / 經濟發展 / Economic growth, y only 生态环境
 * (every script falls back to it, as kh_text_get() does), z not at all (its id); the award
 * star (优胜奖 / 優勝獎 / Winner) goes to a unit of the first tier (one unit) that advanced.
 *          x (50)  y (30)  z (20)  total   2019 (lang-2019.csv)
 *   A       50      30      10      90      5 + 30 + 2 = 37, rank 3
 *   B       20      30       6      56      56, rank 2
 *   C       10      30       2      42      50 + 30 + 10 = 90, rank 1
 * A ranks first (+2 places): tier 1, the award. Its change, +53, is x's +45 and z's +8.
 * health: y scores 30 everywhere (candidate for exit); x (100 40 20) and z (50 30 10) rank
 * the units alike (ρ = 1): each is reviewed, naming the other.
 *
 * Text for people follows --lang, else the locale (the tests run in C.UTF-8: English);
 * compute's CSV and JSON keep the Simplified Chinese names without --lang, whatever the
 * locale. The words of zh_CN and zh_TW come from this build's catalogues (KAOHE_LOCALEDIR);
 * only the names are checked there, so that neither a better translation nor a build
 * without the catalogues breaks anything.
 */
#include "config.h"

#include <string.h>

#include "kh-test-cli.h"
#include "kh-test-files.h"

static char *
data_path (const char *name)
{
  return g_build_filename (g_getenv ("KH_SOURCE_ROOT"), "tests", "data", "lang", name, NULL);
}

/* kaohe-cli @command on the fixture with @extra (NULL-terminated) and @environment. */
static KhCliRun *
run_fixture (const char        *command,
             const char *const *environment,
             const char        *first_extra,
             ...)
{
  g_autofree char *fw = data_path ("lang.xml");
  g_autofree char *data = data_path ("lang.csv");
  g_autofree char *previous = data_path ("lang-2019.csv");
  g_autofree char *localedir = g_strdup_printf ("KAOHE_LOCALEDIR=%s/po", g_getenv ("KH_BUILD_ROOT"));
  g_autoptr (GPtrArray) args = g_ptr_array_new ();
  g_autoptr (GPtrArray) env = g_ptr_array_new ();
  KhCliRun *run;
  va_list ap;

  g_ptr_array_add (env, localedir);
  for (guint i = 0; environment != NULL && environment[i] != NULL; i++)
    g_ptr_array_add (env, (gpointer) environment[i]);
  g_ptr_array_add (env, NULL);
  g_ptr_array_add (args, (gpointer) command);
  g_ptr_array_add (args, (gpointer) "--framework");
  g_ptr_array_add (args, fw);
  g_ptr_array_add (args, (gpointer) "--data");
  g_ptr_array_add (args, data);
  if (strcmp (command, "health") != 0)
    {
      g_ptr_array_add (args, (gpointer) "--previous");
      g_ptr_array_add (args, previous);
    }
  va_start (ap, first_extra);
  for (const char *a = first_extra; a != NULL; a = va_arg (ap, const char *))
    g_ptr_array_add (args, (gpointer) a);
  va_end (ap);
  g_ptr_array_add (args, NULL);
  run = kh_test_cli_runv_env ((const char *const *) env->pdata, (const char *const *) args->pdata);
  if (run->status != 0)
    g_printerr ("%s%s", run->out, run->err);
  g_assert_cmpint (run->status, ==, 0);
  g_assert_cmpstr (run->err, ==, "");
  return run;
}

static void
assert_has (const char *text,
            const char *part)
{
  if (strstr (text, part) == NULL)
    g_error ("“%s” not in:\n%s", part, text);
}

static void
assert_lacks (const char *text,
              const char *part)
{
  if (strstr (text, part) != NULL)
    g_error ("“%s” unexpected in:\n%s", part, text);
}

/* The line of @text that begins with @start holds @part. */
static void
assert_line_has (const char *text,
                 const char *start,
                 const char *part)
{
  const char *line = strstr (text, start);
  g_autofree char *copy = NULL;

  if (line == NULL)
    g_error ("“%s” not in:\n%s", start, text);
  copy = g_strndup (line, strcspn (line + 1, "\n") + 1);
  assert_has (copy, part);
}

static void
test_compute (void)
{
  static const struct
  {
    const char *lang;
    const char *award;
  } cases[] = {
    { NULL, "优胜奖" }, { "zh_CN", "优胜奖" }, { "zh_TW", "優勝獎" }, { "en", "Winner" },
  };
  const char *const taiwan[] = { "LANGUAGE=zh_TW", NULL };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      /* Without --lang, a reader of zh_TW still gets the Simplified names. */
      g_autoptr (KhCliRun) run = run_fixture ("compute", taiwan,
                                              cases[i].lang != NULL ? "--lang" : NULL,
                                              cases[i].lang, NULL);
      g_autofree char *row = g_strdup_printf ("city,cities,A,甲市,90.00,1,1,3,2,%s,1.0000,"
                                              "90.0000,50.0000,30.0000,10.0000\n",
                                              cases[i].award);

      assert_has (run->out, row);
    }
  {
    g_autoptr (KhCliRun) run = run_fixture ("compute", NULL, "--format", "json", "--lang", "en", NULL);

    assert_has (run->out, "\"awards\": [\"Winner\"]");
    assert_has (run->out, "{\"id\": \"x\", \"name\": \"Economic growth\", \"score\": 50,");
    assert_has (run->out, "{\"id\": \"y\", \"name\": \"生态环境\", \"score\": 30,");
    assert_has (run->out, "{\"id\": \"z\", \"name\": null, \"score\": 10,");
  }
  {
    g_autoptr (KhCliRun) run = run_fixture ("compute", NULL, "--format", "json", NULL);

    assert_has (run->out, "{\"id\": \"x\", \"name\": \"经济发展\", \"score\": 50,");
    assert_has (run->out, "\"awards\": [\"优胜奖\"]");
  }
}

static void
test_compute_bad_lang (void)
{
  g_autofree char *fw = data_path ("lang.xml");
  g_autofree char *data = data_path ("lang.csv");
  g_autoptr (KhCliRun) run = kh_test_cli_run ("compute", "--framework", fw, "--data", data,
                                              "--lang", "fr", NULL);

  g_assert_cmpint (run->status, ==, 2);
  g_assert_cmpstr (run->out, ==, "");
  assert_has (run->err, "kaohe-cli: unknown language “fr” (zh_CN, zh_TW or en)\n");
}

static void
test_explain (void)
{
  /* The C locale: English, as --lang en. */
  const char *const en_lines[] = {
    "score 90.00, rank 1, Excellent, previous rank 3, rank change +2, award Winner\n",
    "\n  x Economic growth: score 50.0000 of 50, contribution 50.0000 (last year 5.0000, "
    "change +45.0000)",
    "\n  y 生态环境: score 30.0000 of 30,",
    "\n  z: score 10.0000 of 20,",
    "\n  +45.0000 x Economic growth\n  +8.0000 z\n",
  };
  g_autoptr (KhCliRun) plain = run_fixture ("explain", NULL, "--unit", "A", NULL);
  g_autoptr (KhCliRun) en = run_fixture ("explain", NULL, "--unit", "A", "--lang", "en", NULL);

  g_assert_cmpstr (plain->out, ==, en->out);
  for (guint k = 0; k < G_N_ELEMENTS (en_lines); k++)
    assert_has (en->out, en_lines[k]);
  {
    g_autoptr (KhCliRun) cn = run_fixture ("explain", NULL, "--unit", "甲市", "--lang", "zh_CN", NULL);

    assert_has (cn->out, "\n  x 经济发展: ");
    assert_has (cn->out, "\n  y 生态环境: ");
    assert_has (cn->out, "\n  z: ");
    assert_has (cn->out, " 优胜奖\n");
    assert_has (cn->out, "\n  +45.0000 x 经济发展\n  +8.0000 z\n");
    assert_lacks (cn->out, "Economic");
    assert_lacks (cn->out, "經濟");
  }
  {
    /* The locale's language without --lang: zh_TW. */
    const char *const taiwan[] = { "LANGUAGE=zh_TW", NULL };
    g_autoptr (KhCliRun) tw = run_fixture ("explain", taiwan, "--unit", "A", NULL);
    g_autoptr (KhCliRun) tw_lang = run_fixture ("explain", NULL, "--unit", "A", "--lang", "zh_TW", NULL);

    g_assert_cmpstr (tw->out, ==, tw_lang->out);
    assert_has (tw->out, "\n  x 經濟發展: ");
    assert_has (tw->out, "\n  y 生态环境: ");
    assert_has (tw->out, " 優勝獎\n");
    assert_has (tw->out, "\n  +45.0000 x 經濟發展\n  +8.0000 z\n");
    assert_lacks (tw->out, "Economic");
    assert_lacks (tw->out, "经济");
  }
  {
    /* A tag as some desktops write it reads as the window reads it (kh_lang_for_languages):
     * Traditional. */
    const char *const tag[] = { "LANGUAGE=zh-TW", NULL };
    g_autoptr (KhCliRun) tw = run_fixture ("explain", tag, "--unit", "A", NULL);

    assert_has (tw->out, "\n  x 經濟發展: ");
  }
}

/* The result line names the tier as the framework does, in the chosen script: A's first
 * tier in each, C's second (rank 3 of 3) only in Chinese, which every script falls back to.
 * Never its number. */
static void
test_explain_tier (void)
{
  g_autoptr (KhCliRun) en_a = run_fixture ("explain", NULL, "--unit", "A", "--lang", "en", NULL);
  g_autoptr (KhCliRun) en_c = run_fixture ("explain", NULL, "--unit", "C", "--lang", "en", NULL);
  g_autoptr (KhCliRun) cn_a = run_fixture ("explain", NULL, "--unit", "A", "--lang", "zh_CN", NULL);
  g_autoptr (KhCliRun) tw_a = run_fixture ("explain", NULL, "--unit", "A", "--lang", "zh_TW", NULL);
  g_autoptr (KhCliRun) tw_c = run_fixture ("explain", NULL, "--unit", "C", "--lang", "zh_TW", NULL);

  g_assert_true (g_str_has_prefix (en_a->out, "A 甲市 — cities\n"
                                              "score 90.00, rank 1, Excellent, previous rank 3, "
                                              "rank change +2, award Winner\n"));
  g_assert_true (g_str_has_prefix (en_c->out, "C 丙市 — cities\n"
                                              "score 42.00, rank 3, 良好, previous rank 1, "
                                              "rank change -2\n"));
  assert_line_has (cn_a->out, "90.00", "1，优秀，");
  assert_line_has (tw_a->out, "90.00", "1，優秀，");
  assert_line_has (tw_c->out, "42.00", "3，良好，");
  for (guint i = 0; i < 3; i++)
    {
      KhCliRun *run = (KhCliRun *[]) { en_a, cn_a, tw_c }[i];

      assert_lacks (run->out, "tier 1");
      assert_lacks (run->out, "等次");
    }
}

static void
test_health (void)
{
  g_autoptr (KhCliRun) en = run_fixture ("health", NULL, NULL);
  g_autoptr (KhCliRun) cn = run_fixture ("health", NULL, "--lang", "zh_CN", NULL);
  g_autoptr (KhCliRun) tw = run_fixture ("health", NULL, "--lang", "zh_TW", NULL);

  g_assert_true (g_str_has_suffix (en->out,
                                   "Why:\n"
                                   "  Economic growth (x) — review: moves with “z” (ρ = 1.00): one "
                                   "of the two may be enough\n"
                                   "  生态环境 (y) — candidate for exit: every unit scores the same: "
                                   "it tells no one apart\n"
                                   "  z — review: moves with “Economic growth” (ρ = 1.00): one of the "
                                   "two may be enough\n"));
  assert_has (cn->out, "\n  经济发展 (x) — ");
  assert_has (cn->out, "\n  生态环境 (y) — ");
  assert_line_has (cn->out, "\n  z — ", "经济发展");
  assert_lacks (cn->out, "Economic");
  assert_has (tw->out, "\n  經濟發展 (x) — ");
  assert_has (tw->out, "\n  生态环境 (y) — ");
  assert_line_has (tw->out, "\n  z — ", "經濟發展");
  assert_lacks (tw->out, "Economic");
  assert_lacks (tw->out, "经济");
}

/* A project of the fixture's 2020 (tests/data/lang/units.csv names A, B and C in the three
 * scripts: 东城市 / 東城市 / Dongcheng …), made once for the tests that only read it, in
 * project_dir (removed by main()). */
static char *project_dir;
static char *project_path;

static const char *
lang_project (void)
{
  g_autofree char *units = data_path ("units.csv");
  g_autofree char *fw = data_path ("lang.xml");
  g_autofree char *data = NULL;
  g_autoptr (GError) error = NULL;

  if (project_path != NULL)
    return project_path;
  project_dir = g_dir_make_tmp ("kh-cli-lang-XXXXXX", &error);
  g_assert_no_error (error);
  project_path = g_build_filename (project_dir, "lang.kaohe", NULL);
  data = g_build_filename (project_dir, "lang-2020.csv", NULL);
  /* lang.csv's values without its names, which are the project's here */
  g_assert_true (g_file_set_contents (data, "unit,x,y,z\nA,100,100,50\nB,40,100,30\n"
                                            "C,20,100,10\n", -1, &error));
  g_assert_no_error (error);
  {
    const char *const steps[][6] = {
      { "new", project_path, NULL },
      { "import", project_path, "--units", units, NULL },
      { "import", project_path, "--year", "2020", fw, NULL },
      { "import", project_path, "--year", "2020", data, NULL },
    };

    for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
      {
        g_autoptr (KhCliRun) run = kh_test_cli_runv (steps[i]);

        if (run->status != 0)
          g_printerr ("%s%s", run->out, run->err);
        g_assert_cmpint (run->status, ==, 0);
      }
  }
  return project_path;
}

/* kaohe-cli @args (NULL-terminated) in the C locale changed by @environment; it must
 * succeed. */
static KhCliRun *
run_ok (const char *const *environment,
        const char *const *args)
{
  g_autofree char *localedir = g_strdup_printf ("KAOHE_LOCALEDIR=%s/po", g_getenv ("KH_BUILD_ROOT"));
  g_autoptr (GPtrArray) env = g_ptr_array_new ();
  KhCliRun *run;

  g_ptr_array_add (env, localedir);
  for (guint i = 0; environment != NULL && environment[i] != NULL; i++)
    g_ptr_array_add (env, (gpointer) environment[i]);
  g_ptr_array_add (env, NULL);
  run = kh_test_cli_runv_env ((const char *const *) env->pdata, args);
  if (run->status != 0)
    g_printerr ("%s%s", run->out, run->err);
  g_assert_cmpint (run->status, ==, 0);
  return run;
}

/* weights (text for people): the units' names in the ranking follow --lang, else the
 * locale. Equal shares of x, y and z (a third each of 100 points, the points kept): A
 * 100/3 + 100/3 + 50/3 = 83.33, B (40 + 100 + 30)/3 = 56.67, C (20 + 100 + 10)/3 = 43.33;
 * the ranks do not change. */
static void
test_weights (void)
{
  const char *project = lang_project ();
  static const struct
  {
    const char *lang;   /* --lang, NULL: none */
    const char *locale; /* LANGUAGE */
    const char *a, *c;  /* A's and C's names */
  } cases[] = {
    { NULL, NULL, "Dongcheng", "Lanxi" },
    { "en", "zh_TW", "Dongcheng", "Lanxi" },
    { "zh_CN", NULL, "东城市", "兰溪市" },
    { "zh_TW", NULL, "東城市", "蘭溪市" },
    { NULL, "zh_TW", "東城市", "蘭溪市" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *locale = cases[i].locale != NULL ? g_strconcat ("LANGUAGE=", cases[i].locale, NULL)
                                                        : NULL;
      const char *const env[] = { locale, NULL };
      const char *const args[] = { "weights", project, "--year", "2020", "--node", "total",
                                   "--method", "equal", cases[i].lang != NULL ? "--lang" : NULL,
                                   cases[i].lang, NULL };
      g_autoptr (KhCliRun) run = run_ok (env, args);
      g_autofree char *a = g_strdup_printf ("\n  A                   1        1      0      90.00     83.33  %s\n",
                                            cases[i].a);
      g_autofree char *c = g_strdup_printf ("\n  C                   3        3      0      42.00     43.33  %s\n",
                                            cases[i].c);

      assert_has (run->out, a);
      assert_has (run->out, c);
    }
}

/* audit: its text's words follow --lang, else the locale; csv and json, for programs, are
 * the same whatever either says. */
static void
test_audit (void)
{
  const char *project = lang_project ();
  const char *const taiwan[] = { "LANGUAGE=zh_TW", NULL };
  const char *const en_args[] = { "audit", project, "--year", "2020", "--lang", "en", NULL };
  const char *const tw_args[] = { "audit", project, "--year", "2020", NULL };
  const char *const cn_args[] = { "audit", project, "--year", "2020", "--lang", "zh_CN", NULL };
  g_autoptr (KhCliRun) en = run_ok (taiwan, en_args);
  g_autoptr (KhCliRun) tw = run_ok (taiwan, tw_args);
  g_autoptr (KhCliRun) cn = run_ok (NULL, cn_args);
  g_autoptr (KhCliRun) tw_lang = NULL;

  g_assert_true (g_str_has_prefix (en->out, "Statistical audit of framework lang-demo, 2020: 3 units\n"));
  g_assert_true (g_str_has_prefix (cn->out, "指标体系 lang-demo 的统计审查，2020 年：3 个单位\n"));
  g_assert_true (g_str_has_prefix (tw->out, "指標體系 lang-demo 的統計審查，2020 年：3 個單位\n"));
  {
    const char *const args[] = { "audit", project, "--year", "2020", "--lang", "zh_TW", NULL };

    tw_lang = run_ok (NULL, args);
    g_assert_cmpstr (tw_lang->out, ==, tw->out);
  }
  for (guint f = 0; f < 2; f++)
    {
      const char *format = f == 0 ? "csv" : "json";
      const char *const plain_args[] = { "audit", project, "--year", "2020", "--format", format, NULL };
      const char *const lang_args[] = { "audit", project, "--year", "2020", "--format", format,
                                        "--lang", "en", NULL };
      g_autoptr (KhCliRun) plain = run_ok (taiwan, plain_args);
      g_autoptr (KhCliRun) lang = run_ok (NULL, lang_args);

      g_assert_cmpstr (plain->out, ==, lang->out);
    }
}

/* sensitivity's CSV and JSON: the units' names in Simplified Chinese without --lang, whatever
 * the locale; in the script of --lang with it. 64 runs of every weight ± 25 %: A's 90 is
 * far ahead (first in every run), C's 42 last. */
static void
test_sensitivity (void)
{
  const char *project = lang_project ();
  static const struct
  {
    const char *lang;
    const char *locale;
    const char *format;
    const char *a, *c;
  } cases[] = {
    { NULL, "zh_TW", "csv", "东城市", "兰溪市" },
    { NULL, "en", "json", "东城市", "兰溪市" },
    { "zh_TW", NULL, "csv", "東城市", "蘭溪市" },
    { "en", "zh_TW", "json", "Dongcheng", "Lanxi" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *locale = cases[i].locale != NULL ? g_strconcat ("LANGUAGE=", cases[i].locale, NULL)
                                                        : NULL;
      const char *const env[] = { locale, NULL };
      const char *const args[] = { "sensitivity", project, "--year", "2020", "--group", "cities",
                                   "--runs", "64", "--threads", "1", "--format", cases[i].format,
                                   cases[i].lang != NULL ? "--lang" : NULL, cases[i].lang, NULL };
      g_autoptr (KhCliRun) run = run_ok (env, args);
      gboolean csv = g_str_equal (cases[i].format, "csv");
      g_autofree char *a = csv ? g_strdup_printf ("\nA,%s,1,1,1,1,1,", cases[i].a)
                               : g_strdup_printf ("\"id\": \"A\", \"name\": \"%s\"", cases[i].a);
      g_autofree char *c = csv ? g_strdup_printf ("\nC,%s,3,2,3,3,3,", cases[i].c)
                               : g_strdup_printf ("\"id\": \"C\", \"name\": \"%s\"", cases[i].c);

      assert_has (run->out, a);
      assert_has (run->out, c);
    }
}

/* chart --unit finds a unit by any of its names, whatever the language drawn: in English
 * (the C locale) the chart names A Dongcheng, and --unit 东城市 or Dongcheng draw what
 * --unit A draws (README's `--unit 省台联` in an English locale was refused). A name of no
 * unit is refused. */
static void
test_chart_unit (void)
{
  const char *project = lang_project ();
  g_autofree char *by_id = g_build_filename (project_dir, "by-id.svg", NULL);
  g_autofree char *by_name = g_build_filename (project_dir, "by-name.svg", NULL);
  g_autofree char *expected = NULL;
  const char *const names[] = { "东城市", "Dongcheng" };
  const char *const id_args[] = { "chart", project, "--type", "bars", "--group", "cities",
                                  "--unit", "A", "-o", by_id, NULL };
  g_autoptr (KhCliRun) id_run = run_ok (NULL, id_args);

  g_assert_true (g_file_get_contents (by_id, &expected, NULL, NULL));
  {
    /* (the unit highlighted changes the drawing) */
    const char *const args[] = { "chart", project, "--type", "bars", "--group", "cities",
                                 "-o", by_name, NULL };
    g_autoptr (KhCliRun) run = run_ok (NULL, args);
    g_autofree char *plain = NULL;

    g_assert_true (g_file_get_contents (by_name, &plain, NULL, NULL));
    g_assert_cmpstr (plain, !=, expected);
  }
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      const char *const args[] = { "chart", project, "--type", "bars", "--group", "cities",
                                   "--unit", names[i], "-o", by_name, NULL };
      g_autoptr (KhCliRun) run = run_ok (NULL, args);
      g_autofree char *drawn = NULL;

      g_assert_true (g_file_get_contents (by_name, &drawn, NULL, NULL));
      g_assert_cmpstr (drawn, ==, expected);
    }
  {
    g_autoptr (KhCliRun) run = kh_test_cli_run ("chart", project, "--type", "bars", "--group",
                                                "cities", "--unit", "西城市", "-o", by_name, NULL);

    g_assert_cmpint (run->status, ==, 1);
    assert_has (run->err, "no unit “西城市” in the group cities\n");
  }
}

int
main (int    argc,
      char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/cli-lang/compute", test_compute);
  g_test_add_func ("/cli-lang/compute-bad-lang", test_compute_bad_lang);
  g_test_add_func ("/cli-lang/explain", test_explain);
  g_test_add_func ("/cli-lang/explain-tier", test_explain_tier);
  g_test_add_func ("/cli-lang/weights", test_weights);
  g_test_add_func ("/cli-lang/audit", test_audit);
  g_test_add_func ("/cli-lang/sensitivity", test_sensitivity);
  g_test_add_func ("/cli-lang/chart-unit", test_chart_unit);
  g_test_add_func ("/cli-lang/health", test_health);
  status = g_test_run ();
  if (project_dir != NULL)
    kh_test_remove_dir (project_dir);
  g_free (project_dir);
  g_free (project_path);
  return status;
}
