"""Settings of the semantic search (owned by builder/search)."""

from pydantic import Field, model_validator

from builder.models.base import StrictModel


class SearchSettings(StrictModel):
    enabled: bool = True
    model: str | None = Field(
        None, description="Local path or name of a sentence-transformer; default: packaged MiniLM."
    )
    related_k: int = Field(3, ge=0, le=20)
    themes: int | None = Field(
        None,
        ge=0,
        le=50,
        description="Most themes to show (0: none); default: every theme of the vocabulary "
        "that holds two achievements or more.",
    )
    seed: int = Field(7, description="Seeds k-means and the word windows the table is fitted on.")
    dims: int | None = Field(
        96,
        ge=16,
        le=1024,
        description="Dimensions of the vectors sent to the browser (principal components of the "
        "site's embeddings); null keeps the model's own.",
    )
    common_words: int = Field(
        6000,
        ge=0,
        le=30000,
        description="Frequent English words kept in the browser's token table besides the site's.",
    )
    table_subspaces: int = Field(
        16,
        ge=1,
        le=96,
        description="Bytes per row of the browser's token table (product quantisation: the "
        "row is cut into this many slices, each stored as one of 256 centroids); must divide "
        "dims.",
    )
    fit_windows: int = Field(
        3000, ge=0, description="Word windows from the site's texts the token table is fitted on."
    )
    ridge_alpha: float = Field(0.01, gt=0, description="Shrinkage of the token-table re-fit.")
    row_refit: float | None = Field(
        1.0, gt=0, description="Shrinkage of the per-token second fit; null skips it."
    )
    fit_pr_titles: bool = Field(
        True, description="Also fit the token table on the titles of the published PRs."
    )
    self_check: bool = Field(
        True,
        description="Evaluate the browser's search at build time; warn if below keyword search.",
    )

    @model_validator(mode="after")
    def _subspaces_divide_dims(self) -> "SearchSettings":
        # with dims null the model's own width is checked when the table is coded
        if self.dims and self.dims % self.table_subspaces:
            raise ValueError(
                f"search.table_subspaces ({self.table_subspaces}) must divide search.dims "
                f"({self.dims}) into equal slices"
            )
        return self
