"""The Pipeline API: defaults, composition, stage order, results, pickling, user filters, registry."""

from __future__ import annotations

import dataclasses
import pickle
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import regex
from conftest import assert_idempotent

import cleantext
from cleantext import Pipeline, filters, presets
from cleantext.document import Document
from cleantext.filters import (
    AdArtifacts,
    AdLabels,
    Captions,
    Chrome,
    Content,
    ContentConfig,
    Cut,
    Drop,
    Edges,
    EdgesConfig,
    Filter,
    Normalize,
    kind_of,
)
from cleantext.model import default_model

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "000_1496444ec58d350f.txt"
SEED_EXPECTED = ROOT / "seeds" / "000_1496444ec58d350f.expected.txt"

BODY1 = "The council approved the new budget after a long debate on Monday."
BODY2 = "Spending on schools will rise by four percent next year, officials said."
PAGE = (
    "Latest News\r\n\r\nCity votes on budget\r\n\r\n- Advertisement -spot_imgspot_img\r\n\r\n"
    f"{BODY1}\u00a0 \r\n\r\n{BODY2}\r\n\r\nShare this:\r\n\r\nAdvertisement\r\n"
)


def _read(path: Path) -> str:
    return path.read_bytes().decode("utf-8")


# --- user filters, one of each kind (module level so that they pickle) -------------------


@dataclass(frozen=True)
class RedactEmails(Filter):
    """A text filter: rewrites the whole text before it is split into blocks."""

    name = "redact_emails"
    description = "Replace e-mail addresses with [email]."

    def format(self, text: str) -> str:
        return regex.sub(r"\b[\w.+-]+@[\w-]+\.[\w.]+\b", "[email]", text)


@dataclass(frozen=True)
class Citations(Filter):
    """An inline filter: cuts [12]-style citation marks out of lines."""

    name = "citations"
    description = "Cut [12]-style citation marks."

    def spans(self, line: str) -> Iterator[Cut]:
        for m in regex.finditer(r"\[\d+\]", line):
            yield Cut(m.start(), m.end(), "citations.mark", "citation mark")


@dataclass(frozen=True)
class PodcastPromos(Filter):
    """A block filter: drops 'Listen to our podcast' lines (the README example)."""

    name = "podcast_promos"
    description = "Drop 'Listen to our podcast' lines."

    def scan(self, doc: Document) -> Iterator[Drop]:
        for b in doc.iter_live():
            if b.text.lower().startswith("listen to our podcast"):
                yield Drop(b.index, "podcast_promos.line", "podcast promotion", {"chars": len(b.text)})


@dataclass(frozen=True)
class TrackingTails(Filter):
    """An inline filter whose spans can overlap those of ad_artifacts."""

    name = "tracking_tails"
    description = "Cut image names with tracking parameters."

    def spans(self, line: str) -> Iterator[Cut]:
        for m in regex.finditer(r"img\w*\?utm=\w+", line):
            yield Cut(m.start(), m.end(), "tracking_tails.url", "tracking parameters")


@dataclass(frozen=True)
class EmptySpans(Filter):
    """An inline filter that yields an empty span on every line."""

    name = "empty_spans"
    description = "Yield empty spans."

    def spans(self, line: str) -> Iterator[Cut]:
        yield Cut(0, 0, "empty_spans.nothing", "nothing")


class LiveRecorder:
    """A block filter (plain object, no base class) that records the lines it was shown."""

    name = "recorder"
    description = "Record live lines."

    def __init__(self) -> None:
        self.seen: list[str] = []

    def scan(self, doc: Document) -> Iterator[Drop]:
        self.seen.extend(b.text for b in doc.iter_live())
        return iter(())


# --- Pipeline.default ----------------------------------------------------------------------


@pytest.mark.parametrize("preset", filters.PRESETS)
def test_default_pipeline_for_each_preset(preset: str) -> None:
    pipe = Pipeline.default(preset)
    assert pipe.names == filters.DEFAULT_ORDER
    assert pipe.preset == preset
    assert len(pipe) == len(filters.DEFAULT_ORDER)
    for name, row in presets.TABLE.items():
        assert {k: getattr(pipe[name].config, k) for k in row[preset]} == row[preset], name
        assert pipe[name].config == dataclasses.replace(type(pipe[name].config)(), **row[preset]), name
    assert pipe == Pipeline.from_names(filters.DEFAULT_ORDER, preset)
    assert pipe.clean(PAGE) == f"{BODY1}\n\n{BODY2}\n"


def test_default_is_balanced() -> None:
    assert Pipeline.default() == Pipeline.default("balanced")
    assert Pipeline.default().preset == "balanced"


def test_presets_configure_filters_differently() -> None:
    configs = {p: tuple(getattr(f, "config", None) for f in Pipeline.default(p)) for p in filters.PRESETS}
    assert len(set(configs.values())) == len(filters.PRESETS)


def test_the_preset_table_is_what_filters_are_built_from(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(presets.TABLE, "edges", {**presets.TABLE["edges"], "recall": {"max_words": 2}})
    assert Pipeline.default("recall")["edges"].config == EdgesConfig(max_words=2)
    assert filters.create("edges", "recall").config == EdgesConfig(max_words=2)


def test_a_pipeline_reports_the_preset_its_filters_run() -> None:
    recall = Pipeline.default("recall")
    assert recall.replace("chrome", Chrome()).preset == "custom"  # chrome runs balanced, the rest recall
    assert repr(recall.replace("chrome", Chrome())).endswith("preset='custom')")
    assert recall.replace("chrome", Chrome(config=recall["chrome"].config)).preset == "recall"
    assert Pipeline([Chrome(), Edges()], preset="recall").preset == "balanced"  # what they run
    assert Pipeline([Normalize()], preset="recall").preset == "recall"  # no thresholds: as asked
    assert recall.replace("content", Content(config=ContentConfig(preset="recall", min_lines=3))).preset == "custom"


def test_filters_added_by_name_follow_the_preset_asked_for() -> None:
    custom = Pipeline.default("recall").replace("chrome", Chrome()).without("edges")
    assert custom.with_("edges")["edges"] == Pipeline.default("recall")["edges"]
    assert pickle.loads(pickle.dumps(custom)).with_("edges")["edges"] == Pipeline.default("recall")["edges"]


def test_docs_presets_table_is_the_preset_table() -> None:
    section = (ROOT / "docs" / "presets.md").read_text(encoding="utf-8").split("## What each preset changes")[1]
    documented = {}
    for line in section.splitlines():
        if line.startswith("| `"):
            cells = [c.strip() for c in line.strip("|").split("|")]
            documented[cells[0].strip("`"), cells[1].split()[0].strip("`")] = cells[2:5]
    expected = {}
    for name, row in presets.TABLE.items():
        for field in {k for overrides in row.values() for k in overrides}:
            if (name, field) == ("content", "preset"):  # documented as the model's thresholds
                values = [default_model().threshold(p) for p in filters.PRESETS]
            else:
                values = [getattr(filters.create(name, p).config, field) for p in filters.PRESETS]
            expected[name, field] = [str(v) for v in values]
    assert documented == expected


def test_unknown_preset_is_rejected() -> None:
    with pytest.raises(ValueError, match="unknown preset 'fast'"):
        Pipeline.default("fast")  # type: ignore[arg-type]


# --- composition ---------------------------------------------------------------------------


def test_without_removes_filters_and_keeps_the_original() -> None:
    pipe = Pipeline.default()
    names = pipe.names
    smaller = pipe.without("captions", "edges")
    assert smaller.names == tuple(n for n in names if n not in ("captions", "edges"))
    assert pipe.names == names
    assert "captions" in pipe and "captions" not in smaller
    assert smaller.preset == pipe.preset


def test_without_changes_behaviour() -> None:
    text = f"{BODY1}\n\nKristina Kormilitsyna / AP\n\n{BODY2}\n"
    assert Pipeline.default().clean(text) == f"{BODY1}\n\n{BODY2}\n"
    assert Pipeline.default().without("captions").clean(text) == text


def test_only_keeps_pipeline_order() -> None:
    pipe = Pipeline.default()
    assert pipe.only("chrome", "normalize").names == ("normalize", "chrome")
    assert pipe.only("ads").names == ("ads",)
    assert pipe.names == filters.DEFAULT_ORDER


@pytest.mark.parametrize("method", ["with_", "add"])
def test_with_appends_at_the_end(method: str) -> None:
    pipe = Pipeline.default().without("edges")
    longer = getattr(pipe, method)(PodcastPromos())
    assert longer.names == (*pipe.names, "podcast_promos")
    assert "podcast_promos" not in pipe


def test_with_before_and_after() -> None:
    pipe = Pipeline.default()
    before = pipe.with_(PodcastPromos(), before="edges")
    assert before.names.index("podcast_promos") == before.names.index("edges") - 1
    after = pipe.add(PodcastPromos(), after="normalize")
    assert after.names[:2] == ("normalize", "podcast_promos")
    assert pipe.names == filters.DEFAULT_ORDER


def test_with_several_filters_keeps_their_order() -> None:
    pipe = Pipeline([Normalize(), Chrome()]).with_(PodcastPromos(), Citations(), after="normalize")
    assert pipe.names == ("normalize", "podcast_promos", "citations", "chrome")


def test_with_accepts_registered_names_configured_for_the_preset() -> None:
    pipe = Pipeline.default("precision").without("captions")
    back = pipe.with_("captions", before="edges")
    assert back["captions"] == filters.create("captions", "precision")
    assert back.names.index("captions") == back.names.index("edges") - 1


def test_with_rejects_before_and_after_together() -> None:
    with pytest.raises(ValueError, match="not both"):
        Pipeline.default().with_(PodcastPromos(), before="edges", after="normalize")


def test_replace_swaps_in_place() -> None:
    pipe = Pipeline.default()
    strict = Chrome(config=filters.ChromeConfig(max_prefix_words=3))
    swapped = pipe.replace("chrome", strict)
    assert swapped.names == pipe.names
    assert swapped["chrome"] is strict
    assert pipe["chrome"] is not strict
    assert pipe["chrome"] == filters.create("chrome")


@pytest.mark.parametrize(
    "call",
    [
        lambda p: p.without("nope"),
        lambda p: p.only("chrome", "nope"),
        lambda p: p.replace("nope", Chrome()),
        lambda p: p.with_(PodcastPromos(), before="nope"),
        lambda p: p.with_(PodcastPromos(), after="nope"),
        lambda p: p["nope"],
    ],
    ids=["without", "only", "replace", "before", "after", "getitem"],
)
def test_unknown_names_raise_key_error_listing_the_filters(call) -> None:
    pipe = Pipeline.default()
    with pytest.raises(KeyError) as info:
        call(pipe)
    message = str(info.value)
    assert "'nope'" in message
    for name in pipe.names:
        assert name in message


def test_with_unknown_registered_name_raises_key_error() -> None:
    with pytest.raises(KeyError, match="no filter named 'nope'"):
        Pipeline.default().with_("nope")


def test_duplicate_names_are_rejected() -> None:
    with pytest.raises(ValueError, match="two filters named 'chrome'"):
        Pipeline([Normalize(), Chrome(), Chrome()])
    with pytest.raises(ValueError, match="names must be unique"):
        Pipeline.default().with_(Chrome())
    with pytest.raises(ValueError, match="names must be unique"):
        Pipeline.default().replace("ads", Chrome())


def test_objects_that_are_not_filters_are_rejected() -> None:
    with pytest.raises(TypeError, match="is not a filter"):
        Pipeline([Normalize(), object()])

    class Nameless:
        name = ""
        description = "no name"

        def scan(self, doc: Document) -> Iterator[Drop]:
            return iter(())

    with pytest.raises(ValueError, match="has no name"):
        Pipeline([Nameless()])


def test_composition_never_mutates() -> None:
    pipe = Pipeline.default()
    snapshot = (pipe.names, pipe.filters, pipe.preset)
    pipe.without("ads")
    pipe.only("chrome")
    pipe.with_(PodcastPromos(), before="edges")
    pipe.replace("chrome", Chrome())
    assert (pipe.names, pipe.filters, pipe.preset) == snapshot
    assert pipe == Pipeline.default()


def test_equality_and_hash() -> None:
    assert Pipeline.default() == Pipeline.default()
    assert hash(Pipeline.default()) == hash(Pipeline.default())
    assert Pipeline.default() != Pipeline.default().without("edges")
    assert Pipeline.default("precision") != Pipeline.default("recall")


# --- stage order -----------------------------------------------------------------------------


def test_text_filter_listed_after_a_block_filter_runs_first() -> None:
    text = f"Source\u00a0link\n\n{BODY1}\n"
    assert [r.rule for r in Pipeline([Chrome()]).run(text).removed] == []
    result = Pipeline([Chrome(), Normalize()]).run(text)
    assert [(r.text, r.rule) for r in result.removed] == [("Source link", "chrome.phrase")]
    assert result.text == f"{BODY1}\n"


def test_inline_filter_listed_after_a_block_filter_runs_before_it() -> None:
    text = f"- Advertisement -spot_img\n\n{BODY1}\n"
    assert Pipeline([AdLabels()]).clean(text) == text
    result = Pipeline([AdLabels(), AdArtifacts()]).run(text)
    assert result.text == f"{BODY1}\n"
    assert [(r.filter, r.rule) for r in result.removed] == [("ads", "ads.label")]


def test_block_filters_see_only_lines_left_by_earlier_block_filters() -> None:
    text = f"Source link\n\n{BODY1}\n"
    early, late = LiveRecorder(), LiveRecorder()
    Pipeline([early, Normalize(), Chrome()]).clean(text)
    Pipeline([Normalize(), Chrome(), late]).clean(text)
    assert early.seen == ["Source link", BODY1]
    assert late.seen == [BODY1]


def test_first_verdict_on_a_block_wins() -> None:
    text = "Advertisement\n\nThe council approved the new budget after a long debate on Monday.\n"

    @dataclass(frozen=True)
    class DropAll(Filter):
        name = "drop_all"
        description = "Drop every line."

        def scan(self, doc: Document) -> Iterator[Drop]:
            for b in doc.blocks:
                yield Drop(b.index, "drop_all.line", "everything goes")

    result = Pipeline([Normalize(), AdLabels(), DropAll()]).run(text)
    assert [(r.filter, r.rule) for r in result.removed] == [("ads", "ads.label"), ("drop_all", "drop_all.line")]
    assert result.text == ""


# --- run() and Result --------------------------------------------------------------------------


@pytest.mark.parametrize("text", [_read(SEED), PAGE], ids=["seed", "crlf_nbsp_page"])
def test_removals_point_into_source(text: str) -> None:
    result = Pipeline.default().run(text)
    assert result.source == Normalize().format(text)
    assert result.removed, "the page has chrome to remove"
    for r in result.removed:
        assert 0 <= r.start < r.end <= len(result.source)
        assert result.source[r.start : r.end] == r.text
        assert r.filter in filters.DEFAULT_ORDER
        assert regex.fullmatch(r"[a-z_]+\.[a-z_]+", r.rule), r.rule
        assert r.reason
    assert [(r.start, r.end) for r in result.removed] == sorted((r.start, r.end) for r in result.removed)


def test_inline_cut_offsets_point_into_source() -> None:
    text = f"{BODY1}spot_imgspot_img {BODY2}\n"
    result = Pipeline.default().run(text)
    assert result.text == f"{BODY1} {BODY2}\n"
    [cut] = result.removed
    assert (cut.filter, cut.rule, cut.text) == ("ad_artifacts", "ads.artifact", "spot_imgspot_img")
    assert result.source[cut.start : cut.end] == "spot_imgspot_img"
    assert cut.start == len(BODY1)


def test_seed_result_fields() -> None:
    result = Pipeline.default().run(_read(SEED))
    assert result.text == _read(SEED_EXPECTED)
    assert result.metadata["title"] == "Putin aide says"
    rules = {r.rule for r in result.removed}
    assert {"chrome.weather", "ads.label", "captions.photo_credit"} <= rules
    credit = next(r for r in result.removed if r.rule == "captions.photo_credit")
    assert credit.text == "Kristina Kormilitsyna / AP"
    assert credit.filter == "captions"
    kept = "\n".join(b.text for b in result.kept)
    assert kept.split("\n") == [line for line in result.text.split("\n") if line]


def test_title_metadata_for_a_headline() -> None:
    result = Pipeline.default().run(f"Council passes budget\n\n{BODY1}\n\n{BODY2}\n")
    assert result.metadata == {"title": "Council passes budget"}
    assert result.text == f"{BODY1}\n\n{BODY2}\n"


def test_title_is_the_headline_not_the_date_above_it() -> None:
    # The seed's head: weather widget, date line, headline.
    page = f"26.7 C\nMiami\nTuesday, December 2, 2025\n\nPutin aide says\n\n{BODY1}\n\n{BODY2}\n"
    result = Pipeline.default().run(page)
    assert result.text == f"{BODY1}\n\n{BODY2}\n"
    assert result.metadata == {"title": "Putin aide says"}


def test_no_title_without_a_headline() -> None:
    result = Pipeline.default().run(f"{BODY1}\n\n{BODY2}\n")
    assert "title" not in result.metadata
    assert result.removed == []
    assert result.text == f"{BODY1}\n\n{BODY2}\n"


def test_removal_to_dict() -> None:
    result = Pipeline.default().with_(PodcastPromos(), before="edges").run(f"{BODY1}\n\nListen to our podcast\n")
    [removal] = result.removed
    assert removal.to_dict() == {
        "start": len(BODY1) + 2,
        "end": len(BODY1) + 2 + len("Listen to our podcast"),
        "text": "Listen to our podcast",
        "filter": "podcast_promos",
        "rule": "podcast_promos.line",
        "reason": "podcast promotion",
        "features": {"chars": 21},
    }


@pytest.mark.parametrize("text", [_read(SEED), PAGE, "", "\n\n", "Advertisement\n", BODY1])
def test_clean_equals_run_text(text: str) -> None:
    pipe = Pipeline.default()
    assert pipe.clean(text) == pipe.run(text).text


def test_module_level_clean_and_run() -> None:
    assert cleantext.clean(PAGE) == Pipeline.default().clean(PAGE)
    assert cleantext.clean(PAGE, preset="recall") == Pipeline.default("recall").clean(PAGE)
    assert cleantext.run(PAGE).text == cleantext.clean(PAGE)


def test_empty_input() -> None:
    result = Pipeline.default().run("")
    assert (result.text, result.removed, result.kept, result.source) == ("", [], [], "")


def test_clean_batch() -> None:
    pipe = Pipeline.default()
    texts = [_read(SEED), PAGE, "", "Advertisement\n"]
    assert pipe.clean_batch(texts) == [pipe.clean(t) for t in texts]
    assert pipe.clean_batch(texts)[0] == _read(SEED_EXPECTED)
    assert pipe.clean_batch([]) == []


# --- pickling -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "pipe",
    [
        Pipeline.default(),
        Pipeline.default("precision").without("captions"),
        Pipeline.default("recall").with_(RedactEmails(), Citations(), PodcastPromos(), before="edges"),
    ],
    ids=["default", "precision_without_captions", "recall_with_user_filters"],
)
def test_pickled_pipeline_cleans_the_same(pipe: Pipeline) -> None:
    text = _read(SEED) + "\nListen to our podcast\n\nWrite to desk@example.com for tips.[3]\n"
    copy = pickle.loads(pickle.dumps(pipe))
    assert copy.names == pipe.names
    assert copy.preset == pipe.preset
    assert copy == pipe
    assert copy.clean(text) == pipe.clean(text)
    assert copy.run(text).removed == pipe.run(text).removed


# --- user filters of each kind ------------------------------------------------------------------


def test_user_filter_kinds() -> None:
    assert kind_of(RedactEmails()) == "text"
    assert kind_of(Citations()) == "inline"
    assert kind_of(PodcastPromos()) == "block"
    assert kind_of(LiveRecorder()) == "block"


def test_user_text_filter() -> None:
    pipe = Pipeline.default().with_(RedactEmails(), before="edges")
    result = pipe.run(f"{BODY1}\n\nWrite to desk@example.com with tips about the budget, the mayor said.\n")
    assert result.text == f"{BODY1}\n\nWrite to [email] with tips about the budget, the mayor said.\n"
    assert "[email]" in result.source
    assert result.removed == []


def test_user_inline_filter() -> None:
    pipe = Pipeline.default().with_(Citations())
    text = f"{BODY1}[1]\n\nSpending [2] on schools will rise by four percent, officials said.\n"
    result = pipe.run(text)
    assert result.text == f"{BODY1}\n\nSpending on schools will rise by four percent, officials said.\n"
    assert [(r.filter, r.rule, r.text) for r in result.removed] == [
        ("citations", "citations.mark", "[1]"),
        ("citations", "citations.mark", "[2]"),
    ]
    for r in result.removed:
        assert result.source[r.start : r.end] == r.text


def test_user_inline_filter_that_empties_a_line_drops_it() -> None:
    result = Pipeline([Normalize(), Citations()]).run(f"{BODY1}\n\n[1] [2]\n")
    assert result.text == f"{BODY1}\n"
    assert [(r.rule, r.text) for r in result.removed] == [("citations.mark", "[1] [2]")]


def test_overlapping_spans_of_two_inline_filters_are_both_cut() -> None:
    text = f"{BODY1}spot_imgspot_img?utm=abc {BODY2}\n"
    result = Pipeline.default().with_(TrackingTails()).run(text)
    assert result.text == f"{BODY1} {BODY2}\n"
    assert [(r.filter, r.text) for r in result.removed] == [
        ("ad_artifacts", "spot_imgspot_img"),
        ("tracking_tails", "?utm=abc"),
    ]
    for r in result.removed:
        assert result.source[r.start : r.end] == r.text


def test_empty_spans_cut_nothing() -> None:
    text = f"{BODY1}\n\n***\n\n{BODY2}  spot_img\n"
    result = Pipeline([Normalize(), EmptySpans(), AdArtifacts()]).run(text)
    assert result.text == f"{BODY1}\n\n***\n\n{BODY2}\n"
    assert [(r.filter, r.text) for r in result.removed] == [("ad_artifacts", "spot_img")]


def test_user_block_filter_readme_example() -> None:
    text = f"{BODY1}\n\nListen to our podcast on the budget\n\n{BODY2}\n"
    assert Pipeline.default().clean(text) == text
    pipe = Pipeline.default().with_(PodcastPromos(), before="edges")
    result = pipe.run(text)
    assert result.text == f"{BODY1}\n\n{BODY2}\n"
    [removal] = result.removed
    assert (removal.filter, removal.rule, removal.reason) == (
        "podcast_promos",
        "podcast_promos.line",
        "podcast promotion",
    )
    assert removal.features == {"chars": len("Listen to our podcast on the budget")}


# --- the registry --------------------------------------------------------------------------------


def test_names_lists_the_default_filters_first() -> None:
    names = filters.names()
    assert names[: len(filters.DEFAULT_ORDER)] == filters.DEFAULT_ORDER
    assert set(names) == set(filters.REGISTRY)


def test_describe_has_one_line_per_filter() -> None:
    described = filters.describe()
    assert [n for n, _ in described] == list(filters.names())
    for name, description in described:
        assert description, name
        assert "\n" not in description, name


@pytest.mark.parametrize(
    ("name", "cls"),
    [
        ("normalize", Normalize),
        ("ad_artifacts", AdArtifacts),
        ("ads", AdLabels),
        ("chrome", Chrome),
        ("captions", Captions),
        ("edges", Edges),
    ],
)
@pytest.mark.parametrize("preset", filters.PRESETS)
def test_create(name: str, cls: type, preset: str) -> None:
    made = filters.create(name, preset)
    assert type(made) is cls
    assert made.name == name
    if name in presets.TABLE:
        assert made.config == dataclasses.replace(cls().config, **presets.TABLE[name][preset])


def test_create_errors() -> None:
    with pytest.raises(KeyError) as info:
        filters.create("nope")
    assert "no filter named 'nope'" in str(info.value)
    assert "chrome" in str(info.value)
    with pytest.raises(ValueError, match="unknown preset"):
        filters.create("chrome", "fast")  # type: ignore[arg-type]


def test_register(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(filters, "REGISTRY", dict(filters.REGISTRY))
    assert "podcast_promos" not in filters.names()
    assert filters.register(PodcastPromos) is PodcastPromos
    assert "podcast_promos" in filters.names()[len(filters.DEFAULT_ORDER) :]
    assert ("podcast_promos", PodcastPromos.description) in filters.describe()
    assert filters.create("podcast_promos") == PodcastPromos()
    pipe = Pipeline.default().with_("podcast_promos", before="edges")
    assert pipe.clean(f"{BODY1}\n\nListen to our podcast\n") == f"{BODY1}\n"
    assert Pipeline.from_names(["normalize", "podcast_promos"]).names == ("normalize", "podcast_promos")


def test_register_as_decorator(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(filters, "REGISTRY", dict(filters.REGISTRY))

    @filters.register
    @dataclass(frozen=True)
    class Shouting(Filter):
        name = "shouting"
        description = "Drop lines in capitals."

        def scan(self, doc: Document) -> Iterator[Drop]:
            for b in doc.iter_live():
                if b.text.isupper():
                    yield Drop(b.index, "shouting.line", "all capitals")

    assert filters.REGISTRY["shouting"] is Shouting
    pipe = Pipeline.default().with_("shouting")
    assert pipe.clean(f"{BODY1}\n\nBREAKING NEWS TONIGHT\n\n{BODY2}\n") == f"{BODY1}\n\n{BODY2}\n"


def test_register_rejects_a_class_without_name(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(filters, "REGISTRY", dict(filters.REGISTRY))

    class Nameless(Filter):
        def scan(self, doc: Document) -> Iterator[Drop]:
            return iter(())

    with pytest.raises(ValueError, match="Nameless has no `name`"):
        filters.register(Nameless)
    assert "" not in filters.REGISTRY


def test_profile_times_every_stage() -> None:
    pipe = Pipeline.default()
    spent = pipe.profile(["Advertisement\n\nThe council met on Monday and approved the budget.\n"] * 3)
    stages = {"normalize", "split", "inline", "index", "ads", "chrome", "captions", "content", "edges", "render"}
    assert set(spent) == stages  # inline filters share one "inline" stage


def test_profile_builds_the_line_index_as_its_own_stage() -> None:
    spent = Pipeline.default().only("normalize").profile(["The council met on Monday.\n"])
    assert "index" not in spent  # no block filter: nothing uses the index
    doc = Document.from_text("Home | News\nThe vote passed.\n")
    doc.index.measure_all()
    assert {"tokens", "words", "first_words", "sentence_ends", "vocabulary"} <= set(vars(doc.index))


def test_a_cut_that_joins_mojibake_is_repaired_in_the_same_pass() -> None:
    text = "The mayor said she don\u00e2\u20acspot_img\u2122t know when the hall would reopen.\n"
    assert (
        assert_idempotent(cleantext.clean, text) == "The mayor said she don\u2019t know when the hall would reopen.\n"
    )


def test_removal_counts_are_those_of_the_removals() -> None:
    pages = [p.read_text("utf-8") for p in sorted((Path(__file__).resolve().parent.parent / "fixtures").rglob("*.txt"))]
    assert len(pages) > 50
    for text in pages:
        doc = Pipeline.default().document(text)
        wanted: dict[str, tuple[int, int]] = {}
        for r in doc.removals():
            n, chars = wanted.get(r.filter, (0, 0))
            wanted[r.filter] = (n + 1, chars + r.end - r.start)
        assert doc.removal_counts() == wanted
