"""Where the package's data lives: stylesheets, schemas, assets.

In the source tree they stand beside the package (``xslt/``, ``schema/``); an installed
package carries them inside itself (``pipeline/xslt``, ``pipeline/schema``), mapped there
by pyproject.toml.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def resource_dir(name: str) -> Path:
    """The folder of package data ``name`` (``"xslt"`` or ``"schema"``).

    Raises:
        FileNotFoundError: neither the installed nor the source-tree folder exists.
    """
    for candidate in (_PACKAGE / name, _PACKAGE.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"package data folder {name!r} is missing (looked in {_PACKAGE} "
                            f"and {_PACKAGE.parent}); reinstall tei-edition")
