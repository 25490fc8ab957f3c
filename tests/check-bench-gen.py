#!/usr/bin/env python3
# check-bench-gen.py — a project written by kh-bench-gen makes an annual report and a bump
# chart (issue 22)
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage: check-bench-gen.py KAOHE_CLI KH_BENCH_GEN
#
# Builds a small project as tests/bench/kh-bench-scale builds its large ones: kh-bench-gen's
# files, the units from the first year's CSV (one category, "synthetic"), each year's
# framework (the generated one with its year changed) and data imported with kaohe-cli.
# Then `kaohe-cli report` and `kaohe-cli chart --type bump` must succeed and write their
# files: the generator once wrote a "321" quota rule naming a category ("county") the
# project does not hold, and both refused every generated project.
import csv
import os
import subprocess
import sys
import tempfile

FIRST, LAST = 2019, 2020


def run(*args):
    result = subprocess.run(args, capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit(f"{' '.join(args)}: exit {result.returncode}: {result.stderr}")
    return result.stdout


def main():
    cli, gen = sys.argv[1:3]
    os.environ.setdefault("KAOHE_USER", "bench")
    with tempfile.TemporaryDirectory() as tmp:
        gen_dir = os.path.join(tmp, "gen")
        run(gen, "--units", "40", "--indicators", "12", "--years", str(LAST - FIRST + 1),
            "--groups", "2", gen_dir)
        project = os.path.join(tmp, "p.kaohe")
        run(cli, "new", project)
        units = os.path.join(gen_dir, "units.csv")
        with open(os.path.join(gen_dir, f"data-{FIRST}.csv"), encoding="utf-8") as f, \
             open(units, "w", encoding="utf-8", newline="") as out:
            writer = csv.writer(out)
            writer.writerow(["id", "name_zh", "category", "group"])
            for row in csv.DictReader(f):
                writer.writerow([row["unit"], row["name"], "synthetic", row["group"]])
        run(cli, "import", "--units", units, project)
        with open(os.path.join(gen_dir, "framework.xml"), encoding="utf-8") as f:
            framework = f.read()
        if 'year="2020"' not in framework:
            sys.exit("framework.xml: no year=\"2020\" to change")
        for year in range(FIRST, LAST + 1):
            path = os.path.join(gen_dir, f"framework-{year}.xml")
            with open(path, "w", encoding="utf-8") as f:
                f.write(framework.replace('year="2020"', f'year="{year}"', 1))
            run(cli, "import", "--year", str(year), "--framework", path, project)
            run(cli, "import", "--year", str(year), project,
                os.path.join(gen_dir, f"data-{year}.csv"))

        pdf = os.path.join(tmp, "r.pdf")
        run(cli, "report", "--year", str(LAST), "-o", pdf, project)
        with open(pdf, "rb") as f:
            if not f.read(5) == b"%PDF-":
                sys.exit(f"report: {pdf} is not a PDF")
        png = os.path.join(tmp, "c.png")
        run(cli, "chart", "--type", "bump", "--group", "g1", "-o", png, project)
        with open(png, "rb") as f:
            if not f.read(8) == b"\x89PNG\r\n\x1a\n":
                sys.exit(f"chart: {png} is not a PNG")
    print("report and bump chart written from a kh-bench-gen project")


if __name__ == "__main__":
    main()
