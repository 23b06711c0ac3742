"""The model's frozen mapping: read-only like MappingProxyType, but picklable, so workers receive models whole."""
from __future__ import annotations

from collections.abc import Mapping


class FrozenMap(Mapping):
    """A read-only mapping that pickles (it is rebuilt from its items) and hashes when its values do."""

    __slots__ = ("_items",)

    def __init__(self, items=()):
        object.__setattr__(self, "_items", dict(items))

    def __getitem__(self, key):
        return self._items[key]

    def __iter__(self):
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)

    def __setattr__(self, name, value):
        raise AttributeError("a FrozenMap cannot be changed")

    def __hash__(self) -> int:
        return hash(frozenset(self._items.items()))

    def __reduce__(self):
        return (FrozenMap, (self._items,))

    def __repr__(self) -> str:
        return f"FrozenMap({self._items!r})"


def freeze(value):
    """`value` with every dict made a FrozenMap and every list a tuple, all the way down (YAML's data)."""
    if isinstance(value, Mapping):
        return FrozenMap((key, freeze(item)) for key, item in value.items())
    if isinstance(value, (list, tuple)):
        return tuple(freeze(item) for item in value)
    return value
