"""The two ways clausewise keeps the cyclic GC from walking a loaded dossier again and again (gcpause.py)."""

from __future__ import annotations

import gc
import weakref

from clausewise.gcpause import paused, settled


class _Node:
    def __init__(self) -> None:
        self.me = self  # a reference cycle: only the cyclic collector frees it


def test_paused_turns_the_collector_off_and_back_on() -> None:
    assert gc.isenabled()
    with paused():
        assert not gc.isenabled()
        with paused():
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()


def test_settled_freezes_what_exists_and_still_collects_new_cycles() -> None:
    old = _Node()
    assert gc.get_freeze_count() == 0
    with settled():
        assert gc.get_freeze_count() > 0 and gc.isenabled()
        young = weakref.ref(_Node())
        gc.collect()
        assert young() is None  # cycles made inside are collected as usual
    assert gc.get_freeze_count() == 0  # everything thawed
    ref = weakref.ref(old)
    del old
    gc.collect()
    assert ref() is None  # and collectable again


def test_settled_leaves_an_application_freeze_alone() -> None:
    gc.freeze()
    try:
        frozen = gc.get_freeze_count()
        with settled():
            pass
        assert gc.get_freeze_count() == frozen
    finally:
        gc.unfreeze()


def test_paused_hands_what_it_built_to_the_oldest_generation_unexamined() -> None:
    with paused():
        built = [[n] for n in range(5_000)]  # 5,000 young containers: a collection would walk them all
        cycle = weakref.ref(_Node())
    oldest = {id(o) for o in gc.get_objects(generation=2)}
    assert id(built) in oldest and id(built[-1]) in oldest
    assert gc.get_freeze_count() == 0
    gc.collect()
    assert cycle() is None  # garbage made inside is still collected by a full collection


def test_paused_leaves_an_application_freeze_alone() -> None:
    gc.freeze()
    try:
        frozen = gc.get_freeze_count()
        with paused():
            _ = [[n] for n in range(100)]
        assert gc.get_freeze_count() == frozen
    finally:
        gc.unfreeze()
