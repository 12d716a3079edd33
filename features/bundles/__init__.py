"""Walks moving between devices: bundle import and its checks, merging notes, kept versions, sync."""
