"""The tests of tests/plugins/test_testing_kit.py that start other processes."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from tests.plugins.plugin_dists import SINGLE_PATTERN, write_dist


def test_a_named_plugin_that_is_not_installed_fails_the_test_with_the_reason(tmp_path):
    (tmp_path / "test_missing.py").write_text(textwrap.dedent('''
        import pytest

        @pytest.mark.classwalk_plugins("not_installed_anywhere")
        def test_it(classwalk_db):
            pass
    '''))
    env = {k: v for k, v in os.environ.items() if not k.startswith("CLASSWALK_")}
    result = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(tmp_path)],
                            capture_output=True, text=True, cwd=tmp_path, env=env)
    assert result.returncode == 1
    assert "not_installed_anywhere: not installed" in result.stdout


def test_a_failing_test_shows_the_plugin_failures_of_its_run(tmp_path):
    site = tmp_path / "site"
    write_dist(site, "onepattern", SINGLE_PATTERN)
    (tmp_path / "test_shows.py").write_text(textwrap.dedent('''
        import pytest
        from classwalk.testing import pattern, record_walk

        @pytest.mark.classwalk_plugins("onepattern")
        def test_it(classwalk_db):
            walk = record_walk(classwalk_db, "downey", {"Room 1": ["Students compared methods"]})
            pattern(classwalk_db.debrief(walk), "oops")
    '''))
    env = {k: v for k, v in os.environ.items() if not k.startswith("CLASSWALK_")}
    env["PYTHONPATH"] = str(site)
    result = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(tmp_path / "test_shows.py")],
                            capture_output=True, text=True, cwd=tmp_path, env=env)
    assert result.returncode == 1
    assert "classwalk plugin failures" in result.stdout
    assert "plugin onepattern (pip package onepattern) failed in classwalk_debrief_patterns: WrongResult: returned Pattern, not a list of Pattern" in result.stdout
