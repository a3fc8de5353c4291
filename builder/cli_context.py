"""Find the project from mkdocs.yml: the plugin's validated settings and the project root.

The CLI reads the same `plugins: - showcase: {...}` entry that `mkdocs build` does, through
MkDocs' own config loader, so both paths see one configuration.
"""

from pathlib import Path

from builder.models.config import ShowcaseConfig

DEFAULT_CONFIG = "mkdocs.yml"


class ProjectError(Exception):
    """mkdocs.yml missing, unreadable, or without the showcase plugin."""


def load_project(config_file: str | Path = DEFAULT_CONFIG) -> tuple[ShowcaseConfig, Path]:
    path = Path(config_file).resolve()
    if not path.is_file():
        raise ProjectError(f"{config_file}: no such file (run from the project folder or pass -f)")
    mkdocs_config = load_mkdocs_config(path)
    plugin = mkdocs_config.plugins.get("showcase")
    if plugin is None:
        raise ProjectError(f"{config_file}: the 'showcase' plugin is not listed under plugins:")
    return plugin.settings, path.parent


def load_mkdocs_config(path: Path, **overrides: object):  # -> MkDocsConfig
    from mkdocs.config import load_config
    from mkdocs.exceptions import ConfigurationError

    try:
        return load_config(str(path), **overrides)
    except ConfigurationError as exc:
        raise ProjectError(f"{path.name}: {exc}") from None
