/* kh-bench-engine.c — how fast the scoring engine is, and how much memory it needs
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 *   kh-bench-engine [--units 3000] [--indicators 200] [--years 10] [--groups 10]
 *
 * Prints: full recompute time of the Jiangsu sample frameworks (all four categories,
 * one year, synthetic data for 13 + 99 + 73 + 96 units) and of a Jiangsu-sized
 * synthetic set with 50 indicators per category; indicator values scored per second
 * on the large set (units × indicators × years, one core); peak memory against the
 * raw data. Every figure is also checked for bit-for-bit repeatability.
 * Built by meson, not run as a test (`ninja -C BUILD tests/bench/kh-bench-engine`).
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "core/kh-engine.h"
#include "io/kh-framework-xml.h"
#include "kh-bench-synth.h"

static double
now_seconds (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_MONOTONIC, &ts);
  return ts.tv_sec + ts.tv_nsec * 1e-9;
}

static double
peak_rss_bytes (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  return usage.ru_maxrss * 1024.0;
}

static guint
count_indicators (KhPlan *plan)
{
  guint n = 0;

  for (guint i = 0; i < kh_plan_get_n_nodes (plan); i++)
    if (kh_plan_get_node (plan, i)->kind == KH_NODE_INDICATOR)
      n++;
  return n;
}

static gboolean
same_results (KhPlan *plan,
              double *saved)
{
  gboolean same = TRUE;

  for (guint u = 0; u < kh_plan_get_n_units (plan); u++)
    {
      double t = kh_plan_get_total (plan, u);

      if (memcmp (&t, &saved[u], sizeof t) != 0)
        same = FALSE;
    }
  return same;
}

/* Recomputes @plans together @repeat times; returns the median time of one round. */
static double
time_rounds (KhPlan **plans,
             guint    n_plans,
             guint    repeat,
             gboolean *deterministic)
{
  g_autofree double *times = g_new (double, repeat);
  g_autoptr (GPtrArray) saved = g_ptr_array_new_with_free_func (g_free);

  for (guint p = 0; p < n_plans; p++)
    {
      double *totals = g_new (double, MAX (kh_plan_get_n_units (plans[p]), 1));

      kh_plan_compute (plans[p]);
      for (guint u = 0; u < kh_plan_get_n_units (plans[p]); u++)
        totals[u] = kh_plan_get_total (plans[p], u);
      g_ptr_array_add (saved, totals);
    }
  for (guint r = 0; r < repeat; r++)
    {
      double t0 = now_seconds ();

      for (guint p = 0; p < n_plans; p++)
        kh_plan_compute (plans[p]);
      times[r] = now_seconds () - t0;
    }
  *deterministic = TRUE;
  for (guint p = 0; p < n_plans; p++)
    if (!same_results (plans[p], saved->pdata[p]))
      *deterministic = FALSE;

  for (guint i = 1; i < repeat; i++) /* insertion sort: small */
    for (guint j = i; j > 0 && times[j - 1] > times[j]; j--)
      {
        double t = times[j];

        times[j] = times[j - 1];
        times[j - 1] = t;
      }
  return times[repeat / 2];
}

static const struct
{
  const char *category;
  guint n_units;
  guint n_groups;
} jiangsu[] = {
  { "city", 13, 1 },
  { "agency", 99, 5 },
  { "university", 73, 4 },
  { "county", 96, 1 },
};

static void
bench_sample (const char *source_root)
{
  KhPlan *plans[G_N_ELEMENTS (jiangsu)] = { NULL };
  guint n_plans = 0, n_values = 0;
  gboolean deterministic;
  double t;

  for (guint c = 0; c < G_N_ELEMENTS (jiangsu); c++)
    {
      g_autofree char *name = g_strdup_printf ("jiangsu-2020-%s.xml", jiangsu[c].category);
      g_autofree char *path = g_build_filename (source_root, "data", "frameworks", name, NULL);
      g_autoptr (GError) error = NULL;
      g_autoptr (KhFramework) fw = kh_framework_xml_load_file (path, &error);
      g_autoptr (KhDataset) prev_ds = NULL;
      g_autoptr (KhDataset) ds = NULL;
      g_autoptr (KhPlan) prev = NULL;

      if (fw == NULL)
        {
          printf ("  (sample %s not available: %s)\n", name, error->message);
          continue;
        }
      prev_ds = kh_bench_dataset (fw, jiangsu[c].n_units, 2019, 7 + c);
      ds = kh_bench_dataset (fw, jiangsu[c].n_units, 2020, 7 + c);
      prev = kh_plan_new (fw, prev_ds, NULL, &error);
      if (prev != NULL)
        plans[n_plans] = kh_plan_new (fw, ds, prev, &error);
      if (plans[n_plans] == NULL)
        {
          printf ("  (sample %s: %s)\n", name, error->message);
          continue;
        }
      n_values += jiangsu[c].n_units * count_indicators (plans[n_plans]);
      n_plans++;
    }
  if (n_plans == 0)
    return;
  t = time_rounds (plans, n_plans, 2001, &deterministic);
  printf ("Jiangsu sample frameworks (%u categories, 281 units, %u indicator values, one year):\n"
          "  full recompute %.1f µs (median of 2001), deterministic: %s\n",
          n_plans, n_values, t * 1e6, deterministic ? "yes" : "NO");
  for (guint p = 0; p < n_plans; p++)
    kh_plan_unref (plans[p]);
}

static void
bench_jiangsu_sized (void)
{
  KhPlan *plans[G_N_ELEMENTS (jiangsu)];
  guint n_values = 0;
  gboolean deterministic;
  double t;

  for (guint c = 0; c < G_N_ELEMENTS (jiangsu); c++)
    {
      g_autoptr (KhFramework) fw = kh_bench_framework (jiangsu[c].category, jiangsu[c].category,
                                                       50, 8, jiangsu[c].n_groups);
      g_autoptr (KhDataset) prev_ds = kh_bench_dataset (fw, jiangsu[c].n_units, 2019, 11 + c);
      g_autoptr (KhDataset) ds = kh_bench_dataset (fw, jiangsu[c].n_units, 2020, 11 + c);
      g_autoptr (KhPlan) prev = kh_plan_new (fw, prev_ds, NULL, NULL);

      g_assert (prev != NULL);
      plans[c] = kh_plan_new (fw, ds, prev, NULL);
      g_assert (plans[c] != NULL);
      n_values += jiangsu[c].n_units * 50;
    }
  t = time_rounds (plans, G_N_ELEMENTS (jiangsu), 2001, &deterministic);
  printf ("Jiangsu-sized synthetic set (13 + 99 + 73 + 96 units × 50 indicators = %u values):\n"
          "  full recompute %.1f µs (median of 2001), deterministic: %s\n",
          n_values, t * 1e6, deterministic ? "yes" : "NO");
  for (guint c = 0; c < G_N_ELEMENTS (jiangsu); c++)
    kh_plan_unref (plans[c]);
}

static void
bench_large (guint n_units,
             guint n_indicators,
             guint n_years,
             guint n_groups)
{
  g_autoptr (KhFramework) fw = kh_bench_framework ("large", "synthetic", n_indicators, 10, n_groups);
  g_autoptr (GPtrArray) years = g_ptr_array_new_with_free_func ((GDestroyNotify) kh_dataset_unref);
  g_autoptr (KhPlan) prev = NULL;
  double rss_before, gen_time, compile_time = 0, compute_time = 0, recompute_time = 0;
  gsize raw = 0;
  gboolean deterministic = TRUE;
  double t0;

  rss_before = peak_rss_bytes ();
  t0 = now_seconds ();
  for (guint y = 0; y < n_years; y++)
    {
      KhDataset *ds = kh_bench_dataset (fw, n_units, 2011 + (int) y, 2024);

      raw += kh_bench_dataset_bytes (ds);
      g_ptr_array_add (years, ds);
    }
  gen_time = now_seconds () - t0;

  /* Year by year, each plan with the previous one; the previous plan is released as
   * soon as the next is compiled (it copies what it needs). */
  for (guint y = 0; y < n_years; y++)
    {
      g_autoptr (GError) error = NULL;
      KhPlan *plan;
      double t1 = now_seconds (), t2, t3;

      plan = kh_plan_new (fw, years->pdata[y], prev, &error);
      g_assert_no_error (error);
      t2 = now_seconds ();
      kh_plan_compute (plan);
      t3 = now_seconds ();
      compile_time += t2 - t1;
      compute_time += t3 - t2;
      {
        /* recompute (warm buffers), median of 5; identical to the bit every time */
        g_autofree double *totals = g_new (double, n_units);
        KhPlan *plans[1] = { plan };
        gboolean same;

        for (guint u = 0; u < n_units; u++)
          totals[u] = kh_plan_get_total (plan, u);
        recompute_time += time_rounds (plans, 1, 5, &same);
        deterministic = deterministic && same && same_results (plan, totals);
      }
      g_clear_pointer (&prev, kh_plan_unref);
      prev = plan;
    }

  {
    double values = (double) n_units * n_indicators * n_years;
    double peak = peak_rss_bytes ();

    printf ("Large synthetic set (%u units × %u indicators × %u years = %.0f values, %u groups):\n",
            n_units, n_indicators, n_years, values, n_groups);
    printf ("  data generated in %.2f s; plans compiled in %.1f ms in all\n", gen_time,
            compile_time * 1e3);
    printf ("  full pipeline, first compute of each year's plan: %.1f ms for all years "
            "(%.1f million values/s)\n", compute_time * 1e3, values / compute_time / 1e6);
    printf ("  full pipeline, recompute: %.1f ms for all years, %.1f ms per year\n",
            recompute_time * 1e3, recompute_time * 1e3 / n_years);
    printf ("  indicator values scored per second (one core, whole pipeline, recompute): "
            "%.1f million\n", values / recompute_time / 1e6);
    printf ("  deterministic: %s\n", deterministic ? "yes" : "NO");
    printf ("  raw data %.1f MB; peak memory (RSS) %.1f MB = %.2f × raw "
            "(%.1f MB before the large set)\n",
            raw / 1e6, peak / 1e6, peak / raw, rss_before / 1e6);
  }
}

int
main (int    argc,
      char **argv)
{
  int units = 3000, indicators = 200, years = 10, groups = 10;
  gboolean skip_small = FALSE;
  GOptionEntry entries[] = {
    { "units", 0, 0, G_OPTION_ARG_INT, &units, "Units of the large set", "N" },
    { "indicators", 0, 0, G_OPTION_ARG_INT, &indicators, "Indicators of the large set", "N" },
    { "years", 0, 0, G_OPTION_ARG_INT, &years, "Years of the large set", "N" },
    { "groups", 0, 0, G_OPTION_ARG_INT, &groups, "Peer groups of the large set", "N" },
    { "large-only", 0, 0, G_OPTION_ARG_NONE, &skip_small, "Only the large set", NULL },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr (GOptionContext) context = g_option_context_new (NULL);
  g_autoptr (GError) error = NULL;
  const char *source_root = g_getenv ("KH_SOURCE_ROOT");

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || units < 1 || indicators < 1
      || years < 1 || groups < 1)
    {
      fprintf (stderr, "kh-bench-engine: %s\n", error != NULL ? error->message : "bad sizes");
      return 2;
    }

  if (!skip_small)
    {
      bench_sample (source_root != NULL ? source_root : KH_BENCH_SOURCE_ROOT);
      bench_jiangsu_sized ();
    }
  bench_large ((guint) units, (guint) indicators, (guint) years, (guint) groups);
  return 0;
}
