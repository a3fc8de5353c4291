"""Skills grouped the way a CV lists them: languages, ML and LLM, infrastructure, data.

The owner's `skill_groups` in profile.yml win. Otherwise every skill of the published
achievements is placed by a small curated table, and a skill the table does not know goes
with the category of the achievements that use it most. Within a group, the most used first.
"""

from collections import Counter

from builder.models.achievement import Achievement
from builder.models.profile import Profile

LANGUAGES = "Programming languages"
ML = "ML and LLM"
INFRASTRUCTURE = "Infrastructure and MLOps"
DATA = "Data"
PRACTICES = "Practices"
GROUP_ORDER = (LANGUAGES, ML, INFRASTRUCTURE, DATA, PRACTICES)

# Lower-cased skill -> group, for the names that a category alone would place wrongly.
KNOWN = {
    **dict.fromkeys(
        ["python", "go", "sql", "rust", "java", "typescript", "bash", "c++", "asyncio"], LANGUAGES
    ),
    **dict.fromkeys(
        [
            "pytorch",
            "transformers",
            "scikit-learn",
            "vllm",
            "openai api",
            "langchain",
            "faiss",
            "sentence-transformers",
            "llm evaluation",
            "llm serving",
            "llm security",
            "mlflow",
            "numpy",
            "feature engineering",
            "document ai",
            "pgvector",
            "onnx",
            "triton",
        ],
        ML,
    ),
    **dict.fromkeys(
        [
            "kubernetes",
            "terraform",
            "aws",
            "eks",
            "docker",
            "github actions",
            "argo cd",
            "argo rollouts",
            "karpenter",
            "kueue",
            "k3d",
            "kustomize",
            "prometheus",
            "grafana",
            "nvidia gpu",
            "ci/cd",
            "fastapi",
            "make",
            "trivy",
            "syft",
            "kubecost",
            "slos",
            "sre",
            "locust",
            "pytest",
            "uv",
        ],
        INFRASTRUCTURE,
    ),
    **dict.fromkeys(
        ["postgresql", "airflow", "data validation", "json schema", "redis", "feast", "jupyter"],
        DATA,
    ),
    **dict.fromkeys(
        [
            "technical leadership",
            "mentoring",
            "code review",
            "technical writing",
            "architecture",
            "incident response",
            "mkdocs",
        ],
        PRACTICES,
    ),
}
BY_CATEGORY = {
    "llm": ML,
    "genai": ML,
    "ml": ML,
    "mlops": INFRASTRUCTURE,
    "infrastructure": INFRASTRUCTURE,
    "reliability": INFRASTRUCTURE,
    "observability": INFRASTRUCTURE,
    "cost": INFRASTRUCTURE,
    "security": INFRASTRUCTURE,
    "developer-experience": INFRASTRUCTURE,
    "data": DATA,
    "leadership": PRACTICES,
    "other": PRACTICES,
}


def skill_groups(
    profile: Profile, achievements: list[Achievement], per_group: int = 14
) -> list[tuple[str, list[str]]]:
    """(group name, skills) in the CV's order, at most `per_group` skills each."""
    if profile.skill_groups:
        return [(g.name, list(g.skills)) for g in profile.skill_groups]
    uses: Counter[str] = Counter()
    spelling: dict[str, str] = {}
    categories: dict[str, Counter[str]] = {}
    for achievement in achievements:
        for skill in dict.fromkeys(achievement.skills):
            key = skill.casefold()
            spelling.setdefault(key, skill)
            uses[key] += 1
            categories.setdefault(key, Counter())[achievement.category] += 1
    grouped: dict[str, list[str]] = {}
    for key in sorted(uses, key=lambda k: (-uses[k], k)):
        category = min(categories[key].items(), key=lambda kv: (-kv[1], kv[0]))[0]
        group = KNOWN.get(key) or BY_CATEGORY.get(category, PRACTICES)
        grouped.setdefault(group, []).append(spelling[key])
    return [(g, grouped[g][:per_group]) for g in GROUP_ORDER if grouped.get(g)]
