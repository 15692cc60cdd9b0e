#!/usr/bin/env bash
# A damaged index, or a path that is no index: search and stats say so in
# one line naming the index folder and exit 2; spor index builds it anew.
. "$(dirname "$0")/lib.sh"
build_corpus_index
GOOD="$TMP/index"

damaged() { # WHAT PATTERN DIR
  local what=$1 pattern=$2 dir=$3
  for cmd in search stats; do
    if [ "$cmd" = search ]; then args=(hjemløse); else args=(); fi
    if expect_status 2 "$SPOR" "$cmd" --index "$dir" "${args[@]}"; then
      # The line names the index folder, or the file in it that failed.
      expect_grep "^spor: $cmd: $dir[^ ]*: .*$pattern" "$TMP/err" "$what ($cmd)"
      [ "$(wc -l < "$TMP/err")" -eq 1 ] && [ ! -s "$TMP/out" ] && ok || fail "$what ($cmd): not one line"
    fi
  done
}
copy() { rm -rf "$TMP/$1"; cp -r "$GOOD" "$TMP/$1"; echo "$TMP/$1"; }
gen() { echo "$1/$(readlink "$1/current")"; }

d=$(copy missing-table); rm "$(gen "$d")/postlist.glass"
damaged "a missing table" "cannot open index" "$d"
d=$(copy truncated); truncate -s 40000 "$(gen "$d")/postlist.glass"
damaged "a truncated table" "DatabaseError.*rebuild it with 'spor index --rebuild'" "$d"
d=$(copy truncated-docdata); truncate -s 8192 "$(gen "$d")/docdata.glass"
expect_status 2 "$SPOR" search --index "$d" --json hjemløse
[ "$(wc -l < "$TMP/err")" -eq 1 ] && ok || fail "truncated docdata: $(cat "$TMP/err")"
d=$(copy missing-generation); rm -rf "$(gen "$d")"
damaged "a missing generation" "current generation .* is missing" "$d"
# (An index of another schema version: tests/unit/test_index_open.c.)
echo "not an index" > "$TMP/plain-file"
damaged "a plain file" "not an index folder" "$TMP/plain-file"
mkdir -p "$TMP/empty-dir"
damaged "an empty folder" "no spor index here" "$TMP/empty-dir"
mkdir -p "$TMP/junk-dir/gen-1-1"; echo junk > "$TMP/junk-dir/gen-1-1/iamglass"; ln -s gen-1-1 "$TMP/junk-dir/current"
damaged "a folder of junk" "cannot open index" "$TMP/junk-dir"
damaged "a missing folder" "no index here" "$TMP/nowhere"

# spor index builds an index it cannot open anew, with a warning saying
# why; damage Xapian finds only when reading needs --rebuild.
for d in "$TMP/missing-table" "$TMP/junk-dir"; do
  (cd "$SPOR_SOURCE_DIR" && expect_status 0 "$SPOR" index --index "$d")
  expect_grep 'building the index anew' "$TMP/err" "rebuild warning for $d"
  expect_grep '5 added' "$TMP/out"
  expect_status 0 "$SPOR" search --index "$d" hjemløse
done
(cd "$SPOR_SOURCE_DIR" && expect_status 0 "$SPOR" index --index "$TMP/truncated" --rebuild)
expect_grep '5 added' "$TMP/out"
expect_status 0 "$SPOR" search --index "$TMP/truncated" hjemløse
# An index path that is a file is refused, and the file left alone.
expect_status 2 "$SPOR" index --index "$TMP/plain-file" "$SPOR_SOURCE_DIR/corpus"
expect_grep 'not a folder' "$TMP/err"
[ "$(cat "$TMP/plain-file")" = "not an index" ] && ok || fail "plain file changed"
finish
