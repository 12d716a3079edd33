"""The web server: textual-serve's page, websocket and downloads, behind observer logins.

Routes: ``/`` (the login form, or the UI once logged in), ``/login`` and ``/logout``
(POST; logging out ends the session on the server), ``/ws`` (the UI's websocket: one
process per connection, run as the logged-in observer, at most ``max_sessions`` in all
and ``max_sessions_per_account`` per account), ``/import`` (``classwalk sync``; each
bundle checked in a process of its own), ``/download/{key}`` (exports the UI hands to
the browser), ``/page.js`` and ``/static``. Without a valid session ``/ws`` and
downloads answer 401; a websocket opened from another site's page answers 403.
"""

from __future__ import annotations

import asyncio
import json
import logging
import shlex
import ssl
import sys
from pathlib import Path
from urllib.parse import urlsplit

from aiohttp import web
from textual_serve.app_service import AppService
from textual_serve.server import Server

from classwalk.features.accounts import Account, MAX_PASSWORD, decoy_hash, password_matches
from .browser_zone import browser_zone, times_in_browser_zone
from .capture import add_capture_routes
from .pages import PAGE_SCRIPT, SECURITY_HEADERS, app_page, login_page
from .revoked import RevokedSessions, revoked_path
from .secret import load_or_create_secret, secret_path
from .sessions import COOKIE_NAME, DEFAULT_LIFETIME, Session, SessionSigner
from .throttle import LoginThrottle

log = logging.getLogger("classwalk.serve")
SESSION_CHECK_SECONDS = 30
MAX_BUNDLE_BYTES = 32 * 1024 * 1024
IMPORTS_AT_ONCE = 2  # each in its own process; more wait their turn
SYNC_HEADER = "X-Classwalk-Sync"


def ui_command(db_path: Path, account: Account, zone: str | None = None) -> str:
    """The shell command that runs one observer's UI (quoted: names may hold anything), showing
    times in ``zone`` (their browser's, already checked) when given."""
    args = [sys.executable, "-m", "classwalk.tui", "--db", str(db_path), "--observer", account.observer]
    if zone:
        args += ["--tz", zone]
    if account.school:
        args += ["--only-school", account.school]
    if getattr(account, "own_walks", False):
        args.append("--own-walks")
    return shlex.join(args)


class ClasswalkServer(Server):
    """textual-serve's server with logins, per-observer processes and security headers."""

    def __init__(self, db_path: Path, *, host: str = "127.0.0.1", port: int = 8000,
                 public_url: str | None = None, ssl_context: ssl.SSLContext | None = None,
                 session_lifetime: float = DEFAULT_LIFETIME, max_sessions: int = 50,
                 max_sessions_per_account: int = 3, throttle: LoginThrottle | None = None):
        scheme = "https" if ssl_context else "http"
        super().__init__("classwalk", host=host, port=port, title="classwalk",
                         public_url=public_url.rstrip("/") if public_url else None)
        if public_url is None and ssl_context:
            self.public_url = f"{scheme}://{host}:{port}"
        self.explicit_public_url = public_url is not None
        self.db_path = Path(db_path)
        self.ssl_context = ssl_context
        from classwalk.api import Classwalk

        self.api = Classwalk(db_path=self.db_path)
        self.store = self.api.store  # the database itself, closed when the server stops
        self.accounts = self.api.accounts()
        self.signer = SessionSigner(load_or_create_secret(secret_path(self.db_path)), session_lifetime)
        self.revoked = RevokedSessions(revoked_path(self.db_path))
        self.throttle = throttle or LoginThrottle()
        self.max_sessions = max_sessions
        self.max_sessions_per_account = max_sessions_per_account
        self.sessions: dict[str, str] = {}  # app service id -> login
        self.import_slots = asyncio.Semaphore(IMPORTS_AT_ONCE)
        self.session_sockets: dict[str, tuple[str, web.WebSocketResponse]] = {}  # app service id -> (session id, socket)

    # who is asking -----------------------------------------------------------

    def origin(self, request: web.Request) -> str:
        """The origin pages of this server have, as browsers write it."""
        if self.explicit_public_url or self.ssl_context:
            parts = urlsplit(self.public_url)
            return f"{parts.scheme}://{parts.netloc}"
        return f"{request.scheme}://{request.host}"

    def secure(self, request: web.Request) -> bool:
        return self.origin(request).startswith("https:") or request.secure

    def same_origin(self, request: web.Request) -> bool:
        """False when a browser says the request comes from another site's page."""
        origin = request.headers.get("Origin")
        return origin is None or origin == self.origin(request)

    def session_for(self, request: web.Request) -> tuple[Session, Account] | None:
        """The session of a valid, unexpired cookie not logged out, with its account
        (whose password is still the one it logged in with)."""
        session = self.signer.read(request.cookies.get(COOKIE_NAME))
        if session is None or self.revoked.ended(session):
            return None
        account = self.accounts.find(session.login)
        if account is None or account.fingerprint != session.fingerprint:
            return None
        return session, account

    def account_for(self, request: web.Request) -> Account | None:
        """The account of a valid session cookie (see :meth:`session_for`), or None."""
        found = self.session_for(request)
        return found[1] if found else None

    # the app -----------------------------------------------------------------

    async def _make_app(self) -> web.Application:
        app = web.Application(middlewares=[self.security_headers, times_in_browser_zone], client_max_size=MAX_BUNDLE_BYTES)
        app.add_routes([
            web.get("/", self.handle_index, name="index"),
            web.post("/login", self.handle_login, name="login"),
            web.post("/logout", self.handle_logout, name="logout"),
            web.get("/ws", self.handle_websocket, name="websocket"),
            web.post("/import", self.handle_import, name="bundle_import"),
            web.get("/download/{key}", self.handle_download, name="download"),
            web.get("/page.js", self.handle_page_script),
            web.get("/favicon.ico", self.handle_no_icon),
            web.static("/static", self.statics_path, show_index=False, name="static"),
        ])
        add_capture_routes(app, self)
        app.on_startup.append(self.on_startup)
        app.on_shutdown.append(self.on_shutdown)
        return app

    @web.middleware
    async def security_headers(self, request: web.Request, handler):
        try:
            response = await handler(request)
        except web.HTTPException as error:
            self._add_headers(request, error)
            raise
        self._add_headers(request, response)
        return response

    def _add_headers(self, request: web.Request, response: web.StreamResponse) -> None:
        if response.prepared:
            return
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        if self.secure(request):
            response.headers.setdefault("Strict-Transport-Security", "max-age=31536000")

    async def handle_page_script(self, request: web.Request) -> web.Response:
        return web.Response(text=PAGE_SCRIPT, content_type="text/javascript", charset="utf-8")

    async def handle_no_icon(self, request: web.Request) -> web.Response:
        return web.Response(status=204)

    def _html(self, text: str, status: int = 200) -> web.Response:
        return web.Response(text=text, status=status, content_type="text/html", charset="utf-8")

    async def handle_index(self, request: web.Request) -> web.Response:
        account = self.account_for(request)
        if account is None:
            return self._html(login_page("You are logged out." if "logged-out" in request.query else ""))
        try:
            font_size = max(8, min(40, int(request.query.get("fontsize", "16"))))
        except ValueError:
            font_size = 16
        scheme = "wss" if self.secure(request) else "ws"
        netloc = urlsplit(self.origin(request)).netloc
        return self._html(app_page(f"{scheme}://{netloc}/ws", font_size, account.login))

    async def handle_login(self, request: web.Request) -> web.Response:
        if not self.same_origin(request):
            return self._html(login_page("This form was sent from another site."), status=403)
        form = await request.post()
        login = str(form.get("login", "")).strip().lower()[:64]
        password = str(form.get("password", ""))[:MAX_PASSWORD]
        address = request.remote or "unknown"
        wait = self.throttle.begin(login, address)  # counted now, before the password is checked
        if wait > 0:
            await asyncio.sleep(min(wait, self.throttle.delay))
            return self._html(login_page(f"Too many failed tries: wait {int(wait) + 1} s and try again.", login), status=429)
        account = self.accounts.find(login) if login else None
        stored = account.password_hash if account else decoy_hash()
        matches = await asyncio.get_running_loop().run_in_executor(None, password_matches, password, stored)
        if account is None or not matches:
            self.throttle.failed(login, address)
            log.warning("failed login for %r from %s", login, address)
            await asyncio.sleep(self.throttle.delay)
            return self._html(login_page("Wrong login or password.", login), status=401)
        self.throttle.succeeded(login, address)
        log.info("%s logged in from %s", login, address)
        response = web.HTTPSeeOther("/")
        response.set_cookie(COOKIE_NAME, self.signer.issue(account.login, account.fingerprint),
                            max_age=int(self.signer.lifetime), path="/", httponly=True,
                            samesite="Strict", secure=self.secure(request))
        raise response

    async def handle_logout(self, request: web.Request) -> web.Response:
        """End the session on the server (its cookie is refused from now on) and close its UIs."""
        if not self.same_origin(request):
            return self._html(login_page("This form was sent from another site."), status=403)
        found = self.session_for(request)
        if found is not None:
            session, account = found
            self.revoked.end(session)
            for service_id, (nonce, websocket) in list(self.session_sockets.items()):
                if nonce == session.nonce:
                    await websocket.close()
            log.info("%s logged out", account.login)
        response = web.HTTPSeeOther("/?logged-out")
        response.del_cookie(COOKIE_NAME, path="/")
        raise response

    async def handle_import(self, request: web.Request) -> web.Response:
        """``classwalk sync``: merge one walk bundle, with the same checks as ``classwalk import``."""
        account = self.account_for(request)
        if account is None:
            return web.json_response({"error": "log in first"}, status=401)
        if request.headers.get(SYNC_HEADER) != "1" or request.content_type != "application/json":
            return web.json_response({"error": "send bundles with 'classwalk sync'"}, status=400)
        if not self.same_origin(request):
            return web.json_response({"error": "this server's own clients only"}, status=403)
        raw = await request.read()
        status, answer = await self.import_elsewhere(raw, account)
        if status == 200:
            log.info("%s synced walk %s: %s", account.login, answer["walk"][:8], answer["summary"].splitlines()[0])
        else:
            log.warning("%s: bundle refused (%s)", account.login, status)  # the reason may quote a note
        return web.json_response(answer, status=status)

    async def import_elsewhere(self, raw: bytes, account: Account) -> tuple[int, dict]:
        """Check and merge one bundle in a process of its own (see :mod:`.import_worker`),
        so a large one never holds up the other observers."""
        command = [sys.executable, "-m", "classwalk.serve.import_worker", "--db", str(self.db_path),
                   "--login", account.login]
        if account.school:
            command += ["--school", account.school]
        async with self.import_slots:
            try:
                worker = await asyncio.create_subprocess_exec(*command, stdin=asyncio.subprocess.PIPE,
                                                              stdout=asyncio.subprocess.PIPE,
                                                              stderr=asyncio.subprocess.PIPE)
                out, err = await worker.communicate(raw)
            except OSError as error:  # no process to spare: say so in one line
                log.warning("%s: cannot start an import process (%s)", account.login, error.strerror or error)
                return 503, {"error": "the server is busy: send the walk again in a while"}
        try:
            answer = json.loads(out.decode("utf-8").strip().splitlines()[-1])
            return int(answer.pop("status")), answer
        except (ValueError, IndexError, KeyError, UnicodeDecodeError):
            problem = " ".join(err.decode("utf-8", "replace").split())[-300:]
            log.warning("%s: the import process ended without an answer (%s)", account.login, problem)
            return 500, {"error": "the server could not import this bundle; see its log"}

    async def handle_download(self, request: web.Request) -> web.StreamResponse:
        account = self.account_for(request)
        if account is None:
            raise web.HTTPUnauthorized(text="log in first")
        download = self.download_manager._active_downloads.get(request.match_info["key"])
        if download is None or self.sessions.get(download.app_service.app_service_id) != account.login:
            raise web.HTTPNotFound(text="no such download")
        return await super().handle_download(request)

    async def handle_websocket(self, request: web.Request) -> web.StreamResponse:
        found = self.session_for(request)
        if found is None:
            raise web.HTTPUnauthorized(text="log in first")
        session, account = found
        if not self.same_origin(request):
            raise web.HTTPForbidden(text="this server's own page only")
        if len(self.sessions) >= self.max_sessions:
            raise web.HTTPServiceUnavailable(text="the server is full: try again in a while")
        own = sum(1 for login in self.sessions.values() if login == account.login)
        if own >= self.max_sessions_per_account:
            raise web.HTTPTooManyRequests(
                text=f"{account.login} has {own} classwalk pages open already (at most "
                     f"{self.max_sessions_per_account}): close one, or log out there, and reload")
        width = _cells(request.query.get("width"), 80)
        height = _cells(request.query.get("height"), 24)
        place = f"opening-{id(request)}"
        self.sessions[place] = account.login  # held before the first await, so the caps hold at once
        websocket = web.WebSocketResponse(heartbeat=15, max_msg_size=1024 * 1024)
        try:
            await websocket.prepare(request)
        finally:
            del self.sessions[place]
        command = ui_command(self.db_path, account, zone=browser_zone(request))  # times in the browser's zone
        service = AppService(command, write_bytes=websocket.send_bytes,
                             write_str=websocket.send_str, close=websocket.close,
                             download_manager=self.download_manager, debug=self.debug)
        self.sessions[service.app_service_id] = account.login
        self.session_sockets[service.app_service_id] = (session.nonce, websocket)
        watcher = asyncio.create_task(self._end_when_invalid(request, websocket))
        log.info("%s opened a UI (%d open)", account.login, len(self.sessions))
        try:
            await service.start(width, height)
            await self._process_messages(websocket, service)
        except asyncio.CancelledError:
            await websocket.close()
        except Exception as error:  # a broken message ends this session, not the server
            log.warning("%s: UI session ended: %s", account.login, error)
        finally:
            watcher.cancel()
            self.sessions.pop(service.app_service_id, None)
            self.session_sockets.pop(service.app_service_id, None)
            await service.stop()
            if not websocket.closed:
                await websocket.close()
        return websocket

    async def _end_when_invalid(self, request: web.Request, websocket: web.WebSocketResponse) -> None:
        """Close the UI once its session expires, or its account is removed or re-passworded."""
        while not websocket.closed:
            await asyncio.sleep(SESSION_CHECK_SECONDS)
            if self.account_for(request) is None:
                await websocket.close()

    # running -----------------------------------------------------------------

    def initialize_logging(self) -> None:
        logging.basicConfig(level=logging.DEBUG if self.debug else logging.INFO,
                            format="%(asctime)s %(name)s: %(message)s", stream=sys.stderr)
        logging.getLogger("aiohttp.access").setLevel(logging.WARNING)

    async def on_startup(self, app: web.Application) -> None:
        print(f"classwalk: serving {self.db_path.name} on {self.public_url} "
              f"({plural(self.accounts.count(), 'account')}); Ctrl+C stops", file=sys.stderr, flush=True)

    async def on_shutdown(self, app: web.Application) -> None:
        self.api.close()

    def serve(self, debug: bool = False) -> None:
        self.debug = debug
        self.initialize_logging()
        loop = asyncio.new_event_loop()
        asyncio.set_event_loop(loop)
        try:
            import signal

            loop.add_signal_handler(signal.SIGINT, self.request_exit)
            loop.add_signal_handler(signal.SIGTERM, self.request_exit)
        except (NotImplementedError, RuntimeError):
            pass
        web.run_app(self._make_app(), host=self.host, port=self.port, ssl_context=self.ssl_context,
                    handle_signals=False, loop=loop, print=lambda *args: None, access_log=None)


def plural(count: int, noun: str) -> str:
    return f"{count} {noun}" + ("" if count == 1 else "s")


def _cells(value: str | None, default: int) -> int:
    try:
        return max(10, min(500, int(value or default)))
    except ValueError:
        return default
