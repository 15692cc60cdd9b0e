#!/usr/bin/env bash
# Query latency with 1 database and 2 and 4 shards, local and through
# `spor serve` on loopback, side by side in one run (docs/scaling.md has
# the figures).
#
#   bench/shards.sh [SIZE_MB|CORPUS-DIR] [RUNS]
#
# Without SIZE_MB the corpus is the bundled one (corpus/), indexed as it
# is: a short run. SIZE_MB makes a corpus of that many MB with
# bench/replica.py (distinct replicas of the bundled corpus); a folder is
# indexed as it is (bench/data/corpus-150mb-dup, made by `bench/run
# --sizes 150dup`, is the 150 MB benchmark corpus of the notes).
# SPOR_BENCH_WORK=DIR keeps the indexes in DIR (default: a temporary
# folder, removed at exit) and reuses those found there.
# SPOR_BENCH_QUERIES=FILE takes the first SPOR_BENCH_NQUERIES (default 20)
# lines of FILE as the queries instead of the topic words below
# (bench/queries.txt suits the help-text corpus). Each query is run RUNS
# times (default 5) per setup as a whole `spor search --json -n 10`
# process; reported are the median (p50) and 99th percentile (p99) of all
# those runs, and the mean over the queries of each query's median.
# SPOR_BEFORE=BINARY measures that spor binary too, in the same run with
# its own indexes (an older schema needs its own), for before/after
# figures side by side. Run it under `nice`.
set -euo pipefail
cd "$(dirname "$0")/.."
SOURCE=${1:-}
RUNS=${2:-5}
SPOR=${SPOR:-build/spor}
if [ -n "${SPOR_BENCH_WORK:-}" ]; then
  WORK=$SPOR_BENCH_WORK KEEP=1
  mkdir -p "$WORK"
else
  WORK=$(mktemp -d "${TMPDIR:-/tmp}/spor-bench.XXXXXX") KEEP=0
fi
PIDS=()
cleanup() {
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  [ "$KEEP" -eq 1 ] || rm -rf "$WORK"
}
trap cleanup EXIT

# Generic topic words of the domain (not the evaluation's queries).
QUERIES=("beskæftigelse" "unge ledige" "bolig" "socialrådgiver indsats"
         "misbrug behandling" "kommune samarbejde" "\"udsatte borgere\""
         "hjemløse herberg" "job virksomhed" "psykiatri")
if [ -n "${SPOR_BENCH_QUERIES:-}" ]; then
  mapfile -t QUERIES < <(head -n "${SPOR_BENCH_NQUERIES:-20}" "$SPOR_BENCH_QUERIES")
fi
echo "queries: ${#QUERIES[@]}, $RUNS runs each"

if [ -z "$SOURCE" ]; then
  CORPUS=corpus
elif [ -d "$SOURCE" ]; then
  CORPUS=$SOURCE
else
  CORPUS=$WORK/corpus-$SOURCE
  [ -d "$CORPUS" ] || python3 bench/replica.py corpus "$CORPUS" "$SOURCE" >/dev/null
fi
# Bytes of text (du would count hard-linked copies once).
MB=$(find "$CORPUS" -type f -printf '%s\n' | awk '{s += $1} END {printf "%.0f", s / 1e6}')
echo "corpus: ${SOURCE:-bundled} ($CORPUS), ${MB} MB, $(find "$CORPUS" -type f | wc -l) files; $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"

# build BIN TAG: indexes the corpus as one database and as 2 and 4
# shards into $WORK/TAG-ix1, -ix2, -ix4.
build() {
  local bin=$1 tag=$2 n t0 t1
  for n in 1 2 4; do
    if [ "$KEEP" -eq 1 ] && [ -e "$WORK/$tag-ix$n/current" ]; then
      echo "$tag: index $n: kept from an earlier run"
      continue
    fi
    t0=$(date +%s.%N)
    if [ "$n" -eq 1 ]; then
      "$bin" index -q --index "$WORK/$tag-ix$n" "$CORPUS"
    else
      "$bin" index -q --shards "$n" --index "$WORK/$tag-ix$n" "$CORPUS"
    fi
    t1=$(date +%s.%N)
    printf '%s: index %d shard(s): %.1f s (load %s)\n' "$tag" "$n" \
      "$(echo "$t1 - $t0" | bc)" "$(cut -d' ' -f1-3 /proc/loadavg)"
  done
}

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}
# serve BIN TAG: serves the shards of TAG-ix2 and -ix4 on loopback,
# listed in $WORK/TAG-remote2.stub and -remote4.stub.
serve() {
  local bin=$1 tag=$2 n k port
  for n in 2 4; do
    : >"$WORK/$tag-remote$n.stub"
    for k in $(seq "$n"); do
      port=$(free_port)
      "$bin" serve --index "$WORK/$tag-ix$n" --shard "$k" --port "$port" 2>/dev/null &
      PIDS+=("$!")
      echo "remote 127.0.0.1:$port" >>"$WORK/$tag-remote$n.stub"
    done
  done
}

# latency BIN SPEC...: "p50 p99 mean" in ms over every run of every query.
latency() {
  local bin=$1 q r t0 t1
  shift
  for q in "${QUERIES[@]}"; do
    for r in $(seq "$RUNS"); do
      t0=$(date +%s%N)
      "$bin" search --json -n 10 "$@" -- "$q" >/dev/null 2>&1 || true
      t1=$(date +%s%N)
      printf '%s\t%s\n' "$q" "$(( (t1 - t0) / 1000 ))"
    done
  done | python3 -c '
import sys, statistics
by = {}
for line in sys.stdin:
    q, us = line.rstrip("\n").rsplit("\t", 1)
    by.setdefault(q, []).append(int(us) / 1000)
allr = sorted(v for vs in by.values() for v in vs)
p99 = allr[min(len(allr) - 1, int(round(0.99 * (len(allr) - 1))))]
mean = statistics.mean(statistics.median(vs) for vs in by.values())
print(f"{statistics.median(allr):.1f} {p99:.1f} {mean:.1f}")'
}

TAGS=(now)
BINS=("$SPOR")
if [ -n "${SPOR_BEFORE:-}" ]; then
  TAGS=(before now)
  BINS=("$SPOR_BEFORE" "$SPOR")
fi
for i in "${!TAGS[@]}"; do
  build "${BINS[$i]}" "${TAGS[$i]}"
  serve "${BINS[$i]}" "${TAGS[$i]}"
done
sleep 1

printf '%-24s' "setup (p50 / p99 / mean, ms)"
for t in "${TAGS[@]}"; do printf ' %22s' "$t"; done
echo
row() {
  local label=$1 spec=$2 i
  printf '%-24s' "$label"
  for i in "${!TAGS[@]}"; do
    # shellcheck disable=SC2086
    printf ' %22s' "$(latency "${BINS[$i]}" --index "$WORK/${TAGS[$i]}-$spec" | tr ' ' '/')"
  done
  echo
}
row "1 database" ix1
row "2 shards, local" ix2
row "4 shards, local" ix4
row "2 shards, loopback" remote2.stub
row "4 shards, loopback" remote4.stub
echo "load at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
