"""Frozen value classes without `dataclasses`.

`import dataclasses` costs about 9 ms on every command start (it imports
inspect, which imports ast, dis, tokenize and linecache): as much as everything
`alnco status --short` does with a record of 200 entries. The classes a
one-shot command builds (the model, the progress engine's results, the
frameworks, the record's snapshot) therefore derive from `Value`: each writes a
plain `__init__` that sets its fields once (`vars(self).update(...)`) and lists
them in `FIELDS`; `Value` gives what `@dataclass(frozen=True)` gave: equality
and hashing over the fields (less `UNCOMPARED`), a repr, refusal of any later
change, and `replace`. The rest of alnco (exports, catalogue, the app) keeps
using dataclasses, which the app's Textual imports anyway.
"""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, ClassVar, TypeVar

    V = TypeVar("V", bound="Value")


class FrozenValue(AttributeError):
    """A field of a value was set after it was made (dataclasses' FrozenInstanceError)."""


class Value:
    """Equality, hashing, repr and no changes, from the names in `FIELDS`."""

    FIELDS: ClassVar[tuple[str, ...]] = ()
    # Fields that do not make two values different (where a value came from).
    UNCOMPARED: ClassVar[tuple[str, ...]] = ()

    def __setattr__(self, name: str, value: Any) -> None:
        raise FrozenValue(f"cannot assign to field {name!r} of {type(self).__name__}")

    def __delattr__(self, name: str) -> None:
        raise FrozenValue(f"cannot delete field {name!r} of {type(self).__name__}")

    def _compared(self) -> tuple[Any, ...]:
        fields = vars(self)
        return tuple(fields[name] for name in self.FIELDS if name not in self.UNCOMPARED)

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return self._compared() == other._compared()  # type: ignore[attr-defined]

    def __hash__(self) -> int:
        return hash(self._compared())

    def __repr__(self) -> str:
        fields = vars(self)
        shown = ", ".join(f"{name}={fields[name]!r}" for name in self.FIELDS)
        return f"{type(self).__name__}({shown})"


def replace(value: V, **changes: Any) -> V:
    """A copy of `value` with `changes` (dataclasses.replace for a `Value`): made
    through its `__init__`, so the class checks the result as it checks any."""
    unknown = set(changes).difference(value.FIELDS)
    if unknown:
        raise TypeError(f"{type(value).__name__} has no field {sorted(unknown)[0]!r}")
    fields = vars(value)
    return type(value)(**{**{name: fields[name] for name in value.FIELDS}, **changes})
