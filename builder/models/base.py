"""Shared base for every record the owner writes: strict, no unknown fields."""

from pydantic import BaseModel, ConfigDict


class StrictModel(BaseModel):
    """Owner-facing records: unknown fields are errors (with a did-you-mean), not silently kept."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True)


class Record(BaseModel):
    """Internal records passed between stages: typed and immutable, built by our own code."""

    model_config = ConfigDict(extra="forbid", frozen=True, arbitrary_types_allowed=True)
