/* test-data-flags-save.c — the Data page's flags follow a saved framework at once: they are
 * read from the stored framework's valid ranges, so saving a framework with a new range
 * flags the values outside it without waiting for the next value or year change (a save
 * once told the pages only that the saved state had changed)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>

#include "io/kh-project-plausibility.h"
#include "kh-test-sample.h"
#include "kh-test-utils.h"
#include "ui/kh-data-view.h"

static const KhValueFlag *
find_flag (KhDataView *view,
           const char *unit,
           const char *field)
{
  GPtrArray *flags = kh_data_view_get_flags (view);

  for (guint i = 0; i < flags->len; i++)
    {
      const KhValueFlag *flag = flags->pdata[i];

      if (g_str_equal (flag->unit_id, unit) && g_str_equal (flag->field, field))
        return flag;
    }
  return NULL;
}

typedef struct
{
  const char *field;
  double max;
} RangeEdit;

static gboolean
set_valid_max (KhFramework *framework,
               gpointer     user_data,
               GError     **error)
{
  RangeEdit *edit = user_data;
  KhNode *node = kh_framework_find_node (framework, edit->field);

  g_assert_nonnull (node);
  node->valid_max = edit->max;
  return TRUE;
}

static void
test_save_range (void)
{
  g_autofree char *path = kh_test_sample_copy ("data-flags-save.kaohe");
  KhWindow *window = kh_test_sample_open_path (path);
  KhDataView *view = KH_DATA_VIEW (kh_window_get_page (window, "data"));
  KhDocument *doc = kh_window_get_document (window);
  g_autoptr (GError) error = NULL;
  KhDataset *dataset;
  g_autofree char *unit = NULL;
  g_autofree char *field = NULL;
  const KhValueFlag *flag;
  RangeEdit edit;
  double old;

  kh_window_show_page (window, "data");
  kh_test_wait_for_widget (GTK_WIDGET (view));
  dataset = kh_document_get_dataset (doc);
  unit = g_strdup (kh_dataset_get_unit_id (dataset, 0));
  field = g_strdup (kh_data_view_get_fields (view)->pdata[0]);
  old = kh_dataset_get (dataset, 0, kh_dataset_find_field (dataset, field));
  g_assert_false (isnan (old));
  /* The sample's first city's value is not flagged, and its indicator has no maximum. */
  g_assert_null (find_flag (view, unit, field));
  g_assert_true (isnan (kh_framework_find_node (kh_document_get_framework (doc), field)->valid_max));

  /* A maximum one below its value in the working framework: not stored, not flagged yet. */
  edit = (RangeEdit) { field, old - 1 };
  g_assert_true (kh_document_edit_framework (doc, "Valid Range", set_valid_max, &edit, &error));
  g_assert_no_error (error);
  kh_test_spin (100);
  g_assert_null (find_flag (view, unit, field));

  /* Saved: flagged at once, above the declared maximum. */
  g_assert_true (kh_document_save_framework (doc, &error));
  g_assert_no_error (error);
  kh_test_spin (100);
  flag = find_flag (view, unit, field);
  g_assert_nonnull (flag);
  g_assert_cmpint (flag->reason, ==, KH_IMPLAUSIBLE_ABOVE);
  g_assert_cmpfloat (flag->value, ==, old);
  g_assert_cmpfloat (flag->bound, ==, old - 1);
  g_assert_null (flag->confirmed_by);
  kh_test_sample_close (window);
}

int
main (int    argc,
      char **argv)
{
  int status;

  g_setenv ("KAOHE_USER", "checker", TRUE);
  if (!kh_test_sample_init (&argc, &argv))
    {
      g_test_skip ("the sample project is not built");
      return 77;
    }
  g_test_add_func ("/ui/data-flags/save-range", test_save_range);
  status = g_test_run ();
  kh_test_sample_shutdown ();
  return status;
}
