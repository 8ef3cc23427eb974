"""Python's cyclic garbage collector paused while a site is read and rendered.

Generation makes hundreds of thousands of objects (papers, their details, rendered parts) that
all live until the pages are written, and frees the rest by reference counting: it makes no
reference cycles worth a collection. Yet every so often the collector walks all of them, in
vain, over objects that will all be freed together at the end. Pausing it does not change the
process's peak memory; what it saves is in benchmarks/README.md (speedups.py).
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collection_paused() -> Iterator[None]:
    """No cyclic collection inside (a function decorated with it, or a ``with`` block); the
    collector is left as it was found, so nested pauses resume only at the outermost."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
