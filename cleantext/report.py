"""See what a pipeline removed: a self-contained HTML report and a coloured terminal view.

Both views are built from the same :func:`view` of a :class:`~cleantext.pipeline.Result`:
the normalised text line by line, each line cut into kept and removed pieces, every removed
piece carrying its :class:`~cleantext.document.Removal` (filter, rule, reason).

>>> import cleantext
>>> result = cleantext.run("Advertisement\\n\\nThe vote passed on Monday after a long debate.\\n")
>>> [[(piece.text, piece.removal and piece.removal.rule) for piece in line] for line in view(result)]
[[('Advertisement', 'ads.label')], [], [('The vote passed on Monday after a long debate.', None)]]
>>> print(terminal_view(result, color=False), end="")
- [ads] Advertisement
<BLANKLINE>
  The vote passed on Monday after a long debate.
"""

from __future__ import annotations

import hashlib
import html
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

import click

from cleantext.document import Removal
from cleantext.pipeline import Result

__all__ = [
    "COLORS",
    "Piece",
    "ReportDoc",
    "Tally",
    "color_of",
    "html_report",
    "terminal_view",
    "view",
]

COLORS: dict[str, tuple[str, str]] = {
    "ad_artifacts": ("#f9c4ee", "#a0167f"),
    "ads": ("#ffc4c4", "#b00000"),
    "chrome": ("#c4d7ff", "#0039a6"),
    "captions": ("#ffe2a6", "#a05a00"),
    "content": ("#dccbff", "#5b1fb3"),
    "edges": ("#c9efc0", "#1d7a12"),
}
"""``(background, strike and text colour)`` of the removed lines of each built-in filter."""

_EXTRA = (
    ("#c2f0f0", "#006b6b"),
    ("#f0e0c8", "#7a4a10"),
    ("#e6e6a8", "#5f5f00"),
    ("#f2c9d9", "#8c1f4a"),
    ("#d0e4d0", "#2f5f2f"),
)

_TERMINAL = {"ad_artifacts": "magenta", "ads": "red", "chrome": "blue", "captions": "yellow", "content": "magenta"}


def color_of(filter_name: str) -> tuple[str, str]:
    """The ``(background, foreground)`` colours of ``filter_name`` (a stable pick for rule-file filters).

    >>> color_of("ads")
    ('#ffc4c4', '#b00000')
    """
    if filter_name in COLORS:
        return COLORS[filter_name]
    digest = hashlib.sha1(filter_name.encode("utf-8")).digest()
    return _EXTRA[digest[0] % len(_EXTRA)]


class Piece(NamedTuple):
    """A run of one line: kept (``removal`` None) or removed by ``removal``."""

    text: str
    removal: Removal | None


def view(result: Result) -> list[list[Piece]]:
    """The lines of ``result.source`` (blank lines are empty lists), cut into kept and removed pieces."""
    source = result.source
    removals = sorted(result.removed, key=lambda r: (r.start, r.end))
    lines: list[list[Piece]] = []
    pos = 0
    k = 0
    for line in source.split("\n"):
        end = pos + len(line)
        pieces: list[Piece] = []
        if line.strip():
            at = pos
            while k < len(removals) and removals[k].start < end:
                r = removals[k]
                s, e = max(r.start, at), min(r.end, end)
                if s > at:
                    pieces.append(Piece(source[at:s], None))
                if e > s:
                    pieces.append(Piece(source[s:e], r))
                    at = e
                if r.end <= end:
                    k += 1
                else:
                    break
            if at < end:
                pieces.append(Piece(source[at:end], None))
        lines.append(pieces)
        pos = end + 1
    while lines and not lines[-1]:
        lines.pop()
    return lines


@dataclass
class Tally:
    """Removed lines, inline cuts and characters, per filter, over any number of documents."""

    lines: Counter[str] = field(default_factory=Counter)
    cuts: Counter[str] = field(default_factory=Counter)
    chars: Counter[str] = field(default_factory=Counter)

    def add(self, result: Result) -> None:
        for line in view(result):
            whole = len(line) == 1 and line[0].removal is not None
            for piece in line:
                if piece.removal is None:
                    continue
                name = piece.removal.filter
                (self.lines if whole else self.cuts)[name] += 1
                self.chars[name] += len(piece.text)

    def filters(self) -> list[str]:
        """Filter names, most characters removed first."""
        return sorted(self.chars, key=lambda n: (-self.chars[n], n))


class ReportDoc(NamedTuple):
    """One document of a report: a name (file, ``FILE:LINE`` or a record id) and its result."""

    name: str
    result: Result


# -- HTML --------------------------------------------------------------------------------------------------

_CSS = """
body { font: 15px/1.45 system-ui, sans-serif; margin: 1.5em auto; max-width: 60em; padding: 0 1em; color: #111;
  background: #fff; }
h1 { font-size: 1.5em; } h2 { font-size: 1.15em; margin-top: 2em; }
table { border-collapse: collapse; } th, td { padding: .2em .8em; text-align: right; border-bottom: 1px solid #ddd; }
th:first-child, td:first-child { text-align: left; }
.swatch { display: inline-block; width: 1em; height: 1em; vertical-align: -.15em; margin-right: .4em; }
.doc .text { border-left: 3px solid #ddd; padding-left: 1em; }
.line { margin: 0; white-space: pre-wrap; overflow-wrap: anywhere; min-height: 1.45em; }
.gap { height: .7em; }
del { text-decoration-line: line-through; text-decoration-thickness: 3px; }
.stats, .meta { color: #555; }
"""


def _filter_css(names: Iterable[str]) -> str:
    rules = []
    for name in sorted(set(names)):
        bg, fg = color_of(name)
        cls = _css_class(name)
        rules.append(f"del.{cls} {{ background: {bg}; color: {fg}; text-decoration-color: {fg}; }}")
        rules.append(f".swatch.{cls} {{ background: {bg}; border: 1px solid {fg}; }}")
    return "\n".join(rules)


def _css_class(name: str) -> str:
    return "f-" + "".join(ch if ch.isalnum() or ch in "-_" else "_" for ch in name)


def _title(r: Removal) -> str:
    return f"{r.filter} · {r.rule}: {r.reason}"


def _line_html(line: Sequence[Piece]) -> str:
    if not line:
        return '<div class="gap"></div>'
    whole = len(line) == 1 and line[0].removal is not None
    parts = []
    for piece in line:
        text = html.escape(piece.text)
        r = piece.removal
        if r is None:
            parts.append(text)
        else:
            parts.append(
                f'<del class="{_css_class(r.filter)}" data-filter="{html.escape(r.filter)}" '
                f'data-rule="{html.escape(r.rule)}" title="{html.escape(_title(r))}">{text}</del>'
            )
    kind = "removed" if whole else "kept"
    return f'<p class="line {kind}">{"".join(parts)}</p>'


def html_report(docs: Sequence[ReportDoc], *, title: str = "cleantext report", note: str = "") -> str:
    """One self-contained HTML page (inline CSS, no scripts, no external assets) showing ``docs``.

    Kept text is shown as it is; removed lines and cuts are struck through and coloured by
    filter (see :data:`COLORS`), with ``filter · rule: reason`` as their tooltip. A table
    sums up, per filter, the whole lines and inline cuts removed and their characters.

    >>> import cleantext
    >>> page = html_report([ReportDoc("a.txt", cleantext.run("Advertisement\\n\\nThe vote passed on Monday.\\n"))])
    >>> '<del class="f-ads" data-filter="ads" data-rule="ads.label"' in page, "http" in page
    (True, False)
    """
    tally = Tally()
    for doc in docs:
        tally.add(doc.result)
    total_in = sum(len(d.result.source) for d in docs)
    total_out = sum(len(d.result.text) for d in docs)
    used = tally.filters()
    out = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{html.escape(title)}</title>",
        f"<style>{_CSS}{_filter_css(used)}</style>",
        "</head><body>",
        f"<h1>{html.escape(title)}</h1>",
    ]
    share = 100 * (1 - total_out / total_in) if total_in else 0.0
    out.append(
        f'<p class="meta">{len(docs)} document(s); {total_in:,} characters in, {total_out:,} kept '
        f"({share:.1f}% removed).{(' ' + html.escape(note)) if note else ''} "
        "Removed text is struck through and coloured by filter; hover it for the rule and reason.</p>"
    )
    out.append('<section class="summary"><h2>Removed, by filter</h2>')
    out.append("<table><thead><tr><th>filter</th><th>lines</th><th>cuts</th><th>characters</th></tr></thead><tbody>")
    for name in used:
        out.append(
            f'<tr data-filter="{html.escape(name)}"><td><span class="swatch {_css_class(name)}"></span>'
            f"{html.escape(name)}</td><td>{tally.lines[name]}</td><td>{tally.cuts[name]}</td>"
            f"<td>{tally.chars[name]:,}</td></tr>"
        )
    out.append("</tbody></table></section>")
    for i, doc in enumerate(docs, 1):
        res = doc.result
        out.append(f'<section class="doc" id="doc-{i}"><h2>{html.escape(doc.name)}</h2>')
        out.append(
            f'<p class="stats">{len(res.source):,} characters, {len(res.text):,} kept, '
            f"{len(res.removed)} removal(s)</p>"
        )
        out.append('<div class="text">')
        out.extend(_line_html(line) for line in view(res))
        out.append("</div></section>")
    out.append("</body></html>")
    return "\n".join(out) + "\n"


# -- terminal ----------------------------------------------------------------------------------------------


def terminal_view(result: Result, *, color: bool = True) -> str:
    """``result`` as text for a terminal: kept lines indented, removed lines as ``- [filter] …``.

    With ``color``, removed text is struck through (where the terminal can) and coloured by
    filter with :func:`click.style`; inline cuts show as ``[-cut text-](filter)`` inside kept lines.
    """
    out = []
    for line in view(result):
        if not line:
            out.append("")
            continue
        if len(line) == 1 and line[0].removal is not None:
            r = line[0].removal
            label = f"- [{r.filter}] "
            if color:
                fg = _TERMINAL.get(r.filter, "cyan")
                out.append(click.style(label, fg=fg, bold=True) + click.style(line[0].text, fg=fg, strikethrough=True))
            else:
                out.append(label + line[0].text)
            continue
        parts = []
        for piece in line:
            r = piece.removal
            if r is None:
                parts.append(piece.text)
            elif color:
                fg = _TERMINAL.get(r.filter, "cyan")
                parts.append(
                    click.style(f"[-{piece.text}-]", fg=fg, strikethrough=True) + click.style(f"({r.filter})", fg=fg)
                )
            else:
                parts.append(f"[-{piece.text}-]({r.filter})")
        out.append("  " + "".join(parts))
    return "\n".join(out) + "\n" if out else ""
