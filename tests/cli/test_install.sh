#!/usr/bin/env bash
# An installed copy (cmake --install --prefix into a temporary folder):
# the files land in place, the binary finds its data there, the man page
# renders and documents every option, and the bash and zsh completions
# complete commands, options, values and places.
. "$(dirname "$0")/lib.sh"
install_prefix
P="$PREFIX"
for f in bin/spor share/man/man1/spor.1 share/bash-completion/completions/spor \
         share/zsh/site-functions/_spor share/spor/stopwords/danish.txt \
         share/spor/corpus/MANIFEST.tsv share/doc/spor/json-output.md \
         share/spor/data/gazetteer.tsv share/spor/data/synonyms.tsv \
         share/doc/spor/spor-output.schema.json; do
  [ -f "$P/$f" ] && ok || fail "not installed: $f"
done
[ -x "$P/bin/spor" ] && ok || fail "installed spor not executable"

# The installed binary finds the installed data, from any folder, and
# indexes the installed corpus by default.
mkdir -p "$TMP/elsewhere"
cd "$TMP/elsewhere"
expect_status 0 "$SPOR" --version
expect_grep '^spor [0-9]' "$TMP/out" "version line"
expect_grep "^data: $(realpath "$P")/share/spor\$" "$TMP/out" "data folder"
expect_status 0 "$SPOR" index --verbose --index "$TMP/ix"
expect_grep '^indexed 5 documents' "$TMP/out" "installed corpus indexed"
expect_grep "^spor: gazetteer $(realpath "$P")/share/spor/data/gazetteer.tsv\$" "$TMP/err" "installed gazetteer used"
expect_status 0 "$SPOR" search --index "$TMP/ix" --json -n 1 efterværn
expect_grep "\"doc\":\"$(realpath "$P")/share/spor/corpus/" "$TMP/out" "hit from installed corpus"
# spor web serves its page from the binary: no file of it is installed.
"$SPOR" web --index "$TMP/ix" --port 0 >"$TMP/web.out" 2>"$TMP/web.err" &
web_pid=$!
for _ in $(seq 100); do
  [ -s "$TMP/web.out" ] || { kill -0 "$web_pid" 2>/dev/null && sleep 0.1; }
done
python3 - "$(head -n1 "$TMP/web.out")" >"$TMP/web.get" 2>&1 <<'PY'
import sys, urllib.request
for path in ["", "app.js", "style.css"]:
    with urllib.request.urlopen(sys.argv[1] + path, timeout=30) as r:
        print(r.status, len(r.read()), path)
PY
kill "$web_pid"; wait "$web_pid"
[ "$(grep -c '^200 [1-9]' "$TMP/web.get")" -eq 3 ] && ok ||
  fail "installed spor web: $(cat "$TMP/web.get" "$TMP/web.err")"
cd "$SPOR_SOURCE_DIR"

# The man page: found by man under the prefix, every section there, every
# option of every command documented.
MANPAGE="$TMP/man.txt"
MANWIDTH=200 LC_ALL=C.UTF-8 man -l "$P/share/man/man1/spor.1" >"$MANPAGE" 2>"$TMP/man.err"
[ -s "$MANPAGE" ] && ok || fail "man page does not render: $(cat "$TMP/man.err")"
MANPATH="$P/share/man" man -w spor >"$TMP/out" 2>&1
expect_grep "$P/share/man/man1/spor.1" "$TMP/out" "man -w finds the page"
for s in NAME SYNOPSIS DESCRIPTION COMMANDS "QUERY SYNTAX" "OUTPUT FORMATS" \
         ENVIRONMENT FILES "EXIT STATUS" EXAMPLES; do
  expect_grep "^$s" "$MANPAGE" "man section"
done
"$SPOR" complete commands | cut -f1 >"$TMP/cmds"
[ "$(wc -l <"$TMP/cmds")" -ge 3 ] && ok || fail "too few commands listed"
while read -r cmd; do
  expect_grep "spor $cmd" "$MANPAGE" "man page command"
  "$SPOR" complete options "$cmd" | cut -f1 >"$TMP/opts"
  "$SPOR" "$cmd" --help >"$TMP/help"
  while read -r opt; do
    expect_grep "$opt" "$MANPAGE" "man page option of $cmd"
    expect_grep "$opt" "$TMP/help" "--help of $cmd"
  done <"$TMP/opts"
done <"$TMP/cmds"

# bash completion, from the installed file, run as bash would run it.
BASHC="$P/share/bash-completion/completions/spor"
bash_complete() { # bash_complete WORD... (the last is the one completed)
  PATH="$P/bin:$PATH" bash -c '
    . "$1"; shift
    COMP_WORDS=("$@"); COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
    _spor; printf "%s\n" "${COMPREPLY[@]}"' _ "$BASHC" spor "$@" 2>&1
}
bash_complete se >"$TMP/c"; expect_grep '^search$' "$TMP/c" "bash: commands"
bash_complete "" >"$TMP/c"; expect_grep '^index$' "$TMP/c" "bash: all commands"
expect_no_grep '^complete$' "$TMP/c" "bash: hidden command"
bash_complete search --f >"$TMP/c"
expect_grep '^--format$' "$TMP/c" "bash: options"
expect_grep '^--format-version$' "$TMP/c" "bash: options"
bash_complete search --format "" >"$TMP/c"
[ "$(sort "$TMP/c" | tr '\n' ' ')" = "csv html json md text tsv " ] && ok || fail "bash: --format values: $(cat "$TMP/c")"
bash_complete search --format = j >"$TMP/c"; expect_grep '^json$' "$TMP/c" "bash: --format=j"
bash_complete index --pro >"$TMP/c"; expect_grep '^--progress$' "$TMP/c" "bash: index options"
bash_complete w >"$TMP/c"; expect_grep '^web$' "$TMP/c" "bash: web"
bash_complete web --inter >"$TMP/c"; expect_grep '^--interface$' "$TMP/c" "bash: web options"
mkdir -p "$TMP/dirs/alpha" "$TMP/dirs/alps"
bash_complete search --index "$TMP/dirs/al" >"$TMP/c"
expect_grep "alpha" "$TMP/c" "bash: --index completes folders"
bash_complete search --index "$TMP/ix" sted : aa >"$TMP/c"
expect_grep '^aarhus$' "$TMP/c" "bash: sted: places from the index"
expect_grep '^aabenraa$' "$TMP/c" "bash: sted: places from the index"
bash_complete search --index "$TMP/dirs" sted : aa >"$TMP/c"
[ -z "$(tr -d '\n' <"$TMP/c")" ] && ok || fail "bash: places without an index: $(cat "$TMP/c")"
"$SPOR" complete places --index "$TMP/ix" >"$TMP/c"
expect_grep '^København$' "$TMP/c" "complete places"
expect_grep '^Nieuw-West$' "$TMP/c" "complete places"
# Places the passages are tagged with from the gazetteer, not only the
# manifest's.
expect_grep '^Urbanplanen$' "$TMP/c" "complete places from the passages"
bash_complete search --index "$TMP/ix" --place Ams >"$TMP/c"
expect_grep '^Amsterdam$' "$TMP/c" "bash: --place values"
bash_complete compare --index "$TMP/ix" --places Lon >"$TMP/c"
expect_grep '^London$' "$TMP/c" "bash: compare --places values"

# zsh completion, from the installed file, with the completion builtins
# replaced by recorders (they only work inside a completion widget).
zsh_complete() { # zsh_complete WORD... (the last is the one completed)
  PATH="$P/bin:$PATH" zsh -f -c '
    fn=$1; shift
    reply=()
    compadd() { local p=; while [[ $1 != -- ]]; do [[ $1 == -P ]] && { p=$2; shift; }; shift; done; shift; for a in "$@"; do reply+=("$p$a"); done }
    _describe() { local a; for a in "${(@P)${@[-1]}}"; do reply+=("${a%%:*}"); done }
    _files() { reply+=("<files>") }
    _directories() { reply+=("<dirs>") }
    functions[_spor_file]=$(<$fn)
    words=(spor "$@"); CURRENT=${#words}
    _spor_file
    print -l -- $reply' _ "$P/share/zsh/site-functions/_spor" "$@" 2>&1
}
zsh_complete "" >"$TMP/c"; expect_grep '^search$' "$TMP/c" "zsh: commands"
expect_grep '^web$' "$TMP/c" "zsh: web"
expect_no_grep '^complete$' "$TMP/c" "zsh: hidden command"
zsh_complete search --f >"$TMP/c"; expect_grep '^--format$' "$TMP/c" "zsh: options"
zsh_complete search --format "" >"$TMP/c"; expect_grep '^tsv$' "$TMP/c" "zsh: --format values"
zsh_complete search --color= >"$TMP/c"; expect_grep '^--color=never$' "$TMP/c" "zsh: --color=values"
zsh_complete search --index "" >"$TMP/c"; expect_grep '^<dirs>$' "$TMP/c" "zsh: --index folders"
zsh_complete index "" >"$TMP/c"; expect_grep '^<files>$' "$TMP/c" "zsh: index paths"
zsh_complete search --index "$TMP/ix" sted:k >"$TMP/c"
expect_grep '^sted:københavn$' "$TMP/c" "zsh: sted: places from the index"

finish
