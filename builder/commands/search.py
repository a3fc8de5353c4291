"""`showcase search`: rank achievements with the full model and FAISS (the quality reference)."""

import json

import click

from builder.commands.options import config_option


@click.command("search")
@click.argument("query")
@click.option("-k", "k", default=10, show_default=True, type=click.IntRange(1, 1000))
@click.option("--json", "as_json", is_flag=True, help="Print the results as a JSON list.")
@config_option
def search(query: str, k: int, as_json: bool, config_file: str) -> None:
    """Rank the published achievements for QUERY with the full sentence-transformer."""
    from builder.cache import Cache
    from builder.cli_context import ProjectError, load_project
    from builder.errors import ShowcaseInputError
    from builder.load import load_portfolio
    from builder.models.config import Paths
    from builder.search.reference import full_model_search

    try:
        config, root = load_project(config_file)
        paths = Paths.resolve(config, root)
        portfolio = load_portfolio(paths).public()
    except (ProjectError, ShowcaseInputError) as exc:
        raise click.ClickException(str(exc)) from None
    results = full_model_search(portfolio, config.search, Cache(paths.cache_dir), query, k)
    if as_json:
        click.echo(json.dumps(results, indent=2))
        return
    if not results:
        click.echo("No achievements to search.")
    for rank, result in enumerate(results, start=1):
        click.echo(f"{rank:>3}. {result['score']:.3f}  {result['title']}  ({result['id']})")


commands: list[click.Command] = [search]
