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
