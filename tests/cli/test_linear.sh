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

# check_linear NAME MAKE-INPUT: MAKE-INPUT N FILE writes an input of scale
# N; it is indexed at SMALL and SMALL*FACTOR.
check_linear() {
  local name=$1 make=$2 small=$3 t_small t_large
  local big=$((small * FACTOR))
  mkdir -p "$TMP/$name-s" "$TMP/$name-l"
  "$make" "$small" "$TMP/$name-s"
  "$make" "$big" "$TMP/$name-l"
  if ! run_timed t_small "$SPOR" index --index "$TMP/$name-s.idx" -q "$TMP/$name-s"; then
    fail "$name: small input failed or passed ${RUN_TIMEOUT}s: $(head -c 300 "$TMP/err")"
    return
  fi
  if ! run_timed t_large "$SPOR" index --index "$TMP/$name-l.idx" -q "$TMP/$name-l"; then
    fail "$name: large input failed or passed ${RUN_TIMEOUT}s: $(head -c 300 "$TMP/err")"
    return
  fi
  if awk -v s="$t_small" -v l="$t_large" -v f="$FACTOR" -v k="$LINEAR_SLACK" \
       'BEGIN { exit !(l > s * f * k) }'; then
    fail "$name: ${FACTOR}x the input took ${t_large}s against ${t_small}s (super-linear)"
  else
    ok
  fi
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

finish
