#!/usr/bin/env python3
"""Solve a Curtois & Qu shift scheduling benchmark instance with OR-Tools CP-SAT.

The model is exactly the benchmark's (see shared/benchmarks/curtois/README.md and
crates/rotaflow/src/formats/curtois.rs):

Hard constraints
  1. at most one shift per employee per day;
  2. a shift listed as "cannot follow" s is not worked the day after s (pairs inside the horizon);
  3. at most MaxShifts[s] shifts of type s (a shift missing from MaxShifts is unlimited);
  4. MinTotalMinutes <= worked minutes <= MaxTotalMinutes;
  5. at most MaxConsecutiveShifts consecutive working days;
  6. every maximal block of working days lasts at least MinConsecutiveShifts days, except a block
     touching day 0 or day H-1;
  7. every maximal block of days off lasts at least MinConsecutiveDaysOff days, except a block
     touching day 0 or day H-1;
  8. weekend w is days 7w+5 and 7w+6 and counts when either is worked; at most MaxWeekends;
  9. no work on a day off.

Objective (minimised): weight of every shift-on request not granted, weight of every shift-off
request not granted, and per cover row (req - x) * under when x < req, (x - req) * over when
x > req.

The objective printed is recomputed from the roster found, independently of the solver's
objective value; the two must agree (the script fails loudly otherwise), and the roster is
checked against every hard constraint before it is written.

Output: one CSV line `instance,objective,bound,status,seconds,workers,time_limit` on stdout
(appended to --csv FILE too, with a header when the file is new) and, with --roster FILE, the
roster as `date,staff,shift` rows with day 0 = 2024-01-01 (what `rotaflow evaluate` reads).

Exit codes: 0 a roster was found (or proven impossible: status INFEASIBLE); 1 bad input or no
roster found in time; 2 wrong usage.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import os
import sys
from dataclasses import dataclass, field

from ortools.sat.python import cp_model

START = dt.date(2024, 1, 1)  # a Monday, as rotaflow's importer assumes by default


class InputError(Exception):
    """A problem in the instance file, with its line."""


@dataclass
class Shift:
    id: str
    minutes: int
    cannot_follow: list[int] = field(default_factory=list)


@dataclass
class Employee:
    id: str
    max_shifts: dict[int, int]
    max_total_minutes: int
    min_total_minutes: int
    max_consecutive_shifts: int
    min_consecutive_shifts: int
    min_consecutive_days_off: int
    max_weekends: int
    days_off: set[int] = field(default_factory=set)


@dataclass
class Instance:
    name: str
    days: int
    shifts: list[Shift]
    staff: list[Employee]
    on_requests: list[tuple[int, int, int, int]]  # (employee, day, shift, weight)
    off_requests: list[tuple[int, int, int, int]]
    cover: list[tuple[int, int, int, int, int]]  # (day, shift, requirement, under, over)


def parse(path: str) -> Instance:
    """Reads an instance file; raises InputError naming file and line on any problem."""
    with open(path, "rb") as f:
        raw = f.read()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise InputError(f"{path}: not UTF-8 text ({e})") from e
    sections: dict[str, list[tuple[int, list[str]]]] = {}
    current: str | None = None
    for number, line in enumerate(text.splitlines(), start=1):
        t = line.strip()
        if t.startswith("#"):
            continue
        if not t:
            current = None
            continue
        if t.startswith("SECTION_"):
            current = t.rstrip(",").strip()
            if current in sections:
                raise InputError(f"{path}:{number}: {current} appears a second time")
            sections[current] = []
            continue
        if current is None:
            raise InputError(f"{path}:{number}: data outside any section")
        sections[current].append((number, [x.strip() for x in t.split(",")]))

    def need(name: str) -> list[tuple[int, list[str]]]:
        if name not in sections:
            raise InputError(f"{path}: missing {name}")
        return sections[name]

    def num(v: str, number: int, what: str) -> int:
        if not v.isdigit():
            raise InputError(f"{path}:{number}: `{v}` is not a whole number ({what})")
        return int(v)

    horizon = need("SECTION_HORIZON")
    if len(horizon) != 1:
        raise InputError(f"{path}: SECTION_HORIZON must hold exactly one value")
    days = num(horizon[0][1][0], horizon[0][0], "the number of days")

    shift_rows = need("SECTION_SHIFTS")
    shift_index = {}
    for number, f in shift_rows:
        if f[0] in shift_index:
            raise InputError(f"{path}:{number}: shift `{f[0]}` defined twice")
        shift_index[f[0]] = len(shift_index)

    def shift_of(sid: str, number: int) -> int:
        if sid not in shift_index:
            raise InputError(f"{path}:{number}: unknown shift `{sid}`")
        return shift_index[sid]

    shifts = []
    for number, f in shift_rows:
        if len(f) < 2:
            raise InputError(f"{path}:{number}: expected ShiftID, Length, CannotFollow")
        follow = f[2] if len(f) > 2 else ""
        cannot = [shift_of(x.strip(), number) for x in follow.split("|") if x.strip()]
        shifts.append(Shift(f[0], num(f[1], number, "length in minutes"), cannot))

    staff: list[Employee] = []
    staff_index = {}
    for number, f in need("SECTION_STAFF"):
        if len(f) < 8 or any(x for x in f[8:]):
            raise InputError(f"{path}:{number}: expected 8 fields, found {len(f)}")
        if f[0] in staff_index:
            raise InputError(f"{path}:{number}: employee `{f[0]}` defined twice")
        max_shifts = {}
        for item in (x.strip() for x in f[1].split("|")):
            if not item:
                continue
            if "=" not in item:
                raise InputError(f"{path}:{number}: `{item}` is not shiftID=max")
            sid, mx = (x.strip() for x in item.split("=", 1))
            max_shifts[shift_of(sid, number)] = num(mx, number, "MaxShifts")
        v = [num(f[i], number, "a limit") for i in range(2, 8)]
        staff_index[f[0]] = len(staff)
        staff.append(Employee(f[0], max_shifts, *v))

    def employee_of(eid: str, number: int) -> int:
        if eid not in staff_index:
            raise InputError(f"{path}:{number}: unknown employee `{eid}`")
        return staff_index[eid]

    def day_of(v: str, number: int) -> int:
        d = num(v, number, "a day index")
        if d >= days:
            raise InputError(f"{path}:{number}: day {d} is outside the horizon of {days} days")
        return d

    for number, f in sections.get("SECTION_DAYS_OFF", []):
        e = employee_of(f[0], number)
        staff[e].days_off.update(day_of(x, number) for x in f[1:] if x)

    def requests(name: str) -> list[tuple[int, int, int, int]]:
        out = []
        for number, f in sections.get(name, []):
            if len(f) != 4:
                raise InputError(f"{path}:{number}: expected EmployeeID, Day, ShiftID, Weight")
            out.append(
                (
                    employee_of(f[0], number),
                    day_of(f[1], number),
                    shift_of(f[2], number),
                    num(f[3], number, "a weight"),
                )
            )
        return out

    cover = []
    seen = set()
    for number, f in sections.get("SECTION_COVER", []):
        if len(f) != 5:
            raise InputError(f"{path}:{number}: expected Day, ShiftID, Requirement, Under, Over")
        d, s = day_of(f[0], number), shift_of(f[1], number)
        if (d, s) in seen:
            raise InputError(f"{path}:{number}: cover for day {d} and shift {f[1]} given twice")
        seen.add((d, s))
        cover.append(
            (d, s, num(f[2], number, "requirement"), num(f[3], number, "a weight"),
             num(f[4], number, "a weight"))
        )
    name = os.path.splitext(os.path.basename(path))[0]
    return Instance(
        name,
        days,
        shifts,
        staff,
        requests("SECTION_SHIFT_ON_REQUESTS"),
        requests("SECTION_SHIFT_OFF_REQUESTS"),
        cover,
    )


def build(inst: Instance):
    """The CP-SAT model: x[e][d][s] = employee e works shift s on day d."""
    m = cp_model.CpModel()
    H, S, E = inst.days, len(inst.shifts), len(inst.staff)
    x = [[[m.NewBoolVar(f"x_{e}_{d}_{s}") for s in range(S)] for d in range(H)] for e in range(E)]
    work = [[m.NewBoolVar(f"w_{e}_{d}") for d in range(H)] for e in range(E)]
    for e, emp in enumerate(inst.staff):
        for d in range(H):
            # 1. At most one shift a day; work[e][d] is whether any is worked.
            m.Add(sum(x[e][d]) == work[e][d])
            # 9. Days off.
            if d in emp.days_off:
                m.Add(work[e][d] == 0)
        # 2. Forbidden successions.
        for s, sh in enumerate(inst.shifts):
            for t in sh.cannot_follow:
                for d in range(H - 1):
                    m.AddBoolOr([x[e][d][s].Not(), x[e][d + 1][t].Not()])
        # 3. Maximum shifts per type.
        for s, mx in emp.max_shifts.items():
            m.Add(sum(x[e][d][s] for d in range(H)) <= mx)
        # 4. Total minutes.
        minutes = sum(inst.shifts[s].minutes * x[e][d][s] for d in range(H) for s in range(S))
        m.Add(minutes <= emp.max_total_minutes)
        m.Add(minutes >= emp.min_total_minutes)
        # 5. Maximum consecutive working days: every window of max+1 days has a day off.
        k = emp.max_consecutive_shifts
        for d in range(H - k):
            m.Add(sum(work[e][d : d + k + 1]) <= k)
        # 6. Minimum consecutive working days: no block of length l < min strictly inside the
        #    horizon (off on d-1, on d..d+l-1, off on d+l, with d >= 1 and d+l <= H-1).
        for length in range(1, emp.min_consecutive_shifts):
            for d in range(1, H - length):
                block = [work[e][i].Not() for i in range(d, d + length)]
                m.AddBoolOr([work[e][d - 1], *block, work[e][d + length]])
        # 7. Minimum consecutive days off, likewise.
        for length in range(1, emp.min_consecutive_days_off):
            for d in range(1, H - length):
                block = [work[e][i] for i in range(d, d + length)]
                m.AddBoolOr([work[e][d - 1].Not(), *block, work[e][d + length].Not()])
        # 8. Weekends: weekend w counts when day 7w+5 or 7w+6 (inside the horizon) is worked.
        weekends = []
        w = 0
        while 7 * w + 5 < H:
            days = [work[e][dd] for dd in (7 * w + 5, 7 * w + 6) if dd < H]
            wk = m.NewBoolVar(f"wk_{e}_{w}")
            m.AddMaxEquality(wk, days)
            weekends.append(wk)
            w += 1
        m.Add(sum(weekends) <= emp.max_weekends)

    terms = []
    for e, d, s, wt in inst.on_requests:
        terms.append(wt * (1 - x[e][d][s]))
    for e, d, s, wt in inst.off_requests:
        terms.append(wt * x[e][d][s])
    for d, s, req, under, over in inst.cover:
        count = sum(x[e][d][s] for e in range(E))
        u = m.NewIntVar(0, req, f"under_{d}_{s}")
        o = m.NewIntVar(0, E, f"over_{d}_{s}")
        m.Add(count - req == o - u)
        # Exactly the shortfall and excess: never both positive.
        short = m.NewBoolVar(f"short_{d}_{s}")
        m.Add(o == 0).OnlyEnforceIf(short)
        m.Add(u == 0).OnlyEnforceIf(short.Not())
        terms.append(under * u + over * o)
    m.Minimize(sum(terms))
    return m, x


def objective(inst: Instance, roster: list[list[int | None]]) -> int:
    """The benchmark objective of a roster, computed from its definition."""
    total = 0
    for e, d, s, wt in inst.on_requests:
        if roster[e][d] != s:
            total += wt
    for e, d, s, wt in inst.off_requests:
        if roster[e][d] == s:
            total += wt
    for d, s, req, under, over in inst.cover:
        n = sum(1 for e in range(len(inst.staff)) if roster[e][d] == s)
        total += (req - n) * under if n < req else (n - req) * over
    return total


def hard_violations(inst: Instance, roster: list[list[int | None]]) -> list[str]:
    """Every broken hard constraint of a roster, checked from the definition."""
    out = []
    H = inst.days
    for e, emp in enumerate(inst.staff):
        line = roster[e]
        for d in range(H - 1):
            a, b = line[d], line[d + 1]
            if a is not None and b is not None and b in inst.shifts[a].cannot_follow:
                out.append(f"{emp.id}: succession on day {d}")
        for s, mx in emp.max_shifts.items():
            if sum(1 for c in line if c == s) > mx:
                out.append(f"{emp.id}: too many {inst.shifts[s].id}")
        minutes = sum(inst.shifts[c].minutes for c in line if c is not None)
        if not emp.min_total_minutes <= minutes <= emp.max_total_minutes:
            out.append(f"{emp.id}: {minutes} minutes")
        first = 0
        while first < H:
            working = line[first] is not None
            last = first
            while last + 1 < H and (line[last + 1] is not None) == working:
                last += 1
            n = last - first + 1
            border = first == 0 or last == H - 1
            if working and n > emp.max_consecutive_shifts:
                out.append(f"{emp.id}: works {n} days from {first}")
            if working and n < emp.min_consecutive_shifts and not border:
                out.append(f"{emp.id}: works only {n} days from {first}")
            if not working and n < emp.min_consecutive_days_off and not border:
                out.append(f"{emp.id}: off only {n} days from {first}")
            first = last + 1
        wk = sum(
            1
            for w in range((H + 1) // 7 + 1)
            if 7 * w + 5 < H
            and any(line[dd] is not None for dd in (7 * w + 5, 7 * w + 6) if dd < H)
        )
        if wk > emp.max_weekends:
            out.append(f"{emp.id}: {wk} weekends")
        for d in emp.days_off:
            if line[d] is not None:
                out.append(f"{emp.id}: works on day off {d}")
    return out


def write_roster(inst: Instance, roster: list[list[int | None]], path: str) -> None:
    """Writes `date,staff,shift` rows (day 0 = 2024-01-01) atomically."""
    tmp = f"{path}.{os.getpid()}.tmp"
    with open(tmp, "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["date", "staff", "shift"])
        for d in range(inst.days):
            date = (START + dt.timedelta(days=d)).isoformat()
            for e, emp in enumerate(inst.staff):
                if roster[e][d] is not None:
                    w.writerow([date, emp.id, inst.shifts[roster[e][d]].id])
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)


HEADER = ["instance", "objective", "bound", "status", "seconds", "workers", "time_limit"]


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("instance", help="Curtois instance file (InstanceN.txt)")
    p.add_argument("--time-limit", type=float, default=60.0, help="seconds (default 60)")
    p.add_argument("--workers", type=int, default=2, help="CP-SAT search workers (default 2)")
    p.add_argument("--seed", type=int, default=1, help="CP-SAT random seed (default 1)")
    p.add_argument(
        "--subsolvers",
        default="max_lp",
        help="comma-separated CP-SAT full-problem subsolvers, used when there are 2 or more "
        "workers (default: max_lp; with 2 workers CP-SAT runs one full-problem worker beside "
        "its LNS and first-solution workers, and max_lp gives far better bounds and rosters "
        "there than CP-SAT's own choice); an empty string keeps CP-SAT's own choice",
    )
    p.add_argument("--roster", help="write the roster found here (date,staff,shift)")
    p.add_argument("--csv", help="append the result line to this CSV file")
    p.add_argument("--log", action="store_true", help="print CP-SAT's search log to stderr")
    a = p.parse_args(argv)
    if not (a.time_limit > 0) or a.workers < 1:
        p.error("--time-limit must be > 0 and --workers >= 1")
    try:
        inst = parse(a.instance)
    except (InputError, OSError) as e:
        print(f"error: {e}", file=sys.stderr)
        return 1
    model, x = build(inst)
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = a.time_limit
    solver.parameters.num_workers = a.workers
    solver.parameters.random_seed = a.seed
    if a.workers >= 2 and a.subsolvers.strip():
        solver.parameters.subsolvers.extend(x.strip() for x in a.subsolvers.split(",") if x.strip())
    solver.parameters.log_search_progress = a.log
    solver.parameters.log_to_stdout = False  # stdout is for the result line only
    solver.log_callback = (lambda msg: print(msg, file=sys.stderr)) if a.log else None
    status = solver.Solve(model)
    name = solver.StatusName(status)
    objective_text = ""
    bound = solver.BestObjectiveBound()
    if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        roster = [
            [
                next((s for s in range(len(inst.shifts)) if solver.Value(x[e][d][s])), None)
                for d in range(inst.days)
            ]
            for e in range(len(inst.staff))
        ]
        value = objective(inst, roster)
        if value != round(solver.ObjectiveValue()):
            print(
                f"error: recomputed objective {value} != CP-SAT objective "
                f"{solver.ObjectiveValue()}: the model does not match the benchmark",
                file=sys.stderr,
            )
            return 1
        broken = hard_violations(inst, roster)
        if broken:
            print("error: the roster breaks hard constraints:", *broken, sep="\n  ", file=sys.stderr)
            return 1
        objective_text = str(value)
        if a.roster:
            write_roster(inst, roster, a.roster)
    row = [
        inst.name,
        objective_text,
        f"{bound:.0f}" if status in (cp_model.OPTIMAL, cp_model.FEASIBLE) else "",
        name,
        f"{solver.WallTime():.2f}",
        str(a.workers),
        f"{a.time_limit:g}",
    ]
    w = csv.writer(sys.stdout, lineterminator="\n")
    w.writerow(row)
    if a.csv:
        new = not os.path.exists(a.csv) or os.path.getsize(a.csv) == 0
        with open(a.csv, "a", newline="") as f:
            cw = csv.writer(f, lineterminator="\n")
            if new:
                cw.writerow(HEADER)
            cw.writerow(row)
    if status in (cp_model.OPTIMAL, cp_model.FEASIBLE, cp_model.INFEASIBLE):
        return 0
    print(f"error: no roster found within {a.time_limit:g} s (status {name})", file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main())
