"""The tests of tests/plugins/test_plugin_docs.py that start other processes."""

from __future__ import annotations

import os
import subprocess
import sys
from tests.plugins.test_plugin_docs import guide_package  # noqa: F401  (a fixture)


def test_the_guide_plugin_installs_and_its_own_tests_pass_beside_a_broken_plugin(guide_package, tmp_path):
    target = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--no-build-isolation",
         "--no-index", "--target", str(target), str(guide_package)],
        check=True, capture_output=True, cwd=tmp_path,
    )
    (target / "brokenplugin").mkdir()
    (target / "brokenplugin" / "__init__.py").write_text("raise RuntimeError('district server unreachable')\n")
    info = target / "brokenplugin-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: brokenplugin\nVersion: 1.0\n")
    (info / "entry_points.txt").write_text("[classwalk]\nbrokenplugin = brokenplugin\n")
    env = {k: v for k, v in os.environ.items() if not k.startswith("CLASSWALK_")}
    env.update(PYTHONPATH=str(target), CLASSWALK_DB=str(tmp_path / "walks.db"),
               CLASSWALK_CONFIG_DIR=str(tmp_path / "config"), CLASSWALK_PROTOCOL_PATH="",
               PYTHONDONTWRITEBYTECODE="1")
    tests = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                            str(guide_package / "tests")], capture_output=True, text=True, env=env, cwd=tmp_path)
    assert tests.returncode == 0, tests.stdout + tests.stderr
    assert "4 passed" in tests.stdout
    env["CLASSWALK_LOAD_PLUGINS"] = "district_walk,downey"
    listing = subprocess.run([sys.executable, "-m", "classwalk.tui", "plugins"], capture_output=True,
                             text=True, env=env, cwd=tmp_path)
    assert listing.returncode == 0, listing.stdout + listing.stderr
    assert "district_walk  (classwalk-district-walk 0.1.0)" in listing.stdout
