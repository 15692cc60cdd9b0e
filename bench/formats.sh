#!/usr/bin/env bash
# Indexing speed per document format, side by side in one run: the bundled
# corpus (plain text, the baseline), Debian's Danish Debian Edu manuals
# (PDF), GIMP help (HTML) and the Writer part of LibreOffice help (HTML).
# Usage: bench/formats.sh [path/to/spor]   (default build/spor)
set -euo pipefail
cd "$(dirname "$0")/.."
SPOR=${1:-build/spor}
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
run() { # name paths...
  local name=$1
  shift
  for p in "$@"; do [ -e "$p" ] || { printf '%-22s not installed\n' "$name"; return; }; done
  local out
  out=$("$SPOR" index --index "$TMP/$name" "$@" 2>/dev/null)
  # "indexed N documents, P passages, X MB in S s into ..."
  echo "$out" | awk -v n="$name" '{ mb=$6; s=$9; printf "%-22s %5d docs %6d passages %7.1f MB %6.2f s %6.1f MB/s\n", n, $2, $4, mb, s, (s > 0 ? mb / s : 0) }'
}
run "text (corpus)" corpus
run "pdf (debian-edu)" /usr/share/doc/debian-edu-doc-da/debian-edu-bookworm-manual.pdf /usr/share/doc/debian-edu-doc-da/debian-edu-bullseye-manual.pdf
run "html (gimp-help)" /usr/share/gimp/2.0/help/da
run "html (libreoffice)" /usr/share/libreoffice/help/da/text/swriter
