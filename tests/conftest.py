"""Helpers shared by the test files: the properties every cleaning run must have.

Import them by name (``from conftest import assert_idempotent``); the test directory is on
``sys.path`` as for ``cli_runner`` and ``bench_scripts``.
"""

from __future__ import annotations

from collections.abc import Callable

from cleantext import Pipeline
from cleantext.filters import kind_of


def assert_idempotent(clean: Callable[[str], str], text: str) -> str:
    """Cleaning the output of ``clean(text)`` again changes nothing; returns that output."""
    once = clean(text)
    twice = clean(once)
    assert twice == once, f"a second pass changed {once!r} into {twice!r} (input {text!r})"
    return once


def assert_made_of_input(out: str, text: str, pipeline: Pipeline) -> None:
    """Each line of ``out`` (the output of ``pipeline`` on ``text``) is a line of ``text``
    after the pipeline's text filters, or such a line with its inline filters' cuts made
    (spaces collapsed, the text filters run again, as the pipeline does), in input order."""
    text_filters = [f for f in pipeline if kind_of(f) == "text"]
    inline = [f for f in pipeline if kind_of(f) == "inline"]

    def formatted(line: str) -> str:
        for f in text_filters:
            line = f.format(line)
        return line

    def cut(line: str) -> str:
        pieces, pos = [], 0
        for start, end in sorted((c[0], c[1]) for f in inline for c in f.spans(line)):
            start = max(start, pos)
            if end > start:
                pieces.append(line[pos:start])
                pos = end
        return formatted(" ".join("".join([*pieces, line[pos:]]).split())).strip("\n")

    source = formatted(text).split("\n")
    pos = 0
    for line in out.split("\n"):
        if not line:
            continue
        while pos < len(source) and line != source[pos] and not (inline and line == cut(source[pos])):
            pos += 1
        assert pos < len(source), f"output line {line!r} is not an input line (in order) of {text!r}"
        pos += 1
