"""builder/search/embed.py and onnx_model.py: the ONNX backend gives what sentence-transformers
and model2vec give, the same bytes however texts are batched, and only for the models it
covers; a build that meets new text loads no torch."""

import json
import shutil
from importlib import metadata
from pathlib import Path

import numpy as np
import pytest

from builder.cache import Cache
from builder.search import embed, onnx_model
from builder.search.embed import Embedder, default_model_path
from builder.search.onnx_model import OnnxEncoder, mean_pooled_layout
from tests.search.conftest import search_in_child

MINILM = Path(default_model_path())

# our own words: short, long (past the 256-token truncation), padded, mixed case, non-ASCII
TEXTS = [
    "Cut GPU inference cost by batching embedding requests.",
    "  Leading and trailing spaces around a sentence about drift checks.  ",
    "MIXED Case Title: Feature Store Migration",
    "Réduit la latence p95 de 800 ms à 200 ms — 東京 region",
    "",
    " ".join(["Retrained the ranking model nightly with conformal intervals."] * 60),
]


@pytest.fixture(scope="module")
def onnx_embedder(tmp_path_factory: pytest.TempPathFactory) -> Embedder:
    embedder = Embedder(None, Cache(tmp_path_factory.mktemp("embed-cache")))
    assert isinstance(embedder.backend, OnnxEncoder)
    return embedder


@pytest.fixture(scope="module")
def sentence_transformer():
    from sentence_transformers import SentenceTransformer

    return SentenceTransformer(str(MINILM), device="cpu")


@pytest.mark.slow
def test_onnx_vectors_match_sentence_transformers(onnx_embedder, sentence_transformer):
    expected = sentence_transformer.encode(TEXTS, batch_size=64, normalize_embeddings=True)
    got = onnx_embedder.encode(TEXTS)
    assert got.dtype == np.float32 and got.shape == (len(TEXTS), 384)
    assert np.abs(got - expected).max() < 1e-5
    assert np.allclose(np.linalg.norm(got, axis=1), 1.0, atol=1e-6)


@pytest.mark.slow
def test_onnx_token_means_match_model2vec(onnx_embedder, sentence_transformer):
    from model2vec.distill.inference import create_embeddings

    # more than one batch of 256, lengths 3 to 9, unsorted: the batching and un-sorting count
    rng = np.random.default_rng(7)
    sequences = [
        [101, *rng.integers(1000, 20000, n).tolist(), 102] for n in rng.integers(1, 8, 300)
    ]
    model = sentence_transformer[0].auto_model
    expected = create_embeddings(model, sequences, "cpu", 0, pooling="mean")
    got = onnx_embedder.encode_tokens(sequences, pad_id=0)
    assert got.shape == expected.shape == (300, 384)
    assert np.abs(got - expected).max() < 1e-5


def test_same_bytes_whatever_the_order_and_batches(onnx_embedder):
    backend = onnx_embedder.backend
    texts = [*TEXTS, *(f"Shipped release {i} of the {i * 7}-node cluster." for i in range(20))]
    first = backend.encode(texts)
    assert first.tobytes() == backend.encode(texts).tobytes()
    assert first[::-1].tobytes() == backend.encode(texts[::-1]).tobytes()
    assert first.tobytes() == backend.encode(texts, batch_size=3).tobytes()
    alone = np.stack([backend.encode([t])[0] for t in texts[::5]])
    assert alone.tobytes() == first[::5].tobytes()


def test_token_means_same_bytes_alone_and_in_a_batch(onnx_embedder):
    sequences = [[101, 2000 + i, *([3000] * (i % 4)), 102] for i in range(40)]
    batch = onnx_embedder.backend.token_means(sequences, pad_id=0)
    alone = np.concatenate([onnx_embedder.backend.token_means([s], pad_id=0) for s in sequences])
    assert batch.tobytes() == alone.tobytes()


def test_identity_names_the_backend(onnx_embedder, monkeypatch):
    """Vectors from torch and from ONNX agree to 1e-7, not to the byte: never mixed in a cache."""
    assert onnx_embedder.identity.endswith(f" on onnxruntime=={metadata.version('onnxruntime')}")
    monkeypatch.setattr(embed, "mean_pooled_layout", lambda folder: None)
    on_torch = Embedder(None, onnx_embedder.cache)
    version = metadata.version("sentence-transformers")
    assert on_torch.identity.endswith(f" on sentence-transformers=={version}")
    assert on_torch.key("x") != onnx_embedder.key("x")
    assert on_torch.token_key([101, 102]) != onnx_embedder.token_key([101, 102])


def fake_model(folder: Path, pooling: dict | None = None, extra: list[str] = ()) -> Path:
    """A model folder's configuration files only (no weights): enough to choose a backend."""
    modules = [("Transformer", ""), ("Pooling", "1_Pooling"), *((k, f"2_{k}") for k in extra)]
    (folder / "1_Pooling").mkdir(parents=True)
    entries = [
        {"idx": i, "name": str(i), "path": p, "type": f"sentence_transformers.models.{k}"}
        for i, (k, p) in enumerate(modules)
    ]
    (folder / "modules.json").write_text(json.dumps(entries))
    settings = pooling or {"pooling_mode_mean_tokens": True, "pooling_mode_cls_token": False}
    (folder / "1_Pooling" / "config.json").write_text(json.dumps(settings))
    (folder / "sentence_bert_config.json").write_text('{"max_seq_length": 128}')
    (folder / "tokenizer.json").write_text("{}")
    return folder


def test_packaged_minilm_takes_onnx():
    layout = mean_pooled_layout(MINILM)
    assert layout is not None and layout.max_seq_length == 256 and not layout.lower_case


def test_a_plain_mean_pooled_folder_takes_onnx(tmp_path):
    layout = mean_pooled_layout(fake_model(tmp_path / "m", extra=["Normalize"]))
    assert layout is not None and layout.max_seq_length == 128


@pytest.mark.parametrize(
    "pooling, extra",
    [
        ({"pooling_mode_cls_token": True, "pooling_mode_mean_tokens": False}, []),
        ({"pooling_mode_mean_tokens": True, "pooling_mode_max_tokens": True}, []),
        ({"pooling_mode_mean_tokens": True, "include_prompt": False}, []),
        (None, ["Dense", "Normalize"]),
        (None, ["Dense"]),
    ],
)
def test_other_models_fall_back_to_sentence_transformers(tmp_path, pooling, extra):
    folder = fake_model(tmp_path / "m", pooling, extra)
    assert mean_pooled_layout(folder) is None
    embedder = Embedder(str(folder), Cache(tmp_path / "c"))
    assert embedder.backend_name.startswith("sentence-transformers==")
    assert "sentence-transformers" in embedder.identity
    assert "backend" not in vars(embedder)  # chosen without loading anything


def test_a_folder_without_tokenizer_json_or_length_falls_back(tmp_path):
    no_tokenizer = fake_model(tmp_path / "a")
    (no_tokenizer / "tokenizer.json").unlink()
    no_length = fake_model(tmp_path / "b")
    (no_length / "sentence_bert_config.json").write_text("{}")
    assert mean_pooled_layout(no_tokenizer) is None and mean_pooled_layout(no_length) is None
    assert mean_pooled_layout(tmp_path / "hub-name-not-a-folder") is None


def test_an_interrupted_export_leaves_no_file(tmp_path, monkeypatch):
    import torch

    def half_written(model, args, f, **kwargs):
        f.write(b"half an onnx file")
        raise KeyboardInterrupt

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.setattr(torch.onnx, "export", half_written)
    layout = mean_pooled_layout(MINILM)
    target = onnx_model.exported_path(layout, "interrupted")
    with pytest.raises(KeyboardInterrupt):
        onnx_model.ensure_exported(layout, "interrupted")
    assert not target.parent.exists() or list(target.parent.iterdir()) == []


def test_the_export_is_keyed_by_model_and_exporter(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    layout = mean_pooled_layout(MINILM)
    path = onnx_model.exported_path(layout, "a")
    assert path.is_relative_to(tmp_path / "showcase" / "onnx")
    assert path == onnx_model.exported_path(layout, "a") != onnx_model.exported_path(layout, "b")
    monkeypatch.setattr(onnx_model.metadata, "version", lambda name: "0.0-other")
    assert onnx_model.exported_path(layout, "a") != path


def test_a_build_with_one_new_text_loads_no_torch(cold, portfolio, tmp_path):
    """Warm cache, one summary gains words the site never had: ONNX encodes them alone."""
    first = portfolio.achievements[0]
    edited = first.model_copy(update={"summary": f"{first.summary} Verified with zorbleflux."})
    changed = portfolio.model_copy(update={"achievements": (edited, *portfolio.achievements[1:])})
    warm = shutil.copytree(cold.cache.root, tmp_path / "cache")  # the session's stays as built
    child = search_in_child(changed, warm, tmp_path)
    assert child["texts"] >= 1 and child["tokens"] >= 1  # the new text and word were encoded
    assert child["heavy"] == []
