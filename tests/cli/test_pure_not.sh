#!/usr/bin/env bash
# A query of excluded words only (-misbrug, NOT misbrug, -a -b) means
# every passage without them, within the filters given: never the
# passages that have them (Xapian's parser reads "-word" alone as the
# word wanted).
. "$(dirname "$0")/lib.sh"
mkdir -p "$TMP/c"
printf 'Aarhus skriver om misbrug blandt unge mennesker.\n' >"$TMP/c/a.txt"
printf 'Nyt notat fra Aarhus: bolig til unge i byen.\n' >"$TMP/c/b.txt"
printf 'Odense har en plan for beskæftigelse og job.\n' >"$TMP/c/c.txt"
printf 'Kommunen tilbyder misbrugsbehandling i Odense.\n' >"$TMP/c/d.txt"
"$SPOR" index -q --index "$TMP/ix" "$TMP/c" 2>"$TMP/err" ||
  { echo "cannot index: $(cat "$TMP/err")" >&2; exit 1; }

# docs ARGS...: the files of the hits, sorted, one line.
docs() {
  "$SPOR" search --index "$TMP/ix" --json -n 100 "$@" 2>"$TMP/err" | python3 -c '
import json, sys
print(" ".join(sorted(json.loads(l)["doc"].rsplit("/", 1)[-1] for l in sys.stdin)))'
}
check() {
  local want=$1
  shift
  local got
  got=$(docs "$@")
  [ "$got" = "$want" ] && ok || fail "$*: got '$got', wanted '$want' ($(cat "$TMP/err"))"
}
check "b.txt c.txt" -- -misbrug
check "b.txt c.txt" -- NOT misbrug
check "c.txt" -- -misbrug -bolig
check "a.txt c.txt d.txt" -- '-"bolig til unge"'
# With a filter: the passages of the place or document without the word.
check "b.txt" --place Aarhus -- -misbrug
check "b.txt" --place Aarhus -- NOT misbrug
check "c.txt" --doc c.txt,d.txt -- -misbrug
check "b.txt" -- 'sted:Aarhus -misbrug'
# A word wanted beside the excluded ones is as before.
check "b.txt" -- 'unge -misbrug'
expect_status 1 "$SPOR" search --index "$TMP/ix" --place Aarhus -- -unge
finish
