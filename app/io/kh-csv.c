/* kh-csv.c — RFC 4180 CSV reading with encoding detection
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>
#include <unistd.h>

#include "kh-csv.h"
#include "kh-io-error.h"
#include "kh-io-work.h"

KhCsvTable *
kh_csv_table_new (const char *encoding,
                  guint64     file_size,
                  const char *display_name)
{
  KhCsvTable *table = g_new0 (KhCsvTable, 1);

  table->encoding = g_strdup (encoding);
  table->text = g_string_new_len ("", 1); /* offset 0: the empty string */
  table->cells = g_array_new (FALSE, FALSE, sizeof (KhCsvCell));
  table->rows = g_array_new (FALSE, FALSE, sizeof (KhCsvRow));
  table->name = g_strdup (display_name != NULL ? display_name : "<data>");
  kh_io_budget_init (&table->budget, file_size, table->name);
  return table;
}

void
kh_csv_table_begin_row (KhCsvTable *table,
                        guint       line)
{
  KhCsvRow row = { table->cells->len, line };

  g_return_if_fail (!table->row_open);

  KH_IO_WORK_ADD (rows, 1);
  g_array_append_val (table->rows, row);
  table->row_open = TRUE;
}

gboolean
kh_csv_table_add_cell (KhCsvTable *table,
                       guint       column,
                       const char *text,
                       gssize      len,
                       GError    **error)
{
  KhCsvCell cell;

  g_return_val_if_fail (table->row_open, FALSE);

  KH_IO_WORK_ADD (cells, 1);
  if (len < 0)
    len = (gssize) strlen (text);
  if (len == 0)
    return TRUE;
  if (table->text->len + (gsize) len + 1 > G_MAXUINT32)
    {
      g_set_error (error, KH_IO_ERROR, KH_IO_ERROR_LIMIT, _("%s: the table holds more than 4 GiB of text"),
                   table->name);
      return FALSE;
    }
  if (!kh_io_budget_charge (&table->budget, (guint64) len + 1 + sizeof (KhCsvCell), error))
    return FALSE;
  cell.column = column;
  cell.offset = (guint32) table->text->len;
  g_string_append_len (table->text, text, len);
  g_string_append_c (table->text, '\0');
  g_array_append_val (table->cells, cell);
  return TRUE;
}

void
kh_csv_table_end_row (KhCsvTable *table)
{
  g_return_if_fail (table->row_open);

  table->row_open = FALSE;
  /* A row without a non-empty cell is not kept. */
  if (g_array_index (table->rows, KhCsvRow, table->rows->len - 1).first == table->cells->len)
    g_array_set_size (table->rows, table->rows->len - 1);
  else
    kh_io_budget_charge (&table->budget, sizeof (KhCsvRow), NULL);
}

void
kh_csv_table_truncate (KhCsvTable *table,
                       guint       n_rows)
{
  KhCsvRow *first;
  guint64 cells, text;

  g_return_if_fail (table != NULL && !table->row_open);

  if (n_rows >= table->rows->len)
    return;
  first = &g_array_index (table->rows, KhCsvRow, n_rows);
  /* Cells and their texts are appended in order: what follows the first cell dropped. */
  cells = table->cells->len - first->first;
  text = first->first < table->cells->len
           ? table->text->len - g_array_index (table->cells, KhCsvCell, first->first).offset
           : 0;
  table->budget.used -= MIN (table->budget.used,
                             text + cells * sizeof (KhCsvCell)
                               + (table->rows->len - n_rows) * sizeof (KhCsvRow));
  g_string_truncate (table->text, table->text->len - (gsize) text);
  g_array_set_size (table->cells, first->first);
  g_array_set_size (table->rows, n_rows);
}

void
kh_csv_table_free (KhCsvTable *table)
{
  if (table == NULL)
    return;
  g_string_free (table->text, TRUE);
  g_array_unref (table->cells);
  g_array_unref (table->rows);
  g_free (table->encoding);
  g_free (table->name);
  g_free (table);
}

guint
kh_csv_table_n_rows (const KhCsvTable *table)
{
  g_return_val_if_fail (table != NULL, 0);

  return table->rows->len - (table->row_open ? 1 : 0);
}

const KhCsvCell *
kh_csv_table_row_cells (const KhCsvTable *table,
                        guint             row,
                        guint            *n_cells)
{
  guint first, end;

  g_return_val_if_fail (table != NULL && row < table->rows->len, NULL);

  first = g_array_index (table->rows, KhCsvRow, row).first;
  end = row + 1 < table->rows->len ? g_array_index (table->rows, KhCsvRow, row + 1).first
                                   : table->cells->len;
  if (n_cells != NULL)
    *n_cells = end - first;
  return &g_array_index (table->cells, KhCsvCell, first);
}

guint
kh_csv_table_width (const KhCsvTable *table,
                    guint             row)
{
  guint n = 0;
  const KhCsvCell *cells = kh_csv_table_row_cells (table, row, &n);

  return n > 0 ? cells[n - 1].column + 1 : 0;
}

const char *
kh_csv_table_cell (const KhCsvTable *table,
                   guint             row,
                   guint             column)
{
  guint n = 0, lo = 0, hi;
  const KhCsvCell *cells = kh_csv_table_row_cells (table, row, &n);

  /* Dense rows (most of a CSV file) are indexed directly. */
  if (column < n && cells[column].column == column)
    return table->text->str + cells[column].offset;
  hi = MIN (n, column + 1); /* cell i has a column >= i */
  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      KH_IO_WORK_ADD (probes, 1);
      if (cells[mid].column < column)
        lo = mid + 1;
      else
        hi = mid;
    }
  if (lo < n && cells[lo].column == column)
    return table->text->str + cells[lo].offset;
  return "";
}

guint
kh_csv_table_line (const KhCsvTable *table,
                   guint             row)
{
  g_return_val_if_fail (table != NULL && row < table->rows->len, 0);

  return g_array_index (table->rows, KhCsvRow, row).line;
}

/* Maps a user-given encoding name to one of the labels, or NULL when unsupported. */
static const char *
normalize_encoding (const char *name)
{
  static const struct
  {
    const char *alias;
    const char *label;
  } aliases[] = {
    { "UTF-8", "UTF-8" },       { "UTF8", "UTF-8" },          { "UTF-8-BOM", "UTF-8-BOM" },
    { "UTF-16LE", "UTF-16LE" }, { "UTF-16BE", "UTF-16BE" },   { "UTF-16", "UTF-16" },
    { "GB18030", "GB18030" },   { "GBK", "GB18030" },         { "GB2312", "GB18030" },
    { "CP936", "GB18030" },     { "UTF-16-BOM", "UTF-16" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (aliases); i++)
    if (g_ascii_strcasecmp (name, aliases[i].alias) == 0)
      return aliases[i].label;
  return NULL;
}

/* Converts @len bytes at @data from @charset; on an invalid sequence sets @error naming its
 * byte offset (@base is added: the offset of @data in the file). */
static char *
convert_to_utf8 (const char  *data,
                 gsize        len,
                 const char  *charset,
                 const char  *label,
                 gsize        base,
                 const char  *display_name,
                 gsize       *out_len,
                 GError     **error)
{
  g_autoptr (GError) local_error = NULL;
  gsize bytes_read = 0;
  char *out;

  out = g_convert (data, len, "UTF-8", charset, &bytes_read, out_len, &local_error);
  /* With bytes_read given, g_convert() accepts an incomplete sequence at the end. */
  if (out != NULL && bytes_read == len)
    return out;
  g_free (out);

  if (local_error == NULL
      || g_error_matches (local_error, G_CONVERT_ERROR, G_CONVERT_ERROR_ILLEGAL_SEQUENCE)
      || g_error_matches (local_error, G_CONVERT_ERROR, G_CONVERT_ERROR_PARTIAL_INPUT))
    g_set_error (error, KH_IO_ERROR, KH_IO_ERROR_PARSE,
                 _("%s: invalid %s byte sequence at byte offset %zu"), display_name,
                 label, base + bytes_read);
  else
    g_set_error (error, KH_IO_ERROR, KH_IO_ERROR_FAILED, _("%s: cannot convert from %s: %s"),
                 display_name, label, local_error->message);
  return NULL;
}

static gboolean
has_prefix (const char *data,
            gsize       len,
            const char *prefix,
            gsize       prefix_len)
{
  return len >= prefix_len && memcmp (data, prefix, prefix_len) == 0;
}

char *
kh_csv_decode (const char  *data,
               gsize        len,
               const char  *encoding,
               const char  *display_name,
               const char **detected,
               gsize       *out_len,
               GError     **error)
{
  const char *label = NULL;
  const char *end = NULL;
  gsize skip = 0;
  gsize n = 0;
  char *out = NULL;

  g_return_val_if_fail (data != NULL || len == 0, NULL);
  g_return_val_if_fail (display_name != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (data == NULL)
    data = "";

  if (encoding != NULL)
    {
      label = normalize_encoding (encoding);
      if (label == NULL)
        {
          g_set_error (error, KH_IO_ERROR, KH_IO_ERROR_INVALID,
                       _("%s: unsupported encoding “%s” (use UTF-8, UTF-16LE, UTF-16BE or GB18030)"),
                       display_name, encoding);
          return NULL;
        }
    }

  /* A byte order mark wins over detection and confirms a given encoding. */
  if (has_prefix (data, len, "\xEF\xBB\xBF", 3)
      && (label == NULL || g_str_has_prefix (label, "UTF-8")))
    label = "UTF-8-BOM", skip = 3;
  else if (has_prefix (data, len, "\xFF\xFE", 2)
           && (label == NULL || g_str_has_prefix (label, "UTF-16")))
    label = "UTF-16LE", skip = 2;
  else if (has_prefix (data, len, "\xFE\xFF", 2)
           && (label == NULL || g_str_has_prefix (label, "UTF-16")))
    label = "UTF-16BE", skip = 2;
  else if (g_strcmp0 (label, "UTF-16") == 0)
    {
      g_set_error (error, KH_IO_ERROR, KH_IO_ERROR_PARSE,
                   _("%s: UTF-16 without a byte order mark: give UTF-16LE or UTF-16BE"),
                   display_name);
      return NULL;
    }
  else if (g_strcmp0 (label, "UTF-8-BOM") == 0)
    label = "UTF-8";

  if (label == NULL || g_str_has_prefix (label, "UTF-8"))
    {
      gboolean valid = g_utf8_validate_len (data + skip, len - skip, &end);

      if (valid)
        {
          if (label == NULL)
            label = "UTF-8";
          n = len - skip;
          out = g_strndup (data + skip, n);
        }
      else if (label != NULL)
        {
          g_set_error (error, KH_IO_ERROR, KH_IO_ERROR_PARSE,
                       _("%s: invalid UTF-8 byte sequence at byte offset %zu"),
                       display_name, (gsize) (end - data));
          return NULL;
        }
      else
        {
          gsize bytes_read = 0;

          /* Not UTF-8: Chinese Excel saves GBK, which GB18030 contains. */
          out = g_convert (data, len, "UTF-8", "GB18030", &bytes_read, &n, NULL);
          if (out == NULL || bytes_read != len)
            {
              g_free (out);
              g_set_error (error, KH_IO_ERROR, KH_IO_ERROR_PARSE,
                           _("%s: neither UTF-8 (invalid sequence at byte offset %zu) nor "
                             "GB18030 (invalid sequence at byte offset %zu); give the encoding"),
                           display_name, (gsize) (end - data), bytes_read);
              return NULL;
            }
          label = "GB18030";
        }
    }
  else
    {
      out = convert_to_utf8 (data + skip, len - skip, label, label, skip, display_name, &n, error);
      if (out == NULL)
        return NULL;
    }

  if (memchr (out, '\0', n) != NULL)
    {
      g_set_error (error, KH_IO_ERROR, KH_IO_ERROR_PARSE,
                   _("%s: the text contains a NUL character (UTF-16 without a byte order mark?)"),
                   display_name);
      g_free (out);
      return NULL;
    }

  if (detected != NULL)
    *detected = label;
  if (out_len != NULL)
    *out_len = n;
  return out;
}

/* @data itself (after a UTF-8 byte order mark) when it is valid UTF-8 without NUL and
 * @encoding allows UTF-8; NULL when it must be decoded. */
static const char *
utf8_in_place (const char  *data,
               gsize        len,
               const char  *encoding,
               const char **label,
               gsize       *text_len)
{
  const char *given = encoding != NULL ? normalize_encoding (encoding) : NULL;
  gboolean bom = has_prefix (data, len, "\xEF\xBB\xBF", 3);

  if (encoding != NULL && (given == NULL || !g_str_has_prefix (given, "UTF-8")))
    return NULL;
  if (!g_utf8_validate_len (data + (bom ? 3 : 0), len - (bom ? 3 : 0), NULL))
    return NULL;
  *label = bom ? "UTF-8-BOM" : "UTF-8";
  *text_len = len - (bom ? 3 : 0);
  return data + (bom ? 3 : 0);
}

typedef struct
{
  const char *name;
  KhCsvTable *table;
  GString *field;
  guint column_index;           /* of the field being read in the current row */
  gboolean in_row;
  guint line, column;           /* position of the character being read */
  guint quote_line, quote_col;  /* where the open quoted field started */
  char delimiter;               /* ',' or '\t' */
  KhCsvRowFunc row_func;        /* called after each row kept, or NULL */
  gpointer row_data;
} CsvParser;

/* Excel's "Unicode text" is TAB-separated: a first line with a TAB and no comma. */
static char
sniff_delimiter (const char *text,
                 gsize       len)
{
  gboolean tab = FALSE;

  for (gsize i = 0; i < len && text[i] != '\n' && text[i] != '\r'; i++)
    {
      if (text[i] == ',')
        return ',';
      if (text[i] == '\t')
        tab = TRUE;
    }
  return tab ? '\t' : ',';
}

gboolean
kh_csv_starts_formula (const char *text)
{
  static const char *const full_width[] = { "＝", "＋", "－", "＠" };

  g_return_val_if_fail (text != NULL, FALSE);

  if (text[0] != '\0' && strchr ("=+-@\t\r\n", text[0]) != NULL)
    return TRUE;
  for (guint i = 0; i < G_N_ELEMENTS (full_width); i++)
    if (g_str_has_prefix (text, full_width[i]))
      return TRUE;
  return FALSE;
}

gboolean
kh_csv_is_guarded (const char *text)
{
  g_return_val_if_fail (text != NULL, FALSE);

  for (; text[0] == '\''; text++)
    if (kh_csv_starts_formula (text + 1))
      return TRUE;
  return FALSE;
}

static gboolean
end_field (CsvParser *p,
           GError   **error)
{
  /* A guarded formula ('=1+2 written out as text) is read without its apostrophe. */
  gsize skip = kh_csv_is_guarded (p->field->str) ? 1 : 0;
  gboolean ok;

  if (!p->in_row)
    kh_csv_table_begin_row (p->table, p->line), p->in_row = TRUE;
  ok = kh_csv_table_add_cell (p->table, p->column_index++, p->field->str + skip,
                              (gssize) (p->field->len - skip), error);
  g_string_truncate (p->field, 0);
  return ok;
}

/* A row with no non-empty field (a blank line, a line of commas) is dropped by the table. */
static gboolean
end_row (CsvParser *p,
         GError   **error)
{
  guint n_rows;

  if (!end_field (p, error))
    return FALSE;
  n_rows = p->table->rows->len;
  kh_csv_table_end_row (p->table);
  p->in_row = FALSE;
  p->column_index = 0;
  if (p->row_func != NULL && p->table->rows->len == n_rows)
    return p->row_func (p->table, p->row_data, error);
  return TRUE;
}

typedef enum
{
  STATE_FIELD_START,
  STATE_UNQUOTED,
  STATE_QUOTED,
  STATE_QUOTE_IN_QUOTED, /* seen '"' inside a quoted field: end or escaped quote */
} CsvState;

static gboolean
parse_text (CsvParser  *p,
            const char *text,
            gsize       len,
            GError    **error)
{
  CsvState state = STATE_FIELD_START;
  const char *s = text;
  const char *end = text + len;
  gboolean ok = TRUE;

  p->line = 1, p->column = 1;

  while (s < end)
    {
      const char *next = g_utf8_next_char (s);
      char c = *s;
      gboolean newline = (c == '\n' || c == '\r');

      /* The row starts on the line of its first character. */
      if (!p->in_row)
        kh_csv_table_begin_row (p->table, p->line), p->in_row = TRUE;

      switch (state)
        {
        case STATE_FIELD_START:
        case STATE_UNQUOTED:
          if (c == p->delimiter)
            ok = end_field (p, error), state = STATE_FIELD_START;
          else if (newline)
            ok = end_row (p, error), state = STATE_FIELD_START;
          else if (c == '"' && state == STATE_FIELD_START)
            {
              state = STATE_QUOTED;
              p->quote_line = p->line, p->quote_col = p->column;
            }
          else if (c == '"')
            {
              g_set_error (error, KH_IO_ERROR, KH_IO_ERROR_PARSE,
                           _("%s:%u:%u: quote inside an unquoted field (quote the whole field "
                             "and double the quote)"),
                           p->name, p->line, p->column);
              return FALSE;
            }
          else
            {
              g_string_append_len (p->field, s, next - s);
              state = STATE_UNQUOTED;
            }
          break;

        case STATE_QUOTED:
          if (c == '"')
            state = STATE_QUOTE_IN_QUOTED;
          else if (newline)
            g_string_append_c (p->field, '\n'); /* line breaks in fields become LF */
          else
            g_string_append_len (p->field, s, next - s);
          break;

        case STATE_QUOTE_IN_QUOTED:
          if (c == '"')
            g_string_append_c (p->field, '"'), state = STATE_QUOTED;
          else if (c == p->delimiter)
            ok = end_field (p, error), state = STATE_FIELD_START;
          else if (newline)
            ok = end_row (p, error), state = STATE_FIELD_START;
          else
            {
              g_set_error (error, KH_IO_ERROR, KH_IO_ERROR_PARSE,
                           _("%s:%u:%u: unexpected text after the closing quote of a field"),
                           p->name, p->line, p->column);
              return FALSE;
            }
          break;

        default:
          g_assert_not_reached ();
        }
      if (!ok)
        return FALSE;

      /* Advance the position; CRLF is one line break. */
      if (c == '\r' && next < end && *next == '\n')
        next++;
      if (newline)
        p->line++, p->column = 1;
      else
        p->column++;
      s = next;
    }

  if (state == STATE_QUOTED)
    {
      g_set_error (error, KH_IO_ERROR, KH_IO_ERROR_PARSE,
                   _("%s:%u:%u: quoted field is not closed before the end of the file"), p->name,
                   p->quote_line, p->quote_col);
      return FALSE;
    }
  if (p->in_row)
    return end_row (p, error);
  return TRUE;
}

static KhCsvTable *
parse_rows (const char  *data,
            gsize        len,
            const char  *encoding,
            const char  *display_name,
            KhCsvRowFunc row_func,
            gpointer     row_data,
            GError     **error)
{
  g_autoptr (KhCsvTable) table = NULL;
  g_autoptr (GString) field = NULL;
  g_autofree char *text = NULL;
  const char *source;
  const char *label = NULL;
  CsvParser parser = { 0 };
  gsize text_len = 0;
  gboolean ok;

  g_return_val_if_fail (data != NULL || len == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (display_name == NULL)
    display_name = "<data>";

  if (len > KH_CSV_MAX_BYTES)
    {
      g_set_error (error, KH_IO_ERROR, KH_IO_ERROR_LIMIT,
                   _("%s: file too large (%zu bytes; the limit is %u)"),
                   display_name, len, KH_CSV_MAX_BYTES);
      return NULL;
    }

  /* Valid UTF-8 (the norm) is read where it lies, without a copy. */
  source = utf8_in_place (data, len, encoding, &label, &text_len);
  if (source == NULL)
    {
      text = kh_csv_decode (data, len, encoding, display_name, &label, &text_len, error);
      if (text == NULL)
        return NULL;
      source = text;
    }

  table = kh_csv_table_new (label, len, display_name);
  field = g_string_new (NULL);
  parser.name = display_name;
  parser.table = table;
  parser.field = field;
  parser.delimiter = sniff_delimiter (source, text_len);
  parser.row_func = row_func;
  parser.row_data = row_data;
  ok = parse_text (&parser, source, text_len, error);
  if (!ok)
    return NULL;
  return g_steal_pointer (&table);
}

KhCsvTable *
kh_csv_parse (const char  *data,
              gsize        len,
              const char  *encoding,
              const char  *display_name,
              GError     **error)
{
  return parse_rows (data, len, encoding, display_name, NULL, NULL, error);
}

KhCsvTable *
kh_csv_read_file_rows (const char  *path,
                       const char  *encoding,
                       KhCsvRowFunc row_func,
                       gpointer     row_data,
                       GError     **error)
{
  g_autoptr (GMappedFile) mapped = NULL;
  g_autoptr (GError) local_error = NULL;
  g_autofree char *display_name = NULL;
  guint64 size = 0;
  int fd;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  display_name = g_filename_display_name (path);
  /* Checked on the descriptor that is read: a FIFO or a device is refused. */
  fd = kh_io_open_regular (path, KH_CSV_MAX_BYTES, &size, error);
  if (fd < 0)
    return NULL;
  if (size == 0)
    {
      close (fd);
      return parse_rows ("", 0, encoding, display_name, row_func, row_data, error);
    }
  mapped = g_mapped_file_new_from_fd (fd, FALSE, &local_error);
  close (fd);
  if (mapped == NULL)
    {
      g_set_error (error, KH_IO_ERROR, KH_IO_ERROR_FAILED, "%s", local_error->message);
      return NULL;
    }
  return parse_rows (g_mapped_file_get_contents (mapped), g_mapped_file_get_length (mapped),
                     encoding, display_name, row_func, row_data, error);
}

KhCsvTable *
kh_csv_read_file (const char  *path,
                  const char  *encoding,
                  GError     **error)
{
  return kh_csv_read_file_rows (path, encoding, NULL, NULL, error);
}
