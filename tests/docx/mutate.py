#!/usr/bin/env python3
"""Structure-aware mutation fuzzing of the DOCX reader (a manual tool, not
a ctest): takes .docx seeds, mutates their XML parts (byte flips, cuts,
duplicated or dropped tags, deep nesting, huge attribute values), re-zips
them with valid CRCs so the XML reaches the parser, and runs govdoc on each.
Reports any exit code outside 0/5/6/7 or sanitizer output.

usage: mutate.py GOVDOC N SEED.docx...   (use the sanitizer build's govdoc)"""
import os
import random
import re
import subprocess
import sys
import tempfile
import zipfile

govdoc, n, seeds = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
rnd = random.Random(int(os.environ.get("SEED", "1")))
tmp = tempfile.mkdtemp()
TAGS = [b"<w:p>", b"</w:p>", b"<w:tbl>", b"</w:tbl>", b"<w:tr>", b"<w:tc>", b"</w:tc>",
        b"<w:r>", b"<w:t>", b"<w:vMerge/>", b'<w:gridSpan w:val="999999"/>',
        b'<w:vMerge w:val="restart"/>', b"<w:txbxContent>", b'<w:fldChar w:fldCharType="begin"/>',
        b'<w:fldChar w:fldCharType="end"/>', b'<w:footnoteReference w:id="1"/>',
        b"<mc:AlternateContent>", b"<w:ins>", b"<w:del>", b'<w:numPr><w:ilvl w:val="8"/>'
        b'<w:numId w:val="1"/></w:numPr>', b"<w:sdt><w:sdtContent>", b"&amp;", b"\xff\xfe"]


def mutate(data):
    ops = rnd.randint(1, 4)
    for _ in range(ops):
        k = rnd.randrange(6)
        if not data:
            break
        i = rnd.randrange(len(data))
        if k == 0:
            data = data[:i] + bytes([rnd.randrange(256)]) + data[i + 1:]
        elif k == 1:
            data = data[:i]
        elif k == 2:
            data = data[:i] + rnd.choice(TAGS) + data[i:]
        elif k == 3:
            tags = [m.start() for m in re.finditer(rb"<w:", data)]
            if tags:
                a = rnd.choice(tags)
                b = data.find(b">", a)
                if b > 0:
                    data = data[:a] + data[b + 1:]
        elif k == 4:
            j = min(len(data), i + rnd.randrange(2000))
            data = data[:j] + data[i:j] * rnd.randint(2, 50) + data[j:]
        else:
            depth = rnd.randint(10, 400)
            data = data[:i] + b"<w:sdt><w:sdtContent>" * depth + data[i:]
    return data


bad = 0
for it in range(n):
    seed = rnd.choice(seeds)
    try:
        z = zipfile.ZipFile(seed)
        parts = {name: z.read(name) for name in z.namelist()}
    except Exception:
        continue
    xml = [p for p in parts if p.endswith(".xml") or p.endswith(".rels")]
    if not xml:
        continue
    for p in rnd.sample(xml, min(len(xml), rnd.randint(1, 2))):
        parts[p] = mutate(parts[p])
    out = os.path.join(tmp, "m.docx")
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zo:
        for name, data in parts.items():
            zo.writestr(name, data)
    r = subprocess.run([govdoc, "convert", "-q", "--no-report", "-o", os.path.join(tmp, "o.json"),
                        out], capture_output=True, text=True, errors="replace", timeout=60)
    if r.returncode not in (0, 5, 6, 7) or "Sanitizer" in r.stderr or "runtime error" in r.stderr:
        bad += 1
        keep = os.path.join(tmp, "bad-%d.docx" % it)
        os.rename(out, keep)
        print("BAD exit %d: %s\n%s" % (r.returncode, keep, r.stderr[:2000]))
print("%d cases, %d bad" % (n, bad))
sys.exit(1 if bad else 0)
