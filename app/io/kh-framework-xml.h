/* kh-framework-xml.h — indicator frameworks as XML files: load, validate, write
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The format is documented in data/schema/README.md and defined by
 * data/schema/kaohe-framework.xsd, which is embedded in the io library as the resource
 * /io/github/kaohe/Kaohe/schema/kaohe-framework.xsd.
 *
 * Loading runs three stages and stops after the first one that finds problems:
 * hardened parsing (kh_xml_read_safe: KH_IO_ERROR_PARSE or _LIMIT), schema validation
 * and then the semantic checks of kh_framework_check() (both KH_IO_ERROR_INVALID).
 * Within a stage every problem is reported, one `FILE:LINE:COLUMN: message` per line
 * of error->message, ordered by position.
 *
 * The writer emits the canonical form: UTF-8, two-space indentation, elements and
 * attributes in schema order, default values left out, numbers in their shortest
 * exact form, a final newline. Load → save → load gives the same framework, and
 * formatting a canonical file changes nothing.
 */
#pragma once

#include <glib.h>

#include "core/kh-framework.h"

G_BEGIN_DECLS

#define KH_FRAMEWORK_XML_NAMESPACE "https://kaohe.github.io/ns/framework/1"
#define KH_FRAMEWORK_XSD_RESOURCE  "/io/github/kaohe/Kaohe/schema/kaohe-framework.xsd"

KhFramework *kh_framework_xml_load_data (const char  *data,
                                         gsize        len,
                                         const char  *display_name,
                                         GError     **error);
/* Loads like kh_framework_xml_load_data(), then, when the framework is valid, checks
 * its continuity with @earlier (the same category's framework of the year before, or
 * NULL): kh_framework_check_continuity(), each problem at its element. */
KhFramework *kh_framework_xml_load_data_after (const char  *data,
                                               gsize        len,
                                               const char  *display_name,
                                               KhFramework *earlier,
                                               GError     **error);
/* Loads a draft: parsed safely and validated against the schema like the others, but
 * without the semantic checks, so a framework with problems (unsaved edits kept in a
 * recovery file) comes back as it was written. */
KhFramework *kh_framework_xml_load_draft (const char  *data,
                                          gsize        len,
                                          const char  *display_name,
                                          GError     **error);
KhFramework *kh_framework_xml_load_file (const char  *path,
                                         GError     **error);
char        *kh_framework_xml_to_string (KhFramework *fw);
/* Writes the canonical form to a temporary file next to @path, then renames it. */
gboolean     kh_framework_xml_save_file (KhFramework *fw,
                                         const char  *path,
                                         GError     **error);

/* The embedded schema text (for the app's "export schema" and for tests). */
GBytes      *kh_framework_xml_get_schema (void);

G_END_DECLS
