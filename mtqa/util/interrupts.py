"""SIGTERM and SIGHUP handled like Ctrl-C: the command line's handler raises `Interrupted`, which unwinds the
scan (temporary files removed, workers stopped). Python drops an exception raised while it runs a
finaliser, so the signal is also remembered, and `check()` raises it again at safe points: per unit, and
before a report replaces its file; `quiet_finalisers` keeps Python from printing the dropped raise (with a
traceback) meanwhile.
"""

from __future__ import annotations

import signal
from collections.abc import Callable
from typing import Any

_pending: list[int] = []


class Interrupted(BaseException):
    """A termination signal arrived (a BaseException, like KeyboardInterrupt: `except Exception` lets it by)."""

    def __init__(self, signum: int) -> None:
        super().__init__(signal.Signals(signum).name)
        self.signum = signum


def request(signum: int, frame: Any = None) -> None:
    """The signal handler: remember the signal and raise."""
    _pending.append(signum)
    raise Interrupted(signum)


def check() -> None:
    """Raise `Interrupted` again if a signal arrived (in case the first raise was swallowed)."""
    if _pending:
        raise Interrupted(_pending[0])


def clear() -> None:
    _pending.clear()


def quiet_finalisers(previous: Callable[[Any], object]) -> Callable[[Any], None]:
    """A `sys.unraisablehook` that passes over an `Interrupted` raised in a finaliser (it is remembered,
    and raised again by `check()`) and leaves everything else to `previous`."""

    def hook(unraisable: Any) -> None:
        if not isinstance(unraisable.exc_value, Interrupted):
            previous(unraisable)

    return hook
