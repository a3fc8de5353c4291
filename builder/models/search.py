"""Records the search stage returns (owned by builder/search)."""

from builder.models.base import Record


class Theme(Record):
    id: str
    label: str
    terms: tuple[str, ...] = ()
    members: tuple[str, ...] = ()


class Scores(Record):
    """Retrieval quality of one search path over a query set."""

    recall_at_5: float
    mrr: float
    ndcg_at_10: float


class SearchQuality(Record):
    """The build's self-check: the site's own texts as queries, three search paths."""

    queries: int
    full_model: Scores
    browser: Scores
    lexical: Scores


class SearchIndex(Record):
    related: dict[str, tuple[str, ...]] = {}
    themes: tuple[Theme, ...] = ()
    assets: dict[str, bytes] = {}
    quality: SearchQuality | None = None
