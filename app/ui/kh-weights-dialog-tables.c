/* kh-weights-dialog-tables.c — the Weights… window's tables: the children's shares, weights
 * and effects now and proposed, the group's ranking with the proposed weights, the AHP
 * consistency and the notes on the proposal (see kh-weights-dialog.c)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "kh-ui-window.h"
#include "kh-ui.h"
#include "kh-weights-dialog-private.h"

static char *
format_fixed (double value,
              int    digits)
{
  return isnan (value) ? g_strdup ("—") : g_strdup_printf ("%.*f", digits, value);
}

static void
fill_table (KhWeightsDialog *self)
{
  KhWeightProposal *p = self->proposal;
  const char *headings[] = { C_("weights table", "Item"), _("Points"), _("Share Now"),
                             _("Proposed"), _("Weight Now"), _("Proposed"), _("Effect Now"),
                             _("Proposed") };

  kh_ui_grid_clear (self->table);
  if (p == NULL)
    return;
  for (guint c = 0; c < G_N_ELEMENTS (headings); c++)
    kh_ui_grid_label (self->table, headings[c], (int) c, 0, c == 0 ? 0 : 1.0f);
  for (guint i = 0; i < p->items->len; i++)
    {
      const KhNode *child = p->items->pdata[i];
      double values[] = { child->points, kh_node_share (child),
                          self->computed ? p->shares[i] : NAN, child->weight,
                          self->computed ? p->weights[i] : NAN, self->computed ? p->effect_now[i] : NAN,
                          self->computed ? p->effect_proposed[i] : NAN };
      int row = (int) i + 1;

      gtk_widget_set_tooltip_text (
        kh_ui_grid_label (self->table, kh_ui_node_name (child), 0, row, 0), child->id);
      for (guint c = 0; c < G_N_ELEMENTS (values); c++)
        {
          g_autofree char *text = format_fixed (values[c], c == 0 ? 2 : 4);
          GtkWidget *label = kh_ui_grid_label (self->table, text, (int) c + 1, row, 1.0f);

          if (c == 2 || c == 4 || c == 6)
            gtk_widget_add_css_class (label, "accent");
        }
    }
}

static char *
format_rank (int rank)
{
  return rank > 0 ? g_strdup_printf ("%d", rank) : g_strdup ("—");
}

/* The group's ranking with the proposed weights beside the current one. */
static void
fill_ranking (KhWeightsDialog *self)
{
  KhWeightProposal *p = self->proposal;
  const char *headings[] = { _("Unit"), _("Rank Now"), _("Proposed"), _("Change"),
                             _("Total Now"), _("Proposed") };
  g_autoptr (GArray) order = NULL;
  KhDataset *ds;

  kh_ui_grid_clear (self->ranking);
  if (p == NULL || !self->computed || p->proposed == NULL)
    {
      gtk_label_set_text (self->summary, "");
      return;
    }
  {
    g_autofree char *summary = g_strdup_printf (
      g_dngettext (GETTEXT_PACKAGE, "With these weights %u of %u unit changes rank:",
                   "With these weights %u of %u units change rank:", p->units->len),
      p->n_rank_changes, p->units->len);

    gtk_label_set_text (self->summary, summary);
  }
  ds = kh_plan_get_dataset (p->plan);
  for (guint c = 0; c < G_N_ELEMENTS (headings); c++)
    kh_ui_grid_label (self->ranking, headings[c], (int) c, 0, c == 0 ? 0 : 1.0f);
  order = kh_weight_proposal_ranking (p);
  for (guint k = 0; k < order->len; k++)
    {
      const KhWeightRank *r = &g_array_index (order, KhWeightRank, k);
      guint u = r->unit;
      int digits = r->digits;
      int was = r->rank_now, now = r->rank_proposed;
      const char *name = kh_dataset_get_unit_name (ds, u);
      g_autofree char *was_text = format_rank (was), *now_text = format_rank (now);
      g_autofree char *change = was > 0 && now > 0 && was != now
                                  ? g_strdup_printf ("%+d", was - now)
                                  : g_strdup (was > 0 && now > 0 ? "0" : "");
      g_autofree char *total_was = format_fixed (kh_plan_get_rounded_total (p->plan, u), digits);
      g_autofree char *total_now = format_fixed (kh_plan_get_rounded_total (p->proposed, u),
                                                 digits);
      int row = (int) k + 1;
      GtkWidget *label;

      kh_ui_grid_label (self->ranking, name != NULL ? name : kh_dataset_get_unit_id (ds, u), 0,
                        row, 0);
      kh_ui_grid_label (self->ranking, was_text, 1, row, 1.0f);
      kh_ui_grid_label (self->ranking, now_text, 2, row, 1.0f);
      label = kh_ui_grid_label (self->ranking, change, 3, row, 1.0f);
      if (was > 0 && now > 0 && was != now)
        gtk_widget_add_css_class (label, was > now ? "success" : "error");
      kh_ui_grid_label (self->ranking, total_was, 4, row, 1.0f);
      kh_ui_grid_label (self->ranking, total_now, 5, row, 1.0f);
    }
}

/* Group AHP: each expert's CR, those above 0.1 named, and what is weighed. */
static void
show_experts_cr (KhWeightsDialog *self)
{
  g_autoptr (GString) text = g_string_new (NULL);
  const KhWeightProposal *p = self->proposal;

  gtk_widget_set_visible (GTK_WIDGET (self->experts_cr), self->n_ahp > 1);
  if (self->n_ahp < 2 || p == NULL || !self->computed || p->expert_cr == NULL)
    {
      gtk_label_set_text (self->experts_cr, "");
      return;
    }
  g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE,
                                             "Group AHP: the weights below are those of the "
                                             "element-wise geometric mean of %u expert's "
                                             "matrices.",
                                             "Group AHP: the weights below are those of the "
                                             "element-wise geometric mean of %u experts' "
                                             "matrices.",
                                             p->judgements->len),
                          p->judgements->len);
  for (guint e = 0; e < p->judgements->len; e++)
    {
      g_autofree char *cr = format_fixed (p->expert_cr[e], 3);

      g_string_append_c (text, '\n');
      if (p->expert_cr[e] > KH_AHP_CR_LIMIT)
        g_string_append_printf (text, _("⚠ Expert %u: CR %s — above 0.1: ask them to revise "
                                        "their judgements"),
                                e + 1, cr);
      else
        g_string_append_printf (text, _("Expert %u: CR %s"), e + 1, cr);
    }
  gtk_label_set_text (self->experts_cr, text->str);
}

static void
show_consistency (KhWeightsDialog *self)
{
  const KhAhpConsistency *c;
  g_autofree char *lambda = NULL, *ci = NULL, *cr = NULL, *text = NULL;

  gtk_widget_remove_css_class (GTK_WIDGET (self->consistency), "error");
  show_experts_cr (self);
  if (self->proposal == NULL || !self->computed)
    {
      gtk_label_set_text (self->consistency, "");
      return;
    }
  c = &self->proposal->consistency;
  lambda = format_fixed (c->lambda_max, 3);
  ci = format_fixed (c->ci, 3);
  cr = format_fixed (c->cr, 3);
  if (isnan (c->ri))
    text = g_strdup_printf (_("λmax %s · CI %s — no random index beyond 15 items: the "
                              "consistency is not judged"),
                            lambda, ci);
  else if (c->cr > KH_AHP_CR_LIMIT)
    {
      text = g_strdup_printf (_("⚠ λmax %s · CI %s · CR %s — above 0.1: the judgements are not "
                                "consistent enough, revise them"),
                              lambda, ci, cr);
      gtk_widget_add_css_class (GTK_WIDGET (self->consistency), "error");
    }
  else
    text = g_strdup_printf (_("λmax %s · CI %s · CR %s — consistent enough (at most 0.1)"),
                            lambda, ci, cr);
  gtk_label_set_text (self->consistency, text);
}

char *
kh_weights_dialog_proposal_notes (KhWeightProposal *p)
{
  GString *notes = g_string_new (NULL);

  if (p->method == KH_WEIGHTING_ENTROPY || p->method == KH_WEIGHTING_CRITIC
      || p->method == KH_WEIGHTING_PCA)
    {
      g_string_append_printf (notes,
                              g_dngettext (GETTEXT_PACKAGE,
                                           "Computed on the children's scores in %d of %u unit "
                                           "with all of them",
                                           "Computed on the children's scores in %d of %u units "
                                           "with all of them",
                                           p->n_used),
                              p->data_year, p->n_used);
      if (p->n_skipped > 0)
        g_string_append_printf (notes, g_dngettext (GETTEXT_PACKAGE,
                                                    " (%u left out: a score missing)",
                                                    " (%u left out: a score missing)",
                                                    p->n_skipped),
                                p->n_skipped);
      g_string_append (notes, ".");
      if (p->method == KH_WEIGHTING_PCA)
        {
          g_string_append_c (notes, ' ');
          g_string_append_printf (notes,
                                  g_dngettext (GETTEXT_PACKAGE,
                                               "Principal components kept (eigenvalue above 1): %u.",
                                               "Principal components kept (eigenvalue above 1): %u.",
                                               p->n_kept),
                                  p->n_kept);
        }
    }
  if (p->method == KH_WEIGHTING_BUDGET && p->judgements != NULL && p->judgements->len > 1)
    {
      g_string_append (notes, _("Spread of the experts' shares (sd, least, greatest):"));
      for (guint i = 0; i < p->items->len; i++)
        g_string_append_printf (notes, "\n  %s  %.4f  %.4f  %.4f",
                                kh_ui_node_name (p->items->pdata[i]), p->sd[i], p->lo[i], p->hi[i]);
    }
  if (p->apply_error != NULL)
    {
      if (notes->len > 0)
        g_string_append_c (notes, '\n');
      g_string_append_printf (notes, _("These weights cannot be applied: %s."), p->apply_error);
    }
  return g_string_free (notes, FALSE);
}

void
kh_weights_dialog_fill_tables (KhWeightsDialog *self)
{
  fill_table (self);
  fill_ranking (self);
  show_consistency (self);
}
