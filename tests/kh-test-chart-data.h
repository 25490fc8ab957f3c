/* kh-test-chart-data.h — demonstration datasets for chart tests and the benchmark
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * DEMONSTRATION VALUES ONLY: the ranks, tiers, scores and parts below are made up to have
 * the shape of the real assessment (13 cities, 99 agencies, …), not taken from it.
 */
#pragma once

#include "charts/kh-chart-data.h"

G_BEGIN_DECLS

/* City i's ranks and tiers in 2018, 2019, 2020 (the cities dataset's units, in order). */
typedef struct
{
  const char *id, *label;
  int r[3], t[3];
} KhTestCity;

extern const KhTestCity kh_test_cities[13];
extern const char *const kh_test_dimensions[6];

/* Score of rank @rank for unit @u in year index @y: 92 − 2.5·(rank − 1) + 0.1·((7u + 3y) mod 10),
 * so a better rank always has a higher score. */
double       kh_test_score      (int rank,
                                 guint u,
                                 int y);

/* The 13 cities, 2018–2020, with scores and six dimension parts that add up to the score:
 * part p of unit u is score × w_p / Σw, w_p = 1 + ((u + 3p) mod 4) / 4. */
KhChartData *kh_test_cities_new (void);

/* @n_units units over @n_years years ending in 2020; each year a random permutation of
 * ranks (fixed @seed), tier 1 for the best 20 %, tier 2 to 70 %, three exam-paper parts. */
KhChartData *kh_test_group_new  (guint   n_units,
                                 int     n_years,
                                 guint32 seed);

/* Frees Pango's default font map and the cairo and fontconfig caches, so that the leak
 * checker sees only what the test itself failed to free. Call after g_test_run(). */
void         kh_test_charts_shutdown (void);

G_END_DECLS
