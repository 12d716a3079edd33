"""Exports from the UI go to a documents folder by default, never the folder the program runs in."""

from __future__ import annotations

from pathlib import Path

from textual.app import App
from textual.widgets import Input

from classwalk.core.storage.paths import config_dir
from classwalk.tui.dialogs.export import ExportDialog
from classwalk.tui.export_folder import default_export_folder, documents_dir
from tests.support.pilot import run


def test_without_any_setting_exports_go_to_documents_classwalk(isolated_environment, monkeypatch):
    monkeypatch.delenv("XDG_DOCUMENTS_DIR", raising=False)
    folder = default_export_folder()
    assert folder == Path.home() / "Documents" / "classwalk" and folder.is_dir()
    assert folder.stat().st_mode & 0o077 == 0


def test_the_desktops_documents_folder_is_used(isolated_environment, monkeypatch):
    monkeypatch.delenv("XDG_DOCUMENTS_DIR", raising=False)
    dirs = Path(isolated_environment) / ".config" / "user-dirs.dirs"
    dirs.parent.mkdir(parents=True, exist_ok=True)
    dirs.write_text('XDG_DESKTOP_DIR="$HOME/Desktop"\nXDG_DOCUMENTS_DIR="$HOME/Dokumente"\n', encoding="utf-8")
    assert documents_dir() == Path.home() / "Dokumente"
    assert default_export_folder() == Path.home() / "Dokumente" / "classwalk"


def test_a_folder_set_in_settings_wins(isolated_environment, tmp_path):
    config_dir().mkdir(parents=True, exist_ok=True)
    (config_dir() / "settings.toml").write_text(f'[exports]\nfolder = "{tmp_path / "shared"}"\n', encoding="utf-8")
    assert default_export_folder() == tmp_path / "shared"


def test_the_export_dialog_offers_the_documents_folder_not_the_current_one(isolated_environment, monkeypatch,
                                                                           tmp_path):
    monkeypatch.delenv("XDG_DOCUMENTS_DIR", raising=False)
    monkeypatch.chdir(tmp_path)

    class Host(App):
        def on_mount(self):
            self.push_screen(ExportDialog())

    async def scenario():
        app = Host()
        async with app.run_test() as pilot:
            await pilot.pause()
            offered = app.screen.query_one("#export-folder", Input).value
            assert offered == str(Path.home() / "Documents" / "classwalk")
            assert offered != str(tmp_path)

    run(scenario())
