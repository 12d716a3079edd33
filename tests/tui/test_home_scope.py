"""Home under a limited account: u brings back only a walk the account may see."""

from __future__ import annotations

import datetime as dt

from textual.widgets import OptionList

from classwalk.core.records.model import Observer, Walk
from classwalk.tui.app import ClasswalkApp
from tests.support.clock import START
from tests.support.pilot import screen_text, settle
from tests.support.tui_steps import drive


def _listed(app) -> list[str]:
    return [widget.get_option_at_index(i).id for widget in app.screen.query(OptionList)
            for i in range(widget.option_count)]


def _danas_and_elis_walks(classwalk, elis_school: str) -> tuple[Walk, Walk]:
    """Dana's Downey walk at Lincoln Elem and Eli's at ``elis_school``, a day apart."""
    mine = Walk(protocol_id="downey", school="Lincoln Elem", date=dt.date(2026, 11, 19),
                observers=(Observer(name="Dana"),), created_at=START, updated_at=START)
    theirs = Walk(protocol_id="downey", school=elis_school, date=dt.date(2026, 11, 20),
                  observers=(Observer(name="Eli"),), created_at=START, updated_at=START)
    classwalk.store.save_many([mine, theirs])
    return mine, theirs


def test_u_on_a_school_limited_home_never_restores_another_schools_walk(classwalk, frozen_clock):
    mine, theirs = _danas_and_elis_walks(classwalk, "Hillside Middle")
    classwalk.store.delete_walk(theirs.id, by="Eli")
    app = ClasswalkApp(classwalk, observer="Dana", school="Lincoln Elem")

    async def steps(pilot):
        for _ in range(50):
            await settle(pilot, 0.1)
            if _listed(app) == [mine.id]:
                break
        await pilot.press("u")
        await settle(pilot, 0.2)
        return screen_text(app), [n.message for n in app._notifications]

    shown, told = drive(app, steps, (100, 30))
    assert classwalk.store.get_walk(theirs.id).deleted  # still deleted
    assert "Hillside" not in shown and told == ["No deleted walk to bring back."]


def test_own_walks_home_lists_only_the_observers_walks(classwalk, frozen_clock):
    import classwalk as api

    mine, _theirs = _danas_and_elis_walks(classwalk, "Lincoln Elem")
    limited = api.door(classwalk, observer="Dana", own_walks=True)
    app = ClasswalkApp(limited, observer="Dana")

    async def steps(pilot):
        for _ in range(50):
            await settle(pilot, 0.1)
            if _listed(app):
                break
        return _listed(app)

    assert drive(app, steps, (100, 30)) == [mine.id]
