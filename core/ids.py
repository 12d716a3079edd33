"""The one id maker: random UUIDs, so records made on different devices can be merged."""

from __future__ import annotations

import uuid

from attrs.validators import matches_re

UUID_PATTERN = r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"
is_uuid = matches_re(UUID_PATTERN)
"""An attrs validator: the value is an id as :func:`new_id` writes it."""


def new_id() -> str:
    """A fresh id for any record."""
    return str(uuid.uuid4())
