#!/usr/bin/env bash
# A PDF whose few KB of Flate-compressed content expand to megabytes of
# text stacked at one position (tests/tools/mkflate.py) kept poppler busy
# for minutes and took hundreds of MB. Each PDF is read under limits of
# time and memory per file (src/doc/readers_guard.h); over one it is
# skipped with a warning naming it and the limit, and the other files are
# indexed (exit 0). The limits are lowered through their environment
# variables so the test is quick; a plain time-out is the backstop.
. "$(dirname "$0")/lib.sh"
# The limits are what this test is about: never read in process here.
unset SPOR_PDF_IN_PROCESS

# No run here may take longer than this (seconds): the old reader took
# past 300 s over the 4 MB bomb.
RUN_TIMEOUT=90

mkdir -p "$TMP/docs"
python3 "$SPOR_SOURCE_DIR/tests/tools/mkflate.py" 4 "$TMP/docs/bombe.pdf"
printf 'Unge i udsatte boligområder.\n\nBeskæftigelsesindsatsen virker.\n' \
  >"$TMP/docs/god.md"

# Time: the CPU limit stops the reader; the good file is indexed.
expect_status 0 env SPOR_PDF_MAX_SECONDS=2 timeout "$RUN_TIMEOUT" \
  "$SPOR" index --index "$TMP/idx" "$TMP/docs"
# (The CPU limit, or on a busy machine the wall-clock deadline at three
# times it: both name the setting.)
expect_grep "bombe.pdf: reading it took more than [26] s" "$TMP/err" "time limit:"
expect_grep "SPOR_PDF_MAX_SECONDS" "$TMP/err" "time limit names its setting:"
expect_grep "(1 skipped)" "$TMP/out" "summary:"
# One warning per run, though every file is read twice (the word counts,
# then the index): the second read recalls the first's verdict.
n=$(grep -c "bombe.pdf" "$TMP/err")
[ "$n" -eq 1 ] && ok || fail "bomb warned $n times, wanted once"
expect_status 0 "$SPOR" search --index "$TMP/idx" beskæftigelsesindsatsen
expect_grep "god.md" "$TMP/out" "the good file:"

# Memory: with a small memory limit the reader is stopped by it first.
# Under AddressSanitizer the address space is reserved at start, so the
# limit on it does not bite and the time limit stops the reader instead.
want="bombe.pdf: reading it needed more than 48 MB of memory"
if ldd "$SPOR_BIN" 2>/dev/null | grep -q libasan; then
  want="bombe.pdf: reading it \(took\|needed\) more than"
fi
expect_status 0 env SPOR_PDF_MAX_SECONDS=8 SPOR_PDF_MAX_MB=48 \
  timeout "$RUN_TIMEOUT" "$SPOR" index --index "$TMP/idx2" "$TMP/docs"
expect_grep "$want" "$TMP/err" "memory limit:"
expect_grep "SPOR_PDF_MAX_MB\|SPOR_PDF_MAX_SECONDS" "$TMP/err" \
  "memory limit names its setting:"
expect_status 0 "$SPOR" search --index "$TMP/idx2" beskæftigelsesindsatsen
expect_grep "god.md" "$TMP/out" "the good file (memory):"

# A bad setting is a warning for the file, not a silent default.
expect_status 0 env SPOR_PDF_MAX_SECONDS=abc timeout "$RUN_TIMEOUT" \
  "$SPOR" index --index "$TMP/idx3" "$TMP/docs"
expect_grep "SPOR_PDF_MAX_SECONDS=abc is not a whole number" "$TMP/err" \
  "bad setting:"

# A good PDF is read as before under the default limits.
if [ -n "${MKPDF:-}" ]; then
  mkdir -p "$TMP/pdf"
  "$MKPDF" "$SPOR_SOURCE_DIR/corpus/cfbu-kl-tema4-fremskudte-indsatser.txt" \
    "$TMP/pdf/cfbu.pdf" >/dev/null
  expect_status 0 "$SPOR" index --index "$TMP/idx4" "$TMP/pdf"
  expect_no_grep "warning" "$TMP/err" "good PDF:"
  expect_status 0 "$SPOR" search --index "$TMP/idx4" --json fremskudte
  expect_grep '"page"' "$TMP/out" "good PDF pages:"
fi

finish
