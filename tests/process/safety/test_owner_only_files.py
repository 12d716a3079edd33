"""The database and exports holding notes are created readable by their owner only."""

from __future__ import annotations

import os
import stat

import pytest

from classwalk.api import Classwalk
from classwalk.features.demo.school import seed_demo


def _mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


@pytest.fixture
def open_umask():
    """A permissive umask, as many desktops have: files would be world-readable by default."""
    previous = os.umask(0o022)
    yield
    os.umask(previous)


def test_new_database_and_its_journal_files_are_owner_only(tmp_path, open_umask):
    path = tmp_path / "data" / "walks.db"
    classwalk = Classwalk(db_path=path)
    seed_demo(classwalk)
    try:
        files = [p for p in path.parent.iterdir() if p.name.startswith("walks.db")]
        assert path in files
        for file in files:
            assert _mode(file) == 0o600, file.name
    finally:
        classwalk.close()


def test_cli_database_is_owner_only(tmp_path, classwalk_child, open_umask):
    path = tmp_path / "cli.db"
    result = classwalk_child("--db", path, "demo")
    assert result.returncode == 0, result.stderr
    assert _mode(path) == 0o600


@pytest.fixture
def demo_walk_id(classwalk_child, tmp_path):
    path = tmp_path / "walks.db"
    assert classwalk_child("--db", path, "demo").returncode == 0
    classwalk = Classwalk(db_path=path)
    try:
        return path, classwalk.store.list_walks()[0].id
    finally:
        classwalk.close()


@pytest.mark.parametrize("fmt", ["json", "csv", "md"])
def test_export_file_is_owner_only(tmp_path, classwalk_child, demo_walk_id, fmt, open_umask):
    db_path, walk_id = demo_walk_id
    output = tmp_path / "out" / f"walk.{fmt}"
    output.parent.mkdir()
    result = classwalk_child("--db", db_path, "export", walk_id, "--format", fmt, "-o", output)
    assert result.returncode == 0, result.stderr
    assert _mode(output) == 0o600
    assert output.read_text(encoding="utf-8").strip()


def test_export_over_a_world_readable_file_makes_it_owner_only(tmp_path, classwalk_child, demo_walk_id):
    db_path, walk_id = demo_walk_id
    output = tmp_path / "walk.json"
    output.write_text("old")
    output.chmod(0o644)
    result = classwalk_child("--db", db_path, "export", walk_id, "--format", "json", "-o", output)
    assert result.returncode == 0, result.stderr
    assert _mode(output) == 0o600
    assert '"classwalk-walk"' in output.read_text(encoding="utf-8")
