"""The fitted content model: line labels, the feature table, the sequence decision, the model
file, fitting, and the explanations of ``content.outside`` removals."""

from __future__ import annotations

import itertools
import json
import math
from bisect import bisect_right
from importlib import resources
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import cleantext
from cleantext import fit
from cleantext.document import Document
from cleantext.filters import Content
from cleantext.filters._page import keep_introduced_list
from cleantext.filters.content_features import COMMENT_WALL, FEATURES, SECTION_WALL, content_table
from cleantext.labels import label_by_snippets, label_lines, snippet_norm
from cleantext.model import ContentModel, default_model, fill_gaps, main_segment, strong_stretches, viterbi

BEFORE_CONTENT = cleantext.Pipeline.default().without("content", "edges")

# -- labels from a gold body ----------------------------------------------------------------

GOLD_BODY = [
    "The council voted on Tuesday to close the old bridge to cars from next spring.",
    "Cyclists will still be able to cross it while the repairs go on, the mayor said.",
]


def test_gold_labels_body_lines_and_not_menus() -> None:
    lines = ["Home", "News | Sport | Weather", *GOLD_BODY, "Share this article", "Privacy Policy"]
    assert label_lines(lines, "\n\n".join(GOLD_BODY)) == [False, False, True, True, False, False]


def test_gold_labels_the_repeated_headline_as_body_only_above_the_article() -> None:
    headline = "Old bridge to close to cars"
    lines = [f"{headline} - The Daily Courier", "Home | News", headline, *GOLD_BODY, "Share this"]
    gold = headline + "\n\n" + "\n\n".join(GOLD_BODY)
    assert label_lines(lines, gold) == [False, False, True, True, True, False]
    # the same when the title bar holds nothing but the headline: the place whose
    # neighbourhood fits the gold wins
    lines[0] = headline
    assert label_lines(lines, gold) == [False, False, True, True, True, False]


def test_gold_labels_count_a_sentence_as_often_as_the_gold_holds_it() -> None:
    lines = [GOLD_BODY[0], "Most read", GOLD_BODY[0], GOLD_BODY[1]]
    assert label_lines(lines, "\n".join(GOLD_BODY)).count(True) == 2
    assert label_lines(lines, "\n".join([GOLD_BODY[0], *GOLD_BODY])) == [True, False, True, True]


def test_gold_labels_lines_without_tokens_have_no_label() -> None:
    lines = [GOLD_BODY[0], "***", "", "—", GOLD_BODY[1]]
    assert label_lines(lines, "\n".join(GOLD_BODY)) == [True, None, None, None, True]


def test_gold_labels_need_half_of_a_lines_tokens_aligned() -> None:
    # four words of the gold inside a line of ten: under half aligned, boilerplate
    mostly_other = "Read more about close the old bridge in our special report today"
    half = "to close the old bridge now"  # four of six tokens aligned
    assert label_lines([mostly_other, half], GOLD_BODY[0]) == [False, True]


def test_gold_labels_with_a_tiny_gold_and_an_empty_one() -> None:
    assert label_lines(["Hello world", "Menu", "world Hello"], "Hello world") == [True, False, False]
    assert label_lines(["Hello world", "***"], "") == [False, None]


# -- labels from snippets -------------------------------------------------------------------


def test_snippet_labels_with_and_without() -> None:
    lines = ["Home", GOLD_BODY[0], "Leave a comment", GOLD_BODY[1]]
    labels = label_by_snippets(lines, ["close the old bridge", "the mayor said"], ["Leave a comment"])
    assert labels == [None, True, False, True]


def test_snippet_spanning_two_lines_labels_both() -> None:
    lines = ["Menu", "The vote passed", "on Monday after a long debate.", "Share"]
    assert label_by_snippets(lines, ["vote passed on Monday"], []) == [None, True, True, None]
    assert label_by_snippets(lines, [], ["Share"]) == [None, None, None, False]


def test_snippet_labels_conflict_leaves_no_label() -> None:
    lines = ["Subscribe now to read the vote passed on Monday.", "The rest of the story."]
    labels = label_by_snippets(lines, ["the vote passed", "rest of the story"], ["Subscribe now"])
    assert labels == [None, True]


def test_snippet_labels_compare_normalised_text() -> None:
    lines = ["The  vote\u00ad passed\ton Monday.", "Caf\u0065\u0301 menu"]
    labels = label_by_snippets(lines, ["vote passed on Monday"], ["Caf\u00e9 menu", "   "])
    assert labels == [True, False]


def test_snippet_norm() -> None:
    assert snippet_norm("  a\u200bb \n\t c\u00ad d  ") == "ab c d"
    assert snippet_norm("Cafe\u0301") == "Caf\u00e9"
    assert snippet_norm("\n\n") == ""


# -- the feature table ----------------------------------------------------------------------

HEADLINE = "Old bridge to close to cars"
PAGE_LINES = [
    f"{HEADLINE} - The Daily Courier",  # 0 the title bar
    "Home | News | Sport | Weather",  # 1 chrome.menu
    HEADLINE,  # 2 the headline again
    "The city council voted on Tuesday to close the old bridge to cars from next spring, engineers said.",
    "Prices rose in May / June",  # 4 a separator
    "See www.example.com",  # 5 a URL
    "What happens next",  # 6 a short subheading
    "Related",  # 7 chrome.section: a section wall
    "Harbour festival returns in June after a year away, organisers say.",  # 8
    "harbourwatcher says:",  # 9 chrome.comment: a comment wall
    "It is about time somebody did something about that bridge.",  # 10
]


def feature_page() -> tuple[cleantext.Document, object]:
    doc = BEFORE_CONTENT.document("\n".join(PAGE_LINES) + "\n")
    return doc, content_table(doc)


def test_the_hand_made_page_loses_the_lines_chrome_recognises() -> None:
    doc, _ = feature_page()
    rules = {i: r.rule for i, r in enumerate(doc.dropped) if r is not None}
    assert rules == {1: "chrome.menu", 7: "chrome.section", 9: "chrome.comment"}


def test_feature_table_has_one_value_per_live_line_for_every_feature() -> None:
    doc, table = feature_page()
    assert list(table.rows) == [b.index for b in doc.live()] == [0, 2, 3, 4, 5, 6, 8, 10]
    assert set(table.columns) == set(FEATURES)
    for name in FEATURES:
        assert len(table.columns[name]) == len(table), name
    assert table.row(2) == {name: table.columns[name][2] for name in FEATURES}
    assert table.lang == "en"


def test_feature_values_on_a_hand_made_page() -> None:
    _, table = feature_page()
    col = table.columns
    k = {row: n for n, row in enumerate(table.rows)}  # block index -> position in the table
    assert [table.sentence[k[i]] for i in (3, 6, 10)] == [True, False, True]
    assert [col["url"][k[i]] for i in (3, 5)] == [0.0, 1.0]
    assert [col["separators"][k[i]] for i in (3, 4)] == [0.0, 1.0]
    # removed blocks among the (up to) 3 on each side
    assert col["removed_around"][k[0]] == pytest.approx(1 / 3)  # 1 of blocks 1..3
    assert col["removed_around"][k[8]] == pytest.approx(2 / 5)  # 7, 9 of blocks 5..10
    assert col["removed_around"][k[10]] == pytest.approx(2 / 3)  # 7, 9 of blocks 7..9
    position = col["position"]
    assert position[0] == 0.0 and position[-1] == 1.0 and position == sorted(position)
    assert col["words_before"][0] == 0.0 and col["words_before"] == sorted(col["words_before"])
    assert col["prev_stop_density"][k[6]] == col["stop_density"][k[5]]
    assert col["next_stop_density"][k[8]] == col["stop_density"][k[10]]
    assert col["prev_words_log"][0] == 0.0 and col["next_words_log"][-1] == 0.0


def test_prose_run_sums_the_words_of_prose_lines_over_gaps_of_two_lines() -> None:
    prose = "The council voted on Monday to close the old bridge for repairs."  # 12 words
    lines = ["Menu", prose, "Photo", "Share", prose, "Ad", "One", "Two", prose, "Footer"]
    table = content_table(Document.from_text("\n".join(lines) + "\n"))
    run = table.columns["prose_run"]
    first = math.log1p(24)  # lines 1-4: two prose lines with two lines between them
    assert run == [0.0, first, first, first, first, 0.0, 0.0, 0.0, math.log1p(12), 0.0]


def test_core_distance_counts_lines_from_the_first_window_richest_in_prose() -> None:
    prose = "The council voted on Monday to close the old bridge for repairs."
    lines = [f"Menu item {k}" for k in range(40)] + [prose] * 5 + [f"Footer link {k}" for k in range(130)]
    table = content_table(Document.from_text("\n".join(lines) + "\n"))
    distance = table.columns["core_distance"]
    # windows of 10 lines on each side hold all five prose lines for middles 34..50: the first is the core
    assert distance[34] == 0.0
    assert distance[0] == pytest.approx(34 / 50) and distance[44] == pytest.approx(10 / 50)
    assert distance[134] == 2.0 and distance[-1] == 2.0  # 100 lines or more away
    assert content_table(Document.from_text(prose + "\n")).columns["core_distance"] == [0.0]


def test_the_repeated_title_marks_the_lines_before_the_headline() -> None:
    _, table = feature_page()
    assert table.headline == 2
    assert table.columns["before_headline"] == [1.0, 1.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0]
    assert table.columns["after_headline"] == [0.0, 0.0, 1.0, 1.0, 1.0, 0.0, 0.0, 0.0]


def test_walls_of_section_labels_and_comment_authors() -> None:
    _, table = feature_page()
    walls = dict(zip(table.rows, table.walls, strict=True))
    # "Related" stands before block 8, "harbourwatcher says:" before block 10; the menu row
    # before block 2 is no wall
    assert walls == {0: 0, 2: 0, 3: 0, 4: 0, 5: 0, 6: 0, 8: SECTION_WALL, 10: COMMENT_WALL}


def test_repeated_and_paragraph_features() -> None:
    body = "The council voted on Tuesday to close the old bridge to cars next spring."
    doc = BEFORE_CONTENT.document(f"Menu item one\n{body}\nShort line\n\n{body}\nAnother short line\n")
    table = content_table(doc)
    assert table.columns["repeated"] == [0.0, 1.0, 0.0, 1.0, 0.0]
    assert table.columns["para_prose"] == pytest.approx([1 / 3, 1 / 3, 1 / 3, 1 / 2, 1 / 2])
    assert table.columns["para_short"] == pytest.approx([2 / 3, 2 / 3, 2 / 3, 1 / 2, 1 / 2])


def test_feature_table_of_an_empty_document() -> None:
    table = content_table(BEFORE_CONTENT.document(""))
    assert len(table) == 0 and all(table.columns[name] == [] for name in FEATURES)


# -- the sequence decision ------------------------------------------------------------------


def test_viterbi_keeps_a_short_negative_gap_when_switching_costs_much() -> None:
    gains = [3.0, -1.0, 3.0]
    # all body: 5 - enter(2) = 3; dropping the middle: 6 - 2 - 2 - 2 = 0
    assert viterbi(gains, [0, 0, 0], 2.0, 2.0) == [True, True, True]
    # cheap switches: all body 5 - 0.1; dropping the middle 6 - 0.3
    assert viterbi(gains, [0, 0, 0], 0.1, 0.1) == [True, False, True]


def test_viterbi_drops_a_lone_line_that_does_not_pay_for_entering() -> None:
    # entering and leaving cost 4: a line earning 3.5 is not worth it, one earning 4.5 is
    assert viterbi([-2.0, 3.5, -2.0], [0, 0, 0], 2.0, 2.0) == [False, False, False]
    assert viterbi([-2.0, 4.5, -2.0], [0, 0, 0], 2.0, 2.0) == [False, True, False]
    # the page's end costs nothing to stop at
    assert viterbi([-2.0, 2.5], [0, 0], 2.0, 2.0) == [False, True]


def test_viterbi_wall_costs_a_leave_and_an_enter() -> None:
    gains = [3.0, 0.5]
    assert viterbi(gains, [0, 0], 1.0, 1.0) == [True, True]  # 3.5 - 1
    # across a wall: 3.5 - 1 - (1 + 1) = 0.5 against 3 - 1 - 1 for the first line alone
    assert viterbi(gains, [0, SECTION_WALL], 1.0, 1.0) == [True, False]
    assert viterbi([], [], 1.0, 1.0) == []


def labelling_total(
    labels: tuple[bool, ...], gains: list[float], walls: list[int], enter: float, leave: float
) -> float:
    """What a labelling earns: its body lines' gains, minus a switch cost for every change of
    state (the page starts as boilerplate) and a leave plus an enter for a wall inside the body."""
    total = 0.0
    prev = False
    for k, (body, gain) in enumerate(zip(labels, gains, strict=True)):
        if body:
            total += gain
            if not prev:
                total -= enter
            elif k and walls[k]:
                total -= leave + enter
        elif prev:
            total -= leave
        prev = body
    return total


@settings(max_examples=300, deadline=None)
@given(
    st.integers(1, 8).flatmap(
        lambda n: st.tuples(
            st.lists(st.integers(-40, 40).map(lambda x: x / 8), min_size=n, max_size=n),
            st.lists(st.sampled_from([0, 0, 0, SECTION_WALL, COMMENT_WALL]), min_size=n, max_size=n),
        )
    ),
    st.integers(0, 24).map(lambda x: x / 8),
    st.integers(0, 24).map(lambda x: x / 8),
)
def test_viterbi_finds_the_best_labelling(case: tuple[list[float], list[int]], enter: float, leave: float) -> None:
    gains, walls = case
    found = viterbi(gains, walls, enter, leave)
    best = max(
        labelling_total(labels, gains, walls, enter, leave)
        for labels in itertools.product((False, True), repeat=len(gains))
    )
    assert labelling_total(tuple(found), gains, walls, enter, leave) == pytest.approx(best)


def test_main_segment_keeps_the_strongest_stretch_between_walls() -> None:
    body = [True, True, True, True, True]
    assert main_segment(body, [1, 1, 5, 1, 1], [0, 0, 0, 0, 0]) == body  # no wall: unchanged
    assert main_segment(body, [1, 1, 5, 1, 1], [0, 0, SECTION_WALL, 0, 0]) == [False, False, True, True, True]
    assert main_segment(body, [4, 1, 1, 1, 1], [0, 0, SECTION_WALL, 0, 0]) == [True, True, False, False, False]


def test_main_segment_ends_the_article_at_a_comment_wall() -> None:
    body = [True, True, True, True]
    # the comments earn more, but body stands before them: the article ends at the wall
    assert main_segment(body, [1, 1, 9, 9], [0, 0, COMMENT_WALL, 0]) == [True, True, False, False]
    # a section wall instead: the stronger stretch after it wins
    assert main_segment(body, [1, 1, 9, 9], [0, 0, SECTION_WALL, 0]) == [False, False, True, True]
    # no body before the comment wall: what follows counts
    assert main_segment([False, False, True, True], [-1, -1, 2, 2], [0, 0, COMMENT_WALL, 0]) == [
        False,
        False,
        True,
        True,
    ]


def test_strong_stretches_drops_weak_stretches_only() -> None:
    body = [True, True, False, True, False, True]
    gains = [3, 2, -1, 1, -1, 4]
    assert strong_stretches(body, gains, 0.5) == [True, True, False, False, False, True]
    assert strong_stretches(body, gains, 0.2) == body  # 1 >= 0.2 * 5
    assert strong_stretches(body, gains, 0.0) == body
    assert strong_stretches([False, True, True, False], [0, 1, 1, 0], 0.9) == [False, True, True, False]


def test_fill_gaps_fills_short_gaps_between_body_lines() -> None:
    body = [False, True, False, False, True, False, False, False, True, False]
    walls = [0] * len(body)
    assert fill_gaps(body, walls, 2) == [False, True, True, True, True, False, False, False, True, False]
    assert fill_gaps(body, walls, 3) == [False, True, True, True, True, True, True, True, True, False]
    assert fill_gaps(body, walls, 0) == body


def test_fill_gaps_does_not_fill_across_a_wall() -> None:
    body = [True, False, True, False, True]
    assert fill_gaps(body, [0, SECTION_WALL, 0, 0, 0], 1) == [True, False, True, True, True]
    # a wall right before the next body line blocks too
    assert fill_gaps(body, [0, 0, 0, 0, COMMENT_WALL], 1) == [True, True, True, False, True]


# -- the model and its file -----------------------------------------------------------------


def tiny_model(**changes: object) -> ContentModel:
    fields: dict[str, object] = {
        "features": ("a", "b"),
        "cuts": ((1.0,), (0.0, 2.0)),
        "values": ((-1.0, 1.0), (0.0, 5.0, 10.0)),
        "bias": 0.5,
        "thresholds": {"precision": 1.0, "balanced": 0.0, "recall": -1.0},
        "enter": 1.0,
        "leave": 2.0,
        "min_share": 0.1,
        "max_gap": 2,
        "provenance": {"pages": 3},
    }
    fields.update(changes)
    return ContentModel(**fields)  # type: ignore[arg-type]


def test_scores_read_each_features_step_function() -> None:
    model = tiny_model()
    columns = {"a": [0.5, 1.0, 7.0], "b": [2.0, -1.0, 0.0]}
    # a: below the cut -1, at or above +1; b: below 0 → 0, [0, 2) → 5, 2 and more → 10
    assert model.scores(columns, 3).tolist() == [0.5 - 1 + 10, 0.5 + 1 + 0, 0.5 + 1 + 5]
    assert model.contribution("b", 1.99) == 5.0
    assert model.contributions({"a": 3.0, "b": -5.0}) == [("a", 1.0)]  # zero terms are left out
    assert model.contributions({"a": 0.0, "b": 2.0}) == [("b", 10.0), ("a", -1.0)]
    with pytest.raises(ValueError, match="feature 'b' has 2 values for 3 lines"):
        model.scores({"a": [0.5, 1.0, 7.0], "b": [2.0, -1.0]}, 3)


def test_contributions_plus_bias_equal_the_score_of_each_line() -> None:
    model = default_model()
    _, table = feature_page()
    scores = model.scores(table.columns, len(table))
    for k in range(len(table)):
        terms = model.contributions(table.row(k))
        assert model.bias + sum(v for _, v in terms) == pytest.approx(scores[k])
        sizes = [abs(v) for _, v in terms]
        assert sizes == sorted(sizes, reverse=True)


@pytest.mark.parametrize("cuts", [(0.5,), (0.0, 0.2, 1.5, 3.0), (-1.0, 1.0, 2.0, 2.5, 4.0)])
def test_a_tables_contributions_are_the_step_function_over_its_columns(cuts: tuple[float, ...]) -> None:
    _, table = feature_page()
    values = tuple(float(10 * j + 1) for j in range(len(cuts) + 1))
    for name in FEATURES:
        over_column = [values[bisect_right(cuts, x)] for x in table.columns[name]]
        assert list(table.columns.contributions(name, cuts, values)) == over_column, name


def test_scores_of_a_table_equal_the_scores_of_its_columns_as_plain_lists() -> None:
    model = default_model()
    _, table = feature_page()
    plain = {name: list(table.columns[name]) for name in FEATURES}
    assert model.scores(table.columns, len(table)) == model.scores(plain, len(table))


def test_the_bundled_model_loads_with_the_table_features() -> None:
    model = default_model()
    assert model.features == FEATURES
    assert model.threshold("precision") > model.threshold("balanced") > model.threshold("recall")
    assert Content().fitted is model
    text = resources.files("cleantext.data").joinpath("content_model.json").read_text("utf-8")
    assert ContentModel.from_dict(json.loads(text)) == model
    assert text == model.dumps()  # the file is what save() writes: a refit gives a stable diff


def test_model_dict_round_trip_and_deterministic_text() -> None:
    for model in (default_model(), tiny_model()):
        again = ContentModel.from_dict(json.loads(model.dumps()))
        assert again == model
        assert again.provenance == model.provenance
        assert again.dumps() == model.dumps()
    assert tiny_model().dumps() != tiny_model(bias=0.25).dumps()


def test_model_save_and_load(tmp_path: Path) -> None:
    path = tmp_path / "model.json"
    tiny_model().save(path)
    assert ContentModel.load(path) == tiny_model()
    assert path.read_text("utf-8") == tiny_model().dumps()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"format": 2}, "format 2"),
        ({"format": None}, "format None"),
    ],
)
def test_from_dict_rejects_another_format(change: dict[str, object], message: str) -> None:
    data = {**tiny_model().to_dict(), **change}
    with pytest.raises(ValueError, match=message):
        ContentModel.from_dict(data)


def test_from_dict_rejects_mismatched_cuts_and_values() -> None:
    data = tiny_model().to_dict()
    data["shapes"]["a"]["values"] = [1.0, 2.0, 3.0]
    with pytest.raises(ValueError, match="feature 'a'"):
        ContentModel.from_dict(data)
    data = tiny_model().to_dict()
    data["shapes"]["b"]["cuts"] = [2.0, 0.0]
    with pytest.raises(ValueError, match=r"feature 'b'.*ascending"):
        ContentModel.from_dict(data)


def test_model_rejects_missing_shapes_and_presets() -> None:
    with pytest.raises(ValueError, match="cuts and values for each"):
        tiny_model(cuts=((1.0,),))
    with pytest.raises(ValueError, match="recall"):
        tiny_model(thresholds={"precision": 1.0, "balanced": 0.0})


def test_load_names_the_file_it_cannot_read(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text("{not json", "utf-8")
    with pytest.raises(ValueError, match=r"cannot read content model .*bad\.json"):
        ContentModel.load(bad)
    with pytest.raises(ValueError, match=r"cannot read content model .*missing\.json"):
        ContentModel.load(tmp_path / "missing.json")


def test_decide_applies_the_walls_stretches_and_gaps() -> None:
    model = tiny_model(enter=0.5, leave=0.5, min_share=0.0, max_gap=0)
    scores = [-3.0, 4.0, -0.2, 4.0, -3.0, -3.0, 3.0, 3.0]
    no_walls = [0] * len(scores)
    assert model.decide(scores, no_walls, 0.0) == [False, True, True, True, False, False, True, True]
    comments = [0, 0, 0, 0, 0, 0, COMMENT_WALL, 0]
    assert model.decide(scores, comments, 0.0) == [False, True, True, True, False, False, False, False]
    # a higher threshold: the dip (-1.7) costs more than leaving and coming back (1), but the
    # stretches on either side each earn more than it costs, so merge_runs keeps it
    assert model.decide(scores, no_walls, 1.5) == [False, True, True, True, False, False, True, True]
    deep = [-3.0, 4.0, -3.0, 4.0, -3.0, -3.0, 3.0, 3.0]  # a dip of -4.5 at 1.5: more than 2.5 earns
    assert model.decide(deep, no_walls, 1.5) == [False, True, False, True, False, False, True, True]
    # ... unless one-line gaps are filled; the two-line gap stays
    gaps = tiny_model(enter=0.5, leave=0.5, min_share=0.0, max_gap=1)
    assert gaps.decide(deep, no_walls, 1.5) == [False, True, True, True, False, False, True, True]
    # the last stretch earns 6 against the first one's 7.8: under 0.8 of it
    shares = tiny_model(enter=0.5, leave=0.5, min_share=0.8, max_gap=0)
    assert shares.decide(scores, no_walls, 0.0) == [False, True, True, True, False, False, False, False]
    assert tiny_model(enter=0.5, leave=0.5, min_share=0.7).decide(scores, no_walls, 0.0)[-1] is True


def test_a_content_filter_with_its_own_model() -> None:
    # a model that scores every line the same (no cuts) and a low threshold keeps everything
    flat = ContentModel(
        FEATURES,
        tuple(() for _ in FEATURES),
        tuple((0.0,) for _ in FEATURES),
        1.0,
        {"precision": 0.0, "balanced": 0.0, "recall": 0.0},
        1.0,
        1.0,
    )
    nav = ["Home", "World", "Politics", "Business", "Sport", "Harbour Festival Returns", "Log in", "Privacy Policy"]
    text = "\n".join(nav) + "\n\n" + "\n\n".join(GOLD_BODY) + "\n"
    pipe = cleantext.Pipeline.default().without("edges")
    own = pipe.replace("content", Content(model=flat)).run(text)
    assert not [r for r in own.removed if r.rule.startswith("content.")]
    assert [r for r in pipe.run(text).removed if r.rule == "content.outside"]


# -- fitting --------------------------------------------------------------------------------

SITES = ["courier.example", "gazette.example", "herald.example"]
NAVS = [
    ["Local Weather Today", "Business Desk", "Harbour Festival Returns In June", "Our Newsletters"],
    ["Top Stories Tonight", "Culture And Arts", "New Bus Line Opens", "Puzzles And Games"],
]
BODIES = [
    [
        "The city council voted on Tuesday to close the old bridge to cars from next spring, after engineers "
        "warned that its steel supports had corroded faster than they had expected.",
        "About twelve thousand drivers a day will have to use the ring road, which the council says it will "
        "widen before the closure begins in the spring.",
        "Cyclists and pedestrians will still be able to cross the bridge while the repairs are carried out, "
        "and a ferry will run during the busiest weeks of the summer.",
    ],
    [
        "The school board agreed on Monday to build a new library next to the sports hall, and the work is "
        "expected to start before the end of the year if the money arrives in time.",
        "Parents had asked for a larger reading room for years, the head teacher said, and the old one had "
        "become too small for the number of pupils who use it every day.",
        "The board will ask local firms to bid for the job in the autumn, and it hopes that the library can "
        "open its doors to pupils in the following spring.",
    ],
]


def training_records() -> list[dict[str, str]]:
    records = []
    for n in range(6):
        nav, body = NAVS[n % 2], BODIES[(n // 2) % 2]
        footer = ["Most Read Stories", f"Read Part {n + 1} Of Our Series", "About Us And Contact"]
        text = "\n".join(nav) + "\n\n" + "\n\n".join(body) + "\n\n" + "\n".join(footer) + "\n"
        url = f"https://www.{SITES[n % 3]}/story/{n}"
        records.append({"id": f"p{n}", "url": url, "text": text, "gold": "\n\n".join(body)})
    return records


@pytest.fixture
def small_fit(monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("numpy")
    monkeypatch.setattr(fit, "ROUNDS", 30)
    monkeypatch.setattr(fit, "COSTS", (0.0, 1.0, 3.0))
    monkeypatch.setattr(fit, "THRESHOLDS", (-1.0, 0.0, 1.0))


def test_labelled_pages_from_gold_records() -> None:
    pages = fit.labelled_pages(training_records())
    assert [p.id for p in pages] == [f"p{n}" for n in range(6)]
    assert [p.site for p in pages[:3]] == SITES
    first = pages[0]
    assert set(first.columns) == set(FEATURES)
    assert len(first.labels) == len(first.words) == len(first.walls) == len(first.columns["position"])
    assert first.labels.count(True) == 3 and first.labels.count(False) >= 4


def test_labelled_pages_from_snippets_and_empty_pages() -> None:
    record = {
        "id": "s",
        "source": "mine",
        "text": "Home\n\nThe vote passed on Monday after a long debate.\n\nLeave a reply\nMost read\n",
        "with": ["vote passed"],
        "without": ["Most read"],
    }
    seen: list[int] = []
    pages = fit.labelled_pages([record, {"id": "e", "text": ""}], progress=seen.append)
    assert seen == [1, 2]
    assert [p.id for p in pages] == ["s"] and pages[0].site == "mine"
    doc = BEFORE_CONTENT.document(record["text"])
    lines = [doc.blocks[i].text for i in content_table(doc).rows]
    assert pages[0].labels == label_by_snippets(lines, record["with"], record["without"])
    assert True in pages[0].labels


def test_fit_is_deterministic_and_separates_prose_from_menus(small_fit: None) -> None:
    pages = fit.labelled_pages(training_records())
    model = fit.fit_model(pages, {"pages": len(pages)})
    assert fit.fit_model(pages, {"pages": len(pages)}).dumps() == model.dumps()
    assert model.features == FEATURES and model.provenance == {"pages": 6}
    shift = fit.PRESET_SHIFT
    assert model.threshold("precision") - shift == model.threshold("balanced") == model.threshold("recall") + shift
    # a page it has not seen: its prose scores above its menu lines
    menu = ["Sport Results Tonight", "Jobs And Careers", "Property Pages"]
    prose = (
        "The harbour master said on Friday that the old pier would reopen in May, once the divers have "
        "checked every one of its wooden posts for rot."
    )
    doc = BEFORE_CONTENT.document("\n".join(menu) + "\n\n" + prose + "\n")
    table = content_table(doc)
    scores = dict(zip((doc.blocks[i].text for i in table.rows), model.scores(table.columns, len(table)), strict=True))
    assert scores[prose] > max(scores[m] for m in menu)
    assert fit.decision_f1([(p, model.scores(p.columns, len(p))) for p in pages], *_decision(model)) > 0.9


def _decision(model: ContentModel) -> tuple[float, float, float, float, int]:
    return model.threshold("balanced"), model.enter, model.leave, model.min_share, model.max_gap


def test_fit_needs_both_kinds_of_label(small_fit: None) -> None:
    page = fit.labelled_pages(training_records()[:1])[0]
    all_body = fit.LabelledPage("x", "s", page.columns, [True] * len(page), page.words, page.walls)
    with pytest.raises(ValueError, match="both kinds"):
        fit.fit_model([all_body])


def test_decision_f1_on_hand_made_scores() -> None:
    page = fit.LabelledPage("p", "s", {}, [False, True, True, None, False], [3, 10, 10, 5, 3], [0] * 5)
    perfect = [-5.0, 5.0, 5.0, 0.0, -5.0]
    assert fit.decision_f1([(page, perfect)], 0.0, 1.0, 1.0) == 1.0
    # keeping everything: precision 20 / 26, recall 1
    everything = [5.0] * 5
    assert fit.decision_f1([(page, everything)], 0.0, 1.0, 1.0) == pytest.approx(2 * (20 / 26) / (20 / 26 + 1))
    assert fit.decision_f1([(page, [-5.0] * 5)], 0.0, 1.0, 1.0) == 0.0


def test_site_of() -> None:
    assert fit.site_of({"url": "https://www.example.com/a"}) == "example.com"
    assert fit.site_of({"url": "http://news.example.org:8080/x?y=1"}) == "news.example.org"
    assert fit.site_of({"url": "", "source": "dragnet", "id": "7"}) == "dragnet"
    assert fit.site_of({"id": "7"}) == "7"


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from("abcdefghij"), max_size=40), st.integers(2, 6))
def test_site_folds_never_split_a_site(sites: list[str], k: int) -> None:
    folds = fit.site_folds(sites, k)
    assert len(folds) == len(sites) and all(0 <= f < k for f in folds)
    fold_of: dict[str, int] = {}
    for site, f in zip(sites, folds, strict=True):
        assert fold_of.setdefault(site, f) == f
    assert fit.site_folds(sites, k) == folds


def test_site_folds_balance_and_reject_one_fold() -> None:
    assert sorted(fit.site_folds(["a", "b", "c", "d"], 2)).count(0) == 2
    with pytest.raises(ValueError, match="at least 2 folds"):
        fit.site_folds(["a"], 1)


# -- explanations ---------------------------------------------------------------------------

NAV = ["Home", "World", "Politics", "Business", "Sport", "Culture", "Subscribe", "Log in"]
FOOTER = ["Most Popular", "Harbour Festival Returns In June", "About Us", "Contact Us", "Privacy Policy"]


def test_explained_content_removals_carry_score_threshold_and_top_terms() -> None:
    text = "\n".join(NAV) + "\n\n" + "\n\n".join(BODIES[0]) + "\n\n" + "\n".join(FOOTER) + "\n"
    result = cleantext.Pipeline.default().run(text)
    outside = [r for r in result.removed if r.rule == "content.outside"]
    assert outside
    model = default_model()
    doc = BEFORE_CONTENT.document(text)
    table = content_table(doc)
    scores = model.scores(table.columns, len(table))
    by_text = {doc.blocks[i].text: k for k, i in enumerate(table.rows)}
    for r in outside:
        features = r.features
        assert features is not None and set(features) == {"score", "threshold", "lang", "top"}
        assert features["threshold"] == round(model.threshold("balanced"), 2)
        assert features["lang"] == "en"
        k = by_text[r.text]
        assert features["score"] == round(scores[k], 2)
        top = features["top"]
        assert 1 <= len(top) <= 3
        assert top == {name: round(v, 2) for name, v in model.contributions(table.row(k))[:3]}
    assert cleantext.clean(text) == "\n\n".join(BODIES[0]) + "\n"


def test_removals_carry_no_features_without_explain() -> None:
    text = "\n".join(NAV) + "\n\n" + "\n\n".join(BODIES[0]) + "\n\n" + "\n".join(FOOTER) + "\n"
    doc = cleantext.Pipeline.default().document(text)
    assert any(r is not None and r.rule == "content.outside" for r in doc.dropped)
    assert all(r.features is None for r in doc.dropped if r is not None)
    assert doc.render() == cleantext.clean(text)
    explained = cleantext.Pipeline.default().document(text, explain=True)
    outside = [r for r in explained.dropped if r is not None and r.rule == "content.outside"]
    assert outside and all(r.features is not None for r in outside)


def test_merge_runs_joins_runs_when_the_gap_costs_less_than_each_earns() -> None:
    from cleantext.model import merge_runs

    body = [True, False, False, True]
    assert merge_runs(body, [5, -2, -2, 6], [0] * 4) == [True] * 4
    assert merge_runs(body, [5, -2, -2, 3], [0] * 4) == body  # the gap (-4) costs more than 3 earns
    assert merge_runs(body, [5, -2, -2, 6], [0, 0, 1, 0]) == body  # a wall in the gap
    assert merge_runs(body, [5, -2, -2, 6], [0, 0, 0, 2]) == body  # a wall right before the second run
    # chains: the merged run is compared with the next one
    assert merge_runs([True, False, True, False, True], [3, -2, 3, -3, 3.5], [0] * 5) == [True] * 5
    assert merge_runs([False, False], [1, 1], [0, 0]) == [False, False]


def test_an_announced_list_in_its_own_paragraph_stays() -> None:
    page = (
        "Home\nNews\nSport\nWeather\n\n"
        "The council approved the new flood plan after a long debate on Monday, officials said.\n\n"
        "The plan adds pumps, walls and a warning service for the lower town, the mayor said.\n\n"
        "Key measures include:\n\n"
        "Two pumping stations\nA new river wall\nText alerts\n\n"
        "Related Articles\nMayor opens new bridge\nBudget talks stall again\n"
    )
    out = cleantext.clean(page)
    assert "Key measures include:\n\nTwo pumping stations\nA new river wall\nText alerts" in out
    assert "Mayor opens new bridge" not in out


def test_decision_f1_scores_the_decision_the_filter_makes() -> None:
    # Two body stretches around a dip that leaving and coming back costs less than: the
    # Viterbi step drops the dip, merge_runs (in ContentModel.decide) keeps it. The fit's
    # decision search must score the same decision, so the dip's body words count as found.
    scores = [-3.0, 4.0, -0.2, 4.0, -3.0]
    labels: list[bool | None] = [False, True, True, True, False]
    page = fit.LabelledPage("p", "s", {}, labels, [5, 10, 10, 10, 5], [0] * 5)
    model = tiny_model(enter=0.5, leave=0.5, min_share=0.0, max_gap=0)
    assert model.decide(scores, page.walls, 1.5) == [False, True, True, True, False]
    assert fit.decision_f1([(page, scores)], 1.5, 0.5, 0.5) == 1.0


@pytest.mark.parametrize(
    ("text", "kept", "expected"),
    [
        # the announcing line stands alone; the run ends on the list's first item
        ("Intro sentence here.\n\nKey features include:\n\nOne\nTwo\nThree\n", [0, 1, 2], [0, 1, 2, 3, 4]),
        # the announcing line heads its paragraph; the run ends on the list's first item
        ("Intro sentence here.\n\nThe dates are:\nMay 1\nMay 2\nMay 3\n", [0, 1, 2], [0, 1, 2, 3, 4]),
        # the announcing line is not kept: no list of the run's
        ("Intro sentence here.\n\nKey features include:\n\nOne\nTwo\nThree\n", [0, 2], [0, 2]),
        # no line ends in a colon
        ("Intro sentence here.\n\nKey features\n\nOne\nTwo\nThree\n", [0, 1, 2], [0, 1, 2]),
    ],
)
def test_a_list_the_run_announces_is_kept_whole(text: str, kept: list[int], expected: list[int]) -> None:
    doc = Document.from_text(text)
    keep = [i in kept for i in range(len(doc.lines))]
    keep_introduced_list(doc, keep, max(kept) + 1)
    assert [i for i, k in enumerate(keep) if k] == expected
