"""Where classwalk keeps its files: the database and the user's protocol folder.

Environment variables override the platform defaults, which is how tests stay away
from a user's real files: ``CLASSWALK_DB``, ``CLASSWALK_CONFIG_DIR``,
``CLASSWALK_PROTOCOL_PATH`` (folders separated by ``os.pathsep``).
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "classwalk"


def default_db_path() -> Path:
    """The database to use when no ``--db`` is given."""
    configured = os.environ.get("CLASSWALK_DB")
    if configured:
        return Path(configured).expanduser()
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)) / "classwalk.db"


def config_dir() -> Path:
    """The user's classwalk configuration folder."""
    configured = os.environ.get("CLASSWALK_CONFIG_DIR")
    if configured:
        return Path(configured).expanduser()
    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False))


def protocol_dirs() -> list[Path]:
    """Folders searched for TOML protocols: the config folder's, then the path variable's."""
    dirs = [config_dir() / "protocols"]
    extra = os.environ.get("CLASSWALK_PROTOCOL_PATH", "")
    dirs.extend(Path(part).expanduser() for part in extra.split(os.pathsep) if part.strip())
    return dirs


def this_device() -> str:
    """The name of this device for drafts (``CLASSWALK_DEVICE``; empty: this database's machine).

    A served session sets it per browser, so one observer on a laptop and a tablet keeps
    a draft on each.
    """
    return os.environ.get("CLASSWALK_DEVICE", "").strip()[:80]
