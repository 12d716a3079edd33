"""Teachers' pseudonyms: the same teacher gets the same pseudonym throughout a dataset.

A pseudonym is a keyed hash (HMAC-SHA256) of the teacher's name, written in any case
and with any title ("Ms. Chen" and "ms chen" are one teacher). The key is made afresh
for each export, so two datasets cannot be linked by pseudonym, unless the district
keeps a key file and passes it again (``--key-file``): then every export with that key
gives each teacher the same pseudonym. The key never goes into the dataset.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from pathlib import Path

from classwalk.core.errors import ClasswalkError
from classwalk.core.storage.files import make_private_folder
from classwalk.core.escape import for_terminal
from classwalk.features.outputs.anonymise import _teachers, _tokens

KEY_BYTES = 32


class Pseudonyms:
    """Teacher name -> ``teacher-`` and ten hex digits (or the name itself, with names kept)."""

    def __init__(self, key: bytes | None):
        self.key = key
        self._cache: dict[str, str] = {}

    @property
    def hides_names(self) -> bool:
        return self.key is not None

    def teacher(self, recorded: str) -> str:
        """A visit's teacher field as a pseudonym; co-teachers ("A / B") each get their own."""
        if self.key is None or not recorded.strip():
            return recorded
        if recorded not in self._cache:
            self._cache[recorded] = " / ".join(self._one(name) for name in _teachers(recorded))
        return self._cache[recorded]

    def _one(self, name: str) -> str:
        normal = " ".join(word.casefold() for word in _tokens(name))
        digest = hmac.new(self.key, normal.encode("utf-8"), hashlib.sha256).hexdigest()
        return f"teacher-{digest[:10]}"


def load_key(path: Path | None) -> bytes:
    """The key in ``path`` (made owner-only there if the file does not exist), or a fresh one."""
    if path is None:
        return secrets.token_bytes(KEY_BYTES)
    path = Path(path)
    if path.exists():
        try:
            key = bytes.fromhex(path.read_text(encoding="ascii").strip())
        except (OSError, ValueError, UnicodeDecodeError):
            key = b""
        if len(key) < 16:
            raise ClasswalkError(f"{for_terminal(path)}: not a key file written by 'classwalk data export --key-file'")
        return key
    key = secrets.token_bytes(KEY_BYTES)
    make_private_folder(path.parent)
    descriptor = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    with os.fdopen(descriptor, "w", encoding="ascii") as handle:
        handle.write(key.hex() + "\n")
    return key
