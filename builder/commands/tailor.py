"""`showcase tailor POSTING`: the owner's best evidence for a job posting, the gaps, a tailored
resume and a cover-letter draft.

The pipeline runs every enrich stage (the resume needs the values and narratives; the
achievement vectors come from the build's cache); the posting's own texts are encoded fresh
and never cached.
"""

import json
import sys
from pathlib import Path

import click

from builder.cli_context import config_option

MAX_READ = 2_000_000  # bytes read from the file; the reader itself keeps the first 100,000 chars


@click.command("tailor")
@click.argument("posting", type=click.Path(dir_okay=False, allow_dash=True))
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON (for scripts).")
@click.option(
    "-o",
    "--out-dir",
    default="tailored",
    show_default=True,
    type=click.Path(file_okay=False),
    help="Folder for resume.pdf and cover-letter.md.",
)
@config_option
def tailor(posting: str, as_json: bool, out_dir: str, config_file: str) -> None:
    """Match POSTING (a text, Markdown or HTML file; '-' reads stdin) with your evidence."""
    from builder.cache import atomic_write_bytes
    from builder.cli_context import fail, owner_errors, project_or_fail
    from builder.load.skills import load_vocabulary
    from builder.models.options import BuildOptions
    from builder.narratives.environment import endpoint_environment
    from builder.pipeline import Session, enrich
    from builder.render.pdf.resume import render_resume
    from builder.tailor.letter import cover_letter
    from builder.tailor.refine import endpoint_ask
    from builder.tailor.stage import tailor as tailor_stage

    text = read_posting(posting)
    if not text.strip():
        fail(f"{posting}: the posting is empty; paste the job description into the file")
    project = project_or_fail(config_file)
    session = Session()
    with owner_errors():
        enriched = enrich(project.config, project.root, BuildOptions(), session=session)
        vocabulary = load_vocabulary(enriched.paths.data_dir, project.root)
    embedder = session.embedder(
        project.config.search.model, session.cache(enriched.paths.cache_dir)
    )
    # an LLM endpoint, when one is configured, may refine the requirements (tailor/refine.py)
    ask = endpoint_ask(project.config.narratives, endpoint_environment())
    report = tailor_stage(
        text, enriched.portfolio, vocabulary, embedder.embed, embedder.encode, ask=ask
    )
    out = Path(out_dir)
    resume = render_resume(enriched, evidence=resume_order(report))
    letter = cover_letter(report, enriched.portfolio.profile)
    for name, data in (("resume.pdf", resume.pdf), ("cover-letter.md", letter.encode("utf-8"))):
        atomic_write_bytes(out / name, data)
        (out / name).chmod(0o644)
    outputs = {
        "resume": str(out / "resume.pdf"),
        "resume_pages": resume.pages,
        "resume_page_limit": resume.page_limit,
        "cover_letter": str(out / "cover-letter.md"),
    }
    if as_json:
        payload = {**report.model_dump(mode="json"), "outputs": outputs}
        click.echo(json.dumps(payload, indent=2, ensure_ascii=False, sort_keys=True))
        return
    from builder.commands.tailor_report import print_report

    print_report(report, outputs)


def read_posting(posting: str) -> str:
    """The posting's text: UTF-8 (a stray byte becomes U+FFFD, never a traceback)."""
    from builder.cli_context import fail

    if posting == "-":
        raw = sys.stdin.buffer.read(MAX_READ)
    else:
        path = Path(posting)
        if not path.is_file():
            fail(f"{posting}: no such file")
        with path.open("rb") as handle:
            raw = handle.read(MAX_READ)
    return raw.decode("utf-8", errors="replace").lstrip("\ufeff")


def resume_order(report) -> list[str]:
    """The achievements to lead the resume with: the posting's best, then every covered
    requirement's evidence by score."""
    covered = sorted(
        (e for m in report.matches if m.covered for e in m.evidence if e.strength != "weak"),
        key=lambda e: (-e.score, e.achievement_id),
    )
    return list(dict.fromkeys([*report.best_evidence, *(e.achievement_id for e in covered)]))


commands: list[click.Command] = [tailor]
