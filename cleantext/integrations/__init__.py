"""Helpers for running cleantext on distributed / parallel engines.

Each integration lives in its own submodule and imports its engine only when that submodule
is imported, so ``import cleantext`` (and ``import cleantext.integrations``) stays light:

- :mod:`cleantext.integrations.dask` -- ``clean_bag`` and ``clean_column`` for Dask bags and
  dataframes (``pip install 'cleantext-web[dask]'``).

Recipes for Hugging Face ``datasets``, PySpark and plain ``multiprocessing`` need no helper
(a :class:`cleantext.Pipeline` pickles and has ``clean_batch``); see ``docs/integrations.md``.
"""
