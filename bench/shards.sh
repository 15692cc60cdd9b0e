#!/usr/bin/env bash
# Query latency with 1, 2 and 4 shards, local and through `spor serve` on
# loopback, side by side in one run (docs/scaling.md has the figures).
#
#   bench/shards.sh [COPIES|CORPUS-DIR] [RUNS]
#
# The corpus is the bundled one replicated COPIES times (default 40); each
# copy has the words of every line shuffled with its own seed, so copies
# neither collapse as duplicates nor share phrases, while the vocabulary
# and its frequencies stay Danish. A folder instead of COPIES is indexed
# as it is: bench/data/corpus-150mb (made by `bench/run --sizes 150`, or
# its corpus() step) is the 150 MB benchmark corpus. SPOR_BENCH_WORK=DIR
# keeps the indexes in DIR (default: a temporary folder, removed at exit)
# and reuses those found there. SPOR_BENCH_QUERIES=FILE takes the first
# SPOR_BENCH_NQUERIES (default 20) lines of FILE as the queries instead of
# the topic words below: bench/queries.txt suits the help-text corpus. Each query is run RUNS times (default
# 5) per setup as a whole `spor search --json` process; the median of the
# runs is taken per query and the mean of those reported.
set -euo pipefail
cd "$(dirname "$0")/.."
COPIES=${1:-40}
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

if [ -d "$COPIES" ]; then
  CORPUS=$COPIES
else
CORPUS=$WORK/corpus
rm -rf "$CORPUS"
python3 - corpus "$CORPUS" "$COPIES" <<'PY'
import os, random, sys
src, dst, copies = sys.argv[1], sys.argv[2], int(sys.argv[3])
os.makedirs(dst)
files = sorted(f for f in os.listdir(src) if f.endswith(".txt"))
for c in range(copies):
    rnd = random.Random(c)
    for f in files:
        out = []
        for line in open(os.path.join(src, f), encoding="utf-8"):
            w = line.split()
            rnd.shuffle(w)
            out.append(" ".join(w))
        with open(os.path.join(dst, f"c{c:03d}-{f}"), "w", encoding="utf-8") as o:
            o.write("\n".join(out) + "\n")
PY
fi
# Bytes of text (du would count hard-linked copies once).
MB=$(find "$CORPUS" -type f -printf '%s\n' | awk '{s += $1} END {printf "%.0f", s / 1e6}')
echo "corpus: $COPIES, ${MB} MB, $(find "$CORPUS" -type f | wc -l) files; $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"

for n in 1 2 4; do
  if [ "$KEEP" -eq 1 ] && [ -e "$WORK/ix$n/current" ]; then
    echo "index $n shard(s): kept from an earlier run"
    continue
  fi
  t0=$(date +%s.%N)
  if [ "$n" -eq 1 ]; then
    "$SPOR" index -q --index "$WORK/ix$n" "$CORPUS"
  else
    "$SPOR" index -q --shards "$n" --index "$WORK/ix$n" "$CORPUS"
  fi
  t1=$(date +%s.%N)
  printf 'index %d shard(s): %.1f s (load %s)\n' "$n" "$(echo "$t1 - $t0" | bc)" \
    "$(cut -d' ' -f1-3 /proc/loadavg)"
done

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}
for n in 2 4; do
  : >"$WORK/remote$n.stub"
  for k in $(seq "$n"); do
    port=$(free_port)
    "$SPOR" serve --index "$WORK/ix$n" --shard "$k" --port "$port" 2>/dev/null &
    PIDS+=("$!")
    echo "remote 127.0.0.1:$port" >>"$WORK/remote$n.stub"
  done
done
sleep 1

# latency SPEC...: mean over the queries of the median of RUNS runs, ms.
latency() {
  local q r
  for q in "${QUERIES[@]}"; do
    for r in $(seq "$RUNS"); do
      local t0 t1
      t0=$(date +%s%N)
      "$SPOR" search --json -n 10 "$@" -- "$q" >/dev/null || true
      t1=$(date +%s%N)
      echo $(( (t1 - t0) / 1000 ))
    done | sort -n | sed -n "$(( (RUNS + 1) / 2 ))p"
  done | awk '{s += $1} END {printf "%.1f", s / NR / 1000}'
}
printf '%-28s %s\n' "setup" "mean of median latency (ms)"
printf '%-28s %s\n' "1 shard (one database)" "$(latency --index "$WORK/ix1")"
printf '%-28s %s\n' "2 shards, local" "$(latency --index "$WORK/ix2")"
printf '%-28s %s\n' "4 shards, local" "$(latency --index "$WORK/ix4")"
printf '%-28s %s\n' "2 shards, loopback" "$(latency --index "$WORK/remote2.stub")"
printf '%-28s %s\n' "4 shards, loopback" "$(latency --index "$WORK/remote4.stub")"
echo "load at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
