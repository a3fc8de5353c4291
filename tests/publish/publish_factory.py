"""Enriched portfolios built in memory, so PDF and JSON Resume tests need no pipeline run."""

import datetime as dt
import random
from pathlib import Path

from builder.models.achievement import Achievement, Metric
from builder.models.config import Paths, ShowcaseConfig
from builder.models.enriched import Enriched
from builder.models.mlops import ModelReport, Prediction
from builder.models.narratives import AchievementNarrative, NarrativeSet
from builder.models.portfolio import Portfolio
from builder.models.profile import Link, Profile
from builder.models.pull_request import PullRequest
from builder.models.search import SearchIndex
from builder.models.value import ValueEstimate, ValueReport

REPO = Path(__file__).resolve().parents[2]
TEMPLATES = REPO / "site_templates"

TOPICS = [
    ("Feature store", "mlops", ["Feast", "Python", "Redis"]),
    ("LLM evaluation harness", "llm", ["Python", "OpenAI", "pytest"]),
    ("GPU autoscaling", "infrastructure", ["Kubernetes", "Karpenter", "Terraform"]),
    ("Model registry", "mlops", ["MLflow", "Python", "PostgreSQL"]),
    ("Drift monitoring", "observability", ["Prometheus", "Evidently", "Grafana"]),
    ("RAG pipeline", "genai", ["LangChain", "FAISS", "Python"]),
    ("CI speed-up", "developer-experience", ["GitHub Actions", "Bazel"]),
    ("Inference cost cut", "cost", ["Triton", "ONNX", "AWS"]),
]


def profile(**overrides: object) -> Profile:
    data = {
        "name": "Ada Example",
        "headline": "MLOps engineer who ships models to production",
        "target_roles": ["MLOps Engineer", "LLM Engineer"],
        "summary": "I build **reliable** ML platforms.",
        "email": "ada@example.com",
        "location": "Lisbon, Portugal",
        "links": [
            Link(label="GitHub", url="https://github.com/ada-example"),
            Link(label="LinkedIn", url="https://www.linkedin.com/in/ada-example"),
        ],
    }
    data.update(overrides)
    return Profile(**data)


def tag(i: int) -> str:
    """A digit-free label for item i ('Ab', 'Kc'...), so only real figures carry digits."""
    letters = "abcdefghijklmnopqrstuvwxyz"
    return (letters[i % 26] + letters[(i // 26) % 26]).capitalize() + " series"


def achievements(count: int, seed: int = 3, featured: int = 2) -> list[Achievement]:
    rng = random.Random(seed)
    out = []
    for i in range(count):
        name, category, skills = TOPICS[i % len(TOPICS)]
        day = dt.date(2019, 1, 1) + dt.timedelta(days=(i * 37) % 2000)
        out.append(
            Achievement(
                id=f"ach-{i:03d}",
                title=f"{name} {tag(i)}",
                date=day,
                end_date=day + dt.timedelta(days=rng.randint(0, 120)),
                organisation=["Acme Corp", "Globex", "Initech"][i % 3],
                summary=(
                    f"Built the {name.lower()} used by {rng.randint(3, 40)} teams. "
                    "It replaced a manual process that took a day per release."
                ),
                skills=skills,
                category=category,
                metrics=[Metric(name="p95 latency", before=900, after=300, unit="ms")],
                featured=i < featured,
            )
        )
    return out


def enriched(
    items: list[Achievement],
    *,
    page_size: str = "A4",
    max_pages: int = 2,
    valued: bool = True,
    bullets: bool = True,
    pull_requests: tuple[PullRequest, ...] = (),
    the_profile: Profile | None = None,
    site_url: str | None = "https://ada.example.org/",
    templates: Path = TEMPLATES,
) -> Enriched:
    config = ShowcaseConfig.model_validate(
        {"pdf": {"page_size": page_size, "resume_max_pages": max_pages}}
    )
    paths = Paths.resolve(config, REPO).model_copy(update={"templates_dir": templates})
    estimates = {}
    if valued:
        for i, a in enumerate(items):
            value = None if i % 4 == 3 else float(10_000 + 7_919 * ((i * 13) % 41))
            estimates[a.id] = ValueEstimate(
                item_id=a.id,
                kind="achievement",
                value_usd_per_year=value,
                method="time_savings" if value else "unquantified",
                confidence=0.7 if value else None,
                formula="8 h/week x 52 weeks x $125/h x 4 people" if value else "",
            )
    total = sum(e.value_usd_per_year or 0 for e in estimates.values()) or None
    narratives = {}
    if bullets:
        for a in items:
            narratives[a.id] = AchievementNarrative(
                achievement_id=a.id,
                bullets=(
                    f"Led the {a.title.lower()} end to end.",
                    f"Cut p95 latency from 900 ms to 300 ms for {a.title}.",
                ),
                pitch=f"I delivered {a.title} and made it stick.",
            )
    return Enriched(
        config=config,
        paths=paths,
        site_url=site_url,
        portfolio=Portfolio(
            profile=the_profile or profile(),
            achievements=tuple(items),
            pull_requests=pull_requests,
        ),
        values=ValueReport(
            estimates=estimates,
            total_usd_per_year=total,
            total_interval_90=(total * 0.6, total * 1.5) if total else None,
        ),
        model=ModelReport(
            predictions={
                a.id: Prediction(item_id=a.id, point=5 + (i % 5) / 2, low=3, high=8)
                for i, a in enumerate(items)
            }
        ),
        narratives=NarrativeSet(
            achievements=narratives, about="Platform engineer for ML teams." if bullets else ""
        ),
        search=SearchIndex(),
    )


def pull_requests(count: int, seed: int = 5) -> tuple[PullRequest, ...]:
    rng = random.Random(seed)
    start = dt.datetime(2022, 1, 3, tzinfo=dt.UTC)
    out = []
    for i in range(count):
        created = start + dt.timedelta(days=rng.randint(0, 900))
        out.append(
            PullRequest(
                url=f"https://github.com/acme/platform/pull/{i + 1}",
                number=i + 1,
                repo=["acme/platform", "acme/models"][i % 2],
                title=f"Improve pipeline step {i}",
                state="merged",
                created_at=created,
                merged_at=created + dt.timedelta(days=1),
                source_shape="gh-pr-list",
                source_file="achievements/exports/prs.json",
            )
        )
    return tuple(out)
