"""Hostile and broken input (issue 9): random and mutated sources and TEI, through every
entry point. Each case ends in success or in one clean error: the command exits 1 or 2
with a line naming the file and a reason, never a traceback; the library raises
:class:`~pipeline.errors.EditionError` (or reports the file failed) and nothing else;
the case ends within the deadline; and no temporary or empty file is left behind.

The default profile runs a few dozen derandomised cases per entry point (CI sees the
same cases every run). ``TEI_EDITION_FUZZ=1`` selects the "fuzz" profile, 1,000 cases
per entry point (``make fuzz``).
"""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.cli import main
from pipeline.config import load_config
from pipeline.corpus import ingest_sources
from pipeline.errors import EditionError
from pipeline.validate import validate_file

REPO = Path(__file__).resolve().parents[1]
SOURCES = {p.name: p.read_bytes() for p in sorted((REPO / "sources").glob("*.txt"))}
TEIS = {p.name: p.read_bytes() for p in sorted((REPO / "tei").glob("*.xml"))}

_COMMON = {"database": None, "suppress_health_check": list(HealthCheck), "deadline": 20_000}
# TEI_EDITION_FUZZ_EXAMPLES=N: another number of cases per entry point in the fuzz profile.
settings.register_profile("fuzz", max_examples=int(os.environ.get("TEI_EDITION_FUZZ_EXAMPLES", "1000")),
                          **_COMMON)
settings.register_profile("fuzz-default", derandomize=True, **_COMMON)
FUZZ = bool(os.environ.get("TEI_EDITION_FUZZ"))


def fuzz_settings(examples: int) -> settings:
    """The fuzz profile's 1,000 cases with TEI_EDITION_FUZZ=1, else ``examples`` fixed
    cases (derandomised: the same every run), so that this file takes about a minute."""
    if FUZZ:
        return settings(settings.get_profile("fuzz"))
    return settings(settings.get_profile("fuzz-default"), max_examples=examples)


EDITION_TOML = """\
[edition]
title = "Fuzz"

[render]
formats = ["html", "txt"]

[align]
aligner = "length"

[build]
jobs = 1
"""

# --------------------------------------------------------------------------- text pieces

ODD_TEXT = [
    "\x00", "\x00\x00\x00", "\x01\x02\x07\x08\x0b\x0c\x1b\x7f", "\r", "\r\n", "\u2028", "\u2029",
    "\u0085", "\ufeff", "\ufffe", "\uffff", "\u200b\u200c\u200d", "\u202e", "\u202d", "\u2066\u2069",
    "العربية نص من اليمين إلى اليسار", "עברית מימין לשמאל", "中文档案，第十二号。", "Русский текст",
    "日本語テキスト", "한국어", "Ελληνικά", "🙂🇺🇳👨‍👩‍👧", "e\u0301\u0308\u0327", "\U0010ffff",
    "ﬁ", "Ⅻ", "𝔘𝔫𝔦𝔠𝔬𝔡𝔢", "<>&\"'", "]]>", "&amp;", "<TEI>", "{{", "%s%n", "\\", "//", "[...]",
    "**Citation:**", "Citation:", "Summary:", "Original Language:", "Contents:", "####",
    "Record ID:", "URL:", "• Citation", "Document Information", "Source", "Rights",
]
LABELS = ["Citation:", "**Citation:**", "Summary:", "**Summary:**", "Original Language:",
          "Contents:", "Record ID:", "URL:", "Source:", "Rights:", "Language:", "Donors:",
          "Original Archive:", "Type:", "Author:", "Original Uploaded Date:"]


def _blocks(text: str) -> list[str]:
    return re.split(r"\n\s*\n", text)


@st.composite
def mutated_text(draw) -> str:
    """A sample source with a few mutations applied."""
    text = SOURCES[draw(st.sampled_from(sorted(SOURCES)))].decode("utf-8", "replace")
    for _ in range(draw(st.integers(1, 4))):
        text = draw(st.sampled_from(TEXT_MUTATIONS))(draw, text)
    return text


def _truncate(draw, text):
    return text[:draw(st.integers(0, len(text)))]


def _shuffle_blocks(draw, text):
    return "\n\n".join(draw(st.permutations(_blocks(text))))


def _drop_blocks(draw, text):
    blocks = _blocks(text)
    keep = draw(st.lists(st.booleans(), min_size=len(blocks), max_size=len(blocks)))
    return "\n\n".join(b for b, k in zip(blocks, keep, strict=True) if k)


def _label_without_value(draw, text):
    """A label line whose value (the next block) is gone, or a bare label at the end."""
    label = draw(st.sampled_from(LABELS))
    where = draw(st.sampled_from(["start", "end", "replace"]))
    if where == "replace":
        return re.sub(rf"(?m)^({re.escape(label)}).*(\n\s*\n[^\n]*)?", r"\1", text, count=1)
    return f"{label}\n\n{text}" if where == "start" else f"{text}\n\n{label}\n"


def _duplicate_label(draw, text):
    """A second section with the same label (two "Citation:" sections)."""
    label = draw(st.sampled_from(LABELS))
    value = draw(st.sampled_from(["", "Another value.", text[:200], "“A Title,” 1 January 1950"]))
    blocks = _blocks(text)
    at = draw(st.integers(0, len(blocks)))
    return "\n\n".join([*blocks[:at], f"{label}\n\n{value}", *blocks[at:]])


def _huge_line(draw, text):
    size = draw(st.sampled_from([10_000, 200_000, 1_000_000]))
    unit = draw(st.sampled_from(["a", "word ", "中", "—", "x" * 63 + " ", "\u200b", "Citation: "]))
    line = (unit * (size // len(unit) + 1))[:size]
    at = draw(st.integers(0, len(text)))
    return text[:at] + "\n" + line + "\n" + text[at:]


def _insert_odd(draw, text):
    for _ in range(draw(st.integers(1, 8))):
        piece = draw(st.sampled_from(ODD_TEXT) | st.text(max_size=20))
        at = draw(st.integers(0, len(text)))
        text = text[:at] + piece + text[at:]
    return text


def _replace_lines(draw, text):
    lines = text.split("\n")
    if not lines:
        return text
    i = draw(st.integers(0, len(lines) - 1))
    lines[i] = draw(st.sampled_from(ODD_TEXT) | st.text(max_size=60))
    return "\n".join(lines)


def _only_whitespace(draw, text):
    return draw(st.sampled_from(["", " ", "\n\n\n", "\u00a0\n\u00a0", "\t\r\n", "\ufeff"]))


TEXT_MUTATIONS = [_truncate, _shuffle_blocks, _drop_blocks, _label_without_value, _duplicate_label,
                  _huge_line, _insert_odd, _replace_lines, _only_whitespace]


@st.composite
def encoded(draw, text: str) -> bytes:
    """``text`` as bytes: UTF-8 mostly, else UTF-16 (lone surrogates kept), latin-1, …"""
    how = draw(st.sampled_from(["utf-8", "utf-8", "utf-8", "utf-16", "utf-16-le", "utf-8-sig",
                                "latin-1", "cp1251", "gb18030", "mixed"]))
    if how.startswith("utf-16"):
        if draw(st.booleans()):  # a lone surrogate, as a broken UTF-16 writer leaves it
            at = draw(st.integers(0, len(text)))
            text = text[:at] + draw(st.sampled_from(["\ud800", "\udfff", "\udc00x"])) + text[at:]
        return text.encode(how, "surrogatepass")
    if how == "mixed":  # half UTF-8, half another encoding
        half = len(text) // 2
        return text[:half].encode("utf-8", "surrogatepass") + text[half:].encode("cp1252", "replace")
    return text.encode(how, "replace")


@st.composite
def source_bytes(draw) -> bytes:
    kind = draw(st.sampled_from(["mutated"] * 6 + ["binary", "empty", "text"]))
    if kind == "binary":
        return draw(st.binary(max_size=4096))
    if kind == "empty":
        return b""
    text = draw(mutated_text()) if kind == "mutated" else draw(st.text(max_size=2000))
    return draw(encoded(text))


# --------------------------------------------------------------------------- TEI pieces

def _unclose(draw, data):
    closing = [m.start() for m in re.finditer(rb"</[A-Za-z]", data)]
    if not closing:
        return data
    at = draw(st.sampled_from(closing))
    end = data.find(b">", at) + 1  # 0: the tag is cut off (another mutation)
    return data[:at] + (data[end:] if end else b"")


def _wrong_namespace(draw, data):
    other = draw(st.sampled_from([b"http://www.tei-c.org/ns/2.0", b"", b"http://example.org/tei",
                                  b"http://www.w3.org/1999/xhtml"]))
    return data.replace(b"http://www.tei-c.org/ns/1.0", other, draw(st.sampled_from([1, -1])))


def _duplicate_ids(draw, data):
    ids = re.findall(rb'xml:id="([^"]+)"', data)
    if len(ids) < 2:
        return data
    first = draw(st.sampled_from(ids))
    return re.sub(rb'xml:id="[^"]+"', b'xml:id="' + first + b'"', data, count=draw(st.integers(2, 50)))


def _declared_encoding(draw, data):
    declared = draw(st.sampled_from([b"UTF-16", b"UTF-8", b"ISO-8859-1", b"EBCDIC", b"nonsense", b"GB18030"]))
    body = re.sub(rb"^<\?xml[^>]*\?>", b"", data)
    if draw(st.booleans()):  # the bytes in another encoding than the declared one
        body = body.decode("utf-8", "replace").encode(draw(st.sampled_from(["latin-1", "cp1251", "utf-16"])),
                                                      "replace")
    return b'<?xml version="1.0" encoding="' + declared + b'"?>' + body


def _truncate_bytes(draw, data):
    return data[:draw(st.integers(0, len(data)))]


def _insert_bytes(draw, data):
    for _ in range(draw(st.integers(1, 6))):
        piece = draw(st.sampled_from([b"\x00", b"\x01", b"\x0c", b"\xff\xfe", b"\xc3", b"\xed\xa0\x80",
                                      b"&", b"&undefined;", b"<", b"]]>", b"<!--", b"<?pi", b"&#0;",
                                      b"&#x1F;", b"&#xD800;", b"\xf0\x9f\x99\x82", b"\xd8\xa7\xd9\x84"])
                     | st.binary(max_size=8))
        at = draw(st.integers(0, len(data)))
        data = data[:at] + piece + data[at:]
    return data


def _drop_element(draw, data):
    """Remove the text of an element's start tag to its end (a required part missing)."""
    names = sorted(set(re.findall(rb"<(\w+)[ >]", data)))
    if not names:
        return data
    name = draw(st.sampled_from(names))
    return re.sub(rb"<" + name + rb"[ >].*?</" + name + rb">", b"", data, count=1, flags=re.S)


def _odd_text(draw, data):
    piece = draw(st.sampled_from(ODD_TEXT[15:28])).encode("utf-8", "surrogatepass")
    return re.sub(rb"<p>", b"<p>" + piece, data, count=draw(st.integers(1, 5)))


TEI_MUTATIONS = [_unclose, _wrong_namespace, _duplicate_ids, _declared_encoding, _truncate_bytes,
                 _insert_bytes, _drop_element, _odd_text]


@st.composite
def tei_bytes(draw) -> bytes:
    kind = draw(st.sampled_from(["mutated"] * 8 + ["binary", "empty"]))
    if kind == "binary":
        return draw(st.binary(max_size=2048))
    if kind == "empty":
        return b""
    data = TEIS[draw(st.sampled_from(sorted(TEIS)))]
    for _ in range(draw(st.integers(1, 3))):
        data = draw(st.sampled_from(TEI_MUTATIONS))(draw, data)
    return data


# --------------------------------------------------------------------------- checks

PARTIAL = re.compile(r"^\..*\.tmp\d*$|\.tmp\d+$")


def assert_no_partial_files(root: Path) -> None:
    """No temporary file and no empty file in tei/ and output/ (but the fuzzed inputs)."""
    for folder in (root / "tei", root / "output"):
        for path in folder.rglob("*"):
            if path.is_file() and not path.name.startswith("fuzz"):
                assert not PARTIAL.search(path.name), f"temporary file left behind: {path}"
                assert path.stat().st_size > 0, f"empty output file: {path}"


def assert_clean_cli(result, *names: str) -> None:
    """Success, or exit 1/2 with a message naming one of ``names`` (an input file, or the
    folder of the files a build made from it) and a reason, no traceback; a file that is
    not well-formed XML is named with its line."""
    output = result.output
    assert "Traceback" not in output, output
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    assert result.exit_code in (0, 1, 2), (result.exit_code, output)
    if result.exit_code:
        assert any(n in output for n in names), f"the error names none of {names}: {output}"
        for line in output.splitlines():
            if "[well-formed]" in line or "not well-formed" in line:
                assert re.search(r"\.xml:\d+", line), f"no line in: {line}"




def edition(root: Path, files: dict[str, bytes]) -> Path:
    (root / "edition.toml").write_text(EDITION_TOML, encoding="utf-8")
    for sub in ("sources", "tei", "output"):
        (root / sub).mkdir()
    for rel, data in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return root


@pytest.fixture(scope="module")
def warm():
    """Compile the stylesheets and load tei_all once, so that no case pays for it."""
    from pipeline.validate import tei_all_schema

    tei_all_schema()
    with tempfile.TemporaryDirectory() as tmp:
        root = edition(Path(tmp), {"tei/a.xml": TEIS["wilson-116801.xml"]})
        CliRunner().invoke(main, ["--edition", str(root), "-q", "render", str(root / "tei/a.xml"),
                                  "--out", str(root / "output"), "--format", "html", "--format", "txt"])


# --------------------------------------------------------------------------- entry points

@fuzz_settings(30)
@given(data=source_bytes())
def test_ingest_of_mutated_source_succeeds_or_fails_cleanly(data):
    with tempfile.TemporaryDirectory() as tmp:
        root = edition(Path(tmp), {"sources/fuzz.txt": data})
        config = load_config(root)
        try:
            report = ingest_sources([root / "sources/fuzz.txt"], root / "tei", config)
        except EditionError:
            pass
        else:
            (file,) = report.files
            if file.status == "failed":
                assert file.problems, file
                assert all("fuzz.txt" in p for p in file.problems), file.problems
            else:  # a valid result: TEI that the project's own profile and rules accept
                written = root / "tei" / f"{file.id}.xml"
                checked = validate_file(written, name=written.name)
                assert checked.valid, checked.lines()
        assert_no_partial_files(root)


@fuzz_settings(40)
@given(data=tei_bytes())
def test_validate_of_mutated_tei_reports_or_fails_cleanly(data):
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "fuzz.xml"
        path.write_bytes(data)
        try:
            report = validate_file(path, name="fuzz.xml")
        except EditionError as exc:
            assert "fuzz.xml" in str(exc)
        else:
            assert report.valid or report.errors
            assert all(line.startswith("fuzz.xml") for line in report.lines())


@fuzz_settings(25)
@given(data=tei_bytes())
def test_import_of_mutated_tei_succeeds_or_fails_cleanly(warm, data):
    with tempfile.TemporaryDirectory() as tmp:
        root = edition(Path(tmp), {"incoming/fuzz.xml": data})
        result = CliRunner().invoke(main, ["--edition", str(root), "import", str(root / "incoming/fuzz.xml")])
        assert_clean_cli(result, "fuzz.xml")
        assert_no_partial_files(root)


@fuzz_settings(20)
@given(data=tei_bytes())
def test_render_of_mutated_tei_succeeds_or_fails_cleanly(warm, data):
    with tempfile.TemporaryDirectory() as tmp:
        root = edition(Path(tmp), {"tei/fuzz.xml": data})
        result = CliRunner().invoke(main, ["--edition", str(root), "render", str(root / "tei/fuzz.xml"),
                                           "--out", str(root / "output"), "--format", "html",
                                           "--format", "txt"])
        assert_clean_cli(result, "fuzz.xml")
        assert_no_partial_files(root)


@fuzz_settings(8)
@given(source=source_bytes(), tei=tei_bytes())
def test_build_of_edition_with_mutated_files_succeeds_or_fails_cleanly(warm, source, tei):
    with tempfile.TemporaryDirectory() as tmp:
        root = edition(Path(tmp), {"sources/fuzz.txt": source, "tei/fuzz-tei.xml": tei})
        result = CliRunner().invoke(main, ["--edition", str(root), "build"])
        assert_clean_cli(result, "sources/fuzz.txt", "tei/")
        assert_no_partial_files(root)


# --------------------------------------------------------------------------- bugs found

WRONG_NAMESPACE = TEIS["wilson-116801.xml"].replace(b"http://www.tei-c.org/ns/1.0", b"http://www.tei-c.org/ns/2.0")


def test_render_of_tei_in_wrong_namespace_names_the_file(warm, tmp_path):
    root = edition(tmp_path, {"tei/fuzz.xml": WRONG_NAMESPACE})
    result = CliRunner().invoke(main, ["--edition", str(root), "render", str(root / "tei/fuzz.xml"),
                                       "--out", str(root / "output"), "--format", "txt"])
    assert result.exit_code == 1
    assert "tei/fuzz.xml:2" in result.output and "namespace http://www.tei-c.org/ns/2.0" in result.output
    assert ".xsl" not in result.output
