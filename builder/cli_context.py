"""What every `showcase` command shares: find the project from mkdocs.yml, exit cleanly.

The CLI reads the same `plugins: - showcase: {...}` entry that `mkdocs build` does, through
MkDocs' own config loader, so both paths see one configuration. A command reads mkdocs.yml
once (`project_or_fail`) and keeps the loaded MkDocs config for anything else it needs.
Owner mistakes (any ShowcaseError) end a command one way: the message on stderr, exit
status 1, no traceback (`owner_errors`).
"""

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import click

from builder.errors import ProjectError, ShowcaseError
from builder.models.config import Paths, ShowcaseConfig

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig

DEFAULT_CONFIG = "mkdocs.yml"

config_option = click.option(
    "-f",
    "--config-file",
    default=DEFAULT_CONFIG,
    show_default=True,
    type=click.Path(dir_okay=False),
    help="The project's mkdocs.yml (its folder is the project root).",
)


@dataclass(frozen=True)
class Project:
    """mkdocs.yml read once: the plugin's validated settings, the root, MkDocs' own config."""

    config: ShowcaseConfig
    root: Path
    mkdocs: "MkDocsConfig"

    @property
    def paths(self) -> Paths:
        return Paths.resolve(self.config, self.root)

    @property
    def plugin(self) -> Any:  # -> ShowcasePlugin (MkDocs' instance, the one a build uses)
        return self.mkdocs.plugins["showcase"]


def load_project(config_file: str | Path = DEFAULT_CONFIG) -> Project:
    path = Path(config_file).resolve()
    if not path.is_file():
        raise ProjectError(f"{config_file}: no such file (run from the project folder or pass -f)")
    mkdocs_config = load_mkdocs_config(path)
    plugin = mkdocs_config.plugins.get("showcase")
    if plugin is None:
        raise ProjectError(f"{config_file}: the 'showcase' plugin is not listed under plugins:")
    return Project(config=plugin.settings, root=path.parent, mkdocs=mkdocs_config)


def load_mkdocs_config(path: Path, **overrides: object) -> "MkDocsConfig":
    from mkdocs.config import load_config
    from mkdocs.exceptions import ConfigurationError

    try:
        return load_config(str(path), **overrides)
    except ConfigurationError as exc:
        raise ProjectError(f"{path.name}: {exc}") from None


def fail(message: str) -> NoReturn:
    """An owner-facing error: the message on stderr, exit status 1, no traceback."""
    click.echo(message, err=True)
    sys.exit(1)


@contextmanager
def owner_errors() -> Iterator[None]:
    """Turn an owner mistake raised inside the block into `fail(...)`; our bugs propagate."""
    try:
        yield
    except ShowcaseError as exc:
        fail(exc.render())


def project_or_fail(config_file: str | Path) -> Project:
    """The project from mkdocs.yml, or a clean exit saying why not."""
    try:
        return load_project(config_file)
    except ShowcaseError as exc:
        fail(exc.render())
