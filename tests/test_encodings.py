"""Input encodings: told by a detector, decoded, and mojibake repaired only when certain.

The inputs are made here from the bundled seeds (re-encoded in memory), so no test data
needs to be fetched.
"""

from __future__ import annotations

import os

import pytest

from pipeline.encode import EncodeOptions, encode
from pipeline.errors import SourceError
from pipeline.ingest import ingest, read_source
from pipeline.ingest.text import decode
from pipeline.xmlio import NSMAP

from .conftest import SEEDS

SEED_001 = SEEDS["001"].read_text(encoding="utf-8")
RUSSIAN = SEED_001[SEED_001.index("По указанию"):]
CHINESE = SEED_001[SEED_001.index("遵照"):SEED_001.index("По указанию")]


@pytest.mark.parametrize(("text", "encoding", "told"), [
    (RUSSIAN, "cp1251", "cp1251"),
    (CHINESE, "gb18030", "gb18030"),
    (CHINESE, "gbk", "gb18030"),  # GB18030 is a superset of GBK
    (RUSSIAN, "utf-16-le", "utf_16_le"),  # no byte-order mark
])
def test_legacy_encodings_are_told_and_decoded(text, encoding, told):
    decoded = decode(text.encode(encoding), "x.txt")
    assert decoded.encoding == told
    assert decoded.text == text
    assert decoded.repairs == ()


def test_ambiguous_latin_text_is_read_as_windows_1252():
    text = "Café au lait, déjà vu, naïve, São Paulo. Größe und Übermaß. " * 3
    assert decode(text.encode("latin-1"), "x.txt").text == text


def test_seed_002_in_cp1252_ingests_like_the_utf8_file(tmp_path):
    path = tmp_path / "002.txt"
    path.write_bytes(SEEDS["002"].read_text(encoding="utf-8").encode("cp1252"))
    doc = ingest(read_source(path))
    assert doc.source.encoding == "cp1252"
    assert doc.metadata.title == ingest(read_source(SEEDS["002"])).metadata.title
    assert "People’s Republic" in doc.metadata.title
    assert any("decoded as cp1252" in w for w in doc.warnings)


def test_mojibake_is_repaired_and_recorded_in_the_header(tmp_path):
    original = SEEDS["000"].read_text(encoding="utf-8").replace("Roshchin", "Рощин")
    garbled = original.encode("utf-8").decode("cp1252", errors="replace")
    assert "Рощин" not in garbled
    path = tmp_path / "garbled.txt"
    path.write_text(garbled, encoding="utf-8")
    doc = ingest(read_source(path))
    assert "Рощин" in doc.metadata.title
    assert doc.source.repairs and "mojibake repaired" in doc.source.repairs[0]
    tree = encode(doc, options=EncodeOptions(when="2026-01-01")).tree
    correction = tree.xpath("//tei:editorialDecl/tei:correction/tei:p/text()", namespaces=NSMAP)
    assert correction and "mojibake repaired" in correction[0]


def test_clean_utf8_is_not_touched():
    assert decode(SEEDS["001"].read_bytes(), "x").repairs == ()


def test_random_bytes_are_refused_with_reasons():
    with pytest.raises(SourceError) as info:
        decode(os.urandom(4000), "noise.bin")
    assert "save the file as UTF-8" in " ".join(info.value.details())


def test_utf16_with_byte_order_mark_and_lone_surrogate_is_refused_with_position():
    # Found by tests/test_fuzz.py: a UnicodeDecodeError escaped read_source.
    data = "Citation:\n\nA".encode("utf-16") + b"\x00\xd8"
    with pytest.raises(SourceError) as info:
        decode(data, "broken16.txt")
    assert info.value.path == "broken16.txt"
    assert "not valid utf-16" in info.value.summary() and "byte 26" in info.value.summary()


def test_control_characters_xml_cannot_hold_are_removed_and_recorded(tmp_path):
    # Found by tests/test_fuzz.py: a NUL byte in a UTF-8 source made lxml raise ValueError.
    text = SEEDS["000"].read_text(encoding="utf-8").replace("Luo Ruiqing", "Luo\x00 Rui\x1bqing", 1)
    path = tmp_path / "nul.txt"
    path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    doc = ingest(read_source(path))
    assert "\x00" not in doc.source.text and "\x1b" not in doc.source.text
    assert any("removed 2 control characters" in r and "U+0000 ×1" in r for r in doc.source.repairs)
    assert "Luo Ruiqing" in doc.metadata.title
    encode(doc, options=EncodeOptions(when="2026-01-01"))  # raised ValueError before


# ------------------------------------------------------------- ftfy's test, shortcut

def _badness_alphabet() -> str:
    """Every character ftfy's mojibake regex names, with ASCII, spaces and letters of
    the corpus's scripts around them, so that random strings hit its branches."""
    from pipeline.ingest.text import _badness_branches

    branches, _, _ = _badness_branches()
    named = sorted({c for sets in branches for chars in sets for c in chars})
    return "".join(named) + "ab Zz.,?!1 \u00a0\n" + "ВГРСвЂў" + "中文" + "ΒΓΞΟβ"


def test_mojibake_shortcut_reads_ftfys_regex():
    """The shortcut is on with the ftfy this project installs (else every text would go
    to ftfy: correct, only slower)."""
    from pipeline.ingest.text import _badness_branches

    shape = _badness_branches()
    assert shape is not None, "ftfy's badness regex changed shape: see may_be_mojibake"
    branches, width, _ = shape
    assert len(branches) > 20 and 2 <= width <= 64


def test_mojibake_shortcut_never_hides_what_ftfy_would_find():
    """Wherever ftfy's test finds mojibake, the shortcut sends the text to ftfy."""
    from ftfy.badness import is_bad
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from pipeline.ingest.text import may_be_mojibake

    alphabet = _badness_alphabet()

    @settings(max_examples=3000, derandomize=True, deadline=None)
    @given(st.lists(st.text(alphabet=alphabet, min_size=1, max_size=6), max_size=12),
           st.text(alphabet="abc лет 文字 \n", max_size=40))
    def check(pieces, filler):
        text = filler.join(pieces)
        if is_bad(text):
            assert may_be_mojibake(text), text

    check()
    for sample in ("Ð¢Ð¾Ð²Ð°Ñ€Ð¸Ñ‰", "voilÃ le travail", "sÃ³", "Ã ", "Ãƒ", "вЂ”"):
        assert is_bad(sample) and may_be_mojibake(sample)


def test_mojibake_shortcut_skips_clean_records():
    """The sample corpus's records (English, Russian, Chinese) never need ftfy's test."""
    from pipeline.ingest.text import may_be_mojibake

    for seed in SEEDS.values():
        assert not may_be_mojibake(seed.read_text(encoding="utf-8")), seed.name
    assert not may_be_mojibake("plain ASCII, which ftfy never repairs")
