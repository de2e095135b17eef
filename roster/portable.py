"""Frozen domain objects that travel to other processes and machines by `pickle`.

A frozen dataclass keeps its derived views (`cached_property`) in its `__dict__`, and its
read-only mappings are `MappingProxyType`, which `pickle` refuses. `Portable` pickles the
fields only, each read-only mapping as a plain dict that becomes read-only again on the
way in, plus the few views a class names in `SENT_VIEWS`: views that pickle, cost more to
rebuild than to send, and are shared by the many sub-scenarios of one fan-out (pickle
sends a shared object once per message). Every other view is rebuilt on first use.
"""

from __future__ import annotations

import dataclasses
from types import MappingProxyType
from typing import Any, ClassVar


class _ReadOnly(dict):  # type: ignore[type-arg]
    """A MappingProxyType on the wire."""


def _thaw(value: Any) -> Any:
    if isinstance(value, MappingProxyType):
        return _ReadOnly({k: _thaw(v) for k, v in value.items()})
    if type(value) is tuple:
        return tuple(_thaw(v) for v in value) if any(_has_proxy(v) for v in value) else value
    return value


def _has_proxy(value: Any) -> bool:
    return isinstance(value, MappingProxyType) or (
        type(value) is tuple and any(_has_proxy(v) for v in value)
    )


def _freeze(value: Any) -> Any:
    if isinstance(value, _ReadOnly):
        return MappingProxyType({k: _freeze(v) for k, v in value.items()})
    if type(value) is tuple and any(isinstance(v, _ReadOnly | tuple) for v in value):
        return tuple(_freeze(v) for v in value)
    return value


class Portable:
    """Mixin for frozen dataclasses: `pickle` round-trips them (module docstring)."""

    SENT_VIEWS: ClassVar[tuple[str, ...]] = ()

    def __getstate__(self) -> dict[str, Any]:
        own = self.__dict__
        state = {f.name: _thaw(own[f.name]) for f in dataclasses.fields(self)}  # type: ignore[arg-type]
        state.update({name: own[name] for name in self.SENT_VIEWS if name in own})
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update({k: _freeze(v) for k, v in state.items()})
