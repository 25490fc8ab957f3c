/* kh-framework-xml-write.c — the canonical writer of framework files
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "core/kh-survey.h"
#include "core/kh-weighting.h"
#include "kh-framework-xml-private.h"
#include "kh-io-error.h"

typedef struct
{
  GString *out;
  int depth;
} Writer;

static void
indent (Writer *w)
{
  for (int i = 0; i < w->depth; i++)
    g_string_append (w->out, "  ");
}

static void
append_escaped (GString    *out,
                const char *text)
{
  g_autofree char *escaped = g_markup_escape_text (text, -1);
  const char *p;

  /* A raw carriage return would read back as a line feed. */
  for (p = escaped; *p != '\0'; p++)
    if (*p == '\r')
      g_string_append (out, "&#13;");
    else
      g_string_append_c (out, *p);
}

static void
attr_str (Writer     *w,
          const char *name,
          const char *value)
{
  g_autofree char *escaped = NULL;
  GString *attr;

  if (value == NULL)
    return;
  /* Attribute-value normalisation would turn raw white space into spaces. */
  attr = g_string_new (NULL);
  append_escaped (attr, value);
  g_string_replace (attr, "\t", "&#9;", 0);
  g_string_replace (attr, "\n", "&#10;", 0);
  escaped = g_string_free (attr, FALSE);
  g_string_append_printf (w->out, " %s=\"%s\"", name, escaped);
}

/* The shortest of %.15g, %.16g, %.17g that reads back as the same double. */
static void
format_number (char   *buf,
               gsize   size,
               double  value)
{
  static const char *formats[] = { "%.15g", "%.16g", "%.17g" };

  if (value == 0)
    value = 0; /* no "-0" */
  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    {
      g_ascii_formatd (buf, size, formats[i], value);
      if (g_ascii_strtod (buf, NULL) == value)
        return;
    }
}

static void
attr_num (Writer     *w,
          const char *name,
          double      value,
          double      fallback)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  if (isnan (value) || (!isnan (fallback) && value == fallback))
    return;
  format_number (buf, sizeof buf, value);
  attr_str (w, name, buf);
}

static void
attr_int (Writer     *w,
          const char *name,
          int         value,
          int         fallback)
{
  if (value != fallback)
    g_string_append_printf (w->out, " %s=\"%d\"", name, value);
}

static void
attr_bool (Writer     *w,
           const char *name,
           gboolean    value)
{
  if (value)
    g_string_append_printf (w->out, " %s=\"true\"", name);
}

static void
open_start (Writer     *w,
            const char *element)
{
  indent (w);
  g_string_append_printf (w->out, "<%s", element);
}

static void
text_element (Writer     *w,
              const char *element,
              const char *lang,
              const char *value)
{
  if (value == NULL)
    return;
  open_start (w, element);
  attr_str (w, "lang", lang);
  g_string_append_c (w->out, '>');
  append_escaped (w->out, value);
  g_string_append_printf (w->out, "</%s>\n", element);
}

static void
write_text (Writer       *w,
            const char   *element,
            const KhText *text)
{
  text_element (w, element, "zh-CN", text->zh_CN);
  text_element (w, element, "zh-TW", text->zh_TW);
  text_element (w, element, "en", text->en);
}

static gboolean
text_is_empty (const KhText *text)
{
  return text->zh_CN == NULL && text->zh_TW == NULL && text->en == NULL;
}

static void
write_description (Writer     *w,
                   const char *description)
{
  text_element (w, "description", NULL, description);
}

/* Ends a start tag: "/>" when nothing follows, else ">" and one level deeper. */
static void
end_start (Writer   *w,
           gboolean  has_content)
{
  g_string_append (w->out, has_content ? ">\n" : "/>\n");
  if (has_content)
    w->depth++;
}

static void
close_element (Writer     *w,
               const char *element)
{
  w->depth--;
  indent (w);
  g_string_append_printf (w->out, "</%s>\n", element);
}

static void
write_number_list (Writer     *w,
                   const char *name,
                   GArray     *values,
                   gboolean    ints)
{
  g_autoptr (GString) list = g_string_new (NULL);

  for (guint i = 0; i < values->len; i++)
    {
      char buf[G_ASCII_DTOSTR_BUF_SIZE];

      if (i > 0)
        g_string_append_c (list, ' ');
      if (ints)
        g_string_append_printf (list, "%d", g_array_index (values, int, i));
      else
        {
          format_number (buf, sizeof buf, g_array_index (values, double, i));
          g_string_append (list, buf);
        }
    }
  if (values->len > 0)
    attr_str (w, name, list->str);
}

static void
write_group (Writer        *w,
             const KhGroup *group)
{
  const KhTierRule *tiers = &group->tiers;

  open_start (w, "group");
  attr_str (w, "id", group->id);
  attr_int (w, "precision", group->precision, -1);
  end_start (w, TRUE);
  write_text (w, "name", &group->name);

  open_start (w, "tiers");
  attr_str (w, "mode", kh_framework_xml_tier_mode_names[CLAMP (tiers->mode, 0, 2)]);
  attr_int (w, "count", tiers->n_tiers, 3);
  write_number_list (w, "values", tiers->values, FALSE);
  end_start (w, tiers->names->len > 0);
  for (guint i = 0; i < tiers->names->len; i++)
    {
      const KhText *name = g_ptr_array_index (tiers->names, i);

      open_start (w, "tier");
      end_start (w, !text_is_empty (name));
      if (!text_is_empty (name))
        {
          write_text (w, "name", name);
          close_element (w, "tier");
        }
    }
  if (tiers->names->len > 0)
    close_element (w, "tiers");

  for (guint i = 0; i < group->awards->len; i++)
    {
      const KhAwardRule *award = g_ptr_array_index (group->awards, i);

      open_start (w, "award");
      attr_str (w, "id", award->id);
      attr_int (w, "min-advance", award->min_advance, 1);
      attr_bool (w, "most", award->most);
      attr_int (w, "min-tier", award->min_tier, 0);
      attr_int (w, "max-tier", award->max_tier, 0);
      end_start (w, !text_is_empty (&award->name));
      if (!text_is_empty (&award->name))
        {
          write_text (w, "name", &award->name);
          close_element (w, "award");
        }
    }
  for (guint i = 0; i < group->quotas->len; i++)
    {
      const KhQuotaRule *quota = g_ptr_array_index (group->quotas, i);

      open_start (w, "quota");
      attr_str (w, "id", quota->id);
      attr_str (w, "target-category", quota->target_category);
      write_number_list (w, "counts", quota->counts, TRUE);
      if (quota->select != KH_QUOTA_SELECT_NONE)
        attr_str (w, "select", kh_quota_select_to_string (quota->select));
      attr_int (w, "max-tier", quota->max_tier, 0);
      end_start (w, !text_is_empty (&quota->name));
      if (!text_is_empty (&quota->name))
        {
          write_text (w, "name", &quota->name);
          close_element (w, "quota");
        }
    }
  close_element (w, "group");
}

static void
write_scoring (Writer       *w,
               const KhNode *node)
{
  const KhScoring *s = &node->scoring;
  gboolean grades = s->method == KH_METHOD_GRADES;

  open_start (w, "scoring");
  attr_str (w, "method", kh_method_to_string (s->method));
  attr_num (w, "a", s->a, NAN);
  attr_num (w, "b", s->b, NAN);
  attr_num (w, "mean", s->mean, NAN);
  attr_num (w, "sd", s->sd, NAN);
  attr_num (w, "step", s->step, 0.0);
  attr_num (w, "lo", s->lo, NAN);
  attr_num (w, "hi", s->hi, NAN);
  attr_num (w, "target", s->target, NAN);
  attr_num (w, "cap", s->cap, NAN);
  attr_num (w, "floor", s->floor, 0.0);
  end_start (w, s->steps->len > 0);
  for (guint i = 0; i < s->steps->len; i++)
    {
      const KhStep *step = &g_array_index (s->steps, KhStep, i);
      char buf[G_ASCII_DTOSTR_BUF_SIZE];

      open_start (w, grades ? "grade" : "step");
      format_number (buf, sizeof buf, step->min);
      attr_str (w, grades ? "code" : "min", buf);
      format_number (buf, sizeof buf, step->points);
      attr_str (w, "points", buf);
      end_start (w, !text_is_empty (&step->label));
      if (!text_is_empty (&step->label))
        {
          write_text (w, "label", &step->label);
          close_element (w, grades ? "grade" : "step");
        }
    }
  if (s->steps->len > 0)
    close_element (w, "scoring");
}

/* A comparison: "1/k" when it is exactly the reciprocal of a whole number k ≥ 2, else
 * the shortest exact number. */
static void
append_ratio (GString *out,
              double   value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  if (value > 0 && value < 1)
    {
      double k = round (1.0 / value);

      if (k >= 2 && k <= 1e9 && 1.0 / k == value)
        {
          g_string_append_printf (out, "1/%.0f", k);
          return;
        }
    }
  format_number (buf, sizeof buf, value);
  g_string_append (out, buf);
}

static void
write_weighting (Writer            *w,
                 const KhWeighting *wt)
{
  gboolean content = wt->description != NULL || wt->judgements->len > 0;

  open_start (w, "weighting");
  attr_str (w, "method", kh_weighting_method_to_string (wt->method));
  attr_str (w, "date", wt->date);
  attr_str (w, "by", wt->author);
  if (wt->items->len > 0)
    {
      g_autofree char *items = NULL;

      g_ptr_array_add (wt->items, NULL);
      items = g_strjoinv (" ", (char **) wt->items->pdata);
      g_ptr_array_set_size (wt->items, wt->items->len - 1);
      attr_str (w, "items", items);
    }
  write_number_list (w, "shares", wt->shares, FALSE);
  attr_int (w, "year", wt->data_year, 0);
  attr_str (w, "group", wt->group);
  attr_num (w, "cr", wt->consistency, NAN);
  attr_num (w, "budget", wt->budget, NAN);
  end_start (w, content);
  if (!content)
    return;
  write_description (w, wt->description);
  for (guint i = 0; i < wt->judgements->len; i++)
    {
      const KhJudgement *j = wt->judgements->pdata[i];

      if (wt->method != KH_WEIGHTING_AHP)
        {
          g_autoptr (GArray) values = g_array_new (FALSE, FALSE, sizeof (double));

          g_array_append_vals (values, j->values, j->n);
          open_start (w, "allocation");
          attr_str (w, "expert", j->expert);
          write_number_list (w, "values", values, FALSE);
          end_start (w, FALSE);
          continue;
        }
      open_start (w, "matrix");
      attr_str (w, "expert", j->expert);
      end_start (w, TRUE);
      for (guint a = 0; a < j->n; a++)
        {
          g_autoptr (GString) row = g_string_new (NULL);

          for (guint b = 0; b < j->n; b++)
            {
              if (b > 0)
                g_string_append_c (row, ' ');
              append_ratio (row, j->values[a * j->n + b]);
            }
          text_element (w, "row", NULL, row->str);
        }
      close_element (w, "matrix");
    }
  close_element (w, "weighting");
}

static void
write_node (Writer       *w,
            const KhNode *node)
{
  const char *element = kh_node_kind_to_string (node->kind);

  open_start (w, element);
  attr_str (w, "id", node->id);
  attr_num (w, "points", node->points, 100.0);
  attr_num (w, "weight", node->weight, 1.0);
  if (node->aggregation != KH_AGG_SUM)
    attr_str (w, "aggregation", kh_aggregation_to_string (node->aggregation));
  attr_num (w, "min-coverage", node->min_coverage, 0.0);
  if (node->below != KH_BELOW_MISSING)
    attr_str (w, "below", kh_below_to_string (node->below));
  attr_bool (w, "coefficient", node->coefficient);
  if (node->multiplies->len > 0)
    {
      g_autofree char *multiplies = NULL;

      g_ptr_array_add (node->multiplies, NULL);
      multiplies = g_strjoinv (" ", (char **) node->multiplies->pdata);
      g_ptr_array_set_size (node->multiplies, node->multiplies->len - 1);
      attr_str (w, "multiplies", multiplies);
    }
  attr_str (w, "replaces", node->replaces);
  attr_str (w, "convert", node->convert);
  attr_int (w, "from", node->from_year, 0);
  attr_int (w, "until", node->until_year, 0);
  if (node->kind == KH_NODE_INDICATOR)
    {
      attr_str (w, "unit", node->unit_of_measure);
      attr_str (w, "source", node->source);
      attr_str (w, "aliases", node->aliases);
      attr_num (w, "valid-min", node->valid_min, NAN);
      attr_num (w, "valid-max", node->valid_max, NAN);
      if (node->direction != KH_DIRECTION_HIGHER)
        attr_str (w, "direction", kh_direction_to_string (node->direction));
      attr_num (w, "band-lo", node->band_lo, NAN);
      attr_num (w, "band-hi", node->band_hi, NAN);
      if (!node->common && node->applies->len > 0)
        {
          g_autofree char *applies = NULL;

          g_ptr_array_add (node->applies, NULL);
          applies = g_strjoinv (" ", (char **) node->applies->pdata);
          g_ptr_array_set_size (node->applies, node->applies->len - 1);
          attr_str (w, "applies", applies);
        }
      if (node->missing != KH_MISSING_REWEIGHT)
        attr_str (w, "missing", kh_missing_to_string (node->missing));
      if (node->outlier != KH_OUTLIER_NONE)
        attr_str (w, "outlier", kh_outlier_to_string (node->outlier));
      attr_num (w, "outlier-a", node->outlier_a, NAN);
      attr_num (w, "outlier-b", node->outlier_b, NAN);
      attr_bool (w, "bonus", node->bonus);
    }
  end_start (w, TRUE);
  write_text (w, "name", &node->name);
  write_description (w, node->description);
  if (node->weighting != NULL && node->kind != KH_NODE_INDICATOR)
    write_weighting (w, node->weighting);
  if (node->kind == KH_NODE_INDICATOR)
    {
      text_element (w, "formula", NULL, node->formula);
      write_scoring (w, node);
    }
  for (guint i = 0; i < node->children->len; i++)
    write_node (w, g_ptr_array_index (node->children, i));
  close_element (w, element);
}

static void
write_adjustment (Writer             *w,
                  const KhAdjustment *adj)
{
  const char *element = adj->kind == KH_ADJUST_BONUS ? "bonus" : "deduction";
  gboolean content = !text_is_empty (&adj->name) || adj->description != NULL;

  open_start (w, element);
  attr_str (w, "id", adj->id);
  attr_str (w, "input", adj->input);
  attr_num (w, "per-item", adj->per_item, 1.0);
  attr_num (w, "cap", adj->cap, NAN);
  end_start (w, content);
  if (content)
    {
      write_text (w, "name", &adj->name);
      write_description (w, adj->description);
      close_element (w, element);
    }
}

static void
write_constraint (Writer             *w,
                  const KhConstraint *con)
{
  open_start (w, "constraint");
  attr_str (w, "id", con->id);
  attr_str (w, "input", con->input);
  if (con->sense != KH_CONSTRAINT_AT_MOST)
    attr_str (w, "sense", kh_framework_xml_sense_names[CLAMP (con->sense, 0, 1)]);
  attr_num (w, "target", con->target, NAN);
  if (con->consequence != KH_CONSEQUENCE_DEDUCT)
    attr_str (w, "consequence", kh_framework_xml_consequence_names[CLAMP (con->consequence, 0, 2)]);
  attr_num (w, "amount", con->amount, 0.0);
  end_start (w, !text_is_empty (&con->name));
  if (!text_is_empty (&con->name))
    {
      write_text (w, "name", &con->name);
      close_element (w, "constraint");
    }
}

static void
write_id_list (Writer     *w,
               const char *name,
               GPtrArray  *ids)
{
  g_autoptr (GString) list = g_string_new (NULL);

  for (guint i = 0; i < ids->len; i++)
    g_string_append_printf (list, "%s%s", i > 0 ? " " : "", (const char *) ids->pdata[i]);
  if (ids->len > 0)
    attr_str (w, name, list->str);
}

static void
write_survey_scale (Writer              *w,
                    const KhSurveyScale *scale)
{
  gboolean content = !text_is_empty (&scale->name) || scale->options->len > 0;

  open_start (w, "scale");
  attr_str (w, "id", scale->id);
  if (scale->options->len == 0)
    {
      attr_num (w, "min", scale->min, 0);
      attr_num (w, "max", scale->max, 100);
    }
  end_start (w, content);
  if (!content)
    return;
  write_text (w, "name", &scale->name);
  for (guint i = 0; i < scale->options->len; i++)
    {
      const KhSurveyOption *option = g_ptr_array_index (scale->options, i);

      open_start (w, "option");
      attr_str (w, "code", option->code);
      attr_num (w, "value", option->value, NAN);
      end_start (w, !text_is_empty (&option->label));
      if (!text_is_empty (&option->label))
        {
          write_text (w, "label", &option->label);
          close_element (w, "option");
        }
    }
  close_element (w, "scale");
}

static void
write_survey (Writer         *w,
              const KhSurvey *survey)
{
  open_start (w, "survey");
  attr_str (w, "id", survey->id);
  attr_str (w, "field", survey->field);
  if (isnan (survey->trim_share))
    attr_int (w, "trim", survey->trim, 1);
  else
    attr_num (w, "trim-share", survey->trim_share, NAN);
  if (survey->below == KH_SURVEY_BELOW_REWEIGHT)
    attr_str (w, "below", "reweight");
  end_start (w, TRUE);
  write_text (w, "name", &survey->name);
  write_description (w, survey->description);
  for (guint i = 0; i < survey->scales->len; i++)
    write_survey_scale (w, g_ptr_array_index (survey->scales, i));
  for (guint i = 0; i < survey->classes->len; i++)
    {
      const KhSurveyClass *klass = g_ptr_array_index (survey->classes, i);

      open_start (w, "class");
      attr_str (w, "id", klass->id);
      attr_num (w, "weight", klass->weight, 1);
      attr_int (w, "min-responses", klass->min_responses, 1);
      attr_int (w, "invited", klass->invited, 0);
      write_id_list (w, "rates", klass->rates);
      end_start (w, !text_is_empty (&klass->name));
      if (!text_is_empty (&klass->name))
        {
          write_text (w, "name", &klass->name);
          close_element (w, "class");
        }
    }
  for (guint i = 0; i < survey->items->len; i++)
    {
      const KhSurveyItem *item = g_ptr_array_index (survey->items, i);

      open_start (w, "item");
      attr_str (w, "id", item->id);
      attr_str (w, "scale", item->scale);
      attr_num (w, "weight", item->weight, 1);
      end_start (w, !text_is_empty (&item->name));
      if (!text_is_empty (&item->name))
        {
          write_text (w, "name", &item->name);
          close_element (w, "item");
        }
    }
  close_element (w, "survey");
}

char *
kh_framework_xml_to_string (KhFramework *fw)
{
  Writer w = { g_string_new ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"), 0 };

  g_return_val_if_fail (fw != NULL, NULL);

  open_start (&w, "framework");
  attr_str (&w, "xmlns", KH_FRAMEWORK_XML_NAMESPACE);
  attr_str (&w, "id", fw->id);
  if (fw->year != 0)
    g_string_append_printf (w.out, " year=\"%d\"", fw->year);
  attr_str (&w, "version", fw->version);
  attr_str (&w, "category", fw->category);
  attr_int (&w, "precision", fw->precision, 2);
  if (fw->baseline != KH_BASELINE_RECOMPUTED)
    attr_str (&w, "baseline", kh_baseline_source_to_string (fw->baseline));
  if (fw->merged_rank != KH_MERGED_NONE)
    attr_str (&w, "merged-rank", kh_merged_rank_to_string (fw->merged_rank));
  if (fw->split_rank != KH_SPLIT_NONE)
    attr_str (&w, "split-rank", kh_split_rank_to_string (fw->split_rank));
  end_start (&w, TRUE);
  write_text (&w, "title", &fw->title);
  write_description (&w, fw->description);

  if (fw->groups->len > 0)
    {
      open_start (&w, "groups");
      end_start (&w, TRUE);
      for (guint i = 0; i < fw->groups->len; i++)
        write_group (&w, g_ptr_array_index (fw->groups, i));
      close_element (&w, "groups");
    }
  if (fw->variables->len > 0)
    {
      open_start (&w, "variables");
      end_start (&w, TRUE);
      for (guint i = 0; i < fw->variables->len; i++)
        {
          const KhVariable *v = g_ptr_array_index (fw->variables, i);

          open_start (&w, "variable");
          attr_str (&w, "id", v->id);
          attr_str (&w, "unit", v->unit_of_measure);
          attr_str (&w, "source", v->source);
          attr_str (&w, "aliases", v->aliases);
          attr_num (&w, "valid-min", v->valid_min, NAN);
          attr_num (&w, "valid-max", v->valid_max, NAN);
          end_start (&w, !text_is_empty (&v->name));
          if (!text_is_empty (&v->name))
            {
              write_text (&w, "name", &v->name);
              close_element (&w, "variable");
            }
        }
      close_element (&w, "variables");
    }
  write_node (&w, fw->root);
  if (fw->adjustments->len > 0)
    {
      open_start (&w, "adjustments");
      end_start (&w, TRUE);
      for (guint i = 0; i < fw->adjustments->len; i++)
        write_adjustment (&w, g_ptr_array_index (fw->adjustments, i));
      close_element (&w, "adjustments");
    }
  if (fw->constraints->len > 0)
    {
      open_start (&w, "constraints");
      end_start (&w, TRUE);
      for (guint i = 0; i < fw->constraints->len; i++)
        write_constraint (&w, g_ptr_array_index (fw->constraints, i));
      close_element (&w, "constraints");
    }
  if (fw->survey != NULL)
    write_survey (&w, fw->survey);
  close_element (&w, "framework");
  return g_string_free (w.out, FALSE);
}


gboolean
kh_framework_xml_save_file (KhFramework *fw,
                            const char  *path,
                            GError     **error)
{
  g_autofree char *text = NULL;
  g_autoptr (GError) local_error = NULL;

  g_return_val_if_fail (fw != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  text = kh_framework_xml_to_string (fw);
  /* g_file_set_contents writes a temporary file in the same folder, fsyncs it and
   * renames it over @path: readers see the old or the new file, never half of one. */
  if (!g_file_set_contents_full (path, text, -1,
                                 G_FILE_SET_CONTENTS_CONSISTENT | G_FILE_SET_CONTENTS_DURABLE,
                                 0644, &local_error))
    {
      g_set_error (error, KH_IO_ERROR, KH_IO_ERROR_FAILED, "%s", local_error->message);
      return FALSE;
    }
  return TRUE;
}
