"""classwalk's core: protocols, walk records, the SQLite store and the plugin system.

Plugin authors need only :data:`hookimpl` and the records in
:mod:`classwalk.core.protocols.protocol` and :mod:`classwalk.core.records.patterns`.
"""

import pluggy

__version__ = "0.1.0"

hookimpl = pluggy.HookimplMarker("classwalk")

__all__ = ["hookimpl", "__version__"]
