/* kh-rule-props.c — the editable rules of a framework, as text: tiers, awards,
 * recommendation quotas and binding constraints (see kh-node-props.h)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "io/kh-io-error.h"
#include "kh-node-props.h"
#include "kh-props-private.h"

static char *
doubles_to_string (const GArray *values)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; values != NULL && i < values->len; i++)
    {
      g_autofree char *number = kh_prop_number_to_string (g_array_index (values, double, i));

      g_string_append_printf (text, "%s%s", i > 0 ? " " : "", number);
    }
  return g_string_free (text, FALSE);
}

static char *
ints_to_string (const GArray *values)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; values != NULL && i < values->len; i++)
    g_string_append_printf (text, "%s%d", i > 0 ? " " : "", g_array_index (values, int, i));
  return g_string_free (text, FALSE);
}

GPtrArray *
kh_rule_prop_keys (KhFramework *framework)
{
  GPtrArray *keys = g_ptr_array_new_with_free_func (g_free);

  g_return_val_if_fail (framework != NULL, keys);

  for (guint g = 0; g < framework->groups->len; g++)
    {
      KhGroup *group = g_ptr_array_index (framework->groups, g);

      g_ptr_array_add (keys, g_strdup_printf ("group/%s/tiers.mode", group->id));
      g_ptr_array_add (keys, g_strdup_printf ("group/%s/tiers.count", group->id));
      g_ptr_array_add (keys, g_strdup_printf ("group/%s/tiers.values", group->id));
      for (guint a = 0; group->awards != NULL && a < group->awards->len; a++)
        {
          KhAwardRule *award = g_ptr_array_index (group->awards, a);
          static const char *fields[] = { "min-advance", "most", "min-tier", "max-tier" };

          for (guint f = 0; f < G_N_ELEMENTS (fields); f++)
            g_ptr_array_add (keys, g_strdup_printf ("group/%s/award/%s/%s", group->id, award->id,
                                                    fields[f]));
        }
      for (guint q = 0; group->quotas != NULL && q < group->quotas->len; q++)
        {
          KhQuotaRule *quota = g_ptr_array_index (group->quotas, q);

          g_ptr_array_add (keys, g_strdup_printf ("group/%s/quota/%s/target-category", group->id,
                                                  quota->id));
          g_ptr_array_add (keys, g_strdup_printf ("group/%s/quota/%s/counts", group->id,
                                                  quota->id));
          g_ptr_array_add (keys, g_strdup_printf ("group/%s/quota/%s/select", group->id,
                                                  quota->id));
          g_ptr_array_add (keys, g_strdup_printf ("group/%s/quota/%s/max-tier", group->id,
                                                  quota->id));
        }
    }
  for (guint c = 0; c < framework->constraints->len; c++)
    {
      KhConstraint *constraint = g_ptr_array_index (framework->constraints, c);
      static const char *fields[] = { "sense", "target", "consequence", "amount" };

      for (guint f = 0; f < G_N_ELEMENTS (fields); f++)
        g_ptr_array_add (keys, g_strdup_printf ("constraint/%s/%s", constraint->id, fields[f]));
    }
  return keys;
}

typedef struct
{
  KhGroup *group;
  KhTierRule *tiers;
  KhAwardRule *award;
  KhQuotaRule *quota;
  KhConstraint *constraint;
  const char *field;
} RuleTarget;

static gboolean
resolve_rule (KhFramework *framework,
              const char  *key,
              RuleTarget  *target)
{
  g_auto (GStrv) parts = g_strsplit (key, "/", 5);
  guint n = g_strv_length (parts);
  static const char *fields[] = { "tiers.mode", "tiers.count", "tiers.values", "min-advance",
                                  "most", "min-tier", "max-tier", "target-category", "counts",
                                  "select", "sense", "target", "consequence", "amount" };

  memset (target, 0, sizeof *target);
  if (n == 3 && strcmp (parts[0], "constraint") == 0)
    {
      for (guint c = 0; c < framework->constraints->len; c++)
        if (strcmp (((KhConstraint *) framework->constraints->pdata[c])->id, parts[1]) == 0)
          target->constraint = framework->constraints->pdata[c];
      if (target->constraint == NULL)
        return FALSE;
    }
  else if (n >= 3 && strcmp (parts[0], "group") == 0)
    {
      target->group = kh_framework_find_group (framework, parts[1]);
      if (target->group == NULL)
        return FALSE;
      target->tiers = &target->group->tiers;
      if (n == 5 && strcmp (parts[2], "award") == 0)
        {
          for (guint a = 0; target->group->awards != NULL && a < target->group->awards->len; a++)
            if (strcmp (((KhAwardRule *) target->group->awards->pdata[a])->id, parts[3]) == 0)
              target->award = target->group->awards->pdata[a];
          if (target->award == NULL)
            return FALSE;
        }
      else if (n == 5 && strcmp (parts[2], "quota") == 0)
        {
          for (guint q = 0; target->group->quotas != NULL && q < target->group->quotas->len; q++)
            if (strcmp (((KhQuotaRule *) target->group->quotas->pdata[q])->id, parts[3]) == 0)
              target->quota = target->group->quotas->pdata[q];
          if (target->quota == NULL)
            return FALSE;
        }
      else if (n != 3)
        return FALSE;
    }
  else
    return FALSE;

  /* The field name is a static string so that it outlives @parts. */
  for (guint f = 0; f < G_N_ELEMENTS (fields); f++)
    if (strcmp (parts[n - 1], fields[f]) == 0)
      target->field = fields[f];
  return target->field != NULL;
}

KhPropKind
kh_rule_prop_kind (const char *key)
{
  g_return_val_if_fail (key != NULL, KH_PROP_TEXT);

  if (kh_survey_prop_is (key))
    return kh_survey_prop_kind (key);
  if (kh_prop_choices (key) != NULL)
    return KH_PROP_CHOICE;
  if (g_str_has_suffix (key, "/most"))
    return KH_PROP_BOOLEAN;
  if (g_str_has_suffix (key, "/min-advance") || g_str_has_suffix (key, "/min-tier")
      || g_str_has_suffix (key, "/max-tier") || g_str_has_suffix (key, "tiers.count"))
    return KH_PROP_INTEGER;
  if (g_str_has_suffix (key, "/target") || g_str_has_suffix (key, "/amount"))
    return KH_PROP_NUMBER;
  return KH_PROP_TEXT;
}

char *
kh_rule_prop_get (KhFramework *framework,
                  const char  *key)
{
  RuleTarget t;
  const char *f;

  g_return_val_if_fail (framework != NULL && key != NULL, NULL);

  if (kh_survey_prop_is (key))
    return kh_survey_prop_get (framework, key);
  if (!resolve_rule (framework, key, &t))
    return NULL;
  f = t.field;
  if (strcmp (f, "tiers.mode") == 0)
    return g_strdup (kh_prop_choices ("tiers.mode")[t.tiers->mode]);
  if (strcmp (f, "tiers.count") == 0)
    return g_strdup_printf ("%d", t.tiers->n_tiers);
  if (strcmp (f, "tiers.values") == 0)
    return doubles_to_string (t.tiers->values);
  if (t.quota != NULL && strcmp (f, "max-tier") == 0)
    return g_strdup_printf ("%d", t.quota->max_tier);
  if (strcmp (f, "select") == 0)
    return g_strdup (kh_quota_select_to_string (t.quota->select));
  if (strcmp (f, "min-advance") == 0)
    return g_strdup_printf ("%d", t.award->min_advance);
  if (strcmp (f, "most") == 0)
    return g_strdup (t.award->most ? "true" : "false");
  if (strcmp (f, "min-tier") == 0)
    return g_strdup_printf ("%d", t.award->min_tier);
  if (strcmp (f, "max-tier") == 0)
    return g_strdup_printf ("%d", t.award->max_tier);
  if (strcmp (f, "target-category") == 0)
    return g_strdup (t.quota->target_category != NULL ? t.quota->target_category : "");
  if (strcmp (f, "counts") == 0)
    return ints_to_string (t.quota->counts);
  if (strcmp (f, "sense") == 0)
    return g_strdup (kh_prop_choices ("/sense")[t.constraint->sense]);
  if (strcmp (f, "target") == 0)
    return kh_prop_number_to_string (t.constraint->target);
  if (strcmp (f, "consequence") == 0)
    return g_strdup (kh_prop_choices ("/consequence")[t.constraint->consequence]);
  if (strcmp (f, "amount") == 0)
    return kh_prop_number_to_string (t.constraint->amount);
  return NULL;
}

static gboolean
parse_list (const char *key,
            const char *value,
            gboolean    integers,
            GArray    **out,
            GError    **error)
{
  g_auto (GStrv) parts = g_strsplit_set (value, " \t,", -1);
  g_autoptr (GArray) values = g_array_new (FALSE, FALSE, integers ? sizeof (int) : sizeof (double));

  for (guint i = 0; parts[i] != NULL; i++)
    {
      if (*parts[i] == '\0')
        continue;
      if (integers)
        {
          int number;

          if (!kh_prop_parse_integer (key, parts[i], &number, error))
            return FALSE;
          g_array_append_val (values, number);
        }
      else
        {
          double number;

          if (!kh_prop_parse_number (key, parts[i], FALSE, &number, error))
            return FALSE;
          g_array_append_val (values, number);
        }
    }
  *out = g_steal_pointer (&values);
  return TRUE;
}

static gboolean
set_tiers (KhTierRule *tiers,
           const char *key,
           const char *field,
           const char *value,
           GError    **error)
{
  if (strcmp (field, "tiers.mode") == 0)
    {
      int index = kh_prop_choice_index (key, value);

      if (index < 0)
        return kh_prop_invalid (error, key, _("not one of the accepted values"));
      tiers->mode = index;
      return TRUE;
    }
  if (strcmp (field, "tiers.count") == 0)
    {
      int count;

      if (!kh_prop_parse_integer (key, value, &count, error))
        return FALSE;
      if (count < 1 || count > 10)
        return kh_prop_invalid (error, key, _("between 1 and 10 tiers are allowed"));
      tiers->n_tiers = count;
      return TRUE;
    }
  {
    GArray *values = NULL;

    if (!parse_list (key, value, FALSE, &values, error))
      return FALSE;
    g_clear_pointer (&tiers->values, g_array_unref);
    tiers->values = values;
    return TRUE;
  }
}

static gboolean
set_award (KhAwardRule *award,
           const char  *key,
           const char  *field,
           const char  *value,
           GError     **error)
{
  if (strcmp (field, "most") == 0)
    return kh_prop_parse_boolean (key, value, &award->most, error);
  if (strcmp (field, "min-advance") == 0)
    return kh_prop_parse_integer (key, value, &award->min_advance, error);
  if (strcmp (field, "min-tier") == 0)
    return kh_prop_parse_integer (key, value, &award->min_tier, error);
  return kh_prop_parse_integer (key, value, &award->max_tier, error);
}

static gboolean
set_constraint (KhConstraint *constraint,
                const char   *key,
                const char   *field,
                const char   *value,
                GError      **error)
{
  if (strcmp (field, "sense") == 0 || strcmp (field, "consequence") == 0)
    {
      int index = kh_prop_choice_index (key, value);

      if (index < 0)
        return kh_prop_invalid (error, key, _("not one of the accepted values"));
      if (strcmp (field, "sense") == 0)
        constraint->sense = index;
      else
        constraint->consequence = index;
      return TRUE;
    }
  return kh_prop_parse_number (key, value, FALSE,
                       strcmp (field, "target") == 0 ? &constraint->target : &constraint->amount,
                       error);
}

gboolean
kh_rule_prop_set (KhFramework *framework,
                  const char  *key,
                  const char  *value,
                  GError     **error)
{
  RuleTarget t;

  g_return_val_if_fail (framework != NULL && key != NULL && value != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (kh_survey_prop_is (key))
    return kh_survey_prop_set (framework, key, value, error);
  if (!resolve_rule (framework, key, &t))
    return kh_prop_invalid (error, key, _("unknown rule"));
  if (t.constraint != NULL)
    return set_constraint (t.constraint, key, t.field, value, error);
  if (t.award != NULL)
    return set_award (t.award, key, t.field, value, error);
  if (t.quota != NULL)
    {
      if (strcmp (t.field, "target-category") == 0)
        {
          if (!kh_prop_valid_id (value))
            return kh_prop_invalid (error, key, _("a category identifier is required"));
          g_free (t.quota->target_category);
          t.quota->target_category = g_strdup (value);
          return TRUE;
        }
      if (strcmp (t.field, "select") == 0)
        {
          KhQuotaSelect select;

          if (!kh_quota_select_from_string (value, &select))
            return kh_prop_invalid (error, key, _("not one of the accepted values"));
          t.quota->select = select;
          return TRUE;
        }
      if (strcmp (t.field, "max-tier") == 0)
        {
          int max_tier;

          if (!kh_prop_parse_integer (key, value, &max_tier, error))
            return FALSE;
          if (max_tier < 0)
            return kh_prop_invalid (error, key, _("0 (any tier) or a tier number is required"));
          t.quota->max_tier = max_tier;
          return TRUE;
        }
      {
        GArray *counts = NULL;

        if (!parse_list (key, value, TRUE, &counts, error))
          return FALSE;
        g_clear_pointer (&t.quota->counts, g_array_unref);
        t.quota->counts = counts;
        return TRUE;
      }
    }
  return set_tiers (t.tiers, key, t.field, value, error);
}
