#!/usr/bin/python3
"""Builds the browser- and office-printed PDF fixtures (see README.md beside this script, "Printed PDFs").

Needs (Debian 12): chromium fonts-noto-cjk libreoffice-writer-nogui (or libreoffice-writer).
Run from anywhere: /usr/bin/python3 make_printed_fixtures.py /path/to/shared   (default: ../shared beside the repo).
Benchmark corpus (not committed): make_printed_fixtures.py /path/to/shared --bench OUTDIR prints 20 State Council
regulations (~4–8 pages each) and two long laws (~30–60 pages) both ways into OUTDIR/chromium and
OUTDIR/libreoffice, for tests/PolicyMiner.Benchmarks `extract`.
Source texts: Chinese national laws from ../shared/corpora/npc-laws/docs (public domain, Art. 5 PRC Copyright Law;
LawRefBook/Laws). Each law is printed as a new user would: an HTML page (title + one <p> per paragraph, Noto Sans
CJK SC) printed by headless Chromium (Skia writes every font as Type 3 with a ToUnicode map that sends many
ideographs to radical code points: 民 → U+2EA0, 户 → U+2F3E), and the same text as a flat ODT converted by
LibreOffice (CID fonts with ToUnicode). Ground truth: X.txt = title + paragraphs, one per line.
"""
import html, os, re, subprocess, sys, tempfile
from xml.sax.saxutils import escape

HERE = os.path.dirname(os.path.abspath(__file__))
SHARED = sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, '..', '..', '..', '..', '..', 'shared')
DOCS = os.path.join(SHARED, 'corpora', 'npc-laws', 'docs')

# Short laws rich in the characters the radical maps hit (户, 民, 长, 门, 车, 见, 食 …), 2–3 pages each.
LAWS = [('L848f43c5', 'hukou_registration'), ('Ld3c491cf', 'macao_garrison')]


def law(doc_id):
    """(title, paragraphs): markdown heading and the INFO block (dates of adoption) dropped."""
    text = open(os.path.join(DOCS, doc_id + '.md'), encoding='utf-8').read()
    title = text.splitlines()[0].lstrip('# ').strip()
    body = text.split('<!-- INFO END -->', 1)[1]
    paras = [re.sub(r'^#+\s*', '', p).strip() for p in body.split('\n')]
    return title, [p for p in paras if p]


def chromium_pdf(title, paras, out):
    page = ('<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>%s</title>'
            '<style>body{font-family:"Noto Sans CJK SC";font-size:12pt;line-height:1.6}h1{text-align:center}'
            'p{text-indent:2em;margin:0 0 4pt 0}</style></head><body><h1>%s</h1>%s</body></html>') % (
        html.escape(title), html.escape(title), ''.join('<p>%s</p>' % html.escape(p) for p in paras))
    with tempfile.TemporaryDirectory() as tmp:
        src = os.path.join(tmp, 'page.html')
        open(src, 'w', encoding='utf-8').write(page)
        subprocess.run(['chromium', '--headless', '--no-sandbox', '--disable-gpu', '--no-pdf-header-footer',
                        '--user-data-dir=' + os.path.join(tmp, 'profile'), '--print-to-pdf=' + out, 'file://' + src],
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


FODT = '''<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
 xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0"
 office:version="1.2" office:mimetype="application/vnd.oasis.opendocument.text">
<office:font-face-decls><style:font-face style:name="CJK" svg:font-family="'Noto Serif CJK SC'"/></office:font-face-decls>
<office:styles>
 <style:default-style style:family="paragraph"><style:paragraph-properties fo:text-align="justify"/>
  <style:text-properties style:font-name="CJK" style:font-name-asian="CJK" fo:font-size="12pt" style:font-size-asian="12pt" fo:language="zh" fo:country="CN"/></style:default-style>
 <style:style style:name="Body" style:family="paragraph"><style:paragraph-properties fo:text-indent="24pt" fo:margin-bottom="3pt"/></style:style>
 <style:style style:name="Title" style:family="paragraph"><style:paragraph-properties fo:text-align="center" fo:margin-bottom="12pt"/>
  <style:text-properties fo:font-size="18pt" style:font-size-asian="18pt" fo:font-weight="bold" style:font-weight-asian="bold"/></style:style>
</office:styles>
<office:body><office:text>{body}</office:text></office:body></office:document>
'''


def libreoffice_pdf(title, paras, out):
    body = '<text:p text:style-name="Title">%s</text:p>' % escape(title)
    body += ''.join('<text:p text:style-name="Body">%s</text:p>' % escape(p) for p in paras)
    with tempfile.TemporaryDirectory() as tmp:
        src = os.path.join(tmp, 'law.fodt')
        open(src, 'w', encoding='utf-8').write(FODT.replace('{body}', body))
        subprocess.run(['soffice', '-env:UserInstallation=file://' + os.path.join(tmp, 'profile'), '--headless',
                        '--convert-to', 'pdf', '--outdir', tmp, src], check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        os.replace(os.path.join(tmp, 'law.pdf'), out)


def regulation(doc_id):
    text = open(os.path.join(SHARED, 'corpora', 'regulations', 'docs', doc_id + '.md'), encoding='utf-8').read()
    title = text.splitlines()[0].lstrip('# ').strip()
    paras = [re.sub(r'^#+\s*', '', p).strip() for p in text.split('<!-- INFO END -->', 1)[-1].split('\n')]
    return title, [p for p in paras if p]


def bench(out):
    docs = [('R%04d' % i, regulation('R%04d' % i)) for i in range(1, 21)]
    docs += [('L_food_safety', law('La6f147b2')), ('L_civil_procedure', law('L812e98fb'))]
    for printer, make in (('chromium', chromium_pdf), ('libreoffice', libreoffice_pdf)):
        os.makedirs(os.path.join(out, printer), exist_ok=True)
        for name, (title, paras) in docs:
            make(title, paras, os.path.join(out, printer, name + '.pdf'))


def main():
    if len(sys.argv) > 3 and sys.argv[2] == '--bench':
        bench(sys.argv[3])
        return
    for doc_id, name in LAWS:
        title, paras = law(doc_id)
        for printer, make in (('chromium', chromium_pdf), ('libreoffice', libreoffice_pdf)):
            stem = 'law_%s_%s' % (name, printer)
            make(title, paras, os.path.join(HERE, stem + '.pdf'))
            with open(os.path.join(HERE, stem + '.txt'), 'w', encoding='utf-8') as f:
                f.write('\n'.join([title] + paras) + '\n')
            print(stem, os.path.getsize(os.path.join(HERE, stem + '.pdf')), 'bytes')


if __name__ == '__main__':
    main()
