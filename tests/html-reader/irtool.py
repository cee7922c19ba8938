#!/usr/bin/env python3
"""Reads govdoc JSON output for the HTML reader tests.

usage: irtool.py COMMAND FILE.json [ARGS]
  blocks FILE            one line per top-level block: type<TAB>level<TAB>text
  paras FILE             texts of top-level headings and paragraphs, one a line
  text FILE              all text, tables included, one block a line
  tables FILE            every table (nested ones too) as rows of [text span=c rowspan=r]
  meta FILE KEY          a metadata value
  strip-source FILE      the JSON without provenance (meta.source, meta.source-charset),
                         canonical (for comparisons)
  styled FILE STYLE      texts of text nodes having STYLE (bold, italic, ...)
  images FILE            url<TAB>alt<TAB>width<TAB>height of every image
  resources FILE         id<TAB>mime<TAB>size of every resource
  links FILE             url<TAB>text of every link
  count FILE TYPE        number of nodes of TYPE anywhere
  diags FILE             diagnostics, one a line
"""
import json
import sys

CHILD_KEYS = ("inlines", "blocks", "rows", "cells", "items")


def children(n):
    for k in CHILD_KEYS:
        for c in n.get(k, []):
            yield c


def text(n):
    t = n.get("type")
    if t == "text":
        return n["text"]
    if t == "line_break":
        return "\n"
    if t == "image":
        return ""
    if "blocks" in n or "rows" in n or "cells" in n or "items" in n:
        return "\n".join(text(c) for c in children(n))
    return "".join(text(c) for c in children(n))


def walk(n):
    yield n
    for c in children(n):
        yield from walk(c)


def all_nodes(doc):
    for b in doc["blocks"]:
        yield from walk(b)


def table_lines(t, out, depth=0):
    out.append("%stable %d rows" % ("  " * depth, len(t["rows"])))
    for i, r in enumerate(t["rows"]):
        cells = []
        for c in r["cells"]:
            s = text(c).replace("\n", "|")
            if c.get("colspan", 1) > 1:
                s += " span=%d" % c["colspan"]
            if c.get("rowspan", 1) > 1:
                s += " rowspan=%d" % c["rowspan"]
            if c.get("header"):
                s += " th"
            cells.append("[" + s + "]")
        out.append("%sr%d%s: %s" % ("  " * depth, i, " header" if r.get("header") else "", " ".join(cells)))


def main():
    cmd, path = sys.argv[1], sys.argv[2]
    with open(path, encoding="utf-8") as f:
        doc = json.load(f)
    out = []
    if cmd == "blocks":
        for b in doc["blocks"]:
            out.append("%s\t%s\t%s" % (b["type"], b.get("level", ""), text(b).replace("\n", "\\n")))
    elif cmd == "paras":
        for b in doc["blocks"]:
            if b["type"] in ("paragraph", "heading"):
                out.append(text(b))
    elif cmd == "text":
        for b in doc["blocks"]:
            out.append(text(b))
    elif cmd == "tables":
        for n in all_nodes(doc):
            if n["type"] == "table":
                table_lines(n, out)
    elif cmd == "meta":
        v = doc["meta"].get(sys.argv[3])
        if v is None:
            sys.exit(1)
        out.append(v)
    elif cmd == "strip-source":
        doc["meta"].pop("source", None)
        doc["meta"].pop("source-charset", None)
        out.append(json.dumps(doc, ensure_ascii=False, sort_keys=True, indent=1))
    elif cmd == "styled":
        for n in all_nodes(doc):
            if n["type"] == "text" and sys.argv[3] in n.get("style", []):
                out.append(n["text"])
    elif cmd == "images":
        for n in all_nodes(doc):
            if n["type"] == "image":
                a = n.get("attrs", {})
                out.append("%s\t%s\t%s\t%s" % (n.get("url"), a.get("alt", ""), a.get("width", ""), a.get("height", "")))
    elif cmd == "resources":
        for r in doc["resources"]:
            out.append("%s\t%s\t%d" % (r["id"], r["mime"], r["size"]))
    elif cmd == "links":
        for n in all_nodes(doc):
            if n["type"] == "link":
                out.append("%s\t%s" % (n.get("url"), text(n)))
    elif cmd == "count":
        out.append(str(sum(1 for n in all_nodes(doc) if n["type"] == sys.argv[3])))
    elif cmd == "diags":
        for d in doc["diagnostics"]:
            out.append(d["message"])
    else:
        sys.exit("unknown command " + cmd)
    sys.stdout.write("".join(line + "\n" for line in out))


if __name__ == "__main__":
    main()
