"""The tests of tests/safety/test_import_conflicts.py that start other processes."""

from __future__ import annotations

import subprocess
import sys

from classwalk.api import Classwalk
from classwalk.features.outputs.export import bundle_json
from tests.safety.test_import_conflicts import devices  # noqa: F401  (a fixture)

IMPORT_ONCE = """
import sys
from classwalk.api import Classwalk
from classwalk.features.bundles.importer import import_file

classwalk = Classwalk(db_path=sys.argv[1])
sys.stdin.readline()
print("NEW" if import_file(classwalk, sys.argv[2]).new_walk else "MERGED", flush=True)
classwalk.close()
"""


def test_six_imports_at_once_report_new_exactly_once(devices, tmp_path, child_env):
    bundle = tmp_path / "walk.json"
    bundle.write_text(bundle_json(devices.there, devices.records.walk.id), encoding="utf-8")
    target = tmp_path / "team.db"
    Classwalk(db_path=target).store.close()
    children = [subprocess.Popen([sys.executable, "-c", IMPORT_ONCE, str(target), str(bundle)], env=child_env,
                                 stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
                for _ in range(6)]
    for child in children:  # all started: release them together
        child.stdin.write("go\n")
        child.stdin.flush()
    results = [child.communicate(timeout=120) for child in children]
    assert all(child.returncode == 0 for child in children), [err for _, err in results]
    assert sorted(out.strip() for out, _ in results) == ["MERGED"] * 5 + ["NEW"]
    team = Classwalk(db_path=target)
    try:
        assert len(team.store.list_walks()) == 1 and not team.store.kept_versions()
    finally:
        team.close()
