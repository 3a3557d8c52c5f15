"""Corpus-level work: finding files, the manifest of tei/, ingest, render and build runs.

This is where the pipeline touches the file system; the stages it calls are pure.
A failed document never stops the others: its failure goes into the run's report.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path

from lxml import etree

from .align.tei import align_tree
from .config import Config
from .encode import EncodeOptions, document_id, encode, ncname, unique_id
from .errors import EditionError, IngestError, OutputError
from .exchange.pairing import cts_companions
from .ingest import ingest, read_source
from .ingest.describe import describe
from .validate import Report, validate_file
from .xmlio import TEI_NS, parse_xml, serialize, write_atomic

SOURCE_SUFFIXES = (".txt", ".md", ".html", ".htm")
FORMATS = ("html", "print", "pdf", "txt")
MANIFEST = ".manifest.json"
IMPORTED = "imported"  # tei/imported/: other archives' TEI, as it came (DESIGN.md)
# Statuses that mean a file did not get through (exit status 1); "nonconformant" (an
# imported file that fails tei_all, rendered as it came) is reported, not failed.
FAILED = ("failed", "invalid", "rejected", "refused")

Progress = Callable[[str], None]


def _quiet(_: str) -> None:
    """Progress sink that says nothing."""


# --------------------------------------------------------------------------- reports

@dataclass(frozen=True)
class FileReport:
    """What a run did with one file.

    ``status``: ingest — written, unchanged, kept (an editor's file left alone), failed;
    render — rendered, failed; validate — valid, invalid.
    """

    path: str
    status: str
    id: str | None = None
    outputs: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()
    problems: tuple[str, ...] = ()
    details: dict = field(default_factory=dict)


@dataclass
class RunReport:
    """Every file a command touched, for ``output/reports/<command>.json``."""

    command: str
    files: list[FileReport] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def failed(self) -> list[FileReport]:
        return [f for f in self.files if f.status in FAILED]

    def counts(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for report in self.files:
            out[report.status] = out.get(report.status, 0) + 1
        return out

    def summary(self) -> str:
        counts = ", ".join(f"{n} {status}" for status, n in sorted(self.counts().items()))
        return f"{self.command}: {counts or 'nothing to do'} ({self.seconds:.1f} s)"

    def to_json(self) -> bytes:
        """The report without timings, so that reproducible builds give identical files."""
        data = {"command": self.command, "counts": self.counts(),
                "files": [asdict(f) for f in self.files]}
        return (json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode()


def write_report(out_dir: Path, report: RunReport) -> Path:
    """Write ``out_dir/reports/<command>.json`` and return its path."""
    path = out_dir / "reports" / f"{report.command}.json"
    _write(path, report.to_json())
    return path


# --------------------------------------------------------------------------- discovery

def find_sources(paths: Iterable[Path]) -> list[Path]:
    """Source files named or inside named folders (not recursive), sorted."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(sorted(p for p in path.iterdir()
                                if p.suffix.lower() in SOURCE_SUFFIXES and not p.name.startswith(".")))
        else:
            found.append(path)
    return found


def find_tei(paths: Iterable[Path]) -> list[Path]:
    """TEI files named or inside named folders (``*.xml``, not recursive), sorted."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(sorted(p for p in path.glob("*.xml") if not p.name.startswith(".")))
        else:
            found.append(path)
    return found


def is_imported(path: Path) -> bool:
    """Whether a TEI file is another archive's, i.e. lies in a ``tei/imported/`` folder."""
    return path.parent.name == IMPORTED


# --------------------------------------------------------------------------- manifest

class Manifest:
    """``tei/.manifest.json``: the hash of every TEI file the pipeline wrote.

    A file whose hash matches is the pipeline's; any other file is an editor's.
    """

    def __init__(self, tei_dir: Path):
        self.path = tei_dir / MANIFEST
        self.files: dict[str, dict[str, str]] = {}
        if self.path.is_file():
            try:
                self.files = json.loads(self.path.read_text(encoding="utf-8")).get("files", {})
            except (ValueError, OSError) as exc:
                raise EditionError(str(self.path), [f"the manifest is unreadable: {exc}; delete "
                                                    "it to treat every TEI file as an editor's"]) from exc

    def id_for_source(self, source_name: str) -> str | None:
        """The id this source was written under before, if any."""
        for name, record in self.files.items():
            if record.get("source") == source_name:
                return Path(name).stem
        return None

    def ids_of_other_sources(self, source_name: str) -> set[str]:
        """Ids the manifest gives to sources other than ``source_name``."""
        return {Path(name).stem for name, record in self.files.items()
                if record.get("source") != source_name}

    def is_pipelines(self, path: Path) -> bool:
        """True when ``path`` is exactly as the pipeline last wrote it."""
        record = self.files.get(path.name)
        return bool(record) and path.is_file() and record["sha256"] == _sha256(path.read_bytes())

    def source_unchanged(self, path: Path, source_sha256: str) -> bool:
        record = self.files.get(path.name)
        return bool(record) and record.get("source_sha256") == source_sha256 and self.is_pipelines(path)

    def record(self, path: Path, data: bytes, source_name: str, source_sha256: str) -> None:
        self.files[path.name] = {"sha256": _sha256(data), "source": source_name,
                                 "source_sha256": source_sha256}

    def save(self) -> None:
        data = {"about": "Hashes of the TEI files tei-edition wrote. A file whose hash differs "
                         "was edited by hand and is not overwritten without --overwrite.",
                "files": dict(sorted(self.files.items()))}
        _write(self.path, (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode())


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _write(path: Path, data: bytes) -> None:
    try:
        write_atomic(path, data)
    except OSError as exc:
        raise OutputError(str(path), [exc.strerror or str(exc)]) from exc


# --------------------------------------------------------------------------- ingest

def ingest_sources(sources: list[Path], tei_dir: Path, config: Config, *, overwrite: bool = False,
                   only_changed: bool = False, strict: bool = False,
                   progress: Progress = _quiet) -> RunReport:
    """Ingest and encode source files into ``tei_dir/<id>.xml``.

    Args:
        sources: source files.
        tei_dir: where TEI files go; its manifest tells the pipeline's files from editors'.
        overwrite: replace editors' files too.
        only_changed: skip sources whose TEI file is the pipeline's and whose bytes have
            not changed since (what ``build`` does).
        strict: a failed round-trip check (source words missing from the TEI) fails the
            file instead of warning.
    """
    started = time.monotonic()
    report = RunReport("ingest")
    manifest = Manifest(tei_dir)
    taken: set[str] = set()  # ids given to sources of this run
    for source in sources:
        name = display(source, config.root)
        try:
            file_report = _ingest_one(source, name, tei_dir, config, manifest, taken,
                                      overwrite=overwrite, only_changed=only_changed, strict=strict)
        except EditionError as exc:
            file_report = FileReport(path=name, status="failed", problems=tuple(exc.details()))
        progress(f"{file_report.status:>9}  {name}" + (f" → {file_report.id}.xml" if file_report.id else ""))
        report.files.append(file_report)
    manifest.save()
    report.seconds = time.monotonic() - started
    return report


def _ingest_one(source: Path, name: str, tei_dir: Path, config: Config, manifest: Manifest,
                taken: set[str], *, overwrite: bool, only_changed: bool, strict: bool) -> FileReport:
    text = read_source(source, name=name, max_size=config.limits.max_size)
    known_id = manifest.id_for_source(name)
    if only_changed and known_id and manifest.source_unchanged(tei_dir / f"{known_id}.xml", text.sha256):
        return FileReport(path=name, status="unchanged", id=known_id)
    doc = ingest(text)
    # Another document may already hold the same id (two records with one slug): -2, -3 …
    doc_id = known_id or unique_id(document_id(doc.metadata), taken | manifest.ids_of_other_sources(name))
    taken.add(doc_id)
    edition = encode(doc, options=EncodeOptions(publisher=config.edition.publisher,
                                                licence=config.edition.licence, doc_id=doc_id))
    if len(doc.versions) > 1:
        edition = replace(edition, tree=align_tree(edition.tree, scorer(config.align.aligner)))
    target = tei_dir / f"{doc_id}.xml"
    data = serialize(edition.tree)
    warnings = list(edition.warnings)
    if doc.dropped:
        warnings.append(f"removed web page chrome: {', '.join(repr(d) for d in doc.dropped)}")
    findings = _round_trip(doc, edition)
    if findings and strict:
        raise IngestError(name, [*findings, "not written (--strict)"])
    warnings.extend(findings)
    if target.exists() and not manifest.is_pipelines(target) and not overwrite:
        warnings.append(f"{target.name} was edited by hand: left alone (use --overwrite to replace it)")
        return FileReport(path=name, status="kept", id=doc_id, warnings=tuple(warnings),
                          details=describe(doc))
    if target.is_file() and target.read_bytes() == data:
        status = "unchanged"
    else:
        _write(target, data)
        status = "written"
    manifest.record(target, data, name, text.sha256)
    return FileReport(path=name, status=status, id=doc_id, outputs=(display(target, config.root),),
                      warnings=tuple(warnings), details=describe(doc))


def _round_trip(doc, edition) -> list[str]:
    """The round-trip check's findings (empty when nothing of the source was lost)."""
    from .ingest.roundtrip import check, rendered_body
    from .render import Renderer, TxtOptions

    texts = Renderer().txt(edition.tree, edition.id, TxtOptions())
    result = check(doc.source.text, doc.dropped + doc.labels, edition.tree, doc.body_text,
                   rendered_body(texts))
    return result.messages()


def display(path: Path, root: Path) -> str:
    """A path relative to the edition root when inside it (stable across machines)."""
    try:
        return str(path.resolve().relative_to(root.resolve()))
    except ValueError:
        return str(path)


# --------------------------------------------------------------------------- align

def scorer(name: str):
    """The aligner's scorer by name (``embedding`` or ``length``)."""
    from .align.scorers import SCORERS

    if name not in SCORERS:
        raise EditionError(None, [f"unknown aligner {name!r} (known: {', '.join(sorted(SCORERS))})"])
    return SCORERS[name]()


def align_paths(paths: list[Path], tei_dir: Path, config: Config, *, aligner: str,
                progress: Progress = _quiet) -> RunReport:
    """Add or refresh sentences and alignment links in TEI files, in place.

    Editors' links survive; a file the pipeline wrote stays the pipeline's (the manifest
    records its new hash).
    """
    started = time.monotonic()
    run = RunReport("align")
    chosen = scorer(aligner)
    manifest = Manifest(tei_dir)
    for path in paths:
        name = display(path, config.root)
        try:
            tree = parse_xml(path, name=name)
            was_pipelines = manifest.is_pipelines(path)
            aligned = align_tree(tree, chosen)
            data = serialize(aligned)
            if data == path.read_bytes():
                status = "unchanged"
            else:
                _write(path, data)
                status = "aligned"
            if was_pipelines:
                record = manifest.files[path.name]
                manifest.record(path, data, record["source"], record["source_sha256"])
            links = len(aligned.xpath("//tei:standOff//tei:link", namespaces={"tei": TEI_NS}))
            report = FileReport(path=name, status=status, id=path.stem,
                                warnings=() if links else ("fewer than two language versions: "
                                                           "nothing to align",))
        except EditionError as exc:
            report = FileReport(path=name, status="failed", id=path.stem, problems=tuple(exc.details()))
        progress(f"{report.status:>9}  {name}")
        run.files.append(report)
    manifest.save()
    run.seconds = time.monotonic() - started
    return run


# --------------------------------------------------------------------------- validate

def validate_paths(paths: list[Path], config: Config, *, tei_all: bool = False,
                   schema: Path | None = None, progress: Progress = _quiet) -> tuple[RunReport, list[Report]]:
    """Validate TEI files: the project's grammar (or ``schema``) and rules, and with
    ``tei_all`` TEI's tei_all too. Returns the run report and the per-file reports."""
    started = time.monotonic()
    run = RunReport("validate")
    reports = []
    for path in paths:
        name = display(path, config.root)
        if is_imported(path):  # other archives' TEI: tei_all only, never our profile (DESIGN.md)
            result = validate_file(path, name=name, profile=False, rules=False, tei_all=True)
        else:
            result = validate_file(path, name=name, tei_all=tei_all, schema=schema)
        reports.append(result)
        run.files.append(FileReport(
            path=name, status="valid" if result.valid else "invalid", id=path.stem,
            problems=tuple(result.line(f) for f in result.errors),
            warnings=tuple(result.line(f) for f in result.warnings)))
        progress(f"{'valid' if result.valid else 'INVALID':>9}  {name}"
                 + (f" ({len(result.warnings)} warnings)" if result.warnings else ""))
    run.seconds = time.monotonic() - started
    return run, reports


# --------------------------------------------------------------------------- render

def render_paths(paths: list[Path], out_dir: Path, config: Config, *,
                 formats: tuple[str, ...] = FORMATS, index: bool = True,
                 skip: Iterable[str] = (), jobs: int = 1, executor=None,
                 progress: Progress = _quiet, bar: bool = False) -> RunReport:
    """Render TEI files into ``out_dir/<format>/`` and, with ``index``, the corpus pages.

    Args:
        paths: TEI files; their output names come from the file stem.
        formats: any of html, print, pdf, txt.
        skip: ids not to render (e.g. invalid files); they still count as failed.
        jobs: worker processes (1: all in this process); the files written are the same.
        executor: a :class:`~pipeline.workers.Executor` to run the documents on
            instead (e.g. a Dask cluster); ``jobs`` is then ignored.
        bar: draw a progress bar on stderr when it is a terminal.
    """
    from .render import Renderer, assets
    from .render.document import render_document, warm_up
    from .render.search import SearchIndex
    from .workers import ProgressBar, run_tasks

    started = time.monotonic()
    run = RunReport("render")
    skip = set(skip)
    # The corpus pages need one summary record per document, never the documents.
    summaries: list[etree._Element] = []
    search = SearchIndex()
    # Assets first: the PDFs are laid out with the print.css written next to their pages,
    # which must be this version's, not one left by an earlier build.
    for rel, data in assets(formats).items():
        _write(out_dir / rel, data)
    todo = [p for p in paths if ncname(p.stem) not in skip]
    for path in paths:
        name = display(path, config.root)
        if ncname(path.stem) in skip:
            run.files.append(FileReport(path=name, status="failed", id=ncname(path.stem),
                                        problems=(f"{name}: not rendered: the file is not valid TEI",)))
    opts = _options(config)
    meter = ProgressBar(len(todo), "render", enabled=bar)
    tasks = _render_tasks(todo, out_dir, config, opts, formats, index and "html" in formats)
    for result in run_tasks(render_document, tasks, jobs, initializer=warm_up,
                                executor=executor):
        written = []
        for rel, data in result.outputs.items():
            _write(out_dir / rel, data)
            written.append(display(out_dir / rel, config.root))
        if result.summary is not None:
            search.add(result.doc_id, list(result.search_texts))
            summaries.append(parse_xml(result.summary, name=f"summary of {result.name}").getroot())
        status = "failed" if result.problems else "rendered"
        run.files.append(FileReport(path=result.name, status=status, id=result.doc_id,
                                    outputs=tuple(written), problems=result.problems))
        progress(f"{status:>9}  {result.name}" + (f": {result.problems[0]}" if result.problems
                                                  else f" ({', '.join(formats)})"))
        meter.update()
    meter.close()
    renderer = Renderer()
    if index and "pdf" in formats:
        run.files.extend(_write_volume(renderer, opts.print, paths, run, out_dir, config, progress))
    if index and "html" in formats:
        _write_corpus_pages(renderer, opts.html, summaries, search, out_dir / "html")
    run.seconds = time.monotonic() - started
    return run


def _options(config: Config):
    from .render import options_for

    return options_for(config)


def _render_tasks(paths: list[Path], out_dir: Path, config: Config, options, formats: tuple[str, ...],
                  summary: bool):
    """One :class:`~pipeline.render.document.DocumentTask` per file, read as it is needed."""
    from .render.document import DocumentTask

    companions = cts_companions([p for p in paths if is_imported(p)])
    print_base = (out_dir / "print").resolve().as_uri() + "/"
    for path in paths:
        name, doc_id = display(path, config.root), ncname(path.stem)
        data, others, error = b"", (), None
        try:
            data = path.read_bytes()
            others = tuple(p.read_bytes() for p in companions.get(path, []))
        except OSError as exc:
            error = f"cannot read the file: {exc.strerror or exc}"
        yield DocumentTask(name=name, doc_id=doc_id, data=data, formats=formats, options=options,
                           companions=others, pair=is_imported(path), summary=summary,
                           print_base=print_base, error=error,
                           pdf_label=display(out_dir / "pdf" / f"{doc_id}.pdf", config.root))


def _write_corpus_pages(renderer, options, summaries: list[etree._Element], search,
                        html_dir: Path) -> None:
    """The index page, the search index (stale shards removed) and the registers page."""
    written = set()
    for rel, data in search.iter_files():
        _write(html_dir / rel, data)
        written.add(html_dir / rel)
    for old in (html_dir / "search").glob("*.js"):
        if old not in written:
            old.unlink()
    _write(html_dir / "index.html", renderer.index_page(summaries, options, search=True))
    _write(html_dir / "registers.html", renderer.registers_page(summaries, options))


def _write_volume(renderer, options, paths: list[Path], run: RunReport, out_dir: Path,
                  config: Config, progress: Progress) -> list[FileReport]:
    """The combined volume of the documents rendered in this run: ``pdf/0-volume.pdf``
    (its report; none when no document was rendered).

    The TEI files are read again here, so that the loop over documents stays flat in
    memory; the volume itself needs them all at once (it is one page for WeasyPrint).
    """
    from .render import render_pdf
    from .render.volume import VOLUME_NAME, print_volume

    target = out_dir / "pdf" / f"{VOLUME_NAME}.pdf"
    name = display(target, config.root)
    rendered = {f.id for f in run.files if f.status == "rendered"}
    if not rendered:
        return []
    try:
        documents = [(ncname(p.stem), parse_xml(p, name=display(p, config.root)))
                     for p in paths if ncname(p.stem) in rendered]
        html = print_volume(renderer, documents, options)
        _write(target, render_pdf(html, (out_dir / "print").resolve().as_uri() + "/", label=name))
    except EditionError as exc:
        progress(f"{'failed':>9}  {name}: {exc.summary()}")
        return [FileReport(path=name, status="failed", problems=tuple(exc.details()))]
    progress(f"{'rendered':>9}  {name} (combined volume, {len(documents)} documents)")
    return [FileReport(path=name, status="rendered", outputs=(name,))]


# --------------------------------------------------------------------------- build

def _as_imported(report: FileReport) -> FileReport:
    """An imported file that fails tei_all is rendered as it came: a warning, not a failure."""
    if report.status != "invalid" or any("[well-formed]" in p for p in report.problems):
        return report
    return replace(report, status="nonconformant", problems=(),
                   warnings=report.problems + report.warnings)


def build(config: Config, sources_dir: Path, tei_dir: Path, out_dir: Path, *,
          tei_all: bool = False, strict: bool = False, jobs: int = 1, executor=None,
          bar: bool = False, progress: Progress = _quiet) -> list[RunReport]:
    """Ingest what is new, validate every TEI file, render every valid one.

    Returns the reports of the three steps (also written to ``out_dir/reports/``).
    """
    reports = []
    sources = find_sources([sources_dir]) if sources_dir.is_dir() else []
    reports.append(ingest_sources(sources, tei_dir, config, only_changed=True, strict=strict,
                                  progress=progress))
    tei_files = find_tei([tei_dir]) if tei_dir.is_dir() else []
    imported = find_tei([tei_dir / IMPORTED]) if (tei_dir / IMPORTED).is_dir() else []
    own_ids = {ncname(p.stem) for p in tei_files}
    clashes = [p for p in imported if ncname(p.stem) in own_ids]
    imported = [p for p in imported if p not in clashes]
    validation, _ = validate_paths(tei_files + imported, config, tei_all=tei_all, progress=progress)
    validation.files = [_as_imported(f) if is_imported(p) else f
                        for p, f in zip(tei_files + imported, validation.files, strict=True)]
    validation.files += [FileReport(
        path=display(p, config.root), status="failed", id=None,
        problems=(f"{display(p, config.root)}: not rendered: its id {ncname(p.stem)!r} is the id of "
                  f"{display(tei_dir / (p.stem + '.xml'), config.root)}; rename the imported file",))
        for p in clashes]
    reports.append(validation)
    invalid = {f.id for f in validation.failed}
    tei_files = tei_files + imported
    formats = tuple(f for f in config.render.formats if f in FORMATS) or FORMATS
    reports.append(render_paths(tei_files, out_dir, config, formats=formats, skip=invalid,
                                jobs=jobs, executor=executor, bar=bar, progress=progress))
    for report in reports:
        write_report(out_dir, report)
    return reports
