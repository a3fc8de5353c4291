"""The `showcase` command: a thin wrapper around the pipeline and MkDocs."""

import logging
from pathlib import Path

import click

from builder.cli_context import config_option, fail, owner_errors, project_or_fail
from builder.commands import init, mlops, narratives, publish, search, tailor, value
from builder.errors import ShowcaseInputError
from builder.models.options import CACHE_MODES, BuildOptions
from builder.progress import interactive

QUIET_LOGGERS = (
    "faiss",
    "faiss.loader",
    "weasyprint",
    "fontTools",
    "sentence_transformers",
    "httpx",
    "openai",
    "urllib3",
    "matplotlib",
    "numexpr",
)


def setup_logging(verbose: bool) -> None:
    level = logging.DEBUG if verbose else logging.INFO
    if interactive():
        from rich.logging import RichHandler

        handler: logging.Handler = RichHandler(show_path=False, show_time=False)
        handler.setFormatter(logging.Formatter("%(message)s"))
    else:
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(levelname)-7s %(message)s"))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    for noisy in QUIET_LOGGERS:  # libraries that narrate their internals at INFO
        logging.getLogger(noisy).setLevel(max(level, logging.WARNING))


@click.group()
@click.option("-v", "--verbose", is_flag=True, help="Show debug messages.")
def cli(verbose: bool) -> None:
    """Build a job-showcase portfolio site from achievements and PR exports."""
    setup_logging(verbose)


@cli.command()
@config_option
def validate(config_file: str) -> None:
    """Check every achievement, the profile and the PR exports; list all problems."""
    from builder.load.sources import collect

    project = project_or_fail(config_file)
    portfolio, problems = collect(project.paths)
    if portfolio is None:
        fail(ShowcaseInputError(problems).render())
    drafts = sum(a.draft for a in portfolio.achievements)
    private = sum(a.private for a in portfolio.achievements)
    click.echo(
        f"OK: {len(portfolio.achievements)} achievements ({drafts} drafts, {private} private), "
        f"{len(portfolio.pull_requests)} pull requests, profile of {portfolio.profile.name}"
    )


@cli.command()
@config_option
@click.option("-d", "--site-dir", type=click.Path(file_okay=False), help="Output folder.")
@click.option("--strict/--no-strict", default=None, help="Fail on warnings (default: mkdocs.yml).")
@click.option(
    "--llm-cache",
    type=click.Choice(CACHE_MODES),
    help="How the narratives' LLM reply cache is used (default: the plugin setting).",
)
def build(
    config_file: str, site_dir: str | None, strict: bool | None, llm_cache: str | None
) -> None:
    """Validate, run the pipeline and build the site with MkDocs (atomically)."""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.exceptions import MkDocsException

    from builder.pipeline import build as build_bundle
    from builder.publish.write import build_atomically

    project = project_or_fail(config_file)  # mkdocs.yml read once, for the pipeline and MkDocs
    options = BuildOptions.model_validate(
        {"llm_cache": llm_cache, "strict": strict, "site_url": project.mkdocs.site_url}
    )
    with owner_errors():  # load validates every file first: an owner mistake stops it here
        project.plugin.bundle = build_bundle(project.config, project.root, options)
    mkdocs_config = project.mkdocs
    if options.strict is not None:
        mkdocs_config.strict = options.strict
    target = Path(site_dir) if site_dir else Path(mkdocs_config.site_dir)

    def build_into(tmp: Path) -> None:
        mkdocs_config.site_dir = str(tmp)
        mkdocs_build(mkdocs_config)

    try:
        build_atomically(target, build_into)
    except MkDocsException as exc:
        fail(f"Build failed: {exc}")
    click.echo(f"Site written to {target}")


@cli.command()
@config_option
@click.option("-a", "--dev-addr", default="127.0.0.1:8000", show_default=True)
def serve(config_file: str, dev_addr: str) -> None:
    """Serve the site with live reload (MkDocs' dev server) on 127.0.0.1."""
    from mkdocs.commands.serve import serve as mkdocs_serve

    project_or_fail(config_file)  # a clean error now; MkDocs re-reads it on every rebuild
    mkdocs_serve(config_file=config_file, dev_addr=dev_addr, livereload=True)


@cli.command()
@config_option
@click.argument("exports", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False))
@click.option("--dry-run", is_flag=True, help="Say what would be written; write nothing.")
def ingest(config_file: str, exports: tuple[str, ...], dry_run: bool) -> None:
    """Turn merged PRs from EXPORTS into draft achievements (idempotent, never overwrites)."""
    from builder.ingest import plan_drafts, write_drafts
    from builder.load.pr_exports import load_exports
    from builder.load.sources import collect

    project = project_or_fail(config_file)
    paths, root = project.paths, project.root
    portfolio, problems = collect(paths)
    prs, export_problems = load_exports(
        [Path(e).resolve() for e in exports], root, paths.github_host
    )
    if portfolio is None or export_problems:
        fail(ShowcaseInputError(problems + export_problems).render())
    drafts, result = plan_drafts(prs, list(portfolio.achievements), paths.data_dir)
    if not dry_run:
        write_drafts(drafts, result)
    verb = "would write" if dry_run else "wrote"
    click.echo(
        f"{verb} {len(drafts)} drafts; {len(result.already_linked)} PRs already linked to an "
        f"achievement; {len(result.not_merged)} not merged; "
        f"{len(result.kept_existing)} draft files kept as they are"
    )
    for path in sorted(drafts):
        click.echo(f"  {path.relative_to(root)}")


@cli.command()
@click.option(
    "-o",
    "--out-dir",
    default="achievements/schema",
    show_default=True,
    type=click.Path(file_okay=False),
)
def schema(out_dir: str) -> None:
    """Write JSON Schemas for achievement, profile and plugin files (editor autocompletion)."""
    from builder.schema import write_schemas

    for path in write_schemas(Path(out_dir)):
        click.echo(f"wrote {path}")


for module in (init, value, mlops, narratives, search, publish, tailor):
    for command in module.commands:
        cli.add_command(command)


def main() -> None:
    cli()
