#!/usr/bin/env python3
"""Fixtures for the plugin-helper tests (test_helpers.c), written to DIR:
  ok.zip        content.xml, Pictures/a%20b.png-ish names, a directory
  ratio.zip     one entry of 4 MiB of zeros (ratio ~ 1000:1)
  lying.zip     the same with its declared sizes forged to 100 bytes
  many.zip      300 empty entries
  crypt.zip     an entry flagged as encrypted
  trunc.zip     ok.zip cut in half
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
