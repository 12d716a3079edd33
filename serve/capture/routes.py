"""The capture page's routes: pages rendered on the server, a queue endpoint, the team feed.

- ``/capture/`` the login form, or the observer's walks; ``/capture/new`` starts a walk;
- ``/capture/walk/{id}`` a room: look-fors, notes, interviews, own and team notes;
- ``/capture/walk/{id}/debrief`` the debrief prompts and the exports (``export/{md,csv,json}``);
- ``/capture/api/ops`` (POST) applies operations queued on the device, each idempotent;
- ``/capture/api/walks/{id}/notes`` the walk's notes; ``.../feed`` pushes new ones (SSE);
- ``/capture/api/coach`` the judgement-word hint the terminal shows, for a note's text;
- ``/capture/sw.js`` and ``/capture/manifest.json`` make the page installable and offline.
"""

from __future__ import annotations

import asyncio
import json
import logging
import sqlite3
from pathlib import Path

import jinja2
from aiohttp import web

from classwalk.api import door
from classwalk.core.errors import ClasswalkError, NotFound

from ..pages import SECURITY_HEADERS
from .describe import note_data, protocol_outline, timing_outline, walk_fields
from .feed import TeamFeed
from .operations import Operations

log = logging.getLogger("classwalk.serve.capture")
HERE = Path(__file__).parent
MAX_OPS = 50
FEED_CHECK_SECONDS = 15
EXPORTS = {"md": ("text/markdown", "md"), "csv": ("text/csv", "csv"), "json": ("application/json", "json")}
# Stricter than the served UI's: no inline styles at all; the manifest and the worker from here.
CAPTURE_CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
    "connect-src 'self'; manifest-src 'self'; worker-src 'self'; "
    "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
)
LOGIN_FAILURES = {
    401: "Wrong login or password.",
    403: "This form was sent from another site.",
    429: "Too many failed tries: wait a minute and try again.",
}


def add_capture_routes(app: web.Application, server) -> None:
    """Serve the capture page from ``app`` with ``server``'s accounts, sessions and API."""
    CaptureRoutes(server).register(app)


class CaptureRoutes:
    def __init__(self, server):
        self.server = server
        self.feed = TeamFeed()
        self.templates = jinja2.Environment(loader=jinja2.FileSystemLoader(HERE / "templates"),
                                            autoescape=True)

    @property
    def api(self):
        return self.server.api

    def register(self, app: web.Application) -> None:
        app.add_routes([
            web.get("/capture", self.to_capture),
            web.get("/capture/", self.home, name="capture"),
            web.post("/capture/login", self.login),
            web.post("/capture/logout", self.logout),
            web.get("/capture/new", self.new_walk_form),
            web.post("/capture/new", self.new_walk),
            web.get("/capture/walk/{walk}", self.walk_page),
            web.get("/capture/walk/{walk}/debrief", self.debrief_page),
            web.get("/capture/walk/{walk}/export/{fmt}", self.export),
            web.post("/capture/api/ops", self.ops),
            web.get("/capture/api/walks/{walk}/notes", self.notes),
            web.get("/capture/api/walks/{walk}/feed", self.team_feed),
            web.post("/capture/api/coach", self.coach),
            web.get("/capture/sw.js", self.service_worker),
            web.get("/capture/manifest.json", self.manifest),
            web.static("/capture/static", HERE / "static", show_index=False),
        ])
        app.on_shutdown.append(self.on_shutdown)

    async def on_shutdown(self, app: web.Application) -> None:
        self.feed.close()

    # helpers ------------------------------------------------------------------

    def page(self, template: str, status: int = 200, **values) -> web.Response:
        text = self.templates.get_template(template).render(**values)
        response = web.Response(text=text, status=status, content_type="text/html", charset="utf-8")
        response.headers["Content-Security-Policy"] = CAPTURE_CSP
        return response

    def account(self, request: web.Request):
        return self.server.account_for(request)

    def door_for(self, account):
        """The public API as this account: every read and write is kept to its scope."""
        return door(self.api, observer=account.observer, school=account.school or None,
                    own_walks=getattr(account, "own_walks", False))

    def operations(self, account) -> Operations:
        return Operations(self.door_for(account), account)

    def walk_or_404(self, account, walk_id: str):
        try:
            return self.operations(account).walk(walk_id)
        except (NotFound, ClasswalkError):
            raise web.HTTPNotFound(text="no such walk") from None

    @staticmethod
    def api_error(message: str, status: int) -> web.Response:
        return web.json_response({"error": message}, status=status)

    # log in and out -------------------------------------------------------------

    async def to_capture(self, request: web.Request) -> web.Response:
        raise web.HTTPFound("/capture/")

    @staticmethod
    async def _back_to_capture(handler, request: web.Request) -> web.Response:
        """The server's own ``handler``; a redirect it answers with goes to the capture page
        instead (raised), any other answer is returned."""
        try:
            response = await handler(request)
        except web.HTTPException as raised:
            response = raised
        if response.status in (302, 303):
            response.headers["Location"] = "/capture/"
            raise response
        return response

    async def login(self, request: web.Request) -> web.Response:
        """The server's own login (throttle and all), then back to the capture page."""
        response = await self._back_to_capture(self.server.handle_login, request)
        form = await request.post()
        message = LOGIN_FAILURES.get(response.status, "Could not log in: try again.")
        return self.page("login.html", status=response.status, message=message,
                         login=str(form.get("login", ""))[:64])

    async def logout(self, request: web.Request) -> web.Response:
        return await self._back_to_capture(self.server.handle_logout, request)

    # pages ----------------------------------------------------------------------

    async def home(self, request: web.Request) -> web.Response:
        account = self.account(request)
        if account is None:
            return self.page("login.html", message="", login="")
        names = {p.id: p.name for p in self.api.list_protocols()}

        def row(walk):
            return {"id": walk.id, "protocol": names.get(walk.protocol_id, walk.protocol_id), "school": walk.school,
                    "date": walk.date.isoformat(), "focus": walk.focus,
                    "observers": ", ".join(o.name for o in walk.observers)}

        walks = self.door_for(account).walks(status="in_progress", school=account.school, limit=30)
        recent = self.door_for(account).walks(status="debriefing", school=account.school, limit=10)
        return self.page("home.html", observer=account.observer, school=account.school,
                         walks=[row(w) for w in walks], recent=[row(w) for w in recent],
                         protocols=[{"id": p.id, "name": p.name} for p in self.api.list_protocols()])

    def _protocol_or_404(self, protocol_id: str):
        try:
            return self.api.protocol(protocol_id)
        except (NotFound, ClasswalkError):
            raise web.HTTPNotFound(text="no such protocol") from None

    def _new_walk_page(self, account, protocol, values: dict, message: str = "", status: int = 200):
        return self.page("new_walk.html", status=status, observer=account.observer, protocol=protocol,
                         fields=walk_fields(protocol), school_fixed=account.school or "",
                         values=values, message=message)

    async def new_walk_form(self, request: web.Request) -> web.Response:
        account = self.account(request)
        if account is None:
            raise web.HTTPFound("/capture/")
        protocol = self._protocol_or_404(request.query.get("protocol", ""))
        return self._new_walk_page(account, protocol, {"observers": account.observer})

    async def new_walk(self, request: web.Request) -> web.Response:
        account = self.account(request)
        if account is None:
            raise web.HTTPFound("/capture/")
        if not self.server.same_origin(request):
            raise web.HTTPForbidden(text="this server's own page only")
        form = await request.post()
        values = {key: str(form.get(key, ""))[:2000] for key in (
            "school", "focus", "guiding_question", "slice_kind", "slice_tier", "slice_description", "observers")}
        protocol = self._protocol_or_404(str(form.get("protocol", "")))
        observers = [account.observer] + [
            name.strip() for name in values["observers"].splitlines()
            if name.strip() and name.strip() != account.observer]
        try:
            if len(observers) < protocol.min_observers:
                raise ClasswalkError(f"observers: {protocol.name} needs at least {protocol.min_observers}")
            walk = self.door_for(account).start_walk(
                protocol.id, school=account.school or values["school"], observers=observers,
                focus=values["focus"], guiding_question=values["guiding_question"],
                slice=self._slice(protocol, values))
        except ClasswalkError as error:
            return self._new_walk_page(account, protocol, values, str(error), status=400)
        log.info("%s started walk %s (%s)", account.login, walk.id[:8], protocol.id)
        raise web.HTTPSeeOther(f"/capture/walk/{walk.id}")

    @staticmethod
    def _slice(protocol, values: dict):
        if not protocol.requires_slice:
            return None
        from classwalk.core.records.model import Slice

        tier = values["slice_tier"].strip()
        if tier and not tier.isdigit():
            raise ClasswalkError(f"slice tier: {tier!r} is not a whole number")
        try:
            return Slice(kind=values["slice_kind"], tier=int(tier) if tier else None,
                         description=values["slice_description"].strip())
        except (TypeError, ValueError) as error:
            raise ClasswalkError(f"slice: {error}") from None

    def _rooms_seen(self, account, walk) -> list[str]:
        """Rooms of this school's walks, this walk's first, then the others, newest first."""
        rooms: dict[str, None] = {}
        walks = [walk] + [w for w in self.door_for(account).walks(school=walk.school, limit=20) if w.id != walk.id]
        for one in walks:
            for visit in reversed(self.api.visits(one)):
                rooms.setdefault(visit.classroom, None)
        return list(rooms)[:40]

    async def walk_page(self, request: web.Request) -> web.Response:
        account = self.account(request)
        if account is None:
            raise web.HTTPFound("/capture/")
        walk = self.walk_or_404(account, request.match_info["walk"])
        protocol = self.api.protocol(walk.protocol_id)
        outline = protocol_outline(protocol)
        outline_json = json.dumps(outline).replace("<", "\\u003c")
        return self.page("walk.html", walk=walk, protocol=outline, observer=account.observer,
                         timing=timing_outline(protocol, walk), rooms=self._rooms_seen(account, walk),
                         outline_json=outline_json)

    async def debrief_page(self, request: web.Request) -> web.Response:
        account = self.account(request)
        if account is None:
            raise web.HTTPFound("/capture/")
        walk = self.walk_or_404(account, request.match_info["walk"])
        protocol = self.api.protocol(walk.protocol_id)
        bundle = self.door_for(account).bundle(walk)
        answers = {r.prompt_id: r.text for r in bundle.debrief_responses
                   if r.author == account.observer and r.conflict_of is None}
        return self.page("debrief.html", walk=walk, protocol=protocol_outline(protocol),
                         observer=account.observer, answers=answers)

    async def export(self, request: web.Request) -> web.Response:
        account = self.account(request)
        if account is None:
            raise web.HTTPUnauthorized(text="log in first")
        walk = self.walk_or_404(account, request.match_info["walk"])
        fmt = request.match_info["fmt"]
        if fmt not in EXPORTS:
            raise web.HTTPNotFound(text="exports are md, csv and json")
        text = self.door_for(account).export(walk, fmt)
        content_type, suffix = EXPORTS[fmt]
        name = f"walk-{walk.date.isoformat()}-{walk.id[:8]}.{suffix}"
        return web.Response(text=text, content_type=content_type, charset="utf-8",
                            headers={"Content-Disposition": f'attachment; filename="{name}"'})

    # the page's API ---------------------------------------------------------------

    async def ops(self, request: web.Request) -> web.Response:
        """Apply the operations the page queued, in order; each answers ok or one line."""
        account = self.account(request)
        if account is None:
            return self.api_error("log in again to send", 401)
        if not self.server.same_origin(request):
            return self.api_error("this server's own page only", 403)
        try:
            body = json.loads(await request.read())
            ops = body["ops"]
            if not isinstance(ops, list) or not all(isinstance(op, dict) for op in ops):
                raise ValueError
        except (ValueError, KeyError, TypeError, UnicodeError):
            return self.api_error("send {\"ops\": [...]} as JSON", 400)
        if len(ops) > MAX_OPS:
            return self.api_error(f"at most {MAX_OPS} operations at once", 400)
        operations = self.operations(account)
        results = []
        for op in ops:
            try:
                record, event = operations.apply(op)
            except ClasswalkError as error:
                results.append({"id": op.get("id"), "seq": op.get("seq"), "error": str(error)})
                continue
            except sqlite3.OperationalError as error:  # a busy database: the page sends the rest again
                log.warning("%s: capture ops paused: %s", account.login, error)
                return self.api_error("the database is busy: sending again shortly", 503)
            except (TypeError, ValueError, AttributeError, KeyError) as error:
                results.append({"id": op.get("id"), "seq": op.get("seq"),
                                "error": f"{op.get('type')}: a value has the wrong form ({error})"})
                continue
            results.append({"id": op.get("id"), "seq": op.get("seq"), "ok": True})
            if event is not None:
                self._publish(op["walk"], event)
        return web.json_response({"results": results})

    def _publish(self, walk_id: str, event: dict) -> None:
        if "note" in event:
            note = event["note"]
            rooms = {v.id: v.classroom for v in self.api.visits(walk_id)} if note.visit_id else {}
            event = {"type": "note", "note": note_data(note, rooms)}
        self.feed.publish(walk_id, event)

    async def notes(self, request: web.Request) -> web.Response:
        account = self.account(request)
        if account is None:
            return self.api_error("log in again", 401)
        walk = self.walk_or_404(account, request.match_info["walk"])
        visits = self.door_for(account).visits(walk)
        rooms = {v.id: v.classroom for v in visits}
        return web.json_response({
            "observer": account.observer, "status": walk.status,
            "visits": [{"id": v.id, "classroom": v.classroom, "observer": v.observer, "ended": v.ended,
                        "started_at": v.started_at.isoformat()} for v in visits],
            "notes": [note_data(n, rooms) for n in self.door_for(account).evidence(walk)],
        })

    async def team_feed(self, request: web.Request) -> web.StreamResponse:
        """Server-sent events: every note saved, edited or deleted on this walk, as it happens."""
        account = self.account(request)
        if account is None:
            raise web.HTTPUnauthorized(text="log in first")
        walk = self.walk_or_404(account, request.match_info["walk"])
        response = web.StreamResponse(headers={
            "Content-Type": "text/event-stream", "Cache-Control": "no-store", "X-Accel-Buffering": "no"})
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        await response.prepare(request)
        queue = self.feed.listen(walk.id)
        try:
            await response.write(b": open\n\n")
            while True:
                try:
                    message = await asyncio.wait_for(queue.get(), FEED_CHECK_SECONDS)
                except asyncio.TimeoutError:
                    if self.account(request) is None or request.transport is None or request.transport.is_closing():
                        break
                    await response.write(b": still here\n\n")
                    continue
                if message is None:  # the server is stopping
                    break
                await response.write(f"data: {message}\n\n".encode("utf-8"))
        except (ConnectionResetError, asyncio.CancelledError):
            pass
        finally:
            self.feed.leave(walk.id, queue)
        return response

    async def coach(self, request: web.Request) -> web.Response:
        """The terminal's judgement-word hint for a note's text (the same function and words)."""
        account = self.account(request)
        if account is None:
            return self.api_error("log in again", 401)
        try:
            body = json.loads(await request.read())
            walk = self.walk_or_404(account, str(body["walk"]))
            text = str(body.get("text", ""))[:5000]
        except (ValueError, KeyError, TypeError, UnicodeError):
            return self.api_error("send {\"walk\": ..., \"text\": ...}", 400)
        from classwalk.features.capture.coach import find_judgements

        protocol = self.api.protocol(walk.protocol_id)
        coaching = find_judgements(text, self.api.judgement_words(protocol))
        return web.json_response({"hint": coaching.hint})

    # installable, offline ----------------------------------------------------------

    async def service_worker(self, request: web.Request) -> web.Response:
        response = web.FileResponse(HERE / "static" / "sw.js")
        response.headers["Content-Type"] = "text/javascript"
        response.headers["Service-Worker-Allowed"] = "/capture/"
        return response

    async def manifest(self, request: web.Request) -> web.Response:
        response = web.FileResponse(HERE / "static" / "manifest.json")
        response.headers["Content-Type"] = "application/manifest+json"
        return response


