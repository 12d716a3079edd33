"""The report commands: Markdown and CSV, owner-only files, one-line errors."""

from __future__ import annotations

import stat
from tests.support.cli import run_cli


def test_report_walk_prints_markdown_patterns(classwalk, fixture_walks, capsys):
    code, out, _ = run_cli(capsys, "--db", classwalk.db_path, "report", "walk", fixture_walks.first.walk.id[:8])
    assert code == 0
    assert out.startswith("# Walk at North Park, 2026-10-05\n")
    assert "| working on the task as you enter | 2 | 0 | 0 | 2 |" in out


def test_report_school_with_dates_and_csv(classwalk, fixture_walks, capsys):
    code, out, _ = run_cli(capsys, "--db", classwalk.db_path, "report", "school", "North Park", "--from", "2026-10-10",
                       "--to", "2026-10-31", "--format", "csv", "--table", "look_fors_seen")
    assert code == 0
    assert "Downey walkthrough,working on the task as you enter,2,2,2,downey:orientation.on_task" in out.splitlines()


def test_report_cycle_and_district(classwalk, fixture_walks, capsys):
    code, out, _ = run_cli(capsys, "--db", classwalk.db_path, "report", "cycle", fixture_walks.cycle.id[:8])
    assert code == 0 and "# Cycle Entry routines at North Park" in out and "| working on the task as you enter | 1 | 2 |" in out
    code, out, _ = run_cli(capsys, "--db", classwalk.db_path, "report", "district", "--format", "csv")
    assert code == 0 and "district_schools,all schools,visits,6,,,," in out.splitlines()


def test_report_output_file_is_owner_only(classwalk, fixture_walks, capsys, tmp_path):
    target = tmp_path / "district.md"
    code, out, err = run_cli(capsys, "--db", classwalk.db_path, "report", "district", "-o", str(target))
    assert code == 0 and out == "" and "wrote" in err
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert target.read_text().startswith("# District\n")


def test_report_mistakes_are_one_line(classwalk, fixture_walks, capsys):
    cases = [
        (("report", "school", "North Park", "--from", "05/10/2026"), 2, "--from"),
        (("report", "school", "Nowhere"), 1, "no walks at a school named 'Nowhere'"),
        (("report", "cycle", "ffffffff"), 1, "no cycle with id 'ffffffff'"),
        (("report", "walk", "zzzz"), 1, "no walk with id 'zzzz'"),
        (("report", "district", "--from", "2026-12-01", "--to", "2026-01-01"), 1, "before it starts"),
        (("report", "district", "--table", "nope"), 1, "no table 'nope'"),
        (("calibration", "zzzz"), 1, "no walk with id"),
    ]
    for args, expected_code, message in cases:
        code, out, err = run_cli(capsys, "--db", classwalk.db_path, *args)
        assert code == expected_code, args
        assert message in err and err.count("\n") == 1, (args, err)
        assert "Traceback" not in err
