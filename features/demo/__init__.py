"""The demo school: invented walks under every built-in protocol."""
