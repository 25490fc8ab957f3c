/* kh-framework-xml.c — indicator frameworks as XML files: load, validate, write
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gio/gio.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <libxml/xmlschemas.h>
#include <math.h>
#include <string.h>

#include "core/kh-framework-check.h"
#include "kh-framework-xml.h"
#include "kh-io-error.h"
#include "kh-io-resources.h"
#include "kh-xml-safe.h"

/* Enumerations that only the file format spells out. */
static const char *const sense_names[] = { "at-most", "at-least", NULL };
static const char *const consequence_names[] = { "deduct", "cap-tier", "veto", NULL };
static const char *const tier_mode_names[] = { "count", "share", "threshold", NULL };

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

/* ------------------------------------------------------------------------------------
 * Problems, collected and sorted by position
 */

typedef struct
{
  guint line;
  guint column;
  guint seq;
  char *text; /* complete "NAME:LINE:COLUMN: message" */
} Problem;

static void
problem_free (gpointer data)
{
  Problem *p = data;

  g_free (p->text);
  g_free (p);
}

static int
problem_compare (gconstpointer a,
                 gconstpointer b)
{
  const Problem *p = *(const Problem *const *) a;
  const Problem *q = *(const Problem *const *) b;

  if (p->line != q->line)
    return p->line < q->line ? -1 : 1;
  if (p->column != q->column)
    return p->column < q->column ? -1 : 1;
  return p->seq < q->seq ? -1 : (p->seq > q->seq ? 1 : 0);
}

typedef struct
{
  const char *name;
  GPtrArray *problems;     /* of Problem* */
  GHashTable *elements;    /* model object → xmlNodePtr */
  KhFramework *fw;
} Loader;

static void
add_problem_at (Loader     *ld,
                guint       line,
                guint       column,
                const char *message)
{
  Problem *p = g_new0 (Problem, 1);
  g_autofree char *text = g_strstrip (g_strdup (message));

  g_strdelimit (text, "\r\n", ' ');
  p->line = line;
  p->column = column;
  p->seq = ld->problems->len;
  if (column > 0)
    p->text = g_strdup_printf ("%s:%u:%u: %s", ld->name, line, column, text);
  else
    p->text = g_strdup_printf ("%s:%u: %s", ld->name, line, text);
  g_ptr_array_add (ld->problems, p);
}

static void
add_problem (Loader     *ld,
             xmlNodePtr  element,
             const char *format,
             ...) G_GNUC_PRINTF (3, 4);

static void
add_problem (Loader     *ld,
             xmlNodePtr  element,
             const char *format,
             ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  add_problem_at (ld, element != NULL ? kh_xml_node_line (element) : 0,
                  element != NULL ? kh_xml_node_column (element) : 0, message);
}

static gboolean
take_problems (Loader  *ld,
               GError **error)
{
  g_autoptr (GString) text = g_string_new (NULL);

  if (ld->problems->len == 0)
    return FALSE;
  g_ptr_array_sort (ld->problems, problem_compare);
  for (guint i = 0; i < ld->problems->len; i++)
    {
      const Problem *p = g_ptr_array_index (ld->problems, i);

      if (i > 0)
        g_string_append_c (text, '\n');
      g_string_append (text, p->text);
    }
  g_set_error_literal (error, KH_IO_ERROR, KH_IO_ERROR_INVALID, text->str);
  return TRUE;
}

/* ------------------------------------------------------------------------------------
 * Schema validation
 */

GBytes *
kh_framework_xml_get_schema (void)
{
  GResource *resource = kh_io_get_resource ();

  return g_resource_lookup_data (resource, KH_FRAMEWORK_XSD_RESOURCE,
                                 G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
}

static void
schema_compile_error_cb (void        *user_data,
                         xmlErrorPtr  err)
{
  if (err != NULL && err->level >= XML_ERR_ERROR)
    g_critical ("embedded framework schema: %s", err->message);
}

static xmlSchemaPtr
get_schema (void)
{
  static gsize schema_ptr = 0;

  if (g_once_init_enter (&schema_ptr))
    {
      g_autoptr (GBytes) bytes = kh_framework_xml_get_schema ();
      g_autoptr (GError) error = NULL;
      gsize len = 0;
      const char *data = g_bytes_get_data (bytes, &len);
      xmlDocPtr doc = kh_xml_read_safe (data, len, "kaohe-framework.xsd", &error);
      xmlSchemaParserCtxtPtr pctxt;
      xmlSchemaPtr schema;

      g_assert_no_error (error);
      pctxt = xmlSchemaNewDocParserCtxt (doc);
      xmlSchemaSetParserStructuredErrors (pctxt, schema_compile_error_cb, NULL);
      schema = xmlSchemaParse (pctxt);
      xmlSchemaFreeParserCtxt (pctxt);
      xmlFreeDoc (doc);
      g_assert (schema != NULL);
      /* Kept for the life of the process: compiled once, shared by every load. */
      g_once_init_leave (&schema_ptr, (gsize) schema);
    }
  return (xmlSchemaPtr) schema_ptr;
}

static void
validation_error_cb (void        *user_data,
                     xmlErrorPtr  err)
{
  Loader *ld = user_data;
  g_autofree char *message = NULL;
  xmlNodePtr node;
  GString *text;

  if (err == NULL || err->level < XML_ERR_ERROR)
    return;

  /* "Element '{ns}name'" reads better as "Element 'name'". */
  text = g_string_new (err->message != NULL ? err->message : _("invalid"));
  g_string_replace (text, "{" KH_FRAMEWORK_XML_NAMESPACE "}", "", 0);
  message = g_string_free (text, FALSE);

  node = err->node;
  if (node != NULL && node->type == XML_ATTRIBUTE_NODE)
    node = node->parent;
  if (node != NULL && node->type == XML_ELEMENT_NODE)
    add_problem (ld, node, "%s", message);
  else
    add_problem_at (ld, (guint) MAX (err->line, 0), 0, message);
}

static gboolean
validate (Loader    *ld,
          xmlDocPtr  doc)
{
  xmlSchemaValidCtxtPtr vctxt = xmlSchemaNewValidCtxt (get_schema ());
  int result;

  xmlSchemaSetValidStructuredErrors (vctxt, validation_error_cb, ld);
  result = xmlSchemaValidateDoc (vctxt, doc);
  xmlSchemaFreeValidCtxt (vctxt);
  if (result != 0 && ld->problems->len == 0)
    add_problem (ld, xmlDocGetRootElement (doc), "%s", _("the document does not match the framework schema"));
  return ld->problems->len == 0;
}

/* ------------------------------------------------------------------------------------
 * Reading the tree (after validation: types and structure are known to be right)
 */

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
get_number (Loader     *ld,
            xmlNodePtr  node,
            const char *name,
            double      fallback)
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
      add_problem (ld, node, _("attribute “%s”: “%s” is not a finite number"), name, value);
      return fallback;
    }
  return number;
}

static int
get_int (Loader     *ld,
         xmlNodePtr  node,
         const char *name,
         int         fallback)
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
remember (Loader       *ld,
          gconstpointer object,
          xmlNodePtr    element)
{
  g_hash_table_insert (ld->elements, (gpointer) object, element);
}

static GArray *
read_number_list (Loader     *ld,
                  xmlNodePtr  node,
                  const char *name)
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
          add_problem (ld, node, _("attribute “%s”: “%s” is not a finite number"), name, items[i]);
          continue;
        }
      g_array_append_val (numbers, number);
    }
  return numbers;
}

static void
read_group (Loader     *ld,
            xmlNodePtr  element)
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
          group->tiers.mode = (KhTierMode) lookup (tier_mode_names, mode, KH_TIER_BY_COUNT);
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

static void
read_variable (Loader     *ld,
               xmlNodePtr  element)
{
  g_autofree char *id = get_attr (element, "id");
  KhVariable *variable = kh_variable_new (id);

  remember (ld, variable, element);
  read_text (element, "name", &variable->name);
  variable->unit_of_measure = get_attr (element, "unit");
  variable->source = get_attr (element, "source");
  g_ptr_array_add (ld->fw->variables, variable);
}

static void
read_scoring (Loader     *ld,
              KhNode     *node,
              xmlNodePtr  element)
{
  g_autofree char *method = get_attr (element, "method");
  KhScoring *s = &node->scoring;

  if (!kh_method_from_string (method, &s->method))
    add_problem (ld, element, _("unknown scoring method “%s”"), method);
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

static KhNode *read_node (Loader *ld, xmlNodePtr element, KhNodeKind kind, int depth);

static void
read_node_body (Loader     *ld,
                KhNode     *node,
                xmlNodePtr  element,
                int         depth)
{
  g_autofree char *aggregation = get_attr (element, "aggregation");
  g_autofree char *direction = get_attr (element, "direction");
  g_autofree char *missing = get_attr (element, "missing");
  g_autofree char *outlier = get_attr (element, "outlier");
  g_autofree char *applies = get_attr (element, "applies");

  read_text (element, "name", &node->name);
  node->description = read_child_text (element, "description");
  node->points = get_number (ld, element, "points", 100.0);
  node->weight = get_number (ld, element, "weight", 1.0);
  if (aggregation != NULL && !kh_aggregation_from_string (aggregation, &node->aggregation))
    add_problem (ld, element, _("unknown aggregation “%s”"), aggregation);
  node->coefficient = get_bool (element, "coefficient", FALSE);
  node->replaces = get_attr (element, "replaces");
  node->from_year = get_int (ld, element, "from", 0);
  node->until_year = get_int (ld, element, "until", 0);

  if (node->kind == KH_NODE_INDICATOR)
    {
      node->unit_of_measure = get_attr (element, "unit");
      node->source = get_attr (element, "source");
      if (direction != NULL && !kh_direction_from_string (direction, &node->direction))
        add_problem (ld, element, _("unknown direction “%s”"), direction);
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
        add_problem (ld, element, _("unknown missing-value policy “%s”"), missing);
      if (outlier != NULL && !kh_outlier_from_string (outlier, &node->outlier))
        add_problem (ld, element, _("unknown outlier treatment “%s”"), outlier);
      node->outlier_a = get_number (ld, element, "outlier-a", NAN);
      node->outlier_b = get_number (ld, element, "outlier-b", NAN);
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
      else if (child->name != NULL
               && kh_node_kind_from_string ((const char *) child->name, &kind)
               && kind != KH_NODE_ROOT)
        kh_node_append (node, read_node (ld, child, kind, depth + 1));
    }
}

static KhNode *
read_node (Loader     *ld,
           xmlNodePtr  element,
           KhNodeKind  kind,
           int         depth)
{
  g_autofree char *id = get_attr (element, "id");
  KhNode *node = kh_node_new (kind, id);

  remember (ld, node, element);
  read_node_body (ld, node, element, depth);
  return node;
}

static void
read_adjustments (Loader     *ld,
                  xmlNodePtr  element)
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
read_constraints (Loader     *ld,
                  xmlNodePtr  element)
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
      con->sense = (KhConstraintSense) lookup (sense_names, sense, KH_CONSTRAINT_AT_MOST);
      con->target = get_number (ld, child, "target", NAN);
      con->consequence = (KhConsequence) lookup (consequence_names, consequence,
                                                 KH_CONSEQUENCE_DEDUCT);
      con->amount = get_number (ld, child, "amount", 0.0);
      g_ptr_array_add (ld->fw->constraints, con);
    }
}

static void
read_framework (Loader     *ld,
                xmlNodePtr  root)
{
  KhFramework *fw = ld->fw;

  remember (ld, fw, root);
  fw->id = get_attr (root, "id");
  fw->year = get_int (ld, root, "year", 0);
  fw->version = get_attr (root, "version");
  fw->category = get_attr (root, "category");
  fw->precision = get_int (ld, root, "precision", 2);
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
    }
}

static void
check_cb (gconstpointer object,
          const char   *message,
          gpointer      user_data)
{
  Loader *ld = user_data;
  xmlNodePtr element = g_hash_table_lookup (ld->elements, object);

  add_problem (ld, element, "%s", message);
}

KhFramework *
kh_framework_xml_load_data (const char  *data,
                            gsize        len,
                            const char  *display_name,
                            GError     **error)
{
  g_autoptr (KhFramework) fw = NULL;
  Loader ld = { 0 };
  xmlDocPtr doc;
  xmlNodePtr root;
  gboolean failed;

  g_return_val_if_fail (data != NULL || len == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (display_name == NULL)
    display_name = "(input)";

  doc = kh_xml_read_safe (data, len, display_name, error);
  if (doc == NULL)
    return NULL;

  ld.name = display_name;
  ld.problems = g_ptr_array_new_with_free_func (problem_free);
  ld.elements = g_hash_table_new (g_direct_hash, g_direct_equal);

  root = xmlDocGetRootElement (doc);
  if (root->ns == NULL || g_strcmp0 ((const char *) root->ns->href, KH_FRAMEWORK_XML_NAMESPACE) != 0
      || !is_element (root, "framework"))
    add_problem (&ld, root, _("the root element must be <framework xmlns=\"%s\">"),
                 KH_FRAMEWORK_XML_NAMESPACE);
  else if (validate (&ld, doc))
    {
      fw = kh_framework_new ();
      ld.fw = fw;
      read_framework (&ld, root);
      if (ld.problems->len == 0)
        kh_framework_check (fw, check_cb, &ld);
    }

  failed = take_problems (&ld, error);
  g_ptr_array_unref (ld.problems);
  g_hash_table_unref (ld.elements);
  xmlFreeDoc (doc);
  return failed ? NULL : g_steal_pointer (&fw);
}

KhFramework *
kh_framework_xml_load_file (const char  *path,
                            GError     **error)
{
  g_autofree char *contents = NULL;
  g_autoptr (GFile) file = NULL;
  g_autoptr (GFileInfo) info = NULL;
  g_autoptr (GError) local_error = NULL;
  gsize len = 0;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  file = g_file_new_for_path (path);
  info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_TYPE "," G_FILE_ATTRIBUTE_STANDARD_SIZE,
                            G_FILE_QUERY_INFO_NONE, NULL, &local_error);
  /* Devices, pipes and oversized files are refused before a byte is read. */
  if (info != NULL && g_file_info_get_file_type (info) != G_FILE_TYPE_REGULAR)
    {
      g_set_error (error, KH_IO_ERROR, KH_IO_ERROR_FAILED, "%s: %s", path,
                   _("not a regular file"));
      return NULL;
    }
  if (info != NULL && g_file_info_get_size (info) > KH_XML_MAX_SIZE)
    {
      g_set_error (error, KH_IO_ERROR, KH_IO_ERROR_LIMIT, "%s: %s", path,
                   _("the document is larger than 64 MiB"));
      return NULL;
    }
  if (info == NULL || !g_file_load_contents (file, NULL, &contents, &len, NULL, &local_error))
    {
      g_set_error (error, KH_IO_ERROR, KH_IO_ERROR_FAILED, "%s: %s", path, local_error->message);
      return NULL;
    }
  return kh_framework_xml_load_data (contents, len, path, error);
}

/* ------------------------------------------------------------------------------------
 * The canonical writer
 */

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
  attr_str (w, "mode", tier_mode_names[CLAMP (tiers->mode, 0, 2)]);
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
  attr_bool (w, "coefficient", node->coefficient);
  attr_str (w, "replaces", node->replaces);
  attr_int (w, "from", node->from_year, 0);
  attr_int (w, "until", node->until_year, 0);
  if (node->kind == KH_NODE_INDICATOR)
    {
      attr_str (w, "unit", node->unit_of_measure);
      attr_str (w, "source", node->source);
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
    }
  end_start (w, TRUE);
  write_text (w, "name", &node->name);
  write_description (w, node->description);
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
    attr_str (w, "sense", sense_names[CLAMP (con->sense, 0, 1)]);
  attr_num (w, "target", con->target, NAN);
  if (con->consequence != KH_CONSEQUENCE_DEDUCT)
    attr_str (w, "consequence", consequence_names[CLAMP (con->consequence, 0, 2)]);
  attr_num (w, "amount", con->amount, 0.0);
  end_start (w, !text_is_empty (&con->name));
  if (!text_is_empty (&con->name))
    {
      write_text (w, "name", &con->name);
      close_element (w, "constraint");
    }
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
