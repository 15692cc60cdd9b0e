#!/usr/bin/env bash
# Where spor's time goes: samples `spor index` of the benchmark's base
# corpus, an update of that index with one file changed, then a run of
# queries from bench/queries.txt (one process each, as
# bench/run times them), with perf (cpu-clock, every thread and child; no
# call graphs, so each function's own time), and prints for each the share
# of every shared object and the top functions. The perf.data files stay in
# $SPOR_BENCH_DATA/profile for `perf report -i`.
# usage: bench/profile.sh [QUERIES]   (default 40; TOP=N functions, default
#   25; CALLS=1 also records call graphs (DWARF, slower, larger files) and
#   lists spor's functions by time spent in them and what they call: perf
#   counts a function twice in a stack where it also appears as an inlined
#   frame, so these shares are upper bounds, some above 100%;
#   SPOR_BENCH_DATA as for bench/run, whose base corpus it needs)
set -euo pipefail
cd "$(dirname "$0")/.."
data=${SPOR_BENCH_DATA:-$PWD/bench/data}
spor=${SPOR:-$PWD/build/spor}
nq=${1:-40}
top=${TOP:-25}
base=$data/base
# Samples per second: enough for a 10 ms query to show, few enough that
# perf's own writing stays a small part of the run.
freq=999
record=(perf record -q -F "$freq")
if [ "${CALLS:-0}" = 1 ]; then
  # A quarter of the samples: each carries 16 KB of stack to unwind.
  record=(perf record -q -F 249 --call-graph dwarf,16384)
fi
[ -d "$base" ] || { echo "profile.sh: $base: missing (bench/run --quick makes it)" >&2; exit 1; }
command -v perf >/dev/null || { echo "profile.sh: perf: not found (apt-get install linux-perf)" >&2; exit 1; }
[ -x "$spor" ] || { echo "profile.sh: $spor: missing (run scripts/build)" >&2; exit 1; }
w=$data/profile
rm -rf "$w"
mkdir -p "$w"

summary() { # DATA TITLE: shares by shared object, then the top functions
  # Only spor's samples (not the shell's that starts the queries), as
  # shares of them; perf's --comm drops objects both commands use.
  echo "== $2: share of spor's samples by shared object (>= 0.5%)"
  perf report -i "$1" --no-children --sort comm,dso --stdio 2>/dev/null |
    awk '$1 ~ /%$/ && $2 == "spor" { p[NR] = $1 + 0; d[NR] = $3; t += $1 }
         END { for (i in p) if (p[i] / t >= 0.005)
                 printf "%6.1f%%  %s\n", 100 * p[i] / t, d[i] }' |
    sort -rn || true
  echo "== $2: top $top functions (own time, share of spor's samples)"
  perf report -i "$1" --no-children --sort comm,dso,symbol --stdio \
    2>/dev/null |
    awk '$1 ~ /%$/ && $2 == "spor" { n++; p[n] = $1 + 0; t += $1
           s = $3 " " $5; for (i = 6; i <= NF && $i != "-"; i++) s = s " " $i
           l[n] = s }
         END { for (i = 1; i <= n; i++)
                 printf "%6.1f%%  %.110s\n", 100 * p[i] / t, l[i] }' |
    head -n "$top" || true
  if [ "${CALLS:-0}" = 1 ]; then
    echo "== $2: spor's functions by time in them and their callees"
    perf report -i "$1" --children --sort comm,dso,symbol --stdio \
      -g none 2>/dev/null |
      awk '$1 ~ /%$/ && $3 == "spor" { t += $2 + 0
             if ($4 == "spor") { n++; p[n] = $1 + 0; l[n] = $6 } }
           END { for (i = 1; i <= n; i++)
                   printf "%6.1f%%  %.110s\n", 100 * p[i] / t, l[i] }' |
      head -n "$top" || true
  fi
  echo
}

start=$(date +%s.%N)
"${record[@]}" -o "$w/index.data" -- \
  "$spor" index --index "$w/ix" -q --progress never "$base" 2>"$w/index.err"
end=$(date +%s.%N)
printf 'spor index of %s (%s files): %.1f s wall\n' "$base" \
  "$(ls "$base" | wc -l)" "$(echo "$end - $start" | bc)"
summary "$w/index.data" "spor index"

# An update: one file's text changed (the original moved aside and back,
# as bench/run does, so a hard-linked copy is never written through).
f=$base/$(ls "$base" | sed -n "$(( $(ls "$base" | wc -l) / 2 ))p")
mv "$f" "$w/original"
trap 'mv "$w/original" "$f"' EXIT
{ cat "$w/original"; printf '\nEt nyt afsnit, skrevet til måling af en opdatering.\n'; } > "$f"
start=$(date +%s.%N)
"${record[@]}" -o "$w/update.data" -- \
  "$spor" index --index "$w/ix" -q --progress never "$base" 2>"$w/update.err"
end=$(date +%s.%N)
mv "$w/original" "$f"
trap - EXIT
printf 'spor index, update of one changed file: %.1f s wall\n' \
  "$(echo "$end - $start" | bc)"
summary "$w/update.data" "spor index, update"

head -n "$nq" bench/queries.txt > "$w/queries.txt"
start=$(date +%s.%N)
"${record[@]}" -o "$w/search.data" -- bash -c '
  while IFS= read -r q; do
    "$0" search --index "$1" -n 10 --color never -- "$q" >/dev/null || [ $? -eq 1 ]
  done < "$2"' "$spor" "$w/ix" "$w/queries.txt" 2>"$w/search.err"
end=$(date +%s.%N)
printf 'spor search, %s queries one process each: %.1f ms per query wall\n' \
  "$nq" "$(echo "($end - $start) * 1000 / $nq" | bc -l)"
summary "$w/search.data" "spor search"
