"""Data-driven tables per built-in filter: lines and small pages that must (or must not) be removed.

Each filter runs alone after normalisation (``Pipeline([Normalize(), F()])``), so a case tests
that filter and nothing else. Positive cases name the rule id expected to fire; negative cases
(``None``) must come out unchanged.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from cleantext import Pipeline, Result
from cleantext.filters import AdArtifacts, AdLabels, Captions, Chrome, Edges, Normalize

B1 = "The council approved the new budget after a long debate on Monday."
B2 = "Spending on schools will rise by four percent next year, officials said."
BODY = (B1, B2)

ADS = Pipeline([Normalize(), AdLabels()])
ARTIFACTS = Pipeline([Normalize(), AdArtifacts()])
CHROME = Pipeline([Normalize(), Chrome()])
CAPTIONS = Pipeline([Normalize(), Captions()])
EDGES = Pipeline([Normalize(), Edges()])


def _rules(result: Result) -> list[str]:
    return [r.rule for r in result.removed]


def check_line(pipe: Pipeline, line: str, expected: str | None) -> None:
    """A one-line page: the rule ``expected`` removes it, or (None) it is kept as is."""
    result = pipe.run(line)
    if expected is None:
        assert _rules(result) == [], [(r.rule, r.text) for r in result.removed]
        assert result.text == Normalize().format(line)
    else:
        assert _rules(result) == [expected]
        assert result.text == ""


def check_page(pipe: Pipeline, page: str, expected: str | None) -> None:
    """A page around body sentences: ``expected`` fires and the body stays, or nothing is removed."""
    result = pipe.run(page)
    if expected is None:
        assert _rules(result) == [], [(r.rule, r.text) for r in result.removed]
        assert result.text == Normalize().format(page)
    else:
        assert expected in _rules(result), [(r.rule, r.text) for r in result.removed]
        assert result.text != Normalize().format(page)
    for sentence in BODY:
        if sentence in page:
            assert sentence in result.text.split("\n"), sentence


def page_id(value: object) -> str | None:
    """A short test id for a page: its lines other than the body sentences."""
    if not isinstance(value, str) or "\n" not in value:
        return None
    lines = [x for x in value.split("\n") if x and x not in BODY]
    return " | ".join(lines)[:60] or "body only"


def around(line: str) -> str:
    """``line`` as its own paragraph between two body paragraphs."""
    return f"{B1}\n\n{line}\n\n{B2}\n"


def after(line: str) -> str:
    """``line`` as its own paragraph after a body paragraph."""
    return f"{B1}\n\n{line}\n"


# --- ads ----------------------------------------------------------------------------------------

ADS_POSITIVE = [
    "Advertisement",
    "ADVERTISEMENT",
    "- Advertisement -",
    "— Advertisement —",
    "[Advertisement]",
    "Advertisement:",
    "Advertisements",
    "Advertising",
    "Ad",
    "Sponsored",
    "Sponsored content",
    "Sponsored by Acme Bank",
    "Paid partnership",
    "Promoted stories",
    "Story continues below advertisement",
    "Article continues below",
    "Continue reading the main story",
    "Advertisement Scroll to continue with content",
    "Scroll to continue with content",
    "Report this ad",
    "Ad Feedback",
    # de
    "Anzeige",
    "— Anzeige —",
    "Werbung",
    "Gesponsert",
    "Artikel wird unter der Anzeige fortgesetzt",
    # fr
    "Publicité",
    "Contenu sponsorisé",
    "La suite après cette publicité",
    # es
    "Publicidad",
    "Contenido patrocinado",
    "Sigue leyendo después del anuncio",
    # it
    "Pubblicità",
    "Contenuto sponsorizzato",
    # pt
    "Publicidade",
    "Conteúdo patrocinado",
    "Continua depois da publicidade",
    # nl
    "Advertentie",
    "Reclame",
    "Gesponsorde inhoud",
    "Lees verder onder de advertentie",
    # tr
    "Reklam",
    "REKLAM",
    "Sponsorlu İçerik",
    "SPONSORLU İÇERİK",
]

ADS_NEGATIVE = [
    "The advertisement ran in three newspapers last week.",
    "Advertising revenue fell by ten percent this year.",
    "Advertisement budgets are shrinking.",
    "Ads are everywhere.",
    "The ad ran once.",
    "Advertisement of the year",
    "Advertising Standards Authority",
    "Ad hoc",
    "Adventure",
    "Promoted to captain, she led the team.",
    "Promoted stories are everywhere these days.",
    "Paid content is growing fast, analysts say.",
    "Sponsored content, critics say, blurs the line.",
    "Sponsored by the city council, the event drew thousands of visitors.",
    # A sentence that merely mentions sponsorship is not a label (AdLabels docstring).
    "Sponsored by Acme, the festival returns in June.",
    "The story continues below the fold.",
    # de
    "Die Anzeige erschien am Montag in der Zeitung.",
    "Werbung für Alkohol soll verboten werden.",
    "Anzeigen",
    # fr
    "La publicité en ligne a reculé en 2024.",
    "Publicité: la loi change en 2025.",
    # es
    "La publicidad digital crece cada año.",
    "Anuncio: el gobierno presentó hoy su plan.",
    # it
    "La pubblicità televisiva è in calo.",
    "Annuncio del governo sulle pensioni.",
    # pt
    "A publicidade digital cresceu muito.",
    # nl
    "De advertentie stond in de krant.",
    "Reclame maken is een vak.",
]


@pytest.mark.parametrize(
    ("line", "expected"),
    [(x, "ads.label") for x in ADS_POSITIVE] + [(x, None) for x in ADS_NEGATIVE],
)
def test_ads(line: str, expected: str | None) -> None:
    check_line(ADS, line, expected)


@pytest.mark.parametrize("label", ["Advertisement", "Anzeige", "Publicidad"])
def test_ads_label_between_body_paragraphs(label: str) -> None:
    result = ADS.run(around(f"- {label} -"))
    assert _rules(result) == ["ads.label"]
    assert result.text == f"{B1}\n\n{B2}\n"


# --- ad_artifacts --------------------------------------------------------------------------------

ARTIFACT_CASES = [
    ("- Advertisement -spot_imgspot_img", "ads.artifact", "- Advertisement -\n"),
    ("The vote passed.spot_img The council met.", "ads.artifact", "The vote passed. The council met.\n"),
    ("The vote passed. spot_imgspot_img The council met.", "ads.artifact", "The vote passed. The council met.\n"),
    ("spot_imgspot_imgspot_img", "ads.artifact", ""),
    ("spot_img", "ads.artifact", ""),
    ("The variable spot_image is not a placeholder.", None, "The variable spot_image is not a placeholder.\n"),
    ("The ad was in the spot img folder.", None, "The ad was in the spot img folder.\n"),
    ("SPOT_IMG", None, "SPOT_IMG\n"),
    (B1, None, B1 + "\n"),
]


@pytest.mark.parametrize(("line", "expected", "output"), ARTIFACT_CASES)
def test_ad_artifacts(line: str, expected: str | None, output: str) -> None:
    result = ARTIFACTS.run(line)
    assert _rules(result) == ([expected] if expected else [])
    assert result.text == output
    for r in result.removed:
        assert result.source[r.start : r.end] == r.text
        assert "spot_img" in r.text


def test_ad_artifact_cut_keeps_other_lines() -> None:
    result = ARTIFACTS.run(f"spot_imgspot_img\n{B1}\n\n{B2}spot_img\n")
    assert result.text == f"{B1}\n\n{B2}\n"
    assert [r.text for r in result.removed] == ["spot_imgspot_img", "spot_img"]


# --- chrome ---------------------------------------------------------------------------------------

CHROME_LINE_POSITIVE = [
    ("Source link", "chrome.phrase"),
    ("Read more", "chrome.phrase"),
    ("» Read more «", "chrome.phrase"),
    ("READ MORE:", "chrome.phrase"),
    ("Share this:", "chrome.phrase"),
    ("Share on Facebook", "chrome.phrase"),
    ("Skip to content", "chrome.phrase"),
    ("Back to top", "chrome.phrase"),
    ("Accept all cookies", "chrome.phrase"),
    ("All rights reserved.", "chrome.phrase"),
    ("5 min read", "chrome.phrase"),
    ("Latest News", "chrome.section"),
    ("Related Articles", "chrome.section"),
    ("Most popular", "chrome.section"),
    ("You may also like", "chrome.section"),
    ("Leave a Reply", "chrome.section"),
    ("12 Comments", "chrome.section"),
    ("Facebook Twitter WhatsApp Email", "chrome.share"),
    ("Facebook | Twitter | LinkedIn", "chrome.share"),
    ("Tags: politics, europe, elections", "chrome.prefix"),
    ("Filed under: Business", "chrome.prefix"),
    ("Related: The budget fight explained", "chrome.prefix"),
    ("Your email address will not be published. Required fields are marked *", "chrome.prompt"),
    ("Save my name, email, and website in this browser for the next time I comment.", "chrome.prompt"),
    ("Sign up for our daily newsletter", "chrome.prompt"),
    ("This website uses cookies to improve your experience.", "chrome.prompt"),
    ("We use cookies to give you the best experience.", "chrome.prompt"),
    ("© 2025 Example Media. All rights reserved.", "chrome.copyright"),
    ("Copyright 2024 by Example Corp", "chrome.copyright"),
    ("Home > News > Politics", "chrome.menu"),
    ("Home | World | Business | Sport", "chrome.menu"),
    ("By Jane Smith", "chrome.byline"),
    ("By Jane Smith and John Doe, Reuters", "chrome.byline"),
    ("Updated: Dec. 2, 2025 10:30 a.m. ET", "chrome.stamp"),
    ("Published on 2 December 2025", "chrome.stamp"),
    ("26.7 C", "chrome.weather"),
    ("86 F", "chrome.weather"),
    ("30°C", "chrome.weather"),
    # de
    ("Weiterlesen", "chrome.phrase"),
    ("Artikel teilen", "chrome.phrase"),
    ("Zum Inhalt springen", "chrome.phrase"),
    ("Alle Rechte vorbehalten.", "chrome.phrase"),
    ("Lesen Sie auch", "chrome.section"),
    ("Schlagworte: Politik, Berlin", "chrome.prefix"),
    ("Ihre E-Mail-Adresse wird nicht veröffentlicht.", "chrome.prompt"),
    ("Diese Website verwendet Cookies.", "chrome.prompt"),
    ("Von Anna Müller", "chrome.byline"),
    ("Aktualisiert am 2. Dezember 2025", "chrome.stamp"),
    # fr
    ("Lire la suite", "chrome.phrase"),
    ("Aller au contenu", "chrome.phrase"),
    ("Partager l'article", "chrome.phrase"),
    ("Partager cet article", "chrome.phrase"),
    ("Tous droits réservés.", "chrome.phrase"),
    ("Lire aussi", "chrome.section"),
    ("Mots-clés : politique, Paris", "chrome.prefix"),
    ("Votre adresse e-mail ne sera pas publiée.", "chrome.prompt"),
    ("Ce site utilise des cookies.", "chrome.prompt"),
    ("Par Marie Dupont", "chrome.byline"),
    ("Mis à jour le 2 décembre 2025", "chrome.stamp"),
    # es
    ("Leer más", "chrome.phrase"),
    ("Compartir en Facebook", "chrome.phrase"),
    ("Saltar al contenido", "chrome.phrase"),
    ("Todos los derechos reservados.", "chrome.phrase"),
    ("Noticias relacionadas", "chrome.section"),
    ("Etiquetas: política, Madrid", "chrome.prefix"),
    ("Este sitio web utiliza cookies.", "chrome.prompt"),
    ("Por Juan García", "chrome.byline"),
    ("Actualizado el 2 de diciembre de 2025", "chrome.stamp"),
    # it
    ("Condividi su Facebook", "chrome.phrase"),
    ("Vai al contenuto", "chrome.phrase"),
    ("Tutti i diritti riservati.", "chrome.phrase"),
    ("Articoli correlati", "chrome.section"),
    ("Argomenti: politica, Roma", "chrome.prefix"),
    ("Questo sito utilizza i cookie.", "chrome.prompt"),
    ("Di Marco Rossi", "chrome.byline"),
    ("Aggiornato il 2 dicembre 2025", "chrome.stamp"),
    # pt
    ("Leia mais", "chrome.phrase"),
    ("Compartilhar", "chrome.phrase"),
    ("Pular para o conteúdo", "chrome.phrase"),
    ("Todos os direitos reservados.", "chrome.phrase"),
    ("Notícias relacionadas", "chrome.section"),
    ("Tags: política, Lisboa", "chrome.prefix"),
    ("Este site utiliza cookies.", "chrome.prompt"),
    ("Por Ana Silva", "chrome.byline"),
    ("Atualizado em 2 de dezembro de 2025", "chrome.stamp"),
    # nl
    ("Lees meer", "chrome.phrase"),
    ("Deel dit artikel", "chrome.phrase"),
    ("Ga naar de inhoud", "chrome.phrase"),
    ("Alle rechten voorbehouden.", "chrome.phrase"),
    ("Gerelateerde artikelen", "chrome.section"),
    ("Onderwerpen: politiek, Amsterdam", "chrome.prefix"),
    ("Deze website gebruikt cookies.", "chrome.prompt"),
    ("Door Jan Jansen", "chrome.byline"),
    ("Door Jan de Vries", "chrome.byline"),
    ("By Jane van Dyke", "chrome.byline"),
    ("Copyright 2019 Hawaii News Now. All rights reserved.", "chrome.copyright"),
    ("Bijgewerkt op 2 december 2025", "chrome.stamp"),
    # newsletter boxes written as prose, their fields and buttons
    ("Get our best guides straight to your inbox every Thursday. No spam, ever.", "chrome.prompt"),
    ("We respect your privacy. Unsubscribe at any time.", "chrome.prompt"),
    ("Email address", "chrome.phrase"),
    ("Enter your email", "chrome.phrase"),
    ("E-Mail-Adresse", "chrome.phrase"),
    ("Adresse e-mail", "chrome.phrase"),
    ("Die Abmeldung ist jederzeit möglich.", "chrome.prompt"),
    ("Recevez nos conseils directement dans votre boîte mail. Pas de spam, promis.", "chrome.prompt"),
    # recipe cards, affiliate disclosures, shops, page tools
    ("Jump to Recipe", "chrome.phrase"),
    ("Print Recipe", "chrome.phrase"),
    ("Pin", "chrome.phrase"),
    ("4.8 from 112 votes", "chrome.phrase"),
    ("4.3 out of 5 stars (1,204 ratings)", "chrome.phrase"),
    ("4,7 su 5 (52 voti)", "chrome.phrase"),
    ("★★★★☆", "chrome.phrase"),
    ("★★☆☆☆ Too tight", "chrome.phrase"),
    ("Course: Dessert, Snack", "chrome.prefix"),
    ("Cuisine: Middle Eastern", "chrome.prefix"),
    ("Nutrition information is automatically calculated and should only be used as an approximation.", "chrome.prompt"),
    ("Did you make this recipe? Leave a comment and a rating below!", "chrome.prompt"),
    (
        "This post may contain affiliate links. As an Amazon Associate I earn from qualifying purchases.",
        "chrome.prompt",
    ),
    ("£249.99", "chrome.phrase"),
    ("Add to cart", "chrome.phrase"),
    ("In stock – free delivery", "chrome.phrase"),
    ("Customer reviews", "chrome.section"),
    ("Print this page", "chrome.phrase"),
    ("Was this page helpful?", "chrome.prompt"),
    ("War dieser Artikel hilfreich?", "chrome.prompt"),
    ("Cet article vous a-t-il été utile ?", "chrome.prompt"),
    ("Signaler une erreur sur cette page", "chrome.phrase"),
    ("Auf Lager – Lieferung in 1–2 Werktagen", "chrome.phrase"),
    ("Zum Angebot", "chrome.phrase"),
    ("Op voorraad", "chrome.phrase"),
    ("Bet £10 Get £30 in Free Bets. New customers only. 18+ | BeGambleAware.org | T&Cs apply.", "chrome.prompt"),
    ("Please gamble responsibly. 18+ only.", "chrome.prompt"),
    ("Il gioco è vietato ai minori e può causare dipendenza.", "chrome.prompt"),
    ("Jouer comporte des risques : endettement, isolement, dépendance.", "chrome.prompt"),
    ("Sportwetten – 100 € Bonus! 18+ | Glücksspiel kann süchtig machen.", "chrome.prompt"),
    ("FOR IMMEDIATE RELEASE", "chrome.phrase"),
    ("News provided by", "chrome.prefix"),
    ("Media Contact:", "chrome.prefix"),
    # more recipe, newsletter and forum chrome, in more languages
    ("Zum Rezept springen", "chrome.phrase"),
    ("Die Nährwertangaben sind automatisch berechnet.", "chrome.prompt"),
    ("Les valeurs nutritionnelles sont données à titre indicatif.", "chrome.prompt"),
    ("Reader Interactions", "chrome.section"),
    ("Il tuo indirizzo email", "chrome.phrase"),
    ("Tu dirección de correo electrónico", "chrome.phrase"),
    ("Uw e-mailadres", "chrome.phrase"),
    ("Aanmelden", "chrome.phrase"),
    ("Comments (18)", "chrome.phrase"),  # a link with a count: no section wall
    ("Reacties (14)", "chrome.phrase"),
    ("Kommentare [3]", "chrome.phrase"),
    ("Themenstarter Radler78", "chrome.prefix"),
    ("Registriert: Jan 2021", "chrome.prefix"),
    ("Beiträge: 5.032", "chrome.prefix"),
    ("Mitglied", "chrome.phrase"),
    ("Well-known member", "chrome.phrase"),
    ("Moderator", "chrome.phrase"),
    ("Gefällt mir", "chrome.phrase"),
    ("Zum Erweitern klicken...", "chrome.phrase"),
    ("Radler78 schrieb:", "chrome.comment"),
    ("Lucía Fernández dice:", "chrome.comment"),
    ("Click to expand...", "chrome.phrase"),
    ("Joined: Aug 2025", "chrome.prefix"),
    # more languages
    ("Czytaj więcej", "chrome.phrase"),
    ("Läs mer", "chrome.phrase"),
    ("Читайте также", "chrome.section"),
    ("ilgili haberler", "chrome.section"),
    # tr: "İ" lower-cases to "i" + a combining dot, and the "I" of a word in capitals may be a dotless "ı"
    ("İlgili Haberler", "chrome.section"),
    ("İLGİLİ HABERLER", "chrome.section"),
    ("Yorumlar", "chrome.section"),
    ("YORUMLAR", "chrome.section"),
    ("En Çok Okunanlar", "chrome.section"),
    ("Paylaş", "chrome.phrase"),
    ("PAYLAŞ", "chrome.phrase"),
    ("Devamını oku", "chrome.phrase"),
    ("DEVAMINI OKU", "chrome.phrase"),
    ("İçeriğe geç", "chrome.phrase"),
    ("TÜM HAKLARI SAKLIDIR.", "chrome.phrase"),
    ("Etiketler: İzmir, ulaşım", "chrome.prefix"),
    ("İlgili haber: İzmir'de metro seferleri uzatıldı", "chrome.prefix"),
    ("Bu site çerez kullanmaktadır.", "chrome.prompt"),
    ("E-posta adresiniz yayınlanmayacak. Gerekli alanlar * ile işaretlenmişlerdir", "chrome.prompt"),
    ("Bültenimize abone olun, haberler e-posta kutunuza gelsin.", "chrome.prompt"),
    ("© 2025 Ege Haber. Tüm hakları saklıdır.", "chrome.copyright"),
    ("Lue myös", "chrome.section"),
    ("Všechna práva vyhrazena", "chrome.phrase"),
    ("Ta strona używa plików cookies.", "chrome.prompt"),
    ("Vi använder cookies för att ge dig en bättre upplevelse.", "chrome.prompt"),
    ("Baca juga: Harga beras naik lagi", "chrome.prefix"),
    ("関連記事", "chrome.section"),
    ("相关阅读", "chrome.section"),
]

CHROME_LINE_NEGATIVE = [
    "Share prices rose sharply on Monday after the report.",
    "She decided to share the prize with her rivals.",
    "Facebook and Twitter were blocked for two days.",
    "Follow the money, the detective said.",
    "The company uses cookies to track visitors, the regulator found.",
    "Cookies and cakes were served at the reception.",
    "All rights reserved, the label said in small print at the bottom of every single page of the contract, "
    "yet the song spread online within days.",
    "By Tuesday evening, the river had risen by two metres.",
    "By the end of the year, prices had doubled.",
    "Read more books, the teacher told her class.",
    "More than 200 people attended the meeting.",
    "The source said the deal was close.",
    "Home is where the heart is, she said.",
    "Latest figures show unemployment fell to 4.1 percent in November.",
    "Related reading is encouraged by teachers across the district.",
    "Most popular among voters was the plan to cut taxes.",
    "Subscribe to the idea that less is more, he wrote.",
    "Sign up sheets were posted on the door.",
    "Search and rescue teams worked through the night.",
    "Print editions sold out by noon on Tuesday.",
    "Menu prices rose 8 percent last year.",
    "Comments from the minister drew criticism.",
    "The photos were taken in 1998.",
    "The vote is scheduled for Tuesday, December 2, 2025, the clerk said.",
    "On December 2, 2025 the council met again to vote on the budget.",
    "Updated figures show a rise of 3 percent.",
    "Published in 2019, the book sold a million copies.",
    "The temperature reached 30 C in Miami on Monday.",
    "The ruling said all rights reserved by the state must be listed.",
    "What is a cookie policy, and why does every site have one?",
    "The mayor said:",
    "Some readers asked whether the post contains affiliate links; it does not.",
    "There was no spam in the inbox, the investigators found.",
    "The recipe won four stars from the judges.",
    "About 7,000 people work at the two plants.",
    "Contact with the crew was lost at 10:40.",
    # de
    "Die Regierung will Cookies strenger regeln, sagte die Ministerin.",
    "Teilen Sie diese Meinung?",
    "Von Montag an gilt die neue Regel für alle Pendler.",
    # fr
    "Le gouvernement a partagé son plan mardi.",
    "Par ailleurs, le ministre a démissionné.",
    # es
    "Compartir es vivir, dijo el alcalde.",
    "Por la tarde, el río se desbordó.",
    # it
    "Condividere le foto è un diritto, ha detto il giudice.",
    "Di recente il governo ha approvato la legge.",
    # pt
    "Compartilhar dados exige consentimento.",
    # nl
    "Delen van gegevens is niet toegestaan.",
    "Door de regen werd de wedstrijd afgelast.",
    "Comments (18) were closed after the ruling.",
    "El moderador dice que no hubo quejas.",
    # tr
    "İlgili bakanlık açıklamayı pazartesi günü yaptı.",
    "Yorumlar olumluydu, dedi belediye başkanı.",
    "Paylaşım ekonomisi İzmir'de hızla büyüyor.",
]


@pytest.mark.parametrize(
    ("line", "expected"),
    CHROME_LINE_POSITIVE + [(x, None) for x in CHROME_LINE_NEGATIVE],
)
def test_chrome_lines(line: str, expected: str | None) -> None:
    check_line(CHROME, line, expected)


CHROME_PAGES = [
    # weather widget: a temperature and the place next to it
    (f"26.7 C\nMiami\n\n{B1}\n", "chrome.weather"),
    (f"{B1}\n\n-3°\nBerlin\n", "chrome.weather"),
    (around("Source link"), "chrome.phrase"),
    (around("Leggi anche"), "chrome.section"),
    # negatives: date lines (the edges filter's), a place without a temperature, body sentences with dates
    (f"Tuesday, December 2, 2025\n\n{B1}\n\n{B2}\n", None),
    (around("Tuesday, December 2, 2025"), None),
    (around("2 de diciembre de 2025"), None),
    (around("New York"), None),
    (f"Miami\n\n{B1}\n", None),
    (around("December"), None),
    (after("2 cups flour"), None),
    (around("On Tuesday, December 2, 2025, the council met again and the budget was approved."), None),
    (around("Am Dienstag, 2. Dezember 2025, stimmte der Rat über den Haushalt ab."), None),
    # a short line introducing a quote inside the body is not a comment-author line
    (around("The mayor said:"), None),
    # the closing blocks of a press release
    (
        f"{B1}\n\n{B2}\n\nAbout Acme Corp.\n\n"
        "Acme Corp. makes tools. It was founded in 1990 in Ohio, and employs 40 people.\n",
        "chrome.about",
    ),
    (f"{B1}\n\n{B2}\n\nMedia Contact:\nJane Roe\nAcme Corp.\npress@acme.example\n+1 555 0100\n", "chrome.contact"),
    (f"{B1}\n\n{B2}\n\nSOURCE Acme Corp.\n", "chrome.contact"),
    # "About" opening a body paragraph, and a heading followed by more body, stay
    (f"About the plan\n\n{B1}\n\n{B2}\n", None),
    (f"{B1}\n\nAbout Acme\n\nAcme Corp. makes tools and was founded in 1990 in Ohio, officials said.\n\n{B2}\n", None),
]


LIVE_ENTRIES = [
    "More than 60,000 homes are now without power in the west, the network operator said.",
    "The amber wind warning now covers the whole coast until nine o'clock tonight.",
    "All ferries have been cancelled for the rest of the day, the operator said.",
    "A tree has fallen on the main railway line, blocking both tracks for hours.",
]


def _live_blog(stamps: list[str]) -> str:
    """The entries with a stamp after each of the first ``len(stamps)`` of them."""
    parts = []
    for k, entry in enumerate(LIVE_ENTRIES):
        parts += [entry, *stamps[k : k + 1]]
    return "\n\n".join(parts) + "\n"


def _entries_opened_by(stamps: list[str]) -> str:
    """The entries, each after the first opened by its stamp on the line above, in one paragraph."""
    entries = (f"{s}\n{e}" for s, e in zip(stamps, LIVE_ENTRIES[1:], strict=True))
    return "\n\n".join([LIVE_ENTRIES[0], *entries]) + "\n"


@pytest.mark.parametrize(
    ("layout", "stamps"),
    [
        (_live_blog, ["15:12", "14:55 GMT", "2:20 p.m."]),  # bare stamps between the entries
        (_entries_opened_by, ["14.32 Uhr", "13.55 Uhr", "13:10"]),  # bare times opening the entries
    ],
)
def test_time_stamps_of_live_blog_entries(layout: Callable[[list[str]], str], stamps: list[str]) -> None:
    result = CHROME.run(layout(stamps))
    assert [(r.rule, r.text) for r in result.removed] == [("chrome.timestamp", s) for s in stamps]
    assert result.text == "\n\n".join(LIVE_ENTRIES) + "\n"


def test_dated_stamps_opening_comment_paragraphs_are_not_entry_stamps() -> None:
    stamps = ["November 10, 2012 7:18 PM", "November 11, 2012 10:16 AM", "November 11, 2012 11:00 AM"]
    page = _entries_opened_by(stamps)
    assert CHROME.run(page).removed == []


TOC = ["Contents", "1. How much does it cost?", "2. Which grants are there?", "3. Verdict"]


def test_table_of_contents_repeating_the_subheadings() -> None:
    sections = ["How much does it cost?", B1, "", "Which grants are there?", B2, "", "Verdict", B1]
    page = "\n".join(TOC) + "\n\n" + "\n".join(sections) + "\n"
    result = CHROME.run(page)
    assert [(r.rule, r.text) for r in result.removed] == [("chrome.toc", line) for line in TOC]


def test_list_under_a_contents_heading_that_no_subheading_repeats_is_not_a_toc() -> None:
    page = "\n".join(TOC) + f"\n\n{B1}\n\n{B2}\n"
    assert "chrome.toc" not in _rules(CHROME.run(page))


PANEL = ["Radler78", "Moderator", "Joined: Jan 2021", "Messages: 214"]


def test_name_heading_a_forum_user_panel() -> None:
    result = CHROME.run("\n".join(PANEL) + f"\n\n{B1}\n\n{B2}\n")
    assert [r.rule for r in result.removed] == ["chrome.panel", "chrome.phrase", "chrome.prefix", "chrome.prefix"]
    assert result.text == f"{B1}\n\n{B2}\n"


@pytest.mark.parametrize(
    "paragraph",
    [
        ["Radler78", "Moderator"],  # one chrome line under it: too little
        ["Key points", "The vote passed.", "Share"],  # a line of the paragraph stays
        ["The council met again.", "Share", "Tweet"],  # a sentence
    ],
)
def test_lines_that_head_no_block_of_chrome_stay(paragraph: list[str]) -> None:
    assert "chrome.panel" not in _rules(CHROME.run(f"{B1}\n\n" + "\n".join(paragraph) + f"\n\n{B2}\n"))


@pytest.mark.parametrize(
    "stamps",
    [
        ["15:12", "14:55"],  # one or two: a timeline's times, not a live blog
        ["Tuesday, December 2, 2025", "Wednesday, December 3, 2025", "Thursday, December 4, 2025"],  # no clock
        ["15:12 Storm warning", "14:55 Ferries", "14:20 Trains"],  # not only a time
    ],
)
def test_time_lines_that_are_not_entry_stamps_stay(stamps: list[str]) -> None:
    assert [r.rule for r in CHROME.run(_live_blog(stamps)).removed] == []


def test_pull_quote_repeating_a_body_line() -> None:
    quote = "“We want young players from our own academy to win promotion straight away”"
    body = f"{quote[:-1]},” the club president said on Tuesday evening."
    result = CHROME.run(f"{body}\n\n{B1}\n\n{quote}\n\n{B2}\n")
    assert [(r.rule, r.text) for r in result.removed] == [("chrome.pull_quote", quote)]


@pytest.mark.parametrize(
    "line",
    [
        "We want young players from our own academy to win promotion straight away",  # not quoted
        "“We want young players from our own academy to win the cup”",  # not repeated
    ],
)
def test_lines_that_are_not_pull_quotes_stay(line: str) -> None:
    body = "“We want young players from our own academy to win promotion straight away,” he said."
    assert [r.rule for r in CHROME.run(f"{body}\n\n{B1}\n\n{line}\n\n{B2}\n").removed] == []


def test_author_bio_naming_the_byline() -> None:
    bio = "Jonas Pfeiffer ist Sportredakteur und berichtet seit 2015 über den Fußball in Südbaden."
    result = CHROME.run(f"Von Jonas Pfeiffer\n\n{B1}\n\n{B2}\n\n{bio}\n")
    assert [(r.rule, r.text) for r in result.removed] == [
        ("chrome.byline", "Von Jonas Pfeiffer"),
        ("chrome.author_bio", bio),
    ]
    # without the byline, or with the name not opening a bio, the line stays
    assert CHROME.run(f"{B1}\n\n{B2}\n\n{bio}\n").removed == []
    other = "Jonas Pfeiffer on the derby: a lesson in patience for the whole club."
    assert [r.rule for r in CHROME.run(f"By Jonas Pfeiffer\n\n{B1}\n\n{other}\n").removed] == ["chrome.byline"]


@pytest.mark.parametrize("label", ["Related", "See also", "Lesen Sie auch", "Leia também", "Czytaj także"])
def test_related_box_inside_the_body_is_not_a_section_wall(label: str) -> None:
    headline = "Seafront cafés call for longer opening hours"
    result = CHROME.run(f"{B1}\n\n{label}\n{headline}\n\n{B2}\n")
    assert [(r.rule, r.text) for r in result.removed] == [("chrome.related", label), ("chrome.related", headline)]
    # at the end of the body it is the section label it always was (a wall for content)
    result = CHROME.run(f"{B1}\n\n{B2}\n\n{label}\n{headline}\n")
    assert [r.rule for r in result.removed] in (["chrome.section"], ["chrome.phrase"])


@pytest.mark.parametrize("heading", ["Specifications", "Tech specs", "Technische Daten", "Caractéristiques techniques"])
def test_spec_table_of_a_shop_widget(heading: str) -> None:
    rows = ["Weight: 312 g", "Battery life: 40 hours", "Bluetooth: 5.3"]
    result = CHROME.run(f"{B1}\n\n{heading}\n" + "\n".join(rows) + f"\n\n{B2}\n")
    assert [(r.rule, r.text) for r in result.removed] == [("chrome.specs", x) for x in [heading, *rows]]
    assert result.text == f"{B1}\n\n{B2}\n"


@pytest.mark.parametrize(
    "table",
    [
        "Monthly rides:\nApril: 18,400\nMay: 27,900\nJune: 33,100",  # a stats list of the article
        "Specifications\nWeight: 312 g\nThe battery lasts far longer than the maker claims, in our tests.",
        "Specifications\nWeight: 312 g",  # one row: not a table
    ],
)
def test_tables_that_are_not_spec_widgets_stay(table: str) -> None:
    assert [r.rule for r in CHROME.run(f"{B1}\n\n{table}\n\n{B2}\n").removed if r.rule == "chrome.specs"] == []


@pytest.mark.parametrize(
    ("heading", "boilerplate"),
    [
        ("Über die Stadtwerke Leipzig", "Die Stadtwerke Leipzig versorgen rund 330.000 Kunden mit Strom und Gas."),
        ("About the University of Leeds", "The University of Leeds is one of the largest universities in the UK."),
        ("Sobre la Fundación Alba", "La Fundación Alba apoya desde 1998 proyectos de investigación en Galicia."),
    ],
)
def test_about_heading_with_an_article_before_the_name(heading: str, boilerplate: str) -> None:
    result = CHROME.run(f"{B1}\n\n{B2}\n\n{heading}\n{boilerplate}\n")
    assert [(r.rule, r.text) for r in result.removed] == [("chrome.about", heading), ("chrome.about", boilerplate)]


def test_the_closing_blocks_are_found_past_a_line_that_is_chrome_on_its_own() -> None:
    # A share row and a cookie prompt after a press release's "About" block are no body
    # paragraphs: the walk back from the page end passes over them (it stopped at the prompt,
    # and found the block only once the prompt was removed, in a second pass).
    heading, boilerplate = "About Acme", "Acme builds bridges in twelve countries and employs 4,000 people."
    tail = "Share this article\n\nWe use cookies to improve your experience on our site.\n"
    removed = [(r.rule, r.text) for r in CHROME.run(f"{B1}\n\n{B2}\n\n{heading}\n{boilerplate}\n\n{tail}").removed]
    assert removed[:2] == [("chrome.about", heading), ("chrome.about", boilerplate)]
    assert [rule for rule, _ in removed[2:]] == ["chrome.phrase", "chrome.prompt"]


@pytest.mark.parametrize("line", ["OA", "AboutAcme", "OverWatch", "SobreMesa"])
def test_an_about_lead_must_be_a_word_of_its_own(line: str) -> None:
    page = f"{B1}\n\n{B2}\n\n{line}\n{line[:1]} builds bridges in twelve countries and employs 4,000 people.\n"
    assert [r.rule for r in CHROME.run(page).removed if r.rule == "chrome.about"] == []


def test_about_subheading_with_an_article_is_kept_when_the_paragraph_is_no_boilerplate() -> None:
    page = f"{B1}\n\n{B2}\n\nÜber die Grenze\nDie meisten Ankommenden stammen nach Angaben der Behörden aus Syrien.\n"
    assert CHROME.run(page).removed == []


COMMENT = ["Amélie", "15 septembre 2025 à 9 h 12", "Merci pour ces conseils, je vais essayer l'an prochain."]


def test_comment_entry_without_a_heading_after_the_body() -> None:
    result = CHROME.run(f"{B1}\n\n{B2}\n\n" + "\n".join([*COMMENT, "Répondre"]) + "\n")
    assert [(r.rule, r.text) for r in result.removed] == [
        *(("chrome.comment_entry", line) for line in COMMENT),
        ("chrome.phrase", "Répondre"),
    ]
    assert result.text == f"{B1}\n\n{B2}\n"


def test_comment_author_ending_with_an_initial() -> None:
    entry = ["Thomas K.", "13. März 2025 um 08:15 Uhr", "Danke für die Anleitung!", "Antworten"]
    result = CHROME.run(f"{B1}\n\n{B2}\n\n" + "\n".join(entry) + "\n")
    assert [r.rule for r in result.removed] == ["chrome.comment_entry"] * 3 + ["chrome.phrase"]


@pytest.mark.parametrize(
    "page",
    [
        # no Reply label: a name and a time in a schedule
        f"{B1}\n\n" + "\n".join(COMMENT) + f"\n\n{B2}\n",
        # before the body: a byline and a date, left to edges
        "\n".join([*COMMENT, "Répondre"]) + f"\n\n{B1}\n\n{B2}\n",
        # a byline is no comment author
        f"{B1}\n\nBy Jane Roe\nMarch 3, 2026 at 9:30 am\nThe mayor spoke first.\nShare\n\n{B2}\n",
    ],
)
def test_lines_that_are_not_comment_entries_stay(page: str) -> None:
    assert "chrome.comment_entry" not in _rules(CHROME.run(page))


def test_release_closing_blocks_go_whole() -> None:
    about = "About Acme Corp."
    boilerplate = "Acme Corp. makes tools. It was founded in 1990 in Ohio, and employs 40 people."
    contact = ["Media Contact:", "Jane Roe", "press@acme.example"]
    page = f"{B1}\n\n{B2}\n\n" + "\n".join(contact) + f"\n\n{about}\n{boilerplate}\n\n###\n"
    result = CHROME.run(page)
    assert [r.text for r in result.removed] == [*contact, about, boilerplate]
    assert result.text == f"{B1}\n\n{B2}\n\n###\n"


@pytest.mark.parametrize(("page", "expected"), CHROME_PAGES, ids=page_id)
def test_chrome_pages(page: str, expected: str | None) -> None:
    check_page(CHROME, page, expected)


# --- captions ----------------------------------------------------------------------------------------

CAPTION_CREDITS = [
    "Kristina Kormilitsyna / AP",
    "(AP Photo/Evan Vucci)",
    "REUTERS/Maxim Shemetov",
    "Photo: Getty Images",
    "Getty Images",
    "Photo by Jane Roe / Reuters",
    "(Photo by Jane Roe/Getty Images)",
    "(Photo by Jane Roe)",  # a bracket before the lead
    "[ Photo by Jane Roe ]",
    "Jane Roe / AFP via Getty Images",
    "Credit... Jane Roe for The New York Times",
    "Image source, Getty Images",
    "Illustration: Jane Roe",
    # de
    "Foto: dpa",
    "Bild: Reuters",
    "Foto von Anna Schmidt / DPA",
    "Anna Schmidt / dpa",  # dpa is a listed agency, written in lower case
    # fr
    "Crédit photo : AFP",
    # es
    "Foto: EFE",
    "Fotografía: Europa Press",
    "Foto de Juan Pérez / EFE",
    # it
    "Foto di Mario Rossi",
    "Foto: ANSA",
    # pt
    "Foto: Agência Brasil",
    # nl
    "Foto: ANP",
    "Beeld: ANP",
    "Image: County Fire Authority",
    "Bildquelle: Stadt Dresden",
    "Imagen: Gobierno de La Rioja",
    "[Photo: J. Marsh/Getty]",
]

CAPTION_PAGES = [(after(credit), "captions.photo_credit") for credit in CAPTION_CREDITS] + [
    # the caption paragraph before a credit: positional cue, or place + date ending
    (
        f"{B1}\n\nThe mayor, left, greets visitors at the town hall.\n\nJane Roe / AP\n\n{B2}\n",
        "captions.credited_caption",
    ),
    (
        f"{B1}\n\nVisitors queue outside the town hall in Springfield, Ohio, Dec. 2, 2025.\n\nJane Roe / AP\n\n{B2}\n",
        "captions.credited_caption",
    ),
    # caption and credit printed as one block
    (f"{B1}\n\nThe mayor greets visitors at the town hall.\nJane Roe / AP\n\n{B2}\n", "captions.credited_caption"),
    # a caption ending with its own credit
    (around("The mayor greets visitors at the town hall. (AP Photo/Evan Vucci)"), "captions.captioned_credit"),
    (around("Die Kanzlerin spricht mit Journalisten. Foto: Anna Schmidt/dpa"), "captions.captioned_credit"),
    (around("The mayor greets visitors at the town hall [Photo: J. Marsh/Getty]"), "captions.captioned_credit"),
    (around("Sandsäcke an der Brücke in der Altstadt (Foto: dpa)"), "captions.captioned_credit"),
    (around("Vendimia en un viñedo de Haro [Imagen: Gobierno de La Rioja]"), "captions.captioned_credit"),
    # uncredited captions: a cue and a place + date ending
    (
        around("Putin, third from right, meets envoys at the Kremlin in Moscow, Russia, Dec. 2, 2025."),
        "captions.caption_cues",
    ),
    (around("Die Kanzlerin (Mitte) spricht mit Journalisten in Berlin, am 2. Dezember 2025."), "captions.caption_cues"),
    (around("Le président (à gauche) arrive à l'Élysée à Paris, le 2 décembre 2025."), "captions.caption_cues"),
    (
        around("El presidente (izquierda) llega al palacio en Madrid, el 2 de diciembre de 2025."),
        "captions.caption_cues",
    ),
]

CAPTION_NEGATIVE = [
    "The photo was taken by Jane Roe, a Reuters photographer, in 2019.",
    "Photo agencies such as AP and Reuters sell pictures worldwide.",
    "Credit card debt rose sharply in the third quarter.",
    "Getty Images said it would appeal the ruling.",
    "Reuters reported the deal late on Monday.",
    "The AP photographer was injured in the blast.",
    "She posed for a photo with fans after the match.",
    "Photography by Jane Roe is on show in Paris until March.",
    "The mayor spoke to reporters at the town hall in Springfield, Ohio, Dec. 2, 2025.",
    "The team, pictured here in 2019, won the cup.",
    "Image: the ministry released no pictures of the meeting, and reporters were kept outside all day.",
    "Kyiv / Moscow",
    "Prime Minister / President",
    "Jane Roe / Editor",
    # de, fr, es, it, pt, nl
    "Die Fotos zeigen die Kanzlerin in Berlin.",
    "La photo a été prise à Paris en 2019.",
    "La foto fue tomada en Madrid por un aficionado.",
    "La foto è stata scattata a Roma nel 2019.",
    "A foto foi tirada em Lisboa no ano passado.",
    "De foto werd in Amsterdam genomen.",
]


@pytest.mark.parametrize(
    ("page", "expected"), CAPTION_PAGES + [(around(x), None) for x in CAPTION_NEGATIVE], ids=page_id
)
def test_captions(page: str, expected: str | None) -> None:
    check_page(CAPTIONS, page, expected)


def test_credited_caption_removes_caption_and_credit_only() -> None:
    caption = "Visitors queue outside the town hall in Springfield, Ohio, Dec. 2, 2025."
    result = CAPTIONS.run(f"{B1}\n\n{caption}\n\nJane Roe / AP\n\n{B2}\n")
    assert sorted((r.rule, r.text) for r in result.removed) == [
        ("captions.credited_caption", caption),
        ("captions.photo_credit", "Jane Roe / AP"),
    ]
    assert result.text == f"{B1}\n\n{B2}\n"


@pytest.mark.parametrize(
    "caption",
    [
        # a caption over two lines, set off by blank lines from a credit that stands alone,
        # or in the credit's paragraph
        ["A helicopter drops water on a hot spot.", "The fire has burned 11,400 acres since Thursday."],
        ["Helfer füllen am Dienstagabend Sandsäcke auf dem Gelände des Bauhofs.", "Viele sind Freiwillige."],
    ],
)
@pytest.mark.parametrize("gap", ["\n\n", "\n\n\n\n", "\n"])
def test_caption_lines_before_a_credit(caption: list[str], gap: str) -> None:
    result = CAPTIONS.run(f"{B1}\n\n" + "\n".join(caption) + f"{gap}Photo: County Fire Authority\n\n{B2}\n")
    assert [r.text for r in result.removed if r.rule == "captions.credited_caption"] == caption
    assert result.text == f"{B1}\n\n{B2}\n"


def test_caption_wrapped_into_the_line_with_its_credit() -> None:
    caption = "Residents wait at the centre in Milford High School\non Saturday. (Photo: Dana Whitlock/Courier)"
    page = f"{B1}\n\n{caption}\n\n{B2}\n"
    result = CAPTIONS.run(page)
    assert [r.rule for r in result.removed] == ["captions.captioned_credit"] * 2
    assert result.text == f"{B1}\n\n{B2}\n"


@pytest.mark.parametrize(
    "caption",
    [
        "A firefighter walks past the ruins in Lahaina.",
        "A firefighter walks past the ruins of a church in Lahaina",  # no full stop
        "Ein Feuerwehrmann geht an den Ruinen in Lahaina vorbei.",
        "Un bombero camina entre las ruinas de Lahaina.",
    ],
)
@pytest.mark.parametrize("gap", ["\n\n", "\n\n\n", "\n\n\n\n"])
def test_one_line_caption_set_off_from_its_lone_credit(caption: str, gap: str) -> None:
    result = CAPTIONS.run(f"{B1}\n\n{caption}{gap}Photo: J. Marsh/Getty Images\n\n{B2}\n")
    assert [(r.rule, r.text) for r in result.removed] == [
        ("captions.credited_caption", caption),
        ("captions.photo_credit", "Photo: J. Marsh/Getty Images"),
    ]
    assert result.text == f"{B1}\n\n{B2}\n"


@pytest.mark.parametrize(
    "paragraph",
    [
        # one line in the article's own voice: said, we, not, will, a pronoun or conjunction first
        "Officials said the river would crest on Friday.",
        "We expect the river to crest on Friday morning.",
        "The river did not crest on Friday, as feared.",
        "The river will crest on Friday, officials expect.",
        "It is expected to crest on Friday afternoon.",
        "But the walls held through the whole night.",
        "Die Behörden sagten, der Pegel sinke seit Freitag.",
        "Selon la préfecture, la crue a atteint son pic.",
        "Officials expect the crest soon.",  # five words: too short to tell
        "Will the walls hold through the whole weekend?",  # a question
        "Flood Defences Hold Firm in the Old Town",  # a heading in title case
        "Breaking: the river crests in the old town",  # a kicker and a colon
        "The river crested on Friday. Officials said the walls held.",  # two sentences on a line
        "The river crested on Friday.\nOfficials said that the defences in the old town had held through the night, "
        "and that the clean-up of the streets would start next week.",
        "“We are ready,” the mayor said on Friday.",  # a quote
        "Flood defences on Friday",  # a heading
        "Officials expect the river to crest on Friday, and more rain is forecast for the weekend across the region.",
    ],
)
def test_body_paragraph_before_a_lone_credit_stays(paragraph: str) -> None:
    result = CAPTIONS.run(f"{B1}\n\n{paragraph}\n\nPhoto: County Fire Authority\n\n{B2}\n")
    assert [r.rule for r in result.removed] == ["captions.photo_credit"]


@pytest.mark.parametrize("head", ["", "Latest News\n\n"])
def test_line_before_a_lone_credit_with_no_body_above_is_not_a_caption(head: str) -> None:
    result = CAPTIONS.run(f"{head}{B1}\n\nPhoto: County Fire Authority\n\n{B2}\n")
    assert [r.rule for r in result.removed] == ["captions.photo_credit"]


def test_body_paragraph_before_a_credit_is_not_a_caption() -> None:
    result = CAPTIONS.run(f"{B1}\n\n{B2}\n\nJane Roe / AP\n")
    assert [(r.rule, r.text) for r in result.removed] == [("captions.photo_credit", "Jane Roe / AP")]
    assert result.text == f"{B1}\n\n{B2}\n"


# --- edges ------------------------------------------------------------------------------------------

EDGES_PAGES = [
    (f"Putin aide says\n\n{B1}\n", "edges.head"),
    # date lines before and after the body
    (f"Tuesday, December 2, 2025\n\n{B1}\n\n{B2}\n", "edges.date"),
    (f"Dienstag, 2. Dezember 2025\n\n{B1}\n", "edges.date"),
    (f"Mardi 2 décembre 2025\n\n{B1}\n", "edges.date"),
    (f"2025-12-02T10:30:00Z\n\n{B1}\n", "edges.date"),
    (f"{B1}\n\n{B2}\n\n14:05\n", "edges.date"),
    (f"{B1}\n\n2 de diciembre de 2025, 14:05\n", "edges.date"),
    (f"{B1}\n\n3 de diciembre de 2025 a las 10:15\n", "edges.date"),
    (f"{B1}\n\n3 dicembre 2025 alle 10:15\n", "edges.date"),
    (f"World News\nPutin aide says\n\n{B1}\n\n{B2}\n", "edges.head"),
    (f"***\n\n{B1}\n", "edges.head"),
    (f"{B1}\n\n***\n", "edges.tail"),
    (f"{B1}\n\n* * *\n\n{B2}\n\n---\n", "edges.tail"),
    # negatives: date lines and short lines inside the body, a sign-off after it, hard-wrapped sentences
    (around("Tuesday, December 2, 2025"), None),
    (around("2 de diciembre de 2025"), None),
    (around("On Tuesday, December 2, 2025, the council met again and the budget was approved."), None),
    (f"{B1}\n\nKey points\n\n{B2}\n", None),
    (f"{B1}\n\nHe declined to comment.\n", None),
    (f"{B1}\n\nHighlights\n", None),
    (f"{B1}\n\nJane Roe is a reporter\n", None),
    (f"Ingredients:\n\n{B1}\n", None),
    ("The plan, which was\nannounced on Monday, will cost millions of euros in total.\n", None),
    ("The council approved the new budget after a long debate and\nspending on schools will rise.\n", None),
    ("Short line\nAnother short line\n", None),
    (f"{B1}\n\n- 2 cups flour\n- 1 egg\n", None),
]


@pytest.mark.parametrize(("page", "expected"), EDGES_PAGES, ids=page_id)
def test_edges(page: str, expected: str | None) -> None:
    check_page(EDGES, page, expected)


def test_edges_tail_starts_after_removed_chrome() -> None:
    page = f"{B1}\n\n{B2}\n\nAdvertisement\n\nHighlights\n\nMore from the council\n"
    assert EDGES.clean(page) == page
    result = Pipeline([Normalize(), AdLabels(), Edges()]).run(page)
    assert [(r.rule, r.text) for r in result.removed] == [
        ("ads.label", "Advertisement"),
        ("edges.tail", "Highlights"),
        ("edges.tail", "More from the council"),
    ]
    assert result.text == f"{B1}\n\n{B2}\n"


def test_edges_headline_becomes_title() -> None:
    result = EDGES.run(f"World\nCouncil passes the budget\n\n{B1}\n")
    assert result.metadata == {"title": "Council passes the budget"}
    assert result.text == f"{B1}\n"


def test_edges_does_not_keep_a_head_line_for_a_next_line_it_drops() -> None:
    # "exclusive" starts in lower case, so "World News" may look like the start of a
    # hard-wrapped sentence; but "exclusive" is itself an edge line, so both go.
    result = EDGES.run(f"World News\nexclusive\n{B1}\n")
    assert result.text == f"{B1}\n"


# --- normalize --------------------------------------------------------------------------------------

NORMALIZE_CASES = [
    ("a\r\nb\rc", "a\nb\nc\n"),
    ("a\u00a0b\u2009c\u202fd\u3000e", "a b c d e\n"),
    ("a\u200bb\ufeffc\u00add\u2060e", "abcde\n"),
    # a soft hyphen is the second half of "í" read as Windows-1252: it stays for the repair
    ("Es un dÃ\u00ada histÃ³rico, segÃºn el alcalde.", "Es un día histórico, según el alcalde.\n"),
    ("a\u00adb mit RÃ¼cksicht", "ab mit Rücksicht\n"),
    ("a\tb", "a b\n"),
    ("a\x00b\x07c\x1bd\x85e", "abcde\n"),
    ("a\u2028b\u2029c", "a\nb\n\nc\n"),
    ("a\n\n\n\n\nb", "a\n\nb\n"),
    ("  a  b  \n  c ", "a b\nc\n"),
    ("a\u00a0\u00a0 b", "a b\n"),
    ("\n\na\n\n", "a\n"),
    ("x", "x\n"),
    ("x\n", "x\n"),
    ("", ""),
    ("   \n\n \t\n", ""),
    # mojibake repaired
    ("donâ€™t", "don’t\n"),
    ("Ã©tÃ©", "été\n"),
    ("Ãœber", "Über\n"),
    ("caf\u00c3\u200b\u00a9", "café\n"),  # mojibake split by a zero-width space
    # C1 controls that are part of the mojibake are repaired, not removed first
    ("â€œQuiet,â€\x9d she said.", "“Quiet,” she said.\n"),
    ("Ã\x81frica y Ã\x8dndico", "África y Índico\n"),
    ("â€\u200b\x9d", "”\n"),  # and a zero-width space inside such a sequence still goes first
    # a C1 control left after the repair is removed
    ("â€œQuiet,â€\x9d she\x81 said.", "“Quiet,” she said.\n"),
    # words are never rewritten
    ("It’s “quoted”", "It’s “quoted”\n"),
    ("naïve café résumé", "naïve café résumé\n"),
    ("a\u200db", "a\u200db\n"),
    ("ＡＢＣ", "ＡＢＣ\n"),
    ("ﬁne", "ﬁne\n"),
    ("e\u0301", "e\u0301\n"),
]


@pytest.mark.parametrize(("text", "expected"), NORMALIZE_CASES)
def test_normalize(text: str, expected: str) -> None:
    assert Normalize().format(text) == expected
    assert Normalize().format(expected) == expected


def test_normalize_without_encoding_repair() -> None:
    assert Normalize(repair_encoding=False).format("donâ€™t\u00a0") == "donâ€™t\n"


def test_normalize_in_a_pipeline_removes_nothing() -> None:
    text = "Advertisement\r\n\r\n" + B1 + "\u00a0\r\n"
    result = Pipeline([Normalize()]).run(text)
    assert result.removed == []
    assert result.text == f"Advertisement\n\n{B1}\n"
    assert result.source == result.text
