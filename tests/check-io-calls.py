#!/usr/bin/env python3
"""The files of app/io call each other in one direction only (HACKING.md, "Where things live").

usage: check-io-calls.py NM LIBRARY.a

Reads which object of the static library defines and which uses each global symbol
(`nm`), builds the graph "file A calls a function or reads data of file B" and fails on
any circle, printing its files and the symbols that close it.
"""
import collections
import os
import subprocess
import sys


def main():
    nm, library = sys.argv[1], sys.argv[2]
    out = subprocess.run([nm, '-A', library], check=True, capture_output=True, text=True).stdout
    defined = {}
    used = collections.defaultdict(set)
    for line in out.splitlines():
        # "lib.a:member.o:0000000000000000 T symbol" or "lib.a:member.o:                 U symbol"
        head, _, rest = line.rpartition(':')
        member = os.path.basename(head.split(':')[-1]).replace('.c.o', '.c')
        parts = rest.split()
        if member.startswith('meson-generated') or len(parts) < 2:
            continue
        kind, symbol = parts[-2], parts[-1]
        if kind == 'U':
            used[member].add(symbol)
        elif kind in 'TDRBC':
            defined[symbol] = member

    edges = collections.defaultdict(dict)  # caller -> callee -> symbols
    for member, symbols in used.items():
        for symbol in symbols:
            callee = defined.get(symbol)
            if callee is not None and callee != member:
                edges[member].setdefault(callee, []).append(symbol)

    # Tarjan's strongly connected components: any component of two or more files is a circle.
    index, low, stack, on_stack, circles = {}, {}, [], set(), []
    counter = [0]

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on_stack.add(v)
        for w in edges.get(v, {}):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                circles.append(sorted(component))

    files = set(used) | set(defined.values())
    for v in sorted(files):
        if v not in index:
            visit(v)

    n_edges = sum(len(c) for c in edges.values())
    print(f'# {len(files)} files, {n_edges} calls between files')
    for circle in circles:
        print('circle: ' + ', '.join(circle), file=sys.stderr)
        for a in circle:
            for b, symbols in sorted(edges.get(a, {}).items()):
                if b in circle:
                    print(f'  {a} -> {b}: {", ".join(sorted(symbols))}', file=sys.stderr)
    return 1 if circles else 0


if __name__ == '__main__':
    sys.exit(main())
