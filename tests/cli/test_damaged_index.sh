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
# Since schema 16 passages keep their record in a value only: no document
# data, no docdata table (it held a second copy of every record).
[ ! -e "$(gen "$GOOD")/docdata.glass" ] && ok || fail "a docdata table: records stored twice"
d=$(copy truncated-position); truncate -s 8192 "$(gen "$d")/position.glass"
expect_status 2 "$SPOR" search --index "$d" --json hjemløse
[ "$(wc -l < "$TMP/err")" -eq 1 ] && ok || fail "truncated position: $(cat "$TMP/err")"
d=$(copy missing-generation); rm -rf "$(gen "$d")"
damaged "a missing generation" "current generation .* is missing" "$d"
# (An index of another schema version: tests/unit/test_index_open.c.)
echo "not an index" > "$TMP/plain-file"
damaged "a plain file" "not an index folder" "$TMP/plain-file"
mkdir -p "$TMP/empty-dir"
damaged "an empty folder" "no spor index here" "$TMP/empty-dir"
mkdir -p "$TMP/junk-dir/gen-1-1"; echo junk > "$TMP/junk-dir/gen-1-1/iamglass"; ln -s gen-1-1 "$TMP/junk-dir/current"
damaged "a folder of junk" "\(cannot open index\|fail Xapian's check\)" "$TMP/junk-dir"
damaged "a missing folder" "no index here" "$TMP/nowhere"

# Single flipped bytes that crashed a search inside libxapian's match
# (SIGSEGV, exit 139: postlist.glass) or crash Xapian's own check
# (termlist.glass): the tables are checked when opened, in a child
# process, unless they are as they were when last checked; the damage is
# one line and exit 2, never a signal. The offsets are bytes of the
# bundled corpus's index as schema 15 lays it out, unmoved by schema 16
# (postlist: the header of block 20; schema 15's values moved the bytes
# schema 12's offsets hit):
# a layout change moves them (find new ones that a search reports as
# damage).
flip() { # DIR TABLE OFFSET BYTE
  printf "\\$(printf %03o "$4")" |
    dd of="$(gen "$1")/$2" bs=1 seek="$3" conv=notrunc status=none
}
for spec in "postlist.glass 163850 155" "postlist.glass 163851 196" \
            "termlist.glass 6170 150"; do
  read -r table offset byte <<< "$spec"
  d=$(copy "flip-$table-$offset")
  flip "$d" "$table" "$offset" "$byte"
  if expect_status 2 "$SPOR" search --index "$d" 'amsterdam london'; then
    expect_grep "^spor: search: $d/gen-[^ ]*: .*rebuild it with 'spor index --rebuild'" "$TMP/err" "$spec"
    [ "$(wc -l < "$TMP/err")" -eq 1 ] && ok || fail "$spec: not one line: $(cat "$TMP/err")"
  fi
done
# A search of good tables records them as checked (the next search skips
# the check); damage done after that changes them, and is checked again.
d=$(copy flip-later)
expect_status 0 "$SPOR" search --index "$d" 'amsterdam london'
[ -s "$(gen "$d")/spor.verified" ] && ok || fail "no marker after a good search"
expect_status 0 "$SPOR" search --index "$d" 'amsterdam london'
flip "$d" postlist.glass 163850 155
expect_status 2 "$SPOR" search --index "$d" 'amsterdam london'
expect_grep "fail Xapian's check" "$TMP/err" "damage after the marker"

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
