"""Clean Dask bags and dataframes with a cleantext :class:`~cleantext.Pipeline`.

Needs the ``dask`` extra: ``pip install 'cleantext-web[dask]'`` (Dask with its dataframe and
distributed parts, pandas and pyarrow). Both helpers are lazy: they add one task per partition
to the graph, and nothing runs until you ``compute()``, ``persist()`` or write the result.

Each task calls :meth:`Pipeline.clean_batch <cleantext.Pipeline.clean_batch>` once on its
whole partition, so the pipeline is shipped (pickled) once per task, not once per record. The
work is pure Python and holds the GIL: on a cluster, prefer worker *processes* (e.g.
``LocalCluster(processes=True, threads_per_worker=1)``) over threads.

>>> import dask.bag as db
>>> from cleantext.integrations.dask import clean_bag
>>> pages = db.from_sequence(["Latest News\\n\\nThe vote passed on Monday.\\n\\nAdvertisement\\n"])
>>> clean_bag(pages).compute(scheduler="sync")
['The vote passed on Monday.\\n']
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from typing import Any

try:
    import dask.bag as _db
    import dask.dataframe as _dd
    import pandas as _pd
except ImportError as exc:  # pragma: no cover - exercised in a subprocess by the tests
    raise ImportError(
        "cleantext.integrations.dask needs Dask (with dask.dataframe and distributed), pandas and pyarrow; "
        f"install them with: pip install 'cleantext-web[dask]'  (import failed: {exc})",
        name=exc.name,
    ) from exc

from cleantext.filters.base import Preset
from cleantext.pipeline import Pipeline

__all__ = ["clean_bag", "clean_column"]

_TOKEN = "cleantext-clean"


def _pipeline(pipeline: Pipeline | None, preset: Preset) -> Pipeline:
    return Pipeline.default(preset) if pipeline is None else pipeline


def _clean_partition(texts: Iterable[str], pipeline: Pipeline) -> list[str]:
    # A bag partition may be any iterable (a lazy iterator after `.map`), hence `list`.
    return pipeline.clean_batch(list(texts))


def clean_bag(bag: _db.Bag, pipeline: Pipeline | None = None, preset: Preset = "balanced") -> _db.Bag:
    """A bag of the clean body texts of ``bag``, a :class:`dask.bag.Bag` of page texts.

    Partitioning and order are kept: element *i* of the result is ``pipeline.clean(bag[i])``.
    ``pipeline`` defaults to ``Pipeline.default(preset)``; ``preset`` (``precision``,
    ``balanced`` or ``recall``) is ignored when a pipeline is given. Every element must be a
    ``str``; for a bag of records, ``pluck`` the text field first (``bag.pluck("text")``).

    >>> import dask.bag as db
    >>> import cleantext
    >>> pages = db.from_sequence(["Share this:\\n\\nRain is expected on Friday.\\n", "Skip to content\\n\\nHi.\\n"])
    >>> clean_bag(pages, cleantext.Pipeline.default("precision")).compute(scheduler="sync")
    ['Rain is expected on Friday.\\n', 'Hi.\\n']
    """
    if not isinstance(bag, _db.Bag):
        raise TypeError(f"clean_bag expects a dask.bag.Bag, not {type(bag).__name__}")
    return bag.map_partitions(_clean_partition, _pipeline(pipeline, preset), token=_TOKEN)


def _clean_frame(
    part: _pd.DataFrame, column: Hashable, output_column: Hashable, pipeline: Pipeline, dtype: Any
) -> _pd.DataFrame:
    source = part[column]
    values = source.tolist()
    todo = [i for i, missing in enumerate(source.isna().tolist()) if not missing]
    if len(todo) == len(values):
        values = pipeline.clean_batch(values)
    else:  # missing values (None, NaN, NA) pass through unchanged
        for i, text in zip(todo, pipeline.clean_batch([values[i] for i in todo]), strict=True):
            values[i] = text
    out = part.copy()  # never modify the input partition: Dask may share it
    out[output_column] = _pd.Series(values, index=part.index, dtype=dtype)
    return out


def clean_column(
    df: _dd.DataFrame,
    column: Hashable = "text",
    pipeline: Pipeline | None = None,
    preset: Preset = "balanced",
    output_column: Hashable | None = None,
) -> _dd.DataFrame:
    """``df`` with the page texts in ``column`` cleaned into ``output_column``.

    ``df`` is a :class:`dask.dataframe.DataFrame`; each partition is cleaned as a pandas
    dataframe with one ``pipeline.clean_batch`` call. ``output_column`` defaults to
    ``column`` (overwrite it in place); a new name is added as the last column and leaves
    ``column`` as it was. All other columns, the index, the divisions and the row order are
    kept. The cleaned column has the same dtype as ``column`` (``object`` or a pandas string
    dtype); missing values (``None``/``NaN``/``NA``) stay missing. ``pipeline`` defaults to
    ``Pipeline.default(preset)``; ``preset`` is ignored when a pipeline is given.

    >>> import pandas as pd
    >>> import dask.dataframe as dd
    >>> pages = pd.DataFrame({"url": ["a", "b"], "text": ["Advertisement\\n\\nThe bridge reopens.\\n", "Rain.\\n"]})
    >>> out = clean_column(dd.from_pandas(pages, npartitions=2), output_column="body")
    >>> list(out.columns)
    ['url', 'text', 'body']
    >>> out.compute(scheduler="sync")["body"].tolist()
    ['The bridge reopens.\\n', 'Rain.\\n']
    """
    if not isinstance(df, _dd.DataFrame):
        raise TypeError(f"clean_column expects a dask.dataframe.DataFrame, not {type(df).__name__}")
    if column not in df.columns:
        raise KeyError(f"no column {column!r} in the dataframe; it has: {', '.join(map(repr, df.columns))}")
    dtype = df.dtypes[column]
    if not _pd.api.types.is_string_dtype(dtype):
        raise TypeError(f"column {column!r} has dtype {dtype}, not text; convert it first, e.g. .astype(str)")
    out_col = column if output_column is None else output_column
    pipe = _pipeline(pipeline, preset)
    # The output schema is exactly what the partition function makes of an empty partition.
    meta = _clean_frame(df._meta, column, out_col, pipe, dtype)
    return df.map_partitions(_clean_frame, column, out_col, pipe, dtype, meta=meta, token=_TOKEN)
