/* test-window-i18n.c — the main window in Simplified and Traditional Chinese, under Xvfb
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The catalogues are the ones this build compiled (build/po/<lang>/LC_MESSAGES/kaohe.mo),
 * bound through a temporary locale folder. For each of zh_CN and zh_TW the window opens the
 * Jiangsu sample project (13 cities, demonstration values) and renders its five pages to
 * $KH_SCREENSHOT_DIR/i18n-<lang>-<page>.png. Expected strings are the translations in
 * po/zh_CN.po and po/zh_TW.po, written out by hand here so that a catalogue that does not load
 * fails the test. No label anywhere in the window may show an English message of
 * po/<lang>.po: neither one left untranslated in the catalogue nor one the code forgot to pass
 * through gettext. The data names are in the reader's script too: units.csv's name_zh_tw and
 * the frameworks' <name lang="zh-TW"> under zh_TW, name_zh and lang="zh-CN" under zh_CN.
 */
#include "config.h"

#include <gdk-pixbuf/gdk-pixbuf.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <string.h>
#include <unistd.h>

#include "kh-test-files.h"
#include "kh-test-ui-project.h"
#include "kh-test-utils.h"
#include "ui/kh-application.h"
#include "ui/kh-result-row.h"
#include "ui/kh-results-view.h"
#include "ui/kh-ui.h"
#include "ui/kh-window.h"

static KhApplication *app;
static char *tmp_dir;
static char *sample_path;

typedef struct
{
  const char *lang;     /* LANGUAGE and the catalogue's folder */
  const char *locale;   /* LC_ALL */
  const char *pages[5]; /* titles of framework, data, results, charts, reports */
  const char *cities;   /* the category "Cities" */
  const char *title;    /* the window title "Kaohe" */
  KhLang data_lang;     /* the script of the data names */
  const char *suzhou;   /* the unit suzhou's name (units.csv: name_zh, name_zh_tw) */
  const char *paper;    /* the paper "development" of jiangsu-2020-city.xml */
} Expected;

static const Expected zh_cn = {
  "zh_CN", "zh_CN.UTF-8", { "指标体系", "数据", "结果", "图表", "报告" }, "设区市", "考核",
  KH_LANG_ZH_CN, "苏州市", "高质量发展成效",
};
static const Expected zh_tw = {
  "zh_TW", "zh_TW.UTF-8", { "指標體系", "資料", "結果", "圖表", "報告" }, "設區市", "考核",
  KH_LANG_ZH_TW, "蘇州市", "高質量發展成效",
};
static const char *const page_names[] = { "framework", "data", "results", "charts", "reports" };

/* build/po/<lang>/LC_MESSAGES/kaohe.mo, linked into tmp/locale/<lang>/LC_MESSAGES/. */
static void
link_catalogue (const char *lang)
{
  g_autofree char *mo_name = g_strconcat (GETTEXT_PACKAGE, ".mo", NULL);
  g_autofree char *built = g_build_filename (g_getenv ("KH_BUILD_ROOT"), "po", lang, "LC_MESSAGES",
                                             mo_name, NULL);
  g_autofree char *dir = g_build_filename (tmp_dir, "locale", lang, "LC_MESSAGES", NULL);
  g_autofree char *link = g_build_filename (dir, mo_name, NULL);

  g_assert_true (g_file_test (built, G_FILE_TEST_IS_REGULAR));
  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
  g_assert_cmpint (symlink (built, link), ==, 0);
}

/* Switches the process to @e's language, as if it had started under LANG=@e->locale. */
static void
use_language (const Expected *e)
{
  g_setenv ("LANGUAGE", e->lang, TRUE);
  g_setenv ("LC_ALL", e->locale, TRUE);
  /* Without the generated locale, C.UTF-8 still honours LANGUAGE. */
  if (setlocale (LC_ALL, e->locale) == NULL)
    g_assert_nonnull (setlocale (LC_ALL, "C.UTF-8"));
  g_assert_cmpstr (g_get_language_names ()[0], ==, e->lang);
}

/* The English messages of po/@lang.po whose translation differs from them (not "PROJECT"). */
static GHashTable *
load_english (const char *lang)
{
  g_autofree char *po_name = g_strconcat (lang, ".po", NULL);
  g_autofree char *path = g_build_filename (g_getenv ("KH_SOURCE_ROOT"), "po", po_name, NULL);
  g_autofree char *contents = NULL;
  g_auto (GStrv) lines = NULL;
  GHashTable *english = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  GString *msgid = g_string_new (NULL);
  GString *msgstr = g_string_new (NULL);
  GString *current = NULL;

  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *line = lines[i];
      const char *quote = strchr (line, '"');
      g_autofree char *text = NULL;

      if (g_str_has_prefix (line, "msgid "))
        {
          if (msgid->len > 0 && msgstr->len > 0 && strcmp (msgid->str, msgstr->str) != 0)
            g_hash_table_add (english, g_strdup (msgid->str));
          g_string_truncate (msgid, 0);
          g_string_truncate (msgstr, 0);
          current = msgid;
        }
      else if (g_str_has_prefix (line, "msgstr"))
        current = msgstr;
      else if (line[0] != '"')
        {
          current = line[0] == '#' || line[0] == '\0' ? current : NULL;
          continue;
        }
      if (current == NULL || quote == NULL || !g_str_has_suffix (line, "\""))
        continue;
      text = g_strndup (quote + 1, strlen (quote + 1) - 1);
      {
        g_autofree char *plain = g_strcompress (text);

        g_string_append (current, plain);
      }
    }
  if (msgid->len > 0 && msgstr->len > 0 && strcmp (msgid->str, msgstr->str) != 0)
    g_hash_table_add (english, g_strdup (msgid->str));
  g_string_free (msgid, TRUE);
  g_string_free (msgstr, TRUE);
  return english;
}

/* Every GtkLabel below @widget: none shows an English message of the catalogue. */
static void
collect_labels (GtkWidget  *widget,
                GHashTable *english,
                GPtrArray  *untranslated,
                guint      *n_chinese)
{
  if (GTK_IS_LABEL (widget) && gtk_widget_get_visible (widget))
    {
      const char *text = gtk_label_get_label (GTK_LABEL (widget));

      if (text != NULL && *text != '\0')
        {
          if (g_hash_table_contains (english, text))
            g_ptr_array_add (untranslated, g_strdup (text));
          for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
            if (g_unichar_get_script (g_utf8_get_char (p)) == G_UNICODE_SCRIPT_HAN)
              {
                (*n_chinese)++;
                break;
              }
        }
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_labels (child, english, untranslated, n_chinese);
}

static void
assert_all_translated (GtkWidget  *widget,
                       GHashTable *english,
                       const char *where)
{
  g_autoptr (GPtrArray) untranslated = g_ptr_array_new_with_free_func (g_free);
  guint n_chinese = 0;

  collect_labels (widget, english, untranslated, &n_chinese);
  for (guint i = 0; i < untranslated->len; i++)
    g_test_message ("%s: untranslated label “%s”", where, (char *) untranslated->pdata[i]);
  g_assert_cmpuint (untranslated->len, ==, 0);
  /* Page titles, headers and the units' names at least. */
  g_assert_cmpuint (n_chinese, >=, 5);
}

/* Whether a GtkLabel below @widget shows exactly @text. */
static gboolean
has_label (GtkWidget  *widget,
           const char *text)
{
  if (GTK_IS_LABEL (widget) && g_strcmp0 (gtk_label_get_label (GTK_LABEL (widget)), text) == 0)
    return TRUE;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (has_label (child, text))
      return TRUE;
  return FALSE;
}

/* Makes the window's own area exactly @width × @height. */
static void
ensure_size (GtkWidget *window,
             int        width,
             int        height)
{
  kh_test_wait_for_widget (window);
  for (int attempt = 0; attempt < 3; attempt++)
    {
      int w = gtk_widget_get_width (window);
      int h = gtk_widget_get_height (window);
      int dw, dh;

      if (w == width && h == height)
        return;
      gtk_window_get_default_size (GTK_WINDOW (window), &dw, &dh);
      gtk_window_set_default_size (GTK_WINDOW (window), dw + width - w, dh + height - h);
      kh_test_wait_for_widget (window);
    }
}

static void
render_language (gconstpointer data)
{
  const Expected *e = data;
  g_autofree char *path = NULL;
  KhWindow *window;
  KhResultsView *results;
  GListModel *rows;
  g_autoptr (GHashTable) english = NULL;

  if (sample_path == NULL)
    {
      g_test_skip ("the sample project is not built");
      return;
    }
  use_language (e);
  english = load_english (e->lang);
  /* "Results" and "Open a project" translated; "PROJECT" stays as it is. */
  g_assert_true (g_hash_table_contains (english, "Results"));
  g_assert_true (g_hash_table_contains (english, "Print the annual results, the unit profiles or "
                                                 "the comparison with last year of the category open, "
                                                 "as saved in the project; or export the year’s results "
                                                 "or data sheet as a CSV file or an Excel workbook. "
                                                 "Exports run in the background and can be cancelled."));
  g_assert_false (g_hash_table_contains (english, "PROJECT"));
  /* The catalogue is the one built: hand-written translations of po/<lang>.po. */
  g_assert_cmpstr (_("Results"), ==, e->pages[2]);
  g_assert_cmpstr (g_dngettext (GETTEXT_PACKAGE, "%u Problem", "%u Problems", 3), ==,
                   e == &zh_cn ? "%u 个问题" : "%u 個問題");

  path = g_strdup_printf ("%s/sample-%s.kaohe", tmp_dir, e->lang);
  kh_test_copy_file (sample_path, path);
  window = kh_test_ui_open (app, path, 1280, 800, 10000);
  ensure_size (GTK_WIDGET (window), 1280, 800);

  /* The units' names come from the data: the sample's cities, ranked. */
  results = KH_RESULTS_VIEW (kh_window_get_page (window, "results"));
  rows = kh_results_view_get_rows (results);
  g_assert_cmpuint (g_list_model_get_n_items (rows), ==, 13);
  g_assert_true (kh_results_view_select_unit (results, "changzhou"));
  /* In the reader's script: units.csv's suzhou is 苏州市, name_zh_tw 蘇州市. */
  g_assert_cmpint (kh_ui_get_lang (), ==, e->data_lang);
  {
    gboolean found = FALSE;

    for (guint i = 0; i < g_list_model_get_n_items (rows); i++)
      {
        g_autoptr (KhResultRow) row = g_list_model_get_item (rows, i);

        if (g_strcmp0 (kh_result_row_get_unit_id (row), "suzhou") == 0)
          {
            g_assert_cmpstr (kh_result_row_get_name (row), ==, e->suzhou);
            found = TRUE;
          }
      }
    g_assert_true (found);
  }

  for (guint p = 0; p < G_N_ELEMENTS (page_names); p++)
    {
      GtkWidget *page = kh_window_get_page (window, page_names[p]);
      GtkWidget *child = page; /* the stack's child: the page, or the bin holding it */
      GtkWidget *stack;
      AdwViewStackPage *stack_page;
      g_autofree char *name = g_strdup_printf ("i18n-%s-%s.png", e->lang, page_names[p]);
      g_autofree char *png = NULL;
      g_autoptr (GdkPixbuf) pixbuf = NULL;

      while (gtk_widget_get_parent (child) != NULL
             && !ADW_IS_VIEW_STACK (gtk_widget_get_parent (child)))
        child = gtk_widget_get_parent (child);
      stack = gtk_widget_get_parent (child);
      g_assert_true (ADW_IS_VIEW_STACK (stack));
      stack_page = adw_view_stack_get_page (ADW_VIEW_STACK (stack), child);
      g_assert_cmpstr (adw_view_stack_page_get_title (stack_page), ==, e->pages[p]);

      kh_window_show_page (window, page_names[p]);
      kh_test_wait_for_widget (GTK_WIDGET (window));
      assert_all_translated (GTK_WIDGET (window), english, name);
      /* The table names the unit, the breakdown of changzhou its papers, in the reader's
       * script; none in the other script. */
      if (g_str_equal (page_names[p], "results"))
        {
          const Expected *other = e == &zh_cn ? &zh_tw : &zh_cn;

          g_assert_true (has_label (page, e->suzhou));
          g_assert_true (has_label (page, e->paper));
          g_assert_false (has_label (page, other->suzhou));
          g_assert_false (has_label (page, other->paper));
        }
      /* The chart's caption names the peer group of the frameworks in the reader's script
       * (group "cities": 设区市, zh-TW 設區市), over the years shown. */
      if (g_str_equal (page_names[p], "charts"))
        {
          g_autofree char *caption = g_strdup_printf (_("%s · %d–%d"), e->cities, 2018, 2020);

          g_assert_true (has_label (page, caption));
        }
      png = kh_test_save_png (GTK_WIDGET (window), name);
      pixbuf = gdk_pixbuf_new_from_file (png, NULL);
      g_assert_nonnull (pixbuf);
      g_assert_cmpint (gdk_pixbuf_get_width (pixbuf), ==, 1280);
    }

  gtk_window_destroy (GTK_WINDOW (window));
  while (g_main_context_pending (NULL))
    g_main_context_iteration (NULL, FALSE);
}

/* The data names' script from the languages list (pure: no locale switched). */
static void
test_data_language (void)
{
  const char *const tw[] = { "zh_TW.UTF-8", "zh_TW", "zh.UTF-8", "zh", "C", NULL };
  const char *const hk[] = { "zh_HK", "zh", NULL };
  const char *const hant[] = { "zh_Hant_TW", NULL };
  const char *const hant_tag[] = { "zh-Hant", NULL };
  const char *const cn[] = { "zh_CN.UTF-8", "zh_CN", "zh.UTF-8", "zh", "C", NULL };
  const char *const sg[] = { "zh_SG", NULL };
  const char *const zh[] = { "zh", NULL };
  const char *const en[] = { "en_GB.UTF-8", "en_GB", "en", "C", NULL };
  const char *const c[] = { "C.UTF-8", "C", NULL };
  /* No German catalogue: gettext falls through to zh_TW, so do the data names. */
  const char *const de_tw[] = { "de_DE", "de", "zh_TW", "C", NULL };
  const char *const en_cn[] = { "en", "zh_CN", NULL };
  /* "zhx" is not Chinese. */
  const char *const zhx[] = { "zhx", "zh_TW", NULL };
  const char *const none[] = { NULL };

  g_assert_cmpint (kh_lang_for_languages (tw), ==, KH_LANG_ZH_TW);
  g_assert_cmpint (kh_lang_for_languages (hk), ==, KH_LANG_ZH_TW);
  g_assert_cmpint (kh_lang_for_languages (hant), ==, KH_LANG_ZH_TW);
  g_assert_cmpint (kh_lang_for_languages (hant_tag), ==, KH_LANG_ZH_TW);
  g_assert_cmpint (kh_lang_for_languages (cn), ==, KH_LANG_ZH_CN);
  g_assert_cmpint (kh_lang_for_languages (sg), ==, KH_LANG_ZH_CN);
  g_assert_cmpint (kh_lang_for_languages (zh), ==, KH_LANG_ZH_CN);
  g_assert_cmpint (kh_lang_for_languages (en), ==, KH_LANG_EN);
  g_assert_cmpint (kh_lang_for_languages (c), ==, KH_LANG_EN);
  g_assert_cmpint (kh_lang_for_languages (de_tw), ==, KH_LANG_ZH_TW);
  g_assert_cmpint (kh_lang_for_languages (en_cn), ==, KH_LANG_EN);
  g_assert_cmpint (kh_lang_for_languages (zhx), ==, KH_LANG_ZH_TW);
  g_assert_cmpint (kh_lang_for_languages (none), ==, KH_LANG_EN);

  /* And from the process's languages, read again after a switch. */
  use_language (&zh_tw);
  g_assert_cmpint (kh_ui_get_lang (), ==, KH_LANG_ZH_TW);
  use_language (&zh_cn);
  g_assert_cmpint (kh_ui_get_lang (), ==, KH_LANG_ZH_CN);
}

/* The CLI's messages come from the same catalogues: `kaohe-cli` with no command prints its
 * usage through _(). Its LOCALEDIR is the install prefix, so this checks the catalogue's
 * strings directly, as gettext resolves them for each language. */
static void
test_catalogue_strings (void)
{
  use_language (&zh_cn);
  g_assert_cmpstr (_("Usage:"), ==, "用法：");
  g_assert_cmpstr (_("Tier"), ==, "等次");
  g_assert_cmpstr (_("_Open"), ==, "打开(_O)");
  g_assert_cmpstr (_("Cities"), ==, zh_cn.cities);
  g_assert_cmpstr (_("Kaohe"), ==, zh_cn.title);
  use_language (&zh_tw);
  g_assert_cmpstr (_("Usage:"), ==, "用法：");
  g_assert_cmpstr (_("_Open"), ==, "開啟(_O)");
  g_assert_cmpstr (_("Save the framework to the project"), ==, "將指標體系儲存到專案");
  g_assert_cmpstr (_("Cities"), ==, zh_tw.cities);
  /* Rows are 列 and columns 欄 in Taiwan. */
  g_assert_cmpstr (_("row %u, column %u"), ==, "第 %u 列，第 %u 欄");
}

int
main (int    argc,
      char **argv)
{
  int status;

  tmp_dir = g_dir_make_tmp ("kh-test-i18n-XXXXXX", NULL);
  {
    g_autofree char *data_home = g_build_filename (tmp_dir, "data-home", NULL);

    g_setenv ("XDG_DATA_HOME", data_home, TRUE);
  }
  g_setenv ("KAOHE_SAMPLE", "/nonexistent/sample.kaohe", TRUE);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  link_catalogue ("zh_CN");
  link_catalogue ("zh_TW");
  {
    g_autofree char *localedir = g_build_filename (tmp_dir, "locale", NULL);

    g_assert_nonnull (bindtextdomain (GETTEXT_PACKAGE, localedir));
    bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
    textdomain (GETTEXT_PACKAGE);
  }
  sample_path = g_build_filename (g_getenv ("KH_BUILD_ROOT"), "data", "samples",
                                  "jiangsu-sample.kaohe", NULL);
  if (!g_file_test (sample_path, G_FILE_TEST_IS_REGULAR))
    g_clear_pointer (&sample_path, g_free);

  app = kh_application_new ();
  g_application_set_flags (G_APPLICATION (app),
                           G_APPLICATION_HANDLES_OPEN | G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, NULL));

  g_test_add_func ("/ui/i18n/catalogues", test_catalogue_strings);
  g_test_add_func ("/ui/i18n/data-language", test_data_language);
  g_test_add_data_func ("/ui/i18n/zh_CN", &zh_cn, render_language);
  g_test_add_data_func ("/ui/i18n/zh_TW", &zh_tw, render_language);

  status = g_test_run ();
  g_clear_object (&app);
  g_free (sample_path);
  return status;
}
