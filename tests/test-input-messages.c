/* test-input-messages.c — what hostile or unusual input is said to be, and where
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Positions past line 65,535 (libxml2 keeps a node's line in 16 bits); a DOCTYPE in a
 * UTF-16 or Latin-1 file (the parser decodes those, and its column counted after the
 * declaration); a password-protected workbook in either form (an Office-encrypted
 * compound file, or a zip whose entries are encrypted) and an old .xls workbook, which
 * were all "damaged" or "not a zip archive".
 */
#include "config.h"

#include <string.h>
#include <zip.h>

#include "io/kh-framework-xml.h"
#include "io/kh-io-error.h"
#include "io/kh-xlsx.h"
#include "io/kh-xml-safe.h"
#include "kh-test-files.h"

static char *tmp_dir;

static char *
tmp_path (const char *name)
{
  return g_build_filename (tmp_dir, name, NULL);
}

/* Line and column (in characters, from 1) of byte @offset of UTF-8 @text, counted here
 * independently of the parser. */
static void
position_of (const char *text,
             gsize       offset,
             guint      *line,
             guint      *column)
{
  *line = 1;
  *column = 1;
  for (const char *p = text; p < text + offset; p = g_utf8_next_char (p))
    {
      if (*p == '\n')
        {
          (*line)++;
          *column = 1;
        }
      else
        (*column)++;
    }
}

static void
test_framework_big_line (void)
{
  g_autofree char *source = g_build_filename (g_getenv ("KH_SOURCE_ROOT"), "tests", "data",
                                              "project", "framework-2020.xml", NULL);
  g_autofree char *text = NULL;
  g_autoptr (GString) big = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (KhFramework) fw = NULL;
  g_autofree char *expected = NULL;
  const char *declaration_end;
  const char *indicator;
  guint line, column;

  g_assert_true (g_file_get_contents (source, &text, NULL, NULL));
  /* 70,000 blank lines after the XML declaration, and an attribute the schema does
   * not allow on the first <indicator>. */
  big = g_string_new (text);
  declaration_end = strchr (big->str, '\n');
  {
    g_autofree char *blank = g_strnfill (70000, '\n');

    g_string_insert (big, declaration_end - big->str, blank);
  }
  indicator = strstr (big->str, "<indicator ");
  g_string_insert (big, indicator - big->str + strlen ("<indicator "), "bogus=\"1\" ");
  indicator = strstr (big->str, "<indicator ");
  position_of (big->str, indicator - big->str, &line, &column);
  /* The first <indicator> was on line 14, column 5: now line 70,014. */
  g_assert_cmpuint (line, ==, 70014);
  g_assert_cmpuint (column, ==, 5);

  fw = kh_framework_xml_load_data (big->str, big->len, "big.xml", &error);
  g_assert_null (fw);
  g_assert_error (error, KH_IO_ERROR, KH_IO_ERROR_INVALID);
  g_test_message ("%s", error->message);
  expected = g_strdup_printf ("big.xml:%u:%u: ", line, column);
  g_assert_true (g_str_has_prefix (error->message, expected));
  g_assert_nonnull (strstr (error->message, "bogus"));
}

/* @utf8 converted to @charset (with a byte order mark for UTF-16), parsed: the error is
 * exactly @message. */
static void
assert_parse_error (const char *utf8,
                    const char *charset,
                    const char *message)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *data = NULL;
  gsize len = 0;
  xmlDocPtr doc;

  if (g_str_equal (charset, "UTF-16LE"))
    {
      g_autofree char *body = g_convert (utf8, -1, "UTF-16LE", "UTF-8", NULL, &len, NULL);

      g_assert_nonnull (body);
      data = g_malloc (len + 2);
      data[0] = (char) 0xFF;
      data[1] = (char) 0xFE;
      memcpy (data + 2, body, len);
      len += 2;
    }
  else
    {
      data = g_convert (utf8, -1, charset, "UTF-8", NULL, &len, NULL);
      g_assert_nonnull (data);
    }
  doc = kh_xml_read_safe (data, len, "doc.xml", &error);
  g_assert_null (doc);
  g_test_message ("%s", error->message);
  g_assert_error (error, KH_IO_ERROR, KH_IO_ERROR_PARSE);
  g_assert_cmpstr (error->message, ==, message);
}

static void
test_doctype_encodings (void)
{
  /* "<!DOCTYPE" is at line 2, column 16: "<!-- é é é -->" is 14 characters and a space. */
  const char *utf16 = "<?xml version=\"1.0\" encoding=\"UTF-16\"?>\n"
                      "<!-- é é é --> <!DOCTYPE framework [\n<!ENTITY x \"y\">\n]>\n<framework/>\n";
  const char *latin1 = "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n"
                       "<!-- é é é --> <!DOCTYPE framework [\n<!ENTITY x \"y\">\n]>\n<framework/>\n";
  const char *utf8 = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                     "<!-- é é é --> <!DOCTYPE framework [\n<!ENTITY x \"y\">\n]>\n<framework/>\n";
  const char *expected = "doc.xml:2:16: a DOCTYPE declaration is not allowed (no DTD, no entities)";

  assert_parse_error (utf8, "UTF-8", expected);
  assert_parse_error (utf16, "UTF-16LE", expected);
  assert_parse_error (latin1, "ISO-8859-1", expected);
}

static void
test_element_positions_encodings (void)
{
  /* <b> is at line 3, column 5 in every encoding ("é é " is 4 characters). */
  const char *text = "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n<a>\né é <b/></a>\n";
  g_autofree char *latin1 = NULL;
  g_autoptr (GError) error = NULL;
  gsize len = 0;
  xmlDocPtr doc;
  xmlNodePtr b;

  latin1 = g_convert (text, -1, "ISO-8859-1", "UTF-8", NULL, &len, NULL);
  doc = kh_xml_read_safe (latin1, len, "doc.xml", &error);
  g_assert_no_error (error);
  b = xmlFirstElementChild (xmlDocGetRootElement (doc));
  g_assert_cmpuint (kh_xml_node_line (b), ==, 3);
  g_assert_cmpuint (kh_xml_node_column (b), ==, 5);
  xmlFreeDoc (doc);
}

/* A compound file (the format of Office before 2007, and of Office's encryption):
 * its 8-byte signature, then a directory entry name in UTF-16LE. */
static char *
write_compound_file (const char *name,
                     const char *entry)
{
  g_autofree char *entry16 = NULL;
  g_autoptr (GByteArray) bytes = g_byte_array_new ();
  static const guint8 magic[8] = { 0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1 };
  guint8 zeros[512] = { 0 };
  gsize len = 0;
  char *path = tmp_path (name);

  entry16 = g_convert (entry, -1, "UTF-16LE", "UTF-8", NULL, &len, NULL);
  g_byte_array_append (bytes, magic, sizeof magic);
  g_byte_array_append (bytes, zeros, sizeof zeros);
  g_byte_array_append (bytes, (const guint8 *) entry16, (guint) len);
  g_byte_array_append (bytes, zeros, sizeof zeros);
  g_assert_true (g_file_set_contents (path, (const char *) bytes->data, bytes->len, NULL));
  return path;
}

static void
assert_xlsx_refused (const char *path,
                     const char *fragment)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (KhCsvTable) table = kh_xlsx_read_file (path, NULL, &error);

  g_assert_null (table);
  g_assert_error (error, KH_IO_ERROR, KH_IO_ERROR_PARSE);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, fragment));
  g_assert_null (strstr (error->message, "damaged"));
}

static void
test_xlsx_encrypted (void)
{
  g_autofree char *office = write_compound_file ("office-encrypted.xlsx", "EncryptedPackage");
  g_autofree char *xls = write_compound_file ("old.xls", "Workbook");
  g_autofree char *zipped = tmp_path ("zip-password.xlsx");
  zipFile zip;
  zip_fileinfo info = { 0 };
  const char *content = "<?xml version=\"1.0\"?><Types/>";

  assert_xlsx_refused (office, "the workbook is protected with a password (encrypted)");
  assert_xlsx_refused (xls, "an Excel 97–2003 workbook (.xls)");

  /* A zip archive whose entries carry a password (traditional PKWARE encryption). */
  zip = zipOpen64 (zipped, APPEND_STATUS_CREATE);
  g_assert_nonnull (zip);
  g_assert_cmpint (zipOpenNewFileInZip3 (zip, "[Content_Types].xml", &info, NULL, 0, NULL, 0,
                                         NULL, Z_DEFLATED, Z_DEFAULT_COMPRESSION, 0, -MAX_WBITS,
                                         DEF_MEM_LEVEL, Z_DEFAULT_STRATEGY, "secret", 0),
                   ==, ZIP_OK);
  g_assert_cmpint (zipWriteInFileInZip (zip, content, (unsigned) strlen (content)), ==, ZIP_OK);
  g_assert_cmpint (zipCloseFileInZip (zip), ==, ZIP_OK);
  g_assert_cmpint (zipClose (zip, NULL), ==, ZIP_OK);
  assert_xlsx_refused (zipped, "the archive is protected with a password (its entry "
                               "“[Content_Types].xml” is encrypted)");
}

int
main (int    argc,
      char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);
  tmp_dir = g_dir_make_tmp ("kaohe-input-XXXXXX", NULL);
  g_assert_nonnull (tmp_dir);

  g_test_add_func ("/input-messages/framework-big-line", test_framework_big_line);
  g_test_add_func ("/input-messages/doctype-encodings", test_doctype_encodings);
  g_test_add_func ("/input-messages/element-positions-encodings", test_element_positions_encodings);
  g_test_add_func ("/input-messages/xlsx-encrypted", test_xlsx_encrypted);

  status = g_test_run ();
  kh_test_remove_dir (tmp_dir);
  g_free (tmp_dir);
  return status;
}
