/* test-document-survey.c — a value scored from a survey says so in its provenance
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The project of test-survey-project.c, built through kaohe-cli: the survey's scores are
 * stored into public_satisfaction with the survey as their source (no row or column),
 * which the document reports as "From survey sat2020, by U at T" rather than as an edit.
 */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "kh-test-cli.h"
#include "kh-test-files.h"
#include "ui/kh-document.h"

static void
run_ok (KhCliRun *run)
{
  if (run->status != 0)
    g_error ("kaohe-cli failed (%d): %s", run->status, run->err);
  kh_cli_run_free (run);
}

static void
test_survey_provenance (void)
{
  g_autofree char *dir = g_dir_make_tmp ("kh-document-survey-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "p.kaohe", NULL);
  g_autofree char *data = g_build_filename (g_getenv ("KH_SOURCE_ROOT"), "tests", "data",
                                            "surveys", NULL);
  g_autofree char *units = g_build_filename (data, "units.csv", NULL);
  g_autofree char *fw = g_build_filename (data, "survey-city.xml", NULL);
  g_autofree char *sheet = g_build_filename (data, "sheet-city.csv", NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (KhDocument) doc = NULL;
  g_autofree char *provenance = NULL;
  g_autofree char *gdp = NULL;

  run_ok (kh_test_cli_run ("new", path, NULL));
  run_ok (kh_test_cli_run ("import", path, "--units", units, NULL));
  run_ok (kh_test_cli_run ("import", path, "--year", "2020", "--framework", fw, NULL));
  run_ok (kh_test_cli_run ("survey", "import", path, "--year", "2020", sheet, NULL));
  run_ok (kh_test_cli_run ("survey", "score", path, "--year", "2020", "--user", "bob", NULL));

  doc = kh_document_open (path, &error);
  g_assert_no_error (error);
  g_assert_true (kh_document_set_year (doc, 2020, &error));
  g_assert_no_error (error);
  provenance = kh_document_get_provenance (doc, "a", "public_satisfaction");
  g_assert_true (g_str_has_prefix (provenance, "From survey sat2020, by bob at "));
  /* A value nobody stored has no provenance. */
  gdp = kh_document_get_provenance (doc, "a", "gdp");
  g_assert_null (gdp);
  g_clear_object (&doc);
  kh_test_remove_dir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/document/survey-provenance", test_survey_provenance);
  return g_test_run ();
}
