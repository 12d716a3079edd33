"""``classwalk sync URL``: send this database's walks to a ``classwalk serve`` server.

The client logs in with an account of that server, then sends each walk as a JSON bundle
to its ``/import``, where the same checks and merge as ``classwalk import`` run. Sending
twice changes nothing. Passwords only travel over HTTPS, or to this machine itself.
"""

from __future__ import annotations

import http.client
import ipaddress
import json
import ssl
from http.cookies import SimpleCookie
from typing import Iterator
from urllib.parse import urlencode, urlsplit

from attrs import frozen

from classwalk.core.errors import ClasswalkError
from classwalk.core.escape import for_terminal

COOKIE_NAME = "classwalk_session"
TIMEOUT = 60


@frozen
class SyncAnswer:
    """What the server said about one walk."""

    walk_id: str
    ok: bool
    changed: bool
    message: str


def _loopback(host: str) -> bool:
    if host in ("localhost", "localhost.localdomain"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class SyncClient:
    """One server: its address, and the session once logged in."""

    def __init__(self, url: str):
        parts = urlsplit(url.strip())
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ClasswalkError(f"{for_terminal(url)}: give the server's address, like https://walks.example.org")
        if parts.scheme == "http" and not _loopback(parts.hostname):
            raise ClasswalkError(f"{for_terminal(url)}: only over https:// (a password must not cross the network in clear)")
        self.parts = parts
        self.base = parts.path.rstrip("/")
        self.cookie: str | None = None

    def _connection(self) -> http.client.HTTPConnection:
        host, port = self.parts.hostname, self.parts.port
        if self.parts.scheme == "https":
            return http.client.HTTPSConnection(host, port, timeout=TIMEOUT, context=ssl.create_default_context())
        return http.client.HTTPConnection(host, port, timeout=TIMEOUT)

    def _request(self, method: str, path: str, body: bytes, headers: dict[str, str]) -> tuple[int, dict, bytes]:
        connection = self._connection()
        try:
            connection.request(method, self.base + path, body=body, headers=headers)
            response = connection.getresponse()
            return response.status, dict(response.getheaders()), response.read()
        except (OSError, http.client.HTTPException) as error:
            where = f"{self.parts.scheme}://{self.parts.netloc}"
            raise ClasswalkError(f"{where}: cannot reach the server ({getattr(error, 'strerror', None) or error})") from None
        finally:
            connection.close()

    def log_in(self, login: str, password: str) -> None:
        body = urlencode({"login": login, "password": password}).encode("utf-8")
        status, headers, _ = self._request("POST", "/login", body,
                                           {"Content-Type": "application/x-www-form-urlencoded"})
        if status == 429:
            raise ClasswalkError("login refused: too many failed tries; wait a while and try again")
        if status != 303:
            raise ClasswalkError(f"login refused for {for_terminal(login)!r}: wrong login or password")
        cookie = SimpleCookie()
        cookie.load(headers.get("Set-Cookie", ""))
        if COOKIE_NAME not in cookie:
            raise ClasswalkError("the server answered the login without a session: is it a classwalk server?")
        self.cookie = cookie[COOKIE_NAME].value

    def send(self, walk_id: str, bundle_text: str) -> SyncAnswer:
        status, _, body = self._request("POST", "/import", bundle_text.encode("utf-8"), {
            "Content-Type": "application/json", "X-Classwalk-Sync": "1",
            "Cookie": f"{COOKIE_NAME}={self.cookie}",
        })
        try:
            answer = json.loads(body or b"{}")
        except ValueError:
            answer = {}
        if status == 200:
            return SyncAnswer(walk_id, True, bool(answer.get("changed")), str(answer.get("summary", "")))
        if status == 401:
            raise ClasswalkError("the server ended the session: log in again")
        return SyncAnswer(walk_id, False, False, for_terminal(str(answer.get("error") or f"refused ({status})")))


def sync_walks(classwalk, client: SyncClient, walk_ids: list[str] | None = None) -> Iterator[SyncAnswer]:
    """Send each walk (all of them, deleted ones included, unless ``walk_ids``) as a bundle."""
    from classwalk.features.outputs.export import bundle_json

    store = classwalk.store
    if walk_ids is None:
        walk_ids = [walk.id for walk in [*store.list_walks(), *store.deleted_walks()]]
    for walk_id in walk_ids:
        yield client.send(walk_id, bundle_json(classwalk, walk_id))
