#!/usr/bin/env bash
# Building shards apart against one database, and updating one file in
# each (docs/scaling.md, "Built apart: measured"). N processes stand in
# for N machines: each counts and writes its shard in a folder of its own,
# and only the tables files pass between them.
#
# usage: bench/apart.sh CORPUS N
# Prints, for one database and for N shards built apart, the wall time
# and the CPU time (user + system) of each step and process, then the time
# of an update after one changed file. Work goes to $SPOR_BENCH_WORK
# (default: a temporary folder, removed at the end).
set -euo pipefail
corpus=$(realpath "$1")
n=${2:-2}
here=$(cd "$(dirname "$0")/.." && pwd)
spor=${SPOR:-$here/build/spor}
work=${SPOR_BENCH_WORK:-$(mktemp -d)}
[ -n "${SPOR_BENCH_WORK:-}" ] || trap 'rm -rf "$work"' EXIT
mkdir -p "$work"
export SPOR_DATA_DIR=${SPOR_DATA_DIR:-$here}

# timed NAME CMD...: runs CMD, appends "NAME wall cpu" to $work/times.
timed() {
  local name=$1
  shift
  /usr/bin/time -f "$name %e %U %S" -a -o "$work/times.raw" "$@" >/dev/null
}
rm -f "$work/times.raw"

cd "$corpus/.."
rm -rf "$work/one"
timed "one-database" "$spor" index -q --index "$work/one" "$corpus"

for k in $(seq "$n"); do
  rm -rf "$work/m$k"
  mkdir -p "$work/m$k"
  timed "count-$k/$n" "$spor" index -q --shard "$k/$n" --count "$work/m$k/part.tables" "$corpus" &
done
wait
timed "merge" "$spor" index -q --merge "$work/all.tables" "$work"/m*/part.tables
for k in $(seq "$n"); do cp "$work/all.tables" "$work/m$k/all.tables"; done
for k in $(seq "$n"); do
  timed "write-$k/$n" "$spor" index -q --shard "$k/$n" --tables "$work/m$k/all.tables" \
    --index "$work/m$k/ix" "$corpus" &
done
wait
ls -l "$work"/m1/part.tables "$work/all.tables" | awk '{print "file", $NF, $5}'
awk '{printf "%-14s wall %7.1f s  cpu %7.1f s\n", $1, $2, $3 + $4}' "$work/times.raw"
