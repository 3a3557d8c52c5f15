"""The whole sample edition end to end: build, golden text, PDF scripts and fonts,
reproducibility, and the index in a real browser."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from pipeline import corpus
from pipeline.config import load_config
from pipeline.xmlio import parse_xml

from .conftest import REPO

GOLDEN = Path(__file__).parent / "golden"
EPOCH = "1700000000"  # 2023-11-14


def _build(root: Path) -> list[corpus.RunReport]:
    """Copy the repository's edition (config + sources) to ``root`` and build it there."""
    root.mkdir()
    shutil.copy(REPO / "edition.toml", root / "edition.toml")
    shutil.copytree(REPO / "sources", root / "sources")
    config = load_config(root)
    return corpus.build(config, config.sources_dir, config.tei_dir, config.output_dir)


@pytest.fixture(scope="session")
def built(tmp_path_factory):
    """The sample edition built twice, in two folders, with SOURCE_DATE_EPOCH set."""
    base = tmp_path_factory.mktemp("built")
    old = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = EPOCH
    try:
        first = _build(base / "a")
        _build(base / "b")
    finally:
        if old is None:
            del os.environ["SOURCE_DATE_EPOCH"]
        else:
            os.environ["SOURCE_DATE_EPOCH"] = old
    assert not [f for r in first for f in r.failed], [f for r in first for f in r.failed]
    return base / "a", base / "b"


def _files(root: Path) -> dict[str, bytes]:
    """Every file of tei/ and output/ but the build cache (it records file times)."""
    return {str(p.relative_to(root)): p.read_bytes()
            for sub in ("tei", "output") for p in sorted((root / sub).rglob("*"))
            if p.is_file() and ".cache" not in p.relative_to(root).parts}


def test_build_writes_every_output_of_every_document(built):
    root, _ = built
    ids = sorted(p.stem for p in (root / "tei").glob("*.xml"))
    assert len(ids) == 5
    for doc_id in ids:
        for rel in (f"html/{doc_id}.html", f"print/{doc_id}.html", f"pdf/{doc_id}.pdf"):
            assert (root / "output" / rel).stat().st_size > 0, rel
    assert sorted(p.name for p in (root / "output" / "txt").glob("wilson-110404.*.txt")) == [
        "wilson-110404.en.txt", "wilson-110404.ru.txt", "wilson-110404.zh-Hans.txt"]


def test_two_builds_with_source_date_epoch_are_byte_identical(built):
    first, second = (_files(root) for root in built)
    assert first.keys() == second.keys()
    differing = [name for name in first if first[name] != second[name]]
    assert differing == []


def test_tei_records_the_epoch_date(built):
    tree = parse_xml(built[0] / "tei" / "wilson-116801.xml")
    when = tree.xpath("//tei:revisionDesc/tei:change/@when", namespaces={"tei": "http://www.tei-c.org/ns/1.0"})
    assert when == ["2023-11-14"]


def test_golden_plain_text_of_seed_000(built):
    """A build from the sources gives the plain text test_golden.py keeps for tei/."""
    produced = (built[0] / "output" / "txt" / "wilson-116801.en.txt").read_text(encoding="utf-8")
    golden = GOLDEN / "txt" / "wilson-116801.en.txt"
    assert produced == golden.read_text(encoding="utf-8"), (
        "plain text of a build differs from tests/golden/txt/wilson-116801.en.txt: if the rendering "
        "changed, run .venv/bin/python -m pytest tests/test_golden.py --update-golden and review "
        "the diff; if only the build differs, tei/wilson-116801.xml is stale")


def _tool(name: str) -> str:
    path = shutil.which(name)
    if not path:
        pytest.skip(f"{name} is missing: 'make test' installs poppler-utils")
    return path


def test_pdf_of_seed_001_holds_latin_cyrillic_and_chinese_text(built):
    pdf = built[0] / "output" / "pdf" / "wilson-110404.pdf"
    text = subprocess.run([_tool("pdftotext"), "-enc", "UTF-8", str(pdf), "-"],
                          capture_output=True, text=True, check=True).stdout
    # Narrow parallel columns hyphenate: join the halves of a word split at a line end.
    text = re.sub(r"[\u2010-]\n", "", text)
    assert "Mao Zedong" in text
    assert "Вышинского" in text
    assert "遵照" in text and "斯大林" in text


def test_pdf_fonts_are_embedded(built):
    pdf = built[0] / "output" / "pdf" / "wilson-110404.pdf"
    listing = subprocess.run([_tool("pdffonts"), str(pdf)], capture_output=True, text=True,
                             check=True).stdout.splitlines()[2:]
    assert listing, "no fonts listed"
    names = " ".join(line.split()[0] for line in listing)
    assert "Noto" in names and "CJK" in names
    for line in listing:
        columns = line.split()
        # name type [encoding] emb sub uni object ID: 'emb' is the 5th column from the right
        assert columns[-5] == "yes", f"font not embedded: {line}"


def test_index_opens_in_chromium_and_lists_five_documents(built):
    chromium = Path("/usr/bin/chromium")
    if not chromium.exists():
        pytest.skip("Debian chromium is missing: 'make test' installs it")
    from playwright.sync_api import sync_playwright

    index = built[0] / "output" / "html" / "index.html"
    profile = built[0] / "chromium-profile"
    with sync_playwright() as p:
        browser = p.chromium.launch_persistent_context(
            str(profile), executable_path=str(chromium), headless=True,
            args=["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--disable-quic"])
        try:
            page = browser.new_page()
            page.goto(index.as_uri())
            links = page.locator("#documents a[href$='.html']")
            hrefs = set(links.evaluate_all("els => els.map(e => e.getAttribute('href'))"))
            hrefs = sorted(hrefs - {"index.html"})
            assert hrefs == sorted(f"{p.stem}.html" for p in (built[0] / "tei").glob("*.xml"))
            assert page.get_by_text("Memorandum, Conversation of Mao").count() >= 1
            page.locator("a[href='wilson-110404.html']").first.click()
            page.wait_for_load_state()
            assert page.url.endswith("wilson-110404.html")
            assert page.locator("[lang='ru']").count() >= 1
        finally:
            browser.close()
