"""Model registry on disk: experiment records, content-addressed model files, aliases, a log.

Layout under the registry folder:
    runs/<run_id>.json      one experiment record per run (params, fold metrics, hashes, ...)
    models/<sha256>.model   model files, named by the SHA-256 of their bytes
    registry.json           versions, aliases (champion, challenger), retraining requests
    promotions.jsonl        append-only log of every promotion decision
    cards/v<version>.json   the model card (Model Card Toolkit sections) of the champion

Aliases follow MLflow's current style (named pointers to versions) rather than its
deprecated Staging/Production stages. A model file starts with one JSON header line naming
the library versions it was pickled with; a file from another scikit-learn is refused before
unpickling, because sklearn does not promise that its pickles load across versions.
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

MODEL_FORMAT = "showcase-model/1"


class ForeignModelError(Exception):
    """A model file that must not be loaded: another scikit-learn, or corrupted bytes."""


def library_versions() -> dict[str, str]:
    return {
        "python": platform.python_version(),
        "scikit-learn": sklearn.__version__,
        "numpy": numpy.__version__,
        "scipy": scipy.__version__,
    }


def _pretty_json(value: Any) -> bytes:
    return (json.dumps(value, sort_keys=True, indent=2, ensure_ascii=False) + "\n").encode()


class Registry:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.runs_dir = root / "runs"
        self.models_dir = root / "models"
        self.state_file = root / "registry.json"
        self.log_file = root / "promotions.jsonl"

    # -- experiment records -------------------------------------------------------------

    def run(self, run_id: str) -> dict | None:
        path = self.runs_dir / f"{run_id}.json"
        return json.loads(path.read_text("utf-8")) if path.is_file() else None

    def save_run(self, record: dict) -> None:
        atomic_write_bytes(self.runs_dir / f"{record['run_id']}.json", _pretty_json(record))

    def runs(self) -> list[dict]:
        if not self.runs_dir.is_dir():
            return []
        records = [json.loads(p.read_text("utf-8")) for p in self.runs_dir.glob("*.json")]
        return sorted(records, key=lambda r: (r["sequence"], r["run_id"]))

    # -- model files ----------------------------------------------------------------------

    def save_model(self, bundle: Any) -> str:
        header = {"format": MODEL_FORMAT, **library_versions()}
        data = canonical_json(header).encode() + b"\n" + pickle.dumps(bundle, protocol=5)
        sha = hashlib.sha256(data).hexdigest()
        path = self.models_dir / f"{sha}.model"
        if not path.is_file():
            atomic_write_bytes(path, data)
        return sha

    def model_header(self, sha: str) -> dict:
        path = self.models_dir / f"{sha}.model"
        with path.open("rb") as handle:
            return json.loads(handle.readline())

    def load_model(self, sha: str) -> Any:
        path = self.models_dir / f"{sha}.model"
        name = f"model {sha[:12]}"  # no absolute path: decisions quoting this reach the site
        if not path.is_file():
            raise ForeignModelError(f"{name}: model file missing")
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

    # -- versions, aliases, requests ------------------------------------------------------

    def state(self) -> dict:
        if self.state_file.is_file():
            return json.loads(self.state_file.read_text("utf-8"))
        return {"versions": [], "aliases": {}, "retrain": None, "retrain_handled": []}

    def save_state(self, state: dict) -> None:
        data = _pretty_json(state)
        if not self.state_file.is_file() or self.state_file.read_bytes() != data:
            atomic_write_bytes(self.state_file, data)

    def promotions(self) -> list[dict]:
        if not self.log_file.is_file():
            return []
        lines = self.log_file.read_text("utf-8").splitlines()
        return [json.loads(line) for line in lines if line.strip()]

    def append_promotion(self, entry: dict) -> None:
        """Append one decision; earlier lines are never rewritten."""
        self.root.mkdir(parents=True, exist_ok=True)
        with self.log_file.open("a", encoding="utf-8") as handle:
            handle.write(canonical_json(entry) + "\n")


def version_of_model(state: dict, sha: str) -> int | None:
    """The version already holding this exact model file, if any (versions are files)."""
    return next((v["version"] for v in state["versions"] if v["model_sha256"] == sha), None)


def register(state: dict, run_id: str, sha: str, sklearn_version: str) -> int:
    version = len(state["versions"]) + 1
    state["versions"].append(
        {"version": version, "run_id": run_id, "model_sha256": sha, "sklearn": sklearn_version}
    )
    return version


def version_entry(state: dict, version: int | None) -> dict | None:
    if version is None:
        return None
    return next((v for v in state["versions"] if v["version"] == version), None)
