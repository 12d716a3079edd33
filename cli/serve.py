"""``classwalk serve``: the UI in a browser for the observers with an account."""

from __future__ import annotations

import ipaddress
from pathlib import Path

import click

from classwalk.core.errors import ClasswalkError
from .common import cli, get_classwalk
from .params import FiniteFloat

LOOPBACK_NAMES = {"localhost", "localhost.localdomain"}


def is_loopback(host: str) -> bool:
    if host.lower() in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def tls_context(cert: Path | None, key: Path | None):
    """An SSL context from a certificate and key file, or None when neither is given."""
    if cert is None and key is None:
        return None
    if cert is None or key is None:
        raise ClasswalkError("--tls-cert and --tls-key go together")
    import ssl

    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    try:
        context.load_cert_chain(cert, key)
    except (OSError, ssl.SSLError) as error:
        raise ClasswalkError(f"{cert}: cannot load the certificate and key ({getattr(error, 'strerror', None) or error})") from None
    return context


@cli.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on; anything but this machine opens it to the network.")
@click.option("--port", type=click.IntRange(1, 65535), default=8000, show_default=True)
@click.option("--public-url", help="The https:// address observers open, when a reverse proxy serves it.")
@click.option("--tls-cert", type=click.Path(dir_okay=False, path_type=Path), help="Serve HTTPS with this certificate (PEM).")
@click.option("--tls-key", type=click.Path(dir_okay=False, path_type=Path), help="The certificate's private key (PEM).")
@click.option("--session-hours", type=FiniteFloat(0.1, 24 * 7), default=8, show_default=True,
              help="How long a login lasts.")
@click.option("--max-sessions", type=click.IntRange(1, 1000), default=50, show_default=True,
              help="Browser sessions open at once.")
@click.option("--max-sessions-per-account", type=click.IntRange(1, 100), default=3, show_default=True,
              help="Browser sessions one account may hold at once (a share of --max-sessions).")
@click.pass_context
def serve(ctx: click.Context, host: str, port: int, public_url: str | None, tls_cert: Path | None,
          tls_key: Path | None, session_hours: float, max_sessions: int, max_sessions_per_account: int) -> None:
    """Serve the UI to browsers (tablets, Chromebooks) for observers with an account."""
    try:
        from classwalk.serve.server import ClasswalkServer
    except ImportError:
        raise ClasswalkError("serving needs the serve extra: pip install 'classwalk[serve]'") from None

    classwalk = get_classwalk(ctx)
    if public_url is not None and not public_url.startswith(("http://", "https://")):
        raise ClasswalkError(f"--public-url {public_url!r}: give the full address, starting https://")
    if classwalk.accounts().count() == 0:
        raise ClasswalkError("no accounts yet: add one with 'classwalk users add LOGIN' before serving")
    context = tls_context(tls_cert, tls_key)
    encrypted = context is not None or (public_url or "").startswith("https://")
    if not is_loopback(host) and not encrypted:
        click.echo(f"warning: serving on {host} without TLS: passwords and notes cross the network "
                   "unencrypted; put it behind an HTTPS reverse proxy (see docs/serving.md)", err=True)
    server = ClasswalkServer(classwalk.db_path, host=host, port=port, public_url=public_url,
                             ssl_context=context, session_lifetime=session_hours * 3600,
                             max_sessions=max_sessions, max_sessions_per_account=max_sessions_per_account)
    try:
        server.serve()
    except OSError as error:
        raise ClasswalkError(f"cannot listen on {host}:{port} ({error.strerror or error})") from None
