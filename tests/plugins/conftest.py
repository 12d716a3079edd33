"""Fixtures for the plugin contract tests."""

from plugin_dists import site  # noqa: F401  (a fixture)
