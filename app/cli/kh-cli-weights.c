/* kh-cli-weights.c — `kaohe-cli weights`: proposed weights of a node's children, beside the
 * current ones, with the ranking they would give
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 *   kaohe-cli weights PROJECT --year Y --node N --method M [--group G | --category C]
 *                     [--matrix FILE] [--lang zh_CN|zh_TW|en]
 *   kaohe-cli weights --framework F.xml --data D.csv --node N --method M [--group G] …
 *
 * Methods (app/analysis/kh-weight-methods.h): equal; ahp and budget read their judgements
 * from --matrix FILE; entropy, critic and pca use the children's scores of the units of
 * the group (every unit without --group) that have all of them.
 *
 * --matrix FILE: numbers separated by spaces, tabs or commas, one row per line, in the
 * order of the node's weighed children (the order the output lists them); "#" starts a
 * comment. ahp: an n × n comparison matrix on Saaty's 1–9 scale (1/3 for a third); several
 * matrices, separated by a blank line, are several experts (group AHP: their element-wise
 * geometric mean). budget: one line per expert, the points the expert gave each child.
 *
 * The output: the share of each child in the node (kh_node_share()) now and proposed, the
 * weights that give the proposed shares with the points unchanged (kh_node_apply_shares()),
 * each child's effective weight in the node's score now and with the proposed weights
 * (kh_effective_weights(): r² with the node's score over the group's units, normalised),
 * AHP's consistency (a CR above 0.1 calls for revising the judgements) or the budget's
 * spread, then the ranking of the group under the proposed weights beside the current one.
 * Nothing is written: the framework editor applies proposed weights as one edit.
 *
 * --lang zh_CN|zh_TW|en prints the words and, in project mode, the units' names in that
 * language; without it the user's locale decides (kh_cli_choose_lang).
 */
#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "analysis/kh-weight-proposal.h"
#include "core/kh-weighting.h"
#include "kh-cli.h"

/* Listed in the commands table of kh-cli.c. */
int kh_cli_weights (int    argc,
                    char **argv);

/* ---- --matrix FILE ------------------------------------------------------------------- */

/* "3", "0.5" or "1/3"; NAN otherwise. */
static double
parse_ratio (const char *text)
{
  char *end = NULL;
  double a = g_ascii_strtod (text, &end), b = 1;

  if (end == text)
    return NAN;
  if (*end == '/')
    {
      const char *denominator = end + 1;

      b = g_ascii_strtod (denominator, &end);
      if (end == denominator)
        return NAN;
    }
  if (*end != '\0' || !isfinite (a) || !isfinite (b) || b == 0)
    return NAN;
  return a / b;
}

/* The file's blocks (separated by blank lines) of rows of @n numbers, as a GPtrArray of
 * GArray (of double), one per block; with @one_per_line every row is a block of its own.
 * NULL with the error naming file:line:column. */
static GPtrArray *
read_blocks (const char *path,
             guint       n,
             gboolean    one_per_line,
             GError    **error)
{
  g_autofree char *contents = NULL;
  g_auto (GStrv) lines = NULL;
  g_autoptr (GPtrArray) blocks = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
  GArray *block = NULL;

  if (!g_file_get_contents (path, &contents, NULL, error))
    return NULL;
  if (!g_utf8_validate (contents, -1, NULL))
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL, _("%s: the file is not UTF-8 text"),
                   path);
      return NULL;
    }
  lines = g_strsplit (contents, "\n", -1);
  for (guint l = 0; lines[l] != NULL; l++)
    {
      char *line = lines[l];
      char *hash = strchr (line, '#');
      guint count = 0;
      char *p = line;

      if (hash != NULL)
        *hash = '\0';
      while (*p != '\0')
        {
          char *start;
          char saved;
          double value;

          p += strspn (p, " \t\r,");
          if (*p == '\0')
            break;
          start = p;
          p += strcspn (p, " \t\r,");
          saved = *p;
          *p = '\0';
          value = parse_ratio (start);
          if (isnan (value))
            {
              g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL,
                           _("%s:%u:%u: “%s” is not a number or a fraction such as 1/3"), path,
                           l + 1, (guint) g_utf8_strlen (line, start - line) + 1, start);
              return NULL;
            }
          *p = saved;
          if (block == NULL)
            {
              block = g_array_new (FALSE, FALSE, sizeof (double));
              g_ptr_array_add (blocks, block);
            }
          g_array_append_val (block, value);
          count++;
        }
      if (count > 0 && count != n)
        {
          g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL,
                       _("%s:%u: the line has %u values, not %u (one per weighed child)"), path,
                       l + 1, count, n);
          return NULL;
        }
      if (count == 0 && hash == NULL)
        block = NULL; /* a blank line ends a block; a comment line does not */
      if (one_per_line)
        block = NULL;
    }
  for (guint b = 0; !one_per_line && b < blocks->len; b++)
    {
      GArray *rows = blocks->pdata[b];

      if (rows->len != n * n)
        {
          g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL,
                       _("%s: matrix %u has %u rows, not %u"), path, b + 1, rows->len / n, n);
          return NULL;
        }
    }
  if (blocks->len == 0)
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL, _("%s: the file holds no values"),
                   path);
      return NULL;
    }
  return g_steal_pointer (&blocks);
}

/* The width of the first column: the longest of @ids (at least 12). */
static int
id_width (GPtrArray *nodes)
{
  int width = 12;

  for (guint i = 0; i < nodes->len; i++)
    width = MAX (width, (int) g_utf8_strlen (((const KhNode *) nodes->pdata[i])->id, -1));
  return width;
}

/* ---- notes --------------------------------------------------------------------------- */

/* Group AHP: each expert's own weights and CR, the inconsistent ones named (their
 * inconsistency does not show in the CR of the mean). */
static void
write_experts (KhWeightProposal *p,
               GString          *notes)
{
  guint n = p->items->len, n_experts = p->judgements->len, flagged = 0;
  g_autoptr (GString) names = g_string_new (NULL);

  g_string_append_printf (notes, "%s\n  %-8s", _("Each expert's weights and consistency:"),
                          _("expert"));
  for (guint i = 0; i < n; i++)
    {
      const char *id = ((const KhNode *) p->items->pdata[i])->id;

      g_string_append_printf (notes, " %*s",
                              MAX (7, (int) g_utf8_strlen (id, -1))
                                + (int) (strlen (id) - g_utf8_strlen (id, -1)),
                              id);
    }
  g_string_append_printf (notes, " %6s\n", "CR");
  for (guint e = 0; e < n_experts; e++)
    {
      g_string_append_printf (notes, "  %-8u", e + 1);
      for (guint i = 0; i < n; i++)
        {
          g_string_append_c (notes, ' ');
          int width = MAX (7, (int) g_utf8_strlen (((const KhNode *) p->items->pdata[i])->id, -1));

          kh_cli_append_fixed_column (notes, p->expert_weights[(gsize) e * n + i], 4, width);
        }
      g_string_append_c (notes, ' ');
      kh_cli_append_fixed_column (notes, p->expert_cr[e], 3, 6);
      if (p->expert_cr[e] > KH_AHP_CR_LIMIT)
        {
          g_string_append_printf (notes, "  %s", _("inconsistent"));
          g_string_append_printf (names, "%s%u", flagged > 0 ? ", " : "", e + 1);
          flagged++;
        }
      g_string_append_c (notes, '\n');
    }
  if (flagged > 0)
    g_string_append_printf (notes, g_dngettext (GETTEXT_PACKAGE,
                                                "Expert %s is not consistent (CR above 0.1): ask "
                                                "them to revise their judgements.\n",
                                                "Experts %s are not consistent (CR above 0.1): ask "
                                                "them to revise their judgements.\n",
                                                flagged),
                            names->str);
  else
    g_string_append (notes, _("Every expert is consistent (CR at most 0.1).\n"));
}

static void
ahp_notes (KhWeightProposal *p,
           GString          *notes)
{
  const KhAhpConsistency *c = &p->consistency;

  if (p->judgements->len > 1)
    {
      g_string_append_printf (notes, _("Group AHP: the element-wise geometric mean of %u "
                                       "experts' matrices.\n"),
                              p->judgements->len);
      write_experts (p, notes);
    }
  g_string_append (notes, _("Consistency: λmax "));
  kh_cli_append_fixed (notes, c->lambda_max, 3);
  g_string_append (notes, ", CI ");
  kh_cli_append_fixed (notes, c->ci, 3);
  g_string_append (notes, ", RI ");
  kh_cli_append_fixed (notes, c->ri, 2);
  g_string_append (notes, ", CR ");
  kh_cli_append_fixed (notes, c->cr, 3);
  if (isnan (c->ri))
    g_string_append_printf (notes, " — %s\n",
                            _("no random index beyond 15 items: the consistency is not judged"));
  else if (c->cr > KH_AHP_CR_LIMIT)
    g_string_append_printf (notes, " — %s\n",
                            _("above 0.1: the judgements are not consistent enough, revise them"));
  else
    g_string_append_printf (notes, " — %s\n", _("acceptable (at most 0.1)"));
}

static void
budget_notes (KhWeightProposal *p,
              GString          *notes)
{
  guint n_experts = p->judgements->len;

  g_string_append_printf (notes, g_dngettext (GETTEXT_PACKAGE,
                                              "Budget allocation of %u expert: shares of "
                                              "each expert's points, averaged.\n",
                                              "Budget allocation of %u experts: shares of "
                                              "each expert's points, averaged.\n",
                                              n_experts),
                          n_experts);
  if (n_experts < 2)
    return;
  g_string_append_printf (notes, "%s\n", _("Spread of the experts' shares (sd, least, greatest):"));
  for (guint i = 0; i < p->items->len; i++)
    {
      g_string_append_printf (notes, "  %-*s ", id_width (p->items),
                              ((const KhNode *) p->items->pdata[i])->id);
      kh_cli_append_fixed (notes, p->sd[i], 4);
      g_string_append (notes, "  ");
      kh_cli_append_fixed (notes, p->lo[i], 4);
      g_string_append (notes, "  ");
      kh_cli_append_fixed (notes, p->hi[i], 4);
      g_string_append_c (notes, '\n');
    }
}

static void
data_notes (KhWeightProposal *p,
            GString          *notes)
{
  g_string_append_printf (notes,
                          g_dngettext (GETTEXT_PACKAGE,
                                       "Data: the children's scores in %d, %u unit with all of them",
                                       "Data: the children's scores in %d, %u units with all of them",
                                       p->n_used),
                          p->data_year, p->n_used);
  if (p->n_skipped > 0)
    g_string_append_printf (notes, g_dngettext (GETTEXT_PACKAGE, " (%u left out: a score missing)",
                                                " (%u left out: a score missing)", p->n_skipped),
                            p->n_skipped);
  g_string_append (notes, ".\n");
  if (p->method == KH_WEIGHTING_PCA)
    g_string_append_printf (notes,
                            g_dngettext (GETTEXT_PACKAGE,
                                         "Principal components kept (eigenvalue above 1): %u.\n",
                                         "Principal components kept (eigenvalue above 1): %u.\n",
                                         p->n_kept),
                            p->n_kept);
}

static void
write_notes (KhWeightProposal *p,
             GString          *notes)
{
  switch (p->method)
    {
    case KH_WEIGHTING_AHP:
      ahp_notes (p, notes);
      break;
    case KH_WEIGHTING_BUDGET:
      budget_notes (p, notes);
      break;
    case KH_WEIGHTING_ENTROPY:
    case KH_WEIGHTING_CRITIC:
    case KH_WEIGHTING_PCA:
      data_notes (p, notes);
      break;
    case KH_WEIGHTING_EQUAL:
    default:
      break;
    }
  if (p->apply_error != NULL)
    g_string_append_printf (notes, _("These weights cannot be applied: %s.\n"), p->apply_error);
}

/* ---- output -------------------------------------------------------------------------- */

static void
append_rank (GString *out,
             int      rank)
{
  if (rank > 0)
    g_string_append_printf (out, "%6d", rank);
  else
    g_string_append_printf (out, "%6s", "—");
}

/* The ranking of the units under the proposed weights beside the current one. */
static void
write_ranking (KhWeightProposal *p,
               GString          *out)
{
  KhDataset *ds = kh_plan_get_dataset (p->plan);
  g_autoptr (GArray) order = kh_weight_proposal_ranking (p);
  int width = 12;

  for (guint k = 0; k < order->len; k++)
    {
      const char *id = kh_dataset_get_unit_id (ds, g_array_index (order, KhWeightRank, k).unit);

      width = MAX (width, (int) g_utf8_strlen (id, -1));
    }
  g_string_append_printf (out, "\n%s\n", _("Ranking with the proposed weights:"));
  g_string_append_printf (out, "  %-*s %8s %8s %6s %10s %9s  %s\n", width, _("unit"), _("rank now"),
                          _("proposed"), _("change"), _("total now"), _("proposed"), _("name"));
  for (guint k = 0; k < order->len; k++)
    {
      const KhWeightRank *r = &g_array_index (order, KhWeightRank, k);
      guint u = r->unit;
      int was = r->rank_now, now = r->rank_proposed;
      const char *name = kh_dataset_get_unit_name (ds, u);

      g_string_append_printf (out, "  %-*s", width, kh_dataset_get_unit_id (ds, u));
      g_string_append (out, "   ");
      append_rank (out, was);
      g_string_append (out, "   ");
      append_rank (out, now);
      if (was > 0 && now > 0 && was != now)
        g_string_append_printf (out, " %+6d", was - now);
      else if (was > 0 && now > 0)
        g_string_append_printf (out, " %6d", 0);
      else
        g_string_append_printf (out, " %6s", "");
      g_string_append_c (out, ' ');
      kh_cli_append_fixed_column (out, kh_plan_get_rounded_total (p->plan, u), r->digits, 10);
      g_string_append_c (out, ' ');
      kh_cli_append_fixed_column (out, kh_plan_get_rounded_total (p->proposed, u), r->digits, 9);
      g_string_append_printf (out, "  %s\n", name != NULL ? name : "");
    }
}

static void
write_weights (KhWeightProposal *p,
               GString          *out)
{
  g_autoptr (GString) notes = g_string_new (NULL);

  g_string_append_printf (out, _("Weights of the children of “%s” (%s), by %s\n"), p->node->id,
                          kh_aggregation_to_string (p->node->aggregation),
                          kh_weighting_method_label (p->method));
  g_string_append_printf (out, "  %-*s %8s %10s %9s %11s %9s %11s %9s\n", id_width (p->items),
                          C_("weights table", "item"), _("points"), _("share now"), _("proposed"),
                          _("weight now"), _("proposed"), _("effect now"), _("proposed"));
  for (guint i = 0; i < p->items->len; i++)
    {
      const KhNode *child = p->items->pdata[i];

      g_string_append_printf (out, "  %-*s ", id_width (p->items), child->id);
      kh_cli_append_fixed_column (out, child->points, 2, 8);
      g_string_append_c (out, ' ');
      kh_cli_append_fixed_column (out, kh_node_share (child), 4, 10);
      g_string_append_c (out, ' ');
      kh_cli_append_fixed_column (out, p->shares[i], 4, 9);
      g_string_append_c (out, ' ');
      kh_cli_append_fixed_column (out, child->weight, 4, 11);
      g_string_append_c (out, ' ');
      kh_cli_append_fixed_column (out, p->weights[i], 4, 9);
      g_string_append_c (out, ' ');
      kh_cli_append_fixed_column (out, p->effect_now[i], 4, 11);
      g_string_append_c (out, ' ');
      kh_cli_append_fixed_column (out, p->effect_proposed[i], 4, 9);
      g_string_append_c (out, '\n');
    }
  write_notes (p, notes);
  if (notes->len > 0)
    g_string_append_printf (out, "\n%s", notes->str);
}

/* ---- command ------------------------------------------------------------------------- */

/* --matrix FILE as the judgements of @method (NULL with @error). */
static GPtrArray *
read_judgements (const char         *path,
                 KhWeightingMethod   method,
                 guint               n,
                 GError            **error)
{
  g_autoptr (GPtrArray) blocks = read_blocks (path, n, method == KH_WEIGHTING_BUDGET, error);
  GPtrArray *judgements;

  if (blocks == NULL)
    return NULL;
  judgements = g_ptr_array_new_with_free_func ((GDestroyNotify) kh_judgement_free);
  for (guint b = 0; b < blocks->len; b++)
    {
      GArray *values = blocks->pdata[b];

      g_ptr_array_add (judgements,
                       kh_judgement_new (NULL, n,
                                         g_memdup2 (values->data, values->len * sizeof (double))));
    }
  return judgements;
}

/* The proposal of @method for @node, or NULL with the message on stderr. */
static KhWeightProposal *
make_proposal (KhPlan            *plan,
               const char        *node,
               const char        *group,
               KhWeightingMethod  method,
               const char        *matrix,
               const char        *source)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (KhWeightProposal) p = kh_weight_proposal_new (plan, node, group, &error);
  g_autoptr (GPtrArray) judgements = NULL;

  if (p == NULL)
    {
      fprintf (stderr, "%s: %s\n", source, error->message);
      return NULL;
    }
  if (matrix != NULL)
    {
      judgements = read_judgements (matrix, method, p->items->len, &error);
      if (judgements == NULL)
        {
          fprintf (stderr, "%s\n", error->message);
          return NULL;
        }
    }
  if (!kh_weight_proposal_compute (p, method, judgements, &error))
    {
      if (g_error_matches (error, KH_WEIGHT_PROPOSAL_ERROR, KH_WEIGHT_PROPOSAL_ERROR_JUDGEMENTS))
        fprintf (stderr, "%s: %s\n", matrix, error->message);
      else
        fprintf (stderr, "%s\n", error->message);
      return NULL;
    }
  return g_steal_pointer (&p);
}

int
kh_cli_weights (int    argc,
                char **argv)
{
  g_autoptr (GOptionContext) context = g_option_context_new (_("[PROJECT]"));
  g_auto (KhCliInputOptions) input = { NULL, NULL, NULL, 0 };
  g_autofree char *node = NULL, *method_name = NULL, *matrix = NULL, *group = NULL;
  g_autofree char *category = NULL, *lang_name = NULL;
  GOptionEntry entries[] = {
    { "node", 0, 0, G_OPTION_ARG_STRING, &node, N_("The node whose children are weighed"), N_("N") },
    { "method", 0, 0, G_OPTION_ARG_STRING, &method_name, N_("equal, ahp, entropy, critic, pca or budget"), N_("M") },
    { "matrix", 0, 0, G_OPTION_ARG_FILENAME, &matrix, N_("ahp: comparison matrices; budget: the experts' points"), N_("FILE") },
    { "group", 0, 0, G_OPTION_ARG_STRING, &group, N_("Peer group whose data and ranking are used"), N_("G") },
    { "category", 0, 0, G_OPTION_ARG_STRING, &category, N_("Category (when it has one peer group)"), N_("C") },
    KH_CLI_LANG_ENTRY (lang_name),
    G_OPTION_ENTRY_NULL
  };
  KhWeightingMethod method;
  KhLang lang = KH_LANG_ZH_CN;
  g_autoptr (KhPlan) plan = NULL;
  g_autoptr (KhWeightProposal) proposal = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GString) text = g_string_new (NULL);
  g_autofree char *source = NULL;
  int status;

  g_option_context_set_summary (context, _("Propose weights for the children of a node — equal, "
                                           "AHP, entropy, CRITIC, PCA or budget allocation — and "
                                           "show them beside the current ones with the ranking "
                                           "they give. Nothing is written."));
  kh_cli_input_add_options (context, &input);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  if (!kh_cli_parse_options (context, &argc, &argv))
    return KH_CLI_USAGE;
  if (node == NULL || method_name == NULL)
    return kh_cli_usage_error (context, "%s", _("give --node and --method"));
  if (!kh_weighting_method_from_string (method_name, &method))
    return kh_cli_usage_error (context,
                               _("unknown method “%s” (equal, ahp, entropy, critic, pca or budget)"),
                               method_name);
  if ((method == KH_WEIGHTING_AHP || method == KH_WEIGHTING_BUDGET) && matrix == NULL)
    return kh_cli_usage_error (context, _("--method %s needs --matrix FILE"), method_name);
  if (method != KH_WEIGHTING_AHP && method != KH_WEIGHTING_BUDGET && matrix != NULL)
    return kh_cli_usage_error (context, "%s", _("--matrix belongs to ahp and budget"));
  if (!kh_cli_choose_lang (lang_name, &lang))
    return kh_cli_usage_error (context, _("unknown language “%s” (zh_CN, zh_TW or en)"), lang_name);
  input.lang = lang;

  plan = kh_cli_load_group_plan (context, &input, argc, argv, group, category, &status);
  if (plan == NULL)
    return status;
  /* A server named without its password. */
  source = kh_db_target_name (argc == 2 ? argv[1] : input.framework);
  if (group != NULL && kh_framework_find_group (kh_plan_get_framework (plan), group) == NULL)
    {
      fprintf (stderr, _("%s: the framework has no group “%s”\n"), source, group);
      return KH_CLI_FAILED;
    }
  proposal = make_proposal (plan, node, group, method, matrix, source);
  if (proposal == NULL)
    return KH_CLI_FAILED;
  write_weights (proposal, text);
  if (proposal->proposed != NULL)
    write_ranking (proposal, text);
  if (!kh_cli_write_output (NULL, text, &error))
    {
      fprintf (stderr, "kaohe-cli: %s\n", error != NULL ? error->message : g_strerror (errno));
      return KH_CLI_FAILED;
    }
  return KH_CLI_OK;
}
