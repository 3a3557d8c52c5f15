"""Text fidelity: rendering other archives' TEI loses no word.

Every file under ../shared/tei/corpora whose root is a TEI P5 ``TEI`` or ``teiCorpus``
and that the project's hardened parser reads is rendered as screen HTML, print HTML and
plain text (every language file, joined in order); each rendering must hold every word
of the document's reading text:

- the reading text is each ``text`` and each ``sourceDoc`` (a transcription of the
  document's surfaces is its text too: Test/test31.xml holds nothing else), of every
  member of a ``teiCorpus``;
- check 1, order: the words outside notes in order, per ``text``/``sourceDoc`` (parallel
  versions may be laid out side by side, so order is checked within each, not across);
  the words of each note in order within the note (notes may move to the end of a
  version, stay in place as blocks, or hang on a heading as footnotes, so the order
  among notes is not checked);
- check 2, nothing dropped even where it repeats: for each distinct word, the rendering
  holds at least as many occurrences as the TEI (all texts and notes together), so a
  note dropped whose words the text repeats is caught too.

Words are maximal runs of letters and digits (Unicode, NFC, casefolded). The rendering
may split a TEI word (``Ки<pb break="no"/>тая`` reads ``Ки//тая``) or join two (a
rendering inserts nothing between two elements the check treats as separate): the
match runs on the rendering's words concatenated, a TEI word starting where a rendered
word starts or right where the previous TEI word ended, and ending where a rendered word
ends or where the next TEI word goes on.

Left out, because it is not text: the content of ``binaryObject`` (base64 data of an
embedded image or file). Nothing else is left out: MathML in ``formula``, ``desc`` of
gaps and ``figDesc`` of figures are text to show, and an ``egXML`` example reads as
its markup (tags, attributes and text: the edition shows examples as escaped markup).
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from xml.sax.saxutils import escape

import lxml.html
import pytest
from lxml import etree

from pipeline.errors import XMLInputError
from pipeline.render import HtmlOptions, PrintOptions, Renderer, TxtOptions
from pipeline.xmlio import parse_xml

CORPORA = Path(__file__).resolve().parents[2] / "shared" / "tei" / "corpora"
TEI = "http://www.tei-c.org/ns/1.0"
EXAMPLES = "http://www.tei-c.org/ns/Examples"
SHOWN_MISSING = 12
# A word is matched where one of the next LOOKAHEAD words follows within REACH
# characters (a footnote printed in place may stand between two words).
LOOKAHEAD, REACH = 3, 4000
# Of the places a word could be matched, the first where the next RUN words follow it
# directly wins; at most CANDIDATES places are weighed.
RUN, CANDIDATES, SKIP = 2, 64, 8
# A place not followed directly by the next word is taken only this close to the last.
SHORT = 400
# A piece starts where its first words follow one another for this many words.
ANCHOR = 12


def _names(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Elements of the reading text whose start and end separate words (block-like: what a
# rendering puts on lines or in boxes of their own). Inline elements (hi, persName …)
# do not: <hi>W</hi>ord is one word.
BLOCKS = _names("""
    TEI teiCorpus text group body front back div div1 div2 div3 div4 div5 div6 div7 head p
    ab lg l list item label table row cell sp speaker stage castList castGroup castItem
    role roleDesc actor set figure figDesc floatingText opener closer salute signed
    dateline byline docTitle titlePart docAuthor docImprint docDate titlePage trailer
    argument epigraph postscript address addrLine listBibl bibl biblStruct analytic monogr
    imprint msDesc msIdentifier msContents msItem physDesc history origin provenance
    acquisition additional listPerson person listPlace place listOrg org listEvent event
    entry sourceDoc surfaceGrp surface zone line graphic egXML eg formula quote cit lem rdg
    app witDetail divGen eTree eLeaf forest tree leaf iNode spGrp move view camera sound
    tech caption desc gap
""")
# Children of these are alternatives: each child starts and ends a word.
ALTERNATIVES = frozenset({"choice", "subst", "app", "alt", "altGrp"})
SOURCE_FORMS = frozenset({"sic", "orig", "abbr", "am"})
BREAKS = frozenset({"lb", "pb", "cb", "gb", "milestone"})
# Not text: the content is data (base64 of an image or file).
NOT_TEXT = frozenset({"binaryObject"})
NOTE_LIKE = frozenset({"note"})
PARTS = frozenset({"text", "sourceDoc"})

WORD = re.compile(r"[^\W_]+")
SEP, JOIN = "\x02", "\x01"


# --------------------------------------------------------------------------- TEI side


@dataclass
class Piece:
    """The words of one ordered unit of the TEI (a text's main flow, or one note)."""

    name: str
    words: list[str] = field(default_factory=list)
    lines: list[int] = field(default_factory=list)  # source line of each word


class _Builder:
    """Collects text of one unit with separators and joins, then splits it into words."""

    def __init__(self, name: str):
        self.name = name
        self.chunks: list[tuple[str, int]] = []
        self.strip_next = False

    def add(self, text: str | None, line: int) -> None:
        if not text:
            return
        if self.strip_next:
            text = text.lstrip()
            self.strip_next = not text
        if text:
            self.chunks.append((text, line))

    def separate(self) -> None:
        self.chunks.append((SEP, 0))
        self.strip_next = False

    def join(self) -> None:
        """A break inside a word: whitespace on both sides is dropped."""
        while self.chunks and self.chunks[-1][0] != SEP and not self.chunks[-1][0].strip():
            self.chunks.pop()
        if self.chunks and self.chunks[-1][0] != SEP:
            text, line = self.chunks[-1]
            self.chunks[-1] = (text.rstrip(), line)
        self.strip_next = True

    def piece(self) -> Piece:
        piece = Piece(self.name)
        offsets, text = [], []
        length = 0
        for chunk, line in self.chunks:
            offsets.append((length, line))
            text.append(" " if chunk == SEP else chunk)
            length += len(text[-1])
        joined = "".join(text)
        starts = [o for o, _ in offsets]
        for m in WORD.finditer(unicodedata.normalize("NFC", joined)):
            piece.words.append(m.group().casefold())
            piece.lines.append(offsets[bisect_right(starts, m.start()) - 1][1])
        return piece


def example_markup(eg: etree._Element) -> str:
    """An egXML example as its words read: its markup, tags and attributes included
    (the edition shows examples as escaped markup)."""
    parts = [escape(eg.text or "")]
    for child in eg:
        parts.append(etree.tostring(child, encoding="unicode", with_tail=False))
        parts.append(escape(child.tail or ""))
    return re.sub(r' xmlns(:\w+)?="[^"]*"', "", "".join(parts))


def local(e: etree._Element) -> str:
    return etree.QName(e).localname


def tei_pieces(root: etree._Element) -> list[Piece]:
    """The ordered units of a document's reading text: per text or sourceDoc its main
    flow (nested texts are units of their own), then one unit per note."""
    pieces: list[Piece] = []
    for part in _parts(root):
        pieces.extend(_walk_part(part))
    return [p for p in pieces if p.words]


def _parts(root: etree._Element) -> Iterator[etree._Element]:
    """Every text and sourceDoc of the document (of every member of a corpus), in order."""
    for e in root.iter(etree.Element):
        if e.tag in (f"{{{TEI}}}text", f"{{{TEI}}}sourceDoc"):
            yield e


def _walk_part(part: etree._Element) -> list[Piece]:
    main = _Builder(f"<{local(part)}> at line {part.sourceline}")
    notes: list[_Builder] = []
    _walk_children(part, main, notes)
    return [main.piece(), *(n.piece() for n in notes)]


def _walk_children(e: etree._Element, out: _Builder, notes: list[_Builder]) -> None:
    out.add(e.text, e.sourceline or 0)
    alternative = etree.QName(e).namespace == TEI and local(e) in ALTERNATIVES
    children = list(e)
    if alternative and local(e) == "choice":
        # TEI does not order a choice's readings: the edition reads the source's form
        # first (sic, orig, abbr, am), the editor's after (common-text.xsl).
        children.sort(key=lambda c: not (isinstance(c.tag, str) and local(c) in SOURCE_FORMS))
    for child in children:
        if isinstance(child.tag, str):
            _walk(child, out, notes, alternative=alternative)
        out.add(child.tail, child.sourceline or 0)


def _walk(e: etree._Element, out: _Builder, notes: list[_Builder], *, alternative: bool) -> None:
    ns, name = etree.QName(e).namespace, local(e)
    tei = ns == TEI
    if tei and name in PARTS:
        out.separate()  # a nested text is a unit of its own (_parts finds it)
        return
    if tei and name in NOT_TEXT:
        out.separate()
        return
    if tei and name in NOTE_LIKE:
        out.separate()
        note = _Builder(f"<note> at line {e.sourceline}")
        notes.append(note)
        _walk_children(e, note, notes)
        return
    if tei and name in BREAKS:
        if e.get("break") == "no":
            out.join()
        else:
            out.separate()
        return
    if ns == EXAMPLES and name == "egXML":
        out.separate()
        out.add(example_markup(e), e.sourceline or 0)
        out.separate()
        return
    block = (tei and name in BLOCKS) or alternative
    if block:
        out.separate()
    _walk_children(e, out, notes)
    if block:
        out.separate()


# --------------------------------------------------------------------------- rendered side

INLINE_HTML = _names("""
    a abbr b bdi bdo cite code data dfn em i kbd mark q s samp small span strong time u var del ins
""")
NOT_SHOWN = frozenset({"script", "style", "template", "head", "title"})


def html_text(page: bytes) -> str:
    """What a reader sees of an HTML page's body, in reading order: block elements and
    br separate words, inline elements do not; sup and sub (note calls) stand apart.
    Print footnotes (class "footnote", CSS float: footnote) leave the line for the foot
    of the page: their text follows the rest."""
    root = lxml.html.fromstring(page)
    body = root if root.tag == "body" else root.find("body")
    parts: list[str] = []
    footnotes: list[str] = []
    _html_walk(body if body is not None else root, parts, footnotes)
    return "".join(parts) + " " + " ".join(footnotes)


def _html_walk(e: lxml.html.HtmlElement, parts: list[str], footnotes: list[str]) -> None:
    tag = e.tag if isinstance(e.tag, str) else ""
    if tag in NOT_SHOWN:
        return
    if "footnote" in (e.get("class") or "").split():
        note: list[str] = []
        _html_walk_content(e, note, footnotes)
        footnotes.append("".join(note))
        parts.append(" ")
        return
    inline = not tag or tag in INLINE_HTML
    if not inline:
        parts.append(" ")
    _html_walk_content(e, parts, footnotes)
    if not inline:
        parts.append(" ")


def _html_walk_content(e: lxml.html.HtmlElement, parts: list[str], footnotes: list[str]) -> None:
    if isinstance(e.tag, str):
        parts.append(e.text or "")
    for child in e:
        if isinstance(child.tag, str):
            _html_walk(child, parts, footnotes)
        parts.append(child.tail or "")


@dataclass
class Stream:
    """A rendering's words concatenated, where each word starts and ends, and where TEI
    words were matched."""

    chars: str
    starts: set[int]
    ends: set[int]
    sorted_starts: list[int] = field(default_factory=list)
    matched: set[int] = field(default_factory=set)

    @classmethod
    def of(cls, text: str) -> Stream:
        chars, starts, ends, n = [], set(), set(), 0
        for m in WORD.finditer(unicodedata.normalize("NFC", text)):
            word = m.group().casefold()
            starts.add(n)
            chars.append(word)
            n += len(word)
            ends.add(n)
        return cls("".join(chars), starts, ends, sorted(starts))


def match_piece(stream: Stream, piece: Piece) -> list[int]:
    """Match the piece's words in order (see the module docstring); returns the indexes
    of the words that could not be matched."""
    missing, prev_end = [], -1
    words = piece.words
    pos = _anchor(stream, words)
    for i, word in enumerate(words):
        p = _find(stream, words, i, pos, prev_end)
        if p is None:
            missing.append(i)
            continue
        stream.matched.add(p)
        pos = prev_end = p + len(word)
    return missing


def _anchor(stream: Stream, words: list[str]) -> int:
    """Where the piece starts in the rendering: the first place where one of its first
    words is followed by the next ANCHOR words (so that a piece repeating words of
    another, a transcription and the edited text of the same page, is matched where
    it stands); the start of the rendering when there is none."""
    for i in range(min(3, len(words))):
        want = min(ANCHOR, len(words) - i - 1)
        p = stream.chars.find(words[i])
        while p != -1:
            if (p in stream.starts
                    and _run(stream, words, i + 1, p + len(words[i]), want) == want):
                # the words before it may stand a few rendered words earlier
                at = bisect_left(stream.sorted_starts, p)
                return stream.sorted_starts[max(0, at - (i + 1) * (SKIP + 1))]
            p = stream.chars.find(words[i], p + 1)
    return 0


def _find(stream: Stream, words: list[str], i: int, pos: int, prev_end: int) -> int | None:
    """Where words[i] is, from ``pos`` on.

    Of the places where it starts and ends as a word does, near ``pos`` (within REACH
    characters), the first followed by the next words of the TEI (each within SKIP
    rendered words of the one before: a note call, a page number between): a word of
    a footnote printed in place is not taken for the same word of the text around it.
    Failing that, the first place close by (SHORT) after which one of the next words
    comes soon; a place farther away only when the next words follow it, so that one
    word missing does not send the match to a far repetition of it (and lose every
    word after). The first word of a piece has no place to be near: the first place
    followed by the next words, else the first after which one of them comes soon.
    """
    chars, word = stream.chars, words[i]
    after = words[i + 1] if i + 1 < len(words) else None
    want = min(RUN, len(words) - i - 1)
    weak, tried = None, 0
    start = prev_end < 0  # nothing matched yet: no place is far
    p = chars.find(word, pos)
    while p != -1:
        end = p + len(word)
        if ((p in stream.starts or p == prev_end)
                and (end in stream.ends or (after is not None and chars.startswith(after, end)))):
            near = (start or p <= pos + REACH) and tried < CANDIDATES
            tried += 1
            if _run(stream, words, i + 1, end, want) == want:
                return p
            if (weak is None and near and (start or p <= pos + SHORT)
                    and _followed(stream, words[i + 1:i + 1 + LOOKAHEAD], end)):
                weak = p
            if not near and weak is not None:
                break
        p = chars.find(word, p + 1)
    return weak


def _run(stream: Stream, words: list[str], j: int, end: int, want: int) -> int:
    """How many of words[j:j + want] follow ``end`` one after the other (each at most
    SKIP rendered words after the one before: a note call or page number between)."""
    chars, starts = stream.chars, stream.sorted_starts
    for k in range(want):
        word = words[j + k]
        at = bisect_left(starts, end)
        for q in starts[at:at + SKIP + 1]:
            if chars.startswith(word, q):
                end = q + len(word)
                break
        else:
            if not chars.startswith(word, end):
                return k
            end += len(word)
    return want


def _followed(stream: Stream, following: list[str], end: int) -> bool:
    """True when one of the following words comes within reach after ``end``."""
    if not following:
        return True
    chars, limit = stream.chars, end + REACH
    for word in following:
        q = chars.find(word, end, limit + len(word))
        while q != -1 and q not in stream.starts:
            q = chars.find(word, q + 1, limit + len(word))
        if q != -1:
            return True
    return False


def count_at_starts(stream: Stream, word: str, needed: int) -> int:
    """Occurrences of the word starting where a rendered word starts (or where a TEI
    word was matched), counted up to ``needed``."""
    found, p, chars = 0, stream.chars.find(word), stream.chars
    while p != -1 and found < needed:
        if p in stream.starts or p in stream.matched:
            found += 1
        p = chars.find(word, p + 1)
    return found


def fidelity_problems(pieces: list[Piece], rendered: str) -> list[str]:
    """Every way the rendering fails the TEI's words, in words for the reader (empty
    when it holds them all)."""
    stream = Stream.of(rendered)
    problems = []
    for piece in pieces:
        missing = match_piece(stream, piece)
        if missing:
            problems.append(_describe(piece, missing))
    counts = Counter(w for p in pieces for w in p.words)
    short = [(w, n, count_at_starts(stream, w, n)) for w, n in counts.items()]
    short = [(w, n, k) for w, n, k in short if k < n]
    if short:
        shown = ", ".join(f"{w!r} {k} of {n}" for w, n, k in short[:SHOWN_MISSING])
        problems.append(f"words rendered fewer times than the TEI has them: {shown}")
    return problems


def _describe(piece: Piece, missing: list[int]) -> str:
    shown = []
    for i in missing[:SHOWN_MISSING]:
        before = " ".join(piece.words[max(0, i - 4):i])
        after = " ".join(piece.words[i + 1:i + 5])
        shown.append(f"  {piece.words[i]!r} (TEI line {piece.lines[i]}: … {before} [{piece.words[i]}] "
                      f"{after} …)")
    more = len(missing) - len(shown)
    return (f"{len(missing)} of {len(piece.words)} words of {piece.name} missing or out of order:\n"
            + "\n".join(shown) + (f"\n  … and {more} more" if more > 0 else ""))


# --------------------------------------------------------------------------- the corpus


def corpus_files() -> list[Path]:
    """The P5 documents of the shared corpora: parsed by the hardened parser, root TEI
    or teiCorpus in the TEI namespace."""
    if not CORPORA.is_dir():
        return []
    found = []
    for path in sorted(p for p in CORPORA.rglob("*") if p.is_file()):
        root = _root(path)
        if root is not None and root.tag in (f"{{{TEI}}}TEI", f"{{{TEI}}}teiCorpus"):
            found.append(path)
    return found


def _root(path: Path) -> etree._Element | None:
    try:
        return parse_xml(path).getroot()
    except (XMLInputError, ValueError, OSError):
        return None


@cache
def renderer() -> Renderer:
    return Renderer()


def renderings(tree: etree._ElementTree, doc_id: str) -> dict[str, str]:
    r = renderer()
    return {
        "html": html_text(r.html(tree, doc_id, HtmlOptions())),
        "print": html_text(r.print_html(tree, doc_id, PrintOptions())),
        "txt": "\n".join(r.txt(tree, doc_id, TxtOptions()).values()),
    }


FILES = corpus_files()
NO_DATA = (f"the shared corpora are not beside the project ({CORPORA}): put ../shared/tei/corpora "
           "next to the repository (CI has it) to run the fidelity check")


@pytest.mark.skipif(not CORPORA.is_dir(), reason=NO_DATA)
@pytest.mark.parametrize("path", FILES, ids=[str(p.relative_to(CORPORA)) for p in FILES] if FILES else [])
def test_rendering_keeps_every_word_of_the_tei(path: Path):
    tree = parse_xml(path)
    pieces = tei_pieces(tree.getroot())
    failures = []
    for fmt, text in renderings(tree, re.sub(r"\W", "-", path.stem)).items():
        failures += [f"[{fmt}] {problem}" for problem in fidelity_problems(pieces, text)]
    assert not failures, f"{path.relative_to(CORPORA)}:\n" + "\n".join(failures)


def test_corpora_are_found_when_present():
    if not CORPORA.is_dir():
        pytest.skip(NO_DATA)
    names = {p.name for p in FILES}
    assert {"test24.xml", "L00001.xml", "lessing-emilia-galotti.xml"} <= names
    assert "test2.xml" not in names  # TEI P4 (TEI.2): not in scope
    assert "testrend.xml" not in names  # not well-formed


# --------------------------------------------------------------------------- the check itself

SAMPLE = f"""<TEI xmlns="{TEI}"><teiHeader/><text><body>
  <p>The first paragraph speaks of <hi>bo</hi>ats and of the sea.</p>
  <p>A second one says: the harbour is closed<note>By order of the port.</note>.</p>
  <p>Ки<lb break="no"/>тая, and a <choice><sic>tyop</sic><corr>typo</corr></choice>.</p>
  <figure><binaryObject mimeType="image/png">iVBORw0KGgo</binaryObject></figure>
</body></text></TEI>"""
FAITHFUL = ("The first paragraph speaks of boats and of the sea.\n"
            "A second one says: the harbour is closed[1].\nКи//тая, and a tyop [typo].\n"
            "Notes\n[1] By order of the port.")


def sample_pieces() -> list[Piece]:
    return tei_pieces(etree.fromstring(SAMPLE))


def test_check_passes_a_faithful_rendering_with_split_words_and_moved_notes():
    assert fidelity_problems(sample_pieces(), FAITHFUL) == []


def test_check_ignores_binary_data():
    assert "ivborw0kggo" not in [w for p in sample_pieces() for w in p.words]


def test_check_fails_a_rendering_missing_one_word():
    problems = fidelity_problems(sample_pieces(), FAITHFUL.replace(" harbour", ""))
    assert problems and "'harbour'" in problems[0] and "TEI line 3" in problems[0]


def test_check_fails_a_rendering_with_two_paragraphs_swapped():
    first, second, rest = FAITHFUL.split("\n", 2)
    problems = fidelity_problems(sample_pieces(), "\n".join([second, first, rest]))
    assert problems and "out of order" in problems[0]


def test_check_fails_a_rendering_missing_a_note_or_a_reading():
    assert fidelity_problems(sample_pieces(), FAITHFUL.replace("By order of the port.", ""))
    assert fidelity_problems(sample_pieces(), FAITHFUL.replace(" [typo]", ""))


def test_check_fails_a_repeated_word_dropped_once():
    pieces = tei_pieces(etree.fromstring(SAMPLE.replace("of the sea", "of the sea, the sea")))
    assert fidelity_problems(pieces, FAITHFUL)


def test_html_text_separates_blocks_and_skips_scripts():
    page = b"<html><body><p>a<b>b</b></p><p>c<br>d<sup>1</sup></p><script>x</script></body></html>"
    assert html_text(page).split() == ["ab", "c", "d", "1"]
