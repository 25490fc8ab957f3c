/* kh-ui.c — the ui layer as a whole
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <string.h>

#include "kh-chart-widget.h"
#include "kh-charts-view.h"
#include "kh-data-view.h"
#include "kh-framework-editor.h"
#include "kh-import-dialog.h"
#include "kh-results-view.h"
#include "kh-ui.h"
#include "kh-window.h"

static gboolean
lazy_tooltip_cb (GtkWidget  *widget,
                 int         x,
                 int         y,
                 gboolean    keyboard,
                 GtkTooltip *tooltip,
                 gpointer    user_data)
{
  const char *text = g_object_get_data (G_OBJECT (widget), "kh-lazy-tooltip");

  if (text == NULL)
    return FALSE;
  gtk_tooltip_set_text (tooltip, text);
  return TRUE;
}

void
kh_widget_set_lazy_tooltip (gpointer    widget,
                            const char *text)
{
  g_return_if_fail (GTK_IS_WIDGET (widget));

  if (g_object_get_data (G_OBJECT (widget), "kh-lazy-tooltip-set") == NULL)
    {
      g_object_set_data (G_OBJECT (widget), "kh-lazy-tooltip-set", GINT_TO_POINTER (1));
      gtk_widget_set_has_tooltip (widget, TRUE);
      g_signal_connect (widget, "query-tooltip", G_CALLBACK (lazy_tooltip_cb), NULL);
    }
  g_object_set_data_full (G_OBJECT (widget), "kh-lazy-tooltip", g_strdup (text), g_free);
}

void
kh_ui_ensure_types (void)
{
  g_type_ensure (KH_TYPE_APPLICATION);
  g_type_ensure (KH_TYPE_CHART_WIDGET);
  g_type_ensure (KH_TYPE_WINDOW);
  g_type_ensure (KH_TYPE_FRAMEWORK_EDITOR);
  g_type_ensure (KH_TYPE_DATA_VIEW);
  g_type_ensure (KH_TYPE_RESULTS_VIEW);
  g_type_ensure (KH_TYPE_CHARTS_VIEW);
  g_type_ensure (KH_TYPE_IMPORT_DIALOG);
}

/* "zh_TW.UTF-8@variant" → TRUE for the traditional variants of Chinese. */
static gboolean
is_traditional (const char *language)
{
  static const char *const markers[] = { "_TW", "_HK", "_MO", "_Hant", "-TW", "-HK", "-MO",
                                         "-Hant" };
  g_autofree char *base = g_strndup (language, strcspn (language, ".@"));

  for (guint i = 0; i < G_N_ELEMENTS (markers); i++)
    if (strstr (base, markers[i]) != NULL)
      return TRUE;
  return FALSE;
}

KhLang
kh_ui_lang_for_languages (const char *const *languages)
{
  g_return_val_if_fail (languages != NULL, KH_LANG_EN);

  for (guint i = 0; languages[i] != NULL; i++)
    {
      const char *language = languages[i];

      if (g_str_has_prefix (language, "zh")
          && (language[2] == '\0' || strchr ("_-.@", language[2]) != NULL))
        return is_traditional (language) ? KH_LANG_ZH_TW : KH_LANG_ZH_CN;
      if (g_str_has_prefix (language, "en")
          && (language[2] == '\0' || strchr ("_-.@", language[2]) != NULL))
        return KH_LANG_EN;
    }
  return KH_LANG_EN;
}

KhLang
kh_ui_get_lang (void)
{
  return kh_ui_lang_for_languages (g_get_language_names ());
}

void
kh_ui_cell_watch (gpointer  cell,
                  gpointer  item,
                  GCallback changed_cb,
                  gpointer  user_data)
{
  gulong handler;

  g_return_if_fail (G_IS_OBJECT (cell));
  g_return_if_fail (G_IS_OBJECT (item));

  handler = g_signal_connect (item, "changed", changed_cb, user_data);
  g_object_set_data_full (G_OBJECT (cell), "kh-watched", g_object_ref (item), g_object_unref);
  g_object_set_data (G_OBJECT (cell), "kh-watch-handler", GSIZE_TO_POINTER (handler));
}

void
kh_ui_cell_unwatch (gpointer cell)
{
  GObject *item;
  gulong handler;

  g_return_if_fail (G_IS_OBJECT (cell));

  item = g_object_get_data (G_OBJECT (cell), "kh-watched");
  handler = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (cell), "kh-watch-handler"));
  if (item != NULL && handler != 0)
    g_signal_handler_disconnect (item, handler);
  g_object_set_data (G_OBJECT (cell), "kh-watch-handler", NULL);
  g_object_set_data (G_OBJECT (cell), "kh-watched", NULL);
}
