/* kh-bench-sensitivity.c — how fast the uncertainty and sensitivity analysis runs
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 *   kh-bench-sensitivity [PROJECT.kaohe] [--runs 10000] [--repeat 5]
 *
 * Two models, 10,000 runs of "weights ± 25 %" each (every weight varies; Sobol indices
 * of every unit's rank and of the group's ranking):
 *   (a) the 13 cities of the Jiangsu sample project, 2020 (the built sample by default),
 *       with their previous year, tiers and award;
 *   (b) a framework the size of COINr's ASEM example: 51 units, 49 indicators under 8
 *       pillars under 2 sub-indices under the index (four levels), min-max scores and
 *       arithmetic means, synthetic data with about 2 % missing.
 * For 1 and 2 threads it prints the wall time of the whole analysis (set-up, runs,
 * summary; median of --repeat) and checks that both give the same result; then the time
 * from the start to the first 1,000 runs' rank intervals, as the app shows them after a
 * weight edit. Built by meson, not run as a test.
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "analysis/kh-sensitivity.h"
#include "io/kh-project-compute.h"
#include "kh-bench-synth.h"

/* COINr's figure on this machine, quoted in issue 15: about 30 ms per replication. */
#define COINR_SECONDS_PER_RUN 0.030

static double
now_seconds (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_MONOTONIC, &ts);
  return ts.tv_sec + ts.tv_nsec * 1e-9;
}

static double
cpu_seconds (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_PROCESS_CPUTIME_ID, &ts);
  return ts.tv_sec + ts.tv_nsec * 1e-9;
}

static int
compare_doubles (const void *a,
                 const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static KhFramework *
asem_framework (void)
{
  KhFramework *fw = kh_framework_new ();
  KhGroup *group = kh_group_new ("asem");
  const double shares[] = { 0.2, 0.4 };
  guint i = 0;

  fw->id = g_strdup ("asem-sized");
  fw->year = 2020;
  fw->root->aggregation = KH_AGG_MEAN;
  for (guint s = 0; s < 2; s++)
    {
      g_autofree char *sid = g_strdup_printf ("sub%u", s + 1);
      KhNode *sub = kh_node_new (KH_NODE_PAPER, sid);

      sub->aggregation = KH_AGG_MEAN;
      kh_node_append (fw->root, sub);
      for (guint p = 0; p < 4; p++)
        {
          guint pillar = s * 4 + p;
          g_autofree char *pid = g_strdup_printf ("pillar%u", pillar + 1);
          KhNode *pn = kh_node_new (KH_NODE_DIMENSION, pid);

          pn->aggregation = KH_AGG_MEAN;
          kh_node_append (sub, pn);
          for (guint k = 0; k < (pillar == 7 ? 7u : 6u); k++, i++)
            {
              g_autofree char *iid = g_strdup_printf ("x%u", i + 1);
              KhNode *ind = kh_node_new (KH_NODE_INDICATOR, iid);

              ind->scoring.method = KH_METHOD_MINMAX;
              kh_node_append (pn, ind);
            }
        }
    }
  g_assert (i == 49);
  group->tiers.mode = KH_TIER_BY_SHARE;
  group->tiers.n_tiers = 3;
  g_array_append_vals (group->tiers.values, shares, 2);
  g_ptr_array_add (fw->groups, group);
  return fw;
}

typedef struct
{
  double start;
  guint rows_wanted;
  double at; /* seconds from start to the first 1,000 runs' summary */
  KhSensitivityResult *early;
} Early;

static void
early_cb (KhSensitivity *s,
          guint          rows_done,
          guint          n_rows,
          gpointer       user_data)
{
  Early *early = user_data;

  if (early->early != NULL || rows_done < early->rows_wanted)
    return;
  early->early = kh_sensitivity_get_result (s, early->rows_wanted);
  early->at = now_seconds () - early->start;
}

/* One whole analysis; returns its wall time and the result. */
static double
analyse (KhPlan               *plan,
         guint                 runs,
         guint                 threads,
         KhSensitivityResult **result,
         Early                *early,
         double               *cpu)
{
  g_autoptr (KhSensitivitySpec) spec = kh_sensitivity_spec_new_weights (0.25);
  g_autoptr (KhSensitivity) s = NULL;
  g_autoptr (GError) error = NULL;
  double t0 = now_seconds (), c0 = cpu_seconds ();

  spec->runs = runs;
  if (early != NULL)
    early->start = t0;
  s = kh_sensitivity_new (plan, NULL, spec, &error);
  if (s == NULL)
    g_error ("%s", error->message);
  kh_sensitivity_set_threads (s, threads);
  if (early != NULL)
    early->rows_wanted = (1000 + kh_sensitivity_get_n_inputs (s) + 1) / (kh_sensitivity_get_n_inputs (s) + 2);
  if (!kh_sensitivity_run (s, early != NULL ? early_cb : NULL, early, &error))
    g_error ("%s", error->message);
  *result = kh_sensitivity_get_result (s, 0);
  if (cpu != NULL)
    *cpu = cpu_seconds () - c0;
  return now_seconds () - t0;
}

static gboolean
same_result (const KhSensitivityResult *a,
             const KhSensitivityResult *b)
{
  if (a->n_units != b->n_units || a->n_inputs != b->n_inputs)
    return FALSE;
  for (guint k = 0; k < a->n_units; k++)
    if (a->units[k].median != b->units[k].median || a->units[k].lo != b->units[k].lo
        || a->units[k].hi != b->units[k].hi
        || memcmp (a->units[k].total, b->units[k].total, a->n_inputs * sizeof (double)) != 0)
      return FALSE;
  return memcmp (&a->mean_shift, &b->mean_shift, sizeof (double)) == 0;
}

static void
bench_model (const char *title,
             KhPlan     *plan,
             guint       runs,
             guint       repeat,
             double      target)
{
  KhSensitivityResult *reference = NULL;
  gboolean same = TRUE;
  double engine, aggregation;

  /* the engine alone, for scale: one recompute of the nominal plan */
  {
    g_autoptr (KhPlan) copy = kh_plan_copy (plan);
    double t0 = cpu_seconds ();

    for (guint r = 0; r < 2000; r++)
      kh_plan_compute (copy);
    engine = (cpu_seconds () - t0) / 2000;
    t0 = cpu_seconds ();
    for (guint r = 0; r < 2000; r++)
      kh_plan_compute_aggregation (copy);
    aggregation = (cpu_seconds () - t0) / 2000;
  }
  printf ("%s\n  engine: one recompute %.1f µs CPU, from aggregation on %.1f µs CPU\n", title,
          engine * 1e6, aggregation * 1e6);

  for (guint threads = 1; threads <= 2; threads++)
    {
      g_autofree double *times = g_new (double, repeat);
      g_autofree double *cpus = g_new (double, repeat);
      KhSensitivityResult *result = NULL;

      for (guint r = 0; r < repeat; r++)
        {
          times[r] = analyse (plan, runs, threads, &result, NULL, &cpus[r]);
          if (reference == NULL)
            {
              reference = result;
              printf ("  %u inputs, %u runs (%u rows), design %s, mean absolute rank shift %.3f\n",
                      reference->n_inputs, reference->n_runs, reference->n_rows,
                      kh_design_kind_to_string (reference->design), reference->mean_shift);
            }
          else
            {
              same = same && same_result (reference, result);
              kh_sensitivity_result_free (result);
            }
        }
      qsort (times, repeat, sizeof (double), compare_doubles);
      qsort (cpus, repeat, sizeof (double), compare_doubles);
      printf ("  %u thread%s: %.1f ms wall, %.1f ms CPU (medians of %u; %.2f µs CPU per run)%s\n",
              threads, threads > 1 ? "s" : " ", times[repeat / 2] * 1e3, cpus[repeat / 2] * 1e3,
              repeat, cpus[repeat / 2] / reference->n_runs * 1e6,
              threads == 2 ? (times[repeat / 2] < target ? "  target met" : "  TARGET MISSED") : "");
      if (threads == 2)
        printf ("  COINr at 30 ms per replication: %.0f s for these runs; Kaohe is %.0f× faster\n",
                reference->n_runs * COINR_SECONDS_PER_RUN,
                reference->n_runs * COINR_SECONDS_PER_RUN / times[repeat / 2]);
    }
  printf ("  1 and 2 threads give the same result: %s\n", same ? "yes" : "NO");

  {
    g_autofree double *times = g_new (double, repeat);

    for (guint r = 0; r < repeat; r++)
      {
        Early early = { 0 };
        KhSensitivityResult *result = NULL;

        analyse (plan, runs, 2, &result, &early, NULL);
        times[r] = early.at;
        kh_sensitivity_result_free (early.early);
        kh_sensitivity_result_free (result);
      }
    qsort (times, repeat, sizeof (double), compare_doubles);
    printf ("  first 1,000 runs' rank intervals after %.1f ms (2 threads, median of %u)\n\n",
            times[repeat / 2] * 1e3, repeat);
  }
  kh_sensitivity_result_free (reference);
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *project_path = g_build_filename (KH_BUILD_DATADIR, "samples",
                                                    "jiangsu-sample.kaohe", NULL);
  guint runs = 10000, repeat = 5;

  for (int i = 1; i < argc; i++)
    {
      if (strcmp (argv[i], "--runs") == 0 && i + 1 < argc)
        runs = (guint) g_ascii_strtoull (argv[++i], NULL, 10);
      else if (strcmp (argv[i], "--repeat") == 0 && i + 1 < argc)
        {
          repeat = (guint) g_ascii_strtoull (argv[++i], NULL, 10);
          repeat = MAX (repeat, 1);
        }
      else
        {
          g_free (project_path);
          project_path = g_strdup (argv[i]);
        }
    }
  printf ("kh-bench-sensitivity: %u runs of weights ± 25 %%, %u processors online\n\n", runs,
          g_get_num_processors ());

  {
    g_autoptr (GError) error = NULL;
    KhProject *project = kh_project_open (project_path, &error);
    g_autoptr (KhPlan) plan = NULL;

    if (project != NULL)
      plan = kh_project_compute_category (project, 2020, "city", &error);
    if (plan == NULL)
      printf ("(a) skipped: %s\n\n", error->message);
    else
      bench_model ("(a) Jiangsu sample, 13 cities, 2020 (target < 100 ms wall):", plan, runs,
                   repeat, 0.100);
    if (project != NULL)
      kh_project_close (project);
  }
  {
    g_autoptr (KhFramework) fw = asem_framework ();
    g_autoptr (KhDataset) ds = kh_bench_dataset (fw, 51, 2020, 17);
    g_autoptr (GError) error = NULL;
    g_autoptr (KhPlan) plan = kh_plan_new (fw, ds, NULL, &error);

    g_assert_no_error (error);
    bench_model ("(b) ASEM-sized: 51 units × 49 indicators, 4 levels (target < 300 ms wall):",
                 plan, runs, repeat, 0.300);
  }
  return 0;
}
