#!/usr/bin/env bash
# Queries no one should write, and some people will: each gets a clear
# one-line error (exit 2) or a sensible reading (exit 0 or 1), never a
# crash. (Speed is not asserted here; the caps on words and wildcards are.)
. "$(dirname "$0")/lib.sh"
build_corpus_index
IX=(--index "$TMP/index")

# Sensible readings.
expect_status 0 "$SPOR" search "${IX[@]}" --json '"unge hjemløse'      # unbalanced quote: a phrase to the end
expect_status 0 "$SPOR" search "${IX[@]}" --json '(hjemløse unge'      # unbalanced parenthesis
expect_status 0 "$SPOR" search "${IX[@]}" --json 'hjemløse AND'        # dangling operator: the words
expect_status 0 "$SPOR" search "${IX[@]}" --json 'OR hjemløse OR OR'
expect_status 0 "$SPOR" search "${IX[@]}" --json 'hjemløse NEAR'
expect_status 0 "$SPOR" search "${IX[@]}" --json 'hjeml*'              # wildcard, capped expansion
expect_status 0 "$SPOR" search "${IX[@]}" --json 'b*'                  # a very broad wildcard
expect_status 0 "$SPOR" search "${IX[@]}" --json 'ukendt:hjemløse'     # unknown field: plain words
expect_status 0 "$SPOR" search "${IX[@]}" --json -- '-hjemløse unge'
# A pure negation is a valid query: everything but.
expect_status 0 "$SPOR" search "${IX[@]}" --json 'NOT hjemløse'

# Clear errors: exit 2, one line on stderr, nothing on stdout.
refused() { # PATTERN QUERY
  local pattern=$1
  shift
  if expect_status 2 "$SPOR" search "${IX[@]}" "$@"; then
    expect_grep "$pattern" "$TMP/err" "error for '$*'"
    [ "$(wc -l < "$TMP/err")" -eq 1 ] && [ ! -s "$TMP/out" ] && ok || fail "'$*': not one line of error"
  fi
}
refused 'Syntax' 'AND'
refused 'Syntax' 'OR'
refused 'no words to search for' '*'
refused 'no words to search for' '""'
refused 'no words to search for' '+ -'
refused 'no words to search for' ') ('
refused 'query is 10000 bytes long; the limit is' "$(head -c 10000 /dev/zero | tr '\0' x)"
refused 'query has 1000 words; the limit is' "$(for i in $(seq 1000); do printf 'ord%d ' "$i"; done)"
refused 'query has 9 wildcards; the limit is' 'a* b* c* d* e* f* g* h* i*'
refused 'not valid UTF-8' "$(printf 'bolig\377')"
# Filter values the index cannot resolve (filters.c refuses them; the
# refusal must not pass through Xapian's parser as an exception, which
# leaks inside libxapian: the ASan build's leak check sees to that).
refused 'no indexed document matches' 'doc:zzz'
refused 'no indexed document matches' 'bolig doc:zzz)'
refused 'is not a year' 'år:abc bolig'
finish
