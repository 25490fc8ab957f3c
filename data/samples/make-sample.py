#!/usr/bin/env python3
# make-sample.py — generate the Jiangsu 2018–2020 demonstration data
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
#   python3 data/samples/make-sample.py --cli BUILD/app/cli/kaohe-cli
#
# Writes data/samples/CATEGORY-YEAR.csv (wide layout, one row per unit, one column per
# data field of the year's framework) for the four categories and 2018–2020, then
# builds each category's project with build-sample.sh, computes every year with
# `kaohe-cli compute` and checks the published outcomes (DESIGN.md). The build does
# not run this script: the committed CSV files are the source of the sample.
#
# How the values are made (deterministic, standard library only, fixed seed; SOURCES.md):
#  1. A model of the units: the cities' published 2020 GDP and census population,
#     invented but persistent structural figures (urbanisation, R&D, revenue, PM2.5),
#     persistent factors per unit and dimension, a momentum per city and year; for the
#     agencies, universities and counties a seeded random walk of strengths.
#  2. Every indicator value is drawn from latent scores of that model with its own noise.
#  3. Target orders per peer group and year where the published outcomes hold (the
#     cities': the nearest to the model's totals, choose_city_orders), reached by
#     steering only the assessed items (satisfaction rate, party-building grade, key
#     tasks, highlights) with the real engine in the loop, until the computed totals
#     follow the orders with at least MIN_GAP points between neighbours. No rank, tier
#     or award is stored anywhere: they all follow from computing the values.
#  4. The agencies' grassroots' evaluation (an assessed item) steered towards issue 21's
#     realism targets: a group-year whose median ρ or α (kaohe-cli audit) is out of
#     REALISM_BANDS gets its grassroots' noise drawn again with the next fixed seed.
#  KH_SAMPLE_DEBUG=1 prints the calibration's rounds.
import argparse
import csv
import json
import os
import math
import random
import statistics
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
FRAMEWORKS = os.path.join(ROOT, "data", "frameworks")
YEARS = (2018, 2019, 2020)
CATEGORIES = ("city", "agency", "university", "county")
SEED = 20210401
MIN_GAP = 0.15   # points between neighbouring totals after calibration
SAT_RANGE = (75.0, 97.0)   # satisfaction rates the calibration keeps to (other levers first)
SAT_FLOOR = 62.0           # and the lowest it ever sets
GRASSROOTS_MOVE = 1.9      # points of the grassroots' evaluation a point of the public's rate
GRASSROOTS_MEAN = 82.0     # the grassroots' evaluation at a public rate of 90.5
GRASSROOTS_SD = 12.0       # and its spread around the public's rate
# The realism figures a calibrated agency group-year must show (issue 21's targets, as
# tests/check-sample-realism.py measures them, with a margin of 0.01): else its
# grassroots' year noise is drawn again (the next seed, at most GRASSROOTS_SEEDS) —
# steered towards the targets (SOURCES.md, redraw_grassroots)
REALISM_BANDS = {"rho": (0.31, 0.69), "alpha": (0.51, 0.89)}
GRASSROOTS_SEEDS = 16
NOISE = {"city": 0.6, "agency": 0.4, "university": 0.4, "county": 0.6}
NS = {"k": "https://kaohe.github.io/ns/framework/1"}

# --- units --------------------------------------------------------------------------


def read_units():
    with open(os.path.join(HERE, "units.csv"), encoding="utf-8") as f:
        return list(csv.DictReader(f))


def units_of(units, category, year):
    out = []
    for u in units:
        if u["category"] != category:
            continue
        if u["from_year"] and int(u["from_year"]) > year:
            continue
        if u["until_year"] and int(u["until_year"]) < year:
            continue
        out.append(u)
    return out


def groups_of(units):
    groups = {}
    for u in units:
        groups.setdefault(u["group"], []).append(u["id"])
    return groups


# --- frameworks ---------------------------------------------------------------------


class Framework:
    """The data fields of one year's framework, in framework order."""

    def __init__(self, category, year):
        root = ET.parse(os.path.join(FRAMEWORKS, f"jiangsu-{year}-{category}.xml")).getroot()
        self.fields = []
        self.tier1_share = None
        self.tier_counts = None
        for g in root.iterfind("k:groups/k:group", NS):
            t = g.find("k:tiers", NS)
            if t is not None and t.get("mode") == "share":
                self.tier1_share = float(t.get("values").split()[0])
            if t is not None and t.get("mode", "count") == "count":
                self.tier_counts = [int(v) for v in t.get("values").split()]
        for v in root.iterfind("k:variables/k:variable", NS):
            self.add(v.get("id"))
        for n in root.find("k:root", NS).iter():
            if n.tag == "{%s}indicator" % NS["k"] and n.find("k:formula", NS) is None:
                self.add(n.get("id"))
        for a in root.iterfind("k:adjustments/*", NS):
            self.add(a.get("input") or a.get("id"))
        for c in root.iterfind("k:constraints/k:constraint", NS):
            self.add(c.get("input") or c.get("id"))
        sat = root.find(".//k:indicator[@id='public_satisfaction']", NS)
        self.sat_points = float(sat.get("points", "100"))
        self.sat_floor = float(sat.find("k:scoring", NS).get("floor", "0"))
        # the grassroots' evaluation (agencies), steered with the public's rate
        grass = root.find(".//k:indicator[@id='grassroots_evaluation']", NS)
        self.grass_slope = 0.0 if grass is None else \
            float(grass.get("points")) / (100 - float(grass.find("k:scoring", NS).get("floor", "0")))

    def add(self, field):
        if field not in self.fields:
            self.fields.append(field)

    def tier1_count(self, n):
        if self.tier1_share is not None:
            return int(self.tier1_share * n + 0.5)
        return self.tier_counts[0]


# --- target orders ------------------------------------------------------------------

# Cities, best first. 2018: 南京, 苏州, 无锡 (and 南通) in the first tier (4 cities).
# 2019: 南京, 苏州, 无锡, 南通 and 宿迁 (its first time) in the first tier (5).
# 2020: 常州 9 → 4 and 泰州 12 → 7 (+5 each; 泰州 the only one outside the first tier,
# so the only 争先进位奖); advancing: 苏州, 常州, 泰州, 盐城, 连云港 (five).
CITY_ORDER = {
    2018: ["suzhou", "nanjing", "wuxi", "nantong", "changzhou", "yangzhou", "zhenjiang",
           "xuzhou", "taizhou", "yancheng", "suqian", "huaian", "lianyungang"],
    2019: ["nanjing", "suzhou", "wuxi", "nantong", "suqian", "yangzhou", "xuzhou",
           "zhenjiang", "changzhou", "yancheng", "huaian", "taizhou", "lianyungang"],
    2020: ["suzhou", "nanjing", "wuxi", "changzhou", "nantong", "yangzhou", "taizhou",
           "suqian", "yancheng", "xuzhou", "zhenjiang", "lianyungang", "huaian"],
}

AGENCY_FAO = "agency-comp18"          # 省外办: a notable climber in 2020
UNI_SOOCHOW = "uni-r01"               # 苏州大学
UNI_NJUPT = "uni-r06"                 # 南京邮电大学
UNI_USTS = "uni-o09"                  # 苏州科技大学
COUNTY_YANGZHONG = "zhenjiang-yangzhong"


def rank_maps(order_by_group):
    """{group: [ids best first]} → {id: rank}"""
    ranks = {}
    for ids in order_by_group.values():
        for i, u in enumerate(ids, 1):
            ranks[u] = i
    return ranks


def move(ids, unit, position):
    ids.remove(unit)
    ids.insert(position - 1, unit)


def walk_orders(groups, rng, sd0, sd1, forced, start=None):
    """Seeded random walk of strengths (from @start, a persistent trait of each unit, when
    given) → {year: {group: [ids best first]}}."""
    strength = {u: start(u) if start else rng.gauss(0, 1) for ids in groups.values() for u in ids}
    orders = {}
    for year in YEARS:
        if year > YEARS[0]:
            for u in strength:
                strength[u] += rng.gauss(0, sd1)
        else:
            for u in strength:
                strength[u] += rng.gauss(0, sd0)
        orders[year] = {g: sorted(ids, key=lambda u: -strength[u]) for g, ids in groups.items()}
        for unit, group, position in forced.get(year, []):
            move(orders[year][group], unit, position)
            # keep the strength consistent with the forced place for the next year
            ids = orders[year][group]
            if position == 1:
                strength[unit] = strength[ids[1]] + 0.1
            elif position == len(ids):
                strength[unit] = strength[ids[-2]] - 0.1
            else:
                strength[unit] = (strength[ids[position - 2]] + strength[ids[position]]) / 2
    return orders


def outcome_counts(orders, groups, fws):
    """(advanced in the last year, first-time first tier in the last year)"""
    last, prev = YEARS[-1], YEARS[-2]
    r_last, r_prev = rank_maps(orders[last]), rank_maps(orders[prev])
    tier1 = {}
    for year in YEARS:
        tier1[year] = set()
        for g, ids in orders[year].items():
            tier1[year].update(ids[: fws[year].tier1_count(len(ids))])
    advanced = sum(1 for u in r_last if u in r_prev and r_prev[u] > r_last[u])
    first = tier1[last] - tier1[YEARS[0]] - tier1[YEARS[1]]
    return advanced, first, tier1


def agency_capacity(u):
    """An agency's capacity: a persistent standard normal of its own, where its walk of
    strengths starts and on which its development work loads (agency_values)."""
    return random.Random(f"{SEED}-capacity-{u}").gauss(0, 1)


def agency_orders(units, fws):
    groups = groups_of(units_of(units, "agency", 2020))
    for attempt in range(100000):
        rng = random.Random(SEED + attempt)
        forced = {2018: [(AGENCY_FAO, "comprehensive", 14)],
                  2019: [(AGENCY_FAO, "comprehensive", 15)],
                  2020: [(AGENCY_FAO, "comprehensive", 3)]}
        orders = walk_orders(groups, rng, 0.3, 0.42, forced, start=agency_capacity)
        advanced, first, _ = outcome_counts(orders, groups, fws)
        if advanced == 37 and len(first) == 7 and AGENCY_FAO in first:
            return orders
    sys.exit("no agency order found")


def uni_quality(u):
    """A university's quality: a persistent standard normal of its own, where its walk of
    strengths starts and on which its research and teaching load (university_values)."""
    return random.Random(f"{SEED}-quality-{u}").gauss(0, 1)


def university_orders(units, fws):
    groups = groups_of(units_of(units, "university", 2020))
    for attempt in range(100000):
        rng = random.Random(SEED + attempt)
        forced = {2019: [(UNI_SOOCHOW, "research_universities", 1),
                         (UNI_NJUPT, "research_universities", 8)],
                  2020: [(UNI_SOOCHOW, "research_universities", 2),
                         (UNI_NJUPT, "research_universities", 4),
                         (UNI_USTS, "other_undergraduate", 3)]}
        orders = walk_orders(groups, rng, 0.3, 0.42, forced, start=uni_quality)
        advanced, first, tier1 = outcome_counts(orders, groups, fws)
        if advanced == 30 and UNI_NJUPT in first:
            return orders
    sys.exit("no university order found")


# Rough standing of each city's counties (demonstration: south stronger than north).
CITY_STANDING = {"suzhou": 1.0, "wuxi": 0.95, "nanjing": 0.9, "changzhou": 0.85,
                 "zhenjiang": 0.7, "nantong": 0.72, "yangzhou": 0.62, "taizhou": 0.6,
                 "yancheng": 0.45, "xuzhou": 0.42, "huaian": 0.38, "lianyungang": 0.32,
                 "suqian": 0.3}


def county_orders(units):
    rng = random.Random(SEED)
    base = {}
    for u in units_of(units, "county", 2018) + units_of(units, "county", 2020):
        city = u["id"].split("-")[0]
        base.setdefault(u["id"], CITY_STANDING[city] + rng.gauss(0, 0.18))
    base[COUNTY_YANGZHONG] = 1.1   # 扬中: a 先进县 every year
    orders = {}
    for year in YEARS:
        ids = [u["id"] for u in units_of(units, "county", year)]
        for u in ids:
            base[u] += rng.gauss(0, 0.05)
        orders[year] = {"counties": sorted(ids, key=lambda u: -base[u])}
    return orders


# --- values -------------------------------------------------------------------------


PHI = statistics.NormalDist().cdf


class Gen:
    """Values from standard normal latent scores: each indicator's own noise, the unit's
    persistent factors and, for the assessed items only (or for every item where the
    unit's standing is itself the model, see SOURCES.md), its standing."""

    def __init__(self, rng, noise):
        self.rng = rng
        self.noise = noise   # scales the noise of the assessed items
        self.factors = {}
        self.momenta = {}

    def factor(self, unit, name):
        """A persistent standard normal of @unit (drawn once: the same every year)."""
        key = (unit, name)
        if key not in self.factors:
            self.factors[key] = self.rng.gauss(0, 1)
        return self.factors[key]

    def momentum(self, unit, year):
        """A standard normal per unit and year, AR(1) with 0.5 from year to year."""
        key = (unit, year)
        if key not in self.momenta:
            before = self.momenta.get((unit, year - 1))
            fresh = self.rng.gauss(0, 1)
            self.momenta[key] = fresh if before is None else 0.5 * before + 0.866 * fresh
        return self.momenta[key]

    def z(self, *terms):
        """A standard normal made of (loading, standard normal) terms and its own noise."""
        v = sum(w * f for w, f in terms)
        rest = max(0.0, 1 - sum(w * w for w, _ in terms))
        return v + math.sqrt(rest) * self.rng.gauss(0, 1)

    def scale(self, lo, hi, z, dec=1):
        """lo … hi by the normal quantile of z (lo > hi for lower-is-better)."""
        return round(lo + (hi - lo) * PHI(z), dec)

    def grade(self, z, cuts=(-1.6, -0.5, 0.35)):
        """优/良/中/差 as the codes 4/3/2/1"""
        return 1 + sum(1 for c in cuts if z >= c)

    def count(self, z, top):
        return max(0, int(round(top * PHI(z))))


def standing(s):
    """The place in the target order (s = 1 the best, 0 the last) as a z-score."""
    return (s - 0.5) * 3.4


# --- cities -------------------------------------------------------------------------
# GDP in 亿元, rounded to 0.1: 2020 as published in each city's 2020 statistical bulletin
# (国民经济和社会发展统计公报); 2018 and 2019 the bulletins' figures as recalled, NOT
# checked — demonstration figures of the right size (SOURCES.md).
CITY_GDP = {
    2018: {"nanjing": 12820.4, "wuxi": 11438.6, "xuzhou": 6755.2, "changzhou": 7050.3,
           "suzhou": 18597.5, "nantong": 8427.0, "lianyungang": 2771.7, "huaian": 3601.3,
           "yancheng": 5487.1, "yangzhou": 5466.2, "zhenjiang": 4050.0, "taizhou": 5107.6,
           "suqian": 2750.7},
    2019: {"nanjing": 14030.2, "wuxi": 11852.3, "xuzhou": 7151.4, "changzhou": 7400.9,
           "suzhou": 19235.8, "nantong": 9383.4, "lianyungang": 3139.3, "huaian": 3871.2,
           "yancheng": 5702.3, "yangzhou": 5850.1, "zhenjiang": 4127.3, "taizhou": 5133.4,
           "suqian": 3099.2},
    2020: {"nanjing": 14818.0, "wuxi": 12370.5, "xuzhou": 7319.8, "changzhou": 7805.3,
           "suzhou": 20170.5, "nantong": 10036.3, "lianyungang": 3277.1, "huaian": 4025.4,
           "yancheng": 5953.4, "yangzhou": 6048.3, "zhenjiang": 4220.1, "taizhou": 5312.7,
           "suqian": 3262.4},
}
# Resident population in 万人: the seventh census (2020) as published (江苏省第七次全国人口
# 普查公报（第二号）; they add up to the province's 8,474.8), the sixth (2010) as recalled,
# NOT checked; 2018 and 2019 are our geometric interpolation (SOURCES.md).
CITY_POP_2010 = {"nanjing": 800.5, "wuxi": 637.3, "xuzhou": 858.1, "changzhou": 459.2,
                 "suzhou": 1046.6, "nantong": 728.3, "lianyungang": 439.4, "huaian": 480.2,
                 "yancheng": 726.0, "yangzhou": 446.0, "zhenjiang": 311.3, "taizhou": 461.9,
                 "suqian": 471.9}
CITY_POP_2020 = {"nanjing": 931.5, "wuxi": 746.2, "xuzhou": 908.4, "changzhou": 527.8,
                 "suzhou": 1274.8, "nantong": 772.7, "lianyungang": 459.9, "huaian": 455.6,
                 "yancheng": 671.0, "yangzhou": 456.0, "zhenjiang": 321.0, "taizhou": 451.3,
                 "suqian": 498.6}
# INVENTED (order of magnitude only): 2020 general budget revenue (亿元), urbanisation (%)
# and R&D intensity (%) around the province's published figures (SOURCES.md), and each
# city's PM2.5 relative to the province's annual mean (48, 43, 38 μg/m³ in 2018–2020).
CITY_REVENUE_2020 = {"nanjing": 1638, "wuxi": 1075, "xuzhou": 500, "changzhou": 630,
                     "suzhou": 2303, "nantong": 620, "lianyungang": 251, "huaian": 262,
                     "yancheng": 400, "yangzhou": 338, "zhenjiang": 310, "taizhou": 378,
                     "suqian": 230}
CITY_URBAN_2020 = {"nanjing": 86.8, "wuxi": 82.8, "xuzhou": 65.8, "changzhou": 77.6,
                   "suzhou": 81.7, "nantong": 70.4, "lianyungang": 62.6, "huaian": 64.4,
                   "yancheng": 64.8, "yangzhou": 70.5, "zhenjiang": 75.5, "taizhou": 68.2,
                   "suqian": 61.0}
CITY_RD_2020 = {"nanjing": 3.40, "wuxi": 3.18, "xuzhou": 1.95, "changzhou": 3.05,
                "suzhou": 3.78, "nantong": 2.60, "lianyungang": 1.90, "huaian": 1.70,
                "yancheng": 1.80, "yangzhou": 2.30, "zhenjiang": 2.60, "taizhou": 2.45,
                "suqian": 1.60}
PROVINCE_PM25 = {2018: 48, 2019: 43, 2020: 38}
CITY_PM25_FACTOR = {"nanjing": 0.90, "wuxi": 0.93, "xuzhou": 1.17, "changzhou": 0.98,
                    "suzhou": 0.88, "nantong": 0.82, "lianyungang": 0.95, "huaian": 1.05,
                    "yancheng": 0.84, "yangzhou": 1.01, "zhenjiang": 1.03, "taizhou": 0.97,
                    "suqian": 1.12}
CITY_GDP_GROWTH = {2018: 6.7, 2019: 6.1, 2020: 3.7}   # the province's, per year
# Largest annual changes of the structural indicators (SOURCES.md).
URBAN_STEP = (0.6, 1.4)     # points a year
RD_STEP = (0.02, 0.12)      # points a year


def city_population(u, year):
    p10, p20 = CITY_POP_2010[u], CITY_POP_2020[u]
    return p20 * (p20 / p10) ** ((year - 2020) / 10)


def wealth(u):
    """The city's standardised log GDP per capita of 2020 (a fixed trait of the model)."""
    logs = {c: math.log(CITY_GDP[2020][c] / CITY_POP_2020[c]) for c in CITY_POP_2020}
    mean = statistics.fmean(logs.values())
    sd = statistics.pstdev(logs.values())
    return (logs[u] - mean) / sd


def city_values(g, year, u, s):
    pop = city_population(u, year)
    w = wealth(u)
    m = g.momentum(u, year)
    st = standing(s)
    d = {k: g.factor(u, k) for k in ("economy", "reform", "urban", "culture", "ecology", "livelihood")}
    step_u = URBAN_STEP[0] + (URBAN_STEP[1] - URBAN_STEP[0]) * PHI(g.factor(u, "urban_step"))
    step_r = RD_STEP[0] + (RD_STEP[1] - RD_STEP[0]) * PHI(g.factor(u, "rd_step"))
    pm25 = round(PROVINCE_PM25[year] * CITY_PM25_FACTOR[u] * (1 + 0.02 * g.rng.gauss(0, 1)))
    pm25_z = (CITY_PM25_FACTOR[u] - 1) / 0.11
    v = {
        "gdp": CITY_GDP[year][u],
        "population": round(pop, 1),
        "revenue": CITY_REVENUE_2020[u],
        "hospital_beds": int(round(pop * 10 * g.scale(5.2, 7.6, g.z((0.4, w), (0.5, d["livelihood"])), 2), -1)),
        "gdp_growth": round(CITY_GDP_GROWTH[year] + 1.1 * g.z((0.6, m), (0.4, d["economy"])), 1),
        "industrial_growth": g.scale(5.2, 9.8, g.z((0.5, m), (0.4, d["economy"]))),
        "high_tech_share": g.scale(36, 49, g.z((0.5, w), (0.4, d["economy"]))),
        "tax_share": g.scale(72, 86, g.z((0.45, w), (0.45, d["economy"]))),
        "rd_intensity": round(CITY_RD_2020[u] - step_r * (2020 - year) + g.rng.gauss(0, 0.03), 2),
        "foreign_trade_growth": round((5.0 if year < 2020 else 2.5) + 6.0 * g.z((0.35, m), (0.75, d["reform"])), 1),
        "utilized_fdi": round(CITY_GDP[year][u] / 330 * math.exp(0.3 * g.z((0.8, d["reform"]))), 2),
        # assessed: key reform tasks
        "reform_tasks": min(100.0, g.scale(90, 102, g.z((0.4, st), (0.7, d["reform"])))),
        "urbanization_rate": round(CITY_URBAN_2020[u] - step_u * (2020 - year) + g.rng.gauss(0, 0.1), 1),
        "rural_income_ratio": g.scale(2.30, 1.75, g.z((0.55, w), (0.5, d["urban"])), 2),
        "road_density": g.scale(125, 190, g.z((0.4, w), (0.55, d["urban"]))),
        "housing_quality": min(100.0, g.scale(85, 102, g.z((0.3, m), (0.6, d["urban"])))),
        "culture_industry_share": g.scale(4.0, 7.0, g.z((0.45, w), (0.75, d["culture"])), 2),
        "civilization_index": g.scale(70, 95, g.z((0.35, w), (0.75, d["culture"]))),
        "pm25": pm25,
        "good_air_days": round(g.scale(60, 80, g.z((-0.6, pm25_z), (0.45, d["ecology"])))
                               + {2018: 0, 2019: 2.5, 2020: 9}[year], 1),
        "water_quality": g.scale(70, 100, g.z((0.65, d["ecology"]))),
        "marine_protection": g.scale(60, 95, g.z((0.6, d["ecology"]))),
        # assessed: Yangtze protection key tasks
        "yangtze_protection": g.grade(g.z((0.45, st), (0.5, d["ecology"]))),
        "disposable_income_growth": g.scale(*{2018: (8.0, 9.4), 2019: (8.1, 9.5), 2020: (4.0, 6.0)}[year],
                                            g.z((0.5, m), (0.5, d["livelihood"]))),
        "urban_unemployment": g.scale(3.3, 1.85, g.z((0.3, w), (0.6, d["livelihood"])), 2),
        "poverty_alleviation": min(100.0, g.scale(90, 102, g.z((0.4, m), (0.55, d["livelihood"])))),
        # assessed: party building, the survey, highlights
        "party_building": g.grade(g.z((0.8, st)), (-1.8, -0.9, -0.2)),
        "public_satisfaction": g.scale(86, 95, g.z((0.7, st)), 2),
        "highlights": g.count(g.z((0.6, st)), 6),
        "major_incidents": 1 if g.rng.random() < 0.08 else 0,
    }
    return v


GRASSROOTS_DRAWS = {}   # (year, agency) → (its reputation, the year's noise of seed 0)


def grassroots(public, rep, noise):
    """The grassroots units' evaluation of an agency whose public rate is @public."""
    return round(min(99.5, max(50.0, GRASSROOTS_MEAN + GRASSROOTS_MOVE * (public - 90.5)
                               + GRASSROOTS_SD * (0.6 * rep + 0.8 * noise))), 2)


def realism_out(audit):
    """The realism figures of one group-year (tests/check-sample-realism.py, from its
    `kaohe-cli audit --format json`) that lie outside REALISM_BANDS: the median Spearman ρ
    of the indicators with the total, and Cronbach's α of every paper."""
    nodes = audit["nodes"]
    kind = {n["id"]: n["kind"] for n in nodes}
    total = [i for i, n in enumerate(nodes) if n["level"] == 0][0]
    out = []
    rho = statistics.median(audit["spearman"][total][i] for i, n in enumerate(nodes)
                            if n["kind"] == "indicator" and audit["spearman"][total][i] is not None)
    if not REALISM_BANDS["rho"][0] <= rho <= REALISM_BANDS["rho"][1]:
        out.append(f"median ρ {rho:.2f}")
    for d in audit["dimensions"]:
        if (len(d["items"]) < 2 or d["complete_units"] < 5
                or not all(kind.get(i) == "indicator" for i in d["items"])):
            continue
        if d["alpha"] is None or not REALISM_BANDS["alpha"][0] <= d["alpha"] <= REALISM_BANDS["alpha"][1]:
            out.append(f"{d['node']} α " + ("none" if d["alpha"] is None else f"{d['alpha']:.2f}"))
    return out


def redraw_grassroots(data, orders, seeds, audits):
    """After a converged calibration: the agency group-years with a realism figure out of
    REALISM_BANDS (@audits: (year, group) → its audit) get their grassroots' year noise
    drawn again with the next seed (@seeds: (year, group) → seed, 0 the first draw),
    around the calibrated public rate. Returns whether anything changed (the calibration
    then runs again)."""
    changed = False
    for year in YEARS:
        for group, ids in sorted(orders[year].items()):
            out = realism_out(audits[year, group])
            if not out:
                continue
            seed = seeds.get((year, group), 0) + 1
            if seed >= GRASSROOTS_SEEDS:
                sys.exit(f"agency {year} {group}: {', '.join(out)} with every seed")
            print(f"agency {year} {group}: {', '.join(out)}: grassroots' noise seed {seed}",
                  file=sys.stderr)
            seeds[year, group] = seed
            for u in ids:
                row = data[year][u]
                if row["grassroots_evaluation"] is None:
                    continue
                rep, _ = GRASSROOTS_DRAWS[year, u]
                noise = random.Random(f"{SEED}-grassroots-{year}-{u}-{seed}").gauss(0, 1)
                row["grassroots_evaluation"] = grassroots(row["public_satisfaction"], rep, noise)
            changed = True
    return changed


def agency_values(g, year, u, s):
    # No public figure exists for an agency: the model of an agency is its standing, a
    # seeded random walk of strengths (agency_orders), and a persistent factor per
    # paper; every indicator loads on them with its own noise (SOURCES.md).
    st = standing(s)
    dev = 0.5 * agency_capacity(u) + 0.87 * g.factor(u, "development")
    rep = g.factor(u, "reputation")
    public = g.scale(86, 95, g.z((0.7, st)), 2)
    v = {
        "key_tasks": min(100.0, g.scale(91, 102, g.z((0.45, st), (0.6, dev)))),
        "service_development": g.grade(g.z((0.4, st), (0.6, dev))),
        "law_based_administration": g.scale(70, 98, g.z((0.3, st), (0.7, dev))),
        "administrative_efficiency": g.scale(58, 97, g.z((0.3, st), (0.7, dev))),
        "reform_delegation": g.scale(55, 99, g.z((0.3, st), (0.7, dev))),
        "deep_reform_tasks": min(100.0, g.scale(89, 102, g.z((0.3, st), (0.7, dev)))),
        "safety_supervision": g.grade(g.z((0.3, st), (0.7, dev))),
        "party_building": g.grade(g.z((0.6, st))),
        "public_satisfaction": public,
    }
    # the grassroots' evaluation follows the public's rate (GRASSROOTS_MOVE points a
    # point, also when the calibration moves the rate) with an agency's own lasting
    # reputation among the grassroots units and the year's noise (drawn again by
    # redraw_grassroots where a group-year's realism figure is out of REALISM_BANDS)
    noise = g.rng.gauss(0, 1)
    GRASSROOTS_DRAWS[year, u] = (rep, noise)
    v["grassroots_evaluation"] = grassroots(public, rep, noise)
    v["highlights"] = g.count(g.z((0.5, st)), 5)
    v["paperwork_demands"] = 1 if g.rng.random() < 0.06 else 0
    return v


UNI_SCALE = {  # faculty, research funding per faculty (万元), discipline strength
    "research_universities": (2600, 5200, 14, 45, 2, 12),
    "other_undergraduate": (700, 1900, 4, 14, 0, 3),
    "vocational_high": (450, 1000, 1.2, 4.5, 0, 2),
    "vocational_other": (300, 800, 0.6, 2.5, 0, 1),
}


class UniversityState:
    """Sizes that persist from year to year (faculty, funding level; county population)."""

    def __init__(self):
        self.faculty = {}
        self.funding = {}
        self.growth = {}


def university_values(g, year, u, s, group, state):
    f_lo, f_hi, r_lo, r_hi, d_lo, d_hi = UNI_SCALE[group]
    # Research (res) and teaching (teach) both follow the institution's quality (q, where
    # its walk of strengths started): its indicators of development hang together.
    st = standing(s)
    q = uni_quality(u)
    res = 0.6 * q + 0.8 * g.factor(u, "research")
    teach = 0.6 * q + 0.8 * g.factor(u, "teaching")
    if u not in state.faculty:
        state.faculty[u] = round(f_lo + (f_hi - f_lo) * PHI(g.z((0.5, res))), -1)
        state.funding[u] = state.faculty[u] * (r_lo + (r_hi - r_lo) * PHI(g.z((0.8, res))))
    else:
        # faculty −1 … +3 % a year; research funding −4 … +16 % a year
        state.faculty[u] = round(state.faculty[u] * (0.99 + 0.04 * g.rng.random()), -1)
        state.funding[u] *= 0.96 + 0.20 * PHI(g.z((0.35, st), (0.3, res)))
    faculty = int(state.faculty[u])
    return {
        "faculty": faculty,
        "research_funding": int(round(state.funding[u])),
        "students": int(round(faculty * g.scale(17.5, 14.5, g.z((0.5, teach)), 2))),
        "graduate_employment": min(99.0, g.scale(87, 99, g.z((0.4, st), (0.5, teach)))),
        "discipline_strength": int(round(d_lo + (d_hi - d_lo) * PHI(g.z((0.4, st), (0.7, res))))),
        "teaching_awards": g.count(g.z((0.4, st), (0.55, teach)), 18),
        # assessed: industry service, party building, the survey, highlights
        "industry_service": g.grade(g.z((0.5, st), (0.3, res))),
        "party_building": g.grade(g.z((0.6, st))),
        "public_satisfaction": g.scale(86, 95, g.z((0.7, st)), 2),
        "highlights": g.count(g.z((0.5, st)), 5),
        "paperwork_demands": 1 if g.rng.random() < 0.06 else 0,
    }


def county_values(g, year, u, s, state):
    city = u.split("-")[0]
    st = standing(s)
    eco, econ, liv = g.factor(u, "ecology"), g.factor(u, "economy"), g.factor(u, "livelihood")
    if u not in state.faculty:
        # resident population, 万人: districts 40–120, county-level cities and counties
        # 60–170 (INVENTED: no county figure of the sample is a published one)
        lo, hi = (40, 120) if NAMES[u].endswith("区") else (60, 170)
        state.faculty[u] = lo + (hi - lo) * g.rng.random()
        # GDP per capita, 万元: after the city's (wealth) with a county factor of its own
        state.funding[u] = math.exp(math.log(CITY_GDP[2018][city] / city_population(city, 2018))
                                    + 0.35 * g.factor(u, "wealth"))
    else:
        state.funding[u] *= 1 + (state.growth[u] + g.rng.gauss(0, 0.5)) / 100
    pop = state.faculty[u] = round(state.faculty[u] * (0.995 + 0.015 * g.rng.random()), 1)
    growth = g.scale(*{2018: (4.8, 9.0), 2019: (4.3, 8.2), 2020: (1.3, 5.4)}[year],
                     g.z((0.4, st), (0.7, econ)))
    state.growth[u] = growth
    return {
        "gdp": round(pop * state.funding[u], 1),
        "population": pop,
        "gdp_growth": growth,
        "fixed_investment_growth": g.scale(-5, 12, g.z((0.35, st), (0.65, econ))),
        "county_revenue_growth": g.scale(-3.5, 12.5, g.z((0.35, st), (0.7, econ))),
        "pm25": round(PROVINCE_PM25[year] * CITY_PM25_FACTOR[city] - 2.5 * (0.8 * eco + 0.6 * g.factor(u, "pm25"))
                      + g.rng.gauss(0, 0.4), 1),
        "water_quality": g.scale(60, 100, g.z((0.25, st), (0.85, eco))),
        "rural_income_growth": g.scale(*{2018: (7.5, 9.5), 2019: (7.7, 9.5), 2020: (4.9, 7.5)}[year],
                                       g.z((0.35, st), (0.75, liv))),
        "public_safety": g.grade(g.z((0.35, st), (0.75, liv))),
        # assessed: party building, the survey, highlights
        "party_building": g.grade(g.z((0.6, st))),
        "public_satisfaction": g.scale(84, 95, g.z((0.7, st)), 2),
        "highlights": g.count(g.z((0.5, st)), 4),
    }



# A few values are missing, as in real returns: they are re-weighted by the engine.
MISSING = {
    ("city", 2018, "lianyungang", "utilized_fdi"),
    ("city", 2019, "huaian", "culture_industry_share"),
    ("agency", 2020, "agency-mass14", "grassroots_evaluation"),
    ("agency", 2019, "agency-soci12", "reform_delegation"),
    ("university", 2018, "uni-v18", "teaching_awards"),
    ("county", 2019, "xuzhou-jiawang", "water_quality"),
    ("county", 2020, "suqian-siyang", "water_quality"),
}


NAMES = {}   # unit id → Chinese name


def generate(category, units, orders, fws):
    """{year: {unit: {field: value}}}"""
    NAMES.update((u["id"], u["name_zh"]) for u in units)
    rng = random.Random(f"{SEED}-{category}")
    g = Gen(rng, NOISE[category])
    state = UniversityState()
    data = {}
    group_of = {u["id"]: u["group"] for u in units}
    for year in YEARS:
        data[year] = {}
        for group, ids in orders[year].items():
            n = len(ids)
            for i, u in enumerate(ids):
                s = 1 - i / (n - 1)
                if category == "city":
                    v = city_values(g, year, u, s)
                elif category == "agency":
                    v = agency_values(g, year, u, s)
                elif category == "university":
                    v = university_values(g, year, u, s, group_of[u], state)
                else:
                    v = county_values(g, year, u, s, state)
                row = {}
                for f in fws[year].fields:
                    row[f] = None if (category, year, u, f) in MISSING else v[f]
                data[year][u] = row
    return data


# --- files and the engine -----------------------------------------------------------


def fmt(value):
    if value is None:
        return ""
    if isinstance(value, int):
        return str(value)
    text = f"{value:.4f}".rstrip("0").rstrip(".")
    return text if text not in ("-0", "") else "0"


def write_csv(category, year, data, units, fw, directory):
    names = {u["id"]: u["name_zh"] for u in units}
    path = os.path.join(directory, f"{category}-{year}.csv")
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["unit", "name"] + fw.fields)
        for u in sorted(data[year]):
            w.writerow([u, names[u]] + [fmt(data[year][u][k]) for k in fw.fields])


def compute(cli, categories, directory):
    """{category: {year: {unit: row of kaohe-cli compute --format csv}}}"""
    with tempfile.TemporaryDirectory() as tmp:
        project = os.path.join(tmp, "jiangsu-sample.kaohe")
        subprocess.run(["sh", os.path.join(HERE, "build-sample.sh"), cli, project,
                        directory, FRAMEWORKS], check=True)
        results = {}
        for category in categories:
            results[category] = {}
            for year in YEARS:
                out = subprocess.run([cli, "compute", project, "--year", str(year),
                                      "--category", category], check=True,
                                     capture_output=True, text=True).stdout
                results[category][year] = {r["unit"]: r for r in csv.DictReader(out.splitlines())}
        return results


def compute_category(cli, category, directory, audits=None):
    """{year: {unit: row of kaohe-cli compute}} of one category, from a project holding
    only its frameworks and data (no survey: the calibration sets the rates the survey
    is then drawn to reproduce); with @audits, a dict, also each group-year's
    `kaohe-cli audit --format json` into it, by (year, group)."""
    with tempfile.TemporaryDirectory() as tmp:
        project = os.path.join(tmp, "calibrate.kaohe")
        quiet = {"check": True, "stdout": subprocess.DEVNULL}
        subprocess.run([cli, "new", project], **quiet)
        subprocess.run([cli, "import", project, "--units", os.path.join(directory, "units.csv")], **quiet)
        results = {}
        for year in YEARS:
            subprocess.run([cli, "import", project, "--year", str(year), "--framework",
                            os.path.join(FRAMEWORKS, f"jiangsu-{year}-{category}.xml")], **quiet)
            subprocess.run([cli, "import", project, "--year", str(year),
                            os.path.join(directory, f"{category}-{year}.csv")], **quiet)
            out = subprocess.run([cli, "compute", project, "--year", str(year), "--category",
                                  category], check=True, capture_output=True, text=True).stdout
            results[year] = {r["unit"]: r for r in csv.DictReader(out.splitlines())}
            for group in sorted({r["group"] for r in results[year].values()}) if audits is not None else ():
                audits[year, group] = json.loads(subprocess.run(
                    [cli, "audit", project, "--year", str(year), "--group", group, "--format", "json"],
                    check=True, capture_output=True, text=True).stdout)
        return results


def ordered_fit(values, gap):
    """The closest sequence (least squares) that falls by at least @gap at every step:
    with y_i = z_i + gap·(n − 1 − i) it is the non-increasing isotonic regression z of
    x_i − gap·(n − 1 − i), by pooling adjacent violators."""
    n = len(values)
    shifted = [x - gap * (n - 1 - i) for i, x in enumerate(values)]
    blocks = []  # [sum, count]
    for x in shifted:
        blocks.append([x, 1])
        while len(blocks) > 1 and blocks[-2][0] / blocks[-2][1] < blocks[-1][0] / blocks[-1][1]:
            total, count = blocks.pop()
            blocks[-1][0] += total
            blocks[-1][1] += count
    fit = []
    for total, count in blocks:
        fit += [total / count] * count
    return [z + gap * (n - 1 - i) for i, z in enumerate(fit)]


def fit_cost(ids, score):
    totals = [score[u] for u in ids]
    return sum((w - t) ** 2 for w, t in zip(ordered_fit(totals, MIN_GAP + 0.03), totals))


def city_outcomes_hold(orders):
    """The published outcomes (tests/test-sample.c) of the cities' orders."""
    o18, o19, o20 = (orders[y]["cities"] for y in YEARS)
    if not {"nanjing", "suzhou", "wuxi"} <= set(o18[:4]) or "suqian" in o18[:4]:
        return False
    if set(o19[:5]) != {"nanjing", "suzhou", "wuxi", "nantong", "suqian"}:
        return False
    if not {"nanjing", "suzhou", "wuxi", "changzhou"} <= set(o20[:5]):
        return False
    change = {u: o19.index(u) - o20.index(u) for u in o20}
    if "zhenjiang" not in o20[9:]:   # third tier in 2020 (tests/test-sample.c: its quota of 1)
        return False
    if change["changzhou"] != 5 or change["taizhou"] != 5 or o20.index("taizhou") < 5:
        return False
    if sum(1 for c in change.values() if c > 0) != 5:
        return False
    return all(change[u] < 5 for u in o20[5:] if u != "taizhou")


def choose_city_orders(orders, results):
    """The cities' target orders nearest to the totals the model gives (least squares of
    the calibration's steering) among those where the published outcomes hold: each year
    sorted by the model's totals, the places the outcomes fix then enforced, and the
    order below the 2020 first tier searched (720 orders)."""
    import itertools
    score = {y: {u: float(r["score"]) for u, r in results[y].items()} for y in YEARS}

    def by_model(y, ids):
        return sorted(ids, key=lambda u: -score[y][u])

    everyone = list(score[2018])
    o18 = by_model(2018, everyone)
    top = [u for u in o18 if u in ("nanjing", "suzhou", "wuxi")]
    rest = [u for u in o18 if u not in top and u != "suqian"]
    o18 = top + rest[:1] + by_model(2018, rest[1:] + ["suqian"])
    first = by_model(2019, ["nanjing", "suzhou", "wuxi", "nantong", "suqian"])
    others = by_model(2019, [u for u in everyone if u not in first + ["changzhou", "taizhou"]])
    o19 = first + others[:3] + ["changzhou"] + others[3:5] + ["taizhou"] + others[5:]
    best = None
    head = by_model(2020, [u for u in everyone if u not in ("changzhou", "taizhou")])
    for nj_sz_wx_first in (True,):
        lead = [u for u in head if u in ("nanjing", "suzhou", "wuxi")]
        pool = [u for u in head if u not in lead]
        for fifth in pool:
            tail_pool = [u for u in pool if u != fifth]
            for sixth in tail_pool:
                tail = [u for u in tail_pool if u != sixth]
                for perm in itertools.permutations(tail):
                    o20 = lead + ["changzhou", fifth, sixth, "taizhou"] + list(perm)
                    trial = {2018: {"cities": o18}, 2019: {"cities": o19}, 2020: {"cities": o20}}
                    if not city_outcomes_hold(trial):
                        continue
                    cost = fit_cost(o20, score[2020])
                    if best is None or cost < best[0]:
                        best = (cost, o20)
    if best is None:
        sys.exit("city: no order satisfies the published outcomes")
    for y, o in zip(YEARS, (o18, o19, best[1])):
        orders[y]["cities"][:] = o
        print(f"city {y} order: {' '.join(o)}", file=sys.stderr)


def calibrate(category, data, orders, fws, cli, directory, units):
    """Steers the assessed items until the totals follow the target orders: the
    satisfaction rate (scored absolutely, so it moves only its own unit's total) by the
    points missing; where the rate would leave SAT_RANGE, the party-building grade by one
    step, the key tasks by 2 points or the highlights by two items first (then the rate again in the next round).
    The agencies, once converged, have their grassroots' noise drawn again where a
    group-year's realism figure is out of REALISM_BANDS (redraw_grassroots), and are
    calibrated again."""
    seeds = {}   # the agencies' grassroots' noise seed per (year, group), redraw_grassroots
    for rounds in range(120):
        for year in YEARS:
            write_csv(category, year, data, units_of(units, category, year), fws[year], directory)
        results = compute_category(cli, category, directory)
        if rounds == 0 and category == "city":
            choose_city_orders(orders, results)
        if rounds == 0 and category == "county":
            # Counties need no particular order: keep the one the values give and only
            # open up the near ties.
            for year in YEARS:
                for ids in orders[year].values():
                    ids.sort(key=lambda u: -float(results[year][u]["score"]))
        if all(a - b >= MIN_GAP + 0.01
               for year in YEARS for ids in orders[year].values()
               for a, b in zip([float(results[year][u]["score"]) for u in ids],
                               [float(results[year][u]["score"]) for u in ids[1:]])):
            worst = 0.0
            break_early = True
        else:
            break_early = False
        worst = 0.0
        for year in YEARS:
            if break_early:
                break
            fw = fws[year]
            # points of the total per point of the public's rate (the grassroots' rate
            # moving with it, GRASSROOTS_MOVE points a point)
            slope = fw.sat_points / (100 - fw.sat_floor) + GRASSROOTS_MOVE * fw.grass_slope
            for group, ids in orders[year].items():
                totals = [float(results[year][u]["score"]) for u in ids]
                wanted = ordered_fit(totals, MIN_GAP + 0.03)
                if os.environ.get("KH_SAMPLE_DEBUG"):
                    print(category, year, group, rounds, " ".join(
                        f"{u.split('-')[-1][:6]}:{t:.1f}>{w:.1f}" for u, t, w in zip(ids, totals, wanted)),
                        file=sys.stderr)
                carry = 0.0   # what a unit above could not rise by: the ones below fall by it
                for u, have, want in zip(ids, totals, wanted):
                    delta = want - have - carry
                    worst = max(worst, abs(delta))
                    if os.environ.get("KH_SAMPLE_DEBUG") and abs(delta) > 0.02 and rounds > 30:
                        print(f"  {year} {u} {have} → {want:.3f}: {data[year][u]}", file=sys.stderr)
                    if abs(delta) <= 1e-9:
                        continue
                    row = data[year][u]
                    rate = row["public_satisfaction"] + delta / slope
                    if rate > SAT_RANGE[1]:
                        if row["party_building"] < 4:
                            row["party_building"] += 1
                            continue
                        if row.get("key_tasks") is not None and row["key_tasks"] < 99:
                            row["key_tasks"] = min(100.0, round(row["key_tasks"] + 2, 1))
                            continue
                        if row.get("highlights") is not None and row["highlights"] < 6:
                            row["highlights"] += 2
                            continue
                    elif rate < SAT_RANGE[0]:
                        if row["party_building"] > 1:
                            row["party_building"] -= 1
                            continue
                        if row.get("key_tasks") is not None and row["key_tasks"] > 86:
                            row["key_tasks"] = round(row["key_tasks"] - 2, 1)
                            continue
                        if row.get("highlights"):
                            row["highlights"] = max(0, row["highlights"] - 2)
                            continue
                    if rate > 99.5:
                        carry += (rate - 99.5) * slope
                    new_rate = round(min(99.5, max(SAT_FLOOR, rate)) + 0.004, 2)
                    if row.get("grassroots_evaluation") is not None:
                        # the grassroots' evaluation (an assessed survey too) moves with it
                        row["grassroots_evaluation"] = round(min(99.5, max(50.0, row["grassroots_evaluation"]
                            + GRASSROOTS_MOVE * (new_rate - row["public_satisfaction"]))), 2)
                    row["public_satisfaction"] = new_rate
        if os.environ.get("KH_SAMPLE_DEBUG"):
            print(f"{category} round {rounds}: worst {worst:.3f}", file=sys.stderr)
        if worst < 0.02:
            if category == "agency":
                audits = {}
                compute_category(cli, category, directory, audits)
                if redraw_grassroots(data, orders, seeds, audits):
                    continue
            for year in YEARS:
                for u, row in data[year].items():
                    if not SAT_FLOOR <= row["public_satisfaction"] <= 99.5:
                        sys.exit(f"{category} {year} {u}: satisfaction {row['public_satisfaction']}")
            return results
    sys.exit(f"{category}: calibration did not converge")


# --- checks -------------------------------------------------------------------------


def check(results_by_category, units):
    ok = True

    def expect(cond, text):
        nonlocal ok
        print(("  ok   " if cond else "  FAIL ") + text)
        ok = ok and cond

    for category, results in results_by_category.items():
        for year in YEARS:
            rows = list(results[year].values())
            scores = {}
            for r in rows:
                scores.setdefault(r["group"], []).append(float(r["score"]))
            gap = min(min(a - b for a, b in zip(sorted(s, reverse=True), sorted(s, reverse=True)[1:]))
                      for s in scores.values())
            print(f"{category} {year}: {len(rows)} units, smallest gap {gap:.3f}")
            expect(gap >= MIN_GAP - 1e-6, f"{category} {year}: no outcome hinges on a near tie")

    city = results_by_category["city"]
    tier1 = {y: {u for u, r in city[y].items() if r["tier"] == "1"} for y in YEARS}
    for y in YEARS:
        expect({"nanjing", "suzhou", "wuxi"} <= tier1[y], f"{y}: 南京, 苏州, 无锡 in the first tier")
    expect(tier1[2019] == {"nanjing", "suzhou", "wuxi", "nantong", "suqian"},
           "2019: first tier 南京 苏州 无锡 南通 宿迁")
    expect("suqian" not in tier1[2018], "2019 is 宿迁's first time")
    advanced = [u for u, r in city[2020].items() if r["rank_change"] and int(r["rank_change"]) > 0]
    expect(len(advanced) == 5, f"2020: 5 cities advanced ({len(advanced)})")
    cz, tz = city[2020]["changzhou"], city[2020]["taizhou"]
    expect(cz["rank_change"] == "5" and cz["tier"] == "1" and city[2019]["changzhou"]["tier"] != "1",
           "2020: 常州 +5 into the first tier")
    awarded = [u for u, r in city[2020].items() if "争先进位奖" in r["awards"]]
    expect(tz["rank_change"] == "5" and awarded == ["taizhou"], "2020: 泰州 +5, the only 争先进位奖")

    agency = results_by_category["agency"]
    adv = sum(1 for r in agency[2020].values() if r["rank_change"] and int(r["rank_change"]) > 0)
    expect(len(agency[2020]) == 99 and adv == 37, f"2020 agencies: 37 of 99 advanced ({adv})")
    first = {u for u, r in agency[2020].items() if r["tier"] == "1"
             and agency[2019][u]["tier"] != "1" and agency[2018][u]["tier"] != "1"}
    expect(len(first) == 7, f"2020 agencies: 7 first-time first tier ({len(first)})")
    expect(AGENCY_FAO in first, "2020: 省外办 among them")

    uni = results_by_category["university"]
    adv = sum(1 for r in uni[2020].values() if r["rank_change"] and int(r["rank_change"]) > 0)
    expect(len(uni[2020]) == 73 and adv == 30, f"2020 universities: 30 of 73 advanced ({adv})")
    expect(uni[2019][UNI_SOOCHOW]["tier"] == "1" and uni[2020][UNI_SOOCHOW]["tier"] == "1",
           "苏州大学 first tier 2019 and 2020")
    expect(uni[2020][UNI_USTS]["tier"] == "1", "苏州科技大学 first tier 2020")
    expect(uni[2020][UNI_NJUPT]["tier"] == "1" and uni[2019][UNI_NJUPT]["tier"] != "1",
           "南京邮电大学 into the first tier 2020")

    county = results_by_category["county"]
    quota = (3, 2, 1)
    for y in YEARS:
        n = quota[int(city[y]["zhenjiang"]["tier"]) - 1]
        zj = sorted((u for u in county[y] if u.startswith("zhenjiang-")),
                    key=lambda u: -float(county[y][u]["score"]))
        expect(COUNTY_YANGZHONG in zj[:n], f"{y}: 扬中市 recommended (镇江 tier quota {n})")
    expect(len(county[2018]) == 96 and len(county[2019]) == 96 and len(county[2020]) == 95,
           "counties: 96, 96, 95")
    return ok


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--cli", required=True, help="path of the built kaohe-cli")
    ap.add_argument("--check-only", action="store_true",
                    help="check the committed CSV files without regenerating them")
    ap.add_argument("--only", choices=CATEGORIES,
                    help="regenerate this category only (the others' files are kept)")
    args = ap.parse_args()
    cli = os.path.abspath(args.cli)
    units = read_units()
    fws = {c: {y: Framework(c, y) for y in YEARS} for c in CATEGORIES}
    results = {}
    if args.check_only:
        results = compute(cli, CATEGORIES, HERE)
    else:
        orders = {"city": {y: {"cities": CITY_ORDER[y]} for y in YEARS},
                  "agency": agency_orders(units, fws["agency"]),
                  "university": university_orders(units, fws["university"]),
                  "county": county_orders(units)}
        for c in CATEGORIES:
            if args.only and c != args.only:
                continue
            data = generate(c, [u for u in units if u["category"] == c], orders[c], fws[c])
            results[c] = calibrate(c, data, orders[c], fws[c], cli, HERE, units)
    if args.only:
        results = compute(cli, CATEGORIES, HERE)
    return 0 if check(results, units) else 1


if __name__ == "__main__":
    sys.exit(main())
