/* kh-recovery.c — unsaved framework edits kept on disk until they are saved or dropped
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <glib/gstdio.h>

#include "kh-recovery.h"

#define GROUP "recovery"

void
kh_recovery_free (KhRecovery *recovery)
{
  if (recovery == NULL)
    return;
  g_free (recovery->project_path);
  g_free (recovery->category);
  g_free (recovery->framework_xml);
  g_free (recovery->saved_at);
  g_free (recovery);
}

char *
kh_recovery_path (const char *project_path)
{
  g_autofree char *hash = NULL;
  g_autofree char *name = NULL;

  g_return_val_if_fail (project_path != NULL, NULL);

  hash = g_compute_checksum_for_string (G_CHECKSUM_SHA256, project_path, -1);
  name = g_strconcat (hash, ".recovery", NULL);
  return g_build_filename (g_get_user_state_dir (), "kaohe", "recovery", name, NULL);
}

gboolean
kh_recovery_write (const char *project_path,
                   int         year,
                   const char *category,
                   const char *framework_xml,
                   GError    **error)
{
  g_autoptr (GKeyFile) file = g_key_file_new ();
  g_autoptr (GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *path = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *at = NULL;
  g_autofree char *data = NULL;
  gsize len;

  g_return_val_if_fail (project_path != NULL && framework_xml != NULL, FALSE);

  path = kh_recovery_path (project_path);
  dir = g_path_get_dirname (path);
  at = g_date_time_format_iso8601 (now);
  g_key_file_set_string (file, GROUP, "project", project_path);
  g_key_file_set_integer (file, GROUP, "year", year);
  g_key_file_set_string (file, GROUP, "category", category != NULL ? category : "");
  g_key_file_set_string (file, GROUP, "saved-at", at);
  g_key_file_set_string (file, GROUP, "framework", framework_xml);
  data = g_key_file_to_data (file, &len, NULL);
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved = errno;

      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved), "%s: %s", dir,
                   g_strerror (saved));
      return FALSE;
    }
  /* Atomic: a kill while writing leaves the previous recovery whole. */
  return g_file_set_contents_full (path, data, len, G_FILE_SET_CONTENTS_CONSISTENT, 0600, error);
}

KhRecovery *
kh_recovery_read (const char *project_path)
{
  g_autoptr (GKeyFile) file = g_key_file_new ();
  g_autofree char *path = NULL;
  g_autoptr (KhRecovery) recovery = g_new0 (KhRecovery, 1);

  g_return_val_if_fail (project_path != NULL, NULL);

  path = kh_recovery_path (project_path);
  if (!g_key_file_load_from_file (file, path, G_KEY_FILE_NONE, NULL))
    return NULL;
  recovery->project_path = g_key_file_get_string (file, GROUP, "project", NULL);
  recovery->year = g_key_file_get_integer (file, GROUP, "year", NULL);
  recovery->category = g_key_file_get_string (file, GROUP, "category", NULL);
  recovery->saved_at = g_key_file_get_string (file, GROUP, "saved-at", NULL);
  recovery->framework_xml = g_key_file_get_string (file, GROUP, "framework", NULL);
  /* Another path with the same hash cannot be, but a file edited by hand can. */
  if (g_strcmp0 (recovery->project_path, project_path) != 0 || recovery->framework_xml == NULL
      || recovery->year <= 0)
    return NULL;
  return g_steal_pointer (&recovery);
}

void
kh_recovery_discard (const char *project_path)
{
  g_autofree char *path = NULL;

  g_return_if_fail (project_path != NULL);

  path = kh_recovery_path (project_path);
  g_unlink (path);
}
