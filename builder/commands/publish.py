"""`showcase` commands of the publish stage: the PDFs and JSON Resume, outside a site build."""

from pathlib import Path

import click

from builder.cli_context import config_option, fail, owner_errors, project_or_fail


def _write(path: Path, data: bytes) -> None:
    """Atomically, and readable like any file the owner saves (mkstemp makes it 0600)."""
    from builder.cache import atomic_write_bytes

    atomic_write_bytes(path, data)
    path.chmod(0o644)


def _enriched(config_file: str):
    """The project's data after every enrich stage (imports are lazy: `--help` stays fast)."""
    from builder.models.options import BuildOptions
    from builder.pipeline import enrich

    project = project_or_fail(config_file)
    options = BuildOptions(site_url=project.mkdocs.site_url)
    with owner_errors():
        return enrich(project.config, project.root, options)


@click.command("pdf")
@config_option
@click.argument("which", type=click.Choice(["resume", "pitch", "all"]), default="all")
@click.option(
    "-o",
    "--out-dir",
    default="downloads",
    show_default=True,
    type=click.Path(file_okay=False),
    help="Folder the PDFs are written into.",
)
@click.option("--role", help="Target role of the pitch (default: the first in the profile).")
def pdf(config_file: str, which: str, out_dir: str, role: str | None) -> None:
    """Write resume.pdf and/or pitch.pdf into OUT_DIR."""
    from builder.render.pdf.pitch import render_pitch
    from builder.render.pdf.resume import render_resume

    enriched = _enriched(config_file)
    out = Path(out_dir)
    if which in ("resume", "all"):
        result = render_resume(enriched)
        _write(out / "resume.pdf", result.pdf)
        click.echo(
            f"wrote {out / 'resume.pdf'}: {result.pages} page(s), "
            f"{len(result.included)} achievements"
        )
        if result.dropped:
            click.echo(
                f"  left out to fit {enriched.config.pdf.resume_max_pages} page(s): "
                + ", ".join(result.dropped)
            )
    if which in ("pitch", "all"):
        roles = enriched.portfolio.profile.target_roles
        if role is not None and role not in roles:
            fail(f"--role: '{role}' is not a target role in the profile; expected one of {roles}")
        _write(out / "pitch.pdf", render_pitch(enriched, role))
        click.echo(f"wrote {out / 'pitch.pdf'} (role: {role or roles[0]})")


@click.group("jsonresume")
def jsonresume() -> None:
    """Export the portfolio as JSON Resume, or import a JSON Resume file."""


@jsonresume.command("export")
@config_option
@click.option(
    "-o",
    "--output",
    default="-",
    show_default=True,
    type=click.Path(dir_okay=False, allow_dash=True),
    help="File to write; '-' prints to standard output.",
)
def jsonresume_export(config_file: str, output: str) -> None:
    """Write resume.json (validated against the JSON Resume schema)."""
    from builder.render.jsonresume import export_bytes

    data = export_bytes(_enriched(config_file))
    if output == "-":
        click.echo(data.decode("utf-8"), nl=False)
    else:
        _write(Path(output), data)
        click.echo(f"wrote {output}", err=True)


@jsonresume.command("import")
@config_option
@click.argument("source", type=click.Path(exists=True, dir_okay=False))
def jsonresume_import(config_file: str, source: str) -> None:
    """Add the profile and achievements of a JSON Resume file SOURCE (never overwrites)."""
    from builder.load.jsonresume import import_resume

    project = project_or_fail(config_file)
    paths, root = project.paths, project.root
    with owner_errors():
        report = import_resume(Path(source).resolve(), paths.data_dir, paths.profile_file, root)
    click.echo(f"wrote {len(report.written)} file(s); skipped {len(report.skipped)}")
    for path in report.written:
        click.echo(f"  + {path.relative_to(root)}")
    for what, why in report.skipped:
        click.echo(f"  - {what}: {why}")


commands: list[click.Command] = [pdf, jsonresume]
