#!/usr/bin/env python3
"""Independent checker of the format (docs/FORMAT.md) and rules (docs/RULES.md) for one batch.

    python3 tools/check_history.py HISTORY.jsonl [--max-errors N]

Reads the whole file (it is meant for generator outputs up to a few million
lines), drops retracted events (unless --keep-retracted), applies the rest in order of `effective`,
then of line position, and reports every rule broken, with line and id.
Exit 0 when the history is valid, 1 otherwise. Standard library only; it
shares no code with roster-gen, so it is a real second opinion.
"""
import argparse
import datetime
import json
import re
import sys

COMMON = {"id", "type", "effective", "recorded", "actor", "decision", "note"}
PERSON = {"name", "birthDate", "gender", "ethnicity", "religion"}
FIELDS = {
    "unit.established": ({"unit", "name", "kind"}, {"category", "parent"}),
    "unit.renamed": ({"unit", "name"}, set()),
    "unit.reclassified": ({"unit"}, {"kind", "category"}),
    "unit.moved": ({"unit", "parent"}, set()),
    "unit.merged": ({"units", "into"}, set()),
    "unit.dissolved": ({"unit"}, set()),
    "unit.rated": ({"unit", "year", "rating"}, set()),
    "member.registered": ({"member", "unit", "person", "status"}, {"admitted", "education", "theory"}),
    "member.admitted": ({"member", "unit", "person"}, {"education", "theory"}),
    "member.readmitted": ({"member", "unit"}, set()),
    "member.confirmed": ({"member"}, set()),
    "member.transferred": ({"member", "unit"}, set()),
    "member.transferred-in": ({"member", "unit", "person", "status"}, {"admitted", "from", "education", "theory"}),
    "member.transferred-out": ({"member"}, {"to"}),
    "member.expelled": ({"member"}, set()),
    "member.struck-off": ({"member", "reason"}, set()),
    "member.resigned": ({"member"}, set()),
    "member.died": ({"member"}, set()),
    "member.disciplined": ({"member", "penalty"}, set()),
    "member.rated": ({"member", "year", "rating"}, set()),
    "member.updated": ({"member"}, {"name", "gender", "ethnicity", "religion", "birthDate", "education", "theory"}),
    "member.exempted": ({"member"}, set()),
    "member.exemption-ended": ({"member"}, set()),
    "event.retracted": ({"target", "reason"}, set()),
}
KINDS = {"committee", "grassroots-committee", "grassroots-cell", "sub-committee", "cell"}
CELL_KINDS = {"grassroots-cell", "cell"}
CATEGORIES = {"party-agency", "administration", "public-service", "press", "mass-organization",
              "state-enterprise", "state-minority-enterprise", "private-enterprise",
              "foreign-invested-enterprise", "commune", "village", "school", "health-station",
              "armed-forces", "police", "other"}
UNIT_RATINGS = {"clean-strong-exemplary", "clean-strong", "excellent", "good", "satisfactory",
                "unsatisfactory", "weak"}
MEMBER_RATINGS = {"excellent", "good", "satisfactory", "unsatisfactory"}
EDUCATION = {"postgraduate", "university", "college", "intermediate", "basic"}
THEORY = {"advanced", "intermediate", "elementary", "none"}
REASONS = {"abandoned-activities", "not-transferred", "probation-not-confirmed", "other"}
PENALTIES = {"reprimand", "warning", "dismissal"}
REMOVALS = {"member.expelled", "member.struck-off", "member.resigned", "member.died", "member.transferred-out"}
RECORDED = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")


def date(text):
    if not isinstance(text, str) or len(text) != 10:
        raise ValueError(text)
    return datetime.date.fromisoformat(text)


def add_months(d, n):
    t = d.year * 12 + d.month - 1 + n
    y, m = divmod(t, 12)
    m += 1
    last = [31, 29 if (y % 4 == 0 and y % 100 != 0) or y % 400 == 0 else 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1]
    return datetime.date(y, m, min(d.day, last))


def age(birth, on):
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))


class Checker:
    def __init__(self, max_errors, keep_retracted=False):
        self.keep_retracted = keep_retracted
        self.errors = 0
        self.max_errors = max_errors

    def error(self, line, eid, message):
        self.errors += 1
        if self.errors <= self.max_errors:
            print(f"line {line} ({eid}): {message}")

    def run(self, path):
        events = []
        ids = {}
        last_recorded = None
        with open(path, "rb") as f:
            for n, raw in enumerate(f, 1):
                try:
                    e = json.loads(raw)
                except ValueError as x:
                    self.error(n, "?", f"not JSON: {x}")
                    continue
                eid = e.get("id")
                if not isinstance(eid, str) or not 1 <= len(eid) <= 128:
                    self.error(n, eid, "bad id")
                if eid in ids:
                    self.error(n, eid, f"duplicate id (line {ids[eid]})")
                ids[eid] = n
                t = e.get("type")
                if t not in FIELDS:
                    self.error(n, eid, f"unknown type {t!r}")
                    continue
                req, opt = FIELDS[t]
                keys = set(e)
                for k in req - keys:
                    self.error(n, eid, f"{t}: missing {k}")
                for k in keys - req - opt - COMMON:
                    self.error(n, eid, f"{t}: unknown field {k}")
                try:
                    e["_eff"] = date(e["effective"])
                except (KeyError, ValueError):
                    self.error(n, eid, "bad effective")
                    continue
                rec = e.get("recorded")
                if rec is not None:
                    if not RECORDED.match(rec):
                        self.error(n, eid, f"bad recorded {rec}")
                    else:
                        r = datetime.datetime.fromisoformat(rec.replace("Z", "+00:00"))
                        if r > datetime.datetime.now(datetime.timezone.utc):
                            self.error(n, eid, "recorded in the future")
                        if last_recorded is not None and r < last_recorded:
                            self.error(n, eid, "recorded earlier than the line before")
                        last_recorded = r
                self.check_values(n, e)
                e["_line"] = n
                events.append(e)
        retracted = {}
        for e in events:
            if e["type"] == "event.retracted":
                tgt = e.get("target")
                if tgt not in ids or ids[tgt] >= e["_line"]:
                    self.error(e["_line"], e["id"], f"retraction of {tgt}: no such earlier event")
                elif tgt in retracted:
                    self.error(e["_line"], e["id"], f"{tgt} already retracted")
                else:
                    retracted[tgt] = e["_line"]
        for tgt, n in retracted.items():
            if events[ids[tgt] - 1]["type"] == "event.retracted":
                self.error(n, "?", f"a retraction ({tgt}) cannot be retracted")
        live = [e for e in events if (self.keep_retracted or e["id"] not in retracted)
                and e["type"] != "event.retracted"]
        live.sort(key=lambda e: (e["_eff"], e["_line"]))
        self.apply_all(live)
        return len(events), len(retracted)

    def check_values(self, n, e):
        t, eid = e["type"], e.get("id")

        def need(field, allowed):
            v = e.get(field)
            if v is not None and v not in allowed:
                self.error(n, eid, f"{t}: bad {field} {v!r}")
        need("kind", KINDS)
        need("category", CATEGORIES)
        need("education", EDUCATION)
        need("theory", THEORY)
        need("reason", REASONS if t == "member.struck-off" else {e.get("reason")})
        need("penalty", PENALTIES)
        need("status", {"full", "probationary"})
        if t == "unit.rated":
            need("rating", UNIT_RATINGS)
        if t == "member.rated":
            need("rating", MEMBER_RATINGS)
        if "year" in e and not isinstance(e["year"], int):
            self.error(n, eid, "year is not an integer")
        p = e.get("person")
        if p is not None:
            if not isinstance(p, dict) or not {"name", "birthDate", "gender"} <= set(p) or set(p) - PERSON:
                self.error(n, eid, f"bad person {p}")
            else:
                try:
                    date(p["birthDate"])
                except ValueError:
                    self.error(n, eid, "bad birthDate")
                if p["gender"] not in ("male", "female"):
                    self.error(n, eid, "bad gender")
        for f in ("admitted",):
            if f in e:
                try:
                    date(e[f])
                except ValueError:
                    self.error(n, eid, f"bad {f}")

    def apply_all(self, live):
        # Units: parent, kind, active, member count (direct), active children count.
        parent, kind, active, members_in, children = {}, {}, {}, {}, {}
        # Members: state (probationary/full/removed), unit, probation start, birth,
        # left day, readmitted flag, exempted flag.
        state, munit, pstart, birth, left, readmitted, exempted = {}, {}, {}, {}, {}, set(), set()

        def ancestors(u):
            while u is not None:
                yield u
                u = parent.get(u)

        def is_active(u):
            return active.get(u, False)

        def join(m, u):
            munit[m] = u
            members_in[u] = members_in.get(u, 0) + 1

        def leave(m):
            u = munit.pop(m)
            members_in[u] -= 1

        for e in live:
            t, n, eid, d = e["type"], e["_line"], e["id"], e["_eff"]
            err = lambda msg: self.error(n, eid, f"{t} {e.get('member') or e.get('unit') or ''}: {msg}")
            if t.startswith("unit."):
                u = e.get("unit")
                if t == "unit.established":
                    if u in kind:
                        err("unit id seen before")
                        continue
                    p = e.get("parent")
                    if p is not None and not is_active(p):
                        err(f"parent {p} not active")
                    parent[u], kind[u], active[u] = p, e["kind"], True
                    if p is not None:
                        children[p] = children.get(p, 0) + 1
                    continue
                if t == "unit.merged":
                    into = e["into"]
                    if not is_active(into):
                        err(f"into {into} not active")
                    holds = False
                    for x in e["units"]:
                        if not is_active(x):
                            err(f"merged unit {x} not active")
                            continue
                        if x in set(ancestors(into)):
                            err(f"{into} is in the subtree of {x}")
                        if members_in.get(x, 0) > 0:
                            holds = True
                    if holds and kind.get(into) not in CELL_KINDS:
                        err(f"members merged into {into} of kind {kind.get(into)}")
                    for x in e["units"]:
                        if not is_active(x):
                            continue
                        for ch in [c for c, p in parent.items() if p == x and is_active(c)] if children.get(x) else []:
                            parent[ch] = into
                            children[x] -= 1
                            children[into] = children.get(into, 0) + 1
                        k = members_in.get(x, 0)
                        if k:
                            for m in [m for m, uu in munit.items() if uu == x]:
                                munit[m] = into
                            members_in[into] = members_in.get(into, 0) + k
                            members_in[x] = 0
                        active[x] = False
                        if parent.get(x) is not None:
                            children[parent[x]] -= 1
                    continue
                if not is_active(u):
                    err("unit not active")
                    continue
                if t == "unit.moved":
                    p = e["parent"]
                    if not is_active(p):
                        err(f"parent {p} not active")
                    elif u in set(ancestors(p)):
                        err("would become its own ancestor")
                    else:
                        children[parent[u]] -= 1
                        parent[u] = p
                        children[p] = children.get(p, 0) + 1
                elif t == "unit.dissolved":
                    if members_in.get(u, 0) > 0:
                        err(f"still holds {members_in[u]} members")
                    if children.get(u, 0) > 0:
                        err(f"still has {children[u]} active sub-units")
                    active[u] = False
                    if parent.get(u) is not None:
                        children[parent[u]] -= 1
                elif t == "unit.reclassified":
                    k = e.get("kind")
                    if k is not None:
                        if members_in.get(u, 0) > 0 and k not in CELL_KINDS:
                            err("holds members, must stay a cell kind")
                        kind[u] = k
                continue
            if not t.startswith("member."):
                continue
            m = e["member"]
            s = state.get(m)
            current = s in ("probationary", "full")
            if t in ("member.registered", "member.admitted"):
                if s is not None:
                    err("member id seen before")
                    continue
                try:
                    b = date(e["person"]["birthDate"])
                except (KeyError, ValueError, TypeError):
                    continue
                birth[m] = b
                if t == "member.admitted":
                    a = age(b, d)
                    if (a < 18 or a > 60) and not (a > 60 and e.get("decision")):
                        err(f"admission age {a}")
            elif t == "member.transferred-in":
                if current:
                    err("already a current member")
                    continue
            elif t == "member.readmitted":
                if s != "removed":
                    err("not a former member")
                    continue
                if m in readmitted:
                    err("readmitted before")
                if d < add_months(left[m], 36):
                    err(f"left {left[m]}, readmission needs 36 months")
            elif not current:
                err("not a current member")
                continue
            if t in ("member.registered", "member.admitted", "member.transferred-in", "member.readmitted",
                     "member.transferred"):
                u = e["unit"]
                if not is_active(u) or kind.get(u) not in CELL_KINDS:
                    err(f"unit {u} is not an active cell")
                    continue
                if t == "member.transferred":
                    if munit[m] == u:
                        err("transfer to its own cell")
                        continue
                    leave(m)
                join(m, u)
            if t == "member.registered" or t == "member.transferred-in":
                state[m] = e["status"]
                if e["status"] == "probationary":
                    pstart[m] = date(e["admitted"]) if "admitted" in e else d
                if t == "member.transferred-in" and "person" in e:
                    birth[m] = date(e["person"]["birthDate"])
            elif t == "member.admitted" or t == "member.readmitted":
                state[m] = "probationary"
                pstart[m] = d
                if t == "member.readmitted":
                    readmitted.add(m)
            elif t == "member.confirmed":
                if s != "probationary":
                    err("not probationary")
                elif d < add_months(pstart[m], 12):
                    err(f"probation began {pstart[m]}; earliest {add_months(pstart[m], 12)}")
                else:
                    state[m] = "full"
            elif t in REMOVALS:
                if t == "member.expelled" and s != "full":
                    err("only a full member can be expelled")
                state[m] = "removed"
                left[m] = d
                exempted.discard(m)
                leave(m)
            elif t == "member.disciplined":
                if e["penalty"] == "dismissal" and s != "full":
                    err("dismissal of a non-full member")
            elif t == "member.exempted":
                if m in exempted:
                    err("already exempted")
                exempted.add(m)
            elif t == "member.exemption-ended":
                if m not in exempted:
                    err("not exempted")
                exempted.discard(m)
        # Every member still current must be in an active cell.
        for m, u in munit.items():
            if not is_active(u):
                self.error(0, m, f"current member in inactive unit {u} at the end")


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("file")
    p.add_argument("--max-errors", type=int, default=30)
    p.add_argument("--keep-retracted", action="store_true",
                   help="check the timeline as it stood before the retractions (targets kept)")
    a = p.parse_args()
    c = Checker(a.max_errors, a.keep_retracted)
    n, r = c.run(a.file)
    print(f"{n} events, {r} retracted, {c.errors} errors")
    sys.exit(1 if c.errors else 0)


if __name__ == "__main__":
    main()
