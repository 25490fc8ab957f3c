/* kh-grades.h — the values of an indicator scored by grades (优/良/中/差)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "kh-framework.h"

G_BEGIN_DECLS

/* Whether @value may be stored in the data field of @node: anything but for an
 * indicator scored by grades, whose values are its grades' codes (NaN, missing, is
 * always allowed). */
gboolean kh_node_value_is_grade (const KhNode *node,
                                 double        value);
/* An indicator scored by grades: its codes with their labels in @lang, e.g.
 * "4 (优), 3 (良), 2 (中), 1 (差)" (newly allocated); NULL for any other node. */
char    *kh_node_grade_codes    (const KhNode *node,
                                 KhLang        lang);

G_END_DECLS
