#!/usr/bin/env bash
# Times the reports that used to replay the whole timeline — flows, ratings,
# series, --known-at — and an office document, on an existing ledger.
#
#   tools/bench-reads.sh ROSTER LEDGER UNIT KNOWN_LATE KNOWN_MID
#
# ROSTER is the roster binary to time, LEDGER a ledger whose index cache is
# already written by that binary (run any report once first: a cache of
# another version is rebuilt from the log), UNIT a unit id for the scoped
# runs, KNOWN_LATE a knowledge time at or after the last recorded event,
# KNOWN_MID one in the middle of the log. Each report is one process under
# /usr/bin/time -v; one line each: wall s, CPU s, peak RSS MiB, the load
# average before it, and the first 100 bytes roster printed.
set -euo pipefail
ROSTER=${1:?usage: tools/bench-reads.sh ROSTER LEDGER UNIT KNOWN_LATE KNOWN_MID}
LEDGER=${2:?usage}
UNIT=${3:?usage}
LATE=${4:?usage}
MID=${5:?usage}
[ -x /usr/bin/time ] || { echo "needs /usr/bin/time (apt-get install time)" >&2; exit 2; }
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT

run() {
    local name=$1; shift
    local load
    load=$(cut -d' ' -f1 /proc/loadavg)
    /usr/bin/time -v -o "$OUT/time" "$@" > "$OUT/out" 2>&1 || true
    awk -v name="$name" -v load="$load" -v out="$(head -c 100 "$OUT/out" | tr '\n' ' ')" '
        /Elapsed \(wall clock\)/ { n = split($NF, t, ":"); wall = (n == 3 ? t[1] * 3600 + t[2] * 60 + t[3] : t[1] * 60 + t[2]) }
        /User time/ { cpu += $NF } /System time/ { cpu += $NF }
        /Maximum resident/ { rss = $NF / 1024 }
        END { printf "%-18s wall %7.3f s  cpu %6.2f s  peak %6.0f MiB  load %s  | %s\n", name, wall, cpu, rss, load, out }
    ' "$OUT/time"
}

R=(--ledger "$LEDGER")
run flows            "$ROSTER" report flows "${R[@]}" --from 2010-12-31 --to 2020-12-31
run flows-unit       "$ROSTER" report flows "${R[@]}" --from 2010-12-31 --to 2020-12-31 --unit "$UNIT"
run ratings          "$ROSTER" report ratings "${R[@]}" --year 2020
run ratings-unit     "$ROSTER" report ratings "${R[@]}" --year 2020 --unit "$UNIT"
run series-month     "$ROSTER" report series "${R[@]}" --from 2010-12-31 --to 2020-12-31 --every month
run series-unit      "$ROSTER" report series "${R[@]}" --from 2000-12-31 --to 2020-12-31 --every year --unit "$UNIT"
run snapshot         "$ROSTER" report snapshot "${R[@]}" --at 2020-12-31
run snapshot-known   "$ROSTER" report snapshot "${R[@]}" --at 2020-12-31 --known-at "$LATE"
run flows-known      "$ROSTER" report flows "${R[@]}" --from 2010-12-31 --to 2020-12-31 --known-at "$LATE"
run flows-known-mid  "$ROSTER" report flows "${R[@]}" --from 2000-12-31 --to 2005-12-31 --known-at "$MID"
run flows-html       "$ROSTER" report flows "${R[@]}" --from 2010-12-31 --to 2020-12-31 --format html --out "$OUT/flows.html"
run ratings-docx     "$ROSTER" report ratings "${R[@]}" --year 2020 --unit "$UNIT" --format docx --out "$OUT/ratings.docx"
