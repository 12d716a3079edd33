"""Where the terminal UI offers to write exports: a documents folder, never the current one unasked.

In order: ``folder`` under ``[exports]`` in ``settings.toml``; the desktop's documents
folder (``XDG_DOCUMENTS_DIR``, as ``xdg-user-dir DOCUMENTS`` reports it) with a
``classwalk`` folder inside; else ``~/Documents/classwalk``. The folder is made when
first offered, readable by its owner only.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from classwalk.core.storage.paths import config_dir

_XDG_LINE = re.compile(r'^\s*XDG_DOCUMENTS_DIR\s*=\s*"(.*)"\s*$')


def configured_folder() -> Path | None:
    """The folder named by ``[exports] folder`` in settings.toml, if any."""
    try:
        import tomllib
    except ImportError:  # Python 3.10
        import tomli as tomllib
    try:
        data = tomllib.loads((config_dir() / "settings.toml").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    exports = data.get("exports")
    folder = exports.get("folder") if isinstance(exports, dict) else None
    return Path(folder).expanduser() if isinstance(folder, str) and folder.strip() else None


def documents_dir() -> Path:
    """The user's documents folder: XDG_DOCUMENTS_DIR (environment or user-dirs.dirs), else ~/Documents."""
    home = Path.home()
    named = os.environ.get("XDG_DOCUMENTS_DIR", "").strip()
    if not named:
        config_home = Path(os.environ.get("XDG_CONFIG_HOME") or home / ".config")
        try:
            for line in (config_home / "user-dirs.dirs").read_text(encoding="utf-8").splitlines():
                match = _XDG_LINE.match(line)
                if match:
                    named = match.group(1)
        except (OSError, UnicodeDecodeError):
            pass
    if named:
        path = Path(named.replace("$HOME", str(home))).expanduser()
        if path != home:  # xdg-user-dirs sets a folder it does not want to the home folder itself
            return path
    return home / "Documents"


def default_export_folder() -> Path:
    """The folder exports go to unless the observer types another (made if missing)."""
    folder = configured_folder() or documents_dir() / "classwalk"
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    except OSError:  # the dialog says what is wrong with it when Enter is pressed
        pass
    return folder
