"""``edges``: runs of short non-sentence lines before and after the body."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import regex

from cleantext.document import Document
from cleantext.filters._compile import phrase_set
from cleantext.filters._dates import is_date_line
from cleantext.filters.base import Drop, Filter, Rule
from cleantext.lazy import lazy
from cleantext.textstats import ends_sentence, is_list_item, is_prose

_WORDY = lazy(regex.compile)(r"\w")
_DIGIT = lazy(regex.compile)(r"\d")
# A line ending like this runs on into the next one.
_RUN_ON_MARKS = frozenset(",;:–—-")


def _runs_on(text: str) -> bool:
    if text[-1:] in _RUN_ON_MARKS:
        return True
    parts = text.rsplit(None, 1)
    return bool(parts) and parts[-1] in phrase_set("run_on_words")  # as written: "ET" is a time zone, not "et"


@dataclass(frozen=True)
class EdgesConfig:
    """Thresholds of the ``edges`` filter."""

    max_words: int = 20
    """An edge line longer than this is kept even without terminal punctuation."""
    min_prose_words: int = 6
    """A sentence of at least this many words marks where the body starts or ends."""
    max_head_lines: int = 4
    """More short lines than this before the first sentence, mostly numbered, are a list or table."""


# The rules for an edge line before the body, tried in order on its text; for a line after
# the body, on its text, word count, the config and whether chrome has begun after the body.
HEAD_RULES = (
    Rule("edges.date", "date or time line before the body", is_date_line),
    Rule("edges.head", "short non-sentence line before the body", lambda text: True),
)
TAIL_RULES = (
    Rule("edges.date", "date or time line after the body", lambda text, n, cfg, ended: is_date_line(text)),
    Rule("edges.tail", "short non-sentence line after the body's chrome", lambda text, n, cfg, ended:
         not _WORDY.search(text)
         or (ended and n <= cfg.max_words and not ends_sentence(text) and not is_list_item(text))),
)  # fmt: skip


@dataclass(frozen=True)
class Edges(Filter):
    """Drop short non-sentence lines before the first and after the last body paragraph.

    The head of a page (weather, date, section, headline) is a run of short lines with
    no sentence punctuation; so is its tail (section labels, related titles) once chrome
    has begun after the last sentence. A line that runs on into the next (a hard-wrapped
    sentence, a trailing comma or colon) is not an edge line; one with no word at all is.
    The headline, the longest such line before the body, is kept in
    ``Result.metadata["title"]``. Lines inside the body are never touched, nor are list
    items that continue a list of the body.

    >>> from cleantext.document import Document
    >>> doc = Document.from_text("Putin aide says\\n\\nTalks ran for five hours or more.\\n\\nAd\\n\\nHighlights\\n")
    >>> doc.drop(2, "ads", "ads.label", "ad-slot label")
    >>> [(d.index, d.rule) for d in Edges().scan(doc)], doc.metadata
    ([(0, 'edges.head'), (3, 'edges.tail')], {'title': 'Putin aide says'})
    """

    name = "edges"
    description = "Drop runs of short non-sentence lines before and after the body; keep the headline as metadata."

    config: EdgesConfig = EdgesConfig()

    def scan(self, doc: Document) -> Iterator[Drop]:
        live = doc.live_rows()
        lines, words = doc.lines, doc.index.words
        min_words = self.config.min_prose_words

        def prose_at(pos: int) -> bool:
            return is_prose(lines[live[pos]], min_words=min_words, words=words[live[pos]])

        # The body runs from the first line that reads as prose to the last one.
        first = next((pos for pos in range(len(live)) if prose_at(pos)), None)
        if first is None:
            return
        last = next(pos for pos in range(len(live) - 1, first - 1, -1) if prose_at(pos))
        # Decide from the body outwards, so a line "runs on" only into a line that stays.
        edge = [False] * first
        for pos in range(first - 1, -1, -1):
            nxt_stays = pos + 1 == first or not edge[pos + 1]
            edge[pos] = self._is_edge_line(doc, live, pos, words, runs_on_possible=nxt_stays)
        title = self._title([i for pos, i in enumerate(live[:first]) if edge[pos]], lines, words)
        if title is not None:
            doc.metadata.setdefault("title", title)
        # A long run of short lines before the first sentence, most with numbers or list
        # marks, is a list or table that opens the article (a calendar, a box score): leave it.
        head = [pos for pos in range(first) if edge[pos]]
        if len(head) > self.config.max_head_lines:
            structured = sum(1 for pos in head if _DIGIT.search(lines[live[pos]]) or is_list_item(lines[live[pos]]))
            if 2 * structured >= len(head):
                head = []
        for pos in head:
            for rule in HEAD_RULES:
                if rule.test(lines[live[pos]]):
                    yield Drop(live[pos], rule.id, rule.reason)
                    break
        # The tail is chrome only once chrome has begun: a line after the body's last
        # sentence stays (a sign-off, a credit, a table) unless it follows a removed line.
        ended = False
        for pos in range(last + 1, len(live)):
            i = live[pos]
            text = lines[i]
            ended = ended or any(doc.is_dropped(j) for j in range(live[pos - 1] + 1, i))
            for rule in TAIL_RULES:
                if rule.test(text, words[i], self.config, ended):
                    yield Drop(i, rule.id, rule.reason)
                    break

    def _is_edge_line(
        self, doc: Document, live: Sequence[int], pos: int, words: list[int], *, runs_on_possible: bool = True
    ) -> bool:
        i = live[pos]
        text = doc.lines[i]
        if not _WORDY.search(text):
            return True
        if words[i] > self.config.max_words or ends_sentence(text) or _runs_on(text):
            return False
        if not runs_on_possible or pos + 1 >= len(live):
            return True
        nxt = live[pos + 1]
        return not (doc.lines[nxt][:1].islower() and doc.paras[nxt] == doc.paras[i])  # a hard-wrapped sentence

    def _title(self, edge_rows: list[int], lines: list[str], words: list[int]) -> str | None:
        candidates = [
            i for i in edge_rows if 2 <= words[i] <= 25 and _WORDY.search(lines[i]) and not is_date_line(lines[i])
        ]
        best = max(candidates, key=words.__getitem__, default=None)
        return None if best is None else lines[best]
