"""Data-driven tests: every fixture pair and every negative document."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import assert_idempotent

import cleantext
from cleantext.filters import Normalize

ROOT = Path(__file__).resolve().parent.parent
CASES = sorted((ROOT / "fixtures" / "cases").glob("*.txt"))
CASES = [p for p in CASES if not p.name.endswith(".expected.txt")]
NEGATIVE = sorted((ROOT / "fixtures" / "negative").glob("*.txt"))
KNOWN_FAILURES = sorted((ROOT / "fixtures" / "known_failures").glob("*.txt"))
KNOWN_FAILURES = [p for p in KNOWN_FAILURES if not p.name.endswith(".expected.txt")]
SEEDS = sorted(p for p in (ROOT / "seeds").glob("*.txt") if not p.name.endswith(".expected.txt"))


def _read(path: Path) -> str:
    return path.read_bytes().decode("utf-8")


def test_fixture_sets_are_large_enough() -> None:
    assert len(CASES) >= 30
    assert len(NEGATIVE) >= 10


@pytest.mark.parametrize("path", SEEDS + CASES, ids=lambda p: p.stem)
def test_case(path: Path) -> None:
    expected = _read(path.with_name(path.stem + ".expected.txt"))
    assert cleantext.clean(_read(path)) == expected


@pytest.mark.parametrize("path", KNOWN_FAILURES, ids=lambda p: p.stem)
def test_known_failure_still_fails(path: Path) -> None:
    """A page the cleaner gets wrong today (fixtures/README.md says why). When this test
    fails, the page comes out right: move it to ``fixtures/cases``."""
    expected = _read(path.with_name(path.stem + ".expected.txt"))
    assert cleantext.clean(_read(path)) != expected


@pytest.mark.parametrize("path", NEGATIVE, ids=lambda p: p.stem)
def test_negative_passes_unchanged(path: Path) -> None:
    text = _read(path)
    assert Normalize().format(text) == text, "negative fixtures must already be normalised"
    result = cleantext.run(text)
    assert result.text == text, [(r.rule, r.text) for r in result.removed]


@pytest.mark.parametrize("path", SEEDS + CASES, ids=lambda p: p.stem)
def test_case_is_idempotent(path: Path) -> None:
    assert_idempotent(cleantext.clean, _read(path))
