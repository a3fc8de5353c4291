"""The terminal report of `showcase tailor`: rich tables, posting text printed as text (never
as rich markup: a posting is untrusted)."""

from rich.console import Console
from rich.table import Table
from rich.text import Text

from builder.models.tailor import TailorReport


def print_report(report: TailorReport, outputs: dict, console: Console | None = None) -> None:
    console = console or Console(highlight=False)
    posting, coverage = report.posting, report.coverage
    console.print(Text(posting.title, style="bold"))
    console.print(
        Text(
            f"{posting.role_family} role, {posting.seniority}; {len(posting.requirements)} "
            f"requirements; must-haves covered {coverage.must_covered}/{coverage.must_total}, "
            f"nice-to-haves {coverage.nice_covered}/{coverage.nice_total} "
            f"(skill vocabulary v{report.vocabulary_version})"
        )
    )
    for note in posting.notes:
        console.print(Text(f"note: {note}", style="yellow"))
    table = Table(show_lines=True, expand=True)
    table.add_column("Requirement", ratio=3)
    table.add_column("Best evidence", ratio=4)
    table.add_column("Strength", no_wrap=True)
    for match in report.matches:
        label = Text(("MUST " if match.requirement.must_have else "nice ") + match.requirement.text)
        if not match.evidence:
            table.add_row(label, Text("-"), Text("gap", style="red"))
            continue
        top = match.evidence[0]
        detail = Text(f"{top.title}\n", style="bold")
        detail.append(top.support)
        if top.change:
            detail.append(f"\nmeasured: {top.change}", style="green")
        others = ", ".join(e.title for e in match.evidence[1:])
        if others:
            detail.append(f"\nalso: {others}", style="dim")
        style = {"strong": "green", "moderate": "yellow", "weak": "red"}[top.strength]
        verdict = top.strength if match.covered else "gap"
        table.add_row(label, detail, Text(f"{verdict} {top.score:.2f}", style=style))
    console.print(table)
    if report.skill_gaps:
        console.print(
            Text("Skills the posting names that your portfolio never mentions:", style="bold")
        )
        for gap in report.skill_gaps:
            near = f" (nearest: {gap.nearest_title})" if gap.nearest_title else ""
            console.print(Text(f"  {'MUST' if gap.must_have else 'nice'} {gap.skill}{near}"))
    console.print(Text(f"Best evidence: {', '.join(report.best_evidence) or 'none'}"))
    console.print(
        Text(
            f"wrote {outputs['resume']} ({outputs['resume_pages']} of "
            f"{outputs['resume_page_limit']} page(s)) and {outputs['cover_letter']}"
        )
    )
