#!/usr/bin/env python3
"""Fixtures for the plugin-helper tests (test_helpers.c), written to DIR:
  ok.zip        content.xml, Pictures/a%20b.png-ish names, a directory
  ratio.zip     one entry of 4 MiB of zeros (ratio ~ 1000:1)
  lying.zip     the same with its declared sizes forged to 100 bytes
  many.zip      300 empty entries
  crypt.zip     an entry flagged as encrypted
  trunc.zip     ok.zip cut in half
  empty.zip     no entries at all (just the end record)
  upath.zip     Info-ZIP Unicode Path fields naming two entries the other's name
  crc.zip       one stored entry with a byte changed (CRC mismatch)
  dup.zip       two entries of one name, and an entry with an extra field
  bigxml.zip    big.xml: an XML entry over 8 MiB (streamed)
  textxml.zip   text.xml, text-gbk.xml: over 8 MiB each, the same document in
                UTF-8 and declared GBK; text with entities, character
                references, CDATA, CR LF and Chinese crossing every chunk
                boundary, a 1 MiB attribute and a 2 MiB comment (tokens that
                span many chunks)
  inflate.zip   deflated entries inflated whole (libdeflate, else zlib's
                path): good, damaged, cut short, sizes forged up and down,
                a wrong CRC, compressed data declared past the archive's end
  dist30.zip    a deflate stream with distance code 30 (invalid: zlib refuses
                it, libdeflate decodes it) and a CRC that is not its output's
  cutend.zip    ok.zip without the end record's last 2 bytes (the comment
                length: read as minizip read it, the archive opens)
  stub.zip      ok.zip after 100 bytes of a self-extractor's stub
  zip64.zip     an entry written with Zip64 sizes (local 0xFFFFFFFF)
  xmlzip.zip    small XML parts parsed from the archive: GBK (with and
                without a UTF-8 BOM), malformed at line 3, empty
"""
import os, struct, sys, zipfile, zlib

d = sys.argv[1]
os.makedirs(d, exist_ok=True)

def path(n):
    return os.path.join(d, n)

with zipfile.ZipFile(path("ok.zip"), "w", zipfile.ZIP_DEFLATED) as z:
    z.writestr("mimetype", "application/x-test", compress_type=zipfile.ZIP_STORED)
    z.writestr("content.xml", '<?xml version="1.0"?><doc xmlns="urn:t"><p a="x &amp; y">hi</p></doc>')
    z.writestr("Pictures/a b.txt", "space")
    z.writestr("Dir/", "")
    z.writestr("Big.txt", "0123456789" * 20000)  # 200 000 bytes, streamed in 4 chunks

zeros = b"\0" * (4 << 20)
with zipfile.ZipFile(path("ratio.zip"), "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
    z.writestr("zeros.bin", zeros)

# forge the declared (uncompressed) sizes in the local and central headers
data = bytearray(open(path("ratio.zip"), "rb").read())
def patch(sig, size_off):
    i = data.find(sig)
    while i >= 0:
        struct.pack_into("<I", data, i + size_off, 100)
        i = data.find(sig, i + 4)
patch(b"PK\x03\x04", 22)   # local header: uncompressed size
patch(b"PK\x01\x02", 24)   # central directory: uncompressed size
open(path("lying.zip"), "wb").write(bytes(data))

with zipfile.ZipFile(path("many.zip"), "w") as z:
    for i in range(300):
        z.writestr("e%03d" % i, "")

with zipfile.ZipFile(path("crypt.zip"), "w", zipfile.ZIP_STORED) as z:
    z.writestr("secret.txt", "not really encrypted")
data = bytearray(open(path("crypt.zip"), "rb").read())
for sig, off in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
    i = data.find(sig)
    struct.pack_into("<H", data, i + off, struct.unpack_from("<H", data, i + off)[0] | 1)
open(path("crypt.zip"), "wb").write(bytes(data))

ok = open(path("ok.zip"), "rb").read()
open(path("trunc.zip"), "wb").write(ok[: len(ok) // 2])

# an XML entry over the helper's 8 MiB in-one-go size: parsed as a stream
body = "<p>x</p>" * (9 * 1024 * 1024 // 8)
with zipfile.ZipFile(path("bigxml.zip"), "w", zipfile.ZIP_DEFLATED) as z:
    z.writestr("big.xml", '<?xml version="1.0"?><doc xmlns="urn:t">' + body + "</doc>")

# see test_xml_stream(): the first <p>'s text decodes to TEXT_FIRST there
import random
random.seed(16)
unit = "政府信息公开&amp;年度报告&#x4E2D;&#20013;\r\nA&lt;B<![CDATA[ <&> \r\n]]>"
noise = "".join(random.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(1 << 20))
body = "".join('<p a="%d &amp; 中\t%d">%s</p>' % (i, i, unit * (1 + i % 7)) for i in range(40000))
body += '<r v="%s"/><!--%s-->' % (noise, noise * 2) + "<q>" + "x 中 &amp; " * 30000 + "</q>"
doc = '<?xml version="1.0" encoding="%s"?>\n<doc xmlns="urn:t">' + body + "</doc>"
with zipfile.ZipFile(path("textxml.zip"), "w", zipfile.ZIP_DEFLATED) as z:
    z.writestr("text.xml", (doc % "UTF-8").encode("utf-8"))
    z.writestr("text-gbk.xml", (doc % "GBK").encode("gbk"))

zipfile.ZipFile(path("empty.zip"), "w").close()

def upath(name, real):  # extra field 0x7075: version 1, CRC-32 of the stored name, UTF-8 name
    body = struct.pack("<BI", 1, zlib.crc32(name.encode())) + real.encode()
    return struct.pack("<HH", 0x7075, len(body)) + body
with zipfile.ZipFile(path("upath.zip"), "w") as z:
    a = zipfile.ZipInfo("a.txt"); a.extra = upath("a.txt", "b.txt")
    z.writestr(a, "stored as a.txt")
    b = zipfile.ZipInfo("b.txt"); b.extra = upath("b.txt", "a.txt")
    z.writestr(b, "stored as b.txt")
    c = zipfile.ZipInfo("c.txt"); c.extra = upath("not c.txt", "x.txt")  # stale: CRC differs
    z.writestr(c, "stored as c.txt")

with zipfile.ZipFile(path("crc.zip"), "w", zipfile.ZIP_STORED) as z:
    z.writestr("t.txt", "checksummed text")
data = bytearray(open(path("crc.zip"), "rb").read())
i = data.find(b"checksummed")
data[i] = ord("C")
open(path("crc.zip"), "wb").write(bytes(data))

import warnings
warnings.simplefilter("ignore")  # zipfile warns about the duplicate name
with zipfile.ZipFile(path("dup.zip"), "w", zipfile.ZIP_DEFLATED) as z:
    z.writestr("same.xml", "first")
    z.writestr("same.xml", "second")
    e = zipfile.ZipInfo("extra.txt"); e.extra = struct.pack("<HH", 0xCAFE, 4) + b"abcd"
    e.compress_type = zipfile.ZIP_DEFLATED
    z.writestr(e, "after an extra field" * 50)

# Whole-entry inflation. forge() rewrites a field of one entry in both its
# local and its central header (minizip requires them to agree).
text = "".join("line %d of the inflate fixture: %s\n" % (i, "政府信息" * (i % 5)) for i in range(2000))
names = ["good.txt", "damaged.bin", "short.bin", "up.txt", "down.txt", "crc.bin", "pastend.txt"]
with zipfile.ZipFile(path("inflate.zip"), "w", zipfile.ZIP_DEFLATED) as z:
    for n in names:
        z.writestr(n, text if n != "pastend.txt" else "a short entry, last in the archive")
data = bytearray(open(path("inflate.zip"), "rb").read())
LOCAL = {"crc": 14, "comp": 18, "size": 22}
CENTRAL = {"crc": 16, "comp": 20, "size": 24}
def header(sig, name, name_off):
    i = data.find(sig)
    while i >= 0:
        n = struct.unpack_from("<H", data, i + name_off)[0]
        start = i + (30 if sig == b"PK\x03\x04" else 46)
        if data[start:start + n] == name.encode():
            return i
        i = data.find(sig, i + 4)
    raise SystemExit("no header for " + name)
def field(name, f):
    return struct.unpack_from("<I", data, header(b"PK\x03\x04", name, 26) + LOCAL[f])[0]
def forge(name, f, v):
    struct.pack_into("<I", data, header(b"PK\x03\x04", name, 26) + LOCAL[f], v)
    struct.pack_into("<I", data, header(b"PK\x01\x02", name, 28) + CENTRAL[f], v)
def data_start(name):
    i = header(b"PK\x03\x04", name, 26)
    n, x = struct.unpack_from("<HH", data, i + 26)
    return i + 30 + n + x
data[data_start("damaged.bin")] = 0x07            # BFINAL, BTYPE 11: reserved, invalid
forge("short.bin", "comp", field("short.bin", "comp") // 2)
forge("up.txt", "size", field("up.txt", "size") + 1000)
forge("down.txt", "size", field("down.txt", "size") - 1)
forge("crc.bin", "crc", field("crc.bin", "crc") ^ 1)
forge("pastend.txt", "comp", 1 << 30)             # fewer than 16 KiB follow it
open(path("inflate.zip"), "wb").write(bytes(data))

# line ends of every kind around tags: LF, CR, CR LF, CR CR LF, inside a
# tag, a comment and CDATA, a CR just before a tag (test_xml_zip)
LINES = ('<?xml version="1.0" encoding="UTF-8"?>\r\n<d>\r<a/>\n<b\r\nx="1"\r>t\r\r\n</b>'
         '<!-- \n\r\n --><c><![CDATA[\r\r]]>\r</c>\n\n\r\r\n<e>中\r\n文</e>\r</d>\n')
gbk = '<?xml version="1.0" encoding="GBK"?>\r\n<d a="中文">政府&amp;&#x4E2D;</d>'.encode("gbk")
with zipfile.ZipFile(path("xmlzip.zip"), "w", zipfile.ZIP_DEFLATED) as z:
    z.writestr("gbk.xml", gbk)
    z.writestr("bom-gbk.xml", b"\xEF\xBB\xBF" + gbk)
    z.writestr("bad.xml", '<?xml version="1.0"?>\n<d>\n<p></d>')
    z.writestr("empty.xml", "")
    z.writestr("utf8.xml", '<?xml version="1.0"?>\n<d a="中文">政府&amp;&#x4E2D;</d>')
    z.writestr("lines.xml", LINES)
    z.writestr("lines16.xml", LINES.replace("UTF-8", "UTF-16").encode("utf-16"))

# The directories as minizip read them (test_zip_forms)
open(path("cutend.zip"), "wb").write(ok[:-2])
open(path("stub.zip"), "wb").write(b"#!stub" + b"\x00" * 94 + ok)
with zipfile.ZipFile(path("zip64.zip"), "w", zipfile.ZIP_DEFLATED) as z:
    with z.open("a.txt", "w", force_zip64=True) as f:
        f.write(b"hello zip64 " * 100)
    z.writestr("b.txt", "plain")

# A fixed-Huffman block: 'a', 140 copies of 258 at distance 1, then a copy
# with distance code 30 (reserved), 'z', the end. zlib: "invalid distance
# code"; libdeflate decodes it (36125 bytes).
bits = []
def put(v, n):  # LSB first
    bits.extend((v >> i) & 1 for i in range(n))
def huff(code, n):  # Huffman codes MSB first
    bits.extend((code >> i) & 1 for i in range(n - 1, -1, -1))
put(1, 1); put(1, 2)
huff(0x30 + ord("a"), 8)
for _ in range(140):
    huff(0xC0 + 285 - 280, 8); huff(0, 5)
huff(257 - 256, 7); huff(30, 5); put(0, 13)
huff(0x30 + ord("z"), 8)
huff(0, 7)
raw = bytearray((len(bits) + 7) // 8)
for i, b in enumerate(bits):
    raw[i // 8] |= b << (i % 8)
with zipfile.ZipFile(path("dist30.zip"), "w", zipfile.ZIP_STORED) as z:
    z.writestr("dist30.bin", bytes(raw))
data = bytearray(open(path("dist30.zip"), "rb").read())
forge("dist30.bin", "size", 36125)
forge("dist30.bin", "crc", 0)
for sig, off in ((b"PK\x03\x04", 8), (b"PK\x01\x02", 10)):  # method: deflated
    struct.pack_into("<H", data, data.find(sig) + off, 8)
open(path("dist30.zip"), "wb").write(bytes(data))
