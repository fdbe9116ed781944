"""The line rules of the filters, driven by their lists: every rule of every list names a line
it fires on (the first rule of its list to say yes, and the filter removes the line under it)
and a line it does not name, and every rule id is documented in docs/filters.md."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from cleantext.document import Document
from cleantext.filters import AdLabels, Captions, Chrome, Edges, ads, captions, chrome, edges
from cleantext.filters._compile import line_starts
from cleantext.filters.base import Rule
from cleantext.textstats import lower

DOCS = Path(__file__).resolve().parent.parent / "docs" / "filters.md"
PROSE = "The council approved the new budget after a long debate on Monday."


def _chrome(text: str) -> tuple[int, tuple[Any, ...]]:
    """The line's hit bits from chrome's measuring pass, and the arguments of chrome's rule tests."""
    doc = Document.from_text(text)
    return chrome._gated_lines(doc.index).get(0, 0), (text, lower(text), doc.index.words[0], Chrome().config)


def _chrome_removes(text: str) -> list[tuple[str, str]]:
    return [(d.rule, d.reason) for d in Chrome().scan(Document.from_text(text))]


def _captions(text: str) -> tuple[int, tuple[Any, ...]]:
    doc = Document.from_text(text)
    return captions.ALL_RULES, (text, doc.index.words[0], Captions().config)  # the filter's scan checks the gate


def _captions_removes(text: str) -> list[tuple[str, str]]:
    return [(d.rule, d.reason) for d in Captions().scan(Document.from_text(text))]


def _ads(text: str) -> tuple[int, tuple[Any, ...]]:
    return line_starts(Document.from_text(text).index).get(0, 0), (text,)


def _ads_removes(text: str) -> list[tuple[str, str]]:
    return [(d.rule, d.reason) for d in AdLabels().scan(Document.from_text(text))]


def _head(text: str) -> tuple[int, tuple[Any, ...]]:
    return -1, (text,)


def _head_removes(text: str) -> list[tuple[str, str]]:
    doc = Document.from_text(f"{text}\n\n{PROSE}\n")
    return [(d.rule, d.reason) for d in Edges().scan(doc) if d.index == 0]


def _tail(text: str) -> tuple[int, tuple[Any, ...]]:
    return -1, (text, Document.from_text(text).index.words[0], Edges().config, True)  # chrome has begun


def _tail_removes(text: str) -> list[tuple[str, str]]:
    doc = Document.from_text(f"{PROSE}\n\nAdvertisement\n\n{text}\n")
    doc.drop(1, "ads", "ads.label", "ad-slot label")  # chrome has begun after the body
    return [(d.rule, d.reason) for d in Edges().scan(doc) if d.index == 2]


Measure = Callable[[str], tuple[int, tuple[Any, ...]]]
LISTS: dict[str, tuple[tuple[Rule, ...], Measure, Callable[[str], list[tuple[str, str]]]]] = {
    "chrome": (chrome.RULES, _chrome, _chrome_removes),
    "captions": (captions.RULES, _captions, _captions_removes),
    "ads": (ads.RULES, _ads, _ads_removes),
    "edges.head": (edges.HEAD_RULES, _head, _head_removes),
    "edges.tail": (edges.TAIL_RULES, _tail, _tail_removes),
}

# list, rule id, reason, a line the rule names, a line it does not name
CASES = [
    ("chrome", "chrome.section", "label of a related, most-read or comments section", "Related Articles",
     "Related articles appeared in the local press."),
    ("chrome", "chrome.phrase", "link to a comments or related section, with its count", "Comments (18)",
     "Comments (many)"),
    ("chrome", "chrome.phrase", "navigation label", "Read more", "Read more of them"),
    ("chrome", "chrome.comment", "comment author line", "harbourwatcher says:", "The mayor says:"),
    ("chrome", "chrome.prefix", "tags, share, source or related line", "Tags: vote, council", "Tags: who decides?"),
    ("chrome", "chrome.prompt", "cookie, newsletter, comment-form or rights notice",
     "We use cookies to improve your experience.", "Reports say we use cookiescutter templates in the lab."),
    ("chrome", "chrome.share", "share or follow row", "Facebook Twitter WhatsApp",
     "Facebook said on Monday it would appeal"),
    ("chrome", "chrome.copyright", "copyright line", "© 2025 Harbour News Ltd",
     "The copyright case went to court in 2025"),
    ("chrome", "chrome.byline", "byline", "By Jane Roe", "By the river the mayor spoke."),
    ("chrome", "chrome.stamp", "update or publication stamp", "Updated 2 December 2025", "Updated soon"),
    ("chrome", "chrome.menu", "menu row or breadcrumb", "Home | World | Politics", "Home | World"),
    ("captions", "captions.photo_credit", "photo credit line", "Kristina Kormilitsyna / AP",
     "Kristina Kormilitsyna wrote for AP"),
    ("captions", "captions.captioned_credit", "caption ending with a photo credit",
     "Volunteers clean the beach (AP Photo/Evan Vucci)", "Volunteers clean the beach (in the rain)"),
    ("captions", "captions.caption_cues", "caption: positional cue and place + date ending",
     "The mayor, second from left, opens the bridge in Lahaina, Hawaii, Dec. 2, 2025.",
     "The mayor opens the bridge in Lahaina, Hawaii, Dec. 2, 2025."),
    ("ads", "ads.label", "ad-slot label", "- Advertisement -", "The advertisement ran for a week."),
    ("edges.head", "edges.date", "date or time line before the body", "Tuesday, December 2, 2025",
     "Putin aide says"),
    ("edges.head", "edges.head", "short non-sentence line before the body", "Putin aide says",
     "Tuesday, December 2, 2025"),  # a date line is named by the rule before
    ("edges.tail", "edges.date", "date or time line after the body", "Tuesday, December 2, 2025", "Highlights"),
    ("edges.tail", "edges.tail", "short non-sentence line after the body's chrome", "Highlights",
     "The council met again on Tuesday to vote on it."),
]  # fmt: skip


def _named(rules: tuple[Rule, ...], measure: Measure, text: str) -> Rule | None:
    """The first rule of ``rules`` that the line's hit bits let try and whose test says yes."""
    bits, args = measure(text)
    return next((r for r in rules if (r.needs & bits or not r.needs) and r.test(*args)), None)


def _rule(rules: tuple[Rule, ...], rule_id: str, reason: str) -> Rule:
    (rule,) = [r for r in rules if (r.id, r.reason) == (rule_id, reason)]
    return rule


@pytest.mark.parametrize(("name", "rule_id", "reason", "positive", "negative"), CASES, ids=[c[2] for c in CASES])
def test_each_rule_names_its_example_and_not_its_near_miss(
    name: str, rule_id: str, reason: str, positive: str, negative: str
) -> None:
    rules, measure, removes = LISTS[name]
    rule = _rule(rules, rule_id, reason)
    assert _named(rules, measure, positive) is rule
    assert removes(positive) == [(rule_id, reason)]
    assert _named(rules, measure, negative) is not rule
    assert (rule_id, reason) not in removes(negative)


def test_every_rule_of_every_list_has_a_case() -> None:
    listed = {(name, r.id, r.reason) for name, (rules, _, _) in LISTS.items() for r in rules}
    assert listed == {case[:3] for case in CASES}
    for rules, _, _ in LISTS.values():
        assert len({(r.id, r.reason) for r in rules}) == len(rules), "an id and reason name one rule of a list"


def test_every_rule_id_is_documented() -> None:
    text = DOCS.read_text("utf-8")
    missing = sorted({r.id for rules, _, _ in LISTS.values() for r in rules if f"`{r.id}`" not in text})
    assert missing == []


def test_a_line_tries_only_the_rules_whose_hit_bit_it_has() -> None:
    # "Read more" is a navigation label; without chrome_lines' bit its rule is not tried
    assert Chrome().line_rule("Read more") == ("chrome.phrase", "navigation label")
    assert Chrome().line_rule("Read more", rules=chrome.ALL_RULES & ~chrome.PHRASE) is None
