/* kh-test-chart-data.c — demonstration datasets for chart tests and the benchmark
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "kh-test-chart-data.h"

const KhTestCity kh_test_cities[13] = {
  { "320100", "南京市", { 1, 1, 1 }, { 1, 1, 1 } },
  { "320500", "苏州市", { 2, 2, 2 }, { 1, 1, 1 } },
  { "320200", "无锡市", { 3, 4, 3 }, { 1, 1, 1 } },
  { "320600", "南通市", { 5, 3, 6 }, { 1, 1, 2 } },
  { "320400", "常州市", { 9, 9, 4 }, { 2, 2, 1 } },
  { "321300", "宿迁市", { 7, 5, 7 }, { 2, 1, 2 } },
  { "321000", "扬州市", { 4, 6, 5 }, { 1, 2, 1 } },
  { "321200", "泰州市", { 13, 13, 8 }, { 3, 3, 2 } },
  { "321100", "镇江市", { 6, 7, 9 }, { 2, 2, 2 } },
  { "320300", "徐州市", { 8, 8, 10 }, { 2, 2, 3 } },
  { "320900", "盐城市", { 10, 10, 11 }, { 3, 3, 3 } },
  { "320800", "淮安市", { 11, 11, 12 }, { 3, 3, 3 } },
  { "320700", "连云港市", { 12, 12, 13 }, { 3, 3, 3 } },
};

const char *const kh_test_dimensions[6] = {
  "经济发展", "改革开放", "城乡建设", "文化建设", "生态环境", "人民生活",
};

double
kh_test_score (int   rank,
               guint u,
               int   y)
{
  return 92.0 - 2.5 * (rank - 1) + 0.1 * ((7 * u + 3 * (guint) y) % 10);
}

static void
split_parts (KhChartData *data,
             KhChartUnit *unit,
             guint        u,
             int          y)
{
  double weights[16], sum = 0;

  g_assert (data->n_parts <= 16);
  for (int p = 0; p < data->n_parts; p++)
    sum += weights[p] = 1 + ((u + 3 * (guint) p) % 4) / 4.0;
  for (int p = 0; p < data->n_parts; p++)
    unit->parts[y * data->n_parts + p] = unit->scores[y] * weights[p] / sum;
}

KhChartData *
kh_test_cities_new (void)
{
  static const int years[] = { 2018, 2019, 2020 };
  KhChartData *data = kh_chart_data_new (3, years);

  data->title = g_strdup ("设区市综合考核 2018–2020（演示数据）");
  kh_chart_data_set_parts (data, 6, kh_test_dimensions);
  for (guint i = 0; i < G_N_ELEMENTS (kh_test_cities); i++)
    {
      KhChartUnit *unit = kh_chart_data_add_unit (data, kh_test_cities[i].id,
                                                  kh_test_cities[i].label);

      for (int y = 0; y < 3; y++)
        {
          unit->ranks[y] = kh_test_cities[i].r[y];
          unit->tiers[y] = kh_test_cities[i].t[y];
          unit->scores[y] = kh_test_score (unit->ranks[y], i, y);
          split_parts (data, unit, i, y);
        }
    }
  return data;
}

KhChartData *
kh_test_group_new (guint   n_units,
                   int     n_years,
                   guint32 seed)
{
  static const char *const papers[] = { "高质量发展", "党的建设", "满意度" };
  g_autofree int *years = g_new (int, n_years);
  g_autofree int *perm = g_new (int, n_units);
  GRand *rand = g_rand_new_with_seed (seed);
  KhChartData *data;

  for (int y = 0; y < n_years; y++)
    years[y] = 2020 - (n_years - 1) + y;
  data = kh_chart_data_new (n_years, years);
  kh_chart_data_set_parts (data, 3, (const char *const *) papers);
  for (guint i = 0; i < n_units; i++)
    {
      g_autofree char *id = g_strdup_printf ("unit%04u", i);
      g_autofree char *label = g_strdup_printf ("省直单位%02u", i);

      kh_chart_data_add_unit (data, id, label);
    }
  for (int y = 0; y < n_years; y++)
    {
      /* Fisher–Yates with the fixed seed. */
      for (guint i = 0; i < n_units; i++)
        perm[i] = (int) i + 1;
      for (guint i = n_units - 1; i > 0; i--)
        {
          guint j = (guint) g_rand_int_range (rand, 0, (gint32) i + 1);
          int t = perm[i];

          perm[i] = perm[j];
          perm[j] = t;
        }
      for (guint i = 0; i < n_units; i++)
        {
          KhChartUnit *unit = g_ptr_array_index (data->units, i);

          unit->ranks[y] = perm[i];
          unit->tiers[y] = perm[i] * 5 <= (int) n_units ? 1 : perm[i] * 10 <= (int) n_units * 7 ? 2 : 3;
          unit->scores[y] = 95.0 - 30.0 * (perm[i] - 1) / MAX (n_units, 1);
          split_parts (data, unit, i, y);
        }
    }
  g_rand_free (rand);
  return data;
}
