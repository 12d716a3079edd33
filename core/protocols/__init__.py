"""The protocol language: what a protocol is, TOML protocol files, ``extends``, and the registry of every protocol in a run."""
