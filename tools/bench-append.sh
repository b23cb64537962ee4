#!/usr/bin/env bash
# Times small daily batches appended onto a large ledger.
#
#   tools/bench-append.sh ROSTER HISTORY.jsonl WORK [BATCHES] [SIZE]
#
# ROSTER is the roster binary to time (e.g. .build/release/roster), HISTORY a
# generated history (roster-gen), WORK a directory that is emptied. The last
# BATCHES×SIZE lines (default 5×100) of HISTORY are cut off; the rest is
# appended as one batch (the big append), then the cut lines as BATCHES
# batches of SIZE lines, one after the other, each a new process under
# /usr/bin/time -v. Prints one line per process: wall s, CPU s (user+sys),
# peak RSS MiB, the load average before it, and what roster printed.
set -euo pipefail

ROSTER=${1:?usage: tools/bench-append.sh ROSTER HISTORY.jsonl WORK [BATCHES] [SIZE]}
HISTORY=${2:?usage: tools/bench-append.sh ROSTER HISTORY.jsonl WORK [BATCHES] [SIZE]}
WORK=${3:?usage: tools/bench-append.sh ROSTER HISTORY.jsonl WORK [BATCHES] [SIZE]}
BATCHES=${4:-5}
SIZE=${5:-100}

[ -x /usr/bin/time ] || { echo "needs /usr/bin/time (apt-get install time)" >&2; exit 2; }
rm -rf "$WORK"
mkdir -p "$WORK"
LINES=$(wc -l < "$HISTORY")
TAIL=$((BATCHES * SIZE))
head -n $((LINES - TAIL)) "$HISTORY" > "$WORK/base.jsonl"
tail -n "$TAIL" "$HISTORY" | split -l "$SIZE" -d -a 3 - "$WORK/batch-"

# run NAME ARGS…: one timed process.
run() {
    local name=$1; shift
    local load
    load=$(cut -d' ' -f1 /proc/loadavg)
    /usr/bin/time -v -o "$WORK/$name.time" "$@" > "$WORK/$name.out" 2>&1
    awk -v name="$name" -v load="$load" -v out="$(tr '\n' ' ' < "$WORK/$name.out")" '
        /Elapsed \(wall clock\)/ { n = split($NF, t, ":"); wall = (n == 3 ? t[1] * 3600 + t[2] * 60 + t[3] : t[1] * 60 + t[2]) }
        /User time/ { cpu += $NF } /System time/ { cpu += $NF }
        /Maximum resident/ { rss = $NF / 1024 }
        END { printf "%-12s wall %8.3f s  cpu %8.2f s  peak %7.0f MiB  load %s  | %s\n", name, wall, cpu, rss, load, out }
    ' "$WORK/$name.time"
}

"$ROSTER" init --ledger "$WORK/ledger" > /dev/null
run big "$ROSTER" append --ledger "$WORK/ledger" "$WORK/base.jsonl"
for b in "$WORK"/batch-*; do
    run "$(basename "$b")" "$ROSTER" append --ledger "$WORK/ledger" "$b"
done
