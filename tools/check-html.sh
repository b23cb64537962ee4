#!/usr/bin/env bash
# Renders Roster's HTML reports in a real browser (headless Chromium) and
# fails when a page logs anything to the console (a script error, a blocked
# fetch), when a chart has no marks, or when the page renders blank.
#
#   tools/check-html.sh                       # the demo (events/sample), en and vi
#   tools/check-html.sh --ledger DIR --from 2010-12-31 --to 2020-12-31
#   tools/check-html.sh --save-screenshot docs/demo-compare.png
#   tools/check-html.sh --self-test           # also proves the checks catch bad pages
#
# Chromium comes from Debian's packages (installed when missing; needs root).
# Pages, DOM dumps, logs and screenshots are left in --out DIR (default: a
# temporary directory, printed at the end).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
LEDGER="" FROM="2010-12-31" TO="2020-12-31" OUT="" SAVE="" SELF_TEST=0
while [ $# -gt 0 ]; do
  case "$1" in
    --ledger) LEDGER=$2; shift 2 ;;
    --from) FROM=$2; shift 2 ;;
    --to) TO=$2; shift 2 ;;
    --out) OUT=$2; shift 2 ;;
    --save-screenshot) SAVE=$2; shift 2 ;;
    --self-test) SELF_TEST=1; shift ;;
    -h|--help) sed -n '2,15p' "$0"; exit 0 ;;
    *) echo "check-html: unknown argument $1" >&2; exit 2 ;;
  esac
done
[ -n "$OUT" ] || OUT=$(mktemp -d "${TMPDIR:-/tmp}/roster-check-html.XXXXXX")
mkdir -p "$OUT"

# --- a browser -------------------------------------------------------------
find_browser() {
  for b in chromium chromium-browser google-chrome; do
    if command -v "$b" >/dev/null 2>&1; then command -v "$b"; return 0; fi
  done
  return 1
}
if ! BROWSER=$(find_browser); then
  echo "check-html: installing chromium from Debian's packages" >&2
  if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null; then
    echo "check-html: chromium is missing and cannot be installed here (needs root and apt-get)" >&2
    exit 1
  fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >"$OUT/apt.log" 2>&1
  apt-get install -y -qq chromium fonts-dejavu-core >>"$OUT/apt.log" 2>&1 || { tail -20 "$OUT/apt.log" >&2; exit 1; }
  BROWSER=$(find_browser)
fi
echo "check-html: browser $("$BROWSER" --version 2>/dev/null | tail -1)"

# --- the pages ---------------------------------------------------------------
cd "$ROOT"
swift build --product roster >"$OUT/build.log" 2>&1 || { tail -30 "$OUT/build.log" >&2; exit 1; }
ROSTER="$(swift build --show-bin-path)/roster"

PAGES=()   # "file minimum-number-of-charts"
if [ -z "$LEDGER" ]; then
  # The demo as a user runs it, then the same sample in a ledger of our own
  # for the other reports.
  "$ROSTER" demo --format html --out "$OUT/demo-compare.html" 2>>"$OUT/roster.log"
  "$ROSTER" demo --format html --lang vi --out "$OUT/demo-compare-vi.html" 2>>"$OUT/roster.log"
  PAGES+=("$OUT/demo-compare.html 7" "$OUT/demo-compare-vi.html 7")
  LEDGER="$OUT/ledger"
  rm -rf "$LEDGER"
  "$ROSTER" init --ledger "$LEDGER" >>"$OUT/roster.log"
  for f in events/sample/*.jsonl; do "$ROSTER" append --ledger "$LEDGER" "$f" >>"$OUT/roster.log"; done
else
  "$ROSTER" report compare --ledger "$LEDGER" --from "$FROM" --to "$TO" --format html >"$OUT/compare.html"
  "$ROSTER" report compare --ledger "$LEDGER" --from "$FROM" --to "$TO" --format html --lang vi >"$OUT/compare-vi.html"
  PAGES+=("$OUT/compare.html 6" "$OUT/compare-vi.html 6")
fi
"$ROSTER" report snapshot --ledger "$LEDGER" --at "$TO" --format html --lang vi >"$OUT/snapshot-vi.html"
"$ROSTER" report series --ledger "$LEDGER" --from "$FROM" --to "$TO" --every quarter --format html >"$OUT/series-quarter.html"
"$ROSTER" report series --ledger "$LEDGER" --from "$FROM" --to "$TO" --every year --format html --lang vi >"$OUT/series-year-vi.html"
PAGES+=("$OUT/snapshot-vi.html 4" "$OUT/series-quarter.html 2" "$OUT/series-year-vi.html 2")

# --- the checks --------------------------------------------------------------
CHECKER="$OUT/check_page.py"
cat >"$CHECKER" <<'PY'
"""Checks one rendered page: its DOM (after Chromium), its console log and its screenshot."""
import sys, zlib, struct
from html.parser import HTMLParser

dom_path, png_path, log_path, min_charts = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
problems = []

# 1. The console: the pages run no script, so any console message is a fault
#    (a script error, a fetch the Content-Security-Policy blocked, …).
for line in open(log_path, encoding="utf-8", errors="replace"):
    if ":CONSOLE" in line:
        problems.append("console: " + line.strip()[:300])

# 2. The charts: every <svg class="chart"> holds at least one visible mark.
class Charts(HTMLParser):
    def __init__(self):
        super().__init__()
        self.charts, self.depth, self.scripts, self.external = [], 0, 0, []
    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "script":
            self.scripts += 1
        for key in ("src", "href"):
            v = a.get(key) or ""
            if v.startswith(("http:", "https:", "//")):
                self.external.append(v)
        if tag == "svg":
            if self.depth == 0 and "chart" in (a.get("class") or "").split():
                self.charts.append([a.get("id") or "?", 0])
                self.depth = 1
                return
            if self.depth:
                self.depth += 1
        if not self.depth or tag not in ("rect", "path", "circle"):
            return
        if "mark" not in (a.get("class") or "").split():
            return
        def num(k):
            try: return float(a.get(k) or 0)
            except ValueError: return 0.0
        visible = {"rect": num("width") > 0 and num("height") > 0,
                   "circle": num("r") > 0,
                   "path": len((a.get("d") or "").strip()) > 2}[tag]
        if visible:
            self.charts[-1][1] += 1
    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag == "svg" and self.depth:
            self.depth -= 1
    def handle_endtag(self, tag):
        if tag == "svg" and self.depth:
            self.depth -= 1

p = Charts()
p.feed(open(dom_path, encoding="utf-8").read())
if len(p.charts) < min_charts:
    problems.append(f"{len(p.charts)} charts, expected at least {min_charts}")
for chart_id, marks in p.charts:
    if marks == 0:
        problems.append(f"chart {chart_id} has no marks")
if p.scripts:
    problems.append(f"{p.scripts} <script> elements")
if p.external:
    problems.append("external resources: " + ", ".join(p.external[:5]))

# 3. The screenshot: not blank (a PNG decoder in the standard library's zlib).
def pixels(path):
    data = open(path, "rb").read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("not a PNG")
    pos, idat = 8, b""
    while pos < len(data):
        n, = struct.unpack(">I", data[pos:pos + 4]); kind = data[pos + 4:pos + 8]; body = data[pos + 8:pos + 8 + n]
        pos += 12 + n
        if kind == b"IHDR":
            w, h, depth, ctype = struct.unpack(">IIBB", body[:10])
        elif kind == b"IDAT":
            idat += body
    if depth != 8 or ctype not in (2, 6):
        raise ValueError(f"unsupported PNG (depth {depth}, colour type {ctype})")
    bpp = 3 if ctype == 2 else 4
    raw, stride, prev, i, rows = zlib.decompress(idat), w * bpp, bytearray(w * bpp), 0, []
    for _ in range(h):
        f, line = raw[i], bytearray(raw[i + 1:i + 1 + stride]); i += 1 + stride
        if f == 1:
            for x in range(bpp, stride): line[x] = (line[x] + line[x - bpp]) & 255
        elif f == 2:
            for x in range(stride): line[x] = (line[x] + prev[x]) & 255
        elif f == 3:
            for x in range(stride): line[x] = (line[x] + ((line[x - bpp] if x >= bpp else 0) + prev[x]) // 2) & 255
        elif f == 4:
            for x in range(stride):
                a = line[x - bpp] if x >= bpp else 0; b = prev[x]; c = prev[x - bpp] if x >= bpp else 0
                q = a + b - c; pa, pb, pc = abs(q - a), abs(q - b), abs(q - c)
                line[x] = (line[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append(line); prev = line
    return w, h, bpp, rows

try:
    w, h, bpp, rows = pixels(png_path)
    counts = {}
    for y in range(0, h, 3):
        row = rows[y]
        for x in range(0, w * bpp, 3 * bpp):
            key = bytes(row[x:x + 3]); counts[key] = counts.get(key, 0) + 1
    total = sum(counts.values()); background = max(counts.values())
    inked = 1 - background / total
    if len(counts) < 16 or inked < 0.02:
        problems.append(f"blank page: {len(counts)} colours, {inked:.1%} of pixels differ from the background")
    else:
        print(f"  screenshot {w}x{h}: {len(counts)} colours, {inked:.1%} inked")
except Exception as e:
    problems.append(f"screenshot unreadable: {e}")

print(f"  {len(p.charts)} charts: " + ", ".join(f"{c}={m}" for c, m in p.charts))
for problem in problems:
    print("  FAIL " + problem)
sys.exit(1 if problems else 0)
PY

render() {  # page -> page.dom.html, page.png, page.log
  local page=$1 log="$1.log"
  : >"$log"
  timeout 120 "$BROWSER" --headless --no-sandbox --disable-gpu --hide-scrollbars --no-first-run \
    --enable-logging=stderr --v=0 --dump-dom "file://$page" >"$page.dom.html" 2>>"$log"
  timeout 120 "$BROWSER" --headless --no-sandbox --disable-gpu --hide-scrollbars --no-first-run \
    --enable-logging=stderr --v=0 --window-size=1000,2075 --screenshot="$page.png" "file://$page" >/dev/null 2>>"$log"
}

check() {  # page minimum-charts -> status
  local page=$1 min=$2
  echo "check-html: $(basename "$page")"
  render "$page"
  python3 "$CHECKER" "$page.dom.html" "$page.png" "$page.log" "$min"
}

failed=0
for entry in "${PAGES[@]}"; do
  set -- $entry
  check "$1" "$2" || failed=1
done

if [ "$SELF_TEST" = 1 ]; then
  # Pages that must fail: blank, a chart without marks, a console error.
  cat >"$OUT/bad-blank.html" <<'HTML'
<!DOCTYPE html><html><head><meta charset="utf-8"></head><body></body></html>
HTML
  cat >"$OUT/bad-nomarks.html" <<'HTML'
<!DOCTYPE html><html><head><meta charset="utf-8"></head><body><h1>Chart</h1><p>Some text so that the page is not blank.</p>
<svg class="chart" id="empty" viewBox="0 0 100 50" width="600" height="300"><line x1="0" y1="49" x2="100" y2="49" stroke="#000"/>
<rect class="mark" x="10" y="49" width="10" height="0" fill="red"/><text x="5" y="20">0</text></svg></body></html>
HTML
  cat >"$OUT/bad-console.html" <<'HTML'
<!DOCTYPE html><html><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'"></head>
<body style="background:linear-gradient(90deg,#fff,#c00)"><h1>Console</h1><img src="https://example.invalid/logo.png" alt="">
<svg class="chart" id="ok" viewBox="0 0 100 50" width="600" height="300"><rect class="mark" x="10" y="10" width="30" height="30" fill="red"/></svg></body></html>
HTML
  for bad in "bad-blank 0" "bad-nomarks 1" "bad-console 1"; do
    set -- $bad
    bad=$1
    if check "$OUT/$bad.html" "$2" >"$OUT/$bad.result" 2>&1; then
      echo "check-html: self-test FAILED: $bad.html passed the checks"; cat "$OUT/$bad.result"; failed=1
    else
      echo "check-html: self-test ok: $bad.html is refused ($(grep -m1 FAIL "$OUT/$bad.result" | sed 's/^ *FAIL //' | cut -c1-90))"
    fi
  done
fi

if [ -n "$SAVE" ]; then
  first=${PAGES[0]%% *}
  cp "$first.png" "$SAVE"
  echo "check-html: saved $(basename "$first").png as $SAVE"
fi

echo "check-html: output in $OUT"
if [ "$failed" != 0 ]; then echo "check-html: FAILED"; exit 1; fi
echo "check-html: all pages passed"
