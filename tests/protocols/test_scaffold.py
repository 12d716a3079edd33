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


BROKEN_PLUGIN = """
from classwalk.core import hookimpl
from classwalk.core.patterns import Pattern


@hookimpl
def classwalk_register_protocols(register):
    raise RuntimeError("cannot reach the district server")


@hookimpl(tryfirst=True)
def classwalk_timing_status(protocol, walk, elapsed_seconds):
    return "red"


@hookimpl(tryfirst=True)
def classwalk_reflective_question(protocol, visit, evidence):
    return 42


@hookimpl
def classwalk_debrief_patterns(protocol, walk, visits, evidence):
    return Pattern(id="oops", title="Oops", columns=("a",), rows=[[1]])
"""


def install_broken_plugins(target):
    """Two unrelated plugins beside the one under test: one that cannot import, one that answers wrongly."""
    for name, source in (("brokenimport", "raise ImportError('no module named district_config')\n"),
                         ("wronganswers", BROKEN_PLUGIN)):
        (target / name).mkdir(parents=True)
        (target / name / "__init__.py").write_text(source)
        info = target / f"{name}-1.0.dist-info"
        info.mkdir()
        (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {name}\nVersion: 1.0\n")
        (info / "entry_points.txt").write_text(f"[classwalk]\n{name} = {name}\n")


def test_generated_package_installs_registers_and_its_test_passes(tmp_path):
    package = write_plugin_package("district_walk", tmp_path / "src")
    target = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--no-build-isolation",
         "--no-index", "--target", str(target), str(package)],
        check=True, capture_output=True, cwd=tmp_path,
    )
    install_broken_plugins(target)
    env = _env(tmp_path, target)
    everything = subprocess.run(
        [sys.executable, "-m", "classwalk.tui", "plugins"], capture_output=True, text=True, env=env, cwd=tmp_path,
    )
    assert everything.returncode == 1 and "FAILED brokenimport" in everything.stdout
    tests = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "no:randomly",
         str(package / "tests")],
        capture_output=True, text=True, env=env, cwd=tmp_path,
    )
    assert tests.returncode == 0, tests.stdout + tests.stderr
    assert "5 passed" in tests.stdout
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


def test_renaming_the_protocol_is_one_change_in_protocol_toml(tmp_path):
    package = write_plugin_package("district_walk", tmp_path / "src")
    toml = package / "classwalk_district_walk" / "protocol.toml"
    toml.write_text(toml.read_text(encoding="utf-8").replace('id = "district_walk"', 'id = "river_walk"'),
                    encoding="utf-8")
    target = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--no-build-isolation",
         "--no-index", "--target", str(target), str(package)],
        check=True, capture_output=True, cwd=tmp_path,
    )
    env = _env(tmp_path, target)
    tests = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(package / "tests")],
        capture_output=True, text=True, env=env, cwd=tmp_path,
    )
    assert tests.returncode == 0, tests.stdout + tests.stderr
    listing = subprocess.run([sys.executable, "-m", "classwalk.tui", "protocols"],
                             capture_output=True, text=True, env=env, cwd=tmp_path, check=True)
    ids = [line.split()[0] for line in listing.stdout.splitlines()[1:]]
    assert "river_walk" in ids and "district_walk" not in ids


@pytest.mark.parametrize("name, title", [("district_walk", "District walk"), ("river-valley", "River valley walk"),
                                         ("learning_walk", "Learning walk"), ("sidewalk", "Sidewalk")])
def test_the_title_never_says_walk_twice(name, title):
    assert plugin_names(name).title == title


@pytest.mark.parametrize("name", ["downey", "ifl_learning_walk", "ilw-tiered"])
def test_the_id_of_a_built_in_protocol_is_refused(capsys, tmp_path, name):
    code = main(["new-protocol", name, "--dir", str(tmp_path)])
    err = capsys.readouterr().err
    assert code == 1 and err.count("\n") == 1 and "ships with classwalk" in err and "extends" in err
    assert list(tmp_path.iterdir()) == []
