#!/usr/bin/env python3
"""Makes the benchmark's larger corpora from the base corpus: N MB of files,
either distinct text (the default) or identical copies (--identical).

Distinct replicas behave like more of a real corpus: replica 0 is the base
text as it is, and every further replica rewrites each file with a seeded
RNG (seed: replica number and file name, so the output is the same on
every run): the sentences of each paragraph come in another order and the
words of each sentence in another order. Lines, blank lines, each line's
word count, numbering tokens ("3.1.", "16.240.") and the sentence's final
punctuation stay where they are, and every word occurs as often as before
(compared case-folded: a sentence that began with a capital still does), so the
segmenter sees the same kind of documents and the index the same word
frequencies, but passages no longer repeat across replicas, as they do in
identical copies (which stay available as the worst case for spor's copy
detection).

usage: replica.py BASE OUT SIZE_MB [--identical]
"""
import os
import random
import re
import sys

# A token that stays in place: a number or section number ("3.1.", "16.240.",
# "4-7,9"), which gives headings and figure captions their shape.
FIXED = re.compile(r"^[(\[]?\d[\d.,:/-]*[)\]]?$")
# What ends a sentence when it closes a token.
END = re.compile(r"[.!?:;]+$")


def _sentence_end(tok):
    """True if tok closes a sentence: it ends in .!? after a word without
    inner dots (not "3.1." nor "f.eks.")."""
    if not tok or tok[-1] not in ".!?":
        return False
    core = END.sub("", tok)
    return len(core) > 1 and "." not in core and not FIXED.match(core)


def _sentences(line):
    """The line's sentences, each a list of tokens."""
    out, cur = [], []
    for tok in line.split(" "):
        cur.append(tok)
        if _sentence_end(tok):
            out.append(cur)
            cur = []
    if cur:
        out.append(cur)
    return out


def _titlecase(w):
    """A capital only because it starts a sentence, probably ("Som")."""
    return w[:1].isupper() and w[1:].islower()


def _shuffle_words(toks, rng):
    """toks with its movable words permuted; numbering tokens stay, the final
    punctuation stays at the end, the first word keeps a capital."""
    toks = list(toks)
    m = END.search(toks[-1])
    tail = ""
    if m and len(m.group()) < len(toks[-1]):
        tail = m.group()
        toks[-1] = toks[-1][:m.start()]
    pos = [i for i, t in enumerate(toks) if t and not FIXED.match(t)]
    words = [toks[i] for i in pos]
    rng.shuffle(words)
    if pos:
        first = toks[pos[0]]
        if first[:1].isupper() and words[0].islower():
            if _titlecase(first):
                j = words.index(first)
                words[j] = first[0].lower() + first[1:]
            words[0] = words[0][0].upper() + words[0][1:]
    for i, w in zip(pos, words):
        toks[i] = w
    toks[-1] += tail
    return toks


def scramble_line(line, rng):
    """One paragraph line rewritten: sentence order and word order changed."""
    if not line.strip():
        return line
    sents = _sentences(line)
    rng.shuffle(sents)
    return " ".join(" ".join(_shuffle_words(s, rng)) for s in sents)


def scramble(text, seed):
    """The text of one replica of a file: deterministic for a seed."""
    rng = random.Random(seed)
    return "\n".join(scramble_line(l, rng) for l in text.split("\n"))


def make(base, out, size_mb, identical=False, log=None):
    """Writes OUT with files from BASE up to size_mb MB, copy by copy, each
    name prefixed with its copy number; identical copies are hard links."""
    target = int(float(size_mb) * 1_000_000)
    tmp = out + ".tmp"
    if os.path.isdir(tmp):
        for n in os.listdir(tmp):
            os.unlink(os.path.join(tmp, n))
    else:
        os.makedirs(tmp)
    names = sorted(os.listdir(base))
    total, copy = 0, 0
    while total < target:
        if log:
            log(f"replica {copy}: {total / 1e6:.0f} of {size_mb} MB")
        for n in names:
            if total >= target:
                break
            src = os.path.join(base, n)
            dst = os.path.join(tmp, f"c{copy:02d}_{n}")
            if identical or copy == 0:
                os.link(src, dst)
                total += os.path.getsize(src)
                continue
            with open(src, encoding="utf-8") as f:
                text = scramble(f.read(), f"{copy}:{n}")
            data = text.encode("utf-8")
            with open(dst, "wb") as f:
                f.write(data)
            total += len(data)
        copy += 1
    os.rename(tmp, out)


def main():
    args = [a for a in sys.argv[1:] if a != "--identical"]
    if len(args) != 3:
        sys.exit("usage: replica.py BASE OUT SIZE_MB [--identical]")
    make(args[0], args[1], args[2], "--identical" in sys.argv,
         log=lambda m: print(f"replica: {m}", file=sys.stderr))


if __name__ == "__main__":
    main()
