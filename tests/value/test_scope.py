"""Docs- and tests-only pull requests are read but not priced from the figures they quote."""

import pytest

from builder.value.estimate import estimate_pull_request
from tests.value.value_factories import make_pr

EXAMPLE = "Explains the weekly report: it saves 6 hours per week for each of 3 senior engineers."


@pytest.mark.parametrize(
    ("title", "files", "priced"),
    [
        ("docs: explain the weekly report", (), False),
        ("test(report): cover the weekly report", (), False),
        ("Describe the weekly report", ("docs/report.md", "README.md"), False),
        ("Report fixtures", ("tests/test_report.py", "tests/data/case.json"), False),
        # Markdown that ships with the product (an LLM prompt) is product code
        ("Tune the report prompt", ("src/app/prompts/report.md",), True),
        ("feat: weekly report", ("src/app/report.py", "docs/report.md"), True),
        ("feat: weekly report", (), True),
    ],
)
def test_docs_and_tests_only_prs_are_not_priced(settings, title, files, priced):
    pr = make_pr(7, title, EXAMPLE).model_copy(update={"files": files})
    estimate = estimate_pull_request(pr, settings)
    assert estimate.quantified is priced
    assert estimate.signals  # the figures are still read and listed
    if not priced:
        assert estimate.formula.startswith("Not priced:")
        assert estimate.facts.hours_saved_per_year is None


def test_a_tests_only_pr_that_speeds_up_the_suite_is_priced(settings):
    pr = make_pr(8, "perf(tests): share the fixture", "The unit suite went from 40 s to 25 s.")
    pr = pr.model_copy(update={"files": ("tests/conftest.py",)})
    estimate = estimate_pull_request(pr, settings)
    assert estimate.quantified
    assert estimate.signals[0].metric == "test_time"
