#!/usr/bin/env bash
# Files that are not regular files (FIFOs, devices) and endless ones, as
# documents and as the tables spor reads (stop list, gazetteer, synonym
# list, manifest): each is refused with one line naming it, never read
# until a writer comes (a FIFO) or until memory runs out (/dev/zero). A
# time-out is the backstop: before, each of these hung.
. "$(dirname "$0")/lib.sh"

# No run here may take longer than this (seconds); a hang is a failure.
LIMIT=30

docs="$TMP/docs"
mkdir -p "$docs"
printf 'Boliger til unge hjemløse i Aarhus.\n' > "$docs/a.txt"
mkfifo "$docs/fifo.md"

# A FIFO named on the command line: skipped with a warning, the rest indexed.
expect_status 0 timeout "$LIMIT" "$SPOR" index --index "$TMP/i1" "$docs/fifo.md" "$docs/a.txt"
expect_grep "fifo.md: cannot read document: a FIFO, not a regular file (skipped)" "$TMP/err"
# Only a FIFO: nothing to index, exit 2, no hang.
expect_status 2 timeout "$LIMIT" "$SPOR" index --index "$TMP/i2" "$docs/fifo.md"
expect_grep "a FIFO, not a regular file" "$TMP/err"
# A FIFO in a folder is not a document: the walk passes it by.
expect_status 0 timeout "$LIMIT" "$SPOR" index --index "$TMP/i3" "$docs"
cat "$TMP/out" "$TMP/err" > "$TMP/all"
expect_grep "1 added" "$TMP/all"

# data_dir_with FILE REPLACEMENT: a copy of the data files in which FILE
# (relative to the data folder) is replaced by REPLACEMENT (a symlink or
# a FIFO made by the caller at the path printed).
data_dir_with() {
  local dir="$TMP/data-$2"
  rm -rf "$dir"
  mkdir -p "$dir/stopwords" "$dir/data"
  cp "$SPOR_SOURCE_DIR/stopwords/danish.txt" "$dir/stopwords/"
  cp "$SPOR_SOURCE_DIR/data/gazetteer.tsv" "$SPOR_SOURCE_DIR/data/synonyms.tsv" "$dir/data/"
  rm -f "$dir/$1"
  case "$2" in
    fifo) mkfifo "$dir/$1" ;;
    zero) ln -s /dev/zero "$dir/$1" ;;
  esac
  echo "$dir"
}

for table in "stopwords/danish.txt:stop list" "data/gazetteer.tsv:gazetteer"; do
  for kind in fifo zero; do
    dir=$(data_dir_with "${table%%:*}" "$kind")
    SPOR_DATA_DIR="$dir" expect_status 2 timeout "$LIMIT" "$SPOR" index --index "$TMP/t-$kind" "$docs/a.txt"
    expect_grep "cannot read ${table#*:}: a .*, not a regular file" "$TMP/err" "${table%%:*} as $kind:"
  done
done

# A manifest that is a FIFO: the document's metadata cannot be read, and
# the run says so instead of waiting.
mkdir -p "$TMP/m"
printf 'Tekst om beskæftigelse.\n' > "$TMP/m/b.txt"
mkfifo "$TMP/m/MANIFEST.tsv"
timeout "$LIMIT" "$SPOR" index --index "$TMP/i4" "$TMP/m" >"$TMP/out" 2>"$TMP/err"
rc=$?
if [ "$rc" -eq 124 ]; then fail "a FIFO manifest hung the indexer"; else ok; fi
expect_grep "MANIFEST.tsv: cannot read manifest: a FIFO" "$TMP/err"

# A config file that is a FIFO or /dev/zero: refused at once, exit 2
# (before, a FIFO hung and /dev/zero grew to gigabytes).
expect_status 0 timeout "$LIMIT" "$SPOR" index --index "$TMP/c" "$docs/a.txt"
mkfifo "$TMP/config.fifo"
for cfg in "$TMP/config.fifo" /dev/zero; do
  SPOR_CONFIG="$cfg" expect_status 2 timeout "$LIMIT" "$SPOR" search --index "$TMP/c" boliger
  expect_grep "cannot read config file: a .*, not a regular file" "$TMP/err" "config $cfg:"
done

finish
