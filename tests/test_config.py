"""edition.toml: defaults, values, and clear errors."""

from __future__ import annotations

import pytest

from pipeline.config import load_config
from pipeline.errors import ConfigError


def test_defaults_when_there_is_no_file(tmp_path):
    config = load_config(tmp_path)
    assert config.root == tmp_path.resolve()
    assert config.edition.title == "TEI Edition"
    assert config.edition.publisher is None
    assert config.render.formats == ("html", "print", "pdf", "txt")
    assert config.tei_dir == tmp_path.resolve() / "tei"


def test_values_are_read(tmp_path):
    (tmp_path / "edition.toml").write_text(
        '[edition]\ntitle = "Letters"\npublisher = "Archive X"\nlanguages = ["de", "en"]\n'
        '[render]\nformats = ["txt"]\n[limits]\nmax_size = 1000\n', encoding="utf-8")
    config = load_config(tmp_path)
    assert config.edition.title == "Letters"
    assert config.edition.publisher == "Archive X"
    assert config.edition.languages == ("de", "en")
    assert config.render.formats == ("txt",)
    assert config.limits.max_size == 1000


@pytest.mark.parametrize(("text", "expected"), [
    ("[edition\n", "not valid TOML"),
    ("[editon]\ntitle = 'x'\n", "unknown section [editon]"),
    ("[edition]\ntitel = 'x'\n", "unknown key 'titel'"),
    ("[limits]\nmax_size = 'big'\n", "max_size = 'big': expected a whole number"),
    ("[edition]\nlanguages = 'en'\n", "languages = 'en': expected a list of text values"),
])
def test_mistakes_are_reported_with_the_file(tmp_path, text, expected):
    (tmp_path / "edition.toml").write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_config(tmp_path)
    assert "edition.toml" in str(info.value)
    assert any(expected in line for line in info.value.details())


def test_the_repository_is_itself_an_edition():
    from .conftest import REPO

    config = load_config(REPO)
    assert config.edition.publisher
    assert "zh-Hans" in config.edition.languages
