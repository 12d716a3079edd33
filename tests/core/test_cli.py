"""The command line: listing, checking, exporting, and one-line errors for mistakes."""

import json
import os
import stat

import pytest

from classwalk.core.convert import structure
from classwalk.core.records.model import WalkBundle
from classwalk.core.storage.store import Store
from tests.support.cli import run_cli


@pytest.fixture
def demo_db(db_path, capsys):
    code, _, _ = run_cli(capsys, "--db", str(db_path), "demo")
    assert code == 0
    return db_path


def first_walk_id(db_path):
    with Store(db_path) as store:
        return store.list_walks()[0].id


def test_protocols_lists_downey(capsys, db_path):
    code, out, _ = run_cli(capsys, "--db", str(db_path), "protocols")
    assert code == 0
    line = next(line for line in out.splitlines() if line.startswith("downey"))
    assert "Downey walkthrough" in line and "built-in" in line and "3 min (2-5)" in line


def test_protocols_show(capsys, db_path):
    code, out, _ = run_cli(capsys, "--db", str(db_path), "protocols", "show", "downey")
    assert code == 0
    assert "1 Student orientation to the work" in out
    assert "cognitive level of the task" in out
    assert "one observer" in out


def test_unknown_protocol_is_one_line(capsys, db_path):
    code, out, err = run_cli(capsys, "--db", str(db_path), "protocols", "show", "nope")
    assert code == 1
    assert err.count("\n") == 1 and "no protocol with id 'nope'" in err


def test_bad_option_is_one_line(capsys, db_path):
    code, _, err = run_cli(capsys, "--db", str(db_path), "walks", "--colour")
    assert code == 2
    assert err.count("\n") == 1 and "No such option" in err


def test_unknown_command_is_one_line(capsys):
    code, _, err = run_cli(capsys, "fly")
    assert code == 2 and err.count("\n") == 1


def test_check_good_and_bad_files(capsys, tmp_path, db_path):
    good = tmp_path / "good.toml"
    code, out, _ = run_cli(capsys, "--db", str(db_path), "protocols", "export", "downey")
    good.write_text(out.replace('id = "downey"', 'id = "downey_copy"', 1))
    code, out, _ = run_cli(capsys, "--db", str(db_path), "protocols", "check", str(good))
    assert code == 0 and "ok" in out
    bad = tmp_path / "bad.toml"
    bad.write_text('id = "x"\nname = "X"\n[timing]\nmin_minutes = "two"\n')
    code, _, err = run_cli(capsys, "--db", str(db_path), "protocols", "check", str(bad))
    assert code != 0
    assert "bad.toml" in err and "min_minutes" in err
    assert "Traceback" not in err


def test_check_missing_file(capsys, tmp_path, db_path):
    code, _, err = run_cli(capsys, "--db", str(db_path), "protocols", "check", str(tmp_path / "none.toml"))
    assert code != 0 and "no such file" in err


def test_demo_then_walks(capsys, demo_db):
    code, out, _ = run_cli(capsys, "--db", str(demo_db), "walks")
    assert code == 0
    assert "Maple Grove Elementary" in out and "downey" in out


def test_demo_twice_changes_nothing(capsys, demo_db):
    with Store(demo_db) as store:
        before = store.db.execute("SELECT COUNT(*) FROM evidence").fetchone()[0]
    run_cli(capsys, "--db", str(demo_db), "demo")
    with Store(demo_db) as store:
        assert store.db.execute("SELECT COUNT(*) FROM evidence").fetchone()[0] == before


def test_export_json_round_trips_losslessly(capsys, demo_db):
    walk_id = first_walk_id(demo_db)
    code, out, _ = run_cli(capsys, "--db", str(demo_db), "export", walk_id[:8], "--format", "json")
    assert code == 0
    bundle = structure(json.loads(out), WalkBundle, "export")
    with Store(demo_db) as store:
        assert bundle == store.walk_bundle(walk_id)
    assert bundle.evidence and bundle.visits


def test_export_csv_and_markdown_name_no_teacher(capsys, demo_db):
    walk_id = first_walk_id(demo_db)
    with Store(demo_db) as store:
        teachers = {v.teacher for v in store.visits_for_walk(walk_id)}
    for fmt in ("csv", "md"):
        code, out, _ = run_cli(capsys, "--db", str(demo_db), "export", walk_id, "--format", fmt)
        assert code == 0 and "Room A" in out
        assert not any(teacher in out for teacher in teachers)


def test_export_to_file_is_owner_only(capsys, demo_db, tmp_path):
    target = tmp_path / "walk.json"
    code, _, err = run_cli(capsys, "--db", str(demo_db), "export", first_walk_id(demo_db), "-o", str(target))
    assert code == 0 and "wrote" in err
    assert stat.S_IMODE(os.stat(target).st_mode) == 0o600


def test_export_unknown_walk(capsys, demo_db):
    code, _, err = run_cli(capsys, "--db", str(demo_db), "export", "ffffffff")
    assert code == 1 and "no walk with id" in err


def test_bad_database_is_one_line(capsys, tmp_path):
    bogus = tmp_path / "bogus.db"
    bogus.write_bytes(b"garbage" * 200)
    code, _, err = run_cli(capsys, "--db", str(bogus), "walks")
    assert code == 1 and err.count("\n") == 1 and "not a classwalk database" in err


def test_plugins_lists_built_ins(capsys, db_path):
    code, out, _ = run_cli(capsys, "--db", str(db_path), "plugins")
    assert code == 0 and "downey" in out and "built-in" in out


def test_env_var_chooses_the_database(capsys, isolated_environment):
    code, _, _ = run_cli(capsys, "demo")
    assert code == 0
    assert (isolated_environment / "classwalk.db").exists()
