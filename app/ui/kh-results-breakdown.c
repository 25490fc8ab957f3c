/* kh-results-breakdown.c — a unit's breakdown beside the ranking on the Results page:
 * papers and dimensions, every indicator, strengths and weaknesses, and what changed
 * since last year (like for like, framework and performance effects, units passed)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "core/kh-compare.h"
#include "core/kh-weighting.h"
#include "io/kh-framework-xml.h"
#include "kh-result-row.h"
#include "kh-results-breakdown.h"
#include "kh-ui.h"

/* Like-for-like plans kept ---------------------------------------------------------- */

struct _KhLikeCache
{
  KhPlan *previous;       /* last year's plan the like-for-like plan scores (a reference) */
  KhFramework *framework; /* the framework it is of (a reference) */
  char *key;              /* that framework's canonical text, every weight 0 */
  KhPlan *like;           /* computed, or NULL */
  guint n_made;
  guint n_reweighted;
  guint n_prepared;
  GThread *worker;        /* making one whole ahead of need (kh_like_cache_prepare()), or NULL */
  struct Job *job;        /* what it makes */
};

/* What a worker makes the like-for-like plan of: its own copy of the framework, last
 * year's plan (computed: only read), and the framework's weightless text. */
typedef struct Job
{
  KhFramework *framework;
  KhPlan *previous;
  char *key;
} Job;

static void
job_free (Job *job)
{
  kh_framework_unref (job->framework);
  kh_plan_unref (job->previous);
  g_free (job->key);
  g_free (job);
}

static gpointer
prepare_thread (gpointer data)
{
  Job *job = data;
  KhPlan *like = kh_plan_new_like_for_like (job->framework, job->previous, NULL);

  if (like != NULL)
    kh_plan_compute (like);
  return like;
}

KhLikeCache *
kh_like_cache_new (void)
{
  return g_new0 (KhLikeCache, 1);
}

static void
like_cache_clear (KhLikeCache *self)
{
  g_clear_pointer (&self->previous, kh_plan_unref);
  g_clear_pointer (&self->framework, kh_framework_unref);
  g_clear_pointer (&self->key, g_free);
  g_clear_pointer (&self->like, kh_plan_unref);
}

/* The worker waited for (when it runs) and its plan taken over. */
static void
join_worker (KhLikeCache *self)
{
  KhPlan *like;
  Job *job;

  if (self->worker == NULL)
    return;
  like = g_thread_join (g_steal_pointer (&self->worker));
  job = g_steal_pointer (&self->job);
  if (like != NULL)
    {
      like_cache_clear (self);
      self->previous = kh_plan_ref (job->previous);
      self->framework = kh_framework_ref (job->framework);
      self->key = g_steal_pointer (&job->key);
      self->like = like;
      self->n_prepared++;
    }
  job_free (job);
}

void
kh_like_cache_free (KhLikeCache *self)
{
  if (self == NULL)
    return;
  join_worker (self);
  like_cache_clear (self);
  g_free (self);
}

static gboolean
clear_weight (KhNode  *node,
              gpointer user_data)
{
  node->weight = 0;
  g_clear_pointer (&node->weighting, kh_weighting_free);
  return TRUE;
}

/* What the like-for-like plan depends on in @fw but its weights (and how they were
 * obtained): the framework as its file says it, every weight 0. */
static char *
weightless_text (KhFramework *fw)
{
  g_autoptr (KhFramework) copy = kh_framework_copy (fw);

  kh_framework_foreach_node (copy, clear_weight, NULL);
  return kh_framework_xml_to_string (copy);
}

KhPlan *
kh_like_cache_get (KhLikeCache *self,
                   KhPlan      *plan,
                   KhPlan      *previous)
{
  KhFramework *fw;
  g_autofree char *key = NULL;
  g_autoptr (KhPlan) like = NULL;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (plan != NULL && previous != NULL, NULL);

  join_worker (self);
  fw = kh_plan_get_framework (plan);
  if (self->previous == previous && self->framework == fw)
    return self->like;
  key = weightless_text (fw);
  /* Only weights changed: re-weighted, bit for bit the plan made whole
   * (kh-engine-reweight.c), in a fraction of the time. */
  if (self->like != NULL && self->previous == previous && g_strcmp0 (key, self->key) == 0)
    {
      like = kh_plan_reweight (self->like, fw, NULL);
      if (like != NULL)
        self->n_reweighted++;
    }
  if (like == NULL)
    {
      like = kh_plan_new_like_for_like (fw, previous, NULL);
      if (like != NULL)
        {
          kh_plan_compute (like);
          self->n_made++;
        }
    }
  like_cache_clear (self);
  self->previous = kh_plan_ref (previous);
  self->framework = kh_framework_ref (fw);
  self->key = g_steal_pointer (&key);
  self->like = g_steal_pointer (&like);
  return self->like;
}

void
kh_like_cache_prepare (KhLikeCache *self,
                       KhPlan      *plan,
                       KhPlan      *previous)
{
  KhFramework *fw;
  g_autofree char *key = NULL;
  Job *job;

  g_return_if_fail (self != NULL);
  g_return_if_fail (plan != NULL && previous != NULL);

  fw = kh_plan_get_framework (plan);
  if (self->worker != NULL || (self->like != NULL && self->previous == previous && self->framework == fw))
    return;
  key = weightless_text (fw);
  /* one to re-weight already kept */
  if (self->like != NULL && self->previous == previous && g_strcmp0 (key, self->key) == 0)
    return;
  job = g_new0 (Job, 1);
  job->framework = kh_framework_copy (fw); /* the document's may change meanwhile */
  job->previous = kh_plan_ref (previous);
  job->key = g_steal_pointer (&key);
  self->job = job;
  self->worker = g_thread_new ("kh-like-for-like", prepare_thread, job);
}

guint
kh_like_cache_get_n_prepared (KhLikeCache *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->n_prepared;
}

guint
kh_like_cache_get_n_made (KhLikeCache *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->n_made;
}

guint
kh_like_cache_get_n_reweighted (KhLikeCache *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->n_reweighted;
}

/* The breakdown ------------------------------------------------------------------------ */

/* A row of what follows the grid: its value's label and the style class it was given. */
typedef struct
{
  GtkWidget *row;
  GtkWidget *value;
  const char *css_class; /* a literal, or NULL */
} TailRow;

/* A section of what follows the grid and its rows. */
typedef struct
{
  GtkWidget *group;
  GArray *rows; /* TailRow */
} TailSection;

static void
tail_section_clear (TailSection *section)
{
  g_clear_pointer (&section->rows, g_array_unref);
}

/* What a fill put in the box that an update of the same unit under a plan of the same
 * nodes changes in place (issue 22: at 200 indicators the grid alone is 800 labels,
 * made again after every weight edit): the title's description, the papers' scores,
 * the grid's cells, and what follows the grid (strongest and weakest indicators, since
 * last year) when its sections are the same (made again, its two dozen rows cost more
 * than the rest of the breakdown's update and the next frame's layout together). */
typedef struct
{
  char *unit_key;       /* the unit as its title names it: unit_key() */
  GStrv node_keys;      /* the plan's nodes, in its order: node_key() */
  GtkWidget *title;     /* the unit's group: points, rank and tier as its description */
  GtkWidget **paper;    /* per node: the label of a paper's or dimension's score, or NULL */
  GtkWidget **cells;    /* per node, 4 each: an indicator's name, raw, score, contribution */
  GtkWidget *grid_group; /* the indicators' group: what follows it is the tail */
  GArray *tail;          /* TailSection: what follows the grid */
} Shown;

static void
shown_free (Shown *shown)
{
  g_free (shown->unit_key);
  g_strfreev (shown->node_keys);
  g_free (shown->paper);
  g_free (shown->cells);
  g_array_unref (shown->tail);
  g_free (shown);
}

#define SHOWN_KEY "kh-breakdown-shown"

static GtkWidget *
add_section (GtkBox     *box,
             const char *title,
             const char *description)
{
  GtkWidget *group = kh_ui_group_new (title, description);

  gtk_box_append (box, group);
  return group;
}

static GtkWidget *
add_value_row (GtkWidget  *group,
               const char *title,
               const char *subtitle,
               const char *value,
               const char *css_class)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *label = gtk_label_new (value);

  kh_ui_row_set_plain (row);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  if (subtitle != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_widget_add_css_class (label, "numeric");
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
  return label;
}

/* What follows the grid, made (a fill) or its texts set in place (an update). */
typedef struct
{
  GtkBox *box;
  GArray *sections; /* the shown tail's, TailSection */
  gboolean reuse;   /* the texts of the sections and rows listed set, none made */
  gboolean differs; /* reuse: the sections are not those listed */
  guint n_sections; /* the sections met so far */
  guint n_rows;     /* the rows met so far in the last of them */
} Tail;

static gboolean
same_text (const char *a,
           const char *b)
{
  return g_strcmp0 (a != NULL ? a : "", b != NULL ? b : "") == 0;
}

/* The rows of the last section met beyond those set now removed. */
static void
tail_end_section (Tail *tail)
{
  TailSection *section;

  if (!tail->reuse || tail->differs || tail->n_sections == 0
      || tail->n_sections > tail->sections->len)
    return;
  section = &g_array_index (tail->sections, TailSection, tail->n_sections - 1);
  for (guint r = tail->n_rows; r < section->rows->len; r++)
    adw_preferences_group_remove (ADW_PREFERENCES_GROUP (section->group),
                                  g_array_index (section->rows, TailRow, r).row);
  if (section->rows->len > tail->n_rows)
    g_array_set_size (section->rows, tail->n_rows);
}

static void
tail_section (Tail       *tail,
              const char *title,
              const char *description)
{
  tail_end_section (tail);
  tail->n_rows = 0;
  if (!tail->reuse)
    {
      TailSection section = { add_section (tail->box, title, description),
                              g_array_new (FALSE, FALSE, sizeof (TailRow)) };

      g_array_append_val (tail->sections, section);
    }
  else if (tail->n_sections >= tail->sections->len)
    tail->differs = TRUE;
  else if (!tail->differs)
    {
      AdwPreferencesGroup *group =
        ADW_PREFERENCES_GROUP (g_array_index (tail->sections, TailSection, tail->n_sections).group);
      g_autofree char *escaped_title = g_markup_escape_text (title, -1);
      g_autofree char *escaped = description != NULL ? g_markup_escape_text (description, -1) : NULL;

      if (!same_text (adw_preferences_group_get_title (group), escaped_title))
        tail->differs = TRUE;
      else if (!same_text (adw_preferences_group_get_description (group), escaped))
        adw_preferences_group_set_description (group, escaped);
    }
  tail->n_sections++;
}

static void
tail_row (Tail       *tail,
          const char *title,
          const char *subtitle,
          const char *value,
          const char *css_class)
{
  TailSection *section;

  g_return_if_fail (tail->n_sections > 0);

  if (tail->reuse && (tail->differs || tail->n_sections > tail->sections->len))
    {
      tail->n_rows++;
      return;
    }
  section = &g_array_index (tail->sections, TailSection, tail->n_sections - 1);
  /* made, or one more than the section had */
  if (!tail->reuse || tail->n_rows >= section->rows->len)
    {
      TailRow row = { NULL, add_value_row (section->group, title, subtitle, value, css_class),
                      css_class };

      row.row = gtk_widget_get_ancestor (row.value, ADW_TYPE_ACTION_ROW);
      g_array_append_val (section->rows, row);
    }
  else
    {
      TailRow *row = &g_array_index (section->rows, TailRow, tail->n_rows);

      if (!same_text (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row->row)), title))
        adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row->row), title);
      if (!same_text (adw_action_row_get_subtitle (ADW_ACTION_ROW (row->row)), subtitle))
        adw_action_row_set_subtitle (ADW_ACTION_ROW (row->row), subtitle != NULL ? subtitle : "");
      if (!same_text (gtk_label_get_text (GTK_LABEL (row->value)), value))
        gtk_label_set_text (GTK_LABEL (row->value), value);
      if (g_strcmp0 (row->css_class, css_class) != 0)
        {
          if (row->css_class != NULL)
            gtk_widget_remove_css_class (row->value, row->css_class);
          if (css_class != NULL)
            gtk_widget_add_css_class (row->value, css_class);
          row->css_class = css_class;
        }
    }
  tail->n_rows++;
}

static const char *
node_name (const KhNode *node)
{
  const char *name = kh_text_get (&node->name, kh_ui_get_lang ());

  return name != NULL ? name : node->id;
}

static int
node_depth (const KhNode *node)
{
  int depth = 0;

  for (const KhNode *n = node->parent; n != NULL; n = n->parent)
    depth++;
  return depth;
}

typedef struct
{
  guint node;
  double key;
} Ranked;

static int
compare_ranked (gconstpointer a,
                gconstpointer b)
{
  const Ranked *x = a, *y = b;

  if (x->key != y->key)
    return x->key > y->key ? -1 : 1;
  return x->node < y->node ? -1 : (x->node > y->node);
}

static const char *
state_text (KhValueState state)
{
  switch (state)
    {
    case KH_VALUE_MISSING:
      return _("missing, re-weighted");
    case KH_VALUE_NOT_APPLICABLE:
      return _("not applicable");
    case KH_VALUE_IMPUTED:
      return _("imputed");
    case KH_VALUE_ZERO:
      return _("missing, scored zero");
    case KH_VALUE_OK:
    default:
      return NULL;
    }
}

/* Sets @label's text, and its style class and tooltip for @state, only where they change. */
static void
set_cell (GtkWidget   *label,
          const char  *text,
          KhValueState state)
{
  gboolean missing = state != KH_VALUE_OK;

  if (g_strcmp0 (gtk_label_get_text (GTK_LABEL (label)), text) != 0)
    gtk_label_set_text (GTK_LABEL (label), text);
  if (gtk_widget_has_css_class (label, "kh-missing") != missing
      || GPOINTER_TO_INT (g_object_get_data (G_OBJECT (label), "kh-state")) != (int) state)
    {
      if (missing)
        gtk_widget_add_css_class (label, "kh-missing");
      else
        gtk_widget_remove_css_class (label, "kh-missing");
      kh_widget_set_lazy_tooltip (label, state_text (state));
      g_object_set_data (G_OBJECT (label), "kh-state", GINT_TO_POINTER (state));
    }
}

/* An indicator's cells: its name, raw value, score and contribution. */
static void
show_indicator (GtkWidget   **cells,
                KhPlan       *plan,
                guint         unit,
                guint         n)
{
  const KhNode *node = kh_plan_get_node (plan, n);
  KhValueState state = kh_plan_get_value_state (plan, unit, n);
  g_autofree char *raw = kh_ui_format_score (kh_plan_get_value (plan, unit, n,
                                                                node->formula != NULL ? KH_STAGE_DERIVED
                                                                                      : KH_STAGE_RAW));
  g_autofree char *score = kh_ui_format_score (kh_plan_get_value (plan, unit, n, KH_STAGE_SCORED));
  g_autofree char *contribution = kh_ui_format_score (kh_plan_get_contribution (plan, unit, n));
  const char *texts[4] = { node_name (node), raw, score, contribution };

  for (int c = 0; c < 4; c++)
    set_cell (cells[c], texts[c], state);
}

static void
add_indicator_grid (GtkBox        *box,
                    KhPlan        *plan,
                    guint          unit,
                    Shown         *shown)
{
  GtkWidget *group = add_section (box, _("Indicators"),
                                  _("Raw value, score in points and contribution to the total"));
  GtkWidget *grid = gtk_grid_new ();
  const char *headers[] = { _("Indicator"), _("Raw"), _("Score"), _("Contribution") };
  int line = 1;

  gtk_grid_set_column_spacing (GTK_GRID (grid), 12);
  gtk_grid_set_row_spacing (GTK_GRID (grid), 4);
  gtk_widget_add_css_class (grid, "card");
  gtk_widget_add_css_class (grid, "kh-breakdown-grid");
  for (int c = 0; c < 4; c++)
    {
      GtkWidget *label = gtk_label_new (headers[c]);

      gtk_label_set_xalign (GTK_LABEL (label), c == 0 ? 0.0 : 1.0);
      gtk_widget_add_css_class (label, "heading");
      gtk_grid_attach (GTK_GRID (grid), label, c, 0, 1, 1);
    }
  for (guint n = 0; n < kh_plan_get_n_nodes (plan); n++)
    {
      GtkWidget **cells = &shown->cells[n * 4];

      if (kh_plan_get_node (plan, n)->kind != KH_NODE_INDICATOR)
        continue;
      for (int c = 0; c < 4; c++)
        {
          cells[c] = gtk_label_new (NULL);
          gtk_label_set_xalign (GTK_LABEL (cells[c]), c == 0 ? 0.0 : 1.0);
          if (c > 0)
            gtk_widget_add_css_class (cells[c], "numeric");
          gtk_grid_attach (GTK_GRID (grid), cells[c], c, line, 1, 1);
        }
      gtk_label_set_ellipsize (GTK_LABEL (cells[0]), PANGO_ELLIPSIZE_END);
      gtk_widget_set_hexpand (cells[0], TRUE);
      show_indicator (cells, plan, unit, n);
      line++;
    }
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), grid);
  shown->grid_group = group;
}

static void
add_extremes (Tail   *tail,
              KhPlan *plan,
              guint   unit)
{
  g_autoptr (GArray) ranked = g_array_new (FALSE, FALSE, sizeof (Ranked));
  guint shown;

  for (guint n = 0; n < kh_plan_get_n_nodes (plan); n++)
    {
      const KhNode *node = kh_plan_get_node (plan, n);
      double score = kh_plan_get_value (plan, unit, n, KH_STAGE_SCORED);
      Ranked r = { n, 0 };

      if (node->kind != KH_NODE_INDICATOR || isnan (score) || !(node->points > 0)
          || kh_plan_get_value_state (plan, unit, n) == KH_VALUE_NOT_APPLICABLE)
        continue;
      r.key = score / node->points;
      g_array_append_val (ranked, r);
    }
  if (ranked->len == 0)
    return;
  g_array_sort (ranked, compare_ranked);
  /* The strongest half and the weakest half, at most three each, never overlapping. */
  shown = MIN (3, (ranked->len + 1) / 2);
  tail_section (tail, _("Strongest Indicators"), _("Highest share of full points"));
  for (guint i = 0; i < shown; i++)
    {
      const Ranked *best = &g_array_index (ranked, Ranked, i);
      g_autofree char *text = g_strdup_printf ("%.0f %%", best->key * 100);

      tail_row (tail, node_name (kh_plan_get_node (plan, best->node)), NULL, text, "success");
    }
  shown = MIN (3, ranked->len / 2);
  if (shown == 0)
    return;
  tail_section (tail, _("Weakest Indicators"), _("Lowest share of full points"));
  for (guint i = 0; i < shown; i++)
    {
      const Ranked *worst = &g_array_index (ranked, Ranked, ranked->len - 1 - i);
      g_autofree char *text = g_strdup_printf ("%.0f %%", worst->key * 100);

      tail_row (tail, node_name (kh_plan_get_node (plan, worst->node)), NULL, text, "error");
    }
}

/* "a, b; …" of the changes of @kind, NULL when none. */
static char *
framework_changes_text (GArray               *changes,
                        KhFrameworkChangeKind kind)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < changes->len; i++)
    {
      const KhFrameworkChange *c = &g_array_index (changes, KhFrameworkChange, i);

      if (c->kind == kind)
        g_string_append_printf (text, "%s%s", text->len > 0 ? ", " : "",
                                node_name (c->node != NULL ? c->node : c->old));
    }
  if (text->len == 0)
    {
      g_string_free (text, TRUE);
      return NULL;
    }
  return g_string_free (text, FALSE);
}

/* The indicators with the largest @max parts, one row each. */
static void
add_largest_parts (Tail         *tail,
                   KhPlan       *plan,
                   const double *parts,
                   guint         max)
{
  g_autoptr (GArray) ranked = g_array_new (FALSE, FALSE, sizeof (Ranked));

  for (guint n = 0; n < kh_plan_get_n_nodes (plan); n++)
    {
      Ranked r = { n, fabs (parts[n]) };

      if (kh_plan_get_node (plan, n)->kind == KH_NODE_INDICATOR && !isnan (parts[n])
          && parts[n] != 0)
        g_array_append_val (ranked, r);
    }
  g_array_sort (ranked, compare_ranked);
  for (guint i = 0; i < MIN (max, ranked->len); i++)
    {
      guint n = g_array_index (ranked, Ranked, i).node;
      g_autofree char *text = g_strdup_printf ("%s %+.2f", parts[n] >= 0 ? "▲" : "▼", parts[n]);

      tail_row (tail, node_name (kh_plan_get_node (plan, n)), _("contribution"), text,
                parts[n] > 0 ? "kh-up" : "kh-down");
    }
}

/* Like for like when the framework changed: what changed, the framework's and the
 * unit's own share of the change, the largest indicator moves, and the units passed
 * with what closed each gap (kh-compare.h). */
static void
add_comparison (Tail        *tail,
                KhPlan      *plan,
                KhPlan      *previous,
                guint        unit,
                KhLikeCache *cache)
{
  g_autoptr (GArray) changes = kh_framework_diff (kh_plan_get_framework (previous),
                                                  kh_plan_get_framework (plan));
  g_autoptr (KhLikeCache) own = cache == NULL ? kh_like_cache_new () : NULL;
  KhPlan *like = NULL;
  g_autoptr (KhComparison) cmp = NULL;
  g_autoptr (GArray) passed = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autofree double *parts = g_new0 (double, kh_plan_get_n_nodes (plan));
  double change, adjustments, framework, gap;
  static const KhFrameworkChangeKind kinds[] = { KH_FRAMEWORK_ADMITTED, KH_FRAMEWORK_RETIRED,
                                                 KH_FRAMEWORK_REPLACED, KH_FRAMEWORK_REWEIGHTED };
  const char *titles[] = { _("Admitted"), _("Retired"), _("Replaced"), _("Re-weighted") };

  for (guint k = 0; k < G_N_ELEMENTS (kinds); k++)
    {
      g_autofree char *text = framework_changes_text (changes, kinds[k]);

      if (text != NULL)
        tail_row (tail, titles[k], text, _("framework changed"), "warning");
    }
  if (changes->len > 0)
    like = kh_like_cache_get (cache != NULL ? cache : own, plan, previous);
  else if (cache != NULL)
    /* Not needed yet: made on a worker for the first weight edit, which then re-weights
     * it (issue 22: made whole on that edit, it took it half a second at 3,000 units). */
    kh_like_cache_prepare (cache, plan, previous);
  cmp = kh_comparison_new (plan, like);
  if (!kh_comparison_attribute_change (cmp, unit, parts, &adjustments, &framework, &change))
    return;
  if (changes->len > 0)
    {
      g_autofree char *fx = g_strdup_printf ("%+.2f", framework);
      g_autofree char *perf = g_strdup_printf ("%+.2f", change - framework);

      tail_row (tail, _("Framework effect"), _("last year's data under this year's framework"),
                fx, NULL);
      tail_row (tail, _("Performance effect"), _("this year against that, like for like"), perf,
                NULL);
    }
  add_largest_parts (tail, plan, parts, 3);

  kh_comparison_get_overtakes (cmp, unit, passed, NULL);
  for (guint i = 0; i < MIN (3, passed->len); i++)
    {
      guint v = g_array_index (passed, guint, i);
      KhDataset *ds = kh_plan_get_dataset (plan);
      const char *name = kh_dataset_get_unit_name (ds, v);
      g_autofree char *title = NULL;
      g_autofree char *text = NULL;

      if (!kh_comparison_attribute_gap (cmp, unit, v, parts, &adjustments, &framework, &gap))
        continue;
      title = g_strdup_printf (_("Passed %s"), name != NULL ? name : kh_dataset_get_unit_id (ds, v));
      text = g_strdup_printf ("%+.2f", gap);
      tail_row (tail, title, _("change of the gap; largest parts below"), text, "kh-up");
      add_largest_parts (tail, plan, parts, 2);
    }
}

static void
add_changes (Tail        *tail,
             KhPlan      *plan,
             KhPlan      *previous,
             guint        unit,
             KhLikeCache *cache)
{
  double previous_total = kh_plan_get_previous_total (plan, unit);
  int change;
  g_autofree char *now = kh_ui_format_score (kh_plan_get_total (plan, unit));
  g_autofree char *before = kh_ui_format_score (previous_total);
  g_autofree char *totals = g_strdup_printf ("%s → %s", before, now);

  if (previous == NULL)
    return;
  tail_section (tail, _("Since Last Year"), _("Total, rank and the largest moves of "
                                              "indicator contributions"));
  tail_row (tail, _("Total"), NULL, totals, NULL);
  if (kh_plan_get_rank_change (plan, unit, &change))
    {
      g_autofree char *ranks = g_strdup_printf ("%d → %d (%s%d)", kh_plan_get_previous_rank (plan, unit),
                                                kh_plan_get_rank (plan, unit),
                                                change > 0 ? "▲ " : change < 0 ? "▼ " : "= ",
                                                ABS (change));

      tail_row (tail, _("Rank"), NULL, ranks, change > 0 ? "kh-up" : change < 0 ? "kh-down" : NULL);
    }
  else
    tail_row (tail, _("Rank"), _("No rank last year"), "—", NULL);
  {
    /* A renamed, merged, split, new or transferred unit: "merged from 崇川区, 港闸区; …" */
    g_autofree char *continuity =
      kh_plan_describe_continuity (plan, unit, kh_plan_get_dataset (previous));

    if (continuity != NULL)
      tail_row (tail, _("Last Year's Units"), continuity, "", NULL);
  }

  add_comparison (tail, plan, previous, unit, cache);
}

/* "68.00 points · rank 1 · Tier 1" */
static char *
title_description (KhPlan *plan,
                   guint   unit)
{
  g_autoptr (KhResultRow) row = kh_result_row_new (plan, unit);
  g_autofree char *total = kh_ui_format_score (kh_plan_get_total (plan, unit));

  if (kh_result_row_get_rank (row) > 0)
    return g_strdup_printf (_("%s points · rank %d · %s"), total, kh_result_row_get_rank (row),
                            kh_result_row_get_tier_name (row));
  return g_strdup_printf (_("%s points · not ranked"), total);
}

/* "34.29 of 80.00" */
static char *
paper_text (KhPlan *plan,
            guint   unit,
            guint   n)
{
  g_autofree char *score = kh_ui_format_score (kh_plan_get_node_score (plan, unit, n));
  g_autofree char *points = kh_ui_format_score (kh_plan_get_node (plan, n)->points);

  return g_strdup_printf (_("%s of %s"), score, points);
}

/* The unit as the breakdown's title names it: its id and name. */
static char *
unit_key (KhPlan *plan,
          guint   unit)
{
  KhDataset *dataset = kh_plan_get_dataset (plan);
  const char *name = kh_dataset_get_unit_name (dataset, unit);

  return g_strconcat (kh_dataset_get_unit_id (dataset, unit), "\037", name != NULL ? name : "",
                      NULL);
}

/* A node as the breakdown names it: its id and name ("gdp_growth\037GDP growth"). */
static char *
node_key (const KhNode *node)
{
  return g_strconcat (node->id, "\037", node_name (node), NULL);
}

static GStrv
node_keys (KhPlan *plan)
{
  guint n_nodes = kh_plan_get_n_nodes (plan);
  GStrv keys = g_new0 (char *, n_nodes + 1);

  for (guint n = 0; n < n_nodes; n++)
    keys[n] = node_key (kh_plan_get_node (plan, n));
  return keys;
}

/* Whether @plan has the nodes the breakdown shows, in the same order and named alike. */
static gboolean
same_nodes (Shown  *shown,
            KhPlan *plan)
{
  guint n_nodes = kh_plan_get_n_nodes (plan);

  if (g_strv_length (shown->node_keys) != n_nodes)
    return FALSE;
  for (guint n = 0; n < n_nodes; n++)
    {
      g_autofree char *key = node_key (kh_plan_get_node (plan, n));

      if (g_strcmp0 (shown->node_keys[n], key) != 0)
        return FALSE;
    }
  return TRUE;
}

/* Strongest and weakest indicators, since last year: after the grid. Made when @reuse is
 * FALSE; else the texts of the sections and rows shown are set, rows added to or removed
 * from the end of a section as needed (after a weight edit and its undo, the framework
 * changes come and go), FALSE returned when the sections are not the same (partly set
 * then: to be made again). */
static gboolean
add_tail (GtkBox      *box,
          Shown       *shown,
          gboolean     reuse,
          KhPlan      *plan,
          KhPlan      *previous,
          guint        unit,
          KhLikeCache *cache)
{
  Tail tail = { box, shown->tail, reuse, FALSE, 0, 0 };

  add_extremes (&tail, plan, unit);
  add_changes (&tail, plan, previous, unit, cache);
  tail_end_section (&tail);
  return !tail.differs && tail.n_sections == shown->tail->len;
}

void
kh_results_breakdown_fill (GtkBox      *box,
                           KhPlan      *plan,
                           KhPlan      *previous,
                           guint        unit,
                           KhLikeCache *cache)
{
  GtkWidget *group;
  Shown *shown;
  guint n_nodes;

  g_return_if_fail (GTK_IS_BOX (box));

  g_object_set_data (G_OBJECT (box), SHOWN_KEY, NULL);
  if (plan == NULL || unit == KH_DATASET_NONE || unit >= kh_plan_get_n_units (plan))
    {
      GtkWidget *status = adw_status_page_new ();

      adw_status_page_set_icon_name (ADW_STATUS_PAGE (status), "view-reveal-symbolic");
      adw_status_page_set_title (ADW_STATUS_PAGE (status), _("Select a Unit"));
      kh_ui_status_page_set_description (ADW_STATUS_PAGE (status),
                                         _("Its scores per paper and dimension, every indicator "
                                             "and what changed since last year appear here."));
      gtk_widget_add_css_class (status, "compact");
      gtk_box_append (box, status);
      return;
    }

  n_nodes = kh_plan_get_n_nodes (plan);
  shown = g_new0 (Shown, 1);
  shown->unit_key = unit_key (plan, unit);
  shown->node_keys = node_keys (plan);
  shown->paper = g_new0 (GtkWidget *, MAX (n_nodes, 1));
  shown->cells = g_new0 (GtkWidget *, MAX (n_nodes, 1) * 4);
  shown->tail = g_array_new (FALSE, FALSE, sizeof (TailSection));
  g_array_set_clear_func (shown->tail, (GDestroyNotify) tail_section_clear);
  {
    g_autoptr (KhResultRow) row = kh_result_row_new (plan, unit);
    g_autofree char *subtitle = title_description (plan, unit);

    group = add_section (box, kh_result_row_get_name (row), subtitle);
    gtk_widget_add_css_class (group, "kh-breakdown-title");
    shown->title = group;
  }

  group = add_section (box, _("Papers and Dimensions"), NULL);
  for (guint n = 1; n < n_nodes; n++)
    {
      const KhNode *node = kh_plan_get_node (plan, n);
      g_autofree char *text = NULL;
      g_autofree char *title = NULL;

      if (node->kind == KH_NODE_INDICATOR)
        continue;
      text = paper_text (plan, unit, n);
      title = g_strdup_printf ("%*s%s", (node_depth (node) - 1) * 4, "", node_name (node));
      shown->paper[n] = add_value_row (group, title, NULL, text, NULL);
    }
  add_indicator_grid (box, plan, unit, shown);
  add_tail (box, shown, FALSE, plan, previous, unit, cache);
  g_object_set_data_full (G_OBJECT (box), SHOWN_KEY, shown, (GDestroyNotify) shown_free);
}

gboolean
kh_results_breakdown_update (GtkBox      *box,
                             KhPlan      *plan,
                             KhPlan      *previous,
                             guint        unit,
                             KhLikeCache *cache)
{
  Shown *shown;
  GtkWidget *child;
  g_autofree char *key = NULL;

  g_return_val_if_fail (GTK_IS_BOX (box), FALSE);

  shown = g_object_get_data (G_OBJECT (box), SHOWN_KEY);
  if (shown == NULL || plan == NULL || unit == KH_DATASET_NONE || unit >= kh_plan_get_n_units (plan))
    return FALSE;
  key = unit_key (plan, unit);
  if (g_strcmp0 (shown->unit_key, key) != 0 || !same_nodes (shown, plan))
    return FALSE;

  {
    g_autofree char *description = title_description (plan, unit);
    g_autofree char *escaped = g_markup_escape_text (description, -1);

    if (g_strcmp0 (adw_preferences_group_get_description (ADW_PREFERENCES_GROUP (shown->title)),
                   escaped) != 0)
      adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (shown->title), escaped);
  }
  for (guint n = 0; n < kh_plan_get_n_nodes (plan); n++)
    {
      if (shown->paper[n] != NULL)
        {
          g_autofree char *text = paper_text (plan, unit, n);

          if (g_strcmp0 (gtk_label_get_text (GTK_LABEL (shown->paper[n])), text) != 0)
            gtk_label_set_text (GTK_LABEL (shown->paper[n]), text);
        }
      if (shown->cells[n * 4] != NULL)
        show_indicator (&shown->cells[n * 4], plan, unit, n);
    }
  /* what follows the grid: the same sections and rows, their texts set; else made again */
  if (add_tail (box, shown, TRUE, plan, previous, unit, cache))
    return TRUE;
  while ((child = gtk_widget_get_next_sibling (shown->grid_group)) != NULL)
    gtk_box_remove (box, child);
  g_array_set_size (shown->tail, 0);
  add_tail (box, shown, FALSE, plan, previous, unit, cache);
  return TRUE;
}
