#!/usr/bin/env bash
# Shards: the bundled corpus indexed once as one database and once as two
# shards must answer every query with the same passages in the same order
# and the same scores, whether the shards are searched locally (the index
# folder, the shard folders named one by one, a stub file) or through two
# `spor serve` processes on 127.0.0.1; a shard that does not answer is an
# error, or a partial answer clearly marked with --allow-partial.
. "$(dirname "$0")/lib.sh"
build_corpus_index
ONE=(--index "$TMP/index")
(cd "$SPOR_SOURCE_DIR" && "$SPOR" index -q --shards 2 --index "$TMP/sharded") 2>"$TMP/err" ||
  { echo "cannot index in shards: $(cat "$TMP/err")" >&2; exit 1; }
S0="$TMP/sharded/current/shard-0"
S1="$TMP/sharded/current/shard-1"
[ -d "$S0" ] && [ -d "$S1" ] && [ ! -e "$TMP/sharded/current/shard-2" ] && ok || fail "two shard folders"

# Both shards hold passages: the split is by document and balanced.
for s in "$S0" "$S1"; do
  expect_status 0 "$SPOR" stats --index "$s" --allow-partial --json
  python3 - "$TMP/out" <<'PY' && ok || fail "shard $s holds passages"
import json, sys
st = json.loads(open(sys.argv[1]).read())
assert 50 < st["passages"] < 355, st
PY
done

# Each shard carries what a search needs (document entries, the
# compression dictionary, compound splits, gazetteer): searched alone, its
# passages read exactly as in the one index, highlights included.
"$SPOR" search "${ONE[@]}" --json --all-copies -n 400 -- "hjemløse bolig kommune" >"$TMP/whole" 2>/dev/null
for s in "$S0" "$S1"; do
  expect_status 0 "$SPOR" search --index "$s" --allow-partial --json --all-copies -n 400 -- "hjemløse bolig kommune"
  python3 - "$TMP/whole" "$TMP/out" <<'PY' && ok || fail "shard $s alone reads its passages as the one index"
import json, sys
def hits(p):
    out = {}
    for o in map(json.loads, open(p)):
        # Passages that continue a hit (not matches) follow each index's
        # own top hits.
        if o["type"] == "hit" and not o["continues"]:
            for k in ("rank", "score", "also_in"):
                o.pop(k)
            out[o["id"]] = o
    return out
whole, part = hits(sys.argv[1]), hits(sys.argv[2])
assert len(part) > 10 and len(part) < len(whole), (len(part), len(whole))
for i, o in part.items():
    assert whole.get(i) == o, (i, o, whole.get(i))
assert any(o["highlights"] for o in part.values())
PY
done

QUERIES=("fremskudt beskæftigelse efterværn" "hjemløshed amsterdam london"
         "unge ledige" '"housing first"' "misbrug NOT alkohol" "bolig sted:london"
         "beskæftigelse år:2020" "socialrådgiver" "udsatte boligområder")
# Light (the ASan suite): the first four, a phrase among them.
[ "$LIGHT" = 1 ] && QUERIES=("${QUERIES[@]:0:4}")

# same_hits NAME ARGS...: every query gives the same ids and scores as ONE.
same_hits() {
  local name=$1
  shift
  local q
  for q in "${QUERIES[@]}"; do
    "$SPOR" search "${ONE[@]}" --json -n 30 "$@" -- "$q" >"$TMP/a" 2>"$TMP/aerr"
    local ra=$?
    "$SPOR" search --json -n 30 "${SET[@]}" "$@" -- "$q" >"$TMP/b" 2>"$TMP/berr"
    local rb=$?
    if [ "$ra" -ne "$rb" ]; then
      fail "$name: exit $rb, one index $ra for '$q': $(head -c 300 "$TMP/berr")"
      continue
    fi
    python3 - "$TMP/a" "$TMP/b" <<'PY' && ok || fail "$name: '$q' differs"
import json, sys
def hits(p):
    return [(o["id"], o["score"], o.get("also_in")) for o in map(json.loads, open(p)) if o["type"] == "hit"]
a, b = hits(sys.argv[1]), hits(sys.argv[2])
assert a == b, (a[:5], b[:5])
PY
  done
}

# Local: the sharded index folder.
SET=(--index "$TMP/sharded")
same_hits "sharded folder"
# The same holds for the filters and for keeping every copy.
same_hits "sharded folder, --place" --place amsterdam,london
same_hits "sharded folder, --all-copies" --all-copies
# The queries above found passages (an empty comparison proves nothing).
"$SPOR" search "${ONE[@]}" --json -n 30 -- "fremskudt beskæftigelse efterværn" >"$TMP/a"
[ "$(wc -l <"$TMP/a")" -ge 10 ] && ok || fail "the comparison queries find passages"
# Two local shards named one by one, in either order.
SET=(--index "$S1" --index "$S0")
same_hits "two local shards"
# A stub file with auto lines (relative to the stub's folder).
printf '# two shards\nauto sharded/current/shard-0\nauto %s\n' "$S1" >"$TMP/local.stub"
SET=(--index "$TMP/local.stub")
same_hits "local stub"

# same_facets NAME: facets (copies collapsed and kept) and compare give
# the same counts through SET as through ONE.
same_facets() {
  local name=$1 q a
  for q in unge "hjemløse bolig" "bolig år:2015..2023"; do
    for a in --facets "--facets --all-copies" "--facets --place amsterdam,london"; do
      # shellcheck disable=SC2086
      "$SPOR" search "${ONE[@]}" --json -n 1 $a -- "$q" 2>&1 | grep '"facet"' >"$TMP/fa"
      # shellcheck disable=SC2086
      "$SPOR" search "${SET[@]}" --json -n 1 $a -- "$q" >"$TMP/out" 2>&1
      grep '"facet"' "$TMP/out" >"$TMP/fb"
      [ -s "$TMP/fa" ] && cmp -s "$TMP/fa" "$TMP/fb" && ok ||
        fail "$name: facets $a '$q' differ: $(diff "$TMP/fa" "$TMP/out" | head -c 300)"
    done
  done
  expect_status 0 "$SPOR" compare "${ONE[@]}" --json --places amsterdam,london,københavn hjemløshed
  cp "$TMP/out" "$TMP/ca"
  expect_status 0 "$SPOR" compare "${ONE[@]}" --json --max-places 4 unge
  cp "$TMP/out" "$TMP/cb"
  expect_status 0 "$SPOR" compare "${SET[@]}" --json --places amsterdam,london,københavn hjemløshed
  cmp -s "$TMP/out" "$TMP/ca" && ok || fail "$name: compare --places differs"
  expect_status 0 "$SPOR" compare "${SET[@]}" --json --max-places 4 unge
  cmp -s "$TMP/out" "$TMP/cb" && ok || fail "$name: compare --top differs"
}
# The facet queries meet copies the search collapses (the Aarhus report's
# two extractions), so the counts with and without copies differ.
"$SPOR" search "${ONE[@]}" -n 0 --facets unge | head -1 >"$TMP/fa"
"$SPOR" search "${ONE[@]}" -n 0 --facets --all-copies unge | head -1 >"$TMP/fb"
grep -q 'matching passages' "$TMP/fa" && ! cmp -s "$TMP/fa" "$TMP/fb" && ok ||
  fail "the facet queries collapse copies: $(cat "$TMP/fa" "$TMP/fb")"
SET=(--index "$TMP/sharded")
same_facets "local shards"
# show finds a passage in whichever shard holds it.
id=$(python3 -c 'import json,sys; print(json.loads(open(sys.argv[1]).readline())["id"])' "$TMP/a")
expect_status 0 "$SPOR" show --index "$S1" --index "$S0" --json "$id"
expect_grep "\"$id\"" "$TMP/out" "show across shards"

# Mistakes are named: a shard twice, a shard alone, a separate index.
expect_status 2 "$SPOR" search --index "$S0" --index "$S0" unge
expect_grep "named twice" "$TMP/err"
expect_status 2 "$SPOR" search --index "$S0" unge
expect_grep "shard 2 of 2 is not named" "$TMP/err"
expect_status 2 "$SPOR" search --index "$S0" --index "$TMP/index" unge
expect_grep "not a shard" "$TMP/err"
printf 'remote nowhere\n' >"$TMP/bad.stub"
expect_status 2 "$SPOR" search --index "$TMP/bad.stub" unge
expect_grep "bad.stub:1" "$TMP/err"

# Remote: two shard servers on loopback, on ports that are free.
servers_trap
# serve K: starts shard K on a free port, sets PORT.
serve() {
  if serve_free_port "$TMP/serve$1.err" --index "$TMP/sharded" --shard "$1"; then
    PIDS+=("$SERVE_PID")
    return 0
  fi
  echo "cannot start shard server $1: $(cat "$TMP/serve$1.err")" >&2
  return 1
}
serve 1 || exit 1
P1=$PORT
serve 2 || { stop_servers; exit 1; }
P2=$PORT
printf 'remote 127.0.0.1:%s\nremote 127.0.0.1:%s\n' "$P1" "$P2" >"$TMP/remote.stub"
SET=(--index "$TMP/remote.stub")
same_hits "two remote shards"
same_hits "two remote shards, --doc" --doc kbh
# One remote shard and one local.
SET=(--index "$S0" --index "$TMP/one-remote.stub")
printf 'remote 127.0.0.1:%s\n' "$P2" >"$TMP/one-remote.stub"
same_hits "a remote and a local shard"
# Facets and compare through the shard servers: Xapian's own value-count
# spy runs on each server, the copies collapsed are taken out here.
SET=(--index "$TMP/remote.stub")
same_facets "two remote shards"
SET=(--index "$S0" --index "$TMP/one-remote.stub")
same_facets "a remote and a local shard"

# A dead shard: an error naming it, or a partial answer when allowed.
kill "${PIDS[1]}"
wait "${PIDS[1]}" 2>/dev/null
expect_status 2 "$SPOR" search --index "$TMP/remote.stub" unge
expect_grep "127.0.0.1:$P2 does not answer" "$TMP/err"
expect_status 0 "$SPOR" search --index "$TMP/remote.stub" --allow-partial --json unge
expect_grep "results are partial" "$TMP/err"
python3 - "$TMP/out" <<'PY' && ok || fail "partial answer marked"
import json, sys
objs = [json.loads(l) for l in open(sys.argv[1])]
assert objs[0] == {"type": "partial", "version": 1, "missing_shards": 1}, objs[0]
assert len(objs) > 1 and all(o["type"] == "hit" for o in objs[1:])
PY
stop_servers
finish
