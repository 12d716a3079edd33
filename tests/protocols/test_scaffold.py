"""``classwalk new-protocol``: the package it writes installs, shows up and passes its test."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from classwalk.cli import main
from classwalk.core.protocol_files import check_protocol_toml
from classwalk.features.scaffold import plugin_names, write_plugin_package


def test_names_follow_from_one_name():
    names = plugin_names("river-valley")
    assert (names.protocol_id, names.module, names.distribution) == (
        "river_valley", "classwalk_river_valley", "classwalk-river-valley")


@pytest.mark.parametrize("bad", ["", "Capital", "1first", "has space", "trailing_", "a--b", "x" * 41, "ü"])
def test_a_bad_name_is_one_line_error(capsys, tmp_path, bad):
    code = main(["new-protocol", bad, "--dir", str(tmp_path)])
    _, err = capsys.readouterr()
    assert code != 0 and err.count("\n") == 1 and "cannot name a protocol" in err
    assert list(tmp_path.iterdir()) == []


def test_an_existing_folder_is_not_overwritten(capsys, tmp_path):
    assert main(["new-protocol", "district_walk", "--dir", str(tmp_path)]) == 0
    plugin = tmp_path / "classwalk-district-walk" / "classwalk_district_walk" / "plugin.py"
    plugin.write_text("# my own work\n")
    capsys.readouterr()
    assert main(["new-protocol", "district_walk", "--dir", str(tmp_path)]) == 1
    assert "already exists" in capsys.readouterr().err
    assert plugin.read_text() == "# my own work\n"


def test_generated_protocol_file_is_valid(tmp_path):
    package = write_plugin_package("district_walk", tmp_path)
    toml = package / "classwalk_district_walk" / "protocol.toml"
    protocol, problems = check_protocol_toml(toml.read_text(encoding="utf-8"), str(toml))
    assert problems == [] and protocol.id == "district_walk"
    pyproject = (package / "pyproject.toml").read_text(encoding="utf-8")
    assert '[project.entry-points.classwalk]\ndistrict_walk = "classwalk_district_walk.plugin"' in pyproject


def _env(tmp_path, target):
    env = {k: v for k, v in os.environ.items() if not k.startswith("CLASSWALK_")}
    env.update({
        "PYTHONPATH": str(target), "HOME": str(tmp_path / "home"),
        "CLASSWALK_DB": str(tmp_path / "walks.db"), "CLASSWALK_CONFIG_DIR": str(tmp_path / "config"),
        "CLASSWALK_PROTOCOL_PATH": "", "PYTHONDONTWRITEBYTECODE": "1",
    })
    return env


def test_generated_package_installs_registers_and_its_test_passes(tmp_path):
    package = write_plugin_package("district_walk", tmp_path / "src")
    target = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--no-build-isolation",
         "--no-index", "--target", str(target), str(package)],
        check=True, capture_output=True, cwd=tmp_path,
    )
    env = _env(tmp_path, target)
    tests = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "no:randomly",
         str(package / "tests")],
        capture_output=True, text=True, env=env, cwd=tmp_path,
    )
    assert tests.returncode == 0, tests.stdout + tests.stderr
    assert "4 passed" in tests.stdout
    listing = subprocess.run(
        [sys.executable, "-c",
         "import json\nfrom classwalk.core.context import Classwalk\n"
         "c = Classwalk()\n"
         "print(json.dumps({e.protocol.id: e.source for e in c.protocols}))"],
        capture_output=True, text=True, env=env, cwd=tmp_path, check=True,
    )
    sources = json.loads(listing.stdout)
    assert sources["district_walk"] == "plugin district_walk"
    assert sources["downey"] == "built-in"
