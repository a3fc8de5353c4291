"""Progress per pipeline stage: a live rich display on a terminal, plain log lines in CI."""

import logging
import os
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from rich.console import Console
from rich.progress import MofNCompleteColumn, Progress

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


@contextmanager
def counter(label: str, total: int) -> Iterator[Callable[[], None]]:
    """Count `total` items done: a rich progress bar on a terminal, a plain line per tenth in
    CI. Yields the function to call once per finished item (thread-safe)."""
    lock = threading.Lock()
    done = 0
    if interactive():
        columns = (*Progress.get_default_columns(), MofNCompleteColumn())
        with Progress(*columns, console=_console) as bar:
            task = bar.add_task(label, total=total)

            def advance() -> None:
                bar.advance(task)

            yield advance
        return
    step = max(1, total // 10)

    def log_line() -> None:
        nonlocal done
        with lock:
            done += 1
            if done % step == 0 or done == total:
                log.info("%s: %d/%d", label, done, total)

    yield log_line
