/* test-chart-short-names.c — charts label units by their short names (简称) where the
 * names do not fit, and no label covers another
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The Jiangsu sample (data/samples/units.csv gives every unit a short name): its 15
 * vocational colleges of the first rank (vocational_high) have names of 9 to 12
 * characters — 江苏食品药品职业技术学院 is printed 江苏食品药品职业… (KH_REPORT_LABEL_MAX) —
 * and short names of 6 to 8 (江苏食品药品职院). `kaohe-cli chart` draws each chart as a
 * PDF; pdftotext -bbox gives every word drawn and its box, independently of the charts'
 * own layout record. In a narrow chart (360 pt: a quarter is 90 pt, nine characters at
 * 10 pt) the names do not fit and the short names are drawn; in a wide one (1400 pt: a
 * quarter is 350 pt) the names are. The words' boxes never overlap.
 */
#include "config.h"

#include <string.h>

#include "kh-test-cli.h"
#include "kh-test-files.h"

typedef struct
{
  char *text;
  double box[4]; /* xMin yMin xMax yMax, points */
} Word;

static void
word_free (Word *word)
{
  g_free (word->text);
  g_free (word);
}

static char *
sample_path (void)
{
  return g_build_filename (g_getenv ("KH_BUILD_ROOT"), "data", "samples", "jiangsu-sample.kaohe", NULL);
}

/* The words of @pdf with their boxes, as pdftotext -bbox finds them. */
static GPtrArray *
pdf_words (const char *pdf)
{
  const char *argv[] = { "pdftotext", "-bbox", pdf, "-", NULL };
  g_autofree char *out = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GRegex) regex = g_regex_new ("<word xMin=\"([0-9.]+)\" yMin=\"([0-9.]+)\" "
                                          "xMax=\"([0-9.]+)\" yMax=\"([0-9.]+)\">([^<]*)</word>",
                                          0, 0, NULL);
  g_autoptr (GMatchInfo) match = NULL;
  GPtrArray *words = g_ptr_array_new_with_free_func ((GDestroyNotify) word_free);
  int status = 0;

  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                               NULL, NULL, &out, NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  for (g_regex_match (regex, out, 0, &match); g_match_info_matches (match); g_match_info_next (match, NULL))
    {
      Word *word = g_new0 (Word, 1);

      for (int k = 0; k < 4; k++)
        {
          g_autofree char *number = g_match_info_fetch (match, k + 1);

          word->box[k] = g_ascii_strtod (number, NULL);
        }
      word->text = g_match_info_fetch (match, 5);
      g_ptr_array_add (words, word);
    }
  return words;
}

static gboolean
has_word (GPtrArray  *words,
          const char *text)
{
  for (guint i = 0; i < words->len; i++)
    if (strcmp (((Word *) words->pdata[i])->text, text) == 0)
      return TRUE;
  return FALSE;
}

/* No two words overlap by more than 0.5 pt either way (the glyphs' boxes of one line
 * touch the next line's at most). */
static void
assert_apart (GPtrArray  *words,
              const char *what)
{
  for (guint i = 0; i < words->len; i++)
    for (guint j = i + 1; j < words->len; j++)
      {
        const Word *a = words->pdata[i], *b = words->pdata[j];
        double dx = MIN (a->box[2], b->box[2]) - MAX (a->box[0], b->box[0]);
        double dy = MIN (a->box[3], b->box[3]) - MAX (a->box[1], b->box[1]);

        if (dx > 0.5 && dy > 0.5)
          g_error ("%s: “%s” (%.1f %.1f %.1f %.1f) overlaps “%s” (%.1f %.1f %.1f %.1f)", what, a->text,
                   a->box[0], a->box[1], a->box[2], a->box[3], b->text, b->box[0], b->box[1], b->box[2],
                   b->box[3]);
      }
}

static GPtrArray *
draw_lang (const char *dir,
           const char *type,
           const char *width,
           const char *height,
           const char *lang)
{
  g_autofree char *sample = sample_path ();
  g_autofree char *name = g_strdup_printf ("%s-%s-%s.pdf", type, width, lang);
  g_autofree char *pdf = g_build_filename (dir, name, NULL);
  g_autoptr (KhCliRun) run = kh_test_cli_run ("chart", sample, "--type", type, "--group", "vocational_high",
                                              "--width", width, "--height", height, "--lang", lang, "-o", pdf,
                                              NULL);

  if (run->status != 0)
    g_printerr ("%s%s", run->out, run->err);
  g_assert_cmpint (run->status, ==, 0);
  return pdf_words (pdf);
}

static GPtrArray *
draw (const char *dir,
      const char *type,
      const char *width,
      const char *height)
{
  return draw_lang (dir, type, width, height, "zh_CN");
}

static void
test_short_names (void)
{
  g_autofree char *dir = g_dir_make_tmp ("kh-chart-short-XXXXXX", NULL);
  static const char *const types[] = { "bars", "dumbbell", "bump", "slope" };

  for (guint t = 0; t < G_N_ELEMENTS (types); t++)
    {
      g_autoptr (GPtrArray) narrow = draw (dir, types[t], "360", "520");
      g_autoptr (GPtrArray) wide = draw (dir, types[t], "1400", "700");
      g_autofree char *what = g_strdup_printf ("%s, 360 pt", types[t]);

      g_test_message ("%s: %u words narrow, %u wide", types[t], narrow->len, wide->len);
      /* short names: 12 characters and a ◔-free label of 10 do not fit 90 pt */
      g_assert_true (has_word (narrow, "江苏食品药品职院"));
      g_assert_true (has_word (narrow, "南京工业职大"));
      g_assert_false (has_word (narrow, "南京工业职业技术大学"));
      g_assert_false (has_word (narrow, "江苏食品药品职业…"));
      assert_apart (narrow, what);
      /* names where they fit */
      g_assert_true (has_word (wide, "南京工业职业技术大学"));
      g_assert_false (has_word (wide, "南京工业职大"));
      g_assert_false (has_word (wide, "江苏食品药品职院"));
      g_free (what);
      what = g_strdup_printf ("%s, 1400 pt", types[t]);
      assert_apart (wide, what);
    }
  kh_test_remove_dir (dir);
}

/* --lang zh_TW: the names in Traditional script (data/samples/units.csv's name_zh_tw) and
 * the short names too, character for character from them: 江苏食品药品职业技术学院 /
 * 江蘇食品藥品職業技術學院 make 江苏食品药品职院 江蘇食品藥品職院, 南京工业职大 南京工業職大;
 * no Simplified short name is left. */
static void
test_short_names_traditional (void)
{
  g_autofree char *dir = g_dir_make_tmp ("kh-chart-short-XXXXXX", NULL);
  static const char *const types[] = { "bars", "bump" };

  for (guint t = 0; t < G_N_ELEMENTS (types); t++)
    {
      g_autoptr (GPtrArray) narrow = draw_lang (dir, types[t], "360", "520", "zh_TW");
      g_autoptr (GPtrArray) wide = draw_lang (dir, types[t], "1400", "700", "zh_TW");

      g_assert_true (has_word (narrow, "江蘇食品藥品職院"));
      g_assert_true (has_word (narrow, "南京工業職大"));
      g_assert_true (has_word (narrow, "無錫職院"));
      g_assert_false (has_word (narrow, "江苏食品药品职院"));
      g_assert_false (has_word (narrow, "南京工业职大"));
      g_assert_false (has_word (narrow, "无锡职院"));
      g_assert_true (has_word (wide, "南京工業職業技術大學"));
      g_assert_false (has_word (wide, "南京工業職大"));
    }
  kh_test_remove_dir (dir);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/charts/short-names", test_short_names);
  g_test_add_func ("/charts/short-names/traditional", test_short_names_traditional);
  return g_test_run ();
}
