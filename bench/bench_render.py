"""Rendering speed per document: screen HTML, print HTML, PDF and plain text, against a floor.

Measures side by side in one run, for every TEI file of a folder (default the bundled
tei/), the median time of each rendering (stylesheets compiled once beforehand, as a
build does), and the time of a bare saxonche identity transform of the same document
(the floor: lxml tree handed to Saxon, copied, serialized; what any XSLT rendering
costs before it does anything). Prints milliseconds per document and in total, the
ratio of the HTML transform to the floor, and the combined volume (print HTML + PDF of
all documents at once). Asserts nothing: speed is not a test.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from pipeline.encode import ncname
from pipeline.render import HtmlOptions, PrintOptions, Renderer, TxtOptions, render_pdf
from pipeline.render.stylesheets import compiled, transform
from pipeline.render.volume import print_volume
from pipeline.xmlio import parse_xml

TEI = Path(__file__).resolve().parents[1] / "tei"
EXAMPLE = """example:
  .venv/bin/python bench/bench_render.py                  # the sample corpus, 3 rounds
  .venv/bin/python bench/bench_render.py tei/ --rounds 5 --no-volume
"""
IDENTITY = """<xsl:stylesheet version="3.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:mode on-no-match="shallow-copy"/>
</xsl:stylesheet>
"""
COLUMNS = ("html", "print", "pdf", "txt", "identity")


def timed(func: Callable[[], object], rounds: int) -> float:
    """Median seconds of ``rounds`` calls of ``func``."""
    samples = []
    for _ in range(rounds):
        start = time.perf_counter()
        func()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def measure(renderer: Renderer, identity: Path, doc_id: str, tree, rounds: int) -> dict[str, float]:
    """Seconds of each rendering of one document (PDF from its print page)."""
    html, prn, txt = HtmlOptions(), PrintOptions(), TxtOptions()
    page = renderer.print_html(tree, doc_id, prn)
    return {
        "html": timed(lambda: renderer.html(tree, doc_id, html), rounds),
        "print": timed(lambda: renderer.print_html(tree, doc_id, prn), rounds),
        "pdf": timed(lambda: render_pdf(page, label=doc_id), rounds),
        "txt": timed(lambda: renderer.txt(tree, doc_id, txt), rounds),
        "identity": timed(lambda: transform(identity, tree, label=doc_id), rounds),
    }


def row(name: str, times: dict[str, float]) -> str:
    cells = "".join(f"{times[c] * 1000:>10.1f}" for c in COLUMNS)
    return f"{name[:40]:<40}{cells}{times['html'] / times['identity']:>12.1f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0], epilog=EXAMPLE,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("folder", nargs="?", type=Path, default=TEI, help="TEI files (default: tei/)")
    parser.add_argument("--rounds", type=int, default=3, help="repetitions per measurement (median)")
    parser.add_argument("--no-volume", action="store_true", help="skip the combined volume")
    args = parser.parse_args()

    documents = [(ncname(p.stem), parse_xml(p, name=p.name)) for p in sorted(args.folder.glob("*.xml"))]
    renderer = Renderer()
    with tempfile.TemporaryDirectory() as tmp:
        identity = Path(tmp) / "identity.xsl"
        identity.write_text(IDENTITY, encoding="utf-8")
        for path in (*renderer.stylesheets.values(), identity):
            compiled(path)  # compiled once, outside the timings, as a build does
        first_id, first_tree = documents[0]
        render_pdf(renderer.print_html(first_tree, first_id, PrintOptions()))  # fonts loaded once
        results = [(doc_id, measure(renderer, identity, doc_id, tree, args.rounds))
                   for doc_id, tree in documents]

    folder = args.folder.resolve()
    shown = folder.relative_to(TEI.parent) if folder.is_relative_to(TEI.parent) else args.folder
    print(f"{len(documents)} documents in {shown}/, median of {args.rounds} rounds, milliseconds")
    print(f"{'document':<40}" + "".join(f"{c:>10}" for c in COLUMNS) + f"{'html/ident.':>12}")
    for doc_id, times in results:
        print(row(doc_id, times))
    print(row("total", {c: sum(t[c] for _, t in results) for c in COLUMNS}))
    if not args.no_volume:
        start = time.perf_counter()
        page = print_volume(renderer, documents, PrintOptions())
        html_s = time.perf_counter() - start
        render_pdf(page, label="volume")
        pdf_s = time.perf_counter() - start - html_s
        print(f"combined volume: print HTML {html_s * 1000:.1f} ms, PDF {pdf_s * 1000:.1f} ms "
              f"({pdf_s / sum(t['pdf'] for _, t in results):.2f} × the documents' PDFs)")


if __name__ == "__main__":
    main()
