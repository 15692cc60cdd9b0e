#!/usr/bin/env bash
# An update killed at any moment (kill -9) or stopped by a full disk leaves
# the previous index fully usable, giving the same results as before; the
# next run completes the update. The run is killed at each of its stages
# in turn (SPOR_DEBUG_KILL_AT, see src/cli/cmd_index.c), then at timed
# moments inside the stages.
. "$(dirname "$0")/lib.sh"
C="$TMP/c"
copy_corpus "$C"
IX="$TMP/ix"
Q=(hjemløse "fremskudt beskæftigelse" nightstop kvartershotel mentor)
"$SPOR" index --index "$IX" "$C" >/dev/null 2>&1 || { echo "cannot index"; exit 1; }
results "$IX" "${Q[@]}" > "$TMP/before"

# The change: one file changed, one added, one removed.
change() {
  printf '\nOrdet kvartershotel står nu her, i et nyt afsnit om boliger og mentorer.\n' >> "$C/kbh-socialudvalget-studietur-2015.txt"
  touch -d '2022-01-01 12:00' "$C/kbh-socialudvalget-studietur-2015.txt"
  cp "$SPOR_SOURCE_DIR/tests/fixtures/hostile/good.txt" "$C/ny.txt"
  touch -d '2020-01-01 12:00' "$C/ny.txt"
  mv "$C/cfbu-kl-tema4-fremskudte-indsatser.txt" "$TMP/"
}
change
"$SPOR" index --index "$TMP/fresh" "$C" >/dev/null 2>&1
results "$TMP/fresh" "${Q[@]}" > "$TMP/after"
cmp -s "$TMP/before" "$TMP/after" && fail "the change changes no results"

same_as() { cmp -s "$TMP/now" "$TMP/$1"; }

# Kill at each stage: before "committed" the old results, after it either.
killed=0
published=0
for k in $(seq 1 40); do
  (SPOR_DEBUG_KILL_AT=$k exec "$SPOR" index --index "$IX" "$C") >"$TMP/out" 2>"$TMP/err"
  rc=$?
  results "$IX" "${Q[@]}" > "$TMP/now"
  if [ "$rc" -eq 0 ]; then
    same_as after && ok || fail "completed run (k=$k) gives other results"
    break
  fi
  [ "$rc" -eq 137 ] || fail "k=$k: exit $rc, wanted a kill: $(cat "$TMP/err")"
  killed=$((killed + 1))
  if same_as before; then
    ok
  elif same_as after; then
    published=1 # killed after the switch: the update is complete
    ok
  else
    fail "killed at stage $k: results are neither before nor after: $(diff "$TMP/before" "$TMP/now" | head -5)"
  fi
  if [ "$published" -eq 0 ] && ! same_as before; then fail "k=$k: changed before publishing"; fi
done
[ "$killed" -ge 7 ] && ok || fail "only $killed kill points"
same_as after && ok || fail "the update was never completed"

# Timed kills inside the stages, during an update that re-reads every file.
for f in "$C"/*.txt; do printf '\nEt tillæg om frivillige.\n' >> "$f"; done
touch -d '2023-01-01 12:00' "$C"/*.txt
results "$IX" "${Q[@]}" > "$TMP/before"
rm -rf "$TMP/fresh" && "$SPOR" index --index "$TMP/fresh" "$C" >/dev/null 2>&1
results "$TMP/fresh" "${Q[@]}" > "$TMP/after"
for delay in 0.02 0.1 0.3 0.6; do
  "$SPOR" index --index "$IX" "$C" >/dev/null 2>&1 &
  pid=$!
  sleep "$delay"
  kill -9 "$pid" 2>/dev/null
  wait "$pid" 2>/dev/null
  results "$IX" "${Q[@]}" > "$TMP/now"
  if same_as before || same_as after; then ok; else fail "killed after ${delay}s: mixed results"; fi
  same_as after && break
done
expect_status 0 "$SPOR" index --index "$IX" "$C"
results "$IX" "${Q[@]}" > "$TMP/now"
same_as after && ok || fail "update after timed kills"
[ "$(ls -d "$IX"/gen-* | wc -l)" -eq 1 ] && ok || fail "killed runs left generations behind"

# A full disk (here: a file size limit, whose signal is ignored so writes
# fail with EFBIG): first while copying the index, then while Xapian
# writes. The run fails with one line, the index answers as before.
printf '\nNok et tillæg om boligsociale indsatser.\n' >> "$C/ny.txt"
touch -d '2024-01-01 12:00' "$C/ny.txt"
results "$IX" "${Q[@]}" > "$TMP/before"
largest=$(ls -s "$IX/current/" | awk 'NR > 1 && $1 > m { m = $1 } END { print m }')
for limit in 64 "$largest"; do
  (trap '' XFSZ; ulimit -f "$limit"; exec "$SPOR" index --index "$IX" "$C") >"$TMP/out" 2>"$TMP/err"
  rc=$?
  [ "$rc" -eq 2 ] && ok || fail "disk full (limit ${limit}K): exit $rc: $(cat "$TMP/err")"
  [ "$(wc -l < "$TMP/err")" -eq 1 ] && ok || fail "disk full: not one line: $(cat "$TMP/err")"
  results "$IX" "${Q[@]}" > "$TMP/now"
  same_as before && ok || fail "disk full (limit ${limit}K) changed the index"
done
[ "$(ls -d "$IX"/gen-* | wc -l)" -eq 1 ] && ok || fail "a failed run left its generation"
finish
