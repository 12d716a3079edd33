"""Every hook's answer is checked: a wrong type or shape is a recorded failure, never a crash.

A plugin that answers wrongly for every protocol is dropped, and what each protocol shows
is exactly what it shows without that plugin.
"""

from __future__ import annotations

import datetime as dt
import types

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from classwalk.core import hookimpl
from classwalk.api import Classwalk
from classwalk.core.records.model import Evidence, Visit, Walk
from classwalk.core.records.patterns import FollowUpSuggestion, Pattern
from classwalk.core.plugins.loader import Plugins
from classwalk.core.protocols.timing import TimingStatus

GOOD_PATTERN = Pattern(id="p", title="t", columns=("a",), rows=[[1]])
GOOD_STATUS = TimingStatus(phase="at_target", target_seconds=1.0, max_seconds=2.0)

# answers that are wrong for every hook
ANY_WRONG = st.one_of(
    st.integers(), st.floats(allow_nan=True), st.booleans(), st.binary(max_size=4),
    st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
    st.just(GOOD_PATTERN), st.just(object()), st.lists(st.integers(), min_size=1, max_size=3),
    st.just(FollowUpSuggestion(due=True, reason="r")), st.just(GOOD_STATUS),
)
WRONG = {
    "classwalk_timing_status": st.one_of(
        ANY_WRONG.filter(lambda v: v is not GOOD_STATUS), st.text(max_size=5),
        st.builds(lambda t: TimingStatus(phase="at_target", target_seconds=t, max_seconds=1.0),
                  st.one_of(st.text(max_size=3), st.just(float("nan")), st.none())),
        st.builds(lambda m: TimingStatus(phase="past_max", target_seconds=1, max_seconds=2, message=m),
                  st.one_of(st.integers(), st.none())),
    ),
    "classwalk_debrief_patterns": st.one_of(
        ANY_WRONG, st.text(max_size=5),
        st.lists(st.one_of(st.integers(), st.text(max_size=3)), min_size=1, max_size=3),
        st.just([GOOD_PATTERN, "not a pattern"]),
        st.just([Pattern(id="p", title="t", columns=("a", "b"), rows=[[1]])]),
        st.just([Pattern(id="p", title="t", columns=("a",), rows=[[{"x": 1}]])]),
        st.just([Pattern(id=3, title="t", columns=("a",), rows=[])]),
    ),
    "classwalk_judgement_words": st.one_of(
        ANY_WRONG, st.text(min_size=1, max_size=5),
        st.lists(st.one_of(st.integers(), st.just(""), st.just("   ")), min_size=1, max_size=3),
        st.just(["fine", 3]),
    ),
    "classwalk_reflective_question": st.one_of(
        ANY_WRONG.filter(lambda v: not isinstance(v, str)), st.just(""), st.just("  \n"),
        st.lists(st.text(max_size=3), min_size=1, max_size=2),
    ),
    "classwalk_follow_up_due": st.one_of(
        ANY_WRONG.filter(lambda v: not isinstance(v, FollowUpSuggestion)), st.text(max_size=4),
        st.builds(lambda d: FollowUpSuggestion(due=d, reason="x"), st.one_of(st.integers(), st.text(max_size=2))),
        st.builds(lambda r: FollowUpSuggestion(due=True, reason=r), st.one_of(st.integers(), st.none())),
    ),
}

ANSWERS: dict = {}  # hook -> the wrong answer the bad plugin gives
RAISES: dict = {}  # hook -> the exception the bad plugin raises


def _answer(hook):
    def answer(*_args, **_kwargs):
        if hook in RAISES:
            raise RAISES[hook]
        return ANSWERS.get(hook)
    return answer


SIGNATURES = {
    "classwalk_timing_status": "protocol, walk, elapsed_seconds",
    "classwalk_debrief_patterns": "protocol, walk, visits, evidence",
    "classwalk_judgement_words": "protocol",
    "classwalk_reflective_question": "protocol, visit, evidence",
    "classwalk_follow_up_due": "protocol, visits, evidence, today",
}


def _bad_plugin():
    """Answers every hook first, for every protocol, with what ANSWERS/RAISES hold (else None)."""
    module = types.ModuleType("answers_anything")
    module.CLASSWALK_CROSS_PROTOCOL = True  # wrong answers, not answers out of scope, are tested here
    for hook, arguments in SIGNATURES.items():
        implementation = eval(f"lambda {arguments}: answer()", {"answer": _answer(hook)})
        setattr(module, hook, hookimpl(tryfirst=True)(implementation))
    return module


def _calls(classwalk):
    """One call of every facade method, for every built-in protocol."""
    results = {}
    for entry in classwalk.protocols:
        protocol = entry.protocol
        walk = Walk(protocol_id=protocol.id, school="S", date=dt.date(2026, 11, 23))
        visit = Visit(walk_id=walk.id, classroom="Room 1", teacher="T",
                      started_at=dt.datetime(2026, 11, 23, 9, tzinfo=dt.timezone.utc))
        note = Evidence(walk_id=walk.id, visit_id=visit.id, kind=protocol.evidence_kinds[0].id,
                        text="Two students compared methods", look_fors=[protocol.look_fors()[0].id],
                        captured_at=dt.datetime(2026, 11, 23, 9, 1, tzinfo=dt.timezone.utc))
        results[protocol.id] = {
            "classwalk_timing_status": [classwalk.timing_status(protocol, walk, s) for s in (0, 10_000)],
            "classwalk_debrief_patterns": classwalk.extra_patterns(protocol, walk, [visit], [note]),
            "classwalk_judgement_words": classwalk.judgement_words(protocol),
            "classwalk_reflective_question": classwalk.reflective_question(protocol, visit, [note]),
            "classwalk_follow_up_due": classwalk.follow_up_due(protocol, [visit], [note],
                                                               today=dt.date(2026, 11, 30)),
        }
    return results


BUILT_INS = ["downey", "ifl_learning_walk", "ilw_tiered"]


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    """The built-in plugins with and without the badly answering one, and the clean answers."""
    folder = tmp_path_factory.mktemp("hooks")
    clean = Classwalk(db_path=folder / "clean.db", plugins=Plugins(only=BUILT_INS), protocol_dirs_=[])
    bad_plugins = Plugins(only=BUILT_INS)
    bad_plugins.register_module(_bad_plugin(), name="answers_anything")
    bad = Classwalk(db_path=folder / "bad.db", plugins=bad_plugins, protocol_dirs_=[])
    return clean, bad, _calls(clean)


def _check_dropped(runs, hook, expected_type):
    clean, bad, expected = runs
    bad.plugins.failures.clear()
    results = _calls(bad)
    for protocol_id, answers in results.items():
        assert answers == expected[protocol_id], protocol_id
    failures = [f for f in bad.plugins.failures if f.name == "answers_anything"]
    assert failures and {f.where for f in failures} == {hook}
    assert {f.error_type for f in failures} == {expected_type}
    assert all(f.message for f in failures)


@pytest.mark.parametrize("hook", sorted(WRONG))
def test_a_wrong_answer_is_dropped_and_recorded(runs, hook):
    @settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
    @given(WRONG[hook])
    def check(value):
        ANSWERS[hook] = value
        try:
            _check_dropped(runs, hook, "WrongResult")
        finally:
            ANSWERS.clear()

    check()


@pytest.mark.parametrize("hook", sorted(WRONG))
@pytest.mark.parametrize("error", [ValueError("bad value"), KeyError("missing"), ZeroDivisionError("oops"),
                                   AttributeError("'NoneType' object has no attribute 'id'")])
def test_an_exception_in_a_hook_is_dropped_and_recorded(runs, hook, error):
    RAISES[hook] = error
    try:
        _check_dropped(runs, hook, type(error).__name__)
    finally:
        RAISES.clear()


def test_the_bad_plugin_answering_nothing_changes_nothing(runs):
    clean, bad, expected = runs
    bad.plugins.failures.clear()
    assert _calls(bad) == expected
    assert bad.plugins.failures == []


def test_good_answers_pass(runs):
    clean, bad, expected = runs
    ANSWERS.update({
        "classwalk_judgement_words": ("zq",), "classwalk_reflective_question": "What did you notice?",
        "classwalk_debrief_patterns": [GOOD_PATTERN],
    })
    try:
        bad.plugins.failures.clear()
        results = _calls(bad)
    finally:
        ANSWERS.clear()
    assert bad.plugins.failures == []
    for answers in results.values():
        assert "zq" in answers["classwalk_judgement_words"] and "q" not in answers["classwalk_judgement_words"]
        assert answers["classwalk_reflective_question"] == "What did you notice?"
        assert GOOD_PATTERN in answers["classwalk_debrief_patterns"]


def test_every_hook_has_a_result_check_and_a_row_in_the_docs():
    import inspect
    from pathlib import Path

    from classwalk.core.plugins import hookspecs
    hooks = {name for name, value in vars(hookspecs).items()
             if name.startswith("classwalk_") and inspect.isfunction(value)}
    assert hooks == set(hookspecs.HOOKS)
    assert all(callable(hookspecs.HOOKS[hook].check) for hook in hooks)
    table = (Path(__file__).resolve().parents[2] / "docs" / "hooks.md").read_text(encoding="utf-8")
    for hook in hooks:
        assert f"| `{hook}` |" in table
