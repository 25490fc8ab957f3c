/* kh-framework-check.h — semantic checks of a framework that need no file positions
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * kh_framework_check() walks a framework and reports every problem it finds, in a
 * fixed order, through @func. Each report names the object concerned, so that a
 * reader can attach a position (the XML loader maps objects to elements) and an
 * editor can select the culprit. Objects are pointers into the framework:
 *   KhFramework*, KhGroup*, &group->tiers (KhTierRule*), KhAwardRule*, KhQuotaRule*,
 *   KhVariable*, KhNode*, node->formula (the formula string), &g_array_index
 *   (node->scoring.steps, KhStep, i), KhAdjustment*, KhConstraint*.
 * The rules are listed in data/schema/README.md, "Semantic rules".
 */
#pragma once

#include "kh-framework.h"

G_BEGIN_DECLS

typedef void (*KhCheckFunc) (gconstpointer  object,
                             const char    *message,
                             gpointer       user_data);

/* Returns the number of problems reported. */
guint kh_framework_check (KhFramework *framework,
                          KhCheckFunc  func,
                          gpointer     user_data);

/* Checks @later against @earlier, the framework of the same category the year before:
 * every `replaces` names a node of @earlier; a replaced indicator of another unit of
 * measure needs a conversion formula (`convert`), which reads only fields of @earlier
 * and no growth() or prev(). Objects reported are nodes of @later. */
guint kh_framework_check_continuity (KhFramework *earlier,
                                     KhFramework *later,
                                     KhCheckFunc  func,
                                     gpointer     user_data);

/* Tolerance used when sums of points are compared: 1e-6 points. */
#define KH_FRAMEWORK_POINTS_EPSILON 1e-6

G_END_DECLS
