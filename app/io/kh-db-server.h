/* kh-db-server.h — a PostgreSQL database made ready for an office: schema, roles, scopes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Three group roles (NOLOGIN; the office's logins are made members of them, and log in
 * through the server — password, peer or certificate — Kaohe stores no password):
 *   kaohe_admin      everything: frameworks, units, sealing, scopes
 *   kaohe_evaluator  reads the project; writes values (and audit rows) within its scopes
 *   kaohe_viewer     reads the project
 * evaluator_scopes (role_name, category_id, unit_id, field) says which values a role may
 * see and change: the units of a category, one unit, one field, or a combination (NULL:
 * any). A login gets the scopes of every role it is a member of. Row-level security on
 * data_values enforces them on the server, so raw SQL cannot pass them.
 */
#pragma once

#include "kh-db.h"

G_BEGIN_DECLS

/* Creates the project schema in an empty database (or checks that the schema is this
 * version's), then the roles, grants, scope table and policies; running it again changes
 * nothing. The connecting role must be allowed to create roles. */
gboolean kh_db_server_init (KhDb    *db,
                            GError **error);

G_END_DECLS
