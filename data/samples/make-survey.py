#!/usr/bin/env python3
# make-survey.py — generate the raters' sheet of the sample's 2020 city satisfaction survey
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
#   python3 data/samples/make-survey.py
#
# Writes data/samples/survey-city-2020.csv (long layout: rater,class,unit,item,score), the
# answers of the survey that data/frameworks/jiangsu-2020-city.xml declares (<survey
# id="sat2020-city">): per city about 200 members of the public (群众), 60 service
# recipients (服务对象) and the same 40 deputies (人大代表、政协委员) rating every city, each
# answering one question from 0 to 100. build-sample.sh imports it and scores it into
# public_satisfaction, replacing the rate of city-2020.csv. Like the rest of the sample
# these are INVENTED DEMONSTRATION DATA: no survey was held and no rater exists; the
# raters' identifiers are made up (P-…, S-…, D-…) and the project keeps only their salted
# hashes anyway.
#
# The answers are drawn (standard library only, fixed SEED) and then nudged so that the
# survey scores back to the satisfaction rate make-sample.py calibrated in city-2020.csv:
#  1. Per city, each class gets its own target T_c = R + offset_c (offsets drawn, then
#     shifted so that Σ W_c·T_c / Σ W_c = R, the city's rate; drawn again while a target
#     would pass 98.5).
#  2. Its raters' scores are drawn around T_c (a deputy's own leniency added), clipped to
#     0–100 and rounded to whole numbers.
#  3. Scores strictly between the class's lowest and highest (which the trimmed mean
#     drops: trim 1, 去掉一个最高分和一个最低分) are moved by one point at a time, at random,
#     until the trimmed mean's sum is the nearest whole number to T_c·(n − 2).
# The city's score then differs from R by at most 0.5/(n − 2) per class (below 0.02
# points of the rate, 0.01 points of the 15-point paper), far inside the 0.15 points the
# sample keeps between neighbouring totals: the published outcomes (tests/test-sample.c)
# still hold. The script checks the scores it wrote against the rates and fails when one
# is off by more than TOLERANCE.
#
# Run it again after make-sample.py changes city-2020.csv.
import csv
import os
import random
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
SEED = 20201130
TOLERANCE = 0.02   # rate points between a city's survey score and its rate
YEAR = 2020

# class id: (weight, raters per city, spread of the scores, spread of the class offsets)
CLASSES = {
    "public": (0.5, 200, 10.0, 1.5),
    "recipients": (0.3, 60, 8.0, 1.5),
    "deputies": (0.2, 40, 5.0, 1.0),
}
N_DEPUTIES = 40  # the same deputies rate every city


def read_rates():
    with open(os.path.join(HERE, f"city-{YEAR}.csv"), encoding="utf-8") as f:
        return {row["unit"]: float(row["public_satisfaction"]) for row in csv.DictReader(f)}


def trimmed(scores):
    s = sorted(scores)
    return sum(s[1:-1]) / (len(s) - 2)


def nudge(scores, target, rng):
    """Moves scores strictly inside [min, max] by one point until the trimmed mean's sum
    is round(target · (n − 2))."""
    lo, hi = min(scores), max(scores)
    i_lo, i_hi = scores.index(lo), scores.index(hi)
    if i_lo == i_hi:
        i_hi = len(scores) - 1 if i_lo != len(scores) - 1 else 0
    middle = [i for i in range(len(scores)) if i not in (i_lo, i_hi)]
    want = round(target * len(middle))
    diff = want - sum(scores[i] for i in middle)
    while diff != 0:
        step = 1 if diff > 0 else -1
        movable = [i for i in middle if lo <= scores[i] + step <= hi]
        if not movable:
            sys.exit(f"cannot reach the trimmed mean {target:.2f}")
        scores[rng.choice(movable)] += step
        diff -= step
    return scores


def main():
    rng = random.Random(SEED)
    rates = read_rates()
    total_weight = sum(w for w, *_ in CLASSES.values())
    leniency = [rng.gauss(0, 3) for _ in range(N_DEPUTIES)]
    rows = []
    worst = 0.0
    for unit in sorted(rates):
        rate = rates[unit]
        # offsets drawn again (at most 100 times) while a class's target would pass 98.5
        for _ in range(100):
            offsets = {c: rng.gauss(0, spread) for c, (_, _, _, spread) in CLASSES.items()}
            shift = sum(CLASSES[c][0] * o for c, o in offsets.items()) / total_weight
            if all(rate + o - shift < 98.5 for o in offsets.values()):
                break
        means = {}
        for c, (weight, n, sd, _) in CLASSES.items():
            target = rate + offsets[c] - shift
            if not 5 < target < 99:
                sys.exit(f"{unit}: class {c} target {target:.2f} out of range")
            if c == "deputies":
                raw = [target + leniency[d] + rng.gauss(0, sd) for d in range(N_DEPUTIES)]
            else:
                n = n + rng.randint(-15, 15) if c == "public" else n + rng.randint(-6, 6)
                raw = [target + rng.gauss(0, sd) for _ in range(n)]
            scores = nudge([min(100, max(0, round(x))) for x in raw], target, rng)
            means[c] = trimmed(scores)
            for k, score in enumerate(scores):
                if c == "deputies":
                    rater = f"D-{k + 1:03d}"
                elif c == "public":
                    rater = f"P-{unit}-{k + 1:04d}"
                else:
                    rater = f"S-{unit}-{k + 1:03d}"
                rows.append((rater, c, unit, "overall", score))
        score = sum(CLASSES[c][0] * t for c, t in means.items()) / total_weight
        worst = max(worst, abs(score - rate))
        if abs(score - rate) > TOLERANCE:
            sys.exit(f"{unit}: the survey scores {score:.4f}, the rate is {rate:.2f}")
    rows.sort(key=lambda r: (r[2], r[1], r[0]))
    path = os.path.join(HERE, f"survey-city-{YEAR}.csv")
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(("rater", "class", "unit", "item", "score"))
        w.writerows(rows)
    raters = len({r[0] for r in rows})
    print(f"{os.path.relpath(path)}: {len(rows)} answers of {raters} raters; largest gap to the rate {worst:.4f}")


if __name__ == "__main__":
    main()
