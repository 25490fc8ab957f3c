/* test-framework-xml-safe.c — the hardened XML entry point: hostile input, positions
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gio/gio.h>
#include <libxml/tree.h>

#include "io/kh-io-error.h"
#include "io/kh-xml-safe.h"

static char *
hostile_path (const char *name)
{
  return g_build_filename (g_getenv ("KH_SOURCE_ROOT"), "tests", "data", "frameworks", "hostile",
                           name, NULL);
}

typedef struct
{
  const char *file;
  int code;
  const char *message;
} HostileCase;

/* Each hostile file fails with exactly this message, at the place of the problem. */
static const HostileCase hostile_cases[] = {
  /* "<!DOCTYPE" starts line 2 column 1: stopped before any entity is declared. */
  { "billion-laughs.xml", KH_IO_ERROR_PARSE,
    "billion-laughs.xml:2:1: a DOCTYPE declaration is not allowed (no DTD, no entities)" },
  { "external-entity.xml", KH_IO_ERROR_PARSE,
    "external-entity.xml:2:1: a DOCTYPE declaration is not allowed (no DTD, no entities)" },
  { "external-dtd.xml", KH_IO_ERROR_PARSE,
    "external-dtd.xml:2:1: a DOCTYPE declaration is not allowed (no DTD, no entities)" },
  /* "&secret;" starts at column 78 of line 2, libxml2 reports after the ';' (86). */
  { "undefined-entity.xml", KH_IO_ERROR_PARSE,
    "undefined-entity.xml:2:86: Entity 'secret' not defined" },
  { "empty.xml", KH_IO_ERROR_PARSE, "empty.xml:1:1: the file is empty" },
  { "binary.xml", KH_IO_ERROR_PARSE, "binary.xml:1:1: Start tag expected, '<' not found" },
  /* The attribute value starts at column 15 of line 2; 0xFF is at column 16. */
  { "invalid-utf8.xml", KH_IO_ERROR_PARSE,
    "invalid-utf8.xml:2:16: Input is not proper UTF-8, indicate encoding ! "
    "Bytes: 0xFF 0xFE 0x22 0x3E" },
  /* 100 nested <a>: the 65th starts at column 1 + 64·3 = 193 of line 2. */
  { "deep-nesting.xml", KH_IO_ERROR_LIMIT,
    "deep-nesting.xml:2:193: elements are nested deeper than 64 levels" },
};

static void
test_hostile (gconstpointer data)
{
  const HostileCase *c = data;
  g_autofree char *path = hostile_path (c->file);
  g_autofree char *contents = NULL;
  gsize len = 0;
  g_autoptr (GError) error = NULL;
  xmlDocPtr doc;

  g_assert_true (g_file_get_contents (path, &contents, &len, NULL));
  doc = kh_xml_read_safe (contents, len, c->file, &error);
  g_assert_null (doc);
  g_assert_error (error, KH_IO_ERROR, c->code);
  g_assert_cmpstr (error->message, ==, c->message);
}

/* XInclude is never processed: the element stays as it is and nothing is read. */
static void
test_xinclude_not_processed (void)
{
  g_autofree char *path = hostile_path ("xinclude.xml");
  g_autofree char *contents = NULL;
  gsize len = 0;
  g_autoptr (GError) error = NULL;
  xmlDocPtr doc;
  xmlNodePtr root, child;

  g_assert_true (g_file_get_contents (path, &contents, &len, NULL));
  doc = kh_xml_read_safe (contents, len, "xinclude.xml", &error);
  g_assert_no_error (error);
  root = xmlDocGetRootElement (doc);
  child = xmlFirstElementChild (root);
  g_assert_cmpstr ((const char *) child->name, ==, "include");
  g_assert_null (child->children);
  g_assert_cmpuint (kh_xml_node_line (child), ==, 3);
  g_assert_cmpuint (kh_xml_node_column (child), ==, 3);
  xmlFreeDoc (doc);
}

/* Positions are those of each start tag's '<', in characters. */
static void
test_positions (void)
{
  /* line 2 "<a>"; line 3 "  <b  x=\"1\"" (b at col 3, its tag spans two lines);
   * line 4 "  y=\"2\"/><c/>": "  y=\"2\"/>" is 9 characters, so c is at column 10;
   * line 5 "  <中 k=\"文\"><d/></中>": d follows 11 characters, column 12. */
  static const char text[] = "<?xml version=\"1.0\"?>\n<a>\n  <b  x=\"1\"\n  y=\"2\"/><c/>\n"
                             "  <中 k=\"文\"><d/></中>\n</a>";
  static const struct { const char *name; guint line, column; } expected[] = {
    { "a", 2, 1 }, { "b", 3, 3 }, { "c", 4, 10 }, { "中", 5, 3 }, { "d", 5, 12 },
  };
  g_autoptr (GError) error = NULL;
  xmlDocPtr doc = kh_xml_read_safe (text, strlen (text), "pos.xml", &error);
  xmlNodePtr node;
  guint i = 0;

  g_assert_no_error (error);
  for (node = xmlDocGetRootElement (doc); node != NULL;
       node = xmlFirstElementChild (node) != NULL ? xmlFirstElementChild (node)
                                                  : xmlNextElementSibling (node))
    {
      g_autofree char *position = NULL;

      g_assert_cmpuint (i, <, G_N_ELEMENTS (expected));
      g_assert_cmpstr ((const char *) node->name, ==, expected[i].name);
      g_assert_cmpuint (kh_xml_node_line (node), ==, expected[i].line);
      g_assert_cmpuint (kh_xml_node_column (node), ==, expected[i].column);
      position = kh_xml_node_position (node, "pos.xml");
      g_assert_true (g_str_has_prefix (position, "pos.xml:"));
      i++;
    }
  g_assert_cmpuint (i, ==, G_N_ELEMENTS (expected));
  xmlFreeDoc (doc);
}

/* A byte order mark is not a column, in UTF-8 or UTF-16 (decoded input has columns too,
 * counted in characters). */
static void
test_encodings (void)
{
  static const char bom[] = "\xEF\xBB\xBF<a>\n <b/></a>";
  /* "<a/>" in UTF-16LE with a byte order mark */
  static const char utf16[] = "\xFF\xFE<\0a\0/\0>\0";
  g_autoptr (GError) error = NULL;
  xmlDocPtr doc = kh_xml_read_safe (bom, strlen (bom), "bom.xml", &error);
  xmlNodePtr b;

  g_assert_no_error (error);
  b = xmlFirstElementChild (xmlDocGetRootElement (doc));
  g_assert_cmpuint (kh_xml_node_column (xmlDocGetRootElement (doc)), ==, 1);
  g_assert_cmpuint (kh_xml_node_line (b), ==, 2);
  g_assert_cmpuint (kh_xml_node_column (b), ==, 2);
  xmlFreeDoc (doc);

  doc = kh_xml_read_safe (utf16, sizeof utf16 - 1, "utf16.xml", &error);
  g_assert_no_error (error);
  g_assert_cmpstr ((const char *) xmlDocGetRootElement (doc)->name, ==, "a");
  /* "<a/>" starts the first line after the byte order mark. */
  g_assert_cmpuint (kh_xml_node_line (xmlDocGetRootElement (doc)), ==, 1);
  g_assert_cmpuint (kh_xml_node_column (xmlDocGetRootElement (doc)), ==, 1);
  xmlFreeDoc (doc);
}

/* Several errors are reported one per line; a missing end tag names both places. */
static void
test_malformed (void)
{
  static const char text[] = "<a>\n<b></c>\n";
  g_autoptr (GError) error = NULL;
  xmlDocPtr doc = kh_xml_read_safe (text, strlen (text), "bad.xml", &error);

  g_assert_null (doc);
  g_assert_error (error, KH_IO_ERROR, KH_IO_ERROR_PARSE);
  g_assert_true (g_str_has_prefix (error->message, "bad.xml:2:"));
  g_assert_null (strchr (error->message, '\r'));
}

/* The size limit is checked before a byte is read (the buffer is far smaller). */
static void
test_size_limit (void)
{
  static const char text[] = "<a/>";
  g_autoptr (GError) error = NULL;
  xmlDocPtr doc = kh_xml_read_safe (text, (gsize) KH_XML_MAX_SIZE + 1, "huge.xml", &error);

  g_assert_null (doc);
  g_assert_error (error, KH_IO_ERROR, KH_IO_ERROR_LIMIT);
  g_assert_cmpstr (error->message, ==, "huge.xml: the document is larger than 64 MiB");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (hostile_cases); i++)
    {
      g_autofree char *name = g_strdup_printf ("/xml-safe/hostile/%s", hostile_cases[i].file);

      g_test_add_data_func (name, &hostile_cases[i], test_hostile);
    }
  g_test_add_func ("/xml-safe/xinclude", test_xinclude_not_processed);
  g_test_add_func ("/xml-safe/positions", test_positions);
  g_test_add_func ("/xml-safe/encodings", test_encodings);
  g_test_add_func ("/xml-safe/malformed", test_malformed);
  g_test_add_func ("/xml-safe/size-limit", test_size_limit);
  return g_test_run ();
}
