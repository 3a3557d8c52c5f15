"""Hostile TEI against the stylesheets and the PDF: a document's content never makes a
transform or WeasyPrint read a local file or reach the network.

The stylesheets read nothing but their input (they call no function that reads a URI,
and Saxon may read no URI while it runs them); the PDF reads only the print folder, the
bundled assets and ``data:`` URLs. Each hostile file below tries another way in; each
renders to html, print, txt and pdf as inert text or links, or its PDF is refused with
a message naming the URL. WeasyPrint compresses the PDF's streams, so what it fetched is
recorded rather than only grepping the PDF for the secret.
"""

from __future__ import annotations

import base64
import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline.cli import main
from pipeline.errors import RenderError, TransformError
from pipeline.render import pdf as pdf_module
from pipeline.render import stylesheets
from pipeline.resources import resource_dir
from tests.test_import_hostile import HEADER, TEI, TOKEN, Listener

XSL = "http://www.w3.org/1999/XSL/Transform"
XHTML = "http://www.w3.org/1999/xhtml"
# Stylesheet functions and instructions that read a URI chosen at run time.
READERS = ("document", "doc", "doc-available", "unparsed-text", "unparsed-text-lines",
           "unparsed-text-available", "collection", "uri-collection", "json-doc", "transform",
           "load-xquery-module")
_READER_CALL = re.compile(
    r"(?<![\w.:-])(?:fn:|Q\{http://www\.w3\.org/2005/xpath-functions\})?("
    + "|".join(re.escape(n) for n in sorted(READERS, key=len, reverse=True)) + r")\s*\(")
_READER_INSTRUCTION = re.compile(r"<xsl:(source-document|merge-source|evaluate)\b")


@pytest.fixture
def listener():
    server = Listener()
    yield server
    server.close()


@pytest.fixture
def secrets(tmp_path) -> Path:
    """A folder of secrets beside the edition: text, an image, CSS, an evil stylesheet."""
    folder = tmp_path / "secrets"
    folder.mkdir()
    (folder / "secret.txt").write_text(TOKEN)
    (folder / "secret.png").write_bytes(b"\x89PNG\r\n\x1a\n" + TOKEN.encode())
    (folder / "secret.css").write_text(f'body::before {{ content: "{TOKEN}"; }}')
    (folder / "secret.xml").write_text(f"<p>{TOKEN}</p>")
    (folder / "evil.xsl").write_text(
        f'<xsl:stylesheet version="3.0" xmlns:xsl="{XSL}"><xsl:template match="/">'
        f"<p>{TOKEN}</p></xsl:template></xsl:stylesheet>")
    return folder


def _doc(body: str, before_text: str = "", prolog: str = "") -> str:
    return (f'<?xml version="1.0"?>\n{prolog}<TEI {TEI}>{HEADER}{before_text}'
            f"<text><body>{body}</body></text></TEI>\n")


def _svg(secrets: Path, url: str) -> str:
    """An SVG image, base64, whose own images (and stylesheet) point at a secret and the net."""
    svg = (f'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
           f'width="10" height="10"><style>@import url("{(secrets / "secret.css").as_uri()}");</style>'
           f'<image href="{(secrets / "secret.png").as_uri()}" width="5" height="5"/>'
           f'<image xlink:href="{url}/svg.png" width="5" height="5"/></svg>')
    return base64.b64encode(svg.encode()).decode()


# What the PDF of a file that smuggles an image into the print page says.
REFUSED = "refused to load"


def smuggling_files(secrets: Path, port: int) -> dict[str, tuple[str, str, str | None]]:
    """File name → (TEI, what it tries, the PDF's expected message; None: renders in full)."""
    url = f"http://127.0.0.1:{port}"
    txt, png = (secrets / "secret.txt").as_uri(), (secrets / "secret.png").as_uri()
    return {
        "graphic-file.xml": (_doc(f'<p>A <graphic url="{png}"/> image.</p>'),
                             "graphic with a file: URL", None),
        "graphic-relative.xml": (_doc('<p>A <graphic url="../secrets/secret.png"/> image.</p>'),
                                 "graphic with a relative URL out of the folder", None),
        "ref-file.xml": (_doc(f'<p>See <ref target="{txt}">this</ref>.</p>'),
                         "ref to a local file", None),
        "ptr-url.xml": (_doc(f'<p>See <ptr target="{url}/ptr"/>.</p>'), "ptr to a URL", None),
        "xml-stylesheet-pi.xml": (_doc("<p>Plain.</p>", prolog=(
            f'<?xml-stylesheet type="text/xsl" href="{(secrets / "evil.xsl").as_uri()}"?>\n'
            f'<?xml-stylesheet type="text/xsl" href="{url}/evil.xsl"?>\n')),
                                  "xml-stylesheet processing instructions", None),
        "xsl-elements.xml": (_doc(f'<p>Before <xsl:value-of xmlns:xsl="{XSL}" '
                                  f"select=\"unparsed-text('{txt}')\"/> <xsl:copy-of xmlns:xsl=\"{XSL}\" "
                                  f"select=\"document('{url}/doc.xml')\"/> after.</p>"),
                             "xsl:value-of and xsl:copy-of inside the TEI", None),
        "avt-attributes.xml": (_doc(f"<p rend=\"{{unparsed-text('{txt}')}}\" "
                                    f"n=\"{{document('{url}/n.xml')}}\"><hi rend=\"{{doc('{txt}')}}\">"
                                    "Attribute value templates.</hi></p>"),
                               "attribute value templates calling unparsed-text(), document(), doc()",
                               None),
        "xml-base.xml": (_doc(f'<p xml:base="{secrets.as_uri()}/">A <graphic url="secret.png"/> and '
                              f'<ref target="secret.txt">ref</ref>.</p>'
                              f'<p xml:base="{url}/"><graphic url="x.png"/></p>'),
                         "xml:base pointing at the secrets and the network", None),
        "facsimile.xml": (_doc("<p>Text.</p>", before_text=(
            f'<facsimile><surface><graphic url="{png}"/></surface>'
            f'<surface><graphic url="{url}/facs.png"/></surface></facsimile>')),
                          "facsimile surfaces with graphics to a file and a URL", None),
        "svg-binary.xml": (_doc(f'<figure><binaryObject mimeType="image/svg+xml">{_svg(secrets, url)}'
                                "</binaryObject></figure>"),
                           "embedded SVG whose image and stylesheet point at a file and a URL",
                           REFUSED),
        "xhtml-in-math.xml": (_doc(f'<p>Formula <math xmlns="{XHTML}"><img src="{png}"/>'
                                   f'<img src="{url}/math.png"/></math>.</p>'),
                              "XHTML img smuggled in as a math element (not MathML: its text only)",
                              None),
    }


def _record_fetches(monkeypatch) -> tuple[list[str], list[str]]:
    """(URLs the PDF's fetcher is asked for, URLs it actually opens)."""
    from weasyprint import URLFetcher

    asked: list[str] = []
    opened: list[str] = []
    restricted = pdf_module._fetcher_class()
    ask, open_ = restricted.fetch, URLFetcher.fetch

    def asking(self, url, headers=None):
        asked.append(url)
        return ask(self, url, headers)

    def opening(self, url, headers=None):
        opened.append(url)
        return open_(self, url, headers)

    monkeypatch.setattr(restricted, "fetch", asking)
    monkeypatch.setattr(URLFetcher, "fetch", opening)
    return asked, opened


def _allowed_fetch(url: str, print_dir: Path) -> bool:
    if url.startswith("data:"):
        return True
    path = Path(url.removeprefix("file://"))
    return any(path.is_relative_to(root.resolve())
               for root in (print_dir, resource_dir("xslt") / "assets"))


def _leaks(folder: Path) -> list[str]:
    return [str(p) for p in folder.rglob("*") if p.is_file() and TOKEN.encode() in p.read_bytes()]


def test_smuggling_tei_renders_inert_in_every_format_and_reads_nothing(tmp_path, secrets, listener,
                                                                       monkeypatch):
    catalogue = smuggling_files(secrets, listener.port)
    runner = CliRunner()
    edition = tmp_path / "ed"
    assert runner.invoke(main, ["init", str(edition)]).exit_code == 0
    for name, (text, _, _) in catalogue.items():
        (edition / "tei" / name).write_text(text)
    asked, opened = _record_fetches(monkeypatch)
    result = runner.invoke(main, ["--edition", str(edition), "render", *(str(edition / "tei" / n)
                                  for n in catalogue), "--jobs", "1"])
    out = edition / "output"
    report = json.loads((out / "reports" / "render.json").read_text())
    by_name = {Path(f["path"]).name: f for f in report["files"]}
    assert set(by_name) == set(catalogue), result.output
    for name, (_, what, pdf_message) in catalogue.items():
        stem, record = Path(name).stem, by_name[name]
        for made in (f"html/{stem}.html", f"print/{stem}.html"):
            assert (out / made).is_file(), f"{what}: no {made}\n{result.output}"
        assert list((out / "txt").glob(f"{stem}.*.txt")), f"{what}: no txt\n{result.output}"
        if pdf_message is None:
            assert record["status"] == "rendered" and not record["problems"], f"{what}: {record}"
            assert (out / "pdf" / f"{stem}.pdf").is_file(), f"{what}: no PDF\n{result.output}"
            continue
        assert record["status"] == "failed" and not (out / "pdf" / f"{stem}.pdf").exists(), what
        problems = record["problems"]
        assert all(f"{stem}.pdf" in p and pdf_message in p for p in problems), f"{what}: {problems}"
        assert any((secrets / "secret.png").as_uri() in p for p in problems), f"{what}: {problems}"
        assert any(f"127.0.0.1:{listener.port}" in p for p in problems), f"{what}: {problems}"
    assert asked, "the PDF fetcher was never asked: the recording missed it"
    assert [u for u in opened if not _allowed_fetch(u, out / "print")] == []
    assert [u for u in asked if "secrets" in u or f":{listener.port}" in u]  # asked, and refused
    assert not _leaks(edition), result.output
    assert TOKEN not in result.output
    assert listener.connections == 0


def test_the_xsl_inside_a_document_stays_text_and_its_links_stay_links(tmp_path, secrets, listener):
    from lxml import etree

    from pipeline.render import HtmlOptions, Renderer

    catalogue = smuggling_files(secrets, listener.port)
    renderer = Renderer()
    tree = etree.ElementTree(etree.fromstring(catalogue["ref-file.xml"][0].split("\n", 1)[1].encode()))
    page = renderer.html(tree, "ref-file", HtmlOptions()).decode()
    # A file: address is not linked (ed:safe-url): a published page must not point into
    # its reader's file system; the address stays readable as text.
    assert f'href="{(secrets / "secret.txt").as_uri()}"' not in page
    assert TOKEN not in page
    tree = etree.ElementTree(etree.fromstring(catalogue["xsl-elements.xml"][0].split("\n", 1)[1].encode()))
    page = renderer.html(tree, "xsl-elements", HtmlOptions()).decode()
    assert "Before" in page and "after." in page and TOKEN not in page
    assert listener.connections == 0


@pytest.mark.parametrize("element", ['<img src="{png}"/>', '<link rel="stylesheet" href="{css}"/>',
                                     '<style>@import url("{css}");</style>',
                                     '<div style="background: url({png})">x</div>',
                                     '<img src="../secrets/secret.png"/>', '<img src="{url}/i.png"/>',
                                     '<link rel="attachment" href="{txt}"/>',
                                     '<style>@font-face {{ font-family: X; src: url("{txt}"); }}'
                                     ' p {{ font-family: X; }}</style>'])
def test_pdf_refuses_every_resource_outside_the_print_folder_and_assets(tmp_path, secrets, listener,
                                                                        monkeypatch, element):
    print_dir = tmp_path / "print"
    print_dir.mkdir()
    url = f"http://127.0.0.1:{listener.port}"
    tag = element.format(png=(secrets / "secret.png").as_uri(), css=(secrets / "secret.css").as_uri(),
                         txt=(secrets / "secret.txt").as_uri(), url=url)
    page = (f'<html><head><meta charset="utf-8"><link rel="stylesheet" href="assets/print.css">'
            f"</head><body><p>text</p>{tag}</body></html>")
    asked, opened = _record_fetches(monkeypatch)
    with pytest.raises(RenderError) as caught:
        pdf_module.render_pdf(page.encode(), print_dir.as_uri() + "/", label="hostile-page")
    message = str(caught.value)
    assert REFUSED in message and caught.value.path == "hostile-page", message
    refused = [u for u in asked if not _allowed_fetch(u, print_dir)]
    assert refused and all(u in message for u in refused), (refused, message)
    assert [u for u in opened if not _allowed_fetch(u, print_dir)] == []
    assert any(u.endswith("assets/print.css") for u in opened)  # the allowed one still loads
    assert TOKEN not in message
    assert listener.connections == 0


def test_pdf_still_reads_the_print_folder_the_bundled_assets_and_data_urls(tmp_path, monkeypatch):
    print_dir = tmp_path / "print"
    (print_dir / "img").mkdir(parents=True)
    gif = base64.b64decode("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7")
    (print_dir / "img" / "dot.gif").write_bytes(gif)
    page = ('<html><head><meta charset="utf-8"><link rel="stylesheet" href="assets/print.css"></head>'
            '<body><p>text</p><img src="img/dot.gif"/>'
            f'<img src="data:image/gif;base64,{base64.b64encode(gif).decode()}"/></body></html>')
    _, opened = _record_fetches(monkeypatch)
    assert pdf_module.render_pdf(page.encode(), print_dir.as_uri() + "/").startswith(b"%PDF")
    assert any(u.endswith("/img/dot.gif") for u in opened)
    assert any(u.startswith("data:image/gif") for u in opened)
    assert any(Path(u.removeprefix("file://")).parent == (resource_dir("xslt") / "assets").resolve()
               for u in opened)  # print.css, from the bundled assets as none is written


def test_no_stylesheet_calls_a_function_that_reads_a_uri():
    """Only the document given reaches a transform: no stylesheet may let data choose a file
    or URL to read (doc(), unparsed-text() …, xsl:source-document, xsl:evaluate)."""
    found = []
    for path in sorted(resource_dir("xslt").rglob("*.xsl")):
        text = re.sub(r"<!--.*?-->", "", path.read_text(encoding="utf-8"), flags=re.S)
        for match in (*_READER_CALL.finditer(text), *_READER_INSTRUCTION.finditer(text)):
            found.append(f"{path.name}:{text.count(chr(10), 0, match.start()) + 1}: {match.group()}")
    assert found == []


@pytest.mark.parametrize("call", ["unparsed-text('x.txt')", "fn:doc( 'a.xml')", "document($x)",
                                  "doc-available('a')", "json-doc('a')", "collection()"])
def test_the_guard_catches_each_way_of_calling_a_reader(call):
    assert _READER_CALL.search(f'<xsl:sequence select="{call}"/>')


@pytest.mark.parametrize("call", ["ed:document(.)", "ed:transform(.)", "tei:doc", "my-doc(.)"])
def test_the_guard_leaves_functions_of_other_names_alone(call):
    assert not _READER_CALL.search(f'<xsl:sequence select="{call}"/>')


def test_saxon_reaches_no_network_even_if_a_stylesheet_asked(tmp_path, listener):
    """The second guard: a stylesheet that did call unparsed-text() or doc() on a URL is
    stopped before any connection."""
    from lxml import etree

    url = f"http://127.0.0.1:{listener.port}"
    for number, call in enumerate((f"unparsed-text('{url}/x.txt')", f"string(doc('{url}/x.xml'))",
                                   f"unparsed-text('https://127.0.0.1:{listener.port}/x')")):
        path = tmp_path / f"reader-{number}.xsl"
        path.write_text(f'<xsl:stylesheet version="3.0" xmlns:xsl="{XSL}"><xsl:template match="/">'
                        f'<r><xsl:value-of select="{call}"/></r></xsl:template></xsl:stylesheet>')
        with pytest.raises(TransformError) as caught:
            stylesheets.transform(path, etree.fromstring("<a/>"), label="reader")
        assert "prohibited" in str(caught.value), caught.value
    assert listener.connections == 0


def test_pages_link_and_show_only_safe_addresses_and_real_mathml(tmp_path):
    """javascript: and other addresses a page must not follow are shown as text; a math
    element of another namespace is not copied; MathML loses its script attributes."""
    from lxml import etree

    from pipeline.render import HtmlOptions, Renderer

    mml = "http://www.w3.org/1998/Math/MathML"
    body = (f'<p><ref target="javascript:alert(1)">a</ref> <ref target="java&#9;script:alert(2)">b</ref>'
            f' <ptr target="data:text/html,x"/> <ref target="https://example.org/x">ok</ref>'
            f' <ref target="notes.html#n1">rel</ref> <graphic url="javascript:alert(3)"/>'
            f' <math xmlns="{XHTML}"><script>alert(4)</script><img src="x" onerror="alert(5)"/></math>'
            f' <math xmlns="{mml}" onclick="alert(6)"><mi href="javascript:alert(7)">x</mi>'
            f'<mo style="x">+</mo><mn xmlns:h="{XHTML}"><h:b onmouseover="alert(8)">1</h:b></mn></math></p>')
    tree = etree.ElementTree(etree.fromstring(_doc(body).encode()))
    page = Renderer().html(tree, "links", HtmlOptions()).decode()
    assert all(f"alert({n})" not in page for n in (5, 6, 7, 8))  # attributes: dropped
    assert '<div class="tei-unknown tei-script">alert(4)</div>' in page  # a script: its text
    assert 'href="https://example.org/x"' in page and 'href="notes.html#n1"' in page
    for bad in ('href="javascript', 'href="data:', 'src="javascript', "<script>alert",
                "onerror", "onclick", "onmouseover", "<img src=\"x\""):
        assert bad not in page, bad
    assert f'<math xmlns="{mml}"' in page and "<mi>x</mi>" in page and "<mn>1</mn>" in page

