/* kh-project-plausibility.h — a year's implausible values and their confirmations
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The values of a year that lie outside their field's declared range or far from last
 * year (core/kh-plausibility.h: k × MAD of the peer group's changes, k =
 * KH_PLAUSIBILITY_K) are flagged for confirmation; they are stored and computed like any
 * other value. The flags are audited when an import or an edit stores them (action
 * "flag": one line per flagged value, unit TAB field TAB value TAB reason). Someone who
 * has checked a value confirms it (action "confirm": unit=, field=, value=); taking the
 * confirmation back is audited too ("unconfirm"). A confirmation holds for the value
 * confirmed: when the value changes, its flag is open again. The audit log is where the
 * confirmations are kept — who and when is what a confirmation is —, so the project's
 * schema does not change for them.
 */
#pragma once

#include <glib.h>

#include "core/kh-plausibility.h"
#include "kh-project.h"

G_BEGIN_DECLS

typedef struct
{
  char *category;
  char *unit_id;
  char *unit_name; /* the Chinese name of the year */
  char *field;
  KhImplausible reason;
  double value;
  double previous;    /* KH_IMPLAUSIBLE_CHANGE: last year's value */
  double change;      /* a share when relative */
  gboolean relative;
  double median, mad; /* of the group's changes */
  double floor;       /* the MAD's floor (kh-plausibility.h); NAN when not known */
  double bound;       /* the bound crossed */
  char *confirmed_by; /* NULL: open */
  char *confirmed_at;
} KhValueFlag;

void       kh_value_flag_free          (KhValueFlag *flag);
/* The flags of @year, every category with a framework (of KhValueFlag*, by category, field
 * and unit); NULL with an error when the database fails. */
GPtrArray *kh_project_get_value_flags  (KhProject   *self,
                                        int          year,
                                        GError     **error);
/* The same for @category alone (the Data page's). */
GPtrArray *kh_project_get_category_value_flags (KhProject  *self,
                                                int         year,
                                                const char *category,
                                                GError    **error);
/* The flags of @category's @field alone in @year (@category NULL: every category's), with
 * their confirmations: those of kh_project_get_category_value_flags() (or
 * kh_project_get_value_flags()) whose field is @field, in the same order. A
 * field's flags read only its own values (its range, its peer groups' changes): after
 * the edit of one value, the Data page reads one field of two years, not both years
 * (issue 22). */
GPtrArray *kh_project_get_field_value_flags (KhProject  *self,
                                             int         year,
                                             const char *category,
                                             const char *field,
                                             GError    **error);
/* Why @flag is raised, in words ("above the declared maximum 100", "+250 % from 40; the
 * group's median change +5 %, MAD 2 %"). */
char      *kh_value_flag_describe      (const KhValueFlag *flag);
/* Confirms (@confirmed) the current value of @unit's @field in @year, or takes its
 * confirmation back; audited. Refused in a sealed year, when the value is not flagged
 * (confirming), or when it is not confirmed (taking back). */
gboolean   kh_project_confirm_value    (KhProject   *self,
                                        int          year,
                                        const char  *unit,
                                        const char  *field,
                                        gboolean     confirmed,
                                        GError     **error);

/* Whether the value of @unit's @field was stored by the step being audited. */
typedef gboolean (*KhStoredCellFunc) (const char *unit,
                                      const char *field,
                                      gpointer    data);

/* kh-project-values.c's import and edit: appends the "flag" audit row of the values of
 * @fields (a set of field ids, at least those stored) that @stored says were stored and
 * are flagged, inside the caller's transaction; none when no value is flagged. */
gboolean   kh_project_audit_value_flags (KhProject        *self,
                                         int               year,
                                         GHashTable       *fields,
                                         KhStoredCellFunc  stored,
                                         gpointer          data,
                                         const char       *at,
                                         GError          **error);
/* kh-project-values.c's edit of one value: the same for @unit's @field alone (@units:
 * kh_project_load_units() of @year, where @unit exists), reading only the values that
 * decide its flag: its peer group's of @field in @year and those of the units they
 * continue in the year before (issue 22: a few hundred lookups, not two years read). */
gboolean   kh_project_audit_value_flag  (KhProject        *self,
                                         int               year,
                                         GHashTable       *units,
                                         const char       *unit,
                                         const char       *field,
                                         const char       *at,
                                         GError          **error);
/* After the commit of a transaction whose kh_project_audit_value_flags() covered every
 * field of the year: its flags are those of the year as now committed, and the next
 * kh_project_get_value_flags() of that year takes them instead of reading both years
 * again, if nothing was written in between (issue 22: the CLI lists them after an import,
 * 10 % of its time). Any other transaction's flags are dropped. */
void       kh_project_value_flags_committed (KhProject    *self);

G_END_DECLS
