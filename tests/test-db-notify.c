/* test-db-notify.c — LISTEN/NOTIFY: a write on one connection heard on another's main loop
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Issue 19, "Live collaboration": on a throwaway server's database made ready as
 * `kaohe-cli init-server` makes it, a second connection's committed writes to units, years,
 * values, frameworks and results arrive on the listening connection's main context, each
 * table, year and category once per transaction and in commit order; a rolled back
 * transaction is never heard; the listener's own writes are marked own; after a restart of
 * the server the listener says so (anything may have changed) and hears the next writes.
 * On SQLite the source never calls back. Waiting is by iterating the main context until the
 * expected notifications are there (no sleeps; a deadline only turns a hang into a failure).
 */
#include "config.h"

#include <string.h>

#include "io/kh-db-notify.h"
#include "io/kh-db-server.h"
#include "io/kh-db.h"
#include "kh-pg-harness.h"
#include "kh-test-files.h"

static KhPgHarness *pg;

typedef struct
{
  GPtrArray *heard; /* "table|year|category|own" */
  gboolean timed_out;
} Log;

static void
on_change (KhDb             *db,
           const KhDbChange *change,
           gpointer          user_data)
{
  Log *log = user_data;

  g_ptr_array_add (log->heard, g_strdup_printf ("%s|%d|%s|%s", change->table != NULL ? change->table
                                                                                    : "*",
                                                change->year,
                                                change->category != NULL ? change->category : "-",
                                                change->own ? "own" : "other"));
}

static gboolean
deadline_cb (gpointer user_data)
{
  ((Log *) user_data)->timed_out = TRUE;
  return G_SOURCE_REMOVE;
}

/* Iterates @context until @log holds @n notifications; then joins and clears them. */
static char *
wait_for (GMainContext *context,
          Log          *log,
          guint         n)
{
  GSource *deadline = g_timeout_source_new_seconds (120);
  GString *out = g_string_new (NULL);

  g_source_set_callback (deadline, deadline_cb, log, NULL);
  g_source_attach (deadline, context);
  while (log->heard->len < n && !log->timed_out)
    g_main_context_iteration (context, TRUE);
  g_source_destroy (deadline);
  g_source_unref (deadline);
  g_assert_false (log->timed_out);
  for (guint i = 0; i < log->heard->len; i++)
    g_string_append_printf (out, "%s\n", (const char *) log->heard->pdata[i]);
  g_ptr_array_set_size (log->heard, 0);
  return g_string_free (out, FALSE);
}

static void
test_parse (void)
{
  char values[] = "data_values\t2020\tcity";
  char units[] = "units\t\tcounty";
  char years[] = "years\t2019\t";
  char bad_year[] = "years\tabc\t";
  char short_one[] = "units\tcity";
  KhDbChange change;

  g_assert_true (kh_db_change_parse (values, &change));
  g_assert_cmpstr (change.table, ==, "data_values");
  g_assert_cmpint (change.year, ==, 2020);
  g_assert_cmpstr (change.category, ==, "city");
  g_assert_true (kh_db_change_parse (units, &change));
  g_assert_cmpstr (change.table, ==, "units");
  g_assert_cmpint (change.year, ==, 0);
  g_assert_cmpstr (change.category, ==, "county");
  g_assert_true (kh_db_change_parse (years, &change));
  g_assert_cmpint (change.year, ==, 2019);
  g_assert_null (change.category);
  g_assert_false (kh_db_change_parse (bad_year, &change));
  g_assert_false (kh_db_change_parse (short_one, &change));
}

/* Two connections: what one commits, the other's main loop hears. */
static void
test_two_connections (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *uri = kh_pg_harness_new_database (pg, "notify_two");
  GMainContext *context = g_main_context_new ();
  Log log = { g_ptr_array_new_with_free_func (g_free), FALSE };
  KhDb *listener, *writer;
  GSource *source;
  g_autofree char *t1 = NULL, *t2 = NULL, *t3 = NULL, *t4 = NULL, *t5 = NULL;

  g_main_context_push_thread_default (context);
  listener = kh_db_open (uri, &error);
  g_assert_no_error (error);
  g_assert_true (kh_db_server_init (listener, &error)); /* as init-server makes it */
  g_assert_no_error (error);
  writer = kh_db_open (uri, &error);
  g_assert_no_error (error);
  source = kh_db_listen (listener, on_change, &log, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (source);

  /* One transaction: two categories (not notified), three units, a year. */
  kh_pg_harness_exec (writer, "BEGIN;"
                        "INSERT INTO categories (id, name_zh) VALUES ('city', '设区市'), "
                        "('county', '县');"
                        "INSERT INTO units (id, name_zh, category_id) VALUES "
                        "('nanjing', '南京市', 'city'), ('suzhou', '苏州市', 'city'), "
                        "('chongchuan', '崇川区', 'county');"
                        "INSERT INTO years (year) VALUES (2020);"
                        "COMMIT");
  t1 = wait_for (context, &log, 3);
  g_assert_cmpstr (t1, ==, "units|0|city|other\n"
                           "units|0|county|other\n"
                           "years|2020|-|other\n");

  /* Three values of two categories in one statement, then one more of a city: each
   * (table, year, category) once per transaction. */
  kh_pg_harness_exec (writer, "BEGIN;"
                        "INSERT INTO data_values (year, unit_id, field, value, edited_by, edited_at) "
                        "VALUES (2020, 'nanjing', 'gdp', 1.5, 'bob', 'now'), "
                        "(2020, 'chongchuan', 'gdp', 2.5, 'bob', 'now'), "
                        "(2020, 'suzhou', 'gdp', 3.5, 'bob', 'now');"
                        "UPDATE data_values SET value = 4.5 WHERE unit_id = 'suzhou';"
                        "COMMIT");
  t2 = wait_for (context, &log, 2);
  g_assert_cmpstr (t2, ==, "data_values|2020|city|other\n"
                           "data_values|2020|county|other\n");

  /* Rolled back: never heard. The framework after it is the next thing heard. */
  kh_pg_harness_exec (writer, "BEGIN;"
                        "INSERT INTO frameworks (year, category_id, xml) VALUES (2020, 'county', 'x');"
                        "ROLLBACK");
  kh_pg_harness_exec (writer, "INSERT INTO frameworks (year, category_id, xml) VALUES (2020, 'city', 'x')");
  t3 = wait_for (context, &log, 1);
  g_assert_cmpstr (t3, ==, "frameworks|2020|city|other\n");

  /* The listener's own write, marked so; then a seal (the year's row) from the other. */
  kh_pg_harness_exec (listener, "INSERT INTO results (year, unit_id, computed_at) "
                          "VALUES (2020, 'suzhou', 'now')");
  t4 = wait_for (context, &log, 1);
  g_assert_cmpstr (t4, ==, "results|2020|city|own\n");
  kh_pg_harness_exec (writer, "UPDATE years SET sealed = 1 WHERE year = 2020");
  t5 = wait_for (context, &log, 1);
  g_assert_cmpstr (t5, ==, "years|2020|-|other\n");

  /* The server restarted: the listener says anything may have changed, listens again and
   * hears the next writes. */
  g_assert_true (kh_pg_harness_stop_server (pg, &error));
  g_assert_no_error (error);
  g_assert_true (kh_pg_harness_start_server (pg, &error));
  g_assert_no_error (error);
  {
    g_autofree char *restarted = wait_for (context, &log, 1);
    g_autofree char *after = NULL;

    g_assert_cmpstr (restarted, ==, "*|0|-|other\n");
    kh_pg_harness_exec (writer, "INSERT INTO years (year) VALUES (2021)");
    after = wait_for (context, &log, 1);
    g_assert_cmpstr (after, ==, "years|2021|-|other\n");
  }

  g_source_destroy (source);
  g_source_unref (source);
  kh_db_close (writer);
  kh_db_close (listener);
  g_main_context_pop_thread_default (context);
  g_main_context_unref (context);
  g_ptr_array_unref (log.heard);
}

/* On SQLite there is no one else to hear from: the source never calls back. */
static void
test_sqlite (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("kh-db-notify-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "t.kaohe", NULL);
  GMainContext *context = g_main_context_new ();
  Log log = { g_ptr_array_new_with_free_func (g_free), FALSE };
  KhDb *db;
  GSource *source;

  g_main_context_push_thread_default (context);
  db = kh_db_open (path, &error);
  g_assert_no_error (error);
  g_assert_true (kh_db_notify_install (db, &error));
  g_assert_no_error (error);
  source = kh_db_listen (db, on_change, &log, NULL, &error);
  g_assert_no_error (error);
  kh_pg_harness_exec (db, "CREATE TABLE years (year INTEGER PRIMARY KEY); INSERT INTO years VALUES (1)");
  for (guint i = 0; i < 10; i++)
    g_main_context_iteration (context, FALSE);
  g_assert_cmpuint (log.heard->len, ==, 0);
  g_source_destroy (source);
  g_source_unref (source);
  kh_db_close (db);
  g_main_context_pop_thread_default (context);
  g_main_context_unref (context);
  g_ptr_array_unref (log.heard);
  kh_test_remove_dir (dir);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/db-notify/parse", test_parse);
  g_test_add_func ("/db-notify/sqlite", test_sqlite);
  if (kh_pg_harness_start_if_installed (&pg, "/db-notify/pg"))
    g_test_add_func ("/db-notify/two-connections", test_two_connections);
  return kh_pg_harness_run_and_stop (&pg);
}
