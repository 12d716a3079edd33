"""The protocols that ship with classwalk, each a plugin beside its ``protocol.toml``."""
