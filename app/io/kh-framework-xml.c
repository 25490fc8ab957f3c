/* kh-framework-xml.c — indicator frameworks as XML files: loading, in stages
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Where each part lives:
 *   kh-framework-xml.c        loading: parse safely, validate, read, check (this file)
 *   kh-framework-xml-check.c  located problems, schema validation, semantic checks
 *   kh-framework-xml-read.c   the validated document → KhFramework
 *   kh-framework-xml-write.c  KhFramework → the canonical form
 */
#include "config.h"

#include <gio/gio.h>
#include <glib/gi18n.h>
#include <string.h>

#include "kh-framework-xml-private.h"
#include "kh-io-error.h"
#include "kh-xml-safe.h"

KhFramework *
kh_framework_xml_load_data (const char  *data,
                            gsize        len,
                            const char  *display_name,
                            GError     **error)
{
  return kh_framework_xml_load_data_after (data, len, display_name, NULL, error);
}

/* @check: run the semantic checks (and those of continuity with @earlier). */
static KhFramework *
load_data (const char  *data,
           gsize        len,
           const char  *display_name,
           gboolean     check,
           KhFramework *earlier,
           GError     **error)
{
  g_autoptr (KhFramework) fw = NULL;
  KhFrameworkLoader ld = { 0 };
  xmlDocPtr doc;
  xmlNodePtr root;
  gboolean failed;

  g_return_val_if_fail (data != NULL || len == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (display_name == NULL)
    display_name = "(input)";

  doc = kh_xml_read_safe (data, len, display_name, error);
  if (doc == NULL)
    return NULL;

  kh_framework_loader_init (&ld, display_name);

  root = xmlDocGetRootElement (doc);
  if (root->ns == NULL || g_strcmp0 ((const char *) root->ns->href, KH_FRAMEWORK_XML_NAMESPACE) != 0
      || !kh_framework_xml_is_element (root, "framework"))
    kh_framework_loader_problem (&ld, root, _("the root element must be <framework xmlns=\"%s\">"),
                                 KH_FRAMEWORK_XML_NAMESPACE);
  else if (kh_framework_loader_validate (&ld, doc))
    {
      fw = kh_framework_new ();
      ld.fw = fw;
      kh_framework_loader_read (&ld, root);
      if (ld.problems->len == 0 && check)
        kh_framework_loader_check (&ld);
      if (ld.problems->len == 0 && earlier != NULL)
        kh_framework_loader_check_continuity (&ld, earlier);
    }

  failed = kh_framework_loader_take_problems (&ld, error);
  kh_framework_loader_clear (&ld);
  xmlFreeDoc (doc);
  return failed ? NULL : g_steal_pointer (&fw);
}

KhFramework *
kh_framework_xml_load_data_after (const char  *data,
                                  gsize        len,
                                  const char  *display_name,
                                  KhFramework *earlier,
                                  GError     **error)
{
  return load_data (data, len, display_name, TRUE, earlier, error);
}

KhFramework *
kh_framework_xml_load_draft (const char  *data,
                             gsize        len,
                             const char  *display_name,
                             GError     **error)
{
  return load_data (data, len, display_name, FALSE, NULL, error);
}

KhFramework *
kh_framework_xml_load_file (const char  *path,
                            GError     **error)
{
  g_autofree char *contents = NULL;
  g_autoptr (GFile) file = NULL;
  g_autoptr (GFileInfo) info = NULL;
  g_autoptr (GError) local_error = NULL;
  gsize len = 0;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  file = g_file_new_for_path (path);
  info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_TYPE "," G_FILE_ATTRIBUTE_STANDARD_SIZE,
                            G_FILE_QUERY_INFO_NONE, NULL, &local_error);
  /* Devices, pipes and oversized files are refused before a byte is read. */
  if (info != NULL && g_file_info_get_file_type (info) != G_FILE_TYPE_REGULAR)
    {
      g_set_error (error, KH_IO_ERROR, KH_IO_ERROR_FAILED, "%s: %s", path,
                   _("not a regular file"));
      return NULL;
    }
  if (info != NULL && g_file_info_get_size (info) > KH_XML_MAX_SIZE)
    {
      g_set_error (error, KH_IO_ERROR, KH_IO_ERROR_LIMIT, "%s: %s", path,
                   _("the document is larger than 64 MiB"));
      return NULL;
    }
  if (info == NULL || !g_file_load_contents (file, NULL, &contents, &len, NULL, &local_error))
    {
      g_set_error (error, KH_IO_ERROR, KH_IO_ERROR_FAILED, "%s: %s", path, local_error->message);
      return NULL;
    }
  return kh_framework_xml_load_data (contents, len, path, error);
}
