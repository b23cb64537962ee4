#!/usr/bin/env bash
# Opens Roster's DOCX documents the way an office would: LibreOffice converts
# them to PDF headlessly, and the PDF's text must hold the report's figures
# (taken from the same report as JSON) and the units' names; page 1 of the
# comparison is rendered to PNG for a person to look at.
#
#   tools/check-docx.sh                      # the sample province (events/sample)
#   tools/check-docx.sh --out DIR            # keep documents, PDFs and PNGs in DIR
#   tools/check-docx.sh --save-png docs/demo-compare-docx.png
#
# LibreOffice Writer, poppler-utils (pdftotext, pdftoppm) and the Liberation
# fonts (metric twins of Times New Roman) come from Debian's packages,
# installed when missing (needs root and apt-get).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
OUT="" SAVE=""
while [ $# -gt 0 ]; do
  case "$1" in
    --out) OUT=$2; shift 2 ;;
    --save-png) SAVE=$2; shift 2 ;;
    -h|--help) sed -n '2,14p' "$0"; exit 0 ;;
    *) echo "check-docx: unknown argument $1" >&2; exit 2 ;;
  esac
done
[ -n "$OUT" ] || OUT=$(mktemp -d "${TMPDIR:-/tmp}/roster-check-docx.XXXXXX")
mkdir -p "$OUT"

# --- the tools ----------------------------------------------------------------
find_soffice() {
  for b in soffice libreoffice; do
    if command -v "$b" >/dev/null 2>&1; then command -v "$b"; return 0; fi
  done
  return 1
}
if ! SOFFICE=$(find_soffice) || ! command -v pdftotext >/dev/null || ! command -v pdftoppm >/dev/null; then
  echo "check-docx: installing LibreOffice Writer and poppler-utils from Debian's packages" >&2
  if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null; then
    echo "check-docx: LibreOffice or poppler-utils is missing and cannot be installed here (needs root and apt-get)" >&2
    exit 1
  fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >"$OUT/apt.log" 2>&1
  apt-get install -y -qq --no-install-recommends libreoffice-writer-nogui poppler-utils fonts-liberation2 >>"$OUT/apt.log" 2>&1 \
    || apt-get install -y -qq --no-install-recommends libreoffice-writer poppler-utils fonts-liberation2 >>"$OUT/apt.log" 2>&1 \
    || { tail -20 "$OUT/apt.log" >&2; exit 1; }
  SOFFICE=$(find_soffice)
fi
command -v python3 >/dev/null || { echo "check-docx: python3 is needed to read the reports' JSON" >&2; exit 1; }
echo "check-docx: $("$SOFFICE" --version 2>/dev/null | head -1)"

# --- the documents -------------------------------------------------------------
cd "$ROOT"
swift build --product roster >"$OUT/build.log" 2>&1 || { tail -30 "$OUT/build.log" >&2; exit 1; }
ROSTER="$(swift build --show-bin-path)/roster"
LEDGER="$OUT/ledger"
rm -rf "$LEDGER"
"$ROSTER" init --ledger "$LEDGER" >"$OUT/roster.log"
for f in events/sample/*.jsonl; do "$ROSTER" append --ledger "$LEDGER" "$f" >>"$OUT/roster.log"; done
cat >"$LEDGER/letterhead.json" <<'JSON'
{"place": "Bình Sơn", "signer": "Nguyễn Văn An", "signerTitle": "Bí thư",
 "recipients": ["Ban Tổ chức Trung ương", "Lưu Văn phòng Tỉnh ủy"]}
JSON

# name | report arguments | names the PDF must hold
DOCS=(
  "demo-compare|demo|TỈNH ỦY BÌNH SƠN"
  "compare|report compare --from 2010-12-31 --to 2020-12-31|TỈNH ỦY BÌNH SƠN"
  "compare-SL|report compare --from 2010-12-31 --to 2020-12-31 --unit SL|HUYỆN ỦY SƠN LỘC;TỈNH ỦY BÌNH SƠN;Huyện ủy Sơn Lộc"
  "snapshot|report snapshot --at 2020-12-31|TỈNH ỦY BÌNH SƠN"
  "flows|report flows --from 2015-12-31 --to 2020-12-31|TỈNH ỦY BÌNH SƠN"
  "ratings|report ratings --year 2020|TỈNH ỦY BÌNH SƠN"
  "series|report series --from 2010-12-31 --to 2020-12-31 --every year|TỈNH ỦY BÌNH SƠN"
)
# Reports that other work adds produce documents the same way; they join the list when present.
for extra in "form1|report form 1 --from 2019-12-31 --to 2020-12-31" "form3|report form 3 --at 2020-12-31" \
             "badges|report badges --round 2020-09-02" "places|report places --at 2020-12-31" \
             "progress|report progress --plan NQ-DH-XX --year 2022"; do
  args=${extra#*|}
  if "$ROSTER" $args --help 2>/dev/null | grep -q -- "--out"; then DOCS+=("${extra%%|*}|$args|TỈNH ỦY BÌNH SƠN"); fi
done

FAIL=0
for entry in "${DOCS[@]}"; do
  IFS='|' read -r name args names <<<"$entry"
  docx="$OUT/$name.docx"
  if [ "$name" = demo-compare ]; then
    "$ROSTER" demo --format docx --lang vi --out "$docx" 2>>"$OUT/roster.log"
    "$ROSTER" report compare --ledger "$LEDGER" --from 2010-12-31 --to 2020-12-31 --format json >"$OUT/$name.json"
  else
    if ! "$ROSTER" $args --ledger "$LEDGER" --format docx --lang vi --out "$docx" --dated 2021-01-15 2>>"$OUT/roster.log"; then
      # A report that needs data the sample lacks (a plan, places) is skipped, not failed.
      echo "check-docx: $name: skipped ($(tail -1 "$OUT/roster.log"))"; continue
    fi
    "$ROSTER" $args --ledger "$LEDGER" --format json >"$OUT/$name.json"
  fi
  (cd "$OUT" && timeout 300 "$SOFFICE" --headless --norestore --convert-to pdf --outdir "$OUT" "$docx" >>"$OUT/soffice.log" 2>&1) || true
  if [ ! -s "$OUT/$name.pdf" ]; then
    echo "  FAIL $name: LibreOffice made no PDF (see $OUT/soffice.log)"; FAIL=1; continue
  fi
  pdftotext "$OUT/$name.pdf" "$OUT/$name.txt"
  if python3 - "$OUT/$name.json" "$OUT/$name.txt" "$names" <<'PY'
"""The PDF's text holds the report's figures (as Vietnamese offices write them) and the names."""
import json, re, sys
report = json.load(open(sys.argv[1], encoding="utf-8"))
text = re.sub(r"\s+", " ", open(sys.argv[2], encoding="utf-8").read())
names = [n for n in sys.argv[3].split(";") if n]
def vi(n):  # 8197 -> 8.197
    s = f"{abs(n):,}".replace(",", ".")
    return ("-" if n < 0 else "") + s
figures = set()
def walk(v, depth=0):
    if isinstance(v, bool) or depth > 6: return
    if isinstance(v, int): figures.add(v); return
    if isinstance(v, dict):
        for k, x in v.items():
            if k in ("seq", "year"): continue
            walk(x, depth + 1)
    if isinstance(v, list):
        for x in v: walk(x, depth + 1)
walk(report)
tokens = set(re.findall(r"[+-]?\d[\d.]*", text))
bare = {t.lstrip("+-") for t in tokens}
missing = sorted(n for n in figures if vi(abs(n)) not in bare)
problems = []
if missing:
    problems.append(f"{len(missing)} of {len(figures)} figures not in the PDF: {missing[:10]}")
for n in names:
    if n not in text: problems.append(f"name not in the PDF: {n}")
def hashes(v):
    if isinstance(v, dict):
        for k, x in v.items():
            if k == "hash" and isinstance(x, str): yield x
            else: yield from hashes(x)
    if isinstance(v, list):
        for x in v: yield from hashes(x)
found = next(hashes(report), None)
if not found:
    problems.append("the report's JSON names no ledger hash")
elif found[:16] not in text.replace(" ", ""):
    problems.append(f"the ledger head's hash {found[:16]}… is not in the footnote")
for p in problems: print("  FAIL " + p)
if not problems: print(f"  {len(figures)} distinct figures, {len(names)} names and the ledger head found; ", end="")
sys.exit(1 if problems else 0)
PY
  then
    pages=$(pdfinfo "$OUT/$name.pdf" 2>/dev/null | awk '/^Pages:/ {print $2}')
    echo "  ok $name: ${pages:-?} pages"
  else
    echo "  FAIL $name ($OUT/$name.pdf)"; FAIL=1
  fi
done

# Page 1 of the comparison, for a person to look at.
if [ -s "$OUT/compare.pdf" ]; then
  pdftoppm -png -r 80 -f 1 -l 1 "$OUT/compare.pdf" "$OUT/compare-page"
  PNG=$(ls "$OUT"/compare-page*.png | head -1)
  echo "check-docx: page 1 rendered to $PNG"
  [ -z "$SAVE" ] || cp "$PNG" "$SAVE"
fi
echo "check-docx: documents, PDFs and logs in $OUT"
exit $FAIL
