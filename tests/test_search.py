"""The search index of the HTML edition (pipeline/render/search.py).

The browser side (assets/index.js) is tested in test_browser.py, including that it
makes the same terms as this module.
"""

from __future__ import annotations

import json
import re
from array import array
from dataclasses import replace

from lxml import etree

from pipeline.config import load_config
from pipeline.errors import Problem, TransformError
from pipeline.render import Renderer, TxtOptions, options_for, summary_texts, txt_body
from pipeline.render.document import DocumentResult, DocumentTask, render_document
from pipeline.render.search import SearchIndex, count_terms, shard_of, shard_prefix, shards_of, terms
from pipeline.xmlio import parse_xml

from .conftest import REPO


def load(files: dict[str, bytes]) -> tuple[dict, dict[int, dict[str, list[int]]]]:
    """meta and shards back from the script files, postings decoded to document numbers."""
    def payload(data: bytes) -> list:
        call = re.fullmatch(rb"edSearch\.(\w+)\((.*)\);\n", data, re.S)
        return json.loads(b"[" + call.group(2) + b"]")

    meta = payload(files["search/meta.js"])[0]
    shards = {}
    for path, data in files.items():
        if path != "search/meta.js":
            number, postings = payload(data)
            decoded = {}
            for term, flat in postings.items():
                doc, pairs = 0, []
                for gap, count in zip(flat[::2], flat[1::2], strict=True):
                    doc += gap
                    pairs.append((meta["docs"][doc], count))
                decoded[term] = pairs
            shards[number] = decoded
    return meta, shards


def test_terms_fold_case_accents_and_compatibility_forms():
    assert terms("Ёлка ÉCOLE Ｍａｏ") == ["елка", "ecole", "mao"]
    assert terms("snake_case x a 1 22") == ["snake", "case", "22"]  # one-character words dropped


def test_terms_cut_chinese_into_pairs_and_keep_lone_characters():
    assert terms("毛泽东同志") == ["毛泽", "泽东", "东同", "同志"]
    # A lost character (□ in the reading text) breaks the run; a lone character stays.
    assert terms("毛□东同") == ["毛", "东同"]
    assert terms("한국어 text") == ["한국", "국어", "text"]


def test_shards_follow_the_first_three_characters_or_the_first_cjk_one():
    assert shard_prefix("stalin") == "sta" and shard_prefix("同志") == "同"
    # Every term a prefix can complete lives in the prefix's shard.
    assert len({shard_of(t, 97) for t in ("stalin", "stalingrad", "sta")}) == 1


def test_shards_of_many_terms_at_once_are_each_terms_shard():
    import random

    rng = random.Random(3)
    alphabet = "aé1жЖ毛泽東ㄱ한국\U00020001\u3041\uf900\u30ff\u3040\u4dbf\U0003ffff\ud7afz"
    words = ["a", "ab", "abc", "abcd", "同", "同志", "\U00020001x", "x\U00020001"] + [
        "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 6))) for _ in range(2000)]
    for count in (1, 7, 97, 4096):
        assert shards_of(words, count).tolist() == [shard_of(w, count) for w in words]
    assert shards_of([], 5).tolist() == []


def test_index_files_hold_every_posting_once_in_the_shard_of_its_term():
    index = SearchIndex()
    index.add("a", ["Mao met Stalin in Moscow.", "毛泽东同志"])
    index.add("b", ["Stalin wrote; Stalin signed."])
    index.add("c", ["Nothing in common"])
    files = index.files()
    meta, shards = load(files)
    assert meta["docs"] == ["a", "b", "c"] and meta["shards"] == len(shards)
    merged = {t: p for s in shards.values() for t, p in s.items()}
    assert merged["stalin"] == [("a", 1), ("b", 2)]
    assert merged["同志"] == [("a", 1)]
    assert merged["in"] == [("a", 1), ("c", 1)]
    for number, postings in shards.items():
        assert all(shard_of(t, meta["shards"]) == number for t in postings)
    # Deterministic: the same documents give the same bytes.
    again = SearchIndex()
    again.add("a", ["Mao met Stalin in Moscow.", "毛泽东同志"])
    again.add("b", ["Stalin wrote; Stalin signed."])
    again.add("c", ["Nothing in common"])
    assert again.files() == files


def test_an_empty_index_updated_takes_the_new_documents_and_stays_apart_from_them():
    fresh = SearchIndex()
    fresh.add("a", ["Mao met Stalin in Moscow.", "毛泽东同志"])
    fresh.add("b", ["Stalin wrote; Stalin signed."])
    expected = fresh.files()
    index = SearchIndex()
    assert index.update(["a", "b"], fresh) is None  # every file is new
    assert index.files() == expected
    fresh.add("c", ["more words"])  # the index does not share the new documents' arrays
    assert index.files() == expected
    index.update(["a", "b"], {"b": [("stalin", 5)]})
    _, shards = load(index.files())
    assert {t: p for s in shards.values() for t, p in s.items()}["stalin"] == [("a", 1), ("b", 5)]


def test_scripts_cannot_be_closed_by_the_text():
    index = SearchIndex()
    index.add("x</script><script>alert(1)</script>", ["harmless"])
    data = index.files()["search/meta.js"]
    assert b"</script" not in data


def test_shard_count_grows_with_the_postings():
    small, large = SearchIndex(), SearchIndex()
    small.add("a", ["one two three"])
    for i in range(400):
        large.add(f"d{i}", [" ".join(f"w{i}x{j}" for j in range(40))])
    assert small.shard_count() == 1
    assert large.shard_count() == 4  # 16,000 postings at about 4,000 a shard


SAMPLE = REPO / "tei" / "wilson-110404.xml"  # three versions; a source note in the Chinese one


def _render_sample(formats: tuple[str, ...], options=None) -> DocumentResult:
    options = options or options_for(load_config(REPO))
    return render_document(DocumentTask(name=SAMPLE.name, doc_id=SAMPLE.stem, data=SAMPLE.read_bytes(),
                                        formats=formats, options=options))


def _term_counts(result: DocumentResult) -> dict[str, int]:
    return dict(zip(result.terms.words, array("I", result.terms.counts), strict=True))


def test_a_documents_terms_are_its_title_summary_and_plain_texts_whatever_it_outputs():
    """The search index reads a document's title and summary (its record) and the bodies
    of its plain-text edition, notes included; the same terms whether the build writes
    the plain text (then read as written), writes one language of it, or none."""
    options = options_for(load_config(REPO))
    renderer = Renderer()
    tree = parse_xml(SAMPLE)
    record = renderer.summary(tree, SAMPLE.stem, options.html)
    bodies = [txt_body(t) for t in renderer.txt(tree, SAMPLE.stem, TxtOptions()).values()]
    expected = dict(count_terms([*summary_texts(record), *bodies]))

    def terms_of(formats, txt=options.txt):
        result = _render_sample(formats, replace(options, txt=txt))
        assert not result.problems and etree.fromstring(result.summary).get("title") == record.get("title")
        return _term_counts(result)

    assert terms_of(("html", "txt")) == expected
    assert terms_of(("html",)) == expected
    one_language = replace(options.txt, version_lang="en", show_page_breaks=False)
    assert terms_of(("html", "txt"), one_language) == expected
    # The Chinese version's source note ("…世界知□出版社…") is searchable: the pair
    # stands nowhere else in the file.
    note = tree.find(".//{*}note[@{http://www.w3.org/XML/1998/namespace}id='zh-Hans-fn1']")
    assert "出版" in "".join(note.itertext()) and SAMPLE.read_text(encoding="utf-8").count("出版") == 1
    assert expected["出版"] == 1


def test_a_document_whose_plain_reading_fails_keeps_its_page_and_says_its_text_is_unsearchable(
        monkeypatch):
    """The search reads the plain text; when a build writes no txt file and the plain
    reading fails, the page is still made, the title and summary are still searchable,
    and the problem names what the search lacks (the document is tried again)."""
    def broken(self, *args, **kwargs):
        raise TransformError("txt.xsl", [Problem("the stylesheet failed")])

    monkeypatch.setattr(Renderer, "txt", broken)
    result = _render_sample(("html",))
    assert result.done == ("html",) and "html/wilson-110404.html" in result.outputs
    assert len(result.problems) == 1
    assert "search index lacks the text" in result.problems[0]
    assert "the stylesheet failed" in result.problems[0]
    counts = _term_counts(result)
    assert counts["roshchin"] >= 1  # in the title
    assert "出版" not in counts  # in the text only
