"""The preset table: filter -> preset -> the config fields that preset changes.

``balanced`` is each config's defaults. :func:`configure` applies a row with
:func:`dataclasses.replace`; :func:`preset_of` reads back which preset a list of filters
runs. docs/presets.md is tested against this table.

>>> from cleantext.filters import Chrome, Edges
>>> configure(Edges(), "recall").config
EdgesConfig(max_words=12, min_prose_words=6, max_head_lines=3)
>>> preset_of([Edges(), configure(Chrome(), "recall")], "recall")
'custom'
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from typing import Any, Literal, TypeVar

Preset = Literal["precision", "balanced", "recall"]
PRESETS: tuple[Preset, ...] = ("precision", "balanced", "recall")
F = TypeVar("F")

TABLE: dict[str, dict[Preset, dict[str, Any]]] = {
    "chrome": {
        "precision": dict(max_prefix_words=35, max_sentence_words=160, max_stamp_words=18, max_menu_item_words=5),
        "balanced": {},
        "recall": dict(max_prefix_words=15, max_sentence_words=80, max_stamp_words=10),
    },
    "captions": {
        "precision": dict(max_credit_words=18, max_caption_words=120, max_short_caption_words=15),
        "balanced": {},
        "recall": dict(max_credit_words=10, max_caption_words=60, uncredited_captions=False),
    },
    "content": {p: {"preset": p} for p in PRESETS},  # the model's decision threshold of that name
    "edges": {
        "precision": dict(max_words=30, min_prose_words=8, max_head_lines=6),
        "balanced": {},
        "recall": dict(max_words=12, max_head_lines=3),
    },
}


def preset_config(f: Any, preset: Preset) -> Any:
    """The config the built-in filter ``f`` has under ``preset`` (``None`` if it has no row)."""
    row, config = TABLE.get(getattr(f, "name", "")), getattr(f, "config", None)
    return None if row is None or config is None else dataclasses.replace(type(config)(), **row[preset])


def configure(f: F, preset: Preset) -> F:
    """``f`` with the config of ``preset``; a filter the table does not name is returned as is."""
    config = preset_config(f, preset)
    return f if config is None else dataclasses.replace(f, config=config)  # type: ignore[type-var]


def _runs(f: Any, preset: Preset) -> bool:
    config = preset_config(f, preset)  # None for a filter without a config: not the built-in one
    return config is not None and f.config == config


def preset_of(filters: Iterable[Any], asked: Preset) -> Preset | Literal["custom"]:
    """The preset that every one of ``filters`` runs with: ``asked`` if it is one, else the
    first such preset, else ``custom`` (a changed threshold, or filters of mixed presets)."""
    tuned = [f for f in filters if getattr(f, "name", "") in TABLE]
    for preset in (asked, *PRESETS):
        if all(_runs(f, preset) for f in tuned):
            return preset
    return "custom"
