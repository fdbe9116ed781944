"""Bad input never crashes, hangs or loses data.

Whatever comes in, the CLI and the pipeline produce correct output or a clear error (see
docs/errors.md), never hang, never lose or reorder a record and never leave a half-written
file. One section per kind of bad input:

* encodings: invalid UTF-8 (``--errors``), BOMs, UTF-16, Latin-1, mojibake;
* binary input;
* shapes: empty, blank, huge lines, a million lines, line ends, scripts, combining marks,
  each in time linear in its size (checked with operation counts, and with hard timeouts
  in subprocesses so that a hang fails instead of blocking the suite);
* regex safety: adversarial strings of 1 MB against every built-in filter; user patterns
  that time out;
* JSONL: every kind of bad record under ``--on-error fail|skip|keep``, with ``--jobs 2`` too;
* files: atomic ``--in-place``, SIGINT/SIGTERM, unreadable inputs, closed pipes;
* never invents, never loses body text (hypothesis properties, prose in eight languages).

No test asserts on elapsed time: slowness shows up as an operation count that grows faster
than the input, or as a subprocess that does not finish within a generous hard timeout.

This file is also a script (``python tests/test_bad_input.py adversarial FILTER NAME...``)
that the regex-safety test runs in a subprocess.
"""

from __future__ import annotations

import codecs
import json
import os
import re
import signal
import stat
import subprocess
import sys
import time
import unicodedata
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any, ClassVar

import pytest
import regex
from cli_runner import cli_runner, invoke_cli
from click.testing import Result
from conftest import assert_idempotent, assert_made_of_input
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import cleantext
from cleantext import Pipeline, filters
from cleantext import atomic as _atomic
from cleantext.cli import main
from cleantext.document import Document
from cleantext.errors import Interrupted
from cleantext.filters import Normalize, kind_of
from cleantext.runner import BAD_RECORD_KINDS, SUMMARY_KEYS

ROOT = Path(__file__).resolve().parent.parent
THIS = Path(__file__).resolve()
DEFAULT = Pipeline.default()

B1 = "The council approved the new budget after a long debate on Monday evening."
B2 = "Spending on schools will rise by four percent next year, officials said."
B3 = "Critics argued that the plan leaves too little for repairs to old bridges."
PAGE = f"Latest News\n\n{B1}\n\n{B2}\n\nAdvertisement\n\n{B3}\n"
PAGE_CLEAN = DEFAULT.clean(PAGE)


# --- helpers ---------------------------------------------------------------------------------------------


def invoke(*args: str, input: bytes | str | None = None) -> Result:
    """Run ``cleantext clean ARGS`` in this process; an uncaught exception fails the test."""
    return invoke_cli("clean", *args, input=input)


def out_bytes(result: Result) -> bytes:
    return result.stdout_bytes


def summary(stderr: str) -> dict[str, int]:
    """The counts of the ``cleantext: summary:`` line (empty if there is none)."""
    lines = [line for line in stderr.splitlines() if line.startswith("cleantext: summary: ")]
    assert len(lines) <= 1, stderr
    if not lines:
        return {}
    counts = dict(item.split("=") for item in lines[0].removeprefix("cleantext: summary: ").split())
    assert list(counts) == list(SUMMARY_KEYS), "every kind is counted, in a fixed order"
    return {k: int(v) for k, v in counts.items()}


def warnings(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith("cleantext: warning: ")]


def errors(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith("cleantext: error: ")]


def cli_command(*args: str) -> list[str]:
    return [sys.executable, "-m", "cleantext", "clean", *args]


def run_cli(*args: str, input: bytes | None = None, timeout: float = 60) -> subprocess.CompletedProcess[bytes]:
    """Run the real command in a subprocess; a hang fails the test after ``timeout`` seconds."""
    return subprocess.run(cli_command(*args), input=input, capture_output=True, timeout=timeout, check=False)


def no_temp_files(folder: Path) -> bool:
    return not [p for p in folder.rglob("*") if p.name.startswith(".") and p.name.endswith(".tmp")]


def write_jsonl(path: Path, lines: list[str], *, final_newline: bool = True) -> Path:
    path.write_bytes(("\n".join(lines) + ("\n" if final_newline else "")).encode("utf-8"))
    return path


def rec(text: Any, **extra: Any) -> str:
    return json.dumps({"id": extra.pop("id", 0), "text": text, **extra}, ensure_ascii=False)


# --- encodings -------------------------------------------------------------------------------------------

BAD_UTF8 = f"{B1}\n\nThe caf\xe9 said: \xff\xfe ok.\n\n{B2}\n".encode("latin-1")
FIRST_BAD = BAD_UTF8.index(b"\xe9")


def test_invalid_utf8_file_is_replaced_with_one_warning_naming_file_and_offset(tmp_path: Path) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(BAD_UTF8)
    result = invoke(str(path))
    assert result.exit_code == 0, result.stderr
    assert result.stdout == DEFAULT.clean(BAD_UTF8.decode("utf-8", "replace"))
    assert "\ufffd" in result.stdout
    (warning,) = warnings(result.stderr)  # one warning for three bad bytes
    assert str(path) in warning and f"at byte {FIRST_BAD} " in warning and "0xe9" in warning
    assert summary(result.stderr)["decode_repaired"] == 1


def test_invalid_utf8_on_stdin() -> None:
    result = invoke(input=BAD_UTF8)
    assert result.exit_code == 0, result.stderr
    assert "\ufffd" in result.stdout
    (warning,) = warnings(result.stderr)
    assert "<stdin>" in warning and f"at byte {FIRST_BAD} " in warning


def test_invalid_utf8_strict_fails_that_input_only(tmp_path: Path) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_bytes(BAD_UTF8)
    good = tmp_path / "good.txt"
    good.write_text(PAGE, encoding="utf-8")
    result = invoke("--errors", "strict", str(bad), str(good))
    assert result.exit_code == 1
    assert result.stdout == PAGE_CLEAN, "the other input is still processed"
    (error,) = errors(result.stderr)
    assert f"{bad}: invalid utf-8 at byte {FIRST_BAD} (0xe9" in error and "--errors replace" in error
    assert f"1 input(s) failed: {bad}" in result.stderr


def test_invalid_utf8_on_stdin_strict() -> None:
    result = invoke("--errors", "strict", input=BAD_UTF8)
    assert result.exit_code == 1
    assert result.stdout == ""
    assert "<stdin>: invalid utf-8" in result.stderr


def test_surrogateescape_gives_the_bad_bytes_back(tmp_path: Path) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(BAD_UTF8)
    result = invoke("--errors", "surrogateescape", str(path))
    assert result.exit_code == 0, result.stderr
    assert out_bytes(result) == BAD_UTF8, "clean prose with stray bytes comes back byte for byte"
    (warning,) = warnings(result.stderr)
    assert "kept as surrogate escapes" in warning


@pytest.mark.parametrize("bom", [codecs.BOM_UTF8], ids=["utf8"])
def test_utf8_bom_is_dropped(tmp_path: Path, bom: bytes) -> None:
    path = tmp_path / "bom.txt"
    path.write_bytes(bom + PAGE.encode("utf-8"))
    result = invoke(str(path))
    assert result.exit_code == 0, result.stderr
    assert result.stdout == PAGE_CLEAN
    assert result.stderr == ""


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be", "utf-32"])
def test_utf16_and_utf32_with_bom(tmp_path: Path, encoding: str) -> None:
    data = PAGE.replace("council", "conseil général").encode(encoding)
    if not data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, codecs.BOM_UTF32_LE)):
        data = codecs.BOM_UTF16_BE + data
    path = tmp_path / "wide.txt"
    path.write_bytes(data)
    result = invoke(str(path))
    assert result.exit_code == 0, result.stderr
    assert result.stdout == DEFAULT.clean(PAGE.replace("council", "conseil général"))
    assert result.stderr == ""


def test_utf16_jsonl_with_bom(tmp_path: Path) -> None:
    lines = [rec(PAGE, id=1), rec("Über\u2028alles — a line separator inside a record.", id=2)]
    path = tmp_path / "wide.jsonl"
    path.write_bytes(("\n".join(lines) + "\n").encode("utf-16"))
    result = invoke(str(path))
    assert result.exit_code == 0, result.stderr
    out = result.stdout.split("\n")
    assert len(out) == 3 and out[2] == ""
    assert json.loads(out[0])["text"] == PAGE_CLEAN
    assert json.loads(out[1])["id"] == 2


def test_utf8_bom_jsonl(tmp_path: Path) -> None:
    path = tmp_path / "bom.jsonl"
    path.write_bytes(codecs.BOM_UTF8 + (rec(PAGE) + "\n").encode("utf-8"))
    result = invoke(str(path))
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["text"] == PAGE_CLEAN


LATIN1 = "Le conseil a approuvé le budget après un long débat, a déclaré le maire à la presse.\n"


@pytest.mark.parametrize(
    ("encoding", "text", "expected"),
    [("latin-1", LATIN1, LATIN1), ("utf-16-le", PAGE, PAGE_CLEAN)],
    ids=["latin1", "utf16"],
)
def test_encoding_option_reads_the_file(tmp_path: Path, encoding: str, text: str, expected: str) -> None:
    path = tmp_path / "page.txt"
    path.write_bytes(text.encode(encoding))  # UTF-16 is not mistaken for binary
    result = invoke("--encoding", encoding, str(path))
    assert result.exit_code == 0, result.stderr
    assert result.stdout == expected
    assert result.stderr == ""


def test_latin1_without_encoding_option_warns(tmp_path: Path) -> None:
    path = tmp_path / "latin1.txt"
    path.write_bytes(LATIN1.encode("latin-1"))
    result = invoke(str(path))
    assert result.exit_code == 0
    (warning,) = warnings(result.stderr)
    assert str(path) in warning and "--encoding" not in result.stdout


def test_unknown_encoding_is_a_usage_error() -> None:
    result = cli_runner().invoke(main, ["clean", "--encoding", "klingon"], input=b"x")
    assert result.exit_code == 2
    assert "unknown encoding 'klingon'" in result.stderr


def test_mojibake_is_repaired_by_normalize() -> None:
    text = "The mayor said she donâ€™t know when the cafÃ© would reopen after the long repairs.\n"
    result = invoke(input=text.encode("utf-8"))
    assert result.exit_code == 0, result.stderr
    assert result.stdout == "The mayor said she don’t know when the café would reopen after the long repairs.\n"


def test_jsonl_invalid_utf8_line_default_replace_warns_once_with_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_bytes(
        (rec(B1, id=1) + "\n").encode() + b'{"id": 2, "text": "caf\xe9 \xff"}\n' + (rec(B2, id=3) + "\n").encode()
    )
    result = invoke(str(path))
    assert result.exit_code == 0, result.stderr
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert [o["id"] for o in out] == [1, 2, 3]
    assert "\ufffd" in out[1]["text"]
    (warning,) = warnings(result.stderr)
    assert f"{path}:2: invalid utf-8 at byte" in warning
    assert summary(result.stderr)["decode_repaired"] == 1


def test_jsonl_invalid_utf8_strict_keep_passes_the_line_through_byte_for_byte(tmp_path: Path) -> None:
    bad_line = b'{"id": 2, "text": "caf\xe9 \xff"}'
    path = tmp_path / "bad.jsonl"
    path.write_bytes((rec(B1, id=1) + "\n").encode() + bad_line + b"\n" + (rec(B2, id=3) + "\n").encode())
    result = invoke("--errors", "strict", "--on-error", "keep", str(path))
    assert result.exit_code == 0, result.stderr
    assert out_bytes(result).split(b"\n")[1] == bad_line
    counts = summary(result.stderr)
    assert counts["encoding"] == 1 and counts["kept_unchanged"] == 1 and counts["records"] == 2
    result = invoke("--errors", "strict", str(path))
    assert result.exit_code == 1
    assert f"{path}:2: invalid utf-8 at byte" in result.stderr


# --- binary input -----------------------------------------------------------------------------------------

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00" + bytes(range(256)) * 8


@pytest.mark.parametrize(
    "data",
    [
        b"hello\x00world\n",
        PNG,
        bytes(range(1, 256)) * 40,  # no NUL byte, but mostly control characters and invalid UTF-8
        (B1 + "\n").encode() * 2000 + b"\x00",  # a NUL byte far past the sniffed start
    ],
    ids=["nul", "png", "no_nul_binary", "late_nul"],
)
def test_binary_input_is_reported_and_skipped_the_rest_processed(tmp_path: Path, data: bytes) -> None:
    binary = tmp_path / "image.dat"
    binary.write_bytes(data)
    good = tmp_path / "good.txt"
    good.write_text(PAGE, encoding="utf-8")
    result = invoke(str(binary), str(good))
    assert result.exit_code == 1
    assert result.stdout == PAGE_CLEAN
    (error,) = errors(result.stderr)
    assert str(binary) in error and "binary file" in error
    assert f"1 input(s) failed: {binary}" in result.stderr


def test_binary_jsonl_and_a_nul_in_a_later_line(tmp_path: Path) -> None:
    binary = tmp_path / "image.jsonl"
    binary.write_bytes(PNG)
    nul = tmp_path / "nul.jsonl"
    nul.write_bytes((rec(B1) + "\n").encode() * 3 + b'{"text": "a\x00b"}\n')
    good = tmp_path / "good.jsonl"
    write_jsonl(good, [rec(PAGE)])
    out = tmp_path / "out.jsonl"
    result = invoke(str(binary), str(nul), str(good), "--on-error", "keep", "-o", str(out))
    assert result.exit_code == 1, "binary data is never 'kept'"
    assert [json.loads(line)["text"] for line in out.read_text("utf-8").splitlines()] == [PAGE_CLEAN]
    errs = errors(result.stderr)
    assert len(errs) == 2 and str(binary) in errs[0] and f"{nul}:4" in errs[1]
    assert "2 input(s) failed" in result.stderr


def test_binary_on_stdin() -> None:
    result = invoke(input=PNG)
    assert result.exit_code == 1
    assert "<stdin>" in result.stderr and "binary" in result.stderr


# --- shapes ----------------------------------------------------------------------------------------------

# Clean prose with no boilerplate, in several scripts and languages (all text invented).
PROSE: dict[str, str] = {
    "en": "\n\n".join(
        [
            (
                "The council met on Tuesday to settle the future of the old harbour warehouses, which have stood "
                "empty since the shipping company moved its depot inland a decade ago."
            ),
            (
                "Residents who packed the public gallery were divided. Some want the buildings turned into flats "
                "for young families, while others argue that the town needs a covered market and workshops more "
                "than it needs another block of apartments."
            ),
            (
                "The mayor, who chaired the four-hour session, said the council would publish both proposals in "
                'full and invite written comments until the end of March. "Nobody should feel that this was '
                'decided behind closed doors," she told the meeting.'
            ),
            (
                "An engineering survey commissioned last year found that the roofs of two warehouses must be "
                "replaced within three years whatever their new use. The cost of that work alone is estimated at "
                "more than two million pounds."
            ),
            (
                "Local businesses have offered to share some of the expense if the market plan goes ahead. A "
                "final vote is expected in the spring, after the consultation closes and the planning officers "
                "have reported back."
            ),
        ]
    )
    + "\n",
    "de": "\n\n".join(
        [
            (
                "Der Gemeinderat hat am Dienstagabend über die Zukunft der alten Lagerhallen am Hafen beraten, "
                "die seit dem Umzug der Reederei vor zehn Jahren leer stehen."
            ),
            (
                "Die Bürgerinnen und Bürger im vollen Sitzungssaal waren uneins. Manche wünschen sich Wohnungen "
                "für junge Familien, andere halten eine überdachte Markthalle mit Werkstätten für dringender als "
                "weitere Wohnblöcke."
            ),
            (
                "Die Bürgermeisterin, die die vierstündige Sitzung leitete, kündigte an, beide Vorschläge "
                "vollständig zu veröffentlichen und bis Ende März schriftliche Stellungnahmen zu sammeln. "
                "„Niemand soll den Eindruck haben, dass hier hinter verschlossenen Türen entschieden wird“, "
                "sagte sie."
            ),
            (
                "Ein Gutachten aus dem vergangenen Jahr kommt zu dem Schluss, dass die Dächer von zwei Hallen "
                "innerhalb von drei Jahren erneuert werden müssen, ganz gleich, wie die Gebäude künftig genutzt "
                "werden."
            ),
            (
                "Mehrere Betriebe aus der Stadt haben angeboten, sich an den Kosten zu beteiligen, falls die "
                "Markthalle gebaut wird. Eine endgültige Abstimmung wird im Frühjahr erwartet."
            ),
        ]
    )
    + "\n",
    "fr": "\n\n".join(
        [
            (
                "Le conseil municipal s'est réuni mardi soir pour décider de l'avenir des anciens entrepôts du "
                "port, vides depuis que la compagnie maritime a déménagé son dépôt il y a dix ans."
            ),
            (
                "Les habitants venus nombreux étaient partagés. Certains veulent y voir des logements pour les "
                "jeunes familles, d'autres estiment que la ville a davantage besoin d'un marché couvert et "
                "d'ateliers que d'un nouvel immeuble."
            ),
            (
                "La maire, qui présidait une séance de quatre heures, a promis de publier les deux projets dans "
                "leur intégralité et de recueillir les avis écrits jusqu'à la fin du mois de mars. « Personne ne "
                "doit avoir le sentiment que tout a été décidé à huis clos », a-t-elle déclaré."
            ),
            (
                "Une expertise commandée l'an dernier conclut que les toitures de deux entrepôts devront être "
                "refaites d'ici trois ans, quel que soit leur usage futur, pour un coût estimé à plus de deux "
                "millions d'euros."
            ),
            (
                "Plusieurs commerçants ont proposé de participer aux frais si le projet de marché est retenu. Le "
                "vote définitif est attendu au printemps, après la fin de la consultation."
            ),
        ]
    )
    + "\n",
    "es": "\n\n".join(
        [
            (
                "El ayuntamiento se reunió el martes por la noche para decidir el futuro de los antiguos "
                "almacenes del puerto, que están vacíos desde que la naviera trasladó su depósito hace diez años."
            ),
            (
                "Los vecinos que llenaron la sala estaban divididos. Algunos quieren viviendas para familias "
                "jóvenes, mientras que otros creen que la ciudad necesita más un mercado cubierto y talleres que "
                "otro bloque de pisos."
            ),
            (
                "La alcaldesa, que presidió una sesión de cuatro horas, prometió publicar las dos propuestas "
                "completas y recoger comentarios por escrito hasta finales de marzo. «Nadie debe sentir que esto "
                "se decidió a puerta cerrada», dijo ante el pleno."
            ),
            (
                "Un estudio técnico encargado el año pasado concluye que los tejados de dos almacenes deberán "
                "sustituirse en un plazo de tres años, sea cual sea su nuevo uso, con un coste de más de dos "
                "millones de euros."
            ),
            (
                "Varios comercios locales se han ofrecido a compartir parte del gasto si sale adelante el "
                "mercado. La votación final se espera para la primavera, cuando termine la consulta pública."
            ),
        ]
    )
    + "\n",
    "ru": "\n\n".join(
        [
            (
                "Городской совет во вторник вечером обсуждал будущее старых складов в порту, которые пустуют с "
                "тех пор, как судоходная компания десять лет назад перенесла своё депо."
            ),
            (
                "Жители, заполнившие зал, разделились во мнениях. Одни хотят, чтобы в зданиях появились квартиры "
                "для молодых семей, другие считают, что городу нужнее крытый рынок и мастерские."
            ),
            (
                "Мэр, которая вела четырёхчасовое заседание, пообещала опубликовать оба проекта полностью и "
                "принимать письменные отзывы до конца марта. «Никто не должен думать, что решение принято за "
                "закрытыми дверями», — сказала она."
            ),
            (
                "Экспертиза, заказанная в прошлом году, показала, что крыши двух складов придётся заменить в "
                "течение трёх лет, как бы их ни использовали в будущем."
            ),
            (
                "Несколько местных предпринимателей предложили разделить часть расходов, если проект рынка будет "
                "одобрен. Окончательное голосование ожидается весной."
            ),
        ]
    )
    + "\n",
    "zh": "\n\n".join(
        [
            ("市议会周二晚上开会，讨论港口旧仓库的未来。自从航运公司十年前把仓库迁往内陆以来，这些建筑一直空置。"),
            (
                "挤满旁听席的居民意见分歧。有人希望把仓库改建成面向年轻家庭的公寓，也有人认为城市更需要一个有顶棚"
                "的市场和手工作坊。"
            ),
            (
                "主持这场长达四个小时会议的市长表示，议会将完整公布两个方案，并在三月底之前征集书面意见。她说：“"
                "不应该让任何人觉得这件事是关起门来决定的。”"
            ),
            (
                "去年委托进行的工程评估发现，无论将来作何用途，其中两座仓库的屋顶都必须在三年内更换，仅这一项费用"
                "就超过两百万元。"
            ),
            ("几家本地商户表示，如果市场方案获得通过，他们愿意分担部分费用。最终表决预计在春季咨询结束后进行。"),
        ]
    )
    + "\n",
    "ar": "\n\n".join(
        [
            (
                "اجتمع المجلس البلدي مساء الثلاثاء لمناقشة مستقبل المستودعات القديمة في الميناء، وهي خالية منذ "
                "أن نقلت شركة الشحن مستودعها إلى الداخل قبل عشر سنوات."
            ),
            (
                "انقسم السكان الذين ملأوا القاعة، فبعضهم يريد تحويل المباني إلى شقق للعائلات الشابة، بينما يرى "
                "آخرون أن المدينة تحتاج إلى سوق مسقوف وورش عمل أكثر من حاجتها إلى مبنى سكني جديد."
            ),
            (
                "وقالت رئيسة البلدية التي أدارت الجلسة التي استمرت أربع ساعات إن المجلس سينشر المقترحين كاملين "
                "وسيتلقى التعليقات المكتوبة حتى نهاية شهر مارس."
            ),
            (
                "وخلص تقرير هندسي أعد العام الماضي إلى أن سقفي مستودعين يجب استبدالهما خلال ثلاث سنوات مهما كان "
                "استخدامهما في المستقبل."
            ),
            (
                "وعرض عدد من التجار المحليين المساهمة في التكاليف إذا تمت الموافقة على مشروع السوق، ومن المتوقع "
                "إجراء التصويت النهائي في الربيع."
            ),
        ]
    )
    + "\n",
    "hi": "\n\n".join(
        [
            (
                "नगर परिषद ने मंगलवार शाम बंदरगाह के पुराने गोदामों के भविष्य पर चर्चा की, जो दस साल पहले "
                "जहाज़रानी कंपनी के डिपो हटाने के बाद से खाली पड़े हैं।"
            ),
            (
                "सभा कक्ष में जुटे निवासियों की राय बँटी हुई थी। कुछ लोग चाहते हैं कि इन इमारतों में युवा "
                "परिवारों के लिए मकान बनें, जबकि दूसरों का कहना है कि शहर को एक ढका हुआ बाज़ार और कार्यशालाएँ "
                "ज़्यादा चाहिए।"
            ),
            (
                "चार घंटे चली बैठक की अध्यक्षता करने वाली महापौर ने कहा कि परिषद दोनों प्रस्तावों को पूरा "
                "प्रकाशित करेगी और मार्च के अंत तक लिखित सुझाव लेगी।"
            ),
            (
                "पिछले साल कराए गए एक इंजीनियरिंग सर्वेक्षण में पाया गया कि दो गोदामों की छतें तीन साल के भीतर "
                "बदलनी होंगी, चाहे उनका आगे जो भी उपयोग हो।"
            ),
            (
                "कई स्थानीय व्यापारियों ने कहा है कि अगर बाज़ार की योजना मंज़ूर होती है तो वे खर्च का कुछ हिस्सा "
                "उठाएँगे। अंतिम मतदान वसंत में होने की उम्मीद है।"
            ),
        ]
    )
    + "\n",
}

WORD = regex.compile(r"\w+")


def words(text: str) -> Counter[str]:
    return Counter(WORD.findall(text))


def retention(before: str, after: str) -> float:
    want = words(before)
    kept = words(after) & want
    return sum(kept.values()) / max(1, sum(want.values()))


@pytest.mark.parametrize("lang", list(PROSE))
def test_clean_prose_keeps_its_words(lang: str) -> None:
    text = PROSE[lang]
    assert retention(text, cleantext.clean(text)) >= 0.995


@pytest.mark.parametrize(
    ("name", "data", "expected"),
    [
        ("empty", b"", ""),
        ("newline", b"\n", ""),
        ("whitespace", " \t\n\r\n  \u00a0\n\n\u3000\u2028\u2029 \u200b\n".encode(), ""),
        ("crlf", PAGE.replace("\n", "\r\n").encode(), PAGE_CLEAN),
        ("lone_cr", PAGE.replace("\n", "\r").encode(), PAGE_CLEAN),
        ("u2028_u2029", PAGE.replace("\n\n", "\u2029").encode(), PAGE_CLEAN),
        ("no_final_newline", PAGE.rstrip("\n").encode(), PAGE_CLEAN),
    ],
)
def test_shapes_through_the_cli(name: str, data: bytes, expected: str, tmp_path: Path) -> None:
    result = invoke(input=data)
    assert result.exit_code == 0, result.stderr
    assert result.stdout == expected
    assert result.stderr == ""
    path = tmp_path / f"{name}.txt"
    path.write_bytes(data)
    result = invoke(str(path))
    assert (result.exit_code, result.stdout) == (0, expected)


def test_empty_and_blank_jsonl(tmp_path: Path) -> None:
    empty = tmp_path / "empty.jsonl"
    empty.write_bytes(b"")
    blank = tmp_path / "blank.jsonl"
    blank.write_bytes(b"\n  \n\r\n")
    result = invoke(str(empty), str(blank))
    assert result.exit_code == 0, result.stderr
    assert result.stdout == "\n  \n\n", "blank lines pass through: one output line per input line"
    result = invoke(str(empty), str(blank), "--on-error", "skip")
    assert result.stdout == "\n  \n\n"


@pytest.mark.parametrize("lang", ["ar", "zh", "hi", "ru"])
def test_rtl_cjk_and_combining_scripts_pass_unchanged(lang: str) -> None:
    text = PROSE[lang]
    result = invoke(input=text.encode("utf-8"))
    assert result.exit_code == 0, result.stderr
    assert result.stdout == text


def test_combining_characters_are_not_normalised_away() -> None:
    # Decomposed (NFD) Vietnamese: every accent is a combining mark; nothing may be recomposed or lost.
    text = unicodedata.normalize(
        "NFD",
        "Hội đồng thành phố đã họp vào tối thứ Ba để quyết định tương lai của các nhà kho cũ ở cảng biển.\n",
    )
    assert cleantext.clean(text) == text
    stacked = "Ze\u0301\u0302\u0303\u0304\u0308bra crossings were repainted along the whole avenue last week.\n"
    assert cleantext.clean(stacked) == stacked


def test_very_long_words_are_kept() -> None:
    word = "Donaudampfschifffahrtsgesellschaftskapitän" * 5000  # one 210 000-character word
    text = f"{B1}\n\nHe used the word {word} twice in a row.\n\n{B2}\n"
    out = cleantext.clean(text)
    assert word in out and B1 in out and B2 in out


# ... linear time, by operation counts -----------------------------------------------------------------


class _CountingPattern:
    """Stands in for a compiled pattern and counts the characters each call is given."""

    _STRING_ARG: ClassVar[dict[str, int]] = {"sub": 1, "subn": 1}

    def __init__(self, pattern: Any, tally: Counter[str]) -> None:
        self._pattern = pattern
        self._tally = tally

    def __getattr__(self, name: str) -> Any:
        attr = getattr(self._pattern, name)
        if name not in ("search", "match", "fullmatch", "finditer", "findall", "sub", "subn", "split"):
            return attr
        at = self._STRING_ARG.get(name, 0)
        tally = self._tally

        def counted(*args: Any, **kwargs: Any) -> Any:
            subject = args[at] if len(args) > at else kwargs.get("string", "")
            tally["regex_calls"] += 1
            tally["regex_chars"] += len(subject)
            return attr(*args, **kwargs)

        return counted


@pytest.fixture
def operation_count(monkeypatch: pytest.MonkeyPatch) -> Callable[[Callable[[], Any]], int]:
    """A deterministic measure of the work done by a call.

    Python function calls (``sys.setprofile``) plus the characters handed to every
    module-level compiled pattern of cleantext. Work that grows faster than the input in
    Python code, or that hands a regex the same text again and again, grows this count
    faster than the input. (Backtracking *inside* one regex call is caught by the hard
    timeouts of the big-input tests below instead.)
    """
    tally: Counter[str] = Counter()
    for mod_name, mod in list(sys.modules.items()):
        if not mod_name.startswith("cleantext") or mod is None:
            continue
        for attr, value in list(vars(mod).items()):
            if isinstance(value, (regex.Pattern, re.Pattern)):
                monkeypatch.setattr(mod, attr, _CountingPattern(value, tally))

    def measure(call: Callable[[], Any]) -> int:
        tally.clear()
        calls = 0

        def profile(frame: Any, event: str, arg: Any) -> None:
            nonlocal calls
            if event in ("call", "c_call"):
                calls += 1

        sys.setprofile(profile)
        try:
            call()
        finally:
            sys.setprofile(None)
        return calls + tally["regex_chars"]

    return measure


LINEAR_SHAPES: dict[str, Callable[[int], str]] = {
    "one_line_of_words": lambda n: ("lorem ipsum dolor sit amet " * n)[: 24 * n],
    "one_char_lines": lambda n: "a\n" * n,
    "blank_separated_lines": lambda n: "x\n\n" * n,
    "crlf_prose": lambda n: f"{B1}\r\n\r\n" * (n // 40),
    "lone_cr_prose": lambda n: f"{B1}\r" * (n // 40),
    "u2028_u2029": lambda n: "word\u2028more words\u2029" * (n // 8),
    "long_word": lambda n: "x" * (20 * n),
    "cjk": lambda n: "市议会周二晚上开会，讨论港口旧仓库的未来。" * (n // 10),
    "rtl": lambda n: "اجتمع المجلس البلدي مساء الثلاثاء. " * (n // 10),
    "combining": lambda n: "e\u0301\u0302 " * n,
    "mojibake": lambda n: "donâ€™t stop the cafÃ© " * (n // 10),
    "short_caps_lines": lambda n: "Latest News\nMiami\n26.7 C\n" * (n // 8),
    "chrome_then_short_lines": lambda n: "x\ny\n" * (n // 2),  # a name over chrome, again and again
    "contents_headings": lambda n: "Contents\n1. Costs\n2. Grants\nCosts\n" * (n // 8),
    "comment_headers": lambda n: "Maria\nMarch 3, 2025 at 6:14 pm\nThanks!\n" * (n // 8),
}


@pytest.mark.parametrize("shape", list(LINEAR_SHAPES))
def test_work_grows_linearly_with_input(shape: str, operation_count: Callable[[Callable[[], Any]], int]) -> None:
    make = LINEAR_SHAPES[shape]
    pipe = Pipeline.default()
    small, large = make(2000), make(4000)
    assert len(large) >= 1.9 * len(small)
    a = operation_count(lambda: pipe.clean(small))
    b = operation_count(lambda: pipe.clean(large))
    assert b <= 2.5 * a, f"{shape}: doubling the input multiplied the work by {b / a:.2f} (linear: about 2)"


# ... big inputs, in subprocesses with hard timeouts ------------------------------------------------------

BIG_TIMEOUT = 120
"""Seconds a big-shape run may take before it counts as a hang (the 1M-line input takes about 20 s)."""


def _prose_line(size: int) -> bytes:
    unit = "The harbour warehouses have stood empty for a decade, the council said. "
    return (unit * (size // len(unit) + 1))[:size].rstrip().encode() + b"."


def test_big_shapes_finish(tmp_path: Path) -> None:
    """A 20 MB line with no newline and a million one-character lines, side by side."""
    line = tmp_path / "line.txt"
    line.write_bytes(_prose_line(20 * 1024 * 1024))
    many = tmp_path / "many.txt"
    many.write_bytes(b"".join(bytes([97 + i % 26]) + b"\n" for i in range(1_000_000)))
    procs = {
        name: subprocess.Popen(
            cli_command(str(path), "-o", str(tmp_path / f"{name}.out")),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        for name, path in (("line", line), ("many", many))
    }
    try:
        for name, proc in procs.items():
            _, err = proc.communicate(timeout=BIG_TIMEOUT)
            assert proc.returncode == 0, f"{name}: {err.decode('utf-8', 'replace')}"
    finally:
        for proc in procs.values():
            proc.kill()
    out = (tmp_path / "line.out").read_bytes()
    assert out == line.read_bytes() + b"\n", "a 20 MB line of prose is body text: kept whole"
    lines = (tmp_path / "many.out").read_bytes().split(b"\n")
    assert lines[-1] == b"" and all(len(x) <= 1 for x in lines)


def test_huge_jsonl_record(tmp_path: Path) -> None:
    text = _prose_line(4 * 1024 * 1024).decode()
    path = write_jsonl(tmp_path / "huge.jsonl", [rec(B1, id=1), rec(text, id=2, meta={"k": [1, 2]}), rec(B2, id=3)])
    result = invoke(str(path))
    assert result.exit_code == 0, result.stderr
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert [o["id"] for o in out] == [1, 2, 3]
    assert out[1]["text"] == text + "\n" and out[1]["meta"] == {"k": [1, 2]}


# --- regex safety -----------------------------------------------------------------------------------------

MB = 1024 * 1024


def _fill(head: str, unit: str, tail: str = "") -> str:
    return head + unit * ((MB - len(head) - len(tail)) // len(unit) + 1) + tail


# Adversarial lines of at least 1 MB: long runs of the characters the built-in patterns
# repeat (letters, capitals, digits, decoration, brackets, dots, dashes), and runs that
# follow the lead of a credit, a byline or a caption so that the nested repeats of those
# patterns get to work. The last seven each made a built-in pattern backtrack quadratically
# (hours on 1 MB) in captions or chrome until fixed: they stay as regression tests.
ADVERSARIAL: dict[str, Callable[[], str]] = {
    "letters": lambda: _fill("", "a"),
    "capitals": lambda: _fill("", "A"),
    "digits": lambda: _fill("", "1"),
    "brackets": lambda: _fill("", "("),
    "dashes": lambda: _fill("", "-"),
    "dot_space": lambda: _fill("", ". "),
    "caps_words": lambda: _fill("", "Aa "),
    "caps_dash": lambda: _fill("", "A-"),
    "menu": lambda: _fill("", "a | "),
    "spot_img_partial": lambda: _fill("", "spot_im"),
    "mojibake": lambda: _fill("", "Ã©"),
    "nbsp": lambda: _fill("", "\u00a0"),
    "combining": lambda: _fill("", "e\u0301"),
    "credit_lead": lambda: _fill("Photo: ", "A "),
    "place_date": lambda: _fill("pictured in ", "Aa, ", "Dec. 2, 2025."),
    "photo_by_dashes": lambda: _fill("Photo by A", "-", "!"),
    "name_dashes_slash": lambda: _fill("A B", "-", "/"),
    "paren_name_dashes": lambda: _fill("(A", "-"),
    "byline_dashes": lambda: _fill("Von A", "-", "!"),
    "credit_dots_dashes": lambda: _fill("Credit... A", "-", "x"),
    "spaces_slash": lambda: _fill("A/", " "),
    "tabs_pipes": lambda: _fill("a |", "\t"),
}

ADVERSARIAL_TIMEOUT = 60
"""Seconds one filter may spend on all the adversarial lines (a few seconds when healthy)."""


def _all_filters() -> list[str]:
    return list(dict.fromkeys([*filters.DEFAULT_ORDER, *filters.names()]))


def _run_filter(name: str, text: str) -> None:
    f = filters.create(name)
    kind = kind_of(f)
    if kind == "text":
        f.format(text)
    elif kind == "inline":
        for b in Document.from_text(text).blocks:
            list(f.spans(b.text))
    else:
        list(f.scan(Document.from_text(text)))


def _adversarial_main(filter_name: str, names: list[str]) -> None:
    for name in names:
        text = ADVERSARIAL[name]()
        assert len(text) >= MB
        print(f"start {name}", flush=True)
        _run_filter(filter_name, text)
        print(f"done {name}", flush=True)


def _run_adversarial(filter_name: str, names: list[str]) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, str(THIS), "adversarial", filter_name, *names],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _wait_adversarial(proc: subprocess.Popen[str], filter_name: str, timeout: float) -> str | None:
    """None if the child finished cleanly, else what went wrong."""
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        out, err = proc.communicate()
        started = [line.split()[1] for line in out.splitlines() if line.startswith("start ")]
        return f"{filter_name}: still running after {timeout}s on {started[-1] if started else '?'!r}"
    if proc.returncode != 0:
        return f"{filter_name}: exit {proc.returncode}: {err[-2000:]}"
    return None


def test_no_built_in_pattern_backtracks_catastrophically() -> None:
    """Every filter, alone, on every adversarial line of 1 MB; two filters at a time."""
    jobs = [(name, list(ADVERSARIAL)) for name in _all_filters()]
    problems = []
    running: list[tuple[str, subprocess.Popen[str]]] = []
    try:
        while jobs or running:
            while jobs and len(running) < 2:
                name, inputs = jobs.pop(0)
                running.append((name, _run_adversarial(name, inputs)))
            name, proc = running.pop(0)
            problem = _wait_adversarial(proc, name, ADVERSARIAL_TIMEOUT)
            if problem:
                problems.append(problem)
    finally:
        for _, proc in running:
            proc.kill()
    assert not problems, "\n".join(problems)


EVIL = "(a|aa)+$"  # exponential on "aaaa…!" in the regex module


@pytest.mark.parametrize(
    "rules",
    [f"[chrome]\npatterns = ['{EVIL}']\n", f"[[filter]]\nname = 'evil'\npatterns = ['{EVIL}']\n"],
    ids=["extend_chrome", "new_filter"],
)
def test_user_pattern_timeout_names_the_rule_and_the_input(tmp_path: Path, rules: str) -> None:
    rule_file = tmp_path / "evil.toml"
    rule_file.write_text(rules, encoding="utf-8")
    trap = tmp_path / "trap.txt"
    trap.write_text(f"{B1}\n\n{'a' * 40}!\n", encoding="utf-8")
    good = tmp_path / "good.txt"
    good.write_text(PAGE, encoding="utf-8")
    result = invoke("--rules", str(rule_file), str(trap), str(good))
    assert result.exit_code == 1
    assert result.stdout == PAGE_CLEAN, "the other input is still processed"
    (error,) = errors(result.stderr)
    assert str(trap) in error and str(rule_file) in error and EVIL in error and "took over" in error
    assert summary(result.stderr)["rule_timeout"] == 1


def test_user_cut_pattern_timeout_in_jsonl_with_keep_and_jobs(tmp_path: Path) -> None:
    rule_file = tmp_path / "evil.toml"
    rule_file.write_text(f"[[filter]]\nname = 'evil'\ncut = ['{EVIL}']\n", encoding="utf-8")
    trap = rec(f"{B1}\n\n{'a' * 40}!", id=2)
    path = write_jsonl(tmp_path / "in.jsonl", [rec(PAGE, id=1), trap, rec(B2, id=3)])
    result = invoke("--rules", str(rule_file), str(path), "--on-error", "keep", "--jobs", "2")
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.split("\n")
    assert lines[1] == trap and len(lines) == 4
    counts = summary(result.stderr)
    assert counts["rule_timeout"] == 1 and counts["kept_unchanged"] == 1 and counts["records"] == 2


class _Boom:
    """A filter with a bug: it raises on lines that mention a boom."""

    name = "boom"
    description = "Raise on 'boom'."

    def spans(self, line: str) -> list[Any]:
        if "boom" in line:
            raise ZeroDivisionError("division by zero")
        return []


def test_a_filter_that_raises_is_reported_not_a_crash(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("cleantext.cli.build_pipeline", lambda *args: Pipeline.default().with_(_Boom()))
    bad = tmp_path / "boom.txt"
    bad.write_text(f"{B1}\n\nThe boom came.\n", encoding="utf-8")
    good = tmp_path / "good.txt"
    good.write_text(PAGE, encoding="utf-8")
    result = invoke(str(bad), str(good))
    assert result.exit_code == 1
    assert result.stdout == PAGE_CLEAN
    (error,) = errors(result.stderr)
    assert f"{bad}: internal error ZeroDivisionError" in error and "_Boom" not in error and "bug" in error
    path = write_jsonl(tmp_path / "in.jsonl", [rec(B1, id=1), rec("boom", id=2), rec(B2, id=3)])
    result = invoke(str(path), "--on-error", "keep")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.split("\n")[1] == rec("boom", id=2)
    assert summary(result.stderr)["internal_error"] == 1


# --- JSONL ------------------------------------------------------------------------------------------------

BAD_LINES = {
    "malformed": '{"id": 2, "text": "unterminated',
    "not_object": '["a", "list"]',
    "missing_field": '{"id": 2, "body": "no text field"}',
    "not_string": '{"id": 2, "text": 42}',
}
HINTS = {
    "malformed": "not valid JSON",
    "not_object": "not an object",
    "missing_field": "no field 'text'",
    "not_string": "not a string",
}


@pytest.mark.parametrize("kind", list(BAD_LINES))
@pytest.mark.parametrize("jobs", ["1", "2"])
def test_bad_record_fails_by_default_with_file_line_and_hint(tmp_path: Path, kind: str, jobs: str) -> None:
    path = write_jsonl(tmp_path / "in.jsonl", [rec(PAGE, id=1), BAD_LINES[kind], rec(B2, id=3)])
    other = write_jsonl(tmp_path / "other.jsonl", [rec(B3, id=9)])
    result = invoke(str(path), str(other), "--jobs", jobs)
    assert result.exit_code == 1
    (error,) = errors(result.stderr)
    assert error.startswith(f"cleantext: error: {path}:2: ") and HINTS[kind] in error
    assert "--on-error keep|skip" in error, "says what to do"
    out = [json.loads(line)["id"] for line in result.stdout.splitlines()]
    assert out == [1, 9], "stdout holds what came before the bad line, then the other input"
    assert summary(result.stderr)[kind] == 1


def _mixed(tmp_path: Path) -> tuple[Path, list[str]]:
    lines = [
        rec(PAGE, id=1),
        BAD_LINES["malformed"],
        BAD_LINES["not_object"],
        "",
        BAD_LINES["missing_field"],
        rec(f"Share this:\n\n{B2}", id=6),
        BAD_LINES["not_string"],
        "null",
        rec(B3, id=9),
    ]
    return write_jsonl(tmp_path / "mixed.jsonl", lines, final_newline=False), lines


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_on_error_keep_one_output_line_per_input_line(tmp_path: Path, jobs: str) -> None:
    path, lines = _mixed(tmp_path)
    result = invoke(str(path), "--on-error", "keep", "--jobs", jobs)
    assert result.exit_code == 0, result.stderr
    out = result.stdout.split("\n")
    assert out[-1] == "" and len(out) - 1 == len(lines), "exactly one line per input line, in order"
    for got, sent in zip(out, lines, strict=False):
        if sent.startswith('{"id": 1') or sent.startswith('{"id": 6') or sent.startswith('{"id": 9'):
            assert json.loads(got)["text"] == DEFAULT.clean(json.loads(sent)["text"])
        else:
            assert got == sent, "kept unchanged"
    counts = summary(result.stderr)
    assert counts == {
        **dict.fromkeys(SUMMARY_KEYS, 0),
        "records": 3,
        "blank": 1,
        "malformed": 1,
        "not_object": 2,
        "missing_field": 1,
        "not_string": 1,
        "kept_unchanged": 5,
    }
    assert errors(result.stderr) == []


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_on_error_skip_drops_only_bad_records(tmp_path: Path, jobs: str) -> None:
    path, lines = _mixed(tmp_path)
    result = invoke(str(path), "--on-error", "skip", "--jobs", jobs)
    assert result.exit_code == 0, result.stderr
    out = result.stdout.split("\n")
    assert [json.loads(x)["id"] for x in out if x.strip()] == [1, 6, 9]
    assert len(out) - 1 == len(lines) - 5
    counts = summary(result.stderr)
    assert counts["skipped"] == 5 and counts["kept_unchanged"] == 0 and counts["records"] == 3


def test_same_output_and_messages_with_jobs_1_and_2(tmp_path: Path) -> None:
    path, _ = _mixed(tmp_path)
    for policy in ("fail", "keep", "skip"):
        one = invoke(str(path), "--on-error", policy)
        two = invoke(str(path), "--on-error", policy, "--jobs", "2")
        assert (one.exit_code, one.stdout, one.stderr) == (two.exit_code, two.stdout, two.stderr), policy


def test_record_fields_and_order_survive(tmp_path: Path) -> None:
    record = {"z": None, "text": PAGE + "\u2028", "n": 12345678901234567890, "f": 0.1, "nested": {"a": ["é"]}}
    path = write_jsonl(tmp_path / "in.jsonl", [json.dumps(record, ensure_ascii=False)])
    result = invoke(str(path))
    assert result.exit_code == 0, result.stderr
    (line,) = result.stdout.splitlines()  # str.splitlines also splits at U+2028: it must be escaped
    got = json.loads(line)
    assert list(got) == list(record)
    assert got == {**record, "text": DEFAULT.clean(PAGE + "\u2028")}


def test_deeply_nested_record_is_malformed_not_a_crash(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "deep.jsonl", ["[" * 100_000, rec(B1)])
    result = invoke(str(path), "--on-error", "keep")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.split("\n")[0] == "[" * 100_000
    assert summary(result.stderr)["malformed"] == 1


def test_failed_input_leaves_no_partial_output_in_a_file(tmp_path: Path) -> None:
    bad = write_jsonl(tmp_path / "bad.jsonl", [rec(B1, id=1), rec(B2, id=2), "oops"])
    good = write_jsonl(tmp_path / "good.jsonl", [rec(B3, id=3)])
    out = tmp_path / "out.jsonl"
    out.write_text("previous\n", encoding="utf-8")
    result = invoke(str(bad), "-o", str(out))
    assert result.exit_code == 1
    assert out.read_text("utf-8") == "previous\n", "single failed input: output untouched"
    result = invoke(str(bad), str(good), "-o", str(out))
    assert result.exit_code == 1
    assert [json.loads(x)["id"] for x in out.read_text("utf-8").splitlines()] == [3], "only whole inputs"
    assert no_temp_files(tmp_path)


# --- files ------------------------------------------------------------------------------------------------


def test_in_place_is_atomic_and_keeps_permissions_and_symlinks(tmp_path: Path) -> None:
    a = tmp_path / "a.txt"
    a.write_text(PAGE, encoding="utf-8")
    os.chmod(a, 0o640)
    real = tmp_path / "real.txt"
    real.write_text(PAGE, encoding="utf-8")
    os.chmod(real, 0o751)
    link = tmp_path / "link.txt"
    link.symlink_to(real.name)
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\x00binary")
    result = invoke("--in-place", str(a), str(link), str(bad))
    assert result.exit_code == 1
    assert a.read_text("utf-8") == PAGE_CLEAN and stat.S_IMODE(a.stat().st_mode) == 0o640
    assert link.is_symlink() and real.read_text("utf-8") == PAGE_CLEAN
    assert stat.S_IMODE(real.stat().st_mode) == 0o751
    assert bad.read_bytes() == b"\x00binary", "a failed input is left as it was"
    assert no_temp_files(tmp_path)


def test_new_output_file_gets_normal_permissions(tmp_path: Path) -> None:
    out = tmp_path / "new.txt"
    mask = os.umask(0o022)
    try:
        result = invoke("-o", str(out), input=PAGE)
    finally:
        os.umask(mask)
    assert result.exit_code == 0, result.stderr
    assert stat.S_IMODE(out.stat().st_mode) == 0o644, "not the 0600 of a temporary file"


def _slow_inputs(folder: Path, count: int, paragraphs: int) -> tuple[list[Path], str]:
    """``count`` files with the same page of ``paragraphs`` paragraphs (half of them ads)."""
    body = "".join(
        f"Advertisement\n\nParagraph {j}: the council debated the harbour plan at length on Monday.\n\n"
        for j in range(paragraphs)
    )
    paths = [folder / f"f{i:02d}.txt" for i in range(count)]
    for path in paths:
        path.write_text(body, encoding="utf-8")
    return paths, body


def _default_signal_handling() -> None:
    """In the child: SIGINT and SIGTERM as a terminal would deliver them. A shell starts a
    background job (``pytest … &``) with SIGINT ignored, and cleantext keeps an ignored signal
    ignored (as ``nohup`` wants), so the tests that send one must not inherit that."""
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, signal.SIG_DFL)


def _wait_for(predicate: Callable[[], bool], proc: subprocess.Popen[bytes], timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        assert proc.poll() is None, "the run ended before the signal could be sent; make the inputs bigger"
        assert time.monotonic() < deadline, "the run made no progress"
        time.sleep(0.01)


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
def test_interrupt_in_place_leaves_every_file_whole_and_no_temp_files(tmp_path: Path, signum: int) -> None:
    # Deterministic: the first file's --explain report fits in the stderr pipe, the second
    # file's does not. Nobody reads the pipe until the signal is sent, so the run is stuck
    # writing the second file's report, with its temporary file open, when the signal comes.
    first = tmp_path / "a_first.txt"
    first.write_text(PAGE, encoding="utf-8")
    paths, original = _slow_inputs(tmp_path, count=3, paragraphs=2500)
    cleaned = DEFAULT.clean(original)
    proc = subprocess.Popen(
        cli_command("--in-place", "--explain", str(first), *map(str, paths)),
        stderr=subprocess.PIPE,
        preexec_fn=_default_signal_handling,
    )
    try:
        _wait_for(lambda: first.read_text("utf-8") == PAGE_CLEAN, proc)
        _wait_for(lambda: not no_temp_files(tmp_path), proc)  # mid-write of the next file, blocked on stderr
        proc.send_signal(signum)
        _, err = proc.communicate(timeout=60)
    finally:
        proc.kill()
    assert proc.returncode == 128 + signum
    message = err.decode("utf-8")
    assert f"interrupted by {signal.Signals(signum).name}" in message and "Traceback" not in message
    states = [{cleaned: "clean", original: "original"}.get(p.read_text("utf-8"), "PARTIAL") for p in paths]
    assert states == ["original"] * 3, "no file after the first was finished: the run was blocked"
    assert no_temp_files(tmp_path), sorted(p.name for p in tmp_path.iterdir())


@pytest.mark.parametrize("when", ["creating", "opening"])
def test_signal_while_the_temporary_file_is_made_leaves_no_temp_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, when: str
) -> None:
    target = tmp_path / "out.txt"
    target.write_text("previous\n", encoding="utf-8")
    module, name = {"creating": (_atomic.tempfile, "mkstemp"), "opening": (_atomic, "text_writer")}[when]
    real = getattr(module, name)

    def signalled(*args: Any, **kwargs: Any) -> Any:
        result = real(*args, **kwargs)
        os.kill(os.getpid(), signal.SIGTERM)  # held until the step ends, then raised
        return result

    monkeypatch.setattr(module, name, signalled)
    previous = _atomic.install_signal_handlers()
    try:
        with pytest.raises(Interrupted), _atomic.AtomicOutput(target) as fh:
            fh.write("never written\n")
    finally:
        _atomic.restore_signal_handlers(previous)
    assert target.read_text("utf-8") == "previous\n"
    assert no_temp_files(tmp_path), sorted(p.name for p in tmp_path.iterdir())


def test_interrupt_with_jobs_leaves_the_output_untouched(tmp_path: Path) -> None:
    path = write_jsonl(
        tmp_path / "in.jsonl", [rec(f"{B1} Number {i}.\n\nAdvertisement\n\n{B2}", id=i) for i in range(60_000)]
    )
    out = tmp_path / "out.jsonl"
    out.write_text("previous\n", encoding="utf-8")
    proc = subprocess.Popen(
        cli_command(str(path), "--jobs", "2", "-o", str(out)),
        stderr=subprocess.PIPE,
        preexec_fn=_default_signal_handling,
    )
    try:
        _wait_for(lambda: any(p.name.endswith(".tmp") and p.stat().st_size > 0 for p in tmp_path.iterdir()), proc)
        proc.send_signal(signal.SIGTERM)
        _, err = proc.communicate(timeout=60)
    finally:
        proc.kill()
    assert proc.returncode == 143, err.decode("utf-8", "replace")
    assert out.read_text("utf-8") == "previous\n"
    assert no_temp_files(tmp_path)
    assert "Traceback" not in err.decode("utf-8")


def test_missing_unreadable_and_directory_inputs_exit_1_the_rest_processed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    good = tmp_path / "good.txt"
    good.write_text(PAGE, encoding="utf-8")
    locked = tmp_path / "locked.txt"
    locked.write_text(PAGE, encoding="utf-8")
    real_open = open

    def deny(name: Any, *args: Any, **kwargs: Any) -> Any:
        if str(name) == str(locked):
            raise PermissionError(13, "Permission denied", str(name))
        return real_open(name, *args, **kwargs)

    monkeypatch.setattr("cleantext.runner.open", deny, raising=False)  # works as root too
    missing = tmp_path / "missing.txt"
    result = invoke(str(missing), str(locked), str(tmp_path), str(good))
    assert result.exit_code == 1
    assert result.stdout == PAGE_CLEAN
    errs = errors(result.stderr)
    assert [e.split(": ")[2] for e in errs] == [str(missing), str(locked), str(tmp_path)]
    assert "no such file" in errs[0] and "permission denied" in errs[1] and "is a directory" in errs[2]
    assert "3 input(s) failed" in result.stderr


def test_unwritable_output_is_reported(tmp_path: Path) -> None:
    result = invoke("-o", str(tmp_path / "no" / "such" / "dir" / "out.txt"), input=PAGE)
    assert result.exit_code == 1
    assert "cannot write" in result.stderr


@pytest.mark.parametrize(
    ("suffix", "jobs"), [(".jsonl", "1"), (".jsonl", "2"), (".txt", "1")], ids=["jsonl", "jsonl_jobs2", "text"]
)
def test_closed_pipe_exits_quietly(tmp_path: Path, suffix: str, jobs: str) -> None:
    path = tmp_path / f"big{suffix}"
    if suffix == ".jsonl":
        write_jsonl(path, [rec(f"{B1} Number {i}.", id=i) for i in range(20_000)])
    else:
        path.write_text("".join(f"{B1} Number {i}.\n\n" for i in range(5_000)), encoding="utf-8")
    proc = subprocess.Popen(
        cli_command(str(path), "--jobs", jobs), stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )  # like `cleantext clean big.jsonl | head -1`
    try:
        assert proc.stdout is not None
        first = proc.stdout.readline()
        proc.stdout.close()
        _, err = proc.communicate(timeout=60)
    finally:
        proc.kill()
    assert first.startswith(b'{"id": 0') or first.startswith(B1.encode())
    assert err == b"", err.decode("utf-8", "replace")
    assert proc.returncode == 0


@pytest.mark.skipif(os.name != "posix", reason="closes a standard descriptor in the child")
@pytest.mark.parametrize("fd", [0, 1], ids=["stdin", "stdout"])
def test_closed_standard_streams_are_an_error_not_a_crash(fd: int) -> None:
    proc = subprocess.run(
        cli_command(),
        input=PAGE.encode(),
        capture_output=True,
        preexec_fn=lambda: os.close(fd),  # like `cleantext clean <&-` or `>&-`
        timeout=60,
        check=False,
    )
    assert proc.returncode == 1
    err = proc.stderr.decode("utf-8")
    assert f"standard {'input' if fd == 0 else 'output'} is closed" in err and "Traceback" not in err


# --- never invents, never loses body text --------------------------------------------------------------

_PAGE_LINES = [
    "Advertisement",
    "- Advertisement -spot_imgspot_img",
    "Latest News",
    "Share this:",
    "Tuesday, December 2, 2025",
    "26.7 C",
    "Miami",
    "Kristina Kormilitsyna / AP",
    "Photo: Getty Images",
    "Home | World | Business",
    "© 2025 Example Media. All rights reserved.",
    "donâ€™t stop",
    B1,
    B2,
    B3,
    *(p for text in PROSE.values() for p in text.split("\n\n")[:2]),
]


@st.composite
def _pages(draw: st.DrawFn) -> str:
    parts = []
    for _ in range(draw(st.integers(0, 12))):
        parts.append(draw(st.one_of(st.sampled_from(_PAGE_LINES), st.text(max_size=30))))
        parts.append(draw(st.sampled_from(["\n", "\n\n", "\r\n", "\r", "\u2028", "\u2029", " ", ""])))
    return "".join(parts)


def _is_subsequence(small: str, big: str) -> bool:
    it = iter(big)
    return all(ch in it for ch in small)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=st.one_of(st.text(), _pages()))
def test_output_is_built_only_from_input_text(text: str) -> None:
    """Every output line is a line of the normalised input (or one with its inline cuts made), in order."""
    assert_made_of_input(DEFAULT.clean(text), text, DEFAULT)
    # and normalisation only rewrites spaces, line ends, invisible characters and mojibake
    plain = Normalize(repair_encoding=False).format(text)
    squeeze = re.compile(r"\s+")
    assert _is_subsequence(squeeze.sub("", plain), squeeze.sub("", text))


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    paragraphs=st.lists(
        st.sampled_from([p for text in PROSE.values() for p in text.strip().split("\n\n")]),
        min_size=1,
        max_size=8,
        unique=True,  # a paragraph repeated word for word reads as page chrome (content filter)
    )
)
def test_clean_prose_in_any_order_and_mix_keeps_its_words(paragraphs: list[str]) -> None:
    text = "\n\n".join(paragraphs) + "\n"
    assert retention(text, cleantext.clean(text)) >= 0.995


def test_mojibake_split_by_an_invisible_character_is_repaired_not_taken_for_a_copyright_line() -> None:
    text = "The caf\u00c3\u200b\u00a9 reopened after the long repairs on Monday, the owner said.\n"
    assert cleantext.clean(text) == "The café reopened after the long repairs on Monday, the owner said.\n"


@settings(max_examples=200, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(text=st.one_of(st.text(), _pages()))
def test_cleaning_is_idempotent(text: str) -> None:
    assert_idempotent(cleantext.clean, text)


@settings(max_examples=100, deadline=None)
@given(text=st.sampled_from(list(PROSE.values())) | st.sampled_from([PAGE, PAGE.replace("\n", "\r\n")]))
def test_cleaning_clean_text_changes_nothing(text: str) -> None:
    assert_idempotent(cleantext.clean, text)


# --- the docs ---------------------------------------------------------------------------------------------


def test_docs_list_every_error_kind_and_exit_code() -> None:
    doc = (ROOT / "docs" / "errors.md").read_text("utf-8")
    for key in (*BAD_RECORD_KINDS, *SUMMARY_KEYS):
        assert f"`{key}`" in doc, key
    for code in ("0", "1", "2", "130", "143"):
        assert f"| {code} " in doc, code


# --- the script entry point used by the regex-safety test ------------------------------------------------


if __name__ == "__main__":  # pragma: no cover - runs in a subprocess
    if sys.argv[1:2] != ["adversarial"] or len(sys.argv) < 4:
        raise SystemExit("usage: test_bad_input.py adversarial FILTER NAME...")
    _adversarial_main(sys.argv[2], sys.argv[3:])
