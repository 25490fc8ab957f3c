/* kh-survey-props.c — the satisfaction survey of a framework as editable properties
 * (see kh-node-props.h): its field, trimming rule and below-minimum rule; its scales,
 * rater classes and items, each list edited as its ids, and each one's own properties
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Keys (values as the inspector shows them):
 *   survey/field                  the indicator or variable the score is written into
 *                                 (set on a framework without a survey: declares one)
 *   survey/trim                   scores dropped at each end (clears trim-share)
 *   survey/trim-share             share dropped at each end, 0 ≤ s < 0.5 ("": by count)
 *   survey/below                  missing | reweight
 *   survey/scales, survey/classes, survey/items
 *                                 the ids, separated by spaces: a new id adds one with
 *                                 the defaults, a missing id removes it
 *   survey/scale/ID/answers       "满意=100 基本满意=60 不满意=0", or "0-100" (numeric)
 *   survey/class/ID/weight        above 0
 *   survey/class/ID/min-responses 1 or more
 *   survey/class/ID/rates         unit or group ids ("": every unit of the category)
 *   survey/item/ID/scale          a scale of the survey
 *   survey/item/ID/weight         above 0
 * Every value is checked before anything changes; kh-framework-check.c checks the whole.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "core/kh-survey.h"
#include "io/kh-io-error.h"
#include "kh-node-props.h"
#include "kh-props-private.h"

gboolean
kh_survey_prop_is (const char *key)
{
  return key != NULL && g_str_has_prefix (key, "survey/");
}

GPtrArray *
kh_survey_prop_keys (KhFramework *framework)
{
  GPtrArray *keys = g_ptr_array_new_with_free_func (g_free);
  const KhSurvey *survey;

  g_return_val_if_fail (framework != NULL, keys);

  survey = framework->survey;
  g_ptr_array_add (keys, g_strdup ("survey/field"));
  if (survey == NULL)
    return keys;
  g_ptr_array_add (keys, g_strdup ("survey/trim"));
  g_ptr_array_add (keys, g_strdup ("survey/trim-share"));
  g_ptr_array_add (keys, g_strdup ("survey/below"));
  g_ptr_array_add (keys, g_strdup ("survey/scales"));
  for (guint i = 0; i < survey->scales->len; i++)
    g_ptr_array_add (keys, g_strdup_printf ("survey/scale/%s/answers",
                                            ((KhSurveyScale *) survey->scales->pdata[i])->id));
  g_ptr_array_add (keys, g_strdup ("survey/classes"));
  for (guint i = 0; i < survey->classes->len; i++)
    {
      const char *id = ((KhSurveyClass *) survey->classes->pdata[i])->id;

      g_ptr_array_add (keys, g_strdup_printf ("survey/class/%s/weight", id));
      g_ptr_array_add (keys, g_strdup_printf ("survey/class/%s/min-responses", id));
      g_ptr_array_add (keys, g_strdup_printf ("survey/class/%s/rates", id));
    }
  g_ptr_array_add (keys, g_strdup ("survey/items"));
  for (guint i = 0; i < survey->items->len; i++)
    {
      const char *id = ((KhSurveyItem *) survey->items->pdata[i])->id;

      g_ptr_array_add (keys, g_strdup_printf ("survey/item/%s/scale", id));
      g_ptr_array_add (keys, g_strdup_printf ("survey/item/%s/weight", id));
    }
  return keys;
}

KhPropKind
kh_survey_prop_kind (const char *key)
{
  g_return_val_if_fail (key != NULL, KH_PROP_TEXT);

  if (strcmp (key, "survey/below") == 0)
    return KH_PROP_CHOICE;
  if (strcmp (key, "survey/trim") == 0 || g_str_has_suffix (key, "/min-responses"))
    return KH_PROP_INTEGER;
  if (strcmp (key, "survey/trim-share") == 0 || g_str_has_suffix (key, "/weight"))
    return KH_PROP_NUMBER;
  return KH_PROP_TEXT;
}

/* "survey/class/public/weight" → kind "class", id "public", field "weight". */
static gboolean
split_key (const char *key,
           char      **kind,
           char      **id,
           const char **field)
{
  g_auto (GStrv) parts = g_strsplit (key, "/", -1);

  if (g_strv_length (parts) != 4)
    return FALSE;
  *kind = g_strdup (parts[1]);
  *id = g_strdup (parts[2]);
  *field = key + strlen (key) - strlen (parts[3]);
  return TRUE;
}

char *
kh_survey_prop_title (const char *key)
{
  g_autofree char *kind = NULL;
  g_autofree char *id = NULL;
  const char *field;

  g_return_val_if_fail (key != NULL, NULL);

  if (strcmp (key, "survey/field") == 0)
    return g_strdup (_("Survey score into field"));
  if (strcmp (key, "survey/trim") == 0)
    return g_strdup (_("Scores dropped at each end"));
  if (strcmp (key, "survey/trim-share") == 0)
    return g_strdup (_("Share dropped at each end"));
  if (strcmp (key, "survey/below") == 0)
    return g_strdup (_("Below the minimum"));
  if (strcmp (key, "survey/scales") == 0)
    return g_strdup (_("Scales (ids)"));
  if (strcmp (key, "survey/classes") == 0)
    return g_strdup (_("Rater classes (ids)"));
  if (strcmp (key, "survey/items") == 0)
    return g_strdup (_("Items (ids)"));
  if (!split_key (key, &kind, &id, &field))
    return g_strdup (key);
  /* TRANSLATORS: %s is a survey scale's id; its answers as 满意=100 基本满意=60, or 0-100 */
  if (strcmp (kind, "scale") == 0)
    return g_strdup_printf (_("Scale %s: answers (code=value, or min-max)"), id);
  if (strcmp (kind, "class") == 0 && strcmp (field, "weight") == 0)
    return g_strdup_printf (_("Class %s: weight"), id);
  if (strcmp (kind, "class") == 0 && strcmp (field, "min-responses") == 0)
    return g_strdup_printf (_("Class %s: minimum responses per unit"), id);
  if (strcmp (kind, "class") == 0)
    return g_strdup_printf (_("Class %s: rates units or groups (empty: all)"), id);
  if (strcmp (kind, "item") == 0 && strcmp (field, "scale") == 0)
    return g_strdup_printf (_("Item %s: scale"), id);
  if (strcmp (kind, "item") == 0)
    return g_strdup_printf (_("Item %s: weight"), id);
  return g_strdup (key);
}

static char *
join_ids (GPtrArray *objects)
{
  GString *text = g_string_new (NULL);

  /* Scales, classes and items all start with their id. */
  for (guint i = 0; i < objects->len; i++)
    g_string_append_printf (text, "%s%s", i > 0 ? " " : "", *(char **) objects->pdata[i]);
  return g_string_free (text, FALSE);
}

static char *
scale_answers (const KhSurveyScale *scale)
{
  GString *text = g_string_new (NULL);

  if (scale->options->len == 0)
    {
      g_autofree char *min = kh_prop_number_to_string (scale->min);
      g_autofree char *max = kh_prop_number_to_string (scale->max);

      g_string_printf (text, "%s-%s", min, max);
    }
  for (guint i = 0; i < scale->options->len; i++)
    {
      const KhSurveyOption *option = g_ptr_array_index (scale->options, i);
      g_autofree char *value = kh_prop_number_to_string (option->value);

      g_string_append_printf (text, "%s%s=%s", i > 0 ? " " : "", option->code, value);
    }
  return g_string_free (text, FALSE);
}

static int
find_scale_index (const KhSurvey *survey,
                  const char     *id)
{
  for (guint i = 0; i < survey->scales->len; i++)
    if (g_strcmp0 (((KhSurveyScale *) survey->scales->pdata[i])->id, id) == 0)
      return i;
  return -1;
}

char *
kh_survey_prop_get (KhFramework *framework,
                    const char  *key)
{
  const KhSurvey *survey;
  g_autofree char *kind = NULL;
  g_autofree char *id = NULL;
  const char *field;

  g_return_val_if_fail (framework != NULL && key != NULL, NULL);

  survey = framework->survey;
  if (strcmp (key, "survey/field") == 0)
    return g_strdup (survey != NULL && survey->field != NULL ? survey->field : "");
  if (survey == NULL)
    return NULL;
  if (strcmp (key, "survey/trim") == 0)
    return g_strdup_printf ("%d", survey->trim);
  if (strcmp (key, "survey/trim-share") == 0)
    return kh_prop_number_to_string (survey->trim_share);
  if (strcmp (key, "survey/below") == 0)
    return g_strdup (kh_prop_choices (key)[survey->below]);
  if (strcmp (key, "survey/scales") == 0)
    return join_ids (survey->scales);
  if (strcmp (key, "survey/classes") == 0)
    return join_ids (survey->classes);
  if (strcmp (key, "survey/items") == 0)
    return join_ids (survey->items);
  if (!split_key (key, &kind, &id, &field))
    return NULL;
  if (strcmp (kind, "scale") == 0 && strcmp (field, "answers") == 0)
    {
      int s = find_scale_index (survey, id);

      return s >= 0 ? scale_answers (survey->scales->pdata[s]) : NULL;
    }
  if (strcmp (kind, "class") == 0)
    {
      int c = kh_survey_find_class (survey, id);
      const KhSurveyClass *klass = c >= 0 ? survey->classes->pdata[c] : NULL;

      if (klass == NULL)
        return NULL;
      if (strcmp (field, "weight") == 0)
        return kh_prop_number_to_string (klass->weight);
      if (strcmp (field, "min-responses") == 0)
        return g_strdup_printf ("%d", klass->min_responses);
      if (strcmp (field, "rates") == 0)
        {
          GString *text = g_string_new (NULL);

          for (guint i = 0; i < klass->rates->len; i++)
            g_string_append_printf (text, "%s%s", i > 0 ? " " : "",
                                    (char *) klass->rates->pdata[i]);
          return g_string_free (text, FALSE);
        }
      return NULL;
    }
  if (strcmp (kind, "item") == 0)
    {
      int i = kh_survey_find_item (survey, id);
      const KhSurveyItem *item = i >= 0 ? survey->items->pdata[i] : NULL;

      if (item == NULL)
        return NULL;
      if (strcmp (field, "scale") == 0)
        return g_strdup (item->scale != NULL ? item->scale : "");
      if (strcmp (field, "weight") == 0)
        return kh_prop_number_to_string (item->weight);
    }
  return NULL;
}

/* The ids of @value, each valid and once; NULL (and @error) otherwise. */
static GStrv
parse_ids (const char *key,
           const char *value,
           gboolean    allow_empty,
           GError    **error)
{
  g_auto (GStrv) parts = g_strsplit_set (value, " \t,", -1);
  g_autoptr (GStrvBuilder) builder = g_strv_builder_new ();
  g_autoptr (GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; parts[i] != NULL; i++)
    {
      if (*parts[i] == '\0')
        continue;
      if (!kh_prop_valid_id (parts[i]))
        {
          /* TRANSLATORS: %s is what the user typed as an identifier */
          g_autofree char *message = g_strdup_printf (_("“%s” is no valid identifier (a letter or _, "
                                                        "then letters, digits, _ - or .)"), parts[i]);

          kh_prop_invalid (error, key, message);
          return NULL;
        }
      if (!g_hash_table_add (seen, parts[i]))
        {
          g_autofree char *message = g_strdup_printf (_("“%s” is named twice"), parts[i]);

          kh_prop_invalid (error, key, message);
          return NULL;
        }
      g_strv_builder_add (builder, parts[i]);
    }
  if (!allow_empty && g_hash_table_size (seen) == 0)
    {
      kh_prop_invalid (error, key, _("at least one is required"));
      return NULL;
    }
  return g_strv_builder_end (builder);
}

/* Rebuilds @objects in the order of @ids: kept ones moved, new ones made by @make, the
 * others freed with @free_func. */
static void
set_list (GPtrArray     *objects,
          GStrv          ids,
          gpointer     (*make) (const char *id, gpointer data),
          gpointer       data,
          GDestroyNotify free_func)
{
  gsize n_old = 0;
  g_autofree gpointer *old = g_ptr_array_steal (objects, &n_old);

  for (guint i = 0; ids[i] != NULL; i++)
    {
      gpointer found = NULL;

      for (gsize o = 0; o < n_old && found == NULL; o++)
        if (old[o] != NULL && g_strcmp0 (*(char **) old[o], ids[i]) == 0)
          {
            found = old[o];
            old[o] = NULL;
          }
      g_ptr_array_add (objects, found != NULL ? found : make (ids[i], data));
    }
  for (gsize o = 0; o < n_old; o++)
    if (old[o] != NULL)
      free_func (old[o]);
}

static gpointer
make_scale (const char *id,
            gpointer    data)
{
  return kh_survey_scale_new (id); /* 0–100 */
}

static gpointer
make_class (const char *id,
            gpointer    data)
{
  return kh_survey_class_new (id); /* weight 1, at least 1 response */
}

static gpointer
make_item (const char *id,
           gpointer    data)
{
  const KhSurvey *survey = data;

  /* On the survey's first scale. */
  return kh_survey_item_new (id, survey->scales->len > 0
                                   ? ((KhSurveyScale *) survey->scales->pdata[0])->id : NULL);
}

static gboolean
set_answers (KhSurveyScale *scale,
             const char    *key,
             const char    *value,
             GError       **error)
{
  g_autofree char *text = g_strstrip (g_strdup (value));
  g_autoptr (GPtrArray) options = NULL;

  if (strchr (text, '=') == NULL)
    {
      /* A numeric scale "min-max" (the dash after the first character). */
      const char *dash = text[0] != '\0' ? strchr (text + 1, '-') : NULL;
      g_autofree char *min_text = dash != NULL ? g_strndup (text, dash - text) : NULL;
      double min, max;

      if (dash == NULL)
        return kh_prop_invalid (error, key, _("answers as code=value (满意=100 基本满意=60 …) "
                                              "or a range min-max (0-100) are required"));
      if (!kh_prop_parse_number (key, g_strstrip (min_text), FALSE, &min, error)
          || !kh_prop_parse_number (key, g_strstrip ((char *) dash + 1), FALSE, &max, error))
        return FALSE;
      if (!(min < max))
        return kh_prop_invalid (error, key, _("the range's min must be below its max"));
      scale->min = min;
      scale->max = max;
      g_ptr_array_set_size (scale->options, 0);
      return TRUE;
    }

  options = g_ptr_array_new_with_free_func ((GDestroyNotify) kh_survey_option_free);
  {
    g_auto (GStrv) parts = g_strsplit_set (text, " \t,", -1);

    for (guint i = 0; parts[i] != NULL; i++)
      {
        const char *eq = strrchr (parts[i], '=');
        g_autofree char *code = NULL;
        KhSurveyOption *option;
        double number;

        if (*parts[i] == '\0')
          continue;
        if (eq == NULL || eq == parts[i])
          {
            g_autofree char *message = g_strdup_printf (_("“%s” is no answer code=value"), parts[i]);

            return kh_prop_invalid (error, key, message);
          }
        code = g_strndup (parts[i], eq - parts[i]);
        if (!kh_prop_parse_number (key, eq + 1, FALSE, &number, error))
          return FALSE;
        if (!(number >= 0 && number <= 100))
          {
            g_autofree char *message = g_strdup_printf (_("the value of “%s” must be from 0 to 100"),
                                                        code);

            return kh_prop_invalid (error, key, message);
          }
        for (guint o = 0; o < options->len; o++)
          if (strcmp (((KhSurveyOption *) options->pdata[o])->code, code) == 0)
            {
              g_autofree char *message = g_strdup_printf (_("“%s” is named twice"), code);

              return kh_prop_invalid (error, key, message);
            }
        option = kh_survey_option_new (code, number);
        /* An answer kept keeps its labels. */
        for (guint o = 0; o < scale->options->len; o++)
          {
            const KhSurveyOption *old = g_ptr_array_index (scale->options, o);

            if (strcmp (old->code, code) == 0)
              kh_text_copy (&option->label, &old->label);
          }
        g_ptr_array_add (options, option);
      }
  }
  {
    gsize n = 0;
    g_autofree gpointer *taken = g_ptr_array_steal (options, &n);

    g_ptr_array_set_size (scale->options, 0);
    for (gsize i = 0; i < n; i++)
      g_ptr_array_add (scale->options, taken[i]);
  }
  scale->min = 0;
  scale->max = 100;
  return TRUE;
}

static gboolean
set_weight (const char *key,
            const char *value,
            double     *out,
            GError    **error)
{
  double weight;

  if (!kh_prop_parse_number (key, value, FALSE, &weight, error))
    return FALSE;
  if (!(weight > 0))
    return kh_prop_invalid (error, key, _("the weight must be above 0"));
  *out = weight;
  return TRUE;
}

static gboolean
set_field (KhFramework *framework,
           const char  *key,
           const char  *value,
           GError     **error)
{
  g_autofree char *field = g_strstrip (g_strdup (value));
  const KhNode *node = kh_framework_find_node (framework, field);
  gboolean variable = FALSE;

  for (guint i = 0; i < framework->variables->len; i++)
    if (g_strcmp0 (((KhVariable *) framework->variables->pdata[i])->id, field) == 0)
      variable = TRUE;
  if (!variable && (node == NULL || node->kind != KH_NODE_INDICATOR || node->formula != NULL))
    return kh_prop_invalid (error, key, _("an indicator without a formula, or a variable, "
                                          "is required"));
  if (framework->survey == NULL)
    {
      /* A new survey: one 0–100 scale, the public rating every unit on one item. */
      KhSurvey *survey = kh_survey_new ("survey");

      g_ptr_array_add (survey->scales, kh_survey_scale_new ("pct"));
      g_ptr_array_add (survey->classes, kh_survey_class_new ("public"));
      g_ptr_array_add (survey->items, kh_survey_item_new ("overall", "pct"));
      framework->survey = survey;
    }
  g_free (framework->survey->field);
  framework->survey->field = g_steal_pointer (&field);
  return TRUE;
}

gboolean
kh_survey_prop_set (KhFramework *framework,
                    const char  *key,
                    const char  *value,
                    GError     **error)
{
  KhSurvey *survey;
  g_autofree char *kind = NULL;
  g_autofree char *id = NULL;
  const char *field;

  g_return_val_if_fail (framework != NULL && key != NULL && value != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (strcmp (key, "survey/field") == 0)
    return set_field (framework, key, value, error);
  survey = framework->survey;
  if (survey == NULL)
    return kh_prop_invalid (error, key, _("the framework declares no survey"));
  if (strcmp (key, "survey/trim") == 0)
    {
      int trim;

      if (!kh_prop_parse_integer (key, value, &trim, error))
        return FALSE;
      survey->trim = trim;
      survey->trim_share = NAN;
      return TRUE;
    }
  if (strcmp (key, "survey/trim-share") == 0)
    {
      double share;

      if (!kh_prop_parse_number (key, value, TRUE, &share, error))
        return FALSE;
      if (!isnan (share) && !(share >= 0 && share < 0.5))
        return kh_prop_invalid (error, key, _("the share must be at least 0 and below 0.5"));
      survey->trim_share = share;
      return TRUE;
    }
  if (strcmp (key, "survey/below") == 0)
    {
      int index = kh_prop_choice_index (key, value);

      if (index < 0)
        return kh_prop_invalid (error, key, _("not one of the accepted values"));
      survey->below = index;
      return TRUE;
    }
  if (strcmp (key, "survey/scales") == 0 || strcmp (key, "survey/classes") == 0
      || strcmp (key, "survey/items") == 0)
    {
      g_auto (GStrv) ids = parse_ids (key, value, FALSE, error);

      if (ids == NULL)
        return FALSE;
      if (strcmp (key, "survey/scales") == 0)
        {
          /* A scale an item answers on stays. */
          for (guint i = 0; i < survey->items->len; i++)
            {
              const KhSurveyItem *item = g_ptr_array_index (survey->items, i);

              if (find_scale_index (survey, item->scale) >= 0
                  && !g_strv_contains ((const char *const *) ids, item->scale))
                {
                  g_autofree char *message = g_strdup_printf (_("the item “%s” answers on the "
                                                                "scale “%s”"), item->id, item->scale);

                  return kh_prop_invalid (error, key, message);
                }
            }
          set_list (survey->scales, ids, make_scale, survey,
                    (GDestroyNotify) kh_survey_scale_free);
        }
      else if (strcmp (key, "survey/classes") == 0)
        set_list (survey->classes, ids, make_class, survey,
                  (GDestroyNotify) kh_survey_class_free);
      else
        set_list (survey->items, ids, make_item, survey,
                  (GDestroyNotify) kh_survey_item_free);
      return TRUE;
    }
  if (!split_key (key, &kind, &id, &field))
    return kh_prop_invalid (error, key, _("unknown rule"));
  if (strcmp (kind, "scale") == 0 && strcmp (field, "answers") == 0)
    {
      int s = find_scale_index (survey, id);

      if (s < 0)
        return kh_prop_invalid (error, key, _("unknown rule"));
      return set_answers (survey->scales->pdata[s], key, value, error);
    }
  if (strcmp (kind, "class") == 0)
    {
      int c = kh_survey_find_class (survey, id);
      KhSurveyClass *klass = c >= 0 ? survey->classes->pdata[c] : NULL;

      if (klass == NULL)
        return kh_prop_invalid (error, key, _("unknown rule"));
      if (strcmp (field, "weight") == 0)
        return set_weight (key, value, &klass->weight, error);
      if (strcmp (field, "min-responses") == 0)
        {
          int least;

          if (!kh_prop_parse_integer (key, value, &least, error))
            return FALSE;
          if (least < 1)
            return kh_prop_invalid (error, key, _("at least 1 response is required"));
          klass->min_responses = least;
          return TRUE;
        }
      if (strcmp (field, "rates") == 0)
        {
          g_auto (GStrv) ids = parse_ids (key, value, TRUE, error);

          if (ids == NULL)
            return FALSE;
          g_ptr_array_set_size (klass->rates, 0);
          for (guint i = 0; ids[i] != NULL; i++)
            g_ptr_array_add (klass->rates, g_strdup (ids[i]));
          return TRUE;
        }
    }
  if (strcmp (kind, "item") == 0)
    {
      int i = kh_survey_find_item (survey, id);
      KhSurveyItem *item = i >= 0 ? survey->items->pdata[i] : NULL;

      if (item == NULL)
        return kh_prop_invalid (error, key, _("unknown rule"));
      if (strcmp (field, "weight") == 0)
        return set_weight (key, value, &item->weight, error);
      if (strcmp (field, "scale") == 0)
        {
          g_autofree char *scale = g_strstrip (g_strdup (value));

          if (find_scale_index (survey, scale) < 0)
            {
              g_autofree char *message = g_strdup_printf (_("the survey has no scale “%s”"), scale);

              return kh_prop_invalid (error, key, message);
            }
          g_free (item->scale);
          item->scale = g_steal_pointer (&scale);
          return TRUE;
        }
    }
  return kh_prop_invalid (error, key, _("unknown rule"));
}
