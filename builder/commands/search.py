"""`showcase search`: rank achievements with the full model and FAISS (the quality reference).

The document vectors come from the build's embedding cache; the model is loaded once, for
the queries only, however many there are (`--queries FILE`, or `-` for stdin, one a line).
"""

import json
import sys

import click

from builder.cli_context import config_option


@click.command("search")
@click.argument("query", required=False)
@click.option(
    "--queries",
    "queries_file",
    type=click.File("r", encoding="utf-8"),
    help="Answer every line of this file as a query ('-' reads stdin).",
)
@click.option("-k", "k", default=10, show_default=True, type=click.IntRange(1, 1000))
@click.option("--json", "as_json", is_flag=True, help="Print the results as JSON.")
@config_option
def search(query: str | None, queries_file, k: int, as_json: bool, config_file: str) -> None:
    """Rank the published achievements for QUERY with the full sentence-transformer."""
    from builder.cli_context import fail, owner_errors, project_or_fail
    from builder.models.options import BuildOptions
    from builder.pipeline import Session, enrich
    from builder.render.core_pages import achievement_url
    from builder.search.reference import full_model_search

    queries = read_queries(query, queries_file)
    if not queries:
        fail("give a QUERY, or --queries FILE with one query a line ('-' for stdin)")
    project = project_or_fail(config_file)
    session = Session()
    with owner_errors():
        loaded = enrich(project.config, project.root, BuildOptions(), "load", session)
    cache = session.cache(loaded.paths.cache_dir)
    embedder = session.embedder(project.config.search.model, cache)
    answers = {}
    for text in queries:
        found = full_model_search(loaded.portfolio, project.config.search, cache, text, k, embedder)
        # page URLs are render's to spell
        answers[text] = [{**r, "url": achievement_url(r["id"])} for r in found]
    if as_json:
        # one query keeps the original shape (a list); several give {query: list}
        click.echo(json.dumps(answers[queries[0]] if query else answers, indent=2))
        return
    for text, results in answers.items():
        if len(answers) > 1:
            click.echo(f"# {text}")
        if not results:
            click.echo("No achievements to search.")
        for rank, result in enumerate(results, start=1):
            click.echo(f"{rank:>3}. {result['score']:.3f}  {result['title']}  ({result['id']})")


def read_queries(query: str | None, queries_file) -> list[str]:
    """The argument, or the file's non-blank lines; '-' as QUERY also reads stdin."""
    if query == "-":
        queries_file = sys.stdin
    elif query is not None:
        return [query]
    if queries_file is None:
        return []
    return [line.strip() for line in queries_file if line.strip()]


commands: list[click.Command] = [search]
