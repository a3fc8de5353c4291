"""The built demo reads as a person wrote it: no banned phrasing, no engine internals, and no
sentence said twice on one page (#12)."""

import html
import re
from pathlib import Path

import pytest

BANNED = (
    "A good example is",
    'My task was to deliver "',
    "The value engine prices",
    "The owner scored",
    "Written by the deterministic templates",
    "n/a | n/a",
)
_ARTICLE = re.compile(r"<article\b.*?</article>", re.S)
_TAG = re.compile(r"<[^>]+>")
_SENTENCE = re.compile(r"[^.!?]{40,}[.!?]")


def article_text(page: Path) -> str:
    match = _ARTICLE.search(page.read_text("utf-8"))
    return html.unescape(_TAG.sub(" ", match.group(0))) if match else ""


def repeated_sentences(text: str) -> list[str]:
    seen: set[str] = set()
    repeats = []
    for sentence in _SENTENCE.findall(" ".join(text.split())):
        key = sentence.strip().lower()
        if key in seen:
            repeats.append(sentence.strip())
        seen.add(key)
    return repeats


def test_the_checks_can_fail() -> None:
    said = "I cut the bill from 42 to 29 dollars a month."
    assert repeated_sentences(f"{said} {said}") == [said]


@pytest.mark.browser
def test_no_page_of_the_demo_has_banned_phrasing_or_says_a_sentence_twice(demo_site: Path) -> None:
    problems = []
    for page in sorted(demo_site.rglob("index.html")):
        text = article_text(page)
        where = page.relative_to(demo_site).as_posix()
        problems += [f"{where}: {phrase!r}" for phrase in BANNED if phrase in text]
        problems += [f"{where}: repeated {s!r}" for s in repeated_sentences(text)]
    assert problems == []
    assert not (demo_site / "interview").exists()  # the interview pack is private by default
