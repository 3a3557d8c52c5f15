"""Full and read-only folders, for real: the build runs in a user and mount namespace
(``unshare -Urm``) where output/ or tei/ is a small or read-only tmpfs, so the kernel
itself refuses the writes (permissions alone cannot show it: root ignores them).

Each case: exit status 2 and one line naming the file and what to do; no temporary
file left behind; nothing written elsewhere. Without user namespaces (some container
runtimes forbid them) the cases are skipped, and ``test_write_problems_name_a_remedy``
still checks the messages.
"""

from __future__ import annotations

import errno
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.errors import OutputError, write_problem
from pipeline.xmlio import write_atomic

from .conftest import REPO

# Mounts a tmpfs with the given options on a folder, optionally remounts it read-only,
# runs the command, then lists what the folder holds (as the namespace sees it).
_SCRIPT = """
set -e
mount -t tmpfs -o "$1" tmpfs "$2"
if [ "$3" = ro ]; then mount -o remount,ro "$2"; fi
folder=$2
shift 3
set +e
"$@"
status=$?
echo "--- files"
find "$folder" -type f | sort
exit $status
"""


def _namespaces() -> bool:
    if not shutil.which("unshare"):
        return False
    found = subprocess.run(["unshare", "-Urm", "true"], capture_output=True, check=False)
    return found.returncode == 0


needs_namespaces = pytest.mark.skipif(
    not _namespaces(), reason="needs user namespaces (unshare -Urm) to mount a small or "
                              "read-only tmpfs; the kernel or container forbids them here")


def _edition(folder: Path) -> Path:
    (folder / "sources").mkdir(parents=True)
    (folder / "tei").mkdir()
    (folder / "output").mkdir()
    (folder / "edition.toml").write_text('[render]\nformats = ["html", "print", "txt"]\n'
                                         '[align]\naligner = "length"\n')
    for path in sorted((REPO / "sources").glob("*.txt")):
        shutil.copy(path, folder / "sources" / path.name)
    return folder


def _run_with_mount(folder: Path, options: str, mode: str, *args: str):
    command = [sys.executable, "-m", "pipeline", *args]
    done = subprocess.run(["unshare", "-Urm", "sh", "-c", _SCRIPT, "sh", options, str(folder), mode,
                           *command], capture_output=True, text=True, timeout=600, check=False)
    listing = done.stdout.split("--- files\n", 1)[1].split()
    return done.returncode, done.stderr, [Path(p).relative_to(folder).as_posix() for p in listing]


@needs_namespaces
def test_a_full_output_folder_stops_the_build_naming_the_file_and_leaves_whole_files(tmp_path):
    edition = _edition(tmp_path / "ed")
    code, stderr, files = _run_with_mount(edition / "output", "size=200k", "rw", "--edition",
                                          str(edition), "-q", "build")
    assert code == 2, stderr
    line = stderr.strip().splitlines()[-1]
    assert line.startswith(f"Error: {edition / 'output'}/"), stderr
    assert "No space left on device: the disk is full: free some space and run again" in line
    assert "Traceback" not in stderr
    assert files, "something was written before the disk was full"
    assert not [f for f in files if ".tmp" in f]  # no half-written file under any name
    # tei/ (outside the small folder) was written whole before rendering began.
    assert len(list((edition / "tei").glob("*.xml"))) == 5
    # With room again, the next build completes.
    done = subprocess.run([sys.executable, "-m", "pipeline", "--edition", str(edition), "-q", "build"],
                          capture_output=True, text=True, timeout=600, check=False)
    assert done.returncode == 0, done.stderr


@needs_namespaces
def test_a_read_only_output_folder_is_one_clear_line(tmp_path):
    edition = _edition(tmp_path / "ed")
    code, stderr, files = _run_with_mount(edition / "output", "size=10m", "ro", "--edition",
                                          str(edition), "-q", "build")
    assert code == 2, stderr
    assert "Read-only file system: the folder is on a read-only file system: write somewhere " \
           "else (--out)" in stderr, stderr
    assert str(edition / "output") in stderr and "Traceback" not in stderr
    assert files == []


@needs_namespaces
def test_ingest_into_a_read_only_tei_folder_is_one_clear_line_and_writes_nothing(tmp_path):
    edition = _edition(tmp_path / "ed")
    code, stderr, files = _run_with_mount(edition / "tei", "size=10m", "ro", "--edition",
                                          str(edition), "ingest", str(edition / "sources"))
    assert code == 2, stderr
    assert f"Error: {edition / 'tei'}/" in stderr and "Read-only file system" in stderr, stderr
    assert "Traceback" not in stderr and files == []


# The tei/ case: ingest into a folder too small, make room, ingest again.
_TWICE = """
set -e
mount -t tmpfs -o size=40k tmpfs "$1"
shift
set +e
"$@"
echo "--- first $?"
mount -o remount,size=10m "$TEI"
"$@"
echo "--- second $?"
find "$TEI" -type f -name "*.tmp*"
"""


@needs_namespaces
def test_a_full_tei_folder_keeps_the_files_ingested_before_and_the_next_run_goes_on(tmp_path):
    """The disk fills up during ingest: the TEI files written so far are whole and in
    the manifest, and the next ingest (with room) finds them unchanged, not an editor's."""
    edition = _edition(tmp_path / "ed")
    tei = edition / "tei"
    done = subprocess.run(
        ["unshare", "-Urm", "sh", "-c", _TWICE.replace("$TEI", '"$TEI_DIR"'), "sh", str(tei),
         sys.executable, "-m", "pipeline", "--edition", str(edition), "-v", "ingest",
         str(edition / "sources")],
        capture_output=True, text=True, timeout=600, check=False, env={**os.environ, "TEI_DIR": str(tei)})
    first, second = done.stdout.split("--- first ")[1], done.stdout.split("--- second ")[1]
    assert first.startswith("2"), done.stderr
    assert second.strip() == "0", done.stderr  # and no temporary file left
    assert "No space left on device: the disk is full" in done.stderr and "Traceback" not in done.stderr
    before, after = done.stderr.split("No space left on device", 1)
    written_first = before.count("  written  ")
    assert written_first >= 1  # some fitted before the disk was full ...
    assert after.count("unchanged  ") == written_first  # ... and were the pipeline's next time
    assert "edited by hand" not in after


def test_write_problems_name_a_remedy(tmp_path):
    assert write_problem(OSError(errno.ENOSPC, "No space left on device")).startswith(
        "No space left on device: the disk is full: free some space")
    assert "read-only file system" in write_problem(OSError(errno.EROFS, "Read-only file system"))
    assert write_problem(OSError(errno.EIO, "Input/output error")) == "Input/output error"
    blocker = tmp_path / "file"
    blocker.write_text("in the way")
    with pytest.raises(OutputError) as caught:  # a folder that is a file
        write_atomic(blocker / "x.html", b"<p/>")
    assert caught.value.path == str(blocker / "x.html")
    assert not list(tmp_path.glob(".*tmp*"))
    assert json.loads(json.dumps(caught.value.details()))  # plain strings, for reports
