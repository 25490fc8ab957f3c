/* kh-tier-name.h — the one way a tier is named, in every view, chart and report
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A tier is named by its group's tier rule when the framework names it (in @lang, with
 * kh_text_get's fallback); otherwise as the office writes it: 第一等次, 第二等次 … in
 * Chinese (the same characters in both scripts), "Tier 1" in English. Never "第2等次".
 */
#pragma once

#include <glib.h>

#include "kh-framework.h"

G_BEGIN_DECLS

/* "" for @tier ≤ 0; @rule may be NULL (the default names). Free with g_free(). */
char *kh_tier_name        (const KhTierRule *rule,
                           int               tier,
                           KhLang            lang);

/* Chinese numerals for 0 ≤ @n ≤ 99: 一, 二 … 十, 十一 … 二十, 二十一 …; for any other n,
 * its digits. */
char *kh_chinese_numeral  (int               n);

G_END_DECLS
