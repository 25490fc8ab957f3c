/* kh-project-compute.h — scoring a project's year with the engine
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A year holds one framework per category. The dataset of a year and category holds
 * every unit of the category that exists in the year (ordered by id, with its Chinese
 * name, name_zh, and peer group) and every stored value of those units that the framework reads.
 * The previous year of the same category, when the project has its framework, is
 * computed first (recursively) and serves as the plan's previous year. The dataset also
 * carries each unit's predecessors (kh-project-units.c) and the results published for
 * the previous year, when imported (a framework with baseline="published" counts its
 * rank changes against them).
 */
#pragma once

#include <glib.h>

#include "core/kh-engine.h"
#include "core/kh-recommend.h"
#include "kh-project.h"

G_BEGIN_DECLS

/* The query that reads a year's values (bound: the year), unit by unit and field by field:
 * answered from the table's own b-tree, stored in that order since schema version 11 (from
 * the covering index data_values_read in versions 9 and 10). */
#define KH_PROJECT_VALUES_QUERY \
  "SELECT unit_id, field, value FROM data_values WHERE year = ? ORDER BY unit_id, field"

/* Packs @year's values of each of its categories whose packed copy (schema version 14) is
 * not current, for the computations to come, which read them from it (a tenth of reading
 * data_values' rows at 3,000 units; issue 22): a cache, written without an audit row,
 * nothing into a transaction open, a file opened to read or a project on PostgreSQL.
 * kh_project_compute_results() (storing results, sealing) packs the years it read anyway;
 * `kaohe-cli import` packs the year it imported into and the year before. Returns how
 * many categories were packed. */
guint      kh_project_pack_values       (KhProject  *self,
                                         int         year);

/* The plan of @year's framework of @category (NULL: the year's only framework; an
 * error names the categories when the year has several). */
KhPlan    *kh_project_compute_category  (KhProject  *self,
                                         int         year,
                                         const char *category,
                                         GError    **error);
/* The same with the units' names in @lang, for display: name_zh_tw (KH_LANG_ZH_TW) or
 * name_en (KH_LANG_EN) where the unit has one, falling back as kh_text_get() does; the
 * previous year's plan too. KH_LANG_ZH_CN is kh_project_compute_category(). A plan of
 * @year that the computation of the year after kept whole (its previous plan, exact to
 * KH_PREVIOUS_ALL) is served as it is, taken out of the project's cache, while the
 * database is as it was then. */
KhPlan    *kh_project_compute_category_lang (KhProject  *self,
                                             int         year,
                                             const char *category,
                                             KhLang      lang,
                                             GError    **error);
/* kh_project_compute_category_lang() for a caller that computes @year once: none of the
 * earlier years' plans is kept in the project's cache for a next computation, whatever
 * kh_project_set_keep_plans() says, and each goes, with its own copy of its last year's
 * contributions, once the next year's plan is made from it; other computations of the
 * project keep theirs. The plan is the same (issue 22: the app's window computing last year whole, then the year on it
 * with kh_project_compute_category_after(), holds two years' plans at a time, not four). */
KhPlan    *kh_project_compute_category_once (KhProject  *self,
                                             int         year,
                                             const char *category,
                                             KhLang      lang,
                                             GError    **error);
/* The plan of @year's framework of @category, the units' names in @lang, with @previous
 * (the caller's plan of the year before, computed whole; or NULL) as its previous plan:
 * no earlier year is computed again. With @previous as kh_project_compute_category_lang()
 * gives it for year − 1, the plan is the one kh_project_compute_category_lang() gives for
 * @year (the app opening a year computes last year once, for itself and for the year,
 * instead of twice; issue 22). */
KhPlan    *kh_project_compute_category_after (KhProject  *self,
                                              int         year,
                                              const char *category,
                                              KhLang      lang,
                                              KhPlan     *previous,
                                              GError    **error);
/* Whether the project keeps the plans of the years before the one computed for the next
 * computations (TRUE, the default). A caller computing one year once, e.g. `kaohe-cli
 * compute`, keeps none: each earlier year's plan and values go as soon as the next year's
 * plan is made from them (issue 22: at 30,000 units the year before last's plan and
 * values, some 160 MB, were held through the whole computation). */
void       kh_project_set_keep_plans    (KhProject  *self,
                                         gboolean    keep);
/* Lets go of the plans the project keeps from its computations for the next ones (the
 * years before the one computed), but those of @keep_year (0: none): a caller that needs
 * no more of them, e.g. a report once it has its years (issue 22: at 3,000 units each
 * is some 26 MB). Computing stays correct without them, only slower. */
void       kh_project_drop_cached_plans (KhProject  *self,
                                         int         keep_year);
/* Lets go of the pages the project's own connection keeps cached from reading it (SQLite's
 * page cache, up to 2 MB; nothing on PostgreSQL): a caller done reading for a while, e.g.
 * the app once a year is loaded (issue 22). Reading again reads the file. */
void       kh_project_release_memory    (KhProject  *self);
/* The same as kh_project_compute_category (self, year, NULL, error). */
KhPlan    *kh_project_compute           (KhProject  *self,
                                         int         year,
                                         GError    **error);
/* One plan per category of @year, categories ascending (of KhPlan*); NULL with an error
 * when the year has no framework or a category cannot be computed. */
GPtrArray *kh_project_compute_all       (KhProject  *self,
                                         int         year,
                                         GError    **error);
/* The plan's results per unit (of KhStoredResult*): category, total, rank, tier,
 * previous rank, rank change, awards (ids joined by ",") and every node's score. */
GPtrArray *kh_project_results_from_plan (KhPlan     *plan);
/* The same, appended to @results; without the nodes' ids and scores unless @with_nodes
 * (a sheet that prints none need not hold 200 of them per unit). */
void       kh_project_results_append_from_plan (GPtrArray *results,
                                                KhPlan    *plan,
                                                gboolean   with_nodes);
/* The results of every category of @year, computed afresh (of KhStoredResult*). */
GPtrArray *kh_project_compute_results   (KhProject  *self,
                                         int         year,
                                         GError    **error);
/* Computes every category of @year and stores the results (one transaction, audited
 * as "compute"). */
gboolean   kh_project_compute_and_store (KhProject  *self,
                                         int         year,
                                         GError    **error);

/* The "321" recommendations of @year (kh-project-recommend.c; of KhRecommendation*): for
 * every quota rule of a category's framework, applied to the plan of its target category
 * with the parents of that year's units and the entered lists of the project that holds
 * the target category (kh_recommend(): a parent with an entered list is checked, the
 * others follow the rule's `select`). @plans holds the plans of the year's categories (as kh_project_compute_all()
 * gives them, names in any language) of @projects (one, or one per category as the
 * sample's report joins them): the parents are read from the first project with a
 * framework of the target category that year; tiers are named in @lang. An empty array
 * when no framework has a quota rule; NULL with an error when a rule's target category
 * has no plan among @plans. */
GPtrArray *kh_project_recommend_plans   (KhProject **projects,
                                         guint       n_projects,
                                         int         year,
                                         GPtrArray  *plans,
                                         KhLang      lang,
                                         GError    **error);
/* A list tried before it is stored (the app's editor shows its checks live): @parent's
 * list of units of @category (char* ids; NULL: none, the rule applies) in place of the
 * stored one. */
typedef struct
{
  const char *category;
  const char *parent;
  GPtrArray *units;
} KhRecommendTrial;

/* kh_project_recommend_plans() with @trial (may be NULL) in place of a stored list. */
GPtrArray *kh_project_recommend_plans_trial (KhProject              **projects,
                                             guint                    n_projects,
                                             int                      year,
                                             GPtrArray               *plans,
                                             const KhRecommendTrial  *trial,
                                             KhLang                   lang,
                                             GError                 **error);
/* The same, computing every category of @year with the units' names in @lang. */
GPtrArray *kh_project_recommend         (KhProject  *self,
                                         int         year,
                                         KhLang      lang,
                                         GError    **error);

/* What differs between the results published for a year and the recomputed ones. */
typedef enum
{
  KH_DIFFERENCE_PUBLISHED_ONLY,  /* published, not computed (recomputed: "") */
  KH_DIFFERENCE_RECOMPUTED_ONLY, /* computed, not published (published: "") */
  KH_DIFFERENCE_GROUP,
  KH_DIFFERENCE_RANK,
  KH_DIFFERENCE_TIER,
  KH_DIFFERENCE_AWARDS,
} KhPublishedDifferenceKind;

typedef struct
{
  char *unit_id;
  char *name;        /* the unit's name that year (NULL when not computed) */
  char *category_id; /* NULL when not computed */
  KhPublishedDifferenceKind kind;
  char *published;   /* the published value as text ("" for none) */
  char *recomputed;  /* the recomputed value as text ("" for none) */
} KhPublishedDifference;

void        kh_published_difference_free     (KhPublishedDifference    *difference);
/* What differs, for a reader ("rank", "published, but not in the computed results" …). */
const char *kh_published_difference_describe (KhPublishedDifferenceKind kind);

/* Every difference between the results published for @year (kaohe-cli import
 * --published) and @year computed afresh (kh-project-compare.c; of
 * KhPublishedDifference*, in the publication's order, then the units computed but not
 * published); *n_published (may be NULL) receives the number of units published. NULL
 * with an error when nothing is published for @year or it cannot be computed. */
GPtrArray  *kh_project_compare_published     (KhProject  *self,
                                              int         year,
                                              guint      *n_published,
                                              GError    **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KhPublishedDifference, kh_published_difference_free)

G_END_DECLS
