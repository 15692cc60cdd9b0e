#!/usr/bin/env bash
# Remote shards at local speed: a search through two `spor serve` shards
# makes a fixed number of requests to each, whatever the number of hits
# and candidates (what ranking, copy folding and highlighting need comes
# back with the match as sort and collapse keys), and answers exactly as
# one database and as the same shards searched locally: ids, lines,
# scores, copies and highlights of 22 queries, with and without filters.
# Requests are counted by a relay in front of each server
# (request_counter.py), by Xapian message type; nothing is timed.
. "$(dirname "$0")/lib.sh"
build_corpus_index
ONE=(--index "$TMP/index")
(cd "$SPOR_SOURCE_DIR" && "$SPOR" index -q --shards 2 --index "$TMP/sharded") 2>"$TMP/err" ||
  { echo "cannot index in shards: $(cat "$TMP/err")" >&2; exit 1; }
LOCAL=(--index "$TMP/sharded")

servers_trap
RELAYS=()
for k in 1 2; do
  serve_free_port "$TMP/serve$k.err" --index "$TMP/sharded" --shard "$k" ||
    { echo "cannot start shard server $k: $(cat "$TMP/serve$k.err")" >&2; exit 1; }
  PIDS+=("$SERVE_PID")
  python3 "$(dirname "$0")/request_counter.py" "$PORT" "$TMP/count$k.json" >"$TMP/relay$k" &
  PIDS+=("$!")
  for _ in $(seq 100); do [ -s "$TMP/relay$k" ] && break; sleep 0.05; done
  RELAYS+=("$(cat "$TMP/relay$k")")
done
printf 'remote 127.0.0.1:%s\nremote 127.0.0.1:%s\n' "${RELAYS[@]}" >"$TMP/remote.stub"
REMOTE=(--index "$TMP/remote.stub")

# requests_of ARGS...: runs `spor search ARGS` through the relays; sets
# REQS to the requests it sent to both shards, as JSON {"<type>": n}.
requests_of() {
  local k
  for k in 1 2; do [ -e "$TMP/count$k.json" ] && cp "$TMP/count$k.json" "$TMP/before$k.json" || echo '{}' >"$TMP/before$k.json"; done
  "$SPOR" search "${REMOTE[@]}" --json "$@" >"$TMP/out" 2>"$TMP/err"
  # The relay counts a request before it passes it on, so the counts are
  # complete once the search has its answers.
  REQS=$(python3 - "$TMP" <<'PY'
import json, sys, os
t = sys.argv[1]
total = {}
for k in (1, 2):
    after = json.load(open(f"{t}/count{k}.json")) if os.path.exists(f"{t}/count{k}.json") else {}
    before = json.load(open(f"{t}/before{k}.json"))
    for kind, n in after.items():
        d = n - before.get(kind, 0)
        if d:
            total[kind] = total.get(kind, 0) + d
print(json.dumps(total))
PY
)
}

# The same query with 1 hit and with 40: 3 × 40 + 20 candidates, 40 hits
# with their copies and highlights. The second may read more document
# entries (metadata, one per document of its hits, 6 at most here), and
# nothing else; no candidate's document is fetched (message type 2).
Q="hjemløse bolig kommune"
requests_of -n 1 -- "$Q"
one=$REQS
requests_of -n 40 -- "$Q"
many=$REQS
docs=$(python3 -c 'import json,sys; print(len({json.loads(l)["path"] for l in open(sys.argv[1]) if json.loads(l)["type"]=="hit"}))' "$TMP/out")
hits=$(grep -c '"type":"hit"' "$TMP/out")
[ "$hits" -ge 30 ] && ok || fail "the query finds many hits ($hits)"
python3 - "$one" "$many" "$docs" <<'PY' && ok || fail "requests grow with the hits: 1 hit $one, $hits hits $many"
import json, sys
one, many, docs = json.loads(sys.argv[1]), json.loads(sys.argv[2]), int(sys.argv[3])
assert one and many
assert many.get("2", 0) == 0 and one.get("2", 0) == 0, "documents fetched"
extra = sum(many.values()) - sum(one.values())
assert extra <= docs, (extra, docs)
PY

# same NAME N ARGS...: the hits (id, lines, score, copies, highlights) of
# the first N queries through the remote and the local shards equal one
# database's.
QUERIES=("unge" "hjemløse bolig" "beskæftigelse" "fremskudt beskæftigelse efterværn"
         "hjemløshed amsterdam london" '"housing first"' "misbrug NOT alkohol"
         "bolig sted:london" "beskæftigelse år:2020" "socialrådgiver"
         "udsatte boligområder" "jobcenter" "boligsocial indsats" "psykiatri"
         "kommune samarbejde" "gadeplansmedarbejdere" "misbrugsbehandling"
         "unge ledige" "socialforvaltningen" "herberg" "virksomhed praktik"
         "hjemløse NEAR/5 unge")
same() {
  local name=$1 n=$2 q
  shift 2
  for q in "${QUERIES[@]:0:$n}"; do
    "$SPOR" search "${ONE[@]}" --json -n 20 "$@" -- "$q" >"$TMP/a" 2>/dev/null
    "$SPOR" search "${LOCAL[@]}" --json -n 20 "$@" -- "$q" >"$TMP/b" 2>/dev/null
    "$SPOR" search "${REMOTE[@]}" --json -n 20 "$@" -- "$q" >"$TMP/c" 2>/dev/null
    python3 - "$TMP/a" "$TMP/b" "$TMP/c" <<'PY' && ok || fail "$name: '$q' differs"
import json, sys
def hits(p):
    return [(o["id"], o["line_start"], o["line_end"], o["score"], o.get("also_in"), o["highlights"])
            for o in map(json.loads, open(p)) if o["type"] == "hit"]
a, b, c = (hits(p) for p in sys.argv[1:4])
assert a == b, ("local", a[:2], b[:2])
assert a == c, ("remote", a[:2], c[:2])
PY
  done
}
# Filters on a few (each query costs three searches). Light (the ASan
# suite): fewer queries, the same kinds of check.
plain=22 filtered=5
[ "$LIGHT" = 1 ] && plain=6 filtered=2
same "plain" "$plain"
same "--place" "$filtered" --place amsterdam,london,aarhus
same "--year" "$filtered" --year 2015..2020
same "--doc" "$filtered" --doc kbh
# The comparisons above found passages, copies and highlights.
"$SPOR" search "${ONE[@]}" --json -n 20 -- "hjemløse bolig" >"$TMP/a"
python3 - "$TMP/a" <<'PY' && ok || fail "the compared queries find hits with copies and highlights"
import json, sys
h = [o for o in map(json.loads, open(sys.argv[1])) if o["type"] == "hit"]
assert len(h) == 20 and any(o.get("also_in") for o in h) and all(o["highlights"] for o in h)
PY
# Facets and compare through the servers, as one database counts them.
for a in --facets "--facets --all-copies"; do
  # shellcheck disable=SC2086
  "$SPOR" search "${ONE[@]}" --json -n 5 $a -- unge >"$TMP/a" 2>&1
  # shellcheck disable=SC2086
  "$SPOR" search "${REMOTE[@]}" --json -n 5 $a -- unge >"$TMP/c" 2>&1
  grep -q '"facet"' "$TMP/a" && cmp -s "$TMP/a" "$TMP/c" && ok || fail "facets $a differ"
done
"$SPOR" compare "${ONE[@]}" --json --max-places 4 hjemløse >"$TMP/a" 2>&1
"$SPOR" compare "${REMOTE[@]}" --json --max-places 4 hjemløse >"$TMP/c" 2>&1
[ -s "$TMP/a" ] && cmp -s "$TMP/a" "$TMP/c" && ok || fail "compare differs"
finish
