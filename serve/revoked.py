"""Sessions ended by logging out: kept in an owner-only file beside the database until they expire.

A session cookie is signed, so it would stay valid until its expiry; logging out writes
its random id here, and the server refuses it from then on, after a restart too.
"""

from __future__ import annotations

import json
import threading
import time
from pathlib import Path

from classwalk.core.errors import ClasswalkError
from classwalk.core.storage.files import write_file

from .sessions import Session


def revoked_path(db_path: Path) -> Path:
    """Where the server on ``db_path`` keeps the sessions that were logged out."""
    return db_path.with_name(db_path.name + ".serve-logouts")


class RevokedSessions:
    """Session ids that logged out, each until its session would have expired."""

    def __init__(self, path: Path, clock=time.time):
        self.path = Path(path)
        self.clock = clock
        self._lock = threading.Lock()
        self._ended: dict[str, float] = self._load()

    def _load(self) -> dict[str, float]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return {}
        except (OSError, ValueError) as error:
            raise ClasswalkError(f"{self.path}: cannot read the ended sessions ({error}); "
                                 "delete it to start afresh (everyone logs in again)") from None
        if not isinstance(data, dict):
            raise ClasswalkError(f"{self.path}: not a list of ended sessions; delete it (everyone logs in again)")
        now = self.clock()
        return {str(nonce): float(until) for nonce, until in data.items()
                if isinstance(until, (int, float)) and until > now}

    def ended(self, session: Session) -> bool:
        """Whether ``session`` was logged out (a session without an id counts as ended)."""
        with self._lock:
            return not session.nonce or session.nonce in self._ended

    def end(self, session: Session) -> None:
        """Refuse ``session`` from now on; written to disk before this returns."""
        if not session.nonce:
            return
        with self._lock:
            now = self.clock()
            self._ended = {nonce: until for nonce, until in self._ended.items() if until > now}
            self._ended[session.nonce] = session.expires
            write_file(self.path, json.dumps(self._ended, separators=(",", ":")))
