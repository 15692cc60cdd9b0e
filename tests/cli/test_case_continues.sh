#!/usr/bin/env bash
# A case continues: when the query's own passages leave the first page
# short, the passages that follow a hit in its section (which go on about
# the estate it names without naming it again) fill the page, after every
# matching passage, each marked with the hit it continues ("continues" in
# JSON, "(fortsat fra ID)" in text). Never a passage of another section,
# never on a full page, never with --strict-phrases or a query that
# excludes words; the total counts the matching passages only.
. "$(dirname "$0")/lib.sh"
SCHEMA="$SPOR_SOURCE_DIR/docs/spor-output.schema.json"
mkdir -p "$TMP/c"
# Paragraphs long enough to be passages of their own (SEG_MIN_WORDS):
# an estate named in the first passage of its section, two more about
# it without its name, then another section.
python3 - "$TMP/c/egn.txt" <<'PY'
import sys
fill = ("Skovene blev plantet med bøg og eg, og jægerne gik på jagt efter "
        "hjort og fasan hver efterår, mens karlene kørte tømmer til "
        "savværket og pigerne passede køerne i stalden ved gården. ") * 3
paras = [
    "Rygaard er et gammelt gods på det østlige Fyn, med store skove og "
    "marker ned mod kysten, i samme slægts eje i tre hundrede år. ",
    "Hovedbygningen blev opført i femtenhundredetallet af en adelsslægt "
    "og står stadig med tykke mure, voldgrave og et tårn med spir. ",
    "Til stedet hører tre forpagtergårde, en vandmølle ved åen og et "
    "teglværk, der leverede sten til kirkerne i købstæderne. ",
    "Havnen blev udvidet omkring år nitten hundrede og fik en ny mole af "
    "granit, så større skibe med korn kunne lægge til. "]
p = [x + fill for x in paras]
open(sys.argv[1], "w", encoding="utf-8").write(
    "# Egnens historie\n\n## Godserne\n\n%s\n\n%s\n\n%s\n\n## Havnen\n\n%s\n"
    % tuple(p))
PY
"$SPOR" index --index "$TMP/index" -q "$TMP/c" >"$TMP/index.out" 2>&1 ||
  { echo "cannot index: $(cat "$TMP/index.out")" >&2; exit 1; }
IX=(--index "$TMP/index")

# check_page FILE IDS CONTINUES: the hits' passage ordinals and what each
# continues (the ordinal of the hit, or -), every object valid under the
# schema, and the total (when there) counting the matching passages only.
check_page() {
  if python3 - "$SCHEMA" "$@" <<'PY'; then ok; else fail "page $*"; fi
import json, sys, jsonschema
schema = json.load(open(sys.argv[1]))
objs = [json.loads(l) for l in open(sys.argv[2], encoding="utf-8")]
for o in objs:
    jsonschema.validate(o, schema)
hits = [o for o in objs if o["type"] == "hit"]
ords = " ".join(h["id"].rsplit(".", 1)[1] for h in hits)
cont = " ".join(h["continues"].rsplit(".", 1)[1] if h["continues"] else "-"
                for h in hits)
assert ords == sys.argv[3], (ords, sys.argv[3])
assert cont == sys.argv[4], (cont, sys.argv[4])
assert [h["rank"] for h in hits] == list(range(1, len(hits) + 1))
for t in (o for o in objs if o["type"] == "total"):
    assert t["matching"] == 1, t
PY
}

# The estate's passage, then the two after it in its section; not the
# harbour's, which is another section.
expect_status 0 "$SPOR" search "${IX[@]}" --json --facets rygaard &&
  check_page "$TMP/out" "0 1 2" "- 0 0"
# In text, the mark.
expect_status 0 "$SPOR" search "${IX[@]}" rygaard &&
  expect_grep '^    (fortsat fra [0-9a-f]*\.0)$' "$TMP/out" "text mark"
# The last passage of a section: the next section's is never added.
expect_status 0 "$SPOR" search "${IX[@]}" --json teglværk &&
  check_page "$TMP/out" "2" "-"
# A full page gets none.
expect_status 0 "$SPOR" search "${IX[@]}" --json -n 1 rygaard &&
  check_page "$TMP/out" "0" "-"
# Nor does a page of the phrase's passages only.
expect_status 0 "$SPOR" search "${IX[@]}" --json --strict-phrases rygaard &&
  check_page "$TMP/out" "0" "-"
# A query that leaves passages out by a word never looked at those after
# its hits: none (the third passage says teglværk).
expect_status 0 "$SPOR" search "${IX[@]}" --json -- "rygaard -teglværk" &&
  check_page "$TMP/out" "0" "-"
# Room for one more: the first passage that continues the hit.
expect_status 0 "$SPOR" search "${IX[@]}" --json -n 2 rygaard &&
  check_page "$TMP/out" "0 1" "- 0"

echo "case_continues: $PASSED passed, $FAILED failed"
[ "$FAILED" -eq 0 ]
