"""Who is asking: the observer, and the limits on which walks they may read and change.

A :class:`Scope` travels with a :class:`classwalk.Classwalk`: an account limited to one
school sees and changes only that school's walks; an account kept to its own walks
(``classwalk users add --own-walks``, for districts whose principals keep walks
private) only the walks it is an observer of. A walk outside the scope is reported as
not found, so its name and date are never shown.
"""

from __future__ import annotations

from attrs import frozen

from classwalk.core.errors import NotFound


@frozen(kw_only=True)
class Scope:
    """The observer asking, an optional school limit and an optional own-walks limit."""

    observer: str | None = None
    school: str | None = None
    own_walks: bool = False

    @property
    def limited(self) -> bool:
        return bool(self.school or self.own_walks)

    def allows(self, walk) -> bool:
        """Whether ``walk`` is inside this scope."""
        if self.school and walk.school != self.school:
            return False
        if self.own_walks and self.observer not in {o.name for o in walk.observers}:
            return False
        return True

    def check(self, walk, ref: str | None = None):
        """``walk`` if inside the scope, else NotFound naming only the id asked for."""
        if not self.allows(walk):
            raise NotFound(f"no walk with id {(ref or walk.id)!r} (see 'classwalk walks')")
        return walk


EVERYONE = Scope()
