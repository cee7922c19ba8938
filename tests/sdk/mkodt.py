#!/usr/bin/env python3
"""ODT fixtures for the ODT reader example (plugin-sdk/examples/odt).

  mkodt.py features OUT.odt     every feature the reader handles (see FEATURES)
  mkodt.py flat OUT.fodt        the same as one flat XML file, image inline
  mkodt.py from-json IR.json OUT.odt
                                a govdoc JSON document (headings, paragraphs,
                                tables with spans) written as ODT: report
                                fixtures with real, non-zero numbers
  mkodt.py bad KIND OUT.odt     encrypted | ods | nocontent | badxml | doctype |
                                badstyles | bomb
"""
import base64, json, struct, sys, zipfile, zlib
from xml.sax.saxutils import escape

NS = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
      'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
      'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
      'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
      'xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" '
      'xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" '
      'xmlns:xlink="http://www.w3.org/1999/xlink" '
      'xmlns:dc="http://purl.org/dc/elements/1.1/" '
      'xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0" '
      'xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0" '
      'office:version="1.3"')

# a 1x1 red PNG
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==")

FONTS = ('<office:font-face-decls><style:font-face style:name="FangSong" '
         'svg:font-family="&apos;仿宋_GB2312&apos;"/></office:font-face-decls>')

STYLES = ('<office:styles>'
          '<style:default-style style:family="paragraph"><style:text-properties '
          'style:font-name-asian="FangSong" fo:font-size="12pt"/></style:default-style>'
          '<style:style style:name="Standard" style:family="paragraph"/>'
          '<style:style style:name="Title" style:family="paragraph" style:parent-style-name="Standard">'
          '<style:paragraph-properties fo:text-align="center"/></style:style>'
          '<style:style style:name="Heading_20_1" style:display-name="Heading 1" style:family="paragraph" '
          'style:default-outline-level="1"><style:text-properties fo:font-weight="bold"/></style:style>'
          '<style:style style:name="Strong" style:family="text"><style:text-properties '
          'fo:font-weight="bold" style:font-weight-asian="bold"/></style:style>'
          '<text:list-style style:name="Bullets"><text:list-level-style-bullet text:level="1" '
          'text:bullet-char="•"/></text:list-style>'
          '<text:list-style style:name="Decimal"><text:list-level-style-number text:level="1" '
          'style:num-format="1" style:num-suffix="." text:start-value="3"/>'
          '<text:list-level-style-number text:level="2" style:num-format="a" style:num-suffix=")"/>'
          '</text:list-style>'
          '<text:list-style style:name="Chinese"><text:list-level-style-number text:level="1" '
          'style:num-format="一, 二, 三, ..." style:num-suffix="、"/>'
          '<text:list-level-style-number text:level="2" style:num-prefix="（" style:num-suffix="）" '
          'style:num-format="一, 二, 三, ..."/></text:list-style>'
          '</office:styles>')

AUTO = ('<office:automatic-styles>'
        '<style:style style:name="P1" style:family="paragraph" style:parent-style-name="Standard">'
        '<style:paragraph-properties fo:text-align="center"/></style:style>'
        '<style:style style:name="P2" style:family="paragraph" style:parent-style-name="Standard">'
        '<style:paragraph-properties fo:break-before="page"/></style:style>'
        '<style:style style:name="P3" style:family="paragraph" style:parent-style-name="Standard">'
        '<style:paragraph-properties fo:text-align="end"/></style:style>'
        '<style:style style:name="T1" style:family="text"><style:text-properties '
        'fo:font-weight="bold" style:font-weight-asian="bold" fo:font-size="22pt"/></style:style>'
        '<style:style style:name="T2" style:family="text"><style:text-properties fo:font-style="italic" '
        'style:text-underline-style="solid"/></style:style>'
        '<style:style style:name="T3" style:family="text"><style:text-properties style:text-position="super 58%"/>'
        '</style:style>'
        '</office:automatic-styles>')

FEATURES = (
    '<text:tracked-changes><text:changed-region text:id="c1"><text:deletion>'
    '<office:change-info><dc:creator>x</dc:creator></office:change-info>'
    '<text:p>DELETED TEXT</text:p></text:deletion></text:changed-region></text:tracked-changes>'
    '<text:sequence-decls><text:sequence-decl text:name="Table"/></text:sequence-decls>'
    '<text:p text:style-name="Standard"/>'
    '<text:p text:style-name="P1"><text:span text:style-name="T1">示例区2024年政府信息公开</text:span></text:p>'
    '<text:p text:style-name="P1"><text:span text:style-name="T1">工作年度报告</text:span></text:p>'
    '<text:p text:style-name="Standard">Plain  text   collapses,<text:s text:c="3"/>three spaces, a'
    '<text:tab/>tab, <text:span text:style-name="Strong">bold</text:span> and '
    '<text:span text:style-name="T2">italic underlined</text:span> x<text:span text:style-name="T3">2</text:span>'
    '<text:change text:change-id="c1"/>.<text:line-break/>Second line'
    '<office:annotation><dc:creator>审核人</dc:creator><text:p>COMMENT TEXT</text:p></office:annotation>'
    ' with <text:a xlink:type="simple" xlink:href="http://www.gov.cn/">a link</text:a>'
    '<text:bookmark text:name="b1"/>.</text:p>'
    '<text:h text:style-name="Heading_20_1" text:outline-level="1">第一章 总则</text:h>'
    '<text:h text:outline-level="2">一、总体情况</text:h>'
    '<text:h text:outline-level="8">Deep heading</text:h>'
    '<text:list text:style-name="Bullets"><text:list-item><text:p>bullet one</text:p></text:list-item>'
    '<text:list-item><text:p>bullet two</text:p></text:list-item></text:list>'
    '<text:list text:style-name="Decimal"><text:list-item><text:p>three</text:p>'
    '<text:list><text:list-item><text:p>nested a</text:p></text:list-item></text:list></text:list-item>'
    '<text:list-item><text:p>four</text:p></text:list-item></text:list>'
    '<text:list text:style-name="Chinese"><text:list-item><text:p>总体情况</text:p>'
    '<text:list><text:list-item><text:p>主动公开</text:p></text:list-item>'
    '<text:list-item><text:p>依申请公开</text:p></text:list-item></text:list></text:list-item>'
    '<text:list-item><text:p>主动公开政府信息情况</text:p></text:list-item></text:list>'
    '<table:table table:name="T"><table:table-column table:number-columns-repeated="3"/>'
    '<table:table-header-rows><table:table-row>'
    '<table:table-cell table:number-columns-spanned="2"><text:p>A+B</text:p></table:table-cell>'
    '<table:covered-table-cell/><table:table-cell><text:p>C</text:p></table:table-cell>'
    '</table:table-row></table:table-header-rows>'
    '<table:table-row><table:table-cell table:number-rows-spanned="2"><text:p text:style-name="P1">left</text:p>'
    '</table:table-cell><table:table-cell><text:p>b2</text:p></table:table-cell>'
    '<table:table-cell><text:p text:style-name="P3">12</text:p></table:table-cell></table:table-row>'
    '<table:table-row><table:covered-table-cell/><table:table-cell table:number-columns-repeated="2">'
    '<text:p>rep</text:p></table:table-cell></table:table-row>'
    '<table:table-row table:number-rows-repeated="2"><table:table-cell><text:p>r</text:p></table:table-cell>'
    '<table:table-cell/><table:table-cell><table:table><table:table-row><table:table-cell><text:p>inner'
    '</text:p></table:table-cell></table:table-row></table:table></table:table-cell></table:table-row>'
    '</table:table>'
    '<text:p text:style-name="P2">Notes<text:note text:id="n1" text:note-class="footnote">'
    '<text:note-citation>1</text:note-citation><text:note-body><text:p><text:s/>脚注内容。</text:p>'
    '</text:note-body></text:note> and<text:note text:id="n2" text:note-class="endnote">'
    '<text:note-citation>i</text:note-citation><text:note-body><text:p>尾注。</text:p></text:note-body>'
    '</text:note> here.</text:p>'
    '<text:p>Image <draw:frame draw:name="i1" svg:width="2.54cm" svg:height="72pt">'
    '<draw:image xlink:href="Pictures/red.png" xlink:type="simple"/><svg:title>红点</svg:title>'
    '<svg:desc>一个红色的点</svg:desc></draw:frame> and box'
    '<draw:frame draw:name="b1" svg:width="5cm"><draw:text-box><text:p>文本框内容</text:p>'
    '</draw:text-box></draw:frame> end.</text:p>'
    '<text:p><draw:custom-shape><text:p>形状中的文字</text:p><draw:enhanced-geometry/></draw:custom-shape>'
    '<draw:rect/>After shapes.</text:p>'
    '<text:section text:name="S"><text:p>In a section.</text:p></text:section>'
    '<text:table-of-content><text:table-of-content-source><text:index-title-template>TOC'
    '</text:index-title-template></text:table-of-content-source><text:index-body>'
    '<text:p>目录条目</text:p></text:index-body></text:table-of-content>'
)

META = ('<office:meta><dc:title>示例区2024年政府信息公开工作年度报告</dc:title>'
        '<meta:initial-creator>示例区政府办</meta:initial-creator><dc:creator>someone</dc:creator>'
        '<meta:keyword>政府信息公开</meta:keyword><meta:keyword>年度报告</meta:keyword>'
        '<dc:language>zh-CN</dc:language><meta:creation-date>2024-01-15T09:00:00</meta:creation-date>'
        '</office:meta>')


def content(body, auto=AUTO):
    return ('<?xml version="1.0" encoding="UTF-8"?><office:document-content %s>%s%s'
            '<office:body><office:text>%s</office:text></office:body></office:document-content>'
            % (NS, FONTS, auto, body))


def styles_xml(styles=STYLES):
    return ('<?xml version="1.0" encoding="UTF-8"?><office:document-styles %s>%s%s'
            '</office:document-styles>' % (NS, FONTS, styles))


def meta_xml():
    return ('<?xml version="1.0" encoding="UTF-8"?><office:document-meta %s>%s'
            '</office:document-meta>' % (NS, META))


def manifest(extra=""):
    return ('<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
            'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.3">'
            '<manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.text"/>'
            '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml">%s'
            '</manifest:file-entry></manifest:manifest>' % extra)


def package(out, parts, mimetype="application/vnd.oasis.opendocument.text"):
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("mimetype", mimetype, compress_type=zipfile.ZIP_STORED)
        for name, data in parts.items():
            z.writestr(name, data)


def features(out):
    package(out, {"content.xml": content(FEATURES), "styles.xml": styles_xml(),
                  "meta.xml": meta_xml(), "META-INF/manifest.xml": manifest(),
                  "Pictures/red.png": PNG})


def flat(out):
    body = FEATURES.replace('<draw:image xlink:href="Pictures/red.png" xlink:type="simple"/>',
                            '<draw:image><office:binary-data>%s</office:binary-data></draw:image>'
                            % base64.b64encode(PNG).decode())
    doc = ('<?xml version="1.0" encoding="UTF-8"?><office:document %s '
           'office:mimetype="application/vnd.oasis.opendocument.text">%s%s%s%s'
           '<office:body><office:text>%s</office:text></office:body></office:document>'
           % (NS, META, FONTS, STYLES, AUTO, body))
    open(out, "w", encoding="utf-8").write(doc)


def from_json(src, out):
    """Headings, paragraphs and tables (with spans) of a govdoc JSON document."""
    j = json.load(open(src, encoding="utf-8"))

    def inl(x):
        s = ""
        for n in x.get("inlines", []) + x.get("children", []):
            if n["type"] == "text":
                s += escape(n["text"])
            elif n["type"] == "line_break":
                s += "<text:line-break/>"
            elif "inlines" in n or "children" in n:
                s += inl(n)
        return s

    def blocks(bl):
        s = ""
        for b in bl:
            t = b["type"]
            if t == "heading":
                if b.get("attrs", {}).get("role") == "title":
                    s += '<text:p text:style-name="Title">%s</text:p>' % inl(b)
                else:
                    s += '<text:h text:outline-level="%d">%s</text:h>' % (b["level"], inl(b))
            elif t == "paragraph":
                s += "<text:p>%s</text:p>" % inl(b)
            elif t == "table":
                s += table(b)
            elif "blocks" in b:
                s += blocks(b["blocks"])
        return s

    def table(t):
        rows = t["rows"]
        covered = set()
        ncols = 0
        for r, row in enumerate(rows):
            c = 0
            for cell in row["cells"]:
                while (r, c) in covered:
                    c += 1
                rs, cs = cell.get("rowspan", 1), cell.get("colspan", 1)
                for i in range(rs):
                    for k in range(cs):
                        if i or k:
                            covered.add((r + i, c + k))
                c += cs
            ncols = max(ncols, c, max([k + 1 for (rr, k) in covered if rr == r] or [0]))
        s = '<table:table><table:table-column table:number-columns-repeated="%d"/>' % ncols
        for r, row in enumerate(rows):
            s += "<table:table-row>"
            c = 0
            cells = list(row["cells"])
            while c < ncols:
                if (r, c) in covered:
                    s += "<table:covered-table-cell/>"
                    c += 1
                    continue
                if not cells:
                    s += "<table:table-cell/>"
                    c += 1
                    continue
                cell = cells.pop(0)
                rs, cs = cell.get("rowspan", 1), cell.get("colspan", 1)
                s += '<table:table-cell table:number-rows-spanned="%d" table:number-columns-spanned="%d">%s' \
                     '</table:table-cell>' % (rs, cs, blocks(cell.get("blocks", [])))
                c += 1
            s += "</table:table-row>"
        return s + "</table:table>"

    package(out, {"content.xml": content(blocks(j["blocks"]), ""), "styles.xml": styles_xml(),
                  "META-INF/manifest.xml": manifest()})


def bad(kind, out):
    good = {"content.xml": content(FEATURES), "styles.xml": styles_xml(), "meta.xml": meta_xml(),
            "META-INF/manifest.xml": manifest(), "Pictures/red.png": PNG}
    if kind == "encrypted":
        good["META-INF/manifest.xml"] = manifest(
            '<manifest:encryption-data manifest:checksum-type="SHA1/1K" manifest:checksum="x">'
            '<manifest:algorithm manifest:algorithm-name="Blowfish CFB" manifest:initialisation-vector="x"/>'
            '</manifest:encryption-data>')
        package(out, good)
    elif kind == "ods":
        package(out, good, "application/vnd.oasis.opendocument.spreadsheet")
    elif kind == "nocontent":
        del good["content.xml"]
        package(out, good)
    elif kind == "badxml":
        good["content.xml"] = content("<text:p>unclosed")
        package(out, good)
    elif kind == "doctype":
        good["content.xml"] = ('<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
                               '<office:document-content %s><office:body><office:text><text:p>&e;</text:p>'
                               '</office:text></office:body></office:document-content>' % NS)
        package(out, good)
    elif kind == "badstyles":
        good["styles.xml"] = styles_xml(STYLES + "<broken")
        package(out, good)
    elif kind == "bomb":
        # content.xml: 300 MB of zeros-like XML compressed ~1000:1, sizes honest
        body = "<text:p>" + "0" * (1 << 20) + "</text:p>"
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
            z.writestr("mimetype", "application/vnd.oasis.opendocument.text", compress_type=zipfile.ZIP_STORED)
            with z.open("content.xml", "w", force_zip64=True) as f:
                f.write(content("").split("<office:text>")[0].encode() + b"<office:text>")
                for _ in range(300):
                    f.write(body.encode())
                f.write(b"</office:text></office:body></office:document-content>")
    else:
        sys.exit("unknown kind " + kind)


if __name__ == "__main__":
    cmd = sys.argv[1]
    if cmd == "features":
        features(sys.argv[2])
    elif cmd == "flat":
        flat(sys.argv[2])
    elif cmd == "from-json":
        from_json(sys.argv[2], sys.argv[3])
    elif cmd == "bad":
        bad(sys.argv[2], sys.argv[3])
    else:
        sys.exit(__doc__)
