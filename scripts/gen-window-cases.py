#!/usr/bin/env python3
"""Generates randomised availability-window cases with independently computed answers.

This is a second implementation of the window rules in docs/windows-approvals.md, written with
the standard library only (zoneinfo, datetime) and a different algorithm from the Swift one:
it materialises every allow and freeze interval over a horizon, merges them into disjoint open
intervals and answers by lookup, instead of checking candidate boundaries. The Swift test
GantryGatesTests/WindowCasesTests.swift checks every case.

Usage: scripts/gen-window-cases.py [--seed N] [--count N] [--out PATH]
"""
import argparse
import json
import random
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

UTC = timezone.utc
DAY = 86400
YEAR_HORIZON = 366 * DAY  # an opening further away than this is reported as null
DAY_NAMES = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]  # Python's weekday() order
ZONES = ["Europe/London", "America/New_York", "Australia/Sydney", "Pacific/Auckland", "UTC"]


def in_gap(tz, naive):
    """True when the wall-clock reading `naive` does not exist in `tz` (skipped by a jump)."""
    aware = naive.replace(tzinfo=tz, fold=0)
    back = aware.astimezone(UTC).astimezone(tz).replace(tzinfo=None)
    return back != naive


def resolve(tz, naive):
    """Epoch seconds of a wall-clock reading: skipped = first instant after the jump,
    repeated = first occurrence."""
    if in_gap(tz, naive):
        before = naive
        while in_gap(tz, before):
            before -= timedelta(minutes=1)
        # `before` is the last valid minute ahead of the gap; the jump happens one minute later.
        return int(before.replace(tzinfo=tz, fold=0).timestamp()) + 60
    # fold=0 is the earlier of two readings of a repeated time.
    return int(naive.replace(tzinfo=tz, fold=0).timestamp())


def parse_hm(text):
    h, m = text.split(":")
    return int(h) * 60 + int(m)


def allow_intervals(tz, entry, first_day, last_day):
    start_min = parse_hm(entry["from"])
    end_min = parse_hm(entry["to"])
    if end_min <= start_min:
        end_min += 1440  # runs past midnight; days name the start day
    out = []
    day = first_day
    while day <= last_day:
        if DAY_NAMES[day.weekday()] in entry["days"]:
            midnight = datetime(day.year, day.month, day.day)
            s = resolve(tz, midnight + timedelta(minutes=start_min))
            e = resolve(tz, midnight + timedelta(minutes=end_min))
            if s < e:
                out.append((s, e))
        day += timedelta(days=1)
    return out


def merge(intervals):
    out = []
    for s, e in sorted(intervals):
        if out and s <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], e))
        else:
            out.append((s, e))
    return out


def subtract(base, cuts):
    result = []
    for s, e in base:
        pieces = [(s, e)]
        for cs, ce in cuts:
            nxt = []
            for ps, pe in pieces:
                if ce <= ps or cs >= pe:
                    nxt.append((ps, pe))
                    continue
                if ps < cs:
                    nxt.append((ps, cs))
                if ce < pe:
                    nxt.append((ce, pe))
            pieces = nxt
        result.extend(pieces)
    return merge(result)


def parse_local(text):
    return datetime.strptime(text, "%Y-%m-%dT%H:%M")


def answer(policy, at):
    """(open, opens_at, closes_at) in epoch seconds (None for null)."""
    tz = ZoneInfo(policy["timezone"])
    freezes = [(resolve(tz, parse_local(f["from"])), resolve(tz, parse_local(f["to"]))) for f in policy["freeze"]]
    freezes = merge([f for f in freezes if f[0] < f[1]])
    far = max([at] + [b for f in freezes for b in f]) + 20 * DAY
    begin = at - 3 * DAY
    INF = float("inf")
    if policy["allow"]:
        first_day = datetime.fromtimestamp(begin, tz).date()
        last_day = datetime.fromtimestamp(max(far, at + YEAR_HORIZON + 8 * DAY), tz).date()
        allowed = merge([iv for entry in policy["allow"] for iv in allow_intervals(tz, entry, first_day, last_day)])
        # Past every freeze the allow pattern repeats weekly: coverage reaching the end of the
        # materialised range without a gap in its last ten days never ends.
        limit = datetime(last_day.year, last_day.month, last_day.day).replace(tzinfo=tz).timestamp()
        allowed = [(s, INF if e >= limit - 10 * DAY else e) for s, e in allowed]
    else:
        allowed = [(-INF, INF)]
    open_set = subtract(allowed, freezes)
    for s, e in open_set:
        if s <= at < e:
            return True, None, (None if e == INF else int(e))
    for s, e in open_set:
        if s > at:
            return False, (int(s) if s - at <= YEAR_HORIZON else None), None
    return False, None, None


def iso(ts, tz_name):
    if ts is None:
        return None
    return datetime.fromtimestamp(ts, ZoneInfo(tz_name)).isoformat()


def transitions(tz_name, start_year=2026, end_year=2028):
    """DST transition instants in a range, found by hourly offset changes (used only to
    concentrate random instants, not for the answers)."""
    tz = ZoneInfo(tz_name)
    t = int(datetime(start_year, 1, 1, tzinfo=UTC).timestamp())
    end = int(datetime(end_year, 12, 31, tzinfo=UTC).timestamp())
    found = []
    prev = datetime.fromtimestamp(t, tz).utcoffset()
    while t < end:
        t += 3600
        off = datetime.fromtimestamp(t, tz).utcoffset()
        if off != prev:
            found.append(t)
            prev = off
    return found


# Times inside the hours that DST skips or repeats in the zones above are over-represented.
TIMES = ["00:00", "00:30", "01:00", "01:15", "01:30", "01:45", "02:00", "02:15", "02:30", "02:45",
         "03:00", "06:00", "09:00", "12:00", "17:00", "18:00", "22:00", "23:30", "24:00"]


def random_time(rng, allow_24=True):
    if rng.random() < 0.6:
        t = rng.choice(TIMES)
    else:
        t = "%02d:%02d" % (rng.randrange(24), rng.choice([0, 15, 30, 45]))
    if t == "24:00" and not allow_24:
        t = "00:00"
    return t


def random_policy(rng, tz_name, around, near_jump):
    tz = ZoneInfo(tz_name)
    allow = []
    if near_jump and rng.random() < 0.5:
        # A boundary inside the skipped or repeated hour of this very weekend.
        hot = "%02d:%02d" % (rng.choice([1, 2]), rng.choice([0, 15, 30, 45]))
        other = random_time(rng)
        pair = [hot, other] if rng.random() < 0.5 else [random_time(rng, allow_24=False), hot]
        allow.append({"days": ["sun"] if rng.random() < 0.7 else ["sat", "sun"], "from": pair[0], "to": pair[1]})
    for _ in range(rng.choice([0, 1, 1, 2, 2, 3]) - len(allow)):
        days = set(rng.sample(DAY_NAMES, rng.randint(1, 7)))
        if rng.random() < 0.5:
            days.add(rng.choice(["sat", "sun"]))  # every transition here falls on a Sunday
        days = sorted(days, key=DAY_NAMES.index)
        frm = random_time(rng, allow_24=False)
        to = random_time(rng)
        allow.append({"days": days, "from": frm, "to": to})
    freeze = []
    for _ in range(rng.choice([0, 0, 1, 1, 2])):
        if rng.random() < 0.1:  # a freeze longer than a year
            start = around - timedelta(days=rng.randint(0, 5))
            end = start + timedelta(days=rng.randint(370, 420))
        else:
            start = around + timedelta(hours=rng.randint(-72, 72))
            end = start + timedelta(hours=rng.choice([1, 2, 6, 24, 50, 24 * 10]))
        def local(ts):
            d = ts.astimezone(tz)
            hour = d.hour if rng.random() < 0.6 else rng.choice([1, 2])
            return "%04d-%02d-%02dT%02d:%02d" % (d.year, d.month, d.day, hour, rng.choice([0, 30, d.minute]))
        freeze.append({"from": local(start), "to": local(end), "reason": rng.choice(["Holiday freeze", "Audit"])})
    return {"timezone": tz_name, "allow": allow, "freeze": freeze}


def boundary_instants(policy, around_ts):
    """Instants where something starts or ends near `around_ts`, to test edges exactly."""
    tz = ZoneInfo(policy["timezone"])
    out = []
    for f in policy["freeze"]:
        out += [resolve(tz, parse_local(f["from"])), resolve(tz, parse_local(f["to"]))]
    day = datetime.fromtimestamp(around_ts, tz).date()
    for entry in policy["allow"]:
        for s, e in allow_intervals(tz, entry, day - timedelta(days=2), day + timedelta(days=2)):
            out += [s, e]
    return out


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=20261122)
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--out", default="Tests/GantryGatesTests/Fixtures/window-cases.json")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    jumps = {z: transitions(z) for z in ZONES}
    cases = []
    while len(cases) < args.count:
        tz_name = rng.choice(ZONES)
        roll = rng.random()
        near_jump = bool(jumps[tz_name]) and roll < 0.6
        if near_jump:
            base = rng.choice(jumps[tz_name]) + rng.randint(-16, 4) * 1800
        else:
            base = int(datetime(2026, 1, 1, tzinfo=UTC).timestamp()) + rng.randrange(3 * 365 * DAY)
        around = datetime.fromtimestamp(base, UTC)
        policy = random_policy(rng, tz_name, around, near_jump)
        at = base
        edges = boundary_instants(policy, base)
        if edges and rng.random() < 0.4:
            at = rng.choice(edges) + rng.choice([-1, 0, 0, 1])
        else:
            at = base + rng.randint(-7200, 7200)
        is_open, opens_at, closes_at = answer(policy, at)
        cases.append({
            "id": len(cases),
            **policy,
            "at": iso(at, tz_name),
            "open": is_open,
            "opens_at": iso(opens_at, tz_name),
            "closes_at": iso(closes_at, tz_name),
        })
    with open(args.out, "w") as fh:
        # One case per line keeps the file reviewable and its diffs small.
        fh.write('{"generator": "scripts/gen-window-cases.py", "seed": %d, "cases": [\n' % args.seed)
        fh.write(",\n".join(json.dumps(c) for c in cases))
        fh.write("\n]}\n")
    opened = sum(c["open"] for c in cases)
    print(f"wrote {len(cases)} cases ({opened} open) to {args.out}")


if __name__ == "__main__":
    main()
