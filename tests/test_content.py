"""The ``content`` filter on small hand-written full pages, in several languages."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import cleantext
from cleantext import features
from cleantext.document import Document
from cleantext.features import Features, guess_language, lines_features, page_features
from cleantext.filters import Content
from cleantext.filters.content_features import FEATURES
from cleantext.lines import LineIndex
from cleantext.model import default_model

NAV_EN = [
    "The Daily Courier - Local news",
    "Get unlimited access to all of our local journalism for just one pound a week.",
    "Home",
    "World",
    "Politics",
    "Business",
    "Sport",
    "Culture",
    "Subscribe",
    "Log in",
    "Weather | Traffic | Obituaries | Puzzles",
]
FOOTER_EN = [
    "Most Popular",
    "Council Leader Resigns After Budget Row",
    "The council leader stepped down on Monday after a long row over the budget with her own party.",
    "Five Things To Do This Weekend",
    "From a harbour festival to a night market, there is plenty to keep the family busy this weekend.",
    "Harbour Festival Returns In June",
    "About Us",
    "Contact Us",
    "Privacy Policy",
    "© 2025 The Daily Courier. All rights reserved.",
]
BODY_EN = [
    "The city council voted on Tuesday to close the old bridge to cars from next spring, after engineers warned "
    "that its steel supports had corroded faster than expected.",
    "The decision means that about twelve thousand drivers a day will have to use the ring road, which the "
    "council says it will widen before the closure begins.",
    "What happens next",
    "Cyclists and pedestrians will still be able to cross the bridge while repairs are carried out over the "
    "next two years, and a ferry will run during the busiest weeks.",
    "“We had no choice,” the mayor said.",
    "Local shop owners said they were worried that fewer visitors would come to the old town once the bridge "
    "is closed, and asked the council for help with parking.",
]


def page(nav: list[str], body: list[str], footer: list[str]) -> str:
    """Full-page text as an HTML-to-text converter prints it: one block a line."""
    return "\n".join(nav) + "\n\n" + "\n\n".join(body) + "\n\n" + "\n".join(footer) + "\n"


def kept_lines(text: str, preset: str = "balanced") -> list[str]:
    return [line for line in cleantext.clean(text, preset=preset).split("\n") if line]  # type: ignore[arg-type]


def test_english_page_keeps_the_article_and_only_it() -> None:
    assert kept_lines(page(NAV_EN, BODY_EN, FOOTER_EN)) == BODY_EN


def test_the_content_filter_is_what_finds_the_article() -> None:
    text = page(NAV_EN, BODY_EN, FOOTER_EN)
    without = [line for line in cleantext.Pipeline.default().without("content").clean(text).split("\n") if line]
    assert without != BODY_EN
    assert NAV_EN[1] in without and FOOTER_EN[2] in without


def test_short_body_lines_inside_the_article_survive() -> None:
    kept = kept_lines(page(NAV_EN, BODY_EN, FOOTER_EN))
    assert "What happens next" in kept  # a subheading
    assert "“We had no choice,” the mayor said." in kept  # a one-line quote


def test_body_list_inside_the_article_survives() -> None:
    body = [
        *BODY_EN[:2],
        "The council listed the works it plans:",
        "- new steel supports",
        "- a wider footpath",
        "- lighting for cyclists",
        *BODY_EN[3:],
    ]
    text = "\n".join(NAV_EN) + "\n\n" + "\n\n".join(body[:2]) + "\n\n" + "\n".join(body[2:6])
    text += "\n\n" + "\n\n".join(body[6:]) + "\n\n" + "\n".join(FOOTER_EN) + "\n"
    assert kept_lines(text) == body


def test_comment_section_after_the_article_is_cut() -> None:
    comments = [
        "3 responses to “Old bridge to close to cars”",
        "harbourwatcher says:",
        "It is about time somebody did something about that bridge, it has been falling apart for years.",
        "janet_k says:",
        "I drive over it every day and now my commute will be twenty minutes longer, which is a real shame.",
    ]
    kept = kept_lines(page(NAV_EN, BODY_EN, comments + FOOTER_EN))
    assert kept == BODY_EN


def test_article_printed_twice_is_kept_once() -> None:
    text = page(NAV_EN, BODY_EN + BODY_EN, FOOTER_EN)
    kept = kept_lines(text)
    for line in BODY_EN:
        if len(line.split()) >= 12:
            assert kept.count(line) == 1


def test_page_title_repeated_as_heading_is_not_kept() -> None:
    nav = ["Old bridge to close to cars - The Daily Courier", *NAV_EN[1:]]
    body = ["Old bridge to close to cars", *BODY_EN]
    kept = kept_lines(page(nav, body, FOOTER_EN))
    assert kept == BODY_EN


@pytest.mark.parametrize(
    ("lang", "nav", "body", "footer"),
    [
        (
            "de",
            ["Startseite", "Politik", "Wirtschaft", "Sport", "Kultur", "Wetter", "Anmelden", "Suche"],
            [
                "Der Stadtrat hat am Dienstag beschlossen, die alte Brücke ab dem kommenden Frühjahr für Autos zu "
                "sperren, weil die Stahlträger stärker verrostet sind als erwartet.",
                "Für die rund zwölftausend Fahrer, die die Brücke jeden Tag nutzen, soll bis dahin die Umgehungsstraße "
                "verbreitert werden.",
                "Wie es weitergeht",
                "Radfahrer und Fußgänger dürfen die Brücke während der Bauarbeiten weiter nutzen, und in den "
                "verkehrsreichsten Wochen soll eine Fähre fahren.",
            ],
            [
                "Meistgelesen",
                "Neue Buslinie Im Hafen",
                "Ab Montag fährt eine neue Buslinie vom Bahnhof bis zum Hafen.",
                "Impressum",
                "Datenschutz",
                "© 2025 Stadtanzeiger",
            ],
        ),
        (
            "fr",
            ["Accueil", "Politique", "Économie", "Sport", "Culture", "Météo", "Se connecter", "Rechercher"],
            [
                "Le conseil municipal a décidé mardi de fermer le vieux pont aux voitures à partir du printemps "
                "prochain, car ses poutres en acier sont plus rouillées que prévu.",
                "Les quelque douze mille conducteurs qui empruntent le pont chaque jour devront passer par le "
                "périphérique, que la ville promet d'élargir avant la fermeture.",
                "Et maintenant ?",
                "Les cyclistes et les piétons pourront continuer à traverser le pont pendant les travaux, et un bac "
                "circulera pendant les semaines les plus chargées.",
            ],
            [
                "Les plus lus",
                "Une Nouvelle Ligne De Bus Au Port",
                "Dès lundi, une nouvelle ligne relie la gare au port.",
                "Mentions légales",
                "© 2025 Le Courrier",
            ],
        ),
        (
            "es",
            ["Inicio", "Política", "Economía", "Deportes", "Cultura", "Tiempo", "Iniciar sesión", "Buscar"],
            [
                "El ayuntamiento decidió el martes cerrar el viejo puente a los coches a partir de la próxima "
                "primavera, porque sus vigas de acero están más oxidadas de lo previsto.",
                "Los cerca de doce mil conductores que cruzan el puente cada día tendrán que usar la circunvalación, "
                "que la ciudad promete ensanchar antes del cierre.",
                "Qué pasará ahora",
                "Los ciclistas y los peatones podrán seguir cruzando el puente durante las obras, y un transbordador "
                "funcionará en las semanas de más tráfico.",
            ],
            [
                "Lo más leído",
                "Nueva Línea De Autobús En El Puerto",
                "Desde el lunes, una nueva línea une la estación con el puerto.",
                "Aviso legal",
                "© 2025 El Correo",
            ],
        ),
        (
            "it",
            ["Home", "Politica", "Economia", "Sport", "Cultura", "Meteo", "Accedi", "Cerca"],
            [
                "Il consiglio comunale ha deciso martedì di chiudere il vecchio ponte alle auto dalla prossima "
                "primavera, perché le travi d'acciaio sono più arrugginite del previsto.",
                "I circa dodicimila automobilisti che attraversano il ponte ogni giorno dovranno usare la "
                "tangenziale, che il comune promette di allargare prima della chiusura.",
                "Cosa succede ora",
                "Ciclisti e pedoni potranno continuare ad attraversare il ponte durante i lavori, e nelle settimane "
                "di maggior traffico funzionerà un traghetto.",
            ],
            [
                "I più letti",
                "Nuova Linea Di Autobus Al Porto",
                "Da lunedì una nuova linea collega la stazione al porto.",
                "Informativa sulla privacy",
                "© 2025 Il Corriere",
            ],
        ),
    ],
)
def test_multilingual_pages(lang: str, nav: list[str], body: list[str], footer: list[str]) -> None:
    text = page(nav, body, footer)
    assert guess_language(text) == lang
    assert kept_lines(text) == body


def test_near_clean_text_is_left_to_the_other_filters() -> None:
    text = "\n\n".join(BODY_EN) + "\n"
    assert cleantext.clean(text) == text


def test_explanations_carry_the_deciding_features() -> None:
    result = cleantext.run(page(NAV_EN, BODY_EN, FOOTER_EN))
    outside = [r for r in result.removed if r.rule == "content.outside"]
    assert outside, "navigation lines should be removed by the content filter"
    for r in outside:
        assert r.features is not None
        assert set(r.features) == {"score", "threshold", "lang", "top"}
        assert r.features["lang"] == "en"
        assert r.features["threshold"] == round(default_model().threshold("balanced"), 2)
        top = r.features["top"]
        assert 1 <= len(top) <= 3 and set(top) <= set(FEATURES)
        sizes = [abs(v) for v in top.values()]
        assert sizes == sorted(sizes, reverse=True)


def test_presets_order_removals() -> None:
    text = page(
        NAV_EN, [*BODY_EN, "Share your views on the closure with the council by the end of the month."], FOOTER_EN
    )
    precise = set(kept_lines(text, "precision"))
    balanced = set(kept_lines(text, "balanced"))
    recall = set(kept_lines(text, "recall"))
    assert precise <= balanced <= recall


def test_content_filter_alone_needs_a_full_page() -> None:
    doc = cleantext.Document.from_text("\n".join(BODY_EN) + "\n")
    assert list(Content().scan(doc)) == []


_FIXTURE_TEXTS = sorted(
    p.read_text("utf-8") for p in (Path(__file__).resolve().parent.parent / "fixtures").rglob("*.txt")
)


def test_title_case_shares_are_those_of_each_line() -> None:
    pages = [*_FIXTURE_TEXTS, "\n".join(NAV_EN + FOOTER_EN)]
    for text in pages:
        doc = Document.from_text(text)
        rows = list(range(len(doc.blocks)))
        table = page_features(doc.index, rows, guess_language(text), [1] * len(rows))
        assert list(table.title_case) == [features._title_share(doc.index.tokens[i]) for i in rows]


@pytest.mark.parametrize("lang", ["en", "de", "cjk"])
def test_features_measured_line_by_line_equal_the_page_scan(lang: str) -> None:
    lines = [line for text in _FIXTURE_TEXTS for line in text.splitlines() if line.strip()]
    lines += ["Home | News » World", "see www.example.com", "mail me@example.org", "東京で会議が開かれた。"]
    lines += ["http://x.org/page", "Read more at site.net.", "page.HTML", "Top 10 | 2025"]
    index = LineIndex(lines)
    scanned = page_features(index, range(len(lines)), lang, [1] * len(lines))
    measured = lines_features(lines, index.tokens, lang, [1] * len(lines))
    for name in Features.__dataclass_fields__:
        assert getattr(measured, name) == getattr(scanned, name), name
    assert sum(scanned.separators) > 10 and sum(scanned.url) >= 5 and max(scanned.digits) > 0


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from("0123456789a_Z ٣۴०๙１²½é\U0001d7d8"), max_size=30))
def test_digit_count_equals_the_digit_pattern(text: str) -> None:
    assert features._digit_count(text) == len(re.findall(r"\d", text))
