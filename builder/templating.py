"""The one Jinja2 environment factory: Markdown pages, PDF HTML, narrative and prompt templates.

Every environment has the escaping filters (md, md_block, link) and the figure filters (usd,
about_usd, round_usd, percent, number) of builder.text; a caller that needs more passes them
in `filters` rather than building an environment of its own. A leaf (jinja2, builder.text and
builder.cache only): any stage may use it.
"""

from collections.abc import Callable, Mapping
from functools import cache
from pathlib import Path

import jinja2

from builder.cache import user_cache_dir
from builder.text import about_usd, link, md_block, md_inline, number, percent, round_usd, usd

FILTERS: dict[str, Callable[..., object]] = {
    "md": md_inline,
    "md_block": md_block,
    "link": link,
    "usd": usd,
    "about_usd": about_usd,
    "round_usd": round_usd,
    "percent": percent,
    "number": number,
}


def environment(
    templates_dir: Path,
    *,
    autoescape: bool = False,
    keep_trailing_newline: bool = True,
    filters: Mapping[str, Callable[..., object]] | None = None,
) -> jinja2.Environment:
    """Markdown output by default: autoescape (HTML-only) is off and escaping is explicit via
    `md`; HTML output (the PDFs) turns autoescape on. One environment per set of arguments."""
    extra = tuple(sorted((filters or {}).items()))
    return _environment(templates_dir, autoescape, keep_trailing_newline, extra)


@cache
def _environment(
    templates_dir: Path,
    autoescape: bool,
    keep_trailing_newline: bool,
    extra: tuple[tuple[str, Callable[..., object]], ...],
) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates_dir)),
        undefined=jinja2.StrictUndefined,
        autoescape=autoescape,
        keep_trailing_newline=keep_trailing_newline,
        trim_blocks=True,
        lstrip_blocks=True,
        bytecode_cache=_compiled(autoescape, keep_trailing_newline),
    )
    env.filters.update(FILTERS)
    env.filters.update(extra)
    return env


def _compiled(autoescape: bool, keep_trailing_newline: bool) -> jinja2.BytecodeCache:
    """Compiled templates kept in the per-user cache: compiling the site's templates is a
    second of every build otherwise. Jinja checks each entry against its template's source;
    the options that change the compiled code get a folder of their own."""
    options = f"{jinja2.__version__}-{int(autoescape)}{int(keep_trailing_newline)}"
    folder = user_cache_dir() / "jinja" / options
    folder.mkdir(parents=True, exist_ok=True)
    return jinja2.FileSystemBytecodeCache(str(folder))
