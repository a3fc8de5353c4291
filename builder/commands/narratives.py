"""`showcase narratives` and `showcase prompts evaluate`: the narrative stage on its own."""

import os
from pathlib import Path

import click

from builder.commands.options import config_option

CACHE_MODES = ("off", "read-only", "read-write", "refresh")

cache_option = click.option(
    "--cache",
    "cache_mode",
    type=click.Choice(CACHE_MODES),
    default=None,
    help="Reply cache mode (default: cache_mode in mkdocs.yml, else read-write).",
)


def _inputs(config_file: str, cache_mode: str | None, backend: str | None):  # noqa: ANN202
    """Settings, paths and the upstream stages' outputs, exactly as a build computes them
    (the facts, and so the cache keys, must match the build's)."""
    from builder.cache import Cache
    from builder.cli_context import ProjectError, load_project
    from builder.errors import ShowcaseInputError
    from builder.load import load_portfolio
    from builder.mlops.stage import run_impact_model
    from builder.models.config import Paths
    from builder.value.stage import price_portfolio

    try:
        config, root = load_project(config_file)
    except ProjectError as exc:
        raise click.ClickException(str(exc)) from None
    update = {k: v for k, v in {"cache_mode": cache_mode, "backend": backend}.items() if v}
    settings = config.narratives.model_copy(update=update)
    paths = Paths.resolve(config, Path(root))
    try:
        portfolio = load_portfolio(paths).public()
    except ShowcaseInputError as exc:
        raise click.ClickException(exc.render()) from None
    values = price_portfolio(portfolio, config.value)
    model = run_impact_model(portfolio, values, config.mlops, paths, Cache(paths.cache_dir))
    return portfolio, values, model, settings, paths


def _environ(cache_mode: str | None) -> dict[str, str]:
    environ = dict(os.environ)
    if cache_mode:
        environ.pop("SHOWCASE_LLM_CACHE", None)  # the option wins over the environment
    return environ


@click.command("narratives")
@config_option
@cache_option
@click.option(
    "--backend",
    type=click.Choice(["auto", "template", "model"]),
    default=None,
    help="Force templates or the model (default: backend in mkdocs.yml, else auto).",
)
def narratives(config_file: str, cache_mode: str | None, backend: str | None) -> None:
    """Write the narratives, update the reply cache and report what fell back and why."""
    from builder.cache import Cache
    from builder.narratives.stage import write_narratives

    portfolio, values, model, settings, paths = _inputs(config_file, cache_mode, backend)
    result = write_narratives(
        portfolio, values, model, settings, paths, Cache(paths.cache_dir), _environ(cache_mode)
    )
    click.echo(f"Backend:   {result.backend}")
    if result.endpoint:
        click.echo(f"Endpoint:  {result.endpoint}")
        for task, name in result.models.items():
            click.echo(f"  {task:<10} {name:<24} {result.prompt_versions[task]}")
    click.echo(
        f"Texts:     {result.texts} ({result.texts - len(result.fallbacks)} from "
        f"{'the model' if result.endpoint else 'templates'}, {len(result.fallbacks)} fell back)"
    )
    for reason, count in result.fallback_reasons.items():
        click.echo(f"  {count:>4}  {reason}")
    if result.endpoint:
        click.echo(f"Requests:  {result.requests}, cache hits: {result.cache_hits}")
        click.echo(f"Cache:     {paths.root / settings.cache_file} ({settings.cache_mode})")


@click.group("prompts")
def prompts() -> None:
    """Prompt variants and their A/B evaluation."""


@prompts.command("evaluate")
@config_option
@cache_option
def evaluate(config_file: str, cache_mode: str | None) -> None:
    """Run every prompt variant on every item, score them with the rubric, pick winners."""
    from builder.narratives.stage import evaluate_variants

    portfolio, values, model, settings, paths = _inputs(config_file, cache_mode, None)
    evaluations, requests, failed = evaluate_variants(
        portfolio, values, model, settings, paths, _environ(cache_mode)
    )
    for ev in evaluations:
        click.echo(f"{ev.kind} variants, {ev.task} ({ev.scored})")
        for v in ev.variants:
            used = " *" if v.variant == ev.winner else ""
            click.echo(
                f"  {v.variant:<4} score {v.mean:.3f}  grounded {v.grounded_rate:.0%}  "
                f"length {v.length_ok_rate:.0%}  sections {v.sections_rate:.0%}  "
                f"keywords {v.keyword_coverage:.0%}  n={v.n}{used}"
            )
        click.echo(f"  {ev.decision}")
    if requests or failed:
        click.echo(f"Requests: {requests}; {len(failed)} texts produced no usable reply")


commands: list[click.Command] = [narratives, prompts]
