"""Building on a Dask cluster: a LocalCluster of two worker processes writes the same
files as a local build, each worker compiles its stylesheets once, and a missing Dask
or an unreachable scheduler is one clear line (exit status 2).

The tests that need Dask are skipped when it is not installed; ``make test`` installs
it (the ``test`` extra of pyproject.toml).
"""

from __future__ import annotations

import hashlib
import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path
from unittest import mock

import pytest
from click.testing import CliRunner

from pipeline import workers
from pipeline.cli import main
from pipeline.config import load_config
from pipeline.corpus import find_tei, render_paths
from pipeline.errors import ConfigError
from pipeline.workers import ExecutorError, make_executor

from .conftest import REPO

SMALL = "doc-1960-07-18-note-the-soviet-embassy-in-beijing-to"  # a two-page PDF


# --------------------------------------------------------------------------- helpers run by the workers

_initialized_here = 0


def _count_initialization() -> None:
    """The initializer: counts how often it ran in this process."""
    global _initialized_here  # noqa: PLW0603 - the count is the process's state under test
    _initialized_here += 1


def _where(n: int) -> tuple[int, int, int, str | None]:
    """The task, the worker's pid, its initializer count and its SOURCE_DATE_EPOCH; later
    tasks finish first, so ordering is really tested."""
    time.sleep(0.02 * (5 - n % 5))
    return n, os.getpid(), _initialized_here, os.environ.get("SOURCE_DATE_EPOCH")


# --------------------------------------------------------------------------- fixtures

@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    """Two single-threaded worker processes, started without SOURCE_DATE_EPOCH (the
    client's must travel with the tasks)."""
    distributed = pytest.importorskip(
        "distributed", reason="Dask is not installed; 'make test' installs it (the test extra)")
    environment = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    started = time.monotonic()
    with mock.patch.dict(os.environ, environment, clear=True):
        local = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                          dashboard_address=None, silence_logs=40,
                                          local_directory=tmp_path_factory.mktemp("dask"))
    print(f"LocalCluster up in {time.monotonic() - started:.1f} s")
    yield local
    local.close()


def _edition(folder: Path, toml: str = "") -> Path:
    """A copy of the sample corpus's TEI files as an edition of HTML, print and text."""
    (folder / "tei").mkdir(parents=True)
    (folder / "edition.toml").write_text('[render]\nformats = ["html", "print", "txt"]\n' + toml)
    for path in find_tei([REPO / "tei"]):
        shutil.copy(path, folder / "tei" / path.name)
    return folder


def _files(folder: Path) -> dict[str, str]:
    """Hashes of the outputs, not of the build cache (output/.cache/ records the TEI
    files' modification times, which differ between two copies)."""
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*"))
            if p.is_file() and p.relative_to(folder).parts[0] != ".cache"}


def _closed_port() -> int:
    """A local port nothing listens on (bound, never listening, then let go)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# --------------------------------------------------------------------------- without Dask

def test_importing_the_pipeline_does_not_import_dask():
    code = ("import sys, pipeline.cli, pipeline.corpus, pipeline.workers, pipeline.config; "
            "print(sorted(m for m, module in sys.modules.items()"
            " if module and m.split('.')[0] in ('dask', 'distributed')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_asking_for_dask_when_it_is_not_installed_says_how_to_install_it(monkeypatch):
    monkeypatch.setitem(sys.modules, "distributed", None)  # import distributed → ImportError
    with pytest.raises(ExecutorError) as info:
        make_executor("dask", scheduler="tcp://10.0.0.5:8786")
    assert info.value.summary().startswith("tcp://10.0.0.5:8786: Dask is not installed")
    assert "pip install 'tei-edition[dask]'" in info.value.summary()


def test_dask_without_a_scheduler_address_says_where_to_give_one():
    with pytest.raises(ExecutorError, match=r"--scheduler tcp://HOST:8786 or set \[build\] scheduler"):
        make_executor("dask", scheduler=None)


def test_edition_toml_names_an_executor_dask_or_local(tmp_path):
    (tmp_path / "edition.toml").write_text('[build]\nexecutor = "spark"\nscheduler = 8786\n')
    with pytest.raises(ConfigError) as info:
        load_config(tmp_path)
    assert info.value.details() == [
        f"{tmp_path.resolve() / 'edition.toml'}: [build] executor = 'spark': expected one of "
        '"local", "dask"',
        f"{tmp_path.resolve() / 'edition.toml'}: [build] scheduler = 8786: expected text in quotes"]


# --------------------------------------------------------------------------- on a LocalCluster

def test_results_come_in_task_order_and_each_worker_initializes_once(cluster, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    with make_executor("dask", scheduler=cluster.scheduler_address) as executor:
        assert executor.workers == 2 and executor.remote
        first = list(executor.map(_where, iter(range(20)), initializer=_count_initialization))
        again = list(executor.map(_where, range(6), initializer=_count_initialization))
    assert [n for n, *_ in first] == list(range(20)) and [n for n, *_ in again] == list(range(6))
    pids = {pid for _, pid, _, _ in first + again}
    assert len(pids) == 2 and os.getpid() not in pids
    # Once per worker process, not per task, nor per map: the count never passes 1.
    assert {count for _, _, count, _ in first + again} == {1}
    assert {epoch for *_, epoch in first} == {"1700000000"}  # the client's, forwarded


def test_tasks_are_taken_lazily_with_four_per_worker_thread_in_flight(cluster):
    taken = []

    def tasks():
        for n in range(100):
            taken.append(n)
            yield n

    with make_executor("dask", scheduler=cluster.scheduler_address) as executor:
        results = executor.map(_where, tasks())
        assert next(results)[0] == 0
        assert len(taken) == 2 * workers.IN_FLIGHT_PER_WORKER
        results.close()  # the tasks still pending are cancelled


def test_a_dask_build_writes_the_same_files_as_a_local_build(cluster, tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    local, remote = _edition(tmp_path / "local"), _edition(tmp_path / "dask")
    runner = CliRunner()
    result = runner.invoke(main, ["--edition", str(local), "build", "--jobs", "1"])
    assert result.exit_code == 0, result.output
    started = time.monotonic()
    result = runner.invoke(main, ["--edition", str(remote), "build", "--executor", "dask",
                                  "--scheduler", cluster.scheduler_address])
    print(f"dask build: {time.monotonic() - started:.1f} s")
    assert result.exit_code == 0, result.output
    assert f"executor: Dask at {cluster.scheduler_address}, 2 worker threads" in result.output
    assert "render: 5 rendered" in result.output
    files = _files(local / "output")
    assert len(files) > 20  # pages, texts, index, search shards, assets, reports
    assert _files(remote / "output") == files


def test_sources_ingested_on_dask_give_the_same_tei_files_as_a_local_ingest(cluster, tmp_path):
    """The workers ingest (the source's bytes travel, the TEI's come back); the client
    settles the ids: a second copy of a source becomes <id>-2 as it does locally."""
    runner = CliRunner()
    tei = {}
    for kind in ("local", "dask"):
        edition = tmp_path / kind
        (edition / "sources").mkdir(parents=True)
        for path in sorted((REPO / "sources").glob("*.txt")):
            shutil.copy(path, edition / "sources" / path.name)
        shutil.copy(REPO / "sources" / "002_7da35b316b2a6c07.txt", edition / "sources" / "zz-copy.txt")
        where = (["--jobs", "1"] if kind == "local"
                 else ["--executor", "dask", "--scheduler", cluster.scheduler_address])
        result = runner.invoke(main, ["--edition", str(edition), "ingest", str(edition / "sources"),
                                      "--aligner", "length", *where])
        assert result.exit_code == 0, result.output
        assert "ingest: 6 written" in result.output
        tei[kind] = {p.name: p.read_bytes() for p in sorted((edition / "tei").iterdir())}
    assert len(tei["local"]) == 7 and any(name.endswith("-2.xml") for name in tei["local"])
    assert tei["dask"] == tei["local"]


def test_a_build_from_sources_on_dask_writes_what_a_local_one_does(cluster, tmp_path, monkeypatch):
    """Each source is ingested and rendered in one task; the outputs come back with the
    TEI file and the client writes them once the id is settled (the copy's rendering,
    made under the id its original took, is dropped and made again from its file)."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    runner = CliRunner()
    outputs = {}
    for kind in ("local", "dask"):
        edition = tmp_path / kind
        (edition / "sources").mkdir(parents=True)
        (edition / "edition.toml").write_text('[render]\nformats = ["html", "print", "txt"]\n')
        for path in sorted((REPO / "sources").glob("*.txt")):
            shutil.copy(path, edition / "sources" / path.name)
        shutil.copy(REPO / "sources" / "002_7da35b316b2a6c07.txt", edition / "sources" / "zz-copy.txt")
        where = (["--jobs", "1"] if kind == "local"
                 else ["--executor", "dask", "--scheduler", cluster.scheduler_address])
        result = runner.invoke(main, ["--edition", str(edition), "build", "--aligner", "length", *where])
        assert result.exit_code == 0, result.output
        assert "ingest: 6 written" in result.output and "render: 6 rendered" in result.output
        outputs[kind] = {k: v for k, v in _files(edition / "output").items()
                         if not k.startswith("reports/")}
    assert len(outputs["local"]) > 25
    assert outputs["dask"] == outputs["local"]


def test_a_pdf_rendered_on_dask_is_byte_identical_to_a_local_one(cluster, tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")  # only the client has it
    config = load_config(REPO)
    paths = [REPO / "tei" / f"{SMALL}.xml"]
    render_paths(paths, tmp_path / "local", config, formats=("pdf",), index=False, jobs=1)
    with make_executor("dask", scheduler=cluster.scheduler_address) as executor:
        report = render_paths(paths, tmp_path / "dask", config, formats=("pdf",), index=False,
                              executor=executor)
    assert not report.failed
    pdf = f"pdf/{SMALL}.pdf"
    assert (tmp_path / "dask" / pdf).read_bytes() == (tmp_path / "local" / pdf).read_bytes()


def test_render_takes_executor_and_scheduler_from_edition_toml(cluster, tmp_path):
    toml = f'[build]\nexecutor = "dask"\nscheduler = "{cluster.scheduler_address}"\n'
    edition = _edition(tmp_path / "ed", toml)
    result = CliRunner().invoke(main, ["--edition", str(edition), "render",
                                       str(edition / "tei" / f"{SMALL}.xml"), "--format", "txt"])
    assert result.exit_code == 0, result.output
    assert f"executor: Dask at {cluster.scheduler_address}" in result.output
    assert (edition / "output" / "txt" / f"{SMALL}.en.txt").is_file()


def test_an_unreachable_scheduler_is_one_clear_line_and_exit_status_2(cluster, tmp_path, monkeypatch):
    monkeypatch.setattr(workers, "CONNECT_TIMEOUT", 1)
    address = f"tcp://127.0.0.1:{_closed_port()}"
    edition = _edition(tmp_path / "ed")
    result = CliRunner().invoke(main, ["--edition", str(edition), "build", "--scheduler", address])
    assert result.exit_code == 2
    assert f"Error: {address}: cannot reach the Dask scheduler" in result.output
    assert not (edition / "output").exists()


def test_workers_of_another_version_are_each_named(cluster, monkeypatch):
    import pipeline

    theirs = pipeline.__version__
    monkeypatch.setattr(pipeline, "__version__", "0.0.0+client")
    with pytest.raises(ExecutorError) as info:
        make_executor("dask", scheduler=cluster.scheduler_address)
    assert len(info.value.reasons) == 2
    assert all(f"has tei-edition {theirs}, this machine 0.0.0+client" in r.message
               for r in info.value.reasons)
