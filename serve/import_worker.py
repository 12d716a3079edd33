"""One bundle sent to ``/import``, checked and merged in a process of its own.

The server hands the raw body on standard input and reads one JSON line back
(``{"status": 200, "walk": ..., "changed": ..., "summary": ...}`` or ``{"status": 4xx,
"error": "one line"}``), so parsing and checking a large bundle never holds up the
other observers' pages and keys.

    python -m classwalk.serve.import_worker --db PATH --login LOGIN [--school SCHOOL]
"""

from __future__ import annotations

import argparse
import json
import sys
from classwalk.core.errors import error_line


def decode_body(raw: bytes, source: str) -> str:
    """The body as text; a one-line ClasswalkError when it is not UTF-8."""
    from classwalk.core.errors import ClasswalkError

    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise ClasswalkError(f"{source}: not UTF-8 text (byte {error.start}): not a walk bundle") from None


def import_for_account(classwalk, raw: bytes, login: str, school: str | None) -> tuple[int, dict]:
    """(HTTP status, answer) for one bundle sent by ``login`` (limited to ``school`` if given)."""
    from classwalk.core.errors import ClasswalkError
    from classwalk.features.bundles.importer import parse_bundle

    source = f"bundle from {login}"
    try:
        text = decode_body(raw, source)
        if school and parse_bundle(text, source).walk.school != school:
            return 403, {"error": f"account {login} is limited to {school}: this walk is at another school"}
        from classwalk.api import door

        account = classwalk.accounts().find(login)
        if account is None:
            return 403, {"error": f"account {login} no longer exists"}
        scoped = door(classwalk, observer=account.observer, school=account.school or school,
                      own_walks=account.own_walks)
        result = scoped.import_bundle(source, text, account=account)
    except ClasswalkError as error:
        return 400, {"error": error_line(error)}
    return 200, {"walk": result.walk_id, "changed": result.changed, "summary": result.summary()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m classwalk.serve.import_worker")
    parser.add_argument("--db", required=True)
    parser.add_argument("--login", required=True)
    parser.add_argument("--school")
    args = parser.parse_args(argv)
    raw = sys.stdin.buffer.read()
    try:
        from classwalk.api import Classwalk

        with Classwalk(db_path=args.db) as classwalk:
            status, answer = import_for_account(classwalk, raw, args.login, args.school)
    except Exception as error:  # one line for the server's log, never a traceback
        status, answer = 500, {"error": f"the import failed ({type(error).__name__}: {' '.join(str(error).split())})"}
    sys.stdout.write(json.dumps({"status": status, **answer}) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
