/* kh-xml-safe.h — the one hardened libxml2 entry point
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every XML document Kaohe reads (framework files, XLSX parts) goes through
 * kh_xml_read_safe(). It accepts no DTD at all (a DOCTYPE stops the parser before any
 * entity is declared, so entity bombs and external entities cannot happen), never
 * substitutes entities, never touches the network, never processes XInclude, and
 * refuses input larger than KH_XML_MAX_SIZE bytes or nested deeper than
 * KH_XML_MAX_DEPTH elements. Errors read `NAME:LINE:COLUMN: message`, one per line,
 * with KH_IO_ERROR_PARSE (malformed) or KH_IO_ERROR_LIMIT (a limit was hit).
 *
 * Before libxml2 sees a byte, a linear scan refuses an element with more than
 * KH_XML_MAX_ATTRIBUTES attributes (libxml2's duplicate check is quadratic in their
 * number) and any markup declaration (`<!DOCTYPE`, `<!ENTITY` …), naming where it starts.
 *
 * Large parts (XLSX worksheets) are streamed through KhXmlPush: the same options and
 * checks, no tree, constant memory; start tags are reported with their line and column.
 *
 * Positions: the parser records where each element's start tag begins (its `<`):
 * kh_xml_node_line() and kh_xml_node_column() give that position, columns counted in
 * characters from 1, in any encoding (input in UTF-16, Latin-1, … is followed through
 * the same conversion the parser makes) and on any line (not capped at 65,535 as
 * libxml2's own line numbers are). A column of 0 means it is not known.
 */
#pragma once

#include <glib.h>
#include <libxml/tree.h>

G_BEGIN_DECLS

#define KH_XML_MAX_SIZE  (64 * 1024 * 1024)
#define KH_XML_MAX_DEPTH 64
#define KH_XML_MAX_ATTRIBUTES 10000

xmlDocPtr kh_xml_read_safe    (const char *data,
                               gsize       len,
                               const char *display_name,
                               GError    **error);

/* Line (1-based) of the start tag of @node, an element of a document read with
 * kh_xml_read_safe(); for other nodes the line libxml2 recorded. */
guint     kh_xml_node_line    (xmlNodePtr  node);

/* Column (1-based, in characters) of the `<` of @node's start tag; 0 when unknown. */
guint     kh_xml_node_column  (xmlNodePtr  node);

/* "NAME:LINE:COLUMN" (or "NAME:LINE" when the column is unknown) for @node. */
char     *kh_xml_node_position (xmlNodePtr  node,
                                const char *display_name);

/* Streaming: callbacks for start tags (with libxml2's SAX2 attribute array: 5 pointers
 * per attribute — localname, prefix, URI, value start, value end), end tags and text. */
typedef struct _KhXmlPush KhXmlPush;

typedef void (*KhXmlStartFunc) (gpointer        user_data,
                                const char     *localname,
                                int             n_attributes,
                                const xmlChar **attributes,
                                guint           line,
                                guint           column);
typedef void (*KhXmlEndFunc)   (gpointer        user_data,
                                const char     *localname);
typedef void (*KhXmlTextFunc)  (gpointer        user_data,
                                const char     *text,
                                int             len);

KhXmlPush *kh_xml_push_new    (const char     *display_name,
                               KhXmlStartFunc  start,
                               KhXmlEndFunc    end,
                               KhXmlTextFunc   text,
                               gpointer        user_data);
/* Feeds the next bytes; FALSE with an error once the document is refused. */
gboolean   kh_xml_push_feed   (KhXmlPush      *push,
                               const char     *data,
                               gsize           len,
                               GError        **error);
/* Ends the document; FALSE with an error when it is malformed or incomplete. */
gboolean   kh_xml_push_finish (KhXmlPush      *push,
                               GError        **error);
/* From a callback: stops the parser; @error (taken) is what feed/finish return. */
void       kh_xml_push_fail   (KhXmlPush      *push,
                               GError         *error);
void       kh_xml_push_free   (KhXmlPush      *push);

/* The value of attribute @name (no namespace, or any namespace with @any_ns) in a SAX2
 * attribute array, newly allocated, or NULL. */
char      *kh_xml_attribute   (int             n_attributes,
                               const xmlChar **attributes,
                               const char     *name,
                               gboolean        namespaced);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KhXmlPush, kh_xml_push_free)

G_END_DECLS
