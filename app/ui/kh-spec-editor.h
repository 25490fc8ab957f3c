/* kh-spec-editor.h — the uncertain inputs of a year and category's sensitivity analysis,
 * edited in a window and stored as the project's spec
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "analysis/kh-sensitivity-spec.h"
#include "kh-document.h"

G_BEGIN_DECLS

/* Opens a modal window over @parent_window to declare the uncertain inputs of the
 * document's year and category, starting from @current, the spec in use (NULL: every
 * weight ± @range, the default), which @current_name names ("the spec stored for 2020
 * “city”", a file's name; NULL for the default): every other weight ± a percentage, the
 * seed, and the inputs one per row — weights of a node or of its children ± a
 * percentage, Dirichlet weights of a node's children, alternative scoring methods or
 * missing-data rules of an indicator, one indicator left out, tier cut-offs —, added,
 * changed and removed; "Weights ± 25 %" sets the window to the default. Apply makes the
 * spec's text (data/schema/README.md, "Sensitivity specs"), checks it as `kaohe-cli
 * sensitivity --store-spec` does (kh_sensitivity_spec_parse(), then kh_sensitivity_new()
 * on the document's plan and @group_id, NULL the framework's first group: every declared
 * input used or refused) and stores it (kh_document_set_sensitivity_spec(): one audited
 * undo step), else says why in the window, input by input, and stores nothing. Cancel or
 * Escape closes. Returns the window (owned by GTK). */
GtkWindow *kh_spec_editor_open     (GtkWindow               *parent_window,
                                    KhDocument              *document,
                                    const char              *group_id,
                                    const KhSensitivitySpec *current,
                                    const char              *current_name,
                                    double                   range);

/* The spec's text as the window's widgets make it now (what Apply checks and stores). */
char      *kh_spec_editor_get_text (GtkWindow               *editor);

G_END_DECLS
