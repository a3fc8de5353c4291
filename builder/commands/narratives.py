"""`showcase narratives` and `showcase prompts evaluate`: the narrative stage on its own."""

import click

from builder.cli_context import config_option
from builder.models.options import BACKENDS, CACHE_MODES

cache_option = click.option(
    "--cache",
    "cache_mode",
    type=click.Choice(CACHE_MODES),
    default=None,
    help="Reply cache mode (default: cache_mode in mkdocs.yml, else read-write).",
)


def _enriched(config_file: str, options, until: str):  # noqa: ANN001, ANN202
    """The pipeline up to `until`, exactly as a build runs it (the facts, and so the cache
    keys, must match the build's)."""
    from builder.cli_context import owner_errors, project_or_fail
    from builder.pipeline import enrich

    project = project_or_fail(config_file)
    with owner_errors():
        return enrich(project.config, project.root, options, until=until)


@click.command("narratives")
@config_option
@cache_option
@click.option(
    "--backend",
    type=click.Choice(BACKENDS),
    default=None,
    help="Force templates or the model (default: backend in mkdocs.yml, else auto).",
)
def narratives(config_file: str, cache_mode: str | None, backend: str | None) -> None:
    """Write the narratives, update the reply cache and report what fell back and why."""
    from builder.models.options import BuildOptions

    options = BuildOptions.model_validate({"llm_cache": cache_mode, "backend": backend})
    enriched = _enriched(config_file, options, until="narratives")
    result = enriched.narratives
    settings = options.narrative_settings(enriched.config.narratives)
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
        cache_file = enriched.paths.root / settings.cache_file
        click.echo(f"Cache:     {cache_file} ({settings.cache_mode})")


@click.group("prompts")
def prompts() -> None:
    """Prompt variants and their A/B evaluation."""


@prompts.command("evaluate")
@config_option
@cache_option
def evaluate(config_file: str, cache_mode: str | None) -> None:
    """Run every prompt variant on every item, score them with the rubric, pick winners."""
    from builder.cli_context import owner_errors
    from builder.models.options import BuildOptions
    from builder.narratives.client import endpoint_environment
    from builder.narratives.stage import evaluate_variants

    options = BuildOptions.model_validate({"llm_cache": cache_mode})
    enriched = _enriched(config_file, options, until="mlops")
    with owner_errors():
        evaluations, requests, failed = evaluate_variants(
            enriched.portfolio,
            enriched.values,
            enriched.model,
            options.narrative_settings(enriched.config.narratives),
            enriched.paths,
            roles=enriched.roles,
            environ=endpoint_environment(),
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
