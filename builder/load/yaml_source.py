"""YAML reading that remembers where every key stands, so errors can name the line."""

from pathlib import Path
from typing import Any

import yaml

from builder.errors import InputProblem

Location = tuple[str | int, ...]


class _Loader(yaml.SafeLoader):
    """SafeLoader without implicit timestamps: dates stay strings and pydantic parses them,
    so '2024-13-01' becomes a field error with a line number instead of a crash."""


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
        problems = _duplicate_keys(node, label)
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
