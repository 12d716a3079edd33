"""classwalk's benchmarks: speed and memory, each measured against a baseline in the same run.

Run ``make bench`` (or ``python -m bench --help``). Absolute times on a shared or
laptop machine swing from run to run; a ratio against a baseline timed moments
before or after on the same machine does not, so every figure comes with one.
"""
