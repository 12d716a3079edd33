"""The capture page: a touch-first, offline-first HTML front end for the classroom part of a walk.

``add_capture_routes(app, server)`` adds ``/capture/...`` to the aiohttp app of
``classwalk serve``. Everything goes through the public API with the logged-in
account's observer name and school limit.
"""

from .routes import add_capture_routes

__all__ = ["add_capture_routes"]
