/* kh-db-copy.c — a whole project copied from one store to another (kh-db-copy.h)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <sqlite3.h>
#include <string.h>

#include "kh-db-copy.h"
#include "kh-db-notify.h"
#include "kh-db-private.h"
#include "kh-db-schema.h"
#include "kh-project-private.h"
#include "kh-project.h"

#define PROGRESS_EVERY 5000
/* Rows per INSERT: at most 999 parameters (SQLite's oldest limit), at most 100 rows. */
#define MAX_PARAMS 999
#define MAX_BATCH 100

typedef enum
{
  KIND_TEXT,
  KIND_INTEGER,
  KIND_DOUBLE,
} Kind;

typedef struct
{
  char *name;
  GPtrArray *columns;  /* names, in the table's order */
  GArray *kinds;       /* Kind of each column, from its declared type */
  GArray *key;         /* indices of the primary key's columns, in the key's order */
  GArray *self_from;   /* indices of the columns referring to this table … */
  GArray *self_to;     /* … and of the columns they refer to */
  GPtrArray *depends;  /* the other tables it refers to */
} Table;

typedef struct
{
  gboolean null;
  gint64 i;
  double d;
  char *text;
} Value;

static void
table_free (Table *t)
{
  g_free (t->name);
  g_ptr_array_unref (t->columns);
  g_array_unref (t->kinds);
  g_array_unref (t->key);
  g_array_unref (t->self_from);
  g_array_unref (t->self_to);
  g_ptr_array_unref (t->depends);
  g_free (t);
}

static int
column_index (Table      *t,
              const char *name)
{
  for (guint i = 0; i < t->columns->len; i++)
    if (strcmp (t->columns->pdata[i], name) == 0)
      return (int) i;
  g_assert_not_reached ();
}

static Kind
kind_of (const char *declared)
{
  if (g_ascii_strcasecmp (declared, "INTEGER") == 0)
    return KIND_INTEGER;
  if (g_ascii_strcasecmp (declared, "DOUBLE PRECISION") == 0
      || g_ascii_strcasecmp (declared, "REAL") == 0)
    return KIND_DOUBLE;
  return KIND_TEXT;
}

/* The columns, key and foreign keys of @name in the schema @mem holds. */
static Table *
read_table (sqlite3    *mem,
            const char *name)
{
  Table *t = g_new0 (Table, 1);
  g_autoptr (GArray) key_rank = g_array_new (FALSE, FALSE, sizeof (int));
  sqlite3_stmt *stmt = NULL;

  t->name = g_strdup (name);
  t->columns = g_ptr_array_new_with_free_func (g_free);
  t->kinds = g_array_new (FALSE, FALSE, sizeof (Kind));
  t->key = g_array_new (FALSE, FALSE, sizeof (int));
  t->self_from = g_array_new (FALSE, FALSE, sizeof (int));
  t->self_to = g_array_new (FALSE, FALSE, sizeof (int));
  t->depends = g_ptr_array_new_with_free_func (g_free);

  g_assert (sqlite3_prepare_v2 (mem, "SELECT name, type, pk FROM pragma_table_info (?) ORDER BY cid",
                                -1, &stmt, NULL)
            == SQLITE_OK);
  sqlite3_bind_text (stmt, 1, name, -1, SQLITE_TRANSIENT);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      Kind kind = kind_of ((const char *) sqlite3_column_text (stmt, 1));
      int pk = sqlite3_column_int (stmt, 2);

      g_ptr_array_add (t->columns, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
      g_array_append_val (t->kinds, kind);
      g_array_append_val (key_rank, pk);
    }
  sqlite3_finalize (stmt);
  /* The key's columns in the key's order (pk is their 1-based place in it). */
  for (int rank = 1; rank <= (int) key_rank->len; rank++)
    for (guint c = 0; c < key_rank->len; c++)
      if (g_array_index (key_rank, int, c) == rank)
        {
          int index = (int) c;

          g_array_append_val (t->key, index);
        }

  g_assert (sqlite3_prepare_v2 (mem,
                                "SELECT \"table\", \"from\", \"to\" FROM pragma_foreign_key_list (?) "
                                "ORDER BY id, seq",
                                -1, &stmt, NULL)
            == SQLITE_OK);
  sqlite3_bind_text (stmt, 1, name, -1, SQLITE_TRANSIENT);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      const char *other = (const char *) sqlite3_column_text (stmt, 0);

      if (strcmp (other, name) == 0)
        {
          int from = column_index (t, (const char *) sqlite3_column_text (stmt, 1));
          int to = column_index (t, (const char *) sqlite3_column_text (stmt, 2));

          g_array_append_val (t->self_from, from);
          g_array_append_val (t->self_to, to);
        }
      else if (!g_ptr_array_find_with_equal_func (t->depends, other, g_str_equal, NULL))
        g_ptr_array_add (t->depends, g_strdup (other));
    }
  sqlite3_finalize (stmt);
  return t;
}

/* Version 14's packed values: a cache of data_values (blobs, which KhDb does not carry),
 * left empty in every copy and packed again by the copy's next computation. */
static const char *const never_copied[] = { "packed_years", "values_packed", NULL };

/* The project's tables at this version, each after those it refers to (among tables
 * ready to go, by name). */
static GPtrArray *
schema_tables (void)
{
  g_autoptr (GPtrArray) all = g_ptr_array_new_with_free_func ((GDestroyNotify) table_free);
  GPtrArray *ordered = g_ptr_array_new_with_free_func ((GDestroyNotify) table_free);
  g_autoptr (GHashTable) placed = g_hash_table_new (g_str_hash, g_str_equal);
  sqlite3 *mem = NULL;
  sqlite3_stmt *stmt = NULL;

  g_assert (sqlite3_open_v2 (":memory:", &mem, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL)
            == SQLITE_OK);
  for (int v = 1; v <= KH_PROJECT_SCHEMA_VERSION; v++)
    g_assert (sqlite3_exec (mem, kh_project_schema_migration (v), NULL, NULL, NULL) == SQLITE_OK);
  g_assert (sqlite3_prepare_v2 (mem,
                                "SELECT name FROM sqlite_master WHERE type = 'table' "
                                "AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name",
                                -1, &stmt, NULL)
            == SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    if (!g_strv_contains (never_copied, (const char *) sqlite3_column_text (stmt, 0)))
      g_ptr_array_add (all, read_table (mem, (const char *) sqlite3_column_text (stmt, 0)));
  sqlite3_finalize (stmt);
  sqlite3_close (mem);

  while (all->len > 0)
    {
      guint i;

      for (i = 0; i < all->len; i++)
        {
          Table *t = all->pdata[i];
          gboolean ready = TRUE;

          for (guint d = 0; ready && d < t->depends->len; d++)
            ready = g_hash_table_contains (placed, t->depends->pdata[d]);
          if (ready)
            break;
        }
      g_assert (i < all->len); /* the schema's foreign keys make no circle */
      g_hash_table_add (placed, ((Table *) all->pdata[i])->name);
      g_ptr_array_add (ordered, g_ptr_array_steal_index (all, i));
    }
  return ordered;
}

GStrv
kh_db_copy_tables (void)
{
  g_autoptr (GPtrArray) tables = schema_tables ();
  g_autoptr (GStrvBuilder) names = g_strv_builder_new ();

  for (guint i = 0; i < tables->len; i++)
    g_strv_builder_add (names, ((Table *) tables->pdata[i])->name);
  return g_strv_builder_end (names);
}

/* Sets @error to @message about @db, with the SQLSTATE of @cause (if any). */
static void
set_error (GError      **error,
           const GError *cause,
           const char   *message)
{
  const char *sqlstate = cause != NULL ? kh_db_error_sqlstate (cause) : NULL;

  kh_db_set_error (error, sqlstate != NULL ? sqlstate : "XX000", message);
}

static gint64
query_int (KhDb       *db,
           const char *sql,
           GError    **error)
{
  g_autoptr (KhDbStmt) stmt = kh_db_prepare (db, sql, error);
  KhDbStep step;

  if (stmt == NULL)
    return -1;
  step = kh_db_step (stmt, error);
  if (step == KH_DB_STEP_ERROR)
    return -1;
  return step == KH_DB_STEP_ROW ? kh_db_column_int64 (stmt, 0) : 0;
}

static void
value_clear (Value *v)
{
  g_clear_pointer (&v->text, g_free);
  v->null = TRUE;
}

static char *
value_text (const Value *v,
            Kind         kind)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  if (v->null)
    return g_strdup ("NULL");
  if (kind == KIND_INTEGER)
    return g_strdup_printf ("%" G_GINT64_FORMAT, v->i);
  if (kind == KIND_DOUBLE)
    return g_strdup (g_ascii_formatd (buffer, sizeof buffer, "%.17g", v->d));
  return g_strdup (v->text);
}

/* "(2020, nanjing, gdp)": the key of a row, for messages. */
static char *
key_text (Table       *t,
          const Value *row)
{
  GString *out = g_string_new ("(");

  for (guint k = 0; k < t->key->len; k++)
    {
      int c = g_array_index (t->key, int, k);
      g_autofree char *text = value_text (&row[c], g_array_index (t->kinds, Kind, c));

      g_string_append_printf (out, "%s%s", k > 0 ? ", " : "", text);
    }
  g_string_append_c (out, ')');
  return g_string_free (out, FALSE);
}

/* The key of the current row of @stmt, as the source holds it. */
static char *
key_text_of_row (Table    *t,
                 KhDbStmt *stmt)
{
  GString *out = g_string_new ("(");

  for (guint k = 0; k < t->key->len; k++)
    {
      int c = g_array_index (t->key, int, k);
      const char *text = kh_db_column_text (stmt, c);

      g_string_append_printf (out, "%s%s", k > 0 ? ", " : "", text != NULL ? text : "NULL");
    }
  g_string_append_c (out, ')');
  return g_string_free (out, FALSE);
}

/* The current row of @stmt into @row, each value as its column's kind requires; a value
 * of another kind (SQLite keeps what it is given) is refused, not converted. */
static gboolean
read_row (KhDb     *src,
          Table    *t,
          KhDbStmt *stmt,
          Value    *row,
          GError  **error)
{
  for (guint c = 0; c < t->columns->len; c++)
    {
      Kind kind = g_array_index (t->kinds, Kind, c);
      Value *v = &row[c];
      const char *text;
      gboolean ok = TRUE;

      value_clear (v);
      if (kh_db_column_is_null (stmt, (int) c))
        continue;
      v->null = FALSE;
      text = kh_db_column_text (stmt, (int) c);
      if (kind == KIND_INTEGER)
        ok = g_ascii_string_to_signed (text, 10, G_MININT64, G_MAXINT64, &v->i, NULL);
      else if (kind == KIND_DOUBLE)
        {
          ok = kh_db_column_is_float (stmt, (int) c);
          v->d = kh_db_column_double (stmt, (int) c);
        }
      else
        v->text = g_strdup (text);
      if (!ok)
        {
          g_autofree char *key = key_text_of_row (t, stmt);
          g_autofree char *message =
            g_strdup_printf (kind == KIND_INTEGER
                               ? _("%s: table %s, row %s: column %s holds “%s”, not an integer")
                               : _("%s: table %s, row %s: column %s holds “%s”, not a number"),
                             kh_db_name (src), t->name, key,
                             (const char *) t->columns->pdata[c], text);

          kh_db_set_error (error, "22000", message); /* data_exception */
          return FALSE;
        }
    }
  return TRUE;
}

static void
bind_value (KhDbStmt    *stmt,
            int          index,
            Kind         kind,
            const Value *v)
{
  if (v->null)
    kh_db_bind_null (stmt, index);
  else if (kind == KIND_INTEGER)
    kh_db_bind_int64 (stmt, index, v->i);
  else if (kind == KIND_DOUBLE)
    kh_db_bind_double (stmt, index, v->d);
  else
    kh_db_bind_text (stmt, index, v->text);
}

static char *
join_columns (Table *t)
{
  GString *out = g_string_new (NULL);

  for (guint c = 0; c < t->columns->len; c++)
    g_string_append_printf (out, "%s%s", c > 0 ? ", " : "", (const char *) t->columns->pdata[c]);
  return g_string_free (out, FALSE);
}

static char *
select_sql (Table   *t,
            gboolean postgresql)
{
  g_autofree char *columns = join_columns (t);
  GString *sql = g_string_new (NULL);

  g_string_append_printf (sql, "SELECT %s FROM %s", columns, t->name);
  for (guint k = 0; k < t->key->len; k++)
    {
      int c = g_array_index (t->key, int, k);

      g_string_append (sql, k == 0 ? " ORDER BY " : ", ");
      g_string_append (sql, t->columns->pdata[c]);
      /* Texts in the order of their bytes, SQLite's (BINARY), whatever the server's
       * collation: the same row order from both stores. */
      if (postgresql && g_array_index (t->kinds, Kind, c) == KIND_TEXT)
        g_string_append (sql, " COLLATE \"C\"");
    }
  return g_string_free (sql, FALSE);
}

static char *
insert_sql (Table *t,
            guint  n_rows)
{
  g_autofree char *columns = join_columns (t);
  GString *sql = g_string_new (NULL);

  g_string_append_printf (sql, "INSERT INTO %s (%s) VALUES ", t->name, columns);
  for (guint r = 0; r < n_rows; r++)
    {
      g_string_append (sql, r > 0 ? ", (" : "(");
      for (guint c = 0; c < t->columns->len; c++)
        g_string_append (sql, c > 0 ? ", ?" : "?");
      g_string_append_c (sql, ')');
    }
  return g_string_free (sql, FALSE);
}

typedef struct
{
  KhDb *src;
  KhDb *dst;
  KhDbCopyProgress progress;
  gpointer user_data;
  GArray *sealed;      /* the years copied sealed: sealed at the end */
  guint64 n_rows;
} Copy;

/* years.sealed: copied as 0, the year sealed at the end (see the top of kh-db-copy.h). */
static void
hold_back_seal (Copy  *copy,
                Table *t,
                Value *row)
{
  int sealed, year;

  if (strcmp (t->name, "years") != 0)
    return;
  sealed = column_index (t, "sealed");
  year = column_index (t, "year");
  if (!row[sealed].null && row[sealed].i != 0)
    {
      g_array_append_val (copy->sealed, row[year].i);
      row[sealed].i = 0;
    }
}

/* Inserts @n_rows rows of @rows (n_rows × columns values) with @stmt, made for that many. */
static gboolean
insert_rows (Copy     *copy,
             Table    *t,
             KhDbStmt *stmt,
             Value    *rows,
             guint     n_rows,
             GError  **error)
{
  guint n_columns = t->columns->len;
  g_autoptr (GError) local = NULL;

  for (guint r = 0; r < n_rows; r++)
    for (guint c = 0; c < n_columns; c++)
      bind_value (stmt, (int) (r * n_columns + c + 1), g_array_index (t->kinds, Kind, c),
                  &rows[r * n_columns + c]);
  if (kh_db_step (stmt, &local) == KH_DB_STEP_ERROR)
    {
      g_autofree char *key = key_text (t, rows);
      g_autofree char *message =
        n_rows == 1 ? g_strdup_printf (_("%s: table %s, row %s: %s"), kh_db_name (copy->dst),
                                       t->name, key, local->message)
                    : g_strdup_printf (_("%s: table %s, the %u rows from %s: %s"),
                                       kh_db_name (copy->dst), t->name, n_rows, key,
                                       local->message);

      set_error (error, local, message);
      return FALSE;
    }
  kh_db_stmt_reset (stmt);
  return TRUE;
}

static void
report (Copy   *copy,
        Table  *t,
        guint64 done,
        guint64 total)
{
  if (copy->progress != NULL && (done == 0 || done == total || done % PROGRESS_EVERY == 0))
    copy->progress (t->name, done, total, copy->user_data);
}

static void
row_free (gpointer data,
          gpointer n_columns)
{
  Value *row = data;

  for (guint c = 0; c < GPOINTER_TO_UINT (n_columns); c++)
    g_free (row[c].text);
  g_free (row);
}

/* A table that refers to itself: its rows held, then inserted each after the rows it
 * names (those naming none first), in key order within each round. */
static gboolean
insert_in_reference_order (Copy      *copy,
                           Table     *t,
                           GPtrArray *rows,
                           guint64    total,
                           GError   **error)
{
  g_autofree char *sql = insert_sql (t, 1);
  g_autoptr (KhDbStmt) stmt = kh_db_prepare (copy->dst, sql, error);
  g_autoptr (GHashTable) inserted = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  guint64 done = 0;

  if (stmt == NULL)
    return FALSE;
  while (rows->len > 0)
    {
      guint before = rows->len;

      for (guint i = 0; i < rows->len;)
        {
          Value *row = rows->pdata[i];
          gboolean ready = TRUE;

          for (guint s = 0; ready && s < t->self_from->len; s++)
            {
              int from = g_array_index (t->self_from, int, s);
              int to = g_array_index (t->self_to, int, s);
              Kind kind = g_array_index (t->kinds, Kind, to);
              g_autofree char *wanted = value_text (&row[from], kind);
              g_autofree char *own = value_text (&row[to], kind);
              g_autofree char *name = g_strdup_printf ("%d\t%s", to, wanted);

              ready = row[from].null || strcmp (wanted, own) == 0
                      || g_hash_table_contains (inserted, name);
            }
          if (!ready)
            {
              i++;
              continue;
            }
          if (!insert_rows (copy, t, stmt, row, 1, error))
            return FALSE;
          for (guint s = 0; s < t->self_to->len; s++)
            {
              int to = g_array_index (t->self_to, int, s);
              g_autofree char *own = value_text (&row[to], g_array_index (t->kinds, Kind, to));

              g_hash_table_add (inserted, g_strdup_printf ("%d\t%s", to, own));
            }
          g_ptr_array_remove_index (rows, i);
          row_free (row, GUINT_TO_POINTER (t->columns->len));
          report (copy, t, ++done, total);
        }
      if (rows->len == before)
        {
          g_autofree char *key = key_text (t, rows->pdata[0]);
          g_autofree char *message =
            g_strdup_printf (_("%s: table %s, row %s: refers to a row of the same table that "
                               "is not there, or in a circle"),
                             kh_db_name (copy->src), t->name, key);

          kh_db_set_error (error, "23503", message); /* foreign_key_violation */
          return FALSE;
        }
    }
  return TRUE;
}

/* Rows per INSERT: as many as MAX_PARAMS and MAX_BATCH allow, a divisor of PROGRESS_EVERY
 * (so that progress is told at its round numbers). */
static guint
batch_size (guint n_columns)
{
  guint batch = CLAMP (MAX_PARAMS / n_columns, 1, MAX_BATCH);

  while (PROGRESS_EVERY % batch != 0)
    batch--;
  return batch;
}

static gboolean
copy_table (Copy    *copy,
            Table   *t,
            GError **error)
{
  gboolean postgresql = kh_db_backend (copy->src) == KH_DB_POSTGRESQL;
  guint n_columns = t->columns->len;
  guint batch = batch_size (n_columns);
  g_autofree char *count_sql = g_strdup_printf ("SELECT count(*) FROM %s", t->name);
  g_autofree char *select = select_sql (t, postgresql);
  g_autofree char *insert = insert_sql (t, batch);
  g_autoptr (KhDbStmt) read = NULL;
  g_autoptr (KhDbStmt) write = NULL;
  g_autoptr (GPtrArray) held = g_ptr_array_new ();
  g_autofree Value *rows = g_new0 (Value, (gsize) batch * n_columns);
  g_autoptr (GError) local = NULL;
  guint64 total, done = 0;
  guint n_batch = 0;
  gboolean refers_to_itself = t->self_from->len > 0;
  gboolean ok = TRUE;
  KhDbStep step;

  total = (guint64) query_int (copy->src, count_sql, &local);
  if (local == NULL)
    read = kh_db_prepare (copy->src, select, &local);
  if (local == NULL)
    write = kh_db_prepare (copy->dst, insert, &local);
  if (local != NULL)
    {
      g_autofree char *message = g_strdup_printf (_("%s: table %s: %s"), kh_db_name (copy->src),
                                                  t->name, local->message);

      set_error (error, local, message);
      return FALSE;
    }
  for (guint i = 0; i < batch * n_columns; i++)
    rows[i].null = TRUE;
  report (copy, t, 0, total);
  while (ok && (step = kh_db_step (read, &local)) == KH_DB_STEP_ROW)
    {
      Value *row = refers_to_itself ? g_new0 (Value, n_columns) : &rows[n_batch * n_columns];

      ok = read_row (copy->src, t, read, row, error);
      if (!ok)
        {
          if (refers_to_itself)
            row_free (row, GUINT_TO_POINTER (n_columns));
          break;
        }
      hold_back_seal (copy, t, row);
      if (refers_to_itself)
        {
          g_ptr_array_add (held, row);
          continue;
        }
      if (++n_batch == batch)
        {
          ok = insert_rows (copy, t, write, rows, n_batch, error);
          done += n_batch;
          n_batch = 0;
          if (ok && done < total)
            report (copy, t, done, total);
        }
    }
  if (ok && local != NULL)
    {
      g_autofree char *message = g_strdup_printf (_("%s: table %s: %s"), kh_db_name (copy->src),
                                                  t->name, local->message);

      set_error (error, local, message);
      ok = FALSE;
    }
  if (ok && n_batch > 0)
    {
      g_autofree char *last_sql = insert_sql (t, n_batch);
      g_autoptr (KhDbStmt) last = kh_db_prepare (copy->dst, last_sql, error);

      ok = last != NULL && insert_rows (copy, t, last, rows, n_batch, error);
      done += n_batch;
    }
  if (ok && refers_to_itself)
    ok = insert_in_reference_order (copy, t, held, total, error);
  for (guint i = 0; i < batch * n_columns; i++)
    g_free (rows[i].text);
  g_ptr_array_foreach (held, row_free, GUINT_TO_POINTER (n_columns));
  if (ok && !refers_to_itself)
    report (copy, t, total, total);
  copy->n_rows += ok ? total : 0;
  return ok;
}

/* The source: a project of this version, read in one snapshot. */
static gboolean
begin_source (KhDb    *src,
              GError **error)
{
  g_autoptr (GError) local = NULL;
  g_autofree char *message = NULL;
  int version;

  if (!kh_db_exec (src,
                   kh_db_backend (src) == KH_DB_SQLITE
                     ? "BEGIN"
                     : "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY",
                   &local))
    goto fail;
  version = kh_db_schema_version (src, &local);
  if (version < 0)
    goto fail;
  if (kh_db_backend (src) == KH_DB_SQLITE && version > 0)
    {
      gint64 app_id = query_int (src, "PRAGMA application_id", &local);

      if (local != NULL)
        goto fail;
      if (app_id != KH_PROJECT_APPLICATION_ID)
        version = 0;
    }
  if (version == 0)
    message = g_strdup_printf (_("%s: not a Kaohe project"), kh_db_name (src));
  else if (version > KH_PROJECT_SCHEMA_VERSION)
    message = g_strdup_printf (_("%s: written by a newer version of Kaohe (project format %d; "
                                 "this version reads up to %d): please update Kaohe"),
                               kh_db_name (src), version, KH_PROJECT_SCHEMA_VERSION);
  else if (version < KH_PROJECT_SCHEMA_VERSION)
    message = g_strdup_printf (_("%s: a project of format %d: open it once with this version "
                                 "of Kaohe, which brings it to format %d, then copy it"),
                               kh_db_name (src), version, KH_PROJECT_SCHEMA_VERSION);
  if (message != NULL)
    {
      kh_db_set_error (error, "0A000", message);
      kh_db_rollback (src);
      return FALSE;
    }
  return TRUE;

fail:
  message = g_strdup_printf (_("%s: cannot read the project: %s"), kh_db_name (src),
                             local->message);
  set_error (error, local, message);
  kh_db_rollback (src);
  return FALSE;
}

/* The schema of this version, in the destination's open transaction. */
static gboolean
create_schema (KhDb    *dst,
               GError **error)
{
  g_autofree char *record = NULL;
  g_autoptr (GError) local = NULL;
  gboolean ok = TRUE;

  if (kh_db_backend (dst) == KH_DB_SQLITE)
    {
      for (int v = 1; ok && v <= KH_PROJECT_SCHEMA_VERSION; v++)
        ok = kh_db_exec (dst, kh_project_schema_migration (v), &local);
      record = g_strdup_printf ("PRAGMA user_version = %d; PRAGMA application_id = %d",
                                KH_PROJECT_SCHEMA_VERSION, KH_PROJECT_APPLICATION_ID);
    }
  else
    {
      g_autofree char *sql = kh_db_schema_postgresql (KH_PROJECT_SCHEMA_VERSION, &local);

      ok = sql != NULL && kh_db_exec (dst, sql, &local) && kh_db_notify_install (dst, &local);
      record = g_strdup_printf ("CREATE TABLE kaohe_schema (version BIGINT NOT NULL);\n"
                                "INSERT INTO kaohe_schema (version) VALUES (%d)",
                                KH_PROJECT_SCHEMA_VERSION);
    }
  if (ok)
    ok = kh_db_exec (dst, record, &local);
  if (!ok)
    {
      g_autofree char *message = g_strdup_printf (_("%s: cannot create the project's tables: %s"),
                                                  kh_db_name (dst), local->message);

      set_error (error, local, message);
    }
  return ok;
}

/* The destination, in its open transaction: empty (then the schema is made) or a project
 * of this version without a row. */
static gboolean
prepare_destination (KhDb      *dst,
                     GPtrArray *tables,
                     GError   **error)
{
  g_autoptr (GError) local = NULL;
  g_autofree char *message = NULL;
  int version = kh_db_schema_version (dst, &local);

  if (version == 0)
    {
      gint64 n_tables = query_int (dst,
                                   kh_db_backend (dst) == KH_DB_SQLITE
                                     ? "SELECT count(*) FROM sqlite_master WHERE type = 'table'"
                                     : "SELECT count(*) FROM pg_tables "
                                       "WHERE schemaname = current_schema ()",
                                   &local);

      if (local == NULL && n_tables > 0)
        message = g_strdup_printf (_("%s is not empty: it holds tables but no Kaohe project; "
                                     "copy into a new file or an empty database"),
                                   kh_db_name (dst));
      else if (local == NULL)
        return create_schema (dst, error);
    }
  else if (version > 0 && version != KH_PROJECT_SCHEMA_VERSION)
    message = g_strdup_printf (_("%s already holds a project (format %d): copy into a new file "
                                 "or an empty database"),
                               kh_db_name (dst), version);
  else if (version > 0)
    for (guint i = 0; local == NULL && message == NULL && i < tables->len; i++)
      {
        const char *name = ((Table *) tables->pdata[i])->name;
        g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM %s", name);
        gint64 n = query_int (dst, sql, &local);

        if (n > 0)
          message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                  "%s already holds a project (%s: %u row): copy "
                                                  "into a new file, an empty database or one "
                                                  "“kaohe-cli init-server” made ready",
                                                  "%s already holds a project (%s: %u rows): copy "
                                                  "into a new file, an empty database or one "
                                                  "“kaohe-cli init-server” made ready",
                                                  (gulong) n),
                                     kh_db_name (dst), name, (guint) n);
      }
  if (local != NULL)
    {
      message = g_strdup_printf (_("%s: %s"), kh_db_name (dst), local->message);
      set_error (error, local, message);
      return FALSE;
    }
  if (message != NULL)
    {
      kh_db_set_error (error, "55000", message); /* object_not_in_prerequisite_state */
      return FALSE;
    }
  return TRUE;
}

/* Seals the years copied sealed, and lets PostgreSQL's identity columns go on after the
 * numbers copied. */
static gboolean
finish (Copy      *copy,
        GError   **error)
{
  g_autoptr (GError) local = NULL;
  g_autoptr (KhDbStmt) seal = kh_db_prepare (copy->dst, "UPDATE years SET sealed = 1 WHERE year = ?",
                                             &local);

  for (guint i = 0; seal != NULL && local == NULL && i < copy->sealed->len; i++)
    {
      kh_db_bind_int64 (seal, 1, g_array_index (copy->sealed, gint64, i));
      if (kh_db_step (seal, &local) != KH_DB_STEP_ERROR)
        kh_db_stmt_reset (seal);
    }
  if (local == NULL && kh_db_backend (copy->dst) == KH_DB_POSTGRESQL)
    {
      g_autoptr (KhDbStmt) identities =
        kh_db_prepare (copy->dst,
                       "SELECT table_name, column_name FROM information_schema.columns "
                       "WHERE table_schema = current_schema () AND is_identity = 'YES' "
                       "ORDER BY table_name",
                       &local);
      g_autoptr (GPtrArray) sql = g_ptr_array_new_with_free_func (g_free);

      while (identities != NULL && kh_db_step (identities, &local) == KH_DB_STEP_ROW)
        {
          const char *table = kh_db_column_text (identities, 0);
          const char *column = kh_db_column_text (identities, 1);

          /* Names of the schema's own tables (information_schema), quoted all the same. */
          g_ptr_array_add (sql, g_strdup_printf (
                                  "SELECT setval (pg_get_serial_sequence ('\"%s\"', '%s'), "
                                  "COALESCE ((SELECT max (\"%s\") FROM \"%s\"), 1), "
                                  "(SELECT max (\"%s\") FROM \"%s\") IS NOT NULL)",
                                  table, column, column, table, column, table));
        }
      for (guint i = 0; local == NULL && i < sql->len; i++)
        kh_db_exec (copy->dst, sql->pdata[i], &local);
    }
  if (local != NULL)
    {
      g_autofree char *message = g_strdup_printf (_("%s: %s"), kh_db_name (copy->dst),
                                                  local->message);

      set_error (error, local, message);
      return FALSE;
    }
  return TRUE;
}

gboolean
kh_db_copy (KhDb             *src,
            KhDb             *dst,
            KhDbCopyProgress  progress,
            gpointer          user_data,
            guint64          *n_rows,
            GError          **error)
{
  return kh_db_copy_except (src, dst, NULL, progress, user_data, n_rows, error);
}

gboolean
kh_db_copy_except (KhDb              *src,
                   KhDb              *dst,
                   const char *const *empty,
                   KhDbCopyProgress   progress,
                   gpointer           user_data,
                   guint64           *n_rows,
                   GError           **error)
{
  g_autoptr (GPtrArray) tables = NULL;
  g_autoptr (GArray) sealed = g_array_new (FALSE, FALSE, sizeof (gint64));
  Copy copy = { src, dst, progress, user_data, sealed, 0 };
  gboolean ok;

  g_return_val_if_fail (src != NULL && dst != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (strcmp (kh_db_name (src), kh_db_name (dst)) == 0)
    {
      g_autofree char *message = g_strdup_printf (_("%s: cannot copy a project onto itself"),
                                                  kh_db_name (src));

      kh_db_set_error (error, "0A000", message);
      return FALSE;
    }
  tables = schema_tables ();
  if (!begin_source (src, error))
    return FALSE;
  ok = kh_db_begin (dst, error);
  if (!ok)
    g_prefix_error (error, "%s: ", kh_db_name (dst));
  ok = ok && prepare_destination (dst, tables, error);
  for (guint i = 0; ok && i < tables->len; i++)
    if (empty == NULL || !g_strv_contains (empty, ((Table *) tables->pdata[i])->name))
      ok = copy_table (&copy, tables->pdata[i], error);
  ok = ok && finish (&copy, error);
  if (ok && !kh_db_commit (dst, error))
    {
      g_prefix_error (error, "%s: ", kh_db_name (dst));
      ok = FALSE;
    }
  if (!ok)
    kh_db_rollback (dst);
  kh_db_rollback (src);
  if (ok && n_rows != NULL)
    *n_rows = copy.n_rows;
  return ok;
}
