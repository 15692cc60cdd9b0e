#!/usr/bin/env bash
# Document ids are unique within an index by construction: two files whose
# paths hash to the same 32 bits (c41ae9eb/r38022.txt and
# c41ae9eb/r93938.txt do, under FNV-1a 64 folded to 8 hex digits) get two
# ids, and `spor show`, --doc and --source each reach their own file, in
# one index, after updates that do not touch them, and through shards.
. "$(dirname "$0")/lib.sh"
W="$TMP/w"
D="$W/c41ae9eb"
mkdir -p "$D"
printf 'Første rapport om hjemløse unge i Aarhus.\n\nMere om hjemløse unge.\n' >"$D/r38022.txt"
printf 'Anden rapport om beskæftigelse i Odense.\n\nMere om beskæftigelse.\n' >"$D/r93938.txt"
printf 'Tredje rapport om sundhed.\n' >"$D/other.txt"
touch -d '2020-01-01 12:00' "$D"/*
IX="$TMP/ix"
(cd "$W" && "$SPOR" index -q --index "$IX" c41ae9eb) 2>"$TMP/err" ||
  { echo "cannot index: $(cat "$TMP/err")" >&2; exit 1; }

# ids PASSAGES: "doc-file id" for each file's first passage, from a search.
ids() {
  "$SPOR" search "$@" --json -n 50 rapport | python3 -c '
import json, sys
for h in map(json.loads, sys.stdin):
    if h["type"] == "hit" and h["id"].endswith(".0"):
        print(h["doc"].rsplit("/", 1)[-1], h["id"].split(".")[0])' | sort
}
ids --index "$IX" >"$TMP/ids1"
A=$(awk '$1 == "r38022.txt" {print $2}' "$TMP/ids1")
B=$(awk '$1 == "r93938.txt" {print $2}' "$TMP/ids1")
[ -n "$A" ] && [ -n "$B" ] && [ "$A" != "$B" ] && ok ||
  fail "the colliding pair has two ids: $(cat "$TMP/ids1")"
[ "$(cut -d' ' -f2 "$TMP/ids1" | sort -u | wc -l)" -eq 3 ] && ok || fail "three files, three ids"
case "$A$B" in *[!0-9a-f]*) fail "ids are hex: $A $B" ;; *) ok ;; esac
[ ${#A} -eq 8 ] && [ ${#B} -eq 8 ] && ok || fail "ids are 8 hex digits: $A $B"

# Each id shows its own file's passage, by id and as its source.
check_show() {
  expect_status 0 "$SPOR" show "$@" --index "$IX" --context 0 "$A.0" && expect_grep hjemløse "$TMP/out" "show $A.0 $*"
  expect_no_grep beskæftigelse "$TMP/out" "show $A.0 $*"
  expect_status 0 "$SPOR" show "$@" --index "$IX" --context 0 "$B.0" && expect_grep beskæftigelse "$TMP/out" "show $B.0 $*"
  expect_no_grep hjemløse "$TMP/out" "show $B.0 $*"
}
check_show
check_show --source
check_show --json
# A document filter by id finds that document alone.
expect_status 0 "$SPOR" search --index "$IX" --json --doc "$B" rapport
expect_grep r93938 "$TMP/out" "--doc $B"
expect_no_grep r38022 "$TMP/out" "--doc $B"
expect_status 0 "$SPOR" search --index "$IX" --json "doc:$A rapport"
expect_grep r38022 "$TMP/out" "doc:$A"
expect_no_grep r93938 "$TMP/out" "doc:$A"

# Updates that do not touch the pair keep their ids: a file added (the
# new one is indexed after them), then one removed (which moves
# ordinals), then one of the pair changed (it keeps its id too).
printf 'Fjerde rapport om misbrug.\n' >"$D/a-new.txt"
(cd "$W" && "$SPOR" index -q --index "$IX" c41ae9eb) 2>"$TMP/err" || fail "update: $(cat "$TMP/err")"
ids --index "$IX" | grep -v a-new >"$TMP/ids2"
cmp -s "$TMP/ids1" "$TMP/ids2" && ok || fail "ids kept when a file is added: $(cat "$TMP/ids1") / $(cat "$TMP/ids2")"
rm "$D/other.txt"
(cd "$W" && "$SPOR" index -q --index "$IX" c41ae9eb) 2>"$TMP/err" || fail "update: $(cat "$TMP/err")"
ids --index "$IX" | grep -v a-new >"$TMP/ids3"
grep -v other.txt "$TMP/ids1" | cmp -s - "$TMP/ids3" && ok || fail "ids kept when a file is removed: $(cat "$TMP/ids3")"
check_show
printf 'Anden rapport om beskæftigelse i Vejle.\n\nMere om beskæftigelse.\n' >"$D/r93938.txt"
(cd "$W" && "$SPOR" index -q --index "$IX" c41ae9eb) 2>"$TMP/err" || fail "update: $(cat "$TMP/err")"
ids --index "$IX" | grep -v a-new >"$TMP/ids4"
cmp -s "$TMP/ids3" "$TMP/ids4" && ok || fail "a changed file keeps its id: $(cat "$TMP/ids4")"
check_show

# Shards: the ids are the whole index's, and show finds each.
SH="$TMP/sharded"
(cd "$W" && "$SPOR" index -q --shards 2 --index "$SH" c41ae9eb) 2>"$TMP/err" ||
  { echo "cannot index in shards: $(cat "$TMP/err")" >&2; exit 1; }
ids --index "$SH" | grep -v a-new >"$TMP/ids5"
[ "$(grep -c . "$TMP/ids5")" -eq 2 ] && [ "$(cut -d' ' -f2 "$TMP/ids5" | sort -u | wc -l)" -eq 2 ] && ok ||
  fail "shards: two ids: $(cat "$TMP/ids5")"
A=$(awk '$1 == "r38022.txt" {print $2}' "$TMP/ids5")
B=$(awk '$1 == "r93938.txt" {print $2}' "$TMP/ids5")
IX=$SH
check_show
finish
