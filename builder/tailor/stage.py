"""The tailor stage: a posting and the enriched portfolio in, a TailorReport out."""

from builder.models.portfolio import Portfolio
from builder.models.skills import SkillVocabulary
from builder.models.tailor import TailorReport
from builder.tailor import match
from builder.tailor.extract import read_posting
from builder.tailor.refine import Ask, refine
from builder.tailor.skills import SkillMatcher


def tailor(
    posting_text: str,
    portfolio: Portfolio,
    vocabulary: SkillVocabulary,
    embed_owner: match.Embed,
    embed_posting: match.Embed,
    ask: Ask | None = None,
) -> TailorReport:
    """`embed_owner` encodes the owner's texts (cached with the build's vectors);
    `embed_posting` the posting's (uncached: a posting is not the owner's data); `ask`, when
    an LLM endpoint is configured, may refine the reader's requirements (refine.py)."""
    matcher = SkillMatcher.from_vocabulary(vocabulary)
    posting = refine(read_posting(posting_text, matcher), matcher, ask)
    base = match.evidence_base(portfolio, matcher, embed_owner)
    matches = match.match_requirements(posting, base, embed_posting)
    return TailorReport(
        posting=posting,
        vocabulary_version=vocabulary.version,
        matches=matches,
        best_evidence=match.best_evidence(matches),
        requirement_gaps=match.requirement_gaps(matches),
        skill_gaps=match.skill_gaps(posting, base, embed_posting),
        coverage=match.coverage(matches),
        thresholds={"covered": match.COVERED, "strong": match.STRONG},
    )
