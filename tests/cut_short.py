"""`python tests/cut_short.py MODULE:FUNCTION N ARGS...`: the quotecheck command line, killed
(SIGKILL, as by the OOM killer or a power cut: no cleanup, no rollback but SQLite's own) at
the Nth call of MODULE.FUNCTION. tests/test_half_built.py cuts builds short with it."""
from __future__ import annotations

import importlib
import os
import signal
import sys


def cut_at(target: str, nth: int) -> None:
    module_name, name = target.split(":")
    module = importlib.import_module(module_name)
    original = getattr(module, name)
    calls = 0

    def killed_on_nth_call(*args, **kwargs):
        nonlocal calls
        calls += 1
        if calls >= nth:
            os.kill(os.getpid(), signal.SIGKILL)
        return original(*args, **kwargs)

    setattr(module, name, killed_on_nth_call)


if __name__ == "__main__":
    cut_at(sys.argv[1], int(sys.argv[2]))
    from quotecheck.cli import cli

    cli(sys.argv[3:])
