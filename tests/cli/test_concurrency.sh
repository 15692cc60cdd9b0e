#!/usr/bin/env bash
# Two writers and readers at once. A second `spor index` while one runs
# exits 2 naming the holder's pid; searches running while updates publish
# never fail and never show a mix of two states of the index.
. "$(dirname "$0")/lib.sh"
C="$TMP/c"
copy_corpus "$C"
IX="$TMP/ix"
"$SPOR" index --index "$IX" "$C" >/dev/null 2>&1 || { echo "cannot index"; exit 1; }

# A second writer: the first stops itself once it holds the lock.
printf '\nEt nyt afsnit om kvartershoteller.\n' >> "$C/ny.txt"
(SPOR_DEBUG_STOP_AT=locked exec "$SPOR" index --index "$IX" "$C") >"$TMP/first.out" 2>"$TMP/first.err" &
pid=$!
wait_stopped "$pid" && ok || fail "first writer did not stop at the lock"
expect_status 2 "$SPOR" index --index "$IX" "$C"
expect_grep "being updated by another spor (pid $pid)" "$TMP/err" "lock holder named"
[ "$(wc -l < "$TMP/err")" -eq 1 ] && ok || fail "lock message not one line"
# Readers are not kept out by the writer.
expect_status 0 "$SPOR" search --index "$IX" hjemløse
kill -CONT "$pid"
wait "$pid" && ok || fail "first writer failed: $(cat "$TMP/first.err")"
expect_grep '1 added' "$TMP/first.out"
# The lock went with its holder: a writer may take it again.
expect_status 0 "$SPOR" index --index "$IX" "$C"

# Searches while updates publish: the index flips between two states, A
# (without the extra file) and B (with it); each search must see A or B.
# (Each search is one snapshot; two searches may see two states, so each
# query is compared on its own.)
Q=(kvartershoteller hjemløse)
mv "$C/ny.txt" "$TMP/ny.txt"
"$SPOR" index --index "$IX" "$C" >/dev/null 2>&1
for i in 0 1; do results "$IX" "${Q[$i]}" > "$TMP/A$i"; done
mv "$TMP/ny.txt" "$C/ny.txt"
"$SPOR" index --index "$IX" "$C" >/dev/null 2>&1
for i in 0 1; do results "$IX" "${Q[$i]}" > "$TMP/B$i"; done
for i in 0 1; do cmp -s "$TMP/A$i" "$TMP/B$i" && fail "states A and B do not differ for ${Q[$i]}"; done
(
  for i in $(seq 3); do
    mv "$C/ny.txt" "$TMP/ny.txt"
    "$SPOR" index --index "$IX" "$C" >/dev/null 2>>"$TMP/writer.err" || echo "writer failed" >>"$TMP/writer.err"
    mv "$TMP/ny.txt" "$C/ny.txt"
    "$SPOR" index --index "$IX" "$C" >/dev/null 2>>"$TMP/writer.err" || echo "writer failed" >>"$TMP/writer.err"
  done
) &
writer=$!
n=0
bad=0
while kill -0 "$writer" 2>/dev/null; do
  for i in 0 1; do
    results "$IX" "${Q[$i]}" > "$TMP/now"
    n=$((n + 1))
    if ! cmp -s "$TMP/now" "$TMP/A$i" && ! cmp -s "$TMP/now" "$TMP/B$i"; then
      bad=$((bad + 1))
      cp "$TMP/now" "$TMP/mixed"
    fi
  done
done
wait "$writer"
echo "$n searches ran during 6 updates"
[ "$bad" -eq 0 ] && ok || fail "$bad of $n searches saw neither state: $(head -c 400 "$TMP/mixed")"
[ "$n" -ge 3 ] && ok || fail "only $n searches ran during the updates"
[ ! -s "$TMP/writer.err" ] && ok || fail "writer: $(head -3 "$TMP/writer.err")"
finish
