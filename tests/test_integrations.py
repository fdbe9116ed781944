"""cleantext.integrations: the Dask helpers on a real multi-process LocalCluster, and import hygiene."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path

import dask
import dask.bag as db
import dask.dataframe as dd
import pandas as pd
import pytest
from distributed import Client, LocalCluster

from cleantext import Pipeline
from cleantext.integrations.dask import clean_bag, clean_column

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "000_1496444ec58d350f.txt"
TIMEOUT = 60  # seconds for one compute on the cluster; the whole module takes a few seconds

B1 = "The council approved the new budget after a long debate on Monday."
B2 = "Spending on schools will rise by four percent next year, officials said."
B3 = "The mayor said the plan would be finished by spring, according to a statement."
B4 = "Critics said the timeline was too short for a project of this size."
CREDIT = "Kristina Kormilitsyna / AP"
ADS = f"Latest News\n\nCity votes on budget\n\n- Advertisement -spot_imgspot_img\n\n{B1}\n\nAdvertisement\n\n{B2}\n"
CAPTION = f"{B3}\n\n{CREDIT}\n\n{B4}\n\nAdvertisement\n"
DOCS = [
    ADS,
    CAPTION,
    "Skip to content\n\nRain is expected across the region on Friday, forecasters said.\n\nShare this:\n",
    SEED.read_bytes().decode("utf-8"),
    "",
    "Advertisement\n",
    f"{B4}\n",
]


def _expected(texts: Sequence[str], pipe: Pipeline | None = None) -> list[str]:
    pipe = pipe or Pipeline.default()
    return [pipe.clean(t) for t in texts]


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Client]:
    with (
        LocalCluster(
            n_workers=2,
            threads_per_worker=1,
            processes=True,
            dashboard_address=None,
            local_directory=str(tmp_path_factory.mktemp("dask-worker-space")),
        ) as cluster,
        Client(cluster, set_as_default=False) as c,  # tests pick the cluster explicitly
    ):
        yield c


def test_documents_exercise_the_filters() -> None:
    # Sanity check of the test data: ads and the caption credit really are removed, and
    # dropping the captions filter really changes the result.
    clean = _expected(DOCS)
    assert clean[0] == f"{B1}\n\n{B2}\n"
    assert clean[1] == f"{B3}\n\n{B4}\n"
    assert CREDIT in Pipeline.default().without("captions").clean(CAPTION)


# --- clean_bag -----------------------------------------------------------------------------


def test_clean_bag_on_cluster_matches_pipeline_clean(client: Client) -> None:
    bag = db.from_sequence(DOCS, npartitions=3)
    out = clean_bag(bag)
    assert out.npartitions == 3
    assert client.compute(out).result(timeout=TIMEOUT) == _expected(DOCS)


def test_clean_bag_on_cluster_keeps_order_over_many_partitions(client: Client) -> None:
    texts = [f"Advertisement\n\nItem number {i} was sold at the market on Monday.\n" for i in range(40)]
    out = client.compute(clean_bag(db.from_sequence(texts, npartitions=7))).result(timeout=TIMEOUT)
    assert out == [f"Item number {i} was sold at the market on Monday.\n" for i in range(40)]


def test_clean_bag_after_a_lazy_map(client: Client) -> None:
    # Partitions after `.map` are iterators, not lists.
    bag = db.from_sequence(DOCS[:4], npartitions=2).map(str)
    assert client.compute(clean_bag(bag)).result(timeout=TIMEOUT) == _expected(DOCS[:4])


def test_clean_bag_on_cluster_honours_a_custom_pipeline(client: Client) -> None:
    pipe = Pipeline.default().without("captions")
    out = client.compute(clean_bag(db.from_sequence(DOCS, npartitions=2), pipe)).result(timeout=TIMEOUT)
    assert out == _expected(DOCS, pipe)
    assert out[1] == f"{B3}\n\n{CREDIT}\n\n{B4}\n"


def test_clean_bag_preset() -> None:
    bag = db.from_sequence(DOCS, npartitions=2)
    out = clean_bag(bag, preset="precision").compute(scheduler="sync")
    assert out == _expected(DOCS, Pipeline.default("precision"))
    with pytest.raises(ValueError, match="unknown preset"):
        clean_bag(bag, preset="nope")  # type: ignore[arg-type]


class CountingPipeline:
    """Duck-typed pipeline that records the size of each clean_batch call (sync scheduler only)."""

    def __init__(self) -> None:
        self.pipe = Pipeline.default()
        self.batches: list[int] = []

    def clean_batch(self, texts: Sequence[str]) -> list[str]:
        self.batches.append(len(texts))
        return self.pipe.clean_batch(texts)


def test_clean_bag_calls_clean_batch_once_per_partition() -> None:
    counting = CountingPipeline()
    bag = db.from_sequence(DOCS, partition_size=3)
    out = clean_bag(bag, counting).compute(scheduler="sync")  # type: ignore[arg-type]
    assert out == _expected(DOCS)
    assert sorted(counting.batches) == sorted(len(part.compute()) for part in bag.to_delayed())
    assert len(counting.batches) == bag.npartitions > 1


def test_clean_bag_rejects_other_types() -> None:
    with pytest.raises(TypeError, match=r"dask\.bag\.Bag"):
        clean_bag(DOCS)  # type: ignore[arg-type]


# --- clean_column --------------------------------------------------------------------------


def _frame() -> pd.DataFrame:
    n = len(DOCS)
    return pd.DataFrame(
        {
            "url": [f"https://example.com/{i}" for i in range(n)],
            "text": DOCS,
            "n": list(range(n)),
            "score": [i / 2 for i in range(n)],
        },
        index=pd.Index(range(100, 100 + n), name="row"),
    )


def test_clean_column_on_cluster_overwrites_the_column(client: Client) -> None:
    pdf = _frame()
    ddf = dd.from_pandas(pdf, npartitions=3)
    out = clean_column(ddf)
    assert list(out.columns) == ["url", "text", "n", "score"]
    assert out.dtypes.to_dict() == ddf.dtypes.to_dict()
    assert out.npartitions == 3
    assert out.divisions == ddf.divisions
    res = client.compute(out).result(timeout=TIMEOUT)
    assert res["text"].tolist() == _expected(DOCS)
    assert res.index.tolist() == pdf.index.tolist()
    assert res.index.name == "row"
    for col in ("url", "n", "score"):
        assert res[col].tolist() == pdf[col].tolist()
    assert res.dtypes.to_dict() == out.dtypes.to_dict()  # meta matches what the partitions return


def test_clean_column_on_cluster_to_a_new_column(client: Client) -> None:
    pdf = _frame()
    ddf = dd.from_pandas(pdf, npartitions=2)
    out = clean_column(ddf, "text", output_column="body")
    assert list(out.columns) == ["url", "text", "n", "score", "body"]
    assert out.dtypes["body"] == ddf.dtypes["text"]
    res = client.compute(out).result(timeout=TIMEOUT)
    assert res["body"].tolist() == _expected(DOCS)
    assert res["text"].tolist() == DOCS  # the source column is left alone
    assert res["n"].tolist() == list(range(len(DOCS)))
    assert res.dtypes.to_dict() == out.dtypes.to_dict()


def test_clean_column_on_cluster_honours_a_custom_pipeline(client: Client) -> None:
    pipe = Pipeline.default().without("captions")
    ddf = dd.from_pandas(_frame().rename(columns={"text": "page"}), npartitions=2)
    res = client.compute(clean_column(ddf, "page", pipe, output_column="body")).result(timeout=TIMEOUT)
    assert res["body"].tolist() == _expected(DOCS, pipe)
    assert CREDIT in res["body"].iloc[1]


@pytest.mark.parametrize("convert_string", [True, False], ids=["string_dtype", "object_dtype"])
def test_clean_column_keeps_missing_values(convert_string: bool) -> None:
    texts = [ADS, None, CAPTION, float("nan")]
    pdf = pd.DataFrame({"id": [1, 2, 3, 4], "text": pd.Series(texts, dtype=object)})
    with dask.config.set({"dataframe.convert-string": convert_string}):
        ddf = dd.from_pandas(pdf, npartitions=2)
        out = clean_column(ddf)
        res = out.compute(scheduler="sync")
    assert res["text"].tolist()[0::2] == _expected([ADS, CAPTION])
    assert res["text"].isna().tolist() == [False, True, False, True]
    assert res.dtypes.to_dict() == out.dtypes.to_dict()
    assert res["id"].tolist() == [1, 2, 3, 4]


def test_clean_column_does_not_modify_its_input() -> None:
    pdf = _frame()
    ddf = dd.from_pandas(pdf, npartitions=2).persist(scheduler="sync")
    clean_column(ddf).compute(scheduler="sync")
    assert ddf.compute(scheduler="sync")["text"].tolist() == DOCS


def test_clean_column_errors() -> None:
    ddf = dd.from_pandas(_frame(), npartitions=1)
    with pytest.raises(KeyError, match="no column 'body'"):
        clean_column(ddf, "body")
    with pytest.raises(TypeError, match="not text"):
        clean_column(ddf, "n")
    with pytest.raises(TypeError, match=r"dask\.dataframe\.DataFrame"):
        clean_column(_frame())  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="unknown preset"):
        clean_column(ddf, preset="nope")  # type: ignore[arg-type]


# --- imports -------------------------------------------------------------------------------


def _python(code: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60)


def test_import_cleantext_does_not_import_dask_or_pandas() -> None:
    proc = _python(
        "import sys, cleantext, cleantext.integrations\n"
        "cleantext.clean('Advertisement\\n\\nHello there.\\n')\n"
        "heavy = {'dask', 'distributed', 'pandas', 'pyarrow'}\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in heavy))\n"
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "[]"


def test_import_without_dask_says_what_to_install() -> None:
    proc = _python(
        "import sys\n"
        "sys.modules['dask'] = None  # as if dask were not installed\n"
        "try:\n"
        "    import cleantext.integrations.dask\n"
        "except ImportError as e:\n"
        "    print(type(e).__name__, e)\n"
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("ImportError ")
    assert "pip install 'cleantext-web[dask]'" in proc.stdout
