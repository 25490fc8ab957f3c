/* kh-framework-xml-read.c — reading a validated framework document into a KhFramework
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "core/kh-survey.h"
#include "core/kh-weighting.h"
#include "kh-framework-xml-private.h"

/* Enumerations that only the file format spells out. */
const char *const kh_framework_xml_sense_names[] = { "at-most", "at-least", NULL };
const char *const kh_framework_xml_consequence_names[] = { "deduct", "cap-tier", "veto", NULL };
const char *const kh_framework_xml_tier_mode_names[] = { "count", "share", "threshold", NULL };

static int
lookup (const char *const *names,
        const char        *value,
        int                fallback)
{
  for (int i = 0; value != NULL && names[i] != NULL; i++)
    if (strcmp (names[i], value) == 0)
      return i;
  return fallback;
}

static gboolean
is_element (xmlNodePtr  node,
            const char *name)
{
  return node != NULL && node->type == XML_ELEMENT_NODE
         && strcmp ((const char *) node->name, name) == 0;
}

static char *
get_attr (xmlNodePtr  node,
          const char *name)
{
  xmlChar *value = xmlGetNoNsProp (node, (const xmlChar *) name);
  char *copy;

  if (value == NULL)
    return NULL;
  copy = g_strdup ((const char *) value);
  xmlFree (value);
  return copy;
}

static char *
get_text (xmlNodePtr node)
{
  xmlChar *value = xmlNodeGetContent (node);
  char *copy = g_strdup (value != NULL ? (const char *) value : "");

  xmlFree (value);
  return copy;
}

static double
get_number (KhFrameworkLoader *ld,
            xmlNodePtr         node,
            const char        *name,
            double             fallback)
{
  g_autofree char *value = get_attr (node, name);
  char *end = NULL;
  double number;

  if (value == NULL)
    return fallback;
  g_strstrip (value);
  number = g_ascii_strtod (value, &end);
  if (end == value || *end != '\0' || !isfinite (number))
    {
      kh_framework_loader_problem (ld, node, _("attribute “%s”: “%s” is not a finite number"),
                                   name, value);
      return fallback;
    }
  return number;
}

static int
get_int (KhFrameworkLoader *ld,
         xmlNodePtr         node,
         const char        *name,
         int                fallback)
{
  double value = get_number (ld, node, name, fallback);

  return (int) CLAMP (value, -G_MAXINT, G_MAXINT);
}

static gboolean
get_bool (xmlNodePtr  node,
          const char *name,
          gboolean    fallback)
{
  g_autofree char *value = get_attr (node, name);

  if (value == NULL)
    return fallback;
  g_strstrip (value);
  return strcmp (value, "true") == 0 || strcmp (value, "1") == 0;
}

/* Reads <NAME lang="…"> children into @text. */
static void
read_text (xmlNodePtr  parent,
           const char *element,
           KhText     *text)
{
  for (xmlNodePtr child = xmlFirstElementChild (parent); child != NULL;
       child = xmlNextElementSibling (child))
    {
      g_autofree char *lang = NULL;
      char **slot = NULL;

      if (!is_element (child, element))
        continue;
      lang = get_attr (child, "lang");
      if (g_strcmp0 (lang, "zh-CN") == 0)
        slot = &text->zh_CN;
      else if (g_strcmp0 (lang, "zh-TW") == 0)
        slot = &text->zh_TW;
      else if (g_strcmp0 (lang, "en") == 0)
        slot = &text->en;
      if (slot != NULL)
        {
          g_free (*slot);
          *slot = get_text (child);
        }
    }
}

static char *
read_child_text (xmlNodePtr  parent,
                 const char *element)
{
  for (xmlNodePtr child = xmlFirstElementChild (parent); child != NULL;
       child = xmlNextElementSibling (child))
    if (is_element (child, element))
      return get_text (child);
  return NULL;
}

static void
remember (KhFrameworkLoader *ld,
          gconstpointer      object,
          xmlNodePtr         element)
{
  g_hash_table_insert (ld->elements, (gpointer) object, element);
}

static GArray *
read_number_list (KhFrameworkLoader *ld,
                  xmlNodePtr         node,
                  const char        *name)
{
  g_autofree char *value = get_attr (node, name);
  g_auto (GStrv) items = NULL;
  GArray *numbers = g_array_new (FALSE, TRUE, sizeof (double));

  if (value == NULL)
    return numbers;
  items = g_strsplit_set (value, " \t\r\n", -1);
  for (guint i = 0; items[i] != NULL; i++)
    {
      char *end = NULL;
      double number;

      if (items[i][0] == '\0')
        continue;
      number = g_ascii_strtod (items[i], &end);
      if (end == items[i] || *end != '\0' || !isfinite (number))
        {
          kh_framework_loader_problem (ld, node, _("attribute “%s”: “%s” is not a finite number"),
                                       name, items[i]);
          continue;
        }
      g_array_append_val (numbers, number);
    }
  return numbers;
}

static void
read_group (KhFrameworkLoader *ld,
            xmlNodePtr         element)
{
  g_autofree char *id = get_attr (element, "id");
  KhGroup *group = kh_group_new (id);

  remember (ld, group, element);
  read_text (element, "name", &group->name);
  group->precision = get_int (ld, element, "precision", -1);
  remember (ld, &group->tiers, element);

  for (xmlNodePtr child = xmlFirstElementChild (element); child != NULL;
       child = xmlNextElementSibling (child))
    {
      if (is_element (child, "tiers"))
        {
          g_autofree char *mode = get_attr (child, "mode");
          g_autoptr (GArray) values = read_number_list (ld, child, "values");

          remember (ld, &group->tiers, child);
          group->tiers.mode =
            (KhTierMode) lookup (kh_framework_xml_tier_mode_names, mode, KH_TIER_BY_COUNT);
          group->tiers.n_tiers = get_int (ld, child, "count", 3);
          g_array_append_vals (group->tiers.values, values->data, values->len);
          for (xmlNodePtr tier = xmlFirstElementChild (child); tier != NULL;
               tier = xmlNextElementSibling (tier))
            {
              KhText *text = g_new0 (KhText, 1);

              read_text (tier, "name", text);
              g_ptr_array_add (group->tiers.names, text);
            }
        }
      else if (is_element (child, "award"))
        {
          g_autofree char *award_id = get_attr (child, "id");
          KhAwardRule *award = kh_award_rule_new (award_id);

          remember (ld, award, child);
          read_text (child, "name", &award->name);
          award->min_advance = get_int (ld, child, "min-advance", 1);
          award->most = get_bool (child, "most", FALSE);
          award->min_tier = get_int (ld, child, "min-tier", 0);
          award->max_tier = get_int (ld, child, "max-tier", 0);
          g_ptr_array_add (group->awards, award);
        }
      else if (is_element (child, "quota"))
        {
          g_autofree char *quota_id = get_attr (child, "id");
          KhQuotaRule *quota = kh_quota_rule_new (quota_id);
          g_autoptr (GArray) counts = read_number_list (ld, child, "counts");

          remember (ld, quota, child);
          read_text (child, "name", &quota->name);
          quota->target_category = get_attr (child, "target-category");
          {
            g_autofree char *select = get_attr (child, "select");

            if (select != NULL && !kh_quota_select_from_string (select, &quota->select))
              kh_framework_loader_problem (ld, child, _("unknown quota selection “%s”"), select);
          }
          quota->max_tier = get_int (ld, child, "max-tier", 0);
          for (guint i = 0; i < counts->len; i++)
            {
              int count = (int) CLAMP (g_array_index (counts, double, i), -G_MAXINT, G_MAXINT);

              g_array_append_val (quota->counts, count);
            }
          g_ptr_array_add (group->quotas, quota);
        }
    }
  g_ptr_array_add (ld->fw->groups, group);
}

/* A declared range must not be empty. */
static void
check_valid_range (KhFrameworkLoader *ld,
                   xmlNodePtr         element,
                   double             lo,
                   double             hi)
{
  if (!isnan (lo) && !isnan (hi) && lo > hi)
    kh_framework_loader_problem (ld, element, _("valid-min %g is above valid-max %g"), lo, hi);
}

static void
read_variable (KhFrameworkLoader *ld,
               xmlNodePtr         element)
{
  g_autofree char *id = get_attr (element, "id");
  KhVariable *variable = kh_variable_new (id);

  remember (ld, variable, element);
  read_text (element, "name", &variable->name);
  variable->unit_of_measure = get_attr (element, "unit");
  variable->source = get_attr (element, "source");
  variable->aliases = get_attr (element, "aliases");
  variable->valid_min = get_number (ld, element, "valid-min", NAN);
  variable->valid_max = get_number (ld, element, "valid-max", NAN);
  check_valid_range (ld, element, variable->valid_min, variable->valid_max);
  g_ptr_array_add (ld->fw->variables, variable);
}

static void
read_scoring (KhFrameworkLoader *ld,
              KhNode            *node,
              xmlNodePtr         element)
{
  g_autofree char *method = get_attr (element, "method");
  KhScoring *s = &node->scoring;

  if (!kh_method_from_string (method, &s->method))
    kh_framework_loader_problem (ld, element, _("unknown scoring method “%s”"), method);
  s->a = get_number (ld, element, "a", NAN);
  s->b = get_number (ld, element, "b", NAN);
  s->mean = get_number (ld, element, "mean", NAN);
  s->sd = get_number (ld, element, "sd", NAN);
  s->step = get_number (ld, element, "step", 0.0);
  s->lo = get_number (ld, element, "lo", NAN);
  s->hi = get_number (ld, element, "hi", NAN);
  s->target = get_number (ld, element, "target", NAN);
  s->cap = get_number (ld, element, "cap", NAN);
  s->floor = get_number (ld, element, "floor", 0.0);

  for (xmlNodePtr child = xmlFirstElementChild (element); child != NULL;
       child = xmlNextElementSibling (child))
    {
      KhStep step = { 0, 0, { NULL, NULL, NULL } };
      gboolean grade = is_element (child, "grade");

      if (!grade && !is_element (child, "step"))
        continue;
      step.min = get_number (ld, child, grade ? "code" : "min", 0.0);
      step.points = get_number (ld, child, "points", 0.0);
      read_text (child, "label", &step.label);
      g_array_append_val (s->steps, step);
    }
  /* Steps are addressed once the array stopped growing. */
  {
    guint i = 0;

    for (xmlNodePtr child = xmlFirstElementChild (element); child != NULL && i < s->steps->len;
         child = xmlNextElementSibling (child))
      if (is_element (child, "grade") || is_element (child, "step"))
        remember (ld, &g_array_index (s->steps, KhStep, i++), child);
  }
}

/* "3", "0.5" or "1/3" (the schema allows no other form). */
static double
parse_ratio (const char *text)
{
  char *end = NULL;
  double a = g_ascii_strtod (text, &end), b = 1;

  if (end != NULL && *end == '/')
    {
      const char *denominator = end + 1;

      b = g_ascii_strtod (denominator, &end);
    }
  if (end == NULL || *end != '\0' || !isfinite (a) || !isfinite (b) || b == 0)
    return NAN;
  return a / b;
}

static void
read_matrix (KhFrameworkLoader *ld,
             KhWeighting       *w,
             xmlNodePtr         element)
{
  g_autofree char *expert = get_attr (element, "expert");
  g_autoptr (GArray) values = g_array_new (FALSE, FALSE, sizeof (double));
  guint n_rows = 0, width = 0;
  KhJudgement *judgement;

  for (xmlNodePtr row = xmlFirstElementChild (element); row != NULL;
       row = xmlNextElementSibling (row))
    {
      g_autofree char *text = get_text (row);
      g_auto (GStrv) items = g_strsplit_set (text, " \t\r\n", -1);
      guint count = 0;

      if (!is_element (row, "row"))
        continue;
      for (guint i = 0; items[i] != NULL; i++)
        {
          double value;

          if (items[i][0] == '\0')
            continue;
          value = parse_ratio (items[i]);
          if (isnan (value))
            kh_framework_loader_problem (ld, row, _("“%s” is not a comparison (a number or a "
                                                    "fraction such as 1/3)"),
                                         items[i]);
          g_array_append_val (values, value);
          count++;
        }
      if (n_rows == 0)
        width = count;
      else if (count != width)
        kh_framework_loader_problem (ld, row, _("row %u has %u comparisons, the first row %u"),
                                     n_rows + 1, count, width);
      n_rows++;
    }
  if (n_rows != width)
    kh_framework_loader_problem (ld, element, _("a comparison matrix is square: %u rows of %u"),
                                 n_rows, width);
  /* A matrix that is not square is kept as its rows allow, for the problems above. */
  width = MIN (width, n_rows);
  if (values->len < (gsize) width * width)
    width = 0;
  judgement = kh_judgement_new (expert, width,
                                width > 0 ? g_memdup2 (values->data, sizeof (double) * width * width)
                                          : NULL);
  remember (ld, judgement, element);
  g_ptr_array_add (w->judgements, judgement);
}

static void
read_weighting (KhFrameworkLoader *ld,
                KhNode            *node,
                xmlNodePtr         element)
{
  g_autofree char *method = get_attr (element, "method");
  g_autofree char *items = get_attr (element, "items");
  g_autoptr (GArray) shares = read_number_list (ld, element, "shares");
  KhWeightingMethod m = KH_WEIGHTING_EQUAL;
  KhWeighting *w;

  if (!kh_weighting_method_from_string (method, &m))
    kh_framework_loader_problem (ld, element, _("unknown weighting method “%s”"), method);
  w = kh_weighting_new (m);
  remember (ld, w, element);
  w->date = get_attr (element, "date");
  w->author = get_attr (element, "by");
  w->description = read_child_text (element, "description");
  if (items != NULL)
    {
      g_auto (GStrv) ids = g_strsplit_set (items, " \t\r\n", -1);

      for (guint i = 0; ids[i] != NULL; i++)
        if (ids[i][0] != '\0')
          g_ptr_array_add (w->items, g_strdup (ids[i]));
    }
  g_array_append_vals (w->shares, shares->data, shares->len);
  w->data_year = get_int (ld, element, "year", 0);
  w->group = get_attr (element, "group");
  w->consistency = get_number (ld, element, "cr", NAN);
  w->budget = get_number (ld, element, "budget", NAN);
  for (xmlNodePtr child = xmlFirstElementChild (element); child != NULL;
       child = xmlNextElementSibling (child))
    if (is_element (child, "matrix"))
      read_matrix (ld, w, child);
    else if (is_element (child, "allocation"))
      {
        g_autofree char *expert = get_attr (child, "expert");
        g_autoptr (GArray) values = read_number_list (ld, child, "values");
        KhJudgement *judgement =
          kh_judgement_new (expert, values->len,
                            values->len > 0 ? g_memdup2 (values->data, sizeof (double) * values->len)
                                            : NULL);

        remember (ld, judgement, child);
        g_ptr_array_add (w->judgements, judgement);
      }
  kh_weighting_free (node->weighting);
  node->weighting = w;
}

static KhNode *read_node (KhFrameworkLoader *ld, xmlNodePtr element, KhNodeKind kind, int depth);

static void
read_node_body (KhFrameworkLoader *ld,
                KhNode            *node,
                xmlNodePtr         element,
                int                depth)
{
  g_autofree char *aggregation = get_attr (element, "aggregation");
  g_autofree char *direction = get_attr (element, "direction");
  g_autofree char *missing = get_attr (element, "missing");
  g_autofree char *outlier = get_attr (element, "outlier");
  g_autofree char *applies = get_attr (element, "applies");
  g_autofree char *multiplies = get_attr (element, "multiplies");
  g_autofree char *below = get_attr (element, "below");

  read_text (element, "name", &node->name);
  node->description = read_child_text (element, "description");
  node->points = get_number (ld, element, "points", 100.0);
  node->weight = get_number (ld, element, "weight", 1.0);
  if (aggregation != NULL && !kh_aggregation_from_string (aggregation, &node->aggregation))
    kh_framework_loader_problem (ld, element, _("unknown aggregation “%s”"), aggregation);
  node->min_coverage = get_number (ld, element, "min-coverage", 0.0);
  if (below != NULL && !kh_below_from_string (below, &node->below))
    kh_framework_loader_problem (ld, element, _("unknown rule below the coverage “%s”"), below);
  node->coefficient = get_bool (element, "coefficient", FALSE);
  if (multiplies != NULL)
    {
      g_auto (GStrv) items = g_strsplit_set (multiplies, " \t\r\n", -1);

      for (guint i = 0; items[i] != NULL; i++)
        if (items[i][0] != '\0')
          g_ptr_array_add (node->multiplies, g_strdup (items[i]));
    }
  node->replaces = get_attr (element, "replaces");
  node->convert = get_attr (element, "convert");
  node->from_year = get_int (ld, element, "from", 0);
  node->until_year = get_int (ld, element, "until", 0);

  if (node->kind == KH_NODE_INDICATOR)
    {
      node->unit_of_measure = get_attr (element, "unit");
      node->source = get_attr (element, "source");
      node->aliases = get_attr (element, "aliases");
      node->valid_min = get_number (ld, element, "valid-min", NAN);
      node->valid_max = get_number (ld, element, "valid-max", NAN);
      check_valid_range (ld, element, node->valid_min, node->valid_max);
      if (direction != NULL && !kh_direction_from_string (direction, &node->direction))
        kh_framework_loader_problem (ld, element, _("unknown direction “%s”"), direction);
      node->band_lo = get_number (ld, element, "band-lo", NAN);
      node->band_hi = get_number (ld, element, "band-hi", NAN);
      if (applies != NULL)
        {
          g_auto (GStrv) items = g_strsplit_set (applies, " \t\r\n", -1);

          for (guint i = 0; items[i] != NULL; i++)
            if (items[i][0] != '\0')
              g_ptr_array_add (node->applies, g_strdup (items[i]));
          node->common = node->applies->len == 0;
        }
      if (missing != NULL && !kh_missing_from_string (missing, &node->missing))
        kh_framework_loader_problem (ld, element, _("unknown missing-value policy “%s”"),
                                     missing);
      if (outlier != NULL && !kh_outlier_from_string (outlier, &node->outlier))
        kh_framework_loader_problem (ld, element, _("unknown outlier treatment “%s”"), outlier);
      node->outlier_a = get_number (ld, element, "outlier-a", NAN);
      node->outlier_b = get_number (ld, element, "outlier-b", NAN);
      node->bonus = get_bool (element, "bonus", FALSE);
    }

  for (xmlNodePtr child = xmlFirstElementChild (element); child != NULL;
       child = xmlNextElementSibling (child))
    {
      KhNodeKind kind;

      if (is_element (child, "formula"))
        {
          g_autofree char *formula = get_text (child);

          node->formula = g_strdup (g_strstrip (formula));
          remember (ld, node->formula, child);
        }
      else if (is_element (child, "scoring"))
        read_scoring (ld, node, child);
      else if (is_element (child, "weighting"))
        read_weighting (ld, node, child);
      else if (child->name != NULL
               && kh_node_kind_from_string ((const char *) child->name, &kind)
               && kind != KH_NODE_ROOT)
        kh_node_append (node, read_node (ld, child, kind, depth + 1));
    }
}

static KhNode *
read_node (KhFrameworkLoader *ld,
           xmlNodePtr         element,
           KhNodeKind         kind,
           int                depth)
{
  g_autofree char *id = get_attr (element, "id");
  KhNode *node = kh_node_new (kind, id);

  remember (ld, node, element);
  read_node_body (ld, node, element, depth);
  return node;
}

static void
read_adjustments (KhFrameworkLoader *ld,
                  xmlNodePtr         element)
{
  for (xmlNodePtr child = xmlFirstElementChild (element); child != NULL;
       child = xmlNextElementSibling (child))
    {
      g_autofree char *id = get_attr (child, "id");
      KhAdjustment *adj = kh_adjustment_new (is_element (child, "bonus") ? KH_ADJUST_BONUS
                                                                         : KH_ADJUST_DEDUCTION,
                                             id);

      remember (ld, adj, child);
      read_text (child, "name", &adj->name);
      adj->description = read_child_text (child, "description");
      adj->input = get_attr (child, "input");
      adj->per_item = get_number (ld, child, "per-item", 1.0);
      adj->cap = get_number (ld, child, "cap", NAN);
      g_ptr_array_add (ld->fw->adjustments, adj);
    }
}

static void
read_constraints (KhFrameworkLoader *ld,
                  xmlNodePtr         element)
{
  for (xmlNodePtr child = xmlFirstElementChild (element); child != NULL;
       child = xmlNextElementSibling (child))
    {
      g_autofree char *id = get_attr (child, "id");
      g_autofree char *sense = get_attr (child, "sense");
      g_autofree char *consequence = get_attr (child, "consequence");
      KhConstraint *con = kh_constraint_new (id);

      remember (ld, con, child);
      read_text (child, "name", &con->name);
      con->input = get_attr (child, "input");
      con->sense =
        (KhConstraintSense) lookup (kh_framework_xml_sense_names, sense, KH_CONSTRAINT_AT_MOST);
      con->target = get_number (ld, child, "target", NAN);
      con->consequence = (KhConsequence) lookup (kh_framework_xml_consequence_names, consequence,
                                                 KH_CONSEQUENCE_DEDUCT);
      con->amount = get_number (ld, child, "amount", 0.0);
      g_ptr_array_add (ld->fw->constraints, con);
    }
}

/* The survey: attributes read with their defaults; kh-framework-check.c checks them. */
static void
read_survey_scale (KhFrameworkLoader *ld,
                   KhSurvey          *survey,
                   xmlNodePtr         element)
{
  g_autofree char *id = get_attr (element, "id");
  KhSurveyScale *scale = kh_survey_scale_new (id);
  g_autofree char *min = get_attr (element, "min");
  g_autofree char *max = get_attr (element, "max");

  remember (ld, scale, element);
  read_text (element, "name", &scale->name);
  scale->min = get_number (ld, element, "min", 0);
  scale->max = get_number (ld, element, "max", 100);
  for (xmlNodePtr child = xmlFirstElementChild (element); child != NULL;
       child = xmlNextElementSibling (child))
    if (is_element (child, "option"))
      {
        g_autofree char *code = get_attr (child, "code");
        KhSurveyOption *option = kh_survey_option_new (code, get_number (ld, child, "value", NAN));

        remember (ld, option, child);
        read_text (child, "label", &option->label);
        g_ptr_array_add (scale->options, option);
      }
  if (scale->options->len > 0 && (min != NULL || max != NULL))
    kh_framework_loader_problem (ld, element, _("survey scale “%s”: min and max belong to a "
                                                "numeric scale, not to one with answers"),
                                 scale->id);
  g_ptr_array_add (survey->scales, scale);
}

static void
read_survey_class (KhFrameworkLoader *ld,
                   KhSurvey          *survey,
                   xmlNodePtr         element)
{
  g_autofree char *id = get_attr (element, "id");
  g_autofree char *rates = get_attr (element, "rates");
  KhSurveyClass *klass = kh_survey_class_new (id);

  remember (ld, klass, element);
  read_text (element, "name", &klass->name);
  klass->weight = get_number (ld, element, "weight", 1);
  klass->min_responses = get_int (ld, element, "min-responses", 1);
  klass->invited = get_int (ld, element, "invited", 0);
  if (rates != NULL)
    {
      g_auto (GStrv) ids = g_strsplit_set (rates, " \t\r\n", -1);

      for (guint i = 0; ids[i] != NULL; i++)
        if (ids[i][0] != '\0')
          g_ptr_array_add (klass->rates, g_strdup (ids[i]));
    }
  g_ptr_array_add (survey->classes, klass);
}

static void
read_survey (KhFrameworkLoader *ld,
             xmlNodePtr         element)
{
  g_autofree char *id = get_attr (element, "id");
  g_autofree char *below = get_attr (element, "below");
  g_autofree char *trim = get_attr (element, "trim");
  KhSurvey *survey = kh_survey_new (id);

  remember (ld, survey, element);
  read_text (element, "name", &survey->name);
  survey->description = read_child_text (element, "description");
  survey->field = get_attr (element, "field");
  survey->trim = get_int (ld, element, "trim", 1);
  survey->trim_share = get_number (ld, element, "trim-share", NAN);
  if (trim != NULL && !isnan (survey->trim_share))
    kh_framework_loader_problem (ld, element,
                                 _("the survey's trim and trim-share exclude each other"));
  survey->below = g_strcmp0 (below, "reweight") == 0 ? KH_SURVEY_BELOW_REWEIGHT
                                                     : KH_SURVEY_BELOW_MISSING;
  for (xmlNodePtr child = xmlFirstElementChild (element); child != NULL;
       child = xmlNextElementSibling (child))
    {
      if (is_element (child, "scale"))
        read_survey_scale (ld, survey, child);
      else if (is_element (child, "class"))
        read_survey_class (ld, survey, child);
      else if (is_element (child, "item"))
        {
          g_autofree char *item_id = get_attr (child, "id");
          g_autofree char *scale = get_attr (child, "scale");
          KhSurveyItem *item = kh_survey_item_new (item_id, scale);

          remember (ld, item, child);
          read_text (child, "name", &item->name);
          item->weight = get_number (ld, child, "weight", 1);
          g_ptr_array_add (survey->items, item);
        }
    }
  ld->fw->survey = survey;
}

gboolean
kh_framework_xml_is_element (xmlNodePtr  node,
                             const char *name)
{
  return is_element (node, name);
}

/* How the year is compared with the previous one: baseline, merged-rank, split-rank. */
static void
read_comparison (KhFrameworkLoader *ld,
                 xmlNodePtr         root)
{
  KhFramework *fw = ld->fw;
  g_autofree char *baseline = get_attr (root, "baseline");
  g_autofree char *merged = get_attr (root, "merged-rank");
  g_autofree char *split = get_attr (root, "split-rank");

  if (baseline != NULL && !kh_baseline_source_from_string (baseline, &fw->baseline))
    kh_framework_loader_problem (ld, root, _("unknown baseline “%s”"), baseline);
  if (merged != NULL && !kh_merged_rank_from_string (merged, &fw->merged_rank))
    kh_framework_loader_problem (ld, root, _("unknown merged-rank rule “%s”"), merged);
  if (split != NULL && !kh_split_rank_from_string (split, &fw->split_rank))
    kh_framework_loader_problem (ld, root, _("unknown split-rank rule “%s”"), split);
}

void
kh_framework_loader_read (KhFrameworkLoader *ld,
                          xmlNodePtr         root)
{
  KhFramework *fw = ld->fw;

  remember (ld, fw, root);
  fw->id = get_attr (root, "id");
  fw->year = get_int (ld, root, "year", 0);
  fw->version = get_attr (root, "version");
  fw->category = get_attr (root, "category");
  fw->precision = get_int (ld, root, "precision", 2);
  read_comparison (ld, root);
  read_text (root, "title", &fw->title);
  fw->description = read_child_text (root, "description");

  for (xmlNodePtr child = xmlFirstElementChild (root); child != NULL;
       child = xmlNextElementSibling (child))
    {
      if (is_element (child, "groups"))
        {
          for (xmlNodePtr g = xmlFirstElementChild (child); g != NULL; g = xmlNextElementSibling (g))
            read_group (ld, g);
        }
      else if (is_element (child, "variables"))
        {
          for (xmlNodePtr v = xmlFirstElementChild (child); v != NULL; v = xmlNextElementSibling (v))
            read_variable (ld, v);
        }
      else if (is_element (child, "root"))
        {
          g_autofree char *id = get_attr (child, "id");

          g_free (fw->root->id);
          fw->root->id = g_steal_pointer (&id);
          remember (ld, fw->root, child);
          read_node_body (ld, fw->root, child, 0);
        }
      else if (is_element (child, "adjustments"))
        read_adjustments (ld, child);
      else if (is_element (child, "constraints"))
        read_constraints (ld, child);
      else if (is_element (child, "survey"))
        read_survey (ld, child);
    }
}
