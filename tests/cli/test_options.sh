#!/usr/bin/env bash
# Each option as declared once (src/cli/opts.h): the range checks and
# their words, flags that set one value (--quiet/--verbose, --json,
# --columns/--blocks), the config file as defaults that the command line
# replaces (repeated --index too), and every declared option accepted as
# a config key of its command.
. "$(dirname "$0")/lib.sh"
build_corpus_index
IX=(--index "$TMP/index")
CFG="$XDG_CONFIG_HOME/spor/config"
mkdir -p "$(dirname "$CFG")"
one_line_err() { [ "$(wc -l <"$TMP/err")" -eq 1 ] && ok || fail "not one line: $(cat "$TMP/err")"; }

# ---- ranges, each in its command's words ----
expect_status 2 "$SPOR" search "${IX[@]}" --per-doc 0 x
one_line_err; expect_grep "search: --per-doc needs a whole number above 0, not '0'" "$TMP/err"
expect_status 2 "$SPOR" compare "${IX[@]}" -n 0 x
one_line_err; expect_grep "compare: --limit needs a whole number above 0, not '0'" "$TMP/err"
expect_status 2 "$SPOR" compare "${IX[@]}" --max-places 0 x
one_line_err; expect_grep "compare: --max-places needs a whole number above 0" "$TMP/err"
expect_status 2 "$SPOR" show "${IX[@]}" --context 51 x.1
one_line_err; expect_grep "show: --context needs a whole number from 0 to 50, not '51'" "$TMP/err"
expect_status 2 "$SPOR" index --index "$TMP/ix" --shards 0
one_line_err; expect_grep "index: --shards needs a whole number from 1 to 256, not '0'" "$TMP/err"
expect_status 2 "$SPOR" serve --port 70000
one_line_err; expect_grep "serve: --port out of range: '70000'" "$TMP/err"
expect_status 2 "$SPOR" serve --port 1 --shard 0
one_line_err; expect_grep "serve: --shard out of range: '0'" "$TMP/err"
expect_status 2 "$SPOR" serve
one_line_err; expect_grep "serve: --port PORT is required" "$TMP/err"
expect_status 2 "$SPOR" serve --port 1 extra
one_line_err; expect_grep "serve: unexpected argument 'extra'" "$TMP/err"
# An error met before --help stops the command; --help met first wins.
expect_status 2 "$SPOR" search --per-doc 0 --help
expect_status 0 "$SPOR" search --help --per-doc 0
expect_grep '^usage: spor search' "$TMP/out"
expect_status 0 "$SPOR" stats extra --help

# ---- flags that set one value: the last wins ----
expect_status 0 "$SPOR" search "${IX[@]}" --json --format tsv -n 1 beskæftigelse
expect_grep '^rank	score' "$TMP/out" "--format after --json"
expect_status 0 "$SPOR" search "${IX[@]}" --format tsv --json -n 1 beskæftigelse
expect_grep '^{"type":"hit"' "$TMP/out" "--json after --format"
expect_status 0 "$SPOR" compare "${IX[@]}" --columns --blocks -n 1 beskæftigelse
expect_grep '^== ' "$TMP/out" "--blocks after --columns"
printf 'Et kort dokument om beskæftigelse.\n' >"$TMP/one.txt"
expect_status 0 "$SPOR" index --index "$TMP/ix-v" -vq "$TMP/one.txt"
[ ! -s "$TMP/out" ] && [ ! -s "$TMP/err" ] && ok || fail "-vq is quiet"
expect_status 0 "$SPOR" index --index "$TMP/ix-v" -qv "$TMP/one.txt"
expect_grep '^spor: stop list' "$TMP/err" "-qv is verbose"

# ---- the config file: defaults the command line replaces ----
printf 'index = %s/nothing\n[search]\nindex = %s\nlimit = 1\nlimit = 3\n' \
  "$TMP" "$TMP/index" >"$CFG"
expect_status 0 "$SPOR" search --format tsv beskæftigelse
[ "$(wc -l <"$TMP/out")" -eq 4 ] && ok || fail "the later config value wins"
expect_status 2 "$SPOR" stats
expect_grep "$TMP/nothing" "$TMP/err" "a section's value only for its command"
# the command line's --index replaces the config file's, and adds up
expect_status 0 "$SPOR" stats --index "$TMP/index"
expect_status 2 "$SPOR" search --index "$TMP/index" --index "$TMP/nothing" x
expect_grep "$TMP/nothing" "$TMP/err" "every --index is opened"
# a flag set false leaves the default; a range is checked as on the line
printf '[search]\nindex = %s\nfacets = false\nper-doc = 0\n' "$TMP/index" >"$CFG"
expect_status 2 "$SPOR" search x
one_line_err; expect_grep "search: --per-doc needs a whole number above 0, not '0'$" "$TMP/err"
printf '[search]\nindex = %s\nfacets = false\n' "$TMP/index" >"$CFG"
expect_status 0 "$SPOR" search --format tsv -n 1 beskæftigelse
printf '[compare]\nmax-places = x\n' >"$CFG"
expect_status 2 "$SPOR" compare "${IX[@]}" x
one_line_err; expect_grep "compare: --max-places needs a whole number, not 'x' (in the config file)" "$TMP/err"
printf '[search]\nhelp = true\n' >"$CFG"
expect_status 2 "$SPOR" stats
one_line_err; expect_grep "spor search has no option 'help'" "$TMP/err"
# every option a command declares is a key of its section
rm -f "$CFG"
for c in index search compare show stats serve web; do
  : >"$CFG.all"
  printf '[%s]\n' "$c" >>"$CFG.all"
  "$SPOR" complete options "$c" | grep '^--' | while IFS=$'\t' read -r name kind _; do
    [ "$name" = --help ] && continue
    case $kind in
    flag) printf '%s = false\n' "${name#--}" ;;
    count) printf '%s = 1\n' "${name#--}" ;;
    choice:*) printf '%s = %s\n' "${name#--}" "${kind#choice:}" | sed 's/|.*//' ;;
    *) printf '%s = x\n' "${name#--}" ;;
    esac
  done >>"$CFG.all"
  [ "$(wc -l <"$CFG.all")" -gt 2 ] && ok || fail "no options listed for $c"
  SPOR_CONFIG="$CFG.all" expect_status 0 "$SPOR" --version
  [ ! -s "$TMP/err" ] && ok || fail "config keys of $c: $(cat "$TMP/err")"
done

finish
