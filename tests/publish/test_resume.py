"""builder/pdf/resume.py: real text in order, clickable contacts, never over the page limit."""

import logging

import pytest

from builder.render.pdf.document import layout
from builder.render.pdf.ranking import ranked
from builder.render.pdf.resume import _html, _item, render_resume
from builder.text import usd
from tests.publish import publish_factory as factory
from tests.publish.publish_pdf_text import has_javascript, in_order, link_targets, reader, text


def test_small_portfolio_fits_whole_with_figures_in_rank_order() -> None:
    enriched = factory.enriched(factory.achievements(6), pull_requests=factory.pull_requests(30))
    result = render_resume(enriched)
    assert result.dropped == ()
    assert result.pages == 1 == len(reader(result.pdf).pages)
    order = ranked(enriched)
    assert order[0].featured and order[1].featured
    content = text(result.pdf)
    expected = ["Ada Example", "MLOps engineer who ships models to production", "KEY FIGURES"]
    expected += [usd(enriched.values.total_usd_per_year), "30", "merged pull requests"]
    for achievement in order:
        expected.append(achievement.title)
        value = enriched.values.estimates[achievement.id].value_usd_per_year
        if value is not None:
            expected.append(f"{usd(value)}/year")
        expected.append(f"Cut p95 latency from 900 ms to 300 ms for {achievement.title}.")
    assert in_order(content, expected), content


def test_contact_links_are_clickable() -> None:
    result = render_resume(factory.enriched(factory.achievements(3)))
    targets = link_targets(result.pdf)
    assert "mailto:ada@example.com" in targets
    assert "https://github.com/ada-example" in targets
    assert "https://www.linkedin.com/in/ada-example" in targets


@pytest.mark.parametrize("max_pages", [1, 2])
def test_200_achievements_stay_within_the_limit_and_name_what_was_left_out(
    max_pages: int, caplog: pytest.LogCaptureFixture
) -> None:
    enriched = factory.enriched(factory.achievements(200, featured=5), max_pages=max_pages)
    with caplog.at_level(logging.WARNING, logger="showcase.pdf"):
        result = render_resume(enriched)
    assert len(reader(result.pdf).pages) == result.pages <= max_pages
    ids = [a.id for a in ranked(enriched)]
    count = len(result.included)
    assert 0 < count < 200
    assert list(result.included) == ids[:count]  # the lowest-ranked go first
    assert list(result.dropped) == ids[count:]
    assert set(ids[:5]) <= set(result.included)  # featured ones kept
    assert f"{200 - count} more achievements left out" in text(result.pdf)
    assert "https://ada.example.org/achievements/" in text(result.pdf)
    warning = "\n".join(r.getMessage() for r in caplog.records)
    assert f"{200 - count} achievement(s) left out" in warning
    assert all(i in warning for i in result.dropped[:20])
    assert f"and {len(result.dropped) - 20} more" in warning


def test_fitting_keeps_as_many_items_as_fit() -> None:
    enriched = factory.enriched(factory.achievements(60), max_pages=1)
    result = render_resume(enriched)
    items = [_item(enriched, a) for a in ranked(enriched)]
    count = len(result.included)
    one_more = layout(_html(enriched, items, count + 1))
    assert len(one_more.pages) > 1


def test_two_pages_hold_more_than_one() -> None:
    items = factory.achievements(80)
    one = render_resume(factory.enriched(items, max_pages=1))
    two = render_resume(factory.enriched(items, max_pages=2))
    assert two.pages == 2
    assert len(two.included) > len(one.included)


@pytest.mark.parametrize(("size", "width", "height"), [("A4", 595, 842), ("Letter", 612, 792)])
def test_page_size_follows_settings(size: str, width: int, height: int) -> None:
    result = render_resume(factory.enriched(factory.achievements(3), page_size=size))
    box = reader(result.pdf).pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (width, height)


def test_same_input_gives_the_same_bytes() -> None:
    enriched = factory.enriched(factory.achievements(40))
    assert render_resume(enriched).pdf == render_resume(enriched).pdf


def test_without_narratives_or_values_uses_the_summary_and_no_figures() -> None:
    enriched = factory.enriched(factory.achievements(4), valued=False, bullets=False)
    content = text(render_resume(enriched).pdf)
    assert "Built the feature store used by" in content
    assert "It replaced a manual process" not in content  # first sentence only
    assert "$" not in content
    assert "estimated business value" not in content


def test_hostile_text_is_printed_as_text_never_markup() -> None:
    hostile = factory.achievements(2)[0].model_copy(
        update={
            "title": '<script>alert(1)</script><a href="javascript:alert(2)">x</a>',
            "summary": "<img src=x onerror=alert(3)> \u202eevil\u202c and \u200bzero width.",
            "organisation": "</p><h1>Injected</h1>",
        }
    )
    result = render_resume(factory.enriched([hostile], bullets=False))
    content = text(result.pdf)
    assert "<script>alert(1)</script>" in content
    assert "</p><h1>Injected</h1>" in content
    assert not any(t.startswith("javascript:") for t in link_targets(result.pdf))
    assert not has_javascript(result.pdf)


def test_best_bullet_prefers_a_result_figure_over_a_year() -> None:
    from builder.models.narratives import AchievementNarrative
    from builder.render.pdf.ranking import best_bullet

    item = factory.achievements(1)[0]
    enriched = factory.enriched([item])
    narrative = AchievementNarrative(
        achievement_id=item.id,
        bullets=("Shipped it at Acme (2024).", "Cut p95 latency by 62%.", "Led 3 people."),
    )
    narratives = enriched.narratives.model_copy(update={"achievements": {item.id: narrative}})
    chosen = best_bullet(enriched.model_copy(update={"narratives": narratives}), item)
    assert chosen == "Cut p95 latency by 62%."
