"""Pages the server serves, read in-process through an aiohttp test client."""

from __future__ import annotations


async def served_page(client, path: str, *, holds: tuple[str, ...] = (), policy: tuple[str, ...] = ()) -> str:
    """GET ``path``: it must answer 200 with each of ``holds`` in its text and each of
    ``policy`` in its Content-Security-Policy header; returns the text."""
    page = await client.get(path)
    text = await page.text()
    assert page.status == 200, (path, page.status)
    for piece in holds:
        assert piece in text, (path, piece)
    for rule in policy:
        assert rule in page.headers["Content-Security-Policy"], (path, rule)
    return text
