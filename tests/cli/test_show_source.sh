#!/usr/bin/env bash
# show --source prints a file's own lines only while the file is the one
# indexed (its size and content hash as the index recorded them): a file
# changed, moved or deleted since gets one warning and the stored passages;
# an index searched over the network (a remote shard) names files on the
# machine that serves it, and --source is refused there.
. "$(dirname "$0")/lib.sh"

D="$TMP/docs"
mkdir -p "$D"
printf 'Første afsnit om skat.\n\nAndet afsnit om boliger og leje.\n\nTredje afsnit om skoler.\n' > "$D/a.txt"
expect_status 0 "$SPOR" index -q --index "$TMP/i" "$D"
id=$("$SPOR" search --index "$TMP/i" --format tsv boliger | sed -n 2p | cut -f3)
[ -n "$id" ] && ok || fail "no passage id for boliger"

# Unchanged: the file's own lines, numbered, and no warning.
expect_status 0 "$SPOR" show --index "$TMP/i" --source "$id"
expect_grep '^     3  Andet afsnit om boliger og leje.$' "$TMP/out" "unchanged:"
if [ -s "$TMP/err" ]; then fail "unchanged: warned: $(cat "$TMP/err")"; else ok; fi

# Changed (two lines put in front: the stored line numbers now point at
# other lines): a warning and the stored passage, not the wrong lines.
printf 'Ny linje.\nIndsat linje.\nFørste afsnit om skat.\n\nAndet afsnit om boliger og leje.\n' > "$D/a.txt"
expect_status 0 "$SPOR" show --index "$TMP/i" --source "$id"
expect_grep 'a.txt: changed since it was indexed; the stored passages follow' "$TMP/err"
expect_no_grep 'Indsat linje' "$TMP/out" "changed:"
expect_grep '^Andet afsnit om boliger og leje.$' "$TMP/out" "changed:"
# The same size with other bytes is a change too.
printf 'Første afsnit om skat.\n\nAndet afsnit om boliger og LEJE.\n\nTredje afsnit om skoler.\n' > "$D/a.txt"
expect_status 0 "$SPOR" show --index "$TMP/i" --source "$id"
expect_grep 'changed since it was indexed' "$TMP/err" "same size:"
expect_no_grep 'LEJE' "$TMP/out" "same size:"

# Moved away (or deleted): said, and the stored passage printed.
mv "$D/a.txt" "$TMP/moved.txt"
expect_status 0 "$SPOR" show --index "$TMP/i" --source "$id"
expect_grep 'a.txt: no such file (moved or deleted since it was indexed' "$TMP/err"
expect_grep '^Andet afsnit om boliger og leje.$' "$TMP/out" "vanished:"

# A FIFO in its place is not waited for.
mkfifo "$D/a.txt"
expect_status 0 timeout 10 "$SPOR" show --index "$TMP/i" --source "$id"
expect_grep 'not a regular file' "$TMP/err" "fifo:"
rm -f "$D/a.txt"

# Remote: the index served by `spor serve` on loopback and searched through
# a stub; a file of that name here is not the served index's file.
printf 'Første afsnit om skat.\n\nAndet afsnit om boliger og leje.\n\nTredje afsnit om skoler.\n' > "$D/a.txt"
expect_status 0 "$SPOR" index -q --index "$TMP/i" "$D"
SERVE_PID=
trap '[ -n "$SERVE_PID" ] && kill "$SERVE_PID" 2>/dev/null; rm -rf "$TMP"' EXIT
serve_free_port "$TMP/serve.err" --index "$TMP/i" || SERVE_PID=
SERVER=$SERVE_PID
port=${PORT:-}
if [ -z "$SERVER" ]; then
  fail "cannot start spor serve: $(cat "$TMP/serve.err")"
else
  printf 'remote 127.0.0.1:%s\n' "$port" > "$TMP/remote.stub"
  expect_status 0 "$SPOR" show --index "$TMP/remote.stub" "$id"
  expect_grep 'Andet afsnit om boliger' "$TMP/out" "remote, stored text:"
  expect_status 2 "$SPOR" show --index "$TMP/remote.stub" --source "$id"
  expect_grep 'show: --source reads files on this machine, but .*remote.stub has shards searched over the network' "$TMP/err"
  expect_no_grep '     3  ' "$TMP/out" "remote --source:"
  kill "$SERVER" 2>/dev/null
  wait "$SERVER" 2>/dev/null
  SERVER=
fi

finish
