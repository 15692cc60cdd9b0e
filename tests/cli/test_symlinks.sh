#!/usr/bin/env bash
# Symlinks met while walking a folder: one that leads out of the paths
# given (a file, a folder) is skipped with a warning naming it and where it
# leads, unless --follow asks for it; one that leads to a file or folder
# inside them is followed as before, and a loop is still cut.
. "$(dirname "$0")/lib.sh"

D="$TMP/docs"
mkdir -p "$D/sub" "$TMP/outside/deep"
printf 'Almindelig tekst om beskæftigelse.\n' > "$D/a.txt"
printf 'Tekst i undermappen om boliger.\n' > "$D/sub/b.txt"
printf 'Hemmelig tekst uden for mappen.\n' > "$TMP/outside/secret.txt"
printf 'Dybt skjult tekst uden for mappen.\n' > "$TMP/outside/deep/c.txt"
ln -s "$TMP/outside/secret.txt" "$D/passwd.txt" # a file outside
ln -s ../outside "$D/etc"                       # a folder outside
ln -s a.txt "$D/same.txt"                       # a file inside
ln -s sub "$D/subl"                             # a folder inside
ln -s .. "$D/sub/loop"                          # a loop inside

# search_hits QUERY INDEX: the paths of the hits.
search_hits() {
  "$SPOR" search --index "$2" --format tsv -n 50 --all-copies "$1" | cut -f4
}

expect_status 0 "$SPOR" index --index "$TMP/i1" "$D"
expect_grep "passwd.txt: skipped: a symlink to $TMP/outside/secret.txt, outside the paths given" "$TMP/err"
expect_grep "etc: skipped: a symlink to $TMP/outside, outside the paths given" "$TMP/err"
expect_grep "(4 skipped)" "$TMP/out" "summary (2 links, 2 loops):"
search_hits hemmelig "$TMP/i1" > "$TMP/h1"
expect_no_grep secret "$TMP/h1" "file outside indexed without --follow:"
search_hits skjult "$TMP/i1" > "$TMP/h1"
expect_no_grep 'c.txt' "$TMP/h1" "folder outside walked without --follow:"
# Inside the tree: the links are followed as before, the loop is cut.
search_hits beskæftigelse "$TMP/i1" > "$TMP/h1"
expect_grep 'same.txt' "$TMP/h1" "link to a file inside:"
search_hits boliger "$TMP/i1" > "$TMP/h1"
expect_grep 'subl/b.txt' "$TMP/h1" "link to a folder inside:"
expect_grep 'sub/loop: skipped: symlink loop' "$TMP/err"

# An update drops nothing it should keep and takes in nothing outside.
expect_status 0 "$SPOR" index --index "$TMP/i1" "$D"
expect_grep ' 0 added, 0 changed, 0 removed' "$TMP/out" "update:"

# --follow (-L) follows them, as find -L does.
expect_status 0 "$SPOR" index --index "$TMP/i2" --follow "$D"
expect_no_grep 'outside the paths given' "$TMP/err" "--follow:"
search_hits hemmelig "$TMP/i2" > "$TMP/h2"
expect_grep 'passwd.txt' "$TMP/h2" "--follow, file outside:"
search_hits skjult "$TMP/i2" > "$TMP/h2"
expect_grep 'etc/deep/c.txt' "$TMP/h2" "--follow, folder outside:"
expect_status 0 "$SPOR" index --index "$TMP/i3" -L -q "$D"
expect_status 0 "$SPOR" search --index "$TMP/i3" hemmelig

# A path given on the command line is followed: it was asked for. And a
# link to another path given is inside the paths given.
expect_status 0 "$SPOR" index --index "$TMP/i4" "$D" "$TMP/outside"
expect_no_grep 'outside the paths given' "$TMP/err" "both given:"
ln -s "$D" "$TMP/docs-link"
expect_status 0 "$SPOR" index --index "$TMP/i5" "$TMP/docs-link"
expect_grep 'passwd.txt: skipped: a symlink' "$TMP/err" "through a linked root:"
expect_no_grep 'same.txt: skipped' "$TMP/err" "through a linked root:"

# -q silences the warning, not the skip.
expect_status 0 "$SPOR" index --index "$TMP/i6" -q "$D"
if [ -s "$TMP/err" ]; then fail "-q printed: $(cat "$TMP/err")"; else ok; fi

finish
