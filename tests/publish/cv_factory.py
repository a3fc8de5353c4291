"""CV-shaped portfolios: the demo's own records, and a long career of many positions.

Both reuse publish_factory.enriched, so values and predictions are the same stand-ins as in
the other PDF tests; `demo()` keeps the narratives empty so the bullets come from the owner's
own sentences, which makes its reference text independent of the narrative templates.
"""

import datetime as dt
import random
import subprocess
import tempfile
from pathlib import Path

from builder.load.sources import collect
from builder.models.achievement import Achievement, Metric
from builder.models.config import Paths, ShowcaseConfig
from builder.models.cv import Education, Experience
from builder.models.enriched import Enriched
from tests.publish import publish_factory as factory

REPO = factory.REPO


def demo(**options: object) -> Enriched:
    portfolio, problems = collect(Paths.resolve(ShowcaseConfig(), REPO))
    assert problems == [] and portfolio is not None
    public = portfolio.public()
    return factory.enriched(
        list(public.achievements), the_profile=public.profile, bullets=False, **options
    )


def career(positions: int = 12, achievements: int = 200, seed: int = 7) -> Enriched:
    """`positions` jobs of about two years each, ending 2026, and `achievements` spread over
    them (one in ten at no listed employer, so Projects appear too)."""
    rng = random.Random(seed)
    jobs = []
    end = dt.date(2026, 6, 1)
    for i in range(positions):
        start = dt.date(end.year - 2, end.month, 1)
        jobs.append(
            Experience(
                organisation=f"Employer {chr(65 + i)}",
                position=["ML Engineer", "Data Engineer", "Platform Engineer"][i % 3],
                start=start,
                end=None if i == 0 else end,
                location="Remote",
                scope="Owned the model platform for a product team of about 30 people.",
            )
        )
        end = dt.date(start.year, start.month, 1) - dt.timedelta(days=1)
        end = dt.date(end.year, end.month, 1)
    items = []
    for i, base in enumerate(factory.achievements(achievements, seed=seed)):
        job = jobs[i % positions]
        span = ((job.end or dt.date(2026, 6, 1)) - job.start).days
        day = job.start + dt.timedelta(days=rng.randint(0, max(span - 1, 0)))
        items.append(
            base.model_copy(
                update={
                    "date": day,
                    "end_date": None,
                    "organisation": "Side projects" if i % 10 == 9 else job.organisation,
                    "metrics": [Metric(name="p95 latency", before=974.7, after=374.9, unit="ms")],
                    "summary": f"Shipped the {base.title.lower()} for {rng.randint(3, 40)} teams.",
                }
            )
        )
    profile = factory.profile(
        experience=jobs,
        education=[
            Education(institution="Example University", degree="MSc", field="Physics",
                      start=dt.date(2000, 9, 1), end=dt.date(2002, 7, 1))
        ],
    )  # fmt: skip
    return factory.enriched(items, the_profile=profile)


def layout_text(pdf: bytes) -> str:
    """The PDF read as `pdftotext -layout` reads it (the way many ATS parsers see it)."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "resume.pdf"
        path.write_bytes(pdf)
        result = subprocess.run(
            ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
        )
    return result.stdout


def achievement(**fields: object) -> Achievement:
    base = {"id": "x", "title": "Thing", "date": dt.date(2024, 1, 1), "summary": "Did it."}
    return Achievement(**{**base, **fields})
