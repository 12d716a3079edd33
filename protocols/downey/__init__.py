"""The Downey walkthrough: short solo visits, five things to notice, occasional reflection."""
