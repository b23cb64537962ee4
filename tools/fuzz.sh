#!/bin/sh
# Builds and runs the libFuzzer target for the JSON Lines reader, the JSON
# parser, the event decoder and the rules (see tools/fuzz/FuzzMain.swift and
# Tests/RosterCoreTests/FuzzHarness.swift).
#
#   tools/fuzz.sh build            # .build/fuzz-roster (libFuzzer + ASan)
#   tools/fuzz.sh run [ARGS…]      # build, then fuzz the corpus; ARGS go to libFuzzer
#   tools/fuzz.sh replay FILE…     # build, then run the given inputs once each
#
# Defaults of `run`: 1 000 000 inputs, inputs up to 64 KiB, 10 s per input
# (a hang is a failure), 2 GiB RSS. New interesting inputs go to
# .build/fuzz-corpus (the seed corpus in tools/fuzz/corpus stays small);
# crashers to tools/fuzz/crashers/. Every file of both folders is replayed by
# `swift test` (FuzzCorpusTests).
set -eu
cd "$(dirname "$0")/.."
SWIFTC=${SWIFTC:-/opt/swift/usr/bin/swiftc}
[ -x "$SWIFTC" ] || SWIFTC=swiftc
OUT=.build/fuzz-roster

build() {
    mkdir -p .build
    # One module: the harness, the entry point and RosterCore's sources.
    "$SWIFTC" -O -g -sanitize=fuzzer,address -parse-as-library -module-name RosterCore \
        tools/fuzz/FuzzMain.swift Tests/RosterCoreTests/FuzzHarness.swift Sources/RosterCore/*/*.swift \
        -o "$OUT" 2>&1 | grep -v -e 'ld.gold: warning: Cannot export local symbol' -e 'is part of module' -e '^import RosterCore' -e '^ *\^' -e '^ *|' || true
    [ -x "$OUT" ] || { echo "fuzz.sh: build failed" >&2; exit 1; }
}

cmd=${1:-run}
[ $# -gt 0 ] && shift
case "$cmd" in
build) build ;;
run)
    build
    mkdir -p .build/fuzz-corpus tools/fuzz/crashers
    exec "$OUT" -runs=1000000 -max_len=65536 -timeout=10 -rss_limit_mb=2048 \
        -artifact_prefix=tools/fuzz/crashers/ -print_final_stats=1 "$@" \
        .build/fuzz-corpus tools/fuzz/corpus
    ;;
replay)
    build
    exec "$OUT" -runs=1 "$@"
    ;;
*) echo "usage: tools/fuzz.sh [build|run [ARGS…]|replay FILE…]" >&2; exit 2 ;;
esac
