"""Records the search stage returns (owned by builder/search); builder/render compiles the
browser's files from BrowserSearch."""

import datetime as dt

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


class SearchDoc(Record):
    """What a search result shows for one achievement."""

    id: str
    title: str
    snippet: str
    date: dt.date
    value: float | None = None  # dollars per year, when priced
    theme: str | None = None


class Bm25Index(Record):
    """BM25 over the documents, in document order: postings are (document index, term
    frequency) pairs, terms sorted."""

    k1: float
    b: float
    stopwords: tuple[str, ...]
    lengths: tuple[int, ...]
    postings: dict[str, tuple[tuple[int, int], ...]]


class QuantizedRows(Record):
    """A matrix as int8 codes with one float32 scale per row: row i decodes as
    codes[i * dims : (i + 1) * dims] * scales[i]. What the browser gets, number for number."""

    dims: int
    scales: tuple[float, ...]
    codes: tuple[int, ...]  # row-major, each in -127..127


class BrowserSearch(Record):
    """Everything the in-browser search ranks with: documents, the keyword layer, and the
    semantic layer (document vectors and the query token table, quantised)."""

    docs: tuple[SearchDoc, ...]
    lexical: Bm25Index
    fusion_k: int  # reciprocal rank fusion constant
    vectors: QuantizedRows
    tokens: tuple[str, ...]  # the token table's rows, in order (the WordPiece vocabulary)
    table: QuantizedRows


class SearchIndex(Record):
    related: dict[str, tuple[str, ...]] = {}
    themes: tuple[Theme, ...] = ()
    browser: BrowserSearch | None = None
    quality: SearchQuality | None = None
