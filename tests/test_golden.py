"""Golden files: every sample document (tei/*.xml) in every format, as readers get it.

    tests/golden/html/<id>.html         screen page (Renderer.html), block tags one a line
    tests/golden/print/<id>.html        print page (Renderer.print_html), likewise
    tests/golden/txt/<id>.<lang>.txt    plain text per version (Renderer.txt), as written
    tests/golden/pdf/<id>.txt           the PDF's text (pdftotext -layout), one header a page

Options are the bundled edition's (edition.toml), so the files show what ``tei-edition
render tei/`` writes. Volatile parts are normalised before comparing: ids Saxon
generates (``ed-d1e23``) are numbered by first appearance, the generator's version is
dropped, trailing spaces of the PDF's layout are cut. Nothing else is changed: text,
spaces inside lines and attribute order are compared as rendered.

Regenerate (then review ``git diff tests/golden`` like code):

    .venv/bin/python -m pytest tests/test_golden.py --update-golden
"""

from __future__ import annotations

import re
import shutil
import subprocess
from functools import cache

import pytest
from lxml import etree

from pipeline.config import load_config
from pipeline.render import Renderer, options_for, render_pdf, version_languages
from pipeline.xmlio import parse_xml

from .conftest import GOLDEN, REPO

DOCS = sorted(p.stem for p in (REPO / "tei").glob("*.xml"))
FORMATS = ("html", "print", "txt", "pdf")
EPOCH = "1700000000"  # 2023-11-14T22:13:20Z


@cache
def tree(doc_id: str) -> etree._ElementTree:
    return parse_xml((REPO / "tei" / f"{doc_id}.xml").read_bytes())


def txt_cases():
    for doc_id in DOCS:
        for lang in version_languages(tree(doc_id)):
            yield pytest.param(doc_id, lang, id=f"{doc_id}.{lang}")


@pytest.fixture(scope="module")
def renderer() -> Renderer:
    return Renderer()


@pytest.fixture(scope="module")
def options():
    return options_for(load_config(REPO))


@pytest.fixture(scope="module")
def pdf_text(renderer, options):
    """The text of each document's PDF, each rendered at most once per module."""
    pdftotext = shutil.which("pdftotext")
    if pdftotext is None:
        pytest.skip("pdftotext (poppler-utils) is not installed: 'make test' installs it")

    @cache
    def text(doc_id: str) -> str:
        page = renderer.print_html(tree(doc_id), doc_id, options.print)
        with pytest.MonkeyPatch.context() as mp:
            mp.setenv("SOURCE_DATE_EPOCH", EPOCH)
            pdf = render_pdf(page)
        out = subprocess.run([pdftotext, "-layout", "-enc", "UTF-8", "-", "-"], input=pdf,
                             capture_output=True, check=True).stdout.decode("utf-8")
        return normalise_pdf_text(out)

    return text


# --------------------------------------------------------------------------- normalising

# Elements that start a line of their own in the normalised HTML.
BLOCK_TAGS = (
    "html|head|body|header|footer|main|nav|section|article|aside|div|p|h[1-6]|ul|ol|li|dl|dt|dd"
    "|table|thead|tbody|tfoot|tr|td|th|caption|figure|figcaption|blockquote|pre|form|fieldset"
    "|details|summary|address|hr|meta|link|title|style|script|noscript|template"
)
VOID_TAGS = {"meta", "link", "hr", "input", "br", "img", "col"}
_BEFORE_BLOCK = re.compile(rf">\s*<(?=(?:{BLOCK_TAGS})\b)", re.IGNORECASE)
_AFTER_BLOCK = re.compile(rf"(</(?:{BLOCK_TAGS})>|<(?:{BLOCK_TAGS})\b[^>]*>)\s*(?=<)", re.IGNORECASE)
_OPEN = re.compile(rf"<({BLOCK_TAGS})\b", re.IGNORECASE)
_CLOSE = re.compile(rf"</({BLOCK_TAGS})>", re.IGNORECASE)
_RAW = re.compile(r"(<(script|style)\b[^>]*>)(.*?)(</\2>)", re.IGNORECASE | re.DOTALL)
_GENERATED_ID = re.compile(r"\bed-d\d+(?:[a-z]+\d+)+\b")
_GENERATOR = re.compile(r'(<meta name="generator" content=")[^"]*(")')


def normalise_html(page: bytes | str) -> str:
    """An HTML page as it is compared: generated ids numbered by first appearance, the
    generator without version, a line break before every block's start tag and after
    every block tag, lines indented by depth. Only whitespace-only gaps between tags
    change; text and inline spacing are left alone."""
    html = page.decode("utf-8") if isinstance(page, bytes) else page
    ids: dict[str, str] = {}
    html = _GENERATED_ID.sub(lambda m: ids.setdefault(m.group(0), f"ed-generated{len(ids) + 1}"), html)
    html = _GENERATOR.sub(r"\1tei-edition\2", html)
    raw: list[str] = []

    def keep(m: re.Match) -> str:
        raw.append(m.group(3))
        return f"{m.group(1)}\x00{len(raw) - 1}\x00{m.group(4)}"

    html = _RAW.sub(keep, html)  # script and style contents are not HTML
    html = _AFTER_BLOCK.sub(r"\1\n", _BEFORE_BLOCK.sub(">\n<", html))
    lines, depth = [], 0
    for line in html.split("\n"):
        leading_close = bool(_CLOSE.match(line))
        depth -= leading_close
        lines.append("  " * max(depth, 0) + line)
        opened = sum(1 for m in _OPEN.finditer(line) if m.group(1).lower() not in VOID_TAGS)
        depth += opened - (len(_CLOSE.findall(line)) - leading_close)
    html = "\n".join(lines)
    html = re.sub("\x00(\\d+)\x00", lambda m: raw[int(m.group(1))], html)
    return html if html.endswith("\n") else html + "\n"


def normalise_pdf_text(text: str) -> str:
    """pdftotext's layout text with a header line per page and no trailing spaces."""
    pages = text.split("\f")
    if pages and not pages[-1].strip():
        pages.pop()
    out = []
    for n, page in enumerate(pages, 1):
        body = "\n".join(line.rstrip() for line in page.split("\n")).strip("\n")
        out.append(f"=== page {n} of {len(pages)} ===\n{body}\n")
    return "\n".join(out)


# --------------------------------------------------------------------------- golden files


@pytest.mark.parametrize("doc_id", DOCS)
def test_screen_html_matches_golden_file(renderer, options, golden, doc_id):
    page = renderer.html(tree(doc_id), doc_id, options.html)
    golden.check(f"html/{doc_id}.html", normalise_html(page))


@pytest.mark.parametrize("doc_id", DOCS)
def test_print_html_matches_golden_file(renderer, options, golden, doc_id):
    page = renderer.print_html(tree(doc_id), doc_id, options.print)
    golden.check(f"print/{doc_id}.html", normalise_html(page))


@pytest.mark.parametrize(("doc_id", "lang"), list(txt_cases()))
def test_plain_text_matches_golden_file(renderer, options, golden, doc_id, lang):
    texts = renderer.txt(tree(doc_id), doc_id, options.txt)
    golden.check(f"txt/{doc_id}.{lang}.txt", texts[lang])


@pytest.mark.parametrize("doc_id", DOCS)
def test_pdf_text_matches_golden_file(pdf_text, golden, doc_id):
    golden.check(f"pdf/{doc_id}.txt", pdf_text(doc_id))


def expected_golden_files() -> set[str]:
    names = {f"{fmt}/{d}.html" for fmt in ("html", "print") for d in DOCS}
    names |= {f"pdf/{d}.txt" for d in DOCS}
    names |= {f"txt/{d}.{lang}.txt" for d in DOCS for lang in version_languages(tree(d))}
    return names


def test_golden_folder_holds_no_stale_files(request):
    """A golden file whose document or version is gone is removed by --update-golden."""
    present = {str(p.relative_to(GOLDEN)) for fmt in FORMATS for p in (GOLDEN / fmt).glob("*")}
    stale = present - expected_golden_files()
    if request.config.getoption("--update-golden"):
        for name in stale:
            (GOLDEN / name).unlink()
        return
    assert not stale, (f"golden files of no current document: {sorted(stale)}; "
                       "remove them with: .venv/bin/python -m pytest tests/test_golden.py --update-golden")


# --------------------------------------------------------------------------- the normalisers


def test_normalised_html_puts_blocks_on_lines_and_keeps_inline_spacing():
    page = ('<!DOCTYPE HTML><html><head><meta charset="utf-8">'
            '<meta name="generator" content="tei-edition 9.9"><style>p>b<i {}</style></head>'
            '<body><div id="ed-d1e5"> <p>a <b>x</b><i>y</i> '
            '<span>z</span></p><p id="ed-d1e9">b</p></div><a href="#ed-d1e5">t</a></body></html>')
    assert normalise_html(page) == (
        "<!DOCTYPE HTML>\n<html>\n  <head>\n    <meta charset=\"utf-8\">\n"
        '    <meta name="generator" content="tei-edition">\n    <style>p>b<i {}</style>\n'
        '  </head>\n  <body>\n    <div id="ed-generated1">\n'
        "      <p>a <b>x</b><i>y</i> <span>z</span></p>\n"
        '      <p id="ed-generated2">b</p>\n    </div>\n    <a href="#ed-generated1">t</a></body>\n</html>\n'
    )


def test_normalised_pdf_text_heads_each_page_and_cuts_trailing_spaces():
    assert normalise_pdf_text("a  \n b\n\fc\n\f") == "=== page 1 of 2 ===\na\n b\n\n=== page 2 of 2 ===\nc\n"
