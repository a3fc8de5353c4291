"""What the /match/ page needs to read a posting in the visitor's browser, taken from the very
data and rules `showcase tailor` uses, so the page and the CLI cannot drift apart: the skill
vocabulary as the matcher's alias tables, every achievement's claim sentences and skills, the
posting reader's patterns and heading words, and the limits.

The browser ranks with the site's own search (search.js) and scores with its static token
table, whose cosines run lower than the full model's; the strength thresholds for it are
BROWSER_STRONG and BROWSER_COVERED below, not match.STRONG and match.COVERED.
"""

from collections.abc import Sequence

from builder import text
from builder.models.portfolio import Portfolio
from builder.models.skills import SkillVocabulary
from builder.tailor import extract, match, posting
from builder.tailor.skills import _SPLIT, _TOKEN, SkillMatcher

# The in-browser score (0.5 * document cosine + 0.5 * best-sentence cosine + skill bonus, on
# the static token table) where evidence counts as covering a requirement, and as strong:
# the grid points of `benchmarks/tailor_eval.py --browser` with the best balanced accuracy
# against the CLI's own covered/strong calls on the dev postings (0.778 and 0.753 over 261
# requirements). The CLI's 0.42 would call 11 of the front-end posting's 17 covered.
BROWSER_COVERED = 0.54
BROWSER_STRONG = 0.60
CANDIDATES = 8  # the site's ranking gives this many; the best three are shown
KEY_JOIN = " "  # alias tokens never hold a space, so joined keys are unambiguous


def browser_rules(
    vocabulary: SkillVocabulary, portfolio: Portfolio, doc_ids: Sequence[str]
) -> dict:
    """The JSON the match page loads on first use; `doc_ids` in the search index's order."""
    matcher = SkillMatcher.from_vocabulary(vocabulary)
    by_id = {a.id: a for a in match.public_achievements(portfolio)}
    docs = []
    for doc_id in doc_ids:
        achievement = by_id[doc_id]
        docs.append(
            {
                "claims": list(match.claims(achievement)),
                "skills": match.achievement_skills(achievement, matcher),
                "change": match.measured_change(achievement.metrics),
            }
        )
    return {
        "version": 1,
        "vocabulary_version": vocabulary.version,
        "skills": {
            "folded": {KEY_JOIN.join(k): v for k, v in sorted(matcher.folded.items())},
            "exact": {KEY_JOIN.join(k): v for k, v in sorted(matcher.exact.items())},
            "longest": matcher.longest,
        },
        "portfolio_skills": sorted(match.portfolio_skills(portfolio, matcher)),
        "docs": docs,
        "reader": reader_rules(),
        "scoring": {
            "skill_bonus": match.SKILL_BONUS,
            "max_skill_bonus": match.MAX_SKILL_BONUS,
            "covered": BROWSER_COVERED,
            "strong": BROWSER_STRONG,
            "candidates": CANDIDATES,
            "top_k": match.TOP_K,
        },
    }


def reader_rules() -> dict:
    """extract.py's and posting.py's patterns and word lists, as [source, flags] pairs the
    browser compiles with RegExp (every pattern here is valid in both dialects)."""

    def pattern(compiled, flags: str = "") -> list[str]:
        return [compiled.pattern, flags]

    return {
        "max_chars": posting.MAX_CHARS,
        "max_requirements": extract.MAX_REQUIREMENTS,
        "max_requirement_chars": extract.MAX_REQUIREMENT_CHARS,
        "looks_html": pattern(posting._LOOKS_HTML, "i"),
        "heading": pattern(extract._HEADING),
        "bold_line": pattern(extract._BOLD_LINE),
        "bullet": pattern(extract._BULLET, "u"),
        "colon_heading": pattern(extract._COLON_HEADING),
        "nice": pattern(extract._NICE_WORDS, "i"),
        "must": pattern(extract._MUST_WORDS, "i"),
        "cue": pattern(extract._CUE_WORDS, "i"),
        "markup": pattern(extract._MARKUP, "g"),
        # builder.text.sentences, which the reader splits prose with
        "sentence_end": pattern(text._SENTENCE_END, "g"),
        "link": pattern(text._LINK, "g"),
        "emphasis": pattern(text._EMPHASIS, "g"),
        "token": pattern(_TOKEN, "g"),
        "split": pattern(_SPLIT, "g"),
        "sections": [[family, list(words)] for family, words in extract._SECTION_WORDS],
        "english": sorted(extract._ENGLISH),
        "tag_name": pattern(posting._TAG_NAME, "y"),
        "html_blocks": sorted(posting._BLOCKS),
        "html_headings": sorted(posting._HEADINGS),
        "html_skipped": sorted(posting._SKIPPED),
    }
