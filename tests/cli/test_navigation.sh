#!/usr/bin/env bash
# Navigation after prose (issue 18, item 14): a table of contents, an
# agenda and a list of links repeat the words of the sections they point
# at, often more densely than the sections say them; they never rank above
# a prose passage that matches as much of the query, and still show when
# nothing else matches.
. "$(dirname "$0")/lib.sh"
mkdir -p "$TMP/docs"
PROSE="Kommunen har i flere år arbejdet med at skabe varige forløb for unge i
boligområdet, hvor mange familier har svag tilknytning til arbejdsmarkedet.
Medarbejderne mødes med de unge i klubben om eftermiddagen, taler om skole,
venner og fremtiden, og hjælper dem med at skrive en ansøgning til det
første fritidsjob hos en lokal butik eller virksomhed. Erfaringen er, at
et job ved siden af skolen giver de unge selvtillid, faste rammer i
hverdagen og kontakt til voksne uden for familien, og at mange senere
vælger en uddannelse, som de ellers ikke havde overvejet."
cat >"$TMP/docs/rapport.md" <<MD
# Rapport om boligsociale indsatser

## Indhold

Fritidsjob i klubben | 3
Fritidsjob og skole | 5
Links om fritidsjob | 7

## Fritidsjob i klubben

$PROSE

## Fritidsjob og skole

Skolen og klubben samarbejder om de unges trivsel, og lærerne kender de
unge godt. Det giver mulighed for at tale om fremtiden tidligt, før de
unge selv søger arbejde, og for at inddrage forældrene i samtalen om
lektier, mødetider og ansvar, som et arbejde også kræver af dem. Mange
forældre har selv haft svært ved at finde fast arbejde og ønsker, at
deres børn får en bedre start end de selv fik.

## Links om fritidsjob

- Fritidsjob guide: www.example.dk/fritidsjob-guide
- Fritidsjob netværk: www.example.dk/fritidsjob-netvaerk
- Fritidsjob kort: <https://example.dk/fritidsjob-kort>
MD
"$SPOR" index --index "$TMP/index" "$TMP/docs" >/dev/null 2>&1 || fail "index"
IX=(--index "$TMP/index")

# The prose passage first; the contents and the links after it.
expect_status 0 "$SPOR" search "${IX[@]}" --json -n 10 fritidsjob &&
python3 - "$TMP/out" <<'PY' && ok || fail "navigation after prose"
import json, sys
hits = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8")]
sections = [h["section"] for h in hits if h["type"] == "hit"]
assert sections and sections[0] == "Fritidsjob i klubben", sections
assert "Indhold" in sections and "Links om fritidsjob" in sections, sections
PY

# A word only the contents has: the contents still answers it.
expect_status 0 "$SPOR" search "${IX[@]}" --json -n 10 links &&
  expect_grep '"section":"Links om fritidsjob"' "$TMP/out" "links still found"

finish
