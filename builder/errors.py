"""Owner mistakes: one error family, printed without a traceback, all of them at once.

Every error an owner can fix (their files, mkdocs.yml, their notebooks) is a ShowcaseError:
the CLI prints `render()` and exits 1, the MkDocs plugin turns it into one PluginError.
Anything else is our bug and keeps its traceback.
"""

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, order=True)
class InputProblem:
    """One thing wrong in the owner's files, with enough context to fix it."""

    file: str
    line: int | None
    field: str | None
    message: str

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        field = f" [{self.field}]" if self.field else ""
        return f"{where}{field}: {self.message}"


class ShowcaseError(Exception):
    """An error the owner can act on; the message names the file and what to change."""

    def render(self) -> str:
        return str(self)


class ProjectError(ShowcaseError):
    """mkdocs.yml missing, unreadable, or without the showcase plugin."""


class ShowcaseInputError(ShowcaseError):
    """Raised with every problem found, so the owner fixes them in one pass."""

    def __init__(self, problems: list[InputProblem]) -> None:
        self.problems = sorted(problems, key=lambda p: (p.file, p.line or 0, p.field or ""))
        super().__init__(self.render())

    def render(self) -> str:
        count = len(self.problems)
        head = f"{count} problem{'s' if count != 1 else ''} in the portfolio data:"
        return "\n".join([head, *(f"  - {p}" for p in self.problems)])


class NotebookExecutionError(ShowcaseError):
    """A notebook failed to execute: names the notebook, the cell and the error."""

    def __init__(self, notebook: str, cell: int | None, error: str, source: str = "") -> None:
        self.notebook, self.cell, self.error = notebook, cell, error
        where = f"cell {cell}" if cell is not None else "before any cell ran"
        snippet = "\n".join(f"    {line}" for line in source.strip().splitlines()[:8])
        message = f"{notebook}: {where} failed: {error}"
        super().__init__(f"{message}\n  in:\n{snippet}" if snippet else message)


def display_path(path: Path, root: Path | None = None) -> str:
    """A path relative to the project root when possible: shorter messages, stable in tests."""
    if root is not None:
        try:
            return str(path.resolve().relative_to(root.resolve()))
        except ValueError:
            pass
    return str(path)
