"""A short cover-letter draft in Markdown, grounded in the matched evidence.

A careful template, no LLM (a model-written letter through the narratives writer is left for
later): every sentence is the owner's own (an achievement's sentence, title or measured
change) or a fixed phrase around the posting's words and counts computed here. Before it is
returned, every figure in it is checked against those facts with the narratives' grounding
guard; a line holding a figure no fact supports is dropped.
"""

import re

from builder.models.profile import Profile
from builder.models.tailor import RequirementMatch, TailorReport
from builder.narratives.grounding import fact_quantities, ungrounded

# The posting is untrusted: its words are backslash-escaped (inert in any Markdown viewer, and
# still readable in the raw draft the owner pastes into an email; entities would not be).
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#!|~])")
POINTS = 4  # evidence paragraphs: a letter is read in a minute
REQUIREMENT_CHARS = 90


def cover_letter(report: TailorReport, profile: Profile) -> str:
    coverage = report.coverage
    facts: list[object] = [coverage.model_dump(), report.posting.title, profile.name]
    title = inert(report.posting.title)
    lines = [f"# Cover letter draft: {title}", "", "Dear hiring team,", ""]
    if coverage.must_total:
        lines.append(
            f"I am applying for the {title} role. Of the {coverage.must_total} must-have "
            f"requirements in the posting, my work shows evidence for {coverage.must_covered}; "
            "here is the work behind the strongest matches."
        )
    else:
        lines.append(f"I am applying for the {title} role; here is the work I would bring.")
    lines.append("")
    for match in _strongest(report.matches):
        evidence = match.evidence[0]
        facts += [match.requirement.text, evidence.title, evidence.support, evidence.change]
        change = f" ({evidence.change})" if evidence.change else ""
        lines.append(
            f"- **{inert(_clip(match.requirement.text))}**: {evidence.title}. "
            f"{evidence.support}{change}"
        )
    # Only a skill whose must-have requirements all lack evidence: the vocabulary may miss
    # how the owner wrote it, and a letter must not deny experience the evidence shows.
    uncovered = {s for m in report.matches if not m.covered for s in m.requirement.skills}
    covered = {s for m in report.matches if m.covered for s in m.requirement.skills}
    missing = [g for g in report.skill_gaps if g.must_have and g.skill in uncovered - covered][:3]
    if missing:
        names = ", ".join(g.skill for g in missing)
        nearest = missing[0].nearest_title
        facts += [g.skill for g in missing] + [nearest or ""]
        closest = f"; the closest I have done is {nearest}" if nearest else ""
        lines += [
            "",
            f"I have not yet worked with {names} in production{closest}, and I "
            "would be glad to talk about how quickly I could get there.",
        ]
    lines += [
        "",
        "I would welcome a conversation about how this experience fits the team.",
        "",
        "Kind regards,",
        "",
        profile.name,
        "",
    ]
    known = fact_quantities(facts)
    return "\n".join(line for line in lines if not ungrounded(line, known))


def _strongest(matches: tuple[RequirementMatch, ...]) -> list[RequirementMatch]:
    """Covered requirements, must-haves first, by score, one per achievement."""
    ranked = sorted(
        (m for m in matches if m.covered and m.evidence),
        key=lambda m: (not m.requirement.must_have, -m.evidence[0].score, m.requirement.text),
    )
    chosen, used = [], set()
    for match in ranked:
        if match.evidence[0].achievement_id not in used:
            used.add(match.evidence[0].achievement_id)
            chosen.append(match)
    return chosen[:POINTS]


def _clip(text: str) -> str:
    text = text.rstrip(" .;:")
    if len(text) <= REQUIREMENT_CHARS:
        return text
    return text[:REQUIREMENT_CHARS].rsplit(" ", 1)[0].rstrip(" ,;:") + "…"


def inert(text: str) -> str:
    """One line of untrusted text, Markdown syntax escaped."""
    return _MD_SPECIAL.sub(r"\\\1", " ".join(text.split()))
