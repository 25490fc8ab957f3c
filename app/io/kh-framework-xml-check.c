/* kh-framework-xml-check.c — checking a framework file: located problems, the schema,
 * the semantic checks
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gio/gio.h>
#include <glib/gi18n.h>
#include <libxml/xmlschemas.h>
#include <string.h>

#include "core/kh-framework-check.h"
#include "kh-framework-xml-private.h"
#include "kh-io-error.h"
#include "kh-io-resources.h"
#include "kh-xml-safe.h"

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

void
kh_framework_loader_init (KhFrameworkLoader *ld,
                          const char        *name)
{
  memset (ld, 0, sizeof *ld);
  ld->name = name;
  ld->problems = g_ptr_array_new_with_free_func (problem_free);
  ld->elements = g_hash_table_new (g_direct_hash, g_direct_equal);
}

void
kh_framework_loader_clear (KhFrameworkLoader *ld)
{
  g_clear_pointer (&ld->problems, g_ptr_array_unref);
  g_clear_pointer (&ld->elements, g_hash_table_unref);
}

void
kh_framework_loader_problem_at (KhFrameworkLoader *ld,
                                guint              line,
                                guint              column,
                                const char        *message)
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

void
kh_framework_loader_problem (KhFrameworkLoader *ld,
                             xmlNodePtr         element,
                             const char        *format,
                             ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  kh_framework_loader_problem_at (ld, element != NULL ? kh_xml_node_line (element) : 0,
                                  element != NULL ? kh_xml_node_column (element) : 0, message);
}

gboolean
kh_framework_loader_take_problems (KhFrameworkLoader *ld,
                                   GError           **error)
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
  KhFrameworkLoader *ld = user_data;
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
    kh_framework_loader_problem (ld, node, "%s", message);
  else
    kh_framework_loader_problem_at (ld, (guint) MAX (err->line, 0), 0, message);
}

gboolean
kh_framework_loader_validate (KhFrameworkLoader *ld,
                              xmlDocPtr          doc)
{
  xmlSchemaValidCtxtPtr vctxt = xmlSchemaNewValidCtxt (get_schema ());
  int result;

  xmlSchemaSetValidStructuredErrors (vctxt, validation_error_cb, ld);
  result = xmlSchemaValidateDoc (vctxt, doc);
  xmlSchemaFreeValidCtxt (vctxt);
  if (result != 0 && ld->problems->len == 0)
    kh_framework_loader_problem (ld, xmlDocGetRootElement (doc), "%s",
                                 _("the document does not match the framework schema"));
  return ld->problems->len == 0;
}

/* ------------------------------------------------------------------------------------
 * The semantic checks of the framework read, located at the elements they concern
 */

static void
check_cb (gconstpointer object,
          const char   *message,
          gpointer      user_data)
{
  KhFrameworkLoader *ld = user_data;
  xmlNodePtr element = g_hash_table_lookup (ld->elements, object);

  kh_framework_loader_problem (ld, element, "%s", message);
}

void
kh_framework_loader_check (KhFrameworkLoader *ld)
{
  g_assert (ld->fw != NULL);
  kh_framework_check (ld->fw, check_cb, ld);
}

void
kh_framework_loader_check_continuity (KhFrameworkLoader *ld,
                                      KhFramework       *earlier)
{
  g_assert (ld->fw != NULL);
  kh_framework_check_continuity (earlier, ld->fw, check_cb, ld);
}
