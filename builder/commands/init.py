"""`showcase init`: start a portfolio of one's own (never overwrites a file)."""

from pathlib import Path

import click
import yaml

from builder.cli_context import fail, owner_errors


@click.command("init")
@click.argument("directory", default=".", type=click.Path(file_okay=False))
@click.option("--name", help="Your full name (the profile, the site's title).")
@click.option("--github", metavar="LOGIN", help="Your GitHub login: site_url LOGIN.github.io.")
@click.option(
    "--from-json-resume",
    "json_resume",
    type=click.Path(exists=True, dir_okay=False),
    help="Start the profile and achievements from a JSON Resume file.",
)
@click.option("--demo", is_flag=True, help="Start from the demo portfolio instead.")
def init(
    directory: str, name: str | None, github: str | None, json_resume: str | None, demo: bool
) -> None:
    """Create a new portfolio in DIRECTORY (default: here); existing files are kept."""
    from builder.load.jsonresume import import_resume
    from builder.scaffold.project import plan, write_new

    if not (name or json_resume or demo):
        fail("Give your name: showcase init DIRECTORY --name 'Full Name'")
    if demo and json_resume:
        fail("--demo and --from-json-resume exclude each other: pick one")
    root = Path(directory).resolve()
    imported: list[Path] = []
    with owner_errors():
        if json_resume:  # first, so the resume's profile is the one written
            data = root / "achievements"
            report = import_resume(Path(json_resume).resolve(), data, data / "profile.yml", root)
            imported = [path.relative_to(root) for path in report.written]
            name = name or profile_name(data / "profile.yml")
        # a resume brings real achievements: no example to publish among them
        files = plan(name or "", github, demo=demo, example=not json_resume)
        written = write_new(root, files)
    for path in imported:
        click.echo(f"  imported {path}")
    for path in written.written:
        click.echo(f"  wrote    {path}")
    for path in written.kept:
        click.echo(f"  kept     {path} (exists)")
    click.echo(
        f"{len(written.written) + len(imported)} files written, {len(written.kept)} kept in "
        f"{root}. Next: edit achievements/profile.yml, then `showcase build`."
    )


def profile_name(profile: Path) -> str:
    """The name in an existing profile (the resume's, or one kept from before)."""
    data = yaml.safe_load(profile.read_text(encoding="utf-8")) if profile.is_file() else None
    return str(data.get("name", "")) if isinstance(data, dict) else ""


commands: list[click.Command] = [init]
