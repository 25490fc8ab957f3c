/* kh-xlsx.c — reading a worksheet of an Excel workbook (.xlsx)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <inttypes.h>
#include <string.h>
#include <unistd.h>
#include <unzip.h>

#include "kh-io-error.h"
#include "kh-io-limits.h"
#include "kh-io-work.h"
#include "kh-xlsx.h"
#include "kh-xml-safe.h"

#define MAX_COLUMNS 16384u   /* XFD */
#define MAX_ROWS    1048576u

typedef struct
{
  unzFile zip;
  char *name; /* display name of the workbook file */
  guint64 inflated;
  guint64 size;
  KhIoBudget *budget;
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

/* Opens the archive and checks every entry's name and the count. Part names of an
 * Office package compare without regard to ASCII case: two entries whose names differ
 * only so (or not at all) are refused, since readers disagree on which one counts. */
static gboolean
workbook_open (Workbook   *wb,
               const char *path,
               GError    **error)
{
  g_autoptr (GHashTable) names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  unz_global_info64 info;
  int rc, fd;

  wb->name = g_filename_display_name (path);
  /* A FIFO or a device is refused on the descriptor itself, before minizip opens it. */
  fd = kh_io_open_regular (path, G_MAXUINT64, &wb->size, error);
  if (fd < 0)
    return FALSE;
  close (fd);
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
      KH_IO_WORK_ADD (probes, 1);
      if (!g_hash_table_add (names, g_ascii_strdown (entry, -1)))
        {
          g_set_error (error, KH_IO_ERROR, KH_IO_ERROR_LIMIT,
                       _("%s: the archive holds two entries named “%s” (readers disagree on "
                         "which one counts)"),
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

/* Inflates one XML part piece by piece into a streaming parser; FALSE with *missing TRUE
 * when the part does not exist. Memory stays constant whatever the part's size. */
static gboolean
stream_part (Workbook      *wb,
             const char    *part,
             KhXmlStartFunc start,
             KhXmlEndFunc   end,
             KhXmlTextFunc  text,
             gpointer       user_data,
             KhXmlPush    **out_push,
             gboolean      *missing,
             GError       **error)
{
  g_autofree char *display = g_strdup_printf ("%s:%s", wb->name, part);
  g_autoptr (KhXmlPush) push = NULL;
  g_autofree guint8 *buffer = g_malloc (65536);
  guint64 length = 0;
  /* Parts are streamed (constant memory), so a large workbook may hold a part larger than
   * KH_XLSX_MAX_PART: up to 16 × the workbook's size (a real sheet compresses about 5:1;
   * a zip bomb 1000:1), never more than KH_XLSX_MAX_TOTAL. */
  guint part_limit = (guint) CLAMP (wb->size * 16, KH_XLSX_MAX_PART, KH_XLSX_MAX_TOTAL);
  int n;

  *missing = FALSE;
  if (unzLocateFile (wb->zip, part, 1) != UNZ_OK)
    {
      *missing = TRUE;
      g_set_error (error, KH_IO_ERROR, KH_IO_ERROR_PARSE,
                   _("%s: not an Excel workbook (no part “%s”)"), wb->name, part);
      return FALSE;
    }
  if (unzOpenCurrentFile (wb->zip) != UNZ_OK)
    {
      g_set_error (error, KH_IO_ERROR, KH_IO_ERROR_PARSE, _("%s: cannot read part “%s”"),
                   wb->name, part);
      return FALSE;
    }
  push = kh_xml_push_new (display, start, end, text, user_data);
  if (out_push != NULL)
    *out_push = push;
  while ((n = unzReadCurrentFile (wb->zip, buffer, 65536)) > 0)
    {
      wb->inflated += (guint) n;
      length += (guint) n;
      if (length > part_limit || wb->inflated > KH_XLSX_MAX_TOTAL)
        {
          unzCloseCurrentFile (wb->zip);
          g_set_error (error, KH_IO_ERROR, KH_IO_ERROR_LIMIT,
                       _("%s: part “%s” inflates beyond the limit of %u bytes (zip bomb?)"),
                       wb->name, part,
                       length > part_limit ? part_limit : KH_XLSX_MAX_TOTAL);
          return FALSE;
        }
      if (!kh_xml_push_feed (push, (const char *) buffer, (gsize) n, error))
        {
          unzCloseCurrentFile (wb->zip);
          return FALSE;
        }
    }
  if (n < 0 || unzCloseCurrentFile (wb->zip) != UNZ_OK)
    {
      g_set_error (error, KH_IO_ERROR, KH_IO_ERROR_PARSE,
                   _("%s: part “%s” is damaged (zip error %d)"), wb->name, part, n);
      return FALSE;
    }
  if (length == 0)
    {
      g_set_error (error, KH_IO_ERROR, KH_IO_ERROR_PARSE, "%s:1:1: %s", display,
                   _("the file is empty"));
      return FALSE;
    }
  return kh_xml_push_finish (push, error);
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

typedef struct
{
  Workbook *wb;
  GHashTable *targets; /* relationship id → part */
  GPtrArray *sheets;
  KhXmlPush *push;
  guint depth;
} SheetList;

static void
rels_start_cb (gpointer        user_data,
               const char     *localname,
               int             n_attributes,
               const xmlChar **attributes,
               guint           line,
               guint           column)
{
  SheetList *list = user_data;
  g_autofree char *id = NULL;
  g_autofree char *target = NULL;
  GError *error = NULL;

  if (strcmp (localname, "Relationship") != 0)
    return;
  id = kh_xml_attribute (n_attributes, attributes, "Id", FALSE);
  target = kh_xml_attribute (n_attributes, attributes, "Target", FALSE);
  if (id == NULL || target == NULL)
    return;
  if (!kh_io_budget_charge (list->wb->budget, strlen (id) + strlen (target) + 96, &error))
    {
      kh_xml_push_fail (list->push, error);
      return;
    }
  /* Targets are relative to xl/, or absolute from the package root. */
  g_hash_table_replace (list->targets, g_steal_pointer (&id),
                        target[0] == '/' ? g_strdup (target + 1)
                                         : g_strconcat ("xl/", target, NULL));
}

static void
workbook_start_cb (gpointer        user_data,
                   const char     *localname,
                   int             n_attributes,
                   const xmlChar **attributes,
                   guint           line,
                   guint           column)
{
  SheetList *list = user_data;
  g_autofree char *rid = NULL;
  const char *part;
  SheetRef *ref;
  GError *error = NULL;

  list->depth++;
  /* workbook > sheets > sheet */
  if (list->depth != 3 || strcmp (localname, "sheet") != 0)
    return;
  rid = kh_xml_attribute (n_attributes, attributes, "id", TRUE);
  part = rid != NULL ? g_hash_table_lookup (list->targets, rid) : NULL;
  if (part == NULL)
    return;
  ref = g_new0 (SheetRef, 1);
  ref->name = kh_xml_attribute (n_attributes, attributes, "name", FALSE);
  ref->part = g_strdup (part);
  g_ptr_array_add (list->sheets, ref);
  if (!kh_io_budget_charge (list->wb->budget,
                            strlen (ref->part) + (ref->name != NULL ? strlen (ref->name) : 0) + 96,
                            &error))
    kh_xml_push_fail (list->push, error);
}

static void
workbook_end_cb (gpointer    user_data,
                 const char *localname)
{
  ((SheetList *) user_data)->depth--;
}

/* The sheets named in xl/workbook.xml with their parts from the relationships. */
static GPtrArray *
list_sheets (Workbook *wb,
             GError  **error)
{
  g_autoptr (GPtrArray) sheets = g_ptr_array_new_with_free_func ((GDestroyNotify) sheet_ref_free);
  g_autoptr (GHashTable) targets = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  SheetList list = { wb, targets, sheets, NULL, 0 };
  gboolean missing;

  if (!stream_part (wb, "xl/_rels/workbook.xml.rels", rels_start_cb, NULL, NULL, &list,
                    &list.push, &missing, error))
    return NULL;
  if (!stream_part (wb, "xl/workbook.xml", workbook_start_cb, workbook_end_cb, NULL, &list,
                    &list.push, &missing, error))
    return NULL;
  return g_steal_pointer (&sheets);
}

/* Excel's limit on the text of a cell. */
#define MAX_CELL_CHARS 32767u

/* Shared strings, compactly: their texts one after the other, and where each starts. */
typedef struct
{
  Workbook *wb;
  KhXmlPush *push;
  GString *text;     /* offset 0: the empty string */
  GArray *offsets;   /* of guint32 */
  GString *current;
  guint depth;       /* of the element being read */
  guint si_depth;    /* depth of the open <si>, 0 outside */
  guint phonetic;    /* open <rPh> elements */
  gboolean in_t;
} Strings;

/* Appends text of a cell or a shared string, up to four bytes per character Excel
 * allows. */
static gboolean
append_text (GString    *out,
             const char *text,
             int         len,
             KhXmlPush  *push,
             const char *name)
{
  if (out->len + (gsize) len > MAX_CELL_CHARS * 4)
    {
      kh_xml_push_fail (push, g_error_new (KH_IO_ERROR, KH_IO_ERROR_LIMIT,
                                           _("%s: a cell holds more text than Excel allows "
                                             "(%u characters)"),
                                           name, MAX_CELL_CHARS));
      return FALSE;
    }
  g_string_append_len (out, text, len);
  return TRUE;
}

static void
strings_start_cb (gpointer        user_data,
                  const char     *localname,
                  int             n_attributes,
                  const xmlChar **attributes,
                  guint           line,
                  guint           column)
{
  Strings *st = user_data;

  st->depth++;
  if (st->depth == 2 && strcmp (localname, "si") == 0)
    {
      st->si_depth = st->depth;
      g_string_truncate (st->current, 0);
    }
  else if (st->si_depth > 0 && strcmp (localname, "rPh") == 0)
    st->phonetic++;
  else if (st->si_depth > 0 && st->phonetic == 0 && strcmp (localname, "t") == 0)
    st->in_t = TRUE;
}

static void
strings_end_cb (gpointer    user_data,
                const char *localname)
{
  Strings *st = user_data;

  if (st->si_depth > 0 && st->depth == st->si_depth)
    {
      guint32 offset = 0;
      GError *error = NULL;

      if (!kh_io_budget_charge (st->wb->budget, sizeof offset + st->current->len + 1, &error))
        {
          kh_xml_push_fail (st->push, error);
          return;
        }
      if (st->current->len > 0)
        {
          offset = (guint32) st->text->len;
          g_string_append_len (st->text, st->current->str, (gssize) st->current->len + 1);
        }
      g_array_append_val (st->offsets, offset);
      KH_IO_WORK_ADD (strings, 1);
      st->si_depth = 0;
    }
  else if (st->si_depth > 0 && strcmp (localname, "rPh") == 0)
    st->phonetic--;
  else if (strcmp (localname, "t") == 0)
    st->in_t = FALSE;
  st->depth--;
}

static void
strings_text_cb (gpointer    user_data,
                 const char *text,
                 int         len)
{
  Strings *st = user_data;

  if (st->in_t && st->phonetic == 0)
    append_text (st->current, text, len, st->push, st->wb->name);
}

static void
strings_clear (Strings *st)
{
  g_string_free (st->text, TRUE);
  g_string_free (st->current, TRUE);
  g_array_unref (st->offsets);
}

static gboolean
read_shared_strings (Workbook *wb,
                     Strings  *st,
                     GError  **error)
{
  g_autoptr (GError) local_error = NULL;
  gboolean missing = FALSE;

  st->wb = wb;
  st->text = g_string_new_len ("", 1);
  st->offsets = g_array_new (FALSE, FALSE, sizeof (guint32));
  st->current = g_string_new (NULL);
  if (stream_part (wb, "xl/sharedStrings.xml", strings_start_cb, strings_end_cb,
                   strings_text_cb, st, &st->push, &missing, &local_error))
    return TRUE;
  if (missing)
    return TRUE; /* a workbook without text */
  g_propagate_error (error, g_steal_pointer (&local_error));
  return FALSE;
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

typedef struct
{
  Workbook *wb;
  KhXmlPush *push;
  const char *part;
  Strings *strings;
  KhCsvTable *table;
  guint depth;
  gboolean in_data;       /* inside <sheetData> */
  gboolean in_row;
  guint row_number, next_row, next_column;
  /* the open cell */
  gboolean in_cell;
  guint column, cell_line, cell_column;
  char *type;
  GString *value;         /* <v> */
  GString *inline_text;   /* <is> … <t> */
  gboolean in_v, in_is, in_t;
  guint phonetic;
} Sheet;

static void G_GNUC_PRINTF (5, 6)
sheet_fail (Sheet      *sh,
            KhIoError   code,
            guint       line,
            guint       column,
            const char *format,
            ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  kh_xml_push_fail (sh->push, g_error_new (KH_IO_ERROR, code, "%s:%s:%u:%u: %s", sh->wb->name,
                                           sh->part, line, column, message));
}

static void
sheet_start_cb (gpointer        user_data,
                const char     *localname,
                int             n_attributes,
                const xmlChar **attributes,
                guint           line,
                guint           column)
{
  Sheet *sh = user_data;

  sh->depth++;
  if (sh->depth == 2 && strcmp (localname, "sheetData") == 0)
    sh->in_data = TRUE;
  else if (sh->in_data && sh->depth == 3 && strcmp (localname, "row") == 0)
    {
      g_autofree char *r = kh_xml_attribute (n_attributes, attributes, "r", FALSE);
      guint64 number = sh->next_row;

      if (r != NULL && !g_ascii_string_to_unsigned (r, 10, sh->next_row, MAX_ROWS, &number, NULL))
        {
          sheet_fail (sh, KH_IO_ERROR_PARSE, line, column, _("bad row number “%s”"), r);
          return;
        }
      sh->row_number = (guint) number;
      sh->next_row = (guint) number + 1;
      sh->next_column = 0;
      sh->in_row = TRUE;
      kh_csv_table_begin_row (sh->table, sh->row_number);
    }
  else if (sh->in_row && sh->depth == 4 && strcmp (localname, "c") == 0)
    {
      g_autofree char *ref = kh_xml_attribute (n_attributes, attributes, "r", FALSE);
      guint col = sh->next_column, ref_row = 0;

      if (ref != NULL && (!parse_cell_ref (ref, &col, &ref_row) || ref_row != sh->row_number
                          || col < sh->next_column))
        {
          sheet_fail (sh, KH_IO_ERROR_PARSE, line, column, _("bad cell reference “%s”"), ref);
          return;
        }
      if (col >= MAX_COLUMNS)
        {
          sheet_fail (sh, KH_IO_ERROR_LIMIT, line, column, _("too many columns"));
          return;
        }
      sh->in_cell = TRUE;
      sh->column = col;
      sh->cell_line = line;
      sh->cell_column = column;
      g_free (sh->type);
      sh->type = kh_xml_attribute (n_attributes, attributes, "t", FALSE);
      g_string_truncate (sh->value, 0);
      g_string_truncate (sh->inline_text, 0);
    }
  else if (sh->in_cell && sh->depth == 5 && strcmp (localname, "v") == 0)
    sh->in_v = TRUE;
  else if (sh->in_cell && sh->depth == 5 && strcmp (localname, "is") == 0)
    sh->in_is = TRUE;
  else if (sh->in_is && strcmp (localname, "rPh") == 0)
    sh->phonetic++;
  else if (sh->in_is && sh->phonetic == 0 && strcmp (localname, "t") == 0)
    sh->in_t = TRUE;
}

static void
end_cell (Sheet *sh)
{
  g_autoptr (GError) error = NULL;
  const char *text = sh->value->str;

  if (g_strcmp0 (sh->type, "s") == 0)
    {
      guint64 index = 0;
      guint n = sh->strings->offsets->len;

      if (n == 0 || !g_ascii_string_to_unsigned (sh->value->str, 10, 0, n - 1, &index, NULL))
        {
          sheet_fail (sh, KH_IO_ERROR_PARSE, sh->cell_line, sh->cell_column,
                      _("shared string “%s” does not exist"), sh->value->str);
          return;
        }
      text = sh->strings->text->str + g_array_index (sh->strings->offsets, guint32, index);
    }
  else if (g_strcmp0 (sh->type, "inlineStr") == 0)
    text = sh->inline_text->str;
  else if (g_strcmp0 (sh->type, "b") == 0)
    text = strcmp (sh->value->str, "1") == 0 ? "TRUE" : "FALSE";
  /* n, str (formula text), e (#N/A…): the value as written */
  if (!kh_csv_table_add_cell (sh->table, sh->column, text, -1, &error))
    {
      kh_xml_push_fail (sh->push, g_steal_pointer (&error));
      return;
    }
  sh->next_column = sh->column + 1;
}

static void
sheet_end_cb (gpointer    user_data,
              const char *localname)
{
  Sheet *sh = user_data;

  if (sh->in_cell && sh->depth == 4)
    {
      end_cell (sh);
      sh->in_cell = sh->in_v = sh->in_is = sh->in_t = FALSE;
      sh->phonetic = 0;
    }
  else if (sh->in_row && sh->depth == 3)
    {
      kh_csv_table_end_row (sh->table);
      sh->in_row = FALSE;
    }
  else if (sh->in_data && sh->depth == 2)
    sh->in_data = FALSE;
  else if (sh->in_v && sh->depth == 5)
    sh->in_v = FALSE;
  else if (sh->in_is && sh->depth == 5)
    sh->in_is = FALSE;
  else if (sh->in_is && strcmp (localname, "rPh") == 0)
    sh->phonetic--;
  else if (sh->in_t && strcmp (localname, "t") == 0)
    sh->in_t = FALSE;
  sh->depth--;
}

static void
sheet_text_cb (gpointer    user_data,
               const char *text,
               int         len)
{
  Sheet *sh = user_data;

  if (sh->in_v)
    append_text (sh->value, text, len, sh->push, sh->wb->name);
  else if (sh->in_t && sh->phonetic == 0)
    append_text (sh->inline_text, text, len, sh->push, sh->wb->name);
}

static gboolean
read_sheet (Workbook   *wb,
            const char *part,
            Strings    *strings,
            KhCsvTable *table,
            GError    **error)
{
  Sheet sh = { 0 };
  gboolean missing = FALSE;
  gboolean ok;

  sh.wb = wb;
  sh.part = part;
  sh.strings = strings;
  sh.table = table;
  sh.next_row = 1;
  sh.value = g_string_new (NULL);
  sh.inline_text = g_string_new (NULL);
  ok = stream_part (wb, part, sheet_start_cb, sheet_end_cb, sheet_text_cb, &sh, &sh.push,
                    &missing, error);
  if (sh.in_row)
    kh_csv_table_end_row (table);
  g_string_free (sh.value, TRUE);
  g_string_free (sh.inline_text, TRUE);
  g_free (sh.type);
  return ok;
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
  g_autoptr (KhCsvTable) table = NULL;
  Strings strings = { 0 };
  const SheetRef *chosen = NULL;
  KhCsvTable *result = NULL;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!workbook_open (&wb, path, error))
    goto out;
  /* Everything kept — sheet list, shared strings, cells — counts against the file's size. */
  table = kh_csv_table_new ("XLSX", wb.size, wb.name);
  wb.budget = &table->budget;
  if ((sheets = list_sheets (&wb, error)) == NULL)
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
  if (read_shared_strings (&wb, &strings, error)
      && read_sheet (&wb, chosen->part, &strings, table, error))
    result = g_steal_pointer (&table);
  strings_clear (&strings);

out:
  workbook_close (&wb);
  return result;
}

char **
kh_xlsx_sheet_names (const char *path,
                     GError    **error)
{
  Workbook wb = { 0 };
  KhIoBudget budget;
  g_autoptr (GPtrArray) sheets = NULL;
  GPtrArray *names = NULL;

  g_return_val_if_fail (path != NULL, NULL);

  if (workbook_open (&wb, path, error))
    {
      kh_io_budget_init (&budget, wb.size, wb.name);
      wb.budget = &budget;
      sheets = list_sheets (&wb, error);
    }
  if (sheets != NULL)
    {
      names = g_ptr_array_new ();
      for (guint i = 0; i < sheets->len; i++)
        g_ptr_array_add (names, g_strdup (((SheetRef *) sheets->pdata[i])->name));
      g_ptr_array_add (names, NULL);
    }
  workbook_close (&wb);
  return names != NULL ? (char **) g_ptr_array_free (names, FALSE) : NULL;
}
