/* kh-cli-weights.c — `kaohe-cli weights`: proposed weights of a node's children, beside the
 * current ones, with the ranking they would give
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 *   kaohe-cli weights PROJECT --year Y --node N --method M [--group G | --category C]
 *                     [--matrix FILE]
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
 */
#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "analysis/kh-weight-methods.h"
#include "core/kh-weighting.h"
#include "kh-cli.h"

/* Listed in the commands table of kh-cli.c. */
int kh_cli_weights (int    argc,
                    char **argv);

typedef struct
{
  KhPlan *plan;
  const KhNode *node;
  GPtrArray *items;   /* of const KhNode*: the weighed children */
  const char *group;  /* --group, or NULL */
  GArray *units;      /* of guint: the units of the group (all without --group) */
  double *shares;     /* proposed, parallel to items */
  GString *notes;     /* consistency, spread, data used */
} Weights;

static void
weights_clear (Weights *w)
{
  g_clear_pointer (&w->items, g_ptr_array_unref);
  g_clear_pointer (&w->units, g_array_unref);
  g_clear_pointer (&w->shares, g_free);
  if (w->notes != NULL)
    g_string_free (g_steal_pointer (&w->notes), TRUE);
}

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

static void
collect_problem (gconstpointer object,
                 const char   *message,
                 gpointer      user_data)
{
  GString *problems = user_data;

  (void) object;
  if (problems->len == 0)
    g_string_append (problems, message);
}

/* The judgements as a weighting record of @node, checked by kh_weighting_check(). */
static gboolean
check_judgements (Weights           *w,
                  KhWeightingMethod  method,
                  GPtrArray         *blocks,
                  const char        *path,
                  GError           **error)
{
  g_autoptr (KhNode) copy = kh_node_copy (w->node);
  g_autoptr (GString) problem = g_string_new (NULL);
  KhWeighting *record = kh_weighting_new (method);

  for (guint i = 0; i < w->items->len; i++)
    {
      double share = 1.0 / w->items->len;

      g_ptr_array_add (record->items, g_strdup (((const KhNode *) w->items->pdata[i])->id));
      g_array_append_val (record->shares, share);
    }
  for (guint b = 0; b < blocks->len; b++)
    {
      GArray *values = blocks->pdata[b];

      g_ptr_array_add (record->judgements,
                       kh_judgement_new (NULL, w->items->len,
                                         g_memdup2 (values->data, values->len * sizeof (double))));
    }
  kh_weighting_free (copy->weighting);
  copy->weighting = record;
  if (kh_weighting_check (copy, collect_problem, problem) == 0)
    return TRUE;
  g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL, "%s: %s", path, problem->str);
  return FALSE;
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

static void
append_column (GString *out,
               double   value,
               int      digits,
               int      width)
{
  g_autoptr (GString) cell = g_string_new (NULL);

  kh_cli_append_fixed (cell, value, digits);
  if (cell->len == 0)
    g_string_append (cell, "—");
  g_string_append_printf (out, "%*s", width + (int) (cell->len - g_utf8_strlen (cell->str, -1)),
                          cell->str);
}

/* ---- methods ------------------------------------------------------------------------- */

/* Group AHP: each expert's own weights and CR, the inconsistent ones named (their
 * inconsistency does not show in the CR of the mean). */
static void
write_experts (Weights                  *w,
               const double *const      *matrices,
               guint                     n_experts,
               GString                  *notes)
{
  guint n = w->items->len, flagged = 0;
  g_autofree double *weights = g_new (double, n);
  g_autoptr (GString) names = g_string_new (NULL);

  g_string_append_printf (notes, "%s\n  %-8s", _("Each expert's weights and consistency:"),
                          _("expert"));
  for (guint i = 0; i < n; i++)
    {
      const char *id = ((const KhNode *) w->items->pdata[i])->id;

      g_string_append_printf (notes, " %*s",
                              MAX (7, (int) g_utf8_strlen (id, -1))
                                + (int) (strlen (id) - g_utf8_strlen (id, -1)),
                              id);
    }
  g_string_append_printf (notes, " %6s\n", "CR");
  for (guint e = 0; e < n_experts; e++)
    {
      KhAhpConsistency c = { NAN, NAN, NAN, NAN };

      if (!kh_ahp_weights (matrices[e], n, weights, &c, NULL))
        for (guint i = 0; i < n; i++)
          weights[i] = NAN;
      g_string_append_printf (notes, "  %-8u", e + 1);
      for (guint i = 0; i < n; i++)
        {
          g_string_append_c (notes, ' ');
          append_column (notes, weights[i], 4,
                         MAX (7, (int) g_utf8_strlen (((const KhNode *) w->items->pdata[i])->id, -1)));
        }
      g_string_append_c (notes, ' ');
      append_column (notes, c.cr, 3, 6);
      if (c.cr > KH_AHP_CR_LIMIT)
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

static gboolean
ahp_shares (Weights     *w,
            const char  *path,
            GError     **error)
{
  guint n = w->items->len;
  g_autoptr (GPtrArray) blocks = read_blocks (path, n, FALSE, error);
  g_autofree double *mean = g_new (double, n * n);
  g_autofree const double **matrices = NULL;
  KhAhpConsistency c;

  if (blocks == NULL || !check_judgements (w, KH_WEIGHTING_AHP, blocks, path, error))
    return FALSE;
  matrices = g_new (const double *, blocks->len);
  for (guint b = 0; b < blocks->len; b++)
    matrices[b] = (const double *) ((GArray *) blocks->pdata[b])->data;
  kh_ahp_geometric_mean (matrices, blocks->len, n, mean);
  if (!kh_ahp_weights (mean, n, w->shares, &c, error))
    return FALSE;
  if (blocks->len > 1)
    {
      g_string_append_printf (w->notes, _("Group AHP: the element-wise geometric mean of %u "
                                          "experts' matrices.\n"),
                              blocks->len);
      write_experts (w, matrices, blocks->len, w->notes);
    }
  g_string_append (w->notes, _("Consistency: λmax "));
  kh_cli_append_fixed (w->notes, c.lambda_max, 3);
  g_string_append (w->notes, ", CI ");
  kh_cli_append_fixed (w->notes, c.ci, 3);
  g_string_append (w->notes, ", RI ");
  kh_cli_append_fixed (w->notes, c.ri, 2);
  g_string_append (w->notes, ", CR ");
  kh_cli_append_fixed (w->notes, c.cr, 3);
  if (isnan (c.ri))
    g_string_append_printf (w->notes, " — %s\n",
                            _("no random index beyond 15 items: the consistency is not judged"));
  else if (c.cr > KH_AHP_CR_LIMIT)
    g_string_append_printf (w->notes, " — %s\n",
                            _("above 0.1: the judgements are not consistent enough, revise them"));
  else
    g_string_append_printf (w->notes, " — %s\n", _("acceptable (at most 0.1)"));
  return TRUE;
}

static gboolean
budget_shares (Weights     *w,
               const char  *path,
               GError     **error)
{
  guint n = w->items->len;
  g_autoptr (GPtrArray) blocks = read_blocks (path, n, TRUE, error);
  g_autofree const double **allocations = NULL;
  g_autofree double *sd = g_new (double, n), *lo = g_new (double, n), *hi = g_new (double, n);

  if (blocks == NULL || !check_judgements (w, KH_WEIGHTING_BUDGET, blocks, path, error))
    return FALSE;
  allocations = g_new (const double *, blocks->len);
  for (guint b = 0; b < blocks->len; b++)
    allocations[b] = (const double *) ((GArray *) blocks->pdata[b])->data;
  if (!kh_budget_weights (allocations, blocks->len, n, w->shares, sd, lo, hi, error))
    return FALSE;
  g_string_append_printf (w->notes, g_dngettext (GETTEXT_PACKAGE,
                                                 "Budget allocation of %u expert: shares of "
                                                 "each expert's points, averaged.\n",
                                                 "Budget allocation of %u experts: shares of "
                                                 "each expert's points, averaged.\n",
                                                 blocks->len),
                          blocks->len);
  if (blocks->len < 2)
    return TRUE;
  g_string_append_printf (w->notes, "%s\n", _("Spread of the experts' shares (sd, least, greatest):"));
  for (guint i = 0; i < n; i++)
    {
      g_string_append_printf (w->notes, "  %-*s ", id_width (w->items),
                              ((const KhNode *) w->items->pdata[i])->id);
      kh_cli_append_fixed (w->notes, sd[i], 4);
      g_string_append (w->notes, "  ");
      kh_cli_append_fixed (w->notes, lo[i], 4);
      g_string_append (w->notes, "  ");
      kh_cli_append_fixed (w->notes, hi[i], 4);
      g_string_append_c (w->notes, '\n');
    }
  return TRUE;
}

/* Entropy, CRITIC and PCA on the children's scores of the units that have all of them. */
static gboolean
data_shares (Weights            *w,
             KhWeightingMethod   method,
             GError            **error)
{
  guint n = w->items->len, m = 0, skipped = 0;
  g_autofree double *x = g_new (double, MAX (w->units->len, 1) * n);
  g_autofree const char **names = g_new (const char *, n);
  g_autofree int *index = g_new (int, n);
  guint kept = 0;
  gboolean ok;

  for (guint i = 0; i < n; i++)
    {
      names[i] = ((const KhNode *) w->items->pdata[i])->id;
      index[i] = kh_plan_find_node (w->plan, names[i]);
    }
  for (guint k = 0; k < w->units->len; k++)
    {
      guint u = g_array_index (w->units, guint, k);
      gboolean complete = TRUE;

      for (guint i = 0; i < n && complete; i++)
        {
          x[m * n + i] = kh_plan_get_node_score (w->plan, u, index[i]);
          complete = !isnan (x[m * n + i]);
        }
      if (complete)
        m++;
      else
        skipped++;
    }
  if (method == KH_WEIGHTING_ENTROPY)
    ok = kh_entropy_weights (x, m, n, names, w->shares, error);
  else if (method == KH_WEIGHTING_CRITIC)
    ok = kh_critic_weights (x, m, n, names, w->shares, error);
  else
    ok = kh_pca_weights (x, m, n, names, w->shares, &kept, error);
  if (!ok)
    return FALSE;
  g_string_append_printf (w->notes,
                          g_dngettext (GETTEXT_PACKAGE,
                                       "Data: the children's scores in %d, %u unit with all of them",
                                       "Data: the children's scores in %d, %u units with all of them",
                                       m),
                          kh_dataset_get_year (kh_plan_get_dataset (w->plan)), m);
  if (skipped > 0)
    g_string_append_printf (w->notes, g_dngettext (GETTEXT_PACKAGE, " (%u left out: a score missing)",
                                                   " (%u left out: a score missing)", skipped),
                            skipped);
  g_string_append (w->notes, ".\n");
  if (method == KH_WEIGHTING_PCA)
    g_string_append_printf (w->notes,
                            g_dngettext (GETTEXT_PACKAGE,
                                         "Principal components kept (eigenvalue above 1): %u.\n",
                                         "Principal components kept (eigenvalue above 1): %u.\n",
                                         kept),
                            kept);
  return TRUE;
}

/* ---- output -------------------------------------------------------------------------- */

typedef struct
{
  guint unit;
  int rank;
} Ranked;

static int
compare_ranked (gconstpointer a,
                gconstpointer b)
{
  const Ranked *x = a, *y = b;

  if (x->rank != y->rank)
    {
      if (x->rank == 0 || y->rank == 0)
        return x->rank == 0 ? 1 : -1;
      return x->rank < y->rank ? -1 : 1;
    }
  return x->unit < y->unit ? -1 : x->unit > y->unit;
}

static void
append_rank (GString *out,
             int      rank)
{
  if (rank > 0)
    g_string_append_printf (out, "%6d", rank);
  else
    g_string_append_printf (out, "%6s", "—");
}

/* The ranking of the units under @proposed beside @current's. */
static void
write_ranking (Weights *w,
               KhPlan  *proposed,
               GString *out)
{
  KhDataset *ds = kh_plan_get_dataset (w->plan);
  g_autoptr (GArray) order = g_array_new (FALSE, FALSE, sizeof (Ranked));
  int precision = kh_plan_get_framework (w->plan)->precision;
  int width = 12;

  for (guint k = 0; k < w->units->len; k++)
    {
      Ranked r = { g_array_index (w->units, guint, k), 0 };

      r.rank = kh_plan_get_rank (proposed, r.unit);
      g_array_append_val (order, r);
    }
  g_array_sort (order, compare_ranked);
  for (guint k = 0; k < order->len; k++)
    {
      const char *id = kh_dataset_get_unit_id (ds, g_array_index (order, Ranked, k).unit);

      width = MAX (width, (int) g_utf8_strlen (id, -1));
    }
  g_string_append_printf (out, "\n%s\n", _("Ranking with the proposed weights:"));
  g_string_append_printf (out, "  %-*s %8s %8s %6s %10s %9s  %s\n", width, _("unit"), _("rank now"),
                          _("proposed"), _("change"), _("total now"), _("proposed"), _("name"));
  for (guint k = 0; k < order->len; k++)
    {
      guint u = g_array_index (order, Ranked, k).unit;
      KhGroup *group = kh_plan_get_unit_group (w->plan, u);
      int digits = group != NULL && group->precision >= 0 ? group->precision : precision;
      int was = kh_plan_get_rank (w->plan, u), now = kh_plan_get_rank (proposed, u);
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
      append_column (out, kh_plan_get_rounded_total (w->plan, u), digits, 10);
      g_string_append_c (out, ' ');
      append_column (out, kh_plan_get_rounded_total (proposed, u), digits, 9);
      g_string_append_printf (out, "  %s\n", name != NULL ? name : "");
    }
}

/* The proposed weights (points unchanged) and a plan computed with them. */
static gboolean
propose (Weights  *w,
         double   *weights,
         KhPlan  **proposed,
         GError  **error)
{
  guint n = w->items->len;
  g_autoptr (KhNode) copy = kh_node_copy (w->node);
  g_autofree const char **ids = g_new (const char *, n);
  g_autoptr (KhPlan) plan = NULL;

  for (guint i = 0; i < n; i++)
    ids[i] = ((const KhNode *) w->items->pdata[i])->id;
  if (!kh_node_apply_shares (copy, ids, w->shares, n, error))
    return FALSE;
  plan = kh_plan_copy (w->plan);
  for (guint i = 0; i < n; i++)
    {
      const KhNode *child = NULL;

      for (guint c = 0; c < copy->children->len && child == NULL; c++)
        if (g_strcmp0 (((const KhNode *) copy->children->pdata[c])->id, ids[i]) == 0)
          child = copy->children->pdata[c];
      weights[i] = child->weight;
      kh_plan_set_node_weight (plan, kh_plan_find_node (plan, ids[i]), weights[i]);
    }
  kh_plan_compute_aggregation (plan);
  *proposed = g_steal_pointer (&plan);
  return TRUE;
}

/* The children's effective weights in the node's score under @plan (NAN without a plan). */
static void
effective_weights (Weights *w,
                   KhPlan  *plan,
                   double  *out)
{
  guint m = w->units->len, n = w->items->len;
  g_autofree double *x = g_new (double, MAX ((gsize) m * n, 1));
  g_autofree double *composite = g_new (double, MAX (m, 1));
  int node = plan != NULL ? kh_plan_find_node (plan, w->node->id) : -1;

  for (guint j = 0; j < n; j++)
    out[j] = NAN;
  if (node < 0)
    return;
  for (guint u = 0; u < m; u++)
    {
      guint unit = g_array_index (w->units, guint, u);

      composite[u] = kh_plan_get_node_score (plan, unit, (guint) node);
      for (guint j = 0; j < n; j++)
        x[(gsize) u * n + j] = kh_plan_get_node_score (
          plan, unit, (guint) kh_plan_find_node (plan, ((const KhNode *) w->items->pdata[j])->id));
    }
  kh_effective_weights (x, m, n, composite, out);
}

static void
write_weights (Weights           *w,
               KhWeightingMethod  method,
               const double      *weights,
               KhPlan            *proposed,
               GString           *out)
{
  g_autofree double *effect_now = g_new (double, w->items->len);
  g_autofree double *effect_proposed = g_new (double, w->items->len);

  effective_weights (w, w->plan, effect_now);
  effective_weights (w, proposed, effect_proposed);
  g_string_append_printf (out, _("Weights of the children of “%s” (%s), by %s\n"), w->node->id,
                          kh_aggregation_to_string (w->node->aggregation),
                          kh_weighting_method_label (method));
  g_string_append_printf (out, "  %-*s %8s %10s %9s %11s %9s %11s %9s\n", id_width (w->items),
                          C_("weights table", "item"), _("points"), _("share now"), _("proposed"),
                          _("weight now"), _("proposed"), _("effect now"), _("proposed"));
  for (guint i = 0; i < w->items->len; i++)
    {
      const KhNode *child = w->items->pdata[i];

      g_string_append_printf (out, "  %-*s ", id_width (w->items), child->id);
      append_column (out, child->points, 2, 8);
      g_string_append_c (out, ' ');
      append_column (out, kh_node_share (child), 4, 10);
      g_string_append_c (out, ' ');
      append_column (out, w->shares[i], 4, 9);
      g_string_append_c (out, ' ');
      append_column (out, child->weight, 4, 11);
      g_string_append_c (out, ' ');
      append_column (out, weights[i], 4, 9);
      g_string_append_c (out, ' ');
      append_column (out, effect_now[i], 4, 11);
      g_string_append_c (out, ' ');
      append_column (out, effect_proposed[i], 4, 9);
      g_string_append_c (out, '\n');
    }
  if (w->notes->len > 0)
    g_string_append_printf (out, "\n%s", w->notes->str);
}

/* ---- command ------------------------------------------------------------------------- */

static gboolean
find_node (Weights     *w,
           const char  *id,
           const char  *source,
           GError     **error)
{
  int index = kh_plan_find_node (w->plan, id);

  if (index < 0)
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL,
                   _("%s: the framework has no node “%s”"), source, id);
      return FALSE;
    }
  w->node = kh_plan_get_node (w->plan, index);
  w->items = kh_node_weighed_children (w->node);
  if (w->items->len < 2)
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL,
                   _("%s: “%s” has %u weighed children: weights need at least two"), source, id,
                   w->items->len);
      return FALSE;
    }
  w->shares = g_new0 (double, w->items->len);
  w->units = g_array_new (FALSE, FALSE, sizeof (guint));
  for (guint u = 0; u < kh_plan_get_n_units (w->plan); u++)
    {
      KhGroup *group = kh_plan_get_unit_group (w->plan, u);

      if (group != NULL && (w->group == NULL || g_strcmp0 (group->id, w->group) == 0))
        g_array_append_val (w->units, u);
    }
  return TRUE;
}

static gboolean
compute_shares (Weights           *w,
                KhWeightingMethod  method,
                const char        *matrix,
                GError           **error)
{
  switch (method)
    {
    case KH_WEIGHTING_AHP:
      return ahp_shares (w, matrix, error);
    case KH_WEIGHTING_BUDGET:
      return budget_shares (w, matrix, error);
    case KH_WEIGHTING_ENTROPY:
    case KH_WEIGHTING_CRITIC:
    case KH_WEIGHTING_PCA:
      return data_shares (w, method, error);
    case KH_WEIGHTING_EQUAL:
    default:
      kh_equal_weights (w->items->len, w->shares);
      return TRUE;
    }
}

int
kh_cli_weights (int    argc,
                char **argv)
{
  g_autoptr (GOptionContext) context = g_option_context_new (_("[PROJECT]"));
  g_auto (KhCliInputOptions) input = { NULL, NULL, NULL, 0 };
  g_autofree char *node = NULL, *method_name = NULL, *matrix = NULL, *group = NULL;
  g_autofree char *category = NULL;
  GOptionEntry entries[] = {
    { "node", 0, 0, G_OPTION_ARG_STRING, &node, N_("The node whose children are weighed"), N_("N") },
    { "method", 0, 0, G_OPTION_ARG_STRING, &method_name, N_("equal, ahp, entropy, critic, pca or budget"), N_("M") },
    { "matrix", 0, 0, G_OPTION_ARG_FILENAME, &matrix, N_("ahp: comparison matrices; budget: the experts' points"), N_("FILE") },
    { "group", 0, 0, G_OPTION_ARG_STRING, &group, N_("Peer group whose data and ranking are used"), N_("G") },
    { "category", 0, 0, G_OPTION_ARG_STRING, &category, N_("Category (when it has one peer group)"), N_("C") },
    G_OPTION_ENTRY_NULL
  };
  KhWeightingMethod method;
  g_autoptr (KhPlan) plan = NULL;
  g_autoptr (KhPlan) proposed = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GString) text = g_string_new (NULL);
  g_autofree double *weights = NULL;
  Weights w = { NULL };
  const char *source;
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

  plan = kh_cli_load_group_plan (context, &input, argc, argv, group, category, &status);
  if (plan == NULL)
    return status;
  source = argc == 2 ? argv[1] : input.framework;
  if (group != NULL && kh_framework_find_group (kh_plan_get_framework (plan), group) == NULL)
    {
      fprintf (stderr, _("%s: the framework has no group “%s”\n"), source, group);
      return KH_CLI_FAILED;
    }
  w.plan = plan;
  w.group = group;
  w.notes = g_string_new (NULL);
  if (!find_node (&w, node, source, &error) || !compute_shares (&w, method, matrix, &error))
    {
      fprintf (stderr, "%s\n", error->message);
      weights_clear (&w);
      return KH_CLI_FAILED;
    }
  weights = g_new (double, w.items->len);
  if (!propose (&w, weights, &proposed, &error))
    {
      /* a share of 0 (entropy or CRITIC weights of an item that does not vary between the
       * units) cannot be applied: the shares are still worth seeing */
      for (guint i = 0; i < w.items->len; i++)
        weights[i] = NAN;
      g_string_append_printf (w.notes, _("These weights cannot be applied: %s.\n"),
                              error->message);
    }
  write_weights (&w, method, weights, proposed, text);
  if (proposed != NULL)
    write_ranking (&w, proposed, text);
  weights_clear (&w);
  if (!kh_cli_write_output (NULL, text, &error))
    {
      fprintf (stderr, "kaohe-cli: %s\n", error != NULL ? error->message : g_strerror (errno));
      return KH_CLI_FAILED;
    }
  return KH_CLI_OK;
}
