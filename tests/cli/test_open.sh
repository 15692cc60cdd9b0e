#!/usr/bin/env bash
# spor open ID: the document of a passage opened at it. A PDF goes to the
# first viewer on PATH that takes a page (fake ones here, which record
# their arguments), else xdg-open, or to the pdf-viewer setting; a text,
# Markdown or HTML file to $VISUAL, else $EDITOR, at +LINE, or to the
# editor setting. The command runs without a shell, so a path with spaces
# and quotes arrives as one argument, and --print writes it quoted so that
# a shell reads the same words back. A missing id, a file gone since it
# was indexed and nothing to open with are one-line errors. Text output
# shows each hit's id, and the id read from it opens with show and open.
. "$(dirname "$0")/lib.sh"
: "${MKPDF:?set MKPDF to the test typesetter}"
unset VISUAL EDITOR
D="$TMP/docs"
mkdir -p "$D"
TXT="$D/rapport om bolig's leje.txt"
printf 'Første afsnit om skat.\n\nAndet afsnit om boliger og leje.\n\nTredje afsnit om skoler.\n' > "$TXT"
cat > "$D/side.html" <<'HTML'
<!DOCTYPE html>
<html><head><title>Side</title></head>
<body>
<h1>Overskrift</h1>
<p>Indledning om noget andet.</p>

<p>Her står ordet vejledningsbussen i en linje for sig.</p>
</body></html>
HTML
printf '# Notat\n\nEt afsnit.\n\nEfterværnet følger unge i egen bolig.\n' > "$D/notat.md"
"$MKPDF" "$SPOR_SOURCE_DIR/corpus/kbh-socialudvalget-studietur-2015.txt" \
  "$D/rapport.pdf" > "$TMP/mkpdf.log" || { echo "mkpdf failed" >&2; exit 1; }
expect_status 0 "$SPOR" index -q --index "$TMP/i" "$D"
IX=(--index "$TMP/i")

# tsv_field QUERY N: column N of the first hit (3 id, 5 line_start, 12 page).
tsv_field() {
  "$SPOR" search "${IX[@]}" --format tsv -n 1 "$1" | awk -F'\t' -v n="$2" 'NR == 2 { print $n }'
}
TXT_ID=$(tsv_field skoler 3)
TXT_LINE=$(tsv_field skoler 5)
HTML_ID=$(tsv_field vejledningsbussen 3)
HTML_LINE=$(tsv_field vejledningsbussen 5)
HTML_END=$(tsv_field vejledningsbussen 6)
MD_ID=$(tsv_field efterværnet 3)
MD_LINE=$(tsv_field efterværnet 5)
PDF_ID=$(tsv_field Nightstop 3)
PDF_PAGE=$(tsv_field Nightstop 12)
for v in TXT_ID TXT_LINE HTML_ID HTML_LINE MD_ID MD_LINE PDF_ID PDF_PAGE; do
  [ -n "${!v}" ] && ok || fail "no $v from the index"
done
[ "$PDF_PAGE" -gt 1 ] 2>/dev/null && ok || fail "the PDF hit should be past page 1: '$PDF_PAGE'"
sed -n "${HTML_LINE},${HTML_END}p" "$D/side.html" | grep -q vejledningsbussen && ok ||
  fail "HTML lines $HTML_LINE-$HTML_END are not the passage's source lines"

# Fake programs: each writes its name and arguments, one a line, to
# $TMP/args (or to the FIFO $TMP/fifo: a viewer runs in the background),
# then whether it leads a session of its own (fields 1 and 6 of
# /proc/PID/stat, read with shell builtins: PATH may hold nothing else).
fake() { # fake DIR NAME [exit status] [where]
  mkdir -p "$1"
  cat > "$1/$2" <<FAKE
#!/bin/sh
read -r pid comm state ppid pgrp sid rest < /proc/\$\$/stat
[ "\$sid" = "\$pid" ] && session=own-session || session=shared-session
printf '%s\\n' "\${0##*/}" "\$@" "\$session" > "${4:-$TMP/args}"
exit ${3:-0}
FAKE
  chmod +x "$1/$2"
}
EMPTY="$TMP/empty"; mkdir -p "$EMPTY"
fake "$TMP/zathura" zathura
fake "$TMP/evince" evince
fake "$TMP/both" zathura; fake "$TMP/both" evince; fake "$TMP/both" xdg-open
fake "$TMP/desktop" xdg-open
# words FILE: the words a shell reads from the command line in FILE.
words() { eval "set -- $(cat "$1")"; printf '%s\n' "$@"; }

# --print, a PDF: the viewer found on PATH, at the page.
expect_status 0 env PATH="$TMP/zathura" "$SPOR" open "${IX[@]}" --print "$PDF_ID"
[ "$(words "$TMP/out")" = "$(printf 'zathura\n-P\n%s\n%s' "$PDF_PAGE" "$D/rapport.pdf")" ] && ok ||
  fail "zathura at the page: $(cat "$TMP/out")"
expect_status 0 env PATH="$TMP/evince" "$SPOR" open "${IX[@]}" --print "$PDF_ID"
[ "$(cat "$TMP/out")" = "evince -i $PDF_PAGE $D/rapport.pdf" ] && ok || fail "evince at the page: $(cat "$TMP/out")"
expect_status 0 env PATH="$TMP/both" "$SPOR" open "${IX[@]}" --print "$PDF_ID"
expect_grep "^evince -i $PDF_PAGE " "$TMP/out" "evince before zathura and xdg-open:"
# Only the desktop's opener: the file, with a word that the page is lost.
expect_status 0 env PATH="$TMP/desktop" "$SPOR" open "${IX[@]}" --print "$PDF_ID"
[ "$(cat "$TMP/out")" = "xdg-open $D/rapport.pdf" ] && ok || fail "xdg-open: $(cat "$TMP/out")"
expect_grep "xdg-open opens the file at its start, the passage is on page $PDF_PAGE" "$TMP/err"
# Nothing at all.
expect_status 2 env PATH="$EMPTY" "$SPOR" open "${IX[@]}" --print "$PDF_ID"
expect_grep '^spor: open: no PDF viewer on PATH (evince, okular, zathura' "$TMP/err"
[ "$(wc -l < "$TMP/err")" -eq 1 ] && ok || fail "no viewer: more than one line: $(cat "$TMP/err")"
[ -s "$TMP/out" ] && fail "no viewer: printed $(cat "$TMP/out")" || ok

# --print, text: $VISUAL, else $EDITOR, at +LINE; the path with spaces and
# a quote comes back as one word.
EDITOR="vim -X" expect_status 0 "$SPOR" open "${IX[@]}" --print "$TXT_ID"
[ "$(words "$TMP/out")" = "$(printf 'vim\n-X\n+%s\n%s' "$TXT_LINE" "$TXT")" ] && ok ||
  fail "\$EDITOR at the line: $(cat "$TMP/out")"
expect_grep "'" "$TMP/out" "the path quoted:"
VISUAL="nano" EDITOR="vim" expect_status 0 "$SPOR" open "${IX[@]}" --print "$TXT_ID"
expect_grep "^nano +$TXT_LINE " "$TMP/out" "\$VISUAL before \$EDITOR:"
EDITOR=vi expect_status 0 "$SPOR" open "${IX[@]}" --print "$HTML_ID"
[ "$(cat "$TMP/out")" = "vi +$HTML_LINE $D/side.html" ] && ok || fail "HTML at its source line: $(cat "$TMP/out")"
EDITOR=vi expect_status 0 "$SPOR" open "${IX[@]}" --print "$MD_ID"
[ "$(cat "$TMP/out")" = "vi +$MD_LINE $D/notat.md" ] && ok || fail "Markdown at its line: $(cat "$TMP/out")"
expect_status 0 env PATH="$TMP/desktop" "$SPOR" open "${IX[@]}" --print "$MD_ID"
[ "$(cat "$TMP/out")" = "xdg-open $D/notat.md" ] && ok || fail "no editor, xdg-open: $(cat "$TMP/out")"
expect_status 2 env PATH="$EMPTY" "$SPOR" open "${IX[@]}" --print "$MD_ID"
expect_grep '^spor: open: no editor: set \$VISUAL or \$EDITOR' "$TMP/err"
EDITOR="vim 'x" expect_status 2 "$SPOR" open "${IX[@]}" --print "$MD_ID"
expect_grep "open: \$EDITOR .*a quote is not closed" "$TMP/err"

# The config file's pdf-viewer and editor; the command line beats them.
mkdir -p "$TMP/xdg/spor"
cat > "$TMP/xdg/spor/config" <<'CFG'
[open]
pdf-viewer = okular --page={page} {file}
editor = code --wait -g {file}:{line}
CFG
expect_status 0 env PATH="$TMP/both" "$SPOR" open "${IX[@]}" --print "$PDF_ID"
[ "$(cat "$TMP/out")" = "okular --page=$PDF_PAGE $D/rapport.pdf" ] && ok || fail "config pdf-viewer: $(cat "$TMP/out")"
EDITOR=vi expect_status 0 "$SPOR" open "${IX[@]}" --print "$TXT_ID"
[ "$(words "$TMP/out")" = "$(printf 'code\n--wait\n-g\n%s:%s' "$TXT" "$TXT_LINE")" ] && ok ||
  fail "config editor: $(cat "$TMP/out")"
expect_status 0 "$SPOR" open "${IX[@]}" --print --pdf-viewer 'mupdf' "$PDF_ID"
[ "$(cat "$TMP/out")" = "mupdf $D/rapport.pdf" ] && ok || fail "--pdf-viewer without {file}: $(cat "$TMP/out")"
rm "$TMP/xdg/spor/config"

# Run for real: the editor in the foreground, its arguments as given.
fake "$TMP/bin" ed-ok
fake "$TMP/bin" ed-fails 3
EDITOR="$TMP/bin/ed-ok --flag" expect_status 0 "$SPOR" open "${IX[@]}" "$TXT_ID"
[ "$(cat "$TMP/args")" = "$(printf 'ed-ok\n--flag\n+%s\n%s\nshared-session' "$TXT_LINE" "$TXT")" ] && ok ||
  fail "editor's argv: $(cat "$TMP/args")"
[ -s "$TMP/out" ] && fail "running printed: $(cat "$TMP/out")" || ok
rm -f "$TMP/args"
EDITOR="ed-fails" expect_status 2 env PATH="$TMP/bin:$PATH" "$SPOR" open "${IX[@]}" "$TXT_ID"
expect_grep '^spor: open: \$EDITOR: ed-fails exited with status 3$' "$TMP/err"
EDITOR="no-such-editor-here" expect_status 2 "$SPOR" open "${IX[@]}" "$TXT_ID"
expect_grep '^spor: open: \$EDITOR: no-such-editor-here: no such program on PATH$' "$TMP/err"
# A viewer, in the background: its arguments arrive through a FIFO.
mkfifo "$TMP/fifo"
fake "$TMP/zbg" zathura 0 "$TMP/fifo"
expect_status 0 env PATH="$TMP/zbg" "$SPOR" open "${IX[@]}" "$PDF_ID"
got=$(timeout 10 cat "$TMP/fifo")
[ "$got" = "$(printf 'zathura\n-P\n%s\n%s\nown-session' "$PDF_PAGE" "$D/rapport.pdf")" ] && ok ||
  fail "viewer's argv: $got"

# Ids and files that are not there.
expect_status 2 "$SPOR" open "${IX[@]}" --print "${PDF_ID%%.*}.99999"
expect_grep "^spor: open: no passage '${PDF_ID%%.*}.99999' in the index" "$TMP/err"
expect_status 2 "$SPOR" open "${IX[@]}" --print 00000000.1
expect_grep "^spor: open: no passage '00000000.1'" "$TMP/err"
expect_status 2 "$SPOR" open "${IX[@]}" --print nonsense
expect_grep "is not a passage id" "$TMP/err"
expect_status 2 "$SPOR" open "${IX[@]}"
expect_grep "give one passage id" "$TMP/err"
printf 'Ny linje.\n' >> "$D/notat.md"
EDITOR=vi expect_status 0 "$SPOR" open "${IX[@]}" --print "$MD_ID"
expect_grep 'notat.md: changed since it was indexed, the passage may have moved' "$TMP/err"
rm "$D/notat.md" "$TMP/args"
EDITOR="$TMP/bin/ed-ok" expect_status 2 "$SPOR" open "${IX[@]}" "$MD_ID"
expect_grep "^spor: open: $D/notat.md: no such file (moved or deleted since it was indexed)\$" "$TMP/err"
[ -e "$TMP/args" ] && fail "an editor ran for a deleted file" || ok

# A file name with a newline, an escape, shell syntax and æø: --print
# keeps it on one line with no escape byte, a shell reads it back whole,
# and the editor gets it as one argument; nothing in it runs.
H="$TMP/hostile"
mkdir -p "$H"
NAME=$(printf '%s/nl\nx $(touch ran) \303\246\303\270\033[31m.txt' "$H")
printf 'Afsnit om fiskeri og både.\n' > "$NAME"
expect_status 0 "$SPOR" index -q --index "$TMP/hi" "$H"
HID=$("$SPOR" search --index "$TMP/hi" --format tsv fiskeri | awk -F'\t' 'NR == 2 { print $3 }')
EDITOR=vi expect_status 0 "$SPOR" open --index "$TMP/hi" --print "$HID"
[ "$(wc -l < "$TMP/out")" -eq 1 ] && ok || fail "hostile name: not one line: $(cat -v "$TMP/out")"
grep -q "$(printf '\033')" "$TMP/out" && fail "hostile name: an escape byte printed" || ok
[ "$(words "$TMP/out" | tail -n +3)" = "$NAME" ] && ok || fail "hostile name: read back as $(words "$TMP/out" | cat -v)"
EDITOR="$TMP/bin/ed-ok" expect_status 0 env -C "$TMP" "$SPOR" open --index "$TMP/hi" "$HID"
[ "$(cat "$TMP/args")" = "$(printf 'ed-ok\n+1\n%s\nshared-session' "$NAME")" ] && ok ||
  fail "hostile name: editor's argv: $(cat -v "$TMP/args")"
[ -e "$TMP/ran" ] && fail "hostile name: its \$(...) ran" || ok

# An index searched over the network names files on the machine that
# serves it: refused.
SERVE_PID=
trap '[ -n "$SERVE_PID" ] && kill "$SERVE_PID" 2>/dev/null; rm -rf "$TMP"' EXIT
if serve_free_port "$TMP/serve.err" --index "$TMP/i"; then
  printf 'remote 127.0.0.1:%s\n' "$PORT" > "$TMP/remote.stub"
  EDITOR=vi expect_status 2 "$SPOR" open --index "$TMP/remote.stub" --print "$TXT_ID"
  expect_grep "^spor: open: the index .*remote.stub has shards searched over the network" "$TMP/err"
  kill "$SERVE_PID" 2>/dev/null
  wait "$SERVE_PID" 2>/dev/null
  SERVE_PID=
else
  fail "cannot start spor serve: $(cat "$TMP/serve.err")"
fi

# Text output: the id after the place, dim only in colour; read back from
# the text, it opens with show and with open.
expect_status 0 "$SPOR" search "${IX[@]}" --color never skoler
expect_grep "^$TXT:$TXT_LINE-[0-9]*  $TXT_ID  " "$TMP/out" "id after the place:"
id=$(sed -n 1p "$TMP/out" | grep -o '  [0-9a-f]\{8\}\.[0-9]\+  ' | tr -d ' ')
[ "$id" = "$TXT_ID" ] && ok || fail "id read from text output: '$id'"
expect_status 0 "$SPOR" show "${IX[@]}" "$id"
expect_grep "^> .*  $TXT_ID" "$TMP/out" "show of the printed id:"
expect_grep '^Tredje afsnit om skoler.$' "$TMP/out" "show of the printed id:"
EDITOR=vi expect_status 0 "$SPOR" open "${IX[@]}" --print "$id"
expect_grep "^vi +$TXT_LINE " "$TMP/out" "open of the printed id:"
expect_status 0 "$SPOR" search "${IX[@]}" --color always Nightstop
expect_grep "$(printf ' pp\\?\\. [0-9-]*\033\\[0m  \033\\[2m%s\033\\[0m  ' "$PDF_ID")" "$TMP/out" "dim id in colour:"

# compare shows the ids too, in blocks and in columns (on a line of its
# own when the column is too narrow, never cut off).
expect_status 0 "$SPOR" compare "${IX[@]}" --blocks -n 1 --places london Nightstop
expect_grep "rapport.pdf pp\?\. [0-9-]*  $PDF_ID  " "$TMP/out" "compare blocks:"
COLUMNS=160 expect_status 0 "$SPOR" compare "${IX[@]}" --columns -n 1 --places london,københavn Nightstop
expect_grep "^rapport.pdf pp\?\. [0-9-]*  $PDF_ID " "$TMP/out" "compare columns:"
mkdir -p "$TMP/long"
cp "$D/rapport.pdf" "$TMP/long/studieturen-til-london-og-saint-denis-2015.pdf"
expect_status 0 "$SPOR" index -q --index "$TMP/li" "$TMP/long"
LID=$("$SPOR" search --index "$TMP/li" --format tsv -n 1 Nightstop | awk -F'\t' 'NR == 2 { print $3 }')
COLUMNS=40 expect_status 0 "$SPOR" compare --index "$TMP/li" --columns -n 1 --places london,københavn Nightstop
expect_grep "^studieturen-til-london-og-saint.*…  " "$TMP/out" "compare narrow columns:"
expect_grep "^p\. [0-9]*  $LID  " "$TMP/out" "compare narrow columns, the page and id below:"

# In --help, and completed (the completion asks the binary).
expect_status 0 "$SPOR" --help
expect_grep '^  open ' "$TMP/out" "spor --help:"
bash -c '. "$1"; COMP_WORDS=("$2" op); COMP_CWORD=1; _spor; printf "%s\n" "${COMPREPLY[@]}"' \
  _ "$SPOR_SOURCE_DIR/completion/spor.bash" "$SPOR" > "$TMP/c" 2>&1
expect_grep '^open$' "$TMP/c" "bash completion:"
bash -c '. "$1"; COMP_WORDS=("$2" open --pdf); COMP_CWORD=2; _spor; printf "%s\n" "${COMPREPLY[@]}"' \
  _ "$SPOR_SOURCE_DIR/completion/spor.bash" "$SPOR" > "$TMP/c" 2>&1
expect_grep '^--pdf-viewer$' "$TMP/c" "bash completion of open's options:"
zsh -f -c '
  reply=()
  _describe() { local a; for a in "${(@P)${@[-1]}}"; do reply+=("${a%%:*}"); done }
  compadd() { while [[ $1 != -- ]]; do shift; done; shift; reply+=("$@") }
  functions[_spor_file]=$(<$1)
  words=("$2" "$3"); CURRENT=2
  _spor_file
  print -l -- $reply' _ "$SPOR_SOURCE_DIR/completion/_spor" "$SPOR" "" > "$TMP/c" 2>&1
expect_grep '^open$' "$TMP/c" "zsh completion:"

finish
