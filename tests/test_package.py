"""A non-editable install carries its stylesheets, assets and schema (package data)."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile

from .conftest import REPO, SEEDS

SCRIPT = """
import sys
from pathlib import Path
import pipeline
from pipeline.corpus import render_paths, ingest_sources
from pipeline.config import load_config
from pipeline.resources import resource_dir
assert Path(pipeline.__file__).parent == Path(sys.argv[1]) / "pipeline", pipeline.__file__
assert (resource_dir("schema") / "tei_all" / "tei_all.rng").is_file()
config = load_config(Path(sys.argv[2]))
report = ingest_sources([Path(sys.argv[3])], config.tei_dir, config)
assert not report.failed, report.failed
run = render_paths(sorted(config.tei_dir.glob("*.xml")), config.output_dir, config, formats=("html", "txt"))
assert not run.failed, run.failed
print("ok", resource_dir("xslt"))
"""


def test_wheel_installs_stylesheets_schema_and_assets(tmp_path):
    wheels = tmp_path / "wheels"
    subprocess.run([sys.executable, "-m", "pip", "wheel", str(REPO), "--no-deps", "-q", "-w", str(wheels)],
                   check=True, capture_output=True, cwd=tmp_path)
    wheel = next(wheels.glob("tei_edition-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    for required in ("pipeline/xslt/html/html.xsl", "pipeline/xslt/common/common.xsl",
                     "pipeline/xslt/print/print.xsl", "pipeline/xslt/txt/txt.xsl",
                     "pipeline/xslt/assets/edition.css", "pipeline/xslt/assets/print.css",
                     "pipeline/schema/tei_all/tei_all.rng", "pipeline/schema/oai_dc/oai_dc.xsd"):
        assert required in names, required
    modules = {str(p.relative_to(REPO)) for p in (REPO / "pipeline").rglob("*.py")}
    assert modules <= names, f"modules missing from the wheel (add their package to pyproject.toml): " \
                             f"{sorted(modules - names)}"

    site = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target", str(site),
                    str(wheel)], check=True, capture_output=True)
    edition = tmp_path / "edition"
    edition.mkdir()
    env = {**os.environ, "PYTHONPATH": str(site)}
    result = subprocess.run([sys.executable, "-c", SCRIPT, str(site), str(edition), str(SEEDS["003"])],
                            capture_output=True, text=True, env=env, cwd=tmp_path, check=False)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("ok") and str(site) in result.stdout
    assert (edition / "output" / "html" / "wilson-118195.html").is_file()
