"""`showcase` commands of the publish stage: the PDFs, JSON Resume and RenderCV, outside a
site build."""

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
@click.option(
    "--role",
    help="Target role: the resume orders and picks bullets for it, the pitch argues for it "
    "(default: the resume's usual order, the pitch's first role in the profile).",
)
def pdf(config_file: str, which: str, out_dir: str, role: str | None) -> None:
    """Write resume.pdf and/or pitch.pdf into OUT_DIR."""
    from builder.render.pdf.pitch import render_pitch
    from builder.render.pdf.resume import render_resume

    enriched = _enriched(config_file)
    roles = enriched.portfolio.profile.target_roles
    if role is not None and role not in roles:
        fail(f"--role: '{role}' is not a target role in the profile; expected one of {roles}")
    out = Path(out_dir)
    if which in ("resume", "all"):
        result = render_resume(enriched, role)
        _write(out / "resume.pdf", result.pdf)
        click.echo(
            f"wrote {out / 'resume.pdf'}: {result.pages} of {result.page_limit} page(s), "
            f"{len(result.included)} of {len(result.included) + len(result.dropped)} "
            f"achievements as bullets{f' (role: {role})' if role else ''}"
        )
    if which in ("pitch", "all"):
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


@click.group("rendercv")
def rendercv() -> None:
    """Export the CV as a RenderCV input file."""


@rendercv.command("export")
@config_option
@click.option(
    "-o",
    "--output",
    default="-",
    show_default=True,
    type=click.Path(dir_okay=False, allow_dash=True),
    help="File to write (e.g. cv.yaml); '-' prints to standard output.",
)
@click.option("--role", help="Target role whose bullets come first.")
def rendercv_export(config_file: str, output: str, role: str | None) -> None:
    """Write a RenderCV YAML file (validated against RenderCV's JSON Schema)."""
    from builder.render.rendercv import export_yaml

    enriched = _enriched(config_file)
    roles = enriched.portfolio.profile.target_roles
    if role is not None and role not in roles:
        fail(f"--role: '{role}' is not a target role in the profile; expected one of {roles}")
    data = export_yaml(enriched, role)
    if output == "-":
        click.echo(data.decode("utf-8"), nl=False)
    else:
        _write(Path(output), data)
        click.echo(f"wrote {output} (render it with `rendercv render {output}`)", err=True)


commands: list[click.Command] = [pdf, jsonresume, rendercv]
