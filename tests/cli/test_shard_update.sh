#!/usr/bin/env bash
# An index of shards is updated shard by shard (docs/scaling.md, "Updates
# of a sharded index"): a change rewrites the set's metadata database and
# the shards whose passages change, and links the others where they lie
# (same generation, same files). Each case must rank as a fresh build of
# the same files (every hit's id, score, document and lines; facets;
# filters; the corpus-wide tables), and an update killed at any stage
# leaves the previous set whole.
. "$(dirname "$0")/lib.sh"
C="$TMP/c"
copy_corpus "$C"
IX="$TMP/ix"
Q=(hjemløse "fremskudt beskæftigelse" beskæftigelsesindsats boligområder
   "unge AND bolig" efterværn socialrådgiver kommunerne studietur
   "udsatte boligområder" hjemløshedsstrategi jobcenter misbrug
   "sted:amsterdam bolig" "sted:københavn unge" "år:2015 bolig"
   kvartershotel mentor hjemlse værested)

# home K: the folder shard K of the current generation lies in.
home() { readlink -f "$IX/current/shard-$1"; }
# where: every shard's folder and the inode of its postings table.
where() {
  for k in 0 1; do echo "$k $(home $k) $(stat -c %i "$(home $k)/postlist.glass")"; done
}


# same_as_fresh CASE: the set $IX against fresh builds of $C, one
# database and 2 shards.
same_as_fresh() {
  rm -rf "$TMP/one" "$TMP/two"
  "$SPOR" index --index "$TMP/one" "$C" >/dev/null 2>&1 || fail "$1: fresh build"
  "$SPOR" index --shards 2 --index "$TMP/two" "$C" >/dev/null 2>&1 || fail "$1: fresh shards"
  results "$IX" "${Q[@]}" > "$TMP/r.updated"
  results "$TMP/one" "${Q[@]}" > "$TMP/r.one"
  results "$TMP/two" "${Q[@]}" > "$TMP/r.two"
  if cmp -s "$TMP/r.updated" "$TMP/r.one"; then ok; else
    fail "$1: search differs from one database: $(diff "$TMP/r.updated" "$TMP/r.one" | head -5)"; fi
  cmp -s "$TMP/r.updated" "$TMP/r.two" && ok || fail "$1: search differs from fresh shards"
  grep -q '^[a-z0-9]*\.[0-9]* ' "$TMP/r.one" && ok || fail "$1: no hits compared"
  for q in bolig hjemløse; do
    "$SPOR" search --index "$IX" --json -n 0 --facets "$q" > "$TMP/f.updated" 2>/dev/null
    "$SPOR" search --index "$TMP/one" --json -n 0 --facets "$q" > "$TMP/f.one" 2>/dev/null
    if cmp -s "$TMP/f.updated" "$TMP/f.one" && grep -q '"facet":"doc"' "$TMP/f.one"; then ok; else
      fail "$1: facets of '$q' differ: $(diff "$TMP/f.updated" "$TMP/f.one" | head -4)"; fi
  done
  "$SPOR" compare --index "$IX" --json bolig hjemløse > "$TMP/c.updated" 2>&1
  "$SPOR" compare --index "$TMP/one" --json bolig hjemløse > "$TMP/c.one" 2>&1
  cmp -s "$TMP/c.updated" "$TMP/c.one" && ok || fail "$1: compare differs"
  "$SPOR" search --index "$IX" --json -n 50 --doc kbh-socialudvalget-studietur-2015.txt unge > "$TMP/d.updated" 2>&1
  "$SPOR" search --index "$TMP/one" --json -n 50 --doc kbh-socialudvalget-studietur-2015.txt unge > "$TMP/d.one" 2>&1
  cmp -s "$TMP/d.updated" "$TMP/d.one" && ok || fail "$1: --doc search differs"
  tables "$IX" > "$TMP/t.updated"
  tables "$TMP/one" > "$TMP/t.one"
  if cmp -s "$TMP/t.updated" "$TMP/t.one"; then ok; else
    fail "$1: tables differ from one database: $(diff "$TMP/t.updated" "$TMP/t.one" | head -5)"; fi
}

# rewritten WANT: the summary's count of shards written.
rewritten() { expect_grep "(2 shards, $1 rewritten)" "$TMP/out" "${2:-}"; }

expect_status 0 "$SPOR" index --shards 2 --index "$IX" "$C"
where > "$TMP/w.0"

# Served shard by shard, the metadata database first (`spor serve
# --meta`): servers started now serve every update below (each connection
# opens the current set), checked after the last case.
servers_trap
for part in --meta "--shard 1" "--shard 2"; do
  # shellcheck disable=SC2086  # the part is an option and its value
  serve_free_port "$TMP/serve.err" --index "$IX" $part ||
    { echo "cannot serve $part: $(cat "$TMP/serve.err")" >&2; exit 1; }
  PIDS+=("$SERVE_PID")
  echo "remote 127.0.0.1:$PORT" >> "$TMP/remote.stub"
done

# Changed: only the shard that holds the file is written; the other is
# the previous generation's, the same files.
f="$C/kbh-socialudvalget-studietur-2015.txt"
printf '\n\nNyt afsnit\n\nOrdet kvartershotel står nu her, om boliger og mentorer for hjemløse unge.\n' >> "$f"
touch -d '2022-01-01 12:00' "$f"
expect_status 0 "$SPOR" index --index "$IX" "$C"
expect_grep '0 added, 1 changed, 0 removed, 4 unchanged' "$TMP/out" "changed"
rewritten 1 changed
where > "$TMP/w.1"
[ "$(comm -12 "$TMP/w.0" "$TMP/w.1" | wc -l)" -eq 1 ] && ok ||
  fail "changed: not exactly one shard kept: $(cat "$TMP/w.0" "$TMP/w.1")"
kept=$(comm -12 "$TMP/w.0" "$TMP/w.1" | cut -d' ' -f1)
[ -L "$IX/current/shard-$kept" ] && ok || fail "changed: kept shard $kept is not a link"
same_as_fresh changed
# The previous generation keeps only the shard linked to.
old=$(dirname "$(home "$kept")")
[ "$(ls "$old")" = "shard-$kept" ] && ok || fail "pruning left $(ls "$old") in $old"

# Touched, not changed: only the metadata database is written.
touch -d '2023-01-01 12:00' "$f"
expect_status 0 "$SPOR" index --index "$IX" "$C"
rewritten 0 touched
where > "$TMP/w.2"
cmp -s "$TMP/w.1" "$TMP/w.2" && ok || fail "touched: a shard was rewritten"
same_as_fresh touched

# Added: the new file goes to the shard with fewer passages.
cp "$SPOR_SOURCE_DIR/tests/fixtures/hostile/good.txt" "$C/ny.txt"
touch -d '2020-01-01 12:00' "$C/ny.txt"
expect_status 0 "$SPOR" index --index "$IX" "$C"
expect_grep '1 added, 0 changed, 0 removed, 5 unchanged' "$TMP/out" "added"
rewritten 1 added
same_as_fresh added

# Removed: the last document moves into its place (ordinals stay dense),
# so the shard holding that one is written too when it is another. (Not
# a file that heads copy groups: an update keeps a group's key when its
# first passage leaves, docs/index-schema.md, where a fresh build names
# the group by its next passage, as for one database.)
mv "$f" "$TMP/held.txt"
expect_status 0 "$SPOR" index --index "$IX" "$C"
expect_grep '0 added, 0 changed, 1 removed, 5 unchanged' "$TMP/out" "removed"
same_as_fresh removed

# The servers started before the updates answer as the set now does
# (not the typo: Xapian's remote backend serves no spelling table,
# docs/scaling.md).
QR=()
for q in "${Q[@]}"; do [ "$q" = hjemlse ] || QR+=("$q"); done
results "$TMP/remote.stub" "${QR[@]}" > "$TMP/r.remote"
results "$IX" "${QR[@]}" > "$TMP/r.local"
if cmp -s "$TMP/r.remote" "$TMP/r.local"; then ok; else
  fail "served set differs after the updates: $(diff "$TMP/r.remote" "$TMP/r.local" | head -8)"; fi
"$SPOR" search --index "$TMP/remote.stub" --json -n 0 --facets bolig > "$TMP/f.remote" 2>&1
"$SPOR" search --index "$IX" --json -n 0 --facets bolig > "$TMP/f.local" 2>&1
cmp -s "$TMP/f.remote" "$TMP/f.local" && ok || fail "served facets differ"
stop_servers
expect_status 2 "$SPOR" serve --index "$TMP/one" --meta --port 1
expect_grep "not sharded; leave out --meta" "$TMP/err"
expect_status 2 "$SPOR" serve --index "$IX" --meta --shard 1 --port 1
expect_grep "exclude each other" "$TMP/err"

# Killed at each stage of an update (SPOR_DEBUG_KILL_AT, as in
# test_atomic.sh): the previous set answers whole until the switch, the
# new one after it (as the same update of a copy of the set answers).
results "$IX" "${Q[@]}" > "$TMP/before"
mv "$TMP/held.txt" "$f"
printf '\nEt kvartershotel for mentorer.\n' >> "$C/aarhus-amsterdam-studietur-2023.txt"
touch -d '2022-02-01 12:00' "$C/aarhus-amsterdam-studietur-2023.txt"
cp -a "$IX" "$TMP/after-ix"
"$SPOR" index --index "$TMP/after-ix" "$C" >/dev/null 2>&1 || fail "updating a copy"
results "$TMP/after-ix" "${Q[@]}" > "$TMP/after"
cmp -s "$TMP/before" "$TMP/after" && fail "the change changes no results"
killed=0
published=0
for k in $(seq 1 40); do
  (SPOR_DEBUG_KILL_AT=$k exec "$SPOR" index --index "$IX" "$C") >"$TMP/out" 2>"$TMP/err"
  rc=$?
  results "$IX" "${Q[@]}" > "$TMP/now"
  if [ "$rc" -eq 0 ]; then
    cmp -s "$TMP/now" "$TMP/after" && ok || fail "completed run (k=$k) gives other results"
    break
  fi
  [ "$rc" -eq 137 ] || fail "k=$k: exit $rc, wanted a kill: $(cat "$TMP/err")"
  killed=$((killed + 1))
  if cmp -s "$TMP/now" "$TMP/before"; then
    [ "$published" -eq 0 ] && ok || fail "k=$k: the old set again after the switch"
  elif cmp -s "$TMP/now" "$TMP/after"; then
    published=1
    ok
  else
    fail "killed at stage $k: results are neither before nor after: $(diff "$TMP/before" "$TMP/now" | head -5)"
  fi
done
[ "$killed" -ge 7 ] && ok || fail "only $killed kill points"
cmp -s "$TMP/now" "$TMP/after" && ok || fail "the update was never completed"
# Nothing left of the killed runs but what the current set links to.
ls -d "$IX"/gen-*-build 2>/dev/null | grep -q . && fail "killed runs left scratch folders"
for g in "$IX"/gen-*; do
  [ "$(readlink -f "$g")" = "$(readlink -f "$IX/current")" ] && continue
  for e in "$g"/*; do
    n=$(basename "$e")
    [ "$(home "${n#shard-}" 2>/dev/null)" = "$(readlink -f "$e")" ] ||
      fail "$e is neither current nor linked from it"
  done
done
ok
finish
