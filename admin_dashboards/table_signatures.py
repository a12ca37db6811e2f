"""django-tables2 asks `inspect.signature` which arguments a column's `render` takes, once per cell (3.0.1:
`utils.call_with_appropriate`, uncached). A platform page's accounts table (166 accounts at 1M posts, 19
columns) made about 1,600 such calls a request, a quarter of its time under cProfile. The answer depends
only on the function, so it is cached per function, the way Django caches its own
(`django.utils.inspect._get_func_parameters`): a bound method by its `__func__`, its first argument dropped.
"""

from __future__ import annotations

import functools
import inspect

from django_tables2 import utils

_uncached_signature = utils.signature


@functools.lru_cache(maxsize=1024)
def _function_signature(func, bound: bool) -> tuple[tuple[str, ...], str | None]:
    args, keywords = _uncached_signature(func)
    return (args[1:] if bound else args), keywords


def signature(fn) -> tuple[tuple[str, ...], str | None]:
    """tables2's `(argument names, ** name)` for `fn`; cached for functions and bound methods."""
    if inspect.ismethod(fn):
        return _function_signature(fn.__func__, True)
    if inspect.isfunction(fn):
        return _function_signature(fn, False)
    return _uncached_signature(fn)  # a partial or a callable object: as tables2 does it


def install() -> None:
    """Replace the module global that `call_with_appropriate` looks up on every call."""
    utils.signature = signature
