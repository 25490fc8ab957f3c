/* kh-cli-explain.c — `kaohe-cli explain`: every intermediate value of one unit
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 *   kaohe-cli explain --framework F.xml --data D.csv [--previous P.csv] --unit U
 *   kaohe-cli explain PROJECT.kaohe --year Y --unit U
 *   … [--lang zh_CN|zh_TW|en]
 *
 * Prints the unit's result, then the framework tree with each node's score and
 * contribution to the total (and last year's contribution and the change), each
 * indicator's raw, derived and treated value, adjustments and constraints, and the
 * indicators that account for the change of the total against last year, largest
 * first. U is the unit's id or its Chinese name; in project mode it may be of any
 * category: the year's framework of its category explains it.
 *
 * --lang zh_CN|zh_TW|en prints the names (of the nodes, awards and, in project mode, the
 * units) in that script, falling back as kh_text_get() does, and the words in that
 * language; without it the user's locale decides (kh_cli_choose_lang).
 */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "core/kh-compare.h"
#include "core/kh-tier-name.h"
#include "io/kh-dataset-io.h"
#include "io/kh-project-compute.h"
#include "kh-cli.h"

/* Listed in the commands table of kh-cli.c. */
int kh_cli_explain (int    argc,
                    char **argv);

static char *
number (double value,
        int    digits)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  g_autofree char *format = g_strdup_printf ("%%.%df", digits);

  if (isnan (value))
    return g_strdup ("—");
  g_ascii_formatd (buf, sizeof buf, format, value);
  if (buf[0] == '-' && strspn (buf + 1, "0.") == strlen (buf + 1))
    return g_strdup (buf + 1);
  return g_strdup (buf);
}

static char *
signed_number (double value,
               int    digits)
{
  g_autofree char *text = number (value, digits);

  if (!isnan (value) && text[0] != '-' && strspn (text, "0.") != strlen (text))
    return g_strconcat ("+", text, NULL);
  return g_steal_pointer (&text);
}

static const char *
state_label (KhValueState state)
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

static void
print_node (KhPlan  *plan,
            KhLang   lang,
            guint    unit,
            guint    n,
            gboolean has_previous)
{
  const KhNode *node = kh_plan_get_node (plan, n);
  int depth = 0;
  g_autofree char *score = number (kh_plan_get_node_score (plan, unit, n), 4);
  g_autofree char *contrib = number (kh_plan_get_contribution (plan, unit, n), 4);
  const char *name = kh_text_get (&node->name, lang);

  for (const KhNode *p = node->parent; p != NULL; p = p->parent)
    depth++;
  printf ("%*s%s%s%s: ", depth * 2, "", node->id, name != NULL ? " " : "", name != NULL ? name : "");
  printf (_("score %s of %g, contribution %s"), score, node->points, contrib);
  if (has_previous)
    {
      double now = kh_plan_get_contribution (plan, unit, n);
      double then = kh_plan_get_previous_contribution (plan, unit, n);
      g_autofree char *prev = number (then, 4);
      g_autofree char *change = signed_number (now - then, 4);

      printf (_(" (last year %s, change %s)"), prev, change);
    }
  if (node->kind == KH_NODE_INDICATOR)
    {
      g_autofree char *raw = number (kh_plan_get_value (plan, unit, n, KH_STAGE_RAW), 4);
      g_autofree char *derived = number (kh_plan_get_value (plan, unit, n, KH_STAGE_DERIVED), 4);
      g_autofree char *treated = number (kh_plan_get_value (plan, unit, n, KH_STAGE_TREATED), 4);
      const char *state = state_label (kh_plan_get_value_state (plan, unit, n));

      printf (_("; raw %s, derived %s, treated %s"), raw, derived, treated);
      if (state != NULL)
        printf (" [%s]", state);
    }
  else
    {
      double coverage = kh_plan_get_coverage (plan, unit, n);

      if (!isnan (coverage) && coverage < 1)
        {
          g_autofree char *share = number (coverage * 100, 1);

          printf (_("; %s%% of its weight backed by data"), share);
        }
    }
  printf ("\n");
}

typedef struct
{
  guint node;
  double change;
} Change;

static int
compare_changes (gconstpointer a,
                 gconstpointer b)
{
  const Change *ca = a, *cb = b;
  double fa = fabs (ca->change), fb = fabs (cb->change);

  if (fa != fb)
    return fa > fb ? -1 : 1;
  return ca->node < cb->node ? -1 : ca->node > cb->node;
}

/* The nodes whose part is not nil, largest first: papers and dimensions (@inner) or
 * indicators. */
static void
print_parts (KhPlan       *plan,
             KhLang        lang,
             const double *parts,
             gboolean      inner,
             const char   *indent)
{
  g_autoptr (GArray) changes = g_array_new (FALSE, FALSE, sizeof (Change));

  for (guint n = 1; n < kh_plan_get_n_nodes (plan); n++)
    if ((kh_plan_get_node (plan, n)->kind == KH_NODE_INDICATOR) != inner
        && fabs (parts[n]) >= 5e-5)
      {
        Change c = { n, parts[n] };

        g_array_append_val (changes, c);
      }
  g_array_sort (changes, compare_changes);
  for (guint i = 0; i < changes->len; i++)
    {
      const Change *c = &g_array_index (changes, Change, i);
      const KhNode *node = kh_plan_get_node (plan, c->node);
      const char *name = kh_text_get (&node->name, lang);
      g_autofree char *delta = signed_number (c->change, 4);

      printf ("%s%s %s%s%s\n", indent, delta, node->id, name != NULL ? " " : "",
              name != NULL ? name : "");
    }
}

static void
print_framework_changes (KhFramework *earlier,
                         GArray      *changes)
{
  if (changes->len == 0)
    return;
  printf ("\n");
  printf (_("The framework changed since %d:"), earlier->year);
  printf ("\n");
  for (guint i = 0; i < changes->len; i++)
    {
      const KhFrameworkChange *c = &g_array_index (changes, KhFrameworkChange, i);

      switch (c->kind)
        {
        case KH_FRAMEWORK_ADMITTED:
          printf (_("  admitted %s (%g points)\n"), c->node->id, c->node->points);
          break;
        case KH_FRAMEWORK_RETIRED:
          printf (_("  retired %s (%g points)\n"), c->old->id, c->old->points);
          break;
        case KH_FRAMEWORK_REPLACED:
          printf (_("  replaced %s by %s\n"), c->old->id, c->node->id);
          break;
        case KH_FRAMEWORK_REWEIGHTED:
        default:
          printf (_("  re-weighted %s: %g → %g points, weight %g → %g\n"), c->node->id,
                  c->old->points, c->node->points, c->old->weight, c->node->weight);
          break;
        }
    }
}

/* The change against last year, like for like, and the gaps to the units passed. */
static void
print_changes (KhPlan       *plan,
               KhLang        lang,
               KhComparison *cmp,
               guint         unit)
{
  KhDataset *ds = kh_plan_get_dataset (plan);
  g_autofree double *parts = g_new0 (double, kh_plan_get_n_nodes (plan));
  g_autoptr (GArray) passed = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr (GArray) passed_by = g_array_new (FALSE, FALSE, sizeof (guint));
  double change, adjustments, framework;

  if (!kh_comparison_attribute_change (cmp, unit, parts, &adjustments, &framework, &change))
    return;
  {
    g_autofree char *total = signed_number (change, 4);
    g_autofree char *fx = signed_number (framework, 4);
    g_autofree char *perf = signed_number (change - framework, 4);
    g_autofree char *adj = signed_number (adjustments, 4);

    printf ("\n");
    printf (_("Change of the total against last year: %s = framework %s + performance %s "
              "(adjustments %s)"),
            total, fx, perf, adj);
    printf ("\n");
  }
  print_parts (plan, lang, parts, FALSE, "  ");

  kh_comparison_get_overtakes (cmp, unit, passed, passed_by);
  for (int list = 0; list < 2; list++)
    {
      GArray *units = list == 0 ? passed : passed_by;

      for (guint i = 0; i < units->len; i++)
        {
          guint v = g_array_index (units, guint, i);
          const char *name = kh_dataset_get_unit_name (ds, v);
          double gap;

          if (!kh_comparison_attribute_gap (cmp, unit, v, parts, &adjustments, &framework, &gap))
            continue;
          {
            g_autofree char *g = signed_number (gap, 4);
            g_autofree char *fx = signed_number (framework, 4);
            g_autofree char *adj = signed_number (adjustments, 4);

            printf ("\n");
            printf (list == 0 ? _("Passed %s: the gap changed by %s (framework %s, adjustments %s)")
                              : _("Passed by %s: the gap changed by %s (framework %s, adjustments %s)"),
                    name != NULL ? name : kh_dataset_get_unit_id (ds, v), g, fx, adj);
            printf ("\n");
          }
          print_parts (plan, lang, parts, TRUE, "  ");
          print_parts (plan, lang, parts, FALSE, "    ");
        }
    }
}

static void
explain (KhPlan *plan,
         KhPlan *previous,
         KhLang  lang,
         guint   unit)
{
  KhFramework *fw = kh_plan_get_framework (plan);
  KhDataset *ds = kh_plan_get_dataset (plan);
  KhGroup *group = kh_plan_get_unit_group (plan, unit);
  const char *name = kh_dataset_get_unit_name (ds, unit);
  gboolean has_previous = kh_plan_get_previous_rank (plan, unit) > 0;
  g_autofree char *score = number (kh_plan_get_rounded_total (plan, unit),
                                   group != NULL && group->precision >= 0 ? group->precision
                                                                          : fw->precision);
  g_autofree char *tier = NULL;
  int change;

  printf ("%s%s%s%s%s\n", kh_dataset_get_unit_id (ds, unit), name != NULL ? " " : "",
          name != NULL ? name : "", group != NULL ? " — " : "", group != NULL ? group->id : "");
  tier = kh_tier_name (group != NULL ? &group->tiers : NULL, kh_plan_get_tier (plan, unit), lang);
  if (tier[0] != '\0')
    /* TRANSLATORS: the last %s is the tier's name: 第一等次, or the framework's own name */
    printf (_("score %s, rank %d, %s"), score, kh_plan_get_rank (plan, unit), tier);
  else
    printf (_("score %s, rank %d"), score, kh_plan_get_rank (plan, unit));
  if (kh_plan_get_rank_change (plan, unit, &change))
    printf (_(", previous rank %d, rank change %+d"), kh_plan_get_previous_rank (plan, unit),
            change);
  if (kh_plan_get_vetoed (plan, unit))
    printf (_(", vetoed"));
  if (kh_plan_get_coverage (plan, unit, 0) < 1)
    {
      g_autofree char *share = number (kh_plan_get_coverage (plan, unit, 0) * 100, 1);

      printf (_(", incomplete: %s%% of the weight backed by data"), share);
    }
  for (guint a = 0; group != NULL && a < group->awards->len; a++)
    if (kh_plan_has_award (plan, unit, a))
      {
        const KhAwardRule *rule = group->awards->pdata[a];
        const char *award = kh_text_get (&rule->name, lang);

        printf (_(", award %s"), award != NULL ? award : rule->id);
      }
  printf ("\n");
  /* A renamed, merged, split, new or transferred unit: how it continues last year's. */
  {
    g_autofree char *continuity =
      kh_plan_describe_continuity (plan, unit, previous != NULL ? kh_plan_get_dataset (previous)
                                                                : NULL);

    if (continuity != NULL)
      printf ("%s\n", continuity);
  }
  printf ("\n");

  for (guint n = 0; n < kh_plan_get_n_nodes (plan); n++)
    print_node (plan, lang, unit, n, has_previous);

  for (guint a = 0; a < fw->adjustments->len; a++)
    {
      const KhAdjustment *adj = fw->adjustments->pdata[a];
      g_autofree char *points = signed_number (kh_plan_get_adjustment (plan, unit, a), 4);

      printf (_("adjustment %s: %s\n"), adj->id, points);
    }
  for (guint c = 0; c < fw->constraints->len; c++)
    {
      const KhConstraint *con = fw->constraints->pdata[c];

      if (!kh_plan_get_constraint_failed (plan, unit, c))
        printf (_("constraint %s: met\n"), con->id);
      else if (con->consequence == KH_CONSEQUENCE_DEDUCT)
        printf (_("constraint %s: failed, %g points deducted\n"), con->id, con->amount);
      else if (con->consequence == KH_CONSEQUENCE_CAP_TIER)
        {
          g_autofree char *cap = kh_tier_name (group != NULL ? &group->tiers : NULL,
                                               (int) con->amount, lang);

          /* TRANSLATORS: the second %s is the tier's name: 第二等次, or the framework's own */
          printf (_("constraint %s: failed, %s at best\n"), con->id, cap);
        }
      else
        printf (_("constraint %s: failed, vetoed (last tier, no award)\n"), con->id);
    }
  if (has_previous)
    {
      g_autoptr (GArray) changes = NULL;
      g_autoptr (KhPlan) like = NULL;
      g_autoptr (KhComparison) cmp = NULL;

      /* last year's own plan (project mode): like for like when the framework changed */
      if (previous != NULL)
        {
          changes = kh_framework_diff (kh_plan_get_framework (previous), fw);
          print_framework_changes (kh_plan_get_framework (previous), changes);
          if (changes->len > 0)
            like = kh_plan_new_like_for_like (fw, previous, NULL);
          if (like != NULL)
            kh_plan_compute (like);
        }
      cmp = kh_comparison_new (plan, like);
      print_changes (plan, lang, cmp, unit);
    }
}

static guint
find_unit (KhPlan     *plan,
           const char *unit)
{
  KhDataset *ds = kh_plan_get_dataset (plan);
  guint u = kh_dataset_find_unit (ds, unit);

  for (guint i = 0; u == KH_DATASET_NONE && i < kh_dataset_get_n_units (ds); i++)
    if (g_strcmp0 (kh_dataset_get_unit_name (ds, i), unit) == 0)
      u = i;
  return u;
}

typedef struct
{
  const char *unit; /* as given: an id or a name */
  KhLang lang;
  char *id;         /* out, in project mode: the unit's id */
} Request;

/* Project mode: the plan of the category of the unit (@user_data's), its names in the
 * request's language. */
static GPtrArray *
project_plans (KhProject *project,
               int        year,
               gpointer   user_data,
               GError   **error)
{
  Request *request = user_data;
  g_autofree char *category = kh_project_get_unit_category (project, year, request->unit, error);
  const char *const keys[] = { request->unit, NULL };
  g_auto (GStrv) ids = NULL;
  GPtrArray *plans;
  KhPlan *plan;

  if (category == NULL)
    return NULL;
  /* The plan's names may be English: find the unit by its id. */
  ids = kh_project_resolve_unit_ids (project, year, keys, error);
  if (ids == NULL)
    return NULL;
  request->id = g_strdup (ids[0]);
  plan = kh_project_compute_category_lang (project, year, category, request->lang, error);
  if (plan == NULL)
    return NULL;
  plans = g_ptr_array_new_with_free_func ((GDestroyNotify) kh_plan_unref);
  g_ptr_array_add (plans, plan);
  /* last year's plan of the same category, for a like-for-like comparison */
  plan = kh_project_compute_category_lang (project, year - 1, category, request->lang, NULL);
  if (plan != NULL)
    g_ptr_array_add (plans, plan);
  return plans;
}

int
kh_cli_explain (int    argc,
                char **argv)
{
  g_autoptr (GOptionContext) context = g_option_context_new (_("[PROJECT]"));
  g_auto (KhCliInputOptions) input = { NULL };
  g_autofree char *unit = NULL, *lang_name = NULL, *id = NULL;
  Request request = { NULL, KH_LANG_ZH_CN, NULL };
  int status;
  GOptionEntry entries[] = {
    { "unit", 0, 0, G_OPTION_ARG_STRING, &unit, N_("The unit: id or Chinese name"), N_("U") },
    KH_CLI_LANG_ENTRY (lang_name),
    G_OPTION_ENTRY_NULL
  };
  g_autoptr (GPtrArray) plans = NULL;
  KhPlan *plan;
  guint u;

  g_option_context_set_summary (context, _("Show every intermediate value of one unit's score: raw, "
                                           "derived, treated and scored values, node scores, "
                                           "contributions and the change against last year."));
  kh_cli_input_add_options (context, &input);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  if (!kh_cli_parse_options (context, &argc, &argv))
    return KH_CLI_USAGE;
  if (unit == NULL)
    return kh_cli_usage_error (context, "%s", _("--unit is required"));
  if (!kh_cli_choose_lang (lang_name, &request.lang))
    return kh_cli_usage_error (context, _("unknown language “%s” (zh_CN, zh_TW or en)"), lang_name);

  request.unit = unit;
  plans = kh_cli_input_load_plans (context, &input, argc, argv, project_plans, &request, &status);
  id = g_steal_pointer (&request.id);
  if (plans == NULL)
    return status;
  plan = plans->pdata[0];
  u = find_unit (plan, id != NULL ? id : unit);
  if (u == KH_DATASET_NONE)
    {
      g_autofree char *source = kh_db_target_name (argc == 2 ? argv[1] : input.data);

      fprintf (stderr, _("%s: no unit “%s”\n"), source, unit);
      return KH_CLI_FAILED;
    }
  explain (plan, plans->len > 1 ? plans->pdata[1] : NULL, request.lang, u);
  return KH_CLI_OK;
}
