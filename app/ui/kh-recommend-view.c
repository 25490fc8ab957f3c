/* kh-recommend-view.c — the Recommendations tab of Results: the year's "321" list (先进县)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "io/kh-io-error.h"
#include "io/kh-project-compute.h"
#include "kh-recommend-editor.h"
#include "kh-recommend-view.h"
#include "kh-results-tab.h"
#include "kh-ui-window.h"
#include "kh-ui.h"

struct _KhRecommendView
{
  GtkWidget parent_instance;

  KhResultsTab tab;         /* the document followed (every group of the year shows) */

  GPtrArray *recommendations; /* of KhRecommendation*: what shows */
  GPtrArray *plans;           /* of KhPlan*: the year's, from which they were worked out */
  char *error;

  GtkStack *stack;
  AdwStatusPage *empty_page;
  GtkBox *box;
};

G_DEFINE_FINAL_TYPE (KhRecommendView, kh_recommend_view, GTK_TYPE_WIDGET)

/* ---- the tables --------------------------------------------------------------------- */

static GtkWidget *
cell (GtkGrid    *grid,
      const char *text,
      int         column,
      int         row,
      float       xalign)
{
  GtkWidget *label = kh_ui_grid_label (grid, text, column, row, xalign);

  gtk_widget_set_valign (label, GTK_ALIGN_START);
  gtk_label_set_selectable (GTK_LABEL (label), row > 0);
  return label;
}

static GtkGrid *
grid_new (KhRecommendView *self)
{
  GtkWidget *grid = gtk_grid_new ();

  gtk_grid_set_column_spacing (GTK_GRID (grid), 14);
  gtk_grid_set_row_spacing (GTK_GRID (grid), 6);
  gtk_box_append (self->box, grid);
  return GTK_GRID (grid);
}

static void
heading (KhRecommendView *self,
         const char      *text)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_widget_add_css_class (label, "heading");
  gtk_box_append (self->box, label);
}

static void
edit_clicked (GtkButton       *button,
              KhRecommendView *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  kh_recommend_editor_open (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, self->tab.document,
                            self->plans, g_object_get_data (G_OBJECT (button), "category"),
                            g_object_get_data (G_OBJECT (button), "parent"));
}

static void
fill_parents (KhRecommendView        *self,
              const KhRecommendation *r)
{
  /* TRANSLATORS: a column: where a unit's recommendations come from (entered, by the rule) */
  const char *headers[] = { N_("Unit"), N_("Rank"), N_("Tier"), N_("Quota"), N_("List"),
                            N_("Recommended"), N_("Not taken") };
  gboolean sealed = kh_document_is_sealed (self->tab.document);
  GtkGrid *grid = grid_new (self);

  for (guint c = 0; c < G_N_ELEMENTS (headers); c++)
    cell (grid, _(headers[c]), (int) c, 0, c == 1 || c == 3 ? 1.0f : 0.0f);
  for (guint p = 0; p < r->parents->len; p++)
    {
      const KhRecommender *parent = r->parents->pdata[p];
      g_autofree char *taken = NULL;
      g_autofree char *left = NULL;
      g_autofree char *rank = parent->rank > 0 ? g_strdup_printf ("%d", parent->rank) : g_strdup ("—");
      g_autofree char *quota = g_strdup_printf ("%d", parent->quota);
      int row = (int) p + 1;
      GtkWidget *not_taken;

      kh_recommend_summarize (parent, &taken, &left);
      cell (grid, parent->name, 0, row, 0.0f);
      cell (grid, rank, 1, row, 1.0f);
      cell (grid, parent->tier_name[0] != '\0' ? parent->tier_name : "—", 2, row, 0.0f);
      cell (grid, quota, 3, row, 1.0f);
      cell (grid, kh_recommend_source (parent), 4, row, 0.0f);
      gtk_label_set_wrap (GTK_LABEL (cell (grid, taken[0] != '\0' ? taken : "—", 5, row, 0.0f)),
                          TRUE);
      not_taken = cell (grid, left, 6, row, 0.0f);
      gtk_label_set_wrap (GTK_LABEL (not_taken), TRUE);
      gtk_label_set_max_width_chars (GTK_LABEL (not_taken), 48);
      if (left[0] != '\0')
        gtk_widget_add_css_class (not_taken, "warning");
      {
        GtkWidget *edit = gtk_button_new_with_label (_("Edit…"));
        g_autofree char *name = g_strdup_printf ("edit-%s", parent->unit_id);
        /* TRANSLATORS: the tooltip of a city's Edit… button, e.g. "Enter the counties 南京市 recommends" */
        g_autofree char *tip = g_strdup_printf (_("Enter the units %s recommends"), parent->name);

        gtk_widget_set_name (edit, name);
        gtk_widget_set_tooltip_text (edit, sealed ? _("The year is sealed") : tip);
        gtk_widget_set_sensitive (edit, !sealed);
        gtk_widget_set_valign (edit, GTK_ALIGN_START);
        g_object_set_data_full (G_OBJECT (edit), "category", g_strdup (r->target_category), g_free);
        g_object_set_data_full (G_OBJECT (edit), "parent", g_strdup (parent->unit_id), g_free);
        g_signal_connect (edit, "clicked", G_CALLBACK (edit_clicked), self);
        gtk_grid_attach (grid, edit, 7, row, 1, 1);
      }
    }
}

static void
fill_advanced (KhRecommendView        *self,
               const KhRecommendation *r)
{
  const char *headers[] = { N_("Rank"), N_("Unit"), N_("Tier"), N_("Recommended by") };
  GtkGrid *grid = grid_new (self);

  for (guint c = 0; c < G_N_ELEMENTS (headers); c++)
    cell (grid, _(headers[c]), (int) c, 0, c == 0 ? 1.0f : 0.0f);
  for (guint i = 0; i < r->advanced->len; i++)
    {
      const KhRecommended *item = r->advanced->pdata[i];
      g_autofree char *rank = g_strdup_printf ("%d", item->rank);
      int row = (int) i + 1;

      cell (grid, rank, 0, row, 1.0f);
      cell (grid, item->name, 1, row, 0.0f);
      cell (grid, item->tier_name, 2, row, 0.0f);
      cell (grid, item->parent_name != NULL ? item->parent_name : "", 3, row, 0.0f);
    }
}

static void
clear_box (KhRecommendView *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->box))) != NULL)
    gtk_box_remove (self->box, child);
}

static void
fill (KhRecommendView *self)
{
  int year = kh_document_get_year (self->tab.document);

  for (guint i = 0; i < self->recommendations->len; i++)
    {
      const KhRecommendation *r = self->recommendations->pdata[i];
      const char *name = kh_text_get (&r->name, kh_ui_get_lang ());
      g_autofree char *title = NULL, *list = NULL;

      /* TRANSLATORS: the rule's name and the year, e.g. "“321”先进县推荐名额, 2020" */
      title = g_strdup_printf (_("%s, %d: each unit's quota by its tier and the units it "
                                 "recommends (their rank in brackets)"),
                               name != NULL ? name : r->quota_id, year);
      heading (self, title);
      fill_parents (self, r);
      list = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u unit recommended, by rank",
                                           "%u units recommended, by rank", r->advanced->len),
                              r->advanced->len);
      heading (self, list);
      if (r->advanced->len > 0)
        fill_advanced (self, r);
    }
}

/* The plans of the document's year: the open category's from the document, the others
 * computed from the project. NULL with an error. */
static GPtrArray *
year_plans (KhRecommendView *self,
            GError         **error)
{
  KhProject *project = kh_document_get_project (self->tab.document);
  int year = kh_document_get_year (self->tab.document);
  const char *open = kh_document_get_category (self->tab.document);
  KhPlan *plan = kh_document_get_plan (self->tab.document);
  g_autoptr (GPtrArray) categories = kh_project_get_categories (project, year);
  g_autoptr (GPtrArray) plans = g_ptr_array_new_with_free_func ((GDestroyNotify) kh_plan_unref);

  for (guint c = 0; c < categories->len; c++)
    {
      KhPlan *other;

      if (g_strcmp0 (categories->pdata[c], open) == 0)
        {
          if (plan == NULL)
            {
              g_set_error_literal (error, KH_IO_ERROR, KH_IO_ERROR_INVALID,
                                   kh_document_get_plan_error (self->tab.document));
              return NULL;
            }
          g_ptr_array_add (plans, kh_plan_ref (plan));
          continue;
        }
      other = kh_project_compute_category_lang (project, year, categories->pdata[c],
                                                kh_ui_get_lang (), error);
      if (other == NULL)
        return NULL;
      g_ptr_array_add (plans, other);
    }
  return g_steal_pointer (&plans);
}

/* Works the year's recommendations out again and shows them. */
static void
refresh (KhRecommendView *self)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) plans = NULL;
  KhProject *project = self->tab.document != NULL ? kh_document_get_project (self->tab.document) : NULL;

  clear_box (self);
  g_clear_pointer (&self->recommendations, g_ptr_array_unref);
  g_clear_pointer (&self->plans, g_ptr_array_unref);
  g_clear_pointer (&self->error, g_free);
  if (project != NULL && kh_document_get_year (self->tab.document) > 0)
    {
      plans = year_plans (self, &error);
      if (plans != NULL)
        self->recommendations = kh_project_recommend_plans (&project, 1,
                                                            kh_document_get_year (self->tab.document),
                                                            plans, kh_ui_get_lang (), &error);
      if (self->recommendations == NULL && error != NULL)
        self->error = g_strdup (error->message);
      self->plans = g_steal_pointer (&plans);
    }
  if (self->recommendations == NULL || self->recommendations->len == 0)
    {
      kh_results_tab_show_empty (self->stack, self->empty_page, NULL,
                                 self->error != NULL ? self->error
                                                     : _("The year’s frameworks give no unit a "
                                                         "recommendation quota (the “321” rule)."));
      return;
    }
  fill (self);
  gtk_stack_set_visible_child_name (self->stack, "list");
}

/* Every change works the recommendations out again. */
static void
apply_changes (GtkWidget *widget,
               guint      what)
{
  refresh (KH_RECOMMEND_VIEW (widget));
}

/* ---- the class ---------------------------------------------------------------------- */

static void
kh_recommend_view_map (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (kh_recommend_view_parent_class)->map (widget);
  kh_results_tab_flush (&KH_RECOMMEND_VIEW (widget)->tab);
}

static void
kh_recommend_view_dispose (GObject *object)
{
  KhRecommendView *self = KH_RECOMMEND_VIEW (object);
  GtkWidget *child;

  kh_results_tab_clear (&self->tab);
  gtk_widget_dispose_template (GTK_WIDGET (self), KH_TYPE_RECOMMEND_VIEW);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_pointer (&self->recommendations, g_ptr_array_unref);
  g_clear_pointer (&self->plans, g_ptr_array_unref);
  g_clear_pointer (&self->error, g_free);

  G_OBJECT_CLASS (kh_recommend_view_parent_class)->dispose (object);
}

static void
kh_recommend_view_class_init (KhRecommendViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kh_recommend_view_dispose;
  widget_class->map = kh_recommend_view_map;

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/kaohe/Kaohe/ui/kh-recommend-view.ui");
  gtk_widget_class_bind_template_child (widget_class, KhRecommendView, stack);
  gtk_widget_class_bind_template_child (widget_class, KhRecommendView, empty_page);
  gtk_widget_class_bind_template_child (widget_class, KhRecommendView, box);
}

static void
kh_recommend_view_init (KhRecommendView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  kh_results_tab_init (&self->tab, GTK_WIDGET (self), apply_changes, NULL);
  self->tab.pending = KH_CHANGE_YEAR; /* the empty state's words come with the first showing */
}

/* ---- public ------------------------------------------------------------------------- */

void
kh_recommend_view_set_document (KhRecommendView *self,
                                KhDocument      *document)
{
  g_return_if_fail (KH_IS_RECOMMEND_VIEW (self));
  g_return_if_fail (document == NULL || KH_IS_DOCUMENT (document));

  kh_results_tab_set_document (&self->tab, document);
}

GPtrArray *
kh_recommend_view_get_recommendations (KhRecommendView *self)
{
  g_return_val_if_fail (KH_IS_RECOMMEND_VIEW (self), NULL);

  return self->recommendations;
}

const char *
kh_recommend_view_get_error (KhRecommendView *self)
{
  g_return_val_if_fail (KH_IS_RECOMMEND_VIEW (self), NULL);

  return self->error;
}
