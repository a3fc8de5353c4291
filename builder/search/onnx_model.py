"""A mean-pooled sentence-transformer run by ONNX Runtime, without torch.

Why: importing sentence-transformers pulls in torch, transformers, scikit-learn and pandas,
about six seconds before the first vector; onnxruntime and tokenizers load in a fraction of
a second, so a build that meets one new text stays fast. The model is exported to ONNX once
per user and version of the exporter (torch and transformers are imported only then) and
kept in the per-user cache; an export stopped halfway leaves no file behind.

Only a plain layout is taken (Transformer, mean Pooling, optional Normalize, with a
tokenizer.json): anything else stays with sentence-transformers, see `mean_pooled_layout`.
"""

import inspect
import io
import json
import logging
import os
import time
import warnings
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

import numpy as np

from builder.cache import atomic_write_bytes, content_hash, user_cache_dir

log = logging.getLogger(__name__)

TEXT_BATCH = 64  # sentence-transformers' default
TOKEN_BATCH = 256  # model2vec's create_embeddings batch
EXPORT_VERSION = "onnx-export-v1"  # bump when export() changes what it writes
MODULE_TYPES = ("Transformer", "Pooling", "Normalize")


@dataclass(frozen=True)
class MeanPooledLayout:
    """Where a plain mean-pooled sentence-transformer keeps what ONNX needs."""

    transformer: Path  # the folder of config.json, the weights and tokenizer.json
    max_seq_length: int
    lower_case: bool


def mean_pooled_layout(folder: Path) -> MeanPooledLayout | None:
    """The layout when `folder` holds Transformer -> mean Pooling (-> Normalize) and a
    tokenizer.json, else None (CLS or max pooling, Dense layers, a hub name): those keep
    sentence-transformers, whose behaviour this module does not copy."""
    modules = read_json(folder / "modules.json")
    if not isinstance(modules, list) or not 2 <= len(modules) <= 3:
        return None
    kinds = [str(m.get("type", "")).rsplit(".", 1)[-1] for m in modules]
    if kinds != list(MODULE_TYPES[: len(modules)]):
        return None
    transformer = folder / modules[0].get("path", "")
    pooling = read_json(folder / modules[1].get("path", "") / "config.json")
    settings = read_json(transformer / "sentence_bert_config.json")
    if not (mean_pooling_only(pooling) and isinstance(settings, dict)):
        return None
    length = settings.get("max_seq_length")
    if not isinstance(length, int) or not (transformer / "tokenizer.json").is_file():
        return None
    return MeanPooledLayout(transformer, length, bool(settings.get("do_lower_case", False)))


def mean_pooling_only(pooling: object) -> bool:
    if not isinstance(pooling, dict) or pooling.get("include_prompt", True) is not True:
        return False
    modes = {k: v for k, v in pooling.items() if k.startswith("pooling_mode_")}
    return modes.get("pooling_mode_mean_tokens") is True and not any(
        v for k, v in modes.items() if k != "pooling_mode_mean_tokens"
    )


def read_json(path: Path) -> object:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def exported_path(layout: MeanPooledLayout, identity: str) -> Path:
    """Where this model's export lives in the per-user cache: keyed by the model, its files'
    sizes and dates (a model replaced at the same path is exported again) and the exporter's
    versions."""
    files = sorted(
        (p.name, p.stat().st_size, p.stat().st_mtime_ns)
        for p in layout.transformer.iterdir()
        if p.is_file()
    )
    versions = [f"{name}=={metadata.version(name)}" for name in ("torch", "transformers", "onnx")]
    key = content_hash(EXPORT_VERSION, identity, files, versions)
    return user_cache_dir() / "onnx" / key[:32] / "model.onnx"


def export(layout: MeanPooledLayout, target: Path) -> None:
    """Trace the transformer to ONNX (opset 17, any batch and length) and write it atomically.
    The heavy libraries are imported here only: a cached export never loads them."""
    import torch
    from transformers import AutoModel
    from transformers.utils import logging as transformers_logging

    transformers_logging.set_verbosity_error()
    model = AutoModel.from_pretrained(str(layout.transformer)).eval()
    names = ["input_ids", "attention_mask"]
    if "token_type_ids" in inspect.signature(model.forward).parameters:
        names.append("token_type_ids")

    class LastHiddenState(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.model = model

        def forward(self, *inputs: torch.Tensor) -> torch.Tensor:
            return self.model(**dict(zip(names, inputs, strict=True))).last_hidden_state

    sample = torch.ones(2, 8, dtype=torch.long)
    axes = {name: {0: "batch", 1: "tokens"} for name in [*names, "last_hidden_state"]}
    buffer = io.BytesIO()
    # the tracer warns about Python control flow it froze and about the legacy exporter;
    # neither applies to a fixed BERT graph with dynamic axes, and build logs stay clean
    with warnings.catch_warnings(), torch.no_grad():
        warnings.simplefilter("ignore")
        torch.onnx.export(
            LastHiddenState(),
            tuple(sample if n != "token_type_ids" else torch.zeros_like(sample) for n in names),
            buffer,
            input_names=names,
            output_names=["last_hidden_state"],
            dynamic_axes=axes,
            opset_version=17,
            dynamo=False,
        )
    atomic_write_bytes(target, buffer.getvalue())


def ensure_exported(layout: MeanPooledLayout, identity: str) -> Path:
    target = exported_path(layout, identity)
    if not target.is_file():
        log.info("Exporting %s to ONNX once for this user (%s)", identity, target.parent)
        started = time.perf_counter()
        export(layout, target)
        log.info("ONNX export done in %.1f s", time.perf_counter() - started)
    return target


def threads() -> int:
    """Two intra-op threads at most: the builds run on small shared machines, and a fixed
    count keeps the arithmetic (and so the bytes) the same from run to run."""
    return max(1, min(2, os.cpu_count() or 1))


class OnnxEncoder:
    """Texts -> normalised mean-pooled vectors (what SentenceTransformer.encode returns) and id
    sequences -> un-normalised masked means (what model2vec's create_embeddings returns)."""

    def __init__(self, layout: MeanPooledLayout, model_file: Path) -> None:
        import onnxruntime
        from tokenizers import Tokenizer

        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = threads()
        options.inter_op_num_threads = 1
        options.log_severity_level = 3  # errors only: no notes about removed initializers
        # idle threads sleep instead of spinning: the other stages share the cores
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        self.session = onnxruntime.InferenceSession(
            str(model_file), options, providers=["CPUExecutionProvider"]
        )
        self.inputs = {i.name for i in self.session.get_inputs()}
        self.tokenizer = Tokenizer.from_file(str(layout.transformer / "tokenizer.json"))
        padding = self.tokenizer.padding
        self.pad_id = int(padding["pad_id"]) if padding else 0
        self.tokenizer.enable_truncation(max_length=layout.max_seq_length)
        self.tokenizer.no_padding()  # batches are padded here, to their longest sequence
        self.lower_case = layout.lower_case

    def encode(self, texts: Sequence[str], batch_size: int = TEXT_BATCH) -> np.ndarray:
        """Normalised vectors; batches hold texts of similar length, so padding stays small
        (each vector is the same bytes whatever batch it lands in)."""
        inputs = [t.lower() for t in texts] if self.lower_case else list(texts)
        sequences = [e.ids for e in self.tokenizer.encode_batch(inputs)]
        means = self.masked_means(sequences, self.pad_id, batch_size)
        norms = np.linalg.norm(means, axis=1, keepdims=True)
        return (means / np.maximum(norms, 1e-12)).astype(np.float32)

    def token_means(self, sequences: Sequence[Sequence[int]], pad_id: int) -> np.ndarray:
        """model2vec's create_embeddings(..., pooling="mean"): batches of 256 by length, the
        masked mean, NaN and infinities replaced as np.nan_to_num does."""
        return np.nan_to_num(self.masked_means(sequences, pad_id, TOKEN_BATCH))

    def masked_means(
        self, sequences: Sequence[Sequence[int]], pad_id: int, batch_size: int
    ) -> np.ndarray:
        if not sequences:
            return np.zeros((0, 0), dtype=np.float32)
        batches = list(length_batches(sequences, batch_size))
        means = [self.batch_mean([sequences[i] for i in rows], pad_id) for rows in batches]
        out = np.empty((len(sequences), means[0].shape[1]), dtype=np.float32)
        out[np.concatenate(batches)] = np.concatenate(means)
        return out

    def batch_mean(self, sequences: Sequence[Sequence[int]], pad_id: int) -> np.ndarray:
        ids, mask = padded(sequences, pad_id)
        feed = {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)}
        hidden = self.session.run(None, {k: v for k, v in feed.items() if k in self.inputs})[0]
        # model2vec's order of operations: the mask divided by the length, then summed
        weights = mask.astype(np.float32)
        weights /= np.maximum(weights.sum(axis=1, keepdims=True), 1.0)
        return np.einsum("bt,btd->bd", weights, hidden).astype(np.float32)


def length_batches(sequences: Sequence[Sequence[int]], size: int) -> Iterator[np.ndarray]:
    """Row numbers in batches of `size`, by length (stable, so ties keep their order)."""
    order = np.argsort([len(s) for s in sequences], kind="stable")
    for start in range(0, len(order), size):
        yield order[start : start + size]


def padded(sequences: Sequence[Sequence[int]], pad_id: int) -> tuple[np.ndarray, np.ndarray]:
    """int64 ids padded with `pad_id` to the longest, and the mask of real positions."""
    lengths = np.array([len(s) for s in sequences])
    ids = np.full((len(sequences), int(lengths.max(initial=0))), pad_id, dtype=np.int64)
    for row, sequence in enumerate(sequences):
        ids[row, : len(sequence)] = sequence
    mask = (np.arange(ids.shape[1])[None, :] < lengths[:, None]).astype(np.int64)
    return ids, mask
