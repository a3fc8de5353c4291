"""`showcase` commands of the mlops stage: `train` and `model status`."""

import click

from builder.commands.options import config_option, project_or_fail
from builder.errors import ShowcaseInputError


@click.command("train")
@config_option
def train(config_file: str) -> None:
    """Train the impact model when data, parameters or code changed (a no-op otherwise),
    run the promotion gate and the drift check, and print the outcome."""
    from builder.load import load_portfolio
    from builder.mlops.lifecycle import run_lifecycle
    from builder.mlops.status import report_summary
    from builder.models.config import Paths
    from builder.value.stage import price_portfolio

    config, root = project_or_fail(config_file)
    if not config.mlops.enabled:
        raise click.ClickException("the impact model is switched off (mlops.enabled: false)")
    try:
        portfolio = load_portfolio(Paths.resolve(config, root)).public()
    except ShowcaseInputError as exc:
        raise click.ClickException(exc.render()) from None
    values = price_portfolio(portfolio, config.value)
    report = run_lifecycle(portfolio, values, config.mlops, root)
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

    config, root = project_or_fail(config_file)
    click.echo(registry_status(Registry(root / config.mlops.registry_dir), last=last))


commands: list[click.Command] = [train, model]
