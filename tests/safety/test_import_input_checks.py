"""Bad import input is refused in one line, before anything is written (or read, for files).

Files that are not regular files of bounded size; numbers a database cannot hold; dates
out of range; repeated keys; unknown prompts; notes of white space; names that differ
only by invisible characters.
"""

from __future__ import annotations

import copy
import json
import os
import threading

import pytest

from classwalk.cli import main
from classwalk.core.errors import ClasswalkError
from classwalk.features.bundles import importer as bundles
from classwalk.features.bundles.importer import import_bundle, import_file
from tests.safety.safety_helpers import assert_one_line_error
from tests.support.bundles import changed, refused


def test_a_fifo_is_refused_without_being_opened(target, tmp_path):
    fifo = tmp_path / "bundle.json"
    os.mkfifo(fifo)
    done = threading.Event()

    def attempt():
        with pytest.raises(ClasswalkError, match="not a regular file"):
            import_file(target, fifo)
        done.set()

    worker = threading.Thread(target=attempt, daemon=True)
    worker.start()
    worker.join(timeout=10)
    assert done.is_set(), "reading a FIFO blocked"


@pytest.mark.parametrize("path, expected", [("/dev/zero", "not a regular file"), ("/dev/null", "not a regular file")])
def test_devices_are_refused(target, path, expected):
    with pytest.raises(ClasswalkError, match=expected) as caught:
        import_file(target, path)
    assert_one_line_error(caught.value)


def test_a_folder_and_an_oversized_file_are_refused_before_reading(target, tmp_path, monkeypatch):
    with pytest.raises(ClasswalkError, match="is a folder"):
        import_file(target, tmp_path)
    big = tmp_path / "big.json"
    big.write_bytes(b" " * 2048)
    monkeypatch.setattr(bundles, "MAX_BUNDLE_BYTES", 1024)
    read = []
    monkeypatch.setattr(os, "fdopen", lambda *a, **k: read.append(a))
    with pytest.raises(ClasswalkError, match="larger than") as caught:
        import_file(target, big)
    assert_one_line_error(caught.value)
    assert not read, "an oversized file was opened for reading"


def test_the_import_command_refuses_a_device_in_one_line(tmp_path, capsys):
    assert main(["--db", str(tmp_path / "x.db"), "import", "/dev/zero"]) == 1
    error = capsys.readouterr().err
    assert error.count("\n") == 1 and "not a regular file" in error


@pytest.mark.parametrize("path, value, expected", [
    (["evidence", 0, "video_offset_seconds"], 2**63, "beyond the whole numbers a database holds"),
    (["evidence", 0, "video_offset_seconds"], -(2**70), "beyond the whole numbers"),
    (["walk", "slice"], {"kind": "unit", "tier": 10**400}, "a 401-digit number"),
    (["walk", "date"], "0001-01-01", "walk.date: 0001-01-01 is outside 1970–2199"),
    (["walk", "date"], "9999-12-31", "outside 1970–2199"),
    (["next_steps", 0, "due"], "9999-12-31", "next_steps[0].due"),
    (["visits", 0, "started_at"], "0001-01-01T00:00:00+00:00", "visits[0].started_at"),
    (["evidence", 0, "text"], " \t\n ", "evidence[0].text: only white space"),
    (["visits", 0, "classroom"], "   ", "visits[0].classroom: only white space"),
    (["walk", "school"], "North\u200b Park", "U+200B ZERO WIDTH SPACE"),
    (["visits", 0, "teacher"], "Ms\u202e Okafor", "visits[0].teacher: holds an invisible character"),
    (["walk", "observers", 0, "name"], "\u2066Ana", "walk.observers[0].name"),
    (["evidence", 0, "edited_at"], "2199-01-01T00:00:00+00:00", "evidence[0].edited_at: 2199-01-01T00:00:00+00:00 is in the future"),
    (["evidence", 0, "deleted_by"], "Ana", "evidence[0].deleted_by: says who, but deleted_at is empty"),
    (["evidence", 0, "captured_at"], None, "evidence[0].captured_at"),
    (["debrief_responses", 0, "prompt_id"], "rating", "'rating' is not a debrief prompt of downey"),
    (["debrief_responses", 0, "conflict_of"], "00000000-0000-4000-8000-000000000000", "is not a response in this bundle"),
])
def test_out_of_bounds_values_are_refused(target, demo_bundle, path, value, expected):
    refused(target, changed(demo_bundle, path, value), expected)


def test_repeated_keys_and_non_finite_numbers_are_refused(target, demo_bundle):
    text = json.dumps(demo_bundle)
    repeated = text.replace('"format": "classwalk-walk"', '"format": "classwalk-walk", "format": "classwalk-walk"', 1)
    assert repeated != text
    refused(target, repeated, "the key 'format' appears twice")
    nested = text.replace('"school": ', '"school": "Elsewhere", "school": ', 1)
    refused(target, nested, "the key 'school' appears twice")
    refused(target, changed(demo_bundle, ["evidence", 0, "video_offset_seconds"], 0).replace(
        '"video_offset_seconds": 0', '"video_offset_seconds": NaN'), "NaN is not a number")
    refused(target, changed(demo_bundle, ["evidence", 0, "video_offset_seconds"], 0).replace(
        '"video_offset_seconds": 0', '"video_offset_seconds": 1e999'), "inf is not a finite number")


@pytest.mark.parametrize("name, key", [("walk", "id"), ("walk", "created_at"), ("evidence", "captured_at"),
                                       ("next_steps", "id"), ("visits", "started_at")])
def test_ids_and_times_may_not_be_left_out(target, demo_bundle, name, key):
    data = copy.deepcopy(demo_bundle)
    record = data[name] if name == "walk" else data[name][0]
    del record[key]
    where = name if name == "walk" else f"{name}[0]"
    refused(target, json.dumps(data), f"{where}.{key}: required field missing")


def test_a_clean_bundle_still_imports(target, demo_bundle):
    result = import_bundle(target, json.dumps(demo_bundle), "bundle.json")
    assert result.new_walk and result.added["notes"] == len(demo_bundle["evidence"])
