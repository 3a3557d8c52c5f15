"""PDF from the print edition's HTML, through WeasyPrint.

Fonts come from fontconfig: the print CSS names families (by default Noto Serif and
Noto Serif CJK SC, from Debian's fonts-noto-core and fonts-noto-cjk) and WeasyPrint
embeds the subset of each font the document uses. A family fontconfig does not know
silently falls back to another font, so a missing CJK font shows as boxes: install the
fonts on every machine that renders.

Reproducible: WeasyPrint writes no date of its own; this module writes the PDF's
creation and modification dates from ``SOURCE_DATE_EPOCH`` when it is set (else the
current time), so two renderings of the same HTML with it set are byte-identical.

Resources load only from ``data:`` URLs and from files under the print page's folder
(``base_url``) or the bundled ``xslt/assets``: never the network, and no other local
file, whatever the page links to (an image of another archive's TEI naming
``file:///…`` or ``../../secret.png`` would otherwise be embedded in the PDF). A
refused URL is not fetched, and :func:`render_pdf` raises :class:`RenderError` naming
it. A linked ``…/assets/<name>`` file that does not exist (the caller has not written
the assets yet, or renders PDF only) is read from the bundled ``xslt/assets/<name>``.

Footnotes stay on the page of their call. WeasyPrint 70 moves a footnote to the next
page, leaving its call behind, when it needs the room for a line it would rather not
break before (orphans, widows, the first line of a block). The print page marks every
call with an empty element ``{note id}-ref``; after layout, a note whose call is on
another page makes :func:`render_pdf` lay the page out again with a page break before
the block after the call's block (then before the call's block itself), at most
:data:`_FOOTNOTE_PASSES` times.

A character no installed font can draw is an error, not a box in the PDF: WeasyPrint
only logs a warning (".notdef glyph rendered …") and writes the file, so
:func:`render_pdf` collects those warnings and raises :class:`RenderError` naming every
such character, and a build reports the document as failed.
"""

from __future__ import annotations

import logging
import os
from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from urllib.parse import unquote, urlsplit

from pipeline.errors import RenderError

from ..resources import resource_dir

_ALLOWED_PROTOCOLS = ("file", "data")


def render_pdf(print_html: bytes, base_url: str | None = None, *, label: str | None = None) -> bytes:
    """Render the print edition's HTML to PDF bytes.

    Args:
        print_html: the page from :meth:`Renderer.print_html` (UTF-8 bytes).
        base_url: where relative links resolve (``assets/print.css``): normally the
            folder the print page is written to, as a URL or path ending in ``/``.
            None: the bundled stylesheets' folder, so the packaged print.css is used.
        label: how to name the page in errors (e.g. the document id); default the
            base URL.

    Returns:
        The PDF, fonts embedded.

    Raises:
        RenderError: WeasyPrint failed or reported an error (e.g. the CSS could not
            be loaded), the page links to a resource outside the allowed places (see
            the module docstring), or a character has no glyph in any installed font.
    """
    from weasyprint import HTML

    base = base_url if base_url is not None else resource_dir("xslt").as_uri() + "/"
    roots = [_bundled_assets()] + ([_folder(base_url)] if base_url is not None else [])
    fetcher = _fetcher_class()(roots=[r for r in roots if r is not None])
    with _weasyprint_log() as log:
        try:
            # Decoded here: given bytes, WeasyPrint guesses the encoding of a page without
            # <meta charset> (and may read UTF-8 as windows-1252).
            text = print_html.decode("utf-8") if isinstance(print_html, bytes) else print_html
            document = _layout(HTML(string=text, base_url=base, url_fetcher=fetcher), text)
            stamp = _timestamp()
            document.metadata.created = stamp
            document.metadata.modified = stamp
            pdf = document.write_pdf()
        except Exception as exc:  # WeasyPrint raises many kinds; report each the same way
            raise RenderError(label or base, [f"WeasyPrint failed: {exc}", *fetcher.refusals(),
                                              *_other_errors(log.errors, fetcher.refused)]) from exc
    problems = (fetcher.refusals() + _other_errors(log.errors, fetcher.refused)
                + [_glyph_message(m) for m in log.missing_glyphs])
    if problems:
        raise RenderError(label or base, problems)
    return pdf


# At most this many extra layouts to bring footnotes back to the page of their call.
_FOOTNOTE_PASSES = 3
_BLOCKS = ("p", "div", "section", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "aside")


def _layout(html, text: str):
    """The laid out document, with page breaks added until every footnote is on the page
    of its call (see the module docstring)."""
    from weasyprint import CSS

    document = html.render()
    breaks: list[str] = []
    for _ in range(_FOOTNOTE_PASSES):
        added = _breaks_for(text, _stray_footnotes(document), breaks)
        if not added:
            break
        breaks += added
        rules = " ".join(f'[id="{b}"] {{ break-before: page; }}' for b in breaks)
        document = html.render(stylesheets=[CSS(string=rules)])
    return document


def _stray_footnotes(document) -> list[str]:
    """Ids of notes laid out on another page than their call (anchor ``{id}-ref``)."""
    page_of: dict[str, int] = {}
    for number, page in enumerate(document.pages):
        for anchor in page.anchors:
            page_of.setdefault(anchor, number)
    return [a for a in page_of if page_of.get(f"{a}-ref", page_of[a]) != page_of[a]]


def _breaks_for(text: str, notes: list[str], done: list[str]) -> list[str]:
    """Per stray note, the id of the block to start a page with, not tried before: the
    block after the call's block, else the call's block."""
    if not notes:
        return []
    import lxml.html

    page = lxml.html.fromstring(text)
    added: list[str] = []
    for note in notes:
        calls = page.xpath("//*[@id=$ref]", ref=f"{note}-ref")
        blocks = [a for a in (calls[0].iterancestors() if calls else ()) if a.tag in _BLOCKS and a.get("id")]
        if not blocks:
            continue
        following = blocks[0].xpath("following-sibling::*[@id][1]")
        for candidate in (*following, blocks[0]):
            if candidate.tag in _BLOCKS and candidate.get("id") not in done + added:
                added.append(candidate.get("id"))
                break
    return added


@cache
def _fetcher_class():
    """WeasyPrint's URL fetcher, restricted to the allowed places and falling back to the
    bundled assets (see the module docstring)."""
    from weasyprint import URLFetcher

    class RestrictedFetcher(URLFetcher):
        def __init__(self, roots: list[Path], **kwargs):
            super().__init__(allowed_protocols=_ALLOWED_PROTOCOLS, **kwargs)
            self.roots = roots
            self.refused: list[str] = []

        def fetch(self, url, headers=None):
            allowed = _allowed(url, self.roots)
            if allowed is None:
                if url not in self.refused:
                    self.refused.append(url)
                raise ValueError(_refusal(url))
            return super().fetch(allowed, headers)

        def refusals(self) -> list[str]:
            return [_refusal(url) for url in self.refused]

    return RestrictedFetcher


def _allowed(url: str, roots: list[Path]) -> str | None:
    """The URL to fetch for ``url`` (a ``data:`` URL, or a ``file:`` URL under one of
    ``roots`` after resolving links and ``..``, or its bundled stand-in), or None."""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme == "data":
        return url
    if scheme != "file" or parts.netloc not in ("", "localhost"):
        return None
    path = Path(unquote(parts.path)).resolve()
    if not any(path.is_relative_to(root) for root in roots):
        return None
    return _bundled(path) or path.as_uri()


def _refusal(url: str) -> str:
    """Why ``url`` was not loaded, in an editor's words."""
    shown = url if len(url) <= 200 else url[:200] + "…"
    return (f"refused to load {shown}: a PDF embeds only the print folder's files, the "
            "bundled assets and data: URLs (another file or a network address could put "
            "content into the PDF that the edition does not hold)")


def _other_errors(errors: list[str], refused: list[str]) -> list[str]:
    """WeasyPrint's errors but its own reports of the refused URLs (reported already)."""
    return [e for e in errors if not any(url in e for url in refused)]


def _folder(base: str) -> Path | None:
    """The local folder a base URL or path names (None for another scheme)."""
    parts = urlsplit(base)
    if parts.scheme.lower() == "file":
        return Path(unquote(parts.path)).resolve()
    if len(parts.scheme) <= 1:  # a path (or a Windows drive letter)
        return Path(base).resolve()
    return None


def _bundled_assets() -> Path:
    return (resource_dir("xslt") / "assets").resolve()


def _bundled(path: Path) -> str | None:
    """The bundled asset standing in for a missing ``…/assets/<name>``, or None."""
    if path.exists() or path.parent.name != "assets":
        return None
    bundled = _bundled_assets() / path.name
    return bundled.as_uri() if bundled.is_file() else None


def _timestamp() -> str:
    """The PDF date as W3C text: SOURCE_DATE_EPOCH when set, else now (UTC)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    moment = datetime.fromtimestamp(int(epoch), UTC) if epoch else datetime.now(UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


# WeasyPrint's warning for a character no font can draw (weasyprint/draw/text.py).
_MISSING_GLYPH = ".notdef glyph rendered"


def _glyph_message(warning: str) -> str:
    """WeasyPrint's missing-glyph warning in an editor's words."""
    character = warning.partition(": ")[2] or warning
    return (f"no installed font has a glyph for {character}: install a font for it "
            "(see [render] fonts in edition.toml)")


class _Collect(logging.Handler):
    """Keeps WeasyPrint's errors and its missing-glyph warnings."""

    def __init__(self) -> None:
        super().__init__(level=logging.WARNING)
        self.errors: list[str] = []
        self.missing_glyphs: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        if record.levelno >= logging.ERROR:
            self.errors.append(message)
        elif message.startswith(_MISSING_GLYPH) and message not in self.missing_glyphs:
            self.missing_glyphs.append(message)


class _weasyprint_log:
    """Context manager: the handler collecting what WeasyPrint logs while it is active."""

    def __enter__(self) -> _Collect:
        self.handler = _Collect()
        logging.getLogger("weasyprint").addHandler(self.handler)
        return self.handler

    def __exit__(self, *exc_info) -> None:
        logging.getLogger("weasyprint").removeHandler(self.handler)
