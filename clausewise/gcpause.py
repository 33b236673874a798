"""Pause Python's cyclic garbage collector around work that builds many objects and no reference cycles.

A loaded dossier is millions of long-lived objects; every collection of the oldest generation walks them all,
so a stage that allocates in proportion to the dossier (judging 100k facts builds some 100k findings) pays
a collection walk over the whole heap again and again: superlinear, for no garbage (docs/benchmarks.md, GC).
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused() -> Iterator[None]:
    """The collector off inside the block, or the decorated function (if it was on), back on after; nests."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            _promote()
            gc.enable()


def _promote() -> None:
    """Move every object the collector tracks into the oldest generation without examining it: what a paused
    block built is long-lived (a dossier, its facts, a judgment), and the collector, back on, would otherwise walk
    all of it at the next allocation (the young generation's count has grown by every object made) to find no
    garbage: 8–12 ms after loading 10k facts. ``gc.freeze`` sets that count back to zero and ``unfreeze``
    puts the objects where surviving collections would have put them. Nothing is done when something else (an
    application preloading before ``fork``, :func:`settled`) has frozen objects: unfreezing would thaw theirs."""
    if gc.get_freeze_count():
        return
    gc.freeze()
    gc.unfreeze()


@contextmanager
def settled() -> Iterator[None]:
    """Inside the block, collections leave alone the objects made before it (``gc.freeze``; thawed after, into
    the oldest generation, where they were going). For a stage that makes reference cycles and so keeps the
    collector on, after paused stages whose objects (a loaded dossier, its facts) are all still young: the first
    collections would walk them all, some of them twice. Nothing is done when something else (an application
    preloading before ``fork``) has frozen objects already."""
    if gc.get_freeze_count():
        yield
        return
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()
