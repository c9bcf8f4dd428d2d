#!/usr/bin/env bash
# Checks conformance/MUST-AUDIT.md against the suite's own catalog (`mcp-conformance --list`):
#   - every case the catalog grades MUST has exactly one row;
#   - every row names a case the catalog has, and its "level now" is the catalog's level;
#   - every row has a digest row, a decision (kept, regraded, fixed or new) and a primary text;
#   - a digest row ("JR-1 · MUST · all") names a row of docs/requirement-rows.tsv (the digest's
#     rows, mcp-requirements.md) with that row's level and revisions;
#   - the "Counts:" line matches the table.
# --self-test additionally proves the check fails on an audit missing a MUST row and on one whose
# level disagrees with the catalog.
# usage: ci/must-audit-check.sh [--suite BIN] [--audit FILE] [--rows TSV] [--self-test]
# Prints the problems found and ends with `must-audit: N MUST cases, N rows, ok` or `... N problems`.
set -uo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
suite="$repo/build/default/conformance/mcp-conformance"
audit="$repo/conformance/MUST-AUDIT.md"
rows="$repo/docs/requirement-rows.tsv"
self_test=0
while [ $# -gt 0 ]; do
  case "$1" in
    -h|--help) sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    --suite) suite="$2"; shift 2 ;;
    --audit) audit="$2"; shift 2 ;;
    --rows) rows="$2"; shift 2 ;;
    --self-test) self_test=1; shift ;;
    *) echo "must-audit: unknown option $1 (try --help)" >&2; exit 2 ;;
  esac
done
[ -x "$suite" ] || { echo "must-audit: no suite at $suite" >&2; exit 2; }
[ -f "$audit" ] || { echo "must-audit: no audit at $audit" >&2; exit 2; }
[ -f "$rows" ] || { echo "must-audit: no digest rows at $rows" >&2; exit 2; }
work="$(mktemp -d "${TMPDIR:-/tmp}/must-audit.XXXXXX")"
trap 'rm -rf "$work"' EXIT
"$suite" --list > "$work/catalog" || { echo "must-audit: $suite --list failed" >&2; exit 2; }

# check AUDIT: prints the problems of one audit file, returns 1 when there are any.
check() {
  awk -F'|' -v catalog="$work/catalog" -v rows="$rows" '
    function trim(s) { gsub(/^[ \t]+|[ \t]+$/, "", s); return s }
    BEGIN {
      while ((getline line < catalog) > 0) { split(line, f, " "); level[f[1]] = f[2]; if (f[2] == "MUST") must[f[1]] = 1 }
      while ((getline line < rows) > 0)
        if (line !~ /^#/) { split(line, r, "\t"); rowLevel[r[1]] = r[2]; rowRevisions[r[1]] = r[3] }
    }
    /^Counts: / { counts = $0 }
    /^\| [A-Z][A-Z]*-/ {
      id = trim($2); lv = trim($3); dg = trim($4); dec = trim($5); text = trim($6)
      rows++
      if (id in seen) { print "duplicate row: " id; bad++ }
      seen[id] = 1
      if (!(id in level)) { print "row for a case the catalog does not have: " id; bad++; next }
      if (lv != level[id]) { print id ": level now says " lv ", the catalog says " level[id]; bad++ }
      if (dec !~ /^(kept|regraded|fixed|new)$/) { print id ": decision \"" dec "\" is not kept, regraded, fixed or new"; bad++ }
      else n[dec]++
      if (dg == "") { print id ": no digest row"; bad++ }
      if (length(text) < 20) { print id ": no primary text"; bad++ }
      if (dg !~ /^—/) {
        k = split(dg, part, " · ")
        if (!(part[1] in rowLevel)) { print id ": digest row " part[1] " is not in " rows; bad++ }
        else if (k < 3 || part[2] != rowLevel[part[1]] || part[k] != rowRevisions[part[1]]) {
          print id ": digest column \"" dg "\" is not the row\x27s \"" part[1] " · " rowLevel[part[1]] " · " rowRevisions[part[1]] "\""; bad++
        }
      }
    }
    END {
      for (id in must) { total++; if (!(id in seen)) { print "MUST case without a row: " id; bad++ } }
      want = "Counts: " n["kept"] + 0 " kept, " n["regraded"] + 0 " regraded, " n["fixed"] + 0 " fixed, " n["new"] + 0 " new (" rows + 0 " cases)."
      if (counts != want) { print "the Counts line says \"" counts "\"; the table has \"" want "\""; bad++ }
      if (bad) { print "must-audit: " total + 0 " MUST cases, " rows + 0 " rows, " bad " problems"; exit 1 }
      print "must-audit: " total + 0 " MUST cases, " rows + 0 " rows, ok"
    }' "$1"
}

if [ "$self_test" = 1 ]; then
  # The first MUST row removed, then one row's level changed: each must be caught.
  first="$(awk '$2=="MUST"{print $1; exit}' "$work/catalog")"
  grep -v "^| $first |" "$audit" > "$work/missing.md"
  if check "$work/missing.md" > "$work/missing.out"; grep -q "MUST case without a row: $first" "$work/missing.out"; then echo "self-test: a missing row is caught"
  else echo "self-test FAILED: removing the row of $first went unnoticed"; exit 1; fi
  sed "s/^| $first | MUST |/| $first | SHOULD |/" "$audit" > "$work/level.md"
  if check "$work/level.md" > "$work/level.out"; grep -q "^$first: level now says SHOULD" "$work/level.out"; then echo "self-test: a level that disagrees is caught"
  else echo "self-test FAILED: a wrong level for $first went unnoticed"; exit 1; fi
fi
check "$audit"
