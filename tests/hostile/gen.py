#!/usr/bin/env python3
"""Generates the hostile-input set (nothing large is committed).

usage: gen.py OUTDIR [--scale S] [--only NAME,...] [--list]

Each case is one input file; cases() says what a sane outcome is:
  ok     the conversion must succeed (a sane document);
  limit  it must fail cleanly with exit 7 (a limit);
  clean  success or a clean error (exit 5, 6 or 7), never a crash;
and "FORMAT=OUTCOME" after it overrides the outcome for one writer (the PDF
writer lays out a paragraph of millions of characters in more than the
default memory budget: a clean "limit exceeded" there).
--scale shrinks the big cases (the ASan build runs them at a fraction).
"""
import io
import os
import struct
import sys
import zipfile
import zlib

CT = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
      '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
      '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
      '<Default Extension="xml" ContentType="application/xml"/>'
      '<Default Extension="png" ContentType="image/png"/>'
      '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
      '<Override PartName="/word/numbering.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml"/>'
      '</Types>')
RELS = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>'
        '</Relationships>')
W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
R = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
NUMREL = ('<Relationship Id="rIdN" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering" Target="numbering.xml"/>')
IMGREL = ('<Relationship Id="rIdI%d" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image" Target="media/image%d.png"/>')


def docx(body, numbering=None, extra=None, images=0, doctype='', raw=None, rels_extra='',
         footnotes=None):
    """A minimal .docx: body is the inside of w:body (str or list of str)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, 'w', zipfile.ZIP_DEFLATED) as z:
        z.writestr('[Content_Types].xml', CT)
        z.writestr('_rels/.rels', RELS)
        rels = ''
        if numbering is not None:
            rels += NUMREL
            z.writestr('word/numbering.xml', numbering)
        for i in range(1, images + 1):
            rels += IMGREL % (i, i)
        rels += rels_extra
        if footnotes is not None:
            rels += ('<Relationship Id="rIdF" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes" Target="footnotes.xml"/>')
            z.writestr('word/footnotes.xml', '<?xml version="1.0"?><w:footnotes %s>%s</w:footnotes>' % (W, footnotes))
        z.writestr('word/_rels/document.xml.rels',
                   '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                   + rels + '</Relationships>')
        if raw is not None:
            z.writestr('word/document.xml', raw)
        else:
            if isinstance(body, list):
                body = ''.join(body)
            z.writestr('word/document.xml',
                       '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' + doctype +
                       '<w:document %s %s><w:body>%s</w:body></w:document>' % (W, R, body))
        for name, data in (extra or {}).items():
            z.writestr(name, data)
    return out.getvalue()


def para(text, extra=''):
    return '<w:p>%s<w:r><w:t xml:space="preserve">%s</w:t></w:r></w:p>' % (extra, text)


def png(width, height):
    """A valid, highly compressible grey PNG of width x height."""
    def chunk(t, d):
        c = struct.pack('>I', len(d)) + t + d
        return c + struct.pack('>I', zlib.crc32(t + d) & 0xffffffff)
    row = b'\x00' + b'\x80' * width
    comp = zlib.compressobj(9)
    data = b''.join(comp.compress(row) for _ in range(height)) + comp.flush()
    return (b'\x89PNG\r\n\x1a\n' + chunk(b'IHDR', struct.pack('>IIBBBBB', width, height, 8, 0, 0, 0, 0))
            + chunk(b'IDAT', data) + chunk(b'IEND', b''))


def n(base, scale, low=1):
    return max(low, int(base * scale))


# ---- the cases: name -> (expectation, generator(scale) -> bytes) ----

def flat_table(rows, cols, seed=7):
    """A Tika-flattened table: a TAB line per cell, a blank line per row;
    every few rows a merged label cell (one entry fewer)."""
    import random
    rnd = random.Random(seed)
    lines = ['某某单位政府信息公开工作年度报告附表', '']
    for r in range(rows):
        k = cols - (1 if r % 3 == 1 else 0) - (1 if r % 7 == 3 else 0)
        for c in range(k):
            if c == 0:
                lines.append('\t第%d项情况' % r)
            elif r % 5 == 2 and c == 1:
                lines.append('\t')
            else:
                lines.append('\t%d' % rnd.randint(0, 999))
        lines.append('')
    lines.append('表后正文。')
    return '\n'.join(lines).encode()


def layout_report(copies):
    """pdftotext -layout text of a report whose 表三 has blank cells (the
    county fixture of tests/report/fidelity) with its table pages repeated:
    the column headers found in one pass, each row's values placed by
    position; a value far right of every column makes each row ambiguous
    (left blank, never filled), so every copy's rows are placed again."""
    src = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'report', 'fidelity',
                       'county-2021-pdftotext.txt')
    lines = open(src, encoding='utf-8').read().split('\n')
    a = next(i for i, l in enumerate(lines) if l.strip().startswith('三、收到和处理'))
    b = next(i for i, l in enumerate(lines) if '四、政府信息公开行政复议' in l)
    far = [l + ' ' * 30 + '9' if any(w.isdigit() for w in l.split()) else l for l in lines[a + 1:b]]
    return '\n'.join(lines[:a + 1] + far * copies + lines[b:]).encode()


def html_table(rows, cols):
    cell = '<td>1</td>' * cols
    return ('<html><body><table>' + ('<tr>%s</tr>' % cell) * rows + '</table></body></html>').encode()


def numbering_doc(instances, paras_per=1):
    abstract = ('<w:abstractNum w:abstractNumId="0">' +
                ''.join('<w:lvl w:ilvl="%d"><w:start w:val="1"/><w:numFmt w:val="decimal"/>'
                        '<w:lvlText w:val="%%%d."/></w:lvl>' % (i, i + 1) for i in range(9)) +
                '</w:abstractNum>')
    nums = ''.join('<w:num w:numId="%d"><w:abstractNumId w:val="0"/>'
                   '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="%d"/></w:lvlOverride></w:num>'
                   % (i, i) for i in range(1, instances + 1))
    numbering = '<?xml version="1.0" encoding="UTF-8"?><w:numbering %s>%s%s</w:numbering>' % (W, abstract, nums)
    body = [para('第%d条' % i, '<w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="%d"/></w:numPr></w:pPr>' % (instances - i % instances))
            for i in range(instances * paras_per)]
    return docx(body, numbering)


def numbering_intmax():
    abstract = ('<w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:start w:val="2147483647"/>'
                '<w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl>'
                '<w:lvl w:ilvl="1"><w:start w:val="-2147483648"/><w:numFmt w:val="upperLetter"/><w:lvlText w:val="%1.%2"/></w:lvl>'
                '<w:lvl w:ilvl="2"><w:start w:val="99999999999"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%3、"/></w:lvl>'
                '</w:abstractNum>')
    nums = ('<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>'
            '<w:num w:numId="2"><w:abstractNumId w:val="0"/><w:lvlOverride w:ilvl="0">'
            '<w:startOverride w:val="2147483647"/></w:lvlOverride></w:num>')
    numbering = '<?xml version="1.0" encoding="UTF-8"?><w:numbering %s>%s%s</w:numbering>' % (W, abstract, nums)
    body = []
    for i in range(6):
        for lvl in range(3):
            body.append(para('项%d' % i, '<w:pPr><w:numPr><w:ilvl w:val="%d"/><w:numId w:val="%d"/></w:numPr></w:pPr>' % (lvl, 1 + i % 2)))
    return docx(body, numbering)


def docx_links(n):
    """n hyperlinks, each with its own relationship (looked up by id)."""
    rels = ''.join('<Relationship Id="rIdL%d" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink" Target="http://example.org/%d" TargetMode="External"/>' % (i, i) for i in range(n))
    body = ''.join('<w:p><w:hyperlink r:id="rIdL%d"><w:r><w:t>链接%d</w:t></w:r></w:hyperlink></w:p>' % (n - 1 - i, i) for i in range(n))
    return docx(body, rels_extra=rels)


def docx_notes(n):
    """n footnotes, each referenced once (looked up by id)."""
    notes = ''.join('<w:footnote w:id="%d"><w:p><w:r><w:t>注%d</w:t></w:r></w:p></w:footnote>' % (i, i) for i in range(1, n + 1))
    body = ''.join('<w:p><w:r><w:t>正文</w:t></w:r><w:r><w:footnoteReference w:id="%d"/></w:r></w:p>' % (n - i) for i in range(n))
    return docx(body, footnotes=notes)


def docx_table(rows, cols, seed=1):
    # varied numbers, so the part does not look like a zip bomb (ratio)
    import random
    rnd = random.Random(seed)
    grid = '<w:tblGrid>' + '<w:gridCol w:w="100"/>' * cols + '</w:tblGrid>'
    body = []
    for _ in range(rows):
        body.append('<w:tr>' + ''.join('<w:tc><w:p><w:r><w:t>%d</w:t></w:r></w:p></w:tc>' % rnd.randint(0, 99999) for _ in range(cols)) + '</w:tr>')
    return docx('<w:tbl>' + grid + ''.join(body) + '</w:tbl>')


def docx_deep_tables(depth):
    s = ''
    for _ in range(depth):
        s += '<w:tbl><w:tr><w:tc>'
    s += para('最深处')
    for _ in range(depth):
        s += '</w:tc></w:tr></w:tbl><w:p/>'
    return docx(s)


def docx_deep_xml(depth):
    return docx('<w:p>' + '<w:r>' * 0 + '<w:sdt><w:sdtContent>' * depth + para('深')
                + '</w:sdtContent></w:sdt>' * depth + '</w:p>')


def zip_bomb_part(mb):
    """document.xml inflates to `mb` MB of white space inside one paragraph."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, 'w', zipfile.ZIP_DEFLATED) as z:
        z.writestr('[Content_Types].xml', CT)
        z.writestr('_rels/.rels', RELS)
        head = '<?xml version="1.0"?><w:document %s><w:body><w:p><w:r><w:t>' % W
        with z.open('word/document.xml', 'w', force_zip64=True) as f:
            f.write(head.encode())
            chunk = b' ' * (1 << 20)
            for _ in range(mb):
                f.write(chunk)
            f.write(b'</w:t></w:r></w:p></w:body></w:document>')
    return out.getvalue()


def zip_many_entries(count):
    out = io.BytesIO()
    with zipfile.ZipFile(out, 'w', zipfile.ZIP_STORED) as z:
        z.writestr('[Content_Types].xml', CT)
        z.writestr('_rels/.rels', RELS)
        z.writestr('word/document.xml', '<w:document %s><w:body>%s</w:body></w:document>' % (W, para('x')))
        for i in range(count):
            z.writestr('junk/%d' % i, b'')
    return out.getvalue()


def zip_size_lie():
    """A central directory that declares document.xml as 100 bytes while it
    inflates to 50 MB."""
    good = zip_bomb_part(50)
    # patch the uncompressed sizes (local header and central directory)
    b = bytearray(good)
    name = b'word/document.xml'
    i = 0
    while True:
        i = b.find(name, i)
        if i < 0:
            break
        if b[i - 46:i - 42] == b'PK\x01\x02':
            b[i - 46 + 24:i - 46 + 28] = struct.pack('<I', 100)
        elif b[i - 30:i - 26] == b'PK\x03\x04':
            b[i - 30 + 22:i - 30 + 26] = struct.pack('<I', 100)
        i += 1
    return bytes(b)


XXE_XML = ('<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
           '<w:document %s><w:body><w:p><w:r><w:t>&xxe;</w:t></w:r></w:p></w:body></w:document>' % W)
LAUGHS = ('<!DOCTYPE lolz [<!ENTITY lol "lol">' +
          ''.join('<!ENTITY lol%d "%s">' % (i, ('&lol%d;' % (i - 1) if i > 1 else '&lol;') * 10) for i in range(1, 10)) +
          ']>')


def cases(scale):
    s = scale
    c = {}
    # -- super-linear time (TXT reader, DOCX numbering) --
    c['flat-table-600x7.txt'] = ('ok', lambda: flat_table(n(600, s, 50), 7))
    c['flat-table-5000x7.txt'] = ('ok', lambda: flat_table(n(5000, s, 100), 7))
    c['flat-table-2000x40.txt'] = ('ok', lambda: flat_table(n(2000, s, 50), 40))
    c['flat-table-wide-200.txt'] = ('ok', lambda: flat_table(n(100, s, 10), 200))
    c['bookmark-unclosed.txt'] = ('ok pdf=clean', lambda: ('标题\n\n' + '正文[bookmark: 书签' * n(400000, s, 1000) + '\n').encode())
    c['bookmark-many.txt'] = ('ok', lambda: ('[bookmark: a]文字' * n(200000, s, 1000) + '\n').encode())
    c['hard-wrap.txt'] = ('ok pdf=clean', lambda: ('\n'.join(('这是一个很长的被硬换行的段落' * 3)[:40] for _ in range(n(500000, s, 1000))) + '\n').encode())
    c['numbering-100k.docx'] = ('ok', lambda: numbering_doc(n(100000, s, 1000)))
    c['numbering-intmax.docx'] = ('ok', numbering_intmax)
    # -- memory --
    c['list-1M.txt'] = ('clean', lambda: ('• 项目\n' * n(1000000, s, 1000)).encode())
    c['list-1M.html'] = ('clean', lambda: ('<ul>' + '<li>项目</li>' * n(1000000, s, 1000) + '</ul>').encode())
    c['p-30MB.html'] = ('clean', lambda: b'<p>' * n(10000000, s, 1000))
    c['table-1000x1000.html'] = ('clean', lambda: html_table(n(1000, s, 20), n(1000, s, 20)))
    c['line-150MB.txt'] = ('clean', lambda: b'a' * n(150 << 20, s, 1 << 20))
    c['lines-10M.txt'] = ('clean', lambda: b'a\n' * n(10000000, s, 1000))
    c['table-3900x1000.docx'] = ('clean', lambda: docx_table(n(3900, s, 20), n(1000, s, 20)))
    c['text-run-50MB.html'] = ('clean', lambda: ('<p>' + '很长的文字' * n(3500000, s, 1000) + '</p>').encode())
    c['images-12x40MP.docx'] = ('clean', lambda: docx(
        ''.join('<w:p><w:r><w:drawing><wp:inline xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing">'
                '<wp:extent cx="5000000" cy="5000000"/><wp:docPr id="%d" name="p"/>'
                '<a:graphic xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture">'
                '<pic:pic xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:blipFill><a:blip r:embed="rIdI%d"/></pic:blipFill></pic:pic>'
                '</a:graphicData></a:graphic></wp:inline></w:drawing></w:r></w:p>' % (i, i) for i in range(1, 13)),
        images=12, extra={'word/media/image%d.png' % i: png(n(6900, s ** 0.5, 64), n(5500, s ** 0.5, 64)) for i in range(1, 13)}))
    # -- containers --
    c['zip-bomb-1GB.docx'] = ('limit', lambda: zip_bomb_part(n(1024, s, 300)))
    c['zip-entries-30k.docx'] = ('limit', lambda: zip_many_entries(30000))
    c['zip-size-lie.docx'] = ('limit', zip_size_lie)
    c['zip-truncated.docx'] = ('clean', lambda: numbering_doc(2000)[:-3000])
    c['zip-half.docx'] = ('clean', lambda: numbering_doc(2000)[: len(numbering_doc(2000)) // 2])
    # -- XML attacks --
    c['xxe.docx'] = ('clean', lambda: docx(None, raw=XXE_XML))
    c['billion-laughs.docx'] = ('clean', lambda: docx(para('&lol9;'), doctype=LAUGHS.replace('lolz', 'w:document')))
    c['xxe.html'] = ('clean', lambda: ('<!DOCTYPE html [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><p>&xxe;</p>').encode())
    c['billion-laughs.html'] = ('clean', lambda: (LAUGHS.replace('lolz', 'html') + '<p>&lol9;</p>').encode())
    # -- nesting and spans --
    c['deep-div.html'] = ('ok', lambda: ('<div>' * n(200000, s, 1000) + '深' + '</div>' * n(200000, s, 1000)).encode())
    c['deep-tables.docx'] = ('clean', lambda: docx_deep_tables(n(5000, s, 300)))
    c['deep-sdt.docx'] = ('clean', lambda: docx_deep_xml(n(5000, s, 300)))
    c['spans.html'] = ('ok', lambda: ('<table>' + '<tr><td colspan="1000" rowspan="65534">x</td><td rowspan="65534">y</td></tr>' * n(3000, s, 30) + '</table>').encode())
    c['spans.docx'] = ('clean', lambda: docx('<w:tbl>' + ('<w:tr><w:tc><w:tcPr><w:gridSpan w:val="2147483647"/><w:vMerge w:val="restart"/></w:tcPr>' + para('x') + '</w:tc></w:tr>'
                                                         + '<w:tr><w:tc><w:tcPr><w:gridSpan w:val="60000"/><w:vMerge/></w:tcPr><w:p/></w:tc></w:tr>') * n(2000, s, 20) + '</w:tbl>'))
    # -- encodings and truncation --
    c['invalid-utf8.txt'] = ('clean', lambda: bytes((i * 37 + 0x80) & 0xff for i in range(n(1 << 20, s, 4096))))
    c['utf16-odd.txt'] = ('clean', lambda: b'\xff\xfe' + '中文文本\n'.encode('utf-16-le') * n(100000, s, 100) + b'\x00')
    c['gb18030-cut.txt'] = ('clean', lambda: ('政府信息公开工作年度报告\n' * n(100000, s, 100)).encode('gb18030')[:-1])
    c['bad-charset.html'] = ('ok', lambda: b'<meta charset="x-unknown-42"><p>' + bytes(range(0x80, 0x100)) * n(10000, s, 10) + b'</p>')
    c['utf16-lies.html'] = ('ok', lambda: '<meta charset="utf-16"><p>文字</p>'.encode() * n(100000, s, 100))
    c['truncated.html'] = ('ok', lambda: ('<table><tr><td>' * n(10000, s, 100) + '<p class="x').encode())
    c['nul-bytes.txt'] = ('clean', lambda: b'\x00' * n(1 << 20, s, 4096))
    return c


# ---- scaling pairs: the same shape at k times the size ----

def scaling_cases():
    """name -> (reader, generator(k) -> bytes), k = 1 or 10."""
    c = {}
    c['txt-flat-table'] = ('txt', lambda k: flat_table(600 * k, 7))
    c['txt-flat-table-wide'] = ('txt', lambda k: flat_table(100 * k, 30))
    c['txt-hard-wrap'] = ('txt', lambda k: ('\n'.join(('这是一个很长的被硬换行的段落' * 3)[:40] for _ in range(20000 * k)) + '\n').encode())
    c['txt-list'] = ('txt', lambda k: ('• 项目\n' * (20000 * k)).encode())
    c['txt-bookmarks'] = ('txt', lambda k: ('正文[bookmark: 书签' * (40000 * k) + '\n').encode())
    c['txt-cr-lines'] = ('txt', lambda k: ('一行文字\r' * (40000 * k)).encode())
    c['txt-layout-report'] = ('txt', lambda k: layout_report(40 * k))
    c['txt-headings'] = ('txt', lambda k: ''.join('%s、标题\n（一）小标题\n正文内容。\n' % '一二三四五六七八九十'[i % 10] for i in range(10000 * k)).encode())
    c['html-paragraphs'] = ('html', lambda k: ('<p>段落文字</p>' * (20000 * k)).encode())
    c['html-list'] = ('html', lambda k: ('<ul>' + '<li>项目</li>' * (20000 * k) + '</ul>').encode())
    c['html-table'] = ('html', lambda k: html_table(400 * k, 20))
    c['html-word-lists'] = ('html', lambda k: ''.join("<p style='mso-list:l0 level%d lfo1'><span style='mso-list:Ignore'>%d.</span>项目</p>" % (1 + i % 3, i) for i in range(5000 * k)).encode())
    c['html-nested'] = ('html', lambda k: ('<div><blockquote><ul><li><p>深</p></li></ul></blockquote></div>' * (5000 * k)).encode())
    c['docx-numbering'] = ('docx', lambda k: numbering_doc(5000 * k))
    c['docx-paragraphs'] = ('docx', lambda k: docx([para('第%d段文字' % i) for i in range(10000 * k)]))
    c['docx-table'] = ('docx', lambda k: docx_table(500 * k, 20))
    # PDF: written by govdoc's own PDF writer from this text (scaling.sh
    # converts NAME.K.txt to NAME.K.pdf first)
    c['pdf-pages'] = ('pdf', lambda k: ''.join('第%d段：政府信息公开工作年度报告的正文，足够长的一行文字。\n\n' % i for i in range(1500 * k)).encode())
    c['pdf-long-table'] = ('pdf', lambda k: flat_table(400 * k, 7))
    c['docx-hyperlinks'] = ('docx', lambda k: docx_links(6000 * k))
    c['docx-footnotes'] = ('docx', lambda k: docx_notes(6000 * k))
    return c


def main():
    args = sys.argv[1:]
    if not args:
        sys.exit(__doc__)
    if args[0] == '--scaling':
        # gen.py --scaling OUTDIR [READER]: NAME.1.EXT and NAME.10.EXT per
        # case, and a list of "name reader" lines in OUTDIR/CASES
        out = args[1]
        only_reader = args[2] if len(args) > 2 else None
        os.makedirs(out, exist_ok=True)
        with open(os.path.join(out, 'CASES'), 'w') as e:
            for name, (reader, gen) in scaling_cases().items():
                if only_reader and reader != only_reader:
                    continue
                for k in (1, 10):
                    ext = 'txt' if reader == 'pdf' else reader
                    with open(os.path.join(out, '%s.%d.%s' % (name, k, ext)), 'wb') as f:
                        f.write(gen(k))
                e.write('%s %s\n' % (name, reader))
        return
    out, scale, only, listing = args[0], 1.0, None, False
    i = 1
    while i < len(args):
        if args[i] == '--scale':
            scale = float(args[i + 1]); i += 2
        elif args[i] == '--only':
            only = set(args[i + 1].split(',')); i += 2
        elif args[i] == '--list':
            listing = True; i += 1
        else:
            sys.exit('unknown argument ' + args[i])
    cs = cases(scale)
    if listing:
        for name, (exp, _) in cs.items():
            print(name, exp)
        return
    os.makedirs(out, exist_ok=True)
    with open(os.path.join(out, 'EXPECT'), 'w') as e:
        for name, (exp, gen) in cs.items():
            if only and name not in only:
                continue
            with open(os.path.join(out, name), 'wb') as f:
                f.write(gen())
            e.write('%s %s\n' % (name, exp))


if __name__ == '__main__':
    main()
