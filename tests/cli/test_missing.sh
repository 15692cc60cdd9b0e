#!/usr/bin/env bash
# No silent misses: a query word no form of which is in the index is said
# (a line on stderr, a "missing" object after the hits in JSON, where a
# reader taking every line for a hit keeps their ranks, tagged
# with the line under --batch), and each hit lists the query words it
# lacks that other hits have; a query whose words are all in the index
# says nothing and its hits carry empty lists.
. "$(dirname "$0")/lib.sh"
build_corpus_index
IX=(--index "$TMP/index")
SCHEMA="$SPOR_SOURCE_DIR/docs/spor-output.schema.json"

# An English word next to words the corpus has ("First" is in programme
# names, "resultater" in Danish prose).
Q="housing first resultater"
expect_status 0 "$SPOR" search "${IX[@]}" $Q -n 40 &&
  expect_grep '^spor: ingen forekomster af "housing"$' "$TMP/err" "text stderr" &&
  expect_grep '^    missing: resultater$' "$TMP/out" "text hit block"
expect_no_grep 'missing:.*housing' "$TMP/out" "a word nowhere is not per hit"

expect_status 0 "$SPOR" search "${IX[@]}" --json $Q -n 40 && cp "$TMP/out" "$TMP/miss.json"
# check_json FILE WANT_MISSING: every object valid under the schema; the
# missing object first when WANT_MISSING (its words), else none; every
# hit with a missing list, none holding a word of the missing object.
check_json() {
  if python3 - "$SCHEMA" "$@" <<'PY'; then ok; else fail "json check $*"; fi
import json, sys, jsonschema
schema = json.load(open(sys.argv[1]))
objs = [json.loads(l) for l in open(sys.argv[2], encoding="utf-8")]
want = json.loads(sys.argv[3])
for o in objs:
    jsonschema.validate(o, schema)
miss = [o for o in objs if o["type"] == "missing"]
hits = [o for o in objs if o["type"] == "hit"]
assert hits, "no hits"
if want:
    assert len(miss) == 1 and objs[-1] is miss[0], objs[-1]
    assert miss[0]["words"] == want, miss[0]
    assert any(h["missing"] == ["resultater"] for h in hits), "no hit lacks resultater"
    assert any(h["missing"] == ["first"] for h in hits), "no hit lacks first"
else:
    assert not miss, miss
    assert all(h["missing"] == [] for h in hits), [h["missing"] for h in hits]
for h in hits:
    assert isinstance(h["missing"], list), h
    assert not set(h["missing"]) & set(want or []), h["missing"]
PY
}
check_json "$TMP/miss.json" '["housing"]'

# Every word known: no line, no object, empty lists.
expect_status 0 "$SPOR" search "${IX[@]}" unge -n 20 &&
  expect_no_grep 'ingen forekomster' "$TMP/err" "known word" &&
  expect_no_grep 'missing:' "$TMP/out" "known word"
expect_status 0 "$SPOR" search "${IX[@]}" --json unge -n 20 && check_json "$TMP/out" 'null'
# An excluded word the index has is not missing.
expect_status 0 "$SPOR" search "${IX[@]}" --json -- resultater -first &&
  expect_no_grep '"type":"missing"' "$TMP/out" "excluded known word"
# A word nowhere and a phrase nowhere, each named once.
expect_status 0 "$SPOR" search "${IX[@]}" --json -- unge xyzzyq '"housing first"' xyzzyq &&
  expect_grep '^{"type":"missing","version":1,"words":\["xyzzyq","housing first"\]}$' "$TMP/out" "words and phrases"

# --batch: the missing object carries the query's line, only for it.
printf '%s\n' "$Q" unge | "$SPOR" search "${IX[@]}" --batch -n 40 >"$TMP/batch" 2>"$TMP/err" || fail "batch exit $?"
python3 - "$TMP/batch" "$TMP/miss.json" <<'PY' && ok || fail "batch missing"
import json, sys
objs = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8")]
miss = [o for o in objs if o["type"] == "missing"]
assert miss == [{"type": "missing", "version": 1, "query": 1, "words": ["housing"]}], miss
done = [i for i, o in enumerate(objs) if o["type"] == "done" and o["query"] == 1]
assert objs[done[0] - 1] == miss[0], objs[done[0] - 1]
single = [json.loads(l) for l in open(sys.argv[2], encoding="utf-8")]
got = [o["missing"] for o in objs if o["type"] == "hit" and o["query"] == 1]
assert got == [o["missing"] for o in single if o["type"] == "hit"], got
PY

finish
