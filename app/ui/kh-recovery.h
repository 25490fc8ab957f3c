/* kh-recovery.h — unsaved framework edits kept on disk until they are saved or dropped
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Values are written to the project as they are edited; the working framework is not,
 * until Save to Project. So that a crash or a kill loses nothing, the window writes the
 * working framework of a document with unsaved edits to a recovery file every few
 * seconds: $XDG_STATE_HOME/kaohe/recovery/<SHA-256 of the project's path>.recovery
 * (GKeyFile: project path, year, category, time, framework XML), atomically. Saving or
 * discarding the edits, or closing cleanly, removes it; the next start that opens the
 * project finds it and offers to restore the edits.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Seconds between two writes of the recovery file (only when something changed). */
#define KH_RECOVERY_INTERVAL 3

typedef struct
{
  char *project_path;
  int year;
  char *category;
  char *framework_xml;
  char *saved_at; /* ISO 8601, local time */
} KhRecovery;

void        kh_recovery_free    (KhRecovery *recovery);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KhRecovery, kh_recovery_free)

/* Where the recovery file of @project_path lives. */
char       *kh_recovery_path    (const char *project_path);
gboolean    kh_recovery_write   (const char *project_path,
                                 int         year,
                                 const char *category,
                                 const char *framework_xml,
                                 GError    **error);
/* The recovery of @project_path, or NULL when there is none (or it cannot be read). */
KhRecovery *kh_recovery_read    (const char *project_path);
void        kh_recovery_discard (const char *project_path);

G_END_DECLS
