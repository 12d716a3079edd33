"""What the tests share, each written once.

- ``clock``: the fixed moments tests use and a clock they move by hand.
- ``pilot``: driving the terminal UI in-process with Textual's Pilot.
- ``cli``: running ``classwalk ARGS`` in this process or in a child process.
- ``terminal``: the real program in a real terminal (tmux).
- ``network``: a free port on this machine.
- ``browser``: ``classwalk serve`` and Chromium, and the server's accounts and client.
- ``records``: walks and visits written to a database for a test to start from.
"""
