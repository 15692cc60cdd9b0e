#!/usr/bin/env bash
# Cross-city work over the bundled corpus: place filters and the query
# fields, facets that agree with the hits, copies of the Aarhus report
# shown once, --per-doc, spor compare and spor show.
. "$(dirname "$0")/lib.sh"
build_corpus_index
IX=(--index "$TMP/index")

# --place keeps only passages about the place, in any spelling.
expect_status 0 "$SPOR" search "${IX[@]}" --json -n 200 unge --place amsterdam
python3 - "$TMP/out" <<'PY' && ok || fail "--place amsterdam"
import json, sys
hits = [json.loads(l) for l in open(sys.argv[1])]
assert hits
assert all("Amsterdam" in h["places"] for h in hits), [h["places"] for h in hits]
PY
cp "$TMP/out" "$TMP/place-opt"
expect_status 0 "$SPOR" search "${IX[@]}" --json -n 200 'unge sted:Amsterdams'
if cmp -s "$TMP/out" "$TMP/place-opt"; then ok; else fail "sted: differs from --place"; fi
expect_status 0 "$SPOR" search "${IX[@]}" --json -n 200 'studietur sted:Århus'
python3 - "$TMP/out" <<'PY' && ok || fail "sted:Århus"
import json, sys
hits = [json.loads(l) for l in open(sys.argv[1])]
assert hits and all("Aarhus" in h["places"] for h in hits)
PY

# A passage that names no place inherits its section's: the Nightstop visit
# is about London although most of its passages never say so.
expect_status 0 "$SPOR" search "${IX[@]}" --json -n 50 nightstop --place london
python3 - "$TMP/out" <<'PY' && ok || fail "inherited places"
import json, sys
hits = [json.loads(l) for l in open(sys.argv[1])]
assert any("london" not in h["text"].lower() for h in hits)
PY

# Facets count the same passages the full hit list shows.
expect_status 0 "$SPOR" search "${IX[@]}" --json -n 1000 --facets unge --place amsterdam
python3 - "$TMP/out" <<'PY' && ok || fail "facets agree with hits"
import json, sys, collections
objs = [json.loads(l) for l in open(sys.argv[1])]
hits = [o for o in objs if o["type"] == "hit"]
facets = [o for o in objs if o["type"] == "facet"]
assert hits and facets
places = collections.Counter(p for h in hits for p in h["places"])
docs = collections.Counter(h["doc"] for h in hits)
years = collections.Counter(str(h["year"]) for h in hits)
for f in facets:
    want = {"place": places, "doc": docs, "year": years}[f["facet"]][f["value"]]
    assert f["count"] == want, (f, want)
assert sum(f["count"] for f in facets if f["facet"] == "doc") == len(hits)
PY
expect_status 0 "$SPOR" search "${IX[@]}" -n 2 --facets unge --place amsterdam
expect_grep '^place: Amsterdam ([0-9]*)' "$TMP/out" "text facets"

# Years and documents.
expect_status 0 "$SPOR" search "${IX[@]}" --json -n 100 'unge år:2015..2020'
python3 - "$TMP/out" <<'PY' && ok || fail "year range"
import json, sys
hits = [json.loads(l) for l in open(sys.argv[1])]
assert hits and all(2015 <= h["year"] <= 2020 for h in hits), {h["year"] for h in hits}
assert {h["year"] for h in hits} == {2015, 2020}
PY
expect_status 1 "$SPOR" search "${IX[@]}" unge --year 2030..2040
expect_status 2 "$SPOR" search "${IX[@]}" unge --year 20x5
expect_grep 'year' "$TMP/err" "bad year message"
expect_status 0 "$SPOR" search "${IX[@]}" --json -n 100 unge --doc kbh-social
python3 - "$TMP/out" <<'PY' && ok || fail "--doc"
import json, sys
hits = [json.loads(l) for l in open(sys.argv[1])]
assert hits and all("kbh-social" in h["doc"] for h in hits)
PY
expect_status 2 "$SPOR" search "${IX[@]}" unge --doc no-such-report
expect_grep 'no indexed document' "$TMP/err"

# The Aarhus report is in the corpus twice: each passage is listed once,
# with its copy in the other file in also_in; --all-copies lists both.
expect_status 0 "$SPOR" search "${IX[@]}" --json -n 10 hjemløsevandring underground
python3 - "$TMP/out" <<'PY' && ok || fail "copies listed once"
import json, sys
hits = [json.loads(l) for l in open(sys.argv[1])]
ids = {h["id"] for h in hits}
assert hits
for h in hits:
    assert not ids & set(h["also_in"]), (h["id"], h["also_in"])
aarhus = [h for h in hits if "aarhus-amsterdam" in h["doc"]]
assert aarhus and all(h["also_in"] for h in aarhus)
for h in aarhus:
    assert all(a.split(".")[0] != h["id"].split(".")[0] for a in h["also_in"])
PY
expect_status 0 "$SPOR" search "${IX[@]}" --json -n 10 --all-copies hjemløsevandring underground
python3 - "$TMP/out" <<'PY' && ok || fail "--all-copies"
import json, sys
hits = [json.loads(l) for l in open(sys.argv[1])]
docs = {h["doc"] for h in hits[:2]}
assert len(docs) == 2, docs
PY

# --per-doc caps each document's share of the list.
expect_status 0 "$SPOR" search "${IX[@]}" --json -n 4 --per-doc 1 beskæftigelse
python3 - "$TMP/out" <<'PY' && ok || fail "--per-doc"
import json, sys, collections
hits = [json.loads(l) for l in open(sys.argv[1])]
c = collections.Counter(h["doc"] for h in hits)
assert len(hits) == 4 and max(c.values()) == 1, c
PY
expect_status 2 "$SPOR" search "${IX[@]}" --per-doc 0 unge

# A query naming several places answers for each of them near the top.
expect_status 0 "$SPOR" search "${IX[@]}" --json -n 4 'hjemløshed amsterdam london'
python3 - "$TMP/out" <<'PY' && ok || fail "several places in a query"
import json, sys
hits = [json.loads(l) for l in open(sys.argv[1])]
top = hits[:2]
assert any("Amsterdam" in h["places"] for h in top), [h["places"] for h in top]
assert any("London" in h["places"] for h in top), [h["places"] for h in top]
assert [h["rank"] for h in hits] == [1, 2, 3, 4]
PY

# spor compare: each place with its count and its own passages.
expect_status 0 "$SPOR" compare "${IX[@]}" --json hjemløshed --places amsterdam,london,københavn
python3 - "$TMP/out" <<'PY' && ok || fail "compare --json"
import json, sys
groups = [json.loads(l) for l in open(sys.argv[1])]
assert [g["place"] for g in groups] == ["Amsterdam", "London", "København"]
for g in groups:
    assert g["type"] == "place" and g["count"] > 0 and g["hits"], g["place"]
    assert g["count"] >= len(g["hits"])
    for h in g["hits"]:
        assert g["place"] in h["places"]
        assert "hjemløs" in h["text"].lower()
PY
expect_status 0 "$SPOR" compare "${IX[@]}" hjemløshed --places amsterdam,london
expect_grep '^== Amsterdam: [0-9]* matching passages ==' "$TMP/out" "compare blocks"
expect_grep '^== London: [0-9]* matching passages ==' "$TMP/out" "compare blocks"
COLUMNS=120 expect_status 0 "$SPOR" compare "${IX[@]}" --columns hjemløshed --places amsterdam,london
head -n 1 "$TMP/out" | grep -q '^Amsterdam ([0-9]*) *London ([0-9]*)' && ok || fail "compare columns header: $(head -n 1 "$TMP/out")"
python3 -c 'import sys; sys.exit(any(len(l.rstrip("\n")) > 120 for l in open(sys.argv[1], encoding="utf-8")))' "$TMP/out" && ok || fail "compare columns wider than the terminal"
expect_status 0 "$SPOR" compare "${IX[@]}" --json -n 1 hjemløshed
python3 - "$TMP/out" <<'PY' && ok || fail "compare without --places"
import json, sys
groups = [json.loads(l) for l in open(sys.argv[1])]
assert 2 <= len(groups) <= 4
counts = [g["count"] for g in groups]
assert counts == sorted(counts, reverse=True), counts
PY
SHOW_ID=$(python3 -c 'import json,sys; print(json.loads(open(sys.argv[1]).readline())["hits"][0]["id"])' "$TMP/out")
expect_status 2 "$SPOR" compare "${IX[@]}"

# spor show: a passage with its neighbours, in order.
expect_status 0 "$SPOR" show "${IX[@]}" --json --context 1 "$SHOW_ID"
python3 - "$TMP/out" <<'PY' && ok || fail "show --context"
import json, sys
ps = [json.loads(l) for l in open(sys.argv[1])]
focus = [p for p in ps if p["focus"]]
assert len(focus) == 1
assert [p["offset"] for p in ps] == list(range(ps[0]["offset"], ps[0]["offset"] + len(ps)))
assert 2 <= len(ps) <= 3 and focus[0]["offset"] == 0
PY
ID=$("$SPOR" search "${IX[@]}" --json -n 1 nightstop | python3 -c 'import json,sys; print(json.loads(sys.stdin.readline())["id"])')
# Paths in the index are as given to 'spor index': relative to the project.
cd "$SPOR_SOURCE_DIR" || exit 1
expect_status 0 "$SPOR" show "${IX[@]}" --source --context 0 "$ID"
expect_grep '^ *[0-9][0-9]*  .*Nightstop' "$TMP/out" "source lines"
expect_status 2 "$SPOR" show "${IX[@]}" not-an-id
expect_grep 'not a passage id' "$TMP/err"
expect_status 2 "$SPOR" show "${IX[@]}" ffffffff.3
expect_grep 'no passage' "$TMP/err"

finish
