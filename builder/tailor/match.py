"""Each requirement to the owner's strongest evidence, and the gaps.

An achievement's score for a requirement is what the full embedding model sees (the mean of
its cosine with the whole achievement and with its closest sentence: the whole text knows
the context, the sentence knows the detail) plus a bonus for each skill of the requirement the
achievement names exactly. The vectors of the achievements come from the build's cache; the
posting's texts are encoded fresh and never cached (a posting is not the owner's data).
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from builder.models.achievement import Achievement, Metric
from builder.models.portfolio import Portfolio
from builder.models.tailor import (
    Coverage,
    Evidence,
    Posting,
    Requirement,
    RequirementGap,
    RequirementMatch,
    SkillGap,
    Strength,
)
from builder.search.texts import document_text
from builder.tailor.skills import SkillMatcher
from builder.text import sentences

Embed = Callable[[Sequence[str]], np.ndarray]

TOP_K = 3
SKILL_BONUS = 0.06  # per exact skill shared with the requirement
MAX_SKILL_BONUS = 0.12
STRONG = 0.55
COVERED = 0.42  # below this the best evidence is a gap (tuned on the dev set)
BEST_EVIDENCE = 5


@dataclass(frozen=True)
class EvidenceBase:
    """The owner's side, encoded once: achievement vectors, sentence vectors, skills."""

    achievements: tuple[Achievement, ...]
    documents: np.ndarray  # one row per achievement
    sentences: tuple[tuple[str, ...], ...]
    sentence_vectors: tuple[np.ndarray, ...]
    skills: tuple[frozenset[str], ...]  # vocabulary names each achievement names
    portfolio_skills: frozenset[str]


def evidence_base(portfolio: Portfolio, matcher: SkillMatcher, embed: Embed) -> EvidenceBase:
    """Public achievements only (the pipeline's portfolio is already public; checked again
    here because a private achievement must never become evidence)."""
    achievements = public_achievements(portfolio)
    texts = [document_text(a) for a in achievements]
    documents = embed(texts) if texts else np.zeros((0, 1), dtype=np.float32)
    own = [claims(a) for a in achievements]
    flat = [s for group in own for s in group]
    flat_vectors = embed(flat) if flat else np.zeros((0, 1), dtype=np.float32)
    vectors, start = [], 0
    for group in own:
        vectors.append(flat_vectors[start : start + len(group)])
        start += len(group)
    skills = tuple(frozenset(achievement_skills(a, matcher)) for a in achievements)
    every = frozenset(portfolio_skills(portfolio, matcher))
    return EvidenceBase(achievements, documents, tuple(own), tuple(vectors), skills, every)


def public_achievements(portfolio: Portfolio) -> tuple[Achievement, ...]:
    return tuple(
        sorted(
            (a for a in portfolio.achievements if not a.private and not a.draft), key=lambda a: a.id
        )
    )


def claims(achievement: Achievement) -> tuple[str, ...]:
    """Sentences saying what the owner did or changed (the problem describes the past); the
    title when there is none."""
    found = [
        s
        for f in (achievement.summary, achievement.action, achievement.result)
        for s in sentences(f)
    ]
    return tuple(found) or (achievement.title,)


def achievement_skills(achievement: Achievement, matcher: SkillMatcher) -> list[str]:
    """The vocabulary skills an achievement names, in its text or its skills list."""
    return matcher.find(f"{document_text(achievement)} {', '.join(achievement.skills)}")


def portfolio_skills(portfolio: Portfolio, matcher: SkillMatcher) -> set[str]:
    """Every skill the public achievements or the profile's skill groups name."""
    grouped = [s for g in portfolio.profile.skill_groups for s in g.skills]
    found = set(matcher.find(" , ".join(grouped)))
    for achievement in public_achievements(portfolio):
        found.update(achievement_skills(achievement, matcher))
    return found


def match_requirements(
    posting: Posting, base: EvidenceBase, embed: Embed
) -> tuple[RequirementMatch, ...]:
    if not posting.requirements or not base.achievements:
        return tuple(
            RequirementMatch(requirement=r, evidence=(), covered=False)
            for r in posting.requirements
        )
    queries = embed([r.text for r in posting.requirements])
    return tuple(_match(r, q, base) for r, q in zip(posting.requirements, queries, strict=True))


def _match(requirement: Requirement, query: np.ndarray, base: EvidenceBase) -> RequirementMatch:
    whole = base.documents @ query
    scored = []
    for i, achievement in enumerate(base.achievements):
        sentence_scores = base.sentence_vectors[i] @ query
        best = int(np.argmax(sentence_scores))
        shared = tuple(s for s in requirement.skills if s in base.skills[i])
        bonus = min(MAX_SKILL_BONUS, SKILL_BONUS * len(shared))
        score = 0.5 * float(whole[i]) + 0.5 * float(sentence_scores[best]) + bonus
        scored.append((round(score, 4), achievement.id, i, best, shared))
    scored.sort(key=lambda s: (-s[0], s[1]))  # ties by id: the same input, the same order
    evidence = tuple(
        _evidence(base, i, best, score, shared) for score, _, i, best, shared in scored[:TOP_K]
    )
    covered = bool(evidence) and evidence[0].score >= COVERED
    return RequirementMatch(requirement=requirement, evidence=evidence, covered=covered)


def _evidence(base: EvidenceBase, i: int, best: int, score: float, shared) -> Evidence:
    achievement = base.achievements[i]
    return Evidence(
        achievement_id=achievement.id,
        title=achievement.title,
        score=score,
        strength=strength(score),
        skills=shared,
        support=base.sentences[i][best],
        change=measured_change(achievement.metrics),
    )


def strength(score: float) -> Strength:
    return "strong" if score >= STRONG else "moderate" if score >= COVERED else "weak"


def measured_change(metrics: Sequence[Metric]) -> str:
    """The largest relative change, as the owner measured it: 'p95 latency: 975 → 375 ms'."""
    measured = [m for m in metrics if m.before is not None and m.after is not None]
    if not measured:
        return ""

    def relative(m: Metric) -> float:
        before, after = m.before or 0.0, m.after or 0.0
        return abs(after - before) / max(abs(before), abs(after), 1e-9)

    metric = max(measured, key=relative)
    unit = f" {metric.unit}" if metric.unit and metric.unit != "%" else metric.unit
    return f"{metric.name}: {metric.before:g} → {metric.after:g}{unit}"


def requirement_gaps(matches: Sequence[RequirementMatch]) -> tuple[RequirementGap, ...]:
    gaps = []
    for match in matches:
        if match.covered:
            continue
        nearest = match.evidence[0] if match.evidence else None
        gaps.append(
            RequirementGap(
                text=match.requirement.text,
                must_have=match.requirement.must_have,
                nearest_id=nearest.achievement_id if nearest else None,
                nearest_title=nearest.title if nearest else None,
                score=nearest.score if nearest else 0.0,
            )
        )
    return tuple(gaps)


def skill_gaps(posting: Posting, base: EvidenceBase, embed: Embed) -> tuple[SkillGap, ...]:
    """Skills the posting names that no achievement (nor the profile) mentions, each with
    the achievement nearest to it; must-have when any must-have requirement names it."""
    missing = [s for s in posting.skills if s not in base.portfolio_skills]
    if not missing:
        return ()
    must = {s for r in posting.requirements if r.must_have for s in r.skills}
    nearest: list[Achievement | None] = [None] * len(missing)
    if base.achievements:
        scores = embed(missing) @ base.documents.T
        nearest = [base.achievements[int(np.argmax(row))] for row in scores]
    return tuple(
        SkillGap(
            skill=s,
            must_have=s in must,
            nearest_id=a.id if a else None,
            nearest_title=a.title if a else None,
        )
        for s, a in zip(missing, nearest, strict=True)
    )


def best_evidence(matches: Sequence[RequirementMatch]) -> tuple[str, ...]:
    """The achievements that answer the posting best: each covered requirement's top three
    add their scores, must-haves counting double."""
    totals: dict[str, float] = {}
    for match in matches:
        if not match.covered:
            continue
        weight = 2.0 if match.requirement.must_have else 1.0
        for evidence in match.evidence:
            totals[evidence.achievement_id] = (
                totals.get(evidence.achievement_id, 0.0) + weight * evidence.score
            )
    ranked = sorted(totals, key=lambda i: (-round(totals[i], 6), i))
    return tuple(ranked[:BEST_EVIDENCE])


def coverage(matches: Sequence[RequirementMatch]) -> Coverage:
    must = [m for m in matches if m.requirement.must_have]
    nice = [m for m in matches if not m.requirement.must_have]
    return Coverage(
        must_total=len(must),
        must_covered=sum(m.covered for m in must),
        nice_total=len(nice),
        nice_covered=sum(m.covered for m in nice),
    )
