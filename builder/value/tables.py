"""Benchmark tables and tool output, read cell by cell.

About seven claims in ten on real PRs sit in tables, not sentences: Markdown pipe tables
(often hard-wrapped in the middle of a row), pipe-less GFM tables, box-drawing tables pasted
from a terminal, hyperfine's "Time (mean ± σ)" blocks and criterion's "change: [...]" lines.
This module turns each into rows of cells with the header beside them; signals.py decides
which columns are before, after and change. Every scan here is a plain line loop or a
bounded pattern, so it is linear on any input.
"""

import re
from dataclasses import dataclass

from builder.value.parse import NUMBER, clean, split_fences

# A header/body separator: "|---|:--:|", "-- | --", "├────┼────┤".
_SEPARATOR = re.compile(r"^[\s|:\-+]{0,2000}$")
_BOX_RULE = re.compile(r"^[\s─━┌┐└┘├┤┬┴┼╭╮╰╯═╞╡╪]{1,2000}$")
_MAX_ROWS = 400
# hyperfine: "Benchmark 1: main" then "Time (mean ± σ):  3.108 s ±  0.026 s"
_HYPERFINE_NAME = re.compile(r"^\s{0,8}Benchmark\s{1,4}(?:\d{1,3}|#\d{1,3})?:?\s{0,4}(.{0,200})$")
_HYPERFINE_TIME = re.compile(
    rf"^\s{{0,8}}Time\s{{1,4}}\(mean\s{{0,2}}±\s{{0,2}}σ\):\s{{0,20}}({NUMBER})\s{{0,4}}"
    r"(ns|µs|μs|us|ms|s)\b"
)
# criterion: "change: [-5.12% -4.30% -3.51%] (p = 0.00 < 0.05)"
_CRITERION_CHANGE = re.compile(
    rf"^\s{{0,40}}(?:change|time):\s{{0,8}}\[\s{{0,4}}([+\-−]?{NUMBER})\s{{0,2}}%\s{{1,8}}"
    rf"([+\-−]?{NUMBER})\s{{0,2}}%\s{{1,8}}([+\-−]?{NUMBER})\s{{0,2}}%\s{{0,4}}\]"
)
_CRITERION_NAME = re.compile(r"^\s{0,4}([\w/:.\- ]{1,120}?)\s{1,20}time:\s{0,8}\[")
# A listing: "main   (1 shard):  13m 46s", "- 55 KB wheel: async -1.0%" (one entry a line)
_LISTED = re.compile(r"^\s{0,8}(?:[-*+]\s{1,4})?([^:|│\n]{1,80}?)\s{0,4}:\s{1,40}(\S.{0,199})$")


@dataclass(frozen=True)
class Row:
    """One data row of a table, with the header cells it sits under."""

    header: tuple[str, ...]
    cells: tuple[str, ...]
    caption: str = ""  # the line just above the table ("Wall time (ms):"), if any

    def column(self, i: int) -> str:
        return self.header[i] if i < len(self.header) else ""


@dataclass(frozen=True)
class Timing:
    """One benchmark's central figure from tool output (hyperfine's mean)."""

    name: str
    value: float
    unit: str


@dataclass(frozen=True)
class ToolOutput:
    """Benchmarks read from fenced tool output: hyperfine timings, criterion changes."""

    timings: tuple[tuple[Timing, ...], ...]  # one tuple per hyperfine run, in order
    changes: tuple[tuple[str, float], ...]  # (benchmark, median % change) from criterion
    listings: tuple[tuple[tuple[str, str], ...], ...] = ()  # runs of (label, value) lines


def read(text: str) -> tuple[list[Row], ToolOutput]:
    """Every table row in the prose and the fences, and the tool output in the fences."""
    prose, fences = split_fences(clean(text))
    rows = _rows(prose.split("\n"))
    timings: list[tuple[Timing, ...]] = []
    changes: list[tuple[str, float]] = []
    listings: list[tuple[tuple[str, str], ...]] = []
    for block in fences:
        lines = block.split("\n")
        rows += _rows(lines)
        run = _hyperfine(lines)
        if run:
            timings.append(run)
        else:
            listings += _listings(lines)
        changes += _criterion(lines)
    changes += _criterion(prose.split("\n"))
    tools = ToolOutput(tuple(timings), tuple(changes), tuple(listings[:_MAX_ROWS]))
    return rows[:_MAX_ROWS], tools


def _listings(lines: list[str]) -> list[tuple[tuple[str, str], ...]]:
    """Runs of two or more consecutive "label: value" lines in tool output."""
    runs: list[tuple[tuple[str, str], ...]] = []
    current: list[tuple[str, str]] = []
    for line in [*lines, ""]:
        m = _LISTED.match(line)
        if m:
            current.append((m.group(1).strip(), m.group(2).strip()))
            continue
        if len(current) >= 2:
            runs.append(tuple(current))
        current = []
    return runs


def cells(line: str) -> list[str]:
    """A row's cells: split on | or │, the empty edges dropped."""
    parts = [c.strip().strip("*` ") for c in re.split(r"[|│┃]", line)]
    if parts and not parts[0]:
        parts = parts[1:]
    if parts and not parts[-1]:
        parts = parts[:-1]
    return parts


def _is_separator(line: str) -> bool:
    stripped = line.strip()
    return (
        "-" in stripped and bool(_SEPARATOR.match(stripped)) and stripped.count("-") >= 2
    ) or bool(stripped and _BOX_RULE.match(stripped))


def _rows(lines: list[str]) -> list[Row]:
    """Rows of every table in `lines`; a wrapped row is joined until it has all its cells."""
    out: list[Row] = []
    i = 0
    while i < len(lines) and len(out) < _MAX_ROWS:
        sep = _separator_after(lines, i)
        if sep is None:
            i += 1
            continue
        header = cells(" ".join(lines[i:sep]))
        caption = _caption(lines, i)
        i = sep
        while i < len(lines) and _is_separator(lines[i]):
            i += 1
        i = _body(lines, i, header, caption, out)
    return out


def _separator_after(lines: list[str], i: int) -> int | None:
    """Index of the separator if a table header starts at line i (it may wrap once)."""
    if not _has_pipe(lines[i]) or _is_separator(lines[i]):
        return None
    if lines[i].strip().startswith(("┌", "╭")):
        return None
    for j in (i + 1, i + 2):
        if j < len(lines) and _is_separator(lines[j]):
            return j
        if j < len(lines) and not lines[j].strip():
            return None
    return None


def _caption(lines: list[str], header: int) -> str:
    """The short line above a table that names what it measures, within two lines."""
    for j in (header - 1, header - 2):
        if j >= 0 and lines[j].strip():
            line = lines[j].strip()
            return line[:200] if not _has_pipe(line) else ""
    return ""


def _has_pipe(line: str) -> bool:
    return "|" in line or "│" in line or "┃" in line


def _body(lines: list[str], i: int, header: list[str], caption: str, out: list[Row]) -> int:
    width = len(header)
    current: list[str] = []
    while i < len(lines):
        line = lines[i]
        if not line.strip():
            break
        if _is_separator(line):
            i += 1
            continue
        starts_row = line.strip()[:1] in "|│┃" or (_has_pipe(line) and not current)
        if current and _row_done(current, width, starts_row):
            out.append(Row(tuple(header), tuple(cells(" ".join(current))), caption))
            current = []
        if not _has_pipe(line) and not current:
            break
        current.append(line.strip())
        i += 1
    if current:
        out.append(Row(tuple(header), tuple(cells(" ".join(current))), caption))
    return i


def _row_done(current: list[str], width: int, starts_row: bool) -> bool:
    """Whether the lines gathered so far are a whole row, given the next line.

    A piped row wrapped inside its last cell ("| 318.5 → 298" then "s (-6.4%) |") already
    has all its cells before the wrap, so a piped row ends at its closing pipe or where the
    next row starts; a pipe-less row ends as soon as it has all its cells."""
    full = len(cells(" ".join(current))) >= width
    if not current[0].startswith(("|", "│", "┃")):
        return full or (starts_row and _closed(current))
    return (full and _closed(current)) or (starts_row and (full or _closed(current)))


def _closed(current: list[str]) -> bool:
    """A row whose last line ends with a pipe is complete, even when short of cells."""
    return current[-1].rstrip().endswith(("|", "│", "┃"))


def _hyperfine(lines: list[str]) -> tuple[Timing, ...]:
    found: list[Timing] = []
    name = ""
    for line in lines:
        if m := _HYPERFINE_NAME.match(line):
            name = m.group(1).strip()
        elif m := _HYPERFINE_TIME.match(line):
            found.append(Timing(name, float(m.group(1).replace(",", "")), m.group(2)))
    return tuple(found)


def _criterion(lines: list[str]) -> list[tuple[str, float]]:
    out: list[tuple[str, float]] = []
    name = ""
    for line in lines:
        if m := _CRITERION_NAME.match(line):
            name = m.group(1).strip()
        m = _CRITERION_CHANGE.match(line)
        if m and line.lstrip().startswith("change"):
            out.append((name, float(m.group(2).replace("−", "-").replace(",", ""))))
    return out
