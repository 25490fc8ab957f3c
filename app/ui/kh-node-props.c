/* kh-node-props.c — the editable properties of framework nodes, as text (the rules' are in
 * kh-rule-props.c)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <stddef.h>
#include <string.h>

#include "core/kh-formula.h"
#include "io/kh-io-error.h"
#include "kh-node-props.h"
#include "kh-props-private.h"

static const KhPropInfo node_props[] = {
  { "id", N_("Identifier"), KH_PROP_TEXT, FALSE, FALSE },
  { "name.zh_CN", N_("Name (Simplified Chinese)"), KH_PROP_TEXT, FALSE, FALSE },
  { "name.zh_TW", N_("Name (Traditional Chinese)"), KH_PROP_TEXT, FALSE, FALSE },
  { "name.en", N_("Name (English)"), KH_PROP_TEXT, FALSE, FALSE },
  { "description", N_("Description"), KH_PROP_TEXT, FALSE, FALSE },
  { "weight", N_("Weight"), KH_PROP_NUMBER, FALSE, FALSE },
  { "points", N_("Full Points"), KH_PROP_NUMBER, FALSE, FALSE },
  { "aggregation", N_("Aggregation"), KH_PROP_CHOICE, FALSE, TRUE },
  { "coefficient", N_("Multiplies as a Coefficient"), KH_PROP_BOOLEAN, FALSE, FALSE },
  { "replaces", N_("Continues Earlier Node"), KH_PROP_TEXT, FALSE, FALSE },
  { "from-year", N_("First Year"), KH_PROP_INTEGER, FALSE, FALSE },
  { "until-year", N_("Final Year"), KH_PROP_INTEGER, FALSE, FALSE },
  { "unit-of-measure", N_("Unit of Measure"), KH_PROP_TEXT, TRUE, FALSE },
  { "source", N_("Data Source"), KH_PROP_TEXT, TRUE, FALSE },
  { "direction", N_("Direction"), KH_PROP_CHOICE, TRUE, FALSE },
  { "band-lo", N_("Band Low"), KH_PROP_NUMBER, TRUE, FALSE },
  { "band-hi", N_("Band High"), KH_PROP_NUMBER, TRUE, FALSE },
  { "common", N_("Common to Every Unit"), KH_PROP_BOOLEAN, TRUE, FALSE },
  { "applies", N_("Applies To (unit or group ids)"), KH_PROP_TEXT, TRUE, FALSE },
  { "formula", N_("Formula"), KH_PROP_TEXT, TRUE, FALSE },
  { "missing", N_("Missing Values"), KH_PROP_CHOICE, TRUE, FALSE },
  { "outlier", N_("Outlier Treatment"), KH_PROP_CHOICE, TRUE, FALSE },
  { "outlier-a", N_("Outlier Parameter A"), KH_PROP_NUMBER, TRUE, FALSE },
  { "outlier-b", N_("Outlier Parameter B"), KH_PROP_NUMBER, TRUE, FALSE },
  { "method", N_("Scoring Method"), KH_PROP_CHOICE, TRUE, FALSE },
  { "scoring.a", N_("Range Start (min–max)"), KH_PROP_NUMBER, TRUE, FALSE },
  { "scoring.b", N_("Range End (min–max)"), KH_PROP_NUMBER, TRUE, FALSE },
  { "scoring.mean", N_("Mean (z-score)"), KH_PROP_NUMBER, TRUE, FALSE },
  { "scoring.sd", N_("Spread (z-score)"), KH_PROP_NUMBER, TRUE, FALSE },
  { "scoring.step", N_("Points per Place (rank)"), KH_PROP_NUMBER, TRUE, FALSE },
  { "scoring.lo", N_("Worst Goalpost"), KH_PROP_NUMBER, TRUE, FALSE },
  { "scoring.hi", N_("Best Goalpost"), KH_PROP_NUMBER, TRUE, FALSE },
  { "scoring.target", N_("Target"), KH_PROP_NUMBER, TRUE, FALSE },
  { "scoring.cap", N_("Cap of the Ratio"), KH_PROP_NUMBER, TRUE, FALSE },
  { "scoring.floor", N_("Satisfaction Floor"), KH_PROP_NUMBER, TRUE, FALSE },
  { "scoring.steps", N_("Steps or Grades (min:points …)"), KH_PROP_TEXT, TRUE, FALSE },
  { NULL },
};

const KhPropInfo *
kh_node_props (void)
{
  return node_props;
}

const KhPropInfo *
kh_node_prop_lookup (const char *key)
{
  g_return_val_if_fail (key != NULL, NULL);

  for (const KhPropInfo *p = node_props; p->key != NULL; p++)
    if (strcmp (p->key, key) == 0)
      return p;
  return NULL;
}

gboolean
kh_node_prop_applies (const KhPropInfo *info,
                      const KhNode     *node)
{
  g_return_val_if_fail (info != NULL && node != NULL, FALSE);

  if (info->indicator_only && node->kind != KH_NODE_INDICATOR)
    return FALSE;
  if (info->inner_only && node->kind == KH_NODE_INDICATOR)
    return FALSE;
  return TRUE;
}

#define DEFINE_CHOICES(name, n, to_string)                \
  static const char *const *                              \
  name (void)                                             \
  {                                                       \
    static const char *values[n + 1];                     \
    if (values[0] == NULL)                                \
      for (int i = 0; i < n; i++)                         \
        values[i] = to_string (i);                        \
    return values;                                        \
  }

DEFINE_CHOICES (aggregation_choices, 5, kh_aggregation_to_string)
DEFINE_CHOICES (direction_choices, 3, kh_direction_to_string)
DEFINE_CHOICES (missing_choices, 5, kh_missing_to_string)
DEFINE_CHOICES (outlier_choices, 4, kh_outlier_to_string)
DEFINE_CHOICES (method_choices, 9, kh_method_to_string)

static const char *const tier_mode_choices[] = { "count", "share", "threshold", NULL };
static const char *const quota_select_choices[] = { "none", "rank", NULL };
static const char *const sense_choices[] = { "at-most", "at-least", NULL };
static const char *const consequence_choices[] = { "deduct", "cap-tier", "veto", NULL };
/* In the order of KhSurveyBelow. */
static const char *const survey_below_choices[] = { "missing", "reweight", NULL };

const char *const *
kh_prop_choices (const char *key)
{
  g_return_val_if_fail (key != NULL, NULL);

  if (strcmp (key, "aggregation") == 0)
    return aggregation_choices ();
  if (strcmp (key, "direction") == 0)
    return direction_choices ();
  if (strcmp (key, "missing") == 0)
    return missing_choices ();
  if (strcmp (key, "outlier") == 0)
    return outlier_choices ();
  if (strcmp (key, "method") == 0)
    return method_choices ();
  if (g_str_has_suffix (key, "tiers.mode"))
    return tier_mode_choices;
  if (g_str_has_suffix (key, "/select"))
    return quota_select_choices;
  if (g_str_has_suffix (key, "/sense"))
    return sense_choices;
  if (g_str_has_suffix (key, "/consequence"))
    return consequence_choices;
  if (strcmp (key, "survey/below") == 0)
    return survey_below_choices;
  return NULL;
}

typedef struct
{
  const char *key; /* a property key, or a suffix of one when it starts with "/" */
  const char *value;
  const char *label;
} ChoiceLabel;

static const ChoiceLabel choice_labels[] = {
  { "aggregation", "sum", N_("Weighted sum") },
  { "aggregation", "mean", N_("Weighted mean") },
  { "aggregation", "geometric", N_("Weighted geometric mean") },
  { "aggregation", "harmonic", N_("Weighted harmonic mean") },
  { "aggregation", "coefficient", N_("Sum times coefficients") },
  { "direction", "higher", N_("Higher ↑") },
  { "direction", "lower", N_("Lower ↓") },
  { "direction", "band", N_("Band") },
  { "method", "minmax", N_("Min–max") },
  { "method", "zscore", N_("Z-score") },
  { "method", "rank", N_("Rank points") },
  { "method", "percentile", N_("Percentile") },
  { "method", "goalposts", N_("Goalposts") },
  { "method", "target-ratio", N_("Target ratio") },
  { "method", "thresholds", N_("Thresholds") },
  { "method", "grades", N_("Grades") },
  { "method", "satisfaction", N_("Satisfaction") },
  { "missing", "reweight", N_("Share the weight among the others") },
  { "missing", "zero", N_("Count as zero") },
  { "missing", "mean", N_("Use the mean") },
  { "missing", "median", N_("Use the median") },
  { "missing", "previous", N_("Use the previous year’s value") },
  { "outlier", "none", N_("Keep as they are") },
  { "outlier", "winsor-percentile", N_("Clip at percentiles") },
  { "outlier", "winsor-sd", N_("Clip at standard deviations") },
  { "outlier", "log", N_("Logarithm") },
  { "/tiers.mode", "count", N_("By count") },
  { "/tiers.mode", "share", N_("By share") },
  { "/tiers.mode", "threshold", N_("By score threshold") },
  { "/select", "none", N_("Entered by each unit") },
  { "/select", "rank", N_("Best ranked first") },
  { "/sense", "at-most", N_("At most") },
  { "/sense", "at-least", N_("At least") },
  { "/consequence", "deduct", N_("Deduct points") },
  { "/consequence", "cap-tier", N_("Cap the tier") },
  { "/consequence", "veto", N_("Veto") },
  { "survey/below", "missing", N_("Score missing") },
  { "survey/below", "reweight", N_("Re-weight the other classes") },
};

static gboolean
label_key_matches (const char *pattern,
                   const char *key)
{
  if (pattern[0] == '/')
    return g_str_has_suffix (key, pattern) || g_str_equal (key, pattern + 1);
  return g_str_equal (key, pattern);
}

const char *
kh_prop_choice_label (const char *key,
                      const char *value)
{
  g_return_val_if_fail (key != NULL, value);

  if (value == NULL)
    return NULL;
  for (guint i = 0; i < G_N_ELEMENTS (choice_labels); i++)
    if (g_str_equal (choice_labels[i].value, value)
        && label_key_matches (choice_labels[i].key, key))
      return _(choice_labels[i].label);
  return value;
}

const char *
kh_node_kind_label (KhNodeKind kind)
{
  switch (kind)
    {
    case KH_NODE_ROOT:
      return _("Root");
    case KH_NODE_PAPER:
      return _("Paper");
    case KH_NODE_DIMENSION:
      return _("Dimension");
    case KH_NODE_INDICATOR:
      return _("Indicator");
    default:
      return kh_node_kind_to_string (kind);
    }
}

int
kh_prop_choice_index (const char *key,
                      const char *value)
{
  const char *const *choices = kh_prop_choices (key);

  for (int i = 0; choices != NULL && choices[i] != NULL; i++)
    if (strcmp (choices[i], value) == 0)
      return i;
  return -1;
}

char *
kh_prop_number_to_string (double value)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  if (isnan (value))
    return g_strdup ("");
  /* 15 significant digits when they read back as the same double (3.2, not
   * 3.2000000000000002), else the 17 that always do. */
  g_ascii_formatd (buffer, sizeof buffer, "%.15g", value);
  if (g_ascii_strtod (buffer, NULL) != value)
    g_ascii_formatd (buffer, sizeof buffer, "%.17g", value);
  return g_strdup (buffer);
}

/* The address of a node's double field, or NULL. */
static double *
node_number (KhNode     *node,
             const char *key)
{
  static const struct
  {
    const char *key;
    gsize offset;
  } fields[] = {
    { "weight", G_STRUCT_OFFSET (KhNode, weight) },
    { "points", G_STRUCT_OFFSET (KhNode, points) },
    { "band-lo", G_STRUCT_OFFSET (KhNode, band_lo) },
    { "band-hi", G_STRUCT_OFFSET (KhNode, band_hi) },
    { "outlier-a", G_STRUCT_OFFSET (KhNode, outlier_a) },
    { "outlier-b", G_STRUCT_OFFSET (KhNode, outlier_b) },
    { "scoring.a", G_STRUCT_OFFSET (KhNode, scoring.a) },
    { "scoring.b", G_STRUCT_OFFSET (KhNode, scoring.b) },
    { "scoring.mean", G_STRUCT_OFFSET (KhNode, scoring.mean) },
    { "scoring.sd", G_STRUCT_OFFSET (KhNode, scoring.sd) },
    { "scoring.step", G_STRUCT_OFFSET (KhNode, scoring.step) },
    { "scoring.lo", G_STRUCT_OFFSET (KhNode, scoring.lo) },
    { "scoring.hi", G_STRUCT_OFFSET (KhNode, scoring.hi) },
    { "scoring.target", G_STRUCT_OFFSET (KhNode, scoring.target) },
    { "scoring.cap", G_STRUCT_OFFSET (KhNode, scoring.cap) },
    { "scoring.floor", G_STRUCT_OFFSET (KhNode, scoring.floor) },
  };

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    if (strcmp (fields[i].key, key) == 0)
      return G_STRUCT_MEMBER_P (node, fields[i].offset);
  return NULL;
}

/* The address of a node's string field, or NULL. */
static char **
node_string (KhNode     *node,
             const char *key)
{
  if (strcmp (key, "name.zh_CN") == 0)
    return &node->name.zh_CN;
  if (strcmp (key, "name.zh_TW") == 0)
    return &node->name.zh_TW;
  if (strcmp (key, "name.en") == 0)
    return &node->name.en;
  if (strcmp (key, "description") == 0)
    return &node->description;
  if (strcmp (key, "replaces") == 0)
    return &node->replaces;
  if (strcmp (key, "unit-of-measure") == 0)
    return &node->unit_of_measure;
  if (strcmp (key, "source") == 0)
    return &node->source;
  if (strcmp (key, "formula") == 0)
    return &node->formula;
  return NULL;
}

static char *
steps_to_string (const GArray *steps)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; steps != NULL && i < steps->len; i++)
    {
      const KhStep *step = &g_array_index (steps, KhStep, i);
      g_autofree char *min = kh_prop_number_to_string (step->min);
      g_autofree char *points = kh_prop_number_to_string (step->points);

      g_string_append_printf (text, "%s%s:%s", i > 0 ? " " : "", min, points);
    }
  return g_string_free (text, FALSE);
}

char *
kh_node_prop_get (const KhNode *node,
                  const char   *key)
{
  KhNode *n = (KhNode *) node;
  double *number;
  char **string;

  g_return_val_if_fail (node != NULL && key != NULL, NULL);

  if (strcmp (key, "id") == 0)
    return g_strdup (node->id);
  if ((string = node_string (n, key)) != NULL)
    return g_strdup (*string != NULL ? *string : "");
  if ((number = node_number (n, key)) != NULL)
    return kh_prop_number_to_string (*number);
  if (strcmp (key, "aggregation") == 0)
    return g_strdup (kh_aggregation_to_string (node->aggregation));
  if (strcmp (key, "direction") == 0)
    return g_strdup (kh_direction_to_string (node->direction));
  if (strcmp (key, "missing") == 0)
    return g_strdup (kh_missing_to_string (node->missing));
  if (strcmp (key, "outlier") == 0)
    return g_strdup (kh_outlier_to_string (node->outlier));
  if (strcmp (key, "method") == 0)
    return g_strdup (kh_method_to_string (node->scoring.method));
  if (strcmp (key, "coefficient") == 0)
    return g_strdup (node->coefficient ? "true" : "false");
  if (strcmp (key, "common") == 0)
    return g_strdup (node->common ? "true" : "false");
  if (strcmp (key, "from-year") == 0)
    return node->from_year != 0 ? g_strdup_printf ("%d", node->from_year) : g_strdup ("");
  if (strcmp (key, "until-year") == 0)
    return node->until_year != 0 ? g_strdup_printf ("%d", node->until_year) : g_strdup ("");
  if (strcmp (key, "applies") == 0)
    {
      GString *text = g_string_new (NULL);

      for (guint i = 0; node->applies != NULL && i < node->applies->len; i++)
        g_string_append_printf (text, "%s%s", i > 0 ? " " : "",
                                (const char *) g_ptr_array_index (node->applies, i));
      return g_string_free (text, FALSE);
    }
  if (strcmp (key, "scoring.steps") == 0)
    return steps_to_string (node->scoring.steps);
  return NULL;
}

gboolean
kh_prop_invalid (GError    **error,
                 const char *key,
                 const char *message)
{
  g_set_error (error, KH_IO_ERROR, KH_IO_ERROR_INVALID, "%s: %s", key, message);
  return FALSE;
}

gboolean
kh_prop_parse_number (const char *key,
                      const char *value,
                      gboolean    allow_empty,
                      double     *out,
                      GError    **error)
{
  g_autofree char *text = g_strstrip (g_strdup (value));
  char *end = NULL;

  if (*text == '\0')
    {
      if (!allow_empty)
        return kh_prop_invalid (error, key, _("a number is required"));
      *out = NAN;
      return TRUE;
    }
  *out = g_ascii_strtod (text, &end);
  if (end == text || *end != '\0' || !isfinite (*out))
    return kh_prop_invalid (error, key, _("not a number"));
  return TRUE;
}

gboolean
kh_prop_parse_integer (const char *key,
                       const char *value,
                       int        *out,
                       GError    **error)
{
  g_autofree char *text = g_strstrip (g_strdup (value));
  gint64 number = 0;

  if (*text == '\0')
    {
      *out = 0;
      return TRUE;
    }
  if (!g_ascii_string_to_signed (text, 10, 0, 9999, &number, NULL))
    return kh_prop_invalid (error, key, _("a whole number from 0 to 9999 is required"));
  *out = (int) number;
  return TRUE;
}

gboolean
kh_prop_parse_boolean (const char *key,
                       const char *value,
                       gboolean   *out,
                       GError    **error)
{
  if (g_strcmp0 (value, "true") == 0)
    *out = TRUE;
  else if (g_strcmp0 (value, "false") == 0)
    *out = FALSE;
  else
    return kh_prop_invalid (error, key, _("true or false is required"));
  return TRUE;
}

gboolean
kh_prop_valid_id (const char *id)
{
  if (id == NULL || !(g_ascii_isalpha (*id) || *id == '_'))
    return FALSE;
  for (const char *p = id; *p != '\0'; p++)
    if (!(g_ascii_isalnum (*p) || *p == '_' || *p == '-' || *p == '.'))
      return FALSE;
  return TRUE;
}

static gboolean
parse_steps (const char *key,
             const char *value,
             GArray     *steps,
             GError    **error)
{
  g_auto (GStrv) parts = g_strsplit_set (value, " \t,;", -1);

  for (guint i = 0; parts[i] != NULL; i++)
    {
      g_auto (GStrv) pair = NULL;
      KhStep step = { 0 };

      if (*parts[i] == '\0')
        continue;
      pair = g_strsplit (parts[i], ":", 2);
      if (g_strv_length (pair) != 2 || !kh_prop_parse_number (key, pair[0], FALSE, &step.min, error)
          || !kh_prop_parse_number (key, pair[1], FALSE, &step.points, error))
        {
          g_clear_error (error);
          return kh_prop_invalid (error, key, _("write each step as min:points, separated by spaces"));
        }
      g_array_append_val (steps, step);
    }
  return TRUE;
}

static void
clear_step (gpointer data)
{
  kh_text_clear (&((KhStep *) data)->label);
}

static gboolean
set_choice (KhNode     *node,
            const char *key,
            int         index)
{
  if (strcmp (key, "aggregation") == 0)
    node->aggregation = index;
  else if (strcmp (key, "direction") == 0)
    node->direction = index;
  else if (strcmp (key, "missing") == 0)
    node->missing = index;
  else if (strcmp (key, "outlier") == 0)
    node->outlier = index;
  else if (strcmp (key, "method") == 0)
    node->scoring.method = index;
  else
    return FALSE;
  return TRUE;
}

static gboolean
set_id (KhFramework *framework,
        KhNode      *node,
        const char  *value,
        GError     **error)
{
  KhNode *other;

  if (!kh_prop_valid_id (value))
    return kh_prop_invalid (error, "id",
                    _("an identifier starts with a letter or “_” and holds only letters, digits, "
                      "“_”, “-” and “.”"));
  other = kh_framework_find_node (framework, value);
  if (other != NULL && other != node)
    return kh_prop_invalid (error, "id", _("another node has this identifier"));
  g_free (node->id);
  node->id = g_strdup (value);
  return TRUE;
}

static gboolean
set_special (KhNode     *node,
             const char *key,
             const char *value,
             GError    **error)
{
  if (strcmp (key, "coefficient") == 0)
    return kh_prop_parse_boolean (key, value, &node->coefficient, error);
  if (strcmp (key, "common") == 0)
    return kh_prop_parse_boolean (key, value, &node->common, error);
  if (strcmp (key, "from-year") == 0)
    return kh_prop_parse_integer (key, value, &node->from_year, error);
  if (strcmp (key, "until-year") == 0)
    return kh_prop_parse_integer (key, value, &node->until_year, error);
  if (strcmp (key, "applies") == 0)
    {
      g_auto (GStrv) ids = g_strsplit_set (value, " \t,", -1);

      if (node->applies == NULL)
        node->applies = g_ptr_array_new_with_free_func (g_free);
      g_ptr_array_set_size (node->applies, 0);
      for (guint i = 0; ids[i] != NULL; i++)
        if (*ids[i] != '\0')
          g_ptr_array_add (node->applies, g_strdup (ids[i]));
      return TRUE;
    }
  if (strcmp (key, "scoring.steps") == 0)
    {
      g_autoptr (GArray) steps = g_array_new (FALSE, TRUE, sizeof (KhStep));

      g_array_set_clear_func (steps, clear_step);
      if (!parse_steps (key, value, steps, error))
        return FALSE;
      /* Labels (grades 优/良/中/差) stay with their position. */
      for (guint i = 0; i < steps->len && i < node->scoring.steps->len; i++)
        kh_text_copy (&g_array_index (steps, KhStep, i).label,
                      &g_array_index (node->scoring.steps, KhStep, i).label);
      g_clear_pointer (&node->scoring.steps, g_array_unref);
      node->scoring.steps = g_steal_pointer (&steps);
      return TRUE;
    }
  return kh_prop_invalid (error, key, _("unknown property"));
}

gboolean
kh_node_prop_set (KhFramework *framework,
                  KhNode      *node,
                  const char  *key,
                  const char  *value,
                  GError     **error)
{
  double *number;
  char **string;

  g_return_val_if_fail (framework != NULL && node != NULL, FALSE);
  g_return_val_if_fail (key != NULL && value != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (strcmp (key, "id") == 0)
    return set_id (framework, node, value, error);
  if ((string = node_string (node, key)) != NULL)
    {
      if (strcmp (key, "formula") == 0 && *value != '\0')
        {
          g_autoptr (KhExpr) expr = NULL;
          g_autoptr (GError) parse_error = NULL;

          expr = kh_formula_parse (value, NULL, &parse_error);
          if (expr == NULL)
            return kh_prop_invalid (error, key, parse_error->message);
        }
      g_free (*string);
      *string = *value != '\0' ? g_strdup (value) : NULL;
      return TRUE;
    }
  if ((number = node_number (node, key)) != NULL)
    {
      gboolean allow_empty = strcmp (key, "weight") != 0 && strcmp (key, "points") != 0;
      double parsed;

      if (!kh_prop_parse_number (key, value, allow_empty, &parsed, error))
        return FALSE;
      if (strcmp (key, "weight") == 0 && !(parsed > 0))
        return kh_prop_invalid (error, key, _("the weight must be above 0"));
      if (strcmp (key, "points") == 0 && parsed < 0)
        return kh_prop_invalid (error, key, _("the points cannot be negative"));
      *number = parsed;
      return TRUE;
    }
  if (kh_prop_choices (key) != NULL)
    {
      int index = kh_prop_choice_index (key, value);

      if (index < 0 || !set_choice (node, key, index))
        return kh_prop_invalid (error, key, _("not one of the accepted values"));
      return TRUE;
    }
  return set_special (node, key, value, error);
}
