"""The build cache: what the last build made of each document, so that the next one
redoes only what changed.

It lives in ``output/.cache/`` (the outputs' folder, never ``tei/``: DESIGN.md keeps
editors' files apart from what the pipeline makes, and deleting ``output/`` forgets
it). ``build.json`` holds the keys of the corpus-level pages; ``build/NN.json`` the
records of the documents whose id falls in shard NN (of 64, by a hash of the id), so
that a build that changed one document writes one small file, not the records of
every document. One record per document:

- the SHA-256 of its TEI file (and of the companion files shown beside it), with the
  file's size and modification time, which only spare reading an unchanged file again:
  a file whose size or time differs is read and hashed;
- the key of its validation and of each format it was rendered in: a hash of what that
  step's result depends on (see :func:`environment`). A step whose key is unchanged for
  an unchanged file, and whose outputs are all still there, is not run again;
- the outputs of each format, and the slim summary record the corpus pages are made from.

A document that failed (invalid, or a format that did not render) keeps no record of
the failed step, so the next build tries it again. ``search/`` keeps the search
index's postings (:meth:`~pipeline.render.search.SearchIndex.save`).

Example::

    cache = BuildCache.load(out_dir)
    record = cache.get("wilson-110404")
    if record and record.fresh("html", digest, env, OutputFiles(out_dir)):
        ...
"""

from __future__ import annotations

import hashlib
import json
import os
import zlib
from collections.abc import Container, Iterable, Mapping
from dataclasses import asdict
from pathlib import Path

from .xmlio import write_atomic

__all__ = ["CACHE_DIR", "BuildCache", "OutputFiles", "environment", "file_digest", "folder_digest"]

CACHE_DIR = ".cache"
FORMAT = 2
SHARDS = 64  # files the document records are kept in (build/NN.json)
_PACKAGE = Path(__file__).resolve().parent


def stat_signature(stat: os.stat_result) -> list[int]:
    """What tells a file unchanged without reading it: its size and modification time
    (nanoseconds), as recorded beside its hash."""
    return [stat.st_size, stat.st_mtime_ns]


def file_digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def folder_digest(folders: Iterable[Path], patterns: Iterable[str] = ("*",)) -> str:
    """One hash over the names and bytes of the files matching ``patterns`` (recursive)."""
    h = hashlib.sha256()
    patterns = tuple(patterns)
    for folder in folders:
        files = sorted({p for pattern in patterns for p in folder.rglob(pattern) if p.is_file()})
        for path in files:
            if "__pycache__" in path.parts:
                continue
            h.update(str(path.relative_to(folder)).encode() + b"\0")
            h.update(file_digest(path.read_bytes()).encode())
    return h.hexdigest()


def _hash(*parts: object) -> str:
    return hashlib.sha256(json.dumps(parts, sort_keys=True, default=str).encode()).hexdigest()


def environment(options, *, validation=None, fonts: Iterable[str] = ()) -> dict[str, str]:
    """The key of each step, from everything but the document that its result depends on.

    - every step: the pipeline's own code (a new version rebuilds everything);
    - ``validate``: the layers asked for and the grammars' files;
    - ``html``: ``xslt/common`` and ``xslt/html`` (the summary record's stylesheet is
      there too) and the HTML options; ``print``: ``xslt/common`` and ``xslt/print`` and
      the print options; ``pdf``: those, the bundled print.css and the fonts; ``txt``:
      ``xslt/common``, ``xslt/txt`` and the text options.

    Args:
        options: the :class:`~pipeline.render.RenderOptions`.
        validation: the :class:`~pipeline.render.document.Validation`, None when the
            run does not validate.
        fonts: the font families of the PDFs.
    """
    from .resources import resource_dir

    code = folder_digest([_PACKAGE], ("*.py",))
    xslt = resource_dir("xslt")
    common = folder_digest([xslt / "common"])
    env = {
        "html": _hash(code, common, folder_digest([xslt / "html"]), asdict(options.html)),
        "print": _hash(code, common, folder_digest([xslt / "print"]), asdict(options.print)),
        "txt": _hash(code, common, folder_digest([xslt / "txt"]), asdict(options.txt)),
    }
    env["pdf"] = _hash(env["print"], folder_digest([xslt / "assets"], ("*.css",)), sorted(fonts))
    if validation is not None:
        schema = resource_dir("schema")
        grammars = [folder_digest([schema], ("*.rng",))]
        if validation.schema:
            grammars.append(file_digest(Path(validation.schema).read_bytes()))
        env["validate"] = _hash(code, asdict(validation), grammars)
    return env


class Record:
    """The cache's record of one document (a view over its JSON object)."""

    def __init__(self, data: dict):
        self.data = data

    @property
    def digest(self) -> str:
        return self.data.get("sha256", "")

    @property
    def summary(self) -> bytes | None:
        text = self.data.get("summary")
        return text.encode() if text is not None else None

    def fresh(self, step: str, digest: str, env: Mapping[str, str],
              present: Container[str] | None = None) -> bool:
        """Whether ``step`` (validate or a format) is done for this content and key, and
        its outputs are all still ``present`` (an :class:`OutputFiles`; None: not checked)."""
        if self.digest != digest or self.data.get("steps", {}).get(step) != env.get(step):
            return False
        if present is None:
            return True
        return all(rel in present for rel in self.data.get("outputs", {}).get(step, []))

    def outputs(self) -> list[str]:
        return [rel for rels in self.data.get("outputs", {}).values() for rel in rels]


class OutputFiles:
    """Which outputs exist in an output folder: ``"html/x.html" in files``.

    Each format's folder is listed once, when first asked about (one listing instead
    of a look-up per output: a 10,000-document build has 40,000 of them).
    """

    def __init__(self, out_dir: Path):
        self.out_dir = out_dir
        self._listed: dict[str, frozenset[str]] = {}

    def __contains__(self, rel: object) -> bool:
        if not isinstance(rel, str):
            return False
        folder, _, name = rel.partition("/")
        if not name or "/" in name:  # not directly in a format's folder: asked as it is
            return os.path.isfile(self.out_dir / rel)
        names = self._listed.get(folder)
        if names is None:
            try:
                with os.scandir(self.out_dir / folder) as entries:
                    names = frozenset(e.name for e in entries if e.is_file())
            except OSError:
                names = frozenset()
            self._listed[folder] = names
        return name in names


def _shard(doc_id: str) -> int:
    """The shard (``build/NN.json``) a document's record is kept in."""
    return zlib.crc32(doc_id.encode()) % SHARDS


class BuildCache:
    """``output/.cache/build.json`` and ``build/NN.json``: one :class:`Record` per
    document id, and the keys of the corpus-level pages."""

    def __init__(self, out_dir: Path, records: dict[str, dict] | None = None,
                 corpus: dict[str, str] | None = None):
        self.folder = out_dir / CACHE_DIR
        self.records: dict[str, dict] = records or {}
        self.corpus: dict[str, str] = corpus or {}  # keys of the corpus-level pages
        self.changed = False  # (the corpus keys; set by who changes them)
        # Shards whose records changed; every one for a cache not read from its files
        # (--rebuild, a damaged cache), whose old shards must not come back.
        self._dirty: set[int] = set() if records is not None else set(range(SHARDS))

    @classmethod
    def load(cls, out_dir: Path) -> BuildCache:
        """The cache of ``out_dir``; an empty one when there is none or it cannot be read
        (a damaged cache costs a full build, never a wrong one: a damaged shard, the
        build of its documents)."""
        folder = out_dir / CACHE_DIR
        try:
            data = json.loads((folder / "build.json").read_bytes())
        except (OSError, ValueError):
            return cls(out_dir)
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            return cls(out_dir)
        records: dict[str, dict] = {}
        try:
            names = sorted(os.listdir(folder / "build"))
        except OSError:
            names = []
        for name in names:
            if not (name.endswith(".json") and name[:-5].isdigit()):
                continue
            try:
                part = json.loads((folder / "build" / name).read_bytes())
            except (OSError, ValueError):
                continue
            documents = part.get("documents") if isinstance(part, dict) else None
            if isinstance(documents, dict):
                n = int(name[:-5])
                records.update((k, v) for k, v in documents.items()
                               if isinstance(v, dict) and _shard(k) == n)
        return cls(out_dir, records, data.get("corpus") or {})

    def get(self, doc_id: str) -> Record | None:
        data = self.records.get(doc_id)
        return Record(data) if data is not None else None

    def known_digest(self, doc_id: str, path: Path, stat: os.stat_result) -> str | None:
        """The file's recorded hash when its size and modification time are as recorded."""
        data = self.records.get(doc_id)
        if data and data.get("file") == path.name and data.get("stat") == stat_signature(stat):
            return data.get("sha256")
        return None

    def put(self, doc_id: str, *, path: Path, stat: os.stat_result, digest: str,
            steps: Mapping[str, str], outputs: Mapping[str, list[str]], summary: bytes | None,
            keep: Iterable[str] = (), validation: dict | None = None) -> None:
        """Record what this build did for one document.

        Args:
            steps: the keys of the steps done (validate and formats) now.
            outputs: each format's outputs (paths relative to the output folder).
            keep: steps of the old record still fresh for this content, kept as they were.
            validation: the validation's outcome, reported again while it is fresh.
        """
        old = self.records.get(doc_id) or {}
        kept = set(keep) if old.get("sha256") == digest else set()
        record = {
            "file": path.name,
            "stat": stat_signature(stat),
            "sha256": digest,
            "steps": {**{s: k for s, k in old.get("steps", {}).items() if s in kept}, **steps},
            "outputs": {**{s: o for s, o in old.get("outputs", {}).items() if s in kept}, **outputs},
        }
        summary_text = summary.decode() if summary is not None else (
            old.get("summary") if "html" in kept else None)
        if summary_text is not None:
            record["summary"] = summary_text
        if validation is not None or ("validate" in kept and old.get("validation")):
            record["validation"] = validation or old["validation"]
        if record != old:
            self.records[doc_id] = record
            self._dirty.add(_shard(doc_id))

    def forget(self, doc_id: str) -> Record | None:
        """Drop a document's record (it failed, or it is no longer in the edition)."""
        data = self.records.pop(doc_id, None)
        if data is not None:
            self._dirty.add(_shard(doc_id))
        return Record(data) if data is not None else None

    def save(self) -> None:
        """Write the shards whose records changed, then ``build.json`` (each atomically).

        A run stopped between two files leaves each whole: a shard written and
        ``build.json`` not yet is a shard whose documents the next build finds as this
        one left them."""
        if not self.changed and not self._dirty and (self.folder / "build.json").is_file():
            return
        shards: dict[int, dict[str, dict]] = {n: {} for n in self._dirty}
        if shards:
            for doc_id, record in self.records.items():
                part = shards.get(_shard(doc_id))
                if part is not None:
                    part[doc_id] = record
        for n, documents in sorted(shards.items()):
            path = self.folder / "build" / f"{n:02d}.json"
            if documents:
                write_atomic(path, json.dumps({"documents": dict(sorted(documents.items()))},
                                              ensure_ascii=False, separators=(",", ":")).encode())
            else:
                path.unlink(missing_ok=True)
        data = {"format": FORMAT,
                "about": "tei-edition's build cache: what the last build made of each document "
                         "(build/*.json, by a hash of its id). Delete this folder, or build with "
                         "--rebuild, to build everything anew.",
                "corpus": dict(sorted(self.corpus.items()))}
        write_atomic(self.folder / "build.json", json.dumps(data, ensure_ascii=False, indent=1).encode())
        self.changed = False
        self._dirty.clear()
