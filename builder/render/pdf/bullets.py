"""One CV bullet per achievement: starts with a verb, states the result with its figure.

Candidates, best first: a sentence stating a measured result, the owner's own (summary,
result) before the narrative stage's bullets (a model or templates, so nothing is taken on
trust: each must pass the checks below and name something of the work); then one of the
owner's figure-less sentences completed with the largest measured change; then the owner's
other sentences; then the title. A bullet must start with a past-tense
action verb, may not use the engine's vocabulary (confidence, value estimate, pull requests
as a count), and may not restate the title of the entry it sits under.
"""

import re

from builder.models.achievement import Achievement, Metric
from builder.models.narratives import AchievementNarrative
from builder.narratives.template_backend import lcfirst
from builder.text import first_sentence, plain, quantity, round_in_text, sentences

MAX_LENGTH = 230
# Past-tense openings of a CV bullet (the test list, too: every bullet starts with one).
ACTION_VERBS = frozenset(
    [
        "accelerated",
        "added",
        "adopted",
        "assembled",
        "authored",
        "automated",
        "balanced",
        "benchmarked",
        "boosted",
        "brought",
        "built",
        "grew",
        "handled",
        "reached",
        "served",
        "cached",
        "caught",
        "championed",
        "chaired",
        "coached",
        "collected",
        "configured",
        "consolidated",
        "converted",
        "created",
        "cut",
        "debugged",
        "decreased",
        "defined",
        "delivered",
        "deployed",
        "designed",
        "developed",
        "documented",
        "doubled",
        "drove",
        "eliminated",
        "enabled",
        "established",
        "evaluated",
        "expanded",
        "extracted",
        "fine-tuned",
        "fixed",
        "founded",
        "halved",
        "hardened",
        "implemented",
        "improved",
        "increased",
        "instrumented",
        "integrated",
        "introduced",
        "launched",
        "led",
        "lowered",
        "made",
        "maintained",
        "mentored",
        "merged",
        "migrated",
        "modernised",
        "moved",
        "negotiated",
        "onboarded",
        "optimised",
        "optimized",
        "organised",
        "orchestrated",
        "owned",
        "packaged",
        "paired",
        "piloted",
        "ported",
        "presented",
        "prevented",
        "proposed",
        "put",
        "prototyped",
        "published",
        "raised",
        "ran",
        "rebuilt",
        "reduced",
        "refactored",
        "removed",
        "replaced",
        "replayed",
        "rewrote",
        "rightsized",
        "rolled",
        "saved",
        "scaled",
        "secured",
        "set",
        "sharded",
        "shipped",
        "shortened",
        "simplified",
        "sped",
        "standardised",
        "standardized",
        "started",
        "streamlined",
        "switched",
        "taught",
        "trained",
        "tripled",
        "turned",
        "unified",
        "upgraded",
        "wrote",
    ]
)
# Words that belong to the engine or the build, not to a CV.
_ENGINE_WORDS = re.compile(
    r"\b(confidence|value engine|estimated value|unquantified|template|impact score|"
    r"merged pull requests?|pull requests?|left out)\b",
    re.IGNORECASE,
)
_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
_FIGURE = re.compile(r"\d")
_NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?")
_FILLER = frozenset(
    ["from", "with", "into", "over", "that", "this", "their", "them", "they", "were", "have"]
)
_CLAUSE_BREAKS = (": ", "; ", " – ", " — ", ", so ", ", which ", ", and ")


def opening_verb(text: str) -> str | None:
    first = re.split(r"[\s,]", text.strip(), maxsplit=1)[0].lower()
    return first if first in ACTION_VERBS else None


def has_figure(text: str) -> bool:
    return bool(_FIGURE.search(_YEAR.sub("", text)))


def acceptable(text: str, titles: tuple[str, ...] = ()) -> bool:
    """Verb first, no engine words, short enough, and no title of its entry inside it."""
    folded = text.casefold()
    return (
        opening_verb(text) is not None
        and not _ENGINE_WORDS.search(text)
        and len(text) <= MAX_LENGTH
        and not any(t and t.casefold() in folded for t in titles)
    )


def write_bullet(
    achievement: Achievement, narrative: AchievementNarrative | None, titles: tuple[str, ...] = ()
) -> str:
    """The CV line for `achievement`; `titles` are the entry's own titles it may not repeat."""
    for tier in _tiers(achievement, narrative):
        usable = [
            c for c in (_finish(round_in_text(t)) for t in tier if t) if acceptable(c, titles)
        ]
        if usable:
            return usable[0]
    last = _from_title(achievement)
    return last if acceptable(last, titles) or not titles else ""


def _tiers(achievement: Achievement, narrative: AchievementNarrative | None) -> list[list[str]]:
    """Candidate lines, best tier first: a stated result beats a described action, and an
    action with an incidental number ('four shards') is no better than one without."""
    measured = [v for m in achievement.metrics for v in (m.before, m.after) if v is not None]
    # A generated bullet that restates the title ("<title> at <org> (2024): ...") says the
    # same thing twice; the owner's own title may still be the bullet, as the last tier.
    # One that names nothing of the work ("Raised the throughput from 212 to 545 req/s") is
    # a figure without a subject: it must share a content word with the title or summary.
    title = achievement.title.casefold()
    subject = _content_words(f"{achievement.title} {first_sentence(achievement.summary)}")
    narrated = [
        plain(b)
        for b in (narrative.bullets if narrative else ())
        if title not in b.casefold() and _content_words(b) & subject
    ]
    told = [_shorten(s) for f in (achievement.summary, achievement.result) for s in sentences(f)]
    done = [_shorten(s) for s in sentences(achievement.action)]
    # The owner's own sentences first: their voice, and the story they chose to tell.
    states_result = [s for s in [*told, *narrated, achievement.title] if _quotes(s, measured)]
    completed = [_with_change(s, achievement) for s in told if not has_figure(s)][:1]
    return [
        states_result,
        [s for s in told if has_figure(s)],
        completed,
        [s for s in narrated if has_figure(s)],
        told,
        done,
        [achievement.title],
    ]


def _content_words(text: str) -> set[str]:
    words = set(re.findall(r"[a-z][a-z0-9-]{3,}", text.casefold()))
    return words - ACTION_VERBS - _FILLER


def _quotes(sentence: str, values: list[float]) -> bool:
    """True when the sentence states one of the measured values (rounded or not)."""
    stated = [float(n.replace(",", "")) for n in _NUMBER.findall(_YEAR.sub("", sentence))]
    return any(abs(s - v) <= 0.005 * max(abs(v), 1.0) for s in stated for v in values if v)


def _shorten(sentence: str, limit: int = MAX_LENGTH) -> str:
    """A long sentence cut at its first clause break that keeps a whole thought (never with an
    ellipsis: a CV line that stops mid-word reads as a mistake)."""
    sentence = sentence.rstrip(" .")
    if len(sentence) <= limit:
        return sentence
    for mark in _CLAUSE_BREAKS:
        head = sentence.split(mark, 1)[0]
        if 40 <= len(head) <= limit:
            return head
    cut = sentence[:limit].rsplit(", ", 1)[0]
    return cut if len(cut) >= 40 else sentence


def _with_change(sentence: str, achievement: Achievement) -> str:
    """A sentence without a figure, completed with the largest measured change: 'Added
    batching, cutting p95 latency from 975 ms to 375 ms'."""
    metric = largest_change(achievement.metrics)
    if metric is None:
        return ""
    clause = change_clause(metric)
    return f"{_shorten(sentence, MAX_LENGTH - len(clause) - 3)}, {clause}"


def largest_change(metrics: list[Metric]) -> Metric | None:
    measured = [m for m in metrics if m.before is not None and m.after is not None]
    if not measured:
        return None

    def relative(m: Metric) -> float:
        before, after = m.before or 0.0, m.after or 0.0
        return abs(after - before) / max(abs(before), abs(after), 1e-9)

    return max(measured, key=relative)


def change_clause(metric: Metric) -> str:
    """'cutting p95 latency from 975 ms to 375 ms' or 'raising ... from 31% to 68%'."""
    before = quantity(metric.before or 0.0, metric.unit)
    after = quantity(metric.after or 0.0, metric.unit)
    verb = "cutting" if (metric.after or 0.0) < (metric.before or 0.0) else "raising"
    return f"{verb} {plain(metric.name)} from {before} to {after}"


def _from_title(achievement: Achievement) -> str:
    """Last resort: the title as something the owner did."""
    title = plain(achievement.title).rstrip(" .")
    lead = title if opening_verb(title) else f"Delivered {lcfirst(title)}"
    metric = largest_change(achievement.metrics)
    if metric is not None and not has_figure(lead):
        lead = f"{lead}, {change_clause(metric)}"
    return _finish(round_in_text(lead))


def _finish(text: str) -> str:
    text = " ".join(text.split()).rstrip(" ,;:")
    return text if not text or text[-1] in ".!?" else f"{text}."
