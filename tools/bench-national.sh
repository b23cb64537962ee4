#!/usr/bin/env bash
# The interactive operations on a large ledger, each a separate process
# under /usr/bin/time -v: the bulk append, three daily batches of 100
# events, one `record`, the audit trail of a member and of a unit, flows,
# a snapshot, and verify; then SHA-256 over the log (the floor of verify),
# and the audit trail once more after the entity index is removed (its
# rebuild, a full read) and after that.
#
#   tools/bench-national.sh ROSTER HISTORY.jsonl WORK
#
# ROSTER is the roster binary (e.g. .build/release/roster), HISTORY a
# generated history (roster-gen), WORK a directory that is emptied. The
# batches are cut out of HISTORY before the bulk append:
#   batch-1  100 late confirmations: member.confirmed events of the last
#            200,000 lines whose members have no later event, held back
#            (so they arrive after events that follow them in effective time)
#   batch-2  a retraction of a member.rated (or member.updated) event of the
#            bulk, and 99 of the last lines of HISTORY
#   batch-3  a unit.renamed (of the unit of the last unit.rated or transfer,
#            on its date), and the 99 lines after those
# Held-back lines lose their `recorded` time (the ledger assigns it).
# Prints one line per process: wall s, CPU s (user+sys), peak RSS MiB, the
# load average before it, and what roster printed (first 160 characters).
set -euo pipefail

usage="usage: tools/bench-national.sh ROSTER HISTORY.jsonl WORK"
ROSTER=${1:?$usage}
HISTORY=${2:?$usage}
WORK=${3:?$usage}

[ -x /usr/bin/time ] || { echo "needs /usr/bin/time (apt-get install time)" >&2; exit 2; }
rm -rf "$WORK"
mkdir -p "$WORK"
LINES=$(wc -l < "$HISTORY")
WINDOW=200000
[ "$LINES" -gt $((WINDOW * 2)) ] || WINDOW=$((LINES / 4))
head -n $((LINES - WINDOW)) "$HISTORY" > "$WORK/base.jsonl"
tail -n "$WINDOW" "$HISTORY" | python3 -c '
import json, re, sys
work = sys.argv[1]
lines = sys.stdin.read().splitlines()
tail = lines[-198:]
window = lines[:-198]
def member(l):
    m = re.search(r"\"member\": ?\"([^\"]*)\"", l)
    return m.group(1) if m else None
last = {}
for i, l in enumerate(lines):
    m = member(l)
    if m: last[m] = i
held = [i for i, l in enumerate(window) if "\"member.confirmed\"" in l and last.get(member(l)) == i][-100:]
assert len(held) == 100, "only %d confirmations to hold back" % len(held)
rated = next(json.loads(l) for l in reversed(window) if "\"member.rated\"" in l or "\"member.updated\"" in l)
alive = next(json.loads(l) for l in reversed(lines) if "\"unit.rated\"" in l or "\"member.transferred\"" in l)
cell, day = alive["unit"], alive["effective"]
strip = lambda l: re.sub(r",\s*\"recorded\": ?\"[^\"]*\"", "", l)
heldset = set(held)
with open(work + "/base.jsonl", "a") as f:
    for i, l in enumerate(window):
        if i not in heldset: f.write(l + "\n")
with open(work + "/batch-1.jsonl", "w") as f:
    for i in held: f.write(strip(window[i]) + "\n")
with open(work + "/batch-2.jsonl", "w") as f:
    f.write(json.dumps({"id": "bench-retraction", "type": "event.retracted", "effective": rated["effective"],
                        "target": rated["id"], "reason": "benchmark: rating entered twice"}, ensure_ascii=False) + "\n")
    for l in tail[:99]: f.write(strip(l) + "\n")
with open(work + "/batch-3.jsonl", "w") as f:
    f.write(json.dumps({"id": "bench-rename", "type": "unit.renamed", "effective": day,
                        "unit": cell, "name": "Chi bộ (benchmark)"}, ensure_ascii=False) + "\n")
    for l in tail[99:]: f.write(strip(l) + "\n")
with open(work + "/subjects", "w") as f:
    f.write("%s %s %s %s\n" % (rated["member"], cell, member(window[held[0]]), day))
' "$WORK"
read -r MEMBER UNIT LATE DAY < "$WORK/subjects"

# run NAME ARGS…: one timed process.
run() {
    local name=$1; shift
    local load
    load=$(cut -d' ' -f1 /proc/loadavg)
    /usr/bin/time -v -o "$WORK/$name.time" "$@" > "$WORK/$name.out" 2> "$WORK/$name.err" || { echo "$name failed:"; cat "$WORK/$name.err"; exit 1; }
    awk -v name="$name" -v load="$load" -v out="$(head -c 160 "$WORK/$name.out" | tr '\n' ' ')" '
        /Elapsed \(wall clock\)/ { n = split($NF, t, ":"); wall = (n == 3 ? t[1] * 3600 + t[2] * 60 + t[3] : t[1] * 60 + t[2]) }
        /User time/ { cpu += $NF } /System time/ { cpu += $NF }
        /Maximum resident/ { rss = $NF / 1024 }
        END { printf "%-16s wall %8.3f s  cpu %8.2f s  peak %7.0f MiB  load %5s  | %s\n", name, wall, cpu, rss, load, out }
    ' "$WORK/$name.time"
}

export ROSTER_LEDGER="$WORK/ledger"
"$ROSTER" init > /dev/null
echo "history: $LINES lines, $(du -h "$HISTORY" | cut -f1); member $MEMBER, unit $UNIT, late confirmation of $LATE"
run bulk "$ROSTER" append "$WORK/base.jsonl"
for b in 1 2 3; do run "batch-$b" "$ROSTER" append "$WORK/batch-$b.jsonl"; done
run record "$ROSTER" record unit-rename --unit "$UNIT" --name "Chi bộ (benchmark, record)" --date "$DAY" --id bench-record
run history-member "$ROSTER" history member "$MEMBER"
run history-late "$ROSTER" history member "$LATE"
run history-unit "$ROSTER" history unit "$UNIT"
run flows "$ROSTER" report flows --from 2010-12-31 --to 2020-12-31
run snapshot "$ROSTER" report snapshot --at 2020-12-31
run verify "$ROSTER" verify
# The physical floor of verify and of the bulk append's chain: SHA-256 over
# every byte of the log: coreutils (portable C), and OpenSSL (which uses the
# CPU's SHA instructions when it has them).
run sha256sum sh -c 'cat "$1"/log/*.seg | sha256sum' sh "$ROSTER_LEDGER"
if command -v openssl > /dev/null; then
    run sha256-openssl sh -c 'cat "$1"/log/*.seg | openssl dgst -sha256' sh "$ROSTER_LEDGER"
fi
echo "log size: $(du -cb "$ROSTER_LEDGER"/log/*.seg | tail -1 | cut -f1) bytes; index: $(du -sb "$ROSTER_LEDGER/index" | cut -f1) bytes; cache: $(du -sb "$ROSTER_LEDGER/cache" | cut -f1) bytes"
# The audit trail again after the index is removed: the rebuild (a full read).
rm -rf "$ROSTER_LEDGER/index"
run history-rebuild "$ROSTER" history member "$MEMBER"
run history-after "$ROSTER" history member "$MEMBER"
if cmp -s "$WORK/history-rebuild.out" "$WORK/history-member.out"; then
    echo "the audit trail through the entity index is byte for byte the full read's"
else
    echo "DIFFERENT: the audit trail through the entity index differs from the full read's" >&2
    exit 1
fi
