"""The two HTML pages the server sends: the login form and the page that draws the UI.

Both are self-contained (no fonts or scripts from elsewhere, no inline script), so the
Content-Security-Policy can allow this server only.
"""

from __future__ import annotations

from html import escape

from .browser_zone import SET_COOKIE_SCRIPT

SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
        "font-src 'self'; img-src 'self' data:; connect-src 'self' ws: wss:; "
        "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
    ),
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Cache-Control": "no-store",
}

_STYLE = """
@font-face { font-family: "Roboto Mono"; src: url("/static/fonts/RobotoMono-VariableFont_wght.ttf"); }
body { background: #0c181f; color: #f0f0f0; margin: 0; font-family: "Roboto Mono", monospace; }
main.login { max-width: 22rem; margin: 12vh auto; padding: 1.5rem; background: #12232d; }
main.login h1 { font-size: 1.3rem; margin-top: 0; }
main.login label { display: block; margin-top: 1rem; }
main.login input { width: 100%; box-sizing: border-box; font-size: 1.1rem; padding: .5rem; }
main.login button { margin-top: 1.2rem; font-size: 1.1rem; padding: .6rem 1.4rem; }
p.message { color: #ffb4a8; }
main.login a.capture { color: #9ee6c1; display: inline-block; margin-top: 1.2rem; padding: .6rem 0; font-size: 1.1rem; }
"""


def _page(title: str, body: str, head: str = "") -> str:
    return (
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
        f"<title>{escape(title)}</title><style>{_STYLE}</style>{head}</head>"
        f"<body>{body}</body></html>\n"
    )


def login_page(message: str = "", login: str = "") -> str:
    """The login form, with ``message`` (a failed try, say) above it."""
    note = f'<p class="message" role="alert">{escape(message)}</p>' if message else ""
    return _page("classwalk: log in", (
        '<main class="login"><h1>classwalk</h1>'
        "<p>Log in with the account your school gave you.</p>"
        f"{note}"
        '<form method="post" action="/login">'
        '<label for="login">Login</label>'
        f'<input id="login" name="login" autocomplete="username" autocapitalize="none" value="{escape(login)}" required>'
        '<label for="password">Password</label>'
        '<input id="password" name="password" type="password" autocomplete="current-password" required>'
        '<button type="submit">Log in</button></form>'
        '<p><a class="capture" href="/capture/">On a tablet or phone? Open the capture page</a></p></main>'
    ))


PAGE_SCRIPT = SET_COOKIE_SCRIPT + """
// Once the UI has drawn its first screen, the keyboard goes to it (and the UI hears it has focus).
(function () {
  function focusTerminal() {
    var input = document.querySelector(".textual-terminal .xterm-helper-textarea");
    if (input) { input.focus({preventScroll: true}); }
  }
  function whenDrawn() {
    if (document.body.classList.contains("-first-byte")) { focusTerminal(); return true; }
    return false;
  }
  window.addEventListener("load", function () {
    if (whenDrawn()) { return; }
    var watcher = new MutationObserver(function () { if (whenDrawn()) { watcher.disconnect(); } });
    watcher.observe(document.body, {attributes: true, attributeFilter: ["class"]});
  });
})();
"""
"""Served as ``/page.js`` (scripts come from this server only: no inline script)."""

BAR_REM = 2.4


def app_page(websocket_url: str, font_size: int, login: str = "") -> str:
    """The page that connects to ``websocket_url`` and draws the UI it sends, under a bar
    that names the account and holds Log out (so it is one tap away on every screen)."""
    head = ('<link rel="stylesheet" href="/static/css/xterm.css">'
            '<script src="/static/js/textual.js"></script>'
            '<script src="/page.js"></script>'
            "<style>.closed { display: none; } body.-closed .closed { display: block; }"
            " body.-closed .textual-terminal { display: none; }"
            " .closed { max-width: 22rem; margin: 12vh auto; padding: 1.5rem; background: #12232d; }"
            " .closed a { color: #f0f0f0; font-size: 1.1rem; }"
            " button.logout { font: inherit; font-size: 1rem; color: #0c181f; background: #f0f0f0;"
            " border: 0; padding: .3rem .9rem; cursor: pointer; }"
            " .closed button.logout { font-size: 1.1rem; padding: .6rem 1.4rem; }"
            f" header.account {{ height: {BAR_REM}rem; box-sizing: border-box; display: flex;"
            " align-items: center; justify-content: flex-end; gap: 1rem; padding: 0 .6rem;"
            " background: #12232d; font-size: .95rem; }"
            " header.account form { margin: 0; }"
            f" body .textual-terminal#terminal {{ height: calc(100vh - {BAR_REM}rem); }}</style>")
    who = f'<span class="who">Logged in as {escape(login)}</span>' if login else ""
    logout = ('<form method="post" action="/logout">'
              '<button class="logout" type="submit">Log out</button></form>')
    return _page("classwalk", (
        f'<header class="account">{who}{logout}</header>'
        '<div class="closed"><p>This classwalk session has ended.</p>'
        '<p><a href="/">Open classwalk again</a></p>'
        f'{logout}</div>'
        '<div id="start"></div>'
        f'<div id="terminal" class="textual-terminal" data-session-websocket-url="{escape(websocket_url)}"'
        f' data-font-size="{int(font_size)}"></div>'
    ), head=head)
