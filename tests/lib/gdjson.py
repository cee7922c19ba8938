#!/usr/bin/python3
"""Helpers for tests that look at govdoc's JSON output.

  gdjson.py validate FILE...          validate against formats/json/govdoc.schema.json
  gdjson.py normalize IN OUT          drop provenance (meta source*) for comparisons
  gdjson.py text FILE                 the document's text, one block per line
  gdjson.py outline FILE              one line per block: type, level, spans, text
"""
import json
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SCHEMA = os.path.join(ROOT, "formats", "json", "govdoc.schema.json")
CHILD_KEYS = ("inlines", "blocks", "rows", "cells", "items")


def load(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def inline_text(node):
    if node["type"] == "text":
        return node["text"]
    if node["type"] == "line_break":
        return "\n"
    return "".join(inline_text(c) for k in CHILD_KEYS for c in node.get(k, []))


def cell_text(cell):
    return "\n".join(inline_text(b) for b in cell.get("blocks", []))


def walk_blocks(blocks, out):
    for b in blocks:
        t = b["type"]
        if t == "table":
            out.append(("table", b))
        elif t in ("list", "block_quote", "div"):
            for k in ("items", "blocks"):
                for c in b.get(k, []):
                    walk_blocks(c.get("blocks", []) if c["type"] == "item" else [c], out)
        else:
            out.append((t, b))
    return out


def validate(paths):
    import jsonschema
    schema = load(SCHEMA)
    validator = jsonschema.Draft202012Validator(schema)
    bad = 0
    for p in paths:
        errors = list(validator.iter_errors(load(p)))
        for e in errors[:5]:
            print(f"{p}: {'/'.join(map(str, e.absolute_path))}: {e.message[:200]}")
        bad += bool(errors)
    return 1 if bad else 0


def normalize(src, dst):
    d = load(src)
    for k in list(d.get("meta", {})):
        if k.startswith("source"):
            del d["meta"][k]
    with open(dst, "w", encoding="utf-8") as f:
        json.dump(d, f, ensure_ascii=False, indent=1, sort_keys=False)
        f.write("\n")
    return 0


def outline(path):
    for t, b in walk_blocks(load(path)["blocks"], []):
        if t == "table":
            print(f"table rows={len(b['rows'])}")
            for r in b["rows"]:
                cells = [f"{cell_text(c)}[{c['rowspan']}x{c['colspan']}]" for c in r["cells"]]
                print("  row" + (" header" if r["header"] else "") + ": " + " | ".join(cells))
        else:
            level = f" {b['level']}" if "level" in b else ""
            print(f"{t}{level}: {inline_text(b)}")
    return 0


def text(path):
    for t, b in walk_blocks(load(path)["blocks"], []):
        if t == "table":
            for r in b["rows"]:
                for c in r["cells"]:
                    print(cell_text(c))
        else:
            print(inline_text(b))
    return 0


if __name__ == "__main__":
    cmd, args = sys.argv[1], sys.argv[2:]
    sys.exit({"validate": lambda: validate(args), "normalize": lambda: normalize(*args),
              "outline": lambda: outline(args[0]), "text": lambda: text(args[0])}[cmd]())
