#!/usr/bin/env bash
# Incremental updates against full builds, side by side in one run: a
# corpus of COPIES copies of the bundled corpus (default 20, each file under
# its own name, dated in the past), then
#   full build | no-op update | 1 file changed | 1 added + 1 removed |
#   --rebuild of the same files | copying the index generation alone
# Usage: bench/incremental.sh [COPIES]   (spor from build/, or $SPOR)
set -euo pipefail
cd "$(dirname "$0")/.."
copies=${1:-20}
spor=${SPOR:-$PWD/build/spor}
export SPOR_DATA_DIR=$PWD
w=$(mktemp -d "${TMPDIR:-/tmp}/spor-bench.XXXXXX")
trap 'rm -rf "$w"' EXIT
mkdir -p "$w/c"
for i in $(seq "$copies"); do
  for f in corpus/*.txt; do
    cp "$f" "$w/c/$(basename "$f" .txt)-$i.txt"
  done
done
touch -d '2020-01-01 12:00' "$w/c"/*
t() { local s e; s=$(date +%s.%N); "$@" >/dev/null 2>&1; e=$(date +%s.%N); echo "$e - $s" | bc; }
printf '%-28s %8s\n' "run ($(ls "$w/c" | wc -l) files, $(du -sh "$w/c" | cut -f1))" seconds
printf '%-28s %8.2f\n' "full build" "$(t "$spor" index --index "$w/ix" "$w/c")"
printf '%-28s %8.2f\n' "no-op update" "$(t "$spor" index --index "$w/ix" "$w/c")"
echo "Et nyt afsnit om frivillige." >> "$w/c/kbh-socialudvalget-studietur-2015-1.txt"
touch -d '2021-01-01 12:00' "$w/c/kbh-socialudvalget-studietur-2015-1.txt"
printf '%-28s %8.2f\n' "update: 1 file changed" "$(t "$spor" index --index "$w/ix" "$w/c")"
cp corpus/kbh-socialudvalget-studietur-2015.txt "$w/c/ny.txt"
touch -d '2020-01-01 12:00' "$w/c/ny.txt"
rm "$w/c/aarhus-amsterdam-studietur-2023-1.txt"
printf '%-28s %8.2f\n' "update: 1 added, 1 removed" "$(t "$spor" index --index "$w/ix" "$w/c")"
printf '%-28s %8.2f\n' "--rebuild (full)" "$(t "$spor" index --index "$w/ix" --rebuild "$w/c")"
g="$w/ix/$(readlink "$w/ix/current")"
printf '%-28s %8.2f  (%s)\n' "copy of the generation" "$(t cp -r "$g" "$w/copy")" "$(du -sh "$g" | cut -f1)"
