#!/usr/bin/env python3
"""Helpers for the docx tests: read govdoc JSON, flatten text, rebuild
table grids (a check independent of the core's own grid code)."""
import json


def load(path):
    return json.load(open(path, encoding="utf-8"))


def text(n, notes=False):
    t = n["type"]
    if t == "text":
        return n["text"]
    if t == "line_break":
        return "\n"
    if t == "note" and not notes:
        return ""
    out = []
    for k in ("inlines", "blocks", "items", "rows", "cells"):
        for c in n.get(k, []):
            s = text(c, notes)
            out.append(s)
    sep = "\n" if t in ("cell", "note", "item", "list", "div", "table", "row") else ""
    return sep.join(x for x in out if x != "" or sep == "")


def walk(nodes):
    for n in nodes:
        yield n
        for k in ("inlines", "blocks", "items", "rows", "cells"):
            if k in n:
                yield from walk(n[k])


def find(doc, typ):
    return [n for n in walk(doc["blocks"]) if n["type"] == typ]


def grid(table):
    """(rows, cols, {(r, c): cell}) from origin cells with spans."""
    taken = {}
    cols = 0
    for r, row in enumerate(table["rows"]):
        c = 0
        for cell in row["cells"]:
            while (r, c) in taken:
                c += 1
            for dr in range(cell["rowspan"]):
                for dc in range(cell["colspan"]):
                    taken[(r + dr, c + dc)] = cell
            c += cell["colspan"]
            cols = max(cols, c)
        cols = max(cols, max([cc + 1 for (rr, cc) in taken if rr == r], default=0))
    return len(table["rows"]), cols, taken
