"""Patterns and phrase matchers built on first use, so that ``import cleantext`` compiles none.

>>> import regex
>>> word = lazy(regex.compile)(r"\\w+")  # nothing compiled yet
>>> word.findall("built on first use")
['built', 'on', 'first', 'use']
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ParamSpec, TypeVar, cast

P = ParamSpec("P")
T = TypeVar("T")


class _Lazy:
    """Stands for ``factory(*args, **kwargs)``, built when an attribute is first read. Each
    attribute read is then kept on this object, so later reads cost what they cost on the
    built object (attributes of patterns and matchers are set once)."""

    def __init__(self, factory: Callable[..., object], args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
        self._lazy_build = lambda: factory(*args, **kwargs)

    def __getattr__(self, name: str) -> Any:
        if name.startswith(("__", "_lazy")):  # copy, pickle and a half-built object ask for these
            raise AttributeError(name)
        built = self.__dict__.get("_lazy_object")
        if built is None:
            built = self.__dict__["_lazy_object"] = self._lazy_build()
        value = getattr(built, name)
        setattr(self, name, value)
        return value


def lazy(factory: Callable[P, T]) -> Callable[P, T]:
    """``factory``, but what ``lazy(factory)(*args, **kwargs)`` returns is built on its first
    use instead of now: ``_WORD = lazy(regex.compile)(r"\\w+")`` at the top of a module."""

    def deferred(*args: P.args, **kwargs: P.kwargs) -> T:
        return cast(T, _Lazy(factory, args, kwargs))

    return deferred
