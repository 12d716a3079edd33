"""``classwalk new-protocol``: the package it writes installs, shows up and passes its test."""

from __future__ import annotations

import pytest

from classwalk.cli import main
from classwalk.core.protocols.toml_files import check_protocol_toml
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


BROKEN_PLUGIN = """
from classwalk.core import hookimpl
from classwalk.core.records.patterns import Pattern


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
