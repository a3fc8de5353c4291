"""`showcase value`: price one text (argument, or stdin with '-') with the value engine."""

import json
import sys

import click

from builder.models.value_settings import ValueSettings


@click.command("value")
@click.argument("text", required=False, default="-")
@click.option("--json", "as_json", is_flag=True, help="Print the estimate as one JSON object.")
@click.option(
    "-f",
    "--config-file",
    type=click.Path(dir_okay=False),
    help="Take rates from this mkdocs.yml's showcase plugin (default: built-in rates).",
)
def value(text: str, as_json: bool, config_file: str | None) -> None:
    """Price TEXT in dollars per year, with the formula (TEXT '-' or absent: read stdin)."""
    # imported here: every other command would pay for the engine (and numpy) at start-up
    from builder.value.estimate import estimate_text
    from builder.value.methods.priority import LABELS

    source = sys.stdin.read() if text == "-" else text
    estimate = estimate_text(source, _settings(config_file))
    if as_json:
        click.echo(json.dumps(estimate.contract(), indent=2, sort_keys=False))
        return
    if estimate.quantified:
        click.echo(f"Value:      ${estimate.value_usd_per_year:,.0f}/year")
        click.echo(f"Method:     {LABELS[estimate.method]}")
        click.echo(f"Confidence: {estimate.confidence:.2f}")
        click.echo(f"Formula:    {estimate.formula}")
        click.echo("Assumptions:")
        for label, shown in sorted(estimate.assumptions.items()):
            click.echo(f"  - {label}: {shown}")
    else:
        click.echo("Unquantified: no quantitative claim found, so no dollar value.")
    if estimate.signals:
        click.echo("Measured changes:")
        for s in estimate.signals:
            change = "n/a" if s.relative_change_pct is None else f"{s.relative_change_pct:+.2f}%"
            span = f"{s.before:g} -> {s.after:g} {s.unit}" if s.before is not None else s.unit
            click.echo(f"  - {s.metric}: {span} ({change}, {s.direction})")


def _settings(config_file: str | None) -> ValueSettings:
    """Built-in rates, so the JSON contract is stable; a project's rates only when asked."""
    if config_file is None:
        return ValueSettings()
    from builder.cli_context import project_or_fail

    return project_or_fail(config_file).config.value


commands: list[click.Command] = [value]
