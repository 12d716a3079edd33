"""``classwalk serve``: the same terminal UI in a browser, behind observer logins.

Each logged-in browser gets its own UI process, started as that account's observer
(and school, when the account is limited to one). Needs the ``serve`` extra
(textual-serve).
"""
