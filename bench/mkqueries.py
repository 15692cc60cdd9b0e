#!/usr/bin/env python3
"""Draws the benchmark's query log from the base corpus: 1-4 words from
one Danish paragraph, some as a quoted phrase, some with a long compound.

Seeded, so the log is the same on every machine for the same corpus; the
committed bench/queries.txt is what the published table used. Queries are
drawn at random from the text, never chosen by hand or by result.

usage: mkqueries.py CORPUSDIR STOPWORDS N > queries.txt
"""
import os
import random
import re
import sys

SEED = 20240606
WORD = re.compile(r"[a-zæøåéü]+")
# A paragraph counts as Danish when this share of its words are Danish
# function words (the help pages mix Danish and untranslated English).
DANISH_SHARE = 0.12
# Danish compounds are long single words; 12 letters and up is nearly
# always one (billedbehandling, dokumentskabelon, tabelformatering).
COMPOUND_MIN = 12
# Shares of the query kinds (rest: plain 1-4 word queries).
P_PHRASE = 0.25
P_COMPOUND = 0.25


def paragraphs(corpus, stops):
    out = []
    for name in sorted(os.listdir(corpus)):
        with open(os.path.join(corpus, name), encoding="utf-8") as f:
            for para in f.read().split("\n\n"):
                words = WORD.findall(para.lower())
                if len(words) < 8:
                    continue
                danish = sum(w in stops for w in words)
                if danish >= DANISH_SHARE * len(words):
                    out.append(words)
    return out


def main():
    corpus, stopfile, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
    with open(stopfile, encoding="utf-8") as f:
        stops = {w.strip() for w in f if w.strip() and not w.startswith("#")}
    paras = paragraphs(corpus, stops)
    rng = random.Random(SEED)
    seen = set()
    while len(seen) < n:
        words = rng.choice(paras)
        content = list(dict.fromkeys(
            w for w in words if w not in stops and len(w) >= 3))
        if len(content) < 4:
            continue
        r = rng.random()
        if r < P_PHRASE:
            i = rng.randrange(len(words) - 2)
            k = rng.choice((2, 2, 3))
            phrase = words[i:i + k]
            if not any(w not in stops and len(w) >= 3 for w in phrase):
                continue
            q = '"' + " ".join(phrase) + '"'
            if rng.random() < 0.5:
                q += " " + rng.choice(content)
        elif r < P_PHRASE + P_COMPOUND:
            longs = [w for w in content if len(w) >= COMPOUND_MIN]
            if not longs:
                continue
            head = rng.choice(longs)
            rest = [w for w in content if w != head]
            q = " ".join([head] + rng.sample(rest, rng.randrange(0, 3)))
        else:
            q = " ".join(rng.sample(content, rng.randint(1, 4)))
        if q not in seen:
            seen.add(q)
            print(q)


if __name__ == "__main__":
    main()
