"""Accounts: scrypt hashes with their own salt, never the password; one-line errors."""

from __future__ import annotations

import io
import sqlite3

import pytest

from classwalk.core.errors import ClasswalkError, NotFound
from classwalk.core.storage.store import Store
from classwalk.features.accounts import Accounts, hash_password, password_matches
from classwalk.tui.__main__ import main
from tests.support.server import PASSWORD


def cli(capsys, monkeypatch, *args, stdin: str = ""):
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_hash_is_salted_and_checks_the_password():
    first, second = hash_password(PASSWORD), hash_password(PASSWORD)
    assert first != second  # a salt of its own each time
    assert first.startswith("scrypt$") and PASSWORD not in first
    assert password_matches(PASSWORD, first) and password_matches(PASSWORD, second)
    assert not password_matches(PASSWORD + "x", first)
    assert not password_matches(PASSWORD, "scrypt$broken")
    assert not password_matches(PASSWORD, "md5$1$2$3$4$5")


def test_add_list_passwd_remove(capsys, monkeypatch, db_path):
    db = ["--db", str(db_path)]
    code, out, err = cli(capsys, monkeypatch, *db, "users", "add", "ana", "--observer", "Ana Ruiz",
                         stdin=PASSWORD + "\n")
    assert (code, out, err) == (0, "added ana (observer Ana Ruiz)\n", "")
    code, out, _ = cli(capsys, monkeypatch, *db, "users", "add", "ben", "--school", "Lincoln Middle",
                       stdin=PASSWORD + "\n")
    assert code == 0 and "limited to Lincoln Middle" in out
    code, out, _ = cli(capsys, monkeypatch, *db, "users", "list")
    assert out.splitlines() == ["ana  Ana Ruiz  all schools", "ben  ben  Lincoln Middle"]
    with Store(db_path) as store:
        before = Accounts(store).get("ana").password_hash
    code, out, _ = cli(capsys, monkeypatch, *db, "users", "passwd", "ana", stdin="a new passphrase\n")
    assert (code, out) == (0, "password changed for ana\n")
    with Store(db_path) as store:
        accounts = Accounts(store)
        assert accounts.get("ana").password_hash != before
        assert accounts.verify("ana", "a new passphrase") and not accounts.verify("ana", PASSWORD)
    code, out, _ = cli(capsys, monkeypatch, *db, "users", "remove", "ben")
    assert (code, out) == (0, "removed ben\n")
    code, out, _ = cli(capsys, monkeypatch, *db, "users", "list")
    assert out.splitlines() == ["ana  Ana Ruiz  all schools"]


def test_the_password_is_nowhere_in_the_database_file(capsys, monkeypatch, db_path):
    cli(capsys, monkeypatch, "--db", str(db_path), "users", "add", "ana", stdin=PASSWORD + "\n")
    for path in db_path.parent.glob(db_path.name + "*"):
        assert PASSWORD.encode() not in path.read_bytes()
    rows = sqlite3.connect(db_path).execute("SELECT password_hash FROM accounts").fetchall()
    assert len(rows) == 1 and rows[0][0].startswith("scrypt$")


@pytest.mark.parametrize(("args", "stdin", "message"), [
    (["users", "add", "Ana Ruiz"], PASSWORD, "login 'Ana Ruiz': use 1-64 lower-case letters"),
    (["users", "add", "ana"], "short", "password: at least 10 characters"),
    (["users", "add", "ana"], "", "password: none given on standard input"),
    (["users", "add", "ana", "--observer", "  "], PASSWORD, "observer name '': 1-80 printable characters"),
    (["users", "add", "ana", "--school", "a\x1bb"], PASSWORD, "school 'a\\x1bb': 1-200 printable characters"),
    (["users", "remove", "nobody"], "", "no account 'nobody' (see 'classwalk users list')"),
    (["users", "passwd", "nobody"], PASSWORD, "no account 'nobody'"),
    (["users", "frobnicate"], "", "No such command 'frobnicate'"),
])
def test_mistakes_are_one_line_and_change_nothing(capsys, monkeypatch, db_path, args, stdin, message):
    code, out, err = cli(capsys, monkeypatch, "--db", str(db_path), *args, stdin=stdin + "\n" if stdin else "")
    assert code != 0 and out == ""
    assert len(err.strip().splitlines()) == 1 and message in err
    with Store(db_path) as store:
        assert Accounts(store).list() == []


def test_adding_a_login_twice_is_refused(db_path):
    with Store(db_path) as store:
        accounts = Accounts(store)
        accounts.add("ana", PASSWORD)
        with pytest.raises(ClasswalkError, match="exists already"):
            accounts.add("ana", "another password")
        with pytest.raises(NotFound):
            accounts.remove("ben")
        assert accounts.verify("ana", PASSWORD).observer == "ana"
        assert accounts.verify("ben", PASSWORD) is None
        assert accounts.verify("ana", "x" * 5000) is None
