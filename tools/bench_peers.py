#!/usr/bin/env python3
"""Peers for the Roster benchmark: the same history in DuckDB and in SQLite.

    python3 tools/bench_peers.py load  ENGINE HISTORY.jsonl DB
    python3 tools/bench_peers.py query ENGINE DB --at 2020-12-31 [--repeat 7]
    python3 tools/bench_peers.py report RUN_DIR      (used by tools/bench.sh)

ENGINE is `duckdb` or `sqlite`. Each phase runs in its own process (so that
/usr/bin/time -v gives its peak RSS) and prints one JSON object on stdout.

load: creates the database file DB (removed first) with a table `ev`, one row
per event, `line` = its position in the file (1, 2, 3 ...), which is `seq`
for a file appended as one batch:
  * DuckDB: `read_json(format='newline_delimited', columns={...})` with every
    field of docs/FORMAT.md typed explicitly (dates as DATE, `person` as a STRUCT,
    `units` as VARCHAR[]), `row_number() OVER ()` for the line. DuckDB keeps
    insertion order by default; the load checks it on sampled lines against
    the file and fails loudly if it ever does not hold.
  * SQLite (Python's sqlite3): the JSON1 way: raw lines inserted by
    executemany into `raw(line INTEGER PRIMARY KEY, j TEXT)` (no parsing in
    Python), then `ev` built by `j ->> '$.field'` for every top-level field,
    in one transaction; journal_mode=WAL, synchronous=NORMAL.

query: opens DB in a new process and asks, `repeat` times, the question every
engine answers in the benchmark: members current on D by education, docs/REPORTS.md's
way (events ordered by effective date then line; retracted events ignored;
a member's education is the value of the last event naming it, unknown when
none). The first run is the cold one (new process, database just opened);
the median of the others is "warm".
"""
import json
import os
import random
import statistics
import sys
import time

JOINS = ("member.registered", "member.admitted", "member.readmitted", "member.transferred-in")
REMOVALS = ("member.expelled", "member.struck-off", "member.resigned", "member.died", "member.transferred-out")
EDUCATION = ["postgraduate", "university", "college", "intermediate", "basic", "unknown"]

# Every field docs/FORMAT.md allows, with the type used in DuckDB.
DUCK_COLUMNS = {
    "id": "VARCHAR", "type": "VARCHAR", "effective": "DATE", "recorded": "VARCHAR",
    "actor": "VARCHAR", "decision": "VARCHAR", "note": "VARCHAR", "seq": "BIGINT", "hash": "VARCHAR",
    "unit": "VARCHAR", "name": "VARCHAR", "kind": "VARCHAR", "category": "VARCHAR", "parent": "VARCHAR",
    "units": "VARCHAR[]", "into": "VARCHAR", "year": "INTEGER", "rating": "VARCHAR",
    "member": "VARCHAR",
    "person": "STRUCT(name VARCHAR, birthDate DATE, gender VARCHAR, ethnicity VARCHAR, religion VARCHAR)",
    "status": "VARCHAR", "admitted": "DATE", "education": "VARCHAR", "theory": "VARCHAR",
    "from": "VARCHAR", "to": "VARCHAR", "reason": "VARCHAR", "penalty": "VARCHAR",
    "gender": "VARCHAR", "ethnicity": "VARCHAR", "religion": "VARCHAR", "birthDate": "DATE",
    "target": "VARCHAR",
}


def question_sql(at, date_literal):
    joins = ", ".join(f"'{t}'" for t in JOINS)
    both = ", ".join(f"'{t}'" for t in JOINS + REMOVALS)
    return f"""
WITH live AS (
    SELECT line, effective, type, member, education FROM ev
    WHERE type LIKE 'member.%' AND effective <= {date_literal}
      AND id NOT IN (SELECT target FROM ev WHERE type = 'event.retracted')
),
last_membership AS (
    SELECT member, type,
           row_number() OVER (PARTITION BY member ORDER BY effective DESC, line DESC) AS rn
    FROM live WHERE type IN ({both})
),
cur AS (SELECT member FROM last_membership WHERE rn = 1 AND type IN ({joins})),
last_education AS (
    SELECT member, education,
           row_number() OVER (PARTITION BY member ORDER BY effective DESC, line DESC) AS rn
    FROM live WHERE education IS NOT NULL
)
SELECT coalesce(e.education, 'unknown') AS education, count(*) AS n
FROM cur LEFT JOIN last_education e ON e.member = cur.member AND e.rn = 1
GROUP BY 1
"""


def by_education(rows):
    out = {k: 0 for k in EDUCATION}
    for k, n in rows:
        out[k if k in out else "unknown"] += n
    return out


def sample_ids(path, count, seed=7):
    """(line, id) for `count` random lines of the file, for the order check."""
    with open(path, "rb") as f:
        total = sum(1 for _ in f)
    rnd = random.Random(seed)
    want = set(rnd.sample(range(1, total + 1), min(count, total)))
    got = []
    with open(path, "rb") as f:
        for n, raw in enumerate(f, 1):
            if n in want:
                got.append((n, json.loads(raw)["id"]))
    return total, got


def load_duckdb(path, db):
    import duckdb
    con = duckdb.connect(db)
    cols = "{" + ", ".join(f"'{k}': '{v}'" for k, v in DUCK_COLUMNS.items()) + "}"
    t0 = time.perf_counter()
    con.execute(f"""
        CREATE TABLE ev AS
        SELECT row_number() OVER () AS line, *
        FROM read_json('{path}', format = 'newline_delimited', columns = {cols})
    """)
    con.execute("CHECKPOINT")
    seconds = time.perf_counter() - t0
    events = con.execute("SELECT count(*) FROM ev").fetchone()[0]
    return con, seconds, events, {"version": duckdb.__version__,
                                  "threads": con.execute("SELECT current_setting('threads')").fetchone()[0]}


def load_sqlite(path, db):
    import sqlite3
    con = sqlite3.connect(db)
    con.execute("PRAGMA journal_mode = WAL")
    con.execute("PRAGMA synchronous = NORMAL")
    fields = [k for k in DUCK_COLUMNS if k not in ("seq",)]
    t0 = time.perf_counter()
    with con:
        con.execute("CREATE TABLE raw (line INTEGER PRIMARY KEY, j TEXT NOT NULL)")
        with open(path, "r", encoding="utf-8") as f:
            con.executemany("INSERT INTO raw (j) VALUES (?)", ((l,) for l in f if l.strip()))
        select = ", ".join(f"j ->> '$.\"{k}\"' AS \"{k}\"" for k in fields)
        con.execute(f"CREATE TABLE ev AS SELECT line, {select} FROM raw")
        con.execute("DROP TABLE raw")
    seconds = time.perf_counter() - t0
    events = con.execute("SELECT count(*) FROM ev").fetchone()[0]
    return con, seconds, events, {"version": sqlite3.sqlite_version, "threads": 1,
                                  "method": "JSON1: executemany of raw lines, then ->> extraction in SQL"}


def phase_load(engine, path, db):
    for suffix in ("", ".wal", "-wal", "-shm", "-journal"):
        if os.path.exists(db + suffix):
            os.remove(db + suffix)
    path = os.path.abspath(path)
    loader = load_duckdb if engine == "duckdb" else load_sqlite
    con, seconds, events, info = loader(path, db)
    # The line numbers must be file positions: check a sample.
    total, sample = sample_ids(path, 2000)
    if events != total:
        raise SystemExit(f"{engine}: loaded {events} events, the file has {total} lines")
    in_db = dict(con.execute(
        "SELECT line, id FROM ev WHERE line IN (" + ",".join(str(n) for n, _ in sample) + ")").fetchall())
    bad = sum(1 for n, eid in sample if in_db.get(n) != eid)
    if bad:
        raise SystemExit(f"{engine}: {bad} of {len(sample)} sampled lines out of file order")
    con.close()
    return {"engine": engine, "phase": "load", "events": events, "seconds": seconds,
            "eventsPerSecond": events / seconds, "dbBytes": db_size(db), "orderChecked": len(sample), **info}


def db_size(db):
    return sum(os.path.getsize(db + s) for s in ("", ".wal", "-wal") if os.path.exists(db + s))


def phase_query(engine, db, at, repeat):
    t0 = time.perf_counter()
    if engine == "duckdb":
        import duckdb
        con = duckdb.connect(db, read_only=True)
        sql = question_sql(at, f"DATE '{at}'")
    else:
        import sqlite3
        con = sqlite3.connect(db)
        sql = question_sql(at, f"'{at}'")
    open_seconds = time.perf_counter() - t0
    runs, cpu_runs = [], []
    answer = None
    for _ in range(repeat):
        t, c = time.perf_counter(), time.process_time()
        rows = con.execute(sql).fetchall()
        runs.append(time.perf_counter() - t)
        cpu_runs.append(time.process_time() - c)
        a = by_education(rows)
        if answer is not None and a != answer:
            raise SystemExit(f"{engine}: answers differ between runs")
        answer = a
    warm = runs[1:] or runs
    return {"engine": engine, "phase": "query", "at": at, "openSeconds": open_seconds,
            "coldSeconds": runs[0], "warmMedianSeconds": statistics.median(warm),
            "warmMedianCpuSeconds": statistics.median(cpu_runs[1:] or cpu_runs),
            "runs": runs, "cpuRuns": cpu_runs, "byEducation": answer}


# ---- report: read a bench.sh run directory, check answers, print the table.

def read_time_v(path):
    """Wall, user, sys seconds and peak RSS (KiB) from /usr/bin/time -v."""
    out = {}
    with open(path) as f:
        for line in f:
            k, _, v = line.strip().rpartition(": ")
            if k == "User time (seconds)":
                out["user"] = float(v)
            elif k == "System time (seconds)":
                out["sys"] = float(v)
            elif k == "Maximum resident set size (kbytes)":
                out["rssKiB"] = int(v)
    return out


def read_loop(run):
    """(count, mean seconds) of the back-to-back snapshot processes, or None."""
    path = os.path.join(run, "roster-snapshot-loop.txt")
    if not os.path.exists(path):
        return None
    with open(path) as f:
        count, total = f.read().split()
    return int(count), int(total) / int(count) / 1e9


def report(run):
    names = sorted(n[:-5] for n in os.listdir(run) if n.endswith(".wall"))
    m = {}
    for n in names:
        rec = read_time_v(os.path.join(run, n + ".time"))
        with open(os.path.join(run, n + ".wall")) as f:
            rec["wall"] = int(f.read()) / 1e9
        with open(os.path.join(run, n + ".out"), encoding="utf-8") as f:
            text = f.read()
        try:
            rec["json"] = json.loads(text)
        except ValueError:
            rec["text"] = text.strip()
        m[n] = rec
    machine = {}
    with open(os.path.join(run, "machine.txt")) as f:
        for line in f:
            k, _, v = line.rstrip("\n").partition("=")
            machine[k] = v
    expected = None
    with open(machine["history"] + ".summary") as f:
        for line in f:
            if line.startswith("expected: "):
                expected = json.loads(line[len("expected: "):])
    events = int(machine["history_lines"])

    def series(prefix):
        return [m[n] for n in names if n.startswith(prefix)]

    def med(recs, key="wall"):
        return statistics.median(r[key] for r in recs)

    rows, checks, problems = [], [], []

    def row(what, wall, rec=None, note="", cpu=None):
        rss = f"{rec['rssKiB'] / 1024:.0f} MiB" if rec and "rssKiB" in rec else ""
        if cpu is None and rec and "user" in rec:
            cpu = rec["user"] + rec["sys"]
        rows.append((what, f"{wall:.3f}", "" if cpu is None else f"{cpu:.2f}", rss, note))

    def cpu_med(recs):
        return statistics.median(r["user"] + r["sys"] for r in recs)

    have_roster = "roster-append" in m
    if have_roster:
        ap = m["roster-append"]
        row("roster init", m["roster-init"]["wall"], m["roster-init"])
        row("roster append (1 batch)", ap["wall"], ap, f"{events / ap['wall']:,.0f} events/s")
        ve = series("roster-verify-")
        if ve:
            row(f"roster verify (median of {len(ve)})", med(ve), max(ve, key=lambda r: r["rssKiB"]), cpu=cpu_med(ve))
        row("roster snapshot, cold (1st process after append)", m["roster-snapshot-cold"]["wall"],
            m["roster-snapshot-cold"])
        loop = read_loop(run)
        if loop:
            row(f"roster snapshot, warm (mean of {loop[0]} processes back to back, no /usr/bin/time)", loop[1], None,
                "the steadier figure at small sizes")
        warm = series("roster-snapshot-warm-")
        row(f"roster snapshot, warm (median of {len(warm)} processes)", med(warm), max(warm, key=lambda r: r["rssKiB"]),
            f"wall min {min(r['wall'] for r in warm):.3f}, max {max(r['wall'] for r in warm):.3f}", cpu=cpu_med(warm))
        fl = series("roster-flows-")
        row(f"roster flows {machine['from']}..{machine['at']} (median of {len(fl)})", med(fl),
            max(fl, key=lambda r: r["rssKiB"]), cpu=cpu_med(fl))
        ka = series("roster-knownat-")
        row(f"roster snapshot --known-at (median of {len(ka)})", med(ka), max(ka, key=lambda r: r["rssKiB"]),
            "known-at " + machine.get("known_at", "?"), cpu=cpu_med(ka))
    if "fold" in m:
        row("fold.py (Python reference, streaming)", m["fold"]["wall"], m["fold"])
        row("fold.py --known-at", m["fold-knownat"]["wall"], m["fold-knownat"])
    peers = {}
    for engine in ("duckdb", "sqlite"):
        if engine + "-load" not in m:
            continue
        ld, q = m[engine + "-load"], m[engine + "-query"]
        lj, qj = ld["json"], q["json"]
        peers[engine] = (lj, qj)
        row(f"{engine} load (in process)", lj["seconds"], ld,
            f"{lj['eventsPerSecond']:,.0f} events/s; process {ld['wall']:.2f} s incl. order check")
        row(f"{engine} query, first in a new process", qj["openSeconds"] + qj["coldSeconds"], q,
            f"open {qj['openSeconds']:.3f} + query {qj['coldSeconds']:.3f}; process {q['wall']:.2f} s")
        row(f"{engine} query, warm (median of {len(qj['runs']) - 1}, in process)", qj["warmMedianSeconds"], None,
            f"wall min {min(qj['runs'][1:] or qj['runs']):.3f}", cpu=qj.get("warmMedianCpuSeconds"))

    # Same answer everywhere.
    answers = {}
    if expected:
        answers["roster-gen (its own state)"] = expected["byEducation"]
    if "fold" in m:
        answers["fold.py"] = m["fold"]["json"]["byEducation"]
    if have_roster:
        answers["roster snapshot (cold)"] = m["roster-snapshot-cold"]["json"]["byEducation"]
        for r in series("roster-snapshot-warm-"):
            if r["json"]["byEducation"] != answers["roster snapshot (cold)"]:
                problems.append("roster warm snapshots disagree with the cold one")
        answers["roster snapshot (warm)"] = series("roster-snapshot-warm-")[0]["json"]["byEducation"]
    for engine, (_, qj) in peers.items():
        answers[engine] = qj["byEducation"]
    ref_name = "fold.py" if "fold.py" in answers else "roster-gen (its own state)"
    ref = answers[ref_name]
    for k, v in answers.items():
        same = v == ref
        checks.append((k, json.dumps(v), "same" if same else "DIFFERENT"))
        if not same:
            problems.append(f"byEducation of {k} differs from {ref_name}")
    if have_roster:
        rs = m["roster-snapshot-cold"]["json"]["members"]
        fm = m["fold"]["json"]["members"] if "fold" in m else expected["members"]
        for k in ("total", "full", "probationary"):
            if rs[k] != fm[k]:
                problems.append(f"members.{k}: roster {rs[k]}, {ref_name} {fm[k]}")
        if "fold-knownat" in m:
            fk = m["fold-knownat"]["json"]
            rk = series("roster-knownat-")[0]["json"]
            same = rk["byEducation"] == fk["byEducation"] and all(rk["members"][k] == fk["members"][k] for k in ("total", "full", "probationary"))
            checks.append(("roster --known-at vs fold.py --known-at", json.dumps(rk["byEducation"]), "same" if same else "DIFFERENT"))
            if not same:
                problems.append("known-at snapshot differs from fold.py --known-at")
        fl = series("roster-flows-")[0]["json"]
        bal = fl["start"] + sum(fl["in"].values()) - sum(fl["out"].values()) == fl["end"]
        checks.append(("roster flows balance start + in - out = end", f"{fl['start']} -> {fl['end']}", "holds" if bal else "BROKEN"))
        if not bal:
            problems.append("flows balance broken")

    ratios = []
    if have_roster:
        warm = med(series("roster-snapshot-warm-"))
        warm_cpu = cpu_med(series("roster-snapshot-warm-"))
        cold = m["roster-snapshot-cold"]["wall"]
        ap = m["roster-append"]["wall"]
        for engine, (lj, qj) in peers.items():
            ratios.append((f"roster warm snapshot (whole process) / {engine} warm query (in process), wall",
                           f"{warm / qj['warmMedianSeconds']:.3g}"))
            if qj.get("warmMedianCpuSeconds"):
                ratios.append((f"roster warm snapshot (whole process) / {engine} warm query (in process), CPU",
                               f"{warm_cpu / qj['warmMedianCpuSeconds']:.3g}" if warm_cpu > 0 else
                               "n/a: roster's CPU is below /usr/bin/time's 10 ms resolution"))
            loop = read_loop(run)
            if loop:
                ratios.append((f"roster warm snapshot (mean of {loop[0]} processes back to back) / {engine} warm query (in process), wall",
                               f"{loop[1] / qj['warmMedianSeconds']:.3g}"))
            ratios.append((f"roster cold snapshot (whole process) / {engine} first query in a new process (open + query)",
                           f"{cold / (qj['openSeconds'] + qj['coldSeconds']):.3g}"))
            ratios.append((f"roster append events/s / {engine} load events/s",
                           f"{(events / ap) / lj['eventsPerSecond']:.3g}"))

    out = []
    out.append(f"History: {machine['size']} members (seed {machine['seed']}, history factor {machine['hf']}); {events:,} events, {int(machine['history_bytes']) / 1e6:,.0f} MB ({machine['history']})")
    out.append(f"Machine: {machine['nproc']} cores, {machine['cpu']}, {int(machine['mem_kb']) / 1048576:.1f} GiB; "
               f"load average {machine['loadavg_start']} at start, {machine.get('loadavg_end', '?')} at end; {machine['date']}; commit {machine['commit']}")
    if "ledger_bytes" in machine and have_roster:
        out.append(f"Roster ledger on disk: {int(machine['ledger_bytes']) / 1e6:,.0f} MB")
    out.append("")
    out.append("| measurement | wall s | CPU s (user+sys) | peak RSS | notes |")
    out.append("| --- | ---: | ---: | ---: | --- |")
    for r in rows:
        out.append("| " + " | ".join(r) + " |")
    if ratios:
        out.append("")
        out.append("| ratio | value |")
        out.append("| --- | ---: |")
        for r in ratios:
            out.append(f"| {r[0]} | {r[1]} |")
    out.append("")
    out.append("| members on " + machine["at"] + " by education | answer | vs " + ref_name + " |")
    out.append("| --- | --- | --- |")
    for c in checks:
        out.append(f"| {c[0]} | `{c[1]}` | {c[2]} |")
    out.append("")
    out.append("ALL ANSWERS AGREE" if not problems else "PROBLEMS: " + "; ".join(problems))
    text = "\n".join(out)
    print(text)
    with open(os.path.join(run, "results.md"), "w", encoding="utf-8") as f:
        f.write(text + "\n")
    with open(os.path.join(run, "results.json"), "w", encoding="utf-8") as f:
        json.dump({"machine": machine, "measurements": {k: {kk: vv for kk, vv in v.items() if kk != "text"} for k, v in m.items()},
                   "problems": problems}, f, indent=1, ensure_ascii=False)
    return 1 if problems else 0


def main(argv):
    if len(argv) == 2 and argv[0] == "report":
        sys.exit(report(argv[1]))
    if len(argv) >= 4 and argv[0] == "load" and argv[1] in ("duckdb", "sqlite"):
        result = phase_load(argv[1], argv[2], argv[3])
    elif len(argv) >= 3 and argv[0] == "query" and argv[1] in ("duckdb", "sqlite"):
        at, repeat = "2020-12-31", 7
        rest = argv[3:]
        while rest:
            k = rest.pop(0)
            if k == "--at":
                at = rest.pop(0)
            elif k == "--repeat":
                repeat = int(rest.pop(0))
            else:
                raise SystemExit(f"unknown argument {k}")
        result = phase_query(argv[1], argv[2], at, repeat)
    else:
        raise SystemExit(__doc__)
    json.dump(result, sys.stdout)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main(sys.argv[1:])
