"""Model registry on disk: experiment records, content-addressed model files, aliases, a log.

Layout under the registry folder (committed with the achievements: it is the history, and
a runner's cache may be evicted at any time):
    runs/<run_id>.json      one experiment record per run (params, fold metrics, hashes, ...)
    models/<sha256>.model   the champion's model file, named by the SHA-256 of its bytes
    registry.json           versions, aliases (champion, challenger), retraining requests
    promotions.jsonl        append-only log of every promotion decision
    cards/v<version>.json   the model card (Model Card Toolkit sections) of the champion

Every other model file lives in the model cache. The champion's file is committed because
it often cannot be rebuilt: a rejected challenger means the champion was trained on data the
repository no longer holds. Any other version is the current run or history; the current run
is retrained from today's data when its file is missing, to the same bytes (training is
deterministic), so losing the cache costs time, never a version.

Aliases follow MLflow's current style (named pointers to versions) rather than its
deprecated Staging/Production stages. A model file starts with one JSON header line naming
the library versions it was pickled with; a file from another scikit-learn is refused before
unpickling, because sklearn does not promise that its pickles load across versions.

The builder reads and writes typed records (`RunRecord`, `RegistryState`); the plain-JSON
readers (`state`, `run`, `promotions`) are for notebooks, which read the files as they are.
State changes are pure functions at the bottom (`register`, `apply_decision`, ...): the
lifecycle applies them and saves the state once.
"""

import hashlib
import json
import pickle
import platform
import warnings
from pathlib import Path
from typing import Any

import numpy
import scipy
import sklearn
from sklearn.exceptions import InconsistentVersionWarning

from builder.cache import atomic_write_bytes, canonical_json
from builder.models.mlops import (
    Alias,
    DriftReference,
    GateDecision,
    PromotionRecord,
    RegistryEntry,
    RegistryState,
    RetrainRequest,
    RunRecord,
)

MODEL_FORMAT = "showcase-model/1"


class ForeignModelError(Exception):
    """A model file that must not be loaded: another scikit-learn, or corrupted bytes."""


class MissingModelError(ForeignModelError):
    """A model file in neither the registry nor the model cache (a cold cache, say)."""


def library_versions() -> dict[str, str]:
    """What executes training: part of the run id and of each model file's header. Python by
    its minor version only: the committed registry is built on the owner's machine and on
    CI, and a patch release there must not make every run, and every model file, new."""
    major, minor, _ = platform.python_version_tuple()
    return {
        "python": f"{major}.{minor}",
        "scikit-learn": sklearn.__version__,
        "numpy": numpy.__version__,
        "scipy": scipy.__version__,
    }


def _pretty_json(value: Any) -> bytes:
    return (json.dumps(value, sort_keys=True, indent=2, ensure_ascii=False) + "\n").encode()


class Registry:
    def __init__(self, root: Path, model_cache: Path | None = None) -> None:
        self.root = root
        self.runs_dir = root / "runs"
        self.models_dir = root / "models"  # the champion's file, committed
        # Where new model files are written; without a cache, beside the records.
        self.model_cache = model_cache or self.models_dir
        self.state_file = root / "registry.json"
        self.log_file = root / "promotions.jsonl"

    # -- experiment records -------------------------------------------------------------

    def load_run(self, run_id: str) -> RunRecord | None:
        raw = self.run(run_id)
        return None if raw is None else RunRecord.model_validate(raw)

    def save_run(self, record: RunRecord) -> None:
        path = self.runs_dir / f"{record.run_id}.json"
        atomic_write_bytes(path, _pretty_json(record.model_dump(mode="json")))

    def load_runs(self) -> list[RunRecord]:
        records = [RunRecord.model_validate(raw) for raw in self._raw_runs()]
        return sorted(records, key=lambda r: (r.sequence, r.run_id))

    def withhold(self, public: set[str]) -> int:
        """Rewrite every run record that names an item outside `public` without it; the
        number of records rewritten. Records are committed: what is private now, or gone
        from the owner's files, must not stay in them."""
        changed = 0
        for record in self.load_runs():
            kept = without_items(record, public)
            if kept != record:
                self.save_run(kept)
                changed += 1
        return changed

    def run_count(self) -> int:
        return len(list(self.runs_dir.glob("*.json"))) if self.runs_dir.is_dir() else 0

    # -- model files ----------------------------------------------------------------------

    def model_path(self, sha: str) -> Path:
        """The committed file if there is one, else the cached one (which may not exist)."""
        committed = self.models_dir / f"{sha}.model"
        return committed if committed.is_file() else self.model_cache / f"{sha}.model"

    def save_model(self, bundle: Any) -> str:
        header = {"format": MODEL_FORMAT, **library_versions()}
        data = canonical_json(header).encode() + b"\n" + pickle.dumps(bundle, protocol=5)
        sha = hashlib.sha256(data).hexdigest()
        if not self.model_path(sha).is_file():
            atomic_write_bytes(self.model_cache / f"{sha}.model", data)
        return sha

    def keep_model_files(self, keep: set[str]) -> None:
        """Commit exactly the model files named in `keep`: copy them from the cache into the
        registry, move every other one out to the cache (never deleting the only copy).
        Without a separate cache every file stays where it is."""
        if self.model_cache == self.models_dir:
            return
        for sha in sorted(keep):
            committed = self.models_dir / f"{sha}.model"
            cached = self.model_cache / f"{sha}.model"
            if not committed.is_file() and cached.is_file():
                atomic_write_bytes(committed, cached.read_bytes())
        extra = self.models_dir.glob("*.model") if self.models_dir.is_dir() else []
        for path in sorted(extra):
            if path.stem in keep:
                continue
            cached = self.model_cache / path.name
            if not cached.is_file():
                atomic_write_bytes(cached, path.read_bytes())
            path.unlink()

    def model_header(self, sha: str) -> dict:
        with self.model_path(sha).open("rb") as handle:
            return json.loads(handle.readline())

    def load_model(self, sha: str) -> Any:
        path = self.model_path(sha)
        name = f"model {sha[:12]}"  # no absolute path: decisions quoting this reach the site
        if not path.is_file():
            raise MissingModelError(f"{name}: model file missing")
        data = path.read_bytes()
        if hashlib.sha256(data).hexdigest() != sha:
            raise ForeignModelError(f"{name}: content does not match its SHA-256 name")
        head, _, payload = data.partition(b"\n")
        try:
            header = json.loads(head)
        except json.JSONDecodeError:
            raise ForeignModelError(f"{name}: no model header line") from None
        if header.get("format") != MODEL_FORMAT:
            raise ForeignModelError(f"{name}: format {header.get('format')!r}, not {MODEL_FORMAT}")
        theirs, ours = header.get("scikit-learn"), sklearn.__version__
        if theirs != ours:
            raise ForeignModelError(
                f"{name}: pickled by scikit-learn {theirs}, this build runs {ours}"
            )
        with warnings.catch_warnings():
            # Second line of defence: sklearn's own check inside each estimator's state.
            warnings.simplefilter("error", InconsistentVersionWarning)
            try:
                return pickle.loads(payload)
            except InconsistentVersionWarning as exc:
                raise ForeignModelError(f"{name}: {exc}") from None

    def save_card(self, version: int, card: dict) -> None:
        """The model card as JSON beside the model (rewritten only when it changes)."""
        path = self.root / "cards" / f"v{version}.json"
        data = _pretty_json(card)
        if not path.is_file() or path.read_bytes() != data:
            atomic_write_bytes(path, data)

    # -- versions, aliases, requests, the promotion log -----------------------------------

    def load_state(self) -> RegistryState:
        promotions = tuple(PromotionRecord.model_validate(p) for p in self.promotions())
        return RegistryState.model_validate({**self.state(), "promotions": promotions})

    def save_state(self, state: RegistryState) -> None:
        """Rewrite registry.json when it changed; append the decisions the log lacks."""
        data = _pretty_json(state.model_dump(mode="json", exclude={"promotions"}))
        if not self.state_file.is_file() or self.state_file.read_bytes() != data:
            atomic_write_bytes(self.state_file, data)
        for entry in state.promotions[len(self.promotions()) :]:
            self._append_promotion(entry)

    def _append_promotion(self, entry: PromotionRecord) -> None:
        """Append one decision; earlier lines are never rewritten."""
        self.root.mkdir(parents=True, exist_ok=True)
        with self.log_file.open("a", encoding="utf-8") as handle:
            handle.write(canonical_json(entry.model_dump(mode="json")) + "\n")

    # -- the files as plain JSON, for notebooks -------------------------------------------

    def state(self) -> dict:
        if self.state_file.is_file():
            return json.loads(self.state_file.read_text("utf-8"))
        return {"versions": [], "aliases": {}, "retrain": None, "retrain_handled": []}

    def run(self, run_id: str) -> dict | None:
        path = self.runs_dir / f"{run_id}.json"
        return json.loads(path.read_text("utf-8")) if path.is_file() else None

    def promotions(self) -> list[dict]:
        if not self.log_file.is_file():
            return []
        lines = self.log_file.read_text("utf-8").splitlines()
        return [json.loads(line) for line in lines if line.strip()]

    def _raw_runs(self) -> list[dict]:
        if not self.runs_dir.is_dir():
            return []
        return [json.loads(p.read_text("utf-8")) for p in self.runs_dir.glob("*.json")]


# -- state changes: pure, applied by the lifecycle and saved once -------------------------


def register(
    state: RegistryState, run_id: str, sha: str, sklearn_version: str
) -> tuple[RegistryState, int]:
    """A new version for a new model file."""
    version = len(state.versions) + 1
    entry = RegistryEntry(version=version, run_id=run_id, model_sha256=sha, sklearn=sklearn_version)
    return state.model_copy(update={"versions": (*state.versions, entry)}), version


def with_alias(state: RegistryState, alias: Alias, version: int | None) -> RegistryState:
    """Point `alias` at `version` (None removes it)."""
    aliases = {k: v for k, v in state.aliases.items() if k != alias}
    if version is not None:
        aliases[alias] = version
    return state.model_copy(update={"aliases": aliases})


def log_decision(
    state: RegistryState, decision: GateDecision, challenger_version: int, at: str | None = None
) -> RegistryState:
    """Append a decision to the promotion log, aliases untouched."""
    entry = PromotionRecord(
        **decision.model_dump(),
        sequence=len(state.promotions) + 1,
        at=at,
        challenger_version=challenger_version,
        champion_version=state.champion,
    )
    return state.model_copy(update={"promotions": (*state.promotions, entry)})


def apply_decision(
    state: RegistryState, decision: GateDecision, challenger_version: int, at: str | None = None
) -> RegistryState:
    """Log the decision and move the aliases: a promoted challenger becomes the champion
    (and the challenger alias goes), a rejected one stays the challenger."""
    state = log_decision(state, decision, challenger_version, at)
    if decision.promoted:
        return with_alias(with_alias(state, "champion", challenger_version), "challenger", None)
    return with_alias(state, "challenger", challenger_version)


def request_retraining(
    state: RegistryState, champion_version: int, data_sha256: str, reason: str
) -> RegistryState:
    request = RetrainRequest(
        champion_version=champion_version, data_sha256=data_sha256, reason=reason
    )
    return state.model_copy(update={"retrain": request})


def close_request(state: RegistryState) -> RegistryState:
    """Mark the open request handled (for its champion and data), so it is not filed again."""
    handled = state.retrain_handled
    if state.retrain is not None:
        handled = (*handled, (state.retrain.champion_version, state.retrain.data_sha256))
    return state.model_copy(update={"retrain": None, "retrain_handled": handled})


def without_items(record: RunRecord, public: set[str]) -> RunRecord:
    """The record without the out-of-fold rows and drift-reference PRs of items outside
    `public` (metrics and counts stay: they describe the run as it was trained)."""
    rows = tuple(o for o in record.out_of_fold if o.item_id in public)
    ref = record.reference
    keep = [i for i, url in enumerate(ref.urls) if url in public]
    if len(rows) == len(record.out_of_fold) and len(keep) == len(ref.urls):
        return record
    reference = DriftReference(
        urls=tuple(ref.urls[i] for i in keep),
        columns={name: tuple(col[i] for i in keep) for name, col in ref.columns.items()},
    )
    return record.model_copy(
        update={
            "out_of_fold": rows,
            "reference": reference,
            "withheld": record.withheld + len(record.out_of_fold) - len(rows),
        }
    )
