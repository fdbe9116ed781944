"""Rule files: TOML that extends filters, adds filters, disables/enables them, and its errors."""

from __future__ import annotations

import dataclasses
import pickle
from pathlib import Path

import pytest

from cleantext import Pipeline, rules
from cleantext.errors import CleantextError, RuleFileError, RuleTimeoutError

B1 = "The council approved the new budget after a long debate on Monday."
B2 = "Spending on schools will rise by four percent next year, officials said."
CREDIT = "Kristina Kormilitsyna / AP"


def write(tmp_path: Path, text: str, name: str = "rules.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def applied(tmp_path: Path, text: str, pipe: Pipeline | None = None) -> Pipeline:
    return rules.apply(pipe or Pipeline.default(), write(tmp_path, text))


# --- extending a built-in filter -------------------------------------------------------------------


def test_extend_chrome_with_phrases(tmp_path: Path) -> None:
    pipe = applied(tmp_path, '[chrome]\nphrases = ["Weiterlesen im Abo", "Hear this story"]\n')
    assert pipe.names == Pipeline.default().names
    page = f"{B1}\n\nWeiterlesen im Abo\n\n» WEITERLESEN IM ABO «\n\n- Hear this story -\n\n{B2}\n"
    assert Pipeline.default().clean(page) == page
    result = pipe.run(page)
    assert result.text == f"{B1}\n\n{B2}\n"
    assert [(r.filter, r.rule) for r in result.removed] == [("chrome", "chrome.user")] * 3
    assert all(str(tmp_path / "rules.toml") in r.reason for r in result.removed)


def test_extend_chrome_with_patterns(tmp_path: Path) -> None:
    pipe = applied(tmp_path, "[chrome]\npatterns = ['Episode \\d+ of \\d+']\n")
    page = f"{B1}\n\nEpisode 3 of 10\n\nEpisode 3 of 10 was the best, critics agreed after the final aired.\n\n{B2}\n"
    result = pipe.run(page)
    assert [(r.rule, r.text) for r in result.removed] == [("chrome.user", "Episode 3 of 10")]
    assert "patterns[0]" in result.removed[0].reason
    assert result.text == page.replace("Episode 3 of 10\n\n", "", 1)


def test_phrases_are_literal_not_regex(tmp_path: Path) -> None:
    pipe = applied(tmp_path, '[chrome]\nphrases = ["Ref. (1)"]\n')
    assert pipe.clean(f"{B1}\n\nRef. (1)\n") == f"{B1}\n"
    assert pipe.clean(f"{B1}\n\nRefX 1\n") == f"{B1}\n\nRefX 1\n"


def test_extended_filter_keeps_its_built_in_rules(tmp_path: Path) -> None:
    pipe = applied(tmp_path, '[chrome]\nphrases = ["Hear this story"]\n')
    result = pipe.run(f"{B1}\n\nSource link\n\nHear this story\n")
    assert [r.rule for r in result.removed] == ["chrome.phrase", "chrome.user"]


def test_extend_captions(tmp_path: Path) -> None:
    pipe = applied(tmp_path, '[captions]\nphrases = ["Bildnachweis: Stadtarchiv"]\n')
    result = pipe.run(f"{B1}\n\nBildnachweis: Stadtarchiv\n\n{B2}\n")
    assert [(r.filter, r.rule) for r in result.removed] == [("captions", "captions.user")]


# --- new filters ---------------------------------------------------------------------------------------


def test_new_filter_with_phrases(tmp_path: Path) -> None:
    pipe = applied(
        tmp_path,
        '[[filter]]\nname = "mysite"\ndescription = "Chrome of mysite"\n'
        'phrases = ["Hear the audio version"]\nreason = "mysite audio link"\n',
    )
    assert pipe.names == (*Pipeline.default().names, "mysite")
    assert pipe["mysite"].description == "Chrome of mysite"
    page = f"{B1}\n\nHear the audio version\n\n{B2}\n"
    assert Pipeline.default().clean(page) == page
    result = pipe.run(page)
    assert result.text == f"{B1}\n\n{B2}\n"
    assert [(r.filter, r.rule, r.reason) for r in result.removed] == [("mysite", "mysite.phrases", "mysite audio link")]


def test_new_filter_with_patterns(tmp_path: Path) -> None:
    pipe = applied(tmp_path, "[[filter]]\nname = \"refs\"\npatterns = ['Ref\\. \\d+']\n")
    result = pipe.run(f"{B1}\n\nRef. 12\n\nRef. 12 was cited by the judge in her opinion on Monday.\n")
    assert [(r.filter, r.text) for r in result.removed] == [("refs", "Ref. 12")]
    assert result.removed[0].rule.startswith("refs.patterns")


def test_cut_filter(tmp_path: Path) -> None:
    pipe = applied(tmp_path, "[[filter]]\nname = \"cites\"\ncut = ['\\[\\d+\\]']\n")
    assert pipe.names[-1] == "cites"
    page = f"{B1}[1]\n\n{B2} [2] [3]\n\n[4]\n"
    result = pipe.run(page)
    assert result.text == f"{B1}\n\n{B2}\n"
    cuts = [r for r in result.removed if r.text != "[4]"]
    assert [(r.filter, r.rule, r.text) for r in cuts] == [("cites", "cites.cut", t) for t in ("[1]", "[2]", "[3]")]
    for r in result.removed:
        assert result.source[r.start : r.end] == r.text


def test_several_rule_files_stack(tmp_path: Path) -> None:
    one = write(tmp_path, '[chrome]\nphrases = ["Hear this story"]\n', "one.toml")
    two = write(tmp_path, '[[filter]]\nname = "mysite"\nphrases = ["Hear the audio version"]\n', "two.toml")
    pipe = rules.apply(rules.apply(Pipeline.default(), one), two)
    assert pipe.clean(f"{B1}\n\nHear this story\n\nHear the audio version\n") == f"{B1}\n"


def test_pipeline_with_rules_pickles(tmp_path: Path) -> None:
    pipe = applied(
        tmp_path,
        '[chrome]\nphrases = ["Hear this story"]\n'
        '[[filter]]\nname = "mysite"\nphrases = ["Hear the audio version"]\n'
        "[[filter]]\nname = \"cites\"\ncut = ['\\[\\d+\\]']\n",
    )
    page = f"{B1}[1]\n\nHear this story\n\nHear the audio version\n\n{B2}\n"
    copy = pickle.loads(pickle.dumps(pipe))
    assert copy.names == pipe.names
    assert copy.clean(page) == pipe.clean(page) == f"{B1}\n\n{B2}\n"


# --- disable / enable -------------------------------------------------------------------------------------


def test_disable(tmp_path: Path) -> None:
    pipe = applied(tmp_path, 'disable = ["captions"]\n')
    assert "captions" not in pipe
    page = f"{B1}\n\n{CREDIT}\n\n{B2}\n"
    assert pipe.clean(page) == page
    assert Pipeline.default().clean(page) == f"{B1}\n\n{B2}\n"


def test_disable_a_filter_already_left_out_is_fine(tmp_path: Path) -> None:
    pipe = applied(tmp_path, 'disable = ["captions"]\n', Pipeline.default().without("captions"))
    assert "captions" not in pipe


def test_enable(tmp_path: Path) -> None:
    base = Pipeline.from_names(["normalize", "chrome"])
    pipe = applied(tmp_path, 'enable = ["captions"]\n', base)
    assert pipe.names == ("normalize", "chrome", "captions")
    assert pipe.clean(f"{B1}\n\n{CREDIT}\n") == f"{B1}\n"
    again = applied(tmp_path, 'enable = ["chrome"]\n', base)
    assert again.names == base.names


def test_enabled_filter_follows_the_pipeline_preset(tmp_path: Path) -> None:
    base = Pipeline.from_names(["normalize"], preset="precision")
    pipe = applied(tmp_path, 'enable = ["captions"]\n', base)
    assert pipe["captions"] == Pipeline.default("precision")["captions"]


def test_new_filter_can_be_disabled_in_the_same_file(tmp_path: Path) -> None:
    pipe = applied(tmp_path, 'disable = ["mysite"]\n[[filter]]\nname = "mysite"\nphrases = ["x"]\n')
    assert "mysite" not in pipe


# --- thresholds: [NAME.config] --------------------------------------------------------------------


def test_config_table_sets_thresholds_over_the_preset(tmp_path: Path) -> None:
    pipe = applied(tmp_path, "[chrome.config]\nmax_stamp_words = 3\n", Pipeline.default("recall"))
    assert pipe["chrome"].config == dataclasses.replace(Pipeline.default("recall")["chrome"].config, max_stamp_words=3)
    assert pipe.preset == "custom"  # it runs no preset's thresholds any more
    byline = "By Jane Roe and John Doe"  # five words: a byline under recall (10), kept under 3
    page = f"{B1}\n\n{byline}\n\n{B2}\n"
    assert "chrome.byline" in [r.rule for r in Pipeline.default("recall").run(page).removed]
    assert pipe.clean(page) == page


def test_config_accepts_a_whole_number_for_a_float_and_a_preset_name(tmp_path: Path) -> None:
    pipe = applied(tmp_path, '[content.config]\nmin_chrome_share = 1\npreset = "recall"\n')
    assert (pipe["content"].config.min_chrome_share, pipe["content"].config.preset) == (1, "recall")


def test_config_and_phrases_in_one_table_and_over_an_earlier_extension(tmp_path: Path) -> None:
    text = '[chrome]\nphrases = ["Hear this story"]\n[chrome.config]\nmax_prefix_words = 7\n'
    pipe = applied(tmp_path, text)
    assert pipe["chrome"].config.max_prefix_words == 7
    assert pipe.clean(f"{B1}\n\nHear this story\n") == f"{B1}\n"
    again = rules.apply(pipe, write(tmp_path, "[chrome.config]\nmax_stamp_words = 9\n", "more.toml"))
    assert (again["chrome"].config.max_prefix_words, again["chrome"].config.max_stamp_words) == (7, 9)
    assert again.clean(f"{B1}\n\nHear this story\n") == f"{B1}\n"  # the earlier file's phrases stay


def test_phrases_alone_keep_the_preset(tmp_path: Path) -> None:
    assert applied(tmp_path, '[chrome]\nphrases = ["x"]\n', Pipeline.default("recall")).preset == "recall"


# --- errors ------------------------------------------------------------------------------------------------

BAD_FILES = [
    ("unknown_table", '[nosuch]\nphrases = ["x"]\n', "[nosuch] names no filter"),
    ("invalid_regex", "[chrome]\npatterns = ['(unclosed']\n", "'(unclosed' is not a valid regex"),
    ("invalid_filter_regex", "[[filter]]\nname = \"x1\"\npatterns = ['(bad']\n", "'(bad' is not a valid regex"),
    ("invalid_cut_regex", "[[filter]]\nname = \"x1\"\ncut = ['(bad']\n", "'(bad' is not a valid regex"),
    ("phrases_not_a_list", '[chrome]\nphrases = "x"\n', "must be a list of strings"),
    ("patterns_not_strings", "[chrome]\npatterns = [1, 2]\n", "must be a list of strings"),
    ("disable_not_a_list", 'disable = "captions"\n', "must be a list of strings"),
    ("unknown_table_key", '[chrome]\nphrase = ["x"]\n', "unknown key(s) phrase"),
    ("unknown_top_level_key", "colour = 1\n", "unknown key 'colour'"),
    ("unknown_filter_key", '[[filter]]\nname = "x1"\nphrases = ["a"]\ncolour = "red"\n', "unknown key(s) colour"),
    ("bad_toml_syntax", '[chrome\nphrases = ["x"]\n', "not valid TOML"),
    ("disable_unknown_filter", 'disable = ["nosuch"]\n', "unknown filter 'nosuch'"),
    ("enable_unknown_filter", 'enable = ["nosuch"]\n', "unknown filter 'nosuch'"),
    ("extend_a_text_filter", '[normalize]\nphrases = ["x"]\n', "only block filters"),
    ("filter_named_like_a_built_in", '[[filter]]\nname = "chrome"\nphrases = ["a"]\n', "is a built-in filter"),
    ("filter_bad_name", '[[filter]]\nname = "My Site"\nphrases = ["a"]\n', "lowercase identifier"),
    ("filter_without_rules", '[[filter]]\nname = "empty"\n', "give phrases, patterns or cut"),
    ("filter_cut_and_phrases", '[[filter]]\nname = "both"\nphrases = ["a"]\ncut = [\'b\']\n', "either drops"),
    ("reason_not_a_string", '[[filter]]\nname = "x1"\nphrases = ["a"]\nreason = 3\n', "reason must be a string"),
    ("filter_single_brackets", '[filter]\nname = "x1"\nphrases = ["a"]\n', "[[filter]] table (double brackets)"),
    (
        "duplicate_filter_name",
        '[[filter]]\nname = "x1"\nphrases = ["a"]\n[[filter]]\nname = "x1"\nphrases = ["b"]\n',
        "[[filter]] #2: a filter named 'x1' is already defined",
    ),
    ("empty_phrase", '[chrome]\nphrases = ["Hear this story", " "]\n', "phrases[1] is empty"),
    ("empty_filter_phrase", '[[filter]]\nname = "x1"\nphrases = [""]\n', "phrases[0] is empty"),
    ("config_unknown_key", "[chrome.config]\nmax_words = 3\n", "[chrome.config]: unknown key 'max_words'; chrome has"),
    ("config_not_a_number", '[chrome.config]\nmax_stamp_words = "12"\n', "max_stamp_words must be a whole number"),
    ("config_bool_for_int", "[edges.config]\nmax_words = true\n", "max_words must be a whole number, not True"),
    ("config_float_for_int", "[edges.config]\nmax_words = 2.5\n", "max_words must be a whole number, not 2.5"),
    ("config_int_for_bool", "[captions.config]\nuncredited_captions = 0\n", "must be true or false, not 0"),
    ("config_unknown_preset", '[content.config]\npreset = "fast"\n', "preset must be one of 'precision', 'balanced'"),
    ("config_not_a_table", "[chrome]\nconfig = 3\n", "[chrome.config] must be a table of thresholds"),
    ("config_of_a_filter_without_one", "[ads.config]\nmax_words = 3\n", "the ads filter has no thresholds to set"),
]


@pytest.mark.parametrize(("name", "text", "message"), BAD_FILES, ids=[b[0] for b in BAD_FILES])
def test_errors_name_the_file(tmp_path: Path, name: str, text: str, message: str) -> None:
    path = write(tmp_path, text, f"{name}.toml")
    with pytest.raises(RuleFileError) as info:
        rules.apply(Pipeline.default(), path)
    assert str(path) in str(info.value)
    assert message in str(info.value)
    assert isinstance(info.value, CleantextError)


def test_invalid_regex_message_names_file_and_pattern(tmp_path: Path) -> None:
    path = write(tmp_path, "[chrome]\npatterns = ['fine', 'Episode (\\d+']\n")
    with pytest.raises(RuleFileError) as info:
        rules.apply(Pipeline.default(), path)
    message = str(info.value)
    assert str(path) in message
    assert "[chrome]" in message
    assert "patterns[1]" in message
    assert "'Episode (\\\\d+'" in message


def test_bad_toml_message_names_the_line(tmp_path: Path) -> None:
    path = write(tmp_path, 'disable = []\n\n[chrome\nphrases = ["x"]\n')
    with pytest.raises(RuleFileError, match="line 3"):
        rules.apply(Pipeline.default(), path)


def test_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "latin1.toml"
    path.write_bytes('[chrome]\nphrases = ["Zurück"]\n'.encode("latin-1"))
    with pytest.raises(RuleFileError) as info:
        rules.apply(Pipeline.default(), path)
    assert str(path) in str(info.value)
    assert "UTF-8" in str(info.value)


def test_same_filter_defined_by_two_rule_files(tmp_path: Path) -> None:
    text = '[[filter]]\nname = "mysite"\nphrases = ["Hear the audio version"]\n'
    one, two = write(tmp_path, text, "one.toml"), write(tmp_path, text, "two.toml")
    pipe = rules.apply(Pipeline.default(), one)
    with pytest.raises(RuleFileError) as info:
        rules.apply(pipe, two)
    assert str(two) in str(info.value)
    assert "'mysite' is already defined" in str(info.value)


def test_directory_instead_of_a_file(tmp_path: Path) -> None:
    with pytest.raises(RuleFileError) as info:
        rules.apply(Pipeline.default(), tmp_path)
    assert str(tmp_path) in str(info.value)
    assert "is a directory" in str(info.value)


def test_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "nowhere" / "rules.toml"
    with pytest.raises(RuleFileError) as info:
        rules.apply(Pipeline.default(), path)
    assert str(path) in str(info.value)
    assert "no such rule file" in str(info.value)


def test_failed_apply_leaves_the_pipeline_alone(tmp_path: Path) -> None:
    pipe = Pipeline.default()
    with pytest.raises(RuleFileError):
        applied(tmp_path, '[chrome]\nphrases = ["Hear this story"]\n[nosuch]\nphrases = ["x"]\n', pipe)
    assert pipe == Pipeline.default()


# --- catastrophic backtracking ----------------------------------------------------------------------------

# The `regex` module copes with the classic (a+)+$ by itself; (a|a)+$ still explodes.
EVIL = "(a|a)+$"
EVIL_LINE = "a" * 30 + "b"


@pytest.mark.parametrize(
    ("text", "label"),
    [
        (f"[chrome]\npatterns = ['{EVIL}']\n", "[chrome]: patterns[0]"),
        (f"[[filter]]\nname = \"evil\"\npatterns = ['ok', '{EVIL}']\n", "patterns[1]"),
        (f"[[filter]]\nname = \"evil\"\ncut = ['{EVIL}']\n", "cut[0]"),
    ],
    ids=["extended_chrome", "new_filter", "cut_filter"],
)
def test_backtracking_pattern_raises_timeout_naming_the_rule(tmp_path: Path, text: str, label: str) -> None:
    path = write(tmp_path, text)
    pipe = rules.apply(Pipeline.default(), path)
    with pytest.raises(RuleTimeoutError) as info:
        pipe.clean(f"{B1}\n\n{EVIL_LINE}\n")
    message = str(info.value)
    assert str(path) in message
    assert label in message
    assert EVIL in message
    assert isinstance(info.value, CleantextError)


def test_same_pattern_on_a_harmless_line_is_fine(tmp_path: Path) -> None:
    pipe = applied(tmp_path, f"[chrome]\npatterns = ['{EVIL}']\n")
    assert pipe.clean(f"{B1}\n\naaaa\n") == f"{B1}\n"


def test_disable_and_enable_of_one_filter_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "both.toml"
    path.write_text('disable = ["captions"]\nenable = ["captions"]\n', encoding="utf-8")
    with pytest.raises(RuleFileError, match="both disable and enable"):
        rules.apply(Pipeline.default(), path)


def test_enabling_a_disabled_rule_file_filter_is_an_error(tmp_path: Path) -> None:
    first = tmp_path / "first.toml"
    first.write_text('disable = ["mysite"]\n[[filter]]\nname = "mysite"\nphrases = ["Listen"]\n', encoding="utf-8")
    second = tmp_path / "second.toml"
    second.write_text('enable = ["mysite"]\n', encoding="utf-8")
    pipe = rules.apply(Pipeline.default(), first)
    assert "mysite" not in pipe
    with pytest.raises(RuleFileError, match=r"unknown filter .mysite."):
        rules.apply(pipe, second)
