/* kh-db-checkout.h — offline work: a scoped SQLite copy of a server's project, pushed back
 * (`kaohe-cli checkout`, `push`)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Issue 19, "Offline work". A checkout is kh_db_copy_except() of what the server's login
 * may read into a new project file: the whole project (categories, units, frameworks,
 * years, results …) but of the values, the survey's answers and the audit log only what
 * row-level security shows that login (an evaluator: the values of its scopes, its own
 * audit rows and the chain's last); the survey's salt, which no evaluator reads, stays
 * empty. Sealed years are sealed in the copy too. The copy opens in kaohe and kaohe-cli
 * like any project file; its own edits are audited in it after the server's head. Its
 * audit log is not the server's whole chain, so `verify` of the copy reports the rows it
 * does not hold: verify the server, not the copy.
 *
 * Two tables outside the project schema (no new schema version; `kaohe-cli copy` does not
 * copy them) mark the file as a checkout:
 *   kaohe_checkout       one row: the server (its name without a password), the login,
 *                        the year checked out (NULL: every year), when, and the server's
 *                        audit head then (seq and hash; moved on by each push and refresh)
 *   kaohe_checkout_base  every value of the copy as it was checked out (year, unit, field,
 *                        value; NULL: empty): what each offline edit is based on
 *
 * A push (kh_checkout_push()) writes every cell whose value differs from its base
 * (changed offline) with kh_project_edit_values() based on that base, in one transaction
 * on the server: a cell the server changed since (its value ≠ base) is a conflict, and
 * then nothing is written unless the caller chose to overwrite it (mine) or to drop the
 * offline change (theirs). After a push the pushed values are the new base, so pushing
 * again writes nothing; a cell whose server value already is the offline one is not
 * written again either. A refresh (kh_checkout_refresh()) takes the server's values into
 * the copy: cells not changed offline get the server's value, offline changes of cells the
 * server did not change are kept, and a cell changed on both sides gets the server's value
 * (the offline one is listed as dropped).
 *
 * A push or refresh is refused when the file is no checkout (or is damaged), when the
 * server is another (its name differs) or its project another (its audit chain does not
 * hold the head recorded, or is shorter), when the login differs from the one that checked
 * out, and when an offline change is of a year not checked out.
 */
#pragma once

#include "kh-db.h"
#include "kh-project.h"

G_BEGIN_DECLS

typedef struct
{
  char *server;         /* kh_db_name() of the server */
  char *login;          /* the server's login that checked out */
  int year;             /* the year checked out, 0: every year */
  char *checked_out_at; /* ISO 8601, UTC */
  gint64 head_seq;      /* the server's audit head at the checkout or the last push */
  char *head_hash;
} KhCheckoutInfo;

void            kh_checkout_info_free (KhCheckoutInfo *info);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KhCheckoutInfo, kh_checkout_info_free)

/* One cell changed offline, or on both sides. */
typedef struct
{
  int year;
  char *unit_id;
  char *field;
  double base;  /* NaN: empty */
  double mine;
} KhCheckoutChange;

void            kh_checkout_change_free (KhCheckoutChange *change);

/* Copies what the login of @server (a project on PostgreSQL) may read into the new file
 * @path (must not exist), marked as a checkout of @year (0: every year, else a year of
 * the project). On an error no file is left. @n_values: the values checked out. */
gboolean        kh_checkout_new       (const char *server,
                                       const char *path,
                                       int         year,
                                       guint      *n_values,
                                       GError    **error);

/* The mark of the checkout @path; NULL and @error (KH_IO_ERROR_INVALID, or _CORRUPT for a
 * damaged file) when it is no checkout. */
KhCheckoutInfo *kh_checkout_info_read (const char *path,
                                       GError    **error);

/* The cells of @path changed offline (KhCheckoutChange, by year, unit, field). */
GPtrArray      *kh_checkout_changes   (const char *path,
                                       GError    **error);

/* Pushes the offline changes of @path to @server (as above); *@conflicts (may be NULL)
 * gets the conflicting cells (KhValueConflict), also when the push is refused for them
 * (KH_IO_ERROR_CONFLICT); *@n_written the cells written. */
gboolean        kh_checkout_push      (const char    *path,
                                       const char    *server,
                                       KhEditResolve  resolve,
                                       GPtrArray    **conflicts,
                                       guint         *n_written,
                                       GError       **error);

/* Takes the server's values into @path (as above); @server NULL: the one recorded.
 * *@dropped (may be NULL) gets the offline changes given up (KhCheckoutChange, mine: the
 * value dropped, base: the server's now); *@n_taken the cells that took the server's
 * value. */
gboolean        kh_checkout_refresh   (const char    *path,
                                       const char    *server,
                                       GPtrArray    **dropped,
                                       guint         *n_taken,
                                       GError       **error);

G_END_DECLS
