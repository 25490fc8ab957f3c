/* test-framework-xml-cli.c — `kaohe-cli validate` and `kaohe-cli format`
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>

#include "kh-test-cli.h"

static char *
fixture (const char *dir,
         const char *name)
{
  return g_build_filename (g_getenv ("KH_SOURCE_ROOT"), "tests", "data", "frameworks", dir, name,
                           NULL);
}

static char *
read_text (const char *path)
{
  g_autoptr (GError) error = NULL;
  char *text = NULL;

  g_file_get_contents (path, &text, NULL, &error);
  g_assert_no_error (error);
  return text;
}

/* The .expected file of an invalid fixture names it by base name; the CLI names the
 * path it was given. */
static char *
expected_messages (const char *name)
{
  g_autofree char *xml = g_strconcat (name, ".xml", NULL);
  g_autofree char *exp = g_strconcat (name, ".expected", NULL);
  g_autofree char *path = fixture ("invalid", exp);
  g_autofree char *text = read_text (path);
  g_autofree char *xml_path = fixture ("invalid", xml);
  g_auto (GStrv) lines = g_strsplit (g_strchomp (text), "\n", -1);
  GString *out = g_string_new (NULL);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_assert_true (g_str_has_prefix (lines[i], xml));
      g_string_append_printf (out, "%s%s\n", xml_path, lines[i] + strlen (xml));
    }
  return g_string_free (out, FALSE);
}

static void
test_validate_bundled (void)
{
  static const char *years[] = { "2018", "2019", "2020" };
  static const char *categories[] = { "agency", "city", "county", "university" };
  g_autoptr (GPtrArray) args = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GString) expected = g_string_new (NULL);
  g_autoptr (KhCliRun) run = NULL;

  g_ptr_array_add (args, g_strdup ("validate"));
  for (guint y = 0; y < G_N_ELEMENTS (years); y++)
    for (guint c = 0; c < G_N_ELEMENTS (categories); c++)
      {
        g_autofree char *name = g_strdup_printf ("jiangsu-%s-%s.xml", years[y], categories[c]);
        char *path = g_build_filename (g_getenv ("KH_SOURCE_ROOT"), "data", "frameworks", name, NULL);

        g_string_append_printf (expected, "%s: valid\n", path);
        g_ptr_array_add (args, path);
      }
  g_ptr_array_add (args, NULL);

  run = kh_test_cli_runv ((const char *const *) args->pdata);
  g_assert_cmpstr (run->err, ==, "");
  g_assert_cmpint (run->status, ==, 0);
  g_assert_cmpstr (run->out, ==, expected->str);
}

/* One invalid file among valid ones: exit 1, its problems on stderr, the others checked. */
static void
test_validate_mixed (void)
{
  g_autofree char *good = fixture ("valid", "full.xml");
  g_autofree char *bad = fixture ("invalid", "semantic-errors.xml");
  g_autofree char *expected = expected_messages ("semantic-errors");
  g_autofree char *expected_out = g_strdup_printf ("%s: valid\n", good);
  g_autoptr (KhCliRun) run = kh_test_cli_run ("validate", bad, good, NULL);

  g_assert_cmpint (run->status, ==, 1);
  g_assert_cmpstr (run->err, ==, expected);
  g_assert_cmpstr (run->out, ==, expected_out);
}

static void
test_validate_quiet (void)
{
  g_autofree char *good = fixture ("valid", "full.xml");
  g_autoptr (KhCliRun) run = kh_test_cli_run ("validate", "-q", good, NULL);

  g_assert_cmpint (run->status, ==, 0);
  g_assert_cmpstr (run->out, ==, "");
  g_assert_cmpstr (run->err, ==, "");
}

/* A hostile file is refused with its position; nothing else is read. */
static void
test_validate_hostile (void)
{
  g_autofree char *path = fixture ("hostile", "external-entity.xml");
  g_autofree char *expected = g_strdup_printf (
    "%s:2:1: a DOCTYPE declaration is not allowed (no DTD, no entities)\n", path);
  g_autoptr (KhCliRun) run = kh_test_cli_run ("validate", path, NULL);

  g_assert_cmpint (run->status, ==, 1);
  g_assert_cmpstr (run->err, ==, expected);
  g_assert_null (strstr (run->out, "root:"));
}

static void
test_validate_usage (void)
{
  g_autoptr (KhCliRun) none = kh_test_cli_run ("validate", NULL);
  g_autoptr (KhCliRun) bogus = kh_test_cli_run ("validate", "--bogus", "x.xml", NULL);
  g_autoptr (KhCliRun) missing = kh_test_cli_run ("validate", "/nonexistent/x.xml", NULL);

  g_assert_cmpint (none->status, ==, 2);
  g_assert_true (g_str_has_prefix (none->err, "kaohe-cli: no framework file given\n"));
  g_assert_cmpint (bogus->status, ==, 2);
  g_assert_nonnull (strstr (bogus->err, "--bogus"));
  g_assert_cmpint (missing->status, ==, 1);
  g_assert_true (g_str_has_prefix (missing->err, "/nonexistent/x.xml: "));
}

static void
test_format_stdout (void)
{
  g_autofree char *loose = fixture ("valid", "full.xml");
  g_autofree char *canonical_path = fixture ("valid", "full.canonical.xml");
  g_autofree char *canonical = read_text (canonical_path);
  g_autoptr (KhCliRun) run = kh_test_cli_run ("format", loose, NULL);
  g_autoptr (KhCliRun) again = kh_test_cli_run ("format", canonical_path, NULL);

  g_assert_cmpint (run->status, ==, 0);
  g_assert_cmpstr (run->err, ==, "");
  g_assert_cmpstr (run->out, ==, canonical);
  /* Idempotent: the canonical form formats to itself. */
  g_assert_cmpint (again->status, ==, 0);
  g_assert_cmpstr (again->out, ==, canonical);
}

static void
test_format_in_place (void)
{
  g_autofree char *loose = fixture ("valid", "full.xml");
  g_autofree char *canonical_path = fixture ("valid", "full.canonical.xml");
  g_autofree char *canonical = read_text (canonical_path);
  g_autofree char *original = read_text (loose);
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("kh-format-XXXXXX", &error);
  g_autofree char *copy = g_build_filename (dir, "fw.xml", NULL);
  g_autofree char *after = NULL;
  g_autofree char *after2 = NULL;

  g_assert_no_error (error);
  g_assert_true (g_file_set_contents (copy, original, -1, &error));
  {
    g_autoptr (KhCliRun) run = kh_test_cli_run ("format", "-i", copy, NULL);

    g_assert_cmpint (run->status, ==, 0);
    g_assert_cmpstr (run->out, ==, "");
    g_assert_cmpstr (run->err, ==, "");
  }
  after = read_text (copy);
  g_assert_cmpstr (after, ==, canonical);
  {
    g_autoptr (KhCliRun) run = kh_test_cli_run ("format", "--in-place", copy, NULL);

    g_assert_cmpint (run->status, ==, 0);
  }
  after2 = read_text (copy);
  g_assert_cmpstr (after2, ==, canonical);
  g_assert_cmpint (g_remove (copy), ==, 0);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

/* An invalid file is never formatted or rewritten. */
static void
test_format_invalid (void)
{
  g_autofree char *bad = fixture ("invalid", "rules.xml");
  g_autofree char *expected = expected_messages ("rules");
  g_autofree char *before = read_text (bad);
  g_autofree char *after = NULL;
  g_autoptr (KhCliRun) run = kh_test_cli_run ("format", "-i", bad, NULL);
  g_autoptr (KhCliRun) two = kh_test_cli_run ("format", bad, bad, NULL);
  g_autoptr (KhCliRun) none = kh_test_cli_run ("format", NULL);

  g_assert_cmpint (run->status, ==, 1);
  g_assert_cmpstr (run->out, ==, "");
  g_assert_cmpstr (run->err, ==, expected);
  after = read_text (bad);
  g_assert_cmpstr (after, ==, before);
  g_assert_cmpint (two->status, ==, 2);
  g_assert_true (g_str_has_prefix (two->err, "kaohe-cli: format takes exactly one file\n"));
  g_assert_cmpint (none->status, ==, 2);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/cli/validate/bundled", test_validate_bundled);
  g_test_add_func ("/cli/validate/mixed", test_validate_mixed);
  g_test_add_func ("/cli/validate/quiet", test_validate_quiet);
  g_test_add_func ("/cli/validate/hostile", test_validate_hostile);
  g_test_add_func ("/cli/validate/usage", test_validate_usage);
  g_test_add_func ("/cli/format/stdout", test_format_stdout);
  g_test_add_func ("/cli/format/in-place", test_format_in_place);
  g_test_add_func ("/cli/format/invalid", test_format_invalid);
  return g_test_run ();
}
