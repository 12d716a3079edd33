"""Fixtures for the plugin contract tests.

The test kit's fixtures are imported here as well, so these tests run even in a checkout
whose install predates the kit's ``pytest11`` entry point.
"""


from classwalk.testing import classwalk_db, classwalk_plugin_names  # noqa: F401  (fixtures)
from tests.plugins.plugin_dists import site  # noqa: F401  (a fixture)
