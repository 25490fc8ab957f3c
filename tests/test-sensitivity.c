/* test-sensitivity.c — Saltelli designs, Jansen estimators and the rank-robustness analysis
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Expected values are worked out in the comments: an additive function whose Sobol
 * indices are known in closed form, rankings that depend on one input only, a unit far
 * ahead of the others, and the same analysis run with another seed or thread count.
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "analysis/kh-analysis.h"
#include "analysis/kh-saltelli.h"
#include "analysis/kh-sensitivity.h"
#include "bench/kh-bench-synth.h"

/* ---- fixtures ------------------------------------------------------------------- */

static KhNode *
add_node (KhNode     *parent,
          KhNodeKind  kind,
          const char *id,
          double      points,
          double      weight)
{
  KhNode *node = kh_node_new (kind, id);

  node->points = points;
  node->weight = weight;
  kh_node_append (parent, node);
  return node;
}

/* Indicator scored by goalposts [0, 100]: score = P · x / 100 whatever the others do. */
static KhNode *
add_linear (KhNode     *parent,
            const char *id)
{
  KhNode *node = add_node (parent, KH_NODE_INDICATOR, id, 100, 1);

  node->scoring.method = KH_METHOD_GOALPOSTS;
  node->scoring.lo = 0;
  node->scoring.hi = 100;
  return node;
}

static KhDataset *
dataset_new (guint              n_units,
             const char *const *fields,
             const double      *values)
{
  KhDataset *ds = kh_dataset_new (2020);
  guint n_fields = g_strv_length ((char **) fields);

  for (guint u = 0; u < n_units; u++)
    {
      g_autofree char *id = g_strdup_printf ("U%u", u + 1);

      kh_dataset_add_unit (ds, id, id, NULL);
    }
  for (guint f = 0; f < n_fields; f++)
    {
      guint index = kh_dataset_add_field (ds, fields[f]);

      for (guint u = 0; u < n_units; u++)
        kh_dataset_set (ds, u, index, values[u * n_fields + f]);
    }
  return ds;
}

/* total (mean) ─ d1 (mean) ─ i1, i2
 *              └ d2 (mean) ─ i3
 * with a group "g" of two tiers by count (1 unit in the first). */
static KhFramework *
two_dimensions (void)
{
  KhFramework *fw = kh_framework_new ();
  KhNode *d1, *d2;
  KhGroup *group = kh_group_new ("g");
  double first = 1;

  fw->id = g_strdup ("test");
  fw->year = 2020;
  fw->root->aggregation = KH_AGG_MEAN;
  d1 = add_node (fw->root, KH_NODE_DIMENSION, "d1", 100, 1);
  d1->aggregation = KH_AGG_MEAN;
  d2 = add_node (fw->root, KH_NODE_DIMENSION, "d2", 100, 1);
  d2->aggregation = KH_AGG_MEAN;
  add_linear (d1, "i1");
  add_linear (d1, "i2");
  add_linear (d2, "i3");
  group->tiers.n_tiers = 2;
  g_array_append_val (group->tiers.values, first);
  g_ptr_array_add (fw->groups, group);
  return fw;
}

static KhPlan *
plan_new (KhFramework *fw,
          KhDataset   *ds)
{
  g_autoptr (GError) error = NULL;
  KhPlan *plan = kh_plan_new (fw, ds, NULL, &error);

  g_assert_no_error (error);
  kh_plan_compute (plan);
  return plan;
}

static KhSensitivity *
sensitivity_new (KhPlan     *plan,
                 const char *spec_text)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (KhSensitivitySpec) spec = kh_sensitivity_spec_parse (spec_text, -1, "spec", &error);
  KhSensitivity *s;

  g_assert_no_error (error);
  s = kh_sensitivity_new (plan, NULL, spec, &error);
  g_assert_no_error (error);
  return s;
}

static KhSensitivityResult *
run (KhSensitivity *s)
{
  g_autoptr (GError) error = NULL;

  g_assert_true (kh_sensitivity_run (s, NULL, NULL, &error));
  g_assert_no_error (error);
  return kh_sensitivity_get_result (s, 0);
}

static char *
refusal (KhPlan     *plan,
         const char *spec_text)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (KhSensitivitySpec) spec = kh_sensitivity_spec_parse (spec_text, -1, "spec", &error);
  g_autoptr (KhSensitivity) s = NULL;

  g_assert_no_error (error);
  s = kh_sensitivity_new (plan, NULL, spec, &error);
  g_assert_null (s);
  g_assert_error (error, KH_ANALYSIS_ERROR, KH_ANALYSIS_ERROR_SPEC);
  return g_strdup (error->message);
}

/* ---- the design and the estimators -------------------------------------------------- */

/* Y = Σ aᵢ·Xᵢ with Xᵢ uniform on [0, 1): Var Y = Σ aᵢ²/12 and Var E[Y | Xᵢ] = aᵢ²/12, so
 * Sᵢ = aᵢ² / Σ aⱼ² and, with no interaction, Sᴛᵢ = Sᵢ. For a = (1, 2, 3): 1/14, 4/14, 9/14. */
static void
test_additive (void)
{
  const double a[3] = { 1, 2, 3 };
  const guint dims[3] = { 1, 1, 1 };
  const double expected[3] = { 1.0 / 14, 4.0 / 14, 9.0 / 14 };
  g_autoptr (GError) error = NULL;
  g_autoptr (KhDesign) design = kh_design_new (KH_DESIGN_SOBOL, dims, 3, 4096, 7, &error);
  guint n_runs;
  g_autofree double *y = NULL;
  double first[3], total[3], variance, point[3];

  g_assert_no_error (error);
  n_runs = kh_design_get_n_runs (design);
  g_assert_cmpuint (n_runs, ==, 4096 * 5);
  y = g_new (double, n_runs);
  for (guint r = 0; r < n_runs; r++)
    {
      kh_design_get_point (design, r, point);
      y[r] = a[0] * point[0] + a[1] * point[1] + a[2] * point[2];
    }
  kh_jansen_indices (y, 1, 4096, 3, first, total, &variance);
  /* Var Y = (1 + 4 + 9) / 12 = 1.1667 */
  g_assert_cmpfloat_with_epsilon (variance, 14.0 / 12, 0.01);
  for (guint i = 0; i < 3; i++)
    {
      g_assert_cmpfloat_with_epsilon (first[i], expected[i], 0.01);
      g_assert_cmpfloat_with_epsilon (total[i], expected[i], 0.01);
    }
}

/* A design of 10 rows starts like one of 1,000 (same seed); another seed shifts it. */
static void
test_design_prefix (void)
{
  const guint dims[2] = { 2, 1 };
  g_autoptr (KhDesign) small = kh_design_new (KH_DESIGN_SOBOL, dims, 2, 10, 3, NULL);
  g_autoptr (KhDesign) large = kh_design_new (KH_DESIGN_SOBOL, dims, 2, 1000, 3, NULL);
  g_autoptr (KhDesign) other = kh_design_new (KH_DESIGN_SOBOL, dims, 2, 10, 4, NULL);
  double p[3], q[3], o[3];

  g_assert_cmpuint (kh_design_get_n_dims (small), ==, 3);
  for (guint r = 0; r < kh_design_get_n_runs (small); r++)
    {
      kh_design_get_point (small, r, p);
      kh_design_get_point (large, r, q);
      kh_design_get_point (other, r, o);
      g_assert_cmpmem (p, sizeof p, q, sizeof q);
      g_assert_true (p[0] != o[0]);
      for (guint d = 0; d < 3; d++)
        g_assert_true (p[d] >= 0 && p[d] < 1);
    }
  /* run 2 of a row is A with input 0's two coordinates from B: it shares the third
   * coordinate with run 0 (A) and the first two with run 1 (B). */
  {
    double a[3], b[3], ab[3];

    kh_design_get_point (small, 5 * 4 + 0, a);
    kh_design_get_point (small, 5 * 4 + 1, b);
    kh_design_get_point (small, 5 * 4 + 2, ab);
    g_assert_cmpfloat (ab[0], ==, b[0]);
    g_assert_cmpfloat (ab[1], ==, b[1]);
    g_assert_cmpfloat (ab[2], ==, a[2]);
  }
}

static void
test_design_too_many_dims (void)
{
  guint dims[2] = { 15, 6 };
  g_autoptr (GError) error = NULL;
  g_autoptr (KhDesign) design = kh_design_new (KH_DESIGN_SOBOL, dims, 2, 10, 1, &error);

  /* 21 quantities need 42 Sobol coordinates; GSL has 40. */
  g_assert_null (design);
  g_assert_error (error, KH_ANALYSIS_ERROR, KH_ANALYSIS_ERROR_SPEC);
  g_assert_nonnull (strstr (error->message, "21"));
  g_assert_nonnull (strstr (error->message, "halton"));
}

/* ---- rankings ---------------------------------------------------------------------- */

/* U1 = (100, 100, 100) scores 100 whatever the weights; U2..U4 stay below 80:
 * U1 is first in every run, so its interval is [1, 1] and its tier is always 1. */
static void
test_far_ahead (void)
{
  const char *fields[] = { "i1", "i2", "i3", NULL };
  const double values[] = { 100, 100, 100, 70, 20, 50, 30, 60, 40, 50, 45, 60 };
  g_autoptr (KhFramework) fw = two_dimensions ();
  g_autoptr (KhDataset) ds = dataset_new (4, fields, values);
  g_autoptr (KhPlan) plan = plan_new (fw, ds);
  g_autoptr (KhSensitivity) s = sensitivity_new (plan, "[sensitivity]\nweights = 25%\nruns = 2000\n");
  g_autoptr (KhSensitivityResult) result = run (s);
  const KhSensitivityUnit *u1 = &result->units[0];

  /* inputs: the children of total (d1, d2) and of d1 (i1, i2); d2 has one child */
  g_assert_cmpuint (result->n_inputs, ==, 2);
  g_assert_cmpstr (result->input_names[0], ==, "weights:total");
  g_assert_cmpstr (result->input_names[1], ==, "weights:d1");
  /* 2,000 runs of 4 per row: 500 rows */
  g_assert_cmpuint (result->n_runs, ==, 2000);
  g_assert_true (result->complete);
  g_assert_cmpstr (u1->id, ==, "U1");
  g_assert_cmpint (u1->nominal_rank, ==, 1);
  g_assert_cmpint (u1->lo, ==, 1);
  g_assert_cmpint (u1->median, ==, 1);
  g_assert_cmpint (u1->hi, ==, 1);
  g_assert_cmpuint (u1->counts[1], ==, 2000);
  g_assert_cmpfloat (u1->p_tier[0], ==, 1.0);
  /* its rank never changes: no variance, no index */
  g_assert_true (isnan (u1->first[0]) && isnan (u1->total[1]));
  for (guint k = 1; k < result->n_units; k++)
    {
      g_assert_cmpint (result->units[k].lo, >=, 2);
      g_assert_cmpfloat (result->units[k].p_tier[0], ==, 0.0);
      g_assert_cmpfloat (result->units[k].p_tier[1], ==, 1.0);
    }
}

/* U1 = (100, 0, 50), U2 = (0, 100, 50). d2 (i3) is the same for both, so the order depends
 * on d1 only: U1 leads iff w(i1) > w(i2), whatever the weights of d1 and d2 (the score
 * is (w₁·s_d1 + w₂·50)/(w₁ + w₂), increasing in s_d1). Input "inner" (i1, i2) decides
 * everything, input "outer" (d1, d2) nothing. With the A_B matrices: f(A_B^inner) has
 * every coordinate that matters from B, so it equals f(B) and S_inner = (V − 0)/V = 1
 * exactly; f(A_B^outer) equals f(A), so Sᴛ_outer = 0 exactly. The other two are
 * estimates: Sᴛ_inner = E(f(A) − f(B))²/2V ≈ 1 and S_outer ≈ 0. */
static void
test_one_input_decides (void)
{
  const char *fields[] = { "i1", "i2", "i3", NULL };
  const double values[] = { 100, 0, 50, 0, 100, 50 };
  g_autoptr (KhFramework) fw = two_dimensions ();
  g_autoptr (KhDataset) ds = dataset_new (2, fields, values);
  g_autoptr (KhPlan) plan = plan_new (fw, ds);
  g_autoptr (KhSensitivity) s = sensitivity_new (plan,
                                                 "[sensitivity]\nruns = 4000\n"
                                                 "[input outer]\nkind = weights\nchildren = total\nrange = 25%\n"
                                                 "[input inner]\nkind = weights\nnodes = i1; i2\nrange = 25%\n");
  g_autoptr (KhSensitivityResult) result = run (s);
  int k = kh_sensitivity_result_find_unit (result, "U1");
  const KhSensitivityUnit *u1 = &result->units[k];

  g_assert_cmpint (k, >=, 0);
  g_assert_cmpuint (result->n_inputs, ==, 2);
  g_assert_cmpfloat (u1->first[1], ==, 1.0);
  g_assert_cmpfloat (u1->total[0], ==, 0.0);
  g_assert_cmpfloat_with_epsilon (u1->total[1], 1.0, 0.1);
  g_assert_cmpfloat_with_epsilon (u1->first[0], 0.0, 0.1);
  /* U1 leads half the time (w(i1) > w(i2) with probability 1/2); ranks 1 or 2 */
  g_assert_cmpfloat_with_epsilon ((double) u1->counts[1] / result->n_runs, 0.5, 0.05);
  g_assert_cmpint (u1->lo, ==, 1);
  g_assert_cmpint (u1->hi, ==, 2);
}

/* The parameters of a run are the design's point read through the declared inputs:
 * w = nominal · (1 + r·(2x − 1)) under a mean (no scaling back). */
static void
test_parameters (void)
{
  const char *fields[] = { "i1", "i2", "i3", NULL };
  const double values[] = { 100, 0, 50, 0, 100, 50, 30, 30, 30 };
  g_autoptr (KhFramework) fw = two_dimensions ();
  g_autoptr (KhDataset) ds = dataset_new (3, fields, values);
  g_autoptr (KhPlan) plan = plan_new (fw, ds);
  g_autoptr (KhSensitivity) s = sensitivity_new (plan,
                                                 "[sensitivity]\nruns = 40\nseed = 9\n"
                                                 "[input inner]\nkind = weights\nnodes = i1; i2\nrange = 20%\n"
                                                 "[input out]\nkind = leave-out\nindicators = i1, i3\n");
  const guint dims[2] = { 2, 1 };
  g_autoptr (KhDesign) design = kh_design_new (KH_DESIGN_SOBOL, dims, 2, 10, 9, NULL);

  /* the weights the runs set: i1 and i2 (varied), i3 (it may be left out) */
  g_assert_cmpuint (kh_sensitivity_get_n_parameters (s), ==, 4);
  g_assert_cmpstr (kh_sensitivity_get_parameter_name (s, 0), ==, "weight:i1");
  g_assert_cmpstr (kh_sensitivity_get_parameter_name (s, 1), ==, "weight:i2");
  g_assert_cmpstr (kh_sensitivity_get_parameter_name (s, 2), ==, "weight:i3");
  g_assert_cmpstr (kh_sensitivity_get_parameter_name (s, 3), ==, "leave_out:out");
  for (guint r = 0; r < kh_sensitivity_get_n_runs (s); r++)
    {
      g_autoptr (GPtrArray) values_r = kh_sensitivity_get_run_parameters (s, r);
      g_autofree char *matrix = kh_sensitivity_get_run_matrix (s, r);
      double x[3], w1;
      guint choice;
      const char *expected_out;

      kh_design_get_point (design, r, x);
      w1 = 1.0 + 0.2 * (2 * x[0] - 1);
      /* three choices: nothing, i1, i3 */
      choice = MIN ((guint) (x[2] * 3), 2);
      expected_out = choice == 0 ? "" : choice == 1 ? "i1" : "i3";
      if (choice == 1)
        w1 = 0;
      g_assert_cmpfloat_with_epsilon (g_ascii_strtod (values_r->pdata[0], NULL), w1, 1e-5);
      g_assert_cmpstr (values_r->pdata[2], ==, choice == 2 ? "0" : "1");
      g_assert_cmpstr (values_r->pdata[3], ==, expected_out);
      g_assert_cmpstr (matrix, ==, r % 4 == 0 ? "A" : r % 4 == 1 ? "B" : r % 4 == 2 ? "AB:inner" : "AB:out");
    }
}

/* ---- refusals ---------------------------------------------------------------------- */

static void
test_refusals (void)
{
  const char *fields[] = { "i1", "i2", "i3", NULL };
  const double values[] = { 100, 0, 50, 0, 100, 50, 30, 30, 30 };
  g_autoptr (KhFramework) fw = two_dimensions ();
  g_autoptr (KhDataset) ds = dataset_new (3, fields, values);
  g_autoptr (KhPlan) plan = plan_new (fw, ds);
  struct
  {
    const char *spec;
    const char *reason;
  } cases[] = {
    { "[input a]\nkind = weights\nnodes = nowhere\nrange = 25%\n", "spec:1: there is no node “nowhere”" },
    /* i3 is d2's only child: its weight divides out of the mean */
    { "[input a]\nkind = weights\nnodes = i3\nrange = 25%\n", "spec:1: “i3” is the only child of “d2”" },
    { "[input a]\nkind = weights\nnodes = total\nrange = 25%\n", "spec:1: “total” is the root" },
    { "\n[input a]\nkind = weights\nnodes = i1\nrange = 25%\n[input b]\nkind = weights\nnodes = i1\nrange = 10%\n",
      "spec:6: the weight of “i1” already varies in input “a”" },
    /* no value is missing in the group */
    { "[input a]\nkind = missing\nindicator = i1\nalternatives = zero\n", "spec:1: “i1” has no missing value in group g" },
    { "[input a]\nkind = method\nindicator = i1\nalternatives = goalposts(lo=0, hi=100)\n",
      "spec:1: “i1” scored by goalposts is the nominal method" },
    { "[input a]\nkind = method\nindicator = i1\nalternatives = target-ratio\n",
      "spec:1: indicator “i1”: target-ratio needs a positive target" },
    { "[input a]\nkind = tiers\nrange = 0.5\n", "spec:1: tiers by count move by whole units" },
    { "[input a]\nkind = dirichlet\nparent = d2\nconcentration = 10\n", "spec:1: “d2” has fewer than two children" },
    { "[input a]\nkind = leave-out\nindicators = d1\n", "spec:1: there is no indicator “d1”" },
  };

  for (guint c = 0; c < G_N_ELEMENTS (cases); c++)
    {
      g_autofree char *message = refusal (plan, cases[c].spec);

      if (strstr (message, cases[c].reason) == NULL)
        g_error ("case %u: “%s” does not contain “%s”", c, message, cases[c].reason);
    }
}

static void
test_spec_syntax (void)
{
  struct
  {
    const char *spec;
    const char *message;
  } cases[] = {
    { "[sensitivity]\nruns = 0\n", "f.ini:2: runs: write a whole number" },
    { "[sensitivity]\nweights = 25\n", "f.ini:2: weights: write a percentage" },
    { "[sensitivity]\nweights = 25%\nweights = 30%\n", "f.ini:3: “weights” is set twice in [sensitivity] (first on line 2)" },
    { "[input a]\nkind = weights\nnodes = x\nrange = 25%\ncolour = red\n", "f.ini:5: [input a] has no key “colour”" },
    { "[input a]\nkind = sideways\n", "f.ini:2: [input a]: unknown kind" },
    { "[input a]\nkind = method\nindicator = x\nalternatives = grades\n", "f.ini:4: alternatives: grades needs steps" },
    { "[input a]\nkind = missing\nindicator = x\nalternatives = guess\n", "f.ini:4: alternatives: unknown missing-data rule “guess”" },
    { "[input a]\nkind = weights\nrange = 25%\n", "f.ini:1: [input a] needs either “nodes” or “children”" },
    { "[colours]\n", "f.ini:1: unknown group [colours]" },
    { "runs = 5\n", "f.ini:1: “runs = 5” comes before any [group]" },
    { "[sensitivity]\nruns 5\n", "f.ini:2: expected “key = value”" },
    { "[sensitivity]\nruns = 10\n", "f.ini: the spec declares no uncertain input" },
  };

  for (guint c = 0; c < G_N_ELEMENTS (cases); c++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (KhSensitivitySpec) spec = kh_sensitivity_spec_parse (cases[c].spec, -1, "f.ini", &error);

      g_assert_null (spec);
      g_assert_error (error, KH_ANALYSIS_ERROR, KH_ANALYSIS_ERROR_SPEC);
      if (strstr (error->message, cases[c].message) == NULL)
        g_error ("case %u: “%s” does not contain “%s”", c, error->message, cases[c].message);
    }
}

static void
test_spec_values (void)
{
  const char *text = "# a spec\n[sensitivity]\nruns = 500\nseed = 42\ndesign = halton\n\n"
                     "[input Cut-offs]\nkind = tiers\nrange = 1\n"
                     "[input m]\nkind = method\nindicator = x\nalternatives = rank; zscore(mean=50, sd=10)\n";
  g_autoptr (GError) error = NULL;
  g_autoptr (KhSensitivitySpec) spec = kh_sensitivity_spec_parse (text, -1, "f.ini", &error);
  const KhUncertainInput *m;
  const KhScoring *z;

  g_assert_no_error (error);
  g_assert_cmpuint (spec->runs, ==, 500);
  g_assert_cmpuint (spec->seed, ==, 42);
  g_assert_true (spec->has_design);
  g_assert_cmpint (spec->design, ==, KH_DESIGN_HALTON);
  g_assert_cmpfloat (spec->weights, ==, 0);
  g_assert_cmpuint (spec->inputs->len, ==, 2);
  g_assert_cmpstr (((KhUncertainInput *) spec->inputs->pdata[0])->name, ==, "Cut-offs");
  g_assert_cmpuint (((KhUncertainInput *) spec->inputs->pdata[0])->line, ==, 7);
  m = spec->inputs->pdata[1];
  g_assert_cmpuint (m->methods->len, ==, 2);
  z = &g_array_index (m->methods, KhScoring, 1);
  g_assert_cmpint (z->method, ==, KH_METHOD_ZSCORE);
  g_assert_cmpfloat (z->mean, ==, 50);
  g_assert_cmpfloat (z->sd, ==, 10);
  g_assert_true (isnan (z->a));
}

/* The alternatives written back as the spec writes them: the parameters given, in the
 * parser's order (a b mean sd step lo hi target cap floor), numbers as written; rules by
 * name. Read again, the text gives the same methods. */
static void
test_spec_alternatives_text (void)
{
  const char *text = "[input m]\nkind = method\nindicator = x\n"
                     "alternatives = rank ; zscore(sd=10,mean=50); minmax(b=1.5, a=0); percentile\n"
                     "[input r]\nkind = missing\nindicator = x\nalternatives = zero;median\n"
                     "[input t]\nkind = tiers\nrange = 1\n";
  g_autoptr (GError) error = NULL;
  g_autoptr (KhSensitivitySpec) spec = kh_sensitivity_spec_parse (text, -1, "f.ini", &error);
  g_autofree char *methods = NULL, *rules = NULL, *tiers = NULL, *again = NULL;
  g_autoptr (KhSensitivitySpec) back = NULL;

  g_assert_no_error (error);
  methods = kh_uncertain_input_alternatives_text (spec->inputs->pdata[0]);
  rules = kh_uncertain_input_alternatives_text (spec->inputs->pdata[1]);
  tiers = kh_uncertain_input_alternatives_text (spec->inputs->pdata[2]);
  g_assert_cmpstr (methods, ==, "rank; zscore(mean=50, sd=10); minmax(a=0, b=1.5); percentile");
  g_assert_cmpstr (rules, ==, "zero; median");
  g_assert_cmpstr (tiers, ==, "");
  again = g_strdup_printf ("[input m]\nkind = method\nindicator = x\nalternatives = %s\n", methods);
  back = kh_sensitivity_spec_parse (again, -1, "g.ini", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (((KhUncertainInput *) back->inputs->pdata[0])->methods->len, ==, 4);
  g_assert_cmpmem (((KhUncertainInput *) back->inputs->pdata[0])->methods->data, 4 * sizeof (KhScoring),
                   ((KhUncertainInput *) spec->inputs->pdata[0])->methods->data, 4 * sizeof (KhScoring));
}

/* ---- reproducible, whatever the threads --------------------------------------------- */

typedef struct
{
  KhFramework *fw;
  KhDataset *ds;
  KhPlan *plan;
  char *spec;
} Synth;

/* 40 units, 24 indicators in dimensions of 6, one group with tiers by share and an
 * award; the spec varies every weight, one method, one missing-data rule, one indicator
 * left out and the cut-offs. */
static void
synth_init (Synth *s)
{
  g_autoptr (GError) error = NULL;
  const char *minmax = NULL, *missing = NULL;

  s->fw = kh_bench_framework ("synth", "city", 24, 6, 1);
  s->ds = kh_bench_dataset (s->fw, 40, 2020, 11);
  s->plan = kh_plan_new (s->fw, s->ds, NULL, &error);
  g_assert_no_error (error);
  kh_plan_compute (s->plan);
  for (guint n = 0; n < kh_plan_get_n_nodes (s->plan); n++)
    {
      const KhNode *node = kh_plan_get_node (s->plan, n);

      if (node->kind != KH_NODE_INDICATOR || node->formula != NULL)
        continue;
      if (minmax == NULL && node->scoring.method == KH_METHOD_MINMAX)
        minmax = node->id;
      for (guint u = 0; missing == NULL && u < kh_plan_get_n_units (s->plan); u++)
        if (isnan (kh_plan_get_value (s->plan, u, n, KH_STAGE_RAW)) && node->missing != KH_MISSING_ZERO)
          missing = node->id;
    }
  g_assert_nonnull (minmax);
  g_assert_nonnull (missing);
  s->spec = g_strdup_printf ("[sensitivity]\nweights = 25%%\nruns = 3000\nseed = 5\n"
                             "[input method]\nkind = method\nindicator = %s\nalternatives = rank; percentile\n"
                             "[input missing]\nkind = missing\nindicator = %s\nalternatives = zero\n"
                             "[input out]\nkind = leave-out\nindicators = *\n"
                             "[input cuts]\nkind = tiers\nrange = 0.1\n",
                             minmax, missing);
}

static void
synth_clear (Synth *s)
{
  kh_plan_unref (s->plan);
  kh_dataset_unref (s->ds);
  kh_framework_unref (s->fw);
  g_free (s->spec);
}

static void
assert_same_results (KhSensitivity       *a,
                     KhSensitivity       *b,
                     KhSensitivityResult *ra,
                     KhSensitivityResult *rb)
{
  g_assert_cmpuint (kh_sensitivity_get_n_runs (a), ==, kh_sensitivity_get_n_runs (b));
  for (guint r = 0; r < kh_sensitivity_get_n_runs (a); r++)
    for (guint k = 0; k < kh_sensitivity_get_n_units (a); k++)
      g_assert_cmpint (kh_sensitivity_get_run_rank (a, r, k), ==, kh_sensitivity_get_run_rank (b, r, k));
  g_assert_cmpuint (ra->n_units, ==, rb->n_units);
  for (guint k = 0; k < ra->n_units; k++)
    {
      const KhSensitivityUnit *x = &ra->units[k], *y = &rb->units[k];

      g_assert_cmpstr (x->id, ==, y->id);
      g_assert_cmpint (x->median, ==, y->median);
      g_assert_cmpmem (x->p_tier, ra->n_tiers * sizeof (double), y->p_tier, rb->n_tiers * sizeof (double));
      g_assert_cmpmem (x->first, ra->n_inputs * sizeof (double), y->first, rb->n_inputs * sizeof (double));
      g_assert_cmpmem (x->total, ra->n_inputs * sizeof (double), y->total, rb->n_inputs * sizeof (double));
    }
  g_assert_cmpmem (ra->first, ra->n_inputs * sizeof (double), rb->first, rb->n_inputs * sizeof (double));
  g_assert_cmpmem (&ra->mean_shift, sizeof (double), &rb->mean_shift, sizeof (double));
}

static void
test_threads (void)
{
  Synth synth;
  g_autoptr (KhSensitivity) one = NULL, two = NULL, again = NULL, other = NULL;
  g_autoptr (KhSensitivityResult) r1 = NULL, r2 = NULL, r3 = NULL, r4 = NULL;
  g_autofree char *other_spec = NULL;
  gboolean differs = FALSE;

  synth_init (&synth);
  one = sensitivity_new (synth.plan, synth.spec);
  two = sensitivity_new (synth.plan, synth.spec);
  again = sensitivity_new (synth.plan, synth.spec);
  kh_sensitivity_set_threads (two, 2);
  kh_sensitivity_set_threads (again, 1);
  r1 = run (one);
  r2 = run (two);
  r3 = run (again);
  /* 1 vs 2 threads, and the same seed twice: identical to the bit */
  assert_same_results (one, two, r1, r2);
  assert_same_results (one, again, r1, r3);
  /* every input was used: the group's ranking moves for each */
  for (guint i = 0; i < r1->n_inputs; i++)
    if (g_strcmp0 (r1->input_names[i], "cuts") != 0)
      g_assert_cmpfloat (r1->total[i], >, 0);

  /* another seed: another design, other ranks somewhere */
  other_spec = g_strdup (synth.spec);
  memcpy (strstr (other_spec, "seed = 5"), "seed = 6", 8);
  other = sensitivity_new (synth.plan, other_spec);
  r4 = run (other);
  for (guint r = 0; r < kh_sensitivity_get_n_runs (one) && !differs; r++)
    for (guint k = 0; k < kh_sensitivity_get_n_units (one); k++)
      differs = differs || kh_sensitivity_get_run_rank (one, r, k) != kh_sensitivity_get_run_rank (other, r, k);
  g_assert_true (differs);
  synth_clear (&synth);
}

/* The summary of the first rows is the summary of a shorter run with the same seed. */
static void
test_prefix (void)
{
  Synth synth;
  g_autoptr (KhSensitivity) full = NULL, part = NULL;
  g_autoptr (KhSensitivityResult) head = NULL, short_result = NULL;
  g_autofree char *short_spec = NULL;
  guint rows;

  synth_init (&synth);
  full = sensitivity_new (synth.plan, synth.spec);
  kh_sensitivity_set_threads (full, 2);
  g_assert_true (kh_sensitivity_run (full, NULL, NULL, NULL));
  short_spec = g_strdup (synth.spec);
  memcpy (strstr (short_spec, "runs = 3000"), "runs =  600", 11);
  part = sensitivity_new (synth.plan, short_spec);
  short_result = run (part);
  rows = kh_sensitivity_get_n_rows (part);
  head = kh_sensitivity_get_result (full, rows);
  g_assert_false (head->complete);
  g_assert_true (short_result->complete);
  assert_same_results (full, full, head, short_result);
  synth_clear (&synth);
}

static void
cancel_cb (KhSensitivity *s,
           guint          rows_done,
           guint          n_rows,
           gpointer       user_data)
{
  guint *calls = user_data;

  (*calls)++;
  g_assert_cmpuint (rows_done, <=, n_rows);
  kh_sensitivity_cancel (s);
}

static void
test_cancel (void)
{
  Synth synth;
  g_autoptr (KhSensitivity) s = NULL;
  g_autoptr (GError) error = NULL;
  guint calls = 0;

  synth_init (&synth);
  s = sensitivity_new (synth.plan, synth.spec);
  g_assert_false (kh_sensitivity_run (s, cancel_cb, &calls, &error));
  g_assert_error (error, KH_ANALYSIS_ERROR, KH_ANALYSIS_ERROR_CANCELLED);
  g_assert_cmpuint (calls, ==, 1);
  g_assert_cmpuint (kh_sensitivity_get_rows_done (s), <, kh_sensitivity_get_n_rows (s));
  synth_clear (&synth);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/analysis/saltelli/additive", test_additive);
  g_test_add_func ("/analysis/saltelli/prefix", test_design_prefix);
  g_test_add_func ("/analysis/saltelli/too-many-dims", test_design_too_many_dims);
  g_test_add_func ("/analysis/sensitivity/far-ahead", test_far_ahead);
  g_test_add_func ("/analysis/sensitivity/one-input-decides", test_one_input_decides);
  g_test_add_func ("/analysis/sensitivity/parameters", test_parameters);
  g_test_add_func ("/analysis/sensitivity/refusals", test_refusals);
  g_test_add_func ("/analysis/sensitivity/threads-and-seeds", test_threads);
  g_test_add_func ("/analysis/sensitivity/prefix", test_prefix);
  g_test_add_func ("/analysis/sensitivity/cancel", test_cancel);
  g_test_add_func ("/analysis/spec/syntax", test_spec_syntax);
  g_test_add_func ("/analysis/spec/values", test_spec_values);
  g_test_add_func ("/analysis/spec/alternatives-text", test_spec_alternatives_text);

  return g_test_run ();
}
