/* kh-surveys-view.c — the Surveys page: a satisfaction survey's raters per unit and class
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "charts/kh-survey-chart.h"
#include "io/kh-project-survey.h"
#include "kh-survey-row.h"
#include "kh-surveys-view.h"
#include "kh-ui.h"

struct _KhSurveysView
{
  GtkWidget parent_instance;

  KhDocument *document;
  gulong changed_handler;
  KhSurveyScores *scores;
  GPtrArray *labels;     /* of char*: the classes' names, for the chart */
  char *title;           /* the chart's title prefix: survey and year */
  char *status;
  char *message;
  gboolean stale;        /* the document changed while the page was hidden */

  GtkWidget *box;
  GtkLabel *status_label;
  GListStore *store;
  GtkSingleSelection *selection;
  GtkColumnView *table;
  GtkDrawingArea *chart;
  GtkEntry *rater_entry;
  GtkEntry *reason_entry;
  GtkButton *exclude_button;
  GtkButton *include_button;
  GtkLabel *message_label;
};

G_DEFINE_FINAL_TYPE (KhSurveysView, kh_surveys_view, GTK_TYPE_WIDGET)

static void
set_status (KhSurveysView *self,
            char          *text)
{
  g_free (self->status);
  self->status = text;
  gtk_label_set_text (self->status_label, text);
}

static void
set_message (KhSurveysView *self,
             const char    *text)
{
  g_free (self->message);
  self->message = g_strdup (text);
  gtk_label_set_text (self->message_label, text != NULL ? text : "");
}

static const char *
unit_name (KhDocument *document,
           const char *unit_id)
{
  KhDataset *dataset = kh_document_get_dataset (document);
  guint u = dataset != NULL ? kh_dataset_find_unit (dataset, unit_id) : KH_DATASET_NONE;

  if (u == KH_DATASET_NONE || kh_dataset_get_unit_name (dataset, u) == NULL)
    return unit_id;
  return kh_dataset_get_unit_name (dataset, u);
}

/* Scores the stored sheet of the year and category open again and refills the table,
 * keeping the selected unit. */
static void
reload (KhSurveysView *self)
{
  KhFramework *fw = self->document != NULL ? kh_document_get_framework (self->document) : NULL;
  KhSurveyRow *selected = gtk_single_selection_get_selected_item (self->selection);
  g_autofree char *keep = selected != NULL ? g_strdup (selected->unit_id) : NULL;
  g_autoptr (KhSurveySheet) sheet = NULL;
  g_autoptr (GError) error = NULL;
  const KhSurvey *survey;
  const char *name;
  guint n_excluded = 0, select = GTK_INVALID_LIST_POSITION;
  int year;

  self->stale = FALSE;
  g_clear_pointer (&self->scores, kh_survey_scores_free);
  g_ptr_array_set_size (self->labels, 0);
  g_list_store_remove_all (self->store);
  gtk_widget_set_sensitive (GTK_WIDGET (self->exclude_button), FALSE);
  gtk_widget_set_sensitive (GTK_WIDGET (self->include_button), FALSE);
  if (fw == NULL || fw->survey == NULL)
    {
      set_status (self, g_strdup (self->document == NULL ? "" : _("The framework of this year and category declares no survey.")));
      gtk_widget_queue_draw (GTK_WIDGET (self->chart));
      return;
    }
  year = kh_document_get_year (self->document);
  sheet = kh_project_load_survey_sheet (kh_document_get_project (self->document), year,
                                        kh_document_get_category (self->document), &error);
  if (sheet == NULL || sheet->responses->len == 0)
    {
      set_status (self, sheet == NULL ? g_strdup (error->message)
                                      : g_strdup_printf (_("No answers of the %d survey are stored yet "
                                                           "(kaohe-cli survey import)."), year));
      gtk_widget_queue_draw (GTK_WIDGET (self->chart));
      return;
    }
  survey = kh_survey_sheet_get_survey (sheet);
  self->scores = kh_survey_score (sheet);
  for (guint c = 0; c < survey->classes->len; c++)
    {
      const KhSurveyClass *klass = survey->classes->pdata[c];
      const char *class_name = kh_text_get (&klass->name, kh_ui_get_lang ());

      g_ptr_array_add (self->labels, g_strdup (class_name != NULL ? class_name : klass->id));
    }
  /* as tall as kaohe-cli survey chart draws it: a row of dots per class */
  gtk_drawing_area_set_content_height (self->chart, 120 + 70 * (int) survey->classes->len);
  for (guint r = 0; r < sheet->raters->len; r++)
    n_excluded += ((KhSurveyRater *) sheet->raters->pdata[r])->excluded ? 1 : 0;
  name = kh_text_get (&survey->name, kh_ui_get_lang ());
  g_free (self->title);
  self->title = g_strdup_printf ("%s %d", name != NULL ? name : survey->id, year);
  /* TRANSLATORS: e.g. "Satisfaction survey 2020: 16 raters (1 excluded), 21 answers" */
  set_status (self, g_strdup_printf (_("%s: %u raters (%u excluded), %u answers"), self->title,
                                     sheet->raters->len, n_excluded, sheet->responses->len));

  for (guint u = 0; u < self->scores->n_units; u++)
    {
      const char *unit_id = sheet->units->pdata[u];
      gboolean first = TRUE;

      if (keep != NULL && g_strcmp0 (keep, unit_id) == 0)
        select = g_list_model_get_n_items (G_LIST_MODEL (self->store));
      for (guint c = 0; c < self->scores->n_classes; c++)
        if (kh_survey_scores_cell (self->scores, u, c)->rates)
          {
            g_autoptr (KhSurveyRow) row = kh_survey_row_new (self->scores, u, (int) c,
                                                             unit_name (self->document, unit_id),
                                                             self->labels->pdata[c], first);

            g_list_store_append (self->store, row);
            first = FALSE;
          }
      if (first)
        {
          g_autoptr (KhSurveyRow) row = kh_survey_row_new (self->scores, u, -1, unit_name (self->document, unit_id),
                                                           NULL, TRUE);

          g_list_store_append (self->store, row);
        }
    }
  if (select != GTK_INVALID_LIST_POSITION)
    gtk_single_selection_set_selected (self->selection, select);
  gtk_widget_set_sensitive (GTK_WIDGET (self->exclude_button), TRUE);
  gtk_widget_set_sensitive (GTK_WIDGET (self->include_button), TRUE);
  gtk_widget_queue_draw (GTK_WIDGET (self->chart));
}

/* Hidden, the page reloads when shown or asked: every weight edit changes the framework,
 * and reading and scoring the stored sheet again was nine tenths of a weight edit's time
 * on the sample with another page shown. */
static void
reload_when_shown (KhSurveysView *self)
{
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    reload (self);
  else
    self->stale = TRUE;
}

static void
flush (KhSurveysView *self)
{
  if (self->stale)
    reload (self);
}

static void
document_changed_cb (KhSurveysView *self,
                     guint          what)
{
  if (what & (KH_CHANGE_YEAR | KH_CHANGE_FRAMEWORK | KH_CHANGE_SURVEY))
    reload_when_shown (self);
}

/* The key io takes: the stored hash of @text when @text is a rater's identity, else
 * @text itself (a hash or a prefix of one). */
static char *
rater_key (KhSurveysView *self,
           const char    *text)
{
  g_autofree char *hash = kh_project_survey_rater_hash (kh_document_get_project (self->document), text, NULL);

  if (hash != NULL && self->scores != NULL)
    for (guint r = 0; r < self->scores->sheet->raters->len; r++)
      if (g_strcmp0 (((KhSurveyRater *) self->scores->sheet->raters->pdata[r])->id, hash) == 0)
        return g_steal_pointer (&hash);
  return g_strdup (text);
}

static void
change_exclusion (KhSurveysView *self,
                  gboolean       exclude)
{
  g_autofree char *rater = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->rater_entry))));
  g_autofree char *reason = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->reason_entry))));
  g_autofree char *key = NULL;
  g_autoptr (GError) error = NULL;

  if (self->document == NULL || self->scores == NULL)
    return;
  if (*rater == '\0')
    {
      set_message (self, _("Give the rater: as the office records them (hashed here, never stored) or by the stored hash."));
      gtk_widget_grab_focus (GTK_WIDGET (self->rater_entry));
      return;
    }
  if (*reason == '\0')
    {
      set_message (self, exclude ? _("Give the reason for excluding the rater.")
                                 : _("Give the reason for taking the exclusion back."));
      gtk_widget_grab_focus (GTK_WIDGET (self->reason_entry));
      return;
    }
  key = rater_key (self, rater);
  /* The exclusion and the scores stored from the survey change together, as one undo
   * step; the page reloads when the document says so. */
  if (!kh_document_survey_exclude (self->document, key, exclude, reason, &error))
    {
      set_message (self, error->message);
      return;
    }
  /* the identity typed leaves the page at once */
  gtk_editable_set_text (GTK_EDITABLE (self->rater_entry), "");
  gtk_editable_set_text (GTK_EDITABLE (self->reason_entry), "");
  {
    /* TRANSLATORS: after a rater was excluded (or taken back); %s is the reason given */
    g_autofree char *done = g_strdup_printf (exclude ? _("Rater excluded (audited): %s")
                                                     : _("Exclusion taken back (audited): %s"),
                                             reason);

    set_message (self, done);
  }
}

static void
exclude_clicked_cb (KhSurveysView *self)
{
  change_exclusion (self, TRUE);
}

static void
include_clicked_cb (KhSurveysView *self)
{
  change_exclusion (self, FALSE);
}

static void
draw_chart (GtkDrawingArea *area,
            cairo_t        *cr,
            int             width,
            int             height,
            gpointer        user_data)
{
  KhSurveysView *self = user_data;
  KhSurveyRow *row = gtk_single_selection_get_selected_item (self->selection);
  int year;
  g_autoptr (KhChartData) view = NULL;

  /* the chart's print colours, on paper white whatever the theme */
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  if (self->scores == NULL || row == NULL || self->document == NULL)
    return;
  year = kh_document_get_year (self->document);
  view = kh_chart_data_new (1, &year);
  view->title = g_strdup_printf ("%s · %s", self->title, row->unit_name);
  kh_survey_chart_draw (self->scores, row->unit, (const char *const *) self->labels->pdata, view, cr,
                        width, height, NULL);
}

static void
selection_changed_cb (KhSurveysView *self)
{
  gtk_widget_queue_draw (GTK_WIDGET (self->chart));
}

static void
setup_cell (GtkSignalListItemFactory *factory,
            GtkListItem              *item,
            gpointer                  user_data)
{
  KhSurveyColumn column = GPOINTER_TO_UINT (user_data);
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), column >= KH_SURVEY_COLUMN_N && column <= KH_SURVEY_COLUMN_SCORE ? 1.0 : 0.0);
  if (column >= KH_SURVEY_COLUMN_N && column <= KH_SURVEY_COLUMN_SCORE)
    gtk_widget_add_css_class (label, "numeric");
  if (column == KH_SURVEY_COLUMN_NOTE)
    gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_list_item_set_child (item, label);
}

static void
bind_cell (GtkSignalListItemFactory *factory,
           GtkListItem              *item,
           gpointer                  user_data)
{
  KhSurveyColumn column = GPOINTER_TO_UINT (user_data);
  KhSurveyRow *row = gtk_list_item_get_item (item);

  gtk_label_set_text (GTK_LABEL (gtk_list_item_get_child (item)), row->text[column]);
}

static GtkWidget *
build_table (KhSurveysView *self)
{
  GtkWidget *scrolled = gtk_scrolled_window_new ();

  self->store = g_list_store_new (KH_TYPE_SURVEY_ROW);
  self->selection = gtk_single_selection_new (G_LIST_MODEL (g_object_ref (self->store)));
  gtk_single_selection_set_autoselect (self->selection, TRUE);
  g_signal_connect_swapped (self->selection, "notify::selected", G_CALLBACK (selection_changed_cb), self);
  self->table = GTK_COLUMN_VIEW (gtk_column_view_new (GTK_SELECTION_MODEL (g_object_ref (self->selection))));
  gtk_column_view_set_show_row_separators (self->table, TRUE);
  for (guint c = 0; c < KH_SURVEY_N_COLUMNS; c++)
    {
      GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
      GtkColumnViewColumn *column;

      g_signal_connect (factory, "setup", G_CALLBACK (setup_cell), GUINT_TO_POINTER (c));
      g_signal_connect (factory, "bind", G_CALLBACK (bind_cell), GUINT_TO_POINTER (c));
      column = gtk_column_view_column_new (kh_survey_row_column_title (c), factory);
      gtk_column_view_column_set_expand (column, c == KH_SURVEY_COLUMN_NOTE);
      gtk_column_view_append_column (self->table, column);
      g_object_unref (column);
    }
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), GTK_WIDGET (self->table));
  gtk_widget_set_hexpand (scrolled, TRUE);
  gtk_widget_set_vexpand (scrolled, TRUE);
  return scrolled;
}

static GtkWidget *
build_exclusion_bar (KhSurveysView *self)
{
  GtkWidget *bar = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);

  self->rater_entry = GTK_ENTRY (gtk_entry_new ());
  gtk_widget_set_name (GTK_WIDGET (self->rater_entry), "survey-rater");
  gtk_entry_set_placeholder_text (self->rater_entry, _("Rater: identity or stored hash"));
  gtk_entry_set_visibility (self->rater_entry, FALSE); /* an identity is not shown on screen */
  gtk_widget_set_hexpand (GTK_WIDGET (self->rater_entry), TRUE);
  self->reason_entry = GTK_ENTRY (gtk_entry_new ());
  gtk_widget_set_name (GTK_WIDGET (self->reason_entry), "survey-reason");
  gtk_entry_set_placeholder_text (self->reason_entry, _("Reason (required)"));
  gtk_widget_set_hexpand (GTK_WIDGET (self->reason_entry), TRUE);
  self->exclude_button = GTK_BUTTON (gtk_button_new_with_mnemonic (_("_Exclude Rater")));
  gtk_widget_set_name (GTK_WIDGET (self->exclude_button), "survey-exclude");
  self->include_button = GTK_BUTTON (gtk_button_new_with_mnemonic (_("_Take Back Exclusion")));
  gtk_widget_set_name (GTK_WIDGET (self->include_button), "survey-include");
  g_signal_connect_swapped (self->exclude_button, "clicked", G_CALLBACK (exclude_clicked_cb), self);
  g_signal_connect_swapped (self->include_button, "clicked", G_CALLBACK (include_clicked_cb), self);
  g_signal_connect_swapped (self->reason_entry, "activate", G_CALLBACK (exclude_clicked_cb), self);
  gtk_box_append (GTK_BOX (bar), GTK_WIDGET (self->rater_entry));
  gtk_box_append (GTK_BOX (bar), GTK_WIDGET (self->reason_entry));
  gtk_box_append (GTK_BOX (bar), GTK_WIDGET (self->exclude_button));
  gtk_box_append (GTK_BOX (bar), GTK_WIDGET (self->include_button));
  return bar;
}

static void
kh_surveys_view_init (KhSurveysView *self)
{
  GtkWidget *middle = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);

  self->labels = g_ptr_array_new_with_free_func (g_free);
  self->box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  gtk_widget_set_margin_start (self->box, 12);
  gtk_widget_set_margin_end (self->box, 12);
  gtk_widget_set_margin_top (self->box, 12);
  gtk_widget_set_margin_bottom (self->box, 12);
  gtk_widget_set_parent (self->box, GTK_WIDGET (self));

  self->status_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (self->status_label, 0);
  gtk_label_set_wrap (self->status_label, TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (self->status_label), "heading");
  gtk_box_append (GTK_BOX (self->box), GTK_WIDGET (self->status_label));

  gtk_box_append (GTK_BOX (middle), build_table (self));
  self->chart = GTK_DRAWING_AREA (gtk_drawing_area_new ());
  gtk_drawing_area_set_content_width (self->chart, 420);
  gtk_drawing_area_set_content_height (self->chart, 260);
  gtk_drawing_area_set_draw_func (self->chart, draw_chart, self, NULL);
  gtk_widget_set_valign (GTK_WIDGET (self->chart), GTK_ALIGN_START);
  gtk_box_append (GTK_BOX (middle), GTK_WIDGET (self->chart));
  gtk_widget_set_vexpand (middle, TRUE);
  gtk_box_append (GTK_BOX (self->box), middle);

  gtk_box_append (GTK_BOX (self->box), build_exclusion_bar (self));
  self->message_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (self->message_label, 0);
  gtk_label_set_wrap (self->message_label, TRUE);
  gtk_box_append (GTK_BOX (self->box), GTK_WIDGET (self->message_label));
  reload (self);
}

static void
kh_surveys_view_map (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (kh_surveys_view_parent_class)->map (widget);
  flush (KH_SURVEYS_VIEW (widget));
}

static void
kh_surveys_view_dispose (GObject *object)
{
  KhSurveysView *self = KH_SURVEYS_VIEW (object);

  if (self->document != NULL)
    g_clear_signal_handler (&self->changed_handler, self->document);
  g_clear_object (&self->document);
  g_clear_pointer (&self->box, gtk_widget_unparent);
  g_clear_object (&self->selection);
  g_clear_object (&self->store);
  G_OBJECT_CLASS (kh_surveys_view_parent_class)->dispose (object);
}

static void
kh_surveys_view_finalize (GObject *object)
{
  KhSurveysView *self = KH_SURVEYS_VIEW (object);

  kh_survey_scores_free (self->scores);
  g_ptr_array_unref (self->labels);
  g_free (self->title);
  g_free (self->status);
  g_free (self->message);
  G_OBJECT_CLASS (kh_surveys_view_parent_class)->finalize (object);
}

static void
kh_surveys_view_class_init (KhSurveysViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kh_surveys_view_dispose;
  object_class->finalize = kh_surveys_view_finalize;
  widget_class->map = kh_surveys_view_map;
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

void
kh_surveys_view_set_document (KhSurveysView *self,
                              KhDocument    *document)
{
  g_return_if_fail (KH_IS_SURVEYS_VIEW (self));
  g_return_if_fail (document == NULL || KH_IS_DOCUMENT (document));

  if (self->document != NULL)
    g_clear_signal_handler (&self->changed_handler, self->document);
  g_set_object (&self->document, document);
  if (document != NULL)
    self->changed_handler = g_signal_connect_swapped (document, "changed", G_CALLBACK (document_changed_cb), self);
  set_message (self, NULL);
  reload_when_shown (self);
}

GListModel *
kh_surveys_view_get_rows (KhSurveysView *self)
{
  g_return_val_if_fail (KH_IS_SURVEYS_VIEW (self), NULL);
  flush (self); /* up to date also while hidden */
  return G_LIST_MODEL (self->selection);
}

const char *
kh_surveys_view_get_status (KhSurveysView *self)
{
  g_return_val_if_fail (KH_IS_SURVEYS_VIEW (self), NULL);
  flush (self); /* up to date also while hidden */
  return self->status;
}

const char *
kh_surveys_view_get_message (KhSurveysView *self)
{
  g_return_val_if_fail (KH_IS_SURVEYS_VIEW (self), NULL);
  return self->message;
}

const KhSurveyScores *
kh_surveys_view_get_scores (KhSurveysView *self)
{
  g_return_val_if_fail (KH_IS_SURVEYS_VIEW (self), NULL);
  flush (self); /* up to date also while hidden */
  return self->scores;
}

GtkWidget *
kh_surveys_view_get_chart (KhSurveysView *self)
{
  g_return_val_if_fail (KH_IS_SURVEYS_VIEW (self), NULL);
  return GTK_WIDGET (self->chart);
}
