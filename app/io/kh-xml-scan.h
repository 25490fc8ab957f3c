/* kh-xml-scan.h — the pre-scan before libxml2 parses (private to app/io)
 *
 * Attributes per element and markup declarations, in one linear pass that can be fed
 * in pieces. It follows markup as the parser will: comments, CDATA sections
 * and processing instructions are skipped; '>' inside a quoted attribute value does not
 * end a tag.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "kh-io-error.h"

G_BEGIN_DECLS

typedef enum
{
  SCAN_TEXT,
  SCAN_LT,          /* after '<' */
  SCAN_BANG,        /* after "<!" */
  SCAN_BANG_DASH,   /* after "<!-" */
  SCAN_COMMENT,     /* sub: dashes seen */
  SCAN_CDATA_OPEN,  /* sub: characters of "[CDATA[" matched */
  SCAN_CDATA,       /* sub: ']' seen */
  SCAN_PI,          /* sub: 1 after '?' */
  SCAN_TAG,
  SCAN_TAG_DQ,
  SCAN_TAG_SQ,
  SCAN_END_TAG,
} KhXmlScanState;

typedef struct
{
  KhXmlScanState state;
  guint sub;
  guint attributes;
  guint line, column;         /* of the next byte */
  guint tag_line, tag_column; /* of the '<' of the current markup */
  gboolean started;           /* past a possible byte order mark */
  guint bom;                  /* bytes of a UTF-8 BOM matched */
  GArray *starts;             /* of guint[2]: start tags not yet reported (push mode) */
  guint starts_head;
} KhXmlScan;

/* @queue: keep the position of every start tag for kh_xml_scan_next_start (push mode). */
void     kh_xml_scan_init       (KhXmlScan  *scan,
                                 gboolean    queue);
void     kh_xml_scan_clear      (KhXmlScan  *scan);
/* Feeds the next @len bytes; FALSE with @error (NAME:LINE:COLUMN: …) at a limit. */
gboolean kh_xml_scan_feed       (KhXmlScan  *scan,
                                 const char *data,
                                 gsize       len,
                                 const char *name,
                                 GError    **error);
/* The position of the next start tag the parser reports, in document order. */
gboolean kh_xml_scan_next_start (KhXmlScan  *scan,
                                 guint      *line,
                                 guint      *column);

G_END_DECLS
