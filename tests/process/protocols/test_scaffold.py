"""The tests of tests/protocols/test_scaffold.py that start other processes."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from classwalk.features.scaffold import write_plugin_package
from tests.protocols.test_scaffold import BROKEN_PLUGIN


def _env(tmp_path, target):
    env = {k: v for k, v in os.environ.items() if not k.startswith("CLASSWALK_")}
    env.update({
        "PYTHONPATH": str(target), "HOME": str(tmp_path / "home"),
        "CLASSWALK_DB": str(tmp_path / "walks.db"), "CLASSWALK_CONFIG_DIR": str(tmp_path / "config"),
        "CLASSWALK_PROTOCOL_PATH": "", "PYTHONDONTWRITEBYTECODE": "1",
    })
    return env

def install_broken_plugins(target):
    """Two unrelated plugins beside the one under test: one that cannot import, one that answers wrongly."""
    for name, source in (("brokenimport", "raise ImportError('no module named district_config')\n"),
                         ("wronganswers", BROKEN_PLUGIN)):
        (target / name).mkdir(parents=True)
        (target / name / "__init__.py").write_text(source)
        info = target / f"{name}-1.0.dist-info"
        info.mkdir()
        (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {name}\nVersion: 1.0\n")
        (info / "entry_points.txt").write_text(f"[classwalk]\n{name} = {name}\n")


def test_generated_package_installs_registers_and_its_test_passes(tmp_path):
    package = write_plugin_package("district_walk", tmp_path / "src")
    target = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--no-build-isolation",
         "--no-index", "--target", str(target), str(package)],
        check=True, capture_output=True, cwd=tmp_path,
    )
    install_broken_plugins(target)
    env = _env(tmp_path, target)
    everything = subprocess.run(
        [sys.executable, "-m", "classwalk.tui", "plugins"], capture_output=True, text=True, env=env, cwd=tmp_path,
    )
    assert everything.returncode == 1 and "FAILED brokenimport" in everything.stdout
    tests = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "no:randomly",
         str(package / "tests")],
        capture_output=True, text=True, env=env, cwd=tmp_path,
    )
    assert tests.returncode == 0, tests.stdout + tests.stderr
    assert "5 passed" in tests.stdout
    listing = subprocess.run(
        [sys.executable, "-c",
         "import json\nfrom classwalk.api import Classwalk\n"
         "c = Classwalk()\n"
         "print(json.dumps({e.protocol.id: e.source for e in c.protocols}))"],
        capture_output=True, text=True, env=env, cwd=tmp_path, check=True,
    )
    sources = json.loads(listing.stdout)
    assert sources["district_walk"] == "plugin district_walk"
    assert sources["downey"] == "built-in"


def test_renaming_the_protocol_is_one_change_in_protocol_toml(tmp_path):
    package = write_plugin_package("district_walk", tmp_path / "src")
    toml = package / "classwalk_district_walk" / "protocol.toml"
    toml.write_text(toml.read_text(encoding="utf-8").replace('id = "district_walk"', 'id = "river_walk"'),
                    encoding="utf-8")
    target = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--no-build-isolation",
         "--no-index", "--target", str(target), str(package)],
        check=True, capture_output=True, cwd=tmp_path,
    )
    env = _env(tmp_path, target)
    tests = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(package / "tests")],
        capture_output=True, text=True, env=env, cwd=tmp_path,
    )
    assert tests.returncode == 0, tests.stdout + tests.stderr
    listing = subprocess.run([sys.executable, "-m", "classwalk.tui", "protocols"],
                             capture_output=True, text=True, env=env, cwd=tmp_path, check=True)
    ids = [line.split()[0] for line in listing.stdout.splitlines()[1:]]
    assert "river_walk" in ids and "district_walk" not in ids
