#!/usr/bin/env bash
# An update answers like a fresh build of the same files, case by case on
# the bundled corpus: a file added, a file removed, a file changed. Besides
# every hit of a set of queries (compounds, inflections, a misspelling, a
# phrase, a filter), the corpus-wide tables a fresh build derives from the
# whole corpus are compared: compound splits, spelling frequencies,
# synonyms and word counts (docs/index-schema.md, "Updates").
. "$(dirname "$0")/lib.sh"
C="$TMP/c"
copy_corpus "$C"
Q=(hjemløse "fremskudt beskæftigelse" beskæftigelsesindsats boligområder
   "unge AND bolig" efterværn socialrådgiver kommunerne studietur
   "udsatte boligområder" hjemløshedsstrategi jobcenter misbrug
   "sted:amsterdam bolig" beskæftigelsesindsatsen værested)


# same_as_fresh CASE: the index $TMP/ix against a fresh build of $C.
same_as_fresh() {
  rm -rf "$TMP/fresh"
  "$SPOR" index --index "$TMP/fresh" "$C" >/dev/null 2>&1 || fail "$1: fresh build"
  results "$TMP/ix" "${Q[@]}" > "$TMP/r.updated"
  results "$TMP/fresh" "${Q[@]}" > "$TMP/r.fresh"
  if cmp -s "$TMP/r.updated" "$TMP/r.fresh"; then ok; else
    fail "$1: search differs from a fresh build: $(diff "$TMP/r.updated" "$TMP/r.fresh" | head -5)"; fi
  grep -q '^[a-z0-9]*\.[0-9]* ' "$TMP/r.fresh" && ok || fail "$1: no hits compared"
  # The facets too: a passage's facet value names its document by ordinal,
  # which a removal renumbers.
  for q in bolig hjemløse; do
    "$SPOR" search --index "$TMP/ix" --json -n 0 --facets "$q" > "$TMP/f.updated" 2>/dev/null
    "$SPOR" search --index "$TMP/fresh" --json -n 0 --facets "$q" > "$TMP/f.fresh" 2>/dev/null
    if cmp -s "$TMP/f.updated" "$TMP/f.fresh" && grep -q '"facet":"doc"' "$TMP/f.fresh"; then ok; else
      fail "$1: facets of '$q' differ from a fresh build: $(diff "$TMP/f.updated" "$TMP/f.fresh" | head -4)"; fi
  done
  tables "$TMP/ix" > "$TMP/t.updated"
  tables "$TMP/fresh" > "$TMP/t.fresh"
  if cmp -s "$TMP/t.updated" "$TMP/t.fresh"; then ok; else
    fail "$1: tables differ from a fresh build: $(diff "$TMP/t.updated" "$TMP/t.fresh" | head -5)"; fi
  grep -q '^split ' "$TMP/t.fresh" && grep -q '^spell ' "$TMP/t.fresh" &&
    grep -q '^count ' "$TMP/t.fresh" && ok || fail "$1: empty tables compared"
}

# Added: built without one report, then updated with it.
mv "$C/cfbu-kl-tema4-fremskudte-indsatser.txt" "$TMP/held.txt"
expect_status 0 "$SPOR" index --index "$TMP/ix" "$C"
mv "$TMP/held.txt" "$C/cfbu-kl-tema4-fremskudte-indsatser.txt"
expect_status 0 "$SPOR" index --index "$TMP/ix" "$C"
expect_grep '1 added, 0 changed, 0 removed, 4 unchanged' "$TMP/out" "added"
same_as_fresh added

# Removed.
mv "$C/kbh-socialudvalget-studietur-2015.txt" "$TMP/held.txt"
expect_status 0 "$SPOR" index --index "$TMP/ix" "$C"
expect_grep '0 added, 0 changed, 1 removed, 4 unchanged' "$TMP/out" "removed"
same_as_fresh removed
mv "$TMP/held.txt" "$C/kbh-socialudvalget-studietur-2015.txt"
expect_status 0 "$SPOR" index --index "$TMP/ix" "$C"

# Changed: new compounds, a place renamed, a new section.
a="$C/aarhus-amsterdam-studietur-2023.txt"
sed -i 's/beskæftigelse/beskæftigelsesindsatsen/g; s/Amsterdam/Rotterdam/' "$a"
printf '\n\nNy sektion\n\nHjemløshedsstrategien og boligsocialindsatsen blev drøftet af udvalgsmedlemmerne, som også besøgte værestederne og misbrugsbehandlingen i bydelen. Socialrådgiverne fortalte om efterværnsindsatsen for unge.\n' >> "$a"
touch -d '2021-01-01 12:00' "$a"
expect_status 0 "$SPOR" index --index "$TMP/ix" "$C"
expect_grep '0 added, 1 changed, 0 removed, 4 unchanged' "$TMP/out" "changed"
same_as_fresh changed
finish
