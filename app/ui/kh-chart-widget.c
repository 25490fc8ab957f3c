/* kh-chart-widget.c — any chart as a widget: hover, click, keyboard, accessibility
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <math.h>

#include "kh-chart-export-dialog.h"
#include "kh-chart-widget.h"

#define HIT_RADIUS 8.0

struct _KhChartWidget
{
  GtkWidget parent_instance;

  KhWatermark watermark; /* given to every chart data shown (DRAFT) */

  KhChartData *data;
  KhChartType type;
  char *selected;
  GStrv highlighted; /* given to every chart data shown (the units selected in Results) */
  int hovered; /* unit index, or −1 */
  KhChartLayout *layout;
  char *description;
  GtkWidget *menu; /* the context menu, made when first asked for */
};

G_DEFINE_FINAL_TYPE (KhChartWidget, kh_chart_widget, GTK_TYPE_WIDGET)

enum
{
  PROP_0,
  PROP_CHART_TYPE,
  PROP_SELECTED,
  N_PROPS
};

enum
{
  UNIT_ACTIVATED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static const char *
type_title (KhChartType type)
{
  switch (type)
    {
    case KH_CHART_BUMP:
      return _("Rank bump chart");
    case KH_CHART_SLOPE:
      return _("Rank slope chart");
    case KH_CHART_BARS:
      return _("Score composition bars");
    case KH_CHART_RADAR:
      return _("Dimension profile");
    case KH_CHART_DUMBBELL:
      return _("Score dumbbell chart");
    case KH_CHART_DISTRIBUTION:
    case KH_N_CHART_TYPES:
    default:
      return _("Score distribution");
    }
}

static const KhChartUnit *
unit_at_index (KhChartWidget *self,
               int            index)
{
  if (self->data == NULL || index < 0 || (guint) index >= self->data->units->len)
    return NULL;
  return g_ptr_array_index (self->data->units, index);
}

/* The year a chart speaks about: the last shown one. */
static int
shown_year (KhChartWidget *self)
{
  return CLAMP (self->data->year_to, 0, self->data->n_years - 1);
}

static void
update_accessible (KhChartWidget *self)
{
  g_autoptr (GString) text = g_string_new (NULL);
  const KhChartUnit *selected;
  int from, to, advanced = 0, fell = 0;

  if (self->data == NULL)
    {
      g_string_append (text, _("No chart data."));
    }
  else
    {
      from = CLAMP (self->data->year_from, 0, self->data->n_years - 1);
      to = shown_year (self);
      g_string_append_printf (text, ngettext ("%s of %u unit, %d–%d.", "%s of %u units, %d–%d.",
                                              self->data->units->len),
                              type_title (self->type), self->data->units->len,
                              self->data->years[from], self->data->years[to]);
      for (guint u = 0; u < self->data->units->len; u++)
        {
          int change;

          if (kh_chart_unit_change (g_ptr_array_index (self->data->units, u), from, to, &change))
            {
              advanced += change > 0;
              fell += change < 0;
            }
        }
      if (from != to)
        {
          g_string_append_c (text, ' ');
          g_string_append_printf (text, _("%d advanced and %d fell back."), advanced, fell);
        }
      selected = unit_at_index (self, kh_chart_data_find_unit (self->data, self->selected));
      if (selected != NULL)
        {
          g_autofree char *about = kh_chart_widget_describe_unit (
              self, (guint) kh_chart_data_find_unit (self->data, self->selected), to);

          g_strdelimit (about, "\n", ' ');
          g_string_append_printf (text, " %s %s", _("Selected:"), about);
        }
    }

  g_free (self->description);
  self->description = g_string_free (g_steal_pointer (&text), FALSE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  self->data != NULL && self->data->title != NULL
                                    ? self->data->title
                                    : type_title (self->type),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, self->description, -1);
}

static void
kh_chart_widget_snapshot (GtkWidget   *widget,
                          GtkSnapshot *snapshot)
{
  KhChartWidget *self = KH_CHART_WIDGET (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  const KhChartUnit *hovered = unit_at_index (self, self->hovered);
  gboolean dark = adw_is_initialized ()
                  && adw_style_manager_get_dark (adw_style_manager_get_default ());
  cairo_t *cr;

  if (self->data == NULL || width <= 0 || height <= 0)
    return;

  self->data->style = dark ? KH_PALETTE_DARK : KH_PALETTE_LIGHT;
  g_free (self->data->highlight);
  self->data->highlight = g_strdup (hovered != NULL ? hovered->id : self->selected);
  /* The cairo node is rasterised at the surface's scale: crisp on HiDPI screens. */
  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  kh_chart_draw (self->type, self->data, cr, width, height, self->layout);
  cairo_destroy (cr);
}

int
kh_chart_widget_unit_at (KhChartWidget *self,
                         double         x,
                         double         y)
{
  g_return_val_if_fail (KH_IS_CHART_WIDGET (self), -1);

  if (self->data == NULL)
    return -1;
  return kh_chart_layout_hit (self->layout, x, y, HIT_RADIUS);
}

static void
set_hovered (KhChartWidget *self,
             int            unit)
{
  if (self->hovered == unit)
    return;
  self->hovered = unit;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
motion_cb (GtkEventControllerMotion *motion,
           double                    x,
           double                    y,
           KhChartWidget            *self)
{
  set_hovered (self, kh_chart_widget_unit_at (self, x, y));
}

static void
leave_cb (GtkEventControllerMotion *motion,
          KhChartWidget            *self)
{
  set_hovered (self, -1);
}

static void
activate_unit (KhChartWidget *self,
               int            unit)
{
  const KhChartUnit *u = unit_at_index (self, unit);

  if (u == NULL)
    return;
  kh_chart_widget_set_selected (self, u->id);
  g_signal_emit (self, signals[UNIT_ACTIVATED], 0, u->id);
}

static void
released_cb (GtkGestureClick *gesture,
             int              n_press,
             double           x,
             double           y,
             KhChartWidget   *self)
{
  int unit = kh_chart_widget_unit_at (self, x, y);

  gtk_widget_grab_focus (GTK_WIDGET (self));
  if (unit >= 0)
    activate_unit (self, unit);
}

typedef struct
{
  const KhChartData *data;
  int year;
} OrderSort;

static int
compare_order (gconstpointer a,
               gconstpointer b,
               gpointer      user_data)
{
  const OrderSort *sort = user_data;
  const KhChartUnit *x = g_ptr_array_index (sort->data->units, *(const guint *) a);
  const KhChartUnit *y = g_ptr_array_index (sort->data->units, *(const guint *) b);
  int rx = x->ranks[sort->year] > 0 ? x->ranks[sort->year] : G_MAXINT;
  int ry = y->ranks[sort->year] > 0 ? y->ranks[sort->year] : G_MAXINT;

  if (rx != ry)
    return rx < ry ? -1 : 1;
  return (int) *(const guint *) a - (int) *(const guint *) b;
}

/* Moves the selection @step places along the order of the shown year's ranks (units
 * without a rank last). */
static void
move_selection (KhChartWidget *self,
                int            step)
{
  guint n = self->data->units->len;
  g_autofree guint *order = g_new (guint, MAX (n, 1));
  OrderSort sort = { self->data, shown_year (self) };
  int current = kh_chart_data_find_unit (self->data, self->selected), at = -1;

  if (n == 0)
    return;
  for (guint i = 0; i < n; i++)
    order[i] = i;
  g_qsort_with_data (order, n, sizeof (guint), compare_order, &sort);
  for (guint i = 0; i < n; i++)
    if ((int) order[i] == current)
      at = (int) i;
  at = at < 0 ? (step > 0 ? 0 : (int) n - 1) : CLAMP (at + step, 0, (int) n - 1);
  kh_chart_widget_set_selected (self, ((KhChartUnit *) g_ptr_array_index (self->data->units,
                                                                          order[at]))->id);
}

static gboolean
key_pressed_cb (GtkEventControllerKey *controller,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                KhChartWidget         *self)
{
  if (self->data == NULL)
    return FALSE;
  switch (keyval)
    {
    case GDK_KEY_Up:
    case GDK_KEY_Left:
    case GDK_KEY_KP_Up:
    case GDK_KEY_KP_Left:
      move_selection (self, -1);
      return TRUE;
    case GDK_KEY_Down:
    case GDK_KEY_Right:
    case GDK_KEY_KP_Down:
    case GDK_KEY_KP_Right:
      move_selection (self, 1);
      return TRUE;
    case GDK_KEY_Return:
    case GDK_KEY_KP_Enter:
    case GDK_KEY_ISO_Enter:
    case GDK_KEY_space:
      activate_unit (self, kh_chart_data_find_unit (self->data, self->selected));
      return TRUE;
    default:
      return FALSE;
    }
}

static gboolean
query_tooltip_cb (GtkWidget     *widget,
                  int            x,
                  int            y,
                  gboolean       keyboard,
                  GtkTooltip    *tooltip,
                  KhChartWidget *self)
{
  int unit = keyboard ? kh_chart_data_find_unit (self->data, self->selected)
                      : kh_chart_widget_unit_at (self, x, y);
  int year;
  double best = G_MAXDOUBLE;
  g_autofree char *text = NULL;

  if (self->data == NULL || unit < 0)
    return FALSE;
  year = shown_year (self);
  /* On the rank charts, the year of the nearest dot of that unit. */
  if (!keyboard && (self->type == KH_CHART_BUMP || self->type == KH_CHART_SLOPE
                    || self->type == KH_CHART_DUMBBELL))
    for (guint i = 0; i < self->layout->dots->len; i++)
      {
        const KhChartDot *dot = &g_array_index (self->layout->dots, KhChartDot, i);

        if ((int) dot->unit == unit && fabs (dot->x - x) < best)
          {
            best = fabs (dot->x - x);
            year = dot->year_index;
          }
      }
  text = kh_chart_widget_describe_unit (self, (guint) unit, year);
  gtk_tooltip_set_text (tooltip, text);
  return TRUE;
}

char *
kh_chart_widget_describe_unit (KhChartWidget *self,
                               guint          unit,
                               int            year)
{
  const KhChartUnit *u;
  GString *text;
  int before, change;

  g_return_val_if_fail (KH_IS_CHART_WIDGET (self), NULL);
  g_return_val_if_fail (self->data != NULL, NULL);
  g_return_val_if_fail (unit < self->data->units->len, NULL);
  g_return_val_if_fail (year >= 0 && year < self->data->n_years, NULL);

  u = g_ptr_array_index (self->data->units, unit);
  text = g_string_new (u->label);
  if (u->ranks[year] > 0)
    {
      g_string_append_c (text, '\n');
      /* TRANSLATORS: rank, year */
      g_string_append_printf (text, _("Rank %d in %d"), u->ranks[year], self->data->years[year]);
    }
  else
    g_string_append_printf (text, "\n%s", _("Not ranked"));
  if (u->tiers[year] > 0)
    g_string_append_printf (text, _(", tier %d"), u->tiers[year]);
  if (!isnan (u->scores[year]))
    g_string_append_printf (text, "\n%s %.2f", _("Score"), u->scores[year]);

  /* Change against the year before (the slope and dumbbell charts: against their first year). */
  before = self->type == KH_CHART_SLOPE || self->type == KH_CHART_DUMBBELL ? CLAMP (self->data->year_from, 0, year) : year - 1;
  if (before >= 0 && before != year && kh_chart_unit_change (u, before, year, &change))
    {
      g_string_append_c (text, '\n');
      if (change > 0)
        g_string_append_printf (text, _("Advanced %d since %d"), change, self->data->years[before]);
      else if (change < 0)
        g_string_append_printf (text, _("Fell back %d since %d"), -change,
                                self->data->years[before]);
      else
        g_string_append_printf (text, _("Same rank as in %d"), self->data->years[before]);
    }
  return g_string_free (text, FALSE);
}

static void
export_action_cb (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  KhChartWidget *self = KH_CHART_WIDGET (widget);

  if (self->data != NULL)
    kh_chart_export_dialog_show (self);
}

static gboolean
export_scaled (KhChartWidget *self,
               const char    *path,
               double         width,
               double         height,
               double         scale,
               GError       **error)
{
  g_autofree char *saved = NULL;
  gboolean ok;

  /* Exports show the selection, not the passing hover, in the light (print) palette. */
  saved = g_steal_pointer (&self->data->highlight);
  self->data->highlight = g_strdup (self->selected);
  self->data->style = KH_PALETTE_LIGHT;
  ok = kh_chart_export (self->type, self->data, path, width, height, scale, error);
  g_free (self->data->highlight);
  self->data->highlight = g_steal_pointer (&saved);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  return ok;
}

void
kh_chart_widget_draw_export (KhChartWidget *self,
                             cairo_t       *cr,
                             double         width,
                             double         height)
{
  g_autofree char *saved = NULL;

  g_return_if_fail (KH_IS_CHART_WIDGET (self));
  g_return_if_fail (self->data != NULL);

  saved = g_steal_pointer (&self->data->highlight);
  self->data->highlight = g_strdup (self->selected);
  self->data->style = KH_PALETTE_LIGHT;
  kh_chart_draw (self->type, self->data, cr, width, height, NULL);
  g_free (self->data->highlight);
  self->data->highlight = g_steal_pointer (&saved);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

gboolean
kh_chart_widget_export (KhChartWidget *self,
                        const char    *path,
                        double         width,
                        double         height,
                        GError       **error)
{
  g_return_val_if_fail (KH_IS_CHART_WIDGET (self), FALSE);
  g_return_val_if_fail (self->data != NULL, FALSE);

  return export_scaled (self, path, width, height, 2.0, error);
}

gboolean
kh_chart_widget_export_size (KhChartWidget *self,
                             const char    *path,
                             KhChartSize    size,
                             GError       **error)
{
  double width, height, scale;

  g_return_val_if_fail (KH_IS_CHART_WIDGET (self), FALSE);
  g_return_val_if_fail (self->data != NULL, FALSE);
  g_return_val_if_fail (size < KH_N_CHART_SIZES, FALSE);

  kh_chart_size_get (size, &width, &height, &scale);
  return export_scaled (self, path, width, height, scale, error);
}

/* Right click: a menu at the pointer with what can be done with the chart. */
static void
context_pressed_cb (GtkGestureClick *gesture,
                    int              n_press,
                    double           x,
                    double           y,
                    KhChartWidget   *self)
{
  kh_chart_widget_popup_menu (self, x, y);
}

void
kh_chart_widget_popup_menu (KhChartWidget *self,
                            double         x,
                            double         y)
{
  g_return_if_fail (KH_IS_CHART_WIDGET (self));

  if (self->menu == NULL)
    {
      g_autoptr (GMenu) model = g_menu_new ();

      g_menu_append (model, _("_Export Chart…"), "chart.export");
      self->menu = gtk_popover_menu_new_from_model (G_MENU_MODEL (model));
      gtk_widget_set_parent (self->menu, GTK_WIDGET (self));
      gtk_popover_set_has_arrow (GTK_POPOVER (self->menu), FALSE);
      gtk_widget_set_halign (self->menu, GTK_ALIGN_START);
    }
  gtk_popover_set_pointing_to (GTK_POPOVER (self->menu), &(GdkRectangle) { (int) x, (int) y, 1, 1 });
  gtk_popover_popup (GTK_POPOVER (self->menu));
}

GtkWidget *
kh_chart_widget_get_menu (KhChartWidget *self)
{
  g_return_val_if_fail (KH_IS_CHART_WIDGET (self), NULL);
  return self->menu;
}

static void
kh_chart_widget_size_allocate (GtkWidget *widget,
                               int        width,
                               int        height,
                               int        baseline)
{
  KhChartWidget *self = KH_CHART_WIDGET (widget);

  if (self->menu != NULL)
    gtk_popover_present (GTK_POPOVER (self->menu));
}

static void
kh_chart_widget_dispose (GObject *object)
{
  KhChartWidget *self = KH_CHART_WIDGET (object);

  g_clear_pointer (&self->menu, gtk_widget_unparent);
  G_OBJECT_CLASS (kh_chart_widget_parent_class)->dispose (object);
}

static void
style_changed_cb (AdwStyleManager *manager,
                  GParamSpec      *pspec,
                  KhChartWidget   *self)
{
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
kh_chart_widget_realize (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (kh_chart_widget_parent_class)->realize (widget);
  if (adw_is_initialized ())
    g_signal_connect_object (adw_style_manager_get_default (), "notify::dark",
                             G_CALLBACK (style_changed_cb), widget, 0);
}

static void
kh_chart_widget_unrealize (GtkWidget *widget)
{
  if (adw_is_initialized ())
    g_signal_handlers_disconnect_by_func (adw_style_manager_get_default (), style_changed_cb,
                                          widget);
  GTK_WIDGET_CLASS (kh_chart_widget_parent_class)->unrealize (widget);
}

static void
kh_chart_widget_measure (GtkWidget     *widget,
                         GtkOrientation orientation,
                         int            for_size,
                         int           *minimum,
                         int           *natural,
                         int           *minimum_baseline,
                         int           *natural_baseline)
{
  *minimum = orientation == GTK_ORIENTATION_HORIZONTAL ? 240 : 160;
  *natural = orientation == GTK_ORIENTATION_HORIZONTAL ? 800 : 560;
}

static void
kh_chart_widget_finalize (GObject *object)
{
  KhChartWidget *self = KH_CHART_WIDGET (object);

  g_clear_pointer (&self->data, kh_chart_data_free);
  g_clear_pointer (&self->layout, kh_chart_layout_free);
  g_free (self->selected);
  g_strfreev (self->highlighted);
  g_free (self->description);
  G_OBJECT_CLASS (kh_chart_widget_parent_class)->finalize (object);
}

static void
kh_chart_widget_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  KhChartWidget *self = KH_CHART_WIDGET (object);

  switch (prop_id)
    {
    case PROP_CHART_TYPE:
      g_value_set_int (value, self->type);
      break;
    case PROP_SELECTED:
      g_value_set_string (value, self->selected);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kh_chart_widget_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  KhChartWidget *self = KH_CHART_WIDGET (object);

  switch (prop_id)
    {
    case PROP_CHART_TYPE:
      kh_chart_widget_set_chart_type (self, (KhChartType) g_value_get_int (value));
      break;
    case PROP_SELECTED:
      kh_chart_widget_set_selected (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kh_chart_widget_class_init (KhChartWidgetClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = kh_chart_widget_finalize;
  object_class->dispose = kh_chart_widget_dispose;
  widget_class->size_allocate = kh_chart_widget_size_allocate;
  object_class->get_property = kh_chart_widget_get_property;
  object_class->set_property = kh_chart_widget_set_property;
  widget_class->snapshot = kh_chart_widget_snapshot;
  widget_class->measure = kh_chart_widget_measure;
  widget_class->realize = kh_chart_widget_realize;
  widget_class->unrealize = kh_chart_widget_unrealize;

  properties[PROP_CHART_TYPE] = g_param_spec_int ("chart-type", NULL, NULL, 0,
                                                  KH_N_CHART_TYPES - 1, KH_CHART_BUMP,
                                                  G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY
                                                    | G_PARAM_STATIC_STRINGS);
  properties[PROP_SELECTED] = g_param_spec_string ("selected", NULL, NULL, NULL,
                                                   G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY
                                                     | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * KhChartWidget::unit-activated:
   * @unit_id: the id of the unit clicked or activated with Enter
   */
  signals[UNIT_ACTIVATED] = g_signal_new ("unit-activated", G_TYPE_FROM_CLASS (klass),
                                          G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 1,
                                          G_TYPE_STRING);

  gtk_widget_class_install_action (widget_class, "chart.export", NULL, export_action_cb);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_e, GDK_CONTROL_MASK, "chart.export", NULL);
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
  gtk_widget_class_set_css_name (widget_class, "khchart");
}

static void
kh_chart_widget_init (KhChartWidget *self)
{
  GtkEventController *motion = gtk_event_controller_motion_new ();
  GtkEventController *key = gtk_event_controller_key_new ();
  GtkGesture *click = gtk_gesture_click_new ();
  GtkGesture *context;

  self->hovered = -1;
  self->layout = kh_chart_layout_new ();
  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);

  g_signal_connect (motion, "motion", G_CALLBACK (motion_cb), self);
  g_signal_connect (motion, "leave", G_CALLBACK (leave_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), motion);
  /* The secondary button's gesture first: the primary click is the chart's main one. */
  context = gtk_gesture_click_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (context), GDK_BUTTON_SECONDARY);
  g_signal_connect (context, "pressed", G_CALLBACK (context_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (context));
  g_signal_connect (click, "released", G_CALLBACK (released_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));
  g_signal_connect (key, "key-pressed", G_CALLBACK (key_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), key);
  g_signal_connect (self, "query-tooltip", G_CALLBACK (query_tooltip_cb), self);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "chart.export", FALSE);
  update_accessible (self);
}

GtkWidget *
kh_chart_widget_new (void)
{
  return g_object_new (KH_TYPE_CHART_WIDGET, NULL);
}

void
kh_chart_widget_set_data (KhChartWidget *self,
                          KhChartData   *data)
{
  g_return_if_fail (KH_IS_CHART_WIDGET (self));

  if (self->data == data)
    return;
  g_clear_pointer (&self->data, kh_chart_data_free);
  self->data = data;
  if (data != NULL)
    {
      data->watermark = self->watermark;
      kh_chart_data_set_highlights (data, (const char *const *) self->highlighted);
    }
  self->hovered = -1;
  kh_chart_layout_clear (self->layout);
  if (self->selected != NULL && (data == NULL || kh_chart_data_find_unit (data, self->selected) < 0))
    kh_chart_widget_set_selected (self, NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "chart.export", data != NULL);
  update_accessible (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
kh_chart_widget_set_watermark (KhChartWidget *self,
                               KhWatermark    mark)
{
  g_return_if_fail (KH_IS_CHART_WIDGET (self));

  if (self->watermark == mark)
    return;
  self->watermark = mark;
  if (self->data != NULL)
    self->data->watermark = mark;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

KhWatermark
kh_chart_widget_get_watermark (KhChartWidget *self)
{
  g_return_val_if_fail (KH_IS_CHART_WIDGET (self), KH_WATERMARK_NONE);
  return self->watermark;
}

const KhChartData *
kh_chart_widget_get_data (KhChartWidget *self)
{
  g_return_val_if_fail (KH_IS_CHART_WIDGET (self), NULL);

  return self->data;
}

void
kh_chart_widget_set_chart_type (KhChartWidget *self,
                                KhChartType    type)
{
  g_return_if_fail (KH_IS_CHART_WIDGET (self));
  g_return_if_fail (type < KH_N_CHART_TYPES);

  if (self->type == type)
    return;
  self->type = type;
  kh_chart_layout_clear (self->layout);
  update_accessible (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CHART_TYPE]);
}

KhChartType
kh_chart_widget_get_chart_type (KhChartWidget *self)
{
  g_return_val_if_fail (KH_IS_CHART_WIDGET (self), KH_CHART_BUMP);

  return self->type;
}

void
kh_chart_widget_set_selected (KhChartWidget *self,
                              const char    *unit_id)
{
  g_return_if_fail (KH_IS_CHART_WIDGET (self));

  if (g_strcmp0 (self->selected, unit_id) == 0)
    return;
  g_free (self->selected);
  self->selected = g_strdup (unit_id);
  update_accessible (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED]);
}

void
kh_chart_widget_set_highlighted (KhChartWidget     *self,
                                 const char *const *unit_ids)
{
  g_return_if_fail (KH_IS_CHART_WIDGET (self));

  g_strfreev (self->highlighted);
  self->highlighted = unit_ids != NULL && unit_ids[0] != NULL ? g_strdupv ((char **) unit_ids) : NULL;
  if (self->data != NULL)
    kh_chart_data_set_highlights (self->data, unit_ids);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

const char *
kh_chart_widget_get_selected (KhChartWidget *self)
{
  g_return_val_if_fail (KH_IS_CHART_WIDGET (self), NULL);

  return self->selected;
}

const KhChartLayout *
kh_chart_widget_get_layout (KhChartWidget *self)
{
  g_return_val_if_fail (KH_IS_CHART_WIDGET (self), NULL);

  return self->layout;
}

const char *
kh_chart_widget_get_description (KhChartWidget *self)
{
  g_return_val_if_fail (KH_IS_CHART_WIDGET (self), NULL);

  return self->description;
}
