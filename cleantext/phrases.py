"""The phrase tables, read from the data files of ``cleantext/data/lang``.

Each file is one language (``en.toml``, ``de.toml``…; ``common.toml`` holds the tables of
no one language), and holds one ``[table]`` per phrase table: ``phrases``, plain strings in
lower case and single-spaced (``"read more"``), and, only where an entry is not a finite
set of strings, ``patterns``, regex fragments (``'\\d+ comments?'``). The language list is
the folder's contents: adding a language is adding a file. A table marked ``cased = true``
is matched as written (agency names: ``AP`` is not ``ap``). The files are read as rule files
are (:func:`cleantext.rules.load`), once, on first use.

>>> t = table("chrome_lines")
>>> "read more" in t.phrases and "weiterlesen" in t.phrases
True
>>> "en" in languages() and "common" not in languages()
True
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

from cleantext.errors import RuleFileError
from cleantext.textstats import lower

COMMON = "common"
"""The file of the tables that belong to no one language."""
_KEYS = {"phrases", "patterns", "cased"}


@dataclass(frozen=True)
class Table:
    """One phrase table, every language together: its literal phrases (folded as lines are,
    :func:`cleantext.textstats.lower`, unless ``cased``) and its patterns."""

    name: str
    phrases: tuple[str, ...] = ()
    patterns: tuple[str, ...] = ()
    cased: bool = False


def folder() -> Path:
    """The folder of the language files."""
    return Path(str(resources.files("cleantext.data").joinpath("lang")))


def languages() -> tuple[str, ...]:
    """The codes of the languages that have a file, in order."""
    return tuple(sorted(p.stem for p in folder().glob("*.toml") if p.stem != COMMON))


@cache
def tables() -> dict[str, Table]:
    """Every table, read from every language file (once)."""
    from cleantext import rules  # rules imports the filters, which read the tables

    merged: dict[str, tuple[dict[str, None], dict[str, None], bool]] = {}
    for code in (COMMON, *languages()):
        path = folder() / f"{code}.toml"
        for name, entry in rules.load(path).items():
            where = f"{path}: [{name}]"
            if not isinstance(entry, dict) or not set(entry) <= _KEYS:
                raise RuleFileError(f"{where} must be a table of {', '.join(sorted(_KEYS))}")
            cased = entry.get("cased", False) is True
            phrases, patterns, _ = merged.setdefault(name, ({}, {}, cased))
            for i, p in enumerate(rules.strings(entry.get("phrases", []), f"{where}.phrases")):
                if not p.strip():
                    raise RuleFileError(f"{where}: phrases[{i}] is empty; remove it")
                phrases[p if cased else lower(p)] = None
            patterns.update(dict.fromkeys(rules.strings(entry.get("patterns", []), f"{where}.patterns")))
    return {name: Table(name, tuple(ph), tuple(pa), cased) for name, (ph, pa, cased) in merged.items()}


def table(name: str) -> Table:
    """The table ``name`` (``"chrome_lines"``), every language together."""
    found = tables().get(name)
    if found is None:
        raise KeyError(f"no phrase table {name!r}; the tables are {', '.join(sorted(tables()))}")
    return found
