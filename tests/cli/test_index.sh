#!/usr/bin/env bash
# spor index and stats: the summary line, the repaired raw-PDF text, bad
# files skipped with a warning, and the previous index kept when a run
# fails.
. "$(dirname "$0")/lib.sh"
build_corpus_index
IX=(--index "$TMP/index")

expect_grep '^indexed 5 documents, [0-9]* passages' "$TMP/index.out" "summary"
[ "$(wc -l < "$TMP/index.out")" -eq 1 ] && ok || fail "summary is not one line"

# Hyphenation repair: no fragment of a word broken across lines in the raw
# PDF copy is a term of the index; the joined words are.
# (A fragment has no hits of its own; spor may search a spelling
# correction instead, which the JSON marks as corrected.)
for frag in decen tralisering udfordrin ningsvist beskæftigelsesret; do
  "$SPOR" search "${IX[@]}" --json "$frag" > "$TMP/out" 2>/dev/null
  python3 - "$TMP/out" <<'PY' && ok || fail "fragment '$frag' is indexed"
import json, sys
hits = [h for h in map(json.loads, open(sys.argv[1])) if h["type"] == "hit"]
assert all(h["corrected"] for h in hits), [h["text"][:80] for h in hits[:2]]
PY
done
for whole in decentralisering udfordringer afslutningsvist beskæftigelsesrettede; do
  expect_status 0 "$SPOR" search "${IX[@]}" --json "$whole"
done
# ...while a true suspended hyphen stays in the text.
expect_status 0 "$SPOR" search "${IX[@]}" --json -n 50 '"social og beskæftigelsesudvalget"'
expect_grep 'Social- og Beskæftigelsesudvalget' "$TMP/out" "suspended hyphen"

# Danish numbers and codes are single terms.
expect_status 0 "$SPOR" search "${IX[@]}" --json 9220
expect_status 0 "$SPOR" search "${IX[@]}" --json top600

# stats
expect_status 0 "$SPOR" stats "${IX[@]}" --json
python3 - "$TMP/out" <<'PY' && ok || fail "stats"
import json, sys
s = json.loads(open(sys.argv[1]).read())
assert s["documents"] == 5 and s["passages"] > 100 and s["terms"] > 1000, s
assert s["index_bytes"] > 0 and s["raw_bytes"] > 200000, s
PY

# Bad files are skipped with a warning naming them; the rest is indexed.
mkdir -p "$TMP/docs"
printf 'Hjemløse unge i København får hjælp af frivillige værter.\n' > "$TMP/docs/good.txt"
printf 'binary\000data\n' > "$TMP/docs/bin.txt"
: > "$TMP/docs/empty.txt"
printf 'Ugyldig \xff\xfe tekst om boligsociale indsatser.\n' > "$TMP/docs/latin.txt"
expect_status 0 "$SPOR" index --index "$TMP/small" "$TMP/docs"
expect_grep 'bin.txt' "$TMP/err" "binary file warning"
expect_grep 'latin.txt.*invalid UTF-8' "$TMP/err" "invalid UTF-8 warning"
expect_grep '^indexed 2 documents' "$TMP/out" "good files indexed"
expect_status 0 "$SPOR" search --index "$TMP/small" --json boligsociale

# A failed run leaves the previous index in place and usable.
"$SPOR" search "${IX[@]}" --json nightstop > "$TMP/before" 2>/dev/null
expect_status 2 "$SPOR" index "${IX[@]}" "$TMP/does-not-exist"
expect_grep 'no documents' "$TMP/err"
"$SPOR" search "${IX[@]}" --json nightstop > "$TMP/after" 2>/dev/null
cmp -s "$TMP/before" "$TMP/after" && ok || fail "index changed by a failed run"
# A run killed midway leaves a stale generation that the next run removes.
mkdir "$TMP/index/gen-1-1" && echo junk > "$TMP/index/gen-1-1/postlist.glass"
expect_status 0 "$SPOR" search "${IX[@]}" --json nightstop
(cd "$SPOR_SOURCE_DIR" && expect_status 0 "$SPOR" index "${IX[@]}")
[ ! -e "$TMP/index/gen-1-1" ] && ok || fail "stale generation not removed"
[ "$(ls -d "$TMP/index"/gen-* | wc -l)" -eq 1 ] && ok || fail "old generations kept"

finish
