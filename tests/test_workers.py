"""Per-document work over worker processes: results in task order, the same files with
any number of workers, and a progress bar only where someone can see it."""

from __future__ import annotations

import hashlib
import io
import json
import os
from pathlib import Path

from pipeline.config import load_config
from pipeline.corpus import find_tei, render_paths
from pipeline.workers import LocalExecutor, ProgressBar, default_jobs, run_tasks

from .conftest import REPO


def _slow_square(n: int) -> tuple[int, int]:
    """Later tasks finish first, so ordering is really tested."""
    import time

    time.sleep(0.02 * (5 - n % 5))
    return n, os.getpid()


def test_results_come_in_task_order_from_several_workers():
    results = list(run_tasks(_slow_square, iter(range(20)), jobs=2))
    assert [n for n, _ in results] == list(range(20))
    assert len({pid for _, pid in results}) == 2 and os.getpid() not in {pid for _, pid in results}


def _blas_threads(_: int) -> str | None:
    return os.environ.get("OPENBLAS_NUM_THREADS")


def test_workers_ask_math_libraries_for_one_thread_each(monkeypatch):
    """A worker per core already; a BLAS thread per core in each made the embedding
    aligner four times slower in workers than in one process."""
    monkeypatch.delenv("OPENBLAS_NUM_THREADS", raising=False)
    assert list(run_tasks(_blas_threads, range(4), jobs=2)) == ["1"] * 4
    monkeypatch.setenv("OPENBLAS_NUM_THREADS", "3")  # what the user set stays
    assert list(run_tasks(_blas_threads, range(2), jobs=2)) == ["3"] * 2


def _troubled(n: int) -> int:
    """Task 3 hangs, task 5 kills its worker, task 7 raises; the others are quick."""
    import time

    if n == 3:
        time.sleep(600)
    if n == 5:
        os._exit(3)
    if n == 7:
        raise ValueError("seven")
    return n * n


def _lost(task: int, reason: str) -> str:
    return f"lost {task}: {reason}"


def test_a_task_over_budget_or_whose_worker_dies_is_lost_alone_in_order():
    import time

    started = time.monotonic()
    results = list(run_tasks(_troubled, range(7), jobs=2, budget=2, lost=_lost))
    assert results[:3] == [0, 1, 4] and results[4] == 16 and results[6] == 36
    assert results[3] == "lost 3: took more than the time budget of 2 s and was stopped"
    assert results[5].startswith("lost 5: its worker process ended (exit code 3)")
    assert time.monotonic() - started < 60


def _pids_and_hang(n: int) -> int:
    """Task 0 answers at once; the others hang (their workers must be killed)."""
    import time

    if n:
        time.sleep(600)
    return os.getpid()


def test_the_workers_end_when_the_run_ends_idle_or_busy():
    """Idle workers are asked to end, busy ones killed; none is left."""
    import multiprocessing

    from pipeline.pool import run_pool

    def alive(pids: set[int]) -> set[int]:
        return {p.pid for p in multiprocessing.active_children()} & pids

    pids = {pid for _, pid in run_pool(_slow_square, range(6), workers=2)}
    assert len(pids) == 2 and not alive(pids)
    before = {p.pid for p in multiprocessing.active_children()}  # (other tests' own)
    results = run_pool(_pids_and_hang, range(4), workers=2)
    first = next(results)  # then dropped while the other tasks hang in both workers
    busy = {p.pid for p in multiprocessing.active_children()} - before
    results.close()
    assert first in busy and len(busy) == 2 and not alive(busy)


def test_a_tasks_own_exception_is_raised_at_its_turn():
    import pytest

    done = []
    with pytest.raises(ValueError, match="seven"):
        for result in run_tasks(_troubled, [6, 7, 8], jobs=2, budget=30, lost=_lost):
            done.append(result)
    assert done == [36]


def test_one_job_stops_a_task_over_budget_when_it_next_runs_python():
    import time

    def slow(n: int) -> int:
        if n == 1:
            while True:
                time.sleep(0.01)
        return n

    results = list(run_tasks(slow, range(3), jobs=1, budget=0.5, lost=_lost))
    assert results == [0, "lost 1: took more than the time budget of 0.5 s and was stopped", 2]


def test_a_few_tasks_run_here_however_many_jobs():
    few = list(run_tasks(_slow_square, iter(range(3)), jobs=2, inline_upto=3))
    assert [n for n, _ in few] == [0, 1, 2] and {pid for _, pid in few} == {os.getpid()}
    more = list(run_tasks(_slow_square, iter(range(4)), jobs=2, inline_upto=3))
    assert [n for n, _ in more] == [0, 1, 2, 3] and os.getpid() not in {pid for _, pid in more}
    given = list(run_tasks(_slow_square, iter(range(3)), executor=LocalExecutor(2), inline_upto=3))
    assert {pid for _, pid in given} == {os.getpid()}  # as the command line passes it


def test_one_job_runs_in_this_process_and_calls_the_initializer_once():
    calls = []
    results = list(run_tasks(_slow_square, range(3), jobs=1, initializer=lambda: calls.append(1)))
    assert calls == [1] and {pid for _, pid in results} == {os.getpid()}


def test_default_jobs_is_the_configured_number_else_the_cores():
    assert default_jobs(3) == 3
    assert default_jobs(0) == len(os.sched_getaffinity(0))


def _hashes(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_two_workers_write_byte_identical_files(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    monkeypatch.setattr("pipeline.corpus.INLINE_DOCUMENTS", 0)  # five documents: use the workers
    spawned = []
    real_map = LocalExecutor.map

    def counted_map(self, *args, **kwargs):
        spawned.append(self.workers)
        yield from real_map(self, *args, **kwargs)

    monkeypatch.setattr(LocalExecutor, "map", counted_map)
    config = load_config(REPO)
    paths = find_tei([REPO / "tei"])
    formats = ("html", "print", "txt")
    one = render_paths(paths, tmp_path / "one", config, formats=formats, jobs=1)
    two = render_paths(paths, tmp_path / "two", config, formats=formats, jobs=2)
    assert _hashes(tmp_path / "one") == _hashes(tmp_path / "two")
    assert len(_hashes(tmp_path / "one")) > 20  # pages, index, search shards, texts, assets
    assert one.to_json().replace(b"/one/", b"/x/") == two.to_json().replace(b"/two/", b"/x/")
    assert spawned == [1, 2]


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_bar_draws_counts_rate_and_eta_on_a_terminal():
    screen = _Terminal()
    bar = ProgressBar(4, "render", stream=screen)
    for _ in range(4):
        bar.update()
    bar.close()
    drawn = screen.getvalue()
    assert "render 4/4 [########################]" in drawn and "/s  ETA 0:00" in drawn
    assert drawn.endswith("\r")  # the line is cleared, the summary follows


def test_progress_bar_is_silent_off_a_terminal_or_when_quiet():
    for stream, enabled in ((io.StringIO(), True), (_Terminal(), False)):
        bar = ProgressBar(3, "render", stream=stream, enabled=enabled)
        bar.update(3)
        bar.close()
        assert stream.getvalue() == ""


def test_build_takes_jobs_from_the_command_line(tmp_path):
    import shutil

    from click.testing import CliRunner

    from pipeline.cli import main

    edition = tmp_path / "ed"
    (edition / "tei").mkdir(parents=True)
    (edition / "edition.toml").write_text('[render]\nformats = ["html", "txt"]\n')
    for path in find_tei([REPO / "tei"]):
        shutil.copy(path, edition / "tei" / path.name)
    runner = CliRunner()
    assert "--jobs" in runner.invoke(main, ["build", "--help"]).output
    assert runner.invoke(main, ["--edition", str(edition), "build", "--jobs", "0"]).exit_code == 2
    result = runner.invoke(main, ["--edition", str(edition), "build", "--jobs", "2"])
    assert result.exit_code == 0, result.output
    assert "render: 5 rendered" in result.output
    assert (edition / "output" / "html" / "wilson-110404.html").is_file()


def test_an_output_folder_the_workers_cannot_write_into_ends_the_build_naming_the_file(
        tmp_path, monkeypatch):
    import pytest

    from pipeline.errors import OutputError

    monkeypatch.setattr("pipeline.corpus.INLINE_DOCUMENTS", 0)
    out = tmp_path / "out"
    out.mkdir()
    (out / "txt").write_text("a file where the txt folder goes")
    with pytest.raises(OutputError) as caught:
        render_paths(find_tei([REPO / "tei"]), out, load_config(REPO), formats=("txt",), jobs=2)
    assert caught.value.path.startswith(str(out.resolve() / "txt")) and caught.value.path.endswith(".txt")
    assert (out / "txt").read_text() == "a file where the txt folder goes"


def test_a_report_line_is_the_json_of_its_record_plain_or_not():
    """Plain records (the unchanged documents of a build) are written from a template:
    each line must still be what json writes of the record, keys sorted, strings
    escaped, whatever the names hold."""
    from pipeline.corpus import FileReport, RunReport

    odd = 'sources/a "quoted" \\ back\tslash é 中文 \u2028 \x01.txt'
    files = [
        FileReport(path=odd, status="unchanged", id="doc-1", outputs=("output/html/doc-1.html", odd)),
        FileReport(path="b.txt", status="unchanged", id="doc-2"),
        FileReport(path="c.txt", status="failed", problems=("c.txt: not UTF-8",)),
        FileReport(path="d.txt", status="written", id="doc-4", warnings=("w",), details={"k": [1]}),
    ]
    data = json.loads(RunReport("build", files).to_json())
    assert data["files"] == [
        {"details": f.details, "id": f.id, "outputs": list(f.outputs), "path": f.path,
         "problems": list(f.problems), "status": f.status, "warnings": list(f.warnings)}
        for f in files]
    lines = RunReport("build", files).to_json().decode().split("\n")
    for line, f in zip(lines[4:8], files, strict=True):
        assert line.strip().rstrip(",") == json.dumps(data["files"][files.index(f)],
                                                      ensure_ascii=False, sort_keys=True)
