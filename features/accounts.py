"""Observer accounts for ``classwalk serve``: a login, the observer's name, an optional school.

Passwords are hashed with scrypt (memory-hard, in the standard library) and a salt of
their own; only the hash is stored. :func:`verify` takes the same time whether or not
the login exists, so a wrong login and a wrong password look alike.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import hmac
import re
import secrets
from typing import TYPE_CHECKING

from attrs import frozen

from classwalk.core.errors import ClasswalkError, NotFound
from classwalk.core.escape import for_terminal
from classwalk.core.clock import now
from classwalk.core.records.names import check_name

if TYPE_CHECKING:
    from classwalk.core.storage.store import Store

# scrypt cost: 2**15 x 8 x 128 bytes = 32 MiB of memory per hash, about 0.1 s.
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**15, 8, 1
SCRYPT_MAXMEM = 64 * 1024 * 1024
MIN_PASSWORD = 10
MAX_PASSWORD = 1024
LOGIN_PATTERN = re.compile(r"[a-z0-9][a-z0-9._-]{0,63}")


@frozen
class Account:
    """Who may log in to a served classwalk, and as which observer."""

    login: str
    observer: str
    school: str | None
    password_hash: str
    own_walks: bool = False
    """Only the walks this observer is an observer of (``classwalk users add --own-walks``)."""

    @property
    def fingerprint(self) -> str:
        """Changes whenever the password does: sessions signed with it end then."""
        return hashlib.sha256(self.password_hash.encode("ascii")).hexdigest()[:16]


def hash_password(password: str, *, n: int = SCRYPT_N) -> str:
    """``scrypt$n$r$p$salt$hash`` for ``password``, with a new random salt."""
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode("utf-8"), salt=salt, n=n, r=SCRYPT_R, p=SCRYPT_P,
                            maxmem=SCRYPT_MAXMEM, dklen=32)
    encode = lambda raw: base64.b64encode(raw).decode("ascii")  # noqa: E731
    return f"scrypt${n}${SCRYPT_R}${SCRYPT_P}${encode(salt)}${encode(digest)}"


def password_matches(password: str, stored: str) -> bool:
    """Whether ``password`` hashes to ``stored`` (compared in constant time)."""
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
        if scheme != "scrypt":
            return False
        expected = base64.b64decode(digest)
        actual = hashlib.scrypt(password.encode("utf-8"), salt=base64.b64decode(salt), n=int(n),
                                r=int(r), p=int(p), maxmem=SCRYPT_MAXMEM, dklen=len(expected))
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(actual, expected)


@functools.cache
def decoy_hash() -> str:
    """A hash to check against when a login does not exist, so that costs the same."""
    return hash_password(secrets.token_urlsafe(16))


def check_login(login: str) -> str:
    """``login`` when it is a valid login name; a one-line error otherwise."""
    if not LOGIN_PATTERN.fullmatch(login or ""):
        raise ClasswalkError(
            f"login '{for_terminal(login)}': use 1-64 lower-case letters, digits, '.', '-' or '_', "
            "starting with a letter or digit"
        )
    return login


def check_password(password: str) -> str:
    """``password`` when it is long enough to keep; a one-line error otherwise."""
    if len(password) < MIN_PASSWORD:
        raise ClasswalkError(f"password: at least {MIN_PASSWORD} characters, please")
    if len(password) > MAX_PASSWORD:
        raise ClasswalkError(f"password: at most {MAX_PASSWORD} characters")
    if any(not ch.isprintable() for ch in password):
        raise ClasswalkError("password: no control characters or line breaks")
    return password


def _check_text(what: str, value: str, longest: int = 200) -> str:
    value = value.strip()
    if not value or len(value) > longest or any(not ch.isprintable() for ch in value):
        raise ClasswalkError(f"{what} '{for_terminal(value)}': 1-{longest} printable characters")
    return check_name(what, value, longest)  # and nothing drawn as nothing (a Hangul filler), NFC


class Accounts:
    """The accounts table of one classwalk database."""

    def __init__(self, store: Store):
        self.store = store

    def _row_to_account(self, row: dict) -> Account:
        return Account(login=row["login"], observer=row["observer"], school=row["school"] or None,
                       password_hash=row["password_hash"], own_walks=bool(row.get("own_walks")))

    def list(self) -> list[Account]:
        return [self._row_to_account(row) for row in self.store.db.query("SELECT * FROM accounts ORDER BY login")]

    def count(self) -> int:
        return self.store.db.execute("SELECT COUNT(*) FROM accounts").fetchone()[0]

    def find(self, login: str) -> Account | None:
        rows = list(self.store.db.query("SELECT * FROM accounts WHERE login = ?", [login]))
        return self._row_to_account(rows[0]) if rows else None

    def get(self, login: str) -> Account:
        account = self.find(login)
        if account is None:
            raise NotFound(f"no account '{for_terminal(login)}' (see 'classwalk users list')")
        return account

    def add(self, login: str, password: str, *, observer: str | None = None,
            school: str | None = None, own_walks: bool = False) -> Account:
        """A new account; its observer name defaults to the login. ``own_walks`` keeps it to the
        walks its observer is an observer of."""
        check_login(login)
        observer = _check_text("observer name", observer if observer is not None else login, 80)
        school = _check_text("school", school) if school is not None else None
        check_password(password)
        if self.find(login) is not None:
            raise ClasswalkError(f"account {login!r} exists already ('classwalk users passwd {login}' changes its password)")
        stamp = now().isoformat()
        with self.store.transaction():
            self.store.db.execute(
                "INSERT INTO accounts (login, observer, school, password_hash, created_at, updated_at, own_walks)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)",
                [login, observer, school, hash_password(password), stamp, stamp, int(own_walks)],
            )
        return self.get(login)

    def set_password(self, login: str, password: str) -> Account:
        """A new password for ``login``; its sessions signed with the old one end."""
        self.get(login)
        check_password(password)
        with self.store.transaction():
            self.store.db.execute("UPDATE accounts SET password_hash = ?, updated_at = ? WHERE login = ?",
                                  [hash_password(password), now().isoformat(), login])
        return self.get(login)

    def remove(self, login: str) -> None:
        self.get(login)
        with self.store.transaction():
            self.store.db.execute("DELETE FROM accounts WHERE login = ?", [login])

    def verify(self, login: str, password: str) -> Account | None:
        """The account when ``password`` is its password; None otherwise (same cost either way)."""
        account = self.find(login) if LOGIN_PATTERN.fullmatch(login or "") else None
        if len(password) > MAX_PASSWORD:
            password = password[:MAX_PASSWORD]
        matches = password_matches(password, account.password_hash if account else decoy_hash())
        return account if account is not None and matches else None
