/* kh-bench-ui.c — start-up and edit-to-table latency of the window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Run under a display (e.g. xvfb-run): kh-bench-ui [PROJECT] [RUNS] [EDITS] [results]
 * PROJECT defaults to the sample built in the build tree.
 *
 * Start-up: the program starts itself RUNS times (default 10; 0 skips the start-up) with
 * --startup; each child measures from the start of its process (the kernel's start time
 * of the process, so dynamic loading counts) to the end of three frames (the user's copy
 * of the sample, already copied: warm cache): the first frame at all (the window shown);
 * the first frame that shows the project: the project's name in the header and the shown
 * page's rows, or the spinner shown where the results will be while the year computes
 * (kh_window_get_loading(); the empty window does not count); the first frame with the
 * results shown, the shown Results
 * page's rows ranked from the year's plan and no long work running (the bottom bar's
 * progress gone). The median and the slowest run are printed, and the CPU time (user +
 * system, every thread; and the main thread's own) the process used until the results
 * shown: on a loaded machine the wall time mostly measures the wait for a core, the CPU
 * time the work. The process's CPU time when the project shows is printed too. With
 * KH_BENCH_UI_SHOT=FILE.png, each start saves the window as the results show (and, when
 * the project shows with the spinner first, that frame as FILE.png.project.png). Then 3 cold starts, each after emptying the page
 * cache (echo 3 > /proc/sys/vm/drop_caches: run as root, or they are skipped).
 * Each start chooses its renderer as kaohe does (kh_renderer_apply_preference(): GTK's
 * cairo renderer and no OpenGL where there is no render node, unless GSK_RENDERER,
 * GDK_DEBUG or GDK_DISABLE is given); the renderer used, and whether Kaohe chose it, is
 * printed with the figures: under Xvfb it matters more than anything else the app does
 * (GTK's GL renderer is then Mesa's llvmpipe, on the CPU). GSK_RENDERER=gl measures the
 * start with GTK's default renderer.
 *
 * Edit to table: with the project open (a copy of it), EDITS (default 200; 0: none, the
 * start-up only) weight edits
 * through KhDocument (each one recomputes the plan and refreshes the ranking table's
 * model, the framework tree, the data grid and the chart), timed to the return of the
 * edit (model updated) and to the end of the next frame painted. Every other pair of
 * them goes through kh_document_edit_framework() instead, which computes the plan in
 * full, as every weight edit did before kh_plan_reweight(): the before and after of
 * one run (EDITS / 2 each). Then EDITS / 4 value
 * edits (written to the project file with synchronous=FULL, audited) the same way.
 * Then 3 times EDITS / 2 weight edits with the Framework page shown (where weights are
 * edited; the Results page hidden), and the Results page shown again after them.
 *
 * Charts page after another year (issue 22): 3 times, with the Results page shown, the
 * year before (then the year again) is opened, then the Charts page shown, which charts
 * the year and up to three earlier ones: timed are the main loop's time in showing the
 * page (the earlier years' computation, when it runs there) and the time to the chart
 * (its units charted). Only the charts view's public API, the same before and after.
 *
 * Robustness after a weight edit (issue 15): with Results' Robustness tab shown (every
 * weight ± 25 %, 10,000 runs), EDITS / 20 weight edits (at least 3), each timed from the
 * edit to the tab holding the first 1,000 runs' rank intervals (the analysis restarted on
 * its worker thread), and to the end of the next frame painted with them; then, for 2 s
 * while the analysis goes on, the longest the main loop went without running a 10 ms
 * timeout. The whole run is not waited for (at 3,000 units it takes minutes on a loaded
 * machine): the next edit cancels it and starts it again, as for the user (issue 22).
 *
 * Results page shown (issue 22): with the ranking and the breakdown of a selected unit (its
 * papers, indicators and what changed since last year, like for like) on screen, EDITS
 * weight edits, every other one the undo of the one before, each timed from the edit to
 * the end of the next frame painted, with the CPU time of both (the window beside the
 * Weights… window, or a weight edited in the inspector; the edits begin once the Charts
 * page's earlier years, computed when a unit is selected, are), and the main thread's CPU time
 * in the edit itself and in each phase of that frame: its update (the tick callbacks: the
 * Results page's rows and breakdown; then, on X11, GDK's computing the window's size,
 * where GtkWindow measures the window: printed apart), its layout and its paint. With a fourth argument
 * `results` only this is run: kh-bench-ui PROJECT 0 EDITS results.
 *
 * Data grid range: on the Data page, the first row's first cell selected, 20 ranges from it
 * to one of the last rows and up to the fifth column (each marks its bound cells: every one
 * asks for its row), then 5 copies of the range. Only the data view's public API.
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "core/kh-malloc.h"
#include "ui/kh-application.h"
#include "ui/kh-charts-view.h"
#include "ui/kh-data-view.h"
#include "ui/kh-renderer.h"
#include "ui/kh-result-row.h"
#include "ui/kh-results-view.h"
#include "ui/kh-window.h"

static gint64 process_start_us;

/* The process's start time on the monotonic clock, from /proc/self/stat (field 22, in
 * clock ticks since boot; CLOCK_MONOTONIC counts from boot on Linux as well). */
static gint64
read_process_start (void)
{
  g_autofree char *stat = NULL;
  char *p;
  unsigned long long ticks = 0;

  if (!g_file_get_contents ("/proc/self/stat", &stat, NULL, NULL)
      || (p = strrchr (stat, ')')) == NULL)
    return g_get_monotonic_time ();
  p += 2;
  for (int field = 3; field < 22 && p != NULL; field++)
    {
      p = strchr (p, ' ');
      if (p != NULL)
        p++;
    }
  if (p == NULL || sscanf (p, "%llu", &ticks) != 1)
    return g_get_monotonic_time ();
  return (gint64) (ticks * G_USEC_PER_SEC / (unsigned long long) sysconf (_SC_CLK_TCK));
}

typedef struct
{
  KhWindow *window;
  gulong handler;
  gboolean done;
  gint64 painted_at;
  double cpu_ms;      /* the process's CPU time at painted_at */
  double main_cpu_ms; /* the main thread's part of it */
  gint64 first_paint; /* the first frame, before the project shows */
  gint64 project_at;  /* the first frame showing the project (shows_project()) */
  double project_cpu_ms;
  gint64 layout_at;   /* when the frame clock started the frame's layout */
  /* The main thread's CPU time as the frame's phases begin (the first frame after the
   * wait began): its update (tick callbacks), its layout (size requests and allocation),
   * its paint (snapshot and render); and at its end, painted. */
  double update_cpu_ms;
  double layout_cpu_ms;
  /* Of the update, the main thread's CPU time in GDK's computing the window's size: on
   * X11 the frame clock's "update" ends with it (GdkToplevel::compute-size, where
   * GtkWindow measures the window: every widget whose size was queued, the labels whose
   * texts changed shaped again), before the layout phase that then finds the sizes
   * measured. */
  double size_started_ms;
  double size_cpu_ms;
  double paint_cpu_ms;
  /* Done at the next frame painted, whatever page it shows (the Framework page's edits):
   * else only once it shows the results. */
  gboolean any_page;
} FrameWait;

static double thread_cpu_now_ms (void);

static void
update_cb (GdkFrameClock *clock,
           FrameWait     *wait)
{
  if (wait->update_cpu_ms == 0)
    wait->update_cpu_ms = thread_cpu_now_ms ();
}

static void
layout_cb (GdkFrameClock *clock,
           FrameWait     *wait)
{
  if (wait->layout_at == 0)
    wait->layout_at = g_get_monotonic_time ();
}

/* GdkToplevel::compute-size about to run its handlers (an emission hook runs before
 * them), in the frame's update phase. */
static FrameWait *size_wait;

static gboolean
size_hook_cb (GSignalInvocationHint *hint,
              guint                  n_params,
              const GValue          *params,
              gpointer               user_data)
{
  if (size_wait != NULL && size_wait->update_cpu_ms != 0 && size_wait->layout_cpu_ms == 0)
    size_wait->size_started_ms = thread_cpu_now_ms ();
  return TRUE;
}

/* After GtkWindow's handler of GdkToplevel::compute-size. */
static void
sized_cb (GdkSurface *surface,
          gpointer    size,
          FrameWait  *wait)
{
  if (wait->size_started_ms != 0)
    {
      wait->size_cpu_ms += thread_cpu_now_ms () - wait->size_started_ms;
      wait->size_started_ms = 0;
    }
}

/* After every other handler of the frame's update (the widgets' tick callbacks): its
 * layout begins. */
static void
updated_cb (GdkFrameClock *clock,
            FrameWait     *wait)
{
  if (wait->layout_cpu_ms == 0)
    wait->layout_cpu_ms = thread_cpu_now_ms ();
}

/* After every other handler of the frame's layout (the window's): its paint begins. */
static void
laid_out_cb (GdkFrameClock *clock,
             FrameWait     *wait)
{
  if (wait->paint_cpu_ms == 0)
    wait->paint_cpu_ms = thread_cpu_now_ms ();
}

/* The process's CPU time (user + system, every thread) in milliseconds. */
static double
cpu_now_ms (void)
{
  struct rusage usage;

  if (getrusage (RUSAGE_SELF, &usage) != 0)
    return 0;
  return (usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) * 1000.0
         + (usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1000.0;
}

/* The calling thread's CPU time in milliseconds. */
static double
thread_cpu_now_ms (void)
{
  struct timespec ts;

  if (clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts) != 0)
    return 0;
  return ts.tv_sec * 1000.0 + ts.tv_nsec / 1e6;
}

/* The rows of the window's shown page, when it is one that lists them: the Results page's
 * ranking (the rows it lists now, kh_results_view_get_n_listed()), the Data page's grid;
 * -1 for another page. */
static int
shown_rows (KhWindow *window)
{
  GtkWidget *results = kh_window_get_page (window, "results");
  GtkWidget *data;

  if (gtk_widget_get_mapped (results))
    return (int) kh_results_view_get_n_listed (KH_RESULTS_VIEW (results));
  /* Asked for, a page not built yet would be built (issue 22): one not built is not shown. */
  if (!kh_window_is_page_built (window, "data"))
    return -1;
  data = kh_window_get_page (window, "data");
  if (gtk_widget_get_mapped (data))
    return (int) kh_data_view_get_n_rows (KH_DATA_VIEW (data));
  return -1;
}

/* The window shows the project: its name in the header, and the shown page's rows or,
 * while its year computes, the spinner where they will be (issue 22). */
static gboolean
shows_project (KhWindow *window)
{
  KhDocument *doc = kh_window_get_document (window);
  g_autofree char *name = NULL;

  if (doc == NULL)
    return FALSE;
  name = kh_window_target_name (kh_document_get_path (doc));
  return g_strcmp0 (kh_window_get_subtitle (window), name) == 0
         && (shown_rows (window) > 0 || kh_window_get_loading (window) != NULL);
}

/* The results are shown: the Results page's rows ranked from the year's plan, no long work
 * running. */
static gboolean
shows_results (KhWindow *window)
{
  KhDocument *doc = kh_window_get_document (window);

  return doc != NULL && kh_document_get_plan (doc) != NULL && !kh_window_is_busy (window)
         && gtk_widget_get_mapped (kh_window_get_page (window, "results"))
         && shown_rows (window) > 0;
}

static void save_shot (GtkWidget  *widget,
                       const char *path);

static gboolean empty_window; /* --startup with no sample to open (KAOHE_SAMPLE not a file) */

/* With KH_BENCH_UI_MEM=1, the --startup child prints to stderr where its memory is as the
 * results show (issue 22): the resident set and its peak, split into anonymous memory (the
 * heap, ours and GTK's) and mapped files (libraries, fonts, the project's file), and
 * malloc's own count of what is in use. */
static void
print_memory (void)
{
  g_autofree char *status = NULL, *rollup = NULL;
  struct mallinfo2 info = mallinfo2 ();
  const char *keys[] = { "VmHWM:", "VmRSS:", "RssAnon:", "RssFile:", "RssShmem:" };

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    return;
  g_file_get_contents ("/proc/self/smaps_rollup", &rollup, NULL, NULL);
  g_printerr ("memory:");
  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    {
      const char *at = strstr (status, keys[i]);

      if (at != NULL)
        g_printerr (" %s %.1f MB", keys[i], g_ascii_strtod (at + strlen (keys[i]), NULL) / 1024.0);
    }
  g_printerr (" malloc in use %.1f MB (arena %.1f MB, mmapped %.1f MB, free in arena %.1f MB)\n",
              (info.uordblks + info.hblkhd) / 1048576.0, info.arena / 1048576.0,
              info.hblkhd / 1048576.0, info.fordblks / 1048576.0);
  if (g_getenv ("KH_BENCH_UI_MEM_INFO") != NULL)
    malloc_info (0, stderr);
}

static void
after_paint_cb (GdkFrameClock *clock,
                FrameWait     *wait)
{
  if (wait->first_paint == 0)
    wait->first_paint = g_get_monotonic_time ();
  if (wait->project_at == 0 && shows_project (wait->window))
    {
      wait->project_at = g_get_monotonic_time ();
      wait->project_cpu_ms = cpu_now_ms ();
      if (g_getenv ("KH_BENCH_UI_SHOT") != NULL && kh_window_get_loading (wait->window) != NULL)
        {
          g_autofree char *shot = g_strconcat (g_getenv ("KH_BENCH_UI_SHOT"), ".project.png", NULL);

          save_shot (GTK_WIDGET (wait->window), shot);
        }
    }
  /* No project to show (the sample not found): the empty window, at its first frame. */
  if (kh_window_get_document (wait->window) == NULL && !kh_window_is_busy (wait->window)
      && empty_window)
    {
      wait->painted_at = wait->project_at = g_get_monotonic_time ();
      wait->cpu_ms = wait->project_cpu_ms = cpu_now_ms ();
      wait->main_cpu_ms = thread_cpu_now_ms ();
      wait->done = TRUE;
      return;
    }
  if (!wait->any_page && !shows_results (wait->window))
    return;
  wait->painted_at = g_get_monotonic_time ();
  wait->cpu_ms = cpu_now_ms ();
  wait->main_cpu_ms = thread_cpu_now_ms (); /* the frame clock's: the main thread */
  wait->done = TRUE;
}

static void
wait_for_frame (KhWindow  *window,
                FrameWait *wait)
{
  static gboolean hooked;
  GdkFrameClock *clock;
  GdkSurface *surface;
  gulong layout_handler, update_handler, updated_handler, laid_out_handler, sized_handler;

  while (gtk_widget_get_frame_clock (GTK_WIDGET (window)) == NULL)
    g_main_context_iteration (NULL, TRUE);
  clock = gtk_widget_get_frame_clock (GTK_WIDGET (window));
  surface = gtk_native_get_surface (GTK_NATIVE (window));
  if (!hooked)
    {
      g_signal_add_emission_hook (g_signal_lookup ("compute-size", GDK_TYPE_TOPLEVEL), 0,
                                  size_hook_cb, NULL, NULL);
      hooked = TRUE;
    }
  wait->window = window;
  wait->done = FALSE;
  wait->layout_at = 0;
  wait->update_cpu_ms = wait->layout_cpu_ms = wait->paint_cpu_ms = 0;
  wait->size_started_ms = wait->size_cpu_ms = 0;
  size_wait = wait;
  sized_handler = g_signal_connect_after (surface, "compute-size", G_CALLBACK (sized_cb), wait);
  wait->handler = g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb), wait);
  /* before the widgets' tick callbacks, connected when the window was realized */
  update_handler = g_signal_connect (clock, "before-paint", G_CALLBACK (update_cb), wait);
  layout_handler = g_signal_connect (clock, "layout", G_CALLBACK (layout_cb), wait);
  updated_handler = g_signal_connect_after (clock, "update", G_CALLBACK (updated_cb), wait);
  laid_out_handler = g_signal_connect_after (clock, "layout", G_CALLBACK (laid_out_cb), wait);
  gtk_widget_queue_draw (GTK_WIDGET (window));
  while (!wait->done)
    g_main_context_iteration (NULL, TRUE);
  g_signal_handler_disconnect (clock, wait->handler);
  g_signal_handler_disconnect (clock, layout_handler);
  g_signal_handler_disconnect (clock, update_handler);
  g_signal_handler_disconnect (clock, updated_handler);
  g_signal_handler_disconnect (clock, laid_out_handler);
  g_signal_handler_disconnect (surface, sized_handler);
  size_wait = NULL;
}

static gboolean renderer_chosen; /* kh_renderer_apply_preference() set the renderer */

/* With KH_BENCH_UI_SHOT=FILE.png, the start-up saves the window as its results show, to be
 * looked at. */
static void
save_shot (GtkWidget  *widget,
           const char *path)
{
  g_autoptr (GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  g_autoptr (GskRenderNode) node = NULL;
  g_autoptr (GdkTexture) texture = NULL;
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  int width = gtk_widget_get_width (widget), height = gtk_widget_get_height (widget);

  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (snapshot);
  if (node == NULL)
    return;
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (gtk_widget_get_native (widget)),
                                         node, &GRAPHENE_RECT_INIT (0, 0, width, height));
  if (!gdk_texture_save_to_png (texture, path))
    g_printerr ("kh-bench-ui: cannot write %s\n", path);
}

static int
run_startup (void)
{
  g_autoptr (KhApplication) app = NULL;
  g_autofree char *sample = NULL;
  KhWindow *window;
  FrameWait wait = { 0 };

  adw_init ();
  app = kh_application_new ();
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (app), NULL, NULL);
  g_application_activate (G_APPLICATION (app)); /* `kaohe` with no argument */
  window = KH_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (app)));
  sample = kh_window_find_sample ();
  empty_window = sample == NULL;
  wait_for_frame (window, &wait);
  if (g_getenv ("KH_BENCH_UI_MEM") != NULL)
    {
      /* KH_BENCH_UI_MEM=SECONDS: again after the main loop ran that long (work started
       * after the results show, e.g. a page's models, counts then) */
      guint settle = (guint) atoi (g_getenv ("KH_BENCH_UI_MEM"));

      print_memory ();
      if (settle > 1)
        {
          gint64 until = g_get_monotonic_time () + settle * G_USEC_PER_SEC;

          while (g_get_monotonic_time () < until)
            g_main_context_iteration (NULL, FALSE) || (g_usleep (10000), TRUE);
          print_memory ();
          /* KH_BENCH_UI_MEM_TRIM: what malloc_trim() would give back then */
          if (g_getenv ("KH_BENCH_UI_MEM_TRIM") != NULL)
            {
              malloc_trim (0);
              print_memory ();
            }
        }
    }
  if (g_getenv ("KH_BENCH_UI_SHOT") != NULL)
    save_shot (GTK_WIDGET (window), g_getenv ("KH_BENCH_UI_SHOT"));
  g_print ("%.1f %.1f %.1f %.1f %.1f %.1f %s, %s\n",
           (wait.painted_at - process_start_us) / 1000.0,
           (wait.first_paint - process_start_us) / 1000.0, wait.cpu_ms, wait.main_cpu_ms,
           (wait.project_at - process_start_us) / 1000.0, wait.project_cpu_ms,
           G_OBJECT_TYPE_NAME (gtk_native_get_renderer (GTK_NATIVE (window))),
           renderer_chosen ? "chosen by Kaohe (no render node: GSK_RENDERER=cairo, "
                             "GDK_DEBUG=gl-disable)"
                           : "GTK's default or the user's");
  return kh_window_get_document (window) != NULL ? 0 : 1;
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static void
report (const char *what,
        GArray     *samples)
{
  g_array_sort (samples, compare_doubles);
  g_print ("%-44s median %7.2f ms   p95 %7.2f ms   max %7.2f ms   (n = %u)\n", what,
           g_array_index (samples, double, samples->len / 2),
           g_array_index (samples, double, (samples->len * 95) / 100),
           g_array_index (samples, double, samples->len - 1), samples->len);
}

/* Empties the kernel's page cache (needs root; containers often refuse it). */
static gboolean
drop_caches (void)
{
  FILE *file;
  gboolean ok;

  sync ();
  /* Written in place: g_file_set_contents() would write a copy and rename it. */
  file = fopen ("/proc/sys/vm/drop_caches", "w");
  if (file == NULL)
    return FALSE;
  ok = fputs ("3\n", file) >= 0;
  return fclose (file) == 0 && ok;
}

/* One start of the program: milliseconds to the first frame with the project and to the
 * first frame at all, and the CPU time used until the first, all threads and the main
 * thread's (the rest is the project's loading on its worker, at 3,000 units most of it). */
static char *renderer; /* the class of the starts' renderer, e.g. GskGLRenderer, and who
                        * chose it */

static void
start_once (const char *self_path,
            double     *ms,
            double     *first_ms,
            double     *cpu_ms,
            double     *main_cpu_ms,
            double     *project_ms,
            double     *project_cpu_ms)
{
  const char *argv[] = { self_path, "--startup", NULL };
  g_autofree char *out = NULL;
  int status = 0;
  char *end = NULL;

  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, NULL,
                     &status, NULL)
      || !g_spawn_check_wait_status (status, NULL))
    g_error ("start-up run failed");
  *ms = g_ascii_strtod (out, &end);
  *first_ms = g_ascii_strtod (end, &end);
  *cpu_ms = g_ascii_strtod (end, &end);
  *main_cpu_ms = g_ascii_strtod (end, &end);
  *project_ms = g_ascii_strtod (end, &end);
  *project_cpu_ms = g_ascii_strtod (end, &end);
  if (renderer == NULL)
    renderer = g_strstrip (g_strdup (end));
}

/* Warm: @runs starts after one that warms the caches. Cold: 3 starts, each after the
 * page cache was emptied (libraries, fonts, icons and the project read from disk). */
static void
bench_startup (const char *self_path,
               guint       runs)
{
  g_autoptr (GArray) samples = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr (GArray) first = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr (GArray) cold = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr (GArray) cold_first = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr (GArray) cpu = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr (GArray) cold_cpu = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr (GArray) main_cpu = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr (GArray) cold_main_cpu = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr (GArray) project = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr (GArray) project_cpu = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr (GArray) cold_project = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr (GArray) cold_project_cpu = g_array_new (FALSE, FALSE, sizeof (double));

  for (guint i = 0; i < runs + 1; i++)
    {
      double ms, first_ms, cpu_ms, main_ms, project_ms, project_cpu_ms;

      start_once (self_path, &ms, &first_ms, &cpu_ms, &main_ms, &project_ms, &project_cpu_ms);
      if (i > 0) /* the first run copies the sample and warms the caches */
        {
          g_array_append_val (project, project_ms);
          g_array_append_val (project_cpu, project_cpu_ms);
          g_array_append_val (samples, ms);
          g_array_append_val (first, first_ms);
          g_array_append_val (cpu, cpu_ms);
          g_array_append_val (main_cpu, main_ms);
        }
    }
  g_print ("renderer %s (given: GSK_RENDERER=%s, GDK_DEBUG=%s)\n", renderer,
           g_getenv ("GSK_RENDERER") != NULL ? g_getenv ("GSK_RENDERER") : "",
           g_getenv ("GDK_DEBUG") != NULL ? g_getenv ("GDK_DEBUG") : "");
  report ("warm start-up to the first frame (window shown)", first);
  report ("warm start-up to the project shown", project);
  report ("  CPU time used until then", project_cpu);
  report ("warm start-up to the results shown", samples);
  report ("  CPU time used until then", cpu);
  report ("    of which the main thread", main_cpu);

  for (guint i = 0; i < 3; i++)
    {
      double ms, first_ms, cpu_ms, main_ms, project_ms, project_cpu_ms;

      if (!drop_caches ())
        {
          g_print ("cold start-up: not measured (cannot write /proc/sys/vm/drop_caches)\n");
          return;
        }
      start_once (self_path, &ms, &first_ms, &cpu_ms, &main_ms, &project_ms, &project_cpu_ms);
      g_array_append_val (cold_project, project_ms);
      g_array_append_val (cold_project_cpu, project_cpu_ms);
      g_array_append_val (cold, ms);
      g_array_append_val (cold_first, first_ms);
      g_array_append_val (cold_cpu, cpu_ms);
      g_array_append_val (cold_main_cpu, main_ms);
    }
  report ("cold start-up to the first frame (window shown)", cold_first);
  report ("cold start-up to the project shown", cold_project);
  report ("  CPU time used until then", cold_project_cpu);
  report ("cold start-up to the results shown", cold);
  report ("  CPU time used until then", cold_cpu);
  report ("    of which the main thread", cold_main_cpu);
}

static gboolean
has_document (KhWindow *window)
{
  return kh_window_get_document (window) != NULL && !kh_window_is_busy (window);
}

/* Iterates the main loop until the Robustness tab holds a result of at least 1,000 runs
 * other than @before (the result held before an edit: a new one is made while the old one
 * is still held, so it is at another address), or 60 s pass. */
static const KhSensitivityResult *
wait_for_robustness (KhRobustnessView          *view,
                     const KhSensitivityResult *before)
{
  gint64 until = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;

  for (;;)
    {
      const KhSensitivityResult *r = kh_robustness_view_get_result (view);

      if (r != NULL && r != before && r->n_runs >= 1000)
        return r;
      if (kh_robustness_view_get_error (view) != NULL)
        g_error ("the analysis refused: %s", kh_robustness_view_get_error (view));
      if (g_get_monotonic_time () > until)
        g_error ("no robustness result of 1,000 runs after 60 s");
      g_main_context_iteration (NULL, TRUE);
    }
}

typedef struct
{
  gint64 last;
  gint64 longest;
} Ticks;

static gboolean
tick_cb (gpointer data)
{
  Ticks *ticks = data;
  gint64 now = g_get_monotonic_time ();

  ticks->longest = MAX (ticks->longest, now - ticks->last);
  ticks->last = now;
  return G_SOURCE_CONTINUE;
}

/* The longest the main loop went without running a 10 ms timeout while it ran for
 * @seconds: how long the window could not answer (the analysis runs on its threads). */
static double
longest_stall (double seconds)
{
  Ticks ticks = { g_get_monotonic_time (), 0 };
  gint64 until = ticks.last + (gint64) (seconds * G_USEC_PER_SEC);
  guint id = g_timeout_add (10, tick_cb, &ticks);

  while (g_get_monotonic_time () < until)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (id);
  return ticks.longest / 1000.0;
}

static void
bench_robustness (KhWindow      *window,
                  KhDocument    *doc,
                  KhResultsView *results,
                  const char    *indicator,
                  guint          n_edits)
{
  KhRobustnessView *view = kh_results_view_get_robustness (results);
  g_autoptr (GArray) to_first = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr (GArray) to_frame = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr (GArray) stalls = g_array_new (FALSE, FALSE, sizeof (double));
  guint first_runs = 0;

  kh_robustness_view_set_weights (view, 25, 10000);
  kh_results_view_show_tab (results, "robustness");
  wait_for_robustness (view, NULL);
  for (guint i = 0; i < n_edits; i++)
    {
      FrameWait wait = { 0 };
      const KhSensitivityResult *before = kh_robustness_view_get_result (view);
      gint64 start = g_get_monotonic_time ();
      const KhSensitivityResult *first;
      double ms;

      g_autoptr (GError) error = NULL;

      if (!kh_document_set_node_weight (doc, indicator, i % 2 == 0 ? 2.0 : 1.0, &error))
        g_error ("edit refused: %s", error != NULL ? error->message : "no change");
      first = wait_for_robustness (view, before);
      first_runs = first->n_runs;
      ms = (g_get_monotonic_time () - start) / 1000.0;
      g_array_append_val (to_first, ms);
      wait_for_frame (window, &wait);
      ms = (wait.painted_at - start) / 1000.0;
      g_array_append_val (to_frame, ms);
      /* The rest of the 10,000 runs (minutes at 3,000 units on a loaded machine) is not
       * waited for: the window must answer meanwhile, and the next edit cancels the run
       * and starts it again, as it would for the user. */
      ms = longest_stall (2.0);
      g_array_append_val (stalls, ms);
    }
  kh_robustness_view_cancel (view);
  while (kh_robustness_view_is_running (view))
    g_main_context_iteration (NULL, TRUE);
  g_print ("Robustness, weights ± 25 %%, 10,000 runs; the first %u runs shown:\n", first_runs);
  report ("weight edit → first runs' rank intervals in the tab", to_first);
  report ("weight edit → next frame painted with them", to_frame);
  report ("longest main-loop stall in the next 2 s (analysis running)", stalls);
}

static void
bench_charts (KhWindow   *window,
              KhDocument *doc)
{
  KhChartsView *charts = KH_CHARTS_VIEW (kh_window_get_page (window, "charts"));
  g_autoptr (GArray) blocked = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr (GArray) shown = g_array_new (FALSE, FALSE, sizeof (double));
  int year = kh_document_get_year (doc);

  for (guint i = 0; i < 6; i++)
    {
      g_autoptr (GError) error = NULL;
      gint64 start, returned;
      double ms;

      kh_window_show_page (window, "results");
      if (!kh_document_set_year (doc, i % 2 == 0 ? year - 1 : year, &error))
        g_error ("cannot open the year: %s", error->message);
      while (g_main_context_iteration (NULL, FALSE))
        ;
      start = g_get_monotonic_time ();
      kh_window_show_page (window, "charts");
      returned = g_get_monotonic_time ();
      ms = (returned - start) / 1000.0;
      g_array_append_val (blocked, ms);
      while (kh_charts_view_get_n_units (charts) == 0)
        g_main_context_iteration (NULL, TRUE);
      ms = (g_get_monotonic_time () - start) / 1000.0;
      g_array_append_val (shown, ms);
    }
  report ("Charts page shown → main loop back", blocked);
  report ("Charts page shown → chart of the years", shown);
  kh_window_show_page (window, "results");
}

typedef struct
{
  const char *node;
  double weight;
} WeightEdit;

/* A weight set through the generic framework edit: the plan computed again in full, as
 * every weight edit was before kh_plan_reweight() (the "before" of issue 22's figures). */
static gboolean
full_weight_edit (KhFramework *fw,
                  gpointer     user_data,
                  GError     **error)
{
  WeightEdit *edit = user_data;

  kh_framework_find_node (fw, edit->node)->weight = edit->weight;
  return TRUE;
}

static void
bench_grid_range (KhWindow *window)
{
  KhDataView *view = KH_DATA_VIEW (kh_window_get_page (window, "data"));
  g_autoptr (GArray) marking = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr (GArray) copying = g_array_new (FALSE, FALSE, sizeof (double));
  g_autofree char *first = NULL;
  GPtrArray *fields;
  guint n;

  kh_window_show_page (window, "data");
  while (g_main_context_iteration (NULL, FALSE))
    ;
  n = kh_data_view_get_n_rows (view);
  fields = kh_data_view_get_fields (view);
  if (n < 2 || fields->len == 0)
    return;
  first = kh_data_view_dup_row_unit (view, 0);
  kh_data_view_select_cell (view, first, fields->pdata[0]);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  for (guint i = 0; i < 20; i++)
    {
      g_autofree char *last = kh_data_view_dup_row_unit (view, n - 1 - i % n);
      gint64 start = g_get_monotonic_time ();
      double ms;

      kh_data_view_select_range (view, last, fields->pdata[MIN (fields->len, 5) - 1]);
      ms = (g_get_monotonic_time () - start) / 1000.0;
      g_array_append_val (marking, ms);
    }
  for (guint i = 0; i < 5; i++)
    {
      gint64 start = g_get_monotonic_time ();
      g_autofree char *text = kh_data_view_copy_text (view);
      double ms = (g_get_monotonic_time () - start) / 1000.0;

      g_array_append_val (copying, ms);
    }
  g_print ("Data grid of %u rows, %u columns:\n", n, fields->len);
  report ("range to the last rows selected (marked)", marking);
  report ("range copied", copying);
  kh_window_show_page (window, "results");
}

/* Weight edits where they are made, on the Framework page (issue 22): the Results page and
 * the tabs hidden, each timed to the return of the edit and to the end of the next frame
 * painted, with the CPU time of both; then the Results page shown again, timed to its
 * frame (what the hidden pages caught up with). */
static void
bench_framework_edits (KhWindow   *window,
                       KhDocument *doc,
                       const char *indicator,
                       guint       n_edits)
{
  g_autoptr (GArray) to_return = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr (GArray) to_frame = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr (GArray) cpu = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr (GArray) shown = g_array_new (FALSE, FALSE, sizeof (double));

  for (guint round = 0; round < 3; round++)
    {
      FrameWait wait = { 0 };
      gint64 start;
      double ms;

      kh_window_show_page (window, "framework");
      wait.any_page = TRUE;
      wait_for_frame (window, &wait);
      wait.any_page = FALSE;
      for (guint i = 0; i < n_edits; i++)
        {
          FrameWait edit_wait = { .any_page = TRUE };
          double cpu_start = cpu_now_ms ();

          start = g_get_monotonic_time ();
          if (!kh_document_set_node_weight (doc, indicator, i % 2 == 0 ? 2.0 : 1.0, NULL))
            g_error ("edit refused");
          ms = (g_get_monotonic_time () - start) / 1000.0;
          g_array_append_val (to_return, ms);
          wait_for_frame (window, &edit_wait);
          ms = (edit_wait.painted_at - start) / 1000.0;
          g_array_append_val (to_frame, ms);
          ms = edit_wait.cpu_ms - cpu_start;
          g_array_append_val (cpu, ms);
        }
      start = g_get_monotonic_time ();
      kh_window_show_page (window, "results");
      wait_for_frame (window, &wait);
      ms = (wait.painted_at - start) / 1000.0;
      g_array_append_val (shown, ms);
    }
  report ("weight edit on the Framework page → edit returned", to_return);
  report ("weight edit on the Framework page → frame painted", to_frame);
  report ("  CPU time of the edit to that frame", cpu);
  report ("Results page shown after those edits → frame painted", shown);
}

/* Weight edits with the Results page shown and a unit's breakdown beside the ranking
 * (issue 22): each edit, then its undo, timed to the end of the next frame painted. */
static void
bench_results_edits (KhWindow      *window,
                     KhDocument    *doc,
                     KhResultsView *results,
                     const char    *indicator,
                     guint          n_edits)
{
  g_autoptr (GArray) to_return = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr (GArray) to_frame = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr (GArray) cpu = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr (GArray) edit_cpu = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr (GArray) update_cpu = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr (GArray) ticks_cpu = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr (GArray) size_cpu = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr (GArray) layout_cpu = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr (GArray) paint_cpu = g_array_new (FALSE, FALSE, sizeof (double));
  KhPlan *plan = kh_document_get_plan (doc);
  const char *unit = kh_dataset_get_unit_id (kh_plan_get_dataset (plan),
                                             kh_plan_get_n_units (plan) / 2);
  FrameWait wait = { 0 };

  kh_window_show_page (window, "results");
  kh_results_view_show_tab (results, "ranking");
  if (!kh_results_view_select_unit (results, unit))
    g_error ("no row of unit %s", unit);
  wait_for_frame (window, &wait);
  /* A unit selected is selected on the Charts page too, which, hidden, then computes its
   * earlier years on a worker (seconds of CPU at 3,000 units): not the edits' work, it
   * ends before them. */
  while (kh_charts_view_is_loading (KH_CHARTS_VIEW (kh_window_get_page (window, "charts"))))
    g_main_context_iteration (NULL, TRUE);
  for (guint i = 0; i < n_edits; i++)
    {
      FrameWait edit_wait = { 0 };
      double cpu_start = cpu_now_ms ();
      double main_start = thread_cpu_now_ms ();
      gint64 start = g_get_monotonic_time ();
      double ms;
      g_autoptr (GError) error = NULL;

      if (i % 2 == 0 ? !kh_document_set_node_weight (doc, indicator, 3.0, &error)
                     : !kh_document_undo (doc, &error))
        g_error ("edit refused: %s", error != NULL ? error->message : "no change");
      ms = (g_get_monotonic_time () - start) / 1000.0;
      g_array_append_val (to_return, ms);
      ms = thread_cpu_now_ms () - main_start;
      g_array_append_val (edit_cpu, ms);
      wait_for_frame (window, &edit_wait);
      ms = (edit_wait.painted_at - start) / 1000.0;
      g_array_append_val (to_frame, ms);
      ms = edit_wait.cpu_ms - cpu_start;
      g_array_append_val (cpu, ms);
      /* the main thread's CPU time in each phase of that frame */
      ms = edit_wait.layout_cpu_ms - edit_wait.update_cpu_ms;
      g_array_append_val (update_cpu, ms);
      ms -= edit_wait.size_cpu_ms;
      g_array_append_val (ticks_cpu, ms);
      g_array_append_val (size_cpu, edit_wait.size_cpu_ms);
      ms = edit_wait.paint_cpu_ms - edit_wait.layout_cpu_ms;
      g_array_append_val (layout_cpu, ms);
      ms = edit_wait.main_cpu_ms - edit_wait.paint_cpu_ms;
      g_array_append_val (paint_cpu, ms);
      if (g_getenv ("KH_BENCH_UI_EACH") != NULL)
        g_print ("  %s %2u: CPU %6.1f ms (main: edit %5.1f, update %5.1f of which size %5.1f, "
                 "layout %5.1f, paint %5.1f)\n",
                 i % 2 == 0 ? "edit" : "undo", i / 2, g_array_index (cpu, double, i),
                 g_array_index (edit_cpu, double, i), g_array_index (update_cpu, double, i),
                 g_array_index (size_cpu, double, i), g_array_index (layout_cpu, double, i), ms);
    }
  g_print ("Results page shown, breakdown of unit %s; weight edits and their undo:\n", unit);
  report ("weight edit or undo → edit returned", to_return);
  report ("weight edit or undo → next frame painted", to_frame);
  report ("  CPU time of the edit to that frame", cpu);
  report ("  the edit's own (main thread)", edit_cpu);
  report ("  the frame's update: rows, breakdown (main)", update_cpu);
  report ("    the tick callbacks, GTK's styles (main)", ticks_cpu);
  report ("    GDK's size of the window (main: measure)", size_cpu);
  report ("  the frame's layout (main)", layout_cpu);
  report ("  the frame's paint (main)", paint_cpu);
}

static void
bench_edits (const char *path,
             guint       n_edits,
             gboolean    results_only)
{
  g_autoptr (KhApplication) app = kh_application_new ();
  g_autoptr (GFile) file = g_file_new_for_path (path);
  g_autoptr (GArray) to_model = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr (GArray) to_frame = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr (GArray) frame_work = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr (GArray) busy = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr (GArray) edit_cpu = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr (GArray) value_model = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr (GArray) value_frame = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr (GArray) full_model = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr (GArray) full_cpu = g_array_new (FALSE, FALSE, sizeof (double));
  KhWindow *window;
  KhDocument *doc;
  KhFramework *fw;
  KhResultsView *results;
  g_autofree char *indicator = NULL; /* a copy: the framework changes with every edit */
  const char *unit;

  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (app), NULL, NULL);
  window = kh_window_new (app);
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  kh_window_open_file (window, file);
  gtk_window_present (GTK_WINDOW (window));
  while (!has_document (window))
    g_main_context_iteration (NULL, TRUE);
  kh_window_show_page (window, "results");
  doc = kh_window_get_document (window);
  results = KH_RESULTS_VIEW (kh_window_get_page (window, "results"));
  fw = kh_document_get_framework (doc);
  for (KhNode *node = fw->root; node != NULL;
       node = node->children->len > 0 ? g_ptr_array_index (node->children, 0) : NULL)
    if (node->children->len == 0)
      indicator = g_strdup (node->id);
  unit = kh_dataset_get_unit_id (kh_document_get_dataset (doc), 0);
  g_print ("project %s, year %d, category %s: %u units, %u plan nodes; editing %s\n", path,
           kh_document_get_year (doc), kh_document_get_category (doc),
           kh_plan_get_n_units (kh_document_get_plan (doc)),
           kh_plan_get_n_nodes (kh_document_get_plan (doc)), indicator);
  if (results_only)
    {
      bench_results_edits (window, doc, results, indicator, n_edits);
      gtk_window_destroy (GTK_WINDOW (window));
      return;
    }

  for (guint i = 0; i < n_edits; i++)
    {
      FrameWait wait = { 0 };
      gint64 start = g_get_monotonic_time ();
      double cpu_start = cpu_now_ms ();
      double ms;
      g_autoptr (KhResultRow) first = NULL;

      /* Every other pair of edits the full computation, in the same run and the same
       * window: the ratio of the two is what the re-weighting saves. */
      if (i % 4 >= 2)
        {
          WeightEdit edit = { indicator, i % 2 == 0 ? 3.0 : 1.0 };

          if (!kh_document_edit_framework (doc, "Full Weight Edit", full_weight_edit, &edit, NULL))
            g_error ("edit refused");
          first = g_list_model_get_item (kh_results_view_get_rows (results), 0);
          ms = (g_get_monotonic_time () - start) / 1000.0;
          g_array_append_val (full_model, ms);
          wait_for_frame (window, &wait);
          ms = wait.cpu_ms - cpu_start;
          g_array_append_val (full_cpu, ms);
          continue;
        }
      if (!kh_document_set_node_weight (doc, indicator, i % 2 == 0 ? 3.0 : 1.0, NULL))
        g_error ("edit refused");
      first = g_list_model_get_item (kh_results_view_get_rows (results), 0);
      g_assert (first != NULL);
      ms = (g_get_monotonic_time () - start) / 1000.0;
      g_array_append_val (to_model, ms);
      {
        double model_ms = ms;

        wait_for_frame (window, &wait);
        ms = (wait.painted_at - start) / 1000.0;
        g_array_append_val (to_frame, ms);
        /* The frame's own layout and paint, and the edit plus that work: the time the
         * main loop is busy, without the wait for the frame clock's next tick. */
        ms = (wait.painted_at - wait.layout_at) / 1000.0;
        g_array_append_val (frame_work, ms);
        ms += model_ms;
        g_array_append_val (busy, ms);
        /* What a loaded machine does not distort: the CPU time of the edit to its frame. */
        ms = wait.cpu_ms - cpu_start;
        g_array_append_val (edit_cpu, ms);
      }
    }
  report ("weight edit → ranking model updated", to_model);
  report ("  the next frame's layout and paint", frame_work);
  report ("  edit + recompute + layout + paint (busy)", busy);
  report ("weight edit → next frame painted (60 Hz)", to_frame);
  report ("  CPU time of the edit to that frame", edit_cpu);
  report ("weight edit, plan computed in full (before) → model updated", full_model);
  report ("  CPU time of that edit to its frame", full_cpu);

  for (guint i = 0; i < MAX (n_edits / 4, 1); i++)
    {
      FrameWait wait = { 0 };
      gint64 start = g_get_monotonic_time ();
      double ms;
      g_autoptr (GError) error = NULL;

      if (!kh_document_set_value (doc, unit, indicator, 50 + i, &error))
        g_error ("value edit refused: %s", error->message);
      ms = (g_get_monotonic_time () - start) / 1000.0;
      g_array_append_val (value_model, ms);
      wait_for_frame (window, &wait);
      ms = (wait.painted_at - start) / 1000.0;
      g_array_append_val (value_frame, ms);
    }
  report ("value edit (saved, audited) → model updated", value_model);
  report ("value edit (saved, audited) → frame painted", value_frame);
  bench_framework_edits (window, doc, indicator, MAX (n_edits / 2, 1));
  bench_results_edits (window, doc, results, indicator, MAX (n_edits / 2, 2));
  bench_charts (window, doc);
  bench_grid_range (window);
  bench_robustness (window, doc, results, indicator, MAX (n_edits / 20, 3));
  gtk_window_destroy (GTK_WINDOW (window));
}

/* The scratch folder and what the runs left in it (the copy of a large project is big). */
static void
remove_tree (GFile *file)
{
  g_autoptr (GFileEnumerator) children =
    g_file_enumerate_children (file, G_FILE_ATTRIBUTE_STANDARD_NAME,
                               G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS, NULL, NULL);
  GFileInfo *info;
  GFile *child;

  while (children != NULL && g_file_enumerator_iterate (children, &info, &child, NULL, NULL)
         && info != NULL)
    remove_tree (child);
  g_file_delete (file, NULL, NULL);
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *tmp = NULL;
  g_autofree char *sample = NULL;
  const char *project;
  guint runs, n_edits;
  gboolean results_only;

  process_start_us = read_process_start ();
  if (argc > 1 && g_str_equal (argv[1], "--startup"))
    {
      kh_malloc_tune (); /* as kaohe's main() */
      renderer_chosen = kh_renderer_apply_preference (); /* as kaohe's main() */
      gtk_init ();
      return run_startup ();
    }

  sample = g_build_filename (KH_BUILD_DATADIR, "samples", "jiangsu-sample.kaohe", NULL);
  project = argc > 1 ? argv[1] : sample;
  runs = argc > 2 ? (guint) atoi (argv[2]) : 10;
  n_edits = argc > 3 ? (guint) MAX (atoi (argv[3]), 0) : 200;
  results_only = argc > 4 && g_str_equal (argv[4], "results");
  if (!g_file_test (project, G_FILE_TEST_IS_REGULAR))
    {
      g_printerr ("kh-bench-ui: no project at %s\n", project);
      return 1;
    }

  /* Children open the user's copy of the "bundled sample": a copy of PROJECT. */
  tmp = g_dir_make_tmp ("kh-bench-ui-XXXXXX", NULL);
  g_setenv ("XDG_DATA_HOME", tmp, TRUE);
  g_setenv ("KAOHE_SAMPLE", project, TRUE);
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  if (runs > 0) /* 0: the edits only */
    bench_startup (argv[0], runs);
  if (n_edits == 0) /* the start-up only */
    {
      g_autoptr (GFile) scratch = g_file_new_for_path (tmp);

      remove_tree (scratch);
      return 0;
    }

  /* The edits with the renderer the app would use (the starts chose theirs themselves). */
  kh_renderer_apply_preference ();
  gtk_init ();
  adw_init ();
  {
    g_autofree char *copy = g_build_filename (tmp, "kaohe", "jiangsu-sample.kaohe", NULL);

    if (runs == 0) /* no start made the user's copy */
      {
        g_autoptr (GFile) from = g_file_new_for_path (project);
        g_autoptr (GFile) to = g_file_new_for_path (copy);
        g_autoptr (GError) error = NULL;
        g_autofree char *dir = g_path_get_dirname (copy);

        if (g_mkdir_with_parents (dir, 0700) != 0
            || !g_file_copy (from, to, G_FILE_COPY_NONE, NULL, NULL, NULL, &error))
          g_error ("cannot copy %s: %s", project, error != NULL ? error->message : dir);
      }
    bench_edits (copy, n_edits, results_only);
  }
  {
    g_autoptr (GFile) scratch = g_file_new_for_path (tmp);

    remove_tree (scratch);
  }
  return 0;
}
