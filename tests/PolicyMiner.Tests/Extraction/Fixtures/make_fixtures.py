#!/usr/bin/python3
"""Builds the PDF fixtures of tests/PolicyMiner.Tests/Extraction (see README.md beside this script).

Needs (Debian 12): libreoffice-writer fonts-noto-cjk fonts-droid-fallback poppler-utils qpdf python3-fonttools.
Run from anywhere: /usr/bin/python3 make_fixtures.py /path/to/shared   (default: ../shared beside the repo).
Source texts: State Council administrative regulations from ../shared/corpora/regulations/docs (public domain,
Art. 5 PRC Copyright Law; LawRefBook/Laws). Everything is deterministic except LibreOffice's PDF timestamps.
"""
import io, os, re, subprocess, sys, tempfile, zlib
from xml.sax.saxutils import escape

HERE = os.path.dirname(os.path.abspath(__file__))
SHARED = sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, '..', '..', '..', '..', '..', 'shared')
DOCS = os.path.join(SHARED, 'corpora', 'regulations', 'docs')


def regulation(doc_id):
    """(title, body paragraphs) of a regulation: markdown headings and INFO block dropped."""
    text = open(os.path.join(DOCS, doc_id + '.md'), encoding='utf-8').read()
    title = text.splitlines()[0].lstrip('# ').strip()
    body = text.split('<!-- INFO END -->', 1)[1]
    paras = [re.sub(r'^#+\s*', '', p).strip() for p in body.split('\n')]
    return title, [p for p in paras if p]


def write_gt(name, lines):
    with open(os.path.join(HERE, name + '.txt'), 'w', encoding='utf-8') as f:
        f.write('\n'.join(lines) + '\n')


# ---------------------------------------------------------------- LibreOffice (flat ODT → PDF)
FODT = '''<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
 xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0"
 office:version="1.2" office:mimetype="application/vnd.oasis.opendocument.text">
<office:font-face-decls><style:font-face style:name="CJK" svg:font-family="'Noto Sans CJK SC'"/></office:font-face-decls>
<office:styles>
 <style:default-style style:family="paragraph"><style:paragraph-properties fo:text-align="justify"/>
  <style:text-properties style:font-name="CJK" style:font-name-asian="CJK" fo:font-size="12pt" style:font-size-asian="12pt" fo:language="zh" fo:country="CN"/></style:default-style>
 <style:style style:name="Body" style:family="paragraph"><style:paragraph-properties fo:text-indent="24pt" fo:margin-bottom="3pt"/></style:style>
 <style:style style:name="Title" style:family="paragraph"><style:paragraph-properties fo:text-align="center" fo:margin-bottom="12pt"/>
  <style:text-properties fo:font-size="18pt" style:font-size-asian="18pt" fo:font-weight="bold" style:font-weight-asian="bold"/></style:style>
 <style:style style:name="Head" style:family="paragraph"><style:paragraph-properties fo:text-align="center" fo:margin-top="6pt" fo:margin-bottom="6pt"/>
  <style:text-properties fo:font-size="14pt" style:font-size-asian="14pt"/></style:style>
 <style:style style:name="Deco" style:family="paragraph"><style:paragraph-properties fo:text-align="center"/>
  <style:text-properties fo:font-size="10pt" style:font-size-asian="10pt"/></style:style>
</office:styles>
<office:automatic-styles>
 <style:page-layout style:name="PL"><style:page-layout-properties fo:page-width="21cm" fo:page-height="29.7cm" fo:margin-top="1.2cm" fo:margin-bottom="1.2cm" fo:margin-left="2.6cm" fo:margin-right="2.6cm"/>
  <style:header-style><style:header-footer-properties fo:min-height="0.8cm" fo:margin-bottom="0.8cm"/></style:header-style>
  <style:footer-style><style:header-footer-properties fo:min-height="0.8cm" fo:margin-top="0.8cm"/></style:footer-style></style:page-layout>
 <style:style style:name="Cols" style:family="section"><style:section-properties><style:columns fo:column-count="2" fo:column-gap="0.9cm"/></style:section-properties></style:style>
</office:automatic-styles>
<office:master-styles><style:master-page style:name="Standard" style:page-layout-name="PL">
 <style:header><text:p text:style-name="Deco">{header}</text:p></style:header>
 <style:footer><text:p text:style-name="Deco">— <text:page-number text:select-page="current">1</text:page-number> —</text:p></style:footer>
</style:master-page></office:master-styles>
<office:body><office:text>{body}</office:text></office:body></office:document>
'''


def para(style, text):
    return '<text:p text:style-name="%s">%s</text:p>' % (style, escape(text))


def styled(p):
    return 'Head' if re.match(r'^第[一二三四五六七八九十]+章', p) else 'Body'


def libreoffice_pdf(name, fodt):
    with tempfile.TemporaryDirectory() as tmp:
        src = os.path.join(tmp, name + '.fodt')
        open(src, 'w', encoding='utf-8').write(fodt)
        subprocess.run(['soffice', '--headless', '--convert-to', 'pdf', '--outdir', tmp, src], check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        data = open(os.path.join(tmp, name + '.pdf'), 'rb').read()
    open(os.path.join(HERE, name + '.pdf'), 'wb').write(data)
    return data


def make_libreoffice():
    title, paras = regulation('R0001')
    body = para('Title', title) + ''.join(para(styled(p), p) for p in paras)
    libreoffice_pdf('regulation_libreoffice', FODT.format(header='国务院行政法规 · 交通运输', body=body))
    write_gt('regulation_libreoffice', [title] + paras)

    title, paras = regulation('R0009')
    body = para('Title', title) + '<text:section text:style-name="Cols" text:name="S1">' + \
        ''.join(para(styled(p), p) for p in paras) + '</text:section>'
    libreoffice_pdf('twocolumn_libreoffice', FODT.format(header='国务院行政法规 · 两栏排版', body=body))
    write_gt('twocolumn_libreoffice', [title] + paras)


# ---------------------------------------------------------------- hand-written PDFs (font cases)
def pdf_bytes(objects):
    """objects: list of bytes bodies (object n = index+1; object 1 must be the catalog)."""
    out = io.BytesIO()
    out.write(b'%PDF-1.4\n%\xe2\xe3\xcf\xd3\n')
    offsets = []
    for i, body in enumerate(objects):
        offsets.append(out.tell())
        out.write(b'%d 0 obj\n' % (i + 1) + body + b'\nendobj\n')
    xref = out.tell()
    out.write(b'xref\n0 %d\n0000000000 65535 f \n' % (len(objects) + 1))
    for off in offsets:
        out.write(b'%010d 00000 n \n' % off)
    out.write(b'trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n' % (len(objects) + 1, xref))
    return out.getvalue()


def stream(data, extra=b'', compress=True):
    if compress:
        data = zlib.compress(data, 9)
        extra += b' /Filter /FlateDecode'
    return b'<< /Length %d%s >>\nstream\n' % (len(data), extra) + data + b'\nendstream'


def wrap(paras, width):
    """Hard-wraps paragraphs into lines of at most `width` characters (wraps fall inside sentences)."""
    lines = []
    for p in paras:
        first = True
        while p:
            w = width - 2 if first else width
            lines.append(('　　' if first else '', p[:w]))
            p = p[w:]
            first = False
    return lines


def content(lines, encode, size=12, top=780, left=72, footer=None):
    ops = [b'BT', b'/F1 %d Tf' % size]
    y = top
    for indent, text in lines:
        x = left + (2 * size if indent else 0)
        ops.append(b'1 0 0 1 %d %d Tm <%s> Tj' % (x, y, encode(text).hex().encode()))
        y -= int(size * 1.6)
    if footer:
        ops.append(b'1 0 0 1 %d 40 Tm <%s> Tj' % (290, encode(footer).hex().encode()))
    ops.append(b'ET')
    return b'\n'.join(ops)


def cid_font_pdf(pages_content, type0, descendant, extra_objects=()):
    """Catalog, pages, one Type0 font shared by all pages; extra objects appended after the fixed ones."""
    n = len(pages_content)
    kids = b' '.join(b'%d 0 R' % (6 + 2 * i) for i in range(n))
    objs = [b'<< /Type /Catalog /Pages 2 0 R >>',
            b'<< /Type /Pages /Kids [%s] /Count %d >>' % (kids, n),
            type0,
            descendant,
            b'<< /Type /FontDescriptor /FontName /%s /Flags 4 /FontBBox [0 -120 1000 880] /ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 700 /StemV 80%s >>']
    pages = []
    for i, c in enumerate(pages_content):
        pages.append(b'<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> /Contents %d 0 R >>' % (7 + 2 * i))
        pages.append(stream(c))
    return objs, pages


def make_predefined_cmap_fonts():
    """Non-embedded CID fonts with a predefined Adobe-GB1 CMap and no /ToUnicode (common in older gov PDFs)."""
    title, paras = regulation('R0006')
    text = [title] + paras[:6]
    for name, cmap, encode in [('gbk_euc_h_no_tounicode', b'GBK-EUC-H', lambda s: s.encode('gbk')),
                               ('unigb_ucs2_h_no_tounicode', b'UniGB-UCS2-H', lambda s: s.encode('utf-16-be'))]:
        lines = wrap(text, 38)
        per_page = 26
        chunks = [lines[i:i + per_page] for i in range(0, len(lines), per_page)]
        contents = [content(c, encode, footer='— %d —' % (k + 1)) for k, c in enumerate(chunks)]
        type0 = b'<< /Type /Font /Subtype /Type0 /BaseFont /SimSun /Encoding /%s /DescendantFonts [4 0 R] >>' % cmap
        desc = b'<< /Type /Font /Subtype /CIDFontType0 /BaseFont /SimSun /CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 2 >> /FontDescriptor 5 0 R /DW 1000 /W [1 95 500 814 939 500 7716 [500]] >>'
        objs, pages = cid_font_pdf(contents, type0, desc)
        objs[4] = objs[4] % (b'SimSun', b'')
        open(os.path.join(HERE, name + '.pdf'), 'wb').write(pdf_bytes(objs + pages))
        write_gt(name, text)


def make_identity_h():
    """Identity-H TrueType subset without /ToUnicode: codes are glyph ids of an embedded Droid Sans Fallback subset
    (Apache-2.0) that keeps its Unicode cmap; plus the same text with the font not embedded (undecodable)."""
    from fontTools import subset
    from fontTools.ttLib import TTFont
    title, paras = regulation('R0007')
    font = TTFont('/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf')
    have = font.getBestCmap()
    # The font has no ASCII: ASCII brackets become full-width ones (in the PDF and in the ground truth alike).
    # Paragraphs with digits (also missing from the font) are left out, up to about 700 characters of text.
    text = [p.replace('(', '（').replace(')', '）') for p in [title] + paras]
    text = [p for p in text if all(ord(c) in have for c in p)]
    while sum(map(len, text)) > 700:
        text.pop()
    chars = sorted(set(''.join(text)))
    opts = subset.Options()
    opts.glyph_names = False
    opts.notdef_outline = True
    opts.name_IDs = []
    opts.drop_tables += ['GSUB', 'GPOS', 'GDEF', 'vhea', 'vmtx']
    sub = subset.Subsetter(opts)
    sub.populate(unicodes=[ord(c) for c in chars])
    sub.subset(font)
    cmap = font.getBestCmap()
    order = font.getGlyphOrder()
    gid = {c: order.index(cmap[ord(c)]) for c in chars}
    buf = io.BytesIO()
    font.save(buf)
    ttf = buf.getvalue()

    def encode(s):
        return b''.join(gid[c].to_bytes(2, 'big') for c in s)
    lines = wrap(text, 38)
    chunks = [lines[i:i + 26] for i in range(0, len(lines), 26)]
    contents = [content(c, encode, footer=None) for c in chunks]
    for name, embed in [('identity_h_truetype_no_tounicode', True), ('identity_h_not_embedded_no_tounicode', False)]:
        type0 = b'<< /Type /Font /Subtype /Type0 /BaseFont /ABCDEF+DroidSansFallback /Encoding /Identity-H /DescendantFonts [4 0 R] >>'
        desc = b'<< /Type /Font /Subtype /CIDFontType2 /BaseFont /ABCDEF+DroidSansFallback /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /FontDescriptor 5 0 R /DW 1000 /CIDToGIDMap /Identity >>'
        objs, pages = cid_font_pdf(contents, type0, desc)
        fontfile_obj = len(objs) + len(pages) + 1
        objs[4] = objs[4] % (b'ABCDEF+DroidSansFallback', b' /FontFile2 %d 0 R' % fontfile_obj if embed else b'')
        extra = [stream(ttf, b' /Length1 %d' % len(ttf))] if embed else []
        open(os.path.join(HERE, name + '.pdf'), 'wb').write(pdf_bytes(objs + pages + extra))
        write_gt(name, text)


# ---------------------------------------------------------------- scan, encrypted, truncated
def make_scanned():
    """Page 1 of the LibreOffice regulation rendered at 200 dpi gray (pdftoppm) and wrapped as a JPEG-only page."""
    src = os.path.join(HERE, 'regulation_libreoffice.pdf')
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(['pdftoppm', '-f', '1', '-l', '1', '-r', '200', '-gray', '-jpeg', '-jpegopt', 'quality=35',
                        src, os.path.join(tmp, 'p')], check=True)
        jpg = open(os.path.join(tmp, [f for f in os.listdir(tmp) if f.endswith('.jpg')][0]), 'rb').read()
        gt = subprocess.run(['pdftotext', '-f', '1', '-l', '1', '-raw', src, '-'], check=True,
                            capture_output=True).stdout.decode('utf-8')
    w = int.from_bytes(jpg[jpg.index(b'\xff\xc0') + 7:][:2], 'big')
    h = int.from_bytes(jpg[jpg.index(b'\xff\xc0') + 5:][:2], 'big')
    objs = [b'<< /Type /Catalog /Pages 2 0 R >>', b'<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
            b'<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /XObject << /Im1 4 0 R >> >> /Contents 5 0 R >>',
            stream(jpg, b' /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /DCTDecode' % (w, h), compress=False),
            stream(b'q 595 0 0 842 0 0 cm /Im1 Do Q')]
    open(os.path.join(HERE, 'scanned_image_only.pdf'), 'wb').write(pdf_bytes(objs))
    lines = [l.strip() for l in gt.splitlines() if l.strip()]
    lines = [l for l in lines if not l.startswith('国务院行政法规') and not re.fullmatch(r'— \d+ —', l)]
    write_gt('scanned_image_only', lines)


def make_encrypted_and_truncated():
    src = os.path.join(HERE, 'gbk_euc_h_no_tounicode.pdf')
    subprocess.run(['qpdf', '--encrypt', '', 'owner-secret', '256', '--', src,
                    os.path.join(HERE, 'encrypted_empty_user_password.pdf')], check=True)
    subprocess.run(['qpdf', '--encrypt', 'user-secret', 'owner-secret', '256', '--', src,
                    os.path.join(HERE, 'encrypted_user_password.pdf')], check=True)
    data = open(os.path.join(HERE, 'regulation_libreoffice.pdf'), 'rb').read()
    open(os.path.join(HERE, 'truncated.pdf'), 'wb').write(data[:len(data) * 2 // 5])


if __name__ == '__main__':
    make_libreoffice()
    make_predefined_cmap_fonts()
    make_identity_h()
    make_scanned()
    make_encrypted_and_truncated()
    for f in sorted(os.listdir(HERE)):
        if f.endswith('.pdf'):
            print('%8d  %s' % (os.path.getsize(os.path.join(HERE, f)), f))
