"""`showcase search`: rank achievements with the full model and FAISS (the quality reference)."""

import json

import click

from builder.cli_context import config_option


@click.command("search")
@click.argument("query")
@click.option("-k", "k", default=10, show_default=True, type=click.IntRange(1, 1000))
@click.option("--json", "as_json", is_flag=True, help="Print the results as a JSON list.")
@config_option
def search(query: str, k: int, as_json: bool, config_file: str) -> None:
    """Rank the published achievements for QUERY with the full sentence-transformer."""
    from builder.cache import Cache
    from builder.cli_context import owner_errors, project_or_fail
    from builder.models.options import BuildOptions
    from builder.pipeline import enrich
    from builder.render.core_pages import achievement_url
    from builder.search.reference import full_model_search

    project = project_or_fail(config_file)
    with owner_errors():
        loaded = enrich(project.config, project.root, BuildOptions(), until="load")
    cache = Cache(loaded.paths.cache_dir)
    found = full_model_search(loaded.portfolio, project.config.search, cache, query, k)
    # page URLs are render's to spell
    results = [{**r, "url": achievement_url(r["id"])} for r in found]
    if as_json:
        click.echo(json.dumps(results, indent=2))
        return
    if not results:
        click.echo("No achievements to search.")
    for rank, result in enumerate(results, start=1):
        click.echo(f"{rank:>3}. {result['score']:.3f}  {result['title']}  ({result['id']})")


commands: list[click.Command] = [search]
