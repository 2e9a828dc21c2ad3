"""Python's cycle collector kept off the objects a build holds for its whole length.

Its full collections walk every tracked object: at 2,000 articles the linked model and the
preview's memo are millions of them, walked again and again for over a second of a build, and
in a forked worker walking them writes to the memory pages it shares with the parent, which
then get copied. `gc.freeze()` moves every object alive now out of the collector's reach, and
`gc.unfreeze()` hands them all back; they do not nest, so the stages that want it (the preview's
refresh, the writing of the pages, the MkDocs build that follows a preview's refresh, the page
workers' fork) go through `frozen`, `freeze` and `unfreeze` here: each `freeze` freezes what is
alive now, and only the outermost `unfreeze` hands everything back, so that a model that is no
longer used is freed after all.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator

__all__ = ["freeze", "frozen", "unfreeze"]

_depth = 0


def freeze() -> None:
    """Every object alive now out of the collector's reach, until the matching `unfreeze`."""
    global _depth
    gc.freeze()
    _depth += 1


def unfreeze() -> None:
    """Ends the matching `freeze`: the outermost one hands every frozen object back."""
    global _depth
    if _depth <= 0:
        raise RuntimeError("collector.unfreeze without freeze")
    _depth -= 1
    if _depth == 0:
        gc.unfreeze()


@contextlib.contextmanager
def frozen() -> Iterator[None]:
    """`freeze` for the length of a `with` block."""
    freeze()
    try:
        yield
    finally:
        unfreeze()
