#!/usr/bin/env bash
# Shards built apart: the bundled corpus indexed as one database, and as 2
# and 3 shards each counted and written by its own process in its own
# folder, the processes sharing nothing but the tables files they hand
# each other (copied between the folders). Searched together, the shards
# must give every hit of one database (id, lines, score, copies) for 20+
# queries with filters, facets and compare; tables files that are damaged,
# of another set or of the wrong kind are refused with one line.
. "$(dirname "$0")/lib.sh"
build_corpus_index
ONE=(--index "$TMP/index")

# build_apart N: machines $TMP/nN-K, each with its index folder ix;
# sets SET to search them together.
build_apart() {
  local n=$1 k pids=()
  for k in $(seq "$n"); do
    mkdir -p "$TMP/n$n-$k"
    (cd "$SPOR_SOURCE_DIR" && "$SPOR" index -q --shard "$k/$n" --count "$TMP/n$n-$k/part.tables") \
      2>"$TMP/n$n-$k/count.err" &
    pids+=($!)
  done
  for k in "${!pids[@]}"; do
    wait "${pids[$k]}" || fail "count of shard $((k + 1))/$n: $(cat "$TMP/n$n-$((k + 1))/count.err")"
  done
  # The merge runs on a machine of its own: the partial files come to it,
  # the merged file goes back to every machine.
  mkdir -p "$TMP/n$n-merge"
  for k in $(seq "$n"); do cp "$TMP/n$n-$k/part.tables" "$TMP/n$n-merge/part-$k.tables"; done
  expect_status 0 "$SPOR" index --merge "$TMP/n$n-merge/all.tables" "$TMP/n$n-merge"/part-*.tables
  expect_grep "merged the tables of $n shards: 5 documents, 356 passages" "$TMP/out"
  pids=()
  SET=()
  for k in $(seq "$n"); do
    cp "$TMP/n$n-merge/all.tables" "$TMP/n$n-$k/all.tables"
    (cd "$SPOR_SOURCE_DIR" && "$SPOR" index --shard "$k/$n" --tables "$TMP/n$n-$k/all.tables" \
      --index "$TMP/n$n-$k/ix") >"$TMP/n$n-$k/write.out" 2>"$TMP/n$n-$k/write.err" &
    pids+=($!)
    SET+=(--index "$TMP/n$n-$k/ix")
  done
  for k in "${!pids[@]}"; do
    wait "${pids[$k]}" && ok || fail "write of shard $((k + 1))/$n: $(cat "$TMP/n$n-$((k + 1))/write.err")"
  done
}

QUERIES=("fremskudt beskæftigelse efterværn" "hjemløshed amsterdam london"
         "unge ledige" '"housing first"' "misbrug NOT alkohol" "bolig sted:london"
         "beskæftigelse år:2020" "socialrådgiver" "udsatte boligområder"
         "hjemløse bolig kommune" "studietur" "natcafé" "radikalisering"
         "boligsocial indsats" "job OR uddannelse" "frivillige"
         "psykisk sårbare unge" "kriminalitet forebyggelse")
# Filters: each with a query that finds passages through it.
FILTERED=("--place amsterdam|unge" "--place london,paris|hjemløse"
          "--year 2015|studietur" "--year 2020..2023|beskæftigelse"
          "--doc 981ff2d2|unge" "--all-copies|amsterdam")
# Light (the ASan suite): fewer queries and filters, every kind of check.
if [ "$LIGHT" = 1 ]; then
  QUERIES=("${QUERIES[@]:0:5}")
  FILTERED=("${FILTERED[0]}" "${FILTERED[2]}" "${FILTERED[4]}" "${FILTERED[5]}")
fi

# hits FILE: each hit's id, lines, score and copies.
HITS_PY='
import json, sys
def hits(p):
    return [(o["id"], o["line_start"], o["line_end"], o["score"], o.get("also_in"))
            for o in map(json.loads, open(p)) if o["type"] == "hit"]
a, b = hits(sys.argv[1]), hits(sys.argv[2])
assert a == b, (a[:4], b[:4])
assert len(a) > 0 or sys.argv[3] == "empty-ok", "no hits"
'

# one_out N CMD...: the one database's answer number N, asked once.
one_out() {
  local n=$1
  shift
  [ -f "$TMP/one-$n" ] || "$@" >"$TMP/one-$n" 2>/dev/null
  cp "$TMP/one-$n" "$TMP/a"
}

same_hits() {
  local name=$1 q f i=0
  for q in "${QUERIES[@]}"; do
    one_out $((i += 1)) "$SPOR" search "${ONE[@]}" --json -n 40 -- "$q"
    "$SPOR" search "${SET[@]}" --json -n 40 -- "$q" >"$TMP/b" 2>"$TMP/berr"
    python3 -c "$HITS_PY" "$TMP/a" "$TMP/b" empty-ok && ok || fail "$name: '$q' differs ($(head -c 200 "$TMP/berr"))"
  done
  for f in "${FILTERED[@]}"; do
    # shellcheck disable=SC2086
    one_out $((i += 1)) "$SPOR" search "${ONE[@]}" --json -n 40 ${f%%|*} -- "${f#*|}"
    # shellcheck disable=SC2086
    "$SPOR" search "${SET[@]}" --json -n 40 ${f%%|*} -- "${f#*|}" >"$TMP/b" 2>"$TMP/berr"
    python3 -c "$HITS_PY" "$TMP/a" "$TMP/b" need-hits && ok || fail "$name: '$f' differs ($(head -c 200 "$TMP/berr"))"
  done
  # Facets and compare: the same counts.
  for a in --facets "--facets --all-copies" "--facets --place amsterdam,london"; do
    # shellcheck disable=SC2086
    "$SPOR" search "${ONE[@]}" --json -n 1 $a -- unge 2>&1 | grep '"facet"' >"$TMP/fa"
    # shellcheck disable=SC2086
    "$SPOR" search "${SET[@]}" --json -n 1 $a -- unge 2>&1 | grep '"facet"' >"$TMP/fb"
    [ -s "$TMP/fa" ] && cmp -s "$TMP/fa" "$TMP/fb" && ok || fail "$name: facets $a differ"
  done
  "$SPOR" compare "${ONE[@]}" --json --places amsterdam,london,københavn hjemløshed >"$TMP/ca" 2>&1
  "$SPOR" compare "${SET[@]}" --json --places amsterdam,london,københavn hjemløshed >"$TMP/cb" 2>&1
  [ -s "$TMP/ca" ] && cmp -s "$TMP/ca" "$TMP/cb" && ok || fail "$name: compare differs"
  # Wildcards: Xapian 1.4 expands a wildcard in each shard apart (up to
  # 200 terms there), so the scores differ, and a wildcard of more terms
  # than that finds other passages (docs/scaling.md); one of fewer terms
  # finds the same (its matches: the passages that continue the top hits
  # follow each ranking).
  for q in "bolig*"; do
    "$SPOR" search "${ONE[@]}" --json -n 1000 -- "$q" | python3 -c 'import json,sys; print(sorted(o["id"] for o in map(json.loads, sys.stdin) if o["type"] == "hit" and not o["continues"]))' >"$TMP/wa"
    "$SPOR" search "${SET[@]}" --json -n 1000 -- "$q" | python3 -c 'import json,sys; print(sorted(o["id"] for o in map(json.loads, sys.stdin) if o["type"] == "hit" and not o["continues"]))' >"$TMP/wb"
    [ "$(wc -c <"$TMP/wa")" -gt 10 ] && cmp -s "$TMP/wa" "$TMP/wb" && ok || fail "$name: wildcard $q finds other passages"
  done
}

build_apart 2
same_hits "2 shards built apart"
# Each shard holds its share only, and the two extractions of the Aarhus
# report (copies of each other) lie in different shards, so copy folding
# across machines is what the equal also_in lists above show.
grep -q "2 documents" "$TMP/n2-1/write.out" && grep -q "(shard 1 of 2)" "$TMP/n2-1/write.out" && ok ||
  fail "shard 1/2 summary: $(cat "$TMP/n2-1/write.out")"
for k in 1 2; do
  "$SPOR" search --index "$TMP/n2-$k/ix" --allow-partial --json -n 400 --all-copies -- amsterdam 2>/dev/null |
    python3 -c 'import json,sys; print(sorted({o["doc"] for o in map(json.loads, sys.stdin) if o["type"] == "hit"}))' >"$TMP/docs-$k"
done
python3 - "$TMP/docs-1" "$TMP/docs-2" <<'PY' && ok || fail "the Aarhus copies in different shards: $(cat "$TMP/docs-1" "$TMP/docs-2")"
import sys
a, b = (open(f).read() for f in sys.argv[1:])
pdf, txt = "studietur-2023-pdf.txt", "studietur-2023.txt"
assert (pdf in a) != (pdf in b) and (txt in a) != (txt in b)
assert (pdf in a) != (txt in a)
PY

build_apart 3
same_hits "3 shards built apart"

# Tables files that do not fit are refused with one line, exit 2.
refused() {
  local what=$1
  shift
  (cd "$SPOR_SOURCE_DIR" && "$SPOR" "$@") >"$TMP/out" 2>"$TMP/err"
  local rc=$?
  [ "$rc" -eq 2 ] && [ "$(wc -l <"$TMP/err")" -eq 1 ] && grep -q "$what" "$TMP/err" && ok ||
    fail "refused ($what): exit $rc: $(cat "$TMP/err")"
}
refused "merged for 2 shards, not 3" index --shard 1/3 --tables "$TMP/n2-1/all.tables" --index "$TMP/bad"
refused "a partial tables file, where a merged one" index --shard 1/2 --tables "$TMP/n2-1/part.tables" --index "$TMP/bad"
refused "different inputs or numbers of shards" index --merge "$TMP/x.tables" "$TMP/n2-1/part.tables" "$TMP/n3-2/part.tables"
refused "shard 2 of 3 has no partial" index --merge "$TMP/x.tables" "$TMP/n3-1/part.tables" "$TMP/n3-3/part.tables"
refused "both count shard 1 of 2" index --merge "$TMP/x.tables" "$TMP/n2-1/part.tables" "$TMP/n2-1/part.tables"
refused "not a spor tables file" index --shard 1/2 --tables "$SPOR_SOURCE_DIR/corpus/MANIFEST.tsv" --index "$TMP/bad"
cp "$TMP/n2-1/all.tables" "$TMP/damaged.tables"
printf 'x' | dd of="$TMP/damaged.tables" bs=1 seek=200 conv=notrunc 2>/dev/null
refused "damaged tables file (checksum" index --shard 1/2 --tables "$TMP/damaged.tables" --index "$TMP/bad"
head -c 100 "$TMP/n2-1/all.tables" >"$TMP/short.tables"
refused "damaged tables file (truncated" index --shard 1/2 --tables "$TMP/short.tables" --index "$TMP/bad"
sed '1s/ 1 merged/ 9 merged/' "$TMP/n2-1/all.tables" >"$TMP/v9.tables"
refused "of version 9" index --shard 1/2 --tables "$TMP/v9.tables" --index "$TMP/bad"
# Inputs other than those counted: another list of files.
refused "counted from other inputs" index --shard 1/2 --tables "$TMP/n2-1/all.tables" --index "$TMP/bad" corpus/cfbu-kl-tema4-fremskudte-indsatser.txt
refused "need --shard K/N" index --tables "$TMP/n2-1/all.tables" --index "$TMP/bad"
refused "must be K/N" index --shard 3/2 --count "$TMP/x.tables"
[ ! -e "$TMP/bad/current" ] && ok || fail "a refused run made an index"
# `spor index` without --shards keeps a sharded index sharded (it was made
# one database, exit 0, before), and the summary counts what the index
# holds; --shards on an unchanged index of one database does split it.
cp -r "$TMP/index" "$TMP/resharded"
(cd "$SPOR_SOURCE_DIR" && "$SPOR" index --shards 2 --index "$TMP/resharded") >"$TMP/out" 2>"$TMP/err"
[ -f "$TMP/resharded/current/XAPIANDB" ] && ok || fail "--shards 2 on an unchanged index splits it"
expect_grep "5 documents, 356 passages.*5 added.*(2 shards)" "$TMP/out"
expect_grep "split into shards now" "$TMP/err"
(cd "$SPOR_SOURCE_DIR" && "$SPOR" index --index "$TMP/resharded") >"$TMP/out" 2>"$TMP/err"
[ -d "$TMP/resharded/current/shard-1" ] && [ ! -e "$TMP/resharded/current/shard-2" ] && ok ||
  fail "spor index without --shards keeps 2 shards: $(ls "$TMP/resharded/current")"
expect_grep "5 documents, 356 passages.*(2 shards)" "$TMP/out"
# ... and updates it shard by shard (test_shard_update.sh), not anew.
expect_no_grep "anew" "$TMP/err"
(cd "$SPOR_SOURCE_DIR" && "$SPOR" index --shards 1 --index "$TMP/resharded") >"$TMP/out" 2>"$TMP/err"
[ -f "$TMP/resharded/current/iamglass" ] && ok || fail "--shards 1 makes it one database"
expect_no_grep "shards)" "$TMP/out"
finish
