#!/usr/bin/env python3
"""Text fidelity of the DOCX reader against pandoc's own expectations.

For every reader test of corpora/docx/pandoc/MAPPING.tsv, converts the .docx
with govdoc (JSON) and compares the text of its blocks — paragraph, heading
and cell text, in document order — with the text of the expected pandoc AST
(.native). Notes and image alt text are left out on both sides (pandoc puts
notes inline; govdoc nests them too, but their order differs).

usage: fidelity.py GOVDOC CORPUS_DOCX_DIR [--verbose] [--below 0.98]
prints one line per document and the mean similarity.
"""
import difflib
import json
import os
import re
import subprocess
import sys
import tempfile

# ---- a reader for Haskell `show` output (pandoc's native format) ----

TOKEN = re.compile(r'\s*(?:(?P<str>"(?:[^"\\]|\\.)*")|(?P<num>-?\d+(?:\.\d+)?(?:e-?\d+)?)'
                   r'|(?P<con>[A-Za-z_][A-Za-z0-9_\']*)|(?P<p>[\[\](){},=]))', re.S)


def tokens(s):
    pos = 0
    out = []
    while True:
        m = TOKEN.match(s, pos)
        if not m:
            if s[pos:].strip():
                raise ValueError("bad native near %r" % s[pos:pos + 40])
            return out
        pos = m.end()
        for k in ("str", "num", "con", "p"):
            if m.group(k) is not None:
                out.append((k, m.group(k)))
                break


ESC = {"n": "\n", "t": "\t", "\\": "\\", '"': '"', "'": "'", "r": "\r", "a": "\a",
       "b": "\b", "f": "\f", "v": "\v", "&": ""}


def unescape(s):
    s = s[1:-1]
    out = []
    i = 0
    while i < len(s):
        c = s[i]
        if c != "\\":
            out.append(c)
            i += 1
            continue
        i += 1
        c = s[i]
        if c.isdigit():
            j = i
            while j < len(s) and s[j].isdigit():
                j += 1
            out.append(chr(int(s[i:j])))
            i = j
        elif c == "x":
            j = i + 1
            while j < len(s) and s[j] in "0123456789abcdefABCDEF":
                j += 1
            out.append(chr(int(s[i + 1:j], 16)))
            i = j
        elif c in ESC:
            out.append(ESC[c])
            i += 1
        elif c.isspace():  # string gap \   \
            j = s.index("\\", i)
            i = j + 1
        else:
            out.append(c)
            i += 1
    return "".join(out)


class P:
    def __init__(self, toks):
        self.t = toks
        self.i = 0

    def peek(self):
        return self.t[self.i] if self.i < len(self.t) else (None, None)

    def take(self):
        tok = self.t[self.i]
        self.i += 1
        return tok

    def atom(self):
        k, v = self.take()
        if k == "str":
            return unescape(v)
        if k == "num":
            return float(v)
        if k == "con":
            if self.peek() == ("p", "{"):
                return self.record(v)
            return (v, [])
        if v == "[":
            items = []
            while self.peek() != ("p", "]"):
                items.append(self.term())
                if self.peek() == ("p", ","):
                    self.take()
            self.take()
            return items
        if v == "(":
            items = []
            while self.peek() != ("p", ")"):
                items.append(self.term())
                if self.peek() == ("p", ","):
                    self.take()
            self.take()
            return items[0] if len(items) == 1 else ("tuple", items)
        raise ValueError("unexpected %r" % v)

    def record(self, name):
        self.take()  # {
        fields = []
        while self.peek() != ("p", "}"):
            self.take()  # field name
            self.take()  # =
            fields.append(self.term())
            if self.peek() == ("p", ","):
                self.take()
        self.take()
        return (name, fields)

    def term(self):
        k, v = self.peek()
        if k == "con" and self.t[self.i + 1:self.i + 2] != [("p", "{")]:
            self.take()
            args = []
            while True:
                k2, v2 = self.peek()
                if k2 in ("str", "num", "con") or v2 in ("[", "("):
                    args.append(self.atom())
                else:
                    break
            return (v, args)
        return self.atom()


BLOCK_TEXT = {"Para", "Plain", "Header", "CodeBlock"}


def inline_text(x):
    if isinstance(x, str):
        return x
    if isinstance(x, list):
        return "".join(inline_text(i) for i in x)
    if isinstance(x, tuple):
        con, args = x
        if con == "Str":
            return args[0]
        if con in ("Space", "SoftBreak"):
            return " "
        if con == "LineBreak":
            return "\n"
        if con in ("Note", "Image"):
            return ""
        if con == "Math":
            return args[1]
        if con == "Code":
            return args[1]
        if con == "Link":
            return inline_text(args[1])
        if con in ("Span", "Quoted", "Cite"):
            return inline_text(args[-1]) if con != "Quoted" else '"' + inline_text(args[1]) + '"'
        if con == "tuple":
            return ""
        return "".join(inline_text(a) for a in args if isinstance(a, list))
    return ""


def native_units(x, out):
    """Text units of blocks in document order."""
    if isinstance(x, list):
        for i in x:
            native_units(i, out)
    elif isinstance(x, tuple):
        con, args = x
        if con in ("Para", "Plain"):
            out.append(inline_text(args[0]))
        elif con == "Header":
            out.append(inline_text(args[2]))
        elif con == "CodeBlock":
            out.append(args[1])
        elif con == "DefinitionList":
            for item in args[0]:
                term, defs = item[1]
                out.append(inline_text(term))
                native_units(defs, out)
        elif con in ("Meta", "Note", "Image"):
            return
        else:
            for a in args:
                native_units(a, out)


def native_file(path):
    s = open(path, encoding="utf-8").read()
    p = P(tokens(s))
    doc = p.term()
    if isinstance(doc, tuple) and doc[0] == "Pandoc":
        doc = doc[1][1]
    out = []
    native_units(doc, out)
    return out


# ---- govdoc JSON ----

def json_inline_text(n):
    t = n["type"]
    if t == "text":
        return n["text"]
    if t == "line_break":
        return "\n"
    if t in ("note", "image"):
        return ""
    return "".join(json_inline_text(c) for c in n.get("inlines", []))


def json_units(blocks, out):
    for b in blocks:
        t = b["type"]
        if t in ("paragraph", "heading", "code_block"):
            out.append("".join(json_inline_text(c) for c in b.get("inlines", [])))
        for k in ("blocks", "items", "rows", "cells"):
            if k in b:
                json_units(b[k], out)


def norm(units):
    return "\n".join(" ".join(u.split()) for u in units if u.split())


OPTS = {"def{readerTrackChanges=AcceptChanges}": ["-O", "docx.track-changes=accept"],
        "def{readerTrackChanges=RejectChanges}": ["-O", "docx.track-changes=reject"],
        "def{readerTrackChanges=AllChanges}": ["-O", "docx.track-changes=all"]}


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    verbose = "--verbose" in sys.argv
    below = 1.01
    if "--below" in sys.argv:
        below = float(sys.argv[sys.argv.index("--below") + 1])
        args = [a for a in args if a != str(below) and a != sys.argv[sys.argv.index("--below") + 1]]
    govdoc, corpus = args[0], args[1]
    pdir = os.path.join(corpus, "pandoc")
    rows = []
    for line in open(os.path.join(pdir, "MAPPING.tsv"), encoding="utf-8"):
        f = line.rstrip("\n").split("\t")
        if len(f) >= 4 and f[0] == "reader":
            rows.append(f)
    scores = []
    tmp = tempfile.mkdtemp()
    for kind, docx, native, options, *rest in rows:
        src = os.path.join(pdir, docx)
        exp = os.path.join(pdir, native)
        if not os.path.exists(src) or not os.path.exists(exp):
            continue
        out = os.path.join(tmp, "out.json")
        cmd = [govdoc, "convert", "-q", "--no-report"] + OPTS.get(options, []) + ["-o", out, src]
        r = subprocess.run(cmd, capture_output=True)
        ours = []
        if r.returncode == 0:
            json_units(json.load(open(out, encoding="utf-8"))["blocks"], ours)
        try:
            theirs = native_file(exp)
        except (ValueError, IndexError) as e:
            print("skip %s: cannot parse native (%s)" % (native, e), file=sys.stderr)
            continue
        a, b = norm(ours), norm(theirs)
        ratio = 1.0 if a == b else difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()
        scores.append(ratio)
        if ratio < below:
            print("%.3f  %s  [%s]" % (ratio, docx, options))
            if verbose and ratio < 1:
                for d in difflib.unified_diff(b.split("\n"), a.split("\n"), "pandoc", "govdoc",
                                              lineterm="", n=0):
                    print("      " + d[:160])
    if scores:
        print("documents: %d  mean similarity: %.4f  identical: %d" %
              (len(scores), sum(scores) / len(scores), sum(1 for s in scores if s == 1.0)))


if __name__ == "__main__":
    main()
