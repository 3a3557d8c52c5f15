"""Shared fixtures: the bundled sample corpus, ingested once per session."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.encode import EncodeOptions, encode
from pipeline.ingest import ingest, read_source
from pipeline.model import Edition, SourceDocument

REPO = Path(__file__).resolve().parents[1]
SOURCES = REPO / "sources"
SEEDS = {
    "000": SOURCES / "000_1a1bf81f1de0107e.txt",
    "001": SOURCES / "001_51cc26c6852d2ae0.txt",
    "002": SOURCES / "002_7da35b316b2a6c07.txt",
    "003": SOURCES / "003_48df7e7166382adb.txt",
    "004": SOURCES / "004_b6f3b565c297197c.txt",
}


@pytest.fixture(scope="session")
def documents() -> dict[str, SourceDocument]:
    """Each seed of the sample corpus, ingested."""
    return {key: ingest(read_source(path)) for key, path in SEEDS.items()}


@pytest.fixture(scope="session")
def editions(documents) -> dict[str, Edition]:
    """Each seed encoded as TEI, with a fixed date so that files compare."""
    options = EncodeOptions(publisher="Test Publisher", licence="CC BY 4.0", when="2026-01-01")
    return {key: encode(doc, options=options) for key, doc in documents.items()}


@pytest.fixture(scope="session")
def tei_all():
    """TEI P5 4.8.0 tei_all, compiled once for the whole session (~10 s)."""
    from pipeline.validate import tei_all_schema

    return tei_all_schema()
