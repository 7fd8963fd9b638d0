#!/usr/bin/env python3
"""Generates cron cases with next fire times computed independently of Gantry.

Two kinds of case, written to Tests/GantryGatesTests/Fixtures/cron-cases.json:

- "utc": random expressions (every field form: lists, ranges, steps, names, DOW 7, macros) and
  random start times, answered by croniter from PyPI (`pip install croniter`), a second
  implementation of cron. The day-of-month/day-of-week rule is Vixie cron's, which croniter
  offers as `day_or`: OR when both day fields are restricted, AND when either starts with `*`.
- "dst": expressions around the DST weekends of London, New York and Sydney, answered by the
  spec's rule applied by brute force: every wall-clock minute of the days around the change is
  tested with croniter.match, mapped to an instant (a skipped time -> the first instant after the
  jump, a repeated time -> its first occurrence: resolve() of gen-window-cases.py), and
  the distinct instants after the start are sorted. croniter's own DST handling is not used.

The Swift test GantryGatesTests/CronCasesTests.swift checks every case.

Usage: scripts/gen-cron-cases.py [--seed N] [--count N] [--out PATH]
"""
import argparse
import importlib.util
import json
import os
import random
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from croniter import croniter

# The DST rule (in_gap, resolve) is the one scripts/gen-window-cases.py applies to windows.
_spec = importlib.util.spec_from_file_location(
    "gen_window_cases", os.path.join(os.path.dirname(os.path.abspath(__file__)), "gen-window-cases.py"))
_windows = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_windows)
in_gap, resolve = _windows.in_gap, _windows.resolve

UTC = timezone.utc
MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
DAYS = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"]
MACROS = ["@hourly", "@daily", "@weekly", "@monthly", "@yearly"]
MACRO_TEXT = {"@hourly": "0 * * * *", "@daily": "0 0 * * *", "@weekly": "0 0 * * 0",
              "@monthly": "0 0 1 * *", "@yearly": "0 0 1 1 *"}
COUNT_PER_CASE = 5


def field(rng, low, high, names=None, allow_seven=False):
    """One random field text over [low, high] in one of the classic forms."""
    def value(v):
        if names and rng.random() < 0.4:
            return names[v - low] if v - low < len(names) else str(v)
        if allow_seven and v == 0 and rng.random() < 0.5:
            return "7"  # Sunday written as 7
        return str(v)

    form = rng.choice(["star", "star", "single", "list", "range", "range_step", "star_step", "mixed"])
    if form == "star":
        return "*"
    if form == "single":
        return value(rng.randint(low, high))
    if form == "list":
        return ",".join(value(v) for v in sorted(rng.sample(range(low, high + 1), rng.randint(2, min(4, high - low + 1)))))
    if form == "range":
        a = rng.randint(low, high - 1)
        return f"{value(a) if a != 0 or not allow_seven else '0'}-{value(rng.randint(a + 1, high))}"
    if form == "range_step":
        a = rng.randint(low, high - 1)
        return f"{a}-{rng.randint(a + 1, high)}/{rng.randint(2, max(2, (high - low) // 2))}"
    if form == "star_step":
        return f"*/{rng.randint(2, max(2, (high - low) // 2))}"
    a = rng.randint(low, high - 2)
    b = rng.randint(a + 1, high - 1)
    return f"{value(low)},{a}-{b}"


def random_expression(rng):
    if rng.random() < 0.05:
        return rng.choice(MACROS)
    dom = field(rng, 1, 28 if rng.random() < 0.3 else 31)
    return " ".join([field(rng, 0, 59), field(rng, 0, 23), dom, field(rng, 1, 12, MONTHS), field(rng, 0, 6, DAYS, True)])


def day_or(expr):
    """Vixie cron: OR the day fields only when neither starts with `*`."""
    fields = MACRO_TEXT.get(expr, expr).split()
    return not (fields[2].startswith("*") or fields[4].startswith("*"))


def utc_cases(rng, count):
    cases = []
    while len(cases) < count:
        expr = random_expression(rng)
        start = datetime(2020, 1, 1) + timedelta(seconds=rng.randint(0, 16 * 365 * 86400))
        try:
            it = croniter(expr, start, day_or=day_or(expr), max_years_between_matches=30)
            times = [it.get_next(datetime) for _ in range(COUNT_PER_CASE)]
        except Exception:  # an expression that never fires (day 31 of a short month only)
            continue
        cases.append({"kind": "utc", "cron": expr, "timezone": "UTC",
                      "after": start.strftime("%Y-%m-%dT%H:%M:%S+00:00"),
                      "times": [t.strftime("%Y-%m-%dT%H:%M:%S+00:00") for t in times], "shifts": [None] * len(times)})
    return cases


def repeated(tz, naive):
    a = naive.replace(tzinfo=tz, fold=0).utcoffset()
    b = naive.replace(tzinfo=tz, fold=1).utcoffset()
    return not in_gap(tz, naive) and a != b


# (zone, local date of the change) for the DST weekends of 2026 and 2027.
TRANSITIONS = [
    ("Europe/London", datetime(2026, 3, 29)), ("Europe/London", datetime(2026, 10, 25)),
    ("Europe/London", datetime(2027, 3, 28)), ("Europe/London", datetime(2027, 10, 31)),
    ("America/New_York", datetime(2026, 3, 8)), ("America/New_York", datetime(2026, 11, 1)),
    ("America/New_York", datetime(2027, 3, 14)), ("America/New_York", datetime(2027, 11, 7)),
    ("Australia/Sydney", datetime(2026, 4, 5)), ("Australia/Sydney", datetime(2026, 10, 4)),
    ("Australia/Sydney", datetime(2027, 4, 4)), ("Australia/Sydney", datetime(2027, 10, 3)),
]
FIXED = ["0 1 * * *", "30 1 * * *", "0 2 * * *", "30 2 * * *", "59 2 * * *", "0 3 * * *", "15 1,2,3 * * *",
         "0 2 * * sun", "30 2 29 3 *"]
HOURLY = ["0 * * * *", "@hourly", "*/30 * * * *", "15 * * * *", "*/20 1-3 * * *", "45 */2 * * *"]


def dst_expected(expr, tz, start_epoch, first_day, days):
    found = {}
    minute = first_day
    end = first_day + timedelta(days=days)
    while minute < end:
        if croniter.match(expr, minute, day_or=day_or(expr)):
            epoch = resolve(tz, minute)
            if epoch > start_epoch and epoch not in found:
                found[epoch] = "skipped" if in_gap(tz, minute) else ("repeated" if repeated(tz, minute) else None)
        minute += timedelta(minutes=1)
    return sorted(found.items())


def dst_cases(rng):
    cases = []
    for zone, day in TRANSITIONS:
        tz = ZoneInfo(zone)
        for expr in FIXED + HOURLY + [random_expression(rng) for _ in range(2)]:
            start_naive = day - timedelta(hours=rng.choice([1, 6, 20]))
            start = resolve(tz, start_naive)
            expected = dst_expected(expr, tz, start, day - timedelta(days=1), 4)
            hourly = expr in HOURLY
            wanted = 8 if hourly else 3
            if len(expected) < wanted:
                continue  # a random expression that does not fire around the change
            expected = expected[:wanted]
            local = datetime.fromtimestamp(start, tz)
            cases.append({"kind": "dst", "cron": expr, "timezone": zone,
                          "after": local.isoformat(timespec="seconds"),
                          "times": [datetime.fromtimestamp(e, tz).isoformat(timespec="seconds") for e, _ in expected],
                          "shifts": [s for _, s in expected]})
    return cases


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--count", type=int, default=600)
    parser.add_argument("--out", default="Tests/GantryGatesTests/Fixtures/cron-cases.json")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    cases = utc_cases(rng, args.count) + dst_cases(rng)
    for index, case in enumerate(cases):
        case["id"] = index
    with open(args.out, "w") as out:
        json.dump({"generator": "scripts/gen-cron-cases.py", "seed": args.seed, "cases": cases}, out, indent=1)
        out.write("\n")
    print(f"wrote {len(cases)} cases to {args.out}")


if __name__ == "__main__":
    main()
