"""Read a posting into requirements without an LLM, from its own structure and wording.

Sections come from Markdown headings (`## Requirements`), whole-line bold (`**Nice to
have**`) or short lines ending in a colon. A section's heading says what its lines are:
responsibilities, must-have qualifications, nice-to-haves, or text to skip (the company, the
offer, how to apply). Bullets are one requirement each; prose is split into sentences and a
sentence is kept when it names a vocabulary skill or reads like a requirement ("you have",
"experience with"). A line's own words overrule its section: "a bonus", "ideally",
"preferred" make it nice-to-have, "must", "required" make it must-have.
"""

import re
from dataclasses import dataclass

from builder.models.tailor import Posting, Requirement, RoleFamily, Seniority
from builder.tailor.posting import clean_posting
from builder.tailor.skills import SkillMatcher
from builder.text import sentences

MAX_REQUIREMENT_CHARS = 300  # a longer "requirement" is a paragraph that lost its breaks
MAX_REQUIREMENTS = 80
# No `(.+?)\s*#*$`: a lazy group before optional runs backtracks quadratically on a long
# line of '#' (28 s on 100,000 characters); the closing '#'s are stripped in code instead.
_HEADING = re.compile(r"^(#{1,6})\s+(\S.*)$")
_BOLD_LINE = re.compile(r"^\*\*([^*]+)\*\*:?$|^__([^_]+)__:?$")
_BULLET = re.compile(r"^(?:[-*+•·▪◦–]|\d{1,2}[.)])\s+(.*)$")
_COLON_HEADING = re.compile(r"^([A-Z][^.!?]{2,60}):$")
_MARKUP = re.compile(r"[*_`#>]+")

# Heading words, checked in this order: the first family that matches names the section.
_SECTION_WORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "nice",
        (
            "nice to have",
            "nice-to-have",
            "bonus",
            "preferred",
            "plus",
            "would be great",
            "extra credit",
            "desirable",
            "not required",
        ),
    ),
    (
        "skip",
        (
            "offer",
            "benefit",
            "compensation",
            "salary",
            "perks",
            "about us",
            "who we are",
            "why ",
            "how to apply",
            "apply",
            "process",
            "about the company",
            "our values",
            "equal opportunit",
            "diversity",
            "location",
            "interview",
        ),
    ),
    (
        "must",
        (
            "requirement",
            "must",
            "qualification",
            "looking for",
            "you have",
            "you bring",
            "about you",
            "skills",
            "what you need",
            "experience",
            "who you are",
            "profile",
            "you'll need",
            "you will need",
            "we expect",
        ),
    ),
    (
        "responsibility",
        (
            "you'll do",
            "you will do",
            "work on",
            "will be doing",
            "responsib",
            "day to day",
            "day-to-day",
            "the role",
            "your role",
            "the job",
            "what you'll",
            "what you will",
            "mission",
            "tasks",
            "impact",
        ),
    ),
)
_NICE_WORDS = re.compile(
    r"\b(nice to have|nice-to-have|a bonus|bonus|a plus|is a plus|preferred|ideally|"
    r"would be great|would be nice|not required|desirable|optional|helpful|curious about)\b",
    re.I,
)
_MUST_WORDS = re.compile(
    r"\b(must|required|requirement|essential|mandatory|you have|you need)\b", re.I
)
_CUE_WORDS = re.compile(
    r"\b(you have|you've|you are|you know|you will|you'll|you take|you should|we expect|"
    r"experience (?:with|in|of|building|running)|hands-on|familiar|proficien|knowledge of|"
    r"comfortable|understanding of|background in|track record|strong|solid|ability to|"
    r"would be a bonus|must|required|years of)\b",
    re.I,
)
_ENGLISH = frozenset(
    [
        "the",
        "and",
        "of",
        "to",
        "a",
        "in",
        "for",
        "with",
        "you",
        "we",
        "our",
        "is",
        "are",
        "on",
        "that",
        "as",
        "be",
        "will",
        "have",
        "or",
        "an",
        "this",
        "your",
        "who",
        "what",
        "at",
        "from",
        "by",
        "it",
        "can",
        "not",
    ]
)
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)


@dataclass
class _Section:
    heading: str
    family: str  # "must", "nice", "responsibility", "skip", "intro", "other"


def read_posting(raw: str, matcher: SkillMatcher) -> Posting:
    """The posting's title, role family, seniority and requirements, with notes on anything
    the reader should know (empty, truncated, HTML, not English, few requirements)."""
    text, notes = clean_posting(raw)
    if not text:
        return Posting(
            title="(empty posting)",
            role_family="other",
            seniority="mid",
            requirements=(),
            skills=(),
            notes=(*notes, "the posting is empty: nothing to match"),
            characters=0,
        )
    title = _title(text)
    requirements = _requirements(text, matcher)
    if len(requirements) > MAX_REQUIREMENTS:
        notes.append(f"{len(requirements)} requirements found; the first {MAX_REQUIREMENTS} kept")
        requirements = requirements[:MAX_REQUIREMENTS]
    if not _looks_english(text):
        notes.append(
            "the posting does not look like English: the vocabulary and the headings "
            "are English, so few requirements were recognised"
        )
    if len(requirements) < 3:
        notes.append(f"only {len(requirements)} requirement(s) recognised: the report is thin")
    skills = list(dict.fromkeys(s for r in requirements for s in r.skills))
    return Posting(
        title=title,
        role_family=role_family(title, text, matcher),
        seniority=seniority(title, text),
        requirements=tuple(requirements),
        skills=tuple(skills),
        notes=tuple(notes),
        characters=len(raw),
    )


def _title(text: str) -> str:
    for line in text.split("\n"):
        line = line.strip()
        if not line:
            continue
        heading = _heading_text(line)
        return _strip_markup(heading or line)[:120]
    return "(untitled posting)"


def _heading_text(line: str) -> str | None:
    if match := _HEADING.match(line):
        return _without_closing_hashes(match.group(2))
    if match := _BOLD_LINE.match(line):
        return match.group(1) or match.group(2)
    if match := _COLON_HEADING.match(line):
        return match.group(1)
    return None


def _without_closing_hashes(text: str) -> str:
    """'Title ##' -> 'Title' (Markdown's optional closing sequence), but 'C#' stays."""
    bare = text.rstrip("#")
    if bare != text and (not bare or bare.endswith(" ")):
        return bare.strip() or text
    return text.strip()


def _strip_markup(text: str) -> str:
    return " ".join(_MARKUP.sub(" ", text).split())


def section_family(heading: str) -> str:
    folded = heading.casefold()
    for family, words in _SECTION_WORDS:
        if any(w in folded for w in words):
            return family
    return "other"


def _requirements(text: str, matcher: SkillMatcher) -> list[Requirement]:
    section = _Section("", "intro")
    found: list[Requirement] = []
    paragraph: list[str] = []

    def flush() -> None:
        if paragraph:
            found.extend(_from_prose(" ".join(paragraph), section, matcher))
            paragraph.clear()

    bullet_words: list[str] = []  # the bullet being read: wrapped lines continue it

    def end_bullet() -> None:
        if bullet_words:
            item = _requirement(" ".join(bullet_words), section, matcher, bullet=True)
            if item is not None:
                found.append(item)
            bullet_words.clear()

    for index, line in enumerate(text.split("\n")):
        stripped = line.strip()
        heading = _heading_text(stripped) if stripped else None
        bullet = _BULLET.match(stripped) if heading is None else None
        if heading is not None or bullet is not None or not stripped:
            end_bullet()
        if heading is not None:
            flush()
            if index > 0:  # the first line is the title
                section = _Section(_strip_markup(heading), section_family(heading))
        elif bullet is not None:
            flush()
            bullet_words.append(bullet.group(1))
        elif not stripped:
            flush()
        elif bullet_words:
            bullet_words.append(stripped)
        else:
            paragraph.append(stripped)
    end_bullet()
    flush()
    return list({(r.text, r.section): r for r in found}.values())  # each text once


def _from_prose(text: str, section: _Section, matcher: SkillMatcher) -> list[Requirement]:
    if section.family in ("skip", "intro"):
        return []
    out = []
    for sentence in sentences(text):
        if not (_CUE_WORDS.search(sentence) or matcher.find(sentence)):
            continue
        item = _requirement(sentence, section, matcher, bullet=False)
        if item is not None:
            out.append(item)
    return out


def _requirement(
    text: str, section: _Section, matcher: SkillMatcher, bullet: bool
) -> Requirement | None:
    if section.family == "skip":
        return None
    text = _strip_markup(text)[:MAX_REQUIREMENT_CHARS].strip()
    skills = tuple(matcher.find(text))
    if len(text) < 8 and not skills:  # "dbt" is a requirement, "etc." is not
        return None
    # Prose about the role is mostly context ("You report to the Head of ..."): a sentence
    # there counts when it names a skill and speaks to the reader.
    if (
        not bullet
        and section.family in ("other", "responsibility")
        and not (skills and _CUE_WORDS.search(text))
    ):
        return None
    if section.family == "intro" and not skills:
        return None
    must = section.family != "nice"
    if _NICE_WORDS.search(text):
        must = False
    elif section.family == "nice" and _MUST_WORDS.search(text):
        must = True
    kind = "responsibility" if section.family == "responsibility" else "qualification"
    return Requirement(text=text, must_have=must, kind=kind, section=section.heading, skills=skills)


def _looks_english(text: str) -> bool:
    words = [w.casefold() for w in _WORD.findall(text[:20_000])]
    if len(words) < 20:
        return True  # too short to tell
    return sum(w in _ENGLISH for w in words) / len(words) >= 0.08


_SENIORITY: tuple[tuple[Seniority, re.Pattern[str]], ...] = (
    ("principal", re.compile(r"\b(principal|distinguished)\b", re.I)),
    ("staff", re.compile(r"\bstaff\b", re.I)),
    ("senior", re.compile(r"\b(senior|sr\.?|lead)\b", re.I)),
    ("junior", re.compile(r"\b(junior|jr\.?|graduate|entry[- ]level|intern|trainee)\b", re.I)),
    ("mid", re.compile(r"\b(mid[- ]level|medior|intermediate)\b", re.I)),
)
_YEARS = re.compile(
    r"\b(\d{1,2}|one|two|three|four|five|six|seven|eight|ten)\+?\s*(?:or more\s*)?years?\b", re.I
)
_NUMBERS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "ten": 10,
}


def seniority(title: str, text: str) -> Seniority:
    """From the title, then the posting's first lines (a '· Senior' location line), then the
    years of experience it asks for."""
    head = "\n".join([title, *text.split("\n")[:6]])
    for where in (title, head):
        for level, pattern in _SENIORITY:
            if pattern.search(where):
                return level
    years = [int(n) if n.isdigit() else _NUMBERS[n.lower()] for n in _YEARS.findall(text)]
    most = max(years, default=0)
    if most >= 5:
        return "senior"
    if 0 < most <= 1:
        return "junior"
    return "mid"


_FAMILY: tuple[tuple[RoleFamily, re.Pattern[str]], ...] = (
    # "Senior AI Engineer (LLM + ML Platform)" is an AI role: the job's name comes first
    (
        "ai",
        re.compile(
            r"\b((?<!generative )ai engineer|machine learning engineer|"
            r"ml engineer|applied scientist|data scientist)\b",
            re.I,
        ),
    ),
    (
        "mlops",
        re.compile(
            r"\b(mlops|ml ?ops|ml platform|ml infrastructure|machine learning "
            r"platform|ml infra)\b",
            re.I,
        ),
    ),
    ("llm", re.compile(r"\b(llm|llms|language models?)\b", re.I)),
    ("genai", re.compile(r"\b(generative ai|genai|gen ai)\b", re.I)),
    (
        "platform",
        re.compile(
            r"\b(platform engineer|infrastructure engineer|devops|sre|site "
            r"reliability)\b",
            re.I,
        ),
    ),
)
_GROUP_FAMILY: dict[str, RoleFamily] = {
    "mlops": "mlops",
    "llm": "llm",
    "genai": "genai",
    "ml": "ai",
}


def role_family(title: str, text: str, matcher: SkillMatcher) -> RoleFamily:
    """From the title; a title that names none falls back to the skills the posting names
    (fewer than three AI skills: 'other')."""
    for family, pattern in _FAMILY:
        if pattern.search(title):
            return family
    counts: dict[RoleFamily, int] = {}
    for skill in matcher.find(text):
        family = _GROUP_FAMILY.get(matcher.groups.get(skill, ""))
        if family is not None:
            counts[family] = counts.get(family, 0) + 1
    if sum(counts.values()) < 3:
        return "other"
    return max(sorted(counts), key=lambda f: counts[f])
