"""Debrief prompts point at what they mean where it is: a table on another tab is named by its tab."""

from __future__ import annotations

import re

import pytest

BUILT_INS = ["downey", "ifl_learning_walk", "ilw_tiered"]


@pytest.mark.parametrize("protocol_id", BUILT_INS)
def test_no_prompt_points_at_a_table_below_or_above(classwalk, protocol_id):
    """Prompts are shown on their own tab; the patterns table is never "below" or "above" them."""
    for prompt in classwalk.protocols.get(protocol_id).debrief_prompts:
        words = f"{prompt.text} {prompt.help}"
        assert not re.search(r"\b(below|above)\b", words, re.IGNORECASE), (protocol_id, prompt.id, words)


def test_the_downey_objectives_prompt_names_the_patterns_tab(classwalk):
    [prompt] = [p for p in classwalk.protocols.get("downey").debrief_prompts if p.id == "objectives"]
    assert "Patterns tab" in prompt.help
