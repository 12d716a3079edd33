"""Record fields used by more than one kind of record (attrs field factories)."""

from __future__ import annotations

from attrs import field
from attrs.validators import deep_iterable, instance_of, min_len


def tuple_of(cls, required: bool = False):
    """A field holding a tuple of ``cls`` (any iterable is turned into one); ``required``: not empty."""
    validators = [deep_iterable(instance_of(cls))] + ([min_len(1)] if required else [])
    return field(factory=tuple, converter=tuple, validator=validators)


def strings():
    """A field holding a tuple of strings (ids, labels), empty unless given."""
    return tuple_of(str)
