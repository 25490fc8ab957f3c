/* test-recommend-view.c — the Recommendations tab of Results: the sample's "321" list
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The tab on a copy of the sample shows, for 2020, the list `kaohe-cli compute
 * --recommended` prints for the same file (that list is derived independently from the
 * cities' and counties' results by tests/check-recommended-sample.py): every city with
 * its quota, every county taken, and the count; 2019 has no quota rule, so the tab says
 * so; and an edit of the open framework shows at once (the cities' quota raised to 4 3 2
 * gives every city one more place).
 */
#include "config.h"

#include <string.h>

#include "kh-test-cli.h"
#include "kh-test-sample.h"
#include "kh-test-utils.h"
#include "ui/kh-recommend-view.h"
#include "ui/kh-results-view.h"

/* Every label's text under @widget, one per line, in tree order. */
static void
collect_labels (GtkWidget *widget,
                GString   *out)
{
  if (GTK_IS_LABEL (widget) && gtk_widget_get_visible (widget))
    g_string_append_printf (out, "%s\n", gtk_label_get_text (GTK_LABEL (widget)));
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_labels (child, out);
}

typedef struct
{
  GHashTable *quota;    /* city id → its count as text */
  GPtrArray *accepted;  /* of char*: "city/county" of the accepted rows, in CSV order */
  GPtrArray *ids;       /* of char*: the accepted counties' ids */
} CliList;

static void
cli_list_clear (CliList *list)
{
  g_hash_table_unref (list->quota);
  g_ptr_array_unref (list->accepted);
  g_ptr_array_unref (list->ids);
}

/* `kaohe-cli compute PATH --year 2020 --recommended` read back (no field of the sample
 * holds a comma or a quote: checked). */
static void
cli_list (const char *path,
          CliList    *list)
{
  g_autoptr (KhCliRun) run = kh_test_cli_run ("compute", path, "--year", "2020", "--recommended", NULL);
  g_auto (GStrv) lines = NULL;

  g_assert_cmpint (run->status, ==, 0);
  g_assert_null (strchr (run->out, '"'));
  list->quota = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  list->accepted = g_ptr_array_new_with_free_func (g_free);
  list->ids = g_ptr_array_new_with_free_func (g_free);
  lines = g_strsplit (run->out, "\n", -1);
  g_assert_true (g_str_has_prefix (lines[0], "quota,parent,parent_name,parent_rank,parent_tier,count,"
                                             "selection,unit,name,rank,tier,status,reason"));
  for (guint i = 1; lines[i] != NULL && lines[i][0] != '\0'; i++)
    {
      g_auto (GStrv) f = g_strsplit (lines[i], ",", -1);

      g_assert_cmpuint (g_strv_length (f), ==, 13);
      g_hash_table_insert (list->quota, g_strdup (f[1]), g_strdup (f[5]));
      if (strcmp (f[11], "accepted") == 0)
        {
          g_ptr_array_add (list->accepted, g_strdup_printf ("%s/%s", f[1], f[7]));
          g_ptr_array_add (list->ids, g_strdup (f[7]));
        }
    }
}

/* A CSV line's fields (quoted fields may hold commas; the sample's have no quote inside). */
static GPtrArray *
csv_fields (const char *line)
{
  GPtrArray *fields = g_ptr_array_new_with_free_func (g_free);
  GString *field = g_string_new (NULL);
  gboolean quoted = FALSE;

  for (const char *c = line; *c != '\0' && *c != '\r'; c++)
    {
      if (*c == '"')
        quoted = !quoted;
      else if (*c == ',' && !quoted)
        {
          g_ptr_array_add (fields, g_string_free (field, FALSE));
          field = g_string_new (NULL);
        }
      else
        g_string_append_c (field, *c);
    }
  g_ptr_array_add (fields, g_string_free (field, FALSE));
  return fields;
}

/* The English name of every unit of data/samples/units.csv (the tests' C locale shows
 * the English names): id → name_en. */
static GHashTable *
english_names (void)
{
  g_autofree char *path = g_build_filename (g_getenv ("KH_SOURCE_ROOT"), "data", "samples",
                                            "units.csv", NULL);
  g_autofree char *text = NULL;
  g_auto (GStrv) lines = NULL;
  GHashTable *names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  lines = g_strsplit (text, "\n", -1);
  g_assert_true (g_str_has_prefix (lines[0], "id,name_zh,name_zh_tw,name_en,"));
  for (guint i = 1; lines[i] != NULL && lines[i][0] != '\0'; i++)
    {
      g_autoptr (GPtrArray) f = csv_fields (lines[i]);

      g_hash_table_insert (names, g_strdup (f->pdata[0]), g_strdup (f->pdata[3]));
    }
  return names;
}

static gboolean
view_shows (gpointer data)
{
  return kh_recommend_view_get_recommendations (data) != NULL;
}

static void
test_tab (void)
{
  g_autofree char *path = kh_test_sample_copy ("recommend.kaohe");
  KhWindow *window = kh_test_sample_open_path (path);
  KhResultsView *results = KH_RESULTS_VIEW (kh_window_get_page (window, "results"));
  KhRecommendView *view = kh_results_view_get_recommend (results);
  KhDocument *document = kh_window_get_document (window);
  g_autoptr (GError) error = NULL;
  g_autoptr (GString) labels = g_string_new (NULL);
  g_autofree char *count = NULL;
  const KhRecommendation *r;
  CliList cli;
  g_autoptr (GHashTable) english = english_names ();
  GHashTableIter iter;
  gpointer key;

  cli_list (path, &cli);
  g_assert_cmpuint (g_hash_table_size (cli.quota), ==, 13);

  g_assert_true (kh_document_set_year (document, 2020, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (kh_document_get_category (document), ==, "city");
  kh_window_show_page (window, "results");
  kh_results_view_show_tab (results, "recommend");
  kh_test_wait_for_widget (GTK_WIDGET (view));
  g_assert_true (kh_test_wait_until (view_shows, view, 10000));
  g_assert_null (kh_recommend_view_get_error (view));

  /* The same list as the CLI's: each city's quota, the counties taken. */
  g_assert_cmpuint (kh_recommend_view_get_recommendations (view)->len, ==, 1);
  r = kh_recommend_view_get_recommendations (view)->pdata[0];
  g_assert_cmpstr (r->quota_id, ==, "county_quota_321");
  g_assert_cmpuint (r->parents->len, ==, 13);
  for (guint p = 0; p < r->parents->len; p++)
    {
      const KhRecommender *parent = r->parents->pdata[p];
      g_autofree char *quota = g_strdup_printf ("%d", parent->quota);

      g_assert_cmpstr (g_hash_table_lookup (cli.quota, parent->unit_id), ==, quota);
    }
  g_assert_cmpuint (r->advanced->len, ==, cli.accepted->len);
  for (guint a = 0; a < r->advanced->len; a++)
    {
      const KhRecommended *item = r->advanced->pdata[a];
      g_autofree char *pair = g_strdup_printf ("%s/%s", item->parent_id, item->unit_id);

      g_assert_true (g_ptr_array_find_with_equal_func (cli.accepted, pair, g_str_equal, NULL));
    }

  /* What a person reads (in English, the tests' locale): the rule, the count, every city
   * and every county taken by its English name in units.csv. */
  collect_labels (GTK_WIDGET (view), labels);
  count = g_strdup_printf ("\n%u units recommended, by rank\n", cli.accepted->len);
  g_assert_nonnull (strstr (labels->str, count));
  g_assert_nonnull (strstr (labels->str, "“321” county recommendation quota, 2020: each unit's quota "
                                         "by its tier"));
  for (guint i = 0; i < cli.ids->len; i++)
    {
      g_autofree char *line = g_strdup_printf ("\n%s\n", (char *) g_hash_table_lookup (english, cli.ids->pdata[i]));

      g_assert_nonnull (strstr (labels->str, line));
    }
  g_hash_table_iter_init (&iter, cli.quota);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      g_autofree char *line = g_strdup_printf ("\n%s\n", (char *) g_hash_table_lookup (english, key));

      g_assert_nonnull (strstr (labels->str, line));
    }
  g_free (kh_test_save_png (GTK_WIDGET (view), "recommend-2020.png"));

  /* An edit of the open framework shows at once: counts 4 3 2, one more place for every
   * city; a city never takes fewer counties with a larger quota (kh-recommend.h: the
   * taken are a prefix of its eligible counties by rank, ties at the cut left out). */
  {
    g_autoptr (KhFramework) edited = kh_framework_copy (kh_document_get_framework (document));
    /* (kh_document_replace_framework takes it) */
    KhQuotaRule *rule = ((KhGroup *) edited->groups->pdata[0])->quotas->pdata[0];
    const int counts[] = { 4, 3, 2 };
    guint before = cli.accepted->len;

    g_array_set_size (rule->counts, 0);
    g_array_append_vals (rule->counts, counts, 3);
    g_assert_true (kh_document_replace_framework (document, "quota", g_steal_pointer (&edited), &error));
    g_assert_no_error (error);
    kh_test_spin (100);
    r = kh_recommend_view_get_recommendations (view)->pdata[0];
    for (guint p = 0; p < r->parents->len; p++)
      {
        const KhRecommender *parent = r->parents->pdata[p];
        g_autofree char *old = g_strdup_printf ("%d", parent->quota - 1);
        guint taken_before = 0;

        g_assert_cmpstr (g_hash_table_lookup (cli.quota, parent->unit_id), ==, old);
        for (guint a = 0; a < cli.accepted->len; a++)
          if (g_str_has_prefix (cli.accepted->pdata[a], parent->unit_id)
              && ((char *) cli.accepted->pdata[a])[strlen (parent->unit_id)] == '/')
            taken_before++;
        g_assert_cmpuint (parent->units->len, >=, taken_before);
        g_assert_cmpint ((int) parent->units->len, <=, parent->quota);
      }
    g_assert_cmpuint (r->advanced->len, >=, before);
  }

  /* 2019: no quota rule — the tab says so. */
  g_assert_true (kh_document_set_year (document, 2019, &error));
  g_assert_no_error (error);
  kh_test_spin (100);
  g_assert_nonnull (kh_recommend_view_get_recommendations (view));
  g_assert_cmpuint (kh_recommend_view_get_recommendations (view)->len, ==, 0);
  g_assert_nonnull (kh_test_find_label (GTK_WIDGET (view), "No Recommendations"));
  g_free (kh_test_save_png (GTK_WIDGET (view), "recommend-2019.png"));

  cli_list_clear (&cli);
  kh_test_sample_close (window);
}

int
main (int    argc,
      char **argv)
{
  int status;

  if (!kh_test_sample_init (&argc, &argv))
    return 77;
  g_test_add_func ("/recommend-view/tab", test_tab);
  status = g_test_run ();
  kh_test_sample_shutdown ();
  return status;
}
