#!/usr/bin/env bash
# Nothing raw reaches the terminal: a control character in a manifest
# title or a file name (ESC sequences that retitle the terminal or move
# the cursor, BEL, a newline that splits a hit line in two) is printed
# escaped in every text-mode field of search, show, compare and facets;
# JSON escapes it as JSON must.
. "$(dirname "$0")/lib.sh"

docs="$TMP/docs"
mkdir -p "$docs"
esc=$'\033'
bel=$'\a'
title="Titel ${esc}]0;PWNED${bel} om boliger"
name="rapport ${esc}[2J"$'\n'"linje.txt"
printf 'Unge hjemløse i Aarhus får hjælp til boliger og beskæftigelse.\n' > "$docs/$name"
printf 'Boliger til unge i København og beskæftigelse for alle.\n' > "$docs/plain.txt"
printf 'plain.txt\t%s\tKommune\t2020\tKøbenhavn\n' "$title" > "$docs/MANIFEST.tsv"
expect_status 0 "$SPOR" index --index "$TMP/index" -q "$docs"

# no_raw_controls FILE: no ESC, BEL or other C0 byte but newline and tab.
no_raw_controls() {
  if LC_ALL=C grep -q $'[\001-\010\013-\037\177]' "$1"; then
    fail "raw control bytes in $1: $(od -c "$1" | head -5)"
  else
    ok
  fi
}

expect_status 0 "$SPOR" search --index "$TMP/index" --color never boliger
no_raw_controls "$TMP/out"
expect_grep 'Titel \\x1B\]0;PWNED\\x07 om boliger' "$TMP/out" "title escaped:"
expect_grep 'rapport \\x1B\[2J\\nlinje.txt' "$TMP/out" "file name escaped:"
# Each hit is still two lines: location, then snippet.
lines=$(grep -c 'linje.txt' "$TMP/out")
[ "$lines" -eq 1 ] && ok || fail "the file name's newline split the hit line: $(cat "$TMP/out")"

expect_status 0 "$SPOR" search --index "$TMP/index" --color always boliger
# With colour on, the only ESC bytes are spor's own SGR sequences.
if LC_ALL=C grep -a -o $'\033[^[]' "$TMP/out" | grep -q .; then
  fail "an ESC that is not a colour sequence: $(od -c "$TMP/out" | head -5)"
else
  ok
fi

expect_status 0 "$SPOR" search --index "$TMP/index" --facets boliger
no_raw_controls "$TMP/out"

id=$("$SPOR" search --index "$TMP/index" --json boliger | python3 -c '
import json, sys
for l in sys.stdin:
    h = json.loads(l)
    if h.get("type") == "hit" and "linje" in h["doc"]:
        print(h["id"])')
expect_status 0 "$SPOR" show --index "$TMP/index" "$id"
no_raw_controls "$TMP/out"
expect_status 0 "$SPOR" show --index "$TMP/index" --source "$id"
no_raw_controls "$TMP/out"

expect_status 0 "$SPOR" compare --index "$TMP/index" --places aarhus,københavn boliger
no_raw_controls "$TMP/out"

# JSON carries the title exactly, escaped as JSON.
expect_status 0 "$SPOR" search --index "$TMP/index" --json boliger
no_raw_controls "$TMP/out"
python3 - "$TMP/out" "$title" <<'PY' && ok || fail "JSON title is not the manifest's"
import json, sys
titles = [json.loads(l).get("title") for l in open(sys.argv[1])]
sys.exit(0 if sys.argv[2] in titles else 1)
PY

finish
