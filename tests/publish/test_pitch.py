"""builder/pdf/pitch.py: a landscape deck with KPIs, top achievements, vector charts, role."""

import pytest

from builder.render.pdf.document import layout
from builder.render.pdf.overflow import overflow
from builder.render.pdf.pitch import (
    BUDGETS,
    for_role,
    pitch_html,
    render_pitch,
    slide_count,
)
from builder.render.pdf.ranking import ranked
from builder.text import round_usd, usd
from tests.publish import cv_factory
from tests.publish import publish_factory as factory
from tests.publish.publish_pdf_text import has_javascript, in_order, reader, text


def test_deck_is_landscape_with_kpis_achievements_charts_and_pitch_in_order() -> None:
    enriched = factory.enriched(factory.achievements(12), pull_requests=factory.pull_requests(60))
    pdf = render_pitch(enriched)
    pages = reader(pdf).pages
    assert len(pages) == 5
    assert all(float(p.mediabox.width) > float(p.mediabox.height) for p in pages)
    low, high = enriched.values.total_interval_90
    top = ranked(enriched)[:4]
    expected = ["Ada Example", "Pitch for the role of", "MLOps Engineer", "In numbers"]
    # the one total, rounded as every page states it (builder.text.about_usd)
    total = enriched.values.total_usd_per_year
    expected += [round_usd(total), f"about {round_usd(total)}/year"]
    expected += [f"{round_usd(low)} to {round_usd(high)}"]
    expected += ["12", "documented achievements", "9 of 12 priced", "60", "merged pull requests"]
    expected += ["Top achievements"]
    for achievement in top:
        value = enriched.values.estimates[achievement.id].value_usd_per_year
        expected += [achievement.title, f"about {usd(value)}/year"]
    expected += ["Impact over time", "Why me for MLOps Engineer"]
    assert in_order(text(pdf), expected), text(pdf)


def test_charts_are_vectors_with_real_text() -> None:
    enriched = factory.enriched(factory.achievements(12), pull_requests=factory.pull_requests(60))
    pdf = render_pitch(enriched)
    chart_page = reader(pdf).pages[3]
    content = chart_page.extract_text()
    assert "USD per year" in content and "Merged pull requests" in content
    assert "2022 Q1" in content
    xobjects = chart_page["/Resources"].get("/XObject") or {}
    images = [x for x in xobjects.values() if x.get_object().get("/Subtype") == "/Image"]
    assert images == []


def test_role_changes_the_pitch() -> None:
    enriched = factory.enriched(factory.achievements(12))
    content = text(render_pitch(enriched, "LLM Engineer"))
    assert "Why me for LLM Engineer" in content
    first = for_role(ranked(enriched), "LLM Engineer")[0]
    assert first.category == "llm"
    assert first.title in content.split("Why me for LLM Engineer", 1)[1]


def test_without_prs_or_values_there_are_no_charts_and_no_dollars() -> None:
    enriched = factory.enriched(factory.achievements(5), valued=False, bullets=False)
    pdf = render_pitch(enriched)
    content = text(pdf)
    assert "Impact over time" not in content
    assert "$" not in content
    assert "0 of 5 priced in dollars" in content


def test_same_input_gives_the_same_bytes_and_no_script() -> None:
    enriched = factory.enriched(factory.achievements(8), pull_requests=factory.pull_requests(20))
    first = render_pitch(enriched)
    assert first == render_pitch(enriched)
    assert not has_javascript(first)


def test_hostile_titles_in_charts_stay_text() -> None:
    item = factory.achievements(1)[0].model_copy(update={"title": "</svg><script>x()</script>"})
    pdf = render_pitch(factory.enriched([item]))
    assert "</svg><script>x()</script>" in text(pdf)
    assert not has_javascript(pdf)


def test_role_slide_uses_the_roles_interview_script() -> None:
    from builder.models.narratives import InterviewAnswer, InterviewScript

    enriched = factory.enriched(factory.achievements(12))
    chosen = ranked(enriched)[-1]  # the lowest-ranked, so only the script can bring it in
    script = InterviewScript(
        role="LLM Engineer",
        slug="llm-engineer",
        answers=(
            InterviewAnswer(
                question="How do you evaluate an LLM feature?",
                answer="With golden sets and a CI gate.",
                achievement_ids=(chosen.id,),
            ),
        ),
    )
    narratives = enriched.narratives.model_copy(update={"interviews": (script,)})
    content = text(
        render_pitch(enriched.model_copy(update={"narratives": narratives}), "LLM Engineer")
    )
    slide = content.split("Why me for LLM Engineer", 1)[1]
    assert in_order(
        slide, ["How do you evaluate an LLM feature?", "With golden sets", chosen.title]
    )


def _deck(portfolio: str):
    if portfolio == "demo":
        return cv_factory.demo(pull_requests=factory.pull_requests(60))
    return factory.enriched(factory.achievements(200), pull_requests=factory.pull_requests(300))


@pytest.mark.parametrize("portfolio", ["demo", "200"])
@pytest.mark.parametrize("role", ["MLOps Engineer", "LLM Engineer"])
def test_no_slide_overflows_its_page(portfolio: str, role: str) -> None:
    """Read back from the PDF: one page per slide, every word inside the page's text box."""
    enriched = _deck(portfolio)
    if role not in enriched.portfolio.profile.target_roles:
        role = enriched.portfolio.profile.target_roles[-1]
    pdf = render_pitch(enriched, role)
    pages = reader(pdf).pages
    assert len(pages) == 5
    for number, page in enumerate(pages):
        box = page.mediabox
        inside = []

        def visit(text, cm, tm, font, size, inside=inside, box=box):  # noqa: ANN001
            if text.strip():
                x, y = tm[4] * cm[0] + cm[4], tm[5] * cm[3] + cm[5]
                inside.append(0 <= x <= float(box.width) and 0 <= y <= float(box.height))

        page.extract_text(visitor_text=visit)
        assert inside and all(inside), f"slide {number + 1}"


def test_overflow_check_sees_a_slide_that_does_not_fit() -> None:
    """The layout check can fail: with a paragraph far too long, the role slide spills over."""
    enriched = cv_factory.demo()
    long_profile = enriched.portfolio.profile.model_copy(update={"summary": "Word. " * 900})
    portfolio = enriched.portfolio.model_copy(update={"profile": long_profile})
    crowded = enriched.model_copy(update={"portfolio": portfolio})
    top = ranked(crowded)
    html = pitch_html(crowded, "MLOps Engineer", top, BUDGETS[0].__class__(20_000, 0, 3))
    assert overflow(layout(html), slide_count(html))
    fitted = reader(render_pitch(crowded)).pages
    assert len(fitted) == 5


def test_no_card_repeats_its_title_and_no_confidence() -> None:
    enriched = cv_factory.demo()
    content = " ".join(text(render_pitch(enriched)).split())
    assert "confidence" not in content
    for achievement in ranked(enriched)[:4]:
        assert content.count(achievement.title) <= 2, achievement.title  # card + role slide
    assert "974.7" not in content
    pages = reader(render_pitch(enriched)).pages
    prose = [pages[i].extract_text() for i in (0, 1, 2, 4)]  # the chart axis may abbreviate
    assert not any("…" in page for page in prose)
