"""A run's stop: asked by the caller, reaching every CP-SAT search the run has going.

The caller hands the engine a `threading.Event` or a `should_stop()` callable
(a web run's reads a flag in the cache). The engine looks at it from the
caller's own thread, between progress reports, so a callable that touches a
database or a cache never runs on a solver thread. Once asked, `StopSignal`
tells CP-SAT to stop every solve it knows about (`stop_search`), and the
neighbourhood search's loop ends: the run returns its best schedule so far.
"""
from __future__ import annotations

import threading
from collections.abc import Callable

from ortools.sat.python import cp_model

StopRequest = threading.Event | Callable[[], bool]


def asked(request: StopRequest | None) -> bool:
    """Whether the caller's event is set or its `should_stop()` says so."""
    if request is None:
        return False
    if isinstance(request, threading.Event):
        return request.is_set()
    return bool(request())


class StopSignal:
    """Set once, by the caller's request or by the engine; thread-safe."""

    def __init__(self) -> None:
        self._event = threading.Event()
        self._lock = threading.Lock()
        self._running: set[cp_model.CpSolver] = set()

    def is_set(self) -> bool:
        return self._event.is_set()

    def set(self) -> None:
        """Stop now: the searches running end at their next check, new ones never start."""
        self._event.set()
        self.reach_running()

    def reach_running(self) -> None:
        """Tell every running CP-SAT solve to stop (again).

        A solve that registered just before the stop but had not entered
        CP-SAT yet ignores `stop_search`; the engine calls this on every tick
        once stopped, so such a solve stops one tick later."""
        with self._lock:
            running = list(self._running)
        for solver in running:
            solver.stop_search()

    def solve(
        self, solver: cp_model.CpSolver, model: cp_model.CpModel, callback: cp_model.CpSolverSolutionCallback | None = None
    ) -> int | None:
        """`solver.solve(model, callback)`'s status, stoppable by this signal; None
        (and the solver never ran) when the stop came first."""
        # CP-SAT catches Ctrl-C by default, ends only the solve it is in, and then leaves
        # Ctrl-C killing the process; the command line's Ctrl-C must reach this signal instead.
        solver.parameters.catch_sigint_signal = False
        with self._lock:
            if self._event.is_set():
                return None
            self._running.add(solver)
        try:
            return solver.solve(model, callback)
        finally:
            with self._lock:
                self._running.discard(solver)
