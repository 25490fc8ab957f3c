/* kh-report-notes.c — the annual report as an official notice (通报): title block,
 * numbered explanatory notes (说明), contents, and the approval, seal and verification
 * area that closes it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The notes are written from the report year's frameworks and the project's facts: the
 * method, the exam papers and their points, the tier and award rules of every group, the
 * 321 quotas where a group has them, where the data come from and how missing values were
 * treated. Every sentence is a translatable string; names come in data->lang.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "charts/kh-palette.h"
#include "core/kh-tier-name.h"
#include "kh-report-private.h"

#define SEAL_HEIGHT 150.0

static const char *const month_names[] = { N_("January"), N_("February"), N_("March"), N_("April"),
                                            N_("May"),     N_("June"),     N_("July"),  N_("August"),
                                            N_("September"), N_("October"), N_("November"), N_("December") };

char *
kh_report_format_date (const char *iso,
                       KhLang      lang)
{
  int y = 0, m = 0, d = 0;

  if (iso == NULL || sscanf (iso, "%4d-%2d-%2d", &y, &m, &d) != 3 || m < 1 || m > 12 || d < 1 || d > 31)
    return g_strdup (iso != NULL ? iso : "");
  if (lang == KH_LANG_EN)
    return g_strdup_printf ("%d %s %d", d, month_names[m - 1], y);
  {
    /* Official style: the year digit by digit (二〇二一), month and day as numbers (四月一日). */
    g_autofree char *year = g_strdup_printf ("%d", y);
    g_autofree char *month = kh_chinese_numeral (m);
    g_autofree char *day = kh_chinese_numeral (d);
    GString *text = g_string_new (NULL);

    for (const char *c = year; *c != '\0'; c++)
      {
        g_autofree char *digit = kh_chinese_numeral (*c - '0');

        g_string_append (text, digit);
      }
    g_string_append_printf (text, "年%s月%s日", month, day);
    return g_string_free (text, FALSE);
  }
}

static char *
format_points (double points)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  return g_strdup (g_ascii_formatd (buf, sizeof buf, "%g", points));
}

/* "第一等次: the first 5 units; 第二等次: the next 4; 第三等次: the others" */
static char *
tier_rule_text (KhReportGroup *group)
{
  const KhTierRule *rule = &group->rule->tiers;
  GString *text = g_string_new (NULL);

  for (int t = 0; t < group->n_tiers; t++)
    {
      const char *name = group->tier_names[t];
      gboolean last = t == group->n_tiers - 1 || rule->values == NULL || (guint) t >= rule->values->len;
      double value = last ? NAN : g_array_index (rule->values, double, t);
      g_autofree char *number = last ? NULL : format_points (rule->mode == KH_TIER_BY_SHARE ? value * 100 : value);

      if (t > 0)
        g_string_append (text, _("; "));
      if (last)
        g_string_append_printf (text, _("%s: the others"), name);
      else if (rule->mode == KH_TIER_BY_COUNT)
        g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, "%s: %d unit by rank", "%s: %d units by rank",
                                                   (gulong) value),
                                name, (int) value);
      else if (rule->mode == KH_TIER_BY_SHARE)
        g_string_append_printf (text, _("%s: the best %s%% of the group"), name, number);
      else
        g_string_append_printf (text, _("%s: a score of at least %s"), name, number);
    }
  return g_string_free (text, FALSE);
}

static char *
award_rules_text (KhReportGroup *group,
                  KhLang         lang)
{
  GString *text = g_string_new (NULL);

  for (guint a = 0; a < group->rule->awards->len; a++)
    {
      const KhAwardRule *award = group->rule->awards->pdata[a];
      const char *name = kh_text_get (&award->name, lang);
      int places = MAX (award->min_advance, 1);

      if (text->len > 0)
        g_string_append (text, _("; "));
      if (award->most)
        g_string_append_printf (text,
                                g_dngettext (GETTEXT_PACKAGE,
                                             "%s: the unit that advanced most, by at least %d place",
                                             "%s: the unit that advanced most, by at least %d places",
                                             (gulong) places),
                                name != NULL ? name : award->id, places);
      else
        g_string_append_printf (text,
                                g_dngettext (GETTEXT_PACKAGE,
                                             "%s: every unit that advanced by at least %d place",
                                             "%s: every unit that advanced by at least %d places",
                                             (gulong) places),
                                name != NULL ? name : award->id, places);
    }
  return g_string_free (text, FALSE);
}

/* The name of @category in the report: a group's short category name when the report
 * holds one of it, else the known name (never the bare id where a name is known). */
static const char *
category_label (KhReport   *report,
                const char *category)
{
  for (guint s = 0; s < report->sections->len; s++)
    {
      KhReportGroup *group = ((Section *) report->sections->pdata[s])->group;

      if (g_strcmp0 (group->category, category) == 0)
        return group->category_name;
    }
  return kh_report_category_name (category, NULL);
}

/* "“321” county recommendation quota (Counties, … recommended per unit, by tier): 第一等次: 3;
 * 第二等次: 2; 第三等次: 1" */
static char *
quota_rules_text (KhReport      *report,
                  KhReportGroup *group,
                  KhLang         lang)
{
  GString *text = g_string_new (NULL);

  for (guint q = 0; q < group->rule->quotas->len; q++)
    {
      const KhQuotaRule *quota = group->rule->quotas->pdata[q];
      const char *name = kh_text_get (&quota->name, lang);
      g_autoptr (GString) counts = g_string_new (NULL);

      for (guint t = 0; t < quota->counts->len; t++)
        {
          g_autofree char *tier = kh_tier_name (&group->rule->tiers, (int) t + 1, lang);

          g_string_append (counts, counts->len > 0 ? _("; ") : "");
          /* TRANSLATORS: a tier and the number of units it may recommend, e.g. 第一等次: 3 */
          g_string_append_printf (counts, _("%s: %d"), tier, g_array_index (quota->counts, int, t));
        }
      g_string_append (text, text->len > 0 ? _("; ") : "");
      /* TRANSLATORS: quota name, the category recommended from, then the counts per tier */
      g_string_append_printf (text, _("%s (%s recommended per unit, by tier): %s"),
                              name != NULL ? name : quota->id,
                              category_label (report, quota->target_category), counts->str);
    }
  return g_string_free (text, FALSE);
}

/* One line of a note: the groups that share a rule, and the rule. */
typedef struct
{
  const char *category; /* of the groups (their category id) */
  const char *category_name;
  GPtrArray *groups;    /* of const char*: group names */
  char *text;
} Entry;

static void
entry_free (Entry *entry)
{
  g_ptr_array_unref (entry->groups);
  g_free (entry->text);
  g_free (entry);
}

/* Adds @group's rule @text, merged with the groups of the same category and rule. */
static void
add_entry (GPtrArray     *entries,
           KhReportGroup *group,
           const char    *text)
{
  Entry *entry;

  if (text[0] == '\0')
    return;
  for (guint e = 0; e < entries->len; e++)
    {
      entry = entries->pdata[e];
      if (g_strcmp0 (entry->category, group->category) == 0 && g_str_equal (entry->text, text))
        {
          g_ptr_array_add (entry->groups, group->name);
          return;
        }
    }
  entry = g_new0 (Entry, 1);
  entry->category = group->category;
  entry->category_name = group->category_name;
  entry->groups = g_ptr_array_new ();
  entry->text = g_strdup (text);
  g_ptr_array_add (entry->groups, group->name);
  g_ptr_array_add (entries, entry);
}

static guint
count_groups (KhReport   *report,
              const char *category)
{
  guint n = 0;

  for (guint s = 0; s < report->sections->len; s++)
    n += g_strcmp0 (((Section *) report->sections->pdata[s])->group->category, category) == 0;
  return n;
}

static guint
count_categories (KhReport *report)
{
  g_autoptr (GPtrArray) seen = g_ptr_array_new ();

  for (guint s = 0; s < report->sections->len; s++)
    {
      const char *category = ((Section *) report->sections->pdata[s])->group->category;

      if (!g_ptr_array_find_with_equal_func (seen, category, g_str_equal, NULL))
        g_ptr_array_add (seen, (gpointer) category);
    }
  return seen->len;
}

/* Who an entry is about: the category when it covers all its groups ("Provincial
 * agencies, all 5 groups"), else the groups' names (with their category when the report
 * has several). */
static char *
entry_label (KhReport *report,
             Entry    *entry)
{
  guint n = count_groups (report, entry->category);
  g_autoptr (GString) names = g_string_new (NULL);

  if (entry->groups->len == n && (n > 1 || count_categories (report) > 1))
    {
      if (n == 1)
        return g_strdup (entry->category_name);
      if (n == 2)
        /* TRANSLATORS: a category, when a rule applies to both its groups */
        return g_strdup_printf (_("%s, both groups"), entry->category_name);
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s, all %u group", "%s, all %u groups", n),
                              entry->category_name, n);
    }
  for (guint g = 0; g < entry->groups->len; g++)
    g_string_append_printf (names, "%s%s", g > 0 ? _(", ") : "", (const char *) entry->groups->pdata[g]);
  if (count_categories (report) > 1)
    /* TRANSLATORS: groups, then the category they belong to */
    return g_strdup_printf (_("%s (%s)"), names->str, entry->category_name);
  return g_string_free (g_steal_pointer (&names), FALSE);
}

/* A note: its heading, then one line per entry ("label — rule."), separated by newlines
 * (the notice indents them). */
static char *
entries_note (KhReport   *report,
              const char *heading,
              GPtrArray  *entries)
{
  GString *note = g_string_new (heading);

  for (guint e = 0; e < entries->len; e++)
    {
      Entry *entry = entries->pdata[e];
      g_autofree char *label = entry_label (report, entry);

      /* TRANSLATORS: who a rule applies to, then the rule */
      g_string_append_c (note, '\n');
      g_string_append_printf (note, _("%s — %s."), label, entry->text);
    }
  return g_string_free (note, FALSE);
}

static void
count_missing (const KhNode *node,
               guint        *counts)
{
  if (node->kind == KH_NODE_INDICATOR && node->missing <= KH_MISSING_PREVIOUS)
    counts[node->missing]++;
  for (guint c = 0; node->children != NULL && c < node->children->len; c++)
    count_missing (node->children->pdata[c], counts);
}

static char *
missing_text (GPtrArray *frameworks)
{
  guint counts[KH_MISSING_PREVIOUS + 1] = { 0 };
  GString *text = g_string_new (NULL);

  for (guint f = 0; f < frameworks->len; f++)
    count_missing (((KhFramework *) frameworks->pdata[f])->root, counts);
  for (int p = 0; p <= KH_MISSING_PREVIOUS; p++)
    {
      guint n = counts[p];

      if (n == 0)
        continue;
      if (text->len > 0)
        g_string_append (text, _("; "));
      switch ((KhMissingPolicy) p)
        {
        case KH_MISSING_REWEIGHT:
          g_string_append_printf (text,
                                  g_dngettext (GETTEXT_PACKAGE,
                                               "%u indicator leaves a missing value out and re-weights its siblings",
                                               "%u indicators leave a missing value out and re-weight their siblings",
                                               n),
                                  n);
          break;
        case KH_MISSING_ZERO:
          g_string_append_printf (text,
                                  g_dngettext (GETTEXT_PACKAGE, "%u indicator scores a missing value zero",
                                               "%u indicators score a missing value zero", n),
                                  n);
          break;
        case KH_MISSING_MEAN:
          g_string_append_printf (text,
                                  g_dngettext (GETTEXT_PACKAGE, "%u indicator takes the group mean for a missing value",
                                               "%u indicators take the group mean for a missing value", n),
                                  n);
          break;
        case KH_MISSING_MEDIAN:
          g_string_append_printf (text,
                                  g_dngettext (GETTEXT_PACKAGE, "%u indicator takes the group median for a missing value",
                                               "%u indicators take the group median for a missing value", n),
                                  n);
          break;
        case KH_MISSING_PREVIOUS:
        default:
          g_string_append_printf (text,
                                  g_dngettext (GETTEXT_PACKAGE, "%u indicator carries last year’s value for a missing one",
                                               "%u indicators carry last year’s value for a missing one", n),
                                  n);
          break;
        }
    }
  return g_string_free (text, FALSE);
}

/* The numbered notes, in order: method, papers, tiers, awards, quotas, data, missing. A
 * note may hold lines below its first one, separated by newlines: one per category or per
 * groups sharing a rule. */
GPtrArray *
kh_report_notes (KhReport *report)
{
  KhReportData *data = report->data;
  GPtrArray *notes = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GPtrArray) frameworks = g_ptr_array_new ();
  g_autoptr (GString) method = g_string_new (NULL);
  g_autoptr (GString) papers = g_string_new (NULL);
  g_autoptr (GPtrArray) tiers = g_ptr_array_new_with_free_func ((GDestroyNotify) entry_free);
  g_autoptr (GPtrArray) awards = g_ptr_array_new_with_free_func ((GDestroyNotify) entry_free);
  g_autoptr (GPtrArray) quotas = g_ptr_array_new_with_free_func ((GDestroyNotify) entry_free);
  g_autofree char *missing = NULL;

  for (guint s = 0; s < report->sections->len; s++)
    {
      KhReportGroup *group = ((Section *) report->sections->pdata[s])->group;
      g_autofree char *tier_text = tier_rule_text (group);
      g_autofree char *award_text = award_rules_text (group, data->lang);
      g_autofree char *quota_text = quota_rules_text (report, group, data->lang);

      if (!g_ptr_array_find (frameworks, group->framework, NULL))
        {
          g_autoptr (GString) list = g_string_new (NULL);
          int precision = group->framework->precision;

          g_ptr_array_add (frameworks, group->framework);
          g_string_append_c (method, '\n');
          /* TRANSLATORS: category, framework title, decimals of the ranked score */
          g_string_append_printf (method,
                                  g_dngettext (GETTEXT_PACKAGE, "%s — “%s”, ranked to %d decimal.",
                                               "%s — “%s”, ranked to %d decimals.", (gulong) precision),
                                  group->category_name, group->category_title, precision);
          for (guint n = 0; n < group->nodes->len; n++)
            {
              KhReportNode *node = group->nodes->pdata[n];
              g_autofree char *points = format_points (node->points);

              if (node->depth != 1)
                continue;
              if (list->len > 0)
                g_string_append (list, _("; "));
              g_string_append_printf (list, _("%s, %s points"), node->name, points);
            }
          g_string_append_c (papers, '\n');
          g_string_append_printf (papers, _("%s — %s."), group->category_name, list->str);
        }
      add_entry (tiers, group, tier_text);
      add_entry (awards, group, award_text);
      add_entry (quotas, group, quota_text);
    }
  missing = missing_text (frameworks);

  g_ptr_array_add (notes, g_strdup_printf (_("Method. Every unit is scored with the indicator framework of "
                                             "its category for %d: indicator values are normalised and "
                                             "weighted, summed into dimensions and exam papers, and units "
                                             "are ranked within their peer group by the total score rounded "
                                             "to the decimals given.%s"),
                                           data->year, method->str));
  g_ptr_array_add (notes, g_strdup_printf (_("Exam papers and their full points:%s"), papers->str));
  g_ptr_array_add (notes, entries_note (report, _("Tiers:"), tiers));
  g_ptr_array_add (notes, awards->len > 0 ? entries_note (report, _("Awards:"), awards)
                                          : g_strdup (_("Awards: the frameworks give none.")));
  if (quotas->len > 0)
    g_ptr_array_add (notes, entries_note (report, _("Recommendation quotas (321 rule):"), quotas));
  g_ptr_array_add (notes, g_strdup_printf (_("Data sources. The values were imported into the project %s "
                                             "with their source file, row and column; every change is "
                                             "recorded in its audit log, and the results printed here were "
                                             "computed from the stored values."),
                                           data->project_name));
  g_ptr_array_add (notes, missing[0] != '\0' ? g_strdup_printf (_("Missing data: %s."), missing)
                                             : g_strdup (_("Missing data: no indicator has a rule for them.")));
  return notes;
}

char *
kh_report_notice_title (KhReport *report)
{
  g_autoptr (GPtrArray) categories = g_ptr_array_new ();
  g_autofree char *joined = NULL;

  for (guint s = 0; s < report->sections->len; s++)
    {
      KhReportGroup *group = ((Section *) report->sections->pdata[s])->group;

      if (!g_ptr_array_find_with_equal_func (categories, group->category_title, g_str_equal, NULL))
        g_ptr_array_add (categories, group->category_title);
    }
  /* Several assessments: one general title (the notes name each framework). */
  if (categories->len > 1)
    /* TRANSLATORS: the title of the annual notice over several categories */
    return g_strdup_printf (_("Notice of the results of the %d comprehensive assessment"), report->data->year);
  g_ptr_array_add (categories, NULL);
  joined = g_strjoinv (_("; "), (char **) categories->pdata);
  /* TRANSLATORS: the title of the annual notice: year, then the assessment's name */
  return g_strdup_printf (_("Notice of the results of the %d assessment: %s"), report->data->year, joined);
}

char *
kh_report_verification_line (KhReport *report)
{
  KhReportData *data = report->data;
  g_autofree char *head = data->chain_seq > 0
                            ? g_strdup_printf ("%s (#%" G_GINT64_FORMAT ")", data->chain_head, data->chain_seq)
                            : g_strdup (data->chain_head);

  g_return_val_if_fail (report != NULL, NULL);
  /* One line for whoever checks the paper against the project: add to it here. */
  if (data->seal != NULL)
    return g_strdup_printf (_("Verification: report %s · audit chain head %s · project %s · generated %s · %s"),
                            report->id, head, data->project_id, data->date, data->seal);
  return g_strdup_printf (_("Verification: report %s · audit chain head %s · project %s · generated %s"),
                          report->id, head, data->project_id, data->date);
}

/* The approval and seal area: "Approved by" on the left; the issuing body, the date and
 * a circle for the seal on the right. */
void
kh_report_draw_seal (KhReport *report,
                     cairo_t  *cr,
                     Item     *item)
{
  KhReportData *data = report->data;
  double width = kh_page_content_width (&report->page);
  double y = item->y + GAP;
  g_autofree char *date = kh_report_format_date (data->date, data->lang);
  g_autofree char *verify = kh_report_verification_line (report);
  double right = width * 0.55, cx = width * 0.78, cy = y + 48, radius = 40;
  static const double dash[] = { 3.0, 3.0 };

  kh_report_draw_text (cr, _("Approved by:"), 0, y + 20, width * 0.4, BODY_SIZE + 1, FALSE, KH_ALIGN_LEFT, TRUE);
  cairo_set_line_width (cr, 0.6);
  cairo_move_to (cr, 0, y + 62);
  cairo_line_to (cr, width * 0.4, y + 62);
  cairo_stroke (cr);

  /* The seal goes over the issuer's name and the date, as the office stamps it. */
  cairo_save (cr);
  kh_palette_set_source (cr, KH_PALETTE_LIGHT, KH_COLOR_FOREGROUND, 0.45);
  cairo_set_dash (cr, dash, G_N_ELEMENTS (dash), 0);
  cairo_arc (cr, cx, cy, radius, 0, 2 * G_PI);
  cairo_stroke (cr);
  cairo_restore (cr);
  /* Its caption in the circle below the date, not over the issuer's name. */
  kh_palette_set_source (cr, KH_PALETTE_LIGHT, KH_COLOR_FOREGROUND, 0.45);
  kh_report_draw_text (cr, _("(seal)"), cx - radius, cy + 20, 2 * radius, BODY_SIZE - 1, FALSE, KH_ALIGN_CENTER,
                       TRUE);
  kh_palette_set_source (cr, KH_PALETTE_LIGHT, KH_COLOR_FOREGROUND, 1.0);
  if (data->issuer != NULL)
    kh_report_draw_text (cr, data->issuer, right, y + 30, width - right, BODY_SIZE + 2, FALSE, KH_ALIGN_CENTER,
                         FALSE);
  kh_report_draw_text (cr, date, right, y + 50, width - right, BODY_SIZE + 2, FALSE, KH_ALIGN_CENTER, TRUE);

  /* The verification line closes the report. */
  kh_palette_set_source (cr, KH_PALETTE_LIGHT, KH_COLOR_FOREGROUND, 0.75);
  kh_report_draw_text (cr, verify, 0, item->y + item->height - kh_report_text_height (cr, verify, 7.0, FALSE, width),
                       width, 7.0, FALSE, KH_ALIGN_LEFT, FALSE);
  kh_palette_set_source (cr, KH_PALETTE_LIGHT, KH_COLOR_FOREGROUND, 1.0);
}

double
kh_report_seal_height (KhReport *report,
                       cairo_t  *cr)
{
  g_autofree char *verify = kh_report_verification_line (report);

  return SEAL_HEIGHT + kh_report_text_height (cr, verify, 7.0, FALSE, kh_page_content_width (&report->page));
}
