"""Markdown pages from the templates under site_templates/pages/ (builder.templating's
environment, with its escaping filters for untrusted text)."""

from pathlib import Path

from builder.templating import environment


def render(templates_dir: Path, name: str, **context: object) -> str:
    return environment(templates_dir).get_template(name).render(**context)
