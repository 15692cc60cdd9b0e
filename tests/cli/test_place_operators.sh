#!/usr/bin/env bash
# Operators on place names, over the bundled corpus: +, -, NOT and AND
# apply to a place name as the word written (and its forms), never to the
# place tag, and a name under an operator is not answered place by place;
# a quoted phrase naming a place stays a phrase; sted: under NOT still
# excludes by the tag, which the user asked for by name; a place name
# without an operator answers as before.
. "$(dirname "$0")/lib.sh"
build_corpus_index
IX=(--index "$TMP/index")

# hits QUERY: the JSON hits of QUERY into $TMP/out (status 0 expected).
hits() {
  expect_status 0 "$SPOR" search "${IX[@]}" --json -n 200 -- "$1"
}

# NOT københavn drops the passages that write København, not those only
# tagged with it: the Urbanplanen passages that never write the name stay.
hits 'urbanplanen NOT københavn'
cp "$TMP/out" "$TMP/not-kbh"
python3 - "$TMP/out" <<'PY' && ok || fail "urbanplanen NOT københavn"
import json, re, sys
hits = [json.loads(l) for l in open(sys.argv[1])]
assert not any(re.search(r"københavn", h["text"], re.I) for h in hits), "writes it"
tagged = [h for h in hits if "Urbanplanen" in h["places"] and "København" in h["places"]]
assert len(tagged) >= 3, [h["places"] for h in hits]
PY

# +urbanplanen -amager: the words, not "+ -" with the names stripped out.
hits '+urbanplanen -amager'
python3 - "$TMP/out" <<'PY' && ok || fail "+urbanplanen -amager"
import json, re, sys
hits = [json.loads(l) for l in open(sys.argv[1])]
assert len(hits) >= 3, len(hits)
for h in hits:
    where = " ".join([h["text"], h["section"] or "", h["title"]])
    assert re.search(r"urbanplan", where, re.I), h["id"]
    assert not re.search(r"amager", h["text"], re.I), h["id"]
PY

# -københavn alone: every passage without the word, the København
# passages that never write it included; NOT københavn is the same.
hits '-københavn'
cp "$TMP/out" "$TMP/minus-kbh"
python3 - "$TMP/out" <<'PY' && ok || fail "-københavn"
import json, re, sys
hits = [json.loads(l) for l in open(sys.argv[1])]
assert not any(re.search(r"københavn", h["text"], re.I) for h in hits)
assert sum("København" in h["places"] for h in hits) >= 3, len(hits)
PY
hits 'NOT københavn'
if cmp -s "$TMP/out" "$TMP/minus-kbh"; then ok; else fail "NOT københavn differs from -københavn"; fi

# sted: under NOT excludes by the tag: no Urbanplanen passage is left.
hits 'urbanplanen NOT sted:københavn'
python3 - "$TMP/out" <<'PY' && ok || fail "urbanplanen NOT sted:københavn"
import json, sys
hits = [json.loads(l) for l in open(sys.argv[1])]
assert not any("København" in h["places"] for h in hits), [h["places"] for h in hits]
PY

# A phrase naming a place stays a phrase beside another place name.
hits '"fremskudt beskæftigelsesindsats i københavn" aarhus'
python3 - "$TMP/out" <<'PY' && ok || fail "phrase with a place name"
import json, re, sys
hits = [json.loads(l) for l in open(sys.argv[1])]
phrase = r"fremskudt beskæftigelsesindsats i københavn"
assert len(hits) >= 3 and all(re.search(phrase, h["text"], re.I) for h in hits[:3]), \
    [h["id"] for h in hits[:3]]
PY

# Without operators, as before: a place name also finds the passages
# tagged with it, and two places are answered place by place.
hits 'urbanplanen'
python3 - "$TMP/out" "$TMP/not-kbh" <<'PY' && ok || fail "urbanplanen alone"
import json, re, sys
hits = [json.loads(l) for l in open(sys.argv[1])]
assert any(not re.search(r"urbanplan", " ".join([h["text"], h["section"] or "", h["title"]]), re.I)
           and "Urbanplanen" in h["places"] for h in hits), "no tag-only passage"
PY
hits 'hjemløse københavn london'
python3 - "$TMP/out" <<'PY' && ok || fail "hjemløse københavn london place by place"
import json, sys
hits = [json.loads(l) for l in open(sys.argv[1])]
top = hits[:2]
assert {p for h in top for p in h["places"]} >= {"København", "London"}, [h["places"] for h in top]
PY
finish
