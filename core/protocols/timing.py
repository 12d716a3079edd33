"""How far into a visit the observer is, against the protocol's timing rule."""

from __future__ import annotations

from attrs import field, frozen
from attrs.validators import in_

PHASES = ("before_target", "at_target", "past_max")


@frozen(kw_only=True)
class TimingStatus:
    """What the visit timer shows: the phase (colour), the target and an optional prompt.

    ``phase`` is ``before_target`` (plain), ``at_target`` (amber: time to wrap up) or
    ``past_max`` (red). The plain rule makes it ``at_target`` from the target on and
    ``past_max`` only when the visit is strictly longer than the maximum.
    """

    phase: str = field(validator=in_(PHASES))
    target_seconds: float
    """The visit length to aim for, in seconds."""
    max_seconds: float
    """The longest visit the protocol suggests, in seconds."""
    message: str = ""
    """Shown beside the timer ("target reached: wrap up when ready"); empty for none."""
    prompt: str = ""
    """A nudge shown under the timer (an interval protocol's "record what you see now")."""


def status_from_timing(timing, elapsed_seconds: float) -> TimingStatus:
    """The plain rule: amber from the target, red past the maximum, interval prompts."""
    target = timing.target_minutes * 60
    maximum = timing.max_minutes * 60
    if elapsed_seconds > maximum:
        phase, message = "past_max", "past the longest visit this protocol suggests"
    elif elapsed_seconds >= target:
        phase, message = "at_target", "target reached: wrap up when ready"
    else:
        phase, message = "before_target", ""
    prompt = ""
    interval = getattr(timing, "interval_minutes", None)
    if interval:
        period = interval * 60
        mark = int(elapsed_seconds // period)
        if mark >= 1 and elapsed_seconds - mark * period < 15:
            prompt = f"interval {mark}: record what you see now"
    return TimingStatus(
        phase=phase, target_seconds=target, max_seconds=maximum, message=message, prompt=prompt
    )


def format_clock(seconds: float) -> str:
    """mm:ss for the timer (h:mm:ss past an hour)."""
    whole = int(max(0, seconds))
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes:02d}:{secs:02d}"
