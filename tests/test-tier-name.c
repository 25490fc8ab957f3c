/* test-tier-name.c — one name per tier everywhere: 第一等次, never 第1等次
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "core/kh-tier-name.h"

static void
test_numerals (void)
{
  static const struct { int n; const char *text; } cases[] = {
    { 0, "〇" }, { 1, "一" }, { 2, "二" }, { 9, "九" }, { 10, "十" }, { 11, "十一" },
    { 19, "十九" }, { 20, "二十" }, { 21, "二十一" }, { 99, "九十九" }, { 100, "100" }, { -1, "-1" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = kh_chinese_numeral (cases[i].n);

      g_assert_cmpstr (text, ==, cases[i].text);
    }
}

static void
test_tier_names (void)
{
  KhTierRule rule = { 0 };
  KhText named = { (char *) "优秀", (char *) "優秀", (char *) "Excellent" };
  KhText only_cn = { (char *) "良好", NULL, NULL };
  g_autofree char *a = NULL, *b = NULL, *c = NULL, *d = NULL, *e = NULL, *f = NULL, *g = NULL, *h = NULL;

  /* No rule: the office's default names, the same characters in both scripts. */
  a = kh_tier_name (NULL, 2, KH_LANG_ZH_CN);
  g_assert_cmpstr (a, ==, "第二等次");
  b = kh_tier_name (NULL, 3, KH_LANG_ZH_TW);
  g_assert_cmpstr (b, ==, "第三等次");
  c = kh_tier_name (NULL, 1, KH_LANG_EN);
  g_assert_cmpstr (c, ==, "Tier 1");
  d = kh_tier_name (NULL, 0, KH_LANG_ZH_CN);
  g_assert_cmpstr (d, ==, "");

  /* Named tiers in the reader's language, zh_CN as kh_text_get's fallback; a tier the
   * rule does not name gets the default. */
  rule.n_tiers = 3;
  rule.names = g_ptr_array_new ();
  g_ptr_array_add (rule.names, &named);
  g_ptr_array_add (rule.names, &only_cn);
  e = kh_tier_name (&rule, 1, KH_LANG_ZH_TW);
  g_assert_cmpstr (e, ==, "優秀");
  f = kh_tier_name (&rule, 1, KH_LANG_EN);
  g_assert_cmpstr (f, ==, "Excellent");
  g = kh_tier_name (&rule, 2, KH_LANG_EN);
  g_assert_cmpstr (g, ==, "良好");
  h = kh_tier_name (&rule, 3, KH_LANG_ZH_CN);
  g_assert_cmpstr (h, ==, "第三等次");
  g_ptr_array_unref (rule.names);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/core/tier-name/numerals", test_numerals);
  g_test_add_func ("/core/tier-name/names", test_tier_names);
  return g_test_run ();
}
