"""The tests of tests/core/test_plugins.py that start other processes."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from tests.core.test_plugins import PLUGIN_MODULE, PROTOCOL_TOML


def test_third_party_plugin_installed_with_pip_shows_up(tmp_path):
    project = tmp_path / "classwalk-district"
    package = project / "classwalk_district"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text(PLUGIN_MODULE)
    (package / "district_walk.toml").write_text(PROTOCOL_TOML)
    (project / "pyproject.toml").write_text(textwrap.dedent('''
        [build-system]
        requires = ["setuptools>=61"]
        build-backend = "setuptools.build_meta"
        [project]
        name = "classwalk-district"
        version = "0.1"
        [project.entry-points.classwalk]
        district = "classwalk_district"
        [tool.setuptools.package-data]
        classwalk_district = ["*.toml"]
    '''))
    target = tmp_path / "target"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--no-build-isolation",
         "--target", str(target), str(project)],
        check=True, capture_output=True,
    )
    env = {"PYTHONPATH": str(target)}
    import os

    result = subprocess.run(
        [sys.executable, "-m", "classwalk.tui", "--db", str(tmp_path / "x.db"), "protocols"],
        capture_output=True, text=True, env={**os.environ, **env}, check=True,
    )
    assert "district_walk" in result.stdout
    assert "plugin district" in result.stdout
    assert "downey" in result.stdout
