#!/usr/bin/env bash
# Benchmark Roster against DuckDB and SQLite on one synthetic history.
#
#   tools/bench.sh SIZE            e.g. tools/bench.sh 50000
#
# Environment (all optional):
#   SEED=1        generator seed
#   HF=1          generator --history-factor (same membership, ~HF x the events)
#   REPEAT=7      runs of each repeated measurement (median reported)
#   WORK=/tmp/roster-bench   work directory (histories are cached there)
#   AT=2020-12-31 snapshot date; flows run over (AT-10y, AT]
#   PEERS=1       0 skips DuckDB and SQLite
#   FOLD=1        0 skips tools/fold.py (answers are then checked against the
#                 generator's own count only)
#   LOOP=50       warm snapshot processes timed back to back (no /usr/bin/time)
#   ROSTER_BIN=   a roster executable to time instead of building this
#                 checkout's (to compare two builds side by side, e.g. before
#                 and after a change: run the script alternately with each)
#   GEN_BIN=      likewise for roster-gen
#
# One run: builds roster and roster-gen (release), generates (or reuses) the
# history, then times, each as a whole new process under /usr/bin/time -v:
# roster init; roster append FILE (one batch); the first (cold) and REPEAT
# more (warm) `report snapshot --at AT --format json`; `report flows`; a
# `--known-at` snapshot; tools/fold.py; DuckDB and SQLite load + query
# (tools/bench_peers.py). Then checks that every engine gives the same
# members-by-education and prints a table (also saved as results.md and
# results.json in the run directory).
set -euo pipefail

SIZE=${1:?usage: tools/bench.sh SIZE (members, e.g. 50000)}
SEED=${SEED:-1}
HF=${HF:-1}
REPEAT=${REPEAT:-7}
WORK=${WORK:-/tmp/roster-bench}
AT=${AT:-2020-12-31}
PEERS=${PEERS:-1}
FOLD=${FOLD:-1}
FROM="$(( ${AT:0:4} - 10 ))${AT:4}"

ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
mkdir -p "$WORK"

if [ ! -x /usr/bin/time ]; then
    echo "bench: /usr/bin/time missing; installing the 'time' package" >&2
    apt-get update -qq && apt-get install -y -qq time >/dev/null
fi
if [ "$PEERS" = 1 ] && ! python3 -c 'import duckdb' 2>/dev/null; then
    echo "bench: installing duckdb from PyPI" >&2
    python3 -m pip install -q duckdb
fi

if [ -n "${ROSTER_BIN:-}" ] && [ -n "${GEN_BIN:-}" ]; then
    ROSTER=$ROSTER_BIN
    GEN=$GEN_BIN
else
    echo "bench: building (release)" >&2
    swift build -c release --static-swift-stdlib --product roster-gen >&2
    swift build -c release --static-swift-stdlib --product roster >&2
    BIN=$(swift build -c release --static-swift-stdlib --show-bin-path)
    ROSTER="$BIN/roster"
    GEN="$BIN/roster-gen"
fi

# The history, cached by size, seed, factor and the generator's source.
STAMP=$(cat tools/RosterGen/*.swift | sha256sum | cut -c1-12)
HIST="$WORK/history-m$SIZE-s$SEED-k$HF-$STAMP.jsonl"
if [ ! -s "$HIST" ] || [ ! -s "$HIST.summary" ]; then
    echo "bench: generating $HIST" >&2
    "$GEN" --members "$SIZE" --seed "$SEED" --history-factor "$HF" --check-date "$AT" \
        > "$HIST.tmp" 2> "$HIST.summary"
    mv "$HIST.tmp" "$HIST"
fi
cat "$HIST.summary" >&2

RUN="$WORK/run-m$SIZE-s$SEED-k$HF-$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$RUN"
LEDGER="$WORK/ledger-m$SIZE-s$SEED-k$HF"
rm -rf "$LEDGER" "$WORK"/*.duckdb "$WORK"/*.sqlite*

{
    echo "date=$(date -u +%Y-%m-%dT%H:%M:%SZ)"
    echo "nproc=$(nproc)"
    echo "cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
    echo "mem_kb=$(grep MemTotal /proc/meminfo | awk '{print $2}')"
    echo "swift=$(swift --version 2>&1 | head -1)"
    echo "python=$(python3 --version 2>&1)"
    echo "commit=$(git rev-parse --short HEAD)"
    echo "roster=$ROSTER"
    echo "history=$HIST"
    echo "history_bytes=$(stat -c %s "$HIST")"
    echo "history_lines=$(wc -l < "$HIST")"
    echo "size=$SIZE"
    echo "seed=$SEED"
    echo "hf=$HF"
    echo "repeat=$REPEAT"
    echo "at=$AT"
    echo "from=$FROM"
    echo "loadavg_start=$(cut -d' ' -f1-3 /proc/loadavg)"
} > "$RUN/machine.txt"

# timed NAME CMD...: runs CMD as a new process under /usr/bin/time -v;
# stdout to NAME.out, time's report to NAME.time, wall ns to NAME.wall.
timed() {
    local name=$1; shift
    local t0 t1
    t0=$(date +%s%N)
    /usr/bin/time -v -o "$RUN/$name.time" "$@" > "$RUN/$name.out" 2> "$RUN/$name.err" || {
        echo "bench: $name failed:" >&2; cat "$RUN/$name.err" >&2; exit 1; }
    t1=$(date +%s%N)
    echo $(( t1 - t0 )) > "$RUN/$name.wall"
    echo "bench: $name $(awk '{printf "%.3f s", $1/1e9}' "$RUN/$name.wall")" >&2
}

# Known-at: the recorded time of the middle line (a prefix of about half the log).
MID=$(( $(wc -l < "$HIST") / 2 ))
KNOWN_AT=$(sed -n "${MID}p" "$HIST" | python3 -c 'import json,sys; print(json.load(sys.stdin)["recorded"])')
echo "known_at=$KNOWN_AT" >> "$RUN/machine.txt"

timed roster-init "$ROSTER" init --ledger "$LEDGER"
timed roster-append "$ROSTER" append --ledger "$LEDGER" "$HIST"
for i in $(seq 1 3); do
    timed "roster-verify-$i" "$ROSTER" verify --ledger "$LEDGER"
done
timed roster-snapshot-cold "$ROSTER" report snapshot --ledger "$LEDGER" --at "$AT" --format json
for i in $(seq 1 "$REPEAT"); do
    timed "roster-snapshot-warm-$i" "$ROSTER" report snapshot --ledger "$LEDGER" --at "$AT" --format json
done
# The warm snapshot once more as LOOP whole processes in a row, without
# /usr/bin/time around each (at 50,000 members its own start-up is a good part
# of the figure): the mean wall time of a snapshot process.
LOOP=${LOOP:-50}
t0=$(date +%s%N)
for i in $(seq 1 "$LOOP"); do
    "$ROSTER" report snapshot --ledger "$LEDGER" --at "$AT" --format json > /dev/null
done
t1=$(date +%s%N)
echo "$LOOP $(( t1 - t0 ))" > "$RUN/roster-snapshot-loop.txt"
echo "bench: roster-snapshot-loop $LOOP processes $(awk -v n="$LOOP" -v t=$(( t1 - t0 )) 'BEGIN {printf "%.2f ms each", t / n / 1e6}')" >&2
for i in $(seq 1 3); do
    timed "roster-flows-$i" "$ROSTER" report flows --ledger "$LEDGER" --from "$FROM" --to "$AT" --format json
done
for i in $(seq 1 3); do
    timed "roster-knownat-$i" "$ROSTER" report snapshot --ledger "$LEDGER" --at "$AT" --known-at "$KNOWN_AT" --format json
done
if [ "$FOLD" = 1 ]; then
    timed fold python3 tools/fold.py "$HIST" --at "$AT"
    timed fold-knownat python3 tools/fold.py "$HIST" --at "$AT" --known-at "$KNOWN_AT"
fi

if [ "$PEERS" = 1 ]; then
    for engine in duckdb sqlite; do
        timed "$engine-load" python3 tools/bench_peers.py load "$engine" "$HIST" "$WORK/bench.$engine"
        timed "$engine-query" python3 tools/bench_peers.py query "$engine" "$WORK/bench.$engine" --at "$AT" --repeat "$REPEAT"
    done
fi
echo "loadavg_end=$(cut -d' ' -f1-3 /proc/loadavg)" >> "$RUN/machine.txt"
echo "ledger_bytes=$(du -sb "$LEDGER" | cut -f1)" >> "$RUN/machine.txt"

python3 tools/bench_peers.py report "$RUN"
