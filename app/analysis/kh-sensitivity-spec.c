/* kh-sensitivity-spec.c — the uncertain inputs declared for a sensitivity analysis
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The text is read in two passes: a scan of the lines that checks their shape and
 * remembers where each group and key is (GKeyFile merges repeated groups and keeps the
 * last of repeated keys without a word, and its messages name no line), then GKeyFile
 * for the values.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "kh-analysis.h"
#include "kh-sensitivity-spec.h"

static const char *const kind_names[] = {
  [KH_INPUT_WEIGHTS] = "weights",
  [KH_INPUT_DIRICHLET] = "dirichlet",
  [KH_INPUT_METHOD] = "method",
  [KH_INPUT_MISSING] = "missing",
  [KH_INPUT_LEAVE_OUT] = "leave-out",
  [KH_INPUT_TIERS] = "tiers",
};

#define INPUT_PREFIX "input "

const char *
kh_input_kind_to_string (KhInputKind kind)
{
  g_return_val_if_fail (kind <= KH_INPUT_TIERS, NULL);
  return kind_names[kind];
}

KhSensitivitySpec *
kh_sensitivity_spec_new (void)
{
  KhSensitivitySpec *self = g_new0 (KhSensitivitySpec, 1);

  self->inputs = g_ptr_array_new_with_free_func ((GDestroyNotify) kh_uncertain_input_free);
  self->runs = KH_SENSITIVITY_DEFAULT_RUNS;
  self->seed = KH_SENSITIVITY_DEFAULT_SEED;
  return self;
}

KhSensitivitySpec *
kh_sensitivity_spec_new_weights (double range)
{
  KhSensitivitySpec *self = kh_sensitivity_spec_new ();

  g_return_val_if_fail (range > 0 && range < 1, self);
  self->weights = range;
  return self;
}

void
kh_sensitivity_spec_free (KhSensitivitySpec *self)
{
  if (self == NULL)
    return;
  g_free (self->source);
  g_ptr_array_unref (self->inputs);
  g_free (self);
}

KhUncertainInput *
kh_uncertain_input_new (KhInputKind kind,
                        const char *name)
{
  KhUncertainInput *input = g_new0 (KhUncertainInput, 1);

  input->kind = kind;
  input->name = g_strdup (name);
  input->nodes = g_ptr_array_new_with_free_func (g_free);
  input->methods = g_array_new (FALSE, TRUE, sizeof (KhScoring));
  input->rules = g_array_new (FALSE, TRUE, sizeof (KhMissingPolicy));
  return input;
}

void
kh_uncertain_input_free (KhUncertainInput *input)
{
  if (input == NULL)
    return;
  g_free (input->name);
  g_ptr_array_unref (input->nodes);
  g_array_unref (input->methods);
  g_array_unref (input->rules);
  g_free (input);
}

char *
kh_uncertain_input_where (const KhSensitivitySpec *spec,
                          const KhUncertainInput  *input)
{
  g_return_val_if_fail (input != NULL, NULL);

  if (spec != NULL && spec->source != NULL && input->line > 0)
    return g_strdup_printf ("%s:%u: ", spec->source, input->line);
  return g_strdup_printf (_("input “%s”: "), input->name);
}

char *
kh_scoring_spec_text (const KhScoring *s,
                      gboolean         exact)
{
  const struct
  {
    const char *key;
    double value;
    double unset;
  } params[] = {
    { "a", s->a, NAN },       { "b", s->b, NAN },   { "mean", s->mean, NAN },
    { "sd", s->sd, NAN },     { "step", s->step, 0 }, { "lo", s->lo, NAN },
    { "hi", s->hi, NAN },     { "target", s->target, NAN }, { "cap", s->cap, NAN },
    { "floor", s->floor, 0 },
  };
  GString *text = g_string_new (kh_method_to_string (s->method));
  gboolean any = FALSE;

  for (guint p = 0; p < G_N_ELEMENTS (params); p++)
    {
      char number[G_ASCII_DTOSTR_BUF_SIZE];

      if (isnan (params[p].value) || params[p].value == params[p].unset)
        continue;
      if (exact)
        g_ascii_dtostr (number, sizeof number, params[p].value);
      else
        g_ascii_formatd (number, sizeof number, "%.6g", params[p].value);
      g_string_append_printf (text, "%s%s=%s", any ? (exact ? ", " : ",") : "(", params[p].key, number);
      any = TRUE;
    }
  if (any)
    g_string_append_c (text, ')');
  return g_string_free (text, FALSE);
}

char *
kh_uncertain_input_alternatives_text (const KhUncertainInput *input)
{
  GString *out = g_string_new (NULL);

  g_return_val_if_fail (input != NULL, NULL);

  for (guint i = 0; input->kind == KH_INPUT_METHOD && i < input->methods->len; i++)
    {
      g_autofree char *method = kh_scoring_spec_text (&g_array_index (input->methods, KhScoring, i), TRUE);

      g_string_append (out, i > 0 ? "; " : "");
      g_string_append (out, method);
    }
  for (guint i = 0; input->kind == KH_INPUT_MISSING && i < input->rules->len; i++)
    {
      g_string_append (out, i > 0 ? "; " : "");
      g_string_append (out, kh_missing_to_string (g_array_index (input->rules, KhMissingPolicy, i)));
    }
  return g_string_free (out, FALSE);
}

/* ---- the scan: shapes of lines, where groups and keys are ------------------------ */

typedef struct
{
  const char *source;
  GString *problems;
  GHashTable *lines; /* "group\nkey" or "group" → line */
} Scan;

static void
scan_problem (Scan       *scan,
              guint       line,
              const char *format,
              ...) G_GNUC_PRINTF (3, 4);

static void
scan_problem (Scan       *scan,
              guint       line,
              const char *format,
              ...)
{
  va_list args;

  if (scan->problems->len > 0)
    g_string_append_c (scan->problems, '\n');
  g_string_append_printf (scan->problems, "%s:%u: ", scan->source, line);
  va_start (args, format);
  g_string_append_vprintf (scan->problems, format, args);
  va_end (args);
}

static guint
scan_line_of (Scan       *scan,
              const char *group,
              const char *key)
{
  g_autofree char *path = key != NULL ? g_strconcat (group, "\n", key, NULL) : g_strdup (group);

  return GPOINTER_TO_UINT (g_hash_table_lookup (scan->lines, path));
}

static void
scan_text (Scan       *scan,
           const char *text)
{
  g_auto (GStrv) lines = g_strsplit (text, "\n", -1);
  g_autofree char *group = NULL;

  for (guint l = 0; lines[l] != NULL; l++)
    {
      g_autofree char *line = g_strstrip (g_strdup (lines[l]));
      guint number = l + 1;
      char *eq;

      if (*line == '\0' || *line == '#')
        continue;
      if (*line == '[')
        {
          if (line[strlen (line) - 1] != ']' || strlen (line) < 3)
            {
              scan_problem (scan, number, _("a group header is written [NAME]"));
              continue;
            }
          g_free (group);
          group = g_strndup (line + 1, strlen (line) - 2);
          if (g_hash_table_contains (scan->lines, group))
            scan_problem (scan, number, _("group [%s] appears twice (first on line %u)"), group,
                          scan_line_of (scan, group, NULL));
          else
            g_hash_table_insert (scan->lines, g_strdup (group), GUINT_TO_POINTER (number));
          continue;
        }
      eq = strchr (line, '=');
      if (eq == NULL)
        {
          scan_problem (scan, number, _("expected “key = value”, a [group] or a # comment"));
          continue;
        }
      if (group == NULL)
        {
          scan_problem (scan, number, _("“%s” comes before any [group]"), line);
          continue;
        }
      *eq = '\0';
      g_strstrip (line);
      {
        g_autofree char *path = g_strconcat (group, "\n", line, NULL);

        if (g_hash_table_contains (scan->lines, path))
          scan_problem (scan, number, _("“%s” is set twice in [%s] (first on line %u)"), line,
                        group, scan_line_of (scan, group, line));
        else
          g_hash_table_insert (scan->lines, g_steal_pointer (&path), GUINT_TO_POINTER (number));
      }
    }
}

/* ---- values ------------------------------------------------------------------------ */

typedef struct
{
  Scan *scan;
  GKeyFile *file;
  const char *group;
} Values;

static guint
value_line (Values     *v,
            const char *key)
{
  guint line = scan_line_of (v->scan, v->group, key);

  return line > 0 ? line : scan_line_of (v->scan, v->group, NULL);
}

static char *
get_string (Values     *v,
            const char *key)
{
  char *value = g_key_file_get_string (v->file, v->group, key, NULL);

  return value != NULL ? g_strstrip (value) : NULL;
}

static gboolean
parse_number (const char *text,
              double     *out)
{
  char *end;

  if (text == NULL || *text == '\0')
    return FALSE;
  *out = g_ascii_strtod (text, &end);
  while (g_ascii_isspace (*end))
    end++;
  return *end == '\0' && isfinite (*out);
}

/* "25%" or "25 %" → 0.25; *percent says whether the sign was there. */
static gboolean
parse_amount (const char *text,
              double     *out,
              gboolean   *percent)
{
  g_autofree char *copy = g_strstrip (g_strdup (text != NULL ? text : ""));
  gsize len = strlen (copy);

  *percent = len > 0 && copy[len - 1] == '%';
  if (*percent)
    copy[len - 1] = '\0';
  if (!parse_number (g_strstrip (copy), out))
    return FALSE;
  if (*percent)
    *out /= 100.0;
  return TRUE;
}

/* A fraction written as a percentage, strictly between 0 and 100 %. */
static gboolean
get_range (Values     *v,
           const char *key,
           double     *out)
{
  g_autofree char *text = get_string (v, key);
  gboolean percent;

  if (!parse_amount (text, out, &percent) || !percent || !(*out > 0 && *out < 1))
    {
      scan_problem (v->scan, value_line (v, key),
                    _("%s: write a percentage between 0 and 100 %%, e.g. 25%%"), key);
      return FALSE;
    }
  return TRUE;
}

static GPtrArray *
get_ids (Values     *v,
         const char *key)
{
  g_autofree char *text = get_string (v, key);
  g_auto (GStrv) parts = NULL;
  GPtrArray *ids = g_ptr_array_new_with_free_func (g_free);

  if (text == NULL)
    return ids;
  parts = g_strsplit_set (text, ",;", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      char *id = g_strstrip (parts[i]);

      if (*id == '\0')
        continue;
      for (guint j = 0; j < ids->len; j++)
        if (strcmp (ids->pdata[j], id) == 0)
          {
            scan_problem (v->scan, value_line (v, key), _("%s: “%s” is listed twice"), key, id);
            id = NULL;
            break;
          }
      if (id != NULL)
        g_ptr_array_add (ids, g_strdup (id));
    }
  return ids;
}

static gboolean
check_keys (Values            *v,
            const char *const *allowed)
{
  g_auto (GStrv) keys = g_key_file_get_keys (v->file, v->group, NULL, NULL);
  gboolean ok = TRUE;

  for (guint k = 0; keys != NULL && keys[k] != NULL; k++)
    if (!g_strv_contains (allowed, keys[k]))
      {
        g_autofree char *list = g_strjoinv (", ", (char **) allowed);

        scan_problem (v->scan, value_line (v, keys[k]), _("[%s] has no key “%s” (keys: %s)"),
                      v->group, keys[k], list);
        ok = FALSE;
      }
  return ok;
}

static gboolean
require_key (Values     *v,
             const char *key)
{
  if (g_key_file_has_key (v->file, v->group, key, NULL))
    return TRUE;
  scan_problem (v->scan, value_line (v, NULL), _("[%s] needs “%s”"), v->group, key);
  return FALSE;
}

static void
scoring_defaults (KhScoring *s)
{
  memset (s, 0, sizeof *s);
  s->a = s->b = s->mean = s->sd = s->lo = s->hi = s->target = s->cap = NAN;
  s->step = 0.0;
  s->floor = 0.0;
}

/* "name" or "name(key=value, …)" with the framework's scoring attributes. */
static gboolean
parse_method (Values     *v,
              const char *text,
              KhScoring  *s)
{
  static const char *const params[] = { "a", "b", "mean", "sd", "step", "lo",
                                        "hi", "target", "cap", "floor", NULL };
  g_autofree char *name = NULL;
  const char *open = strchr (text, '(');
  guint line = value_line (v, "alternatives");

  scoring_defaults (s);
  name = g_strstrip (open != NULL ? g_strndup (text, open - text) : g_strdup (text));
  if (!kh_method_from_string (name, &s->method))
    {
      scan_problem (v->scan, line, _("alternatives: unknown scoring method “%s”"), name);
      return FALSE;
    }
  if (s->method == KH_METHOD_THRESHOLDS || s->method == KH_METHOD_GRADES)
    {
      scan_problem (v->scan, line,
                    _("alternatives: %s needs steps, which only a framework can declare"), name);
      return FALSE;
    }
  if (open == NULL)
    return TRUE;
  if (text[strlen (text) - 1] != ')')
    {
      scan_problem (v->scan, line, _("alternatives: “%s” lacks its closing parenthesis"), text);
      return FALSE;
    }
  {
    g_autofree char *inside = g_strndup (open + 1, strlen (open + 1) - 1);
    g_auto (GStrv) pairs = g_strsplit (inside, ",", -1);

    for (guint p = 0; pairs[p] != NULL; p++)
      {
        g_auto (GStrv) kv = g_strsplit (pairs[p], "=", 2);
        double value;
        const char *key;
        double *slot;

        if (kv[0] == NULL || kv[1] == NULL)
          {
            scan_problem (v->scan, line, _("alternatives: write parameters as key=value, not “%s”"),
                          pairs[p]);
            return FALSE;
          }
        key = g_strstrip (kv[0]);
        if (!g_strv_contains (params, key) || !parse_number (g_strstrip (kv[1]), &value))
          {
            scan_problem (v->scan, line,
                          _("alternatives: “%s” is not a number for a scoring parameter "
                            "(a, b, mean, sd, step, lo, hi, target, cap, floor)"),
                          pairs[p]);
            return FALSE;
          }
        slot = strcmp (key, "a") == 0      ? &s->a
               : strcmp (key, "b") == 0    ? &s->b
               : strcmp (key, "mean") == 0 ? &s->mean
               : strcmp (key, "sd") == 0   ? &s->sd
               : strcmp (key, "step") == 0 ? &s->step
               : strcmp (key, "lo") == 0   ? &s->lo
               : strcmp (key, "hi") == 0   ? &s->hi
               : strcmp (key, "target") == 0 ? &s->target
               : strcmp (key, "cap") == 0  ? &s->cap
                                           : &s->floor;
        *slot = value;
      }
  }
  return TRUE;
}

static void
read_alternatives (Values           *v,
                   KhUncertainInput *input)
{
  g_autofree char *text = get_string (v, "alternatives");
  g_auto (GStrv) parts = g_strsplit (text != NULL ? text : "", ";", -1);
  guint line = value_line (v, "alternatives");

  for (guint i = 0; parts[i] != NULL; i++)
    {
      char *part = g_strstrip (parts[i]);

      if (*part == '\0')
        continue;
      if (input->kind == KH_INPUT_METHOD)
        {
          KhScoring s;

          if (parse_method (v, part, &s))
            g_array_append_val (input->methods, s);
        }
      else
        {
          KhMissingPolicy rule;

          if (!kh_missing_from_string (part, &rule))
            scan_problem (v->scan, line,
                          _("alternatives: unknown missing-data rule “%s” "
                            "(reweight, zero, mean, median, previous)"),
                          part);
          else
            g_array_append_val (input->rules, rule);
        }
    }
  if (input->methods->len + input->rules->len == 0)
    scan_problem (v->scan, line, _("alternatives: list at least one alternative"));
}

static KhUncertainInput *
read_input (Values     *v,
            const char *name)
{
  static const char *const weights_keys[] = { "kind", "nodes", "children", "range", NULL };
  static const char *const dirichlet_keys[] = { "kind", "parent", "concentration", NULL };
  static const char *const choice_keys[] = { "kind", "indicator", "alternatives", NULL };
  static const char *const leave_keys[] = { "kind", "indicators", NULL };
  static const char *const tier_keys[] = { "kind", "range", NULL };
  g_autofree char *kind = get_string (v, "kind");
  g_autoptr (KhUncertainInput) input = NULL;
  KhInputKind k = KH_INPUT_WEIGHTS;
  gboolean known = FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (kind_names); i++)
    if (g_strcmp0 (kind, kind_names[i]) == 0)
      {
        k = (KhInputKind) i;
        known = TRUE;
      }
  if (!known)
    {
      scan_problem (v->scan, value_line (v, "kind"),
                    kind == NULL ? _("[%s] needs “kind” (%s)")
                                 : _("[%s]: unknown kind (%s)"),
                    v->group, "weights, dirichlet, method, missing, leave-out, tiers");
      return NULL;
    }
  input = kh_uncertain_input_new (k, name);
  input->line = scan_line_of (v->scan, v->group, NULL);

  switch (k)
    {
    case KH_INPUT_WEIGHTS:
      {
        gboolean has_nodes = g_key_file_has_key (v->file, v->group, "nodes", NULL);
        gboolean has_children = g_key_file_has_key (v->file, v->group, "children", NULL);

        check_keys (v, weights_keys);
        if (has_nodes == has_children)
          scan_problem (v->scan, value_line (v, NULL),
                        _("[%s] needs either “nodes” or “children”"), v->group);
        g_ptr_array_unref (input->nodes);
        input->nodes = get_ids (v, has_children ? "children" : "nodes");
        input->children = has_children;
        if (input->nodes->len == 0 && has_nodes != has_children)
          scan_problem (v->scan, value_line (v, has_children ? "children" : "nodes"),
                        _("list at least one node"));
        if (require_key (v, "range"))
          get_range (v, "range", &input->amount);
      }
      break;
    case KH_INPUT_DIRICHLET:
      check_keys (v, dirichlet_keys);
      if (require_key (v, "parent"))
        {
          g_ptr_array_unref (input->nodes);
          input->nodes = get_ids (v, "parent");
          if (input->nodes->len != 1)
            scan_problem (v->scan, value_line (v, "parent"), _("parent: name one node"));
        }
      if (require_key (v, "concentration"))
        {
          g_autofree char *text = get_string (v, "concentration");

          if (!parse_number (text, &input->amount) || !(input->amount > 0))
            scan_problem (v->scan, value_line (v, "concentration"),
                          _("concentration: write a positive number, e.g. 50"));
        }
      break;
    case KH_INPUT_METHOD:
    case KH_INPUT_MISSING:
      check_keys (v, choice_keys);
      if (require_key (v, "indicator"))
        {
          g_ptr_array_unref (input->nodes);
          input->nodes = get_ids (v, "indicator");
          if (input->nodes->len != 1)
            scan_problem (v->scan, value_line (v, "indicator"), _("indicator: name one indicator"));
        }
      if (require_key (v, "alternatives"))
        read_alternatives (v, input);
      break;
    case KH_INPUT_LEAVE_OUT:
      check_keys (v, leave_keys);
      if (require_key (v, "indicators"))
        {
          g_autofree char *text = get_string (v, "indicators");

          if (g_strcmp0 (text, "*") != 0)
            {
              g_ptr_array_unref (input->nodes);
              input->nodes = get_ids (v, "indicators");
              if (input->nodes->len == 0)
                scan_problem (v->scan, value_line (v, "indicators"),
                              _("indicators: list indicators, or * for every one"));
            }
        }
      break;
    case KH_INPUT_TIERS:
    default:
      check_keys (v, tier_keys);
      if (require_key (v, "range"))
        {
          g_autofree char *text = get_string (v, "range");
          gboolean percent;

          if (!parse_amount (text, &input->amount, &percent) || !(input->amount > 0))
            scan_problem (v->scan, value_line (v, "range"),
                          _("range: write a positive number (places, a share or points)"));
        }
      break;
    }
  return g_steal_pointer (&input);
}

static void
read_run (Values            *v,
          KhSensitivitySpec *spec)
{
  static const char *const keys[] = { "runs", "seed", "design", "weights", NULL };
  g_autofree char *runs = get_string (v, "runs");
  g_autofree char *seed = get_string (v, "seed");
  g_autofree char *design = get_string (v, "design");

  check_keys (v, keys);
  if (runs != NULL)
    {
      guint64 n;

      if (!g_ascii_string_to_unsigned (runs, 10, 1, 10000000, &n, NULL))
        scan_problem (v->scan, value_line (v, "runs"),
                      _("runs: write a whole number from 1 to 10000000"));
      else
        spec->runs = (guint) n;
    }
  if (seed != NULL)
    {
      guint64 n;

      if (!g_ascii_string_to_unsigned (seed, 10, 0, G_MAXUINT32, &n, NULL))
        scan_problem (v->scan, value_line (v, "seed"),
                      _("seed: write a whole number from 0 to 4294967295"));
      else
        spec->seed = (guint32) n;
    }
  if (design != NULL)
    {
      if (!kh_design_kind_from_string (design, &spec->design))
        scan_problem (v->scan, value_line (v, "design"),
                      _("design: write sobol, halton or reverse-halton"));
      else
        spec->has_design = TRUE;
    }
  if (g_key_file_has_key (v->file, v->group, "weights", NULL))
    get_range (v, "weights", &spec->weights);
}

KhSensitivitySpec *
kh_sensitivity_spec_parse (const char  *text,
                           gssize       length,
                           const char  *source,
                           GError     **error)
{
  g_autoptr (KhSensitivitySpec) spec = kh_sensitivity_spec_new ();
  g_autoptr (GString) problems = g_string_new (NULL);
  g_autoptr (GHashTable) lines = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr (GKeyFile) file = g_key_file_new ();
  g_autoptr (GError) local = NULL;
  g_autofree char *copy = NULL;
  g_auto (GStrv) groups = NULL;
  Scan scan = { source != NULL ? source : "spec", problems, lines };

  g_return_val_if_fail (text != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  copy = length < 0 ? g_strdup (text) : g_strndup (text, length);
  spec->source = g_strdup (scan.source);
  if (!g_utf8_validate (copy, -1, NULL))
    {
      g_set_error (error, KH_ANALYSIS_ERROR, KH_ANALYSIS_ERROR_SPEC,
                   _("%s: the spec is not UTF-8 text"), scan.source);
      return NULL;
    }
  scan_text (&scan, copy);
  if (problems->len == 0 && !g_key_file_load_from_data (file, copy, -1, G_KEY_FILE_NONE, &local))
    g_string_append_printf (problems, "%s: %s", scan.source, local->message);
  if (problems->len > 0)
    {
      g_set_error_literal (error, KH_ANALYSIS_ERROR, KH_ANALYSIS_ERROR_SPEC, problems->str);
      return NULL;
    }

  groups = g_key_file_get_groups (file, NULL);
  for (guint g = 0; groups[g] != NULL; g++)
    {
      Values v = { &scan, file, groups[g] };

      if (strcmp (groups[g], "sensitivity") == 0)
        read_run (&v, spec);
      else if (g_str_has_prefix (groups[g], INPUT_PREFIX)
               && *g_strstrip (groups[g] + strlen (INPUT_PREFIX)) != '\0')
        {
          KhUncertainInput *input = read_input (&v, groups[g] + strlen (INPUT_PREFIX));

          if (input != NULL)
            g_ptr_array_add (spec->inputs, input);
        }
      else
        scan_problem (&scan, scan_line_of (&scan, groups[g], NULL),
                      _("unknown group [%s]: use [sensitivity] or [input NAME]"), groups[g]);
    }
  if (problems->len == 0 && spec->inputs->len == 0 && spec->weights == 0)
    g_string_append_printf (problems,
                            _("%s: the spec declares no uncertain input (add [input NAME] groups "
                              "or “weights = 25%%” under [sensitivity])"),
                            scan.source);
  if (problems->len > 0)
    {
      g_set_error_literal (error, KH_ANALYSIS_ERROR, KH_ANALYSIS_ERROR_SPEC, problems->str);
      return NULL;
    }
  return g_steal_pointer (&spec);
}
