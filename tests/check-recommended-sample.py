#!/usr/bin/env python3
# check-recommended-sample.py — the sample's 2020 "321" list (先进县), derived here
# independently and compared with `kaohe-cli compute --recommended`
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage: check-recommended-sample.py KAOHE_CLI SAMPLE.kaohe UNITS.csv [PDFTOTEXT]
#
# The derivation uses only the cities' and counties' results as `kaohe-cli compute`
# prints them, the bundled 2020 city framework's rule as data/schema/README.md states it
# (counts 3 2 1 by the city's tier; eligible: ranked counties of the first two tiers) and
# the counties' parents from units.csv (the units of 2020: 港闸区 and 海门市 ended in 2019).
# Per city: its eligible counties by rank; the first `quota` of them, unless the county
# at the cut shares its rank with the last one taken (then none of that rank). Nothing of
# the sample's figures is written here, so the check holds when the sample's values
# change. It also checks that 2018 and 2019 have no rule (the bundled frameworks carry
# the quota from 2020). With PDFTOTEXT, the annual report of 2020 (the cities' sections)
# prints the same list: its caption with the count, then the counties in rank order.
import csv
import io
import os
import subprocess
import sys
import tempfile


def run(*args):
    result = subprocess.run(args, capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit(f"{' '.join(args)}: exit {result.returncode}: {result.stderr}")
    return result.stdout


def main():
    cli, project, units_csv = sys.argv[1:4]

    def compute(category):
        out = run(cli, "compute", project, "--year", "2020", "--category", category)
        return {row["unit"]: row for row in csv.DictReader(io.StringIO(out))}

    cities = compute("city")
    counties = compute("county")
    parent = {}
    with open(units_csv, encoding="utf-8") as f:
        for row in csv.DictReader(f):
            if row["category"] != "county":
                continue
            if row["until_year"] and int(row["until_year"]) < 2020:
                continue
            if row["from_year"] and int(row["from_year"]) > 2020:
                continue
            parent[row["id"]] = row["parent"]
    if set(parent) != set(counties):
        sys.exit(f"units.csv and compute disagree on the counties of 2020: "
                 f"{sorted(set(parent) ^ set(counties))}")

    quota_by_tier = {1: 3, 2: 2, 3: 1}
    expected = {}  # city -> (accepted ids, tied ids)
    for city, row in cities.items():
        quota = quota_by_tier.get(int(row["tier"]), 0) if row["tier"] else 0
        eligible = sorted(
            (int(c["rank"]), cid) for cid, c in counties.items()
            if parent[cid] == city and c["rank"] and c["tier"] and int(c["tier"]) <= 2)
        if len(eligible) <= quota:
            expected[city] = ([cid for _, cid in eligible], [])
            continue
        cut = eligible[quota][0]
        if quota > 0 and eligible[quota - 1][0] == cut:
            taken = [cid for rank, cid in eligible[:quota] if rank != cut]
            tied = [cid for rank, cid in eligible if rank == cut]
            expected[city] = (taken, tied)
        else:
            expected[city] = ([cid for _, cid in eligible[:quota]], [])

    out = run(cli, "compute", project, "--year", "2020", "--recommended")
    got = {city: ([], []) for city in cities}
    counts = {}
    for row in csv.DictReader(io.StringIO(out)):
        if row["quota"] != "county_quota_321":
            sys.exit(f"unexpected quota {row['quota']}")
        counts[row["parent"]] = int(row["count"])
        if row["selection"] != "rank":
            sys.exit(f"{row['parent']}: selection {row['selection']}, expected rank")
        if not row["unit"]:
            continue
        if row["status"] == "accepted":
            got[row["parent"]][0].append(row["unit"])
        elif row["status"] == "tied":
            got[row["parent"]][1].append(row["unit"])
        else:
            sys.exit(f"unexpected status {row['status']} in {row}")
    for city, row in cities.items():
        want = quota_by_tier.get(int(row["tier"]), 0) if row["tier"] else 0
        if counts.get(city) != want:
            sys.exit(f"{city}: quota {counts.get(city)}, expected {want}")
    if got != expected:
        sys.exit(f"recommended:\n{got}\nexpected:\n{expected}")

    n = sum(len(a) for a, _ in expected.values())
    # Five cities in the first tier (published): the list cannot be nearly empty.
    if n < 5:
        sys.exit(f"only {n} counties recommended")

    for year in ("2018", "2019"):
        earlier = run(cli, "compute", project, "--year", year, "--recommended")
        if earlier.strip().count("\n") != 0:
            sys.exit(f"{year} has recommendations:\n{earlier}")

    if len(sys.argv) > 4:
        check_report(cli, project, sys.argv[4], expected, counties)

    print(f"ok: {n} 先进县 of 13 cities, "
          f"{sum(len(t) for _, t in expected.values())} tied")


def check_report(cli, project, pdftotext, expected, counties):
    """The annual report's list: after its caption, the counties by rank, in order."""
    with tempfile.TemporaryDirectory() as tmp:
        pdf = os.path.join(tmp, "annual.pdf")
        run(cli, "report", project, "--year", "2020", "--category", "city", "--lang", "zh_CN",
            "-o", pdf)
        text = run(pdftotext, pdf, "-")
    ids = sorted((int(counties[c]["rank"]), c) for taken, _ in expected.values() for c in taken)
    caption = f"{len(ids)} units recommended, by rank"
    at = text.find(caption)
    if at < 0:
        sys.exit(f"the report has no “{caption}”:\n{text}")
    for rank, cid in ids:
        name = counties[cid]["name"]
        found = text.find(name, at)
        if found < 0:
            sys.exit(f"the report's list lacks {name} (rank {rank}) in order:\n{text[at:]}")
        at = found + len(name)


if __name__ == "__main__":
    main()
