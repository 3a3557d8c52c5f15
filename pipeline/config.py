"""The edition's configuration: ``edition.toml`` at the root of an edition.

Every key has a default, so an edition works without the file. Unknown keys are
reported (a misspelt key silently ignored is a setting an editor thinks they made).
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field, fields, replace
from pathlib import Path

from .errors import ConfigError
from .workers import EXECUTORS

CONFIG_NAME = "edition.toml"


@dataclass(frozen=True)
class EditionSettings:
    title: str = "TEI Edition"
    publisher: str | None = None
    licence: str | None = None
    base_url: str | None = None
    languages: tuple[str, ...] = ("en",)


@dataclass(frozen=True)
class BuildSettings:
    jobs: int = 0  # 0: the machine's cores
    executor: str = "local"  # or "dask": the workers of the cluster at `scheduler`
    scheduler: str | None = None  # a Dask scheduler's address, e.g. "tcp://10.0.0.5:8786"


@dataclass(frozen=True)
class AlignSettings:
    aligner: str = "embedding"


@dataclass(frozen=True)
class RenderSettings:
    formats: tuple[str, ...] = ("html", "print", "pdf", "txt")
    fonts: tuple[str, ...] = ("Noto Serif", "Noto Serif CJK SC", "Noto Sans CJK SC")
    txt_page_breaks: bool = True  # plain text shows the original's page breaks as //


@dataclass(frozen=True)
class LimitSettings:
    """What one input may be (see :mod:`pipeline.limits`)."""

    max_size: int = 50_000_000  # bytes of one source text or TEI file
    max_depth: int = 256  # nesting of elements; the XML parser never goes deeper
    timeout: int = 300  # seconds one source's ingest or one document's rendering may take (0: none)


@dataclass(frozen=True)
class Config:
    """The whole configuration of one edition, rooted at ``root``."""

    root: Path = field(default_factory=Path.cwd)
    edition: EditionSettings = field(default_factory=EditionSettings)
    build: BuildSettings = field(default_factory=BuildSettings)
    align: AlignSettings = field(default_factory=AlignSettings)
    render: RenderSettings = field(default_factory=RenderSettings)
    limits: LimitSettings = field(default_factory=LimitSettings)

    @property
    def sources_dir(self) -> Path:
        return self.root / "sources"

    @property
    def tei_dir(self) -> Path:
        return self.root / "tei"

    @property
    def output_dir(self) -> Path:
        return self.root / "output"


_SECTIONS = {
    "edition": EditionSettings,
    "build": BuildSettings,
    "align": AlignSettings,
    "render": RenderSettings,
    "limits": LimitSettings,
}

# Keys whose text must be one of a few words.
_CHOICES = {
    ("build", "executor"): EXECUTORS,
}


def find_edition_root(start: Path) -> Path:
    """The nearest folder upward from ``start`` holding edition.toml, else ``start``."""
    start = start.resolve()
    for folder in (start, *start.parents):
        if (folder / CONFIG_NAME).is_file():
            return folder
    return start


def load_config(root: Path | None = None) -> Config:
    """Read ``root/edition.toml`` (defaults for whatever it does not set).

    Args:
        root: the edition folder; when None, the nearest folder upward from the
            current directory that holds edition.toml, else the current directory.

    Raises:
        ConfigError: the file is not valid TOML or a value has the wrong type.
    """
    root = find_edition_root(Path.cwd()) if root is None else Path(root).resolve()
    path = root / CONFIG_NAME
    if not path.is_file():
        return Config(root=root)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(str(path), [f"not valid TOML: {exc}"]) from exc
    problems: list[str] = []
    sections = {}
    for key, value in data.items():
        cls = _SECTIONS.get(key)
        if cls is None or not isinstance(value, dict):
            problems.append(f"unknown section [{key}] (known: {', '.join(_SECTIONS)})")
            continue
        sections[key] = _section(cls, key, value, problems)
    if problems:
        raise ConfigError(str(path), problems)
    return replace(Config(root=root), **sections)


def _section(cls, name: str, values: dict, problems: list[str]):
    """Build one settings dataclass from a TOML table, collecting type problems."""
    defaults = cls()
    known = {f.name: f for f in fields(cls)}
    kwargs = {}
    for key, value in values.items():
        if key not in known:
            problems.append(f"[{name}] unknown key {key!r} (known: {', '.join(known)})")
            continue
        default = getattr(defaults, key)
        coerced = _coerce(value, default)
        if coerced is None and value is not None:
            problems.append(f"[{name}] {key} = {value!r}: expected {_kind(default)}")
            continue
        choices = _CHOICES.get((name, key))
        if choices and coerced not in choices:
            problems.append(f"[{name}] {key} = {value!r}: expected one of "
                            + ", ".join(f'"{c}"' for c in choices))
            continue
        if (name, key) == ("limits", "max_depth") and not 0 < coerced <= 256:
            problems.append(f"[limits] max_depth = {value!r}: expected 1 to 256 (the XML parser "
                            "refuses deeper nesting, a guard against hostile files)")
            continue
        kwargs[key] = coerced
    return replace(defaults, **kwargs)


def _kind(default) -> str:
    """How to name the type a key wants, in an editor's words."""
    if isinstance(default, tuple):
        return "a list of text values, e.g. [\"en\", \"ru\"]"
    if isinstance(default, bool):
        return "true or false"
    if isinstance(default, int):
        return "a whole number"
    return "text in quotes"


def _coerce(value, default):
    """The TOML value in the type of the default, or None when it does not fit."""
    if isinstance(default, tuple):
        if isinstance(value, list) and all(isinstance(v, str) for v in value):
            return tuple(value)
        return None
    if isinstance(default, bool) or isinstance(value, bool):
        return value if isinstance(value, bool) and isinstance(default, bool) else None
    if isinstance(default, int):
        return value if isinstance(value, int) else None
    return value if isinstance(value, str) else None
