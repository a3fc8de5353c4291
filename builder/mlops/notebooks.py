"""Execute the project's notebooks against the registry and turn them into site pages.

A notebook is executed with nbclient in a python3 kernel of this interpreter, with the
project root as working directory and the registry folder in SHOWCASE_REGISTRY, then
converted to Markdown with nbconvert. Outputs are reduced to plain text (rendered as inert
code blocks, so nothing a notebook prints can inject markup) and memory addresses are
scrubbed, so the page is the same bytes on every build. The converted page is cached by the
notebook's bytes and the model report it describes: an unchanged rebuild starts no kernel.
Under live preview a changed report starts none either (kernel start-up alone is seconds):
the page last executed is shown, marked as such, until `showcase build`.

Same bytes also on a busy machine: the kernel sends what a cell prints in chunks, flushed on
a timer, so under load one cell's prints arrive as several stream outputs, which nbconvert
writes as separate blocks; streams are therefore merged per cell (`coalesce_streams`).
Standard error is dropped: it carries the kernel's own timing-dependent warnings ("IOStream
flush timed out", debugger notices), not the notebook's results. Math libraries run on one
thread, so no reduction depends on how work was split.
"""

import os
import re
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, CellTimeoutError
from nbconvert import MarkdownExporter

from builder.cache import Cache, content_hash
from builder.errors import NotebookExecutionError
from builder.models.mlops import ModelReport
from builder.models.mlops_settings import MlopsSettings

_ADDRESS = re.compile(r" at 0x[0-9a-fA-F]+")
_ANSI = re.compile(r"\x1b\[[0-9;]*m")
CACHE_VERSION = "notebook-page/2"
DETERMINISTIC_ENV = {
    "PYTHONHASHSEED": "0",
    "OMP_NUM_THREADS": "1",
    "OPENBLAS_NUM_THREADS": "1",
    "MKL_NUM_THREADS": "1",
    "PYDEVD_DISABLE_FILE_VALIDATION": "1",
}


def notebook_files(root: Path, settings: MlopsSettings) -> list[Path]:
    folder = root / settings.notebooks_dir
    return sorted(folder.glob("*.ipynb")) if folder.is_dir() else []


def page_path(notebook: Path, count: int) -> str:
    return "mlops/notebook.md" if count == 1 else f"mlops/notebook-{notebook.stem}.md"


def _first_error(nb: nbformat.NotebookNode) -> tuple[int | None, str, str]:
    for index, cell in enumerate(nb.cells):
        for output in cell.get("outputs", []):
            if output.get("output_type") == "error":
                error = f"{output.get('ename', 'Error')}: {output.get('evalue', '')}"
                return index, _ANSI.sub("", error), cell.get("source", "")
    return None, "", ""


def execute(path: Path, root: Path, registry: Path, timeout: int) -> nbformat.NotebookNode:
    display = path.relative_to(root) if path.is_relative_to(root) else path
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(
        nb,
        kernel_name="python3",
        timeout=timeout,
        record_timing=False,
        coalesce_streams=True,
        # The kernel warns on stderr that its local TCP socket is unencrypted, on every build.
        extra_arguments=["--IPKernelApp.log_level=ERROR"],
        resources={"metadata": {"path": str(root)}},
    )
    env = {**os.environ, **DETERMINISTIC_ENV, "SHOWCASE_REGISTRY": str(registry)}
    try:
        client.execute(env=env, cwd=str(root))
    except (CellExecutionError, CellTimeoutError) as exc:
        index, error, source = _first_error(nb)
        if index is None:
            error = _ANSI.sub("", str(exc)).strip().splitlines()[-1] if str(exc) else repr(exc)
            index = next(
                (i for i, c in enumerate(nb.cells) if c.cell_type == "code" and not c.outputs),
                None,
            )
        raise NotebookExecutionError(str(display), index, error, source) from None
    return nb


def _plain(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Keep text outputs only, without addresses, counts or metadata."""
    nb.metadata = nbformat.NotebookNode({"language_info": {"name": "python"}})
    for cell in nb.cells:
        cell.metadata = nbformat.NotebookNode()
        if cell.cell_type != "code":
            continue
        cell.execution_count = None
        kept = []
        for output in cell.outputs:
            kind = output.get("output_type")
            if kind == "stream" and output.get("name") == "stdout":
                output.text = _ADDRESS.sub("", _ANSI.sub("", output.text))
                kept.append(output)
            elif kind in ("execute_result", "display_data") and "text/plain" in output.data:
                text = _ADDRESS.sub("", output.data["text/plain"])
                output.data = nbformat.NotebookNode({"text/plain": text})
                output.metadata = nbformat.NotebookNode()
                if kind == "execute_result":
                    output.execution_count = None
                kept.append(output)
        cell.outputs = kept
    return nb


def to_markdown(nb: nbformat.NotebookNode, source: str) -> str:
    exporter = MarkdownExporter()
    body, _ = exporter.from_notebook_node(_plain(nb))
    body = re.sub(r"\n{3,}", "\n\n", body).strip()
    note = (
        f"*This page is the notebook `{source}`, executed by the build against the model "
        "registry and converted with nbconvert.*"
    )
    match = re.match(r"(# [^\n]+\n)", body)
    if match:
        return f"{match.group(1)}\n{note}\n{body[match.end() :]}\n"
    return f"# Notebook {Path(source).stem}\n\n{note}\n\n{body}\n"


def run_notebooks(
    root: Path,
    settings: MlopsSettings,
    report: ModelReport,
    cache: Cache,
    preview: bool = False,
) -> dict[str, str]:
    """One page per notebook, executed on a cache miss; under live preview a miss starts no
    kernel (seconds per reload) and shows the page last executed instead, or a note."""
    files = notebook_files(root, settings)
    registry = root / settings.registry_dir
    described = report.model_dump(mode="json", exclude={"notebook_pages"})
    pages = {}
    for path in files:
        source = str(path.relative_to(root))
        key = content_hash(CACHE_VERSION, source, path.read_text("utf-8"), described)
        cached = cache.get_json("notebooks", key)
        if cached is None and preview:
            pages[page_path(path, len(files))] = preview_page(path, source, cache)
            continue
        if cached is None:
            nb = execute(path, root, registry, settings.notebook_timeout_s)
            cached = {"markdown": to_markdown(nb, source)}
            cache.put_json("notebooks", key, cached)
        remember_last(cache, source, cached)
        pages[page_path(path, len(files))] = cached["markdown"]
    return pages


def _last_key(source: str) -> str:
    return content_hash(CACHE_VERSION, "last executed", source)


def remember_last(cache: Cache, source: str, page: dict[str, str]) -> None:
    """Keep the newest page of each notebook apart from its content key: a preview whose
    report changed has no page under the new key, and shows this one."""
    if cache.get_json("notebooks-last", _last_key(source)) != page:
        cache.put_json("notebooks-last", _last_key(source), page)


def preview_page(path: Path, source: str, cache: Cache) -> str:
    """The notebook as last executed, marked as such; else a page saying when it runs."""
    last = cache.get_json("notebooks-last", _last_key(source))
    if last is not None:
        title, _, rest = last["markdown"].partition("\n")
        note = (
            "*Live preview: this is the notebook as last executed, before the latest change; "
            "`showcase build` executes it again.*"
        )
        return f"{title}\n\n{note}\n{rest}"
    return (
        f"# {notebook_title(path)}\n\n*Live preview: the notebook `{source}` is executed by "
        "`showcase build`, not on a live reload.*\n"
    )


def notebook_title(path: Path) -> str:
    """The notebook's first Markdown heading, read without a kernel."""
    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            first = cell.source.strip().splitlines()[:1]
            if first and first[0].startswith("# "):
                return first[0][2:].strip()
    return f"Notebook {path.stem}"
