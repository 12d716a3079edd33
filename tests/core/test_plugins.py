"""Plugins: third-party ones show up, broken ones are isolated, the env var limits loading."""

import textwrap

from classwalk.api import Classwalk
from classwalk.core.plugins.loader import Plugins
from tests.plugins.plugin_dists import site, write_dist  # noqa: F401  (site is a fixture)
from tests.support.plugins import protocol_toml

PROTOCOL_TOML = protocol_toml("district_walk", "District walk", timing=(4, 5, 8),
                              category=("talk", "Student talk"), look_for=("talk.reasoning", "students give reasons"))

PLUGIN_MODULE = textwrap.dedent('''
    from pathlib import Path
    from classwalk.core import hookimpl
    from classwalk.core.protocols.toml_files import protocol_from_toml

    @hookimpl
    def classwalk_register_protocols(register):
        register(protocol_from_toml(Path(__file__).with_name("district_walk.toml").read_text(), "district_walk"))

    @hookimpl
    def classwalk_judgement_words(protocol):
        return ["stellar"] if protocol.id == "district_walk" else None
''')


def test_built_in_protocol_loads_through_the_entry_point_group():
    plugins = Plugins()
    names = {info.name: info for info in plugins.loaded}
    assert names["downey"].built_in
    assert names["downey"].module == "classwalk.protocols.downey.plugin"


def test_plugin_hooks_are_called(site, db_path):
    write_dist(site, "districtplugin", PLUGIN_MODULE, extra_files={"district_walk.toml": PROTOCOL_TOML})
    classwalk = Classwalk(db_path=db_path)
    protocol = classwalk.protocols.get("district_walk")
    assert "stellar" in classwalk.judgement_words(protocol)
    assert "stellar" not in classwalk.judgement_words(classwalk.protocols.get("downey"))
    assert classwalk.protocols.entries["district_walk"].source == "plugin districtplugin"


def test_plugin_that_fails_to_import_is_isolated(site, db_path):
    write_dist(site, "brokenimport", "raise RuntimeError('missing config value')\n")
    classwalk = Classwalk(db_path=db_path)
    assert classwalk.protocols.find("downey") is not None
    failures = {f.name: f for f in classwalk.plugins.failures}
    assert failures["brokenimport"].where == "import"
    assert "missing config value" in failures["brokenimport"].error


def test_plugin_that_raises_in_a_hook_is_isolated(site, db_path):
    write_dist(site, "brokenhook", textwrap.dedent('''
        from classwalk.core import hookimpl
        @hookimpl
        def classwalk_register_protocols(register):
            raise ValueError("cannot reach the district server")
        @hookimpl(tryfirst=True)
        def classwalk_timing_status(protocol, walk, elapsed_seconds):
            raise ZeroDivisionError("oops")
        @hookimpl
        def classwalk_judgement_words(protocol):
            raise KeyError("words")
    '''))
    classwalk = Classwalk(db_path=db_path)
    downey = classwalk.protocols.get("downey")
    assert classwalk.timing_status(downey, None, 200).phase == "at_target"
    assert "great" in classwalk.judgement_words(downey)
    where = {f.where for f in classwalk.plugins.failures if f.name == "brokenhook"}
    assert where == {"classwalk_register_protocols", "classwalk_timing_status", "classwalk_judgement_words"}


def test_plugin_registering_a_taken_id_is_reported(site, db_path):
    write_dist(site, "copycat", textwrap.dedent('''
        from classwalk.core import hookimpl
        from classwalk.protocols.downey.plugin import PROTOCOL_FILE
        from classwalk.core.protocols.toml_files import load_protocol_file
        import attrs
        @hookimpl
        def classwalk_register_protocols(register):
            register(attrs.evolve(load_protocol_file(PROTOCOL_FILE), name="Downey, district edition"))
    '''))
    classwalk = Classwalk(db_path=db_path)
    # the installed plugin wins over the built-in (built-ins register trylast)
    assert classwalk.protocols.get("downey").name == "Downey, district edition"
    assert any("already used" in f.error for f in classwalk.protocols.failures)


def test_env_var_limits_which_plugins_load(site, db_path, monkeypatch):
    write_dist(site, "districtplugin", PLUGIN_MODULE, extra_files={"district_walk.toml": PROTOCOL_TOML})
    monkeypatch.setenv("CLASSWALK_LOAD_PLUGINS", "districtplugin")
    classwalk = Classwalk(db_path=db_path)
    assert set(classwalk.protocols.entries) == {"district_walk"}
    monkeypatch.setenv("CLASSWALK_LOAD_PLUGINS", "")
    assert len(Classwalk(db_path=db_path).protocols) == 0


def test_toml_protocols_from_the_path_variable(tmp_path, db_path, monkeypatch):
    folder = tmp_path / "district"
    folder.mkdir()
    (folder / "district.toml").write_text(PROTOCOL_TOML)
    (folder / "broken.toml").write_text("id = \n")
    monkeypatch.setenv("CLASSWALK_PROTOCOL_PATH", str(folder))
    classwalk = Classwalk(db_path=db_path)
    assert classwalk.protocols.entries["district_walk"].source == str(folder / "district.toml")
    assert any("broken.toml" in f.source for f in classwalk.protocols.failures)
    assert classwalk.protocols.find("downey") is not None


def test_toml_protocols_from_the_config_folder(isolated_environment, db_path):
    folder = isolated_environment / "config" / "protocols"
    folder.mkdir(parents=True)
    (folder / "district.toml").write_text(PROTOCOL_TOML)
    assert Classwalk(db_path=db_path).protocols.find("district_walk") is not None
