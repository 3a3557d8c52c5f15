"""PDF from the print edition's HTML, through WeasyPrint.

Fonts come from fontconfig: the print CSS names families (by default Noto Serif and
Noto Serif CJK SC, from Debian's fonts-noto-core and fonts-noto-cjk) and WeasyPrint
embeds the subset of each font the document uses. A family fontconfig does not know
silently falls back to another font, so a missing CJK font shows as boxes: install the
fonts on every machine that renders.

Reproducible: WeasyPrint writes no date of its own; this module writes the PDF's
creation and modification dates from ``SOURCE_DATE_EPOCH`` when it is set (else the
current time), so two renderings of the same HTML with it set are byte-identical.

Resources load from ``file:`` and ``data:`` URLs only (never the network). A linked
``…/assets/<name>`` file that does not exist (the caller has not written the assets
yet, or renders PDF only) is read from the bundled ``xslt/assets/<name>``.
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


def render_pdf(print_html: bytes, base_url: str | None = None) -> bytes:
    """Render the print edition's HTML to PDF bytes.

    Args:
        print_html: the page from :meth:`Renderer.print_html` (UTF-8 bytes).
        base_url: where relative links resolve (``assets/print.css``): normally the
            folder the print page is written to, as a URL or path ending in ``/``.
            None: the bundled stylesheets' folder, so the packaged print.css is used.

    Returns:
        The PDF, fonts embedded.

    Raises:
        RenderError: WeasyPrint failed or reported an error (e.g. the CSS could not
            be loaded).
    """
    from weasyprint import HTML

    base = base_url if base_url is not None else resource_dir("xslt").as_uri() + "/"
    fetcher = _fetcher_class()(allowed_protocols=_ALLOWED_PROTOCOLS)
    with _weasyprint_errors() as errors:
        try:
            document = HTML(string=print_html, base_url=base, url_fetcher=fetcher).render()
            stamp = _timestamp()
            document.metadata.created = stamp
            document.metadata.modified = stamp
            pdf = document.write_pdf()
        except Exception as exc:  # WeasyPrint raises many kinds; report each the same way
            raise RenderError(base, [f"WeasyPrint failed: {exc}", *errors]) from exc
    if errors:
        raise RenderError(base, errors)
    return pdf


@cache
def _fetcher_class():
    """WeasyPrint's URL fetcher, falling back to the bundled assets (see module doc)."""
    from weasyprint import URLFetcher

    class BundledAssetsFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            return super().fetch(_bundled(url) or url, headers)

    return BundledAssetsFetcher


def _bundled(url: str) -> str | None:
    """The bundled asset standing in for a missing ``file:…/assets/<name>``, or None."""
    parts = urlsplit(url)
    if parts.scheme != "file":
        return None
    path = Path(unquote(parts.path))
    if path.exists() or path.parent.name != "assets":
        return None
    bundled = resource_dir("xslt") / "assets" / path.name
    return bundled.as_uri() if bundled.is_file() else None


def _timestamp() -> str:
    """The PDF date as W3C text: SOURCE_DATE_EPOCH when set, else now (UTC)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    moment = datetime.fromtimestamp(int(epoch), UTC) if epoch else datetime.now(UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


class _Collect(logging.Handler):
    """Keeps the messages of WeasyPrint's errors."""

    def __init__(self) -> None:
        super().__init__(level=logging.ERROR)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


class _weasyprint_errors:
    """Context manager: the list of errors WeasyPrint logs while it is active."""

    def __enter__(self) -> list[str]:
        self.handler = _Collect()
        logging.getLogger("weasyprint").addHandler(self.handler)
        return self.handler.messages

    def __exit__(self, *exc_info) -> None:
        logging.getLogger("weasyprint").removeHandler(self.handler)
