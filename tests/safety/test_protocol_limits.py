"""Hostile protocol files: deep nesting, huge files, non-finite numbers, text for lists, BOMs, loops.

Each is refused in one line naming the file, the line and the field, and one bad file
never stops anything else: the other protocols load and every command still runs.
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

import pytest
import tomli_w
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from classwalk.cli import main
from classwalk.api import Classwalk
from classwalk.core.errors import UserDataError
from classwalk.core.protocols.toml_files import (
    MAX_LIST_ITEMS, MAX_NESTING, MAX_PROTOCOL_BYTES, load_protocol_file, protocol_from_toml,
)
from classwalk.features.demo.school import seed_demo
from tests.safety.safety_helpers import assert_one_line_error

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

PROTOCOLS = Path(__file__).resolve().parents[2] / "protocols"
DOWNEY = (PROTOCOLS / "downey" / "protocol.toml").read_text(encoding="utf-8")
BUILT_IN = sorted(PROTOCOLS.glob("*/protocol.toml"))
EXAMPLES = settings(max_examples=30, deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


def district(text: str = DOWNEY) -> str:
    """Downey as a district's own protocol (its own id)."""
    return text.replace('id = "downey"', 'id = "district"', 1)


@pytest.fixture(scope="module")
def lookup():
    return Classwalk(db_path=":memory:").protocols.find


def refused(text: str, lookup) -> str:
    with pytest.raises(UserDataError) as caught:
        protocol_from_toml(text, "district.toml", lookup)
    assert_one_line_error(caught.value)
    return str(caught.value)


def nested(depth: int, opener: str) -> str:
    if opener == "[":
        return "[" * depth + "]" * depth
    return "{ a = " * depth + "1" + " }" * depth


@EXAMPLES
@given(depth=st.integers(MAX_NESTING + 1, 5000), opener=st.sampled_from(["[", "{"]),
       key=st.sampled_from(["x", "judgement_words", "description", "timing"]))
def test_deep_nesting_is_one_line_never_a_recursion_error(lookup, depth, opener, key):
    text = district() + f"\n{key}_deep = {nested(depth, opener)}\n"
    message = refused(text, lookup)
    assert "nest" in message and "line" in message or re.search(r"district\.toml:\d+:", message), message


@EXAMPLES
@given(field=st.sampled_from(["min_minutes", "target_minutes", "max_minutes"]),
       value=st.sampled_from(["inf", "-inf", "nan", "+nan", "1e300", "-1", "1441", "99999999999"]))
def test_non_finite_or_absurd_minutes_are_refused_with_line_and_field(lookup, field, value):
    text = re.sub(rf"^{field} = .*$", f"{field} = {value}", district(), count=1, flags=re.M)
    message = refused(text, lookup)
    assert re.search(rf"line \d+: timing(\.{field})?:", message), message


def test_interval_minutes_must_be_finite(lookup):
    text = district().replace("max_minutes = 5", "max_minutes = 5\ninterval_minutes = inf", 1)
    assert re.search(r"line \d+: timing\.interval_minutes: .*minutes", refused(text, lookup))


@EXAMPLES
@given(field=st.sampled_from(["judgement_words", "next_step_kinds", "modes"]),
       word=st.text(st.characters(categories=("L",)), min_size=2, max_size=8))
def test_text_where_a_list_belongs_is_refused_not_split_into_letters(lookup, field, word):
    data = tomllib.loads(district())
    data[field] = word
    message = refused(tomli_w.dumps(data), lookup)
    assert re.search(rf"line \d+: {field}: expected a list, got text", message), message


def test_text_for_a_look_for_lens_list(lookup):
    text = district().replace('id = "orientation.on_task"', 'id = "orientation.on_task"\nlenses = "speak"', 1)
    assert "expected a list, got text" in refused(text, lookup)


@pytest.mark.parametrize("path", BUILT_IN, ids=lambda p: p.parent.name)
def test_a_byte_order_mark_is_accepted(tmp_path, lookup, path):
    text = path.read_text(encoding="utf-8")
    file = tmp_path / "with-bom.toml"
    file.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    assert load_protocol_file(file) == protocol_from_toml(text, "plain.toml")
    assert protocol_from_toml("\ufeff" + text, "bom.toml") == protocol_from_toml(text, "plain.toml")


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(tmp_path):
    big = tmp_path / "big.toml"
    big.write_text(district() + "\n# " + "x" * MAX_PROTOCOL_BYTES + "\n", encoding="utf-8")
    with pytest.raises(UserDataError) as caught:
        load_protocol_file(big)
    assert_one_line_error(caught.value)
    assert f"at most {MAX_PROTOCOL_BYTES // 1024} KB" in str(caught.value)


def test_a_list_over_the_item_limit_is_refused(lookup):
    words = ", ".join(f'"w{n}"' for n in range(MAX_LIST_ITEMS + 1))
    text = district().replace("\n[timing]", f"\njudgement_words = [{words}]\n[timing]", 1)
    assert re.search(rf"line \d+: judgement_words: has {MAX_LIST_ITEMS + 1} items", refused(text, lookup))


def test_a_pipe_named_toml_is_refused_not_waited_on(tmp_path, capsys):
    fifo = tmp_path / "pipe.toml"
    os.mkfifo(fifo)
    assert main(["protocols", "check", str(fifo)]) == 1
    assert "not a regular file" in capsys.readouterr().err


def test_an_extends_loop_names_the_files_and_the_line(tmp_path, monkeypatch, capsys):
    folder = tmp_path / "protocols"
    folder.mkdir()
    (folder / "a.toml").write_text('# district A\nextends = "b"\nid = "a"\n', encoding="utf-8")
    (folder / "b.toml").write_text('id = "b"\n\nextends = "a"\n', encoding="utf-8")
    (folder / "c.toml").write_text('extends = "a"\nid = "c"\n', encoding="utf-8")
    (folder / "good.toml").write_text(district(), encoding="utf-8")
    registry = Classwalk(db_path=":memory:", protocol_dirs_=[folder]).protocols
    assert registry.find("district") is not None
    failures = {Path(f.source).name: f.error for f in registry.failures}
    assert re.search(r"a\.toml: line 2: extends: 'b': the files extend each other in a loop", failures["a.toml"])
    assert re.search(r"b\.toml: line 3: extends: 'a': .*loop", failures["b.toml"])
    assert re.search(r"c\.toml: line 1: extends: 'a' extends a loop", failures["c.toml"])
    for error in failures.values():
        assert "\n" not in error


@pytest.fixture
def bad_protocol_folder(tmp_path, monkeypatch):
    """A protocol folder with every kind of bad file beside a good one."""
    folder = tmp_path / "protocols"
    folder.mkdir()
    (folder / "deep.toml").write_text(district().replace('id = "district"', 'id = "deep"', 1)
                                      + "\nx = " + nested(3000, "[") + "\n", encoding="utf-8")
    (folder / "deep-table.toml").write_text('id = "t"\ny = ' + nested(3000, "{") + "\n", encoding="utf-8")
    (folder / "nan.toml").write_text(district().replace('id = "district"', 'id = "nan"', 1)
                                     .replace("target_minutes = 3", "target_minutes = nan"), encoding="utf-8")
    (folder / "big.toml").write_bytes(b"# " + b"x" * (MAX_PROTOCOL_BYTES + 10))
    (folder / "good.toml").write_text(district(), encoding="utf-8")
    monkeypatch.setenv("CLASSWALK_PROTOCOL_PATH", str(folder))
    return folder


def test_one_bad_file_never_stops_anything_else(tmp_path, capsys, bad_protocol_folder):
    db = tmp_path / "walks.db"
    classwalk = Classwalk(db_path=db)
    seed_demo(classwalk)
    walk = classwalk.store.list_walks()[0]
    classwalk.close()
    for args, expected in ((["protocols"], 0), (["walks"], 0), (["export", walk.id[:8]], 0),
                           (["report", "walk", walk.id[:8]], 0), (["protocols", "show", "district"], 0),
                           (["protocols", "check", str(bad_protocol_folder / "deep.toml")], 1),
                           (["protocols", "check", str(bad_protocol_folder / "big.toml")], 1),
                           (["protocols", "check", str(bad_protocol_folder / "nan.toml")], 1)):
        capsys.readouterr()
        assert main(["--db", str(db), *args]) == expected, args
        out, err = capsys.readouterr()
        assert "Traceback" not in err and "RecursionError" not in err and "unexpected" not in err, err
    capsys.readouterr()
    main(["--db", str(db), "protocols"])
    err = capsys.readouterr().err
    assert {"deep.toml", "deep-table.toml", "nan.toml", "big.toml"} <= set(re.findall(r"([\w-]+\.toml)", err))
    assert "good.toml" not in err


def test_the_home_screen_lists_walks_beside_bad_protocol_files(tmp_path, bad_protocol_folder):
    import asyncio

    from classwalk.tui.app import ClasswalkApp

    classwalk = Classwalk(db_path=tmp_path / "walks.db")
    seed_demo(classwalk)
    school = classwalk.store.list_walks()[0].school
    app = ClasswalkApp(classwalk)
    shown = []

    async def scenario():
        async with app.run_test(size=(120, 40)) as pilot:
            for _ in range(60):
                await pilot.pause(0.1)
                text = "\n".join(strip.text for strip in app.screen._compositor.render_strips())
                if school in text:
                    shown.append(text)
                    return

    try:
        asyncio.run(scenario())
    finally:
        classwalk.close()
    assert shown, "the home screen listed no walks"
    assert {"deep.toml", "nan.toml", "big.toml"} <= {Path(f.source).name for f in classwalk.protocols.failures}
