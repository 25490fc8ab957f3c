/* kh-project-content.c — the canonical content of a project's year
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A year's snapshot, stored in the audit row of its seal (and its SHA-256 in that of a
 * compute and in a signed seal's statement): one line per item, fields separated by TAB,
 * in this order (numbers as %.17g, empty for a missing value; text escaped as in
 * kh_project_append_escaped):
 *
 *   kaohe-seal 5                                           (the format; absent in format 1)
 *   schema    <user_version> <sha256 of kh_project_master_text>
 *   framework <category> <sha256 of the stored framework XML>   (by category)
 *   unit      <unit> <category> <name_zh> <name_zh_tw> <name_en> <group> <parent>
 *             <short_name>                            (every unit of the year, by id)
 *   link      <unit> <predecessor> <position>              (by unit, predecessor)
 *   baseline  <unit> <group> <rank> <tier> <awards> <total>   (the published results of
 *             the year before, which this year's rank change may be counted against)
 *   recommendation_list <category> <parent> <entered_by> <entered_at>
 *             (a recommending unit's entered list of the "321" workflow, empty ones too; by
 *             category, parent)
 *   recommendation <category> <parent> <position> <unit>  (its units, in its order)
 *   value     <unit> <field> <value>                       (by unit, field)
 *   source    <unit> <field> <file> <row> <column> <edited_by> <edited_at>
 *                                                     (the value's provenance)
 *   result    <unit> <group> <total> <rank> <tier> <prev_rank> <rank_change> <awards>
 *   computed  <unit> <computed_at>
 *   score     <unit> <node> <score>                        (by unit, node)
 *
 * Format 4 (seals written with schema versions 6 to 10, until the seal covered the
 * entered lists) has no recommendation_list and recommendation lines: such a seal compares
 * what it covered, and a year sealed so may have had its lists changed behind Kaohe's
 * back (the triggers dropped) without verify seeing it.
 * Format 3 (seals written with schema version 5) has no short name on its unit lines (the
 * migration to version 6 left the short names of existing years empty). Format 2 (seals
 * written with schema versions 3 and 4) has no link and baseline lines,
 * and its unit lines read <unit> <name_zh> <name_zh_tw> <name_en> <category> <group>
 * (now taken from the year's row of unit_years, which the migration to version 5 wrote
 * from the units table these seals covered). Format 1 (seals written before schema
 * version 3) has only the framework, value, result and score lines.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "kh-project-private.h"
#include "kh-sha256.h"

/* Where a snapshot's text goes: @out, whole; or, with @sum, through @out in pieces of
 * about FLUSH_AT bytes into the checksum (the same bytes in the same order give the same
 * hash, without holding 43.6 MB of text for a year of 3,000 units; issue 22); or, with
 * @sealed, through @out in such pieces compared with @sealed's text from @at on, @differs
 * set at the first piece that is not there (verify, which held the 84 MB text of each
 * sealed year at 3,000 units to find it the same as sealed). */
typedef struct
{
  GString    *out;
  KhSha256   *sum;
  const char *sealed;
  gsize       sealed_len;
  gsize       at;
  gboolean    differs;
} Sink;

#define FLUSH_AT 4096

static void
sink_flush (Sink    *sink,
            gboolean all)
{
  GString *out = sink->out;

  if (!all && out->len < FLUSH_AT)
    return;
  if (sink->sum != NULL)
    {
      kh_sha256_update (sink->sum, out->str, out->len);
      g_string_truncate (out, 0);
    }
  else if (sink->sealed != NULL)
    {
      if (sink->differs || out->len > sink->sealed_len - sink->at
          || memcmp (sink->sealed + sink->at, out->str, out->len) != 0)
        sink->differs = TRUE;
      else
        sink->at += out->len;
      g_string_truncate (out, 0);
    }
}

/* The schema line, which compare_snapshots() leaves out (a later migration changes the
 * schema without changing what was sealed): @sink past the sealed one, which must be
 * there, up to its LF; the current one is not written, only its LF. */
static void
sink_skip_schema_line (Sink *sink)
{
  static const char tag[] = "schema\t";
  const char *line;
  const char *end;

  sink_flush (sink, TRUE);
  line = sink->sealed + sink->at;
  if (sink->differs || sink->sealed_len - sink->at < strlen (tag)
      || memcmp (line, tag, strlen (tag)) != 0)
    {
      sink->differs = TRUE;
      return;
    }
  end = memchr (line, '\n', sink->sealed_len - sink->at);
  sink->at = end != NULL ? (gsize) (end - sink->sealed) : sink->sealed_len;
  g_string_append_c (sink->out, '\n');
}

/* @sql with every text key of its ORDER BY compared byte by byte on PostgreSQL
 * (COLLATE "C"), as SQLite's BINARY compares them: the snapshot's lines come in the same
 * order whatever collation the server's database was made with (issue 19: initdb
 * --locale=zh_CN.UTF-8 puts "ab" before "a_z" and "a" before "B"). The keys are column
 * names, "position" the only integer one. */
static char *
order_bytewise (KhProject  *self,
                const char *sql)
{
  static const char clause[] = " ORDER BY ";
  const char *order = strstr (sql, clause);
  g_auto (GStrv) keys = NULL;
  GString *out;

  if (order == NULL || kh_db_backend (self->store) != KH_DB_POSTGRESQL)
    return g_strdup (sql);
  out = g_string_new_len (sql, (order - sql) + (gssize) strlen (clause));
  keys = g_strsplit (order + strlen (clause), ", ", -1);
  for (guint i = 0; keys[i] != NULL; i++)
    {
      if (i > 0)
        g_string_append (out, ", ");
      g_string_append (out, keys[i]);
      if (strcmp (keys[i], "position") != 0)
        g_string_append (out, " COLLATE \"C\"");
    }
  return g_string_free (out, FALSE);
}

static int
compare_bytewise (gconstpointer a,
                  gconstpointer b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

/* Appends TAB and the text of each column of @stmt's row from @from to @to (excluded). */
static void
append_fields (GString  *out,
               KhDbStmt *stmt,
               int       from,
               int       to)
{
  for (int c = from; c < to; c++)
    {
      g_string_append_c (out, '\t');
      if (kh_db_column_is_float (stmt, c))
        kh_project_append_double (out, kh_db_column_double (stmt, c));
      else if (!kh_db_column_is_null (stmt, c))
        kh_project_append_escaped (out, kh_db_column_text (stmt, c));
    }
}

/* @sql (its one parameter @year) prepared, its text keys ordered byte by byte. */
static KhDbStmt *
prepare_year (KhProject  *self,
              const char *sql,
              int         year,
              GError    **error)
{
  g_autofree char *ordered = order_bytewise (self, sql);
  KhDbStmt *stmt = kh_project_prepare (self, ordered, _("reading the year"), error);

  if (stmt != NULL)
    kh_db_bind_int64 (stmt, 1, year);
  return stmt;
}

static gboolean
append_rows (KhProject  *self,
             Sink       *sink,
             const char *tag,
             const char *sql,
             int         year,
             GError    **error)
{
  GString *out = sink->out;
  g_autoptr (KhDbStmt) stmt = NULL;
  /* Translated once, not for each of a year's 600,000 values (issue 22). */
  const char *what = _("reading the year");
  KhDbStep step;

  if (sink->differs)
    return TRUE;
  stmt = prepare_year (self, sql, year, error);
  if (stmt == NULL)
    return FALSE;
  while ((step = kh_project_step (self, stmt, what, error)) == KH_DB_STEP_ROW)
    {
      g_string_append (out, tag);
      append_fields (out, stmt, 0, kh_db_column_count (stmt));
      g_string_append_c (out, '\n');
      sink_flush (sink, FALSE);
      if (sink->differs)
        break;
    }
  return step != KH_DB_STEP_ERROR;
}

/* Where the first line that starts with @tag is in @sink's sealed text from its cursor
 * on; the cursor when none does. */
static gsize
find_sealed_line (const Sink *sink,
                  const char *tag)
{
  g_autofree char *after_lf = g_strconcat ("\n", tag, NULL);
  const char *from = sink->sealed + sink->at;
  const char *found;

  if (g_str_has_prefix (from, tag))
    return sink->at;
  found = strstr (from, after_lf);
  return found != NULL ? (gsize) (found + 1 - sink->sealed) : sink->at;
}

/* The value and source lines of a comparing @sink (format 2 on) from one read of
 * data_values, whose rows both give in the same order: the value lines compared from the
 * cursor on, the source lines from the first sealed line that is one on, and the two
 * must meet where the value lines end. (Written one section after the other, they read
 * the year's 600,000 values twice: 1.2 s each at 3,000 units, issue 22.) */
static gboolean
compare_values_and_sources (KhProject *self,
                            Sink      *sink,
                            int        year,
                            GError   **error)
{
  g_autoptr (GString) source_out = g_string_sized_new (FLUSH_AT + 1024);
  Sink sources = { source_out, NULL, sink->sealed, sink->sealed_len, 0, FALSE };
  g_autoptr (KhDbStmt) stmt = NULL;
  const char *what = _("reading the year");
  gsize sources_start;
  KhDbStep step;

  sink_flush (sink, TRUE);
  if (sink->differs)
    return TRUE;
  sources_start = sources.at = find_sealed_line (sink, "source\t");
  stmt = prepare_year (self,
                       "SELECT unit_id, field, CAST (value AS DOUBLE PRECISION), source_file, "
                       "source_row, source_column, edited_by, edited_at FROM data_values "
                       "WHERE year = ? ORDER BY unit_id, field",
                       year, error);
  if (stmt == NULL)
    return FALSE;
  while ((step = kh_project_step (self, stmt, what, error)) == KH_DB_STEP_ROW)
    {
      g_string_append (sink->out, "value");
      append_fields (sink->out, stmt, 0, 3);
      g_string_append_c (sink->out, '\n');
      g_string_append (source_out, "source");
      append_fields (source_out, stmt, 0, 2);
      append_fields (source_out, stmt, 3, 8);
      g_string_append_c (source_out, '\n');
      sink_flush (sink, FALSE);
      sink_flush (&sources, FALSE);
      if (sink->differs || sources.differs)
        break;
    }
  if (step == KH_DB_STEP_ERROR)
    return FALSE;
  sink_flush (sink, TRUE);
  sink_flush (&sources, TRUE);
  if (sources.differs || sink->at != sources_start)
    sink->differs = TRUE;
  sink->at = sources.at;
  return TRUE;
}

/* The snapshot of @year in @format into @sink (see kh_project_snapshot_format). */
static gboolean
write_snapshot (KhProject *self,
                int        year,
                int        format,
                Sink      *sink,
                GError   **error)
{
  GString *out = sink->out;
  g_autoptr (GPtrArray) categories = kh_project_get_categories (self, year);

  /* By id byte by byte, as SQLite orders them, whatever the server's collation. */
  g_ptr_array_sort (categories, compare_bytewise);

  if (format >= 2)
    {
      /* On PostgreSQL, the schema this version creates (kh-project-schema.c's texts, as
       * verify compares a file's with): the server's catalog is not SQLite's, and its
       * schema is guarded by its roles. A year's snapshot is then the same text on both
       * stores, so its hash survives a copy between them. */
      g_autofree char *master = kh_db_backend (self->store) == KH_DB_SQLITE
                                  ? kh_project_master_text (self->db, error)
                                  : kh_project_expected_master_text (self->version);
      g_autofree char *master_sha = NULL;

      if (master == NULL)
        return FALSE;
      master_sha = g_compute_checksum_for_string (G_CHECKSUM_SHA256, master, -1);
      if (sink->sealed != NULL)
        {
          g_string_append_printf (out, "kaohe-seal\t%d\n", format);
          sink_skip_schema_line (sink);
        }
      else
        g_string_append_printf (out, "kaohe-seal\t%d\nschema\t%d\t%s\n", format,
                                self->version, master_sha);
    }
  for (guint i = 0; i < categories->len; i++)
    {
      const char *category = categories->pdata[i];
      g_autofree char *xml = kh_project_get_category_framework_xml (self, year, category, error);
      g_autofree char *sha = NULL;

      if (xml == NULL)
        return FALSE;
      sha = g_compute_checksum_for_string (G_CHECKSUM_SHA256, xml, -1);
      g_string_append_printf (out, "framework\t%s\t%s\n", category, sha);
    }
  /* The units of the year as the year's reports show them: their names, category, group
   * and (format 3) parent, and the units of the year before they continue. */
  if (format == 2
      && !append_rows (self, sink, "unit",
                       "SELECT y.unit_id, y.name_zh, y.name_zh_tw, y.name_en, u.category_id, "
                       "y.group_id FROM unit_years y JOIN units u ON u.id = y.unit_id "
                       "WHERE y.year = ? ORDER BY y.unit_id",
                       year, error))
    return FALSE;
  if (format >= 3
      && (!append_rows (self, sink, "unit",
                        format == 3
                          ? "SELECT y.unit_id, u.category_id, y.name_zh, y.name_zh_tw, y.name_en, "
                            "y.group_id, y.parent_id FROM unit_years y "
                            "JOIN units u ON u.id = y.unit_id WHERE y.year = ? ORDER BY y.unit_id"
                          : "SELECT y.unit_id, u.category_id, y.name_zh, y.name_zh_tw, y.name_en, "
                            "y.group_id, y.parent_id, y.short_name FROM unit_years y "
                            "JOIN units u ON u.id = y.unit_id WHERE y.year = ? ORDER BY y.unit_id",
                        year, error)
          || !append_rows (self, sink, "link",
                           "SELECT unit_id, predecessor_id, position FROM unit_links "
                           "WHERE year = ? ORDER BY unit_id, predecessor_id",
                           year, error)
          || !append_rows (self, sink, "baseline",
                           "SELECT unit_id, group_id, rank, tier, awards, "
                           "CAST (total AS DOUBLE PRECISION) FROM published_results "
                           "WHERE year = ? - 1 ORDER BY unit_id",
                           year, error)))
    return FALSE;
  /* The entered lists of recommendations ("321"), which the year's reports and
   * compute --recommended use instead of the quota rules (schema version 10). */
  if (format >= 5 && self->version >= KH_PROJECT_RECOMMEND_VERSION
      && (!append_rows (self, sink, "recommendation_list",
                        "SELECT category_id, parent_id, entered_by, entered_at "
                        "FROM recommendation_lists WHERE year = ? "
                        "ORDER BY category_id, parent_id",
                        year, error)
          || !append_rows (self, sink, "recommendation",
                           "SELECT category_id, parent_id, position, unit_id "
                           "FROM recommendation_units WHERE year = ? "
                           "ORDER BY category_id, parent_id, position",
                           year, error)))
    return FALSE;
  /* CAST keeps integers stored in a DOUBLE PRECISION column printing as floating point. */
  if (sink->sealed != NULL && format >= 2)
    {
      if (!compare_values_and_sources (self, sink, year, error))
        return FALSE;
    }
  else if (!append_rows (self, sink, "value",
                         "SELECT unit_id, field, CAST (value AS DOUBLE PRECISION) "
                         "FROM data_values WHERE year = ? ORDER BY unit_id, field",
                         year, error)
           || (format >= 2
               && !append_rows (self, sink, "source",
                                "SELECT unit_id, field, source_file, source_row, source_column, "
                                "edited_by, edited_at FROM data_values WHERE year = ? "
                                "ORDER BY unit_id, field",
                                year, error)))
    return FALSE;
  if (!append_rows (self, sink, "result",
                    "SELECT unit_id, group_id, CAST (total AS DOUBLE PRECISION), rank, tier, "
                    "prev_rank, rank_change, awards FROM results WHERE year = ? "
                    "ORDER BY unit_id",
                    year, error)
      || (format >= 2
          && !append_rows (self, sink, "computed",
                           "SELECT unit_id, computed_at FROM results WHERE year = ? "
                           "ORDER BY unit_id",
                           year, error))
      || !append_rows (self, sink, "score",
                       "SELECT unit_id, node_id, CAST (score AS DOUBLE PRECISION) FROM result_scores "
                       "WHERE year = ? ORDER BY unit_id, node_id",
                       year, error))
    return FALSE;
  sink_flush (sink, TRUE);
  return TRUE;
}

char *
kh_project_snapshot_format (KhProject *self,
                            int        year,
                            int        format,
                            GError   **error)
{
  g_autoptr (GString) out = g_string_new (NULL);
  Sink sink = { out, NULL };

  g_return_val_if_fail (format >= 1 && format <= KH_PROJECT_SNAPSHOT_FORMAT, NULL);

  if (!write_snapshot (self, year, format, &sink, error))
    return NULL;
  return g_string_free (g_steal_pointer (&out), FALSE);
}

gboolean
kh_project_snapshot_matches (KhProject  *self,
                             int         year,
                             int         format,
                             const char *sealed,
                             gboolean   *same,
                             GError    **error)
{
  g_autoptr (GString) out = g_string_sized_new (FLUSH_AT + 1024);
  Sink sink = { out, NULL, sealed, strlen (sealed), 0, FALSE };

  g_return_val_if_fail (format >= 1 && format <= KH_PROJECT_SNAPSHOT_FORMAT, FALSE);
  g_return_val_if_fail (same != NULL, FALSE);

  if (!write_snapshot (self, year, format, &sink, error))
    return FALSE;
  *same = !sink.differs && sink.at == sink.sealed_len;
  return TRUE;
}

char *
kh_project_snapshot_sha256 (KhProject *self,
                            int        year,
                            GError   **error)
{
  g_autoptr (GString) out = g_string_sized_new (FLUSH_AT + 1024);
  g_autoptr (KhSha256) sum = kh_sha256_new ();
  Sink sink = { out, sum };

  if (!write_snapshot (self, year, KH_PROJECT_SNAPSHOT_FORMAT, &sink, error))
    return NULL;
  return kh_sha256_finish (g_steal_pointer (&sum));
}


char *
kh_project_snapshot (KhProject *self,
                     int        year,
                     GError   **error)
{
  return kh_project_snapshot_format (self, year, KH_PROJECT_SNAPSHOT_FORMAT, error);
}

int
kh_project_snapshot_get_format (const char *snapshot)
{
  for (int format = KH_PROJECT_SNAPSHOT_FORMAT; format >= 2; format--)
    {
      g_autofree char *first = g_strdup_printf ("kaohe-seal\t%d\n", format);

      if (g_str_has_prefix (snapshot, first))
        return format;
    }
  return 1;
}
