#!/usr/bin/env python3
"""Checks bench/replica.py, the rewriting that makes the benchmark's larger
corpora of distinct text: every word kept as often as before, lines and
numbering kept, the same output for the same seed, and replicas that differ
from the base text and from each other. usage: test_replica.py SOURCE_DIR"""
import collections
import os
import re
import sys
import tempfile

sys.path.insert(0, os.path.join(sys.argv[1], "bench"))
import replica  # noqa: E402

TEXT = """3.1. Åbn fil

Kapitel 5. Få billeder ind i GIMP

Den mest oplagte måde at åbne et billede er menuen. Brug Fil → Åbn for at \
åbne dialogen, som lader dig finde filen. GIMP skal bestemme filtypen, \
f.eks. ud fra endelsen .jpg! Virker det? Ja, for det meste.

Figur 16.240. Dialogen “Åbn billede”

Bemærk

Du kan vælge sider ved at skrive sidetal, adskilt af kommaer: 4-7,9 \
vælger siderne 4, 5, 6, 7 og 9.
"""

failures = []


def check(ok, what):
    if not ok:
        failures.append(what)


def words(text):
    return collections.Counter(w.lower() for w in re.findall(r"\w+", text))


def shape(text):
    return [len(line.split()) for line in text.split("\n")]


a = replica.scramble(TEXT, "1:a.txt")
check(words(a) == words(TEXT), "word counts changed")
check(shape(a) == shape(TEXT), "lines or words per line changed")
check(a == replica.scramble(TEXT, "1:a.txt"), "same seed, other output")
check(a != TEXT, "the text was not rewritten")
check(a != replica.scramble(TEXT, "2:a.txt"), "two seeds, same output")
lines = a.split("\n")
check(lines[0].startswith("3.1. "), f"numbering moved: {lines[0]!r}")
check("16.240." in lines[6].split()[:2], f"figure number moved: {lines[6]!r}")
for n in (4, 10):
    check(lines[n][-1] in ".!?" and lines[n][0].isupper(),
          f"sentence shape lost: {lines[n]!r}")
sents = set(re.split(r"(?<=[.!?]) ", TEXT.split("\n")[4]))
check(not sents & set(re.split(r"(?<=[.!?]) ", lines[4])),
      "a sentence of several words kept its word order")

with tempfile.TemporaryDirectory() as tmp:
    base = os.path.join(tmp, "base")
    os.makedirs(base)
    for n in ("a.txt", "b.txt"):
        with open(os.path.join(base, n), "w", encoding="utf-8") as f:
            f.write(TEXT)
    size = 4 * len(TEXT.encode()) / 1e6
    replica.make(base, os.path.join(tmp, "d"), size)
    replica.make(base, os.path.join(tmp, "d2"), size)
    replica.make(base, os.path.join(tmp, "s"), size, identical=True)
    names = sorted(os.listdir(os.path.join(tmp, "d")))
    check(names == ["c00_a.txt", "c00_b.txt", "c01_a.txt", "c01_b.txt"],
          f"replica names: {names}")
    texts = {}
    for n in names:
        with open(os.path.join(tmp, "d", n), encoding="utf-8") as f:
            texts[n] = f.read()
        with open(os.path.join(tmp, "d2", n), encoding="utf-8") as f:
            check(f.read() == texts[n], f"{n}: not the same on a second run")
        check(words(texts[n]) == words(TEXT), f"{n}: word counts changed")
    check(texts["c00_a.txt"] == TEXT, "replica 0 is not the base text")
    check(len(set(texts.values())) == 3, "replicas 1 repeat each other")
    check(os.stat(os.path.join(tmp, "s", "c01_a.txt")).st_ino ==
          os.stat(os.path.join(base, "a.txt")).st_ino,
          "identical copies are not hard links")

for f in failures:
    print(f"test_replica: {f}", file=sys.stderr)
sys.exit(1 if failures else 0)
