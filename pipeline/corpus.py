"""Corpus-level work: finding files, the manifest of tei/, ingest, render and build runs.

This is where the pipeline touches the file system; the stages it calls are pure.
A failed document never stops the others: its failure goes into the run's report.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import itertools
import json
import os
import re
import time
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

from .cache import stat_signature
from .config import Config
from .encode import ncname, unique_id
from .errors import EditionError, OutputError, XMLInputError
from .exchange.pairing import cts_companions
from .validate import Report
from .xmlio import TEI_NS, parse_xml, serialize, write_atomic

SOURCE_SUFFIXES = (".txt", ".md", ".html", ".htm")
FORMATS = ("html", "print", "pdf", "txt")
MANIFEST = ".manifest.json"
MANIFEST_EVERY = 10  # seconds between two saves of the manifest during an ingest
INLINE_DOCUMENTS = 32  # at most this many to render: done here (workers cost ~0.5 s to start)
# At most this many sources to ingest: done here. Measured break-even on 2 cores: ~32
# with the length aligner (~35 ms a source), under 17 with the embedding one (~0.2 s).
INLINE_SOURCES = {"length": 32, "embedding": 8}
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
        """The report without timings, so that reproducible builds give identical files:
        one line per file (and json's fast encoder, which indenting would turn off)."""
        line = _REPORT_ENCODER.encode  # (one encoder for every line: json.dumps with
        # options makes a new one per call, a third of the time of a 10,000-line report)

        lines = ["{", f'  "command": {line(self.command)},', f'  "counts": {line(self.counts())},']
        if self.files:
            lines += ['  "files": [', ",\n".join("    " + _line(f) for f in self.files), "  ]"]
        else:
            lines.append('  "files": []')
        return ("\n".join(lines) + "\n}\n").encode()


_REPORT_ENCODER = json.JSONEncoder(ensure_ascii=False, sort_keys=True)
_string = json.encoder.encode_basestring  # (a JSON string, not ASCII-escaped)


def _line(report: FileReport) -> str:
    """A file's report as one line of JSON, keys sorted. A plain record (no details,
    warnings or problems: every unchanged document of a build) is written from a
    template, its strings escaped by json's own encoder: most lines of a 10,000-document
    build's reports, in a third of the time of encoding each record's dictionary."""
    if report.details or report.warnings or report.problems or not isinstance(report.id, str):
        return _REPORT_ENCODER.encode(_record(report))
    outputs = ", ".join(map(_string, report.outputs))
    return (f'{{"details": {{}}, "id": {_string(report.id)}, "outputs": [{outputs}], '
            f'"path": {_string(report.path)}, "problems": [], "status": {_string(report.status)}, '
            f'"warnings": []}}')


def _record(report: FileReport) -> dict:
    """A file's report as JSON data (what dataclasses.asdict gives, without its deep copy:
    a 10,000-document build spent half a second in it)."""
    return {"path": report.path, "status": report.status, "id": report.id,
            "outputs": list(report.outputs), "warnings": list(report.warnings),
            "problems": list(report.problems), "details": report.details}


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
            found.extend(sorted((p for p in path.iterdir()
                                 if p.suffix.lower() in SOURCE_SUFFIXES and not p.name.startswith(".")),
                                key=lambda p: p.name))
        else:
            found.append(path)
    return found


def find_tei(paths: Iterable[Path]) -> list[Path]:
    """TEI files named or inside named folders (``*.xml``, not recursive), sorted."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            names = sorted(n for n in os.listdir(path) if n.endswith(".xml") and not n.startswith("."))
            found.extend(path / n for n in names)  # by name: sorting paths is slow
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

    ABOUT = ("Hashes of the TEI files tei-edition wrote. A file whose hash differs was edited "
             "by hand and is not overwritten without --overwrite.")

    def __init__(self, tei_dir: Path):
        self.path = tei_dir / MANIFEST
        self.files: dict[str, dict[str, str]] = {}  # (changed only by record, record_kept)
        self._by_source: dict[str, str] | None = None
        self._encoded: dict[str, str] = {}  # file name → its record as save() writes it
        self._changed = False  # since it was read
        if self.path.is_file():
            try:
                self.files = json.loads(self.path.read_text(encoding="utf-8")).get("files", {})
            except (ValueError, OSError) as exc:
                raise EditionError(str(self.path), [f"the manifest is unreadable: {exc}; delete "
                                                    "it to treat every TEI file as an editor's"]) from exc

    def id_for_source(self, source_name: str) -> str | None:
        """The id this source was written under before, if any."""
        if self._by_source is None:  # (asked for every source: an index, not a search)
            self._by_source = {}
            for name, record in self.files.items():
                self._by_source.setdefault(record.get("source"), Path(name).stem)
        return self._by_source.get(source_name)

    def is_pipelines(self, path: Path) -> bool:
        """True when ``path`` is exactly as the pipeline last wrote it."""
        return path.is_file() and self.holds(path.name, path.read_bytes())

    def holds(self, name: str, data: bytes | None) -> bool:
        """True when ``data`` is what the pipeline last wrote as the TEI file ``name``."""
        return data is not None and self.holds_digest(name, _sha256(data))

    def holds_digest(self, name: str, sha256: str | None) -> bool:
        """:meth:`holds` for bytes of this SHA-256 (None: no file)."""
        record = self.files.get(name)
        return bool(record) and sha256 is not None and record["sha256"] == sha256

    def source_seen(self, path: Path, source_sha256: str) -> bool:
        """Whether the source of ``path`` is as it was when the pipeline last read it."""
        record = self.files.get(path.name)
        return bool(record) and record.get("source_sha256") == source_sha256

    def record_kept(self, path: Path, source_name: str, source_sha256: str) -> None:
        """Remember the source of an editor's file that was left alone, keeping the hash
        of what the pipeline last wrote there (if anything), so the file stays the editor's."""
        old = self.files.get(path.name) or {}
        self._put(path, {"sha256": old.get("sha256", ""), "source": source_name,
                         "source_sha256": source_sha256}, source_name)

    def record(self, path: Path, data: bytes, source_name: str, source_sha256: str) -> None:
        self._put(path, {"sha256": _sha256(data), "source": source_name,
                         "source_sha256": source_sha256}, source_name)

    def _put(self, path: Path, record: dict[str, str], source_name: str) -> None:
        self.files[path.name] = record
        self._encoded.pop(path.name, None)
        self._changed = True
        if self._by_source is not None:
            self._by_source.setdefault(source_name, path.stem)

    def save(self) -> None:
        """Write the manifest, unless nothing was recorded since it was read (tei/ is
        editors' too: a build that changed nothing writes nothing there), or it would
        come out as it is."""
        if not self._changed and self.path.is_file():
            return
        encoded = self.encode()
        if not self.path.is_file() or self.path.read_bytes() != encoded:
            _write(self.path, encoded)

    def encode(self) -> bytes:
        """The file's bytes: ``json.dumps({"about": …, "files": …}, ensure_ascii=False,
        indent=2)`` with the files sorted by name, made from each record's text, which
        is encoded once (an ingest saves the manifest every 10 s: encoding every record
        each time made each save cost more as the corpus grew, 45 ms at 10,000 files)."""
        parts = []
        for name in sorted(self.files):
            text = self._encoded.get(name)
            if text is None:
                text = self._encoded[name] = f"    {_string(name)}: {_manifest_record(self.files[name])}"
            parts.append(text)
        files = "{\n" + ",\n".join(parts) + "\n  }" if parts else "{}"
        return f'{{\n  "about": {json.dumps(self.ABOUT)},\n  "files": {files}\n}}\n'.encode()


def _manifest_record(record) -> str:
    """A manifest record as ``json.dumps(indent=2)`` writes it inside the manifest: a
    record of strings (every record the pipeline makes) from a template, its strings
    escaped by json's own encoder (json.dumps with indent runs its slow encoder: 45 ms
    for 10,000 files, 31 ms this way, at every build that recorded a file)."""
    if isinstance(record, dict) and record and all(
            isinstance(k, str) and isinstance(v, str) for k, v in record.items()):
        return "{\n" + ",\n".join(f"      {_string(k)}: {_string(v)}" for k, v in record.items()) + "\n    }"
    return json.dumps(record, ensure_ascii=False, indent=2).replace("\n", "\n    ")


class FileStats:
    """The size, modification time and SHA-256 of each source and TEI file as a build
    last read or wrote it (``output/.cache/sources.json``; keys ``source:<name>`` and
    ``tei:<file name>``). A file whose size and time are as recorded has the recorded
    hash: a build that finds every source unchanged reads none of them, nor their TEI
    files. Machine-local (times differ between copies), so it is kept with the build
    cache, not in ``tei/``; without it (or damaged) every file is read, as before.
    """

    FORMAT = 1

    def __init__(self, path: Path | None):
        self.path, self.files, self.changed = path, {}, False
        if path is not None and path.is_file():
            try:
                data = json.loads(path.read_text(encoding="utf-8"))
                if data.get("format") == self.FORMAT and isinstance(data.get("files"), dict):
                    self.files = data["files"]
            except (ValueError, OSError, AttributeError):
                self.files = {}

    @property
    def enabled(self) -> bool:
        """Whether there is a file to keep the record in (else nothing is recorded)."""
        return self.path is not None

    def digest(self, key: str, stat: os.stat_result | None) -> str | None:
        record = self.files.get(key)
        if stat is None or not isinstance(record, list) or len(record) != 3:
            return None
        return record[2] if record[:2] == stat_signature(stat) else None

    def put(self, key: str, stat: os.stat_result | None, sha256: str) -> None:
        if not self.enabled or stat is None:
            return
        record = [*stat_signature(stat), sha256]
        if self.files.get(key) != record:
            self.files[key] = record
            self.changed = True

    def save(self) -> None:
        if self.enabled and self.changed:
            _write(self.path, json.dumps({"format": self.FORMAT, "files": self.files}).encode())
            self.changed = False


def _stat(path: Path) -> os.stat_result | None:
    try:
        return path.stat()
    except OSError:
        return None


# The temporary files write_atomic leaves behind when a run is killed while writing:
# ".<name>.tmp<pid>", renamed over <name> once complete.
_TEMPORARY = re.compile(r"\..+\.tmp(\d+)")


def sweep_temporary(folders: Iterable[Path]) -> int:
    """Remove the temporary files that killed runs left in ``folders`` (not recursive):
    those of processes no longer running. Returns how many were removed.

    Every file is written under a temporary name and renamed once complete, so a run
    killed mid-way leaves no half-written file under a real name, only these.
    """
    removed = 0
    for folder in folders:
        try:
            entries = list(os.scandir(folder))
        except OSError:
            continue
        for entry in entries:
            found = _TEMPORARY.fullmatch(entry.name)
            if found and not _running(int(found.group(1))) and entry.is_file(follow_symlinks=False):
                with contextlib.suppress(OSError):
                    os.unlink(entry.path)
                    removed += 1
    return removed


def _running(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # another user's process
        return True
    return True


def _output_folders(out_dir: Path) -> list[Path]:
    """Where a build writes (for :func:`sweep_temporary`)."""
    from .cache import CACHE_DIR

    return [out_dir, *(out_dir / f for f in FORMATS), out_dir / "html" / "search",
            out_dir / "reports", out_dir / CACHE_DIR, out_dir / CACHE_DIR / "search"]


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _write(path: Path, data: bytes) -> None:
    write_atomic(path, data)  # (an OutputError when the folder will not take it)


# --------------------------------------------------------------------------- ingest

def ingest_sources(sources: list[Path], tei_dir: Path, config: Config, *, overwrite: bool = False,
                   only_changed: bool = False, strict: bool = False, aligner: str | None = None,
                   jobs: int = 1, executor=None, progress: Progress = _quiet,
                   bar: bool = False, along: RenderedAlong | None = None,
                   stats: Path | None = None) -> RunReport:
    """Ingest and encode source files into ``tei_dir/<id>.xml``.

    This process reads the sources, settles the ids and writes the TEI files; the
    ingest itself (:func:`pipeline.ingest.document.ingest_document`) runs in workers
    when there are many sources to do, each stopped when it outruns the time budget.

    Args:
        sources: source files.
        tei_dir: where TEI files go; its manifest tells the pipeline's files from editors'.
        overwrite: replace editors' files too.
        only_changed: skip sources whose TEI file is the pipeline's and whose bytes have
            not changed since (what ``build`` does).
        strict: a failed round-trip check (source words missing from the TEI) fails the
            file instead of warning.
        aligner: the aligner's name (default: the configuration's).
        jobs: worker processes (1: all in this process); the files written are the same.
        executor: a :class:`~pipeline.workers.Executor` to ingest on instead (``jobs`` is
            then ignored).
        bar: draw a progress bar on stderr when it is a terminal.
        along: render each TEI file as it is made, in the same task (a build; see
            :class:`RenderedAlong`).
        stats: a file to keep the sizes, times and hashes of the sources and TEI files
            in (a build's cache, :class:`FileStats`), so that with ``only_changed`` a
            source and TEI file whose size and time are unchanged are not read again.
    """
    from .ingest.document import ingest_document, stopped, warm_up, warm_up_rendering
    from .workers import ProgressBar, run_tasks

    started = time.monotonic()
    report = RunReport("ingest")
    sweep_temporary([tei_dir])
    plan = _IngestPlan(sources, tei_dir, config, Manifest(tei_dir), overwrite=overwrite,
                       only_changed=only_changed, strict=strict,
                       aligner=aligner or config.align.aligner, along=along,
                       stats=FileStats(stats))
    if along is not None and getattr(executor, "remote", False):
        along.remote()
    meter = ProgressBar(len(sources), "ingest", enabled=bar)
    saved = time.monotonic()
    try:
        for item, result in _in_order(plan.entries(), functools.partial(
                run_tasks, ingest_document, jobs=jobs, executor=executor,
                initializer=warm_up if along is None else warm_up_rendering,
                inline_upto=INLINE_SOURCES.get(plan.aligner, 8),
                budget=config.limits.timeout or None, lost=stopped)):
            file_report = item if result is None else plan.settle(item, result)
            progress(f"{file_report.status:>9}  {file_report.path}"
                     + (f" → {file_report.id}.xml" if file_report.id else ""))
            report.files.append(file_report)
            meter.update()
            if time.monotonic() - saved > MANIFEST_EVERY:  # a killed run loses little
                plan.manifest.save()
                saved = time.monotonic()
    except OutputError:
        # tei/ will not take a file (full, read-only): the manifest keeps those written.
        with contextlib.suppress(OutputError):
            plan.manifest.save()
        raise
    finally:
        meter.close()
    plan.manifest.save()
    plan.stats.save()
    report.seconds = time.monotonic() - started
    return report


class RenderedAlong:
    """Documents a build renders in the task that ingests them, sparing the render step
    a second parse of each new TEI file, its plain text (the round-trip check made it)
    and a second set of workers.

    ``task`` is the template of each document's
    :class:`~pipeline.render.document.DocumentTask`. A rendering stands (:meth:`keep`)
    when its TEI file was written under the id it was rendered with: its staged outputs
    are renamed into place (or, from remote workers, written here) and its result waits
    for :func:`process_documents`, which takes it instead of rendering the file.
    Otherwise (an editor's file kept, an id taken by another source) it is dropped, and
    the render step renders the file as usual. The search terms go straight into
    ``terms``, so what waits is small.
    """

    def __init__(self, task, out_dir: Path):
        from .render.search import SearchIndex

        self.task, self.out_dir = task, out_dir
        self.results: dict[str, object] = {}  # by document id
        self.terms = SearchIndex()

    def remote(self) -> None:
        """The workers are elsewhere: their outputs come back as bytes."""
        self.task = replace(self.task, out_dir=None)

    def keep(self, doc_id: str, result) -> None:
        from .render.document import commit_staged

        if result.staged is not None:
            commit_staged(self.out_dir, result)
        if result.outputs:  # (from remote workers)
            for rel, data in result.outputs.items():
                _write(self.out_dir / rel, data)
            result = replace(result, outputs={}, written=(*result.written, *result.outputs))
        if result.summary is not None:
            self.terms.add_counts(doc_id, result.terms)
        self.results[doc_id] = replace(result, terms=())

    def drop(self, result) -> None:
        from .render.document import discard_staged

        if result.staged is not None:
            discard_staged(self.out_dir, result)

    def take(self, doc_id: str):
        """The kept result of a document (once), or None."""
        return self.results.pop(doc_id, None)


def _in_order(entries, run):
    """``(item, task)`` pairs (task None: nothing to do) → ``(item, result)`` in the same
    order, the tasks run by ``run`` (e.g. :func:`~pipeline.workers.run_tasks`), which
    yields their results in task order; result None for an item without a task.
    ``entries`` is consumed only as the workers need tasks."""
    queue: deque = deque()

    def tasks():
        for item, task in entries:
            queue.append((item, task is not None))
            if task is not None:
                yield task

    pending = tasks()
    first = next(pending, None)
    done = run(itertools.chain([first], pending)) if first is not None else iter(())
    for result in done:
        while True:
            item, has_task = queue.popleft()
            if has_task:
                yield item, result
                break
            yield item, None
    while queue:
        item, _ = queue.popleft()
        yield item, None


@dataclass
class _Source:
    """A source being ingested: its task, and the TEI file its known id names."""

    task: object
    target: Path | None = None
    existing: bytes | None = None  # the target's bytes, when it exists


class _IngestPlan:
    """Decides source by source what to ingest (:meth:`entries`) and what to do with
    the result (:meth:`settle`), in the order of the sources."""

    def __init__(self, sources, tei_dir, config, manifest, *, overwrite, only_changed, strict,
                 aligner, along=None, stats=None):
        self.sources, self.tei_dir, self.config, self.manifest = sources, tei_dir, config, manifest
        self.overwrite, self.only_changed, self.strict = overwrite, only_changed, strict
        self.aligner, self.along = aligner, along
        self.stats = stats if stats is not None else FileStats(None)
        self.taken: set[str] = set()  # ids given to sources of this run
        self.tei_folder = display(tei_dir, config.root)
        self.shown = _Shown(config.root)
        self._tei_names: frozenset[str] | None = None

    def _may_exist(self, target: Path) -> bool:
        """Whether a TEI file for a new id may be there already: its name is in the
        folder's listing, made once (a new source's id is never one this run gave, so a
        name not listed is not written either; a build of 10,000 new sources spares as
        many failed reads)."""
        if self._tei_names is None:
            try:
                self._tei_names = frozenset(os.listdir(self.tei_dir))
            except FileNotFoundError:
                self._tei_names = frozenset()  # (made when the first file is written)
            except OSError:
                return True  # (the read says why)
        return target.name in self._tei_names

    def entries(self):
        """``(FileReport, None)`` for a source with nothing to do (or unreadable),
        ``(_Source, IngestTask)`` for one to ingest."""
        links = _links(self.sources)
        for source in self.sources:
            # (a link is named as display() names it, by where it leads; any other file
            # by its resolved folder, resolved once for all its files)
            name = display(source, self.config.root) if source in links else self.shown(source)
            try:
                yield self._entry(source, name)
            except EditionError as exc:
                yield FileReport(path=name, status="failed", problems=tuple(exc.details())), None

    def _entry(self, source: Path, name: str):
        from .ingest.document import IngestTask
        from .ingest.text import read_bytes

        keep_stats = self.stats.enabled
        known_id = self.manifest.id_for_source(name)
        if self.only_changed and known_id and keep_stats:
            settled = self._settled_by_stats(source, name, known_id)
            if settled is not None:
                return settled, None
        before = _stat(source) if keep_stats else None  # (before reading: a later change
        # gives another time, so the hash recorded is never newer than the time)
        data = read_bytes(source, name, max_size=self.config.limits.max_size)
        sha256 = _sha256(data)
        self.stats.put(f"source:{name}", before, sha256)
        target = existing = None
        ours = False
        if known_id:
            target = self.tei_dir / f"{known_id}.xml"
            target_stat = _stat(target) if keep_stats else None
            existing = _read_if_file(target)
            existing_sha = _sha256(existing) if existing is not None else None
            if existing_sha is not None:
                self.stats.put(f"tei:{target.name}", target_stat, existing_sha)
            ours = self.manifest.holds_digest(target.name, existing_sha)
            seen = self.manifest.source_seen(target, sha256)
            if self.only_changed and seen and ours:
                return FileReport(path=name, status="unchanged", id=known_id), None
            if self.only_changed and seen and existing is not None and not self.overwrite:
                return self._kept(name, known_id, target), None
        task = IngestTask(name=name, data=data, doc_id=known_id,
                          publisher=self.config.edition.publisher,
                          licence=self.config.edition.licence, aligner=self.aligner,
                          strict=self.strict, previous=existing if ours else None,
                          render=self.along.task if self.along is not None else None,
                          tei_folder=self.tei_folder)
        return _Source(task, target, existing), task

    def _settled_by_stats(self, source: Path, name: str, known_id: str) -> FileReport | None:
        """The report of a source found unchanged (or kept) from the sizes and times of
        it and its TEI file alone, or None when they must be read to tell."""
        target = self.tei_dir / f"{known_id}.xml"
        source_sha = self.stats.digest(f"source:{name}", _stat(source))
        target_sha = self.stats.digest(f"tei:{target.name}", _stat(target))
        record = self.manifest.files.get(target.name)
        if source_sha is None or target_sha is None or not record:
            return None
        if record.get("source_sha256") != source_sha:
            return None
        if self.manifest.holds_digest(target.name, target_sha):
            return FileReport(path=name, status="unchanged", id=known_id)
        return None if self.overwrite else self._kept(name, known_id, target)

    @staticmethod
    def _kept(name: str, known_id: str, target: Path) -> FileReport:
        # An editor's file whose source has not changed since it was last kept: no need
        # to ingest the source again only to leave it alone.
        return FileReport(path=name, status="kept", id=known_id, warnings=(
            f"{target.name} was edited by hand: left alone (use --overwrite to replace it)",))

    def settle(self, item: _Source, result) -> FileReport:
        """Write one ingested source's TEI file (unless an editor's file is in the way);
        its rendering, when made along, stands if the file was written as rendered."""
        report = self._settle(item, result)
        if self.along is not None and result.rendered is not None:
            limit = self.config.limits.max_size
            if (report.status in ("written", "unchanged") and report.id == result.doc_id
                    and not (limit and len(result.data) > limit)):
                self.along.keep(report.id, result.rendered)
            else:
                self.along.drop(result.rendered)
        return report

    def _settle(self, item: _Source, result) -> FileReport:
        from .ingest.document import ingest_document, stopped
        from .workers import within_budget

        name = result.name
        if not result.problems and result.doc_id and item.target is None:
            # Another document may already hold the same id (two records with one
            # slug): -2, -3 … The rare renamed one is encoded again here.
            doc_id = unique_id(result.doc_id, _Taken(self.taken, self.manifest, name))
            if doc_id != result.doc_id:
                result = within_budget(self.config.limits.timeout or None, ingest_document,
                                       replace(item.task, doc_id=doc_id, previous=None,
                                               render=None), stopped)
            item.target = self.tei_dir / f"{doc_id}.xml"
            try:
                item.existing = _read_if_file(item.target) if self._may_exist(item.target) else None
            except EditionError as exc:
                return FileReport(path=name, status="failed", problems=tuple(exc.details()))
        if result.problems:
            return FileReport(path=name, status="failed", problems=result.problems)
        doc_id, data, target, existing = result.doc_id, result.data, item.target, item.existing
        self.taken.add(doc_id)
        warnings = list(result.warnings)
        # A file holding what the pipeline writes now is the pipeline's even when the
        # manifest does not say so (a run killed before it saved the manifest wrote it).
        if (existing is not None and existing != data and not self.overwrite
                and not self.manifest.holds(target.name, existing)):
            warnings.append(f"{target.name} was edited by hand: left alone (use --overwrite to "
                            "replace it)")
            self.manifest.record_kept(target, name, result.source_sha256)
            return FileReport(path=name, status="kept", id=doc_id, warnings=tuple(warnings),
                              details=result.details)
        if existing == data:
            status = "unchanged"
        else:
            _write(target, data)
            status = "written"
        self.manifest.record(target, data, name, result.source_sha256)
        if self.stats.enabled:  # (the hash the manifest has just taken)
            self.stats.put(f"tei:{target.name}", _stat(target), self.manifest.files[target.name]["sha256"])
        # (a file written is no link; one left as it was may be, named by where it leads)
        shown = self.shown(target) if status == "written" else display(target, self.config.root)
        return FileReport(path=name, status=status, id=doc_id, outputs=(shown,),
                          warnings=tuple(warnings), details=result.details)


class _Taken:
    """The ids a new source may not take: those given in this run, and those the
    manifest gives to other sources."""

    def __init__(self, run: set[str], manifest: Manifest, source_name: str):
        self.run, self.manifest, self.source_name = run, manifest, source_name

    def __contains__(self, doc_id: object) -> bool:
        if doc_id in self.run:
            return True
        record = self.manifest.files.get(f"{doc_id}.xml")
        return record is not None and record.get("source") != self.source_name


def _read_if_file(path: Path) -> bytes | None:
    """The bytes of the TEI file a source is written to, None when there is none yet."""
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise EditionError(str(path), [f"the TEI file this source goes to cannot be read: "
                                       f"{exc.strerror or exc}"]) from exc


def _links(paths: list[Path]) -> set[Path]:
    """Which of ``paths`` are symbolic links, from one listing of each folder (the
    listing tells without a look-up per file: 10,000 of them took 0.05 s)."""
    by_folder: dict[Path, list[Path]] = {}
    for path in paths:
        by_folder.setdefault(path.parent, []).append(path)
    links: set[Path] = set()
    for folder, members in by_folder.items():
        try:
            with os.scandir(folder) as entries:
                named = {e.name for e in entries if e.is_symlink()}
        except OSError:
            links.update(p for p in members if p.is_symlink())
            continue
        links.update(p for p in members if p.name in named)
    return links


class _Shown:
    """:func:`display` for many files: each folder is resolved once, not each file."""

    def __init__(self, root: Path):
        self.root, self.folders = root, {}

    def __call__(self, path: Path) -> str:
        folder = self.folders.get(path.parent)
        if folder is None:
            folder = self.folders[path.parent] = display(path.parent, self.root)
        return path.name if folder == "." else f"{folder}/{path.name}"


def display(path: Path, root: Path) -> str:
    """A path relative to the edition root when inside it (stable across machines)."""
    try:
        return str(path.resolve().relative_to(root.resolve()))
    except ValueError:
        return str(path)


# --------------------------------------------------------------------------- align

def align_paths(paths: list[Path], tei_dir: Path, config: Config, *, aligner: str,
                progress: Progress = _quiet) -> RunReport:
    """Add or refresh sentences and alignment links in TEI files, in place.

    Editors' links survive; a file the pipeline wrote stays the pipeline's (the manifest
    records its new hash).
    """
    from .align.scorers import make_scorer
    from .align.tei import align_tree
    from .limits import parse_within

    started = time.monotonic()
    run = RunReport("align")
    chosen = make_scorer(aligner)
    manifest = Manifest(tei_dir)
    for path in paths:
        name = display(path, config.root)
        try:
            tree = parse_within(path, name, config.limits.max_size, config.limits.max_depth)
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
    from .limits import parse_within
    from .validate import unreadable, validate_tree

    started = time.monotonic()
    run = RunReport("validate")
    reports = []
    for path in paths:
        name = display(path, config.root)
        try:
            tree = parse_within(path, name, config.limits.max_size, config.limits.max_depth)
        except XMLInputError as exc:
            result = unreadable(name, exc)
        else:
            if is_imported(path):  # other archives' TEI: tei_all only, never our profile (DESIGN.md)
                result = validate_tree(tree, name, profile=False, rules=False, tei_all=True)
            else:
                result = validate_tree(tree, name, tei_all=tei_all, schema=schema)
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
                 skip: Iterable[str] = (), jobs: int = 1, executor=None, rebuild: bool = False,
                 progress: Progress = _quiet, bar: bool = False) -> RunReport:
    """Render TEI files into ``out_dir/<format>/`` and, with ``index``, the corpus pages.

    Only what changed since the last run into ``out_dir`` is rendered again (see
    :mod:`pipeline.cache`); ``rebuild`` renders everything.

    Args:
        paths: TEI files; their output names come from the file stem.
        formats: any of html, print, pdf, txt.
        skip: ids not to render (e.g. invalid files); they still count as failed.
        jobs: worker processes (1: all in this process); the files written are the same.
        executor: a :class:`~pipeline.workers.Executor` to run the documents on
            instead (e.g. a Dask cluster); ``jobs`` is then ignored.
        bar: draw a progress bar on stderr when it is a terminal.
    """
    _, run = process_documents(paths, out_dir, config, formats=formats, index=index, skip=skip,
                               jobs=jobs, executor=executor, rebuild=rebuild, progress=progress,
                               bar=bar)
    return run


def process_documents(paths: list[Path], out_dir: Path, config: Config, *,
                      formats: tuple[str, ...] = FORMATS, index: bool = True,
                      validation=None, skip: Iterable[str] = (), jobs: int = 1, executor=None,
                      rebuild: bool = False, prune: bool = False, progress: Progress = _quiet,
                      bar: bool = False, along: RenderedAlong | None = None,
                      ) -> tuple[RunReport | None, RunReport]:
    """Validate (with ``validation``, a :class:`~pipeline.render.document.Validation`) and
    render TEI files, each in one task on one parse; then the corpus pages.

    Returns the validation report (None without ``validation``) and the render report.
    ``prune``: the paths are the whole edition, so documents the cache knows that are no
    longer among them lose their outputs. ``along``: documents rendered as they were
    ingested (:class:`RenderedAlong`), taken as they are (rendered with the same
    options and validation as this call's).
    """
    from .cache import BuildCache, environment
    from .render import Renderer
    from .render.document import render_document, stopped, warm_up
    from .render.search import SearchIndex
    from .workers import ProgressBar, run_tasks

    started = time.monotonic()
    checked = RunReport("validate") if validation is not None else None
    run = RunReport("render")
    _prepare_output(out_dir, formats)
    opts = _options(config)
    env = environment(opts, validation=validation, fonts=config.render.fonts)
    cache = BuildCache(out_dir) if rebuild else BuildCache.load(out_dir)
    summary_wanted = index and "html" in formats
    indexed = (None if rebuild else SearchIndex.saved_docs(cache.folder / "search")) or []
    todo = _skipped(paths, set(skip), run, config)
    plan = _Plan(todo, out_dir, config, opts, formats, env, cache, validation,
                 summary_wanted, set(indexed), along)
    if getattr(executor, "remote", False):  # workers elsewhere: PDFs take the bundled print.css,
        plan.print_base = plan.write_to = None  # and their outputs come back to be written here
    meter = ProgressBar(len(todo), "build" if validation is not None else "render", enabled=bar)
    summaries: dict[str, bytes] = {}  # by document id, in the order of the paths
    # the re-rendered documents' terms, in compact arrays
    fresh_terms = along.terms if along is not None else SearchIndex()
    rendered_any = False
    for item, result in plan.results(functools.partial(
            run_tasks, render_document, jobs=jobs, initializer=warm_up, executor=executor,
            # few documents to do are done here: starting workers costs more (not so for PDFs)
            inline_upto=1 if "pdf" in formats else INLINE_DOCUMENTS,
            budget=config.limits.timeout or None, lost=stopped)):
        made_along = item.along is not None  # (such an item has no task: result is None)
        result = item.along if made_along else result
        if result is None:
            _report_unchanged(item, checked, run, config, out_dir, formats)
            if summary_wanted and item.record.summary is not None:
                summaries[item.doc_id] = item.record.summary
        else:
            rendered_any = True
            _take_result(item, result, checked, run, config, out_dir, env, cache, formats, progress)
            if result.summary is not None:
                summaries[item.doc_id] = result.summary
                if not made_along:  # (RenderedAlong took its terms)
                    fresh_terms.add_counts(result.doc_id, result.terms)
            elif summary_wanted and result.validity != "invalid" and "html" not in item.steps:
                summaries[item.doc_id] = item.record.summary  # only other formats were made again
        meter.update()
    meter.close()
    if prune:
        _prune(cache, {ncname(p.stem) for p in paths}, out_dir, progress)
    renderer = Renderer()
    if index and "pdf" in formats:
        run.files.extend(_write_volume(renderer, opts.print, paths, run, out_dir, config, progress,
                                       cache, env, again=rendered_any))
    if summary_wanted:
        _write_corpus_pages(renderer, opts.html, summaries, indexed, fresh_terms, out_dir / "html",
                            cache, env, progress)
    cache.save()
    return _timed(checked, started), _timed(run, started)


def _timed(report: RunReport | None, started: float) -> RunReport | None:
    """The report with the seconds since ``started`` (None stays None)."""
    if report is not None:
        report.seconds = time.monotonic() - started
    return report


def _skipped(paths: list[Path], skip: set[str], run: RunReport, config: Config) -> list[Path]:
    """The paths to render: those whose id is not in ``skip`` (reported failed in ``run``:
    their files are not valid TEI)."""
    run.files += [FileReport(path=display(p, config.root), status="failed", id=ncname(p.stem),
                             problems=(f"{display(p, config.root)}: not rendered: the file is not "
                                       "valid TEI",))
                  for p in paths if ncname(p.stem) in skip]
    return [p for p in paths if ncname(p.stem) not in skip]


def _prepare_output(out_dir: Path, formats) -> None:
    """The output folder made ready: what a killed run left half-written removed, and the
    static files the pages link written (those that differ from this version's).

    The assets are written first: the PDFs are laid out with the print.css written next
    to their pages, which must be this version's, not one left by an earlier build.
    """
    from .render import assets

    sweep_temporary(_output_folders(out_dir))
    for rel, data in assets(formats).items():
        path = out_dir / rel
        if not path.is_file() or path.read_bytes() != data:
            _write(path, data)


@dataclass
class _Item:
    """One document of a run: where it is, what the cache knows and what must be done."""

    path: Path
    name: str
    doc_id: str
    stat: object = None
    digest: str = ""
    record: object = None
    steps: tuple[str, ...] = ()  # steps to run (validate and formats)
    along: object = None  # its result, when it was rendered as it was ingested


class _Plan:
    """Decides, document by document and only as the workers need them, what to do.

    :meth:`results` yields ``(item, result)`` in the order of the paths: ``result`` is
    None for a document with nothing to do (the cache's record serves).
    """

    def __init__(self, paths, out_dir, config, options, formats, env, cache, validation,
                 summary_wanted, indexed, along=None):
        from .cache import OutputFiles

        self.paths, self.out_dir, self.config = paths, out_dir, config
        self.options, self.formats, self.env, self.cache = options, formats, env, cache
        self.validation, self.summary_wanted, self.indexed = validation, summary_wanted, indexed
        imported = [p for p in paths if is_imported(p)]
        self.companions = cts_companions(imported) if imported else {}
        self.print_base = (out_dir / "print").resolve().as_uri() + "/"
        self.write_to: str | None = str(out_dir.resolve())  # workers write their outputs
        self.shown = _Shown(config.root)
        self.present = OutputFiles(out_dir)
        self.along = along

    def results(self, run):
        """Every document with its result (None: nothing to do), in path order."""
        return _in_order(self._entries(), run)

    def _entries(self):
        from .cache import file_digest
        from .limits import LimitError, check_size
        from .render.document import DocumentTask

        for path in self.paths:
            item = _Item(path, self.shown(path), ncname(path.stem))
            if self.along is not None and self._made_along(item):
                yield item, None
                continue
            data, others, error, there = b"", (), None, None
            try:
                item.stat = path.stat()
                check_size(item.stat, item.name, self.config.limits.max_size)
                companions = self.companions.get(path, [])
                digest = None if companions else self.cache.known_digest(item.doc_id, path, item.stat)
                if (digest is None and not companions and self.write_to is not None
                        and self.cache.get(item.doc_id) is None):
                    # Nothing to compare with: a local worker reads and hashes it.
                    digest, there = "", str(path)
                elif digest is None:
                    data = path.read_bytes()
                    others = tuple(p.read_bytes() for p in companions)
                    digest = file_digest(data + b"".join(file_digest(o).encode() for o in others))
                item.digest = digest
            except OSError as exc:
                error = f"cannot read the file: {exc.strerror or exc}"
            except LimitError as exc:
                item.stat, error = None, exc.reasons[0].message  # tried again next run
            item.record = self.cache.get(item.doc_id) if error is None else None
            item.steps = () if error is None else self.formats
            if error is None:
                item.steps = self._stale(item)
            if not item.steps:
                yield item, None
                continue
            if error is None and not data and there is None:
                try:
                    data = path.read_bytes()
                    others = tuple(p.read_bytes() for p in self.companions.get(path, []))
                except OSError as exc:
                    error = f"cannot read the file: {exc.strerror or exc}"
            yield item, DocumentTask(
                name=item.name, doc_id=item.doc_id, data=data, path=there,
                formats=tuple(f for f in self.formats if f in item.steps), options=self.options,
                companions=others, pair=is_imported(path), summary=self.summary_wanted,
                print_base=self.print_base, error=error, validation=self.validation,
                imported=is_imported(path), out_dir=self.write_to, max_depth=self.config.limits.max_depth,
                pdf_label=self.shown(self.out_dir / "pdf" / f"{item.doc_id}.pdf"))

    def _made_along(self, item: _Item) -> bool:
        """Whether the document was rendered as it was ingested (``item`` then holds the
        result and what the cache must record of it)."""
        result = self.along.take(item.doc_id)
        if result is None or is_imported(item.path):
            return False
        try:
            item.stat = item.path.stat()
        except OSError:
            return False  # (reported by the usual way)
        item.digest, item.along = result.digest, result
        item.record = self.cache.get(item.doc_id)
        item.steps = (("validate",) if self.validation is not None else ()) + self.formats
        return True

    def _stale(self, item: _Item) -> tuple[str, ...]:
        """The steps of one document that its cache record does not cover."""
        record, digest, env = item.record, item.digest, self.env
        if record is None:
            return (("validate",) if self.validation is not None else ()) + self.formats
        steps = [f for f in self.formats if not record.fresh(f, digest, env, self.present)]
        if self.summary_wanted and "html" not in steps and (
                record.summary is None or item.doc_id not in self.indexed):
            steps.append("html")  # the corpus pages need its summary and search terms
        if self.validation is not None and (steps or not record.fresh("validate", digest, env)):
            steps.insert(0, "validate")  # a document is validated whenever it is rendered
        return tuple(steps)


@functools.cache
def _shown_folder(out_dir: Path, root: Path) -> str:
    return display(out_dir, root)


def _shown_output(out_dir: Path, rel: str, config: Config) -> str:
    """An output as messages name it (``output/html/x.html``), the folder resolved once."""
    folder = _shown_folder(out_dir, config.root)
    return rel if folder == "." else f"{folder}/{rel}"


def _format_of(rel: str) -> str:
    return rel.split("/", 1)[0]


def _validity_report(item: _Item, validity: str, findings, warnings: int) -> FileReport:
    """A document's line in the validation report: its errors, then its ``warnings`` last
    findings as warnings."""
    cut = len(findings) - warnings
    return FileReport(path=item.name, status=validity, id=item.doc_id,
                      problems=tuple(findings[:cut]), warnings=tuple(findings[cut:]))


def _report_unchanged(item: _Item, checked, run: RunReport, config: Config, out_dir: Path,
                      formats) -> None:
    """A document the cache covers: reported as the last build found it."""
    kept = item.record.data.get("validation") or {}
    if checked is not None:
        checked.files.append(_validity_report(item, kept.get("validity", "valid"),
                                              kept.get("findings", []), kept.get("warnings", 0)))
    outputs = [_shown_output(out_dir, rel, config) for rel in item.record.outputs()
               if _format_of(rel) in formats]
    run.files.append(FileReport(path=item.name, status="unchanged", id=item.doc_id,
                                outputs=tuple(outputs)))


def _take_result(item: _Item, result, checked, run: RunReport, config: Config, out_dir: Path,
                 env, cache, formats, progress: Progress) -> None:
    """Write one document's outputs, report it, and record it in the cache."""
    if checked is not None and result.validity is not None:
        checked.files.append(_validity_report(item, result.validity, result.findings, result.warnings))
    if result.write_error is not None:  # a worker could not write into the output folder
        rel, reason = result.write_error
        raise OutputError(str(out_dir / rel), [reason])
    written: dict[str, list[str]] = {}
    shown = []
    for rel, data in result.outputs.items():
        _write(out_dir / rel, data)
    for rel in (*result.outputs, *result.written):
        written.setdefault(_format_of(rel), []).append(rel)
        shown.append(_shown_output(out_dir, rel, config))
    status = "failed" if result.problems else "rendered"
    if result.validity == "invalid":
        status = "failed"
    run.files.append(FileReport(path=result.name, status=status, id=result.doc_id,
                                outputs=tuple(shown), problems=result.problems))
    progress(f"{status:>9}  {result.name}" + (f": {result.problems[0]}" if result.problems
                                              else f" ({', '.join(result.done)})"))
    item.digest = item.digest or result.digest or ""  # (the worker read the file)
    if item.stat is None or not item.digest or result.validity == "invalid":
        cache.forget(item.doc_id)  # tried again next run
        return
    steps = {f: env[f] for f in result.done}
    outputs = {f: written.get(f, []) for f in result.done}
    if result.validity is not None:
        steps["validate"] = env["validate"]
    record = {"validity": result.validity, "findings": list(result.findings),
              "warnings": result.warnings} if result.validity is not None else None
    keep = [f for f in formats if f not in item.steps] + (["validate"] if "validate" not in item.steps
                                                         else [])
    cache.put(item.doc_id, path=item.path, stat=item.stat, digest=item.digest, steps=steps,
              outputs=outputs, summary=result.summary, keep=keep, validation=record)


def _prune(cache, ids: set[str], out_dir: Path, progress: Progress) -> None:
    """Remove the outputs of documents no longer in the edition, and their records."""
    for doc_id in [d for d in cache.records if d not in ids]:
        record = cache.forget(doc_id)
        for rel in record.outputs():
            target = out_dir / rel
            if target.is_file():
                target.unlink()
        progress(f"{'removed':>9}  the outputs of {doc_id} (no longer in the edition)")


def _options(config: Config):
    from .render import options_for

    return options_for(config)


def _write_corpus_pages(renderer, options, summaries: dict[str, bytes], indexed: list[str],
                        fresh_terms, html_dir: Path, cache, env, progress: Progress) -> None:
    """The index page, the search index (stale shards removed) and the registers page,
    each only when what it is made from changed.

    ``indexed``: the documents of the search index the cache keeps (loaded only when it
    changes); ``fresh_terms``: the search terms of the documents rendered in this run.
    """
    from .render import names_entities
    from .render.search import SearchIndex

    ids = list(summaries)
    # Each page is made again when a record it is made from changed: the index from all
    # of them, the registers page from those naming an entity.
    for page, chosen, make in (
            ("index", summaries.values(),
             lambda records: renderer.index_page(records, options, search=True)),
            ("registers", [s for s in summaries.values() if names_entities(s)],
             lambda records: renderer.registers_page(records, options))):
        digest = hashlib.sha256(env["html"].encode())
        for summary in chosen:
            digest.update(hashlib.sha256(summary).digest())
        if cache.corpus.get(page) != digest.hexdigest() or not (html_dir / f"{page}.html").is_file():
            _write(html_dir / f"{page}.html", make(chosen))
            cache.corpus[page] = digest.hexdigest()
            cache.changed = True
    if indexed == ids and not len(fresh_terms) and (html_dir / "search" / "meta.js").is_file():
        return
    search = (SearchIndex.load(cache.folder / "search") if indexed else None) or SearchIndex()
    known = set(search.docs) | set(fresh_terms.docs)
    lost = [d for d in ids if d not in known]
    if lost:  # the kept index lacks them (damaged): left out now, rendered again next run
        for doc_id in lost:
            cache.forget(doc_id)
        progress(f"{'note':>9}  the search index kept no terms of {len(lost)} document(s) "
                 f"({lost[0]}, ...); they are rendered again by the next build")
        ids = [d for d in ids if d in known]
    shards = search.update(ids, fresh_terms)
    if shards is not None and not all((html_dir / "search" / f"s{n:04d}.js").is_file()
                                      for n in range(search.shard_count())):
        shards = None
    written = set()
    for rel, data in search.iter_files(only=shards):
        _write(html_dir / rel, data)
        written.add(html_dir / rel)
    if shards is None:
        for old in (html_dir / "search").glob("*.js"):
            if old not in written:
                old.unlink()
    search.save(cache.folder / "search")


def _write_volume(renderer, options, paths: list[Path], run: RunReport, out_dir: Path,
                  config: Config, progress: Progress, cache, env, again: bool) -> list[FileReport]:
    """The combined volume of the documents rendered in this run: ``pdf/0-volume.pdf``
    (its report; none when no document was rendered). It is made again when any
    document was rendered in this run or the set of documents changed.

    The TEI files are read again here, so that the loop over documents stays flat in
    memory; the volume itself needs them all at once (it is one page for WeasyPrint).
    """
    from .render import render_pdf
    from .render.volume import VOLUME_NAME, print_volume

    target = out_dir / "pdf" / f"{VOLUME_NAME}.pdf"
    name = display(target, config.root)
    rendered = [f.id for f in run.files if f.status in ("rendered", "unchanged")]
    if not rendered:
        return []
    key = hashlib.sha256(json.dumps([env["pdf"], rendered]).encode()).hexdigest()
    if not again and cache.corpus.get("volume") == key and target.is_file():
        return [FileReport(path=name, status="unchanged", outputs=(name,))]
    chosen = set(rendered)
    try:
        documents = [(ncname(p.stem), parse_xml(p, name=display(p, config.root)))
                     for p in paths if ncname(p.stem) in chosen]
        html = print_volume(renderer, documents, options)
        _write(target, render_pdf(html, (out_dir / "print").resolve().as_uri() + "/", label=name))
    except EditionError as exc:
        progress(f"{'failed':>9}  {name}: {exc.summary()}")
        cache.corpus.pop("volume", None)
        return [FileReport(path=name, status="failed", problems=tuple(exc.details()))]
    cache.corpus["volume"] = key
    cache.changed = True
    progress(f"{'rendered':>9}  {name} (combined volume, {len(documents)} documents)")
    return [FileReport(path=name, status="rendered", outputs=(name,))]


# --------------------------------------------------------------------------- build

def build(config: Config, sources_dir: Path, tei_dir: Path, out_dir: Path, *,
          tei_all: bool = False, strict: bool = False, aligner: str | None = None, jobs: int = 1,
          executor=None, rebuild: bool = False, bar: bool = False,
          progress: Progress = _quiet) -> list[RunReport]:
    """Ingest what is new, validate every TEI file, render every valid one.

    Only what changed since the last build is done again (``rebuild``: everything; tei/
    is never touched by it: sources whose TEI file is unchanged are not ingested anew).
    Returns the reports of the three steps (also written to ``out_dir/reports/``).
    """
    from .cache import CACHE_DIR
    from .render.document import DocumentTask, Validation

    reports = []
    sources = find_sources([sources_dir]) if sources_dir.is_dir() else []
    formats = tuple(f for f in config.render.formats if f in FORMATS) or FORMATS
    layers = Validation(tei_all=tei_all)
    along = None
    if sources and "pdf" not in formats:  # (PDFs are made by the render step, after its assets)
        along = RenderedAlong(DocumentTask(
            name="", doc_id="", data=b"", formats=formats, options=_options(config),
            summary="html" in formats, validation=layers, out_dir=str(out_dir.resolve()),
            max_depth=config.limits.max_depth), out_dir)
    reports.append(ingest_sources(sources, tei_dir, config, only_changed=True, strict=strict,
                                  aligner=aligner, jobs=jobs, executor=executor, progress=progress,
                                  bar=bar, along=along, stats=out_dir / CACHE_DIR / "sources.json"))
    tei_files = find_tei([tei_dir]) if tei_dir.is_dir() else []
    imported = find_tei([tei_dir / IMPORTED]) if (tei_dir / IMPORTED).is_dir() else []
    own_ids = {ncname(p.stem) for p in tei_files}
    clashes = [p for p in imported if ncname(p.stem) in own_ids]
    imported = [p for p in imported if p not in clashes]
    validation, rendering = process_documents(
        tei_files + imported, out_dir, config, formats=formats, validation=layers,
        jobs=jobs, executor=executor, rebuild=rebuild, prune=True, progress=progress, bar=bar,
        along=along)
    validation.files += [FileReport(
        path=display(p, config.root), status="failed", id=None,
        problems=(f"{display(p, config.root)}: not rendered: its id {ncname(p.stem)!r} is the id of "
                  f"{display(tei_dir / (p.stem + '.xml'), config.root)}; rename the imported file",))
        for p in clashes]
    reports += [validation, rendering]
    for report in reports:
        write_report(out_dir, report)
    return reports
