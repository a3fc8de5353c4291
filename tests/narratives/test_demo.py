"""The demo portfolio, offline: every template text of every achievement passes the guard."""

from builder.cache import Cache
from builder.load.sources import load_sources
from builder.models.config import Paths, ShowcaseConfig
from builder.models.mlops import ModelReport
from builder.narratives.replies import check
from builder.narratives.stage import plan, write_narratives
from builder.value.stage import price_portfolio
from tests.narratives.narratives_fakes import REPO


def test_demo_template_narratives_are_grounded_and_well_formed(tmp_path) -> None:  # noqa: ANN001
    config = ShowcaseConfig()
    paths = Paths.resolve(config, REPO)
    sources = load_sources(paths)
    portfolio = sources.portfolio.public()
    values = price_portfolio(portfolio, config.value)
    impact = ModelReport()
    result = write_narratives(
        portfolio,
        values,
        impact,
        config.narratives,
        paths,
        Cache(tmp_path),
        roles=sources.roles,
        environ={},
    )
    assert result.backend == "template" and len(result.achievements) == len(portfolio.achievements)
    jobs = {
        (j.task, j.item): j
        for js in plan(portfolio, values, impact, sources.roles).values()
        for j in js
    }
    for a in portfolio.achievements:
        n = result.achievements[a.id]
        check("star", n.star, jobs[("star", a.id)].quantities)
        reply = {"bullets": n.bullets, "talking_points": n.talking_points, "pitch": n.pitch}
        check("bullets", reply, jobs[("bullets", a.id)].quantities)
    check("about", {"about": result.about}, jobs[("about", "about")].quantities)
    for script in result.interviews:
        for number, answer in enumerate(script.answers, 1):
            job = jobs[("interview", f"{script.slug}#{number}")]
            check("interview", {"answer": answer.answer}, job.quantities)
