/* kh-chart-data.c — what every chart draws from, and what it reports back
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>

#include "kh-chart-data.h"

KhChartData *
kh_chart_data_new (int        n_years,
                   const int *years)
{
  KhChartData *data;

  g_return_val_if_fail (n_years > 0, NULL);
  g_return_val_if_fail (years != NULL, NULL);

  data = g_new0 (KhChartData, 1);
  data->n_years = n_years;
  data->years = g_memdup2 (years, sizeof (int) * n_years);
  data->units = g_ptr_array_new ();
  data->font_size = 10.0;
  data->year_from = 0;
  data->year_to = n_years - 1;
  return data;
}

static void
chart_unit_free (KhChartUnit *unit)
{
  g_free (unit->id);
  g_free (unit->label);
  g_free (unit->ranks);
  g_free (unit->tiers);
  g_free (unit->scores);
  g_free (unit->parts);
  g_free (unit->coverage);
  g_free (unit->short_label);
  g_free (unit);
}

void
kh_chart_data_free (KhChartData *data)
{
  if (data == NULL)
    return;

  g_ptr_array_foreach (data->units, (GFunc) chart_unit_free, NULL);
  g_ptr_array_unref (data->units);
  g_free (data->title);
  g_free (data->years);
  g_strfreev (data->parts);
  g_strfreev (data->tier_names);
  g_free (data->part_max);
  g_free (data->highlight);
  g_strfreev (data->highlights);
  g_free (data);
}

KhChartUnit *
kh_chart_data_add_unit (KhChartData *data,
                        const char  *id,
                        const char  *label)
{
  KhChartUnit *unit;
  int n_values;

  g_return_val_if_fail (data != NULL, NULL);
  g_return_val_if_fail (id != NULL, NULL);

  unit = g_new0 (KhChartUnit, 1);
  unit->id = g_strdup (id);
  unit->label = g_strdup (label != NULL ? label : id);
  unit->ranks = g_new0 (int, data->n_years);
  unit->tiers = g_new0 (int, data->n_years);
  unit->scores = g_new (double, data->n_years);
  unit->coverage = g_new (double, data->n_years);
  for (int i = 0; i < data->n_years; i++)
    {
      unit->scores[i] = NAN;
      unit->coverage[i] = 1.0;
    }
  n_values = MAX (1, data->n_years * data->n_parts);
  unit->parts = g_new (double, n_values);
  for (int i = 0; i < n_values; i++)
    unit->parts[i] = NAN;
  g_ptr_array_add (data->units, unit);
  return unit;
}

void
kh_chart_data_set_parts (KhChartData        *data,
                         int                 n_parts,
                         const char * const *names)
{
  g_return_if_fail (data != NULL);
  g_return_if_fail (n_parts >= 0);
  g_return_if_fail (n_parts == 0 || names != NULL);
  g_return_if_fail (data->units->len == 0);

  g_strfreev (data->parts);
  g_free (data->part_max);
  data->n_parts = n_parts;
  data->parts = g_new0 (char *, n_parts + 1);
  data->part_max = g_new (double, MAX (n_parts, 1));
  for (int i = 0; i < n_parts; i++)
    {
      data->parts[i] = g_strdup (names[i]);
      data->part_max[i] = NAN;
    }
}

int
kh_chart_data_find_unit (const KhChartData *data,
                         const char        *id)
{
  g_return_val_if_fail (data != NULL, -1);

  if (id == NULL)
    return -1;
  for (guint u = 0; u < data->units->len; u++)
    if (g_strcmp0 (((KhChartUnit *) g_ptr_array_index (data->units, u))->id, id) == 0)
      return (int) u;
  return -1;
}

void
kh_chart_data_set_highlights (KhChartData        *data,
                              const char *const  *ids)
{
  g_return_if_fail (data != NULL);

  g_strfreev (data->highlights);
  data->highlights = ids != NULL && ids[0] != NULL ? g_strdupv ((char **) ids) : NULL;
}

gboolean
kh_chart_data_is_highlighted (const KhChartData *data,
                              guint              unit)
{
  const KhChartUnit *u;

  g_return_val_if_fail (data != NULL, FALSE);
  g_return_val_if_fail (unit < data->units->len, FALSE);

  u = g_ptr_array_index (data->units, unit);
  if (data->highlight != NULL && g_strcmp0 (data->highlight, u->id) == 0)
    return TRUE;
  return data->highlights != NULL && g_strv_contains ((const char *const *) data->highlights, u->id);
}

gboolean *
kh_chart_data_highlight_mask (const KhChartData *data,
                              gboolean          *any)
{
  g_autoptr (GHashTable) ids = g_hash_table_new (g_str_hash, g_str_equal);
  gboolean *mask;

  g_return_val_if_fail (data != NULL, NULL);

  mask = g_new0 (gboolean, MAX (data->units->len, 1));
  *any = FALSE;
  if (data->highlight != NULL)
    g_hash_table_add (ids, data->highlight);
  for (guint i = 0; data->highlights != NULL && data->highlights[i] != NULL; i++)
    g_hash_table_add (ids, data->highlights[i]);
  if (g_hash_table_size (ids) == 0)
    return mask;
  for (guint u = 0; u < data->units->len; u++)
    {
      mask[u] = g_hash_table_contains (ids, ((KhChartUnit *) g_ptr_array_index (data->units, u))->id);
      *any |= mask[u];
    }
  return mask;
}

int
kh_chart_data_find_year (const KhChartData *data,
                         int                year)
{
  g_return_val_if_fail (data != NULL, -1);

  for (int i = 0; i < data->n_years; i++)
    if (data->years[i] == year)
      return i;
  return -1;
}

gboolean
kh_chart_unit_change (const KhChartUnit *unit,
                      int                from,
                      int                to,
                      int               *change)
{
  g_return_val_if_fail (unit != NULL, FALSE);

  if (from < 0 || to < 0 || unit->ranks[from] <= 0 || unit->ranks[to] <= 0)
    return FALSE;
  if (change != NULL)
    *change = unit->ranks[from] - unit->ranks[to];
  return TRUE;
}

KhChartLayout *
kh_chart_layout_new (void)
{
  KhChartLayout *layout = g_new0 (KhChartLayout, 1);

  layout->labels = g_array_new (FALSE, TRUE, sizeof (KhChartLabel));
  layout->dots = g_array_new (FALSE, TRUE, sizeof (KhChartDot));
  layout->boxes = g_array_new (FALSE, TRUE, sizeof (KhChartBox));
  kh_chart_layout_clear (layout);
  return layout;
}

void
kh_chart_layout_clear (KhChartLayout *layout)
{
  g_return_if_fail (layout != NULL);

  g_array_set_size (layout->labels, 0);
  g_array_set_size (layout->dots, 0);
  g_array_set_size (layout->boxes, 0);
  layout->plot_x = layout->plot_y = layout->plot_width = layout->plot_height = 0;
  layout->row_height = 0;
  layout->n_rows = 0;
  layout->label_font_size = 0;
  layout->curved = FALSE;
  layout->abbreviated = FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (layout->cutoffs); i++)
    {
      layout->cutoffs[i] = NAN;
      layout->cutoff_captions[i] = (KhChartBox) { NAN, NAN, 0, 0, G_MAXUINT, -1 };
    }
}

void
kh_chart_layout_free (KhChartLayout *layout)
{
  if (layout == NULL)
    return;

  g_array_unref (layout->labels);
  g_array_unref (layout->dots);
  g_array_unref (layout->boxes);
  g_free (layout);
}

static double
distance_to_segment (double px,
                     double py,
                     double ax,
                     double ay,
                     double bx,
                     double by)
{
  double dx = bx - ax, dy = by - ay;
  double len2 = dx * dx + dy * dy;
  double t = len2 > 0 ? ((px - ax) * dx + (py - ay) * dy) / len2 : 0;

  t = CLAMP (t, 0.0, 1.0);
  return hypot (px - (ax + t * dx), py - (ay + t * dy));
}

/* Distance to the line from @a to @b: straight, or the S-curve of the bump chart (a cubic
 * Bézier with both control points at the horizontal midpoint) followed in 16 chords. */
static double
distance_to_link (const KhChartLayout *layout,
                  double               x,
                  double               y,
                  const KhChartDot    *a,
                  const KhChartDot    *b)
{
  double best = G_MAXDOUBLE, px = a->x, py = a->y, mid = (a->x + b->x) / 2;

  if (!layout->curved)
    return distance_to_segment (x, y, a->x, a->y, b->x, b->y);
  for (int i = 1; i <= 16; i++)
    {
      double t = i / 16.0, s = 1 - t;
      double qx = s * s * s * a->x + 3 * s * s * t * mid + 3 * s * t * t * mid + t * t * t * b->x;
      double qy = s * s * s * a->y + 3 * s * s * t * a->y + 3 * s * t * t * b->y + t * t * t * b->y;

      best = MIN (best, distance_to_segment (x, y, px, py, qx, qy));
      px = qx;
      py = qy;
    }
  return best;
}

static gboolean
inside (double x,
        double y,
        double bx,
        double by,
        double bw,
        double bh)
{
  return x >= bx && x <= bx + bw && y >= by && y <= by + bh;
}

int
kh_chart_layout_hit (const KhChartLayout *layout,
                     double               x,
                     double               y,
                     double               radius)
{
  double best = radius;
  int found = -1;

  g_return_val_if_fail (layout != NULL, -1);

  for (guint i = 0; i < layout->labels->len; i++)
    {
      const KhChartLabel *label = &g_array_index (layout->labels, KhChartLabel, i);

      if (inside (x, y, label->x, label->y, label->width, label->height))
        return (int) label->unit;
    }
  for (guint i = 0; i < layout->boxes->len; i++)
    {
      const KhChartBox *box = &g_array_index (layout->boxes, KhChartBox, i);

      if (inside (x, y, box->x, box->y, box->width, box->height))
        return (int) box->unit;
    }
  for (guint i = 0; i < layout->dots->len; i++)
    {
      const KhChartDot *dot = &g_array_index (layout->dots, KhChartDot, i);
      double d = hypot (x - dot->x, y - dot->y);

      if (dot->joined && i + 1 < layout->dots->len)
        {
          const KhChartDot *next = &g_array_index (layout->dots, KhChartDot, i + 1);

          if (next->unit == dot->unit)
            d = MIN (d, distance_to_link (layout, x, y, dot, next));
        }
      if (d <= best)
        {
          best = d;
          found = (int) dot->unit;
        }
    }
  return found;
}

gboolean
kh_chart_unit_incomplete (const KhChartUnit *unit,
                          int                year)
{
  /* NaN (nothing applies) is not marked: there is no score to doubt. */
  return unit->coverage[year] < 1.0;
}

char *
kh_chart_unit_label (const KhChartUnit *unit,
                     int                year)
{
  return kh_chart_unit_label_as (unit, year, FALSE);
}

char *
kh_chart_unit_label_as (const KhChartUnit *unit,
                        int                year,
                        gboolean           abbreviated)
{
  const char *name = abbreviated && unit->short_label != NULL ? unit->short_label : unit->label;

  if (year >= 0 && kh_chart_unit_incomplete (unit, year))
    return g_strconcat (name, " ◔", NULL);
  return g_strdup (name);
}

void
kh_chart_unit_set_short_label (KhChartUnit *unit,
                               const char  *short_label)
{
  g_return_if_fail (unit != NULL);

  g_free (unit->short_label);
  unit->short_label = short_label != NULL && *short_label != '\0' ? g_strdup (short_label) : NULL;
}
