"""``ads``: ad-slot labels on their own line and ad-theme artifacts glued into text."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from cleantext.document import Document
from cleantext.filters._compile import STARTS, WholeLine, alternation, fragments, line_starts, pattern
from cleantext.filters.base import Cut, Drop, Filter, Rule, rules_by_bits
from cleantext.lazy import lazy
from cleantext.textstats import lower

_LABEL = lazy(WholeLine)("ad_labels")
_ARTIFACT = lazy(pattern)(lambda: alternation(fragments("inline_ad_artifacts")), 0)
_MAX_LABEL_CHARS = 80
# The line rules, tried in order on a line's text (a label line starts with a label's first word).
_NEEDS = STARTS["ad_labels"]  # the bits of all the rules
RULES = (Rule("ads.label", "ad-slot label",
              lambda text: len(text) <= _MAX_LABEL_CHARS and _LABEL.fullmatch(lower(text)), _NEEDS),)  # fmt: skip
_tried = rules_by_bits(RULES)


@dataclass(frozen=True)
class AdLabels(Filter):
    """Drop lines that are only an ad-slot label, in any supported language.

    ``Advertisement``, ``- Advertisement -``, ``ADVERTISEMENT``, ``Sponsored content``,
    ``Story continues below advertisement``, ``Anzeige``, ``Publicité``, ``Publicidad``…
    A sentence that merely mentions advertising is not a label and stays.
    """

    name = "ads"
    description = "Drop ad-slot label lines (Advertisement, Sponsored, Anzeige, Publicité, 広告…) in 20 languages."

    def scan(self, doc: Document) -> Iterator[Drop]:
        lines, dropped, starts = doc.index.lines, doc.dropped, line_starts(doc.index)
        for i in sorted(i for i, bits in starts.items() if bits & _NEEDS):
            if dropped[i] is None:
                for rule in _tried(starts[i]):
                    if rule.test(lines[i]):
                        yield Drop(i, rule.id, rule.reason)
                        break


@dataclass(frozen=True)
class AdArtifacts(Filter):
    """Cut ad-theme placeholders glued into a line, such as ``spot_imgspot_img``.

    >>> [tuple(c) for c in AdArtifacts().spans("- Advertisement -spot_imgspot_img")]
    [(17, 33, 'ads.artifact', 'ad placeholder artifact')]
    """

    name = "ad_artifacts"
    description = "Cut ad-theme placeholder artifacts glued into text (spot_img)."

    def may_cut(self, text: str) -> bool:
        """Whether ``text`` (a whole document) holds anything :meth:`spans` would cut."""
        return _ARTIFACT.search(text) is not None

    def spans(self, line: str) -> Iterator[Cut]:
        for m in _ARTIFACT.finditer(line):
            yield Cut(m.start(), m.end(), "ads.artifact", "ad placeholder artifact")
