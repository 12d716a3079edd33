"""The fallbacks every protocol gets: plain timing and the common judgement words.

Registered with ``trylast`` so any plugin's answer wins. They answer for every protocol.
"""

from __future__ import annotations

from classwalk.core import hookimpl
from classwalk.core.protocols.timing import status_from_timing

CLASSWALK_CROSS_PROTOCOL = True

COMMON_JUDGEMENT_WORDS = (
    "amazing", "awesome", "bad", "best", "boring", "effective", "engaging", "excellent",
    "fantastic", "good", "great", "ineffective", "lovely", "needs to", "nice", "perfect",
    "poor", "should", "strong", "terrible", "weak", "wonderful", "worst", "wrong",
    "lazy", "chaotic", "failed", "impressive", "outstanding", "unacceptable",
)


@hookimpl(trylast=True)
def classwalk_timing_status(protocol, walk, elapsed_seconds):
    return status_from_timing(protocol.timing.for_walk(walk), elapsed_seconds)


@hookimpl(trylast=True)
def classwalk_judgement_words(protocol):
    return list(COMMON_JUDGEMENT_WORDS) + list(protocol.judgement_words)
