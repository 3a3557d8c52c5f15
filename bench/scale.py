"""Benchmark: the whole build at corpus scale (issue 8), through the real command line.

For each N, writes N synthetic documents (bench/synth.py) into a new edition folder
(``tei-edition init``; TEI files in tei/, or source texts in sources/ with
``--as sources``), renders html, print and txt, and runs ``tei-edition -q build`` in a
subprocess four times: the full build, a rebuild with nothing changed, a rebuild after
one word was added to one paragraph of one document, and one after a word was added to
that document's summary too (the index page is then made again); then builds an
edition holding only that document ("alone": the document's own time, start-up and
stylesheet compilation included), so that the rebuilds' overhead over it shows. With
``--compare-jobs R`` it first builds the same corpus anew R times with ``--jobs 1`` and
with the ``--jobs`` asked for, alternately and in turns (1, J; J, 1; …: this machine's
speed drifts; pairs side by side share the drift), and reports the median pair: its
``--jobs 1`` time and speed-up; each pair's line also gives the CPU time of both builds
(what the workers share of the cores, apart from waiting).
Measures wall time and the peak resident memory of the whole process tree (VmRSS of the
build and every descendant, polled every 50 ms, the largest sum over the builds of the corpus).
In the same run it measures the floor: parsing and serialising the same N TEI files
with lxml alone, in this process.

Prints one Markdown table row per N and a line ``N=<n> docs/s: <rate>`` each; then
(``--pdf-n M``, default 10, 0 to skip) a build with PDF of M documents, beside the same
build without PDF, and the rebuild with PDF after one document changed (its PDF and
the combined volume). Progress goes to stderr. Prints numbers; asserts nothing.

Nothing is removed between two measurements (only at the end): on a file system
mounted with online discard, making files in the minutes after thousands were removed
costs up to ten times the usual system time, which would land on the next build. For
the same reason, do not remove large folders just before a run.

Example:
    .venv/bin/python bench/scale.py --n 10 --n 100 --n 1000 --jobs 2 --pdf-n 3
    .venv/bin/python bench/scale.py --n 1000 --jobs 2 --compare-jobs 3 --pdf-n 0
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import re
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.synth import write_corpus  # noqa: E402

CLI = Path(sys.executable).with_name("tei-edition")
FORMATS = ("html", "print", "txt")
PDF_FORMATS = ("html", "print", "pdf", "txt")
POLL = 0.05  # seconds between two looks at the process tree's memory
# The folder (in the work folder) of the editions built only to be timed: removed at the
# end of the run, not between two measurements (see the module's docstring).
SCRATCH = "scratch"
# The ceiling's probe: pure-Python work (no memory traffic, no I/O) of ~2 s.
PROBE = "x = 0\nfor i in range(25_000_000):\n    x += i * i % 7\n"


def say(line: str) -> None:
    print(line, file=sys.stderr, flush=True)


# --------------------------------------------------------------------------- memory

def rss_kib(pid: int) -> int:
    """VmRSS of one process in KiB (0 when it has gone)."""
    try:
        with open(f"/proc/{pid}/status", encoding="ascii", errors="replace") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def children(pid: int) -> list[int]:
    """Direct children of a process (of each of its threads)."""
    found = []
    try:
        for task in Path(f"/proc/{pid}/task").iterdir():
            found += [int(c) for c in (task / "children").read_text().split()]
    except OSError:
        pass
    return found


def tree_rss_kib(pid: int) -> int:
    """The summed VmRSS of a process and all its descendants."""
    total, todo = 0, [pid]
    while todo:
        current = todo.pop()
        total += rss_kib(current)
        todo += children(current)
    return total


def end_tree(pid: int) -> None:
    """End a process and all its descendants (found before any of them ends)."""
    found, todo = [], [pid]
    while todo:
        found.append(todo.pop())
        todo += children(found[-1])
    for each in reversed(found):
        with contextlib.suppress(ProcessLookupError):
            os.kill(each, signal.SIGTERM)


@dataclass(frozen=True)
class Run:
    """One measured command."""

    seconds: float
    peak_mib: float
    returncode: int
    stderr: str
    cpu: float = 0.0  # user + system seconds of the whole process tree


# The builds run as an installed tei-edition does: with its modules' bytecode cached
# (pip writes it when it installs; an editable install at the first import), even where
# this shell asks Python not to write bytecode, which would make every worker process
# compile the package from source again.
BUILD_ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def run_measured(command: list[str]) -> Run:
    """Run ``command``, timing it and polling its process tree's memory."""
    peak = [0]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                               env=BUILD_ENV)
    done = threading.Event()

    def poll() -> None:
        while not done.is_set():
            peak[0] = max(peak[0], tree_rss_kib(process.pid))
            done.wait(POLL)

    watcher = threading.Thread(target=poll, daemon=True)
    watcher.start()
    try:
        _, stderr = process.communicate()
    except BaseException:  # interrupted or terminated: leave no build workers behind
        end_tree(process.pid)
        raise
    finally:
        done.set()
        watcher.join()
    seconds = time.perf_counter() - started
    # (the build waits for its workers, so their time is in its children's, and then here)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return Run(seconds, peak[0] / 1024, process.returncode, stderr, cpu)


# --------------------------------------------------------------------------- the edition

def make_edition(folder: Path, formats: tuple[str, ...]) -> Path:
    """A new edition folder made by ``tei-edition init``, rendering ``formats``."""
    subprocess.run([str(CLI), "-q", "init", str(folder)], check=True)
    config = folder / "edition.toml"
    listed = ", ".join(f'"{f}"' for f in formats)
    text, count = re.subn(r"(?m)^formats\s*=.*$", f"formats = [{listed}]", config.read_text())
    if not count:
        text += f"\n[render]\nformats = [{listed}]\n"
    config.write_text(text)
    return folder


def fill(edition: Path, n: int, *, seed: int, kind: str) -> list[Path]:
    """N synthetic documents in the edition's tei/ (or sources/)."""
    return write_corpus(n, edition / ("tei" if kind == "tei" else "sources"), seed=seed, kind=kind)


def build_supports_jobs() -> bool:
    """Whether this tei-edition's build takes --jobs."""
    found = subprocess.run([str(CLI), "build", "--help"], check=False, capture_output=True, text=True)
    return "--jobs" in found.stdout


def build_command(edition: Path, jobs: int | None, extra: list[str]) -> list[str]:
    command = [str(CLI), "--edition", str(edition), "-q", "build"]
    if jobs is not None:
        command += ["--jobs", str(jobs)]
    return command + extra


def build(edition: Path, command: list[str], label: str) -> Run:
    """One measured build; says how it went (and the build's own errors) on stderr."""
    run = run_measured(command)
    counts = {}
    for step in ("validate", "render"):
        report = edition / "output" / "reports" / f"{step}.json"
        if report.is_file():
            counts[step] = json.loads(report.read_text()).get("counts")
    say(f"  {label}: {run.seconds:.2f} s, CPU {run.cpu:.2f} s, peak RSS {run.peak_mib:.0f} MiB, "
        f"exit {run.returncode}, {counts}")
    if run.returncode:
        say("    " + "\n    ".join(run.stderr.strip().splitlines()[-10:]))
    return run


def change_one(paths: list[Path], tei_dir: Path, part: str = "body") -> Path:
    """One word added to one document (the middle one): to a paragraph of its text
    (``part`` "body": what an editor's correction usually is), or to its summary
    ("summary": the index page is made again too, the harder case).

    In a source text the paragraph is the longest line that is not part of the TEI
    header the last build made of it (a source's longest line is often its summary)."""
    path = sorted(paths)[len(paths) // 2]
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".xml":
        at = text.find("</p>", text.find("<body" if part == "body" else "<abstract"))
        if at < 0:
            raise SystemExit(f"{path.name}: no paragraph in its {part} to change")
        path.write_text(text[:at] + " revised" + text[at:], encoding="utf-8")
        return path
    header, abstract = _tei_header_texts(path, tei_dir)
    lines = [line for line in text.splitlines() if len(_words(line)) > 40]
    if part == "body":
        lines = [line for line in lines if _words(line) not in header]
    else:
        lines = [line for line in lines if _words(line) in abstract]
    if not lines:
        raise SystemExit(f"{path.name}: no line of its {part} found to change")
    line = max(lines, key=len)
    path.write_text(text.replace(line, line.rstrip() + " revised", 1), encoding="utf-8")
    return path


def _words(text: str) -> str:
    """Text as lower-case words and single spaces (markup and punctuation dropped)."""
    return re.sub(r"[\W_]+", " ", text).strip().lower()


def _tei_header_texts(source: Path, tei_dir: Path) -> tuple[str, str]:
    """The words of the TEI header and of the summary the last build made of a source."""
    files = json.loads((tei_dir / ".manifest.json").read_text(encoding="utf-8"))["files"]
    name = next(n for n, r in files.items() if Path(r.get("source", "")).name == source.name)
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    root = etree.parse(str(tei_dir / name), parser).getroot()
    ns = {"tei": "http://www.tei-c.org/ns/1.0"}
    header = root.find("tei:teiHeader", ns)
    abstract = header.find(".//tei:abstract", ns)
    return (_words(" ".join(header.itertext())),
            _words(" ".join(abstract.itertext())) if abstract is not None else "")


def ceiling(jobs: int) -> float:
    """This machine's throughput with ``jobs`` CPU-bound processes over one: the probe
    alone, then ``jobs`` copies at once."""
    def run(copies: int) -> float:
        started = time.perf_counter()
        procs = [subprocess.Popen([sys.executable, "-c", PROBE]) for _ in range(copies)]
        for proc in procs:
            proc.wait()
        return time.perf_counter() - started

    alone = run(1)
    return jobs * alone / run(jobs)


def lxml_floor(paths: list[Path]) -> float:
    """Seconds to parse and serialise the files with lxml alone, one after another."""
    started = time.perf_counter()
    for path in paths:
        etree.tostring(etree.parse(str(path)), encoding="UTF-8")
    return time.perf_counter() - started


# --------------------------------------------------------------------------- one N

@dataclass(frozen=True)
class Row:
    n: int
    full: Run
    unchanged: Run
    one_changed: Run  # a paragraph of one document changed
    summary_changed: Run  # then the same document's summary (the index page is made again)
    alone: Run  # a build of an edition holding only the changed document
    floor: float
    one_job: Run | None = None  # a full build of the same corpus with --jobs 1 (--compare-jobs)

    @property
    def rate(self) -> float:
        return self.n / self.full.seconds

    one_job_pair: Run | None = None  # the --jobs J build paired with one_job
    ceiling: float | None = None  # the median of the machine's ceilings measured beside the pairs

    @property
    def speedup(self) -> float | None:
        """Throughput of the measured --jobs over --jobs 1, in the median pair."""
        return self.one_job.seconds / self.one_job_pair.seconds if self.one_job else None

    def cells(self) -> list[str]:
        failed = "" if self.full.returncode == 0 else " (failed)"
        peak = max(self.full.peak_mib, self.unchanged.peak_mib, self.one_changed.peak_mib,
                   self.summary_changed.peak_mib)
        return [f"{self.n:,}", f"{self.full.seconds:.2f}{failed}", f"{self.rate:.1f}", f"{peak:.0f}",
                f"{self.unchanged.seconds:.2f}", f"{self.one_changed.seconds:.2f}",
                f"{self.alone.seconds:.2f}", f"{self.one_changed.seconds - self.alone.seconds:.2f}",
                f"{self.summary_changed.seconds - self.alone.seconds:.2f}",
                f"{self.floor:.3f}", f"{self.full.seconds / self.floor:.0f}" if self.floor else "–",
                f"{self.one_job.seconds:.2f}" if self.one_job else "–",
                f"{self.speedup:.2f}" if self.speedup else "–"]


HEADER = ["N", "build s", "docs/s", "peak RSS MB", "no-change s", "one-changed s", "alone s",
          "one-changed − alone s", "summary-changed − alone s", "lxml floor s", "build/floor",
          "--jobs 1 s", "speed-up"]
# "--jobs 1 s" and "speed-up": the median of the --compare-jobs pairs (its --jobs J build
# is not the row's "build s", which was measured on its own).


def measure(n: int, work: Path, args: argparse.Namespace, jobs: int | None) -> Row:
    """Generate, build three times and measure the floor, for one N."""
    edition = make_edition(work / f"n{n}", FORMATS)
    started = time.perf_counter()
    written = fill(edition, n, seed=args.seed, kind=args.kind)
    say(f"N={n}: {len(written)} {args.kind} files written in {time.perf_counter() - started:.1f} s")
    pairs, ceilings = [], []
    for r in range(args.compare_jobs):  # the same corpus built anew with --jobs 1 and --jobs J,
        pair = []  # in turns (1, J; J, 1; …), so that a drift in speed favours neither
        for j in ((1, jobs) if r % 2 == 0 else (jobs, 1)):
            copy = make_edition(work / SCRATCH / f"n{n}-jobs{j}-{r}", FORMATS)
            shutil.copytree(edition / args.kind_folder, copy / args.kind_folder, dirs_exist_ok=True)
            pair.append(build(copy, build_command(copy, j, args.build_arg),
                              f"full build {r + 1}, --jobs {j}"))
        if r % 2:
            pair.reverse()  # (--jobs 1 first)
        pairs.append(tuple(pair))
        ceilings.append(ceiling(jobs or 1))
        # speed-up = cores kept busy × CPU time of --jobs 1 over that of --jobs J
        say(f"  pair {r + 1}: speed-up {pair[0].seconds / pair[1].seconds:.2f} ("
            f"{pair[1].cpu / pair[1].seconds:.2f} cores busy, CPU time "
            f"{pair[1].cpu / pair[0].cpu:.2f}× that of --jobs 1), this machine's "
            f"ceiling for {jobs} processes {ceilings[-1]:.2f}")
    # the median pair by speed-up, and the median ceiling (of an even number of them, the
    # lower of the middle two)
    by_speed_up = sorted(pairs, key=lambda p: p[0].seconds / p[1].seconds)
    median = by_speed_up[(len(pairs) - 1) // 2] if pairs else None
    if pairs:
        say(f"  speed-ups of {len(pairs)} pairs: "
            + ", ".join(f"{a.seconds / b.seconds:.2f}" for a, b in pairs))
        say(f"  ceilings: {', '.join(f'{c:.2f}' for c in ceilings)}")
    command = build_command(edition, jobs, args.build_arg)
    full = build(edition, command, "full build")
    unchanged = build(edition, command, "no-change rebuild")
    changed = change_one(written, edition / "tei")
    one_changed = build(edition, command, f"one changed ({changed.name}, a paragraph)")
    change_one(written, edition / "tei", part="summary")
    summary_changed = build(edition, command, "the same document's summary changed")
    alone = make_edition(work / f"n{n}-alone", FORMATS)
    shutil.copy(changed, alone / args.kind_folder / changed.name)
    alone_run = build(alone, build_command(alone, jobs, args.build_arg), "that document alone")
    tei_files = sorted((edition / "tei").glob("*.xml"))
    floor = lxml_floor(tei_files)
    say(f"  lxml floor: {floor:.3f} s for {len(tei_files)} TEI files")
    return Row(n, full, unchanged, one_changed, summary_changed, alone_run, floor,
               median[0] if median else None, median[1] if median else None,
               sorted(ceilings)[(len(ceilings) - 1) // 2] if ceilings else None)


def measure_pdf(m: int, work: Path, args: argparse.Namespace, jobs: int | None) -> tuple[Run, Run, Run]:
    """A build of M documents with PDF, the same build without it, and a rebuild with PDF
    after one document changed (its PDF and the combined volume are made again)."""
    runs = []
    for formats in (PDF_FORMATS, FORMATS):
        edition = make_edition(work / f"pdf{m}-{len(formats)}", formats)
        written = fill(edition, m, seed=args.seed, kind=args.kind)
        command = build_command(edition, jobs, args.build_arg)
        runs.append(build(edition, command, f"M={m} build, {' '.join(formats)}"))
        if formats == PDF_FORMATS:
            changed = change_one(written, edition / "tei")
            again = build(edition, command, f"M={m} one changed with pdf ({changed.name})")
    return runs[0], runs[1], again


def markdown(rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(HEADER) + " |", "|" + "---:|" * len(HEADER)]
    return "\n".join(lines + ["| " + " | ".join(r) + " |" for r in rows])


def revision() -> str:
    """The git revision of the code the builds run: the checkout of the ``pipeline``
    package that tei-edition imports (with PYTHONPATH set, another checkout than this
    script's; so two revisions can be measured side by side from one script)."""
    # (-P: the current folder is not searched first, as the builds' tei-edition does not
    # search it; run from a checkout, "-c" alone named that checkout's package)
    found = subprocess.run([sys.executable, "-P", "-c", "import pipeline; print(pipeline.__file__)"],
                           check=False, capture_output=True, text=True)
    package = Path(found.stdout.strip()) if found.returncode == 0 and found.stdout.strip() else None
    checkout = package.parents[1] if package is not None else ROOT
    found = subprocess.run(["git", "-C", str(checkout), "describe", "--always", "--dirty"],
                           check=False, capture_output=True, text=True)
    return found.stdout.strip() or "unknown"


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, action="append",
                        help="corpus sizes (default 10, 100, 1000, 10000)")
    parser.add_argument("--jobs", type=int, help="passed to build as --jobs, when build takes it")
    parser.add_argument("--pdf-n", type=int, default=10, help="documents of the PDF build (0: none)")
    parser.add_argument("--keep", type=Path, help="keep the editions in this folder (default: a "
                                                  "temporary folder, removed at the end)")
    parser.add_argument("--build-arg", action="append", default=[], metavar="ARG",
                        help="one more argument for build (repeatable), e.g. --build-arg=--rebuild")
    parser.add_argument("--as", dest="kind", choices=("tei", "sources"), default="tei",
                        help="put TEI files in tei/ (default) or source texts in sources/")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--compare-jobs", type=int, default=0, metavar="R",
                        help="also build each corpus anew R times with --jobs 1 and with the "
                             "--jobs asked for, alternately, and print the median pair's speed-up")
    args = parser.parse_args(argv)
    args.kind_folder = "tei" if args.kind == "tei" else "sources"
    return args


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # so that clean-up runs
    jobs = args.jobs
    if jobs is not None and not build_supports_jobs():
        say(f"note: this build takes no --jobs; measuring without --jobs {jobs}")
        jobs = None
    work = args.keep or Path(tempfile.mkdtemp(prefix="tei-edition-scale-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        rows = [measure(n, work, args, jobs) for n in args.n or [10, 100, 1000, 10000]]
        pdf = measure_pdf(args.pdf_n, work, args, jobs) if args.pdf_n else None
    finally:
        shutil.rmtree(work / SCRATCH, ignore_errors=True)
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)
    print(f"tei-edition build at scale ({args.kind}; --jobs {jobs if jobs is not None else 'not given'}; "
          f"formats {', '.join(FORMATS)}; revision {revision()})\n")
    print(markdown([r.cells() for r in rows]))
    print()
    for r in rows:
        print(f"N={r.n} docs/s: {r.rate:.1f}")
        if r.speedup:
            print(f"N={r.n} --jobs {jobs} vs --jobs 1 throughput: {r.speedup:.2f}x "
                  f"(this machine's ceiling for {jobs} processes: {r.ceiling:.2f}x)")
    if pdf:
        with_pdf, without, again = pdf
        print(f"\nPDF (M={args.pdf_n}): build with pdf {with_pdf.seconds:.2f} s "
              f"({args.pdf_n / with_pdf.seconds:.2f} docs/s, peak RSS {with_pdf.peak_mib:.0f} MB), "
              f"without {without.seconds:.2f} s: PDF adds "
              f"{(with_pdf.seconds - without.seconds) / args.pdf_n:.2f} s per document; "
              f"one document changed: {again.seconds:.2f} s (its PDF and the combined volume of "
              f"{args.pdf_n})")


if __name__ == "__main__":
    main()
