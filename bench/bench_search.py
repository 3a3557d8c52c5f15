"""Benchmark: the HTML index and its full-text search at corpus scale.

Makes N synthetic documents from the sample corpus (each a new id, title and date and
a recombination of the corpus's paragraphs in every language, with a line of archival
reference from bench/synth.py, new numbers and names, so that the vocabulary grows with N
as a real archive's does), builds the search index and the index page as the build does,
and opens the page from disk in Debian's chromium to time real queries. Prints, for each
N: index build time, total size of search/, number and largest size of shards, the size
of meta.js and of index.html, the page's load time and, per query, the time to the result
set (lookup) and to the re-ordered table.

The floor printed beside the search build is the time to tokenise the same texts
(terms() alone), so the ratio shows what the index adds.

Example:
    .venv/bin/python bench/bench_search.py --n 1000 --n 10000
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

from lxml import etree

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.synth import archival_note, random_day  # noqa: E402
from pipeline.config import load_config  # noqa: E402
from pipeline.corpus import find_tei  # noqa: E402
from pipeline.render import Renderer, TxtOptions, options_for, summary_texts, txt_body  # noqa: E402
from pipeline.render.search import SearchIndex, terms  # noqa: E402
from pipeline.xmlio import parse_xml  # noqa: E402

QUERIES = ["Mao", "Roshchin Stalin", "Xinjia", "Вышинского", "同志", "embassy experts", "zzzqqq"]
CHROMIUM = Path("/usr/bin/chromium")


def sample_summaries(renderer, options) -> list[tuple[etree._Element, dict[str, str]]]:
    """Each sample's summary record and the bodies of its plain texts by language (what
    the build's search index reads)."""
    samples = []
    for path in find_tei([ROOT / "tei"]):
        tree = parse_xml(path)
        texts = renderer.txt(tree, path.stem, TxtOptions())
        samples.append((renderer.summary(tree, path.stem, options),
                        {lang: txt_body(text) for lang, text in texts.items()}))
    return samples


def synthetic(samples: list[tuple[etree._Element, dict[str, str]]], n: int, seed: int = 7):
    """N (summary record, texts) pairs varied from the samples."""
    rng = random.Random(seed)
    paragraphs: dict[str, list[str]] = {}
    for _, texts in samples:
        for lang, text in texts.items():
            paragraphs.setdefault(lang, []).extend(p for p in text.split("\n") if p.strip())
    for i in range(n):
        base = samples[i % len(samples)][0]
        record = etree.Element(base.tag, dict(base.attrib))
        day = random_day(rng)
        record.set("id", f"doc-{i:06d}")
        record.set("date", day.isoformat())
        record.set("date-text", f"{day.day} {day.month} {day.year}")
        record.set("title", f"{base.get('title')} (record {i}, file {rng.randrange(10**6)})")
        for child in base:
            record.append(etree.fromstring(etree.tostring(child)))
        texts = {}
        langs = [lang for lang in paragraphs if rng.random() < (1.0 if lang == "en" else 0.3)]
        for lang in langs:
            chosen = rng.sample(paragraphs[lang], min(len(paragraphs[lang]), rng.randrange(5, 25)))
            # Numbers, names of files and places vary per record, as in an archive.
            chosen.append(archival_note(rng))
            texts[lang] = "\n".join(chosen)
        yield record, texts


def kib(n: int) -> str:
    return f"{n / 1024:,.0f} KiB"


def run(n: int, renderer, options, samples, browser) -> None:
    records = list(synthetic(samples, n))
    started = time.perf_counter()
    for r, texts in records:
        for text in [*summary_texts(r), *texts.values()]:
            terms(text)
    floor = time.perf_counter() - started

    started = time.perf_counter()
    index = SearchIndex()
    for r, texts in records:
        index.add(r.get("id"), [*summary_texts(r), *texts.values()])
    files = index.files()
    build = time.perf_counter() - started
    shards = {k: v for k, v in files.items() if k != "search/meta.js"}

    with tempfile.TemporaryDirectory() as tmp:
        html = Path(tmp)
        for rel, data in files.items():
            (html / rel).parent.mkdir(parents=True, exist_ok=True)
            (html / rel).write_bytes(data)
        started = time.perf_counter()
        page = renderer.index_page([r for r, _ in records], options, search=True)
        page_time = time.perf_counter() - started
        (html / "index.html").write_bytes(page)
        (html / "assets").mkdir()
        from pipeline.render import assets

        for rel, data in assets(["html"]).items():
            (html / "assets" / Path(rel).name).write_bytes(data)

        print(f"\nN={n}: search index built in {build:.2f} s (tokenising alone {floor:.2f} s, "
              f"ratio {build / floor:.2f}); index page transformed in {page_time:.2f} s")
        print(f"  search/: {kib(sum(map(len, files.values())))} in {len(shards)} shards "
              f"(largest {kib(max(map(len, shards.values())))}, median "
              f"{kib(sorted(map(len, shards.values()))[len(shards) // 2])}); "
              f"meta.js {kib(len(files['search/meta.js']))}; index.html {kib(len(page))}")
        if browser is None:
            print("  (chromium missing: no query times)")
            return
        tab = browser.new_page()
        started = time.perf_counter()
        tab.goto((html / "index.html").as_uri())
        tab.wait_for_function("window.edSearch && document.querySelector('form.search').hidden === false")
        print(f"  page load from disk: {time.perf_counter() - started:.2f} s")
        print(f"  {'query':<20} {'hits':>6} {'lookup ms':>10} {'table ms':>9}")
        for q in QUERIES:
            tab.fill("#query", "")
            tab.fill("#query", q)
            tab.wait_for_function("document.getElementById('search-status').hasAttribute('data-total-ms')")
            status = tab.locator("#search-status")
            hits = tab.eval_on_selector_all("#documents tbody tr:not([hidden])", "r => r.length")
            print(f"  {q:<20} {hits:>6} {status.get_attribute('data-ms'):>10} "
                  f"{status.get_attribute('data-total-ms'):>9}")
            tab.evaluate("document.getElementById('search-status').removeAttribute('data-total-ms')")
        tab.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, action="append", help="corpus sizes (default 100, 1000, 10000)")
    args = parser.parse_args()
    sizes = args.n or [100, 1000, 10000]
    renderer = Renderer()
    options = options_for(load_config(ROOT)).html
    samples = sample_summaries(renderer, options)
    if not CHROMIUM.exists():
        for n in sizes:
            run(n, renderer, options, samples, None)
        return
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as profile, sync_playwright() as p:
        browser = p.chromium.launch_persistent_context(
            profile, executable_path=str(CHROMIUM), headless=True,
            args=["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--disable-quic"])
        try:
            for n in sizes:
                run(n, renderer, options, samples, browser)
        finally:
            browser.close()


if __name__ == "__main__":
    main()
