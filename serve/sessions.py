"""Signed session cookies: who logged in, until when, under which password.

A token is ``payload.signature``: the payload names the login, the account's password
fingerprint and the expiry; the signature is HMAC-SHA256 with the server's key. A new
password or a removed account ends the sessions made before.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
import time

from attrs import frozen

COOKIE_NAME = "classwalk_session"
DEFAULT_LIFETIME = 8 * 3600  # a school day


@frozen
class Session:
    login: str
    fingerprint: str
    expires: float
    nonce: str = ""
    """This login's own random id: logging out revokes it (see :mod:`classwalk.serve.revoked`)."""


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


class SessionSigner:
    """Makes and checks session tokens with one key."""

    def __init__(self, key: bytes, lifetime: float = DEFAULT_LIFETIME):
        self.key = key
        self.lifetime = lifetime

    def _sign(self, payload: str) -> str:
        return _b64(hmac.new(self.key, payload.encode("ascii"), hashlib.sha256).digest())

    def issue(self, login: str, fingerprint: str, now: float | None = None) -> str:
        expires = (time.time() if now is None else now) + self.lifetime
        body = {"u": login, "f": fingerprint, "e": int(expires), "n": secrets.token_urlsafe(8)}
        payload = _b64(json.dumps(body, separators=(",", ":")).encode("utf-8"))
        return f"{payload}.{self._sign(payload)}"

    def read(self, token: str | None, now: float | None = None) -> Session | None:
        """The session in ``token`` if it is signed with this key and not expired."""
        if not token or token.count(".") != 1 or len(token) > 1024:
            return None
        payload, signature = token.split(".")
        try:
            if not hmac.compare_digest(self._sign(payload), signature):
                return None
            body = json.loads(_unb64(payload))
            session = Session(login=str(body["u"]), fingerprint=str(body["f"]), expires=float(body["e"]),
                              nonce=str(body.get("n", "")))
        except (ValueError, KeyError, TypeError, UnicodeError):
            return None
        if session.expires <= (time.time() if now is None else now):
            return None
        return session
