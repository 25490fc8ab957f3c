/* kh-db-server.h — a PostgreSQL database made ready for an office: schema, roles, scopes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Three group roles (NOLOGIN; the office's logins are made members of them, and log in
 * through the server — password, peer or certificate — Kaohe stores no password):
 *   kaohe_admin      everything: frameworks, units, sealing, results, scopes
 *   kaohe_evaluator  reads the project, but of the values, the survey's answers and the
 *                    audit log only what its scopes cover; writes values within its scopes
 *                    and the audit rows of its writes, nothing else
 *   kaohe_viewer     reads the project; writes nothing
 * No role but the administrator reads the survey's salt (raters' hashes could be tried
 * against guesses with it).
 *
 * evaluator_scopes (role_name, category_id, unit_id, field) says which values a role may
 * see and change: the units of a category, one unit, one field, or a combination (NULL:
 * any); kh_db_server_grant() and kh_db_server_revoke() (`kaohe-cli grant`, `revoke`)
 * manage it. A login gets the scopes of every role it is a member of. The server enforces
 * them with row-level security, which every table has, so raw SQL cannot pass them:
 *   data_values       an evaluator sees, inserts, changes and deletes only the values of
 *                     its scopes, and each value it writes names it (edited_by is its
 *                     login, session_user)
 *   survey_responses  an evaluator sees the answers about units its scopes cover whole
 *                     (a scope without a field)
 *   audit_log         an evaluator sees its own rows, the chain's last (to chain the
 *                     next) and the confirmations of flagged values of its scopes
 *                     ("confirm", "unconfirm"), and appends rows in its login's name,
 *                     each the next number, a confirmation only of a value of its scopes
 *   evaluator_scopes  an evaluator sees its own
 * The functions of the schema (the triggers of sealed years and of the append-only log)
 * resolve names in the project's schema only, so a session's temporary tables cannot
 * stand in for the project's.
 */
#pragma once

#include "kh-db.h"

G_BEGIN_DECLS

/* Creates the project schema in an empty database, then the roles, grants, scope table
 * and policies; running it again changes nothing. On a project of an older schema version
 * it first upgrades it (kh_db_schema_upgrade_sql(), audited "migrate" as on a file), in
 * the same transaction that then makes the triggers that notify, grants and policies
 * again: an error anywhere leaves the project as it was. Only the owner of the project's
 * tables (who made it ready) may upgrade; anyone else is refused (SQLSTATE 42501). The
 * connecting role must be allowed to create roles. */
gboolean kh_db_server_init    (KhDb    *db,
                               GError **error);

/* The same to schema version @to (1 … KH_PROJECT_SCHEMA_VERSION): an empty database is
 * made at @to; for tests of upgrades. */
gboolean kh_db_server_init_at (KhDb    *db,
                               int      to,
                               GError **error);

/* Lets @role (a role of the server that is a member of kaohe_evaluator, e.g. a login)
 * see and change the values of @category: of all its units or of @units only, of all
 * fields or of @fields only (NULL or empty: all). One scope per unit and field given; one
 * that is already there is kept. Everything is checked first (the role, the category, the
 * units are of that category); on an error nothing changes. @n_added: the new scopes. */
gboolean kh_db_server_grant  (KhDb              *db,
                              const char        *role,
                              const char        *category,
                              const char *const *units,
                              const char *const *fields,
                              guint             *n_added,
                              GError           **error);

/* Takes back @role's scopes: all of them when @category is NULL (then @units and @fields
 * must be empty), otherwise exactly those kh_db_server_grant() makes of the same
 * arguments. @n_removed: how many went. */
gboolean kh_db_server_revoke (KhDb              *db,
                              const char        *role,
                              const char        *category,
                              const char *const *units,
                              const char *const *fields,
                              guint             *n_removed,
                              GError           **error);

/* The scopes (of @role, or all when NULL), one per line: role, category, unit and field
 * separated by tabs, "*" for all units or fields; sorted. */
char    *kh_db_server_scopes (KhDb              *db,
                              const char        *role,
                              GError           **error);

/* Checks a database kh_db_server_init() made ready against what it makes (nothing when
 * the database has no evaluator_scopes, i.e. was never made ready): row-level security
 * enabled on every table of the project's schema; on each table exactly the policies
 * described in kh-db-server.c (name, command, roles, USING and WITH CHECK as the server's
 * catalog prints them, blanks aside), none dropped, changed or added; no privilege on a
 * table given to a role (PUBLIC included, its owner aside) that Kaohe does not grant, and
 * none Kaohe grants taken away; the same for the privileges on columns (Kaohe grants none),
 * identity sequences, the schema (USAGE to the three roles, CREATE to none; PUBLIC's
 * USAGE, PostgreSQL's default on public, allowed) and its functions (EXECUTE); no function
 * in the schema but Kaohe's, each owned by the owner of the tables, SECURITY DEFINER only
 * where Kaohe makes it so, its search path the schema's and, unless a trigger runs it
 * (kh-project-verify.c checks those with their triggers), its language and body (blanks
 * aside) those Kaohe creates. Each difference is a line in @problems, naming the object
 * and the policy or role; FALSE and @error only when the catalog cannot be read. */
gboolean kh_db_server_check  (KhDb              *db,
                              GPtrArray         *problems,
                              GError           **error);

G_END_DECLS
