/* kh-registry.h — the indicator registry across years: chains of `replaces`
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Over a category's frameworks of consecutive years, each indicator's life: the year it
 * was admitted, the years it was kept (under its id), the years an indicator of another
 * id continued it (`replaces`), and the year after its last one when nothing continued
 * it (retired). One chain per line of descent; the frameworks are only read.
 */
#pragma once

#include "kh-framework.h"

G_BEGIN_DECLS

typedef struct
{
  int year;
  const KhNode *node; /* the indicator that year (borrowed from the framework) */
  gboolean replaced;  /* it continues an indicator of another id (`replaces`) */
} KhRegistryEntry;

typedef struct
{
  GArray *entries; /* of KhRegistryEntry, by year */
  int retired;     /* the first year without it; 0: in place in the latest year */
} KhRegistryChain;

void       kh_registry_chain_free (KhRegistryChain *chain);

/* The chains of @n frameworks of one category, by ascending year (of KhRegistryChain*,
 * in the order their first indicators appear). An indicator whose `replaces` names one
 * of the year before continues its chain (the first such indicator; another starts a
 * chain of its own); one with the id of an indicator of the year before continues that
 * one's; any other is admitted. */
GPtrArray *kh_indicator_registry  (KhFramework *const *frameworks,
                                   guint               n);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KhRegistryChain, kh_registry_chain_free)

G_END_DECLS
