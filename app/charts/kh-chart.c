/* kh-chart.c — every chart type behind one drawing call
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <math.h>

#include "kh-bars-chart.h"
#include "kh-bump-chart.h"
#include "kh-chart.h"
#include "kh-distribution-chart.h"
#include "kh-dumbbell-chart.h"
#include "kh-radar-chart.h"
#include "kh-slope-chart.h"

static const char *const type_names[KH_N_CHART_TYPES] = {
  [KH_CHART_BUMP] = "bump",
  [KH_CHART_SLOPE] = "slope",
  [KH_CHART_BARS] = "bars",
  [KH_CHART_RADAR] = "radar",
  [KH_CHART_DISTRIBUTION] = "distribution",
  [KH_CHART_DUMBBELL] = "dumbbell",
};

void
kh_chart_draw (KhChartType        type,
               const KhChartData *data,
               cairo_t           *cr,
               double             width,
               double             height,
               KhChartLayout     *layout)
{
  g_return_if_fail (type < KH_N_CHART_TYPES);

  switch (type)
    {
    case KH_CHART_BUMP:
      kh_bump_chart_draw (data, cr, width, height, layout);
      break;
    case KH_CHART_SLOPE:
      kh_slope_chart_draw (data, cr, width, height, layout);
      break;
    case KH_CHART_BARS:
      kh_bars_chart_draw (data, cr, width, height, layout);
      break;
    case KH_CHART_RADAR:
      kh_radar_chart_draw (data, cr, width, height, layout);
      break;
    case KH_CHART_DUMBBELL:
      kh_dumbbell_chart_draw (data, cr, width, height, layout);
      break;
    case KH_CHART_DISTRIBUTION:
    case KH_N_CHART_TYPES:
    default:
      kh_distribution_chart_draw (data, cr, width, height, layout);
      break;
    }
  kh_watermark_draw (cr, data->watermark, width, height, data->style == KH_PALETTE_DARK);
}

const char *
kh_chart_type_to_string (KhChartType type)
{
  g_return_val_if_fail (type < KH_N_CHART_TYPES, NULL);

  return type_names[type];
}

gboolean
kh_chart_type_from_string (const char  *name,
                           KhChartType *type)
{
  g_return_val_if_fail (type != NULL, FALSE);

  for (int i = 0; i < KH_N_CHART_TYPES; i++)
    if (g_strcmp0 (name, type_names[i]) == 0)
      {
        *type = (KhChartType) i;
        return TRUE;
      }
  return FALSE;
}

static gboolean
check_status (cairo_status_t status,
              const char    *path,
              GError       **error)
{
  if (status == CAIRO_STATUS_SUCCESS)
    return TRUE;
  g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_FAILED, _("%s: cannot write the chart: %s"), path,
               cairo_status_to_string (status));
  return FALSE;
}

typedef struct
{
  KhChartType type;
  const KhChartData *data;
} TypedChart;

static void
draw_typed (cairo_t *cr,
            double   width,
            double   height,
            gpointer user_data)
{
  const TypedChart *chart = user_data;

  kh_chart_draw (chart->type, chart->data, cr, width, height, NULL);
}

gboolean
kh_chart_export (KhChartType        type,
                 const KhChartData *data,
                 const char        *path,
                 double             width,
                 double             height,
                 double             scale,
                 GError           **error)
{
  TypedChart chart = { type, data };

  g_return_val_if_fail (type < KH_N_CHART_TYPES, FALSE);
  g_return_val_if_fail (data != NULL, FALSE);

  return kh_chart_export_draw (draw_typed, &chart, path, width, height, scale, error);
}

gboolean
kh_chart_export_draw (KhChartDrawFunc draw,
                      gpointer        user_data,
                      const char     *path,
                      double          width,
                      double          height,
                      double          scale,
                      GError        **error)
{
  g_autofree char *lower = NULL;
  cairo_surface_t *surface;
  cairo_status_t status;
  cairo_t *cr;
  gboolean png;

  g_return_val_if_fail (draw != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!(width >= 1 && height >= 1 && width <= 20000 && height <= 20000 && scale > 0
        && width * scale <= 20000 && height * scale <= 20000))
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL,
                   _("%s: a chart must be between 1 and 20000 pixels wide and high"), path);
      return FALSE;
    }
  lower = g_ascii_strdown (path, -1);
  png = g_str_has_suffix (lower, ".png");
  if (png)
    surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, (int) ceil (width * scale),
                                          (int) ceil (height * scale));
  else if (g_str_has_suffix (lower, ".svg"))
    surface = cairo_svg_surface_create (path, width, height);
  else if (g_str_has_suffix (lower, ".pdf"))
    surface = cairo_pdf_surface_create (path, width, height);
  else
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL,
                   _("%s: unknown chart format (use .png, .svg or .pdf)"), path);
      return FALSE;
    }

  cr = cairo_create (surface);
  if (png)
    cairo_scale (cr, scale, scale);
  draw (cr, width, height, user_data);
  status = cairo_status (cr);
  cairo_destroy (cr);
  if (status == CAIRO_STATUS_SUCCESS && png)
    status = cairo_surface_write_to_png (surface, path);
  cairo_surface_finish (surface);
  if (status == CAIRO_STATUS_SUCCESS)
    status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);
  if (!check_status (status, path, error))
    {
      g_unlink (path);
      return FALSE;
    }
  return TRUE;
}

#define MM(x) ((x) * 72.0 / 25.4)

static const struct
{
  const char *name;
  const char *label;
  double width, height, scale;
} sizes[KH_N_CHART_SIZES] = {
  [KH_CHART_SIZE_SLIDE] = { "slide", N_("Slide (16:9)"), 960.0, 540.0, 2.0 },
  [KH_CHART_SIZE_HALF_A4] = { "a4-half", N_("Half an A4 page"), MM (170.0), MM (115.0), 300.0 / 72.0 },
  [KH_CHART_SIZE_COLUMN] = { "column", N_("Newspaper column"), MM (80.0), MM (100.0), 300.0 / 72.0 },
};

void
kh_chart_size_get (KhChartSize size,
                   double     *width,
                   double     *height,
                   double     *png_scale)
{
  g_return_if_fail (size < KH_N_CHART_SIZES);

  if (width != NULL)
    *width = sizes[size].width;
  if (height != NULL)
    *height = sizes[size].height;
  if (png_scale != NULL)
    *png_scale = sizes[size].scale;
}

const char *
kh_chart_size_to_string (KhChartSize size)
{
  g_return_val_if_fail (size < KH_N_CHART_SIZES, NULL);
  return sizes[size].name;
}

gboolean
kh_chart_size_from_string (const char  *name,
                           KhChartSize *size)
{
  g_return_val_if_fail (size != NULL, FALSE);

  for (int i = 0; i < KH_N_CHART_SIZES; i++)
    if (g_strcmp0 (name, sizes[i].name) == 0)
      {
        *size = (KhChartSize) i;
        return TRUE;
      }
  return FALSE;
}

const char *
kh_chart_size_get_label (KhChartSize size)
{
  g_return_val_if_fail (size < KH_N_CHART_SIZES, NULL);
  return _(sizes[size].label);
}

void
kh_chart_multiples_grid (guint   n,
                         double  width,
                         double  height,
                         guint  *columns,
                         guint  *rows)
{
  double best = G_MAXDOUBLE;

  *columns = 1;
  *rows = MAX (n, 1);
  for (guint c = 1; c <= MAX (n, 1); c++)
    {
      guint r = (MAX (n, 1) + c - 1) / c;
      double aspect = (width / c) / (height / r);
      /* distance from 4:3 on a log scale: 2:1 and 8:9 are as far off */
      double off = fabs (log (aspect / (4.0 / 3.0)));

      if (off < best - 1e-9)
        {
          best = off;
          *columns = c;
          *rows = r;
        }
    }
}

void
kh_chart_draw_multiples (KhChartType         type,
                         KhChartData *const *charts,
                         guint               n,
                         cairo_t            *cr,
                         double              width,
                         double              height)
{
  guint columns, rows;
  double cw, ch;

  g_return_if_fail (type < KH_N_CHART_TYPES);
  g_return_if_fail (charts != NULL || n == 0);

  kh_chart_multiples_grid (n, width, height, &columns, &rows);
  /* The page's background under the cells, also where the last row leaves some empty. */
  if (n > 0)
    {
      kh_palette_set_source (cr, charts[0]->style, KH_COLOR_BACKGROUND, 1.0);
      cairo_rectangle (cr, 0, 0, width, height);
      cairo_fill (cr);
    }
  cw = width / columns;
  ch = height / rows;
  for (guint i = 0; i < n; i++)
    {
      cairo_save (cr);
      cairo_translate (cr, (i % columns) * cw, (i / columns) * ch);
      cairo_rectangle (cr, 0, 0, cw, ch);
      cairo_clip (cr);
      kh_chart_draw (type, charts[i], cr, cw, ch, NULL);
      cairo_restore (cr);
    }
}
