#!/usr/bin/env bash
# Work that must grow about linearly with its input: each hostile-but-
# ordinary input runs at two sizes, FACTOR apart, in one run, and the test
# fails when the larger run takes more than LINEAR_SLACK times FACTOR the
# smaller one's time (quadratic work takes FACTOR squared). A time-out per
# run is the backstop for work that never ends. Times are ratios within one
# run on one machine, never absolute limits.
. "$(dirname "$0")/lib.sh"

# The larger input is this many times the smaller.
FACTOR=4
# How far over linear a ratio may go before it counts as super-linear:
# process start-up and index commit are a fixed cost that keeps small runs
# from scaling down, and a loaded machine adds noise; quadratic work gives
# FACTOR (4) times more than linear, well past this.
LINEAR_SLACK=2.5
# No run of these inputs may take longer than this (seconds).
RUN_TIMEOUT=120
# Light (the ASan suite): inputs to index this many times smaller, the
# same shapes (what ASan looks at); the release suite judges the full
# sizes. The searches keep theirs: smaller, they take too little time
# for a ratio.
DIV=1
[ "$LIGHT" = 1 ] && DIV=4

now() { date +%s.%N; }

# run_timed SECONDS-VAR CMD...: runs CMD under the backstop time-out.
run_timed() {
  local var=$1 t0 t1
  shift
  t0=$(now)
  timeout "$RUN_TIMEOUT" "$@" >"$TMP/out" 2>"$TMP/err"
  local rc=$?
  t1=$(now)
  printf -v "$var" '%s' "$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", b - a }')"
  return $rc
}

# judge_ratio NAME T-SMALL T-LARGE: fails when the larger input took more
# than about linearly longer.
judge_ratio() {
  if awk -v s="$2" -v l="$3" -v f="$FACTOR" -v k="$LINEAR_SLACK" \
       'BEGIN { exit !(l > s * f * k) }'; then
    fail "$1: ${FACTOR}x the input took ${3}s against ${2}s (super-linear)"
  else
    ok
  fi
}

# index_timed VAR INPUT: indexes INPUT into INPUT.idx, the seconds in VAR.
# Under AddressSanitizer (light mode) a PDF reader's child, forked while
# another thread held ASan's allocator lock, now and then waits out the
# guard's 5 s stall check and is started again (readers_guard.c): that is
# the sanitizer's, not the input's, so the shorter of two runs is taken.
index_timed() {
  local var=$1 in=$2 t best="" k runs=1
  [ "$LIGHT" = 1 ] && runs=2
  for k in $(seq "$runs"); do
    rm -rf "$in.idx"
    run_timed t "$SPOR" index --index "$in.idx" -q "$in" || return 1
    if [ -z "$best" ] || awk -v a="$t" -v b="$best" 'BEGIN { exit !(a < b) }'; then best=$t; fi
  done
  printf -v "$var" '%s' "$best"
}

# check_linear NAME MAKE-INPUT: MAKE-INPUT N FILE writes an input of scale
# N; it is indexed at SMALL and SMALL*FACTOR.
check_linear() {
  local name=$1 make=$2 small=$(($3 / DIV)) t_small t_large
  local big=$((small * FACTOR))
  mkdir -p "$TMP/$name-s" "$TMP/$name-l"
  "$make" "$small" "$TMP/$name-s"
  "$make" "$big" "$TMP/$name-l"
  if ! index_timed t_small "$TMP/$name-s"; then
    fail "$name: small input failed or passed ${RUN_TIMEOUT}s: $(head -c 300 "$TMP/err")"
    return
  fi
  if ! index_timed t_large "$TMP/$name-l"; then
    fail "$name: large input failed or passed ${RUN_TIMEOUT}s: $(head -c 300 "$TMP/err")"
    return
  fi
  judge_ratio "$name" "$t_small" "$t_large"
}

# Markdown with many '[' that never close (each one used to rescan the
# rest of its line).
md_unclosed() {
  python3 -c "import sys; open(sys.argv[2] + '/a.md', 'w').write('tekst [' * int(sys.argv[1]) + '\n')" "$1" "$2"
}
check_linear md_unclosed md_unclosed 40000

# Markdown with many '<' tags that never close.
md_unclosed_tags() {
  python3 -c "import sys; open(sys.argv[2] + '/a.md', 'w').write('tekst <a ' * int(sys.argv[1]) + '\n')" "$1" "$2"
}
check_linear md_unclosed_tags md_unclosed_tags 40000

# Text of one long run without spaces made of many short tokens (each
# token used to measure the whole run again to see whether it is a link).
txt_one_run() {
  python3 -c "import sys; open(sys.argv[2] + '/a.txt', 'w').write('ab;' * int(sys.argv[1]) + '\n')" "$1" "$2"
}
check_linear txt_one_run txt_one_run 25000

# A PDF whose pages each have margin lines found on no other page (each
# one used to be compared with every line of the document when looking
# for running heads).
pdf_margin_lines() {
  python3 "$SPOR_SOURCE_DIR/tests/tools/mkpages.py" "$1" "$2/a.pdf"
}
check_linear pdf_margin_lines pdf_margin_lines 500

# check_linear_search NAME MAKE-INPUT SMALL QUERY...: as check_linear, but
# the time measured is that of `spor search QUERY` on each index (built
# untimed); "@N" in QUERY stands for the scale.
check_linear_search() {
  local name=$1 make=$2 small=$3 t_small t_large size
  shift 3
  local big=$((small * FACTOR))
  for size in "$small" "$big"; do
    mkdir -p "$TMP/$name-$size"
    "$make" "$size" "$TMP/$name-$size"
    if ! "$SPOR" index -q --index "$TMP/$name-$size.idx" "$TMP/$name-$size" 2>"$TMP/err"; then
      fail "$name: cannot index scale $size: $(head -c 300 "$TMP/err")"
      return
    fi
  done
  local var q
  for size in "$small" "$big"; do
    var=t_small
    [ "$size" = "$big" ] && var=t_large
    q=()
    for a in "$@"; do q+=("${a//@N/$(python3 -c "print('abcdefghij' * ($size // 10))")}"); done
    run_timed "$var" "$SPOR" search --index "$TMP/$name-$size.idx" -n 5 "${q[@]}"
    if [ $? -gt 1 ]; then
      fail "$name: search at scale $size failed or passed ${RUN_TIMEOUT}s: $(head -c 300 "$TMP/err")"
      return
    fi
  done
  judge_ratio "$name" "$t_small" "$t_large"
}

# Many small documents, all matched by one doc: filter (an OR of one term
# per document made Xapian recompute the whole query's maximum weight at
# each document: 20,000 documents took 10 s).
many_docs() {
  python3 -c "
import sys
n, d = int(sys.argv[1]), sys.argv[2]
for i in range(n):
    w = ''.join(chr(97 + (i // 26 ** k) % 26) for k in range(4))
    open('%s/r%06d.txt' % (d, i), 'w').write('Rapport %s om skat i kommunen.\\n' % w)
" "$1" "$2"
}
check_linear_search doc_filter_many many_docs 2500 --all-copies 'doc:r0 skat'

# One query word of thousands of letters (the compound splitter measured
# and looked up each of its cuts: 8,000 letters took 2 s).
one_word() {
  printf 'Tekst om skat.\n' > "$2/a.txt"
}
check_linear_search long_query_word one_word 2000 '@N'

finish
