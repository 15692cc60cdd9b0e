#!/usr/bin/env bash
# Headings are evidence (issue 18, item 12): a quoted phrase whose words
# stand in a section's heading counts for the passages under it, which
# need not repeat it (a definition list under "Social innovation"), and
# a heading that is the phrase itself lifts its passages above those
# under a heading that only holds the phrase's words among others. On
# main such passages came only as the phrase's words apart.
. "$(dirname "$0")/lib.sh"
mkdir -p "$TMP/docs"
cat >"$TMP/docs/begreber.md" <<'MD'
# Begreber i rapporten

## Social innovation

- Nye løsninger: idéer, der prøves af sammen med borgerne, før de
  bliver til faste tilbud i kommunen og deres effekt er målt.
- Samskabelse: borgere, frivillige og medarbejdere udvikler tilbuddet
  sammen, hver med deres viden om hverdagen og deres egne ressourcer.
- Skalering: det, der virker i én bydel, udbredes til flere, når
  erfaringerne er samlet op og delt med de andre forvaltninger.

## Social innovation i praksis

- Værkstedet: unge reparerer cykler for beboerne og lærer et fag, mens
  de tjener lidt penge og møder voksne, der kan hjælpe dem videre.

## Økonomi

Budgettet for året blev holdt, selv om udgifterne til husleje steg.
Udvalget besluttede at bruge en del af overskuddet på social innovation
i et enkelt projekt i den nordlige bydel. Her bor mange familier til
leje, og de har svært ved at få økonomien til at hænge sammen. Resten
gik tilbage til kassen, som reglerne for puljen kræver. Det gælder alle
projekter, der får tilskud fra kommunen i mere end et år.
MD
"$SPOR" index --index "$TMP/index" "$TMP/docs" >/dev/null 2>&1 || fail "index"
IX=(--index "$TMP/index")

expect_status 0 "$SPOR" search "${IX[@]}" --json -n 10 '"social innovation"' &&
python3 - "$TMP/out" <<'PY' && ok || fail "heading is evidence"
import json, sys
hits = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8")]
hits = [h for h in hits if h["type"] == "hit"]
sections = [h["section"] for h in hits]
assert set(sections) == {"Social innovation", "Social innovation i praksis", "Økonomi"}, sections
assert not any(h["apart"] for h in hits), [(h["section"], h["apart"]) for h in hits]
assert sections.index("Social innovation") < sections.index("Social innovation i praksis"), sections
PY

finish
