"""The descriptive-evidence coach: whole words and phrases, any case, never on parts of words."""

from __future__ import annotations

from classwalk.features.capture.coach import find_judgements
from classwalk.core.plugins.defaults import COMMON_JUDGEMENT_WORDS


def test_finds_words_and_phrases_in_any_case_in_order():
    found = find_judgements("Teacher NEEDS   to wait; a Great start, great pace", ["great", "needs to", "nice"])
    assert found.matches == ("needs to", "great")
    assert "\u201cneeds to\u201d, \u201cgreat\u201d read as a judgement" in found.hint


def test_parts_of_words_and_clean_notes_are_left_alone():
    assert not find_judgements("the greatest common factor; needs total of 12", ["great", "needs to"])
    assert not find_judgements("18 of 22 students wrote two reasons", COMMON_JUDGEMENT_WORDS)
    assert find_judgements("", ["great"]).matches == ()
    assert find_judgements("great", []).matches == ()


def test_words_next_to_punctuation_emoji_and_other_scripts():
    assert find_judgements("«great»! 👍 très bien", ["great"]).matches == ("great",)
    assert find_judgements("学生 poor 学生", ["poor"]).matches == ("poor",)
    assert find_judgements("off-task 3 min", ["off task"]).matches == ()


def test_a_districts_own_words_come_through_the_hook(classwalk):
    protocol = classwalk.protocols.get("ifl_learning_walk")
    words = classwalk.judgement_words(protocol)
    assert find_judgements("the class was Off Task for a while", words).matches == ("off task",)
    assert find_judgements("an engaging task", words).matches == ("engaging",)
