"""Full-model search over the FAISS exact index: the quality reference (`showcase search`)."""

from builder.cache import Cache
from builder.models.portfolio import Portfolio
from builder.models.search_settings import SearchSettings
from builder.search import related as related_search
from builder.search.embed import Embedder
from builder.search.texts import document_text


def full_model_search(
    portfolio: Portfolio,
    settings: SearchSettings,
    cache: Cache,
    query: str,
    k: int,
    embedder: Embedder | None = None,
) -> list[dict]:
    """[{id, title, score}] best first."""
    achievements = sorted(portfolio.achievements, key=lambda a: a.id)
    if not achievements or not query.strip():
        return []
    embedder = embedder or Embedder(settings.model, cache)
    vectors = embedder.embed([document_text(a) for a in achievements])
    found = related_search.search(vectors, embedder.embed([query])[0], min(k, len(achievements)))
    return [
        {
            "id": achievements[i].id,
            "title": achievements[i].title,
            "score": round(score, 6),
        }
        for i, score in found
    ]
