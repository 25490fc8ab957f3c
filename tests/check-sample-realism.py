#!/usr/bin/env python3
# check-sample-realism.py — how realistic the Jiangsu sample's values are
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
#   check-sample-realism.py KAOHE_CLI PROJECT [--report]
#
# Measures, on the built sample (data/samples/jiangsu-sample.kaohe) and only through
# kaohe-cli (audit, export --data, sensitivity), the figures issue 21 sets as realism
# targets, and fails when one is out of its range:
#
#   1. Within every peer group and year, the median over the indicators of Spearman's ρ
#      between the indicator's score and the total (kaohe-cli audit, level 0 row) lies
#      in [0.3, 0.7]: indicators neither all track the ranking (the old sample: 0.96)
#      nor ignore it.
#   2. Cronbach's α of every node whose children are indicators (the cities' and
#      counties' dimensions; the papers of agencies and universities, which have no
#      dimensions), with at least 5 complete units, lies in [0.5, 0.9].
#   3. The structural indicators persist: Spearman's ρ of the raw values of one year with
#      the next (units present in both, within the category; within the peer group for
#      universities) is at least 0.9 — cities: GDP per capita (gdp / population),
#      population, urbanisation, R&D intensity, PM2.5; counties: GDP per capita,
#      population, PM2.5; universities: faculty, research funding per faculty.
#   4. Under every weight ± 25 % (kaohe-cli sensitivity, 1,000 runs, seed 1) at least
#      four cities have a 5–95 % rank interval wider than one place (p95 > p05) in each
#      year (the sample built backwards from the ranking: none in 2018 and 2019).
#
# Targets 1 and 2 are asserted for every category (every group is large enough for a
# median and for α: 10 to 95 units), the agencies' too: their satisfaction papers (two
# surveys, public_satisfaction and grassroots_evaluation) are held in range by the
# grassroots' evaluation, an assessed item that make-sample.py steers towards these
# figures (redraw_grassroots; see data/samples/SOURCES.md). Target 3 applies to the
# categories with structural indicators (the agencies have none), target 4 to the
# cities, as issue 21 sets it.
#
# Spearman's ρ here is Pearson's r of the ranks, ties given their mean rank (as the
# audit computes it). --report prints every figure without failing (the "before" and
# "after" figures of SOURCES.md).
import csv
import io
import json
import statistics
import subprocess
import sys

YEARS = (2018, 2019, 2020)
CATEGORIES = ("city", "county", "agency", "university")
SPEARMAN_RANGE = (0.3, 0.7)
ALPHA_RANGE = (0.5, 0.9)
ALPHA_MIN_UNITS = 5
YOY_MIN = 0.9
INTERVAL_MIN_CITIES = 4
STRUCTURAL = {
    "city": ("gdp_per_capita", "population", "urbanization_rate", "rd_intensity", "pm25"),
    "county": ("gdp_per_capita", "population", "pm25"),
    "university": ("faculty", "research_per_faculty"),
}


def run(cli, *args):
    out = subprocess.run([cli, *args], capture_output=True, text=True)
    if out.returncode != 0:
        sys.exit(f"kaohe-cli {' '.join(args)} failed ({out.returncode}): {out.stderr}")
    return out.stdout


def ranks(xs):
    order = sorted(range(len(xs)), key=lambda i: xs[i])
    r = [0.0] * len(xs)
    i = 0
    while i < len(order):
        j = i
        while j + 1 < len(order) and xs[order[j + 1]] == xs[order[i]]:
            j += 1
        for k in range(i, j + 1):
            r[order[k]] = (i + j) / 2 + 1
        i = j + 1
    return r


def spearman(xs, ys):
    rx, ry = ranks(xs), ranks(ys)
    mx, my = statistics.fmean(rx), statistics.fmean(ry)
    sxy = sum((a - mx) * (b - my) for a, b in zip(rx, ry))
    sxx = sum((a - mx) ** 2 for a in rx)
    syy = sum((b - my) ** 2 for b in ry)
    return sxy / (sxx * syy) ** 0.5


def groups_of(cli, project, category, year):
    out = run(cli, "compute", project, "--year", str(year), "--category", category,
              "--format", "csv")
    groups = {}
    for row in csv.DictReader(io.StringIO(out)):
        groups.setdefault(row["group"], []).append(row["unit"])
    return groups


def data_of(cli, project, year, tmp):
    path = f"{tmp}/data-{year}.csv"
    run(cli, "export", project, "--year", str(year), "--data", "-o", path)
    with open(path, encoding="utf-8") as f:
        rows = {r["unit"]: r for r in csv.DictReader(f)}
    for r in rows.values():
        for k, v in list(r.items()):
            try:
                r[k] = float(v) if v not in ("", None) else None
            except ValueError:
                pass
        if r.get("gdp") and r.get("population"):
            r["gdp_per_capita"] = r["gdp"] / r["population"]
        if r.get("research_funding") and r.get("faculty"):
            r["research_per_faculty"] = r["research_funding"] / r["faculty"]
    return rows


def main():
    import tempfile
    cli, project = sys.argv[1], sys.argv[2]
    report = "--report" in sys.argv[3:]
    failures = []

    def judge(ok, text):
        print(("  ok   " if ok else "  OUT  ") + text)
        if not ok:
            failures.append(text)

    print("1. median Spearman ρ of an indicator with the total; 2. Cronbach's α")
    groups = {}
    for category in CATEGORIES:
        for year in YEARS:
            groups[category, year] = groups_of(cli, project, category, year)
            for group in sorted(groups[category, year]):
                audit = json.loads(run(cli, "audit", project, "--year", str(year), "--group",
                                       group, "--format", "json"))
                nodes = audit["nodes"]
                kind = {n["id"]: n["kind"] for n in nodes}
                total = [i for i, n in enumerate(nodes) if n["level"] == 0][0]
                rhos = [audit["spearman"][total][i] for i, n in enumerate(nodes)
                        if n["kind"] == "indicator" and audit["spearman"][total][i] is not None]
                med = statistics.median(rhos)
                judge(SPEARMAN_RANGE[0] <= med <= SPEARMAN_RANGE[1],
                      f"{category} {year} {group}: median ρ {med:.2f} over {len(rhos)} indicators")
                for d in audit["dimensions"]:
                    if not all(kind.get(i) == "indicator" for i in d["items"]):
                        continue
                    if len(d["items"]) < 2 or d["complete_units"] < ALPHA_MIN_UNITS:
                        continue
                    a = d["alpha"]
                    judge(a is not None and ALPHA_RANGE[0] <= a <= ALPHA_RANGE[1],
                          f"{category} {year} {group} {d['node']}: α {a:.2f} "
                          f"({len(d['items'])} items, {d['complete_units']} units)")

    print("3. year-over-year Spearman ρ of the structural indicators")
    with tempfile.TemporaryDirectory() as tmp:
        data = {y: data_of(cli, project, y, tmp) for y in YEARS}
    for category, fields in STRUCTURAL.items():
        for y0, y1 in zip(YEARS, YEARS[1:]):
            sets = groups[category, y1].values() if category == "university" else \
                [[u for ids in groups[category, y1].values() for u in ids]]
            for field in fields:
                worst = 1.0
                for ids in sets:
                    both = [u for u in ids if u in data[y0] and data[y0][u].get(field) is not None
                            and data[y1][u].get(field) is not None]
                    rho = spearman([data[y0][u][field] for u in both],
                                   [data[y1][u][field] for u in both])
                    worst = min(worst, rho)
                judge(worst >= YOY_MIN, f"{category} {field} {y0}→{y1}: ρ {worst:.3f}")

    print("4. cities' 5–95 % rank intervals under every weight ± 25 %")
    for year in YEARS:
        out = run(cli, "sensitivity", project, "--year", str(year), "--category", "city",
                  "--runs", "1000", "--seed", "1", "--threads", "1")
        wide = []
        for row in csv.DictReader(io.StringIO(out)):
            if row["unit"] != "*" and int(row["p95"]) > int(row["p05"]):
                wide.append(f"{row['unit']} {row['p05']}–{row['p95']}")
        judge(len(wide) >= INTERVAL_MIN_CITIES,
              f"city {year}: {len(wide)} cities with an interval wider than one place ({', '.join(wide)})")

    if failures and not report:
        print(f"{len(failures)} figures out of range", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
