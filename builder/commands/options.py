"""What every `showcase` command shares: the -f/--config-file option and a clean exit."""

import sys
from pathlib import Path
from typing import NoReturn

import click

from builder.cli_context import DEFAULT_CONFIG, ProjectError, load_project
from builder.models.config import ShowcaseConfig

config_option = click.option(
    "-f",
    "--config-file",
    default=DEFAULT_CONFIG,
    show_default=True,
    type=click.Path(dir_okay=False),
    help="The project's mkdocs.yml (its folder is the project root).",
)


def fail(message: str) -> NoReturn:
    """An owner-facing error: the message on stderr, exit status 1, no traceback."""
    click.echo(message, err=True)
    sys.exit(1)


def project_or_fail(config_file: str) -> tuple[ShowcaseConfig, Path]:
    """The plugin settings and project root from mkdocs.yml, or a clean exit saying why not."""
    try:
        return load_project(config_file)
    except ProjectError as exc:
        fail(str(exc))
