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
# How the values are made (deterministic, standard library only, fixed seed):
#  1. A target order per peer group and year is chosen so that the outcomes hold
#     (cities: written out below; agencies and universities: a seeded random walk of
#     strengths, drawn until the counts of advancing and first-time first-tier units
#     match; counties: a strength by city and county).
#  2. Every indicator value follows the unit's strength in that order plus modest
#     noise, on a realistic scale and in the framework's unit of measure.
#  3. The satisfaction survey rate (scored absolutely, so it moves only its own
#     unit's total) is then nudged, with the real engine in the loop, until the
#     computed totals follow the target order with a margin of at least MIN_GAP
#     points between neighbours. No rank, tier or award is stored anywhere: they
#     all follow from computing the values with the frameworks.
import argparse
import csv
import os
import random
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


def walk_orders(groups, rng, sd0, sd1, forced):
    """Seeded random walk of strengths → {year: {group: [ids best first]}}."""
    strength = {u: rng.gauss(0, 1) for ids in groups.values() for u in ids}
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


def agency_orders(units, fws):
    groups = groups_of(units_of(units, "agency", 2020))
    for attempt in range(100000):
        rng = random.Random(SEED + attempt)
        forced = {2018: [(AGENCY_FAO, "comprehensive", 14)],
                  2019: [(AGENCY_FAO, "comprehensive", 15)],
                  2020: [(AGENCY_FAO, "comprehensive", 3)]}
        orders = walk_orders(groups, rng, 0.3, 0.42, forced)
        advanced, first, _ = outcome_counts(orders, groups, fws)
        if advanced == 37 and len(first) == 7 and AGENCY_FAO in first:
            return orders
    sys.exit("no agency order found")


def university_orders(units, fws):
    groups = groups_of(units_of(units, "university", 2020))
    for attempt in range(100000):
        rng = random.Random(SEED + attempt)
        forced = {2019: [(UNI_SOOCHOW, "research_universities", 1),
                         (UNI_NJUPT, "research_universities", 8)],
                  2020: [(UNI_SOOCHOW, "research_universities", 2),
                         (UNI_NJUPT, "research_universities", 4),
                         (UNI_USTS, "other_undergraduate", 3)]}
        orders = walk_orders(groups, rng, 0.3, 0.42, forced)
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


class Gen:
    """Values from a strength s in [0, 1] (1 the best of the group) plus noise."""

    def __init__(self, rng, noise):
        self.rng = rng
        self.noise = noise   # scales every noise term of the category

    def jitter(self, sd):
        return self.rng.gauss(0, sd * self.noise)

    def lin(self, lo, hi, s, noise=0.12, dec=1):
        """lo at strength 0, hi at strength 1 (lo > hi for lower-is-better)"""
        t = min(1.0, max(0.0, s + self.jitter(noise)))
        return round(lo + (hi - lo) * t, dec)

    def grade(self, s, cuts=(-0.05, 0.3, 0.62), noise=0.1):
        """优/良/中/差 as the codes 4/3/2/1"""
        t = s + self.jitter(noise)
        return 1 + sum(1 for c in cuts if t >= c)

    def count(self, s, top, noise=0.15):
        return max(0, int(round(top * min(1.0, max(0.0, s + self.jitter(noise))))))


# Cities: orders of magnitude after the published 2018–2020 statistics (rounded,
# demonstration values). GDP 2020 in 亿元, resident population in 万人, general budget
# revenue 2020 in 亿元, PM2.5 annual means in μg/m³ by year.
CITY_GDP_2020 = {"nanjing": 14800, "wuxi": 12370, "xuzhou": 7320, "changzhou": 7805,
                 "suzhou": 20170, "nantong": 10036, "lianyungang": 3277, "huaian": 4025,
                 "yancheng": 5953, "yangzhou": 6048, "zhenjiang": 4220, "taizhou": 5313,
                 "suqian": 3262}
CITY_POPULATION = {"nanjing": 932, "wuxi": 746, "xuzhou": 908, "changzhou": 528,
                   "suzhou": 1275, "nantong": 773, "lianyungang": 460, "huaian": 456,
                   "yancheng": 671, "yangzhou": 456, "zhenjiang": 321, "taizhou": 451,
                   "suqian": 499}
CITY_REVENUE_2020 = {"nanjing": 1638, "wuxi": 1075, "xuzhou": 500, "changzhou": 630,
                     "suzhou": 2303, "nantong": 620, "lianyungang": 251, "huaian": 262,
                     "yancheng": 400, "yangzhou": 338, "zhenjiang": 310, "taizhou": 378,
                     "suqian": 230}
CITY_PM25 = {
    2018: {"nanjing": 43, "wuxi": 43, "xuzhou": 56, "changzhou": 48, "suzhou": 42,
           "nantong": 39, "lianyungang": 45, "huaian": 48, "yancheng": 42, "yangzhou": 48,
           "zhenjiang": 49, "taizhou": 46, "suqian": 53},
    2019: {"nanjing": 40, "wuxi": 41, "xuzhou": 52, "changzhou": 45, "suzhou": 39,
           "nantong": 36, "lianyungang": 42, "huaian": 46, "yancheng": 37, "yangzhou": 44,
           "zhenjiang": 44, "taizhou": 41, "suqian": 44},
    2020: {"nanjing": 31, "wuxi": 33, "xuzhou": 43, "changzhou": 37, "suzhou": 31,
           "nantong": 29, "lianyungang": 35, "huaian": 39, "yancheng": 29, "yangzhou": 36,
           "zhenjiang": 37, "taizhou": 35, "suqian": 42},
}
CITY_GDP_GROWTH = {2018: 6.7, 2019: 6.1, 2020: 3.7}


def city_values(g, year, u, s):
    pop = CITY_POPULATION[u] * {2018: 0.985, 2019: 0.992, 2020: 1.0}[year]
    gdp = CITY_GDP_2020[u] / {2018: 1.13, 2019: 1.04, 2020: 1.0}[year]
    v = {
        "gdp": round(gdp * g.lin(0.99, 1.01, 0.5, 0.3, 4), 1),
        "population": round(pop, 1),
        "revenue": round(CITY_REVENUE_2020[u] * g.lin(0.98, 1.02, 0.5, 0.3, 4), 1),
        "hospital_beds": int(round(pop * 10 * g.lin(5.4, 7.4, s, 0.2, 2), -1)),
        "gdp_growth": g.lin(CITY_GDP_GROWTH[year] - 1.3, CITY_GDP_GROWTH[year] + 1.2, s),
        "industrial_growth": g.lin(5.2, 9.8, s),
        "high_tech_share": g.lin(36, 49, s),
        "tax_share": g.lin(74, 86, s),
        "rd_intensity": g.lin(1.65, 3.15, s, 0.15, 2),
        "foreign_trade_growth": g.lin(-3.5, 12.5, s, 0.2) if year < 2020 else g.lin(-4.5, 9.5, s, 0.2),
        "utilized_fdi": round(CITY_GDP_2020[u] / 330 * g.lin(0.7, 1.3, s, 0.2, 3), 2),
        "reform_tasks": min(100.0, g.lin(91, 101, s, 0.15)),
        "urbanization_rate": g.lin(60.5, 83.5, s, 0.15),
        "rural_income_ratio": g.lin(2.25, 1.78, s, 0.15, 2),
        "road_density": g.lin(128, 186, s, 0.2),
        "housing_quality": min(100.0, g.lin(86, 101, s)),
        "culture_industry_share": g.lin(4.1, 6.9, s, 0.15, 2),
        "civilization_index": g.lin(72, 94, s),
        "pm25": CITY_PM25[year][u],
        "good_air_days": g.lin(62, 78, s, 0.15) + {2018: 0, 2019: 2.5, 2020: 9}[year],
        "water_quality": g.lin(72, 100, s, 0.2),
        "marine_protection": g.lin(62, 94, s),
        "yangtze_protection": g.grade(s, (0.1, 0.35, 0.6)),
        "disposable_income_growth": g.lin(*{2018: (8.2, 9.3), 2019: (8.3, 9.4), 2020: (4.2, 5.9)}[year], s),
        "urban_unemployment": g.lin(3.25, 1.9, s, 0.2, 2),
        "poverty_alleviation": min(100.0, g.lin(92, 101, s)),
        "party_building": 4 if s > 0.3 else 3,
        "public_satisfaction": g.lin(86, 95, s, 0.05, 2),
        "highlights": g.count(s, 6),
        "major_incidents": 1 if g.rng.random() < 0.1 * (1 - s) else 0,
    }
    return v


def agency_values(g, year, u, s):
    return {
        "key_tasks": min(100.0, g.lin(93, 101, s)),
        "service_development": g.grade(s),
        "law_based_administration": g.lin(72, 97, s, 0.15),
        "administrative_efficiency": g.lin(60, 96, s, 0.15),
        "reform_delegation": g.lin(55, 99, s, 0.15),
        "deep_reform_tasks": min(100.0, g.lin(90, 101, s)),
        "safety_supervision": g.grade(s),
        "party_building": g.grade(s, (0.0, 0.12, 0.4), 0.08),
        "public_satisfaction": g.lin(86, 95, s, 0.05, 2),
        "grassroots_evaluation": g.lin(80, 95, s, 0.1, 2),
        "highlights": g.count(s, 5),
        "paperwork_demands": 1 if g.rng.random() < 0.1 * (1 - s) else 0,
    }


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


def university_values(g, year, u, s, group, state):
    f_lo, f_hi, r_lo, r_hi, d_lo, d_hi = UNI_SCALE[group]
    if u not in state.faculty:
        state.faculty[u] = g.lin(f_lo, f_hi, s, 0.3, -1)
        state.funding[u] = state.faculty[u] * g.lin(r_lo, r_hi, s, 0.15, 2)
    else:
        state.faculty[u] = round(state.faculty[u] * g.lin(0.99, 1.03, 0.5, 0.3, 4), -1)
        # research growth follows this year's strength: −4 % … +22 %
        state.funding[u] = state.funding[u] * g.lin(0.96, 1.22, s, 0.12, 4)
    faculty = int(state.faculty[u])
    return {
        "faculty": faculty,
        "research_funding": int(round(state.funding[u])),
        "students": int(round(faculty * g.lin(14.5, 17.5, s, 0.3, 2))),
        "graduate_employment": min(99.0, g.lin(88, 98, s)),
        "discipline_strength": int(round(g.lin(d_lo, d_hi, s, 0.12, 2))),
        "teaching_awards": g.count(s, 18),
        "industry_service": g.grade(s),
        "party_building": g.grade(s, (0.0, 0.12, 0.4), 0.08),
        "public_satisfaction": g.lin(86, 95, s, 0.05, 2),
        "highlights": g.count(s, 5),
        "paperwork_demands": 1 if g.rng.random() < 0.1 * (1 - s) else 0,
    }


def county_values(g, year, u, s, state):
    city = u.split("-")[0]
    c = CITY_STANDING[city]
    if u not in state.faculty:
        # resident population, 万人: districts 40–120, county-level cities and counties
        # 60–170 (the sample's county-level units have no published figures here)
        lo, hi = (40, 120) if NAMES[u].endswith("区") else (60, 170)
        state.faculty[u] = g.lin(lo, hi, 0.5, 0.35, 1)
    pop = state.faculty[u] = round(state.faculty[u] * g.lin(0.995, 1.01, 0.5, 0.3, 4), 1)
    return {
        "gdp": round(pop * g.lin(4, 19, 0.6 * c + 0.4 * s, 0.1, 2), 1),
        "population": pop,
        "gdp_growth": g.lin(*{2018: (5.0, 8.8), 2019: (4.5, 8.0), 2020: (1.5, 5.2)}[year], s),
        "fixed_investment_growth": g.lin(-4.5, 11.5, s, 0.2),
        "county_revenue_growth": g.lin(-3, 12, s, 0.2),
        "pm25": round(CITY_PM25[year][city] + g.rng.gauss(0, 1.5), 1),
        "water_quality": g.lin(62, 100, s, 0.2),
        "rural_income_growth": g.lin(*{2018: (7.6, 9.4), 2019: (7.8, 9.4), 2020: (5.0, 7.4)}[year], s),
        "public_safety": g.grade(s),
        "party_building": g.grade(s, (0.0, 0.1, 0.35), 0.08),
        "public_satisfaction": g.lin(84, 95, s, 0.05, 2),
        "highlights": g.count(s, 4),
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


def calibrate(category, data, orders, fws, cli, directory, units):
    """Nudges the satisfaction rates until the totals follow the target orders."""
    for rounds in range(12):
        for year in YEARS:
            write_csv(category, year, data, units_of(units, category, year), fws[year], directory)
        results = compute(cli, [category], directory)[category]
        if rounds == 0 and category == "county":
            # Counties need no particular order: keep the one the values give (PM2.5
            # follows the city, not the strength) and only open up the near ties.
            for year in YEARS:
                for ids in orders[year].values():
                    ids.sort(key=lambda u: -float(results[year][u]["score"]))
        worst = 0.0
        for year in YEARS:
            fw = fws[year]
            slope = fw.sat_points / (100 - fw.sat_floor)
            for group, ids in orders[year].items():
                totals = [float(results[year][u]["score"]) for u in ids]
                wanted = ordered_fit(totals, MIN_GAP + 0.03)
                for u, have, want in zip(ids, totals, wanted):
                    delta = want - have
                    worst = max(worst, abs(delta))
                    if abs(delta) > 1e-9:
                        rate = data[year][u]["public_satisfaction"] + delta / slope
                        if rate > 99.5 or rate < 70:
                            sys.exit(f"{category} {year} {u}: satisfaction {rate:.2f} out of range")
                        data[year][u]["public_satisfaction"] = round(rate + 0.004, 2)
        if worst < 0.02:
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
            data = generate(c, [u for u in units if u["category"] == c], orders[c], fws[c])
            results[c] = calibrate(c, data, orders[c], fws[c], cli, HERE, units)
    return 0 if check(results, units) else 1


if __name__ == "__main__":
    sys.exit(main())
