#!/usr/bin/env python3
"""Checks the source tree's shape (the rules in README's Layout section):

- layers only include downwards: text < analysis, doc < store < query < cli
  (analysis and doc are side by side and may not include each other);
- no include circle between modules (a module is a .c file with the
  headers named after it);
- no source file over MAX_FILE_LINES lines (the Xapian wrapper, the one
  C++ file, excepted: the project keeps it one file);
- no function over MAX_FUNC_LINES lines unless the comment above it says
  why it is long (the word "long" in that comment).

usage: check_layout.py [ROOT]   (exit 1 and one line per breach)
"""
import os, re, sys

MAX_FILE_LINES = 800
MAX_FUNC_LINES = 80
RANK = {"text": 0, "analysis": 1, "doc": 1, "store": 2, "query": 3, "cli": 4}
ONE_FILE_EXCEPTIONS = {"src/store/xapian_c.cc"}

root = sys.argv[1] if len(sys.argv) > 1 else os.getcwd()
breaches = []


def sources():
    for d in ("src", "include"):
        for dirpath, _, names in os.walk(os.path.join(root, d)):
            for n in sorted(names):
                if n.endswith((".c", ".h", ".cc")):
                    yield os.path.relpath(os.path.join(dirpath, n), root)


def layer_of(rel):
    parts = rel.split("/")
    if parts[0] == "src":
        return parts[1]
    if rel == "include/xapian_c.h":
        return "store"
    return parts[2] if len(parts) > 3 else None


def includes(rel):
    text = open(os.path.join(root, rel), encoding="utf-8").read()
    return re.findall(r'^\s*#\s*include\s+"([^"]+)"', text, re.M)


def resolve(rel, inc):
    """The tree path an include names (beside the file first)."""
    here = os.path.normpath(os.path.join(os.path.dirname(rel), inc))
    if os.path.exists(os.path.join(root, here)):
        return here
    return os.path.join("include", inc)


files = list(sources())
graph = {}
for rel in files:
    lay = layer_of(rel)
    deps = [resolve(rel, i) for i in includes(rel)]
    graph[rel] = deps
    for dep in deps:
        dl = layer_of(dep)
        if lay in RANK and dl in RANK and dl != lay and RANK[dl] >= RANK[lay]:
            breaches.append(f"{rel}: includes {dep} of layer {dl}, not below {lay}")


def module(rel):
    base = os.path.splitext(os.path.basename(rel))[0]
    return base


# Module graph: a .c file depends on the modules whose headers it includes.
mods = {}
for rel, deps in graph.items():
    if not rel.endswith((".c", ".cc")):
        continue
    m = module(rel)
    seen, todo = set(), list(deps)
    while todo:
        d = todo.pop()
        if d in seen:
            continue
        seen.add(d)
        todo.extend(graph.get(d, []))
    mods.setdefault(m, set()).update(module(d) for d in seen if module(d) != m)
c_modules = {module(r) for r in graph if r.endswith((".c", ".cc"))}
for m in mods:
    mods[m] = {d for d in mods[m] if d in c_modules}
state = {}


def visit(m, stack):
    state[m] = 1
    stack.append(m)
    for d in sorted(mods.get(m, ())):
        if state.get(d) == 1:
            breaches.append("include circle: " + " -> ".join(stack[stack.index(d):] + [d]))
        elif not state.get(d):
            visit(d, stack)
    stack.pop()
    state[m] = 2


for m in sorted(mods):
    if not state.get(m):
        visit(m, [])

FUNC = re.compile(r"^(?:static\s+)?[A-Za-z_][\w\s\*]*?\b(\w+)\s*\([^;]*$")
for rel in files:
    if not rel.startswith("src/"):
        continue
    lines = open(os.path.join(root, rel), encoding="utf-8").read().split("\n")
    if len(lines) > MAX_FILE_LINES and rel not in ONE_FILE_EXCEPTIONS:
        breaches.append(f"{rel}: {len(lines)} lines (over {MAX_FILE_LINES})")
    i = 0
    while i < len(lines):
        m = FUNC.match(lines[i])
        if m and not lines[i].startswith((" ", "\t", "#", "}")):
            j = i
            while j < len(lines) and lines[j] != "{" and not lines[j].endswith("{"):
                if lines[j].endswith(";"):
                    break
                j += 1
            if j < len(lines) and (lines[j] == "{" or lines[j].endswith("{")) and not lines[j].endswith(";"):
                k = j + 1
                while k < len(lines) and lines[k] != "}":
                    k += 1
                length = k - i + 1
                if length > MAX_FUNC_LINES:
                    c = i - 1
                    comment = []
                    while c >= 0 and (lines[c].startswith(("/*", " *")) or lines[c].endswith("*/")):
                        comment.append(lines[c])
                        c -= 1
                    if "long" not in " ".join(comment):
                        breaches.append(f"{rel}:{i + 1}: {m.group(1)} is {length} lines (over {MAX_FUNC_LINES}) with no word on why")
                i = k
        i += 1

for b in breaches:
    print(b)
print(f"layout: {len(files)} files, {len(breaches)} breaches")
sys.exit(1 if breaches else 0)
