#!/usr/bin/env bash
# Cross-city work over the bundled corpus: place filters and the query
# fields, facets that agree with the hits, copies of the Aarhus report
# shown once, --per-doc, place-by-place search with query expansion and
# spelling, spor compare and spor show in every format.
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

# The KL report's colophon address ("2300 København S") tags nothing, and
# its general chapters inherit no city: a national report passes no places.
expect_status 0 "$SPOR" search "${IX[@]}" --json -n 200 beskæftigelse
python3 - "$TMP/out" <<'PY' && ok || fail "colophon and general chapters untagged"
import json, sys
hits = [json.loads(l) for l in open(sys.argv[1])]
kl = [h for h in hits if "kl-beskaeftigelses" in h["doc"]]
assert kl
for h in kl:
    if h["section"] in ("FORORD", "INDLEDNING"):
        assert h["places"] == [], (h["section"], h["places"])
PY

# Sundparken is an estate in Horsens and in Aalborg: the Aalborg case's
# mention is not tagged Horsens.
expect_status 0 "$SPOR" search "${IX[@]}" --json -n 50 'kildeparken sundparken'
python3 - "$TMP/out" <<'PY' && ok || fail "ambiguous estate name"
import json, sys
hits = [json.loads(l) for l in open(sys.argv[1])]
aalborg = [h for h in hits if "Kildeparken" in h["text"]]
assert aalborg
assert all("Horsens" not in h["places"] for h in aalborg), [h["places"] for h in aalborg]
horsens = [h for h in hits if "Horsens Kommune" in h["text"] and "Sundparken" in h["text"]]
assert horsens and all("Horsens" in h["places"] for h in horsens)
PY

# Facets count the same passages the full hit list shows.
expect_status 0 "$SPOR" search "${IX[@]}" --json -n 1000 --facets unge --place amsterdam
python3 - "$TMP/out" <<'PY' && ok || fail "facets agree with hits"
import json, sys, collections
objs = [json.loads(l) for l in open(sys.argv[1])]
# Facets count matches, not the passages that continue a hit.
hits = [o for o in objs if o["type"] == "hit" and not o["continues"]]
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

# Place by place with the query expansion: the topic word is a compound
# the corpus never writes, found through its parts in both places.
expect_status 0 "$SPOR" search "${IX[@]}" --json -n 4 'hjemløseindsatsen amsterdam london'
python3 - "$TMP/out" <<'PY' && ok || fail "several places with an expanded word"
import json, sys
hits = [json.loads(l) for l in open(sys.argv[1])]
top = hits[:2]
assert {p for h in top for p in h["places"]} >= {"Amsterdam", "London"}, [h["places"] for h in top]
assert not any(h["corrected"] for h in hits)
PY
# A misspelt topic word: spelling is settled once for the whole query, and
# every place is searched for the suggestion.
expect_status 0 "$SPOR" search "${IX[@]}" --json -n 4 'hjemløshd amsterdam london'
python3 - "$TMP/out" <<'PY' && ok || fail "several places, misspelt"
import json, sys
hits = [json.loads(l) for l in open(sys.argv[1])]
assert hits and all(h["corrected"] for h in hits)
assert all(h["suggestion"] == "hjemløshed amsterdam london" for h in hits), hits[0]["suggestion"]
top = hits[:2]
assert {p for h in top for p in h["places"]} >= {"Amsterdam", "London"}, [h["places"] for h in top]
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
cp "$TMP/out" "$TMP/compare.json"
expect_status 0 "$SPOR" compare "${IX[@]}" --json hjemløshd --places amsterdam,london
python3 - "$TMP/out" <<'PY' && ok || fail "compare, misspelt"
import json, sys
groups = [json.loads(l) for l in open(sys.argv[1])]
assert [g["place"] for g in groups] == ["Amsterdam", "London"]
for g in groups:
    assert g["count"] > 0 and g["hits"], g["place"]
    assert all(h["corrected"] and h["suggestion"] == "hjemløshed" for h in g["hits"])
PY
expect_status 0 "$SPOR" compare "${IX[@]}" hjemløshd --places amsterdam,london
expect_grep 'viser resultater for "hjemløshed"' "$TMP/err" "compare says it corrected"
# Choosing the places (a count-only search) follows the same spelling.
expect_status 0 "$SPOR" compare "${IX[@]}" --json -n 1 hjemløshd
python3 - "$TMP/out" <<'PY' && ok || fail "compare without --places, misspelt"
import json, sys
groups = [json.loads(l) for l in open(sys.argv[1])]
assert len(groups) >= 2 and all(g["count"] > 0 and g["hits"] for g in groups)
assert all(h["corrected"] for g in groups for h in g["hits"])
PY
expect_status 0 "$SPOR" compare "${IX[@]}" --format tsv -n 2 hjemløshed --places amsterdam,london
python3 - "$TMP/out" <<'PY' && ok || fail "compare tsv"
import sys
rows = [l.split("\t") for l in open(sys.argv[1], encoding="utf-8").read().split("\n") if l]
head = rows[0]
assert head[:3] == ["place", "count", "rank"] and head[-3:] == ["snippet", "page", "page_end"], head
assert all(len(r) == len(head) for r in rows)
assert [r[0] for r in rows[1:]] == ["Amsterdam", "Amsterdam", "London", "London"], rows
PY
SHOW_ID=$(python3 -c 'import json,sys; print(json.loads(open(sys.argv[1]).readline())["hits"][0]["id"])' "$TMP/compare.json")
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
cp "$TMP/out" "$TMP/show.json"
expect_status 0 "$SPOR" show "${IX[@]}" --format tsv --context 1 "$SHOW_ID"
python3 - "$TMP/out" "$TMP/show.json" <<'PY' && ok || fail "show tsv"
import json, sys
rows = [l.split("\t") for l in open(sys.argv[1], encoding="utf-8").read().split("\n") if l]
ps = [json.loads(l) for l in open(sys.argv[2])]
assert rows[0] == ["focus", "offset", "id", "doc", "line_start", "line_end",
                   "section", "places", "text", "page", "page_end"], rows[0]
assert [r[2] for r in rows[1:]] == [p["id"] for p in ps]
assert [r[0] for r in rows[1:]] == ["1" if p["focus"] else "0" for p in ps]
PY

# Every JSON object these commands write follows the output schema, with
# no field it does not describe (hits inside place objects too).
expect_status 0 "$SPOR" search "${IX[@]}" --json -n 3 --facets unge
cat "$TMP/compare.json" "$TMP/show.json" "$TMP/out" >"$TMP/all.json"
python3 - "$TMP/all.json" "$SPOR_SOURCE_DIR/docs/spor-output.schema.json" <<'PY' && ok || fail "JSON output does not follow the schema"
import json, sys, jsonschema
schema = json.load(open(sys.argv[2]))
objs = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8")]
def check(obj):
    jsonschema.validate(obj, schema)
    kind = schema["$defs"][obj["type"]]
    # Every field is described, every required one present (validate).
    assert set(obj) <= set(kind["properties"]), set(obj) - set(kind["properties"])
    for h in obj.get("hits", []):
        check(h)
for o in objs:
    check(o)
assert {o["type"] for o in objs} == {"place", "passage", "hit", "total", "facet"}
PY
expect_status 2 "$SPOR" search "${IX[@]}" --format tsv --facets unge
expect_grep 'facets' "$TMP/err" "--facets with tsv"

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
