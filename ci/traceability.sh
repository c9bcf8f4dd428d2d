#!/usr/bin/env bash
# Generates docs/traceability.md: for each requirement row (docs/requirement-rows.tsv) the
# conformance cases graded under it (`mcp-conformance --list`), the reference-server and
# protocol files that cite its id, and the tests that cite it. The ctest docs_traceability
# (label docs) runs it with --check and fails when the committed table is stale.
#
# Usage:
#   ci/traceability.sh [--suite PATH]           rewrite docs/traceability.md
#   ci/traceability.sh [--suite PATH] --check   exit 1 when docs/traceability.md is stale
#   ci/traceability.sh --rows-from DIGEST.md    rewrite docs/requirement-rows.tsv from the
#                                               requirements digest (mcp-requirements.md)
# --suite defaults to build/default/conformance/mcp-conformance.
#
# "Cites" means the id appears as a word (JR-1 matches "JR-1" and "JR-1.comma", not "JR-10")
# in a file git tracks (or would track: untracked, not ignored).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
suite="$root/build/default/conformance/mcp-conformance"
check=0
rows_from=""
while [ $# -gt 0 ]; do
  case "$1" in
    --suite) suite="$2"; shift 2 ;;
    --check) check=1; shift ;;
    --rows-from) rows_from="$2"; shift 2 ;;
    *) echo "usage: ci/traceability.sh [--suite PATH] [--check] | --rows-from DIGEST.md" >&2; exit 2 ;;
  esac
done
rows="$root/docs/requirement-rows.tsv"
table="$root/docs/traceability.md"

if [ -n "$rows_from" ]; then
  # "#### JR-1 · MUST · all" then "- **Req:** <sentence>": one line per row, tab separated.
  awk 'BEGIN { OFS = "\t"; print "# The numbered rows of mcp-requirements.md (shared docs), one a line; refreshed by ci/traceability.sh --rows-from."
               print "# id", "level", "revisions", "requirement" }
       /^#### / { line = substr($0, 6); n = split(line, f, / · /); id = f[1]; level = f[2]; rev = f[n]; next }
       /^- \*\*Req:\*\* / && id != "" { req = $0; sub(/^- \*\*Req:\*\* /, "", req); print id, level, rev, req; id = "" }' \
    "$rows_from" > "$rows.tmp"
  mv "$rows.tmp" "$rows"
  echo "wrote ${rows#"$root"/}: $(grep -vc '^#' "$rows") rows"
  exit 0
fi

if [ ! -x "$suite" ]; then
  echo "traceability: $suite not found; build mcp-conformance first (cmake --build --preset default --target mcp-conformance)" >&2
  exit 2
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Cases: id, row id (the id up to its first "."), why it is not graded (empty when graded),
# requirement sentence, level, revisions. `--list` columns: id level revisions transports requirement [not graded: why].
"$suite" --list | sed -E 's/^(\S+)\s+(\S+)\s+(\S+)\s+\S+\s+(.*)$/\1\t\2\t\3\t\4/' |
  awk -F'\t' 'BEGIN { OFS = "\t" }
    { id = $1; base = id; sub(/\..*/, "", base); req = $4; why = ""
      if (match(req, / \[not graded: .*\]$/)) { why = substr(req, RSTART + 14, RLENGTH - 15); req = substr(req, 1, RSTART - 1) }
      print id, base, why, req, $2, $3 }' > "$work/cases"

# Citations: every id-shaped word in the files that count, as "id<TAB>server|test<TAB>path".
cd "$root"
if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
  git ls-files --cached --others --exclude-standard
else
  find . -type f -not -path './build/*' -not -path '*/node_modules/*' | sed 's|^\./||'
fi | sort -u > "$work/files"
areas=$( (grep -v '^#' "$rows" | cut -f1; cut -f2 "$work/cases") | sed -E 's/-[0-9]+a?$//' | sort -u | paste -sd'|')
pattern="\\b($areas)-[0-9]+a?\\b"
classify() {   # path -> server | test | (nothing)
  case "$1" in
    # These test the filter, baseline, compare and report machinery with case ids as sample data.
    conformance/support_test.cpp|conformance/compare_test.cpp|conformance/report_files_test.cpp) ;;
    *_test.cpp|*_test.h|*_test.sh) echo test ;;
    reference-server/test_client.*|reference-server/server_test_support.*|reference-server/tls_test_certificate.*) ;;
    reference-server/*.cpp|reference-server/*.h|protocol/*.cpp|protocol/*.h) echo server ;;
  esac
}
: > "$work/cites"
while read -r path; do
  [ -f "$path" ] || continue
  kind=$(classify "$path")
  [ -n "$kind" ] || continue
  grep -oE "$pattern" "$path" 2>/dev/null | sort -u | awk -v k="$kind" -v p="$path" '{ print $0 "\t" k "\t" p }' >> "$work/cites" || true
done < "$work/files"
# Fault modes: the ctest conformance_fault_<fault> must see the row's case fail.
awk -F'\t' '/^[a-z]/ { id = $2; sub(/\..*/, "", id); print id "\ttest\tctest conformance_fault_" $1 }' \
  fixtures/fault-modes.tsv >> "$work/cites"
sort -u "$work/cites" -o "$work/cites"

awk -F'\t' -v rows="$rows" -v cases="$work/cases" -v cites="$work/cites" '
  function esc(s) { gsub(/\|/, "\\|", s); return s }
  function add(list, item) { return list == "" ? item : list ", " item }
  function link(path) { return path ~ /^ctest / ? "`" substr(path, 7) "`" : "[" path "](../" path ")" }
  function casesCell(base,   i, out) {
    out = ""
    for (i = 1; i <= ncase; ++i) if (caseBase[i] == base)
      out = add(out, "`" caseId[i] "`" (caseWhy[i] != "" ? " *(not graded: " esc(caseWhy[i]) ")*" : ""))
    return out == "" ? "**no case**" : out
  }
  function line(base, level, rev, req) {
    print "| " base " | " esc(level) " | " rev " | " esc(req) " | " casesCell(base) " | " \
          (server[base] == "" ? "-" : server[base]) " | " (tests[base] == "" ? "-" : tests[base]) " |"
  }
  BEGIN {
    while ((getline l < cases) > 0) { split(l, f, "\t"); ++ncase; caseId[ncase] = f[1]; caseBase[ncase] = f[2]; caseWhy[ncase] = f[3]; caseReq[ncase] = f[4]; caseLevel[ncase] = f[5]; caseRev[ncase] = f[6]
      if (f[3] == "") graded[f[2]] = 1; else listed[f[2]] = 1 }
    while ((getline l < cites) > 0) { split(l, f, "\t")
      if (f[2] == "server") server[f[1]] = add(server[f[1]], link(f[3])); else tests[f[1]] = add(tests[f[1]], link(f[3])) }
    while ((getline l < rows) > 0) { if (l ~ /^#/) continue; split(l, f, "\t"); ++nrow; rowId[nrow] = f[1]; rowLevel[nrow] = f[2]; rowRev[nrow] = f[3]; rowReq[nrow] = f[4]; isRow[f[1]] = 1 }
    for (i = 1; i <= nrow; ++i) { b = rowId[i]
      if (b in graded) ++nGraded; else if (b in listed) { ++nListed; listedIds = add(listedIds, b) } else { ++nNone; noneIds = add(noneIds, b) }
      if (server[b] != "") ++nServer; if (tests[b] != "") ++nTests }

    print "# Traceability: requirement rows, cases, code, tests"
    print ""
    print "Generated by `ci/traceability.sh` (do not edit by hand). The ctest `docs_traceability` (label"
    print "`docs`) fails when this file is stale; regenerate it with `ci/traceability.sh` after building"
    print "`mcp-conformance`, and commit the result."
    print ""
    print "- **row**: a numbered row of `mcp-requirements.md` (shared docs; the index this table reads is"
    print "  [`requirement-rows.tsv`](requirement-rows.tsv)), with its level and revisions as the row states them."
    print "- **cases**: the conformance cases graded under the row (`mcp-conformance --list`); *not graded*"
    print "  marks a case that only reports `unsupported`, with the reason."
    print "- **reference server**: files under `reference-server/` and `protocol/` (tests and test support"
    print "  left out) that cite the row id in a comment or a string: where to start reading the code that"
    print "  implements the row. `-` means no file cites it, not that nothing implements it; to link"
    print "  code to a row, name the row id in a comment where the code implements it."
    print "- **tests**: test files that cite the id, and the `conformance_fault_*` ctests whose fault"
    print "  (`fixtures/fault-modes.tsv`) the row'"'"'s case must catch. Besides these, every case runs against"
    print "  the reference server in the ctests `conformance_e2e_reference` and `conformance_e2e_reference_fixtures`."
    print ""
    print nrow " rows: " nGraded + 0 " graded by at least one case, " nListed + 0 " with cases that are not graded" \
          (nListed ? " (" listedIds ")" : "") ", " nNone + 0 " with no case" (nNone ? " (" noneIds ")" : "") "."
    print "Reference-server or protocol code cites " nServer + 0 " rows; tests cite " nTests + 0 " rows."
    print ""
    print "| row | level | rev | requirement | cases | reference server | tests |"
    print "|---|---|---|---|---|---|---|"
    for (i = 1; i <= nrow; ++i) line(rowId[i], rowLevel[i], rowRev[i], rowReq[i])
    print ""
    print "## The project'"'"'s own rows"
    print ""
    print "Cases whose row is not in `mcp-requirements.md` (the header-echo contract and response framing;"
    print "see conformance/README.md); the requirement is the first case'"'"'s sentence."
    print ""
    print "| row | level | rev | requirement | cases | reference server | tests |"
    print "|---|---|---|---|---|---|---|"
    for (i = 1; i <= ncase; ++i) { b = caseBase[i]
      if ((b in isRow) || (b in own)) continue
      own[b] = 1; line(b, caseLevel[i], caseRev[i], caseReq[i]) }
  }' /dev/null > "$work/traceability.md"

if [ "$check" = 1 ]; then
  if ! diff -u "$table" "$work/traceability.md" > "$work/diff"; then
    head -40 "$work/diff" >&2
    echo "docs/traceability.md is stale (a case, a citing file or a requirement row changed)." >&2
    echo "Regenerate it: cmake --build --preset default --target mcp-conformance && ci/traceability.sh, then commit docs/traceability.md." >&2
    exit 1
  fi
  echo "docs/traceability.md is up to date"
else
  mkdir -p "$(dirname "$table")"
  cp "$work/traceability.md" "$table"
  echo "wrote docs/traceability.md"
fi
