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
        mode = f", {result.output_mode} output" if result.output_mode else ""
        click.echo(f"Endpoint:  {result.endpoint_kind} at {result.endpoint}{mode}")
    if result.models:
        for task, name in result.models.items():
            click.echo(f"  {task:<10} {name:<24} {result.prompt_versions[task]}")
    model_texts = result.texts - len(result.fallbacks)
    click.echo(
        f"Texts:     {result.texts} ({model_texts} from "
        f"{'the model' if result.models else 'templates'}, {len(result.fallbacks)} fell back)"
    )
    for reason, count in result.fallback_reasons.items():
        click.echo(f"  {count:>4}  {reason}")
    if result.models:
        echo_guard(result.guard)
        click.echo(f"Requests:  {result.requests}, cache hits: {result.cache_hits}")
        cache_file = enriched.paths.root / settings.cache_file
        click.echo(f"Cache:     {cache_file} ({settings.cache_mode})")


def echo_guard(guard: dict[str, int]) -> None:
    """The grounding guard's figures: replies accepted, rejected and why."""
    rejected = {v: n for v, n in guard.items() if v != "accepted"}
    click.echo(
        f"Guard:     {guard.get('accepted', 0)} replies accepted, {sum(rejected.values())} rejected"
    )
    for verdict, count in rejected.items():
        click.echo(f"  {count:>4}  {verdict}")


@click.group("prompts")
def prompts() -> None:
    """Prompt variants and their A/B evaluation."""


@prompts.command("evaluate")
@config_option
@cache_option
def evaluate(config_file: str, cache_mode: str | None) -> None:
    """Run every prompt variant on every item, score them with the rubric, pick winners."""
    from builder.cache import Cache
    from builder.cli_context import owner_errors
    from builder.models.options import BuildOptions
    from builder.narratives.environment import endpoint_environment
    from builder.narratives.stage import evaluate_variants, guard_tally

    options = BuildOptions.model_validate({"llm_cache": cache_mode})
    enriched = _enriched(config_file, options, until="mlops")
    with owner_errors():
        evaluations, writer, failed = evaluate_variants(
            enriched.portfolio,
            enriched.values,
            enriched.model,
            options.narrative_settings(enriched.config.narratives),
            enriched.paths,
            roles=enriched.roles,
            environ=endpoint_environment(),
            cache=Cache(enriched.paths.cache_dir),
        )
    if writer is None or writer.client is None:
        click.echo("No model endpoint is configured: only the template variants were scored.")
    else:
        assert writer.endpoint is not None
        click.echo(f"Endpoint:  {writer.endpoint.kind} at {writer.endpoint.host}")
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
    if writer is not None:
        echo_guard(guard_tally(writer.verdicts))
        click.echo(f"Requests:  {writer.requests}; {len(failed)} texts produced no usable reply")


commands: list[click.Command] = [narratives, prompts]
