#!/usr/bin/env bash
# Compounds beyond the index (issue 18, item 11): a compound made up for
# the query, which neither the index nor the word list has
# ("snyltefamilier"), is searched by the ending the index has
# ("familier") at a lower weight, said on stderr, in a "head" object and
# under --explain, and not reported missing; a real word the corpus lacks
# ("husvild") and a typo are not. Every inflection of a word reaches the
# compounds holding it, also where Snowball stems the forms apart
# ("myndighederne" stems to myndighed, "myndigheder" to mynd).
. "$(dirname "$0")/lib.sh"
build_corpus_index
IX=(--index "$TMP/index")
SCHEMA="$SPOR_SOURCE_DIR/docs/spor-output.schema.json"

expect_status 0 "$SPOR" search "${IX[@]}" --explain -n 3 snyltefamilier &&
  expect_grep '^spor: "snyltefamilier" findes ikke; søgt på leddet "familier"$' "$TMP/err" "text stderr" &&
  expect_grep 'snyltefamilier: its head' "$TMP/out" "explained" &&
  expect_grep "amili" "$TMP/out" "a hit on the head"
expect_no_grep 'ingen forekomster' "$TMP/err" "not missing"

expect_status 0 "$SPOR" search "${IX[@]}" --json --explain -n 5 -- unge snyltefamilier &&
python3 - "$SCHEMA" "$TMP/out" <<'PY' && ok || fail "head object"
import json, sys, jsonschema
schema = json.load(open(sys.argv[1]))
objs = [json.loads(l) for l in open(sys.argv[2], encoding="utf-8")]
for o in objs:
    jsonschema.validate(o, schema)
heads = [o for o in objs if o["type"] == "head"]
assert heads and objs[-1] is heads[0], objs[-1]
assert heads[0]["words"] == [{"word": "snyltefamilier", "head": "familier"}], heads
assert not [o for o in objs if o["type"] == "missing"]
# Below the words typed: a passage with both words ranks first.
first = objs[0]["explain"]["matches"]
assert {m["word"] for m in first} == {"unge", "snyltefamilier"}, first
PY

# A word of the word list is a word, not a compound made up; a typo is
# corrected, not searched by its ending.
expect_status 1 "$SPOR" search "${IX[@]}" --no-synonyms husvild
expect_no_grep 'leddet' "$TMP/err" "husvild has no head"
expect_status 0 "$SPOR" search "${IX[@]}" --json -n 3 hjemløsheed &&
  expect_no_grep '"type":"head"' "$TMP/out" "a typo has no head"

# Each inflection reaches the compounds of the others.
for w in myndighed myndighederne; do
  expect_status 0 "$SPOR" search "${IX[@]}" --json -n 200 "$w" && cp "$TMP/out" "$TMP/$w.json"
done
python3 - "$TMP/myndighed.json" "$TMP/myndighederne.json" <<'PY' && ok || fail "inflections reach compounds"
import json, sys
def texts(p):
    return " ".join(json.loads(l).get("text", "") for l in open(p, encoding="utf-8")).lower()
a, b = texts(sys.argv[1]), texts(sys.argv[2])
assert "fængselsmyndighederne" in a, "myndighed misses fængselsmyndighederne"
assert "myndighedsområdet" in b, "myndighederne misses myndighedsområdet"
PY

finish
