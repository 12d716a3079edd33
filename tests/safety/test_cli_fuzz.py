"""Every CLI command, found by walking the click command tree, run with generated arguments.

Whatever the arguments (real ids, text, extreme numbers and dates, odd paths, junk words),
a command ends with status 0, 1, 2 or 130, never a traceback or an "unexpected error",
never status 0 after printing an error, and never a raw control character on the terminal.
Bounded so the whole run stays well under a minute.
"""

from __future__ import annotations

import io
import os

import click
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from classwalk.cli import cli, main
from classwalk.api import Classwalk
from classwalk.features.demo.school import seed_demo
from tests.safety.hostile_text import PIECES, assert_no_raw_controls

LONG_RUNNING = {"serve"}  # starts a server and waits: tested on its own
SHARED = {"db_path", "db"}  # the database is always the test's own


def leaf_commands(command=cli, path=()):
    """(path, command) for every command a user can run, groups included (they list)."""
    if path and path[0] in LONG_RUNNING:
        return
    yield path, command
    if isinstance(command, click.Group):
        for name, sub in sorted(command.commands.items()):
            yield from leaf_commands(sub, path + (name,))


COMMANDS = [entry for entry in leaf_commands() if entry[0]]


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    folder = tmp_path_factory.mktemp("fuzz")
    db = folder / "walks.db"
    classwalk = Classwalk(db_path=db)
    seed_demo(classwalk)
    store = classwalk.store
    walks = store.list_walks()
    visits = store.visits_for_walk(walks[0].id)
    feedback = store.list_feedback()
    cycles = store.list_cycles()
    classwalk.close()
    bundle = folder / "bundle.json"
    assert main(["--db", str(db), "export", walks[0].id[:8], "-o", str(bundle)]) == 0
    (folder / "dir").mkdir()
    (folder / "empty.toml").write_text("", encoding="utf-8")
    (folder / "link").symlink_to(folder / "nowhere")
    os.mkfifo(folder / "fifo")
    words = [walks[0].id[:8], walks[-1].id, walks[0].school, visits[0].id[:8], visits[0].teacher, "downey",
             "look_fors_by_classroom", *(f.id[:8] for f in feedback[:1]), *(c.id[:8] for c in cycles[:1])]
    paths = [str(folder / name) for name in ("bundle.json", "dir", "empty.toml", "link", "fifo", "missing.json",
                                             "out/new.md", "walks.db")]
    real = {"walk": walks[0].id[:8], "cycle": cycles[0].id[:8] if cycles else "none", "visit": visits[0].id[:8],
            "name": walks[0].school, "feedback_id": feedback[0].id[:8] if feedback else "none",
            "file": str(bundle), "protocol_id": "downey"}
    return {"db": db, "folder": folder, "words": words, "paths": paths, "real": real}


def _numbers() -> st.SearchStrategy[str]:
    return st.one_of(
        st.sampled_from(["nan", "inf", "-inf", "-1", "0", "1e309", "99999999999999999999", "1.5", "", "x"]),
        st.integers().map(str), st.floats().map(str),
    )


def _dates() -> st.SearchStrategy[str]:
    return st.one_of(
        st.sampled_from(["9999-12-31", "0001-01-01", "1900-01-01", "2199-12-31", "2026-02-30", "2026-11-02",
                         "2026-11-02T09:00", "tomorrow", ""]),
        st.dates().map(lambda d: d.isoformat()),
    )


def _texts(world) -> st.SearchStrategy[str]:
    return st.one_of(st.sampled_from(world["words"]), st.text(max_size=12),
                     st.sampled_from(PIECES).map(lambda piece: f"x{piece}y"))


def _value(param: click.Parameter, world) -> st.SearchStrategy[str]:
    kind = param.type
    if isinstance(kind, click.Choice):
        return st.one_of(st.sampled_from(list(kind.choices)), st.text(max_size=5))
    if isinstance(kind, click.DateTime):
        return _dates()
    if isinstance(kind, (click.types.IntParamType, click.types.FloatParamType)):
        return _numbers()
    if isinstance(kind, click.Path):
        return st.one_of(st.sampled_from(world["paths"]),
                         st.text(st.characters(categories=("L", "N")), min_size=1, max_size=8)
                         .map(lambda name: str(world["folder"] / "gen" / name)))
    return _texts(world)


@st.composite
def arguments(draw, command: click.Command, world) -> list[str]:
    args: list[str] = []
    for param in command.params:
        if param.name in SHARED or (isinstance(param, click.Option) and param.name == "version"):
            continue
        if isinstance(param, click.Argument):
            if draw(st.integers(0, 9)) > 0:  # now and then left out
                args.append(draw(_value(param, world)))
        elif draw(st.booleans()):
            flag = param.opts[0]
            if param.is_flag:
                args.append(flag)
            else:
                args += [flag, draw(_value(param, world))]
    if draw(st.integers(0, 7)) == 0:
        args.insert(draw(st.integers(0, len(args))), draw(st.sampled_from(["--nope", "-x", "--", "extra", "-h"])))
    return args


@pytest.mark.parametrize("path, command", COMMANDS, ids=[" ".join(path) for path, _ in COMMANDS])
def test_every_command_with_generated_arguments(path, command, world, capsys, monkeypatch):
    monkeypatch.chdir(world["folder"])  # new-protocol's default --dir is the current folder
    monkeypatch.setattr("sys.stdin", io.StringIO(""))  # a confirmation prompt reads end-of-input

    @settings(max_examples=int(os.environ.get("CLASSWALK_FUZZ_EXAMPLES", "12")), deadline=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
    @given(args=arguments(command, world))
    def run(args):
        argv = ["--db", str(world["db"]), *path, *args]
        capsys.readouterr()
        code = main(argv)
        out, err = capsys.readouterr()
        assert "Traceback" not in out + err and "unexpected error" not in err, (argv, err)
        assert code in (0, 1, 2, 130), (argv, code, err)
        if "error:" in err:
            assert code != 0, (argv, err)
        assert_no_raw_controls(out, f"stdout of {argv}")
        assert_no_raw_controls(err, f"stderr of {argv}")

    run()


NUMBER_EXTREMES = ["nan", "inf", "-inf", "-1", "0", "1e309", "99999999999999999999", "-99999999999999999999"]
DATE_EXTREMES = ["9999-12-31", "0001-01-01", "1000-01-01", "2026-02-30", "9999-12-31T23:59"]


def _extreme_cases():
    """(command path, command, option, value) for every number and date option."""
    for path, command in COMMANDS:
        for param in command.params:
            if not isinstance(param, click.Option) or param.name in SHARED:
                continue
            if isinstance(param.type, click.DateTime):
                values = DATE_EXTREMES
            elif isinstance(param.type, (click.types.IntParamType, click.types.FloatParamType)):
                values = NUMBER_EXTREMES
            else:
                continue
            for value in values:
                yield pytest.param(path, command, param.opts[0], value, id=f"{' '.join(path)} {param.opts[0]} {value}")


@pytest.mark.parametrize("path, command, option, value", list(_extreme_cases()))
def test_every_number_and_date_option_at_its_extremes(path, command, option, value, world, capsys, monkeypatch):
    """With the other arguments real, so the value is what the command meets."""
    monkeypatch.chdir(world["folder"])
    positional = []
    for param in command.params:
        if isinstance(param, click.Argument):
            choices = getattr(param.type, "choices", None)
            positional.append(list(choices)[0] if choices else world["real"].get(param.name, world["words"][0]))
    argv = ["--db", str(world["db"]), *path, *positional, option, value]
    if "next" in path:
        argv.append("--dry-run")
    capsys.readouterr()
    code = main(argv)
    _out, err = capsys.readouterr()
    assert "unexpected error" not in err and "Traceback" not in err, (argv, err)
    assert code in (0, 1, 2), (argv, code, err)
    if "error:" in err:
        assert code != 0
