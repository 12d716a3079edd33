"""Steps the terminal-UI tests take again and again, written once: run the app headless
around a test's own steps, press a key that must bring up a given screen, and start those
steps from the room of the walk in progress."""

from __future__ import annotations

from tests.support.pilot import resume_room, run, settle, until


def drive(app, steps, size: tuple[int, int] = (100, 32), **options):
    """Run ``app`` headless at ``size`` and await ``steps(pilot)`` inside it; what it returns.

    ``options`` go to ``run_test`` (``notifications=True``...)."""
    async def scenario():
        async with app.run_test(size=size, **options) as pilot:
            return await steps(pilot)

    return run(scenario())


def in_the_room(app, steps, size: tuple[int, int] = (100, 32), **options):
    """Resume the walk in progress into its open visit, then await ``steps(pilot, screen)``."""
    async def resumed(pilot):
        return await steps(pilot, await resume_room(pilot))

    return drive(app, resumed, size, **options)


async def press_to(pilot, key: str, screen_type):
    """Press ``key`` and wait until ``screen_type`` is on top; that screen (fails on any other)."""
    await pilot.press(key)
    await settle(pilot)
    await until(pilot, lambda: isinstance(pilot.app.screen, screen_type))
    assert isinstance(pilot.app.screen, screen_type), type(pilot.app.screen)
    return pilot.app.screen


async def from_home(pilot, key: str, screen_type):
    """Once home has read the walks, press ``key``; the ``screen_type`` it opens."""
    await settle(pilot)
    return await press_to(pilot, key, screen_type)
