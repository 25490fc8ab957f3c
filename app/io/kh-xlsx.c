/* kh-xlsx.c — reading a worksheet of an Excel workbook (.xlsx)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <inttypes.h>
#include <string.h>
#include <unzip.h>

#include "kh-io-error.h"
#include "kh-xlsx.h"
#include "kh-xml-safe.h"

#define MAX_COLUMNS 16384u   /* XFD */
#define MAX_ROWS    1048576u

typedef struct
{
  unzFile zip;
  char *name; /* display name of the workbook file */
  guint64 inflated;
} Workbook;

static void
workbook_close (Workbook *wb)
{
  if (wb->zip != NULL)
    unzClose (wb->zip);
  g_free (wb->name);
}

static gboolean
odd_path (const char *entry)
{
  g_auto (GStrv) parts = NULL;

  if (entry[0] == '/' || strchr (entry, '\\') != NULL || strchr (entry, ':') != NULL)
    return TRUE;
  parts = g_strsplit (entry, "/", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    if (strcmp (parts[i], "..") == 0)
      return TRUE;
  return FALSE;
}

static gboolean
contains_bytes (const char *haystack,
                gsize       len,
                const char *needle,
                gsize       needle_len)
{
  for (gsize i = 0; i + needle_len <= len; i++)
    if (haystack[i] == needle[0] && memcmp (haystack + i, needle, needle_len) == 0)
      return TRUE;
  return FALSE;
}

/* A file that is not a zip archive: an Office file in the older compound format (a
 * password-protected workbook is one, holding an "EncryptedPackage" stream; else a .xls
 * workbook) is named as such. */
static void
set_not_zip_error (Workbook   *wb,
                   const char *path,
                   GError    **error)
{
  static const char cfb_magic[8] = "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1";
  /* "EncryptedPackage" in UTF-16LE, as the compound file's directory names it. */
  static const char encrypted[] = "E\0n\0c\0r\0y\0p\0t\0e\0d\0P\0a\0c\0k\0a\0g\0e\0";
  g_autoptr (GMappedFile) mapped = g_mapped_file_new (path, FALSE, NULL);
  const char *bytes = mapped != NULL ? g_mapped_file_get_contents (mapped) : NULL;
  gsize len = mapped != NULL ? g_mapped_file_get_length (mapped) : 0;

  if (len >= sizeof cfb_magic && memcmp (bytes, cfb_magic, sizeof cfb_magic) == 0)
    {
      if (contains_bytes (bytes, len, encrypted, sizeof encrypted - 1))
        g_set_error (error, KH_IO_ERROR, KH_IO_ERROR_PARSE,
                     _("%s: the workbook is protected with a password (encrypted): remove the "
                       "password in Excel and save it again, then import that"),
                     wb->name);
      else
        g_set_error (error, KH_IO_ERROR, KH_IO_ERROR_PARSE,
                     _("%s: an Excel 97–2003 workbook (.xls) or another older Office file: "
                       "save it as an Excel workbook (.xlsx) and import that"),
                     wb->name);
      return;
    }
  g_set_error (error, KH_IO_ERROR, KH_IO_ERROR_PARSE,
               _("%s: not an Excel workbook (not a zip archive)"), wb->name);
}

/* Opens the archive and checks every entry's name and the count. */
static gboolean
workbook_open (Workbook   *wb,
               const char *path,
               GError    **error)
{
  unz_global_info64 info;
  int rc;

  wb->name = g_filename_display_name (path);
  if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
    {
      g_set_error (error, KH_IO_ERROR, KH_IO_ERROR_FAILED,
                   g_file_test (path, G_FILE_TEST_EXISTS) ? _("%s: not a regular file")
                                                          : _("%s: no such file"),
                   wb->name);
      return FALSE;
    }
  wb->zip = unzOpen64 (path);
  if (wb->zip == NULL)
    {
      set_not_zip_error (wb, path, error);
      return FALSE;
    }
  if (unzGetGlobalInfo64 (wb->zip, &info) != UNZ_OK)
    {
      g_set_error (error, KH_IO_ERROR, KH_IO_ERROR_PARSE, _("%s: damaged zip archive"), wb->name);
      return FALSE;
    }
  if (info.number_entry > KH_XLSX_MAX_ENTRIES)
    {
      g_set_error (error, KH_IO_ERROR, KH_IO_ERROR_LIMIT,
                   _("%s: too many entries in the archive (%" PRIu64 "; the limit is %u)"),
                   wb->name, (guint64) info.number_entry, KH_XLSX_MAX_ENTRIES);
      return FALSE;
    }
  for (rc = unzGoToFirstFile (wb->zip); rc == UNZ_OK; rc = unzGoToNextFile (wb->zip))
    {
      char entry[1024];
      unz_file_info64 file_info;

      if (unzGetCurrentFileInfo64 (wb->zip, &file_info, entry, sizeof entry, NULL, 0, NULL, 0)
          != UNZ_OK)
        break;
      if (file_info.size_filename >= sizeof entry || odd_path (entry))
        {
          g_set_error (error, KH_IO_ERROR, KH_IO_ERROR_LIMIT,
                       _("%s: the archive holds an entry with an odd path “%s”"), wb->name,
                       entry);
          return FALSE;
        }
      /* Bit 0 of the general purpose flag: the entry is encrypted (a zip password). */
      if (file_info.flag & 1)
        {
          g_set_error (error, KH_IO_ERROR, KH_IO_ERROR_PARSE,
                       _("%s: the archive is protected with a password (its entry “%s” is "
                         "encrypted): save the workbook again without a password, then import "
                         "that"),
                       wb->name, entry);
          return FALSE;
        }
    }
  if (rc != UNZ_END_OF_LIST_OF_FILE)
    {
      g_set_error (error, KH_IO_ERROR, KH_IO_ERROR_PARSE, _("%s: damaged zip archive"), wb->name);
      return FALSE;
    }
  return TRUE;
}

/* Inflates one part; NULL with *missing TRUE when it does not exist. */
static GBytes *
read_part (Workbook   *wb,
           const char *part,
           gboolean   *missing,
           GError    **error)
{
  g_autoptr (GByteArray) data = g_byte_array_new ();
  guint8 buffer[65536];
  int n;

  *missing = FALSE;
  if (unzLocateFile (wb->zip, part, 1) != UNZ_OK)
    {
      *missing = TRUE;
      g_set_error (error, KH_IO_ERROR, KH_IO_ERROR_PARSE,
                   _("%s: not an Excel workbook (no part “%s”)"), wb->name, part);
      return NULL;
    }
  if (unzOpenCurrentFile (wb->zip) != UNZ_OK)
    {
      g_set_error (error, KH_IO_ERROR, KH_IO_ERROR_PARSE, _("%s: cannot read part “%s”"),
                   wb->name, part);
      return NULL;
    }
  while ((n = unzReadCurrentFile (wb->zip, buffer, sizeof buffer)) > 0)
    {
      wb->inflated += (guint) n;
      if (data->len + (guint) n > KH_XLSX_MAX_PART || wb->inflated > KH_XLSX_MAX_TOTAL)
        {
          unzCloseCurrentFile (wb->zip);
          g_set_error (error, KH_IO_ERROR, KH_IO_ERROR_LIMIT,
                       _("%s: part “%s” inflates beyond the limit of %u bytes (zip bomb?)"),
                       wb->name, part,
                       data->len + (guint) n > KH_XLSX_MAX_PART ? KH_XLSX_MAX_PART
                                                                : KH_XLSX_MAX_TOTAL);
          return NULL;
        }
      g_byte_array_append (data, buffer, (guint) n);
    }
  if (n < 0 || unzCloseCurrentFile (wb->zip) != UNZ_OK)
    {
      g_set_error (error, KH_IO_ERROR, KH_IO_ERROR_PARSE,
                   _("%s: part “%s” is damaged (zip error %d)"), wb->name, part, n);
      return NULL;
    }
  return g_byte_array_free_to_bytes (g_steal_pointer (&data));
}

static xmlDocPtr
read_xml_part (Workbook   *wb,
               const char *part,
               gboolean   *missing,
               GError    **error)
{
  g_autoptr (GBytes) bytes = read_part (wb, part, missing, error);
  g_autofree char *display = NULL;
  gsize len = 0;
  const char *data;

  if (bytes == NULL)
    return NULL;
  data = g_bytes_get_data (bytes, &len);
  display = g_strdup_printf ("%s:%s", wb->name, part);
  return kh_xml_read_safe (data != NULL ? data : "", len, display, error);
}

static gboolean
is_element (xmlNodePtr  node,
            const char *name)
{
  return node != NULL && node->type == XML_ELEMENT_NODE
         && strcmp ((const char *) node->name, name) == 0;
}

static xmlNodePtr
first_child (xmlNodePtr  parent,
             const char *name)
{
  for (xmlNodePtr n = parent != NULL ? parent->children : NULL; n != NULL; n = n->next)
    if (is_element (n, name))
      return n;
  return NULL;
}

static char *
get_attr (xmlNodePtr  node,
          const char *name,
          gboolean    namespaced)
{
  for (xmlAttrPtr a = node->properties; a != NULL; a = a->next)
    if (strcmp ((const char *) a->name, name) == 0 && (a->ns != NULL) == namespaced)
      {
        xmlChar *value = xmlNodeListGetString (node->doc, a->children, 1);
        char *copy = g_strdup (value != NULL ? (const char *) value : "");

        xmlFree (value);
        return copy;
      }
  return NULL;
}

/* Text of every <t> under @node, skipping phonetic runs (<rPh>). */
static void
collect_text (xmlNodePtr node,
              GString   *out)
{
  for (xmlNodePtr n = node->children; n != NULL; n = n->next)
    {
      if (n->type != XML_ELEMENT_NODE || is_element (n, "rPh"))
        continue;
      if (is_element (n, "t"))
        {
          xmlChar *text = xmlNodeGetContent (n);

          if (text != NULL)
            g_string_append (out, (const char *) text);
          xmlFree (text);
        }
      else
        collect_text (n, out);
    }
}

typedef struct
{
  char *name;
  char *part;
} SheetRef;

static void
sheet_ref_free (SheetRef *ref)
{
  g_free (ref->name);
  g_free (ref->part);
  g_free (ref);
}

/* The sheets named in xl/workbook.xml with their parts from the relationships. */
static GPtrArray *
list_sheets (Workbook *wb,
             GError  **error)
{
  g_autoptr (GPtrArray) sheets = g_ptr_array_new_with_free_func ((GDestroyNotify) sheet_ref_free);
  g_autoptr (GHashTable) targets = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  xmlDocPtr workbook, rels;
  xmlNodePtr sheets_element;
  gboolean missing;

  rels = read_xml_part (wb, "xl/_rels/workbook.xml.rels", &missing, error);
  if (rels == NULL)
    return NULL;
  for (xmlNodePtr n = xmlDocGetRootElement (rels) != NULL ? xmlDocGetRootElement (rels)->children
                                                          : NULL;
       n != NULL; n = n->next)
    if (is_element (n, "Relationship"))
      {
        g_autofree char *id = get_attr (n, "Id", FALSE);
        g_autofree char *target = get_attr (n, "Target", FALSE);

        if (id == NULL || target == NULL)
          continue;
        /* Targets are relative to xl/, or absolute from the package root. */
        g_hash_table_replace (targets, g_steal_pointer (&id),
                              target[0] == '/' ? g_strdup (target + 1)
                                               : g_strconcat ("xl/", target, NULL));
      }
  xmlFreeDoc (rels);

  workbook = read_xml_part (wb, "xl/workbook.xml", &missing, error);
  if (workbook == NULL)
    return NULL;
  sheets_element = first_child (xmlDocGetRootElement (workbook), "sheets");
  for (xmlNodePtr n = sheets_element != NULL ? sheets_element->children : NULL; n != NULL;
       n = n->next)
    if (is_element (n, "sheet"))
      {
        g_autofree char *rid = get_attr (n, "id", TRUE);
        const char *part = rid != NULL ? g_hash_table_lookup (targets, rid) : NULL;
        SheetRef *ref;

        if (part == NULL)
          continue;
        ref = g_new0 (SheetRef, 1);
        ref->name = get_attr (n, "name", FALSE);
        ref->part = g_strdup (part);
        g_ptr_array_add (sheets, ref);
      }
  xmlFreeDoc (workbook);
  return g_steal_pointer (&sheets);
}

static GPtrArray *
read_shared_strings (Workbook *wb,
                     GError  **error)
{
  g_autoptr (GPtrArray) strings = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GError) local_error = NULL;
  gboolean missing = FALSE;
  xmlDocPtr doc = read_xml_part (wb, "xl/sharedStrings.xml", &missing, &local_error);

  if (doc == NULL)
    {
      if (missing)
        return g_steal_pointer (&strings); /* a workbook without text */
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  for (xmlNodePtr n = xmlDocGetRootElement (doc) != NULL ? xmlDocGetRootElement (doc)->children
                                                         : NULL;
       n != NULL; n = n->next)
    if (is_element (n, "si"))
      {
        GString *text = g_string_new (NULL);

        collect_text (n, text);
        g_ptr_array_add (strings, g_string_free (text, FALSE));
      }
  xmlFreeDoc (doc);
  return g_steal_pointer (&strings);
}

/* "BC12" → column index 54 (0-based) and row 12; FALSE when malformed or out of range. */
static gboolean
parse_cell_ref (const char *ref,
                guint      *column,
                guint      *row)
{
  const char *p = ref;
  guint64 c = 0, r = 0;

  for (; g_ascii_isupper (*p); p++)
    if ((c = c * 26 + (guint64) (*p - 'A' + 1)) > MAX_COLUMNS)
      return FALSE;
  if (p == ref || !g_ascii_isdigit (*p))
    return FALSE;
  if (!g_ascii_string_to_unsigned (p, 10, 1, MAX_ROWS, &r, NULL))
    return FALSE;
  *column = (guint) c - 1;
  *row = (guint) r;
  return TRUE;
}

static char *
cell_text (xmlNodePtr  cell,
           GPtrArray  *strings,
           const char *part_name,
           GError    **error)
{
  g_autofree char *type = get_attr (cell, "t", FALSE);
  xmlNodePtr v = first_child (cell, "v");
  xmlChar *raw = v != NULL ? xmlNodeGetContent (v) : NULL;
  g_autofree char *value = g_strdup (raw != NULL ? (const char *) raw : "");

  xmlFree (raw);
  if (g_strcmp0 (type, "s") == 0)
    {
      guint64 index = 0;

      if (!g_ascii_string_to_unsigned (value, 10, 0, strings->len > 0 ? strings->len - 1 : 0,
                                       &index, NULL)
          || strings->len == 0)
        {
          g_autofree char *where = kh_xml_node_position (cell, part_name);

          g_set_error (error, KH_IO_ERROR, KH_IO_ERROR_PARSE,
                       _("%s: shared string “%s” does not exist"), where, value);
          return NULL;
        }
      return g_strdup (g_ptr_array_index (strings, index));
    }
  if (g_strcmp0 (type, "inlineStr") == 0)
    {
      GString *text = g_string_new (NULL);
      xmlNodePtr is = first_child (cell, "is");

      if (is != NULL)
        collect_text (is, text);
      return g_string_free (text, FALSE);
    }
  if (g_strcmp0 (type, "b") == 0)
    return g_strdup (g_strcmp0 (value, "1") == 0 ? "TRUE" : "FALSE");
  return g_steal_pointer (&value); /* n, str (formula text), e (#N/A…) */
}

static KhCsvTable *
read_sheet (Workbook   *wb,
            const char *part,
            GPtrArray  *strings,
            GError    **error)
{
  g_autoptr (KhCsvTable) table = kh_csv_table_new ("XLSX");
  g_autofree char *part_name = g_strdup_printf ("%s:%s", wb->name, part);
  gboolean missing = FALSE;
  xmlDocPtr doc = read_xml_part (wb, part, &missing, error);
  xmlNodePtr data;
  guint next_row = 1;

  if (doc == NULL)
    return NULL;
  data = first_child (xmlDocGetRootElement (doc), "sheetData");
  for (xmlNodePtr row = data != NULL ? data->children : NULL; row != NULL; row = row->next)
    {
      g_autofree char *r_attr = NULL;
      g_autoptr (GPtrArray) cells = NULL;
      guint64 row_number = next_row;
      guint next_column = 0;
      gboolean any = FALSE;

      if (!is_element (row, "row"))
        continue;
      r_attr = get_attr (row, "r", FALSE);
      if (r_attr != NULL
          && !g_ascii_string_to_unsigned (r_attr, 10, next_row, MAX_ROWS, &row_number, NULL))
        {
          g_autofree char *where = kh_xml_node_position (row, part_name);

          g_set_error (error, KH_IO_ERROR, KH_IO_ERROR_PARSE, _("%s: bad row number “%s”"), where,
                       r_attr);
          xmlFreeDoc (doc);
          return NULL;
        }
      next_row = (guint) row_number + 1;
      cells = g_ptr_array_new_with_free_func (g_free);
      for (xmlNodePtr c = row->children; c != NULL; c = c->next)
        {
          g_autofree char *ref = NULL;
          char *text;
          guint column = next_column, ref_row = 0;

          if (!is_element (c, "c"))
            continue;
          ref = get_attr (c, "r", FALSE);
          if (ref != NULL && (!parse_cell_ref (ref, &column, &ref_row) || ref_row != row_number
                              || column < next_column))
            {
              g_autofree char *where = kh_xml_node_position (c, part_name);

              g_set_error (error, KH_IO_ERROR, KH_IO_ERROR_PARSE, _("%s: bad cell reference “%s”"),
                           where, ref);
              xmlFreeDoc (doc);
              return NULL;
            }
          if (column >= MAX_COLUMNS)
            {
              g_autofree char *where = kh_xml_node_position (c, part_name);

              g_set_error (error, KH_IO_ERROR, KH_IO_ERROR_LIMIT, _("%s: too many columns"), where);
              xmlFreeDoc (doc);
              return NULL;
            }
          text = cell_text (c, strings, part_name, error);
          if (text == NULL)
            {
              xmlFreeDoc (doc);
              return NULL;
            }
          while (cells->len < column)
            g_ptr_array_add (cells, g_strdup (""));
          g_ptr_array_add (cells, text);
          any = any || text[0] != '\0';
          next_column = column + 1;
        }
      if (any)
        kh_csv_table_add_row (table, g_steal_pointer (&cells), (guint) row_number);
    }
  xmlFreeDoc (doc);
  return g_steal_pointer (&table);
}

static char *
join_sheet_names (GPtrArray *sheets)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < sheets->len; i++)
    g_string_append_printf (out, "%s“%s”", i > 0 ? ", " : "",
                            ((SheetRef *) sheets->pdata[i])->name);
  return g_string_free (out, FALSE);
}

KhCsvTable *
kh_xlsx_read_file (const char *path,
                   const char *sheet,
                   GError    **error)
{
  Workbook wb = { 0 };
  g_autoptr (GPtrArray) sheets = NULL;
  g_autoptr (GPtrArray) strings = NULL;
  const SheetRef *chosen = NULL;
  KhCsvTable *table = NULL;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!workbook_open (&wb, path, error) || (sheets = list_sheets (&wb, error)) == NULL)
    goto out;
  for (guint i = 0; i < sheets->len && chosen == NULL; i++)
    if (sheet == NULL || g_strcmp0 (((SheetRef *) sheets->pdata[i])->name, sheet) == 0)
      chosen = sheets->pdata[i];
  if (chosen == NULL)
    {
      g_autofree char *names = join_sheet_names (sheets);

      if (sheet != NULL)
        g_set_error (error, KH_IO_ERROR, KH_IO_ERROR_INVALID,
                     _("%s: no sheet named “%s” (the sheets are %s)"), wb.name, sheet, names);
      else
        g_set_error (error, KH_IO_ERROR, KH_IO_ERROR_INVALID, _("%s: the workbook has no sheet"),
                     wb.name);
      goto out;
    }
  strings = read_shared_strings (&wb, error);
  if (strings != NULL)
    table = read_sheet (&wb, chosen->part, strings, error);

out:
  workbook_close (&wb);
  return table;
}

char **
kh_xlsx_sheet_names (const char *path,
                     GError    **error)
{
  Workbook wb = { 0 };
  g_autoptr (GPtrArray) sheets = NULL;
  GPtrArray *names = NULL;

  g_return_val_if_fail (path != NULL, NULL);

  if (workbook_open (&wb, path, error) && (sheets = list_sheets (&wb, error)) != NULL)
    {
      names = g_ptr_array_new ();
      for (guint i = 0; i < sheets->len; i++)
        g_ptr_array_add (names, g_strdup (((SheetRef *) sheets->pdata[i])->name));
      g_ptr_array_add (names, NULL);
    }
  workbook_close (&wb);
  return names != NULL ? (char **) g_ptr_array_free (names, FALSE) : NULL;
}
