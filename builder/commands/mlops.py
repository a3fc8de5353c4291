"""`showcase` commands of the mlops stage: `train` and `model status`."""

import click

from builder.cli_context import config_option, fail, owner_errors, project_or_fail


@click.command("train")
@config_option
def train(config_file: str) -> None:
    """Train the impact model when data, parameters or code changed (a no-op otherwise),
    run the promotion gate and the drift check, and print the outcome."""
    from builder.mlops.lifecycle import run_lifecycle
    from builder.mlops.status import report_summary
    from builder.models.options import BuildOptions
    from builder.pipeline import Session, enrich

    project = project_or_fail(config_file)
    if not project.config.mlops.enabled:
        fail("the impact model is switched off (mlops.enabled: false)")
    session = Session()
    with owner_errors():
        priced = enrich(
            project.config, project.root, BuildOptions(), until="value", session=session
        )
    # The build's text feature too, or `train` would fit another schema than `build`.
    embedder = session.embedder(project.config.search.model, session.cache(priced.paths.cache_dir))
    report = run_lifecycle(
        priced.portfolio, priced.values, project.config.mlops, project.root, embedder.embed
    )
    click.echo(report_summary(report))


@click.group("model")
def model() -> None:
    """Inspect the impact model's registry."""


@model.command("status")
@config_option
@click.option("--last", default=5, show_default=True, help="Promotion decisions to show.")
def status(config_file: str, last: int) -> None:
    """Registered versions, aliases, metrics, latest promotion decisions and any pending
    retraining request (reads the registry only; trains nothing)."""
    from builder.mlops.registry import Registry
    from builder.mlops.status import registry_status

    project = project_or_fail(config_file)
    registry = Registry(project.root / project.config.mlops.registry_dir)
    click.echo(registry_status(registry, last=last))


commands: list[click.Command] = [train, model]
