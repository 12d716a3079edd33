"""Failed logins slow down: each failure for an account or an address doubles the wait.

After ``free`` failures in a row, the next try from that address or for that login is
refused until the wait is over (1 s, 2 s, 4 s … up to ``longest``). A success clears
the login's and the address's count. Every failed answer is also held back ``delay``
seconds, so guessing is slow even from many addresses.
"""

from __future__ import annotations

import time

from attrs import define, field


@define
class _Record:
    failures: int = 0
    locked_until: float = 0.0


@define
class LoginThrottle:
    delay: float = 1.0
    free: int = 3
    first_wait: float = 1.0
    longest: float = 300.0
    clock: object = time.monotonic
    _records: dict[str, _Record] = field(factory=dict)

    def _keys(self, login: str, address: str) -> list[str]:
        return [f"login:{login.lower()}", f"address:{address}"]

    def wait(self, login: str, address: str) -> float:
        """Seconds before another try is allowed (0 when it is)."""
        now = self.clock()
        return max((max(0.0, self._records[key].locked_until - now)
                    for key in self._keys(login, address) if key in self._records), default=0.0)

    def failed(self, login: str, address: str) -> None:
        now = self.clock()
        for key in self._keys(login, address):
            record = self._records.setdefault(key, _Record())
            record.failures += 1
            if record.failures > self.free:
                extra = record.failures - self.free - 1
                record.locked_until = now + min(self.longest, self.first_wait * 2 ** min(extra, 30))
        if len(self._records) > 10000:  # forget the oldest quiet ones, so memory stays bounded
            for key in [k for k, r in self._records.items() if r.locked_until < now][:5000]:
                del self._records[key]

    def succeeded(self, login: str, address: str) -> None:
        for key in self._keys(login, address):
            self._records.pop(key, None)
