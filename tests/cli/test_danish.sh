#!/usr/bin/env bash
# Danish that finds what people mean, end to end over the bundled corpus:
# compounds both ways, ae/oe/aa folding, spelling suggestions checked
# against the word list, synonyms at a lower weight, highlights that follow
# all of it, and --explain.
. "$(dirname "$0")/lib.sh"
build_corpus_index
IX=(--index "$TMP/index")

# highlights QUERY [options]: prints each hit's highlighted words, one hit
# per line, to $TMP/hl
highlights() {
  "$SPOR" search "${IX[@]}" --json "$@" > "$TMP/out" 2> "$TMP/err"
  local rc=$?
  python3 - "$TMP/out" > "$TMP/hl" <<'PY'
import json, sys
for line in open(sys.argv[1], encoding="utf-8"):
    h = json.loads(line)
    if h["type"] != "hit":
        continue
    raw = h["text"].encode("utf-8")
    print(" ".join(raw[s:e].decode("utf-8").lower() for s, e in h["highlights"]))
PY
  return $rc
}

# kinds QUERY [options]: each hit as "<tab-separated explain kinds>|text"
# in $TMP/kinds, one hit per line.
kinds() {
  "$SPOR" search "${IX[@]}" --json --explain "$@" > "$TMP/out" 2> "$TMP/err"
  local rc=$?
  python3 - "$TMP/out" > "$TMP/kinds" <<'PY'
import json, sys
for line in open(sys.argv[1], encoding="utf-8"):
    h = json.loads(line)
    if h["type"] != "hit":
        continue
    ks = sorted({m["word"] + ":" + m["kind"] for m in h["explain"]["matches"]})
    print("\t".join(ks) + "|" + h["text"].replace("\n", " "))
PY
  return $rc
}

# Forms Snowball leaves apart meet: "barn" (absent from the corpus) finds
# and highlights "børn", "by" finds "byen" and "byer", "jobcenter" finds
# "jobcentret".
expect_status 0 highlights -n 20 barn
expect_grep '^børn\b\|\bbørn\b' "$TMP/hl" "barn finds børn"
expect_status 0 highlights -n 50 by
expect_grep '\bbyen\b' "$TMP/hl" "by finds byen"
expect_grep '\bbyer\b' "$TMP/hl" "by finds byer"
expect_status 0 highlights -n 50 jobcenter
expect_grep '\bjobcentret\b' "$TMP/hl" "jobcenter finds jobcentret"

# Compounds: a part finds the compound, and is highlighted inside it.
expect_status 0 highlights -n 20 indsats
expect_grep 'beskæftigelsesindsats' "$TMP/hl" "part highlighted inside compound"
expect_status 0 highlights -n 5 tælling
expect_grep 'hjemløsetælling' "$TMP/hl" "tælling finds hjemløsetælling"
# ...a compound finds its parts written apart...
expect_status 0 highlights -n 5 danskundervisning
expect_grep 'dansk' "$TMP/hl" "danskundervisning finds dansk-undervisning"
# ...and the exact word typed ranks above part matches.
expect_status 0 highlights -n 1 indsats
python3 - "$TMP/hl" <<'PY' && ok || fail "exact word first"
words = open(__import__("sys").argv[1]).read().split()
assert "indsats" in words, words
PY
# indsats is its own stem (the keep list, stem.h): it meets indsatsen and
# indsatser, and no longer indsatte (inmates), which Snowball alone gives it.
expect_status 0 highlights -n 50 indsats
expect_grep '\bindsats\(en\|er\|erne\)\b' "$TMP/hl" "indsats finds its inflections"
expect_no_grep '\bindsatte\b' "$TMP/hl" "indsats matched indsatte"

# No nonsense split: hjemløse is not hjem + løse.
expect_status 0 highlights -n 20 løse
expect_no_grep '\bhjemløse\b' "$TMP/hl" "hjemløse split as hjem+løse"

# Folding: typed without æ/ø/å, found and highlighted in Danish spelling.
expect_status 0 highlights -n 3 hjemloeshed
expect_grep 'hjemløshed' "$TMP/hl" "hjemloeshed -> hjemløshed"
expect_status 0 highlights -n 3 "hoeje kolstrup"
expect_grep 'høje' "$TMP/hl" "hoeje -> høje"
expect_status 0 highlights -n 3 århus
expect_grep 'aarhus' "$TMP/hl" "århus -> aarhus"
# ...exact spellings first: the Danish spelling typed ranks its own form up.
expect_status 0 highlights -n 1 hjemløshed
expect_grep 'hjemløshed' "$TMP/hl"
# ...and bør never becomes bor.
expect_status 0 highlights -n 50 bør
expect_no_grep '\bbor\b' "$TMP/hl" "bør matched bor"

# Spelling: a typo gets a suggestion with hits, and a query without hits
# is searched corrected, saying so.
expect_status 0 "$SPOR" search "${IX[@]}" -n 3 partisiple
expect_grep 'viser resultater for "participle"' "$TMP/err" "corrected search message"
expect_status 0 "$SPOR" search "${IX[@]}" --json -n 3 partisiple
python3 - "$TMP/out" <<'PY' && ok || fail "JSON suggestion fields"
import json, sys
hits = [h for h in map(json.loads, open(sys.argv[1])) if h["type"] == "hit"]
assert hits and all(h["corrected"] and h["suggestion"] == "participle" for h in hits)
assert all("participle" in h["text"].lower() for h in hits)
PY
# A typo beside words with hits: the hits stay, with "Mente du".
expect_status 0 "$SPOR" search "${IX[@]}" -n 3 nightstop landsbyggefonen
expect_grep 'Mente du: nightstop landsbyggefonden' "$TMP/err" "suggestion beside hits"
# ...and the misspelt word counts as the word meant, below the words typed:
# "amsterdm" matches Amsterdam as a spelling match, and the hits are not
# marked corrected (the user is asked, not overruled).
expect_status 0 kinds -n 10 "hjemløshed amsterdm"
python3 - "$TMP/out" <<'PY' && ok || fail "typo blended as the word meant"
import json, sys
hits = [h for h in map(json.loads, open(sys.argv[1], encoding="utf-8")) if h["type"] == "hit"]
assert hits and not any(h["corrected"] for h in hits)
assert all(h["suggestion"] == "hjemløshed amsterdam" for h in hits)
sp = [m for h in hits for m in h["explain"]["matches"] if m["kind"] == "spelling"]
assert sp and all(m["word"] == "amsterdm" for m in sp), sp
assert any("amsterdam" in h["text"].lower() for h in hits)
PY
# A real Danish word is not "corrected" into another: afvikling stands in
# the corpus only inside gældsafvikling, which it finds; sommerfugl is not
# in the corpus at all, and gets no suggestion.
expect_status 0 highlights -n 3 afvikling
expect_no_grep 'Mente du\|viser resultater' "$TMP/err" "afvikling corrected"
expect_grep 'gældsafvikling' "$TMP/hl" "afvikling inside gældsafvikling"
expect_status 1 "$SPOR" search "${IX[@]}" sommerfugl
expect_no_grep 'Mente du\|viser resultater' "$TMP/err" "sommerfugl corrected"

# Synonyms: husvild (not in the corpus) finds the homeless passages, the
# synonym highlighted; off with --no-synonyms.
expect_status 0 highlights -n 3 husvild
expect_grep 'hjemløs' "$TMP/hl" "synonym highlighted"
expect_status 1 "$SPOR" search "${IX[@]}" --no-synonyms husvild
# A synonym weighs less than the word typed: arbejdsløs finds passages
# saying ledig, but a passage saying arbejdsløs ranks first.
expect_status 0 highlights -n 30 arbejdsløs
python3 - "$TMP/hl" <<'PY' && ok || fail "synonym below the word typed"
lines = open(__import__("sys").argv[1]).read().splitlines()
assert "arbejdsløs" in lines[0], lines[:2]
assert any("ledig" in l for l in lines), lines
PY


# A compound's parts also match one at a time, below the whole word:
# gadeplansmedarbejder finds "opsøgende gadeplansfunktion".
expect_status 0 kinds -n 30 gadeplansmedarbejder
python3 - "$TMP/kinds" <<'PY' && ok || fail "a compound's part alone"
lines = open(__import__("sys").argv[1], encoding="utf-8").read().splitlines()
assert "gadeplansmedarbejder" in lines[0].split("|", 1)[1].lower(), lines[0]
alone = [l for l in lines if "gadeplansfunktion" in l.lower()]
assert alone and all("gadeplansmedarbejder:its parts" in l for l in alone), alone
PY

# A word naming a place also matches passages about the place (tagged
# with it) that do not name it; a place name that is also a common word
# ("vejen", the road) never does when typed in lower case.
expect_status 0 kinds -n 30 "netværk aalborg"
python3 - "$TMP/kinds" <<'PY' && ok || fail "place tag"
lines = open(__import__("sys").argv[1], encoding="utf-8").read().splitlines()
tagged = [l for l in lines if "aalborg:place tag" in l]
assert any("aalborg" not in l.split("|", 1)[1].lower() for l in tagged), lines
assert all("aalborg:stem" in l for l in lines if "aalborg" in l.split("|", 1)[1].lower())
PY
expect_status 0 kinds -n 30 "vejen"
expect_no_grep 'place tag' "$TMP/kinds" "vejen as a place"

# A quantity word is answered by a number: "antal hjemløse" matches
# passages stating a number that is not a year, and only those.
expect_status 0 kinds -n 30 "antal hjemløse amsterdam"
python3 - "$TMP/kinds" <<'PY' && ok || fail "quantity answered by a number"
import re
lines = open(__import__("sys").argv[1], encoding="utf-8").read().splitlines()
def quantity(text):
    return any(not re.fullmatch(r"(19|20)\d\d", n)
               for n in re.findall(r"(?<![\w.,])\d(?:[\d.,]*\d)?(?![\w])", text))
assert any("cirka 7000 hjemløse" in l for l in lines[:3]), lines[:3]
for l in lines:
    kinds, text = l.split("|", 1)
    assert ("antal:a number" in kinds) == quantity(text), l[:300]
PY
expect_status 0 kinds -n 30 "hjemløse amsterdam"
expect_no_grep 'a number' "$TMP/kinds" "a number without a quantity word"

# --explain: the contributions add up to the BM25 score.
expect_status 0 "$SPOR" search "${IX[@]}" --json --explain -n 5 "fremskudt beskæftigelse"
python3 - "$TMP/out" <<'PY' && ok || fail "--explain sums"
import json, sys
for line in open(sys.argv[1]):
    h = json.loads(line)
    if h["type"] != "hit":
        continue
    e = h["explain"]
    total = sum(m["weight"] for m in e["matches"])
    assert abs(total - e["bm25"]) < 0.01 * e["bm25"] + 0.01, (total, e["bm25"])
    assert abs(e["bm25"] * e["prior"] * e["coverage"] - h["score"]) < 0.01, h["score"]
    assert {m["word"] for m in e["matches"]} <= {"fremskudt", "beskæftigelse"}
    assert any(m["kind"] == "stem" for m in e["matches"])
PY
expect_status 0 "$SPOR" search "${IX[@]}" --explain -n 1 "fremskudt beskæftigelse"
expect_grep '^    why: .* = BM25 .* x prose ' "$TMP/out" "text explain"
expect_grep '^      fremskudt: stem ' "$TMP/out" "per-word contributions"

# Phrases follow inflection and folding: "fremskudt beskæftigelsesindsats"
# also finds "den fremskudte beskæftigelsesindsats", the phrase as typed
# higher; words apart or out of order do not match as the phrase (they
# follow it, marked "apart", and not at all with --strict-phrases).
expect_status 0 "$SPOR" search "${IX[@]}" --json --explain -n 50 --strict-phrases '"fremskudt beskæftigelsesindsats"'
cp "$TMP/out" "$TMP/phrase"
python3 - "$TMP/phrase" <<'PY' && ok || fail "inflected phrase"
import json, re, sys
hits = [h for h in map(json.loads, open(sys.argv[1])) if h["type"] == "hit"]
assert len(hits) < 50 and not any(h["apart"] for h in hits), len(hits)
texts = [re.sub(r"\s+", " ", h["text"].lower()) for h in hits]
typed = [bool(re.search(r"fremskudt beskæftigelsesindsats", t)) for t in texts]
assert all(re.search(r"fremskudte? beskæftigelsesindsats", t) for t in texts), texts
assert typed[0] and not all(typed), typed
# The phrase as typed weighs extra: those passages rank higher on average.
rank = lambda want: sum(i for i, t in enumerate(typed) if t == want) / typed.count(want)
assert rank(True) < rank(False), typed
kinds = {m["kind"] for h in hits for m in h["explain"]["matches"]}
assert kinds == {"phrase", "phrase, inflected"}, kinds
assert {m["word"] for h in hits for m in h["explain"]["matches"]} == {"fremskudt beskæftigelsesindsats"}
PY
expect_status 0 "$SPOR" search "${IX[@]}" --json -n 50 '"fremskudte beskaeftigelsesindsats"'
python3 - "$TMP/out" "$TMP/phrase" <<'PY' && ok || fail "phrase typed in ASCII"
import json, sys
ids = lambda f, apart: sorted(h["id"] for h in map(json.loads, open(f)) if h["type"] == "hit" and h["apart"] == apart)
assert ids(sys.argv[1], False) == ids(sys.argv[2], False), (len(ids(sys.argv[1], False)), len(ids(sys.argv[2], False)))
assert ids(sys.argv[1], True), "no passages with the words apart after the phrase's"
PY
# Danish quotation marks quote a phrase too: „…“, »…« and «…».
for q in '„fremskudt beskæftigelsesindsats“' '»fremskudt beskæftigelsesindsats«' '«fremskudt beskæftigelsesindsats»'; do
  expect_status 0 "$SPOR" search "${IX[@]}" --json -n 50 --strict-phrases "$q"
  python3 - "$TMP/out" "$TMP/phrase" <<'PY' && ok || fail "phrase in Danish quotes: $q"
import json, sys
ids = lambda f: [h["id"] for h in map(json.loads, open(f)) if h["type"] == "hit"]
assert ids(sys.argv[1]) == ids(sys.argv[2]), (len(ids(sys.argv[1])), len(ids(sys.argv[2])))
PY
done
expect_status 1 "$SPOR" search "${IX[@]}" -n 5 --strict-phrases '"beskæftigelsesindsats fremskudt"'
expect_status 0 "$SPOR" search "${IX[@]}" --json -n 5 '"beskæftigelsesindsats fremskudt"'
python3 - "$TMP/out" <<'PY' && ok || fail "phrase out of order: words apart only"
import json, re, sys
hits = [h for h in map(json.loads, open(sys.argv[1])) if h["type"] == "hit"]
assert len(hits) == 5 and all(h["apart"] for h in hits), [h["apart"] for h in hits]
assert not any(re.search(r"beskæftigelsesindsats\W+fremskudt", h["text"], re.I) for h in hits)
PY
expect_status 0 "$SPOR" search "${IX[@]}" --color never -n 5 '"beskæftigelsesindsats fremskudt"'
expect_grep "^spor: ingen passager med frasen; viser passager med ordene hver for sig$" "$TMP/err" "words-apart note"
expect_status 0 "$SPOR" search "${IX[@]}" --color never -n 20 '"fremskudt beskæftigelsesindsats"'
expect_no_grep "ingen passager med frasen" "$TMP/err" "no note when the phrase has passages"

# A compound typed with a hyphen is the closed compound the reports write:
# "gadeplans-medarbejder" finds "gadeplansmedarbejdere", "top-600" the
# Top600 programme (as phrases of their parts they match nothing); a
# hyphenated word the index has only apart stays a phrase.
expect_status 0 kinds -n 10 gadeplans-medarbejder
expect_grep 'gadeplans medarbejder:joined|.*gadeplansmedarbejder' "$TMP/kinds" "hyphenated compound found closed"
expect_status 0 kinds -n 10 top-600
expect_grep 'top 600:joined|.*[Tt]op600' "$TMP/kinds" "top-600 finds Top600"
expect_status 0 kinds -n 10 co-creation
expect_no_grep 'joined' "$TMP/kinds" "co-creation has no closed form"
expect_grep 'co creation:phrase|.*[Cc]o-creation' "$TMP/kinds" "co-creation stays a phrase"

# Two words typed apart that the reports write as one (særskrivning)
# match that word, also with the linking s: "top 600" finds Top600 first,
# "beskæftigelse indsats" finds beskæftigelsesindsats; "unge hjemløse"
# is two words.
expect_status 0 kinds -n 5 "top 600"
head -1 "$TMP/kinds" > "$TMP/first"
expect_grep '600:joined.*top:joined.*|.*Top600' "$TMP/first" "top 600 finds Top600 first"
expect_status 0 kinds -n 5 "beskæftigelse indsats"
expect_grep 'beskæftigelse:joined.*indsats:joined.*|.*beskæftigelsesindsats' "$TMP/kinds" "linking s"
expect_status 0 kinds -n 20 "unge hjemløse"
expect_no_grep 'joined' "$TMP/kinds" "unge hjemløse is two words"

# A verb and its -ing noun find each other, below the word itself:
# "rekruttere" finds "rekruttering" (Snowball gives them no common stem)
# and "forankring" finds "forankret"; "ting" is no noun of a verb.
expect_status 0 kinds -n 10 rekruttere
expect_grep 'rekruttere:derived|.*[Rr]ekruttering\b' "$TMP/kinds" "verb finds its -ing noun"
head -1 "$TMP/kinds" | cut -d'|' -f1 > "$TMP/first"
expect_no_grep 'derived' "$TMP/first" "the verb itself ranks first"
expect_status 0 highlights -n 10 rekruttere
expect_grep '\brekruttering\b' "$TMP/hl" "the noun is highlighted"
expect_status 0 kinds -n 10 forankring
expect_grep 'forankring:derived|.*forankret' "$TMP/kinds" "noun finds its verb"
expect_status 0 kinds -n 20 ting
expect_no_grep 'derived' "$TMP/kinds" "ting is not derived"

# Coverage: under BM25 alone the top five passages each say one of the
# two words (two say the rare "gadeplansmedarbejdere" twice); a passage
# matching both words now reaches the top five, and a passage missing a
# word shows it in its score.
expect_status 0 kinds -n 10 "gadeplansmedarbejder hjemløse"
head -5 "$TMP/kinds" | cut -d'|' -f1 | grep 'gadeplansmedarbejder:' > "$TMP/first"
expect_grep 'hjemløse:' "$TMP/first" "coverage: a passage with both words in the top five"
python3 - "$TMP/out" <<'PY' && ok || fail "coverage in --explain"
import json, sys
hits = [h for h in map(json.loads, open(sys.argv[1])) if h["type"] == "hit"]
for h in hits:
    e = h["explain"]
    words = {m["word"] for m in e["matches"] if m["weight"] > 0}
    assert 0 < e["coverage"] <= 1, e["coverage"]
    if words != {"gadeplansmedarbejder", "hjemløse"}:
        assert e["coverage"] < 1, (words, e["coverage"])
    assert abs(e["bm25"] * e["prior"] * e["coverage"] - h["score"]) < 0.01
assert any(h["explain"]["coverage"] < 1 for h in hits)
PY
# A word the section heading names is covered: the passages under "BESØG
# HOS PARTICIPLE" that name only Cath Dillon cover "participle dillon",
# while passages elsewhere saying only "Participle" do not.
expect_status 0 "$SPOR" search "${IX[@]}" --json --explain -n 30 "participle dillon"
python3 - "$TMP/out" <<'PY' && ok || fail "coverage: a word in the section heading"
import json, sys
# The matching passages: one that continues a hit matches nothing.
hits = [h for h in map(json.loads, open(sys.argv[1]))
        if h["type"] == "hit" and not h["continues"]]
text = lambda h: h["text"].lower()
under = [h for h in hits if "participle" in h["section"].lower()
         and "dillon" in text(h) and "participle" not in text(h)]
outside = [h for h in hits if "participle" not in h["section"].lower()
           and "dillon" not in text(h)]
assert under and all(h["explain"]["coverage"] == 1 for h in under), [h["explain"]["coverage"] for h in under]
assert outside and all(h["explain"]["coverage"] < 1 for h in outside)
PY
# A one-word query has nothing to cover.
expect_status 0 "$SPOR" search "${IX[@]}" --json --explain -n 10 gadeplansmedarbejder
expect_no_grep '"coverage":0' "$TMP/out" "one word: coverage 1"
expect_status 0 "$SPOR" search "${IX[@]}" --explain -n 10 "gadeplansmedarbejder hjemløse"
expect_grep ' x coverage 0\.[0-9]* ([0-9]*% of the query)' "$TMP/out" "text explain shows coverage"

finish
