"""The layout the README promises, checked from the source: records are a leaf, data flows one
way (load -> enrich -> render -> publish), and no module imports itself in a circle.

Imports are read with `ast`, function-local ones included: a cycle hidden inside a function is
still a cycle for a newcomer reading the code.
"""

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "builder"

ENRICH = ("value", "mlops", "narratives", "search")
# What each part may never import (by the first name after `builder.`).
FORBIDDEN = {
    "load": {*ENRICH, "render", "publish", "commands", "cli", "pipeline"},
    **{stage: {"render", "publish", "commands", "cli", "pipeline"} for stage in ENRICH},
    "render": {"publish", "commands", "cli", "pipeline"},
    "tailor": {"render", "publish", "commands", "cli", "pipeline"},
    "text": {*ENRICH, "load", "render", "publish", "commands", "cli", "pipeline", "models"},
    "templating": {*ENRICH, "load", "render", "publish", "commands", "cli", "pipeline"},
}
HEAVY = (
    "sklearn",
    "scipy",
    "torch",
    "openai",
    "sentence_transformers",
    "faiss",
    "transformers",
    "onnxruntime",
)


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imports_of(path: Path) -> set[str]:
    """Every module `path` imports, as absolute dotted names (relative imports resolved)."""
    tree = ast.parse(path.read_text("utf-8"))
    here = module_name(path).split(".")
    package = here if path.name == "__init__.py" else here[:-1]
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                prefix = package[: len(package) - node.level + 1]
                base = ".".join([*prefix, base] if base else prefix)
            found.add(base)
            # `from builder.search import related` imports the submodule builder.search.related
            found.update(f"{base}.{alias.name}" for alias in node.names)
    return found


def builder_graph() -> dict[str, set[str]]:
    modules = {module_name(p): p for p in PACKAGE.rglob("*.py")}
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        graph[name] = {m for m in imports_of(path) if m in modules and m != name}
    return graph


def part(module: str) -> str:
    """The pipeline part a module belongs to: builder.value.parse -> value."""
    return module.split(".")[1] if "." in module else module


def test_records_are_a_leaf() -> None:
    stdlib = set(sys.stdlib_module_names)
    for path in (PACKAGE / "models").rglob("*.py"):
        for target in imports_of(path):
            top = target.split(".")[0]
            if target.startswith("builder."):
                assert target.startswith("builder.models"), f"{path.name} imports {target}"
            else:
                assert top in stdlib or top in ("pydantic", "typing_extensions"), (
                    f"{path.relative_to(ROOT)} imports {target}: records use pydantic only"
                )


def test_data_flows_one_way() -> None:
    bad = []
    for module, targets in builder_graph().items():
        banned = FORBIDDEN.get(part(module), set())
        bad += [f"{module} -> {t}" for t in sorted(targets) if part(t) in banned]
    assert bad == []


def test_no_import_cycles() -> None:
    graph = builder_graph()
    cycles = [c for c in strongly_connected(graph) if len(c) > 1]
    assert cycles == []


def test_no_cycles_between_parts() -> None:
    """value may use load's records, mlops may use value's; never the other way round too."""
    parts: dict[str, set[str]] = {}
    for module, targets in builder_graph().items():
        if "." not in module.removeprefix("builder."):
            continue  # top-level leaves (text, cache, errors...) are not parts
        source = part(module)
        parts.setdefault(source, set()).update(
            part(t) for t in targets if part(t) != source and "." in t.removeprefix("builder.")
        )
    cycles = [c for c in strongly_connected(parts) if len(c) > 1]
    assert cycles == []


def test_forbidden_edge_is_caught() -> None:
    """The checks above can fail: a render import inside an enrich stage is an edge they see."""
    source = "def f():\n    from builder.render.site import render_site\n"
    path = PACKAGE / "value" / "_probe_for_test.py"
    path.write_text(source)
    try:
        assert "builder.render.site" in imports_of(path)
        assert part(module_name(path)) == "value"
        assert "render" in FORBIDDEN["value"]
    finally:
        path.unlink()


def strongly_connected(graph: dict[str, set[str]]) -> list[list[str]]:
    """Tarjan's algorithm, iterative (the graph has a few hundred nodes)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    out: list[list[str]] = []
    counter = 0
    for start in sorted(graph):
        if start in index:
            continue
        work = [(start, iter(sorted(graph.get(start, ()))))]
        index[start] = low[start] = counter
        counter += 1
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is None:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[node])
                if low[node] == index[node]:
                    component = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        component.append(member)
                        if member == node:
                            break
                    out.append(sorted(component))
            elif child not in index:
                index[child] = low[child] = counter
                counter += 1
                stack.append(child)
                on_stack.add(child)
                work.append((child, iter(sorted(graph.get(child, ())))))
            elif child in on_stack:
                low[node] = min(low[node], index[child])
    return out


def test_cycle_finder_finds_a_cycle() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert [c for c in strongly_connected(graph) if len(c) > 1] == [["a", "b", "c"]]


@pytest.mark.parametrize("module", ["builder.models", "builder.models.enriched"])
def test_importing_records_loads_no_heavy_library(module: str) -> None:
    code = f"import sys, {module}; print(' '.join(sorted(sys.modules)))"
    loaded = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    ).stdout.split()
    heavy = sorted({m.split(".")[0] for m in loaded} & set(HEAVY))
    assert heavy == []
