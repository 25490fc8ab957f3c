/* kh-document-edit.c — edits of the document: the working framework (one snapshot per
 * undo step), the values (written to the project at once), imports, a rater excluded from
 * the survey (scored again), saving, undo and redo
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "io/kh-framework-xml.h"
#include "io/kh-io-error.h"
#include "core/kh-grades.h"
#include "io/kh-project-compute.h"
#include "io/kh-project-survey.h"
#include "io/kh-project-plausibility.h"
#include "kh-document-private.h"
#include "kh-ui.h"

static gboolean
check_editable (KhDocument *self,
                GError    **error)
{
  if (self->framework == NULL)
    {
      g_set_error_literal (error, KH_IO_ERROR, KH_IO_ERROR_FAILED,
                           _("No year with a framework is open"));
      return FALSE;
    }
  if (self->sealed)
    {
      g_set_error (error, KH_IO_ERROR, KH_IO_ERROR_SEALED,
                   _("The year %d is sealed and cannot change"), self->year);
      return FALSE;
    }
  if (self->read_only_login != NULL)
    {
      g_set_error (error, KH_IO_ERROR, KH_IO_ERROR_DENIED,
                   _("%s: the login “%s” may only read this project: nothing was changed"),
                   kh_project_get_path (self->project), self->read_only_login);
      return FALSE;
    }
  return TRUE;
}

static void
push_step (KhDocument *self,
           Step       *step)
{
  g_ptr_array_add (self->undo_stack, step);
  g_ptr_array_set_size (self->redo_stack, 0);
}

/* @weights_only: @edit changes node weights and nothing else (the plan is re-weighted,
 * not computed again) */
static gboolean
edit_framework (KhDocument     *self,
                const char     *label,
                KhFrameworkEdit edit,
                gpointer        user_data,
                gboolean        weights_only,
                GError        **error)
{
  g_autoptr (KhFramework) edited = NULL;
  Step *step;

  g_return_val_if_fail (KH_IS_DOCUMENT (self), FALSE);
  g_return_val_if_fail (label != NULL, FALSE);
  g_return_val_if_fail (edit != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_editable (self, error))
    return FALSE;

  /* Edit a copy: a refused edit leaves the working framework untouched. */
  edited = kh_framework_copy (self->framework);
  if (!edit (edited, user_data, error))
    return FALSE;

  step = g_new0 (Step, 1);
  step->kind = STEP_FRAMEWORK;
  step->label = g_strdup (label);
  step->framework = g_steal_pointer (&self->framework);
  step->selection = g_strdup (self->selection);
  step->weights_only = weights_only;
  self->framework = g_steal_pointer (&edited);
  push_step (self, step);
  self->revision++;
  g_clear_pointer (&self->selection_hint, g_free);
  if (weights_only)
    kh_document_reweight_plan (self);
  else
    kh_document_compute_plan (self);
  kh_document_emit_changed (self, KH_CHANGE_FRAMEWORK | KH_CHANGE_RESULTS | KH_CHANGE_UNDO);
  return TRUE;
}

gboolean
kh_document_edit_framework (KhDocument     *self,
                            const char     *label,
                            KhFrameworkEdit edit,
                            gpointer        user_data,
                            GError        **error)
{
  return edit_framework (self, label, edit, user_data, FALSE, error);
}

gboolean
kh_document_edit_weights (KhDocument     *self,
                          const char     *label,
                          KhFrameworkEdit edit,
                          gpointer        user_data,
                          GError        **error)
{
  return edit_framework (self, label, edit, user_data, TRUE, error);
}

static gboolean
replace_edit (KhFramework *framework,
              gpointer     user_data,
              GError     **error)
{
  return TRUE;
}

gboolean
kh_document_replace_framework (KhDocument  *self,
                               const char  *label,
                               KhFramework *framework,
                               GError     **error)
{
  g_autoptr (KhFramework) owned = framework;

  g_return_val_if_fail (KH_IS_DOCUMENT (self), FALSE);
  g_return_val_if_fail (framework != NULL, FALSE);

  if (!check_editable (self, error))
    return FALSE;
  if (g_strcmp0 (owned->category, self->category) != 0)
    {
      g_set_error (error, KH_IO_ERROR, KH_IO_ERROR_INVALID,
                   _("The framework is for the category “%s”, but the category open is “%s”"),
                   owned->category, self->category);
      return FALSE;
    }
  if (owned->year != self->year)
    {
      g_set_error (error, KH_IO_ERROR, KH_IO_ERROR_INVALID,
                   _("The framework is for %d, but the year open is %d"), owned->year,
                   self->year);
      return FALSE;
    }
  if (!kh_document_edit_framework (self, label, replace_edit, NULL, error))
    return FALSE;
  /* Swap the imported framework in place of the copy made by the edit. */
  kh_framework_unref (self->framework);
  self->framework = g_steal_pointer (&owned);
  self->revision++;
  kh_document_compute_plan (self);
  kh_document_emit_changed (self, KH_CHANGE_FRAMEWORK | KH_CHANGE_RESULTS);
  return TRUE;
}

typedef struct
{
  const char *node_id;
  double weight;
} WeightEdit;

static gboolean
set_weight_edit (KhFramework *framework,
                 gpointer     user_data,
                 GError     **error)
{
  WeightEdit *edit = user_data;
  KhNode *node = kh_framework_find_node (framework, edit->node_id);

  if (node == NULL)
    {
      g_set_error (error, KH_IO_ERROR, KH_IO_ERROR_INVALID, _("No node “%s” in the framework"),
                   edit->node_id);
      return FALSE;
    }
  if (!(edit->weight > 0) || !isfinite (edit->weight))
    {
      g_set_error (error, KH_IO_ERROR, KH_IO_ERROR_INVALID,
                   _("The weight of “%s” must be a number above 0"), edit->node_id);
      return FALSE;
    }
  node->weight = edit->weight;
  return TRUE;
}

gboolean
kh_document_set_node_weight (KhDocument *self,
                             const char *node_id,
                             double      weight,
                             GError    **error)
{
  WeightEdit edit = { node_id, weight };
  g_autofree char *label = NULL;

  g_return_val_if_fail (KH_IS_DOCUMENT (self), FALSE);
  g_return_val_if_fail (node_id != NULL, FALSE);

  label = g_strdup_printf (_("Change Weight of “%s”"), node_id);
  return edit_framework (self, label, set_weight_edit, &edit, TRUE, error);
}

static double dataset_value (KhDocument *self,
                             const char *unit_id,
                             const char *field);

/* Writes @value based on @seen, what the cell held for its editor (issue 19): when the
 * cell holds another value now, nothing is written, the document takes the value the cell
 * holds into its dataset (the plan computed again, `changed` emitted: the cell shows the
 * newer value) and fails with KH_IO_ERROR_CONFLICT; *@conflict (may be NULL) receives
 * why. */
static gboolean
write_value (KhDocument       *self,
             const char       *unit_id,
             const char       *field,
             double            seen,
             double            value,
             KhValueConflict **conflict,
             GError          **error)
{
  guint unit = kh_dataset_find_unit (self->dataset, unit_id);
  g_autoptr (KhValueConflict) refused = NULL;

  if (unit == KH_DATASET_NONE)
    {
      g_set_error (error, KH_IO_ERROR, KH_IO_ERROR_INVALID, _("No unit “%s” in %d"), unit_id,
                   self->year);
      return FALSE;
    }
  if (!kh_project_edit_value (self->project, self->year, unit_id, field, seen, value, &refused,
                              error))
    {
      if (refused != NULL)
        {
          kh_dataset_set (self->dataset, unit, kh_dataset_add_field (self->dataset, field),
                          refused->current);
          kh_document_compute_plan (self);
          kh_document_emit_value_changed (self, KH_CHANGE_VALUES | KH_CHANGE_RESULTS, field);
          if (conflict != NULL)
            *conflict = g_steal_pointer (&refused);
        }
      return FALSE;
    }
  kh_dataset_set (self->dataset, unit, kh_dataset_add_field (self->dataset, field), value);
  return TRUE;
}

static double
dataset_value (KhDocument *self,
               const char *unit_id,
               const char *field)
{
  guint unit = kh_dataset_find_unit (self->dataset, unit_id);
  guint column = kh_dataset_find_field (self->dataset, field);

  if (unit == KH_DATASET_NONE || column == KH_DATASET_NONE)
    return NAN;
  return kh_dataset_get (self->dataset, unit, column);
}

gboolean
kh_document_set_value (KhDocument *self,
                       const char *unit_id,
                       const char *field,
                       double      value,
                       GError    **error)
{
  return kh_document_set_value_full (self, unit_id, field, value, NULL, error);
}

gboolean
kh_document_set_value_full (KhDocument       *self,
                            const char       *unit_id,
                            const char       *field,
                            double            value,
                            KhValueConflict **conflict,
                            GError          **error)
{
  return kh_document_set_value_over (self, unit_id, field, NULL, value, conflict, error);
}

gboolean
kh_document_set_value_over (KhDocument       *self,
                            const char       *unit_id,
                            const char       *field,
                            const double     *seen,
                            double            value,
                            KhValueConflict **conflict,
                            GError          **error)
{
  double old;
  Step *step;
  const KhNode *node;

  g_return_val_if_fail (KH_IS_DOCUMENT (self), FALSE);
  g_return_val_if_fail (unit_id != NULL && field != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_editable (self, error))
    return FALSE;
  if (!isnan (value) && !isfinite (value))
    {
      g_set_error_literal (error, KH_IO_ERROR, KH_IO_ERROR_INVALID,
                           _("A value must be a finite number"));
      return FALSE;
    }
  node = self->framework != NULL ? kh_framework_find_node (self->framework, field) : NULL;
  if (node != NULL && !kh_node_value_is_grade (node, value))
    {
      g_autofree char *codes = kh_node_grade_codes (node, kh_ui_get_lang ());
      char number[G_ASCII_DTOSTR_BUF_SIZE];

      g_set_error (error, KH_IO_ERROR, KH_IO_ERROR_INVALID,
                   _("%s · %s: %s is not a grade code; the codes are %s"), unit_id,
                   kh_text_get (&node->name, kh_ui_get_lang ()),
                   g_ascii_formatd (number, sizeof number, "%.10g", value), codes);
      return FALSE;
    }
  old = seen != NULL ? *seen : dataset_value (self, unit_id, field);
  if (!write_value (self, unit_id, field, old, value, conflict, error))
    return FALSE;

  step = g_new0 (Step, 1);
  step->kind = STEP_VALUE;
  step->label = g_strdup_printf (_("Edit %s of %s"), field, unit_id);
  step->unit_id = g_strdup (unit_id);
  step->field = g_strdup (field);
  step->old_value = old;
  step->new_value = value;
  push_step (self, step);
  kh_document_compute_plan (self);
  kh_document_emit_value_changed (self, KH_CHANGE_VALUES | KH_CHANGE_RESULTS | KH_CHANGE_UNDO,
                                  step->field);
  return TRUE;
}

gboolean
kh_document_add_framework (KhDocument *self,
                           const char *xml,
                           gsize       len,
                           const char *display_name,
                           GError    **error)
{
  g_autoptr (KhFramework) fw = NULL;

  g_return_val_if_fail (KH_IS_DOCUMENT (self), FALSE);
  g_return_val_if_fail (xml != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  fw = kh_framework_xml_load_data (xml, len, display_name, error);
  if (fw == NULL)
    return FALSE;
  if (!kh_project_set_framework (self->project, fw->year, xml, len, display_name, error))
    return FALSE;
  g_clear_pointer (&self->years, g_array_unref);
  self->years = kh_project_get_years (self->project);
  return kh_document_load (self, fw->year, fw->category, error);
}

gboolean
kh_document_save_framework (KhDocument *self,
                            GError    **error)
{
  g_autofree char *xml = NULL;
  g_autofree char *name = NULL;

  g_return_val_if_fail (KH_IS_DOCUMENT (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_editable (self, error))
    return FALSE;
  xml = kh_framework_xml_to_string (self->framework);
  name = g_strdup_printf (_("framework of %d"), self->year);
  if (!kh_project_set_framework (self->project, self->year, xml, strlen (xml), name, error))
    return FALSE;
  g_clear_pointer (&self->saved_framework, kh_framework_unref);
  self->saved_framework = kh_framework_ref (self->framework);
  /* The working framework is as it was, but the stored one, whose valid ranges and groups
   * the plausibility flags are read from, is new. */
  kh_document_emit_changed (self, KH_CHANGE_FLAGS | KH_CHANGE_UNDO);
  return TRUE;
}

gboolean
kh_document_get_framework_modified (KhDocument *self)
{
  g_return_val_if_fail (KH_IS_DOCUMENT (self), FALSE);
  /* Undo and redo swap the very frameworks in and out: identity is the saved state. */
  return self->framework != self->saved_framework;
}

guint
kh_document_get_n_undo (KhDocument *self)
{
  g_return_val_if_fail (KH_IS_DOCUMENT (self), 0);
  return self->undo_stack->len;
}

guint
kh_document_get_n_redo (KhDocument *self)
{
  g_return_val_if_fail (KH_IS_DOCUMENT (self), 0);
  return self->redo_stack->len;
}

/* A sealed year can still undo a setting (it belongs to no year), nothing else. */
static gboolean
can_apply_top (KhDocument *self,
               GPtrArray  *stack)
{
  if (stack->len == 0)
    return FALSE;
  return !self->sealed || ((Step *) g_ptr_array_index (stack, stack->len - 1))->kind == STEP_SETTING;
}

gboolean
kh_document_can_undo (KhDocument *self)
{
  g_return_val_if_fail (KH_IS_DOCUMENT (self), FALSE);
  return can_apply_top (self, self->undo_stack);
}

gboolean
kh_document_can_redo (KhDocument *self)
{
  g_return_val_if_fail (KH_IS_DOCUMENT (self), FALSE);
  return can_apply_top (self, self->redo_stack);
}

static const char *
top_label (GPtrArray *stack)
{
  if (stack->len == 0)
    return NULL;
  return ((Step *) g_ptr_array_index (stack, stack->len - 1))->label;
}

const char *
kh_document_get_undo_label (KhDocument *self)
{
  g_return_val_if_fail (KH_IS_DOCUMENT (self), NULL);
  return top_label (self->undo_stack);
}

const char *
kh_document_get_redo_label (KhDocument *self)
{
  g_return_val_if_fail (KH_IS_DOCUMENT (self), NULL);
  return top_label (self->redo_stack);
}

/* The survey's scores into the dataset's field, as they were stored. */
static void
apply_survey_scores (KhDocument     *self,
                     KhSurveyScores *scores)
{
  const KhSurvey *survey = kh_survey_sheet_get_survey (scores->sheet);
  guint column = kh_dataset_add_field (self->dataset, survey->field);

  for (guint u = 0; u < scores->n_units; u++)
    {
      guint unit = kh_dataset_find_unit (self->dataset, scores->sheet->units->pdata[u]);

      if (unit != KH_DATASET_NONE)
        kh_dataset_set (self->dataset, unit, column, scores->scores[u]);
    }
}

static gboolean
survey_exclude (KhDocument *self,
                const char *rater,
                gboolean    exclude,
                const char *reason,
                char      **rater_out,
                GError    **error)
{
  g_autoptr (KhSurveyScores) scores = NULL;

  if (!kh_project_survey_exclude_and_score (self->project, self->year, self->category, rater,
                                            exclude, reason, rater_out, &scores, error))
    return FALSE;
  apply_survey_scores (self, scores);
  return TRUE;
}

gboolean
kh_document_survey_exclude (KhDocument *self,
                            const char *rater,
                            gboolean    exclude,
                            const char *reason,
                            GError    **error)
{
  g_autofree char *hash = NULL;
  Step *step;

  g_return_val_if_fail (KH_IS_DOCUMENT (self), FALSE);
  g_return_val_if_fail (rater != NULL, FALSE);

  if (!check_editable (self, error) || !survey_exclude (self, rater, exclude, reason, &hash, error))
    return FALSE;
  step = g_new0 (Step, 1);
  step->kind = STEP_SURVEY;
  step->label = g_strdup (exclude ? _("Exclude Rater") : _("Take Back Exclusion"));
  step->rater = g_steal_pointer (&hash);
  step->reason = g_strstrip (g_strdup (reason));
  step->exclude = exclude;
  push_step (self, step);
  kh_document_compute_plan (self);
  kh_document_emit_changed (self, KH_CHANGE_SURVEY | KH_CHANGE_VALUES | KH_CHANGE_RESULTS
                                    | KH_CHANGE_UNDO);
  return TRUE;
}

static gboolean
same_list (GPtrArray *a,
           GPtrArray *b)
{
  if (a == NULL || b == NULL)
    return a == b;
  if (a->len != b->len)
    return FALSE;
  for (guint i = 0; i < a->len; i++)
    if (g_strcmp0 (a->pdata[i], b->pdata[i]) != 0)
      return FALSE;
  return TRUE;
}

static GPtrArray *
copy_list (GPtrArray *units)
{
  GPtrArray *copy;

  if (units == NULL)
    return NULL;
  copy = g_ptr_array_new_full (units->len, g_free);
  for (guint i = 0; i < units->len; i++)
    g_ptr_array_add (copy, g_strdup (units->pdata[i]));
  return copy;
}

gboolean
kh_document_set_recommendations (KhDocument *self,
                                 const char *category,
                                 const char *parent,
                                 GPtrArray  *units,
                                 GError    **error)
{
  g_autoptr (GHashTable) lists = NULL;
  GPtrArray *old;
  Step *step;

  g_return_val_if_fail (KH_IS_DOCUMENT (self), FALSE);
  g_return_val_if_fail (category != NULL && parent != NULL, FALSE);

  if (!check_editable (self, error))
    return FALSE;
  lists = kh_project_get_recommendation_lists (self->project, self->year, category, error);
  if (lists == NULL)
    return FALSE;
  old = g_hash_table_lookup (lists, parent);
  if (same_list (old, units))
    return TRUE;
  if (!kh_project_set_recommendation_list (self->project, self->year, category, parent, units, error))
    return FALSE;
  step = g_new0 (Step, 1);
  step->kind = STEP_RECOMMEND;
  step->label = g_strdup (_("Edit Recommendations"));
  step->field = g_strdup (category);
  step->unit_id = g_strdup (parent);
  step->old_units = copy_list (old);
  step->new_units = copy_list (units);
  push_step (self, step);
  kh_document_emit_changed (self, KH_CHANGE_RECOMMEND | KH_CHANGE_UNDO);
  return TRUE;
}

gboolean
kh_document_set_sensitivity_spec (KhDocument *self,
                                  const char *category,
                                  const char *text,
                                  GError    **error)
{
  g_autofree char *old = NULL;
  g_autofree char *wanted = NULL;
  GError *local_error = NULL;
  Step *step;

  g_return_val_if_fail (KH_IS_DOCUMENT (self), FALSE);
  g_return_val_if_fail (category != NULL, FALSE);

  if (self->framework == NULL)
    {
      g_set_error_literal (error, KH_IO_ERROR, KH_IO_ERROR_FAILED,
                           _("No year with a framework is open"));
      return FALSE;
    }
  if (text != NULL)
    {
      g_autofree char *blank = g_strstrip (g_strdup (text));

      if (blank[0] != '\0')
        wanted = g_strdup (text);
    }
  old = kh_project_get_sensitivity_spec (self->project, self->year, category, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }
  if (g_strcmp0 (old, wanted) == 0)
    return TRUE;
  if (!kh_project_set_sensitivity_spec (self->project, self->year, category, wanted, error))
    return FALSE;
  step = g_new0 (Step, 1);
  step->kind = STEP_SPEC;
  step->label = g_strdup (_("Edit Sensitivity Spec"));
  step->field = g_strdup (category);
  step->old_text = g_steal_pointer (&old);
  step->new_text = g_steal_pointer (&wanted);
  push_step (self, step);
  kh_document_emit_changed (self, KH_CHANGE_SPEC | KH_CHANGE_UNDO);
  return TRUE;
}

gboolean
kh_document_confirm_value (KhDocument *self,
                           const char *unit_id,
                           const char *field,
                           gboolean    confirmed,
                           GError    **error)
{
  Step *step;

  g_return_val_if_fail (KH_IS_DOCUMENT (self), FALSE);
  g_return_val_if_fail (unit_id != NULL && field != NULL, FALSE);

  if (!check_editable (self, error)
      || !kh_project_confirm_value (self->project, self->year, unit_id, field, confirmed, error))
    return FALSE;
  step = g_new0 (Step, 1);
  step->kind = STEP_CONFIRM;
  step->label = g_strdup (confirmed ? _("Confirm Value") : _("Take Back Confirmation"));
  step->unit_id = g_strdup (unit_id);
  step->field = g_strdup (field);
  step->exclude = confirmed;
  push_step (self, step);
  kh_document_emit_changed (self, KH_CHANGE_FLAGS | KH_CHANGE_UNDO);
  return TRUE;
}

/* The base of a cell of an undo or redo that overwrites (issue 19): the value a conflict
 * in @over showed for it, else with @shown the value the document shows, else @left (what
 * the step left there). */
double
kh_document_overwrite_base (KhDocument *self,
                            GPtrArray  *over,
                            gboolean    shown,
                            const char *unit_id,
                            const char *field,
                            double      left)
{
  for (guint i = 0; over != NULL && i < over->len; i++)
    {
      const KhValueConflict *cell = g_ptr_array_index (over, i);

      if (g_strcmp0 (cell->unit_id, unit_id) == 0 && g_strcmp0 (cell->field, field) == 0)
        return cell->current;
    }
  return shown ? dataset_value (self, unit_id, field) : left;
}

/* Applies @step (swapping its framework, or writing its value) and moves it to @to.
 * @over: conflicts answered "overwrite", each cell then based on the value the question
 * showed; @shown: every cell based on the value the document shows. */
static gboolean
apply_step (KhDocument *self,
            GPtrArray  *from,
            GPtrArray  *to,
            gboolean    undo,
            GPtrArray  *over,
            gboolean    shown,
            GPtrArray **conflicts,
            GError    **error)
{
  Step *step;
  KhChange what = KH_CHANGE_RESULTS | KH_CHANGE_UNDO;

  if (from->len == 0)
    {
      g_set_error_literal (error, KH_IO_ERROR, KH_IO_ERROR_FAILED, _("Nothing to undo or redo"));
      return FALSE;
    }
  step = g_ptr_array_index (from, from->len - 1);
  /* A setting belongs to no year: a sealed year does not stop it. */
  if (step->kind == STEP_SETTING)
    {
      if (!kh_project_set_setting (self->project, step->field, undo ? step->old_text : step->new_text,
                                   error))
        return FALSE;
      g_ptr_array_add (to, g_ptr_array_steal_index (from, from->len - 1));
      kh_document_emit_changed (self, KH_CHANGE_SETTINGS | KH_CHANGE_UNDO);
      return TRUE;
    }
  /* Nor does it stop a sensitivity spec: no part of a seal. */
  if (step->kind == STEP_SPEC)
    {
      if (!kh_project_set_sensitivity_spec (self->project, self->year, step->field,
                                            undo ? step->old_text : step->new_text, error))
        return FALSE;
      g_ptr_array_add (to, g_ptr_array_steal_index (from, from->len - 1));
      kh_document_emit_changed (self, KH_CHANGE_SPEC | KH_CHANGE_UNDO);
      return TRUE;
    }
  if (!check_editable (self, error))
    return FALSE;
  if (step->kind == STEP_FRAMEWORK)
    {
      KhFramework *current = self->framework;
      char *selection = g_strdup (self->selection);

      self->framework = step->framework;
      step->framework = current;
      /* The selection of the state swapped in comes back with it. */
      g_free (self->selection_hint);
      self->selection_hint = step->selection;
      step->selection = selection;
      self->revision++;
      what |= KH_CHANGE_FRAMEWORK;
    }
  else if (step->kind == STEP_IMPORT)
    {
      if (!kh_document_apply_import (self, step, undo, over, shown, conflicts, error))
        return FALSE;
      what |= KH_CHANGE_VALUES;
    }
  else if (step->kind == STEP_RECOMMEND)
    {
      if (!kh_project_set_recommendation_list (self->project, self->year, step->field,
                                               step->unit_id,
                                               undo ? step->old_units : step->new_units, error))
        return FALSE;
      g_ptr_array_add (to, g_ptr_array_steal_index (from, from->len - 1));
      kh_document_emit_changed (self, KH_CHANGE_RECOMMEND | KH_CHANGE_UNDO);
      return TRUE;
    }
  else if (step->kind == STEP_CONFIRM)
    {
      if (!kh_project_confirm_value (self->project, self->year, step->unit_id, step->field,
                                     undo ? !step->exclude : step->exclude, error))
        return FALSE;
      g_ptr_array_add (to, g_ptr_array_steal_index (from, from->len - 1));
      kh_document_emit_changed (self, KH_CHANGE_FLAGS | KH_CHANGE_UNDO);
      return TRUE;
    }
  else if (step->kind == STEP_SURVEY)
    {
      /* TRANSLATORS: the reason audited when an exclusion of a rater is undone or redone */
      g_autofree char *reason = g_strdup_printf (undo ? _("undo of: %s") : _("redo of: %s"),
                                                 step->reason);

      if (!survey_exclude (self, step->rater, undo ? !step->exclude : step->exclude, reason, NULL,
                           error))
        return FALSE;
      what |= KH_CHANGE_VALUES | KH_CHANGE_SURVEY;
    }
  else
    {
      /* The step's value is written over the one the step left (undo) or found (redo),
       * or over the one a conflict showed. */
      double seen = kh_document_overwrite_base (self, over, shown, step->unit_id, step->field,
                                                undo ? step->new_value : step->old_value);
      g_autoptr (KhValueConflict) conflict = NULL;

      if (!write_value (self, step->unit_id, step->field, seen,
                        undo ? step->old_value : step->new_value, &conflict, error))
        {
          if (conflict != NULL && conflicts != NULL)
            {
              *conflicts = g_ptr_array_new_with_free_func ((GDestroyNotify) kh_value_conflict_free);
              g_ptr_array_add (*conflicts, g_steal_pointer (&conflict));
            }
          return FALSE;
        }
      what |= KH_CHANGE_VALUES;
    }
  g_ptr_array_add (to, g_ptr_array_steal_index (from, from->len - 1));
  if (step->kind == STEP_FRAMEWORK && step->weights_only)
    kh_document_reweight_plan (self);
  else
    kh_document_compute_plan (self);
  kh_document_emit_value_changed (self, what, step->kind == STEP_VALUE ? step->field : NULL);
  return TRUE;
}

gboolean
kh_document_undo (KhDocument *self,
                  GError    **error)
{
  g_return_val_if_fail (KH_IS_DOCUMENT (self), FALSE);
  return apply_step (self, self->undo_stack, self->redo_stack, TRUE, NULL, FALSE, NULL, error);
}

gboolean
kh_document_redo (KhDocument *self,
                  GError    **error)
{
  g_return_val_if_fail (KH_IS_DOCUMENT (self), FALSE);
  return apply_step (self, self->redo_stack, self->undo_stack, FALSE, NULL, FALSE, NULL, error);
}

static KhValueConflict *
conflict_copy (const KhValueConflict *conflict)
{
  KhValueConflict *copy = g_memdup2 (conflict, sizeof *conflict);

  copy->unit_id = g_strdup (conflict->unit_id);
  copy->field = g_strdup (conflict->field);
  copy->edited_by = g_strdup (conflict->edited_by);
  copy->edited_at = g_strdup (conflict->edited_at);
  return copy;
}

static gboolean
same_cell (const KhValueConflict *a,
           const KhValueConflict *b)
{
  return g_strcmp0 (a->unit_id, b->unit_id) == 0 && g_strcmp0 (a->field, b->field) == 0;
}

gboolean
kh_document_undo_or_redo (KhDocument *self,
                          gboolean    redo,
                          GPtrArray  *over,
                          GPtrArray **conflicts,
                          GError    **error)
{
  g_autoptr (GPtrArray) found = NULL;
  gboolean ok;

  g_return_val_if_fail (KH_IS_DOCUMENT (self), FALSE);
  g_return_val_if_fail (conflicts == NULL || *conflicts == NULL, FALSE);

  ok = redo ? apply_step (self, self->redo_stack, self->undo_stack, FALSE, over, FALSE, &found,
                          error)
            : apply_step (self, self->undo_stack, self->redo_stack, TRUE, over, FALSE, &found,
                          error);
  if (ok || found == NULL)
    return ok;
  /* An overwrite that conflicts anew still overwrites the cells answered before: the
   * question lists them too, so that its answer covers every cell. */
  for (guint i = 0; over != NULL && i < over->len; i++)
    {
      const KhValueConflict *answered = g_ptr_array_index (over, i);
      gboolean again = FALSE;

      for (guint k = 0; k < found->len && !again; k++)
        again = same_cell (answered, g_ptr_array_index (found, k));
      if (!again)
        g_ptr_array_add (found, conflict_copy (answered));
    }
  if (conflicts != NULL)
    *conflicts = g_steal_pointer (&found);
  return FALSE;
}

/* kh_document_undo_full() and kh_document_redo_full(): the first conflicting cell only. */
static gboolean
undo_or_redo_first (KhDocument       *self,
                    gboolean          redo,
                    gboolean          overwrite,
                    KhValueConflict **conflict,
                    GError          **error)
{
  g_autoptr (GPtrArray) conflicts = NULL;
  gboolean ok;

  ok = redo ? apply_step (self, self->redo_stack, self->undo_stack, FALSE, NULL, overwrite,
                          &conflicts, error)
            : apply_step (self, self->undo_stack, self->redo_stack, TRUE, NULL, overwrite,
                          &conflicts, error);
  if (!ok && conflict != NULL && conflicts != NULL && conflicts->len > 0)
    *conflict = g_ptr_array_steal_index (conflicts, 0);
  return ok;
}

gboolean
kh_document_undo_full (KhDocument       *self,
                       gboolean          overwrite,
                       KhValueConflict **conflict,
                       GError          **error)
{
  g_return_val_if_fail (KH_IS_DOCUMENT (self), FALSE);
  return undo_or_redo_first (self, FALSE, overwrite, conflict, error);
}

gboolean
kh_document_redo_full (KhDocument       *self,
                       gboolean          overwrite,
                       KhValueConflict **conflict,
                       GError          **error)
{
  g_return_val_if_fail (KH_IS_DOCUMENT (self), FALSE);
  return undo_or_redo_first (self, TRUE, overwrite, conflict, error);
}

void
kh_document_drop_step (KhDocument *self,
                       gboolean    undo)
{
  GPtrArray *stack;

  g_return_if_fail (KH_IS_DOCUMENT (self));
  stack = undo ? self->undo_stack : self->redo_stack;
  if (stack->len == 0)
    return;
  g_ptr_array_remove_index (stack, stack->len - 1);
  kh_document_emit_changed (self, KH_CHANGE_UNDO);
}

char *
kh_document_get_setting (KhDocument *self,
                         const char *key)
{
  g_autoptr (GError) error = NULL;
  char *value;

  g_return_val_if_fail (KH_IS_DOCUMENT (self), NULL);
  g_return_val_if_fail (key != NULL, NULL);

  value = kh_project_get_setting (self->project, key, &error);
  if (error != NULL)
    g_warning ("%s", error->message);
  return value;
}

gboolean
kh_document_set_setting (KhDocument *self,
                         const char *key,
                         const char *value,
                         const char *label,
                         GError    **error)
{
  g_autofree char *old = NULL;
  g_autofree char *wanted = value != NULL ? g_strstrip (g_strdup (value)) : NULL;
  GError *local_error = NULL;
  Step *step;

  g_return_val_if_fail (KH_IS_DOCUMENT (self), FALSE);
  g_return_val_if_fail (key != NULL, FALSE);
  g_return_val_if_fail (label != NULL, FALSE);

  if (wanted != NULL && wanted[0] == '\0')
    g_clear_pointer (&wanted, g_free);
  old = kh_project_get_setting (self->project, key, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }
  if (g_strcmp0 (old, wanted) == 0)
    return TRUE;
  if (!kh_project_set_setting (self->project, key, wanted, error))
    return FALSE;
  step = g_new0 (Step, 1);
  step->kind = STEP_SETTING;
  step->label = g_strdup (label);
  step->field = g_strdup (key);
  step->old_text = g_steal_pointer (&old);
  step->new_text = g_steal_pointer (&wanted);
  push_step (self, step);
  kh_document_emit_changed (self, KH_CHANGE_SETTINGS | KH_CHANGE_UNDO);
  return TRUE;
}
