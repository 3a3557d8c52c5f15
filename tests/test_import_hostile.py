"""Hostile TEI from other archives: every trick refused with a clear message, no byte of
a local file in any output, and no network connection attempted.

A listener on 127.0.0.1 stands in for the network: every URL in the hostile files
points at it, and it must never be contacted. A secret file outside the input folder
stands in for the local files an attacker wants: its token must appear nowhere in the
edition afterwards.
"""

from __future__ import annotations

import json
import socket
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline.cli import main

TOKEN = "SECRET-TOKEN-7f3a9c"
TEI = 'xmlns="http://www.tei-c.org/ns/1.0"'
HEADER = ("<teiHeader><fileDesc><titleStmt><title>Hostile</title></titleStmt><publicationStmt>"
          "<p>x</p></publicationStmt><sourceDesc><p>x</p></sourceDesc></fileDesc></teiHeader>")


class Listener:
    """A TCP listener that records every connection made to it."""

    def __init__(self):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.connections = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self):
        while not self._stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            self.connections += 1
            conn.close()

    def close(self):
        self._stop.set()
        self._thread.join(2)
        self.sock.close()


@pytest.fixture
def listener():
    server = Listener()
    yield server
    server.close()


def _doc(body: str, doctype: str = "") -> str:
    return f'<?xml version="1.0"?>\n{doctype}<TEI {TEI}>{HEADER}<text><body>{body}</body></text></TEI>\n'


def hostile_files(folder: Path, secrets: Path, port: int) -> dict[str, str]:
    """Write the hostile catalogue into ``folder``; returns file name → what it tries."""
    url = f"http://127.0.0.1:{port}"
    secret_txt, secret_dtd = secrets / "secret.txt", secrets / "secret.dtd"
    secret_xml = secrets / "secret.xml"
    local_dtd = secret_dtd.as_uri()
    laughs = '<!ENTITY a "lol">' + "".join(
        f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(9))
    files = {
        "xxe-local.xml": (_doc("<p>&x;</p>",
                               f'<!DOCTYPE TEI [<!ENTITY x SYSTEM "{secret_txt.as_uri()}">]>\n'),
                          "external entity to a local file"),
        "xxe-url.xml": (_doc("<p>&x;</p>", f'<!DOCTYPE TEI [<!ENTITY x SYSTEM "{url}/xxe">]>\n'),
                        "external entity to a URL"),
        "param-entity.xml": (_doc("<p>&s;</p>", f'<!DOCTYPE TEI [<!ENTITY % p SYSTEM "{local_dtd}"> %p;]>\n'),
                             "parameter entity loading a local DTD"),
        "param-entity-url.xml": (_doc("<p>x</p>",
                                      f'<!DOCTYPE TEI [<!ENTITY % p SYSTEM "{url}/p.dtd"> %p;]>\n'),
                                 "parameter entity loading a DTD from a URL"),
        "billion-laughs.xml": (_doc("<p>&j;</p>", f"<!DOCTYPE TEI [{laughs}]>\n"), "entity expansion bomb"),
        "quadratic.xml": (_doc(f"<p>{'&a;' * 20000}</p>", f'<!DOCTYPE TEI [<!ENTITY a "{"x" * 50000}">]>\n'),
                          "quadratic blowup"),
        "external-dtd-url.xml": (_doc("<p>x</p>", f'<!DOCTYPE TEI SYSTEM "{url}/tei.dtd">\n'),
                                 "external DTD from a URL"),
        "external-dtd-local.xml": (_doc("<p>&s;</p>", f'<!DOCTYPE TEI SYSTEM "{secret_dtd.as_uri()}">\n'),
                                   "external DTD from a local file"),
        "xinclude-outside.xml": (_doc('<xi:include xmlns:xi="http://www.w3.org/2001/XInclude" '
                                      'href="../secrets/secret.xml"/>'), "XInclude outside the folder"),
        "xinclude-absolute.xml": (_doc('<xi:include xmlns:xi="http://www.w3.org/2001/XInclude" '
                                       f'href="{secret_xml.as_uri()}" parse="xml"/>'),
                                  "XInclude of an absolute file URL outside the folder"),
        "xinclude-text.xml": (_doc('<p><xi:include xmlns:xi="http://www.w3.org/2001/XInclude" '
                                   'href="../secrets/secret.txt" parse="text"/></p>'),
                              "XInclude of a text file outside the folder"),
        "xinclude-url.xml": (_doc('<xi:include xmlns:xi="http://www.w3.org/2001/XInclude" '
                                  f'href="{url}/x.xml"/>'), "XInclude of a URL"),
    }
    secret_txt.write_text(TOKEN)
    secret_dtd.write_text(f'<!ENTITY s "{TOKEN}">')
    secret_xml.write_text(f'<p xmlns="http://www.tei-c.org/ns/1.0">{TOKEN}</p>')
    for name, (text, _) in files.items():
        (folder / name).write_text(text)
    return {name: what for name, (_, what) in files.items()}


def _leaks(folder: Path) -> list[str]:
    return [str(p) for p in folder.rglob("*") if p.is_file() and TOKEN.encode() in p.read_bytes()]


@pytest.fixture
def setup(tmp_path, listener):
    edition, incoming, secrets = tmp_path / "ed", tmp_path / "incoming", tmp_path / "secrets"
    incoming.mkdir()
    secrets.mkdir()
    runner = CliRunner()
    assert runner.invoke(main, ["init", str(edition)]).exit_code == 0
    toml = edition / "edition.toml"
    toml.write_text(toml.read_text().replace('["html", "print", "pdf", "txt"]', '["html", "txt"]'))
    return runner, edition, incoming, hostile_files(incoming, secrets, listener.port)


def test_every_hostile_file_is_refused_with_a_clear_message(setup, listener):
    runner, edition, incoming, catalogue = setup
    result = runner.invoke(main, ["--edition", str(edition), "import", str(incoming), "--xinclude"])
    assert result.exit_code == 1
    report = json.loads((edition / "output" / "reports" / "import.json").read_text())
    by_name = {Path(f["path"]).name: f for f in report["files"]}
    assert set(by_name) == set(catalogue)
    for name, what in catalogue.items():
        record = by_name[name]
        assert record["status"] == "refused", f"{what}: {record}"
        message = record["problems"][0]
        assert name in message and "refused" in message, message
    assert "entity expansion bomb" in by_name["billion-laughs.xml"]["problems"][0]
    assert "entity expansion bomb" in by_name["quadratic.xml"]["problems"][0]
    assert "declares entities" in by_name["xxe-local.xml"]["problems"][0]
    assert "outside the input folder" in by_name["xinclude-outside.xml"]["problems"][0]
    assert "outside the input folder" in by_name["xinclude-text.xml"]["problems"][0]
    assert "is a URL" in by_name["xinclude-url.xml"]["problems"][0]
    assert "external DTD" in by_name["external-dtd-url.xml"]["problems"][0]
    assert not list((edition / "tei" / "imported").glob("*.xml"))
    assert not _leaks(edition)
    assert listener.connections == 0


def test_unexpanded_xincludes_import_and_render_without_reading_the_target(setup, listener):
    runner, edition, incoming, _ = setup
    runner.invoke(main, ["--edition", str(edition), "import", str(incoming)])
    imported = sorted(p.name for p in (edition / "tei" / "imported").glob("*.xml"))
    assert imported == ["xinclude-absolute.xml", "xinclude-outside.xml", "xinclude-text.xml",
                        "xinclude-url.xml"]
    result = runner.invoke(main, ["--edition", str(edition), "build"])
    assert (edition / "output" / "html" / "xinclude-text.html").is_file(), result.output
    assert not _leaks(edition)
    assert listener.connections == 0


def test_validate_and_render_refuse_external_resources_too(setup, listener):
    runner, edition, incoming, _ = setup
    for name in ("xxe-url.xml", "external-dtd-url.xml", "param-entity.xml", "external-dtd-local.xml"):
        target = edition / "tei" / name
        target.write_bytes((incoming / name).read_bytes())
        result = runner.invoke(main, ["--edition", str(edition), "validate", str(target)])
        assert result.exit_code == 1 and "refused" in result.output, result.output
        result = runner.invoke(main, ["--edition", str(edition), "render", str(target), "--format", "html"])
        assert result.exit_code == 1 and "refused" in result.output, result.output
        target.unlink()
    assert not _leaks(edition)
    assert listener.connections == 0


# --------------------------------------------------------------------------- parser limits

DEPTH = 100_000
HUGE_MB = 200


def _write_doc(path: Path, chunks) -> Path:
    """A TEI file whose first paragraph holds ``chunks`` (an iterable of strings),
    written piece by piece so that the test never holds the whole file."""
    head, tail = _doc("<p>|</p>").split("|")
    with path.open("w", encoding="utf-8") as out:
        out.write(head)
        for chunk in chunks:
            out.write(chunk)
        out.write(tail)
    return path


def _deep(path: Path) -> Path:
    """TEI whose body nests ``DEPTH`` ``<hi>`` elements."""
    return _write_doc(path, ("<hi>" * DEPTH, "x", "</hi>" * DEPTH))


def _huge_text(path: Path) -> Path:
    """TEI whose one text node is ``HUGE_MB`` megabytes long."""
    block = ("A plain paragraph of an ordinary archive. " * 25)[:1024] * 1024
    return _write_doc(path, (block for _ in range(HUGE_MB)))


# (hostile file → what it tries, what the editor reads whichever command meets it)
LIMITS = {
    "deep.xml": (_deep, f"{DEPTH:,} nested elements", ("nested deeper than 256 levels",)),
    # (every command stops it before parsing, at the edition's [limits] max_size: 50 MB)
    "huge-text.xml": (_huge_text, f"a {HUGE_MB} MB text node",
                      ("a text node is longer than 10,000,000 bytes", "more than the limit of")),
}


@pytest.fixture
def limits_edition(tmp_path):
    edition, incoming = tmp_path / "ed", tmp_path / "incoming"
    incoming.mkdir()
    runner = CliRunner()
    assert runner.invoke(main, ["init", str(edition)]).exit_code == 0
    toml = edition / "edition.toml"
    toml.write_text(toml.read_text().replace('["html", "print", "pdf", "txt"]', '["html", "txt"]'))
    return runner, edition, incoming


@pytest.mark.parametrize("name", sorted(LIMITS))
def test_parser_limits_give_a_clear_error_naming_the_file_in_every_command(limits_edition, name):
    runner, edition, incoming = limits_edition
    write, what, expected = LIMITS[name]
    target = write(incoming / name)
    result = runner.invoke(main, ["--edition", str(edition), "import", str(incoming)])
    assert result.exit_code == 1, result.output
    record = json.loads((edition / "output" / "reports" / "import.json").read_text())["files"][0]
    assert record["status"] == "refused", f"{what}: {record}"
    assert name in record["problems"][0], record["problems"]
    assert any(e in record["problems"][0] for e in expected), record["problems"]
    assert "XML_PARSE_HUGE" not in result.output
    assert not list((edition / "tei" / "imported").glob("*.xml"))
    for command in (["validate", str(target)], ["render", str(target), "--format", "html"],
                    ["build", "--tei", str(incoming)]):
        result = runner.invoke(main, ["--edition", str(edition), *command])
        assert result.exit_code == 1, f"{what}, {command[0]}: {result.output}"
        lines = [line for line in result.output.splitlines() if name in line]
        assert any(e in line for line in lines for e in expected), f"{what}, {command[0]}: {result.output}"
        assert "XML_PARSE_HUGE" not in result.output
    assert not (edition / "output" / "html" / f"{Path(name).stem}.html").exists()
