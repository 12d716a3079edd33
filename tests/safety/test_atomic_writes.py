"""Every file classwalk writes is whole or untouched, owner-only, and never written through a link."""

from __future__ import annotations

import errno
import os
import stat

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from classwalk.cli import main
from classwalk.core.storage import files
from classwalk.api import Classwalk
from classwalk.core.errors import ClasswalkError
from classwalk.core.storage.files import write_file, write_new_file
from classwalk.features.demo.school import seed_demo
from classwalk.tui.screens.debrief_jobs import write_private
from tests.safety.safety_helpers import assert_one_line_error

EXAMPLES = settings(max_examples=40, deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture])
FAIL_AT = ("write", "fsync", "replace", "fchmod")


def _mode(path) -> int:
    return stat.S_IMODE(os.lstat(path).st_mode)


@pytest.fixture
def open_umask():
    previous = os.umask(0)
    yield
    os.umask(previous)


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory):
    path = tmp_path_factory.mktemp("demo") / "walks.db"
    classwalk = Classwalk(db_path=path)
    seed_demo(classwalk)
    walk_id = classwalk.store.list_walks()[0].id
    classwalk.close()
    return path, walk_id


class DiskFull:
    """Make one step of writing a file fail as a full disk does."""

    def __init__(self, monkeypatch, step: str):
        error = OSError(errno.ENOSPC, "No space left on device")

        def fail(*_args, **_kwargs):
            raise error

        if step == "write":
            real_fdopen = os.fdopen

            class Failing:
                def __init__(self, handle):
                    self.handle = handle

                def __enter__(self):
                    return self

                def __exit__(self, *exc):
                    self.handle.close()

                def write(self, data):
                    self.handle.write(data[: len(data) // 2])
                    raise error

                def __getattr__(self, name):
                    return getattr(self.handle, name)

            monkeypatch.setattr(files.os, "fdopen", lambda *a, **k: Failing(real_fdopen(*a, **k)))
        elif step == "fsync":
            monkeypatch.setattr(files.os, "fsync", fail)
        elif step == "replace":
            monkeypatch.setattr(files.os, "replace", fail)
        else:
            monkeypatch.setattr(files.os, "fchmod", fail)


def _leftovers(folder) -> list[str]:
    return [p.name for p in folder.iterdir() if p.name.endswith(".partial")]


@EXAMPLES
@given(old=st.text(), new=st.text(), step=st.sampled_from(FAIL_AT))
def test_a_failed_write_leaves_the_old_file_as_it_was(tmp_path_factory, old, new, step):
    folder = tmp_path_factory.mktemp("full")
    target = folder / "report.md"
    target.write_text(old, encoding="utf-8", errors="surrogatepass")
    before = target.read_bytes()
    with pytest.MonkeyPatch.context() as monkeypatch:
        DiskFull(monkeypatch, step)
        with pytest.raises(ClasswalkError) as caught:
            write_file(target, new.encode("utf-8", "surrogatepass"))
    assert_one_line_error(caught.value)
    assert str(target) in str(caught.value)
    assert target.read_bytes() == before
    assert _leftovers(folder) == []


@EXAMPLES
@given(old=st.binary(), new=st.binary())
def test_a_written_file_is_exactly_the_new_text_and_owner_only(tmp_path_factory, old, new):
    folder = tmp_path_factory.mktemp("ok")
    target = folder / "walk.json"
    target.write_bytes(old)
    os.chmod(target, 0o644)
    write_file(target, new)
    assert target.read_bytes() == new and _mode(target) == 0o600
    assert _leftovers(folder) == []


def test_new_folders_are_owner_only_whatever_the_umask(tmp_path, open_umask):
    target = tmp_path / "a" / "b" / "out.csv"
    write_file(target, "x")
    assert _mode(target) == 0o600
    assert _mode(tmp_path / "a") == 0o700 and _mode(tmp_path / "a" / "b") == 0o700


def test_a_link_is_refused_and_what_it_points_at_is_untouched(tmp_path):
    precious = tmp_path / "precious.txt"
    precious.write_text("keep me", encoding="utf-8")
    os.chmod(precious, 0o644)
    link = tmp_path / "link.md"
    link.symlink_to(precious)
    with pytest.raises(ClasswalkError) as caught:
        write_file(link, "overwritten")
    assert_one_line_error(caught.value)
    assert "symbolic link" in str(caught.value)
    assert precious.read_text(encoding="utf-8") == "keep me" and _mode(precious) == 0o644
    dangling = tmp_path / "dangling.md"
    dangling.symlink_to(tmp_path / "nowhere")
    with pytest.raises(ClasswalkError):
        write_file(dangling, "x")
    assert not (tmp_path / "nowhere").exists()


def test_new_file_never_replaces_a_file_or_a_link(tmp_path):
    taken = tmp_path / "taken.md"
    taken.write_text("old", encoding="utf-8")
    link = tmp_path / "link.md"
    link.symlink_to(tmp_path / "elsewhere.md")
    for path in (taken, link):
        with pytest.raises(FileExistsError):
            write_new_file(path, "new")
    assert taken.read_text(encoding="utf-8") == "old" and not (tmp_path / "elsewhere.md").exists()
    written = write_private(tmp_path, "link.md", "export")
    assert written.name == "link-2.md" and written.read_text(encoding="utf-8") == "export"
    assert _mode(written) == 0o600


@pytest.mark.parametrize("command", [
    ["export", "{walk}", "--format", "md"], ["export", "{walk}"], ["report", "walk", "{walk}"],
    ["report", "district", "--format", "csv"], ["coverage"], ["calibration", "{walk}"],
])
def test_every_o_option_refuses_a_link_and_survives_a_full_disk(tmp_path, capsys, monkeypatch, demo_db, command):
    db_path, walk_id = demo_db
    args = ["--db", str(db_path), *(part.format(walk=walk_id[:8]) for part in command)]
    precious = tmp_path / "precious.txt"
    precious.write_text("keep me", encoding="utf-8")
    link = tmp_path / "out.txt"
    link.symlink_to(precious)
    capsys.readouterr()
    assert main([*args, "-o", str(link)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "symbolic link" in err, err
    assert precious.read_text(encoding="utf-8") == "keep me"

    old = tmp_path / "old.txt"
    old.write_text("the earlier export", encoding="utf-8")
    DiskFull(monkeypatch, "fsync")
    assert main([*args, "-o", str(old)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "disk is full" in err, err
    assert old.read_text(encoding="utf-8") == "the earlier export" and _leftovers(tmp_path) == []
    monkeypatch.undo()
    assert main([*args, "-o", str(old)]) == 0
    assert old.read_text(encoding="utf-8") != "the earlier export" and _mode(old) == 0o600


def test_scaffold_writes_whole_files_and_refuses_a_full_disk(tmp_path, capsys, monkeypatch):
    DiskFull(monkeypatch, "fsync")
    assert main(["new-protocol", "district_walk", "--dir", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "disk is full" in err
    assert not [p for p in tmp_path.rglob("*") if p.is_file()]
