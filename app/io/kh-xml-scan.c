/* kh-xml-scan.c — the pre-scan before libxml2 parses: attributes per element and
 * markup declarations, counted in one linear pass (kh-xml-scan.h)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "kh-io-work.h"
#include "kh-xml-scan.h"
#include "kh-xml-safe.h"

void
kh_xml_scan_init (KhXmlScan *scan,
                  gboolean   queue)
{
  memset (scan, 0, sizeof *scan);
  scan->line = 1;
  scan->column = 1;
  if (queue)
    scan->starts = g_array_new (FALSE, FALSE, sizeof (guint) * 2);
}

void
kh_xml_scan_clear (KhXmlScan *scan)
{
  g_clear_pointer (&scan->starts, g_array_unref);
}

static gboolean
kh_xml_scan_refuse (KhXmlScan  *scan,
                    const char *name,
                    KhIoError   code,
                    const char *message,
                    GError    **error)
{
  g_set_error (error, KH_IO_ERROR, code, "%s:%u:%u: %s", name, scan->tag_line,
               scan->tag_column, message);
  return FALSE;
}

gboolean
kh_xml_scan_feed (KhXmlScan  *scan,
                  const char *data,
                  gsize       len,
                  const char *name,
                  GError    **error)
{
  static const char cdata[] = "[CDATA[";

  for (gsize i = 0; i < len; i++)
    {
      guchar c = (guchar) data[i];

      /* The byte order mark is not a column. */
      if (!scan->started)
        {
          if (scan->bom < 3 && c == (guchar) "\xEF\xBB\xBF"[scan->bom])
            {
              scan->bom++;
              if (scan->bom == 3)
                scan->started = TRUE;
              continue;
            }
          scan->started = TRUE;
        }

      switch (scan->state)
        {
        case SCAN_TEXT:
          if (c == '<')
            {
              scan->state = SCAN_LT;
              scan->tag_line = scan->line;
              scan->tag_column = scan->column;
            }
          break;
        case SCAN_LT:
          if (c == '!')
            scan->state = SCAN_BANG;
          else if (c == '?')
            scan->state = SCAN_PI, scan->sub = 0;
          else if (c == '/')
            scan->state = SCAN_END_TAG;
          else
            {
              scan->state = SCAN_TAG;
              scan->attributes = 0;
              if (scan->starts != NULL)
                {
                  guint pos[2] = { scan->tag_line, scan->tag_column };

                  g_array_append_vals (scan->starts, pos, 1);
                }
            }
          break;
        case SCAN_BANG:
          if (c == '-')
            scan->state = SCAN_BANG_DASH;
          else if (c == '[')
            scan->state = SCAN_CDATA_OPEN, scan->sub = 1;
          else
            return kh_xml_scan_refuse (scan, name, KH_IO_ERROR_PARSE,
                                _("a DOCTYPE declaration is not allowed (no DTD, no entities)"),
                                error);
          break;
        case SCAN_BANG_DASH:
          /* "<!-" not followed by '-' is malformed: the parser will say so. */
          scan->state = c == '-' ? SCAN_COMMENT : SCAN_TEXT;
          scan->sub = 0;
          break;
        case SCAN_COMMENT:
          if (c == '-')
            scan->sub++;
          else if (c == '>' && scan->sub >= 2)
            scan->state = SCAN_TEXT;
          else
            scan->sub = 0;
          break;
        case SCAN_CDATA_OPEN:
          if (c == (guchar) cdata[scan->sub])
            {
              if (++scan->sub == sizeof cdata - 1)
                scan->state = SCAN_CDATA, scan->sub = 0;
            }
          else
            return kh_xml_scan_refuse (scan, name, KH_IO_ERROR_PARSE,
                                _("a DOCTYPE declaration is not allowed (no DTD, no entities)"),
                                error);
          break;
        case SCAN_CDATA:
          if (c == ']')
            scan->sub++;
          else if (c == '>' && scan->sub >= 2)
            scan->state = SCAN_TEXT;
          else
            scan->sub = 0;
          break;
        case SCAN_PI:
          if (c == '>' && scan->sub == 1)
            scan->state = SCAN_TEXT;
          scan->sub = c == '?';
          break;
        case SCAN_TAG:
          if (c == '"')
            scan->state = SCAN_TAG_DQ;
          else if (c == '\'')
            scan->state = SCAN_TAG_SQ;
          else if (c == '>')
            scan->state = SCAN_TEXT;
          else if (c == '=' && ++scan->attributes > KH_XML_MAX_ATTRIBUTES)
            {
              KH_IO_WORK_ADD (attributes, 1);
              g_autofree char *message =
                g_strdup_printf (_("an element has more than %d attributes"),
                                 KH_XML_MAX_ATTRIBUTES);

              return kh_xml_scan_refuse (scan, name, KH_IO_ERROR_LIMIT, message, error);
            }
          else if (c == '=')
            {
              /* libxml2 compares each attribute with the element's earlier ones. */
              KH_IO_WORK_ADD (attributes, 1);
              KH_IO_WORK_ADD (compares, scan->attributes - 1);
            }
          break;
        case SCAN_TAG_DQ:
          if (c == '"')
            scan->state = SCAN_TAG;
          break;
        case SCAN_TAG_SQ:
          if (c == '\'')
            scan->state = SCAN_TAG;
          break;
        case SCAN_END_TAG:
          if (c == '>')
            scan->state = SCAN_TEXT;
          break;
        default:
          g_assert_not_reached ();
        }

      if (c == '\n')
        scan->line++, scan->column = 1;
      else if ((c & 0xC0) != 0x80)
        scan->column++;
    }
  return TRUE;
}

/* The position of the next start tag the parser reports, in document order. */
gboolean
kh_xml_scan_next_start (KhXmlScan *scan,
                        guint     *line,
                        guint     *column)
{
  const guint *pos;

  if (scan->starts == NULL || scan->starts_head >= scan->starts->len)
    return FALSE;
  pos = (const guint *) (scan->starts->data + (gsize) scan->starts_head * sizeof (guint) * 2);
  *line = pos[0];
  *column = pos[1];
  if (++scan->starts_head > 4096 && scan->starts_head * 2 > scan->starts->len)
    {
      g_array_remove_range (scan->starts, 0, scan->starts_head);
      scan->starts_head = 0;
    }
  return TRUE;
}

