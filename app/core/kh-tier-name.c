/* kh-tier-name.c — the one way a tier is named, in every view, chart and report
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "kh-tier-name.h"

static const char *const digits[] = { "〇", "一", "二", "三", "四", "五", "六", "七", "八", "九" };

char *
kh_chinese_numeral (int n)
{
  if (n < 0 || n > 99)
    return g_strdup_printf ("%d", n);
  if (n < 10)
    return g_strdup (digits[n]);
  /* 10 十, 11 十一, 20 二十, 21 二十一. */
  return g_strdup_printf ("%s十%s", n >= 20 ? digits[n / 10] : "", n % 10 != 0 ? digits[n % 10] : "");
}

char *
kh_tier_name (const KhTierRule *rule,
              int               tier,
              KhLang            lang)
{
  g_autofree char *numeral = NULL;

  if (tier <= 0)
    return g_strdup ("");
  if (rule != NULL && rule->names != NULL && (guint) tier <= rule->names->len)
    {
      const KhText *text = g_ptr_array_index (rule->names, tier - 1);
      const char *name = text != NULL ? kh_text_get (text, lang) : NULL;

      if (name != NULL && name[0] != '\0')
        return g_strdup (name);
    }
  if (lang == KH_LANG_EN)
    return g_strdup_printf ("Tier %d", tier);
  numeral = kh_chinese_numeral (tier);
  return g_strdup_printf ("第%s等次", numeral);
}
