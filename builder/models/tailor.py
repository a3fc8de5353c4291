"""What `showcase tailor` reads from a posting and what it matches it with."""

from typing import Literal

from pydantic import Field

from builder.models.base import Record

RoleFamily = Literal["mlops", "llm", "genai", "ai", "platform", "other"]
Seniority = Literal["junior", "mid", "senior", "staff", "principal"]
Strength = Literal["strong", "moderate", "weak"]
RequirementKind = Literal["responsibility", "qualification"]


class Requirement(Record):
    text: str
    must_have: bool
    kind: RequirementKind
    section: str = ""  # the heading it stood under, "" for none
    skills: tuple[str, ...] = ()  # canonical vocabulary names


class Posting(Record):
    """A posting read into requirements, without an LLM."""

    title: str
    role_family: RoleFamily
    seniority: Seniority
    requirements: tuple[Requirement, ...]
    skills: tuple[str, ...]  # every vocabulary skill it names, first mention first
    notes: tuple[str, ...] = ()  # what the reader should know (truncated, HTML, language)
    characters: int = 0


class Evidence(Record):
    achievement_id: str
    title: str
    score: float  # the embedding cosine plus the exact-skill bonus
    strength: Strength
    skills: tuple[str, ...] = ()  # the requirement's skills this achievement names exactly
    support: str  # the owner's sentence that supports it best
    change: str = ""  # its largest measured change, when it has one


class RequirementMatch(Record):
    requirement: Requirement
    evidence: tuple[Evidence, ...]
    covered: bool  # best evidence above the gap threshold


class SkillGap(Record):
    skill: str
    must_have: bool
    nearest_id: str | None  # the achievement closest to it
    nearest_title: str | None


class RequirementGap(Record):
    text: str
    must_have: bool
    nearest_id: str | None
    nearest_title: str | None
    score: float


class Coverage(Record):
    must_total: int
    must_covered: int
    nice_total: int
    nice_covered: int


class TailorReport(Record):
    posting: Posting
    vocabulary_version: str
    matches: tuple[RequirementMatch, ...]
    best_evidence: tuple[str, ...]  # achievement ids, strongest over the posting first
    requirement_gaps: tuple[RequirementGap, ...]
    skill_gaps: tuple[SkillGap, ...]
    coverage: Coverage
    thresholds: dict[str, float] = Field(default_factory=dict)
