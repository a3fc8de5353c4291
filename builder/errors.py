"""Owner mistakes: one error type, printed without a traceback, all of them at once."""

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


class ShowcaseInputError(Exception):
    """Raised with every problem found, so the owner fixes them in one pass."""

    def __init__(self, problems: list[InputProblem]) -> None:
        self.problems = sorted(problems, key=lambda p: (p.file, p.line or 0, p.field or ""))
        super().__init__(self.render())

    def render(self) -> str:
        count = len(self.problems)
        head = f"{count} problem{'s' if count != 1 else ''} in the portfolio data:"
        return "\n".join([head, *(f"  - {p}" for p in self.problems)])


def display_path(path: Path, root: Path | None = None) -> str:
    """A path relative to the project root when possible: shorter messages, stable in tests."""
    if root is not None:
        try:
            return str(path.resolve().relative_to(root.resolve()))
        except ValueError:
            pass
    return str(path)
