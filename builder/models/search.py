"""Records the search stage returns (owned by builder/search); builder/render compiles the
browser's files from BrowserSearch."""

import datetime as dt

from pydantic import Field

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


class ProductCodes(Record):
    """A matrix by product quantisation: each row is cut into `subspaces` equal slices and each
    slice is stored as the number (0-255) of its nearest centroid in that slice's codebook.
    Codebooks are int8 with one float32 scale per subspace: centroid c of subspace s decodes as
    centroids[(s * 256 + c) * width : ... + width] * scales[s], width = dims / subspaces."""

    dims: int
    subspaces: int
    scales: tuple[float, ...]
    centroids: tuple[int, ...]  # subspace-major, each in -127..127
    codes: tuple[int, ...]  # row-major, rows * subspaces, each in 0..255


class Fusion(Record):
    """How the browser merges its two rankings: weighted reciprocal rank fusion, semantic
    matches below a cosine floor dropped (so nonsense finds nothing), exact names first. The
    floor is the site's own (FloorCalibration), the rest comes from a FusionRule."""

    k: int
    semantic_weight: float
    semantic_floor: float


class FloorRule(Record):
    """How a build sets its semantic floor: `probes` nonsense queries through the browser's
    path, the floor `margin` above the `quantile` of their best document cosines."""

    quantile: float = Field(ge=0, le=1)
    margin: float
    probes: int = Field(256, ge=1)


class FusionRule(Record):
    """What is chosen on the labelled dev set (benchmarks/search_eval.py --tune) and applied
    to every site: fusion's k and semantic weight, and the rule that sets its floor."""

    k: int
    semantic_weight: float
    floor: FloorRule

    def applied(self, semantic_floor: float) -> Fusion:
        return Fusion(k=self.k, semantic_weight=self.semantic_weight, semantic_floor=semantic_floor)


class FloorCalibration(Record):
    """What the build measured to set the floor: the probes' best cosines at the rule's
    quantile (`level`) and at their highest (`peak`); floor = level + margin."""

    probes: int  # probes the token table could embed (the rest find nothing anyway)
    quantile: float
    margin: float
    level: float
    peak: float


class BrowserSearch(Record):
    """Everything the in-browser search ranks with: documents, the keyword layer with the exact
    names, and the semantic layer (document vectors and the query token table, quantised)."""

    docs: tuple[SearchDoc, ...]
    lexical: Bm25Index
    names: dict[str, tuple[int, ...]] = {}  # name key -> document indexes (texts.name_key)
    suggestions: tuple[str, ...] = ()  # the most used skills, offered when nothing matches
    fusion: Fusion
    floor: FloorCalibration | None = None  # how fusion.semantic_floor was measured
    vectors: QuantizedRows
    tokens: tuple[str, ...]  # the token table's rows, in order (the WordPiece vocabulary)
    table: ProductCodes


class SearchIndex(Record):
    related: dict[str, tuple[str, ...]] = {}
    themes: tuple[Theme, ...] = ()
    browser: BrowserSearch | None = None
    quality: SearchQuality | None = None
