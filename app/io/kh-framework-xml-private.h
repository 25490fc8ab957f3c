/* kh-framework-xml-private.h — shared by the kh-framework-xml*.c files
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A load (kh-framework-xml.c) fills one KhFrameworkLoader: the problems found so far,
 * and for the semantic checks the element each model object was read from.
 * kh-framework-xml.c uses -check.c and -read.c; -read.c uses -check.c; the writer
 * (-write.c) uses only the enumeration names of -read.c.
 */
#pragma once

#include <libxml/tree.h>

#include "kh-framework-xml.h"

G_BEGIN_DECLS

typedef struct
{
  const char *name;        /* the display name problems start with */
  GPtrArray *problems;     /* of located problems */
  GHashTable *elements;    /* model object → xmlNodePtr */
  KhFramework *fw;         /* the framework being read (borrowed) */
} KhFrameworkLoader;

/* kh-framework-xml-check.c */
void     kh_framework_loader_init          (KhFrameworkLoader *ld,
                                            const char        *name);
void     kh_framework_loader_clear         (KhFrameworkLoader *ld);
/* One problem at @line and @column (0: the column is not known). */
void     kh_framework_loader_problem_at    (KhFrameworkLoader *ld,
                                            guint              line,
                                            guint              column,
                                            const char        *message);
/* One problem at @element (NULL: no position). */
void     kh_framework_loader_problem       (KhFrameworkLoader *ld,
                                            xmlNodePtr         element,
                                            const char        *format,
                                            ...) G_GNUC_PRINTF (3, 4);
/* FALSE when there is no problem; else TRUE and @error holds every problem, one
 * `NAME:LINE:COLUMN: message` per line, ordered by position. */
gboolean kh_framework_loader_take_problems (KhFrameworkLoader *ld,
                                            GError           **error);
/* Validates @doc with the embedded schema; FALSE when it found problems. */
gboolean kh_framework_loader_validate      (KhFrameworkLoader *ld,
                                            xmlDocPtr          doc);
/* kh_framework_check() on ld->fw, each problem located at its element. */
void     kh_framework_loader_check         (KhFrameworkLoader *ld);
/* kh_framework_check_continuity() of ld->fw after @earlier, located likewise. */
void     kh_framework_loader_check_continuity (KhFrameworkLoader *ld,
                                               KhFramework       *earlier);

/* kh-framework-xml-read.c */

/* Enumerations that only the file format spells out (NULL-terminated, in enum order). */
extern const char *const kh_framework_xml_sense_names[];
extern const char *const kh_framework_xml_consequence_names[];
extern const char *const kh_framework_xml_tier_mode_names[];

gboolean kh_framework_xml_is_element       (xmlNodePtr         node,
                                            const char        *name);
/* Reads the validated document under @root into ld->fw. */
void     kh_framework_loader_read          (KhFrameworkLoader *ld,
                                            xmlNodePtr         root);

G_END_DECLS
