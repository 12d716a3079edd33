"""Escape sequences and control characters in stored or file text never reach the terminal.

A school name, note, answer, next step or protocol label holding OSC 52 (clipboard), OSC 2
(window title), CSI (clear screen) or a bidi override is printed with those characters
shown as escapes by every command, on stdout and stderr. Files written with ``-o`` keep
the text exactly; JSON on stdout stays valid JSON holding the same text.
"""

from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from classwalk.core.escape import for_terminal, is_terminal_safe, json_for_terminal
from tests.safety.hostile_text import HOSTILE, HostileWorld, assert_no_raw_controls
from tests.support.cli import run_cli

EXAMPLES = settings(max_examples=6, deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


@given(text=st.text())
def test_for_terminal_leaves_no_control_and_keeps_everything_else(text):
    shown = for_terminal(text)
    assert is_terminal_safe(shown)
    assert_no_raw_controls(shown, "for_terminal()")
    assert "\n" not in shown and "\t" not in shown
    kept = for_terminal(text, lines=True)
    assert kept.count("\n") == text.count("\n")
    if is_terminal_safe(text, lines=True):
        assert kept == text


@given(text=st.text())
def test_json_on_a_terminal_is_the_same_data(text):
    written = json.dumps({"t": text}, ensure_ascii=False)
    shown = json_for_terminal(written)
    assert_no_raw_controls(shown, "json_for_terminal()")
    assert json.loads(shown) == {"t": text}


@EXAMPLES
@given(text=HOSTILE)
def test_every_command_shows_controls_as_escapes(tmp_path_factory, capsys, text):
    world = HostileWorld(tmp_path_factory.mktemp("hostile"), text)
    with world.protocol_path():
        results = [(args, *run_cli(capsys, *args)) for args in world.commands()]
    for args, code, out, err in results:
        assert code in (0, 1, 2), (args, code, err)
        assert "Traceback" not in err and "unexpected error" not in err, (args, err)
        assert_no_raw_controls(out, f"stdout of {args[2:]}")
        assert_no_raw_controls(err, f"stderr of {args[2:]}")


@EXAMPLES
@given(text=HOSTILE)
def test_json_export_on_stdout_is_safe_and_exact(tmp_path_factory, capsys, text):
    world = HostileWorld(tmp_path_factory.mktemp("hostile"), text)
    code, out, err = run_cli(capsys, *["--db", str(world.db_path), "export", world.walk.id[:8]])
    assert code == 0, err
    assert_no_raw_controls(out, "JSON export")
    bundle = json.loads(out)
    assert bundle["walk"]["school"] == text and bundle["evidence"][0]["text"] == text


@EXAMPLES
@given(text=HOSTILE)
def test_a_file_keeps_the_text_exactly(tmp_path_factory, capsys, text):
    world = HostileWorld(tmp_path_factory.mktemp("hostile"), text)
    target = world.db_path.parent / "walk.md"
    code, out, err = run_cli(capsys, *["--db", str(world.db_path), "export", world.walk.id[:8], "--format", "md",
                                  "-o", str(target)])
    assert code == 0, err
    assert_no_raw_controls(err, "stderr of export -o")
    assert " ".join(text.split()) in " ".join(target.read_text(encoding="utf-8").split())


def test_every_invisible_and_format_character_is_shown_as_an_escape():
    from tests.safety.hostile_text import RAW_CONTROL

    missed = [f"U+{code:04X}" for code in range(0x110000)
              if RAW_CONTROL.match(chr(code)) and is_terminal_safe(chr(code), lines=True) and chr(code) not in "\n\t"]
    assert not missed, f"reach the terminal raw: {missed[:20]}"
    assert for_terminal("Ms\xadYoung\u180e\u034f\U000e0041") == "Ms\\xadYoung\\u180e\\u034f\\U000e0041"
    assert for_terminal("❤\ufe0f") == "❤\ufe0f"  # a variation selector only picks the emoji's form


def test_json_escapes_characters_beyond_the_basic_plane_as_surrogate_pairs():
    written = json.dumps({"t": "flag\U000e0067\U000e007f"}, ensure_ascii=False)
    shown = json_for_terminal(written)
    assert "\\udb40\\udc67" in shown and json.loads(shown) == {"t": "flag\U000e0067\U000e007f"}
