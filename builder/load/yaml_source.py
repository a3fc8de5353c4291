"""YAML reading that remembers where every key stands, so errors can name the line.

Owner files may come from elsewhere (a JSON Resume import, a draft made from a PR export), so
the reader is bounded: a size cap, a nesting cap, no aliases (a few hundred bytes of nested
aliases expand to gigabytes), and no control characters in any text (they would pass into
pages, PDFs and the YAML that `showcase ingest` writes).
"""

import re
from pathlib import Path
from typing import Any

import yaml
from yaml.composer import ComposerError

from builder.errors import InputProblem

Location = tuple[str | int, ...]

SIZE_LIMIT = 4 * 1024 * 1024  # a portfolio file is kilobytes; PyYAML reads ~1 MB/s
DEPTH_LIMIT = 50  # achievements nest three levels deep (metrics[0].name)
# C0 controls but tab, newline and carriage return; DEL; C1 controls.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


class _Loader(yaml.SafeLoader):
    """SafeLoader without implicit timestamps: dates stay strings and pydantic parses them,
    so '2024-13-01' becomes a field error with a line number instead of a crash. Aliases are
    refused and nesting is capped while composing, before anything is expanded."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._depth = 0

    def compose_node(self, parent: yaml.Node | None, index: Any) -> yaml.Node | None:
        if self.check_event(yaml.AliasEvent):
            mark = self.peek_event().start_mark
            raise ComposerError(
                None, None, "aliases (*name) are not supported: write the value out", mark
            )
        self._depth += 1
        try:
            if self._depth > DEPTH_LIMIT:
                mark = self.peek_event().start_mark
                raise ComposerError(None, None, f"nested more than {DEPTH_LIMIT} levels deep", mark)
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


class YamlDocument:
    """Parsed data plus a map from location (keys and indexes) to 1-based line numbers."""

    def __init__(self, data: Any, lines: dict[Location, int]) -> None:
        self.data = data
        self.lines = lines

    def line_of(self, loc: Location) -> int | None:
        """The line of `loc`, or of its nearest enclosing location that has one."""
        for end in range(len(loc), -1, -1):
            line = self.lines.get(tuple(loc[:end]))
            if line is not None:
                return line
        return None


def read_yaml(path: Path, label: str) -> tuple[YamlDocument | None, list[InputProblem]]:
    """Parse one YAML file. Returns the document, or None and the problems found."""
    size = path.stat().st_size
    if size > SIZE_LIMIT:
        message = (
            f"the file is {size / 2**20:.1f} MiB, over the {SIZE_LIMIT // 2**20} MiB limit for "
            "one YAML file; split it into several files"
        )
        return None, [InputProblem(label, None, None, message)]
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        return None, [InputProblem(label, None, None, f"not UTF-8 text ({exc.reason})")]
    if not text.strip():
        return None, [InputProblem(label, None, None, "the file is empty")]
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None, [InputProblem(label, None, None, "the file holds no YAML document")]
        problems = _duplicate_keys(node, label) + _control_characters(node, label, ())
        data = loader.construct_document(node)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        reason = exc.problem or str(exc)
        return None, [InputProblem(label, line, None, f"malformed YAML: {reason}")]
    except yaml.YAMLError as exc:
        return None, [InputProblem(label, None, None, f"malformed YAML: {exc}")]
    finally:
        loader.dispose()
    lines: dict[Location, int] = {}
    _record_lines(node, (), lines)
    return YamlDocument(data, lines), problems


def _record_lines(node: yaml.Node, loc: Location, lines: dict[Location, int]) -> None:
    lines.setdefault(loc, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            child = (*loc, str(key_node.value))
            lines[child] = key_node.start_mark.line + 1
            _record_lines(value_node, child, lines)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _record_lines(item, (*loc, index), lines)


def _duplicate_keys(node: yaml.Node, label: str) -> list[InputProblem]:
    """PyYAML silently keeps the last of two equal keys; the owner would lose data unseen."""
    problems: list[InputProblem] = []
    if isinstance(node, yaml.MappingNode):
        seen: set[str] = set()
        for key_node, value_node in node.value:
            key = str(key_node.value)
            if key in seen:
                line = key_node.start_mark.line + 1
                problems.append(InputProblem(label, line, key, f"key '{key}' appears twice"))
            seen.add(key)
            problems += _duplicate_keys(value_node, label)
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            problems += _duplicate_keys(item, label)
    return problems


def _control_characters(node: yaml.Node, label: str, loc: Location) -> list[InputProblem]:
    """Every text holding a control character (written as an escape like "\\x1b"), by line."""
    if isinstance(node, yaml.ScalarNode):
        found = _CONTROL.search(node.value)
        if found is None:
            return []
        code = f"U+{ord(found.group()):04X}"
        message = f"holds the control character {code}; delete it (it cannot be shown or printed)"
        return [InputProblem(label, node.start_mark.line + 1, field_path(loc) or None, message)]
    problems: list[InputProblem] = []
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            child = (*loc, str(key_node.value))
            problems += _control_characters(key_node, label, loc)
            problems += _control_characters(value_node, label, child)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            problems += _control_characters(item, label, (*loc, index))
    return problems


def field_path(loc: Location) -> str:
    """('metrics', 0, 'before') -> 'metrics[0].before'."""
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out
