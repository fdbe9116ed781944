"""The filter protocol: three kinds of small named objects with one method each.

* a **text filter** rewrites the whole text before it is split into blocks:
  ``format(text) -> str`` (only normalisation does this);
* an **inline filter** finds spans to cut inside one line:
  ``spans(line) -> Iterable[Cut]`` (a placeholder glued to body text, e.g. ``spot_img``);
  it may also have ``may_cut(text) -> bool``, which says from the whole document whether
  ``spans`` could find anything (the pipeline then skips the filter when it says no);
* a **block filter** looks at the document and names whole blocks to drop:
  ``scan(doc) -> Iterable[Drop]``. It sees only blocks not dropped by earlier filters,
  so context rules (a credit line next to a caption, runs of short lines at the edges)
  work on what is left.

Every filter has a ``name`` (its registry key) and a one-line ``description``. Any object
with these attributes and one of the three methods is a filter; the base classes here
are conveniences.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from functools import cache
from typing import Any, ClassVar, Literal, NamedTuple, Protocol, runtime_checkable

from cleantext.document import Document
from cleantext.presets import PRESETS as PRESETS  # re-exported: cleantext.filters.PRESETS
from cleantext.presets import Preset, configure

Kind = Literal["text", "inline", "block"]


class Cut(NamedTuple):
    """A span ``[start, end)`` of one line to cut, with a stable rule id and a reason."""

    start: int
    end: int
    rule: str
    reason: str


class Drop(NamedTuple):
    """A block to remove, with a stable rule id, a reason and optional deciding features."""

    index: int
    rule: str
    reason: str
    features: Mapping[str, Any] | None = None


class Rule(NamedTuple):
    """A named line rule: a line that ``test`` says yes to is removed under ``id`` with ``reason``.
    A filter's rules are a module-level tuple, tried in order (the first yes wins); ``test`` takes
    that filter's measures of the line; only a line with the hit bit ``needs`` tries it (see
    :func:`rules_by_bits`; ``edges`` reads no hit bits and leaves it 0)."""

    id: str
    reason: str
    test: Callable[..., Any]
    needs: int = 0


def rules_by_bits(rules: tuple[Rule, ...]) -> Callable[[int], tuple[Rule, ...]]:
    """``tried(bits)``: the rules of ``rules``, in order, whose ``needs`` is among the hit bits ``bits``."""
    return cache(lambda bits: tuple(r for r in rules if r.needs & bits))


@runtime_checkable
class TextFilter(Protocol):
    name: str
    description: str

    def format(self, text: str) -> str: ...


@runtime_checkable
class InlineFilter(Protocol):
    name: str
    description: str

    def spans(self, line: str) -> Iterable[Cut]: ...


@runtime_checkable
class BlockFilter(Protocol):
    name: str
    description: str

    def scan(self, doc: Document) -> Iterable[Drop]: ...


def kind_of(f: object) -> Kind:
    """Which stage a filter runs in, from the method it has."""
    if hasattr(f, "format"):
        return "text"
    if hasattr(f, "spans"):
        return "inline"
    if hasattr(f, "scan"):
        return "block"
    raise TypeError(
        f"{f!r} is not a filter: give it a `name`, a `description` and one of the methods "
        "format(text) -> str, spans(line) -> Iterable[Cut] or scan(doc) -> Iterable[Drop]"
    )


class Filter:
    """Convenience base: subclasses set ``name``/``description`` and implement one method."""

    name: ClassVar[str] = ""
    description: ClassVar[str] = ""

    @classmethod
    def from_preset(cls, preset: Preset = "balanced") -> Filter:
        """This filter configured for ``preset`` by :data:`cleantext.presets.TABLE` (filters
        the table does not name have no thresholds and ignore it)."""
        return configure(cls(), preset)

    def __repr__(self) -> str:
        return f"{type(self).__name__}()"
