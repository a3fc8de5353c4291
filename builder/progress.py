"""Progress per pipeline stage: a live rich display on a terminal, plain log lines in CI."""

import logging
import os
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager

from rich.console import Console

log = logging.getLogger("showcase")


def interactive() -> bool:
    """A person is watching: stderr is a terminal and this is not CI."""
    return sys.stderr.isatty() and not os.environ.get("CI")


_console = Console(stderr=True)


@contextmanager
def stage(name: str) -> Iterator[None]:
    """Show `name` while the stage runs, then how long it took."""
    start = time.perf_counter()
    if interactive():
        with _console.status(f"[bold]{name}[/bold]…"):
            yield
        _console.log(f"[green]✓[/green] {name} ({time.perf_counter() - start:.1f}s)")
    else:
        log.info("%s…", name)
        yield
        log.info("%s done in %.1fs", name, time.perf_counter() - start)
