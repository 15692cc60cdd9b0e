#!/usr/bin/env bash
# spor search over the bundled corpus: hits, ranking of a known query,
# highlighting, JSON Lines, colour handling and exit codes.
. "$(dirname "$0")/lib.sh"
build_corpus_index
IX=(--index "$TMP/index")

# The showcase query finds the fremskudt beskæftigelse passages of the KL
# catalogue and the CFBU article first.
expect_status 0 "$SPOR" search "${IX[@]}" --json -n 5 "fremskudt beskæftigelse efterværn"
python3 - "$TMP/out" <<'PY' && ok || fail "ranking of 'fremskudt beskæftigelse efterværn'"
import json, sys
hits = [json.loads(l) for l in open(sys.argv[1])]
assert len(hits) == 5, len(hits)
top = hits[:3]
assert all(("kl-beskaeftigelses" in h["doc"]) or ("cfbu" in h["doc"]) for h in top), [h["doc"] for h in top]
assert any("fremskud" in h["text"].lower() for h in top)
PY

# JSON Lines: every line an object with the documented fields, highlights
# pointing at words that match the query in some inflected form.
expect_status 0 "$SPOR" search "${IX[@]}" --json -n 10 "beskæftigelse"
python3 - "$TMP/out" <<'PY' && ok || fail "JSON fields and highlights"
import json, sys
lines = open(sys.argv[1], encoding="utf-8").read().splitlines()
assert len(lines) == 10, len(lines)
for n, line in enumerate(lines, 1):
    h = json.loads(line)
    for k in ("rank", "score", "id", "doc", "title", "section", "places", "year",
              "line_start", "line_end", "text", "snippet", "highlights"):
        assert k in h, k
    assert h["rank"] == n
    assert h["line_start"] <= h["line_end"]
    assert isinstance(h["places"], list)
    raw = h["text"].encode("utf-8")
    assert h["highlights"], "no highlight in hit %d" % n
    for s, e in h["highlights"]:
        word = raw[s:e].decode("utf-8").lower()
        # (URLs spell it "beskaeftigelse": folded to the same stem)
        assert word.startswith(("beskæftig", "beskaeftig")), word
    # inflected forms are highlighted too, not only the form typed
forms = set()
for line in lines:
    h = json.loads(line)
    raw = h["text"].encode("utf-8")
    forms |= {raw[s:e].decode().lower() for s, e in h["highlights"]}
assert len(forms) >= 2, forms
PY

# Text output: the path:lines header; no colour when piped, bold colour
# around matches with --color always, none with NO_COLOR and auto.
expect_status 0 "$SPOR" search "${IX[@]}" -n 3 nightstop
expect_grep 'kbh-socialudvalget-studietur-2015.txt:[0-9]*-[0-9]*  ' "$TMP/out" "text header"
if grep -q $'\033' "$TMP/out"; then fail "colour escapes in piped output"; else ok; fi
expect_status 0 "$SPOR" search "${IX[@]}" -n 3 --color always nightstop
expect_grep $'\033\\[1;31mNightstop\033\\[0m' "$TMP/out" "highlighted match"
NO_COLOR=1 expect_status 0 "$SPOR" search "${IX[@]}" -n 3 --color auto nightstop
if grep -q $'\033' "$TMP/out"; then fail "colour with NO_COLOR"; else ok; fi

# Phrases and boolean operators come from Xapian's query syntax.
# A phrase's own passages come first; when they do not fill the page, the
# passages with its words apart follow, marked "apart" (not with
# --strict-phrases). Paging runs through both as one ranking.
expect_status 0 "$SPOR" search "${IX[@]}" --json -n 20 '"social innovation"'
cp "$TMP/out" "$TMP/phrase"
expect_status 0 "$SPOR" search "${IX[@]}" --json -n 20 --strict-phrases '"social innovation"'
cp "$TMP/out" "$TMP/strict"
expect_status 0 "$SPOR" search "${IX[@]}" --json -n 3 --offset 4 '"social innovation"'
cp "$TMP/out" "$TMP/across"
expect_status 0 "$SPOR" search "${IX[@]}" --json -n 3 --offset 12 '"social innovation"'
python3 - "$TMP/phrase" "$TMP/strict" "$TMP/across" "$TMP/out" <<'PY' && ok || fail "phrase search"
import json, sys, re
load = lambda f: [json.loads(l) for l in open(f)]
hits, strict, across, later = map(load, sys.argv[1:])
phrase = lambda h: re.search(r"social\W+innovation", h["text"], re.I)
exact = [h for h in hits if not h["apart"]]
apart = [h for h in hits if h["apart"]]
assert exact and apart and len(hits) == 20, (len(exact), len(apart))
assert [h["apart"] for h in hits] == [False] * len(exact) + [True] * len(apart)
for h in exact:
    assert phrase(h), h["text"][:200]
for h in apart:
    assert not phrase(h) and re.search(r"social|innovation", h["text"], re.I), h["text"][:200]
assert [h["id"] for h in strict] == [h["id"] for h in exact]
assert not any(h["apart"] for h in strict)
assert len(exact) > 4 and len(exact) < 15, len(exact)
for page, start in ((across, 4), (later, 12)):
    assert [h["id"] for h in page] == [h["id"] for h in hits[start:start + 3]], start
    assert [h["rank"] for h in page] == [start + 1, start + 2, start + 3]
    assert [h["apart"] for h in page] == [h["apart"] for h in hits[start:start + 3]]
PY
expect_status 0 "$SPOR" search "${IX[@]}" --color never -n 20 '"social innovation"'
expect_grep "the phrase's words, not the phrase" "$TMP/out" "words apart marked in text"
# A query naming places is answered place by place: every place's phrase
# passages still come before any passage with the words apart.
expect_status 0 "$SPOR" search "${IX[@]}" --json -n 20 '"social innovation" london paris'
python3 - "$TMP/out" <<'PY' && ok || fail "phrase answered place by place"
import json, sys
apart = [json.loads(l)["apart"] for l in open(sys.argv[1])]
assert False in apart and True in apart and apart == sorted(apart), apart
PY
expect_status 0 "$SPOR" search "${IX[@]}" --json -n 50 'nightstop NOT london'
python3 - "$TMP/out" <<'PY' && ok || fail "NOT"
import json, sys
hits = [json.loads(l) for l in open(sys.argv[1])]
assert hits and all("london" not in h["text"].lower() for h in hits)
PY

# -n and --offset page through the same ranking.
expect_status 0 "$SPOR" search "${IX[@]}" --json -n 4 hjemløse
python3 -c 'import json,sys; print("\n".join(json.loads(l)["id"] for l in open(sys.argv[1])))' "$TMP/out" > "$TMP/all"
expect_status 0 "$SPOR" search "${IX[@]}" --json -n 2 --offset 2 hjemløse
python3 -c 'import json,sys; print("\n".join(json.loads(l)["id"] for l in open(sys.argv[1])))' "$TMP/out" > "$TMP/page2"
if [ "$(tail -n 2 "$TMP/all")" = "$(cat "$TMP/page2")" ]; then ok; else fail "--offset paging"; fi

# Exit codes and one-line errors.
expect_status 1 "$SPOR" search "${IX[@]}" zzyzxqqvv
[ ! -s "$TMP/out" ] && ok || fail "output for no hits"
expect_status 2 "$SPOR" search --index "$TMP/nowhere" nightstop
expect_grep "$TMP/nowhere" "$TMP/err" "missing index message"
[ "$(wc -l < "$TMP/err")" -eq 1 ] && ok || fail "missing index: not one line"
# A dangling operator is read as plain words (test_hostile_queries.sh);
# an operator alone is an error.
expect_status 0 "$SPOR" search "${IX[@]}" 'fremskudt AND'
expect_status 2 "$SPOR" search "${IX[@]}" 'AND'
expect_grep 'query' "$TMP/err" "malformed query message"
[ "$(wc -l < "$TMP/err")" -eq 1 ] && ok || fail "malformed query: not one line"
expect_status 2 "$SPOR" search "${IX[@]}" '   '
expect_grep 'no words' "$TMP/err" "empty query message"
expect_status 2 "$SPOR" search "${IX[@]}" $'\xff\xfe'
expect_grep 'UTF-8' "$TMP/err" "invalid UTF-8 query message"
expect_status 2 "$SPOR" search "${IX[@]}" -n many nightstop
expect_status 2 "$SPOR" search "${IX[@]}" --color sometimes nightstop
expect_status 2 "$SPOR" search "${IX[@]}" --bogus nightstop
expect_status 2 "$SPOR" frobnicate

# An index directory that is not a spor index.
mkdir -p "$TMP/junk" && echo hello > "$TMP/junk/file"
expect_status 2 "$SPOR" search --index "$TMP/junk" nightstop
expect_grep 'no spor index' "$TMP/err"

finish
