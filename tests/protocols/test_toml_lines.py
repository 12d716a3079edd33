"""Finding the line of any key, table or array item in a TOML text."""

from __future__ import annotations

import tomli_w
from hypothesis import given, settings
from hypothesis import strategies as st

from classwalk.core.protocols.toml_lines import format_path, key_lines, line_of, parse_path

TEXT = '''\
# a comment with id = "not a key"
description = """
first line
name = "inside a string, not a key"
"""
modes = [
  "in_person",   # a comment
  "video",
]
inline = { a = 1, b = [1,
  2] }
[timing]
min_minutes = 2
[[categories]]
id = "one"
[[categories.look_fors]]
id = "one.a"
[[categories]]
id = "two"
[[categories.look_fors]]
id = "two.a"
[[categories.look_fors]]
"quoted.key" = 'literal'
[relabel.look_fors]
"walls.anchor_charts" = "x"
'''


def test_every_key_table_and_item_has_its_line():
    lines = key_lines(TEXT)
    assert lines[("description",)] == 2
    assert ("name",) not in lines and ("id",) not in lines
    assert lines[("modes", 0)] == 7 and lines[("modes", 1)] == 8
    assert lines[("inline", "b", 1)] == 11
    assert lines[("timing", "min_minutes")] == 13
    assert lines[("categories", 1, "id")] == 19
    assert lines[("categories", 1, "look_fors", 0, "id")] == 21
    assert lines[("categories", 1, "look_fors", 1, "quoted.key")] == 23
    assert lines[("relabel", "look_fors", "walls.anchor_charts")] == 25


def test_a_missing_key_is_found_at_its_table():
    lines = key_lines(TEXT)
    assert line_of(lines, ("categories", 1, "look_fors", 0, "label")) == 20
    assert line_of(lines, ("nothing", "here")) is None


def test_paths_read_and_write_back():
    path = ("categories", 0, "look_fors", 1, "id")
    assert parse_path("categories[0].look_fors[1].id") == path
    assert format_path(path) == "categories[0].look_fors[1].id"
    assert format_path(("relabel", "look_fors", "a.b")) == 'relabel.look_fors."a.b"'
    assert format_path(("odd\nkey",)) == '"odd\\nkey"'
    assert format_path(()) == "(top level)"


KEYS = st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), min_size=1, max_size=8)
VALUES = st.recursive(
    st.text(max_size=20) | st.integers() | st.booleans() | st.floats(allow_nan=False) | st.dates(),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(KEYS, inner, max_size=3),
    max_leaves=10,
)


@settings(max_examples=200, deadline=None)
@given(data=st.dictionaries(KEYS, VALUES, min_size=1, max_size=5), multiline=st.booleans())
def test_any_toml_document_gets_a_line_for_each_top_level_key(data, multiline):
    text = tomli_w.dumps(data, multiline_strings=multiline)
    lines = key_lines(text)
    for key in data:
        assert 1 <= lines[(key,)] <= text.count("\n") + 1
