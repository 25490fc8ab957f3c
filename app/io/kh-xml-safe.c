/* kh-xml-safe.c — the one hardened libxml2 entry point
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The parser runs with a SAX2 handler whose internalSubset callback stops it at the
 * first DOCTYPE (before the internal subset, so no entity is ever declared), and
 * whose startElementNs callback enforces the depth limit and records where each start
 * tag begins. Options: no entity substitution, no DTD loading, no network, no
 * XInclude; a global external entity loader refuses every request as a second line
 * of defence (the schema compiler goes through it as well).
 */
#include "config.h"

#include <glib/gi18n.h>
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/SAX2.h>
#include <string.h>

#include "kh-io-error.h"
#include "kh-io-work.h"
#include "kh-xml-safe.h"
#include "kh-xml-scan.h"

typedef struct
{
  const char *data;
  gsize len;
  const char *name;
  GString *messages;   /* one "NAME:LINE:COLUMN: message" per line */
  guint n_messages;
  KhIoError code;      /* PARSE unless a limit was hit */
  gboolean stopped;    /* we stopped the parser ourselves */
  /* Input in another encoding (UTF-16, Latin-1, …), converted to UTF-8 once the parser
   * has chosen its decoder; @data and @len then point into it. */
  char *decoded;
  gboolean decode_failed;
  /* Position cursor over @data (as UTF-8), advanced in document order. */
  gsize pos;
  guint line;
  guint column;
  startElementNsSAX2Func start_element;
} SafeParse;

#define MAX_MESSAGES 20

static xmlParserInputPtr
refuse_entity_loader (const char       *url,
                      const char       *id,
                      xmlParserCtxtPtr  ctxt)
{
  /* Nothing outside the given bytes is ever read. */
  return NULL;
}

/* Encoding and I/O errors raised outside the parser context would go to stderr; the
 * parser reports the consequence itself ("Document is empty", …). */
static void
silent_generic_error (void       *user_data,
                      const char *format,
                      ...)
{
}

static void
ensure_initialized (void)
{
  static gsize initialized = 0;

  if (g_once_init_enter (&initialized))
    {
      xmlInitParser ();
      xmlSetExternalEntityLoader (refuse_entity_loader);
      g_once_init_leave (&initialized, 1);
    }
}

static void
add_message (SafeParse  *sp,
             guint       line,
             guint       column,
             const char *message)
{
  g_autofree char *text = g_strstrip (g_strdup (message));

  /* One problem per line: libxml2 sometimes appends a second line ("Bytes: …"). */
  g_strdelimit (text, "\r\n", ' ');
  if (sp->n_messages++ >= MAX_MESSAGES)
    return;
  if (sp->messages->len > 0)
    g_string_append_c (sp->messages, '\n');
  if (column > 0)
    g_string_append_printf (sp->messages, "%s:%u:%u: %s", sp->name, line, column, text);
  else
    g_string_append_printf (sp->messages, "%s:%u: %s", sp->name, line, text);
}

/* Advances the cursor to byte @target of the data, counting lines and characters. */
static void
advance_cursor (SafeParse *sp,
                gsize      target)
{
  for (; sp->pos < target; sp->pos++)
    {
      guchar c = (guchar) sp->data[sp->pos];

      if (c == '\n')
        {
          sp->line++;
          sp->column = 1;
        }
      else if ((c & 0xC0) != 0x80)
        sp->column++;
    }
}

/* Input in another encoding is decoded by the parser; the same conversion, done once
 * here, gives the cursor UTF-8 text to walk. The encoding is chosen in the prolog,
 * before any element, so the cursor has not moved yet. */
static gboolean
use_decoded_text (SafeParse  *sp,
                  const char *encoding)
{
  gsize written = 0;

  if (sp->decoded != NULL)
    return TRUE;
  if (sp->decode_failed || sp->pos > 3 || sp->line != 1 || sp->column != 1)
    return FALSE;
  sp->decoded = g_convert (sp->data, (gssize) sp->len, "UTF-8", encoding, NULL, &written, NULL);
  if (sp->decoded == NULL)
    {
      sp->decode_failed = TRUE;
      return FALSE;
    }
  sp->data = sp->decoded;
  sp->len = written;
  /* A byte order mark is not a column. */
  sp->pos = written >= 3 && memcmp (sp->decoded, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
  return TRUE;
}

/* The byte offset in sp->data of @line and @column (characters from 1), walking on from
 * the cursor; FALSE when that is before the cursor or past the end. */
static gboolean
offset_of_position (SafeParse *sp,
                    guint      line,
                    guint      column,
                    gsize     *offset)
{
  gsize pos = sp->pos;
  guint l = sp->line, c = sp->column;

  if (line < l || (line == l && column < c))
    return FALSE;
  while (pos < sp->len && (l < line || (l == line && c < column)))
    {
      guchar byte = (guchar) sp->data[pos++];

      if (byte == '\n')
        {
          l++;
          c = 1;
        }
      else if ((byte & 0xC0) != 0x80)
        c++;
      /* Stay on the first byte of a character. */
      while (pos < sp->len && ((guchar) sp->data[pos] & 0xC0) == 0x80)
        pos++;
    }
  *offset = pos;
  return pos < sp->len;
}

/* Moves the cursor back from the parser's position to the nearest @open ('<' of the
 * current markup); returns FALSE when that position is not known. */
static gboolean
locate_markup_start (xmlParserCtxtPtr  ctxt,
                     SafeParse        *sp)
{
  xmlParserInputPtr input = ctxt->input;
  gsize offset, lt;

  if (input == NULL || input->buf == NULL)
    return FALSE;
  if (input->buf->encoder == NULL)
    {
      /* With no decoder the parser's buffer holds the input bytes as given, so the
       * absolute offset of its cursor is an offset into sp->data. */
      offset = (gsize) input->consumed + (gsize) (input->cur - input->base);
    }
  else if (input->buf->encoder->name == NULL
           || !use_decoded_text (sp, input->buf->encoder->name)
           || input->line < 1 || input->col < 1
           || !offset_of_position (sp, (guint) input->line, (guint) input->col, &offset))
    return FALSE;
  /* Markup ends at the cursor and attribute values cannot contain a raw '<'. */
  if (offset >= sp->len || offset < sp->pos)
    return FALSE;
  for (lt = offset; lt > sp->pos && sp->data[lt] != '<'; lt--)
    ;
  if (sp->data[lt] != '<')
    return FALSE;
  advance_cursor (sp, lt);
  return TRUE;
}

static void
stop_parser (xmlParserCtxtPtr  ctxt,
             SafeParse        *sp,
             KhIoError         code,
             const char       *message)
{
  guint line = ctxt->input != NULL ? (guint) ctxt->input->line : 0;
  guint column = ctxt->input != NULL ? (guint) ctxt->input->col : 0;

  if (locate_markup_start (ctxt, sp))
    {
      line = sp->line;
      column = sp->column;
    }

  sp->code = code;
  sp->stopped = TRUE;
  add_message (sp, line, column, message);
  xmlStopParser (ctxt);
}

static void
structured_error_cb (void        *user_data,
                     xmlErrorPtr  err)
{
  xmlParserCtxtPtr ctxt = user_data;
  SafeParse *sp = ctxt->_private;

  if (err == NULL || err->level < XML_ERR_ERROR || sp->stopped)
    return;
  /* Parsing stopped by xmlStopParser reports nothing more of interest. */
  add_message (sp, (guint) MAX (err->line, 0), (guint) MAX (err->int2, 0),
               err->message != NULL ? err->message : _("malformed XML"));
}

static void
internal_subset_cb (void          *user_data,
                    const xmlChar *name,
                    const xmlChar *external_id,
                    const xmlChar *system_id)
{
  xmlParserCtxtPtr ctxt = user_data;
  SafeParse *sp = ctxt->_private;

  stop_parser (ctxt, sp, KH_IO_ERROR_PARSE,
               _("a DOCTYPE declaration is not allowed (no DTD, no entities)"));
}

static void
entity_decl_cb (void          *user_data,
                const xmlChar *name,
                int            type,
                const xmlChar *public_id,
                const xmlChar *system_id,
                xmlChar       *content)
{
  xmlParserCtxtPtr ctxt = user_data;
  SafeParse *sp = ctxt->_private;

  stop_parser (ctxt, sp, KH_IO_ERROR_PARSE, _("entity declarations are not allowed"));
}

/* An element's line and column, kept in its psvi field (xmlNode.line stops at 65,535):
 * 32 bits each where pointers have 64, else 20 bits of line and 12 of column. */
#define POSITION_SHIFT (GLIB_SIZEOF_VOID_P >= 8 ? 32 : 12)

static gpointer
pack_position (guint line,
               guint column)
{
  guintptr max_column = ((guintptr) 1 << POSITION_SHIFT) - 1;
  guintptr max_line = ~(guintptr) 0 >> POSITION_SHIFT;

  return (gpointer) ((MIN ((guintptr) line, max_line) << POSITION_SHIFT)
                     | MIN ((guintptr) column, max_column));
}

static void
start_element_cb (void           *user_data,
                  const xmlChar  *localname,
                  const xmlChar  *prefix,
                  const xmlChar  *uri,
                  int             nb_namespaces,
                  const xmlChar **namespaces,
                  int             nb_attributes,
                  int             nb_defaulted,
                  const xmlChar **attributes)
{
  xmlParserCtxtPtr ctxt = user_data;
  SafeParse *sp = ctxt->_private;

  if (ctxt->nameNr >= KH_XML_MAX_DEPTH)
    {
      g_autofree char *message =
        g_strdup_printf (_("elements are nested deeper than %d levels"), KH_XML_MAX_DEPTH);

      stop_parser (ctxt, sp, KH_IO_ERROR_LIMIT, message);
      return;
    }

  sp->start_element (user_data, localname, prefix, uri, nb_namespaces, namespaces,
                     nb_attributes, nb_defaulted, attributes);

  if (ctxt->node == NULL || ctxt->node->type != XML_ELEMENT_NODE)
    return;
  if (locate_markup_start (ctxt, sp))
    ctxt->node->psvi = pack_position (sp->line, sp->column);
  else if (ctxt->input != NULL && ctxt->input->line > 0)
    ctxt->node->psvi = pack_position ((guint) ctxt->input->line, 0);
}

xmlDocPtr
kh_xml_read_safe (const char *data,
                  gsize       len,
                  const char *display_name,
                  GError    **error)
{
  SafeParse sp = { 0 };
  xmlParserCtxtPtr ctxt;
  xmlDocPtr doc;
  int options = XML_PARSE_NONET | XML_PARSE_NOCDATA | XML_PARSE_NOWARNING;

  g_return_val_if_fail (data != NULL || len == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (display_name == NULL)
    display_name = "(input)";

  if (len == 0)
    {
      g_set_error (error, KH_IO_ERROR, KH_IO_ERROR_PARSE, "%s:1:1: %s", display_name,
                   _("the file is empty"));
      return NULL;
    }
  if (len > KH_XML_MAX_SIZE || len > G_MAXINT)
    {
      g_set_error (error, KH_IO_ERROR, KH_IO_ERROR_LIMIT, "%s: %s", display_name,
                   _("the document is larger than 64 MiB"));
      return NULL;
    }

  {
    KhXmlScan scan;
    gboolean ok;

    kh_xml_scan_init (&scan, FALSE);
    ok = kh_xml_scan_feed (&scan, data, len, display_name, error);
    kh_xml_scan_clear (&scan);
    if (!ok)
      return NULL;
  }

  ensure_initialized ();

  sp.data = data;
  sp.len = len;
  sp.name = display_name;
  sp.messages = g_string_new (NULL);
  sp.code = KH_IO_ERROR_PARSE;
  sp.line = 1;
  sp.column = 1;
  if (len >= 3 && memcmp (data, "\xEF\xBB\xBF", 3) == 0)
    sp.pos = 3; /* the byte order mark is not a column */

  ctxt = xmlNewParserCtxt ();
  if (ctxt == NULL)
    {
      g_string_free (sp.messages, TRUE);
      g_set_error (error, KH_IO_ERROR, KH_IO_ERROR_FAILED, "%s: %s", display_name,
                   _("out of memory"));
      return NULL;
    }
  ctxt->_private = &sp;
  sp.start_element = ctxt->sax->startElementNs;
  ctxt->sax->startElementNs = start_element_cb;
  ctxt->sax->internalSubset = internal_subset_cb;
  ctxt->sax->externalSubset = NULL;
  ctxt->sax->entityDecl = entity_decl_cb;
  ctxt->sax->resolveEntity = NULL;
  ctxt->sax->getEntity = xmlSAX2GetEntity;
  ctxt->sax->serror = structured_error_cb;
  ctxt->vctxt.error = NULL;
  ctxt->vctxt.warning = NULL;

  {
    xmlGenericErrorFunc saved_func = xmlGenericError;
    void *saved_context = xmlGenericErrorContext;

    /* Both are per-thread in libxml2: set for this parse only. */
    xmlSetGenericErrorFunc (NULL, silent_generic_error);
    doc = xmlCtxtReadMemory (ctxt, data, (int) len, display_name, NULL, options);
    xmlSetGenericErrorFunc (saved_context, saved_func);
  }

  if (doc != NULL && (sp.messages->len > 0 || !ctxt->wellFormed || doc->intSubset != NULL
                      || xmlDocGetRootElement (doc) == NULL))
    g_clear_pointer (&doc, xmlFreeDoc);

  if (doc == NULL)
    {
      if (sp.messages->len == 0)
        add_message (&sp, 1, 1, _("malformed XML"));
      g_set_error_literal (error, KH_IO_ERROR, sp.code, sp.messages->str);
    }

  xmlFreeParserCtxt (ctxt);
  g_string_free (sp.messages, TRUE);
  g_free (sp.decoded);
  return doc;
}

guint
kh_xml_node_line (xmlNodePtr node)
{
  g_return_val_if_fail (node != NULL, 0);

  if (node->type == XML_ELEMENT_NODE && node->psvi != NULL)
    return (guint) ((guintptr) node->psvi >> POSITION_SHIFT);
  return (guint) MAX (xmlGetLineNo (node), 0);
}

guint
kh_xml_node_column (xmlNodePtr node)
{
  g_return_val_if_fail (node != NULL, 0);

  if (node->type != XML_ELEMENT_NODE)
    return 0;
  return (guint) ((guintptr) node->psvi & (((guintptr) 1 << POSITION_SHIFT) - 1));
}

char *
kh_xml_node_position (xmlNodePtr  node,
                      const char *display_name)
{
  guint column;

  g_return_val_if_fail (node != NULL, NULL);

  column = kh_xml_node_column (node);
  if (column > 0)
    return g_strdup_printf ("%s:%u:%u", display_name, kh_xml_node_line (node), column);
  return g_strdup_printf ("%s:%u", display_name, kh_xml_node_line (node));
}

/* ------------------------------------------------------------------------------------
 * Streaming
 */

struct _KhXmlPush
{
  char *name;
  xmlParserCtxtPtr ctxt;
  KhXmlScan scan;
  KhXmlStartFunc start;
  KhXmlEndFunc end;
  KhXmlTextFunc text;
  gpointer user_data;
  GError *error;    /* the first problem: ours, a callback's or the parser's */
  guint depth;
};

static void
push_stop (KhXmlPush *push,
           GError    *error)
{
  if (push->error == NULL)
    push->error = error;
  else
    g_error_free (error);
  xmlStopParser (push->ctxt);
}

static void
push_start_cb (void           *ctx,
               const xmlChar  *localname,
               const xmlChar  *prefix,
               const xmlChar  *uri,
               int             nb_namespaces,
               const xmlChar **namespaces,
               int             nb_attributes,
               int             nb_defaulted,
               const xmlChar **attributes)
{
  KhXmlPush *push = ((xmlParserCtxtPtr) ctx)->_private;
  guint line = 0, column = 0;

  if (push->error != NULL)
    return;
  if (!kh_xml_scan_next_start (&push->scan, &line, &column))
    line = (guint) xmlSAX2GetLineNumber (ctx), column = 0;
  if (++push->depth > KH_XML_MAX_DEPTH)
    {
      push_stop (push, g_error_new (KH_IO_ERROR, KH_IO_ERROR_LIMIT, "%s:%u:%u: %s", push->name,
                                    line, column, _("elements are nested too deeply")));
      return;
    }
  if (push->start != NULL)
    push->start (push->user_data, (const char *) localname, nb_attributes, attributes, line,
                 column);
}

static void
push_end_cb (void          *ctx,
             const xmlChar *localname,
             const xmlChar *prefix,
             const xmlChar *uri)
{
  KhXmlPush *push = ((xmlParserCtxtPtr) ctx)->_private;

  if (push->error != NULL)
    return;
  push->depth--;
  if (push->end != NULL)
    push->end (push->user_data, (const char *) localname);
}

static void
push_text_cb (void          *ctx,
              const xmlChar *text,
              int            len)
{
  KhXmlPush *push = ((xmlParserCtxtPtr) ctx)->_private;

  if (push->error == NULL && push->text != NULL)
    push->text (push->user_data, (const char *) text, len);
}

static void
push_subset_cb (void          *ctx,
                const xmlChar *name,
                const xmlChar *external_id,
                const xmlChar *system_id)
{
  KhXmlPush *push = ((xmlParserCtxtPtr) ctx)->_private;

  /* The pre-scan refuses a DOCTYPE first; this is the second line of defence. */
  push_stop (push, g_error_new (KH_IO_ERROR, KH_IO_ERROR_PARSE, "%s: %s", push->name,
                                _("a DOCTYPE declaration is not allowed (no DTD, no entities)")));
}

static void
push_error_cb (void        *ctx,
               xmlErrorPtr err)
{
  KhXmlPush *push = ((xmlParserCtxtPtr) ctx)->_private;
  g_autofree char *text = NULL;

  if (err == NULL || err->level < XML_ERR_ERROR || push->error != NULL)
    return;
  text = g_strstrip (g_strdup (err->message != NULL ? err->message : _("malformed XML")));
  g_strdelimit (text, "\r\n", ' ');
  push->error = g_error_new (KH_IO_ERROR, KH_IO_ERROR_PARSE, "%s:%d:%d: %s", push->name,
                             MAX (err->line, 0), MAX (err->int2, 0), text);
}

KhXmlPush *
kh_xml_push_new (const char     *display_name,
                 KhXmlStartFunc  start,
                 KhXmlEndFunc    end,
                 KhXmlTextFunc   text,
                 gpointer        user_data)
{
  KhXmlPush *push = g_new0 (KhXmlPush, 1);
  xmlSAXHandler sax;

  ensure_initialized ();
  push->name = g_strdup (display_name != NULL ? display_name : "(input)");
  push->start = start;
  push->end = end;
  push->text = text;
  push->user_data = user_data;
  kh_xml_scan_init (&push->scan, TRUE);

  memset (&sax, 0, sizeof sax);
  sax.initialized = XML_SAX2_MAGIC;
  sax.startElementNs = push_start_cb;
  sax.endElementNs = push_end_cb;
  sax.characters = push_text_cb;
  sax.cdataBlock = push_text_cb;
  sax.internalSubset = push_subset_cb;
  sax.serror = push_error_cb;
  push->ctxt = xmlCreatePushParserCtxt (&sax, NULL, NULL, 0, push->name);
  g_assert (push->ctxt != NULL);
  push->ctxt->_private = push;
  xmlCtxtUseOptions (push->ctxt, XML_PARSE_NONET | XML_PARSE_NOCDATA | XML_PARSE_NOWARNING);
  return push;
}

static gboolean
push_chunk (KhXmlPush  *push,
            const char *data,
            gsize       len,
            gboolean    terminate,
            GError    **error)
{
  xmlGenericErrorFunc saved_func = xmlGenericError;
  void *saved_context = xmlGenericErrorContext;

  if (push->error == NULL)
    {
      xmlSetGenericErrorFunc (NULL, silent_generic_error);
      xmlParseChunk (push->ctxt, data, (int) len, terminate);
      xmlSetGenericErrorFunc (saved_context, saved_func);
    }
  if (push->error == NULL && terminate && !push->ctxt->wellFormed)
    push->error = g_error_new (KH_IO_ERROR, KH_IO_ERROR_PARSE, "%s: %s", push->name,
                               _("malformed XML"));
  if (push->error != NULL)
    {
      g_propagate_error (error, g_error_copy (push->error));
      return FALSE;
    }
  return TRUE;
}

gboolean
kh_xml_push_feed (KhXmlPush  *push,
                  const char *data,
                  gsize       len,
                  GError    **error)
{
  GError *scan_error = NULL;

  g_return_val_if_fail (push != NULL, FALSE);

  if (push->error == NULL && !kh_xml_scan_feed (&push->scan, data, len, push->name, &scan_error))
    push->error = scan_error;
  /* libxml2 takes an int length: feed large buffers in pieces. */
  while (len > 0 && push->error == NULL)
    {
      gsize n = MIN (len, (gsize) 1 << 20);

      if (!push_chunk (push, data, n, FALSE, NULL))
        break;
      data += n, len -= n;
    }
  if (push->error != NULL)
    {
      g_propagate_error (error, g_error_copy (push->error));
      return FALSE;
    }
  return TRUE;
}

gboolean
kh_xml_push_finish (KhXmlPush *push,
                    GError   **error)
{
  g_return_val_if_fail (push != NULL, FALSE);

  return push_chunk (push, NULL, 0, TRUE, error);
}

void
kh_xml_push_fail (KhXmlPush *push,
                  GError    *error)
{
  g_return_if_fail (push != NULL && error != NULL);

  push_stop (push, error);
}

void
kh_xml_push_free (KhXmlPush *push)
{
  if (push == NULL)
    return;
  if (push->ctxt->myDoc != NULL)
    xmlFreeDoc (push->ctxt->myDoc);
  xmlFreeParserCtxt (push->ctxt);
  kh_xml_scan_clear (&push->scan);
  g_clear_error (&push->error);
  g_free (push->name);
  g_free (push);
}

char *
kh_xml_attribute (int             n_attributes,
                  const xmlChar **attributes,
                  const char     *name,
                  gboolean        namespaced)
{
  for (int i = 0; i < n_attributes; i++)
    {
      const xmlChar **a = attributes + 5 * i;

      KH_IO_WORK_ADD (compares, 1);
      if (strcmp ((const char *) a[0], name) == 0 && (a[2] != NULL) == namespaced)
        return g_strndup ((const char *) a[3], (gsize) (a[4] - a[3]));
    }
  return NULL;
}
