#!/usr/bin/env python3
"""Builds test .docx files.

  mkdocx.py SRC_DIR OUT.docx   zips a fixture directory; the package parts a
                               fixture does not give ([Content_Types].xml,
                               _rels/.rels, word/_rels/document.xml.rels) are
                               derived from the parts it has.
  mkdocx.py --bomb OUT.docx    a small zip whose document.xml inflates to
                               64 MiB (compression ratio ~1000:1)
  mkdocx.py --bomb-lying OUT   the same, with the declared sizes forged small
  mkdocx.py --deep OUT.docx    XML nested 5000 elements deep
"""
import os
import struct
import sys
import zipfile

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_R = "http://schemas.openxmlformats.org/package/2006/relationships"
RT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"

PART_TYPES = {
    "word/styles.xml": ("styles", "application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"),
    "word/numbering.xml": ("numbering", "application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml"),
    "word/footnotes.xml": ("footnotes", "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"),
    "word/endnotes.xml": ("endnotes", "application/vnd.openxmlformats-officedocument.wordprocessingml.endnotes+xml"),
    "word/header1.xml": ("header", "application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"),
    "word/footer1.xml": ("footer", "application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"),
    "word/comments.xml": ("comments", "application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml"),
    "word/theme/theme1.xml": ("theme", "application/vnd.openxmlformats-officedocument.theme+xml"),
}
MAIN_CT = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"


def content_types(parts, main):
    o = ['<?xml version="1.0" encoding="UTF-8"?>',
         '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">',
         '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>',
         '<Default Extension="xml" ContentType="application/xml"/>',
         '<Default Extension="png" ContentType="image/png"/>',
         '<Default Extension="emf" ContentType="image/x-emf"/>',
         '<Override PartName="/%s" ContentType="%s"/>' % (main, MAIN_CT)]
    for p, (_, ct) in PART_TYPES.items():
        if p in parts:
            o.append('<Override PartName="/%s" ContentType="%s"/>' % (p, ct))
    o.append("</Types>")
    return "".join(o)


def rels(entries):
    o = ['<?xml version="1.0" encoding="UTF-8"?>', '<Relationships xmlns="%s">' % PKG_R]
    for i, (typ, target) in enumerate(entries, 1):
        o.append('<Relationship Id="rIdAuto%d" Type="%s%s" Target="%s"/>' % (i, RT, typ, target))
    o.append("</Relationships>")
    return "".join(o)


def build(src, out):
    parts = {}
    for root, _, files in os.walk(src):
        for f in files:
            full = os.path.join(root, f)
            name = os.path.relpath(full, src).replace(os.sep, "/")
            parts[name] = open(full, "rb").read()
    main = "word/document.xml"
    if "_rels/.rels" not in parts:
        core = ('<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/'
                'relationships/metadata/core-properties" Target="docProps/core.xml"/>'
                if "docProps/core.xml" in parts else "")
        parts["_rels/.rels"] = (
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="%s">'
            '<Relationship Id="rId1" Type="%sofficeDocument" Target="%s"/>%s'
            "</Relationships>" % (PKG_R, RT, main, core)).encode()
    if "[Content_Types].xml" not in parts:
        parts["[Content_Types].xml"] = content_types(parts, main).encode()
    if "word/_rels/document.xml.rels" not in parts:
        entries = [(typ, p[len("word/"):]) for p, (typ, _) in PART_TYPES.items() if p in parts]
        parts["word/_rels/document.xml.rels"] = rels(entries).encode()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", parts.pop("[Content_Types].xml"))
        for name in sorted(parts):
            z.writestr(name, parts[name])


def bomb(out, lying):
    body = b'<w:p><w:r><w:t>bomb</w:t></w:r></w:p>'
    size = 64 * 1024 * 1024
    head = ('<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="%s"><w:body>' % W).encode()
    tail = b"</w:body></w:document>"
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        z.writestr("[Content_Types].xml", content_types({}, "word/document.xml"))
        z.writestr("_rels/.rels", rels([("officeDocument", "word/document.xml")]))
        with z.open("word/document.xml", "w", force_zip64=False) as f:
            f.write(head)
            chunk = body * (1 << 14)
            written = len(head)
            while written < size:
                f.write(chunk)
                written += len(chunk)
            f.write(tail)
    if lying:
        # forge the uncompressed size (local header and central directory)
        data = bytearray(open(out, "rb").read())
        name = b"word/document.xml"
        i = data.find(b"PK\x03\x04" + b"\x00" * 0)
        while i >= 0:
            if data[i:i + 4] == b"PK\x03\x04" and data[i + 30:i + 30 + len(name)] == name:
                struct.pack_into("<I", data, i + 22, 1000)
            if data[i:i + 4] == b"PK\x01\x02" and data[i + 46:i + 46 + len(name)] == name:
                struct.pack_into("<I", data, i + 24, 1000)
            i = data.find(b"PK", i + 1)
        open(out, "wb").write(bytes(data))


def deep(out):
    n = 5000
    doc = ('<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="%s"><w:body>' % W
           + "<w:sdt><w:sdtContent>" * n + "<w:p><w:r><w:t>deep</w:t></w:r></w:p>"
           + "</w:sdtContent></w:sdt>" * n + "</w:body></w:document>")
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", content_types({}, "word/document.xml"))
        z.writestr("_rels/.rels", rels([("officeDocument", "word/document.xml")]))
        z.writestr("word/document.xml", doc)


if __name__ == "__main__":
    if sys.argv[1] == "--bomb":
        bomb(sys.argv[2], False)
    elif sys.argv[1] == "--bomb-lying":
        bomb(sys.argv[2], True)
    elif sys.argv[1] == "--deep":
        deep(sys.argv[2])
    else:
        build(sys.argv[1], sys.argv[2])
