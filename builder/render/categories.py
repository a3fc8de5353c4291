"""How the site groups achievements: each category's name, and the few groups the nav and the
home page use (a dozen categories of one or two achievements each would read as a list)."""

from collections.abc import Callable, Iterable
from typing import TypeVar, get_args

from builder.models.achievement import Category

T = TypeVar("T")

CATEGORY_LABELS: dict[str, str] = {
    "mlops": "MLOps",
    "llm": "LLM",
    "genai": "Generative AI",
    "ml": "Machine learning",
    "data": "Data",
    "infrastructure": "Infrastructure",
    "observability": "Observability",
    "reliability": "Reliability",
    "security": "Security",
    "cost": "Cost",
    "developer-experience": "Developer experience",
    "leadership": "Leadership",
    "other": "Other",
}

# Every category lands in exactly one group (a test checks it against the Category literal).
GROUPS: tuple[tuple[str, frozenset[str]], ...] = (
    ("LLMs and generative AI", frozenset({"llm", "genai"})),
    ("MLOps and data", frozenset({"mlops", "ml", "data"})),
    (
        "Platform and reliability",
        frozenset({"infrastructure", "reliability", "observability", "security", "cost"}),
    ),
    ("Engineering practice", frozenset({"developer-experience", "leadership", "other"})),
)


def category_label(category: str) -> str:
    return CATEGORY_LABELS.get(category, category.replace("-", " ").capitalize())


def group_of(category: str) -> str:
    return next((name for name, members in GROUPS if category in members), GROUPS[-1][0])


def grouped(items: Iterable[T], category: Callable[[T], str]) -> list[tuple[str, list[T]]]:
    """(group name, its items in the given order) in GROUPS order, empty groups left out."""
    by_group: dict[str, list[T]] = {name: [] for name, _ in GROUPS}
    for item in items:
        by_group[group_of(category(item))].append(item)
    return [(name, members) for name, members in by_group.items() if members]


ALL_CATEGORIES: tuple[str, ...] = get_args(Category)
