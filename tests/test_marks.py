"""Editorial brackets and page markers → explicit inline marks."""

from __future__ import annotations

import pytest

from pipeline.ingest.marks import parse_inline
from pipeline.model import Gap, Gloss, LineBreak, PageBreak, Sic, Supplied, Text


@pytest.mark.parametrize(("source", "expected"), [
    ("At the Manchurian [train] stations",
     (Text("At the Manchurian "), Supplied("train"), Text(" stations"))),
    ("comrade [Andrei] Vyshinskiy", (Text("comrade "), Supplied("Andrei"), Text(" Vyshinskiy"))),
    ("Xinjiang [Uyghur] Autonomous Region",
     (Text("Xinjiang "), Supplied("Uyghur"), Text(" Autonomous Region"))),
    ("arrived in Wulumuqi [Urumqi] on 21 May",
     (Text("arrived in Wulumuqi "), Gloss("Urumqi"), Text(" on 21 May"))),
    ("Tacheng [Qoqek], Yili", (Text("Tacheng "), Gloss("Qoqek"), Text(", Yili"))),
    ("as well as Suo-fei-da [sic] of", (Text("as well as "), Sic("Suo-fei-da"), Text(" of"))),
    ("[...]", (Gap("omitted", printed="[...]"),)),
    ("[…]", (Gap("omitted", printed="[…]"),)),
])
def test_brackets_become_explicit_marks(source, expected):
    assert parse_inline([source]) == expected


def test_page_marker_between_words_is_a_page_break():
    assert parse_inline(["метро, // съездить"]) == (Text("метро, "), PageBreak(), Text("съездить"))


def test_word_split_at_a_page_marker_is_joined_by_an_unbroken_line_break():
    assert parse_inline(["материке // Ки тая разгромлены"]) == (
        Text("материке "), PageBreak(), Text("Ки"), LineBreak(in_word=True), Text("тая разгромлены"))


def test_short_word_after_page_marker_is_not_split():
    assert parse_inline(["сказал // На этом"]) == (Text("сказал "), PageBreak(), Text("На этом"))


def test_url_slashes_are_not_page_markers():
    assert parse_inline(["see https://example.org/x"]) == (Text("see https://example.org/x"),)


def test_spaces_between_chinese_characters_are_lost_characters_only_when_damaged():
    damaged = parse_inline(["毛 同志"], damaged_cjk=True)
    assert damaged == (Text("毛"), Gap("lost", quantity=1, unit="chars", precision="low"), Text("同志"))
    assert parse_inline(["毛 同志"]) == (Text("毛 同志"),)
    # a space next to a digit is typesetting, not damage
    assert parse_inline(["1 月1 日"], damaged_cjk=True) == (Text("1 月1 日"),)


def test_hard_line_breaks_are_kept_and_soft_ones_joined():
    assert parse_inline(["From the diary of", "N.V. ROSHCHIN"], (True, False)) == (
        Text("From the diary of"), LineBreak(), Text("N.V. ROSHCHIN"))
    assert parse_inline(["one", "two"], (False, False)) == (Text("one two"),)
