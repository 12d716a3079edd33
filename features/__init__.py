"""Features built on the kernel in :mod:`classwalk.core`: debriefs, reports, bundles,
feedback, coverage, calibration, cycles, the demo school and the plugin scaffold."""
