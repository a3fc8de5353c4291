"""builder/render/pdf/resume.py: a CV an ATS parses and a recruiter scans, within its pages.

The demo's reference text is `pdftotext -layout` of its resume; regenerate it after an intended
change with `UPDATE_REFERENCES=1 pytest tests/publish/test_resume.py` and read the diff.
"""

import datetime as dt
import os
import re
from pathlib import Path

import pytest

from builder.models.cv import Experience
from builder.render.pdf.bullets import ACTION_VERBS
from builder.render.pdf.cv import build_cv
from builder.render.pdf.document import layout
from builder.render.pdf.resume import priority, render_resume, resume_html
from tests.publish import cv_factory
from tests.publish import publish_factory as factory
from tests.publish.publish_pdf_text import has_javascript, in_order, link_targets, reader, text

REFERENCE = Path(__file__).parent / "references" / "demo_resume.txt"
UPDATE = os.environ.get("UPDATE_REFERENCES") == "1"


def bullets(layout_text: str) -> list[str]:
    """Each bullet as one line (continuation lines are indented under it)."""
    out: list[str] = []
    for line in layout_text.splitlines():
        stripped = line.strip()
        if stripped.startswith("•"):
            out.append(stripped.lstrip("• "))
        elif out and line.startswith("  ") and stripped and not out[-1].endswith("."):
            out[-1] += " " + stripped
    return out


@pytest.fixture(scope="module")
def demo() -> tuple[object, str]:
    enriched = cv_factory.demo()
    return enriched, cv_factory.layout_text(render_resume(enriched).pdf)


def test_demo_resume_matches_its_reference(demo: tuple[object, str]) -> None:
    _, content = demo
    if UPDATE:
        REFERENCE.write_text(content)
    assert content == REFERENCE.read_text()


def test_demo_resume_has_cv_sections_positions_and_dates(demo: tuple[object, str]) -> None:
    enriched, content = demo
    cv = build_cv(enriched)
    assert in_order(content, ["Maya Okafor", "SUMMARY", "EXPERIENCE", "SKILLS", "EDUCATION"])
    for position in cv.positions:
        header = [line for line in content.splitlines() if position.experience.position in line]
        assert any(position.period in line for line in header), position.experience.position
    assert "Jul 2024 – Present" in content
    for school in cv.education:
        assert school.institution in content
    for banned in ("confidence", "left out", "merged pull request", "Key figures", "/year"):
        assert banned.lower() not in content.lower()


def test_no_bullet_repeats_a_title(demo: tuple[object, str]) -> None:
    enriched, content = demo
    lines = bullets(content)
    assert len(lines) >= 10
    positions = {p.experience.position for p in build_cv(enriched).positions}
    for line in lines:
        assert not any(title in line for title in positions), line
    flat = " ".join(content.split())
    for achievement in enriched.portfolio.achievements:
        assert flat.count(achievement.title) <= 1, achievement.title


def test_figures_are_rounded_as_a_person_would(demo: tuple[object, str]) -> None:
    _, content = demo
    flat = " ".join(content.split())
    assert "from 975 ms to 375 ms" in flat
    assert "974.7" not in flat and "0.67 h" not in flat


@pytest.mark.parametrize("portfolio", ["demo", "career"])
def test_every_bullet_starts_with_a_verb(portfolio: str) -> None:
    enriched = cv_factory.demo() if portfolio == "demo" else cv_factory.career()
    lines = bullets(cv_factory.layout_text(render_resume(enriched).pdf))
    assert lines
    openings = {line.split()[0].lower().rstrip(",") for line in lines}
    assert openings <= ACTION_VERBS, openings - ACTION_VERBS


def test_twelve_positions_and_200_achievements_fit_two_pages_with_every_position() -> None:
    enriched = cv_factory.career(positions=12, achievements=200)
    result = render_resume(enriched)
    assert result.page_limit == 2
    assert len(reader(result.pdf).pages) == result.pages <= 2
    content = cv_factory.layout_text(result.pdf)
    for position in build_cv(enriched).positions:
        assert position.experience.organisation in content
        assert position.period in content
    assert 12 <= len(result.included) < 200


def test_five_years_or_less_gets_one_page() -> None:
    job = Experience(
        organisation="Acme Corp", position="ML Engineer", start=dt.date(2021, 9, 1), end=None
    )
    start = dt.date(2022, 1, 1)
    items = [
        a.model_copy(
            update={"organisation": "Acme Corp", "date": start + dt.timedelta(days=9 * i),
                    "end_date": None}
        )
        for i, a in enumerate(factory.achievements(60))
    ]  # fmt: skip
    enriched = factory.enriched(items, the_profile=factory.profile(experience=[job]))
    result = render_resume(enriched)
    assert (result.page_limit, result.pages) == (1, 1)
    assert 0 < len(result.included) <= 6  # a position shows its six best


def test_demo_is_two_pages_by_its_nine_years_and_one_when_capped() -> None:
    assert render_resume(cv_factory.demo()).page_limit == 2
    capped = render_resume(cv_factory.demo(max_pages=1))
    assert (capped.page_limit, capped.pages) == (1, 1)


def test_fitting_keeps_as_many_bullets_as_fit() -> None:
    enriched = cv_factory.career(positions=12, achievements=200)
    result = render_resume(enriched)
    cv = build_cv(enriched)
    offered = priority(cv)
    count = len(result.included)
    assert count < len(offered)
    one_more = layout(resume_html(enriched, cv, offered[: count + 1], {}))
    assert len(one_more.pages) > 2


def test_role_orders_and_picks_bullets_for_that_role() -> None:
    enriched = cv_factory.demo()
    default = build_cv(enriched).positions[0].lines
    for_llm = build_cv(enriched, "LLM Engineer").positions[0].lines
    assert [line.achievement_id for line in default] != [line.achievement_id for line in for_llm]
    by_id = {a.id: a for a in enriched.portfolio.achievements}
    assert by_id[for_llm[0].achievement_id].category in {"llm", "genai"}
    pdf = render_resume(enriched, "LLM Engineer").pdf
    assert "LLM Engineer" in reader(pdf).metadata.get("/Keywords", "")


def test_without_experience_achievements_are_projects() -> None:
    enriched = factory.enriched(factory.achievements(4), valued=False, bullets=False)
    content = text(render_resume(enriched).pdf)
    assert "PROJECTS" in content and "EXPERIENCE" not in content
    assert "Built the feature store used by" in content
    assert "It replaced a manual process" not in content  # one sentence per bullet


def test_contact_links_are_clickable() -> None:
    targets = link_targets(render_resume(cv_factory.demo()).pdf)
    assert "mailto:maya.okafor@example.com" in targets
    assert "https://github.com/mokafor" in targets


@pytest.mark.parametrize(("size", "width", "height"), [("A4", 595, 842), ("Letter", 612, 792)])
def test_page_size_follows_settings(size: str, width: int, height: int) -> None:
    result = render_resume(factory.enriched(factory.achievements(3), page_size=size))
    box = reader(result.pdf).pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (width, height)


def test_same_input_gives_the_same_bytes() -> None:
    enriched = cv_factory.demo()
    assert render_resume(enriched).pdf == render_resume(enriched).pdf


def test_hostile_text_is_printed_as_text_never_markup() -> None:
    hostile = factory.achievements(2)[0].model_copy(
        update={
            "title": '<script>alert(1)</script><a href="javascript:alert(2)">x</a>',
            "summary": "Built <img src=x onerror=alert(3)> \u202eevil\u202c and \u200bzero width.",
            "organisation": "</p><h1>Injected</h1>",
        }
    )
    job = Experience(
        organisation="</p><h1>Injected</h1>", position="<b>Lead</b>", start=dt.date(2018, 1, 1)
    )
    profile = factory.profile(experience=[job])
    result = render_resume(factory.enriched([hostile], bullets=False, the_profile=profile))
    content = text(result.pdf)
    assert "<img src=x onerror=alert(3)>" in content
    assert "</p><h1>Injected</h1>" in content and "<b>Lead</b>" in content
    assert not any(t.startswith("javascript:") for t in link_targets(result.pdf))
    assert not has_javascript(result.pdf)


def test_page_text_has_no_line_that_stops_mid_word(demo: tuple[object, str]) -> None:
    _, content = demo
    assert "…" not in content
    assert not re.search(r"\w-\n", content.replace("per-\n", ""))
