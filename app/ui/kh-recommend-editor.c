/* kh-recommend-editor.c — a city's entered list of recommendations, edited in a window
 * with its checks worked out live
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "io/kh-project-compute.h"
#include "kh-recommend-editor.h"
#include "kh-ui-window.h"
#include "kh-ui.h"

typedef struct
{
  KhDocument *document;
  GPtrArray *plans;     /* the year's plans */
  char *category;       /* of the units recommended */
  char *parent;
  char *parent_name;
  GPtrArray *list;      /* of char*: the list being edited */
  GPtrArray *children;  /* of char*: the city's units that year, best rank first */
  GPtrArray *others;    /* of char*: the category's other units that year, best rank first */
  GHashTable *names;    /* id → name (with its rank) as shown */
  GHashTable *owners;   /* id of one of @others → "belongs to 宿迁市" */
  GPtrArray *offered;   /* of char*: the units not in the list, as the dropdown has them:
                         * the city's own first, then the others */

  GtkWindow *window;
  GtkLabel *summary;
  GtkListBox *rows;
  GtkDropDown *candidates;
  GtkWidget *add;
  GtkLabel *message;
} Editor;

static void
editor_free (Editor *e)
{
  g_object_unref (e->document);
  g_ptr_array_unref (e->plans);
  g_free (e->category);
  g_free (e->parent);
  g_free (e->parent_name);
  g_ptr_array_unref (e->list);
  g_ptr_array_unref (e->children);
  g_ptr_array_unref (e->others);
  g_hash_table_unref (e->names);
  g_hash_table_unref (e->owners);
  g_ptr_array_unref (e->offered);
  g_free (e);
}

static KhPlan *
plan_of (GPtrArray  *plans,
         const char *category)
{
  for (guint p = 0; p < plans->len; p++)
    if (g_strcmp0 (kh_plan_get_framework (plans->pdata[p])->category, category) == 0)
      return plans->pdata[p];
  return NULL;
}

static const char *
name_of (Editor     *e,
         const char *id)
{
  const char *name = g_hash_table_lookup (e->names, id);

  return name != NULL ? name : id;
}

/* The city's recommendations with the list as it stands (NULL when it cannot be worked
 * out: the message says why). */
static GPtrArray *
trial (Editor               *e,
       const KhRecommender **parent_out)
{
  KhProject *project = kh_document_get_project (e->document);
  KhRecommendTrial t = { e->category, e->parent, e->list };
  g_autoptr (GError) error = NULL;
  GPtrArray *recommendations = kh_project_recommend_plans_trial (&project, 1,
                                                                 kh_document_get_year (e->document),
                                                                 e->plans, &t, kh_ui_get_lang (),
                                                                 &error);

  *parent_out = NULL;
  if (recommendations == NULL)
    {
      gtk_label_set_text (e->message, error->message);
      return NULL;
    }
  for (guint i = 0; i < recommendations->len && *parent_out == NULL; i++)
    {
      const KhRecommendation *r = recommendations->pdata[i];

      if (g_strcmp0 (r->target_category, e->category) != 0)
        continue;
      for (guint p = 0; p < r->parents->len; p++)
        if (g_strcmp0 (((KhRecommender *) r->parents->pdata[p])->unit_id, e->parent) == 0)
          *parent_out = r->parents->pdata[p];
    }
  return recommendations;
}

static void rebuild (Editor *e);

static void
move_clicked (GtkButton *button,
              Editor    *e)
{
  guint from = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button), "index"));
  int by = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (button), "by"));

  if (by == 0)
    g_ptr_array_remove_index (e->list, from);
  else
    {
      guint to = (guint) ((int) from + by);
      gpointer item = e->list->pdata[from];

      if (to >= e->list->len)
        return;
      e->list->pdata[from] = e->list->pdata[to];
      e->list->pdata[to] = item;
    }
  rebuild (e);
}

static GtkWidget *
row_button (Editor     *e,
            const char *icon,
            const char *tooltip,
            const char *name,
            guint       index,
            int         by,
            gboolean    sensitive)
{
  GtkWidget *button = gtk_button_new_from_icon_name (icon);

  gtk_widget_set_tooltip_text (button, tooltip);
  gtk_widget_set_name (button, name);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_sensitive (button, sensitive);
  g_object_set_data (G_OBJECT (button), "index", GUINT_TO_POINTER (index));
  g_object_set_data (G_OBJECT (button), "by", GINT_TO_POINTER (by));
  g_signal_connect (button, "clicked", G_CALLBACK (move_clicked), e);
  return button;
}

/* The list's rows with their checks, the summary and the units that can be added. */
static void
rebuild (Editor *e)
{
  g_autoptr (GPtrArray) recommendations = NULL;
  g_autoptr (GtkStringList) offer = gtk_string_list_new (NULL);
  const KhRecommender *parent = NULL;
  GtkWidget *child;

  gtk_label_set_text (e->message, "");
  recommendations = trial (e, &parent);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (e->rows))) != NULL)
    gtk_list_box_remove (e->rows, child);
  if (parent != NULL)
    {
      g_autofree char *summary = NULL;
      guint accepted = 0;

      for (guint u = 0; u < parent->units->len; u++)
        accepted += ((KhRecommended *) parent->units->pdata[u])->status == KH_RECOMMEND_ACCEPTED;
      /* TRANSLATORS: a city's tier, quota and how many of its list are taken, e.g.
       * "第一等次, quota 3: 2 of 4 taken" */
      summary = g_strdup_printf (_("%s, quota %d: %u of %u taken"),
                                 parent->tier_name[0] != '\0' ? parent->tier_name : "—",
                                 parent->quota, accepted, e->list->len);
      gtk_label_set_text (e->summary, summary);
    }
  for (guint i = 0; i < e->list->len; i++)
    {
      const char *id = e->list->pdata[i];
      const KhRecommended *item = parent != NULL && i < parent->units->len ? parent->units->pdata[i]
                                                                             : NULL;
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
      g_autofree char *number = g_strdup_printf ("%u.", i + 1);
      GtkWidget *label = gtk_label_new (number);
      GtkWidget *check;
      g_autofree char *why = NULL;

      gtk_widget_set_margin_start (box, 6);
      gtk_widget_set_margin_end (box, 6);
      gtk_box_append (GTK_BOX (box), label);
      label = gtk_label_new (name_of (e, id));
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_widget_set_size_request (label, 140, -1);
      gtk_box_append (GTK_BOX (box), label);
      if (item != NULL && item->status != KH_RECOMMEND_ACCEPTED)
        why = kh_recommend_describe (parent, item);
      check = gtk_label_new (item == NULL ? "" : why != NULL ? why : _("taken"));
      gtk_widget_set_name (check, "check");
      gtk_label_set_xalign (GTK_LABEL (check), 0);
      gtk_label_set_wrap (GTK_LABEL (check), TRUE);
      gtk_widget_set_hexpand (check, TRUE);
      gtk_widget_add_css_class (check, why != NULL ? "warning" : "success");
      gtk_box_append (GTK_BOX (box), check);
      gtk_box_append (GTK_BOX (box), row_button (e, "go-up-symbolic", _("Move Up"), "up", i, -1, i > 0));
      gtk_box_append (GTK_BOX (box), row_button (e, "go-down-symbolic", _("Move Down"), "down", i, 1,
                                                 i + 1 < e->list->len));
      gtk_box_append (GTK_BOX (box), row_button (e, "list-remove-symbolic", _("Remove"), "remove", i, 0,
                                                 TRUE));
      gtk_list_box_append (e->rows, box);
    }
  if (e->list->len == 0)
    {
      GtkWidget *none = gtk_label_new (_("No unit: the city recommends none."));

      gtk_widget_add_css_class (none, "dim-label");
      gtk_list_box_append (e->rows, none);
    }

  /* The city's own units first; then the others, each marked with the city it belongs
   * to: entered as a city submitted them, they are not taken (their check says why). */
  g_ptr_array_set_size (e->offered, 0);
  for (guint c = 0; c < e->children->len + e->others->len; c++)
    {
      gboolean own = c < e->children->len;
      const char *id = own ? e->children->pdata[c] : e->others->pdata[c - e->children->len];
      g_autofree char *shown = NULL;
      guint at;

      if (g_ptr_array_find_with_equal_func (e->list, id, g_str_equal, &at))
        continue;
      g_ptr_array_add (e->offered, g_strdup (id));
      shown = own ? g_strdup (name_of (e, id))
                  : g_strdup_printf ("%s — %s", name_of (e, id),
                                     (const char *) g_hash_table_lookup (e->owners, id));
      gtk_string_list_append (offer, shown);
    }
  gtk_drop_down_set_model (e->candidates, G_LIST_MODEL (offer));
  gtk_widget_set_sensitive (e->add, e->offered->len > 0);
  gtk_widget_set_sensitive (GTK_WIDGET (e->candidates), e->offered->len > 0);
}

static void
add_clicked (GtkButton *button,
             Editor    *e)
{
  guint chosen = gtk_drop_down_get_selected (e->candidates);

  if (chosen >= e->offered->len)
    return;
  g_ptr_array_add (e->list, g_strdup (e->offered->pdata[chosen]));
  rebuild (e);
}

static void
store (Editor    *e,
       GPtrArray *units)
{
  g_autoptr (GError) error = NULL;

  if (!kh_document_set_recommendations (e->document, e->category, e->parent, units, &error))
    {
      gtk_label_set_text (e->message, error->message);
      return;
    }
  gtk_window_destroy (e->window);
}

static void
apply_clicked (GtkButton *button,
               Editor    *e)
{
  store (e, e->list);
}

static void
rule_clicked (GtkButton *button,
              Editor    *e)
{
  store (e, NULL);
}

static void
cancel_clicked (GtkButton *button,
                Editor    *e)
{
  gtk_window_destroy (e->window);
}

typedef struct
{
  const char *id;
  int rank;
} Child;

static int
compare_children (gconstpointer a,
                  gconstpointer b)
{
  const Child *x = a, *y = b;

  if ((x->rank == 0) != (y->rank == 0))
    return x->rank == 0 ? 1 : -1;
  if (x->rank != y->rank)
    return x->rank < y->rank ? -1 : 1;
  return g_strcmp0 (x->id, y->id);
}

/* The name of @id in the year's plans (a city's, in the language of the results), else
 * @id. */
static char *
unit_name (Editor     *e,
           const char *id)
{
  for (guint p = 0; p < e->plans->len; p++)
    {
      KhDataset *dataset = kh_plan_get_dataset (e->plans->pdata[p]);
      guint u = kh_dataset_find_unit (dataset, id);

      if (u != KH_DATASET_NONE)
        return g_strdup (kh_dataset_get_unit_name (dataset, u));
    }
  return g_strdup (id);
}

/* The city's units of the year and the category's others, each best rank first
 * (unranked last, then by id), the names shown ("name (rank)") and the city each of the
 * others belongs to. */
static gboolean
read_children (Editor  *e,
               GError **error)
{
  KhProject *project = kh_document_get_project (e->document);
  KhPlan *plan = plan_of (e->plans, e->category);
  KhDataset *dataset = plan != NULL ? kh_plan_get_dataset (plan) : NULL;
  g_autoptr (GPtrArray) units = kh_project_get_units (project, kh_document_get_year (e->document),
                                                      e->category, error);
  g_autoptr (GArray) children = g_array_new (FALSE, FALSE, sizeof (Child));
  g_autoptr (GArray) others = g_array_new (FALSE, FALSE, sizeof (Child));

  if (units == NULL)
    return FALSE;
  for (guint i = 0; i < units->len; i++)
    {
      const KhUnitYear *unit = units->pdata[i];
      guint u = dataset != NULL ? kh_dataset_find_unit (dataset, unit->id) : KH_DATASET_NONE;
      const char *name = u != KH_DATASET_NONE ? kh_dataset_get_unit_name (dataset, u) : unit->name_zh;
      Child child = { unit->id, u != KH_DATASET_NONE ? kh_plan_get_rank (plan, u) : 0 };

      g_hash_table_insert (e->names, g_strdup (unit->id),
                           child.rank > 0 ? g_strdup_printf (_("%s (%d)"), name, child.rank)
                                          : g_strdup (name));
      if (g_strcmp0 (unit->parent_id, e->parent) == 0)
        g_array_append_val (children, child);
      else
        {
          g_autofree char *owner = NULL;

          g_array_append_val (others, child);
          if (unit->parent_id != NULL)
            {
              g_autofree char *owner_name = unit_name (e, unit->parent_id);

              /* TRANSLATORS: the recommended county belongs to another city, named here */
              owner = g_strdup_printf (_("belongs to %s"), owner_name);
            }
          g_hash_table_insert (e->owners, g_strdup (unit->id),
                               owner != NULL ? g_steal_pointer (&owner)
                                             : g_strdup (_("belongs to no recommending unit")));
        }
    }
  g_array_sort (children, compare_children);
  g_array_sort (others, compare_children);
  for (guint c = 0; c < children->len; c++)
    g_ptr_array_add (e->children, g_strdup (g_array_index (children, Child, c).id));
  for (guint c = 0; c < others->len; c++)
    g_ptr_array_add (e->others, g_strdup (g_array_index (others, Child, c).id));
  return TRUE;
}

GtkWindow *
kh_recommend_editor_open (GtkWindow  *parent_window,
                          KhDocument *document,
                          GPtrArray  *plans,
                          const char *category,
                          const char *parent)
{
  Editor *e = g_new0 (Editor, 1);
  g_autoptr (GPtrArray) recommendations = NULL;
  g_autoptr (GError) error = NULL;
  const KhRecommender *city = NULL;
  GtkWidget *box, *scroller, *line, *buttons, *button, *label;
  g_autofree char *title = NULL;

  g_return_val_if_fail (KH_IS_DOCUMENT (document), NULL);
  g_return_val_if_fail (plans != NULL && category != NULL && parent != NULL, NULL);

  e->document = g_object_ref (document);
  e->plans = g_ptr_array_ref (plans);
  e->category = g_strdup (category);
  e->parent = g_strdup (parent);
  e->children = g_ptr_array_new_with_free_func (g_free);
  e->others = g_ptr_array_new_with_free_func (g_free);
  e->names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  e->owners = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  e->offered = g_ptr_array_new_with_free_func (g_free);
  e->window = GTK_WINDOW (gtk_window_new ());
  g_object_set_data_full (G_OBJECT (e->window), "kh-recommend-editor", e, (GDestroyNotify) editor_free);

  /* The list to start from: the stored one as the rule or the entry gives it. */
  e->list = g_ptr_array_new_with_free_func (g_free);
  {
    KhRecommendTrial none = { NULL, NULL, NULL };
    KhProject *project = kh_document_get_project (document);

    recommendations = kh_project_recommend_plans_trial (&project, 1, kh_document_get_year (document),
                                                        plans, &none, kh_ui_get_lang (), &error);
  }
  for (guint i = 0; recommendations != NULL && i < recommendations->len; i++)
    {
      const KhRecommendation *r = recommendations->pdata[i];

      for (guint p = 0; p < r->parents->len && g_strcmp0 (r->target_category, category) == 0; p++)
        if (g_strcmp0 (((KhRecommender *) r->parents->pdata[p])->unit_id, parent) == 0)
          city = r->parents->pdata[p];
    }
  for (guint u = 0; city != NULL && u < city->units->len; u++)
    g_ptr_array_add (e->list, g_strdup (((KhRecommended *) city->units->pdata[u])->unit_id));
  e->parent_name = g_strdup (city != NULL ? city->name : parent);
  if (error == NULL)
    read_children (e, &error);

  /* TRANSLATORS: the title of the window that edits a city's list, e.g. "南京市 Recommends" */
  title = g_strdup_printf (_("%s Recommends"), e->parent_name);
  /* Escape closes without storing. */
  box = kh_ui_window_set_up (e->window, parent_window, title, 560, 520);

  label = gtk_label_new (_("The counties it recommends, in its order: each is checked as the "
                           "annual report will check it."));
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_box_append (GTK_BOX (box), label);
  e->summary = GTK_LABEL (gtk_label_new (""));
  gtk_label_set_xalign (e->summary, 0);
  gtk_widget_add_css_class (GTK_WIDGET (e->summary), "heading");
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (e->summary));

  e->rows = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_list_box_set_selection_mode (e->rows, GTK_SELECTION_NONE);
  gtk_widget_add_css_class (GTK_WIDGET (e->rows), "boxed-list");
  scroller = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), GTK_WIDGET (e->rows));
  gtk_widget_set_vexpand (scroller, TRUE);
  gtk_box_append (GTK_BOX (box), scroller);

  line = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  /* Searchable: the category's other units make it long (95 counties). */
  e->candidates = GTK_DROP_DOWN (gtk_drop_down_new (NULL, gtk_property_expression_new (GTK_TYPE_STRING_OBJECT,
                                                                                     NULL, "string")));
  gtk_drop_down_set_enable_search (e->candidates, TRUE);
  gtk_widget_set_tooltip_text (GTK_WIDGET (e->candidates),
                               _("A county to add: the city's own first, then those of other cities"));
  gtk_widget_set_hexpand (GTK_WIDGET (e->candidates), TRUE);
  gtk_box_append (GTK_BOX (line), GTK_WIDGET (e->candidates));
  e->add = gtk_button_new_with_mnemonic (_("A_dd"));
  gtk_widget_set_name (e->add, "add");
  g_signal_connect (e->add, "clicked", G_CALLBACK (add_clicked), e);
  gtk_box_append (GTK_BOX (line), e->add);
  gtk_box_append (GTK_BOX (box), line);
  label = gtk_label_new (_("A county of another city may be entered as the city submitted it, "
                           "but it is not taken: the rule counts only the city's own."));
  gtk_widget_set_name (label, "others-note");
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "dim-label");
  gtk_box_append (GTK_BOX (box), label);

  e->message = GTK_LABEL (gtk_label_new (error != NULL ? error->message : ""));
  gtk_label_set_wrap (e->message, TRUE);
  gtk_label_set_xalign (e->message, 0);
  gtk_widget_add_css_class (GTK_WIDGET (e->message), "error");
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (e->message));

  buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  button = gtk_button_new_with_mnemonic (_("Use the _Rule"));
  gtk_widget_set_name (button, "use-rule");
  gtk_widget_set_tooltip_text (button, _("Remove the entered list: the quota rule chooses from the ranking"));
  g_signal_connect (button, "clicked", G_CALLBACK (rule_clicked), e);
  gtk_box_append (GTK_BOX (buttons), button);
  label = gtk_label_new (NULL);
  gtk_widget_set_hexpand (label, TRUE);
  gtk_box_append (GTK_BOX (buttons), label);
  kh_ui_window_add_cancel_apply (GTK_BOX (buttons), G_CALLBACK (cancel_clicked),
                                 G_CALLBACK (apply_clicked), e);
  gtk_box_append (GTK_BOX (box), buttons);

  if (error == NULL)
    rebuild (e);
  gtk_window_present (e->window);
  return e->window;
}

GPtrArray *
kh_recommend_editor_get_list (GtkWindow *editor)
{
  Editor *e = g_object_get_data (G_OBJECT (editor), "kh-recommend-editor");

  g_return_val_if_fail (e != NULL, NULL);
  return e->list;
}
