"""The team feed: one in-process list of listeners per walk, pushed as server-sent events.

A saved, edited or deleted note is published once; every page open on that walk gets it
from this one server process (no process or poll per observer).
"""

from __future__ import annotations

import asyncio
import json

QUEUE_LIMIT = 200


class TeamFeed:
    """Walk id -> the queues of the pages listening to it."""

    def __init__(self) -> None:
        self.listeners: dict[str, set[asyncio.Queue]] = {}

    def listen(self, walk_id: str) -> asyncio.Queue:
        queue: asyncio.Queue = asyncio.Queue(QUEUE_LIMIT)
        self.listeners.setdefault(walk_id, set()).add(queue)
        return queue

    def leave(self, walk_id: str, queue: asyncio.Queue) -> None:
        queues = self.listeners.get(walk_id)
        if queues is not None:
            queues.discard(queue)
            if not queues:
                del self.listeners[walk_id]

    def close(self) -> None:
        """Tell every listening page the server is stopping (each handler then ends)."""
        for queues in list(self.listeners.values()):
            for queue in list(queues):
                try:
                    queue.put_nowait(None)
                except asyncio.QueueFull:
                    queue.get_nowait()
                    queue.put_nowait(None)

    def publish(self, walk_id: str, event: dict) -> None:
        """Send ``event`` to every page on the walk; a page too far behind misses it and reloads."""
        message = json.dumps(event)
        for queue in list(self.listeners.get(walk_id, ())):
            try:
                queue.put_nowait(message)
            except asyncio.QueueFull:
                pass
