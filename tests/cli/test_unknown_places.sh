#!/usr/bin/env bash
# Unknown places are said: a place option naming no place is an error
# (exit 2) saying which name and the nearest known ones; a spelling
# without Danish letters (Kobenhavn, koebenhavn, Arhus) is the place it
# spells; sted: with an unknown name searches it as a word and says so on
# stderr; compare refuses an unknown place instead of an empty row.
. "$(dirname "$0")/lib.sh"
mkdir -p "$TMP/c"
printf 'Hjemløse i København får hjælp fra kommunen.\n' >"$TMP/c/kbh.txt"
printf 'Hjemløse i London bor på gaden, også i xyzby.\n' >"$TMP/c/london.txt"
printf 'Hjemløse i Aarhus får en bolig.\n' >"$TMP/c/aarhus.txt"
"$SPOR" index -q --index "$TMP/ix" "$TMP/c" 2>"$TMP/err" ||
  { echo "cannot index: $(cat "$TMP/err")" >&2; exit 1; }
IX=(--index "$TMP/ix")

# Options: an error naming the name, with the nearest known when near.
expect_status 2 "$SPOR" search "${IX[@]}" --place xyzby hjemløse
expect_grep "ukendt sted 'xyzby'" "$TMP/err" "--place xyzby"
[ ! -s "$TMP/out" ] && ok || fail "--place xyzby prints no hits"
expect_status 2 "$SPOR" search "${IX[@]}" --place Kbenhavn hjemløse
expect_grep "ukendt sted 'Kbenhavn'; nærmeste kendte: København" "$TMP/err" "--place Kbenhavn"
expect_status 2 "$SPOR" search "${IX[@]}" --json --place london,xyzby hjemløse
expect_grep "ukendt sted 'xyzby'" "$TMP/err" "--place london,xyzby"

# Without Danish letters: the place it spells.
for name in Kobenhavn koebenhavn; do
  expect_status 0 "$SPOR" search "${IX[@]}" --json --place "$name" hjemløse
  expect_grep kbh.txt "$TMP/out" "--place $name"
  expect_no_grep london.txt "$TMP/out" "--place $name"
done
expect_status 0 "$SPOR" search "${IX[@]}" --json --place Arhus hjemløse
expect_grep aarhus.txt "$TMP/out" "--place Arhus"
expect_status 0 "$SPOR" search "${IX[@]}" --json 'sted:kobenhavn hjemløse'
expect_grep kbh.txt "$TMP/out" "sted:kobenhavn"
expect_no_grep aarhus.txt "$TMP/out" "sted:kobenhavn"

# In the query: the word searched as a word, and said on stderr.
expect_status 0 "$SPOR" search "${IX[@]}" --json 'sted:xyzby hjemløse'
expect_grep london.txt "$TMP/out" "sted:xyzby finds the word"
expect_no_grep kbh.txt "$TMP/out" "sted:xyzby"
expect_grep "ukendt sted 'xyzby'.*søgt som ord" "$TMP/err" "sted:xyzby said on stderr"
[ "$(grep -c ukendt "$TMP/err")" -eq 1 ] && ok || fail "said once: $(cat "$TMP/err")"
python3 -c 'import json,sys; [json.loads(l) for l in open(sys.argv[1])]' "$TMP/out" && ok ||
  fail "stdout stays JSON Lines"

# A name with no word in it either is an error, and no note says otherwise.
expect_status 2 "$SPOR" search "${IX[@]}" 'sted:!!! hjemløse'
expect_grep "ukendt sted '!!!'" "$TMP/err" "sted:!!!"
expect_no_grep "søgt som ord" "$TMP/err" "sted:!!!"

# compare: an unknown place is an error, not an empty row; Kobenhavn is
# København, named as the gazetteer writes it.
expect_status 2 "$SPOR" compare "${IX[@]}" --places london,xyzby hjemløse
expect_grep "ukendt sted 'xyzby'" "$TMP/err" "compare --places london,xyzby"
expect_status 0 "$SPOR" compare "${IX[@]}" --json --places london,Kobenhavn hjemløse
expect_grep '"place":"København"' "$TMP/out" "compare names Kobenhavn København"
finish
