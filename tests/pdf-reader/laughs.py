#!/usr/bin/env python3
"""A one-page PDF whose page draws a form that draws a form ... DEPTH deep,
ten times each, the innermost drawing 100 characters off the page: 10^DEPTH
x 100 glyphs for MuPDF to interpret from a file of 2 KB (a "billion laughs"
for PDF). At depth 9 the parse would take hours; the reader's drawing
limits (PI_MAX_WORK_PAGE, _DOC) stop it. PAGES pages (default 1) all draw
the same forms: at depth 4, 1 million glyphs a page, under the page limit,
so many pages reach the document's limit after seconds of parsing.

    laughs.py DEPTH [PAGES] > out.pdf
"""
import sys

depth = int(sys.argv[1]) if len(sys.argv) > 1 else 9
pages = int(sys.argv[2]) if len(sys.argv) > 2 else 1
kids = [3] + list(range(100, 100 + pages - 1))
objs = {1: b"<< /Type /Catalog /Pages 2 0 R >>",
        2: b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(b"%d 0 R" % k for k in kids), pages),
        4: b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"}


def stream(d, s):
    return d + b" /Length %d >>\nstream\n" % len(s) + s + b"\nendstream"


FORM = b"<< /Type /XObject /Subtype /Form /BBox [0 0 612 792] /Resources "
objs[10] = stream(FORM + b"<< /Font << /F1 4 0 R >> >>",
                  b"BT /F1 6 Tf -100000 780 Td (" + b"Ab" * 50 + b") Tj ET")
for k in range(1, depth + 1):
    objs[10 + k] = stream(FORM + b"<< /XObject << /X %d 0 R >> >>" % (10 + k - 1), b"/X Do " * 10)
objs[5] = stream(b"<<", b"/X Do")
for k in kids:
    objs[k] = (b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 5 0 R "
               b"/Resources << /XObject << /X %d 0 R >> >> >>" % (10 + depth))
out = b"%PDF-1.4\n"
offs = {}
for k in sorted(objs):
    offs[k] = len(out)
    out += b"%d 0 obj\n" % k + objs[k] + b"\nendobj\n"
n = max(objs) + 1
xref = len(out)
out += b"xref\n0 %d\n" % n
for k in range(n):
    out += b"%010d 00000 n \n" % offs[k] if k in offs else b"0000000000 65535 f \n"
out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (n, xref)
sys.stdout.buffer.write(out)
