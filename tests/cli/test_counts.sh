#!/usr/bin/env bash
# Answers that add up (issue 18 items 5 and 6). A quoted phrase's own
# passages come first, then those with every word of the phrase apart,
# then those with only some of its words, each saying which it lacks;
# "apart" is true exactly when a passage lacks the phrase, under any
# filter. The matching passages are counted one way everywhere: the
# --facets total (text line and JSON "total" object), the facet values,
# the hits paging lists, --all-copies (which adds the copies) and
# compare's per-place counts, which count the topic, not its place names.
. "$(dirname "$0")/lib.sh"
build_corpus_index
IX=(--index "$TMP/index")
SCHEMA="$SPOR_SOURCE_DIR/docs/spor-output.schema.json"

# hits FILE: the hit objects of a JSON Lines file, for the checks below.
HITS='
import json, re, sys
def hits(f):
    return [o for o in map(json.loads, open(f, encoding="utf-8")) if o["type"] == "hit"]
def has(h, pat):
    return re.search(pat, " ".join([h["text"], h["section"], h["title"]]), re.I)
'

# --- Item 5: the words-apart top-up -------------------------------------
PH='"fremskudt beskæftigelse"'
expect_status 0 "$SPOR" search "${IX[@]}" --json -n 200 "$PH" && cp "$TMP/out" "$TMP/ph"
python3 - "$TMP/ph" <<PY && ok || fail "phrase, then every word apart, then some words"
$HITS
hs = hits(sys.argv[1])
tier = lambda h: 0 if not h["apart"] else (1 if not h["missing"] else 2)
tiers = [tier(h) for h in hs]
assert tiers == sorted(tiers) and set(tiers) == {0, 1, 2}, tiers
for h in hs:
    if tier(h) == 0:
        assert has(h, r"fremskudte?\s+beskæftigelse"), h["id"]
    # Every passage without any form of fremskudt says it lacks it.
    if not has(h, r"fremskud"):
        assert h["apart"] and "fremskudt" in h["missing"], (h["id"], h["missing"])
    if tier(h) == 1:
        assert has(h, r"fremskud") and has(h, r"beskæftig"), h["id"]
    if tier(h) == 2:
        assert set(h["missing"]) <= {"fremskudt", "beskæftigelse"}, h["missing"]
PY
# The text note and the hit blocks say which kind of passage follows.
expect_status 0 "$SPOR" search "${IX[@]}" -n 200 "$PH"
expect_grep '^    missing: fremskudt$' "$TMP/out" "text: the word lacked"

# A place that never mentions the phrase: every hit says it lacks it.
expect_status 0 "$SPOR" search "${IX[@]}" --json -n 20 --place paris "$PH"
python3 - "$TMP/out" <<PY && ok || fail "--place paris: every hit apart, lacking fremskudt"
$HITS
hs = hits(sys.argv[1])
assert hs and all(h["apart"] and h["missing"] == ["fremskudt"] for h in hs), \
    [(h["apart"], h["missing"]) for h in hs]
PY
expect_status 0 "$SPOR" search "${IX[@]}" -n 3 --place paris "$PH"
expect_grep '^spor: ingen passager med frasen; viser passager med nogle af ordene$' "$TMP/err" "note: some words"

# A word the query excludes is no word a passage lacks, in the phrase's
# passages or those of its words apart.
expect_status 0 "$SPOR" search "${IX[@]}" --json -n 60 -- "$PH" -nightstop
expect_no_grep '"missing":\[[^]]*nightstop' "$TMP/out" "an excluded word is not missing"

# A phrase beside a word: a passage with the word but not the phrase is
# apart too, and ranks after every passage with the phrase.
expect_status 0 "$SPOR" search "${IX[@]}" --json -n 40 "$PH efterværn"
python3 - "$TMP/out" <<PY && ok || fail "apart exactly when the phrase is lacked"
$HITS
hs = hits(sys.argv[1])
aparts = [h["apart"] for h in hs]
assert aparts == sorted(aparts) and False in aparts and True in aparts, aparts
for h in hs:
    lacks = "fremskudt beskæftigelse" in h["missing"]
    if not h["apart"]:
        assert has(h, r"fremskudte?\s+beskæftigelse") and not lacks, h["id"]
    elif lacks:
        assert not has(h, r"fremskudt\s+beskæftigelse"), h["id"]
PY

# A hyphenated word is a phrase of its parts to Xapian, not a quoted
# phrase: a passage without it lacks a word, and is not apart.
expect_status 0 "$SPOR" search "${IX[@]}" --json -n 30 "gadeplans-medarbejder hjemløse"
python3 - "$TMP/out" <<PY && ok || fail "a hyphenated word is no quoted phrase"
$HITS
hs = hits(sys.argv[1])
assert not any(h["apart"] for h in hs), [h["missing"] for h in hs]
assert any("gadeplans medarbejder" in h["missing"] for h in hs)
PY

# Paging lists the same passages in the same order as one long page.
ids() { python3 -c "$HITS
for h in hits(sys.argv[1]): print(h['id'])" "$1"; }
ids "$TMP/ph" > "$TMP/ph.ids"
: > "$TMP/paged.ids"
for off in $(seq 0 9 $(( $(wc -l < "$TMP/ph.ids") + 9 ))); do
  "$SPOR" search "${IX[@]}" --json -n 9 --offset "$off" "$PH" > "$TMP/page" 2>/dev/null
  ids "$TMP/page" >> "$TMP/paged.ids"
done
cmp -s "$TMP/ph.ids" "$TMP/paged.ids" && ok ||
  fail "phrase paged differs from one page: $(diff "$TMP/ph.ids" "$TMP/paged.ids" | head -5)"

# --- Item 6: counts that add up ------------------------------------------
# count_check QUERY: the --facets total in text and JSON, the facet
# values, the hits one long page lists and --all-copies agree.
count_check() {
  local q=$1
  "$SPOR" search "${IX[@]}" --json --facets --strict-phrases -n 1000 "$q" > "$TMP/c.json" 2>/dev/null
  "$SPOR" search "${IX[@]}" --json --facets --strict-phrases -n 1000 --all-copies "$q" > "$TMP/c.all" 2>/dev/null
  "$SPOR" search "${IX[@]}" --facets --strict-phrases -n 0 "$q" > "$TMP/c.txt" 2>/dev/null
  python3 - "$SCHEMA" "$TMP/c.json" "$TMP/c.all" "$TMP/c.txt" <<PY && ok || fail "counts of $q"
$HITS
import jsonschema
validator = jsonschema.Draft202012Validator(json.load(open(sys.argv[1])))
def load(f):
    objs = [json.loads(l) for l in open(f, encoding="utf-8")]
    for o in objs:
        validator.validate(o)
    totals = [o for o in objs if o["type"] == "total"]
    assert len(totals) == 1, totals
    # After the hits, before the facets.
    kinds = [o["type"] for o in objs if o["type"] in ("hit", "total", "facet")]
    assert kinds.index("total") == len(hits(f)), kinds
    return objs, totals[0]
objs, t = load(sys.argv[2])
all_objs, at = load(sys.argv[3])
hs, ahs = hits(sys.argv[2]), hits(sys.argv[3])
assert t["matching"] == len(hs), (t, len(hs))
assert at["matching"] == len(ahs) == t["matching"] + t["copies"], (at, len(ahs), t)
assert at["copies"] == 0, at
# Each passage has one document: the doc facets add up to the total and
# to the hits of each document.
docs = {o["key"]: o["count"] for o in objs if o["type"] == "facet" and o["facet"] == "doc"}
assert sum(docs.values()) == t["matching"], (docs, t)
per = {}
for h in hs:
    per[h["id"].split(".")[0]] = per.get(h["id"].split(".")[0], 0) + 1
assert per == docs, (per, docs)
line = open(sys.argv[4], encoding="utf-8").readline()
assert line.startswith("%d matching passage" % t["matching"]), (line, t)
PY
}
count_check beskæftigelse
count_check hjemløshed
count_check "$PH"
count_check "hjemløshed amsterdam london"

# -n 0 --facets only counts: exit 0 when something matches, 1 when not.
expect_status 0 "$SPOR" search "${IX[@]}" -n 0 --facets beskæftigelse
expect_status 0 "$SPOR" search "${IX[@]}" -n 0 beskæftigelse
expect_status 1 "$SPOR" search "${IX[@]}" -n 0 --facets qqxyzzyqq

# compare counts the topic in each place: the place names a query names
# are the places compared, not words a passage may match alone.
expect_status 0 "$SPOR" compare "${IX[@]}" --json -n 1 "hjemløshed amsterdam london"
cp "$TMP/out" "$TMP/cmp.named"
expect_status 0 "$SPOR" compare "${IX[@]}" --json -n 1 --places amsterdam,london hjemløshed
cp "$TMP/out" "$TMP/cmp.given"
for place in amsterdam london; do
  "$SPOR" search "${IX[@]}" --json --facets -n 0 --place "$place" hjemløshed > "$TMP/s.$place"
done
python3 - "$TMP/cmp.named" "$TMP/cmp.given" "$TMP/s.amsterdam" "$TMP/s.london" <<'PY' && ok || fail "compare counts the topic"
import json, sys
counts = lambda f: {o["place"]: o["count"] for o in map(json.loads, open(f)) if o["type"] == "place"}
total = lambda f: [o["matching"] for o in map(json.loads, open(f)) if o["type"] == "total"][0]
named, given = counts(sys.argv[1]), counts(sys.argv[2])
assert named == given, (named, given)
assert named == {"Amsterdam": total(sys.argv[3]), "London": total(sys.argv[4])}, named
PY

finish
