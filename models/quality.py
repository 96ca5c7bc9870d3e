"""Reference-free QE models: a Hugging Face sequence-classification model that reads a (Korean, English) pair and
gives one quality value per pair. A one-output head is a regressor (CometKiwi-style: the value as trained, higher is
better); a head with labels gives the probability of its good label (`good`, `ok`, `acceptable`, `positive`,
`correct`, or else the last one). Loaded by local path or hub id, on first use.

Room: a model back-end. Imports nothing of the pipeline; `pipeline.py` loads it for the QE stage.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cached_property
from pathlib import Path

from . import Reloadable
from .translator import _hf_import, load_pretrained, model_fingerprint, read_config

GOOD_LABELS = ("good", "ok", "acceptable", "positive", "correct", "faithful")


def check_sequence_classifier(model_id: str) -> None:
    """Fail fast, from the model's config alone, when `model_id` cannot be a QE model."""
    config = read_config(model_id, "sequence-classification QE model")
    if not any(a.endswith("ForSequenceClassification") for a in (config.architectures or [])):
        raise ValueError(f"{model_id}: its architectures {config.architectures} hold no sequence-classification head")


class HFQualityModel(Reloadable):
    settings = ("model_id", "batch_size", "max_length", "device", "dtype")

    def __init__(self, model: str, batch_size: int = 32, max_length: int = 512, device: str | None = None,
                 dtype: str = "auto") -> None:
        self.model_id = model
        self.batch_size = batch_size
        self.max_length = max_length
        self.device = device
        self.dtype = dtype
        self.name = f"hf-qe:{Path(model).name or model}"

    @cached_property
    def _loaded(self):
        torch, _ = _hf_import()
        tokenizer, model, device, _ = load_pretrained(self.model_id, "AutoModelForSequenceClassification",
                                                      "sequence-classification QE model", self.device, self.dtype)
        return torch, tokenizer, model, device, self._good_label(model.config)

    @staticmethod
    def _good_label(config) -> int | None:
        """None for a regressor; else the index of the label that means a good translation."""
        if config.num_labels == 1:
            return None
        labels = {int(i): str(name).lower() for i, name in (config.id2label or {}).items()}
        for i, name in sorted(labels.items()):
            if name in GOOD_LABELS:
                return i
        return config.num_labels - 1

    @property
    def kind(self) -> str:
        return "regression" if self._loaded[4] is None else "classification"

    def score(self, ko: Sequence[str], en: Sequence[str]) -> list[float]:
        if len(ko) != len(en):
            raise ValueError("score() needs as many English texts as Korean ones")
        if not ko:
            return []
        torch, tokenizer, model, device, good = self._loaded
        order = sorted(range(len(ko)), key=lambda i: len(ko[i]) + len(en[i]))
        out = [0.0] * len(ko)
        with torch.inference_mode():
            for start in range(0, len(order), self.batch_size):
                idx = order[start:start + self.batch_size]
                enc = tokenizer([ko[i] for i in idx], [en[i] for i in idx], return_tensors="pt", padding=True,
                                truncation=True, max_length=self.max_length).to(device)
                logits = model(**enc).logits.float()
                values = logits[:, 0] if good is None else torch.softmax(logits, dim=-1)[:, good]
                for i, value in zip(idx, values.cpu().tolist(), strict=True):
                    out[i] = float(value)
        return out

    def signature(self) -> str:
        model = self._loaded[2]
        fingerprint = model_fingerprint(self.model_id, getattr(model.config, "_commit_hash", None))
        return f"{self.name}@{fingerprint}|{self.kind}"


def load_quality_model(model: str, **kwargs) -> HFQualityModel:
    return HFQualityModel(model.removeprefix("hf:"), **kwargs)
