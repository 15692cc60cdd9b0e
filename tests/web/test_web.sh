#!/usr/bin/env bash
# spor web on the bundled corpus plus a hostile document: its start and
# its errors (a missing or damaged index fails with the CLI's one line),
# its HTTP limits without a browser (http_checks.py), then the page in
# headless Chromium (browser_checks.py): a search, a facet, the
# comparison table, a passage and its file, hostile text shown as text.
# Screenshots go to $SPOR_WEB_SHOTS (the build folder's web-screenshots).
. "$SPOR_SOURCE_DIR/tests/cli/lib.sh"
PY=/usr/bin/python3
[ -x "$PY" ] || PY=python3
SHOTS=${SPOR_WEB_SHOTS:-$TMP/shots}
mkdir -p "$SHOTS"

# The corpus and a document whose text and title are markup that would
# run if the page ever read them as HTML.
C="$TMP/corpus"
copy_corpus "$C"
cat > "$C/ondsindet.txt" <<'DOC'
Ondsindet prøvedokument

Denne tekst om kvartershoteller indeholder <script>window.__pwned = 'dok'</script>
og et billede <img src=x onerror="window.__pwned='img'"> som kun skal vises som tekst.
DOC
printf 'ondsindet.txt\t<img src=x onerror="window.__pwned=1">Ondsindet titel<script>window.__pwned=2</script>\tProve\t2024\tOdense\n' >> "$C/MANIFEST.tsv"
"$SPOR" index -q --index "$TMP/index" "$C" >"$TMP/index.out" 2>&1 ||
  { echo "cannot index: $(cat "$TMP/index.out")" >&2; exit 1; }

# A missing or damaged index fails at start, with search's own line.
same_error() { # WHAT DIR
  expect_status 2 "$SPOR" web --index "$2" --port 0 || return
  local web_err
  web_err=$(sed 's/^spor: web: //' "$TMP/err")
  "$SPOR" search --index "$2" x >/dev/null 2>"$TMP/search.err"
  [ "$web_err" = "$(sed 's/^spor: search: //' "$TMP/search.err")" ] && ok ||
    fail "$1: web says '$web_err', search '$(cat "$TMP/search.err")'"
  [ "$(wc -l < "$TMP/err")" -eq 1 ] && [ ! -s "$TMP/out" ] && ok ||
    fail "$1: not one line: $(cat "$TMP/err")"
}
same_error "a missing index" "$TMP/nope"
cp -r "$TMP/index" "$TMP/damaged"
rm "$TMP/damaged/$(readlink "$TMP/damaged/current")/postlist.glass"
same_error "a damaged index" "$TMP/damaged"
expect_status 2 "$SPOR" web --index "$TMP/index" --interface nowhere --port 0
expect_grep "not an IPv4 or IPv6 address" "$TMP/err"

# The HTTP library is loaded by spor web alone: the binary does not link
# it (nor gnutls under it), so a search never maps them. When it cannot
# be loaded, web fails with one line naming it.
ldd "$SPOR" > "$TMP/ldd" 2>&1 || { echo "ldd failed: $(cat "$TMP/ldd")" >&2; exit 1; }
expect_grep 'libxapian' "$TMP/ldd" "ldd lists the binary's libraries"
expect_no_grep 'microhttpd' "$TMP/ldd" "libmicrohttpd linked into spor"
expect_no_grep 'gnutls' "$TMP/ldd" "gnutls linked into spor"
SPOR_MHD="$TMP/nowhere/libmicrohttpd.so" expect_status 2 timeout 20 "$SPOR" web --index "$TMP/index" --port 0
expect_grep "^spor: web: cannot load the HTTP library $TMP/nowhere/libmicrohttpd.so: " "$TMP/err"
[ "$(wc -l < "$TMP/err")" -eq 1 ] && [ ! -s "$TMP/out" ] && ok ||
  fail "a missing HTTP library: not one line: $(cat "$TMP/err")"
ZLIB=$(ldd "$SPOR" | awk '/libz\.so/ {print $3}')
SPOR_MHD="$ZLIB" expect_status 2 timeout 20 "$SPOR" web --index "$TMP/index" --port 0
expect_grep "^spor: web: $ZLIB is not the HTTP library spor needs (no MHD_" "$TMP/err"

# The server, on a free port it prints.
"$SPOR" web --index "$TMP/index" --port 0 >"$TMP/web.out" 2>"$TMP/web.err" &
WEB_PID=$!
trap 'kill "$WEB_PID" 2>/dev/null; rm -rf "$TMP"' EXIT
for _ in $(seq 100); do
  [ -s "$TMP/web.out" ] && break
  kill -0 "$WEB_PID" 2>/dev/null || break
  sleep 0.1
done
URL=$(head -n1 "$TMP/web.out")
case "$URL" in
  http://127.0.0.1:[0-9]*/) ok ;;
  *) fail "no address printed: '$URL' ($(cat "$TMP/web.err"))"; finish; exit 1 ;;
esac

# A port in use: one line saying so, and what to do.
PORT=${URL##*:}
PORT=${PORT%/}
expect_status 2 "$SPOR" web --index "$TMP/index" --port "$PORT"
expect_grep "^spor: web: cannot listen on 127.0.0.1 port $PORT: .*--port 0" "$TMP/err"

if "$PY" "$SPOR_SOURCE_DIR/tests/web/http_checks.py" "$URL"; then ok; else fail "http checks"; fi
# Light (the ASan suite): no browser. The page's requests reach the same
# C routes the HTTP checks above make under ASan (search, compare, passage,
# files); the release suite drives the page itself.
if [ "$LIGHT" = 1 ]; then
  echo "browser checks: in the release suite only (SPOR_TEST_LIGHT)"
elif "$PY" "$SPOR_SOURCE_DIR/tests/web/browser_checks.py" "$URL" "$SHOTS" "$TMP/chromium"; then
  ok
  echo "screenshots: $SHOTS"
else
  fail "browser checks"
fi

# SIGTERM stops it cleanly.
kill -TERM "$WEB_PID"
wait "$WEB_PID"
st=$?
[ "$st" -eq 0 ] && ok || fail "exit $st after SIGTERM: $(cat "$TMP/web.err")"
finish
