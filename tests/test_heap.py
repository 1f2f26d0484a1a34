"""The heap settling that keeps full collections off the keys' path frees what it put off."""

from __future__ import annotations

import gc
import weakref

from cockpit import heap


class Node:
    def __init__(self) -> None:
        self.me = self  # a cycle: only the collector frees it


def test_a_cycle_settled_while_alive_is_freed_by_the_quiet_tidy() -> None:
    node = Node()
    gone = weakref.ref(node)
    heap.settle()
    del node
    gc.collect()
    assert gone() is not None  # frozen: the collector does not look at it
    assert not heap.tidy_when_quiet(now=heap._settled_at)  # not quiet yet
    assert heap.tidy_when_quiet(now=heap._settled_at + heap.QUIET)  # type: ignore[operator]
    assert gone() is None
    assert not heap.tidy_when_quiet()  # nothing left to tidy
    gc.unfreeze()


def test_release_hands_a_settled_cycle_back_to_the_collector() -> None:
    node = Node()
    gone = weakref.ref(node)
    heap.settle()
    del node
    heap.release()
    gc.collect()
    assert gone() is None
    assert not heap.tidy_when_quiet(now=10**9)
