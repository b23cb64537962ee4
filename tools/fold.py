#!/usr/bin/env python3
"""Independent reference fold for Roster histories (docs/FORMAT.md, docs/RULES.md), standard library only.

For a JSON Lines history (one or more files, taken in the given order as one
log) and a date D, prints the members current on D, split by status,
education and theory, as JSON:

    python3 tools/fold.py HISTORY.jsonl --at 2020-12-31 [--known-at T]

Semantics (docs/FORMAT.md-§4):
  * events apply in order of `effective`, then of line position (= seq for a
    log appended as these files, in this order);
  * `event.retracted` removes its target (with --known-at T: only retractions
    recorded at or before T; and only events recorded at or before T count);
  * a member is current on D when the last membership event (registered,
    admitted, readmitted, transferred-in, or a removal) with effective <= D
    is one that makes a member;
  * education/theory: the value of the last event naming the field
    (registered, admitted, transferred-in, updated) with effective <= D;
    unknown when none did. A transferred-in without the field keeps the value
    the member had before leaving (the contract is silent; this is what
    shared/conformance/expected.json implies, and what the generator avoids
    relying on).
  * status: registered/transferred-in give `status`, admitted/readmitted give
    probationary, confirmed gives full.

It streams: pass 1 collects retracted ids (and the known-at cut), pass 2 keeps
per member only the latest relevant event of each kind, so memory is a few
small tuples per member, never the event list.
"""
import argparse
import datetime
import json
import sys

JOINS = {"member.registered", "member.admitted", "member.readmitted", "member.transferred-in"}
REMOVALS = {"member.expelled", "member.struck-off", "member.resigned", "member.died",
            "member.transferred-out"}
EDUCATION = ["postgraduate", "university", "college", "intermediate", "basic", "unknown"]
THEORY = ["advanced", "intermediate", "elementary", "none", "unknown"]


def parse_instant(text):
    """RFC 3339 timestamp or a date (= end of that day, UTC) -> aware datetime."""
    if len(text) == 10:
        d = datetime.date.fromisoformat(text)
        return datetime.datetime(d.year, d.month, d.day, 23, 59, 59, 999999,
                                 tzinfo=datetime.timezone.utc)
    t = text.replace("Z", "+00:00").replace("z", "+00:00")
    return datetime.datetime.fromisoformat(t).astimezone(datetime.timezone.utc)


class Recorded:
    """Caches the parse of `recorded` strings (they repeat for ~1000 lines)."""

    def __init__(self, known_at):
        self.known_at = known_at
        self.last_text = None
        self.last_ok = True

    def visible(self, event):
        if self.known_at is None:
            return True
        text = event.get("recorded")
        if text is None:  # assigned at append time, i.e. after any T we could be given
            return False
        if text != self.last_text:
            self.last_text = text
            self.last_ok = parse_instant(text) <= self.known_at
        return self.last_ok


def lines(paths):
    for path in paths:
        with open(path, "rb") as f:
            for raw in f:
                if raw.strip():
                    yield raw


def fold(paths, at, known_at=None):
    # Pass 1: retracted ids. Recorded times are non-decreasing in log order,
    # so with --known-at the visible events are a prefix; we still test each.
    rec = Recorded(known_at)
    retracted = set()
    for raw in lines(paths):
        if b'"event.retracted"' not in raw:
            continue
        e = json.loads(raw)
        if e.get("type") == "event.retracted" and rec.visible(e):
            retracted.add(e["target"])

    # Pass 2: per member, latest (effective, line) of each kind of fact.
    rec = Recorded(known_at)
    membership = {}  # member -> (key, is_current)
    status = {}      # member -> (key, "full"|"probationary")
    education = {}   # member -> (key, value)
    theory = {}
    at_text = at
    line = 0
    for raw in lines(paths):
        line += 1
        if b'"member.' not in raw:
            continue
        e = json.loads(raw)
        t = e.get("type", "")
        if not t.startswith("member."):
            continue
        if e["effective"] > at_text or not rec.visible(e):
            continue
        if e["id"] in retracted:
            continue
        m = e["member"]
        key = (e["effective"], line)
        if t in JOINS or t in REMOVALS:
            old = membership.get(m)
            if old is None or old[0] < key:
                membership[m] = (key, t in JOINS)
        st = None
        if t == "member.registered" or t == "member.transferred-in":
            st = e.get("status")
        elif t == "member.admitted" or t == "member.readmitted":
            st = "probationary"
        elif t == "member.confirmed":
            st = "full"
        if st is not None:
            old = status.get(m)
            if old is None or old[0] < key:
                status[m] = (key, st)
        for field, table in (("education", education), ("theory", theory)):
            if field in e:
                old = table.get(m)
                if old is None or old[0] < key:
                    table[m] = (key, e.get(field))

    out = {
        "at": at,
        "knownAt": None if known_at is None else known_at.isoformat().replace("+00:00", "Z"),
        "members": {"total": 0, "full": 0, "probationary": 0},
        "byEducation": {k: 0 for k in EDUCATION},
        "byTheory": {k: 0 for k in THEORY},
    }
    for m, (_, current) in membership.items():
        if not current:
            continue
        out["members"]["total"] += 1
        st = status.get(m)
        if st is not None and st[1] in ("full", "probationary"):
            out["members"][st[1]] += 1
        ed = education.get(m)
        v = ed[1] if ed is not None and ed[1] in out["byEducation"] else "unknown"
        out["byEducation"][v] += 1
        th = theory.get(m)
        v = th[1] if th is not None and th[1] in out["byTheory"] else "unknown"
        out["byTheory"][v] += 1
    return out


def main(argv):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("files", nargs="+", help="JSON Lines history, in log order")
    p.add_argument("--at", required=True, help="date D (YYYY-MM-DD)")
    p.add_argument("--known-at", help="RFC 3339 timestamp or date (end of that day, UTC)")
    a = p.parse_args(argv)
    datetime.date.fromisoformat(a.at)
    known_at = parse_instant(a.known_at) if a.known_at else None
    result = fold(a.files, a.at, known_at)
    json.dump(result, sys.stdout, ensure_ascii=False)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main(sys.argv[1:])
