/* kh-spec-editor.c — the uncertain inputs of a year and category's sensitivity analysis,
 * edited in a window and stored as the project's spec
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The window's widgets make the spec's key-file text (one writer: make_text()), which
 * Apply reads with the spec parser and checks against the plan as the CLI does; so the
 * window refuses exactly what `kaohe-cli sensitivity --store-spec` would refuse. The
 * problems name the input ("input “NAME”: …") rather than lines of a text the user
 * never saw.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "analysis/kh-analysis.h"
#include "analysis/kh-sensitivity.h"
#include "kh-spec-editor.h"
#include "kh-ui-window.h"
#include "kh-ui.h"

typedef struct
{
  KhInputKind kind;
  GtkWidget *row;
  GtkEditable *name;
  GtkWidget *node;       /* a GtkDropDown of node ids, or a GtkEntry of ids "a; b" */
  GtkCheckButton *children;
  GtkSpinButton *amount; /* range (%), concentration or the tiers' range */
  GtkEditable *text;     /* alternatives, or the indicators left out */
} Row;

typedef struct
{
  KhDocument *document;
  char *group_id;
  char *category;
  guint runs;            /* kept from the spec the window started from */
  gboolean has_design;
  KhDesignKind design;
  GPtrArray *node_ids;   /* of char*: every node, as the node drop-downs list them */
  GtkStringList *node_names;
  GPtrArray *parent_ids; /* nodes with children */
  GtkStringList *parent_names;
  GPtrArray *indicator_ids;
  GtkStringList *indicator_names;
  GPtrArray *rows;       /* of Row* */

  GtkWindow *window;
  GtkCheckButton *weights_check;
  GtkSpinButton *weights_range;
  GtkSpinButton *seed;
  GtkListBox *list;
  GtkDropDown *add_kind;
  GtkLabel *message;
} Editor;

static const KhInputKind kinds[] = { KH_INPUT_WEIGHTS, KH_INPUT_DIRICHLET, KH_INPUT_METHOD,
                                     KH_INPUT_MISSING, KH_INPUT_LEAVE_OUT, KH_INPUT_TIERS };

/* The name of a new input of @kind, and the kind in the Add drop-down. */
static const char *
kind_label (KhInputKind kind)
{
  switch (kind)
    {
    case KH_INPUT_WEIGHTS:
      return _("Weights");
    case KH_INPUT_DIRICHLET:
      return _("Dirichlet weights");
    case KH_INPUT_METHOD:
      return _("Scoring methods");
    case KH_INPUT_MISSING:
      return _("Missing-data rules");
    case KH_INPUT_LEAVE_OUT:
      return _("One indicator left out");
    case KH_INPUT_TIERS:
    default:
      return _("Tier cut-offs");
    }
}

static void
editor_free (Editor *e)
{
  g_object_unref (e->document);
  g_free (e->group_id);
  g_free (e->category);
  g_ptr_array_unref (e->node_ids);
  g_object_unref (e->node_names);
  g_ptr_array_unref (e->parent_ids);
  g_object_unref (e->parent_names);
  g_ptr_array_unref (e->indicator_ids);
  g_object_unref (e->indicator_names);
  g_ptr_array_unref (e->rows);
  g_free (e);
}

typedef struct
{
  Editor *e;
  KhLang lang;
} Collect;

static gboolean
collect_node (KhNode  *node,
              gpointer user_data)
{
  Collect *c = user_data;
  const char *name = kh_text_get (&node->name, c->lang);
  /* TRANSLATORS: a node in the spec editor's lists: its name and id */
  g_autofree char *label = name != NULL ? g_strdup_printf (_("%s (%s)"), name, node->id)
                                        : g_strdup (node->id);

  g_ptr_array_add (c->e->node_ids, g_strdup (node->id));
  gtk_string_list_append (c->e->node_names, label);
  if (node->children != NULL && node->children->len > 0)
    {
      g_ptr_array_add (c->e->parent_ids, g_strdup (node->id));
      gtk_string_list_append (c->e->parent_names, label);
    }
  if (node->kind == KH_NODE_INDICATOR)
    {
      g_ptr_array_add (c->e->indicator_ids, g_strdup (node->id));
      gtk_string_list_append (c->e->indicator_names, label);
    }
  return TRUE;
}

/* ---- rows ----------------------------------------------------------------------------- */

static void
remove_clicked (GtkButton *button,
                Editor    *e)
{
  Row *row = g_object_get_data (G_OBJECT (button), "row");

  gtk_list_box_remove (e->list, row->row);
  g_ptr_array_remove (e->rows, row);
}

static GtkSpinButton *
new_spin (double      lower,
          double      upper,
          double      step,
          guint       digits,
          double      value,
          const char *name,
          const char *tooltip)
{
  GtkSpinButton *spin = GTK_SPIN_BUTTON (gtk_spin_button_new_with_range (lower, upper, step));

  gtk_spin_button_set_digits (spin, digits);
  gtk_spin_button_set_value (spin, value);
  gtk_widget_set_name (GTK_WIDGET (spin), name);
  gtk_widget_set_tooltip_text (GTK_WIDGET (spin), tooltip);
  gtk_widget_set_valign (GTK_WIDGET (spin), GTK_ALIGN_CENTER);
  return spin;
}

static GtkWidget *
new_entry (const char *name,
           const char *text,
           const char *placeholder,
           const char *tooltip)
{
  GtkWidget *entry = gtk_entry_new ();

  gtk_widget_set_name (entry, name);
  gtk_editable_set_text (GTK_EDITABLE (entry), text != NULL ? text : "");
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), placeholder);
  gtk_widget_set_tooltip_text (entry, tooltip);
  gtk_widget_set_hexpand (entry, TRUE);
  gtk_widget_set_valign (entry, GTK_ALIGN_CENTER);
  return entry;
}

/* A drop-down of @ids (shown as @names) with @id selected, or, when @nodes lists several
 * (a spec file may), an entry of them all "a; b". */
static GtkWidget *
new_node_choice (GPtrArray     *ids,
                 GtkStringList *names,
                 GPtrArray     *nodes,
                 const char    *tooltip)
{
  GtkWidget *widget;
  guint index = 0;

  if (nodes != NULL && nodes->len > 1)
    {
      g_autoptr (GString) text = g_string_new (NULL);

      for (guint n = 0; n < nodes->len; n++)
        g_string_append_printf (text, "%s%s", n > 0 ? "; " : "", (char *) nodes->pdata[n]);
      return new_entry ("node", text->str, _("node ids, separated by ;"), tooltip);
    }
  widget = gtk_drop_down_new (G_LIST_MODEL (g_object_ref (names)), NULL);
  if (nodes != NULL && nodes->len == 1)
    g_ptr_array_find_with_equal_func (ids, nodes->pdata[0], g_str_equal, &index);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (widget), index);
  g_object_set_data (G_OBJECT (widget), "ids", ids);
  gtk_widget_set_name (widget, "node");
  gtk_widget_set_tooltip_text (widget, tooltip);
  gtk_widget_set_valign (widget, GTK_ALIGN_CENTER);
  gtk_widget_set_size_request (widget, 200, -1);
  return widget;
}

/* A free name for a new input of @kind: its kind, then "… 2", "… 3". */
static char *
free_name (Editor     *e,
           KhInputKind kind)
{
  for (guint n = 1;; n++)
    {
      g_autofree char *name = n == 1 ? g_strdup (kind_label (kind))
                                     : g_strdup_printf ("%s %u", kind_label (kind), n);
      gboolean taken = FALSE;

      for (guint r = 0; r < e->rows->len && !taken; r++)
        taken = strcmp (gtk_editable_get_text (((Row *) e->rows->pdata[r])->name), name) == 0;
      if (!taken)
        return g_steal_pointer (&name);
    }
}

/* Adds a row for @input, or a new input of @kind when @input is NULL. */
static void
add_row (Editor                 *e,
         KhInputKind             kind,
         const KhUncertainInput *input)
{
  Row *row = g_new0 (Row, 1);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *label, *button, *name;
  g_autofree char *fresh = input == NULL ? free_name (e, kind) : NULL;
  g_autofree char *alternatives = input != NULL ? kh_uncertain_input_alternatives_text (input) : NULL;
  GPtrArray *nodes = input != NULL ? input->nodes : NULL;

  row->kind = kind;
  gtk_widget_set_margin_start (box, 6);
  gtk_widget_set_margin_end (box, 6);
  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  name = new_entry ("name", input != NULL ? input->name : fresh, _("Name"),
                    _("The input's name, shown in the results"));
  gtk_widget_set_hexpand (name, FALSE);
  gtk_editable_set_width_chars (GTK_EDITABLE (name), 14);
  row->name = GTK_EDITABLE (name);
  gtk_box_append (GTK_BOX (box), name);
  label = gtk_label_new (kind_label (kind));
  gtk_widget_add_css_class (label, "dim-label");
  gtk_label_set_width_chars (GTK_LABEL (label), 12);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_box_append (GTK_BOX (box), label);

  switch (kind)
    {
    case KH_INPUT_WEIGHTS:
      row->node = new_node_choice (e->node_ids, e->node_names, nodes, _("The node whose weight varies"));
      gtk_box_append (GTK_BOX (box), row->node);
      row->children = GTK_CHECK_BUTTON (gtk_check_button_new_with_mnemonic (_("Its c_hildren")));
      gtk_widget_set_name (GTK_WIDGET (row->children), "children");
      gtk_widget_set_tooltip_text (GTK_WIDGET (row->children),
                                   _("Vary the weights of the node's children instead, one each"));
      gtk_check_button_set_active (row->children, input != NULL && input->children);
      gtk_box_append (GTK_BOX (box), GTK_WIDGET (row->children));
      gtk_box_append (GTK_BOX (box), gtk_label_new ("±"));
      row->amount = new_spin (1, 99, 1, 0, input != NULL ? input->amount * 100 : 25, "range",
                              _("How far the weight may move, in percent of its value"));
      gtk_box_append (GTK_BOX (box), GTK_WIDGET (row->amount));
      gtk_box_append (GTK_BOX (box), gtk_label_new ("%"));
      break;
    case KH_INPUT_DIRICHLET:
      row->node = new_node_choice (e->parent_ids, e->parent_names, nodes,
                                   _("The node whose children's weights are drawn together"));
      gtk_box_append (GTK_BOX (box), row->node);
      gtk_box_append (GTK_BOX (box), gtk_label_new (_("concentration")));
      row->amount = new_spin (0.1, 100000, 1, 1, input != NULL ? input->amount : 50, "concentration",
                              _("Larger is closer to the nominal weights"));
      gtk_box_append (GTK_BOX (box), GTK_WIDGET (row->amount));
      break;
    case KH_INPUT_METHOD:
    case KH_INPUT_MISSING:
      row->node = new_node_choice (e->indicator_ids, e->indicator_names, nodes, _("The indicator"));
      gtk_box_append (GTK_BOX (box), row->node);
      row->text = GTK_EDITABLE (new_entry (
        "alternatives", alternatives,
        kind == KH_INPUT_METHOD ? "rank; percentile; zscore(mean=2, sd=1)" : "zero; mean; median",
        kind == KH_INPUT_METHOD ? _("The other scoring methods, separated by ; (parameters as in "
                                    "<scoring>, e.g. zscore(mean=2, sd=1))")
                                : _("The other missing-data rules, separated by ; (reweight, zero, "
                                    "mean, median, previous)")));
      gtk_box_append (GTK_BOX (box), GTK_WIDGET (row->text));
      break;
    case KH_INPUT_LEAVE_OUT:
      {
        g_autoptr (GString) text = g_string_new (NULL);

        for (guint n = 0; nodes != NULL && n < nodes->len; n++)
          g_string_append_printf (text, "%s%s", n > 0 ? "; " : "", (char *) nodes->pdata[n]);
        row->text = GTK_EDITABLE (new_entry ("indicators", text->len > 0 ? text->str : "*",
                                             _("* or indicator ids, separated by ;"),
                                             _("The indicators that may be left out: * for every one")));
        gtk_box_append (GTK_BOX (box), GTK_WIDGET (row->text));
      }
      break;
    case KH_INPUT_TIERS:
    default:
      gtk_box_append (GTK_BOX (box), gtk_label_new ("±"));
      row->amount = new_spin (0.01, 1000, 1, 2, input != NULL ? input->amount : 1, "range",
                              _("How far each cut-off may move: places for tiers by count, a "
                                "share for tiers by share, points for thresholds"));
      gtk_box_append (GTK_BOX (box), GTK_WIDGET (row->amount));
      label = gtk_label_new (NULL);
      gtk_widget_set_hexpand (label, TRUE);
      gtk_box_append (GTK_BOX (box), label);
      break;
    }

  /* the remove buttons in a column */
  if (row->text == NULL && kind != KH_INPUT_TIERS)
    {
      label = gtk_label_new (NULL);
      gtk_widget_set_hexpand (label, TRUE);
      gtk_box_append (GTK_BOX (box), label);
    }
  button = gtk_button_new_from_icon_name ("list-remove-symbolic");
  gtk_widget_set_name (button, "remove");
  gtk_widget_set_tooltip_text (button, _("Remove this input"));
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  g_object_set_data (G_OBJECT (button), "row", row);
  g_signal_connect (button, "clicked", G_CALLBACK (remove_clicked), e);
  gtk_box_append (GTK_BOX (box), button);

  row->row = gtk_list_box_row_new ();
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row->row), box);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row->row), FALSE);
  gtk_list_box_append (e->list, row->row);
  g_ptr_array_add (e->rows, row);
}

/* The window shows @spec (NULL: every weight ± @range). */
static void
set_spec (Editor                  *e,
          const KhSensitivitySpec *spec,
          double                   range)
{
  while (e->rows->len > 0)
    {
      Row *row = e->rows->pdata[e->rows->len - 1];

      gtk_list_box_remove (e->list, row->row);
      g_ptr_array_remove_index (e->rows, e->rows->len - 1);
    }
  gtk_check_button_set_active (e->weights_check, spec == NULL || spec->weights > 0);
  gtk_spin_button_set_value (e->weights_range,
                             round (100 * (spec == NULL ? range : spec->weights > 0 ? spec->weights : 0.25)));
  gtk_spin_button_set_value (e->seed, spec != NULL ? spec->seed : KH_SENSITIVITY_DEFAULT_SEED);
  e->runs = spec != NULL ? spec->runs : KH_SENSITIVITY_DEFAULT_RUNS;
  e->has_design = spec != NULL && spec->has_design;
  e->design = spec != NULL ? spec->design : 0;
  for (guint i = 0; spec != NULL && i < spec->inputs->len; i++)
    {
      const KhUncertainInput *input = spec->inputs->pdata[i];

      add_row (e, input->kind, input);
    }
  gtk_label_set_text (e->message, "");
}

/* ---- the text ------------------------------------------------------------------------- */

static char *
format_number (double value)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  return g_strdup (g_ascii_formatd (buffer, sizeof buffer, "%.10g", value));
}

static char *
node_text (GtkWidget *node)
{
  GPtrArray *ids;
  guint selected;

  if (GTK_IS_EDITABLE (node))
    return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (node))));
  ids = g_object_get_data (G_OBJECT (node), "ids");
  selected = gtk_drop_down_get_selected (GTK_DROP_DOWN (node));
  return g_strdup (selected < ids->len ? ids->pdata[selected] : "");
}

static guint
count_lines (GString *text)
{
  guint n = 0;

  for (gsize i = 0; i < text->len; i++)
    n += text->str[i] == '\n';
  return n;
}

/* The spec's key-file text; @owners (of char*, may be NULL) gets, for each line of it, the
 * name of the input it declares ("" for [sensitivity]). */
static char *
make_text (Editor    *e,
           GPtrArray *owners)
{
  GString *out = g_string_new ("[sensitivity]\n");

  if (e->runs != KH_SENSITIVITY_DEFAULT_RUNS)
    g_string_append_printf (out, "runs = %u\n", e->runs);
  g_string_append_printf (out, "seed = %.0f\n", gtk_spin_button_get_value (e->seed));
  if (e->has_design)
    g_string_append_printf (out, "design = %s\n", kh_design_kind_to_string (e->design));
  if (gtk_check_button_get_active (e->weights_check))
    g_string_append_printf (out, "weights = %.0f%%\n", gtk_spin_button_get_value (e->weights_range));
  while (owners != NULL && owners->len < count_lines (out))
    g_ptr_array_add (owners, g_strdup (""));
  for (guint r = 0; r < e->rows->len; r++)
    {
      Row *row = e->rows->pdata[r];
      g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (row->name)));
      g_autofree char *node = row->node != NULL ? node_text (row->node) : NULL;
      g_autofree char *text = row->text != NULL ? g_strstrip (g_strdup (gtk_editable_get_text (row->text)))
                                                : NULL;
      g_autofree char *amount = row->amount != NULL ? format_number (gtk_spin_button_get_value (row->amount))
                                                    : NULL;

      g_string_append_printf (out, "\n[input %s]\nkind = %s\n", name, kh_input_kind_to_string (row->kind));
      switch (row->kind)
        {
        case KH_INPUT_WEIGHTS:
          g_string_append_printf (out, "%s = %s\nrange = %.0f%%\n",
                                  gtk_check_button_get_active (row->children) ? "children" : "nodes", node,
                                  gtk_spin_button_get_value (row->amount));
          break;
        case KH_INPUT_DIRICHLET:
          g_string_append_printf (out, "parent = %s\nconcentration = %s\n", node, amount);
          break;
        case KH_INPUT_METHOD:
        case KH_INPUT_MISSING:
          g_string_append_printf (out, "indicator = %s\nalternatives = %s\n", node, text);
          break;
        case KH_INPUT_LEAVE_OUT:
          g_string_append_printf (out, "indicators = %s\n", text);
          break;
        case KH_INPUT_TIERS:
        default:
          g_string_append_printf (out, "range = %s\n", amount);
          break;
        }
      if (owners != NULL)
        {
          /* the blank line before the group belongs to it too */
          while (owners->len < count_lines (out))
            g_ptr_array_add (owners, g_strdup (name));
        }
    }
  return g_string_free (out, FALSE);
}

/* The parser's "spec:LINE: " prefixes replaced with the input's name. */
static char *
name_problems (const char *message,
               GPtrArray  *owners)
{
  g_auto (GStrv) lines = g_strsplit (message, "\n", -1);
  GString *out = g_string_new (NULL);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      guint line = 0;
      int used = 0;

      g_string_append (out, i > 0 ? "\n" : "");
      if (sscanf (lines[i], "spec:%u: %n", &line, &used) == 1 && used > 0 && line >= 1
          && line <= owners->len && *(char *) owners->pdata[line - 1] != '\0')
        {
          /* TRANSLATORS: before a problem of an input in the spec editor */
          g_string_append_printf (out, _("input “%s”: "), (char *) owners->pdata[line - 1]);
          g_string_append (out, lines[i] + used);
        }
      else if (g_str_has_prefix (lines[i], "spec:"))
        g_string_append (out, g_strchug (lines[i] + strlen ("spec:")));
      else
        g_string_append (out, lines[i]);
    }
  return g_string_free (out, FALSE);
}

/* ---- buttons -------------------------------------------------------------------------- */

static void
apply_clicked (GtkButton *button,
               Editor    *e)
{
  g_autoptr (GPtrArray) owners = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *text = make_text (e, owners);
  g_autoptr (KhSensitivitySpec) spec = NULL;
  g_autoptr (KhSensitivity) s = NULL;
  g_autoptr (GError) error = NULL;
  KhPlan *plan = kh_document_get_plan (e->document);

  for (guint r = 0; r < e->rows->len; r++)
    {
      g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (((Row *) e->rows->pdata[r])->name)));

      if (name[0] == '\0' || strpbrk (name, "[]") != NULL)
        {
          g_autofree char *why = g_strdup_printf (_("Input %u needs a name without [ or ]"), r + 1);

          gtk_label_set_text (e->message, why);
          gtk_widget_grab_focus (GTK_WIDGET (((Row *) e->rows->pdata[r])->name));
          return;
        }
    }
  spec = kh_sensitivity_spec_parse (text, -1, "spec", &error);
  if (spec != NULL)
    {
      /* the checks name the inputs, not lines of this text */
      g_clear_pointer (&spec->source, g_free);
      for (guint i = 0; i < spec->inputs->len; i++)
        ((KhUncertainInput *) spec->inputs->pdata[i])->line = 0;
      if (plan == NULL)
        g_set_error (&error, KH_ANALYSIS_ERROR, KH_ANALYSIS_ERROR_SPEC,
                     _("The framework does not compute, so the spec cannot be checked: %s"),
                     kh_document_get_plan_error (e->document));
      else if (e->group_id != NULL || kh_plan_get_framework (plan)->groups->len <= 1)
        s = kh_sensitivity_new (plan, e->group_id, spec, &error);
      else
        {
          /* All the category's groups shown: the spec is stored for the category and
           * used for whichever group is chosen, so it must hold in each of them. */
          GPtrArray *groups = kh_plan_get_framework (plan)->groups;

          for (guint g = 0; g < groups->len; g++)
            {
              const char *id = ((KhGroup *) groups->pdata[g])->id;

              g_clear_pointer (&s, kh_sensitivity_free);
              s = kh_sensitivity_new (plan, id, spec, &error);
              if (s == NULL)
                {
                  /* TRANSLATORS: %s is the id of a peer group; a reason follows */
                  g_prefix_error (&error, _("group “%s”: "), id);
                  break;
                }
            }
        }
    }
  if (s == NULL
      || !kh_document_set_sensitivity_spec (e->document, e->category, text, &error))
    {
      g_autofree char *why = name_problems (error->message, owners);

      gtk_label_set_text (e->message, why);
      return;
    }
  gtk_window_close (e->window);
}

static void
cancel_clicked (GtkButton *button,
                Editor    *e)
{
  gtk_window_close (e->window);
}

static void
default_clicked (GtkButton *button,
                 Editor    *e)
{
  set_spec (e, NULL, 0.25);
}

static void
add_clicked (GtkButton *button,
             Editor    *e)
{
  guint selected = gtk_drop_down_get_selected (e->add_kind);

  add_row (e, kinds[MIN (selected, G_N_ELEMENTS (kinds) - 1)], NULL);
}

static void
weights_toggled (Editor *e)
{
  gtk_widget_set_sensitive (GTK_WIDGET (e->weights_range), gtk_check_button_get_active (e->weights_check));
}

GtkWindow *
kh_spec_editor_open (GtkWindow               *parent_window,
                     KhDocument              *document,
                     const char              *group_id,
                     const KhSensitivitySpec *current,
                     const char              *current_name,
                     double                   range)
{
  Editor *e = g_new0 (Editor, 1);
  Collect collect = { e, kh_ui_get_lang () };
  GtkWidget *box, *line, *scroller, *label, *button, *buttons;
  g_autoptr (GtkStringList) kind_names = gtk_string_list_new (NULL);
  g_autofree char *in_use = NULL;
  g_autofree char *title = NULL;

  g_return_val_if_fail (KH_IS_DOCUMENT (document), NULL);

  e->document = g_object_ref (document);
  e->group_id = g_strdup (group_id);
  e->category = g_strdup (kh_document_get_category (document));
  e->node_ids = g_ptr_array_new_with_free_func (g_free);
  e->node_names = gtk_string_list_new (NULL);
  e->parent_ids = g_ptr_array_new_with_free_func (g_free);
  e->parent_names = gtk_string_list_new (NULL);
  e->indicator_ids = g_ptr_array_new_with_free_func (g_free);
  e->indicator_names = gtk_string_list_new (NULL);
  e->rows = g_ptr_array_new_with_free_func (g_free);
  if (kh_document_get_framework (document) != NULL)
    kh_framework_foreach_node (kh_document_get_framework (document), collect_node, &collect);

  e->window = GTK_WINDOW (gtk_window_new ());
  g_object_set_data_full (G_OBJECT (e->window), "kh-spec-editor", e, (GDestroyNotify) editor_free);
  /* TRANSLATORS: the spec editor's title, e.g. "Uncertain Inputs of 2020 “city”" */
  title = g_strdup_printf (_("Uncertain Inputs of %d “%s”"), kh_document_get_year (document),
                           e->category != NULL ? e->category : "");
  /* Escape closes without storing. */
  box = kh_ui_window_set_up (e->window, parent_window, title, 1000, 560);

  /* TRANSLATORS: the spec in use when the editor opens, e.g. "In use: the spec stored for 2020 “city”" */
  in_use = current_name != NULL ? g_strdup_printf (_("In use: %s"), current_name)
                                /* TRANSLATORS: the spec in use when none is stored or opened */
                                : g_strdup_printf (_("In use: every weight ± %.0f %% (the default)"),
                                                   100 * range);
  label = gtk_label_new (in_use);
  gtk_widget_set_name (label, "current");
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_widget_add_css_class (label, "heading");
  gtk_box_append (GTK_BOX (box), label);

  line = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  e->weights_check = GTK_CHECK_BUTTON (gtk_check_button_new_with_mnemonic (_("Every other _weight ±")));
  gtk_widget_set_name (GTK_WIDGET (e->weights_check), "weights-check");
  gtk_widget_set_tooltip_text (GTK_WIDGET (e->weights_check),
                               _("Every weight not declared below varies too, one input per parent"));
  gtk_box_append (GTK_BOX (line), GTK_WIDGET (e->weights_check));
  e->weights_range = new_spin (1, 99, 1, 0, 25, "weights-range",
                               _("How far every other weight may move, in percent of its value"));
  gtk_box_append (GTK_BOX (line), GTK_WIDGET (e->weights_range));
  gtk_box_append (GTK_BOX (line), gtk_label_new ("%"));
  label = gtk_label_new_with_mnemonic (_("_Seed"));
  gtk_widget_set_margin_start (label, 12);
  gtk_box_append (GTK_BOX (line), label);
  e->seed = new_spin (0, G_MAXUINT32, 1, 0, KH_SENSITIVITY_DEFAULT_SEED, "seed",
                      _("The design's seed: the same seed gives the same result"));
  gtk_label_set_mnemonic_widget (GTK_LABEL (label), GTK_WIDGET (e->seed));
  gtk_box_append (GTK_BOX (line), GTK_WIDGET (e->seed));
  label = gtk_label_new (NULL);
  gtk_widget_set_hexpand (label, TRUE);
  gtk_box_append (GTK_BOX (line), label);
  button = gtk_button_new_with_mnemonic (_("Weights ± _25 %"));
  gtk_widget_set_name (button, "default");
  gtk_widget_set_tooltip_text (button, _("Back to the default: every weight ± 25 %, no other input"));
  g_signal_connect (button, "clicked", G_CALLBACK (default_clicked), e);
  gtk_box_append (GTK_BOX (line), button);
  gtk_box_append (GTK_BOX (box), line);
  g_signal_connect_swapped (e->weights_check, "toggled", G_CALLBACK (weights_toggled), e);

  e->list = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_list_box_set_selection_mode (e->list, GTK_SELECTION_NONE);
  gtk_widget_add_css_class (GTK_WIDGET (e->list), "boxed-list");
  label = gtk_label_new (_("No other input: add one below"));
  gtk_widget_add_css_class (label, "dim-label");
  gtk_widget_set_margin_top (label, 12);
  gtk_widget_set_margin_bottom (label, 12);
  gtk_list_box_set_placeholder (e->list, label);
  scroller = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_AUTOMATIC, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), GTK_WIDGET (e->list));
  gtk_widget_set_vexpand (scroller, TRUE);
  gtk_box_append (GTK_BOX (box), scroller);

  line = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  for (guint k = 0; k < G_N_ELEMENTS (kinds); k++)
    gtk_string_list_append (kind_names, kind_label (kinds[k]));
  e->add_kind = GTK_DROP_DOWN (gtk_drop_down_new (G_LIST_MODEL (g_object_ref (kind_names)), NULL));
  gtk_widget_set_name (GTK_WIDGET (e->add_kind), "add-kind");
  gtk_widget_set_tooltip_text (GTK_WIDGET (e->add_kind), _("The kind of input to add"));
  gtk_box_append (GTK_BOX (line), GTK_WIDGET (e->add_kind));
  button = gtk_button_new_with_mnemonic (_("A_dd Input"));
  gtk_widget_set_name (button, "add");
  g_signal_connect (button, "clicked", G_CALLBACK (add_clicked), e);
  gtk_box_append (GTK_BOX (line), button);
  gtk_box_append (GTK_BOX (box), line);

  e->message = GTK_LABEL (gtk_label_new (""));
  gtk_widget_set_name (GTK_WIDGET (e->message), "message");
  gtk_label_set_wrap (e->message, TRUE);
  gtk_label_set_xalign (e->message, 0);
  gtk_label_set_selectable (e->message, TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (e->message), "error");
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (e->message));

  buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_widget_set_halign (buttons, GTK_ALIGN_END);
  button = kh_ui_window_add_cancel_apply (GTK_BOX (buttons), G_CALLBACK (cancel_clicked),
                                          G_CALLBACK (apply_clicked), e);
  gtk_widget_set_tooltip_text (button, _("Check the inputs against the framework and store them as "
                                         "the spec of the year and category (Ctrl+Z undoes it)"));
  gtk_box_append (GTK_BOX (box), buttons);

  set_spec (e, current, range);
  weights_toggled (e);
  gtk_window_present (e->window);
  return e->window;
}

char *
kh_spec_editor_get_text (GtkWindow *editor)
{
  Editor *e = g_object_get_data (G_OBJECT (editor), "kh-spec-editor");

  g_return_val_if_fail (e != NULL, NULL);
  return make_text (e, NULL);
}
