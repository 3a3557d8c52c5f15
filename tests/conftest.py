"""Shared fixtures: the bundled sample corpus, ingested once per session; golden files.

Golden files (tests/golden/, tests/fixtures/render/*.expected.txt) are compared by the
``golden`` fixture; ``pytest --update-golden`` rewrites them from the current outputs
instead (review the change with ``git diff`` like code).
"""

from __future__ import annotations

import difflib
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


GOLDEN = Path(__file__).resolve().parent / "golden"
GOLDEN_DIFF_LINES = 60


def pytest_addoption(parser):
    parser.addoption(
        "--update-golden",
        action="store_true",
        default=False,
        help="rewrite golden files (tests/golden/, tests/fixtures/render/*.expected.txt) "
        "from the current outputs instead of comparing; review them with git diff",
    )


class Golden:
    """Compares an output with its golden file, or rewrites the file (--update-golden)."""

    def __init__(self, update: bool, test_file: Path):
        self.update = update
        self.test_file = test_file

    def check(self, path: Path | str, actual: str) -> None:
        """Fail with a unified diff when ``actual`` differs from the file at ``path``
        (relative to tests/golden/ unless absolute)."""
        path = GOLDEN / path
        shown = _shown(path)
        regen = f"regenerate with: .venv/bin/python -m pytest {_shown(self.test_file)} --update-golden"
        if self.update:
            if not path.is_file() or _read(path) != actual:
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(actual, encoding="utf-8", newline="")
            return
        if not path.is_file():
            pytest.fail(f"golden file {shown} is missing; {regen}", pytrace=False)
        expected = _read(path)
        if actual != expected:
            diff = list(difflib.unified_diff(
                expected.splitlines(keepends=True), actual.splitlines(keepends=True),
                fromfile=shown, tofile="rendered now"))
            lines = [d if d.endswith("\n") else d + "\n\\ No newline at end of file\n" for d in diff]
            more = len(lines) - GOLDEN_DIFF_LINES
            text = "".join(lines[:GOLDEN_DIFF_LINES]) + (f"... {more} more diff lines\n" if more > 0 else "")
            pytest.fail(f"output differs from golden file {shown}:\n{text}"
                        f"If the change is intended, {regen} and review the diff.", pytrace=False)


def _read(path: Path) -> str:
    """A file's text, line ends as written."""
    with path.open(encoding="utf-8", newline="") as f:
        return f.read()


def _shown(path: Path) -> str:
    """A path as written from the repository root."""
    return str(path.relative_to(REPO)) if path.is_relative_to(REPO) else str(path)


@pytest.fixture
def golden(request) -> Golden:
    """Golden-file comparison for the requesting test (see :class:`Golden`)."""
    return Golden(request.config.getoption("--update-golden"), request.path)


@pytest.fixture(scope="session")
def tei_all():
    """TEI P5 4.8.0 tei_all, compiled once for the whole session (~10 s)."""
    from pipeline.validate import tei_all_schema

    return tei_all_schema()
