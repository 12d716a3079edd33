"""The web server: textual-serve's page, websocket and downloads, behind observer logins.

Routes: ``/`` (the login form, or the UI once logged in), ``/login`` and ``/logout``
(POST), ``/ws`` (the UI's websocket: one process per connection, run as the logged-in
observer), ``/download/{key}`` (exports the UI hands to the browser) and ``/static``.
Without a valid session ``/ws`` and downloads answer 401; a websocket opened from
another site's page answers 403.
"""

from __future__ import annotations

import asyncio
import logging
import shlex
import ssl
import sys
from pathlib import Path
from urllib.parse import urlsplit

from aiohttp import web
from textual_serve.app_service import AppService
from textual_serve.server import Server

from classwalk.features.accounts import Account, Accounts, MAX_PASSWORD, decoy_hash, password_matches
from .pages import SECURITY_HEADERS, app_page, login_page
from .secret import load_or_create_secret, secret_path
from .sessions import COOKIE_NAME, DEFAULT_LIFETIME, SessionSigner
from .throttle import LoginThrottle

log = logging.getLogger("classwalk.serve")
SESSION_CHECK_SECONDS = 30
MAX_BUNDLE_BYTES = 32 * 1024 * 1024
SYNC_HEADER = "X-Classwalk-Sync"


def ui_command(db_path: Path, account: Account) -> str:
    """The shell command that runs one observer's UI (quoted: names may hold anything)."""
    args = [sys.executable, "-m", "classwalk.tui", "--db", str(db_path), "--observer", account.observer]
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
                 throttle: LoginThrottle | None = None):
        scheme = "https" if ssl_context else "http"
        super().__init__("classwalk", host=host, port=port, title="classwalk",
                         public_url=public_url.rstrip("/") if public_url else None)
        if public_url is None and ssl_context:
            self.public_url = f"{scheme}://{host}:{port}"
        self.explicit_public_url = public_url is not None
        self.db_path = Path(db_path)
        self.ssl_context = ssl_context
        from classwalk.api import Classwalk

        self.classwalk = Classwalk(db_path=self.db_path)
        self.store = self.classwalk.store
        self.accounts = Accounts(self.store)
        self.signer = SessionSigner(load_or_create_secret(secret_path(self.db_path)), session_lifetime)
        self.throttle = throttle or LoginThrottle()
        self.max_sessions = max_sessions
        self.sessions: dict[str, str] = {}  # app service id -> login

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

    def account_for(self, request: web.Request) -> Account | None:
        """The account of a valid, unexpired session cookie whose password is still current."""
        session = self.signer.read(request.cookies.get(COOKIE_NAME))
        if session is None:
            return None
        account = self.accounts.find(session.login)
        if account is None or account.fingerprint != session.fingerprint:
            return None
        return account

    # the app -----------------------------------------------------------------

    async def _make_app(self) -> web.Application:
        app = web.Application(middlewares=[self.security_headers], client_max_size=MAX_BUNDLE_BYTES)
        app.add_routes([
            web.get("/", self.handle_index, name="index"),
            web.post("/login", self.handle_login, name="login"),
            web.post("/logout", self.handle_logout, name="logout"),
            web.get("/ws", self.handle_websocket, name="websocket"),
            web.post("/import", self.handle_import, name="bundle_import"),
            web.get("/download/{key}", self.handle_download, name="download"),
            web.get("/favicon.ico", self.handle_no_icon),
            web.static("/static", self.statics_path, show_index=False, name="static"),
        ])
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

    async def handle_no_icon(self, request: web.Request) -> web.Response:
        return web.Response(status=204)

    def _html(self, text: str, status: int = 200) -> web.Response:
        return web.Response(text=text, status=status, content_type="text/html", charset="utf-8")

    async def handle_index(self, request: web.Request) -> web.Response:
        if self.account_for(request) is None:
            return self._html(login_page())
        try:
            font_size = max(8, min(40, int(request.query.get("fontsize", "16"))))
        except ValueError:
            font_size = 16
        scheme = "wss" if self.secure(request) else "ws"
        netloc = urlsplit(self.origin(request)).netloc
        return self._html(app_page(f"{scheme}://{netloc}/ws", font_size))

    async def handle_login(self, request: web.Request) -> web.Response:
        if not self.same_origin(request):
            return self._html(login_page("This form was sent from another site."), status=403)
        form = await request.post()
        login = str(form.get("login", "")).strip().lower()[:64]
        password = str(form.get("password", ""))[:MAX_PASSWORD]
        address = request.remote or "unknown"
        wait = self.throttle.wait(login, address)
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
        response = web.HTTPSeeOther("/")
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
        text = await request.text()
        from classwalk.core.errors import ClasswalkError
        from classwalk.features.bundles import import_bundle, parse_bundle

        source = f"bundle from {account.login}"
        try:
            if account.school and parse_bundle(text, source).walk.school != account.school:
                return web.json_response(
                    {"error": f"account {account.login} is limited to {account.school}: this walk is at another school"},
                    status=403)
            result = import_bundle(self.classwalk, text, source, account=account)
        except ClasswalkError as error:
            return web.json_response({"error": str(error)}, status=400)
        log.info("%s synced walk %s: %s", account.login, result.walk_id[:8], result.summary().splitlines()[0])
        return web.json_response({"walk": result.walk_id, "changed": result.changed, "summary": result.summary()})

    async def handle_download(self, request: web.Request) -> web.StreamResponse:
        account = self.account_for(request)
        if account is None:
            raise web.HTTPUnauthorized(text="log in first")
        download = self.download_manager._active_downloads.get(request.match_info["key"])
        if download is None or self.sessions.get(download.app_service.app_service_id) != account.login:
            raise web.HTTPNotFound(text="no such download")
        return await super().handle_download(request)

    async def handle_websocket(self, request: web.Request) -> web.StreamResponse:
        account = self.account_for(request)
        if account is None:
            raise web.HTTPUnauthorized(text="log in first")
        if not self.same_origin(request):
            raise web.HTTPForbidden(text="this server's own page only")
        if len(self.sessions) >= self.max_sessions:
            raise web.HTTPServiceUnavailable(text="the server is full: try again in a while")
        width = _cells(request.query.get("width"), 80)
        height = _cells(request.query.get("height"), 24)
        websocket = web.WebSocketResponse(heartbeat=15, max_msg_size=1024 * 1024)
        await websocket.prepare(request)
        service = AppService(ui_command(self.db_path, account), write_bytes=websocket.send_bytes,
                             write_str=websocket.send_str, close=websocket.close,
                             download_manager=self.download_manager, debug=self.debug)
        self.sessions[service.app_service_id] = account.login
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
        self.classwalk.close()

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
