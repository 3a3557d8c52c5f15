"""The build cache (issue 8): a build redoes only what changed since the last one.

Each test builds a copy of the sample corpus's TEI files (HTML and plain text, one
process) and then changes one thing: nothing, a TEI file, a stylesheet, an option, the
cache itself. What was rendered is read from the run reports and from the output files'
modification times.
"""

from __future__ import annotations

import json
import random
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline import resources
from pipeline.cli import main
from pipeline.corpus import find_tei
from pipeline.render.search import SearchIndex, count_terms

from .conftest import REPO

SMALL = "doc-1960-07-18-note-the-soviet-embassy-in-beijing-to"
TOML = '[edition]\ntitle = "{title}"\nlanguages = ["en", "ru", "zh-Hans"]\n' \
       '[render]\nformats = ["html", "txt"]\n'


def _edition(folder: Path, title: str = "Cache test") -> Path:
    (folder / "tei").mkdir(parents=True)
    (folder / "edition.toml").write_text(TOML.format(title=title))
    for path in find_tei([REPO / "tei"]):
        shutil.copy(path, folder / "tei" / path.name)
    return folder


def _build(edition: Path, *args: str, code: int = 0, verbose: bool = False) -> dict[str, dict]:
    """Build; return the render and validate reports' files by id."""
    result = CliRunner().invoke(main, ["--edition", str(edition), *(["-v"] if verbose else []),
                                       "build", "--jobs", "1", *args])
    assert result.exit_code == code, result.output
    reports = {}
    for step in ("render", "validate"):
        data = json.loads((edition / "output" / "reports" / f"{step}.json").read_text())
        reports[step] = {f["id"]: f for f in data["files"] if f["id"]}
    reports["output"] = result.output
    return reports


def _times(edition: Path) -> dict[str, int]:
    """Modification times of the outputs (not the reports or the cache)."""
    out = edition / "output"
    return {p.relative_to(out).as_posix(): p.stat().st_mtime_ns for p in out.rglob("*")
            if p.is_file() and p.relative_to(out).parts[0] not in ("reports", ".cache")}


def _statuses(report: dict) -> dict[str, str]:
    return {doc_id: f["status"] for doc_id, f in report.items()}


def _add_word(path: Path, word: str) -> None:
    text = path.read_text(encoding="utf-8")
    at = text.index("<p", text.index("<body"))
    close = text.index(">", at)
    path.write_text(text[:close + 1] + word + " " + text[close + 1:], encoding="utf-8")


@pytest.fixture
def built(tmp_path):
    edition = _edition(tmp_path / "ed")
    first = _build(edition)
    assert set(_statuses(first["render"]).values()) == {"rendered"}
    return edition


def test_an_unchanged_edition_is_not_rendered_again(built):
    before = _times(built)
    again = _build(built)
    assert set(_statuses(again["render"]).values()) == {"unchanged"}
    assert set(_statuses(again["validate"]).values()) == {"valid"}  # as the last build found them
    assert _times(built) == before  # not one output written again
    assert "5 unchanged" in again["output"]


def test_a_changed_tei_file_renders_that_document_only_and_matches_a_fresh_build(built, tmp_path):
    before = _times(built)
    _add_word(built / "tei" / f"{SMALL}.xml", "Quuxinated")
    again = _build(built)
    statuses = _statuses(again["render"])
    assert statuses.pop(SMALL) == "rendered"
    assert set(statuses.values()) == {"unchanged"}
    after = _times(built)
    changed = {rel for rel in after if after[rel] != before.get(rel)}
    assert f"html/{SMALL}.html" in changed and f"txt/{SMALL}.en.txt" in changed
    assert not any(rel.startswith(("html/wilson-", "txt/wilson-")) for rel in changed)
    assert "html/index.html" not in changed  # its summary records did not change
    assert any("quuxinated" in (built / "output" / rel).read_text() for rel in changed
               if rel.startswith("html/search/s"))
    # The same files as a build from scratch of the changed edition.
    fresh = tmp_path / "fresh"
    shutil.copytree(built / "tei", fresh / "tei")
    shutil.copy(built / "edition.toml", fresh / "edition.toml")
    _build(fresh)
    for rel in _times(fresh):
        assert (fresh / "output" / rel).read_bytes() == (built / "output" / rel).read_bytes(), rel
    assert set(_times(fresh)) == set(after)


def test_a_changed_title_makes_the_index_again_but_not_a_registers_page_it_is_not_on(built):
    """The index is made from every summary record, the registers page from those that
    name a person, place or organisation (none of the sample corpus does)."""
    before = _times(built)
    path = built / "tei" / f"{SMALL}.xml"
    text = path.read_text(encoding="utf-8")
    close = text.index(">", re.search(r"<title[ >]", text).start())
    path.write_text(text[:close + 1] + "Retitled: " + text[close + 1:], encoding="utf-8")
    _build(built)
    after = _times(built)
    assert after["html/index.html"] != before["html/index.html"]
    assert "Retitled: " in (built / "output" / "html" / "index.html").read_text(encoding="utf-8")
    assert after["html/registers.html"] == before["html/registers.html"]
    (built / "output" / "html" / "registers.html").unlink()  # a page deleted is made again
    _build(built)
    assert (built / "output" / "html" / "registers.html").is_file()


def test_a_changed_stylesheet_renders_again_the_format_it_belongs_to(tmp_path, monkeypatch):
    package = tmp_path / "package"
    for name in ("xslt", "schema"):
        shutil.copytree(resources.resource_dir(name), package / name)
    monkeypatch.setattr(resources, "_PACKAGE", package)
    edition = _edition(tmp_path / "ed")
    _build(edition)
    before = _times(edition)
    driver = package / "xslt" / "txt" / "txt.xsl"
    driver.write_text(driver.read_text() + "<!-- changed -->\n")
    again = _build(edition)
    assert set(_statuses(again["render"]).values()) == {"rendered"}
    after = _times(edition)
    changed = {rel for rel in after if after[rel] != before[rel]}
    assert {rel for rel in changed if rel.startswith("txt/")} == {r for r in after if r.startswith("txt/")}
    assert not [rel for rel in changed if rel.startswith("html/")]  # the HTML stylesheets did not change


def test_a_changed_option_renders_everything_again(built):
    (built / "edition.toml").write_text(TOML.format(title="Another title"))
    again = _build(built)
    assert set(_statuses(again["render"]).values()) == {"rendered"}
    assert "Another title" in (built / "output" / "html" / "index.html").read_text()
    assert "Another title" in (built / "output" / "html" / f"{SMALL}.html").read_text()


def test_a_failed_document_does_not_stop_the_others_and_is_tried_again(built):
    broken = built / "tei" / f"{SMALL}.xml"
    good = broken.read_bytes()
    _add_word(broken, "<unknownElement/>")
    first = _build(built, code=1)
    assert first["validate"][SMALL]["status"] == "invalid"
    assert first["render"][SMALL]["status"] == "failed"
    assert {s for d, s in _statuses(first["render"]).items() if d != SMALL} == {"unchanged"}
    second = _build(built, code=1)  # tried again, found as broken
    assert second["validate"][SMALL]["status"] == "invalid"
    assert "unknownElement" in " ".join(second["validate"][SMALL]["problems"])
    broken.write_bytes(good)
    third = _build(built)
    assert third["render"][SMALL]["status"] == "rendered"


def test_rebuild_renders_everything_and_leaves_tei_alone(built):
    tei = {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in (built / "tei").iterdir() if p.is_file()}
    again = _build(built, "--rebuild")
    assert set(_statuses(again["render"]).values()) == {"rendered"}
    assert {p.name: (p.read_bytes(), p.stat().st_mtime_ns)
            for p in (built / "tei").iterdir() if p.is_file()} == tei


def test_outputs_deleted_by_hand_are_made_again(built):
    (built / "output" / "txt" / f"{SMALL}.en.txt").unlink()
    again = _build(built)
    assert again["render"][SMALL]["status"] == "rendered"
    assert (built / "output" / "txt" / f"{SMALL}.en.txt").is_file()


def test_a_removed_document_loses_its_outputs_and_its_index_entry(built):
    (built / "tei" / f"{SMALL}.xml").unlink()
    again = _build(built)
    assert SMALL not in again["render"]
    assert not (built / "output" / "html" / f"{SMALL}.html").exists()
    assert not (built / "output" / "txt" / f"{SMALL}.en.txt").exists()
    assert SMALL not in (built / "output" / "html" / "index.html").read_text()
    assert SMALL not in (built / "output" / "html" / "search" / "meta.js").read_text()


def test_a_damaged_cache_costs_a_full_build_not_a_wrong_one(built):
    (built / "output" / ".cache" / "build.json").write_text("{not json")
    (built / "output" / ".cache" / "search" / "postings.npy").write_bytes(b"garbage")
    again = _build(built)
    assert set(_statuses(again["render"]).values()) == {"rendered"}
    assert "wilson-110404" in (built / "output" / "html" / "search" / "meta.js").read_text()


def test_a_search_cache_that_lost_its_postings_heals_over_two_builds(built, tmp_path):
    """The list of indexed documents survives, the postings do not: the changed document
    is indexed, the others are left out once and rendered again by the next build."""
    (built / "output" / ".cache" / "search" / "postings.npy").write_bytes(b"garbage")
    _add_word(built / "tei" / f"{SMALL}.xml", "Quuxinated")
    first = _build(built, verbose=True)
    assert _statuses(first["render"])[SMALL] == "rendered"
    assert "rendered again by the next build" in first["output"]
    meta = (built / "output" / "html" / "search" / "meta.js").read_text()
    assert SMALL in meta and "wilson-110404" not in meta
    second = _build(built)
    assert _statuses(second["render"])[SMALL] == "unchanged"
    assert _statuses(second["render"])["wilson-110404"] == "rendered"
    fresh = tmp_path / "fresh"
    shutil.copytree(built / "tei", fresh / "tei")
    shutil.copy(built / "edition.toml", fresh / "edition.toml")
    _build(fresh)
    for rel in _times(fresh):
        if rel.startswith("html/search/"):
            assert (fresh / "output" / rel).read_bytes() == (built / "output" / rel).read_bytes(), rel


def _shard_times(edition: Path) -> dict[str, int]:
    return {p.name: p.stat().st_mtime_ns for p in (edition / "output" / ".cache" / "build").iterdir()}


def test_a_changed_document_rewrites_the_cache_shard_of_its_record_only(built):
    from pipeline.cache import _shard

    before = _shard_times(built)
    assert len(before) > 1  # five documents in several shards
    _add_word(built / "tei" / f"{SMALL}.xml", "Quuxinated")
    _build(built)
    after = _shard_times(built)
    assert {n for n in after if after[n] != before[n]} == {f"{_shard(SMALL):02d}.json"}


def test_a_damaged_cache_shard_costs_the_build_of_its_documents_only(built):
    from pipeline.cache import _shard

    (built / "output" / ".cache" / "build" / f"{_shard(SMALL):02d}.json").write_text("{not json")
    statuses = _statuses(_build(built)["render"])
    rendered = {d for d, s in statuses.items() if s == "rendered"}
    assert SMALL in rendered
    assert rendered == {d for d in statuses if _shard(d) == _shard(SMALL)}  # that shard's only
    assert set(_statuses(_build(built)["render"]).values()) == {"unchanged"}  # whole again


def test_a_cache_started_anew_leaves_no_record_of_the_old_one_behind(tmp_path):
    """--rebuild (or a damaged build.json) starts from an empty cache: the records of
    documents it did not record again must not come back from their old shards."""
    from pipeline.cache import BuildCache

    path = tmp_path / "x.xml"
    path.write_text("<x/>")
    old = BuildCache.load(tmp_path)
    for n in range(40):
        old.put(f"doc-{n}", path=path, stat=path.stat(), digest="a", steps={}, outputs={}, summary=None)
    old.save()
    assert len(BuildCache.load(tmp_path).records) == 40
    anew = BuildCache(tmp_path)
    anew.put("doc-7", path=path, stat=path.stat(), digest="b", steps={}, outputs={}, summary=None)
    anew.save()
    assert set(BuildCache.load(tmp_path).records) == {"doc-7"}


def test_a_build_that_changed_nothing_does_not_load_the_search_postings(built, monkeypatch):
    monkeypatch.setattr(SearchIndex, "load", classmethod(lambda cls, folder: pytest.fail("loaded")))
    again = _build(built)
    assert set(_statuses(again["render"]).values()) == {"unchanged"}


# --------------------------------------------------------------------------- search index

def _corpus(rng: random.Random, n: int) -> dict[str, list[tuple[str, int]]]:
    words = [f"w{i}" for i in range(300)] + ["中国", "國家", "москва"]
    return {f"d{i}": count_terms([" ".join(rng.choices(words, k=rng.randint(0, 80)))])
            for i in range(n)}


def _fresh(docs: list[str], terms: dict) -> dict[str, bytes]:
    index = SearchIndex()
    for doc_id in docs:
        index.add_counts(doc_id, terms[doc_id])
    return index.files()


@pytest.mark.parametrize("seed", range(5))
def test_an_updated_search_index_writes_what_a_fresh_one_does(seed, tmp_path):
    rng = random.Random(seed)
    terms = _corpus(rng, 60)
    docs = list(terms)
    index = SearchIndex()
    for doc_id in docs:
        index.add_counts(doc_id, terms[doc_id])
    files = index.files()
    index.save(tmp_path)
    index = SearchIndex.load(tmp_path)
    # Some documents change: only the shards of their old and new terms are written.
    changed = {d: _corpus(rng, 1)["d0"] for d in rng.sample(docs, 3)}
    terms.update(changed)
    shards = index.update(docs, changed)
    expected = _fresh(docs, terms)
    if shards is not None:
        written = dict(index.iter_files(only=shards))
        assert set(written) == {"search/meta.js"} | {f"search/s{n:04d}.js" for n in shards}
        files.update(written)
        assert files == expected
    assert index.files() == expected
    # Documents removed and added: every file is written again, as a fresh index would.
    docs = [d for d in docs if d not in rng.sample(docs, 5)] + ["new-1", "new-2"]
    added = {"new-1": [("w1", 2)], "new-2": [("w7", 1), ("中国", 3)]}
    terms.update(added)
    assert index.update(docs, added) is None
    assert index.files() == _fresh(docs, terms)


def _saved(folder: Path, seed: int, n: int) -> tuple[dict, list[str], SearchIndex]:
    """A random corpus's terms, its documents and its index, saved in ``folder``."""
    terms = _corpus(random.Random(seed), n)
    docs = list(terms)
    index = SearchIndex()
    index.update(docs, terms)
    index.save(folder)
    return terms, docs, index


def test_the_saved_search_index_keeps_changed_documents_apart_until_they_are_a_quarter(tmp_path):
    """After a correction the cache gets that document's postings (changes.npy), not the
    whole corpus's again; loaded, it is the index a fresh build makes; once the changed
    postings reach a quarter of the full file, one full file is written again."""
    rng = random.Random(33)
    terms, docs, index = _saved(tmp_path, 3, 80)
    full = (tmp_path / "postings.npy").read_bytes()
    rounds = 0
    while (tmp_path / "changes.npy").exists() or rounds == 0:
        rounds += 1
        changed = {d: _corpus(rng, 1)["d0"] for d in rng.sample(docs, 2)}
        terms.update(changed)
        index = SearchIndex.load(tmp_path)
        index.update(docs, changed)
        index.save(tmp_path)
        loaded = SearchIndex.load(tmp_path)
        assert loaded.files() == _fresh(docs, terms) == index.files()
        if (tmp_path / "changes.npy").exists():
            assert (tmp_path / "postings.npy").read_bytes() == full  # not written again
        assert rounds < 40
    assert rounds > 3  # several corrections were kept apart before the full file came back
    assert (tmp_path / "postings.npy").read_bytes() != full
    # Saved elsewhere, or with other documents: the full file.
    index = SearchIndex.load(tmp_path)
    index.update(docs, {docs[0]: [("w1", 1)]})
    index.save(tmp_path / "elsewhere")
    assert not (tmp_path / "elsewhere" / "changes.npy").exists()
    index.update(docs[1:], {})
    index.save(tmp_path)
    assert not (tmp_path / "changes.npy").exists()
    assert SearchIndex.load(tmp_path).files() == _fresh(docs[1:], terms)


def test_a_search_index_updated_again_and_again_is_the_index_a_fresh_build_makes(tmp_path):
    """Corrections are kept beside the loaded postings (not merged into a copy of them):
    the same document corrected twice, one corrected before the load and again after,
    a document added at the end; after each, the files written for the changed shards
    and the whole index are what a fresh index of the same texts writes."""
    rng = random.Random(55)
    terms, docs, index = _saved(tmp_path, 5, 60)
    index.update(docs, {"d7": [("w1", 4), ("zz", 1)]})
    terms["d7"] = [("w1", 4), ("zz", 1)]
    index.save(tmp_path)
    index = SearchIndex.load(tmp_path)
    files = index.files()
    assert files == _fresh(docs, terms)
    for changed in ({"d7": [("w2", 1)]}, {"d7": [], "d8": [("w3", 2)]},
                    {"d8": [("w3", 2), ("中国", 1)], "d9": _corpus(rng, 1)["d0"]}):
        terms.update(changed)
        shards = index.update(docs, changed)
        expected = _fresh(docs, terms)
        assert shards is not None
        files.update(index.iter_files(only=shards))
        assert files == expected == index.files()
    index.save(tmp_path)
    assert SearchIndex.load(tmp_path).files() == _fresh(docs, terms)
    index.add_counts("d-new", [("w1", 1)])
    terms["d-new"] = [("w1", 1)]
    assert index.files() == _fresh([*docs, "d-new"], terms)
    index.save(tmp_path)  # (not the saved file's postings any more: a full file)
    assert not (tmp_path / "changes.npy").exists()
    assert SearchIndex.load(tmp_path).files() == _fresh([*docs, "d-new"], terms)


def test_a_damaged_search_changes_file_is_no_index(tmp_path):
    terms, _, _ = _saved(tmp_path, 4, 20)
    index = SearchIndex.load(tmp_path)
    index.update(list(terms), {"d3": [("w9", 2)]})
    index.save(tmp_path)
    assert (tmp_path / "changes.npy").exists()
    (tmp_path / "changes.npy").write_bytes(b"garbage")
    assert SearchIndex.load(tmp_path) is None


def test_a_corrected_word_rewrites_only_the_shards_of_the_words_that_changed(tmp_path):
    from pipeline.render.search import shard_of

    terms = _corpus(random.Random(9), 1000)
    docs = list(terms)
    index = SearchIndex()
    for doc_id in docs:
        index.add_counts(doc_id, terms[doc_id])
    files = index.files()
    shards = index.shard_count()
    assert shards > 4
    old = dict(terms["d7"])
    new = {**old, "w1": old.get("w1", 0) + 1, "quuxinated": 1}  # a count changed, a word added
    terms["d7"] = list(new.items())
    written = index.update(docs, {"d7": terms["d7"]})
    assert written == {shard_of("w1", shards), shard_of("quuxinated", shards)}
    files.update(index.iter_files(only=written))
    assert files == _fresh(docs, terms)


def test_an_update_must_bring_the_terms_of_new_documents():
    index = SearchIndex()
    index.add_counts("a", [("x", 1)])
    with pytest.raises(ValueError, match="no terms"):
        index.update(["a", "b"], {})


def test_terms_of_a_document_no_longer_in_the_index_are_left_out():
    """(A document rendered as it was ingested whose file went before the render step.)"""
    index = SearchIndex()
    index.add_counts("a", [("x", 1)])
    index.update(["a"], {"a": [("x", 1)]})
    changed = SearchIndex()
    changed.add_counts("gone", [("y", 2)])
    changed.add_counts("a", [("z", 1)])
    index.update(["a"], changed)
    fresh = SearchIndex()
    fresh.add_counts("a", [("z", 1)])
    assert index.docs == ["a"] and index.files() == fresh.files()


def test_a_missing_or_foreign_search_cache_is_not_loaded(tmp_path):
    assert SearchIndex.load(tmp_path) is None
    (tmp_path / "index.json").write_text('{"format": 99, "docs": [], "vocab": []}')
    (tmp_path / "postings.npy").write_bytes(b"\x93NUMPY")
    assert SearchIndex.load(tmp_path) is None
