#!/usr/bin/env bash
# One changed file: the update of one database against the update of the
# same corpus in N shards, side by side in one run (docs/scaling.md,
# "Updates of a sharded index").
#
#   bench/shard_update.sh CORPUS-DIR [N] [ROUNDS]
#
# Copies CORPUS-DIR (hard links, but for the file that changes), indexes
# it as one database and as N shards (default 2), then ROUNDS times
# (default 5) appends a line to one file and updates both indexes, one
# after the other, timing each update's wall and CPU time (user + system,
# /usr/bin/time). Prints each round and the medians. SPOR=BINARY measures
# another binary (default build/spor). Run it under `nice`.
set -euo pipefail
cd "$(dirname "$0")/.."
SOURCE=${1:?usage: bench/shard_update.sh CORPUS-DIR [N] [ROUNDS]}
N=${2:-2}
ROUNDS=${3:-5}
SPOR=${SPOR:-build/spor}
WORK=$(mktemp -d "${TMPDIR:-/tmp}/spor-shupd.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
cp -rl "$SOURCE" "$WORK/c"
# The file that changes: the middle one by name, a copy of its own.
F=$(find "$WORK/c" -type f -name '*.txt' | sort | awk '{a[NR] = $0} END {print a[int(NR / 2) + 1]}')
cp --remove-destination "$SOURCE/${F#"$WORK/c/"}" "$F"
touch -d '2020-01-01 12:00' "$F"
echo "corpus: $SOURCE, $(find "$WORK/c" -type f | wc -l) files; changed: ${F#"$WORK/c/"}; $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"

# timed LABEL CMD...: runs CMD, prints "LABEL wall cpu" (seconds).
timed() {
  local label=$1
  shift
  /usr/bin/time -f '%e %U %S' -o "$WORK/time" "$@" >/dev/null 2>&1
  read -r wall user sys <"$WORK/time"
  printf '%s %.2f %.2f\n' "$label" "$wall" "$(echo "$user + $sys" | bc)"
}

timed "build-1" "$SPOR" index -q --index "$WORK/ix1" "$WORK/c"
timed "build-$N" "$SPOR" index -q --shards "$N" --index "$WORK/ixn" "$WORK/c"
for r in $(seq "$ROUNDS"); do
  printf '\nRunde %d: en ny linje om boliger og beskæftigelse.\n' "$r" >>"$F"
  touch -d "2021-01-0$(( (r % 9) + 1 )) 12:00" "$F"
  timed "update-1" "$SPOR" index -q --index "$WORK/ix1" "$WORK/c"
  timed "update-$N" "$SPOR" index -q --index "$WORK/ixn" "$WORK/c"
done | tee "$WORK/rounds"
echo "shards rewritten by the last update: $(find "$WORK/ixn/current/" -maxdepth 1 -name 'shard-*' -type d | wc -l) of $N"
for what in update-1 "update-$N"; do
  awk -v w="$what" '$1 == w {print $2, $3}' "$WORK/rounds" |
    sort -n | awk -v w="$what" '{wall[NR] = $1} END {m = int((NR + 1) / 2); printf "%s: median wall %.2f s", w, wall[m]}'
  awk -v w="$what" '$1 == w {print $3}' "$WORK/rounds" |
    sort -n | awk '{c[NR] = $1} END {m = int((NR + 1) / 2); printf ", median CPU %.2f s\n", c[m]}'
done
