"""The language files of ``cleantext/data/lang``: normalised literal phrases, a few portable
patterns, and the language list read from the folder."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import regex

from cleantext import phrases
from cleantext.errors import RuleFileError
from cleantext.rules import load, tomllib

FILES = sorted(phrases.folder().glob("*.toml"))


def _entries(path: Path, key: str) -> list[tuple[str, str, bool]]:
    """(table, entry, cased) of every entry under ``key`` in the language file ``path``."""
    return [(name, entry, t.get("cased", False)) for name, t in load(path).items() for entry in t.get(key, [])]


def test_the_package_data_ships_every_language_file() -> None:
    pyproject = tomllib.loads((Path(__file__).resolve().parent.parent / "pyproject.toml").read_text("utf-8"))
    globs = pyproject["tool"]["setuptools"]["package-data"]["cleantext"]
    package = phrases.folder().parent.parent
    assert FILES and all(any(p.relative_to(package).match(g) for g in globs) for p in FILES)


def test_every_language_file_is_read_and_every_table_has_entries() -> None:
    assert {p.stem for p in FILES} == {*phrases.languages(), phrases.COMMON}
    assert len(phrases.languages()) >= 20
    assert all(t.phrases or t.patterns for t in phrases.tables().values())


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_every_phrase_is_normalised(path: Path) -> None:
    entries = _entries(path, "phrases")
    assert len(entries) > 10
    # single-spaced, nothing around it, in lower case (unless the table says cased = true)
    bad = [(t, p) for t, p, cased in entries if not p or p != " ".join(p.split()) or not (cased or p == p.lower())]
    assert bad == []


def portability_problem(pattern: str) -> str | None:
    """What takes ``pattern`` out of the portable dialect (no lookbehind, backreference,
    possessive quantifier or atomic group), or out of what the matchers read (no ``|`` outside
    a group: a pattern's literal start must be every match's), or None."""
    i, n, depth = 0, len(pattern), 0
    while i < n:
        c = pattern[i]
        if c == "\\":
            if pattern[i + 1 : i + 2].isdigit() or pattern[i + 1 : i + 2] in ("g", "k"):
                return "a backreference"
            i += 2
            continue
        if c == "[":  # a class: its contents are characters
            i += 2 if pattern[i + 1 : i + 2] == "]" else 1
            while pattern[i] != "]":
                i += 2 if pattern[i] == "\\" else 1
        elif pattern.startswith(("(?<=", "(?<!"), i):
            return "a lookbehind"
        elif pattern.startswith(("(?P=", "(?>"), i):
            return "a backreference" if pattern[i + 2] == "P" else "an atomic group"
        elif c in "*+?}" and pattern[i + 1 : i + 2] == "+":
            return "a possessive quantifier"
        elif c in "()":
            depth += 1 if c == "(" else -1
        elif c == "|" and depth == 0:
            return "an alternation outside a group"
        i += 1
    return None


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_every_pattern_compiles_in_the_portable_dialect(path: Path) -> None:
    for _, pattern, _ in _entries(path, "patterns"):
        regex.compile(pattern, regex.V1)
    assert [(t, p) for t, p, _ in _entries(path, "patterns") if portability_problem(p)] == []


@pytest.mark.parametrize(
    ("pattern", "problem"),
    [
        (r"(?<!\w)ad", "a lookbehind"),
        (r"(\w)\1", "a backreference"),
        (r"(?P<a>x)(?P=a)", "a backreference"),
        (r"\w++ comments", "a possessive quantifier"),
        (r"(?>ab)", "an atomic group"),
        (r"[+*]+ \d{1,3} [(?<]", None),
        (r"read more|see more", "an alternation outside a group"),
        (r"(?:read|see) more [|]", None),
        (r"\d+ comments?", None),
    ],
)
def test_portability_check(pattern: str, problem: str | None) -> None:
    assert portability_problem(pattern) == problem


def test_phrases_are_folded_as_lines_are_and_cased_tables_kept_as_written() -> None:
    assert "tüm haklari saklidir" in phrases.table("rights_notices").phrases  # Turkish ı reads i
    agencies = phrases.table("photo_agencies")
    assert agencies.cased and "AP" in agencies.phrases and "ap" not in agencies.phrases


def test_unknown_table_names_the_tables() -> None:
    with pytest.raises(KeyError, match="chrome_lines"):
        phrases.table("chrome_line")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            '[ad_labels]\nphrase = ["reklaamo"]\n',
            r"xx\.toml: \[ad_labels\] must be a table of cased",
        ),
        ('[ad_labels]\nphrases = ["reklaamo", " "]\n', r"xx\.toml: \[ad_labels\]: phrases\[1\] is empty; remove it"),
        ("[ad_labels]\nphrases = [1]\n", r"xx\.toml: \[ad_labels\]\.phrases must be a list of strings"),
        ("[ad_labels\n", r"xx\.toml: not valid TOML"),
    ],
)
def test_a_broken_language_file_is_named(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str, message: str
) -> None:
    (tmp_path / "xx.toml").write_text(text, encoding="utf-8")
    (tmp_path / "common.toml").write_text("", encoding="utf-8")
    monkeypatch.setattr(phrases, "folder", lambda: tmp_path)
    phrases.tables.cache_clear()
    try:
        with pytest.raises(RuleFileError, match=message):
            phrases.tables()
    finally:
        monkeypatch.undo()
        phrases.tables.cache_clear()


ADD_LANGUAGE = """
import sys
from pathlib import Path
from cleantext import phrases
phrases.folder = lambda: Path(sys.argv[1])
import cleantext
print(sorted(phrases.languages()))
page = "Reklaamo\\n\\nThe council met on Monday and approved the new budget for the town.\\n\\nLoe edasi\\n"
print([r.rule for r in cleantext.Pipeline.default().run(page).removed])
"""


def test_a_language_file_added_to_the_folder_is_picked_up(tmp_path: Path) -> None:
    for path in FILES:
        shutil.copy(path, tmp_path)
    (tmp_path / "et.toml").write_text(
        '[ad_labels]\nphrases = ["reklaamo"]\n\n[chrome_lines]\nphrases = ["loe edasi"]\n', encoding="utf-8"
    )
    out = subprocess.run(
        [sys.executable, "-c", ADD_LANGUAGE, str(tmp_path)], capture_output=True, text=True, check=True
    ).stdout.splitlines()
    assert "'et'" in out[0]
    assert out[1] == "['ads.label', 'chrome.phrase']"
