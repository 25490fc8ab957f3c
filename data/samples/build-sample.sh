#!/bin/sh
# build-sample.sh — build the Jiangsu sample project with kaohe-cli
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
#   build-sample.sh KAOHE_CLI OUTPUT.kaohe SAMPLES_DIR FRAMEWORKS_DIR
#
# Runs `kaohe-cli new`, imports the units, then for 2018, 2019 and 2020 and each
# category (city, agency, university, county) the year's framework
# (FRAMEWORKS_DIR/jiangsu-YEAR-CATEGORY.xml) and data (SAMPLES_DIR/CATEGORY-YEAR.csv);
# 2020's city satisfaction survey (SAMPLES_DIR/survey-city-2020.csv, written by
# make-survey.py: invented raters) is then imported and scored into public_satisfaction,
# when the file is there (make-sample.py builds from its own folder without it);
# 2018 and 2019, published, are then sealed (their results computed and made
# read-only), 2020 stays open. The project is written next to OUTPUT and renamed over
# it only when every step succeeded. Called by data/samples/meson.build at build time
# and by make-sample.py when it checks the outcomes.
set -eu

cli=$1
out=$2
samples=$3
frameworks=$4
tmp="$out.part"

rm -f "$tmp"
trap 'rm -f "$tmp"' EXIT
"$cli" new "$tmp" >/dev/null
"$cli" import "$tmp" --units "$samples/units.csv" >/dev/null
for year in 2018 2019 2020; do
  for category in city agency university county; do
    "$cli" import "$tmp" --year "$year" --framework "$frameworks/jiangsu-$year-$category.xml" >/dev/null
    "$cli" import "$tmp" --year "$year" "$samples/$category-$year.csv" >/dev/null
  done
done
if [ -f "$samples/survey-city-2020.csv" ]; then
  "$cli" survey import "$tmp" --year 2020 --category city "$samples/survey-city-2020.csv" >/dev/null
  "$cli" survey score "$tmp" --year 2020 --category city >/dev/null
fi
"$cli" seal "$tmp" --year 2018 >/dev/null
"$cli" seal "$tmp" --year 2019 >/dev/null
mv -f "$tmp" "$out"
trap - EXIT
