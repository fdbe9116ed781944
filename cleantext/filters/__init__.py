"""Built-in filters and the registry that finds them by name.

>>> names()[:3]
('normalize', 'ad_artifacts', 'ads')
>>> create("chrome", "precision").config.max_stamp_words
18
"""

from __future__ import annotations

from cleantext.filters.ads import AdArtifacts, AdLabels
from cleantext.filters.base import (
    PRESETS,
    BlockFilter,
    Cut,
    Drop,
    Filter,
    InlineFilter,
    Preset,
    TextFilter,
    kind_of,
)
from cleantext.filters.captions import CaptionConfig, Captions
from cleantext.filters.chrome import Chrome, ChromeConfig
from cleantext.filters.content import Content, ContentConfig
from cleantext.filters.edges import Edges, EdgesConfig
from cleantext.filters.normalize import Normalize

__all__ = [
    "DEFAULT_ORDER",
    "PRESETS",
    "REGISTRY",
    "AdArtifacts",
    "AdLabels",
    "BlockFilter",
    "CaptionConfig",
    "Captions",
    "Chrome",
    "ChromeConfig",
    "Content",
    "ContentConfig",
    "Cut",
    "Drop",
    "Edges",
    "EdgesConfig",
    "Filter",
    "InlineFilter",
    "Normalize",
    "Preset",
    "TextFilter",
    "create",
    "describe",
    "kind_of",
    "names",
    "register",
]

REGISTRY: dict[str, type[Filter]] = {}
"""Filter classes by name; :func:`register` adds one."""

DEFAULT_ORDER: tuple[str, ...] = ("normalize", "ad_artifacts", "ads", "chrome", "captions", "content", "edges")
"""The filters of the default pipeline, in the order they run."""


def register(cls: type[Filter]) -> type[Filter]:
    """Register a filter class under its ``name`` (usable as a class decorator)."""
    if not cls.name:
        raise ValueError(f"{cls.__name__} has no `name`; set a class attribute `name = '...'`")
    REGISTRY[cls.name] = cls
    return cls


for _cls in (Normalize, AdArtifacts, AdLabels, Chrome, Captions, Content, Edges):
    register(_cls)


def names() -> tuple[str, ...]:
    """Registered filter names: the default ones in pipeline order, then the others."""
    return DEFAULT_ORDER + tuple(sorted(n for n in REGISTRY if n not in DEFAULT_ORDER))


def create(name: str, preset: Preset = "balanced") -> Filter:
    """A new instance of the registered filter ``name`` configured for ``preset``."""
    if preset not in PRESETS:
        raise ValueError(f"unknown preset {preset!r}; use one of {', '.join(PRESETS)}")
    try:
        cls = REGISTRY[name]
    except KeyError:
        raise KeyError(f"no filter named {name!r}; known filters: {', '.join(names())}") from None
    return cls.from_preset(preset)


def describe() -> list[tuple[str, str]]:
    """``(name, one-line description)`` of every registered filter."""
    return [(n, REGISTRY[n].description) for n in names()]
