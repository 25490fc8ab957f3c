/* kh-project-compute.c — scoring a project's year with the engine
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "kh-framework-xml.h"
#include "kh-io-error.h"
#include "kh-project-check.h"
#include "kh-project-compute.h"
#include "kh-project-packed.h"
#include "kh-project-private.h"

/* The project's years, read once for the years of one computation
 * (kh_project_year_predecessors_with). */
typedef struct
{
  GHashTable *years;
} UnitsRead;

static void
units_read_clear (UnitsRead *read)
{
  g_clear_pointer (&read->years, g_hash_table_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (UnitsRead, units_read_clear)

/* Each unit's predecessors (kh-project-units.c) and last year's published results. */
static gboolean
set_predecessors (KhProject *self,
                  int        year,
                  UnitsRead *read,
                  KhDataset *ds,
                  GError   **error)
{
  guint n_units = kh_dataset_get_n_units (ds);
  g_autofree const char **ids = g_new (const char *, MAX (n_units, 1));
  g_autoptr (GHashTable) preds = NULL;
  g_autoptr (KhBaseline) published = NULL;

  for (guint u = 0; u < n_units; u++)
    ids[u] = kh_dataset_get_unit_id (ds, u);
  preds = kh_project_year_predecessors_with (self, year, &read->years, ids, n_units, error);
  if (preds == NULL)
    return FALSE;
  for (guint u = 0; u < n_units; u++)
    {
      const char *id = ids[u];
      GPtrArray *list = g_hash_table_lookup (preds, id);
      g_autoptr (GPtrArray) terminated = NULL;

      /* Itself alone is the default. */
      if (list == NULL || (list->len == 1 && strcmp (list->pdata[0], id) == 0))
        continue;
      terminated = g_ptr_array_new ();
      g_ptr_array_extend (terminated, list, NULL, NULL);
      g_ptr_array_add (terminated, NULL);
      kh_dataset_set_unit_predecessors (ds, u, (const char *const *) terminated->pdata);
    }
  if (!kh_project_load_published (self, year - 1, &published, error))
    return FALSE;
  kh_dataset_set_published (ds, published);
  return TRUE;
}

/* A field read at some place of a unit's rows, and its column (KH_DATASET_NONE: not
 * one the framework reads). */
typedef struct
{
  char *name;
  guint field;
} FieldAt;

static void
clear_field_at (gpointer data)
{
  g_free (((FieldAt *) data)->name);
}

/* At most this many fields are named in the query (SQLite's oldest limit of bound
 * parameters is 999); more are filtered as they are read. */
#define KH_PROJECT_FIELDS_IN_QUERY 200

/* KH_PROJECT_VALUES_QUERY for the fields of @only alone (?1 the year) of the year's units
 * of @category (those build_units_of() reads), or NULL. The primary key is searched for
 * each of these units and fields (SQLite's IN lists are walked in order: the rows come
 * ordered without a sort), rather than the whole year walked: at 3,000 units a third
 * less for 12 fields of 200 (issue 22). */
static sqlite3_stmt *
prepare_values_of (sqlite3    *db,
                   GHashTable *only,
                   const char *category)
{
  g_autoptr (GString) sql = g_string_new ("SELECT unit_id, field, value FROM data_values "
                                          "WHERE year = ?1 AND unit_id IN (SELECT y.unit_id "
                                          "FROM unit_years y JOIN units u ON u.id = y.unit_id "
                                          "WHERE u.category_id = ?2 AND y.year = ?1) "
                                          "AND field IN (");
  GHashTableIter iter;
  gpointer name;
  sqlite3_stmt *stmt = NULL;
  int at = 3;

  for (guint i = 0; i < g_hash_table_size (only); i++)
    g_string_append (sql, i > 0 ? ", ?" : "?");
  g_string_append (sql, ") ORDER BY unit_id, field");
  if (sqlite3_prepare_v2 (db, sql->str, -1, &stmt, NULL) != SQLITE_OK)
    return NULL;
  sqlite3_bind_text (stmt, 2, category, -1, SQLITE_TRANSIENT);
  g_hash_table_iter_init (&iter, only);
  while (g_hash_table_iter_next (&iter, &name, NULL))
    sqlite3_bind_text (stmt, at++, name, -1, SQLITE_STATIC);
  return stmt;
}

/* A year's dataset with its units, their predecessors and last year's published
 * results, and no values yet (read_values). */
static KhDataset *
build_units_of (KhProject   *self,
                int          year,
                UnitsRead   *read,
                KhFramework *fw,
                KhLang       lang,
                GError     **error)
{
  g_autoptr (KhDataset) ds = kh_dataset_new (year);
  sqlite3_stmt *stmt = NULL;
  int rc;

  /* On PostgreSQL through the store (kh-project-values-read.c; issue 19). */
  if (self->db == NULL)
    {
      g_clear_pointer (&ds, kh_dataset_unref);
      ds = kh_project_read_units_db (self, year, fw, lang, error);
      if (ds == NULL || !set_predecessors (self, year, read, ds, error))
        return NULL;
      return g_steal_pointer (&ds);
    }

  /* Short names (简称, schema version 6) are Simplified Chinese: in Traditional script as
   * the names are (kh_short_name_transcribe), none in English. */
  if (sqlite3_prepare_v2 (self->db,
                          lang != KH_LANG_EN && self->version >= 6
                            ? "SELECT y.unit_id, y.name_zh, y.group_id, y.name_zh_tw, y.name_en, "
                              "y.short_name "
                              "FROM unit_years y JOIN units u ON u.id = y.unit_id "
                              "WHERE u.category_id = ? AND y.year = ? ORDER BY y.unit_id"
                            : "SELECT y.unit_id, y.name_zh, y.group_id, y.name_zh_tw, y.name_en, NULL "
                              "FROM unit_years y JOIN units u ON u.id = y.unit_id "
                              "WHERE u.category_id = ? AND y.year = ? ORDER BY y.unit_id",
                          -1, &stmt, NULL) != SQLITE_OK)
    {
      kh_project_sql_error (self, _("reading units"), error);
      return NULL;
    }
  sqlite3_bind_text (stmt, 1, fw->category != NULL ? fw->category : "", -1, SQLITE_TRANSIENT);
  sqlite3_bind_int (stmt, 2, year);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      /* Borrowed strings: a KhText only to choose the name as kh_text_get() does. */
      KhText name = {
        .zh_CN = (char *) sqlite3_column_text (stmt, 1),
        .zh_TW = (char *) sqlite3_column_text (stmt, 3),
        .en = (char *) sqlite3_column_text (stmt, 4),
      };

      guint added = kh_dataset_add_unit (ds, (const char *) sqlite3_column_text (stmt, 0),
                                         kh_text_get (&name, lang),
                                         (const char *) sqlite3_column_text (stmt, 2));

      if (added != KH_DATASET_NONE && lang == KH_LANG_ZH_TW)
        {
          g_autofree char *short_name = kh_short_name_transcribe ((const char *) sqlite3_column_text (stmt, 5),
                                                                  name.zh_CN, name.zh_TW);

          kh_dataset_set_unit_short_name (ds, added, short_name);
        }
      else if (added != KH_DATASET_NONE)
        kh_dataset_set_unit_short_name (ds, added, (const char *) sqlite3_column_text (stmt, 5));
    }
  sqlite3_finalize (stmt);
  if (rc == SQLITE_DONE && !set_predecessors (self, year, read, ds, error))
    return NULL;
  if (rc != SQLITE_DONE)
    {
      kh_project_sql_error (self, _("reading units"), error);
      return NULL;
    }
  return g_steal_pointer (&ds);
}

/* Reads the values of @ds's year through @db into @ds: those of the framework's @fields
 * (kh_project_fields_of()) only, and of @only's alone when not NULL. SQLITE_DONE when all
 * were read, else the error code of @db. Touches nothing but @ds and @db: a thread of its
 * own may run it on a connection of its own (ValuesRead). */
static int
read_values (sqlite3    *db,
             KhDataset  *ds,
             const char *category,
             GHashTable *fields,
             GHashTable *only)
{
  g_autoptr (GArray) order = g_array_new (FALSE, FALSE, sizeof (FieldAt));
  g_autofree char *row_unit = NULL;
  guint unit = KH_DATASET_NONE, place = 0;
  sqlite3_stmt *stmt = NULL;
  int rc;

  g_array_set_clear_func (order, clear_field_at);

  /* A few fields of the year: only their rows come out of SQLite (the year's rows are
   * still walked, but a row not returned costs a fifth of one returned). */
  if (only != NULL && g_hash_table_size (only) == 0)
    return SQLITE_DONE;
  if (only != NULL && g_hash_table_size (only) <= KH_PROJECT_FIELDS_IN_QUERY)
    stmt = prepare_values_of (db, only, category);
  else if (sqlite3_prepare_v2 (db, KH_PROJECT_VALUES_QUERY, -1, &stmt, NULL) != SQLITE_OK)
    stmt = NULL;
  if (stmt == NULL)
    return sqlite3_errcode (db) != SQLITE_OK ? sqlite3_errcode (db) : SQLITE_ERROR;
  sqlite3_bind_int (stmt, 1, kh_dataset_get_year (ds));
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *unit_id = (const char *) sqlite3_column_text (stmt, 0);
      const char *name = (const char *) sqlite3_column_text (stmt, 1);
      guint field;

      /* The rows come unit by unit, and every unit's fields mostly in the same order:
       * the unit of the row before, and the field at the same place in the rows of the
       * unit before, are tried before the hash tables (the same unit and field, without
       * three hash lookups a value). */
      if (row_unit == NULL || strcmp (row_unit, unit_id) != 0)
        {
          g_free (row_unit);
          row_unit = g_strdup (unit_id);
          unit = kh_dataset_find_unit (ds, unit_id);
          place = 0;
        }
      /* Values of a unit of another category, or of a field the framework no longer
       * reads (it was replaced after the import), do not take part. */
      if (unit == KH_DATASET_NONE)
        continue;
      if (place < order->len && strcmp (g_array_index (order, FieldAt, place).name, name) == 0)
        field = g_array_index (order, FieldAt, place).field;
      else
        {
          FieldAt at = {
            .name = g_strdup (name),
            .field = g_hash_table_contains (fields, name)
                         && (only == NULL || g_hash_table_contains (only, name))
                       ? kh_dataset_add_field (ds, name)
                       : KH_DATASET_NONE,
          };

          if (place < order->len)
            {
              g_free (g_array_index (order, FieldAt, place).name);
              g_array_index (order, FieldAt, place) = at;
            }
          else
            g_array_append_val (order, at);
          field = at.field;
        }
      place++;
      if (field != KH_DATASET_NONE && sqlite3_column_type (stmt, 2) != SQLITE_NULL)
        kh_dataset_set (ds, unit, field, sqlite3_column_double (stmt, 2));
    }
  sqlite3_finalize (stmt);
  return rc;
}

static KhDataset *
build_dataset_of (KhProject   *self,
                  int          year,
                  UnitsRead   *read,
                  KhFramework *fw,
                  GHashTable  *only,
                  KhLang       lang,
                  GError     **error)
{
  g_autoptr (KhDataset) ds = build_units_of (self, year, read, fw, lang, error);
  g_autoptr (GHashTable) fields = NULL;

  if (ds == NULL)
    return NULL;
  fields = kh_project_fields_of (fw);
  if (self->db == NULL)
    return kh_project_read_values_db (self, ds, fw->category != NULL ? fw->category : "",
                                      fields, only, error)
             ? g_steal_pointer (&ds)
             : NULL;
  if (kh_project_read_packed (self, ds, fw, only))
    return g_steal_pointer (&ds);
  if (read_values (self->db, ds, fw->category != NULL ? fw->category : "", fields, only)
      != SQLITE_DONE)
    {
      kh_project_sql_error (self, _("reading values"), error);
      return NULL;
    }
  return g_steal_pointer (&ds);
}

/* One year's values read on a connection of its own in a thread, while the main
 * connection reads the other years and the plans of the earlier ones are computed
 * (issue 22: at 3,000 units reading the values is two thirds of computing a year, and
 * computing 2020 reads four). The thread reads into the year's dataset, its units read
 * before (build_units_of), which nothing else touches until the thread is joined
 * (values_read_finish); the framework's fields and @only are only read. */
typedef struct
{
  char *path;
  KhDataset *ds;
  char *category;
  GHashTable *fields;
  GHashTable *only;
  GThread *thread;
  int rc; /* read_values(), or the open's error */
} ValuesRead;

static gpointer
values_read_thread (gpointer data)
{
  ValuesRead *vr = data;
  sqlite3 *db = NULL;

  vr->rc = sqlite3_open_v2 (vr->path, &db, SQLITE_OPEN_READONLY, NULL);
  if (vr->rc == SQLITE_OK)
    {
      /* No waiting for a writer's lock: the main connection reads this year instead. */
      kh_project_configure_connection (db, 0);
      vr->rc = read_values (db, vr->ds, vr->category, vr->fields, vr->only);
    }
  sqlite3_close_v2 (db);
  return NULL;
}

/* Joins @vr's thread if still running, and frees @vr. */
static void
values_read_free (ValuesRead *vr)
{
  if (vr == NULL)
    return;
  if (vr->thread != NULL)
    g_thread_join (vr->thread);
  g_free (vr->path);
  g_free (vr->category);
  g_clear_pointer (&vr->ds, kh_dataset_unref);
  g_clear_pointer (&vr->fields, g_hash_table_unref);
  g_clear_pointer (&vr->only, g_hash_table_unref);
  g_free (vr);
}

/* Starts reading the values of @ds (its units read, no values yet) in a thread, or
 * returns NULL when the main connection must read them: a database in memory or in a
 * temporary file (no name another connection opens), or a transaction open on the main
 * connection (its changes not yet committed are seen by it alone). */
static ValuesRead *
values_read_start (KhProject   *self,
                   KhDataset   *ds,
                   KhFramework *fw,
                   GHashTable  *only)
{
  const char *path = sqlite3_db_filename (self->db, "main");
  ValuesRead *vr;

  if (path == NULL || *path == '\0' || !sqlite3_get_autocommit (self->db))
    return NULL;
  vr = g_new0 (ValuesRead, 1);
  vr->path = g_strdup (path);
  vr->ds = kh_dataset_ref (ds);
  vr->category = g_strdup (fw->category != NULL ? fw->category : "");
  vr->fields = kh_project_fields_of (fw);
  vr->only = only != NULL ? g_hash_table_ref (only) : NULL;
  vr->thread = g_thread_try_new ("kh-values", values_read_thread, vr, NULL);
  if (vr->thread == NULL)
    {
      g_clear_pointer (&vr, values_read_free);
      return NULL;
    }
  return vr;
}

/* Waits for @vr's thread and frees @vr: TRUE when it read all the values, FALSE when it
 * could not (a lock, an error) and its dataset may hold some of them. */
static gboolean
values_read_finish (ValuesRead *vr)
{
  gboolean done;

  g_thread_join (g_steal_pointer (&vr->thread));
  done = vr->rc == SQLITE_DONE;
  values_read_free (vr);
  return done;
}

KhDataset *
kh_project_build_dataset (KhProject   *self,
                          int          year,
                          KhFramework *fw,
                          GHashTable  *only,
                          GError     **error)
{
  g_auto (UnitsRead) read = { 0 };

  return build_dataset_of (self, year, &read, fw, only, KH_LANG_ZH_CN, error);
}

static gboolean
has_framework (KhProject  *self,
               int         year,
               const char *category)
{
  g_autoptr (GPtrArray) categories = kh_project_get_categories (self, year);

  for (guint i = 0; i < categories->len; i++)
    if (strcmp (categories->pdata[i], category) == 0)
      return TRUE;
  return FALSE;
}

KhPlan *
kh_project_compute_category (KhProject  *self,
                             int         year,
                             const char *category,
                             GError    **error)
{
  return kh_project_compute_category_lang (self, year, category, KH_LANG_ZH_CN, error);
}

/* What the cache of previous years' plans is valid for: the database as it is now. */
static void
read_stamp (KhProject *self,
            gint64    *changes,
            gint64    *data_version)
{
  sqlite3_stmt *stmt = NULL;
  static gint server_reads = 0;

  /* On PostgreSQL other writers commit unseen: a stamp of its own for each computation,
   * so that no plan is served from the cache there (issue 19). */
  if (self->db == NULL)
    {
      *changes = g_atomic_int_add (&server_reads, 1);
      *data_version = -1;
      return;
    }
  *changes = sqlite3_total_changes64 (self->db);
  *data_version = -1; /* unreadable: never equal to a stamp read before */
  if (sqlite3_prepare_v2 (self->db, "PRAGMA data_version", -1, &stmt, NULL) == SQLITE_OK
      && sqlite3_step (stmt) == SQLITE_ROW)
    *data_version = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
}

gboolean
kh_project_set_ignore_standings (KhProject *self,
                                 gboolean   ignore)
{
  gboolean was;

  g_return_val_if_fail (self != NULL, FALSE);

  was = self->ignore_standings;
  self->ignore_standings = ignore;
  if (ignore && !was)
    {
      g_mutex_lock (&self->plan_lock);
      g_ptr_array_set_size (self->plan_cache, 0);
      g_mutex_unlock (&self->plan_lock);
    }
  return was;
}

/* The kept plan of @year, exact at least to @need (and, if @whole_only, made as computing
 * the year itself makes it: a plan made as another year's last year with less of its own
 * last year lacks e.g. its own rank changes), taken out of the cache (the caller owns it;
 * *@kept_need is how far it is exact, *@kept_whole whether it is whole), or NULL. Plans kept before the database
 * changed are dropped. */
static KhPlan *
cache_take (KhProject      *self,
            int             year,
            const char     *category,
            KhLang          lang,
            KhPreviousNeed  need,
            gboolean        whole_only,
            KhPreviousNeed *kept_need,
            gboolean       *kept_whole,
            gint64          changes,
            gint64          data_version)
{
  KhPlan *plan = NULL;

  g_mutex_lock (&self->plan_lock);
  for (guint i = self->plan_cache->len; i-- > 0;)
    {
      KhCachedPlan *cached = self->plan_cache->pdata[i];

      if (cached->changes != changes || cached->data_version != data_version)
        g_ptr_array_remove_index (self->plan_cache, i);
      else if (plan == NULL && cached->year == year && cached->lang == lang
               && cached->need >= (int) need && (cached->whole || !whole_only)
               && g_strcmp0 (cached->category, category) == 0)
        {
          plan = g_steal_pointer (&cached->plan);
          *kept_need = (KhPreviousNeed) cached->need;
          *kept_whole = cached->whole;
          g_ptr_array_remove_index (self->plan_cache, i);
        }
    }
  g_mutex_unlock (&self->plan_lock);
  return plan;
}

/* Keeps a ref of @plan, exact to @need, computed from the database as it was at
 * (@changes, @data_version), dropping the oldest kept plan when there are too many; nothing
 * unless @keep and the project keeps plans. */
static void
cache_put (KhProject      *self,
           gboolean        keep,
           KhPlan         *plan,
           KhPreviousNeed  need,
           gboolean        whole,
           int             year,
           const char     *category,
           KhLang          lang,
           gint64          changes,
           gint64          data_version)
{
  KhCachedPlan *cached;

  if (!keep || self->keep_no_plans)
    return;
  cached = g_new0 (KhCachedPlan, 1);
  cached->year = year;
  cached->lang = lang;
  cached->category = g_strdup (category);
  cached->plan = kh_plan_ref (plan);
  cached->need = need;
  cached->whole = whole;
  cached->changes = changes;
  cached->data_version = data_version;
  g_mutex_lock (&self->plan_lock);
  while (self->plan_cache->len >= KH_PROJECT_CACHED_PLANS)
    g_ptr_array_remove_index (self->plan_cache, 0);
  g_ptr_array_add (self->plan_cache, cached);
  g_mutex_unlock (&self->plan_lock);
}

void
kh_project_set_keep_plans (KhProject *self,
                           gboolean   keep)
{
  g_return_if_fail (self != NULL);

  self->keep_no_plans = !keep;
  if (!keep)
    kh_project_drop_cached_plans (self, 0);
}

void
kh_project_drop_cached_plans (KhProject *self,
                              int        keep_year)
{
  g_return_if_fail (self != NULL);

  g_mutex_lock (&self->plan_lock);
  for (guint i = self->plan_cache->len; i-- > 0;)
    if (((KhCachedPlan *) self->plan_cache->pdata[i])->year != keep_year)
      g_ptr_array_remove_index (self->plan_cache, i);
  g_mutex_unlock (&self->plan_lock);
}

void
kh_project_release_memory (KhProject *self)
{
  g_return_if_fail (self != NULL);

  if (self->db != NULL)
    sqlite3_db_release_memory (self->db);
}

static void
unref_table_or_null (gpointer table)
{
  if (table != NULL)
    g_hash_table_unref (table);
}

static void
unref_dataset_or_null (gpointer dataset)
{
  if (dataset != NULL)
    kh_dataset_unref (dataset);
}

/* kh_project_compute_category_lang(); with @threads, the values of every year but the
 * earliest are read in threads (ValuesRead), *@threaded set when some were. Unless @keep,
 * none of the earlier years' plans is put in the project's cache. With
 * @stored, last year's standings are the ones kept by its computation
 * (kh_project_restore_standings()) when still current: NULL with *@stale set when they
 * turned out not to match (computed again without). */
static KhPlan *
compute_category_lang (KhProject  *self,
                       int         year,
                       const char *category,
                       KhLang      lang,
                       gboolean    keep,
                       gboolean    threads,
                       gboolean   *threaded,
                       gboolean    stored,
                       gboolean   *stale,
                       GArray     *unpacked,
                       GError    **error)
{
  g_autoptr (KhFramework) fw = NULL;
  g_autoptr (KhDataset) ds = NULL;
  g_autoptr (KhPlan) previous = NULL;
  g_auto (UnitsRead) read = { NULL };
  /* The earlier years' frameworks, from last year back, and how much of each is needed */
  g_autoptr (GPtrArray) earlier = g_ptr_array_new_with_free_func ((GDestroyNotify) kh_framework_unref);
  g_autoptr (GArray) needs = g_array_new (FALSE, FALSE, sizeof (KhPreviousNeed));
  /* Their datasets (units read), the fields read of each (NULL: all) and the threads
   * reading their values (NULL: none); the last of each is this year's. A year's dataset
   * is let go (NULL) once its plan holds it. */
  g_autoptr (GPtrArray) datasets = g_ptr_array_new_with_free_func (unref_dataset_or_null);
  g_autoptr (GPtrArray) onlys = g_ptr_array_new_with_free_func (unref_table_or_null);
  g_autoptr (GPtrArray) reads = g_ptr_array_new_with_free_func ((GDestroyNotify) values_read_free);
  /* Whether each year's values were read from its packed copy (kh_project_read_packed()) */
  g_autoptr (GArray) packed = g_array_new (FALSE, FALSE, sizeof (gboolean));
  KhPreviousNeed need = KH_PREVIOUS_ALL, previous_need = KH_PREVIOUS_NONE;
  /* Whether the plan in previous is whole (cache_take()) */
  gboolean previous_whole = FALSE;
  gint64 changes, data_version;
  /* Last year's stamp, when its kept standings are current */
  g_autofree char *restore_stamp = NULL;
  KhPlan *plan;

  read_stamp (self, &changes, &data_version);
  fw = kh_project_load_framework (self, year, category, error);
  if (fw == NULL)
    return NULL;
  /* The year itself, kept whole by the computation of the next one (e.g. a report's last
   * year after its report year): served as it is instead of computed again (issue 22). */
  if (fw->category != NULL)
    {
      plan = cache_take (self, year, fw->category, lang, KH_PREVIOUS_ALL, TRUE, &previous_need,
                         &previous_whole, changes, data_version);
      if (plan != NULL)
        return plan;
      previous_need = KH_PREVIOUS_NONE;
    }

  /* A year's results depend on last year's plan (its standings and awards, its values
   * and contributions), which may depend on the year before it, and so on back to the
   * first year of the category: last year's values through growth(), prev() and
   * carried values, last year's ranks through awards (kh_framework_previous_need). The
   * chain goes back as far as what is needed of each year needs, or to a year whose
   * plan is kept, exact enough, from an earlier computation. The years are computed
   * from the earliest up, each with the one before it, so that two plans at most are
   * held at once. */
  if (fw->category != NULL)
    for (int y = year - 1; need != KH_PREVIOUS_NONE && has_framework (self, y, fw->category); y--)
      {
        KhFramework *earlier_fw;

        previous = cache_take (self, y, fw->category, lang, need, FALSE, &previous_need,
                               &previous_whole, changes, data_version);
        if (previous != NULL)
          break;
        earlier_fw = kh_project_load_framework (self, y, fw->category, error);
        if (earlier_fw == NULL)
          return NULL;
        g_ptr_array_add (earlier, earlier_fw);
        /* Last year's standings kept by its computation, still current (issue 22): of
         * last year only the values this year reads are read, and what they need of the
         * years before; its plan takes the standings kept. */
        if (y == year - 1 && stored && !self->ignore_standings)
          {
            restore_stamp = kh_project_standings_stamp (self, y);
            if (kh_project_has_standings (self, y, fw->category, restore_stamp))
              need = KH_PREVIOUS_VALUES;
            else
              g_clear_pointer (&restore_stamp, g_free);
          }
        g_array_append_val (needs, need);
        need = kh_framework_previous_need (earlier_fw, need);
      }

  /* Each year's units, from this year back; the values of all but the earliest year
   * read in threads meanwhile, when there is more than one year. A year of which only
   * values are read (through growth(), prev() and carried values) is read for those
   * fields alone and the ones they derive from: at 3,000 units, 12 fields of 200 instead
   * of 600,000 values (issue 22). */
  for (guint i = 0; i <= earlier->len; i++)
    {
      KhFramework *year_fw = i == 0 ? fw : earlier->pdata[i - 1];
      GHashTable *only = NULL;
      KhDataset *year_ds;
      gboolean year_packed;

      if (i > 0 && g_array_index (needs, KhPreviousNeed, i - 1) == KH_PREVIOUS_VALUES)
        only = kh_framework_previous_fields (year_fw, i > 1 ? earlier->pdata[i - 2] : fw);
      year_ds = build_units_of (self, year - (int) i, &read, year_fw, lang, error);
      if (year_ds == NULL)
        {
          g_clear_pointer (&only, g_hash_table_unref);
          return NULL;
        }
      g_ptr_array_insert (datasets, 0, year_ds);
      g_ptr_array_insert (onlys, 0, only);
      /* A year whose packed copy is current is read from it at once (issue 22: at 3,000
       * units a tenth of reading its rows), without a thread. */
      year_packed = kh_project_read_packed (self, year_ds, year_fw, only);
      g_array_insert_val (packed, 0, year_packed);
      g_ptr_array_insert (reads, 0, threads && !year_packed && i < earlier->len
                                      ? values_read_start (self, year_ds, year_fw, only)
                                      : NULL);
      if (reads->pdata[0] != NULL)
        *threaded = TRUE;
    }

  /* From the earliest year up: datasets->pdata[j] is year - earlier->len + j. */
  for (guint j = 0; j <= earlier->len; j++)
    {
      KhFramework *year_fw = j < earlier->len ? earlier->pdata[earlier->len - 1 - j] : fw;
      KhDataset *year_ds = datasets->pdata[j];
      ValuesRead *vr = g_steal_pointer (&reads->pdata[j]);
      g_autoptr (GHashTable) fields = NULL;
      KhPlan *year_plan;
      gboolean year_whole;

      /* A year read from data_values is packed once computed (kh_project_compute_category_lang()) */
      if (!g_array_index (packed, gboolean, j) && self->db != NULL)
        {
          int year_read = year - (int) (earlier->len - j);

          g_array_append_val (unpacked, year_read);
        }
      if (g_array_index (packed, gboolean, j))
        g_assert (vr == NULL);
      else if (vr != NULL && !values_read_finish (vr))
        {
          /* The thread could not read: the main connection reads the year again. */
          year_ds = build_dataset_of (self, year - (int) (earlier->len - j), &read, year_fw,
                                      onlys->pdata[j], lang, error);
          if (year_ds == NULL)
            return NULL;
          kh_dataset_unref (datasets->pdata[j]);
          datasets->pdata[j] = year_ds;
        }
      else if (vr == NULL && self->db == NULL)
        {
          fields = kh_project_fields_of (year_fw);
          if (!kh_project_read_values_db (self, year_ds,
                                          year_fw->category != NULL ? year_fw->category : "",
                                          fields, onlys->pdata[j], error))
            return NULL;
        }
      else if (vr == NULL)
        {
          fields = kh_project_fields_of (year_fw);
          if (read_values (self->db, year_ds, year_fw->category != NULL ? year_fw->category : "",
                           fields, onlys->pdata[j])
              != SQLITE_DONE)
            {
              kh_project_sql_error (self, _("reading values"), error);
              return NULL;
            }
        }
      if (j == earlier->len)
        break;
      /* Kept by nobody, it is only the previous year of the next plan, which reads its
       * own contributions, not its last year's (issue 22: 53 MB at 30,000 units, and
       * computing them was 5 % of computing a year at 3,000 units). */
      year_plan = !keep || self->keep_no_plans
                    ? kh_plan_new_unexplained (year_fw, year_ds, previous, error)
                    : kh_plan_new (year_fw, year_ds, previous, error);
      if (year_plan == NULL)
        return NULL;
      /* Whole when made with its last year exact to all a year reads of it, or when it
       * has none: a plan made with less serves a later year, not as the year itself. */
      year_whole = previous != NULL
                     ? previous_need >= KH_PREVIOUS_ALL
                     : !has_framework (self, year - (int) (earlier->len - j) - 1, fw->category);
      /* Its plan holds it: it goes with the plan (issue 22: at 30,000 units each year's
       * values are some 49 MB, which were held to the end). */
      g_clear_pointer (&datasets->pdata[j], kh_dataset_unref);
      /* Last year with its standings kept: only its values are computed, the kept
       * standings take the place of the rest (scoring the few fields read, then ranking,
       * was 6 % of computing a year at 3,000 units; issue 22). */
      if (j == earlier->len - 1 && restore_stamp != NULL)
        kh_plan_compute_values (year_plan);
      else
        kh_plan_compute (year_plan);
      if (j == earlier->len - 1 && restore_stamp != NULL
          && !kh_project_restore_standings (self, year_plan, restore_stamp))
        {
          kh_plan_unref (year_plan);
          *stale = TRUE;
          return NULL;
        }
      /* The year before last is kept as well (computing last year next needs it), once
       * the plan that reads it is made. */
      if (j == earlier->len - 1 && previous != NULL)
        cache_put (self, keep, previous, previous_need, previous_whole, year - 2, fw->category,
                   lang, changes, data_version);
      g_clear_pointer (&previous, kh_plan_unref);
      previous = year_plan;
      previous_need = g_array_index (needs, KhPreviousNeed, earlier->len - 1 - j);
      previous_whole = year_whole;
    }
  ds = kh_dataset_ref (datasets->pdata[earlier->len]);

  plan = kh_plan_new (fw, ds, previous, error);
  if (previous != NULL)
    cache_put (self, keep, previous, previous_need, previous_whole, year - 1, fw->category, lang,
               changes, data_version);
  /* The plan holds what it needs of last year's: unless kept, last year's plan and
   * values go before this year is computed (issue 22). */
  g_clear_pointer (&previous, kh_plan_unref);
  if (plan != NULL)
    kh_plan_compute (plan);
  return plan;
}

/* Packs the values of @years (read from data_values by a computation of @category under
 * kh_project_compute_results()) whose packed copy is not current (kh_project_pack_year()).
 * The plans kept by that computation stay kept: the packed copies change nothing they were
 * computed from. */
static void
pack_years_read (KhProject  *self,
                 const char *category,
                 GArray     *years)
{
  gint64 changes, data_version, changes_after, data_version_after;

  /* Only under kh_project_compute_results() (storing results, sealing): a computation may
   * run on a worker thread of the app while its main thread writes through the same
   * connection, which a transaction of the cache's would take in. */
  if (years->len == 0 || self->db == NULL || self->version < KH_PROJECT_PACKED_VERSION
      || !self->pack_read_years || !sqlite3_get_autocommit (self->db) || sqlite3_db_readonly (self->db, "main") != 0)
    return;
  read_stamp (self, &changes, &data_version);
  for (guint i = 0; i < years->len; i++)
    {
      int year = g_array_index (years, int, i);
      g_autofree char *stamp = kh_project_packed_stamp (self, year);

      /* Another computation's packing since (a year read twice, or read while the
       * copy was written): nothing to do. */
      if (stamp != NULL && kh_project_has_packed (self, year, category, stamp))
        continue;
      kh_project_pack_year (self, year, category);
    }
  read_stamp (self, &changes_after, &data_version_after);
  if (data_version_after != data_version || data_version == -1)
    return;
  g_mutex_lock (&self->plan_lock);
  for (guint i = 0; i < self->plan_cache->len; i++)
    {
      KhCachedPlan *cached = self->plan_cache->pdata[i];

      if (cached->changes == changes && cached->data_version == data_version)
        cached->changes = changes_after;
    }
  g_mutex_unlock (&self->plan_lock);
}

/* kh_project_compute_category_lang(), keeping the earlier years' plans when @keep. */
static KhPlan *
compute_category_keep (KhProject  *self,
                       int         year,
                       const char *category,
                       KhLang      lang,
                       gboolean    keep,
                       GError    **error)
{
  gint64 changes, data_version, changes_after, data_version_after;
  gboolean threaded = FALSE, stale = FALSE;
  g_autoptr (GArray) unpacked = g_array_new (FALSE, FALSE, sizeof (int));
  KhPlan *plan;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  read_stamp (self, &changes, &data_version);
  /* No reading threads on PostgreSQL: one connection (self->db NULL). */
  plan = compute_category_lang (self, year, category, lang, keep, self->db != NULL, &threaded,
                                TRUE, &stale, unpacked, error);
  if (plan == NULL && stale)
    {
      g_array_set_size (unpacked, 0);
      plan = compute_category_lang (self, year, category, lang, keep, self->db != NULL,
                                    &threaded, FALSE, &stale, unpacked, error);
    }
  if (plan != NULL && threaded)
    {
      /* Another program committed while the threads read: they may have read another
       * state of the file than the main connection (each statement reads the file as it
       * is when it starts). Then the main connection reads every year again. */
      read_stamp (self, &changes_after, &data_version_after);
      if (data_version_after != data_version || data_version == -1)
        {
          g_clear_pointer (&plan, kh_plan_unref);
          g_array_set_size (unpacked, 0);
          plan = compute_category_lang (self, year, category, lang, keep, FALSE, &threaded,
                                        FALSE, &stale, unpacked, error);
        }
    }
  if (plan != NULL)
    {
      const char *computed = kh_plan_get_framework (plan)->category;

      pack_years_read (self, computed != NULL ? computed : "", unpacked);
    }
  return plan;
}

KhPlan *
kh_project_compute_category_lang (KhProject  *self,
                                  int         year,
                                  const char *category,
                                  KhLang      lang,
                                  GError    **error)
{
  return compute_category_keep (self, year, category, lang, TRUE, error);
}

KhPlan *
kh_project_compute_category_once (KhProject  *self,
                                  int         year,
                                  const char *category,
                                  KhLang      lang,
                                  GError    **error)
{
  return compute_category_keep (self, year, category, lang, FALSE, error);
}

KhPlan *
kh_project_compute_category_after (KhProject  *self,
                                   int         year,
                                   const char *category,
                                   KhLang      lang,
                                   KhPlan     *previous,
                                   GError    **error)
{
  g_auto (UnitsRead) read = { NULL };
  g_autoptr (KhFramework) fw = NULL;
  g_autoptr (KhDataset) ds = NULL;
  KhPlan *plan;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  fw = kh_project_load_framework (self, year, category, error);
  if (fw == NULL)
    return NULL;
  ds = build_dataset_of (self, year, &read, fw, NULL, lang, error);
  if (ds == NULL)
    return NULL;
  plan = kh_plan_new (fw, ds, previous, error);
  if (plan != NULL)
    kh_plan_compute (plan);
  return plan;
}

KhPlan *
kh_project_compute (KhProject *self,
                    int        year,
                    GError   **error)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return kh_project_compute_category (self, year, NULL, error);
}

GPtrArray *
kh_project_compute_all (KhProject *self,
                        int        year,
                        GError   **error)
{
  g_autoptr (GPtrArray) categories = NULL;
  g_autoptr (GPtrArray) plans = g_ptr_array_new_with_free_func ((GDestroyNotify) kh_plan_unref);

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  categories = kh_project_get_categories (self, year);
  if (categories->len == 0)
    {
      g_set_error (error, KH_IO_ERROR, KH_IO_ERROR_INVALID,
                   _("%s: year %d has no framework (import one with “kaohe-cli import %s "
                     "--year %d --framework FILE”)"),
                   kh_project_get_path (self), year, kh_project_get_path (self), year);
      return NULL;
    }
  for (guint i = 0; i < categories->len; i++)
    {
      KhPlan *plan = kh_project_compute_category (self, year, categories->pdata[i], error);

      if (plan == NULL)
        return NULL;
      g_ptr_array_add (plans, plan);
    }
  return g_steal_pointer (&plans);
}

void
kh_project_results_append_from_plan (GPtrArray *results,
                                     KhPlan    *plan,
                                     gboolean   with_nodes)
{
  KhDataset *ds;

  g_return_if_fail (results != NULL);
  g_return_if_fail (plan != NULL);

  ds = kh_plan_get_dataset (plan);
  for (guint u = 0; u < kh_plan_get_n_units (plan); u++)
    {
      KhStoredResult *r = kh_stored_result_new (kh_dataset_get_unit_id (ds, u));
      KhGroup *group = kh_plan_get_unit_group (plan, u);
      g_autoptr (GString) awards = g_string_new (NULL);
      int change = 0;

      r->group_id = group != NULL ? g_strdup (group->id) : NULL;
      r->category_id = g_strdup (kh_plan_get_framework (plan)->category);
      r->total = kh_plan_get_total (plan, u);
      r->rank = kh_plan_get_rank (plan, u);
      r->tier = kh_plan_get_tier (plan, u);
      r->prev_rank = kh_plan_get_previous_rank (plan, u);
      if (kh_plan_get_rank_change (plan, u, &change))
        r->rank_change = change;
      for (guint a = 0; group != NULL && group->awards != NULL && a < group->awards->len; a++)
        if (kh_plan_has_award (plan, u, a))
          g_string_append_printf (awards, "%s%s", awards->len > 0 ? "," : "",
                                  ((KhAwardRule *) group->awards->pdata[a])->id);
      g_free (r->awards);
      r->awards = g_string_free (g_steal_pointer (&awards), FALSE);
      for (guint n = 0; with_nodes && n < kh_plan_get_n_nodes (plan); n++)
        {
          double score = kh_plan_get_node_score (plan, u, n);

          g_ptr_array_add (r->node_ids, g_strdup (kh_plan_get_node (plan, n)->id));
          g_array_append_val (r->node_scores, score);
        }
      g_ptr_array_add (results, r);
    }
}

GPtrArray *
kh_project_results_from_plan (KhPlan *plan)
{
  GPtrArray *results = g_ptr_array_new_with_free_func ((GDestroyNotify) kh_stored_result_free);

  g_return_val_if_fail (plan != NULL, results);

  kh_project_results_append_from_plan (results, plan, TRUE);
  return results;
}

GPtrArray *
kh_project_compute_results (KhProject *self,
                            int        year,
                            GError   **error)
{
  g_autoptr (GPtrArray) plans = NULL;
  g_autofree char *stamp = NULL;
  gboolean ignore_standings;
  GPtrArray *results;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  /* What the plans are computed from, read before (kh_project_standings_stamp()): their
   * standings are kept for computing the next year. Results to be stored or sealed are
   * computed from the values alone, never from kept standings, which no seal covers. */
  stamp = kh_project_standings_stamp (self, year);
  ignore_standings = kh_project_set_ignore_standings (self, TRUE);
  /* The years read from their values are packed for the computations to come (a seal
   * packs the year sealed). */
  self->pack_read_years = TRUE;
  plans = kh_project_compute_all (self, year, error);
  self->pack_read_years = FALSE;
  kh_project_set_ignore_standings (self, ignore_standings);
  if (plans == NULL)
    return NULL;
  kh_project_store_standings (self, year, plans, stamp);
  results = g_ptr_array_new_with_free_func ((GDestroyNotify) kh_stored_result_free);
  for (guint i = 0; i < plans->len; i++)
    {
      /* The results move over; the emptied array is freed. */
      g_ptr_array_extend_and_steal (results, kh_project_results_from_plan (plans->pdata[i]));
    }
  return results;
}

gboolean
kh_project_compute_and_store (KhProject *self,
                              int        year,
                              GError   **error)
{
  g_autoptr (GPtrArray) results = NULL;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  results = kh_project_compute_results (self, year, error);
  if (results == NULL)
    return FALSE;
  return kh_project_store_results (self, year, results, error);
}
