"""Failed logins slow down, counted when each try starts, per account and per address.

Each login and each address has a record of the tries that did not succeed. A try is
counted the moment it starts (:meth:`LoginThrottle.begin`), before its password is
checked, so tries sent all at once cannot slip past the count. After ``free`` failed
tries for an account, the next one waits: 1 s, then 2 s, 4 s … up to ``longest``; while
one of its tries is still being checked, a further one is refused at once. An address
has the same rule with a much higher allowance (``free_per_address``: a school's NAT or
a reverse proxy puts many observers behind one address), so a locked account never
holds back another account's login from the same address. A success clears the
account's record and takes its own try off the address's count. Every failed answer is
also held back ``delay`` seconds, so guessing is slow even from many addresses.
"""

from __future__ import annotations

import threading
import time

from attrs import define, field


@define
class _Record:
    tries: int = 0  # started and not succeeded
    checking: int = 0  # started and not finished yet
    locked_until: float = 0.0
    last: float = 0.0


@define
class LoginThrottle:
    delay: float = 1.0
    free: int = 3
    free_per_address: int = 50
    first_wait: float = 1.0
    longest: float = 300.0
    forget_after: float = 3600.0
    """An address's failures older than this (and no lock) are forgotten."""
    clock: object = time.monotonic
    _records: dict[str, _Record] = field(factory=dict)
    _lock: threading.Lock = field(factory=threading.Lock)

    def _keys(self, login: str, address: str) -> list[tuple[str, int]]:
        return [(f"login:{login.lower()}", self.free), (f"address:{address}", self.free_per_address)]

    def _record(self, key: str, now: float) -> _Record:
        record = self._records.get(key)
        if record is None or (not record.checking and record.locked_until <= now
                              and now - record.last > self.forget_after):
            record = self._records[key] = _Record()
        return record

    def _refusal(self, record: _Record, allowed: int, now: float) -> float:
        if record.locked_until > now:
            return record.locked_until - now
        if record.tries >= allowed and record.checking:
            return self.first_wait  # one still being checked may lock it
        return 0.0

    def wait(self, login: str, address: str) -> float:
        """Seconds before another try is allowed (0 when it is); counts nothing."""
        now = self.clock()
        with self._lock:
            return max(self._refusal(self._record(key, now), allowed, now)
                       for key, allowed in self._keys(login, address))

    def begin(self, login: str, address: str) -> float:
        """Start a try: 0 when it may be checked (and it is counted now), else the seconds to wait."""
        now = self.clock()
        with self._lock:
            keys = [(self._record(key, now), allowed) for key, allowed in self._keys(login, address)]
            refusal = max(self._refusal(record, allowed, now) for record, allowed in keys)
            if refusal > 0:
                return refusal
            for record, allowed in keys:
                record.tries += 1
                record.checking += 1
                record.last = now
                if record.tries > allowed:  # beyond the free tries: the next one waits
                    extra = record.tries - allowed - 1
                    record.locked_until = now + min(self.longest, self.first_wait * 2 ** min(extra, 30))
            self._forget_quiet(now)
            return 0.0

    def failed(self, login: str, address: str) -> None:
        """The try that :meth:`begin` allowed had a wrong login or password."""
        with self._lock:
            for key, _allowed in self._keys(login, address):
                record = self._records.get(key)
                if record is not None and record.checking:
                    record.checking -= 1

    def succeeded(self, login: str, address: str) -> None:
        """The try was right: the account starts afresh; the address forgets this one try."""
        with self._lock:
            (login_key, _), (address_key, _) = self._keys(login, address)
            self._records.pop(login_key, None)
            record = self._records.get(address_key)
            if record is not None:
                record.checking = max(0, record.checking - 1)
                record.tries = max(0, record.tries - 1)

    def _forget_quiet(self, now: float) -> None:
        """Keep memory bounded: drop the oldest records with no lock and nothing being checked."""
        if len(self._records) <= 10000:
            return
        quiet = [key for key, record in self._records.items()
                 if record.locked_until < now and not record.checking]
        for key in quiet[:5000]:
            del self._records[key]
