#!/usr/bin/env bash
# spor index on an existing index is an update: it re-reads only added and
# changed files (size and mtime first, then the content hash), removes the
# passages of deleted files, reports what it did, and leaves an index that
# answers exactly like a fresh build of the same files.
. "$(dirname "$0")/lib.sh"
C="$TMP/c"
copy_corpus "$C"
IX="$TMP/ix"
Q=(hjemløse "fremskudt beskæftigelse" nightstop "unge AND bolig" kvartershotel tagterrasse)

expect_status 0 "$SPOR" index --index "$IX" "$C"
expect_grep '5 added, 0 changed, 0 removed, 0 unchanged' "$TMP/out" "first build"
gen1=$(readlink "$IX/current")

# Nothing changed: nothing read, no new generation.
expect_status 0 "$SPOR" index --index "$IX" "$C"
expect_grep '^indexed 5 documents, [0-9]* passages.*0 added, 0 changed, 0 removed, 5 unchanged' "$TMP/out" "no-op update"
[ "$(readlink "$IX/current")" = "$gen1" ] && ok || fail "a no-op update made a new generation"

# Unchanged size and mtime: the file is not read again. (Its content is
# swapped behind spor's back, keeping size and mtime: the index keeps the
# old text, which proves the file was not re-read.)
k=$C/kbh-socialudvalget-studietur-2015.txt
cp -p "$k" "$TMP/k.orig"
sed -i 's/Nightstop/Nightstap/g' "$k"
touch -r "$TMP/k.orig" "$k"
expect_status 0 "$SPOR" index --index "$IX" "$C"
expect_grep '5 unchanged' "$TMP/out"
expect_status 0 "$SPOR" search --index "$IX" nightstop
cp -p "$TMP/k.orig" "$k"

# A touched file with the same bytes is hashed and found unchanged.
touch -d '2021-06-01 12:00' "$C/aarhus-amsterdam-studietur-2023.txt"
expect_status 0 "$SPOR" index --index "$IX" "$C"
expect_grep '0 added, 0 changed, 0 removed, 5 unchanged' "$TMP/out" "touch"

# One file changed, one added, one removed.
printf '\nOrdet kvartershotel står nu også her, i et helt nyt afsnit om boliger.\n' >> "$k"
touch -d '2022-01-01 12:00' "$k"
cp "$SPOR_SOURCE_DIR/tests/fixtures/hostile/good.txt" "$C/ny.txt"
sed -i 's/kvartershotel/tagterrasse/' "$C/ny.txt"
touch -d '2020-01-01 12:00' "$C/ny.txt"
mv "$C/cfbu-kl-tema4-fremskudte-indsatser.txt" "$TMP/removed.txt"
expect_status 0 "$SPOR" index --index "$IX" "$C"
expect_grep '1 added, 1 changed, 1 removed, 3 unchanged' "$TMP/out" "update"
expect_status 0 "$SPOR" search --index "$IX" --json kvartershotel
expect_grep 'kbh-socialudvalget' "$TMP/out" "changed file's new text"
expect_status 0 "$SPOR" search --index "$IX" --json tagterrasse
expect_grep 'ny\.txt' "$TMP/out" "added file"
expect_status 0 "$SPOR" search --index "$IX" --json -n 1000 "fremskudte indsatser"
expect_no_grep 'cfbu-kl-tema4' "$TMP/out" "removed file"
[ "$(ls -d "$IX"/gen-* | wc -l)" -eq 1 ] && ok || fail "old generations kept"

# The update answers exactly as a fresh build of the same files does.
expect_status 0 "$SPOR" index --index "$TMP/fresh" "$C"
results "$IX" "${Q[@]}" > "$TMP/r.updated"
results "$TMP/fresh" "${Q[@]}" > "$TMP/r.fresh"
if cmp -s "$TMP/r.updated" "$TMP/r.fresh"; then ok; else fail "update differs from fresh build: $(diff "$TMP/r.updated" "$TMP/r.fresh" | head -5)"; fi
"$SPOR" stats --index "$IX" --json > "$TMP/s1"
"$SPOR" stats --index "$TMP/fresh" --json > "$TMP/s2"
python3 - "$TMP/s1" "$TMP/s2" <<'PY' && ok || fail "stats differ"
import json, sys
a, b = (json.load(open(p)) for p in sys.argv[1:])
for k in ("documents", "passages", "terms", "raw_bytes"):
    assert a[k] == b[k], (k, a[k], b[k])
PY

# A manifest change (a new title) re-indexes that file.
sed -i 's/Socialudvalgets studietur – Rejserapport/Rejserapport fra London og Paris/' "$C/MANIFEST.tsv"
expect_status 0 "$SPOR" index --index "$IX" "$C"
expect_grep '0 added, 1 changed, 0 removed, 4 unchanged' "$TMP/out" "manifest change"
expect_status 0 "$SPOR" search --index "$IX" --json nightstop
expect_grep 'Rejserapport fra London og Paris' "$TMP/out"

# Indexing other paths: the index holds what those paths hold.
expect_status 0 "$SPOR" index --index "$IX" "$C/ny.txt"
expect_grep '^indexed 1 document.* 0 added, 0 changed, 4 removed, 1 unchanged' "$TMP/out" "narrowed"
expect_status 1 "$SPOR" search --index "$IX" nightstop

# Removing every file is refused; the index stays.
expect_status 2 "$SPOR" index --index "$IX" "$TMP/does-not-exist"
expect_grep 'no documents' "$TMP/err"
expect_status 0 "$SPOR" search --index "$IX" tagterrasse
finish
