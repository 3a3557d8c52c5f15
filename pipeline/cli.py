"""The ``tei-edition`` command line: thin click commands over the library.

Each command parses its arguments, calls the library and turns an
:class:`~pipeline.errors.EditionError` into one clear line on stderr.
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass, replace
from pathlib import Path

import click

from . import __version__, corpus
from .config import CONFIG_NAME, Config, load_config
from .errors import EditionError


class CouldNotRun(click.ClickException):
    """A command could not do its work at all (exit status 2)."""

    exit_code = 2


@dataclass
class Context:
    config: Config
    verbose: int
    quiet: bool

    def progress(self, line: str) -> None:
        """Per-file lines, shown with -v."""
        if self.verbose and not self.quiet:
            click.echo(line, err=True)

    def jobs(self, given: int | None) -> int:
        """Worker processes: as given, else edition.toml's [build] jobs, else the cores."""
        from .workers import default_jobs

        return given or default_jobs(self.config.build.jobs)

    def executor(self, kind: str | None, scheduler: str | None, jobs: int | None):
        """Where the per-document work runs: --executor and --scheduler, else [build]
        executor and scheduler of edition.toml. A scheduler given on the command line
        means Dask. Close it (``with``) when the work is done.

        Raises:
            ExecutorError: Dask is missing or its scheduler cannot be used.
        """
        from .workers import make_executor

        if kind == "local" and scheduler:
            raise click.UsageError("--scheduler is the address of a Dask scheduler: use it "
                                   "with --executor dask (or leave --executor out)")
        kind = kind or ("dask" if scheduler else self.config.build.executor)
        if kind == "dask" and jobs:
            self.say("note: --jobs is ignored with --executor dask (the cluster's workers "
                     "run the documents)")
        executor = make_executor(kind, self.jobs(jobs), scheduler or self.config.build.scheduler)
        if kind == "dask":
            self.say(f"executor: Dask at {executor.address}, {executor.workers} worker threads")
        return executor

    def say(self, line: str) -> None:
        """Summaries, hidden with -q."""
        if not self.quiet:
            click.echo(line, err=True)


pass_context = click.make_pass_decorator(Context)
jobs_option = click.option(
    "--jobs", "-j", type=click.IntRange(min=1),
    help="Worker processes for the per-document work (default: [build] jobs of "
         "edition.toml, else the machine's cores). Any number gives the same files.")
executor_option = click.option(
    "--executor", type=click.Choice(["local", "dask"]),
    help="Where the per-document work runs: worker processes on this machine, or the "
         "workers of a Dask cluster (default: [build] executor of edition.toml, else "
         "local). Either gives the same files.")
scheduler_option = click.option(
    "--scheduler", metavar="ADDRESS",
    help="The Dask scheduler, e.g. tcp://10.0.0.5:8786 (default: [build] scheduler of "
         "edition.toml); implies --executor dask. Only this machine reads and writes files.")
rebuild_option = click.option(
    "--rebuild", is_flag=True,
    help="Render every document again, not only what changed since the last run (the "
         "cache in the output folder's .cache/ is then written anew). tei/ is not touched.")
aligner_option = click.option(
    "--aligner", type=click.Choice(["embedding", "length"]),
    help="Sentence-embedding (USE-multilingual) or length-based (Gale-Church) aligner "
         "for sources with several language versions (default: [align] aligner of "
         "edition.toml, else embedding).")
strict_option = click.option(
    "--strict", is_flag=True,
    help="Fail a source whose words do not all reach the TEI (the round-trip check), "
         "instead of warning.")


def _fail(exc: EditionError, exit_code: int = 1) -> click.ClickException:
    """The one line an editor sees for an error the command could not get past."""
    return CouldNotRun(exc.summary()) if exit_code == 2 else click.ClickException(exc.summary())


@click.group(context_settings={"help_option_names": ["-h", "--help"]},
             epilog="Example: tei-edition build   (in an edition folder: sources/ → tei/ → output/)")
@click.option("--edition", "edition_dir", type=click.Path(file_okay=False, path_type=Path),
              help="The edition folder (default: the nearest folder upward holding "
                   "edition.toml, else the current folder).")
@click.option("-v", "--verbose", count=True, help="Say what happens to each file.")
@click.option("-q", "--quiet", is_flag=True, help="Say nothing but errors.")
@click.option("--max-size", type=click.IntRange(min=1), metavar="BYTES",
              help="Refuse a source or TEI file larger than this (default: [limits] max_size, "
                   "50,000,000).")
@click.option("--max-depth", type=click.IntRange(1, 256), metavar="N",
              help="Refuse a TEI file whose elements nest deeper than this (default: [limits] "
                   "max_depth, 256, the most the XML parser accepts).")
@click.option("--timeout", type=click.IntRange(min=0), metavar="SECONDS",
              help="Stop a source's ingest, or a document's validation and rendering, after "
                   "this long, fail it and go on with the others (default: [limits] timeout, "
                   "300; 0: no limit).")
@click.version_option(__version__, prog_name="tei-edition")
@click.pass_context
def main(ctx: click.Context, edition_dir: Path | None, verbose: int, quiet: bool,
         max_size: int | None, max_depth: int | None, timeout: int | None) -> None:
    """Archival source texts → TEI P5 → HTML, print/PDF and plain-text editions."""
    if ctx.invoked_subcommand == "init":
        ctx.obj = Context(Config(), verbose, quiet)
        return
    try:
        config = load_config(edition_dir)
    except EditionError as exc:
        raise _fail(exc, 2) from exc
    limits = {k: v for k, v in (("max_size", max_size), ("max_depth", max_depth),
                                ("timeout", timeout)) if v is not None}
    if limits:
        config = replace(config, limits=replace(config.limits, **limits))
    ctx.obj = Context(config, verbose, quiet)


# --------------------------------------------------------------------------- init

_TEMPLATE = """\
# The configuration of this TEI edition. Every key has a default; delete what you
# do not need.

[edition]
title = {title}
# publisher = "Your institution"
# licence = "CC BY 4.0"
# base_url = "https://example.org/edition/"
languages = ["en"]            # preferred order of language versions

[render]
formats = ["html", "print", "pdf", "txt"]
"""


@main.command(epilog="Example: tei-edition init my-letters && cd my-letters && tei-edition build")
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
@click.option("--title", default="TEI Edition", show_default=True, help="The edition's title.")
@pass_context
def init(ctx: Context, directory: Path, title: str) -> None:
    """Create a new edition folder: edition.toml, sources/, tei/, output/."""
    config_path = directory / CONFIG_NAME
    if config_path.exists():
        raise CouldNotRun(f"{config_path}: an edition already exists here (edition.toml found)")
    try:
        for sub in ("sources", "tei", "output"):
            (directory / sub).mkdir(parents=True, exist_ok=True)
        config_path.write_text(_TEMPLATE.format(title=json.dumps(title, ensure_ascii=False)),
                               encoding="utf-8")
    except OSError as exc:
        raise CouldNotRun(f"{directory}: cannot create the edition: {exc.strerror or exc}") from exc
    ctx.say(f"created {directory}/ — put source texts in {directory / 'sources'} and run "
            f"'tei-edition build' there")


# --------------------------------------------------------------------------- ingest

@main.command(epilog="""\b
Example: tei-edition ingest sources/*.txt --out tei/
Example: tei-edition ingest sources/ --aligner length --jobs 4""")
@click.argument("sources", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path),
              help="Folder for the TEI files (default: the edition's tei/).")
@click.option("--overwrite", is_flag=True, help="Replace TEI files an editor has changed.")
@strict_option
@aligner_option
@jobs_option
@executor_option
@scheduler_option
@pass_context
def ingest(ctx: Context, sources: tuple[Path, ...], out_dir: Path | None, overwrite: bool,
           strict: bool, aligner: str | None, jobs: int | None, executor: str | None,
           scheduler: str | None) -> None:
    """Read source texts and write one TEI file per document, TEI_DIR/<id>.xml.

    Every ingest checks that no word of the source was lost on the way to TEI; a
    finding is a warning (shown with -v and in output/reports/ingest.json).
    """
    tei_dir = out_dir or ctx.config.tei_dir
    try:
        with ctx.executor(executor, scheduler, jobs) as pool:
            report = corpus.ingest_sources(corpus.find_sources(sources), tei_dir, ctx.config,
                                           overwrite=overwrite, strict=strict, aligner=aligner,
                                           jobs=ctx.jobs(jobs), executor=pool,
                                           progress=ctx.progress, bar=not ctx.quiet)
    except EditionError as exc:
        raise _fail(exc, 2) from exc
    _finish(ctx, report, ctx.config.output_dir)


# --------------------------------------------------------------------------- align

@main.command(epilog="Example: tei-edition align tei/wilson-110404.xml --aligner length")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--aligner", type=click.Choice(["embedding", "length"]),
              help="Sentence-embedding (USE-multilingual) or length-based (Gale-Church) "
                   "aligner (default: [align] aligner of edition.toml, else embedding).")
@pass_context
def align(ctx: Context, paths: tuple[Path, ...], aligner: str | None) -> None:
    """Add or refresh sentences (s) and alignment links (standOff) in place.

    Links an editor made or corrected (any @resp other than the pipeline's aligners)
    are kept, and the sentences they join are not aligned again.
    """
    files = corpus.find_tei(paths)
    missing = [p for p in files if not p.is_file()]
    if missing or not files:
        raise CouldNotRun(f"{missing[0] if missing else paths[0]}: no such file"
                          if missing else f"{paths[0]}: no TEI files (*.xml) found")
    try:
        report = corpus.align_paths(files, files[0].parent, ctx.config,
                                    aligner=aligner or ctx.config.align.aligner, progress=ctx.progress)
    except EditionError as exc:
        raise _fail(exc, 2) from exc
    _finish(ctx, report, ctx.config.output_dir)


# --------------------------------------------------------------------------- validate

@main.command(epilog="Example: tei-edition validate tei/ --tei-all   (exit 0 valid, 1 invalid, "
                      "2 could not run)")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--tei-all", is_flag=True,
              help="Also check conformance with TEI P5 tei_all 4.8.0 (loading it takes ~10 s).")
@click.option("--schema", "schema", type=click.Path(dir_okay=False, path_type=Path),
              help="Use this RELAX NG grammar (XML syntax) instead of the project's.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="How to print the findings (json: one record per finding).")
@pass_context
def validate(ctx: Context, paths: tuple[Path, ...], tei_all: bool, schema: Path | None, fmt: str) -> None:
    """Check TEI files: well-formed, the project's TEI profile (schema/tei-edition.rng),
    the rules with ids, and with --tei-all TEI's tei_all.

    Errors make a file invalid; warnings are worth a look but do not.
    """
    files = corpus.find_tei(paths)
    missing = [p for p in files if not p.is_file()]
    if missing:
        raise CouldNotRun(f"{missing[0]}: no such file")
    if not files:
        raise CouldNotRun(f"{paths[0]}: no TEI files (*.xml) found")
    try:
        run, reports = corpus.validate_paths(files, ctx.config, tei_all=tei_all, schema=schema,
                                             progress=ctx.progress)
    except EditionError as exc:
        raise _fail(exc, 2) from exc
    if fmt == "json":
        click.echo(json.dumps([r.as_dict() for r in reports], ensure_ascii=False, indent=2))
    else:
        for report in reports:
            for line in report.lines():
                click.echo(line)
    ctx.say(run.summary())
    if run.failed:
        sys.exit(1)


# --------------------------------------------------------------------------- render

@main.command(epilog="""\b
Example: tei-edition render tei/ --format html --format pdf --out output/
Example: tei-edition render tei/ --executor dask --scheduler tcp://10.0.0.5:8786
         (the workers of a Dask cluster render; see README.md)""")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path),
              help="Output folder (default: the edition's output/).")
@click.option("--format", "formats", multiple=True, type=click.Choice(corpus.FORMATS),
              help="Output format; repeat for several (default: all).")
@jobs_option
@executor_option
@scheduler_option
@rebuild_option
@pass_context
def render(ctx: Context, paths: tuple[Path, ...], out_dir: Path | None, formats: tuple[str, ...],
           jobs: int | None, executor: str | None, scheduler: str | None, rebuild: bool) -> None:
    """Render TEI files to HTML, print HTML, PDF and plain text (and, for a folder, the index)."""
    files = corpus.find_tei(paths)
    if not files:
        raise CouldNotRun(f"{paths[0]}: no TEI files (*.xml) found")
    missing = [p for p in files if not p.is_file()]
    if missing:
        raise CouldNotRun(f"{missing[0]}: no such file")
    out_dir = out_dir or ctx.config.output_dir
    try:
        with ctx.executor(executor, scheduler, jobs) as pool:
            report = corpus.render_paths(files, out_dir, ctx.config,
                                         formats=formats or corpus.FORMATS,
                                         index=any(p.is_dir() for p in paths), progress=ctx.progress,
                                         jobs=ctx.jobs(jobs), executor=pool, rebuild=rebuild,
                                         bar=not ctx.quiet)
    except EditionError as exc:
        raise _fail(exc, 2) from exc
    _finish(ctx, report, out_dir)


# --------------------------------------------------------------------------- import

@main.command("import", epilog="""\b
Examples:
  tei-edition import archive/frus/                every *.xml/*.tei under the folder
  tei-edition import letters/L00001.xml --out tei/imported/
  tei-edition import docs/ --xinclude             expand XIncludes of files under docs/

Exit status 0 when every file was imported, 1 when one was rejected (not TEI P5),
refused (asks for external resources) or unreadable, 2 when the command could not run.""")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path),
              help="Folder for the imported files (default: the edition's tei/imported/).")
@click.option("--xinclude", is_flag=True,
              help="Expand XIncludes, from local files under the input folder only; the "
                   "imported file then holds the expanded document.")
@click.option("--normalise", is_flag=True,
              help="Write the parsed document (UTF-8, XML declaration, no DOCTYPE) instead "
                   "of the original bytes.")
@pass_context
def import_(ctx: Context, paths: tuple[Path, ...], out_dir: Path | None, xinclude: bool,
            normalise: bool) -> None:
    """Bring other archives' TEI into the edition, checked and kept as it came.

    Each file is read with a hardened parser (no network, no DTD, no external
    entities), classified (TEI P5 document, teiCorpus, TEI P4 or older, TEI in the
    wrong namespace, not TEI) and checked against TEI's tei_all (~10 s to load).
    TEI P5 documents and corpora are copied byte for byte as TEI_DIR/<stem>.xml, also
    when they fail tei_all (the report says so); 'build' renders them with the rest.
    The report, output/reports/import.json, gives per file its class, tei_all verdict
    with the first errors, title, languages and size.
    """
    from .exchange.importer import ImportOptions, import_paths

    tei_dir = out_dir or ctx.config.tei_dir / corpus.IMPORTED
    own = corpus.find_tei([ctx.config.tei_dir]) if ctx.config.tei_dir.is_dir() else []
    try:
        report = import_paths(paths, tei_dir, options=ImportOptions(xinclude=xinclude, normalise=normalise),
                              reserved={p.stem for p in own}, progress=ctx.progress,
                              display=lambda p: corpus.display(p, ctx.config.root),
                              max_size=ctx.config.limits.max_size)
    except EditionError as exc:
        raise _fail(exc, 2) from exc
    if not report.files:
        raise CouldNotRun(f"{paths[0]}: no XML files (*.xml, *.tei) found")
    if not ctx.verbose:  # with -v, _finish lists every warning
        for file in report.files:
            if file.details.get("valid_tei_all") is False:
                ctx.say(f"note: {file.path}: imported, but {file.warnings[-1]}")
    _finish(ctx, report, ctx.config.output_dir)


# --------------------------------------------------------------------------- build

@main.command(epilog="""\b
Example: tei-edition build sources/ --tei tei/ --out output/ --jobs 2
Example: tei-edition build --executor dask --scheduler tcp://10.0.0.5:8786
         (the workers of a Dask cluster render; see README.md)""")
@click.argument("sources_dir", required=False, type=click.Path(file_okay=False, path_type=Path))
@click.option("--tei", "tei_dir", type=click.Path(file_okay=False, path_type=Path),
              help="TEI folder (default: the edition's tei/).")
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path),
              help="Output folder (default: the edition's output/).")
@strict_option
@aligner_option
@jobs_option
@executor_option
@scheduler_option
@rebuild_option
@pass_context
def build(ctx: Context, sources_dir: Path | None, tei_dir: Path | None, out_dir: Path | None,
          strict: bool, aligner: str | None, jobs: int | None, executor: str | None,
          scheduler: str | None, rebuild: bool) -> None:
    """Ingest new or changed sources, validate every TEI file, render everything.

    Only what changed since the last build is done again: a document whose TEI file,
    stylesheets, schema and options are unchanged keeps its outputs (--rebuild: all).
    """
    config = ctx.config
    sources_dir = sources_dir or config.sources_dir
    if not sources_dir.is_dir() and sources_dir != config.sources_dir:
        raise CouldNotRun(f"{sources_dir}: no such folder")
    try:
        with ctx.executor(executor, scheduler, jobs) as pool:
            reports = corpus.build(config, sources_dir, tei_dir or config.tei_dir,
                                   out_dir or config.output_dir, strict=strict, aligner=aligner,
                                   progress=ctx.progress,
                                   jobs=ctx.jobs(jobs), executor=pool, rebuild=rebuild,
                                   bar=not ctx.quiet)
    except EditionError as exc:
        raise _fail(exc, 2) from exc
    failed, seen = [], set()
    for report in reports:
        ctx.say(report.summary())
        # A file that failed validation is not rendered either: its reasons are shown
        # once (both reports keep the record).
        failed.extend(f for f in report.failed if f.path not in seen)
        seen.update(f.path for f in report.failed)
    _show_failures(ctx, failed)
    if failed:
        sys.exit(1)


# --------------------------------------------------------------------------- export

@main.command(epilog="""\b
Examples:
  tei-edition export                         teiCorpus, metadata.json and dc/ in output/export/
  tei-edition export tei/ --format json      only output/export/metadata.json
  tei-edition export --format teicorpus --format dc --out dist/

Exit status 0 when every document went into every format, 1 when one was left out
(a file not valid against tei_all stays out of the teiCorpus) or failed, 2 when the
command could not run.""")
@click.argument("tei_dir", required=False, type=click.Path(file_okay=False, path_type=Path))
@click.option("--format", "formats", multiple=True, type=click.Choice(["teicorpus", "json", "dc"]),
              help="teicorpus: the edition as one teiCorpus (valid against tei_all); json: "
                   "metadata.json, one record per document; dc: dc/<id>.xml, Dublin Core for "
                   "OAI-PMH. Repeat for several (default: all three).")
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path),
              help="Folder for the exports (default: the edition's output/export/).")
@pass_context
def export(ctx: Context, tei_dir: Path | None, formats: tuple[str, ...], out_dir: Path | None) -> None:
    """Export the edition for other archives and harvesters: TEI_DIR/*.xml and
    TEI_DIR/imported/*.xml (default: the edition's tei/) as a teiCorpus, JSON metadata
    and Dublin Core records. The teiCorpus check loads tei_all (~10 s). The report is
    output/reports/export.json."""
    from .exchange.export import export_edition

    tei_dir = tei_dir or ctx.config.tei_dir
    if not tei_dir.is_dir():
        raise CouldNotRun(f"{tei_dir}: no such folder")
    out_dir = out_dir or ctx.config.output_dir / "export"
    try:
        report = export_edition(tei_dir, out_dir, ctx.config, formats=formats or ("teicorpus", "json", "dc"),
                                progress=ctx.progress, display=lambda p: corpus.display(p, ctx.config.root))
    except EditionError as exc:
        raise _fail(exc, 2) from exc
    _finish(ctx, report, ctx.config.output_dir)


def _finish(ctx: Context, report: corpus.RunReport, out_dir: Path) -> None:
    """Report file, summary line, warnings (with -v) and failures; exit 1 on any failure."""
    try:
        corpus.write_report(out_dir, report)
    except EditionError as exc:
        raise _fail(exc, 2) from exc
    ctx.say(report.summary())
    if ctx.verbose:
        for file in report.files:
            for warning in file.warnings:
                click.echo(f"warning: {file.path}: {warning}", err=True)
    _show_failures(ctx, report.failed)
    if report.failed:
        sys.exit(1)


def _show_failures(ctx: Context, failed: list[corpus.FileReport]) -> None:
    for file in failed:
        first = file.problems[0] if file.problems else f"{file.path}: failed"
        more = f" (and {len(file.problems) - 1} more)" if len(file.problems) > 1 else ""
        click.echo(f"Error: {first}{more}", err=True)


if __name__ == "__main__":  # pragma: no cover
    main()
