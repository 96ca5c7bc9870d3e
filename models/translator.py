"""Machine translation behind one small interface: `translate(list[str]) -> list[str]`, Korean to English.

`HFTranslator` loads any Hugging Face seq2seq model by local path or hub id through `transformers` (Marian
opus-mt-ko-en, NLLB-200, M2M100, mBART-50), finds the language codes the model wants, batches sentences of like
length, and runs on CUDA in bf16/fp16 when it can. `CachedTranslator` keeps every translation in an SQLite file
keyed by the model's signature and the text, so a rerun translates only what it has not seen. Weights load on first
use, so a stage holding a translator pickles as its settings.

Room: a model back-end. Imports nothing of the pipeline; `pipeline.py` loads it for the QE stage.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Protocol, runtime_checkable

from . import Reloadable

# Language codes by model family: (source, target), tried in this order against the tokenizer's vocabulary.
LANGUAGE_CODES = (("kor_Hang", "eng_Latn"), ("ko_KR", "en_XX"), ("ko", "en"))
DTYPES = ("auto", "float32", "float16", "bfloat16")


@runtime_checkable
class Translator(Protocol):
    name: str

    def translate(self, texts: Sequence[str]) -> list[str]: ...

    def signature(self) -> str: ...


def _hf_import():
    try:
        import torch
        import transformers
    except ImportError as exc:
        raise ImportError("Hugging Face models need `pip install newsbitext[hf]` (transformers, sentencepiece, "
                          "torch)") from exc
    return torch, transformers


def model_fingerprint(model_id: str, revision: str | None = None) -> str:
    """Eight hex digits that change when the model does: the hub revision when there is one, else a hash of
    a local folder's config and, for each weights file, its size and first and last 64 KiB."""
    if revision:
        return revision[:8]
    folder = Path(model_id)
    if not folder.is_dir():
        return "hub"
    digest = hashlib.sha256()
    for path in sorted(folder.iterdir()):
        if path.name == "config.json" or (path.suffix in (".json", ".spm", ".model") and path.stat().st_size < 1 << 20):
            digest.update(path.name.encode() + path.read_bytes())
        elif path.suffix in (".safetensors", ".bin", ".pt"):
            size = path.stat().st_size
            with path.open("rb") as handle:
                head = handle.read(65536)
                handle.seek(max(0, size - 65536))
                digest.update(f"{path.name}:{size}".encode() + head + handle.read())
    return digest.hexdigest()[:8]


def read_config(model_id: str, kind: str):
    """A model's config alone (no weights), or a ValueError naming the model and what it was wanted as."""
    _, transformers = _hf_import()
    try:
        return transformers.AutoConfig.from_pretrained(model_id.removeprefix("hf:"))
    except (OSError, ValueError) as exc:
        raise ValueError(f"{model_id}: cannot load it as a {kind}: {exc}") from exc


def load_pretrained(model_id: str, auto_model: str, kind: str, device: str | None, dtype: str):
    """Tokenizer and model (through the `transformers` auto class named), in eval mode on the device and dtype
    `resolve_device` picks; the device name and dtype come back with them."""
    _, transformers = _hf_import()
    try:
        tokenizer = transformers.AutoTokenizer.from_pretrained(model_id)
        model = getattr(transformers, auto_model).from_pretrained(model_id)
    except (OSError, ValueError) as exc:
        raise ValueError(f"{model_id}: cannot load it as a {kind}: {exc}") from exc
    name, torch_dtype = resolve_device(device, dtype)
    model.to(device=name, dtype=torch_dtype).eval()
    return tokenizer, model, name, torch_dtype


def check_seq2seq(model_id: str) -> None:
    """Fail fast, from the model's config alone, when `model_id` cannot be a translation model."""
    config = read_config(model_id, "seq2seq translation model")
    if not getattr(config, "is_encoder_decoder", False):
        raise ValueError(f"{model_id}: a {config.model_type} model is not a seq2seq translation model")


def resolve_device(device: str | None, dtype: str):
    """The torch device and dtype to run on: CUDA when there is one (unless told), bf16 where the GPU has it, fp16
    on other GPUs, fp32 on the CPU."""
    torch, _ = _hf_import()
    if dtype not in DTYPES:
        raise ValueError(f"dtype must be one of {', '.join(DTYPES)}, not {dtype!r}")
    name = device or ("cuda" if torch.cuda.is_available() else "cpu")
    if dtype == "auto" and name.startswith("cuda"):
        dtype = "bfloat16" if torch.cuda.is_bf16_supported() else "float16"
    elif dtype == "auto":
        dtype = "float32"
    return name, getattr(torch, dtype)


class HFTranslator(Reloadable):
    """A Hugging Face seq2seq model, Korean to English. `src_lang`/`tgt_lang` override the language codes found
    in the tokenizer (NLLB `kor_Hang`/`eng_Latn`, mBART `ko_KR`/`en_XX`, M2M100 `ko`/`en`; Marian needs none)."""

    settings = ("model_id", "beam_size", "max_length", "batch_size", "device", "dtype", "src_lang", "tgt_lang")

    def __init__(self, model: str, beam_size: int = 4, max_length: int = 256, batch_size: int = 32,
                 device: str | None = None, dtype: str = "auto", src_lang: str = "", tgt_lang: str = "") -> None:
        if beam_size < 1 or max_length < 1 or batch_size < 1:
            raise ValueError("beam_size, max_length and batch_size must be at least 1")
        self.model_id = model
        self.beam_size = beam_size
        self.max_length = max_length
        self.batch_size = batch_size
        self.device = device
        self.dtype = dtype
        self.src_lang = src_lang
        self.tgt_lang = tgt_lang
        self.name = f"hf-mt:{Path(model).name or model}"

    @cached_property
    def _loaded(self):
        torch, _ = _hf_import()
        tokenizer, model, device, dtype = load_pretrained(self.model_id, "AutoModelForSeq2SeqLM",
                                                          "seq2seq translation model", self.device, self.dtype)
        src, tgt = self._codes(tokenizer)
        forced = None
        if src:
            tokenizer.src_lang = src
        if tgt:
            forced = self._token_id(tokenizer, tgt)
        return torch, tokenizer, model, device, str(dtype).removeprefix("torch."), src, tgt, forced

    def _codes(self, tokenizer) -> tuple[str, str]:
        if self.src_lang or self.tgt_lang:
            return self.src_lang, self.tgt_lang
        known = set(getattr(tokenizer, "lang_code_to_id", {}) or {}) | set(tokenizer.get_vocab())
        for src, tgt in LANGUAGE_CODES:
            if {src, tgt} <= known or {f"__{src}__", f"__{tgt}__"} <= known:
                return src, tgt
        return "", ""

    @staticmethod
    def _token_id(tokenizer, code: str) -> int:
        codes = getattr(tokenizer, "lang_code_to_id", None) or {}
        if code in codes:
            return int(codes[code])
        for token in (code, f"__{code}__"):
            if token in tokenizer.get_vocab():
                return int(tokenizer.convert_tokens_to_ids(token))
        raise ValueError(f"target language code {code!r} is not in the tokenizer of {Path(code).name}")

    def translate(self, texts: Sequence[str]) -> list[str]:
        if not texts:
            return []
        torch, tokenizer, model, device, _, _, tgt, forced = self._loaded
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))  # batches of like length pad least
        out: list[str] = [""] * len(texts)
        extra = {"forced_bos_token_id": forced} if forced is not None else {}
        with torch.inference_mode():
            for start in range(0, len(order), self.batch_size):
                idx = order[start:start + self.batch_size]
                enc = tokenizer([texts[i] for i in idx], return_tensors="pt", padding=True, truncation=True,
                                max_length=self.max_length).to(device)
                generated = model.generate(**enc, num_beams=self.beam_size, max_new_tokens=self.max_length,
                                           do_sample=False, **extra)
                for i, text in zip(idx, tokenizer.batch_decode(generated, skip_special_tokens=True), strict=True):
                    out[i] = self._strip_code(text.strip(), tgt)
        return out

    @staticmethod
    def _strip_code(text: str, tgt: str) -> str:
        """Some tokenizers leave the forced language token in the decoded text (`__en__`, `eng_Latn`)."""
        for token in (f"__{tgt}__", tgt) if tgt else ():
            if text.startswith(token):
                return text[len(token):].lstrip()
        return text

    def signature(self) -> str:
        _, _, model, _, dtype, src, tgt, _ = self._loaded
        langs = f",{src}>{tgt}" if src or tgt else ""
        fingerprint = model_fingerprint(self.model_id, getattr(model.config, "_commit_hash", None))
        return f"{self.name}@{fingerprint}|beam={self.beam_size},len={self.max_length},{dtype}{langs}"


def default_cache_path() -> Path:
    """`$XDG_CACHE_HOME/newsbitext/translations.sqlite`, or under `~/.cache`."""
    root = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(root) / "newsbitext" / "translations.sqlite"


@dataclass
class CacheStats:
    translated: int = 0  # sentences the model translated in this process
    cached: int = 0  # sentences found in the cache (or repeated within a batch)


class CachedTranslator(Reloadable):
    """Wraps a translator with an on-disk cache keyed by the model's signature and the text's hash: a rerun, or
    another run over overlapping pages, translates only what is new. SQLite serialises writers, so workers of
    one run can share the file. `path=None` keeps the cache in memory only (identical sentences of one run)."""

    settings = ("translator", "path")

    MEMORY_ITEMS = 200_000

    def __init__(self, translator: Translator, path: str | Path | None) -> None:
        self.translator = translator
        self.path = Path(path) if path else None
        self.name = translator.name
        self.stats = CacheStats()
        self._memory: OrderedDict[str, str] = OrderedDict()  # without a file: the last MEMORY_ITEMS translations

    @cached_property
    def _db(self) -> sqlite3.Connection | None:
        if self.path is None:
            return None
        self.path.parent.mkdir(parents=True, exist_ok=True)
        db = sqlite3.connect(self.path, timeout=60, isolation_level=None)
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("CREATE TABLE IF NOT EXISTS translations (key TEXT PRIMARY KEY, model TEXT, text TEXT)")
        return db

    @cached_property
    def _model_key(self) -> str:
        return self.translator.signature()

    def _key(self, text: str) -> str:
        return hashlib.sha256(f"{self._model_key}\x00{text}".encode()).hexdigest()

    def _lookup(self, keys: list[str]) -> dict[str, str]:
        found = {k: self._memory[k] for k in keys if k in self._memory}
        rest = [k for k in keys if k not in found]
        if self._db is not None:
            for start in range(0, len(rest), 500):
                chunk = rest[start:start + 500]
                marks = ",".join("?" * len(chunk))
                found.update(self._db.execute(f"SELECT key, text FROM translations WHERE key IN ({marks})", chunk))
        return found

    def translate(self, texts: Sequence[str]) -> list[str]:
        keys = [self._key(t) for t in texts]
        found = self._lookup(list(dict.fromkeys(keys)))
        missing = list(dict.fromkeys(t for t, k in zip(texts, keys, strict=True) if k not in found))
        self.stats.cached += len(texts) - len(missing)
        self.stats.translated += len(missing)
        if missing:
            fresh = dict(zip((self._key(t) for t in missing), self.translator.translate(missing), strict=True))
            found.update(fresh)
            if self._db is None:
                self._memory.update(fresh)
                while len(self._memory) > self.MEMORY_ITEMS:
                    self._memory.popitem(last=False)
            else:
                with self._db:
                    self._db.execute("BEGIN")
                    self._db.executemany("INSERT OR REPLACE INTO translations VALUES (?, ?, ?)",
                                         [(k, self._model_key, v) for k, v in fresh.items()])
        return [found[k] for k in keys]

    def signature(self) -> str:
        return self._model_key


def load_translator(model: str, cache: str | Path | None = None, **kwargs) -> CachedTranslator:
    """A Hugging Face seq2seq model by local path or hub id (`hf:` prefix optional), behind the on-disk cache
    (`cache` a path, `None` for the default location, `"none"` for no file)."""
    translator = HFTranslator(model.removeprefix("hf:"), **kwargs)
    if cache == "none":
        return CachedTranslator(translator, None)
    return CachedTranslator(translator, cache or default_cache_path())
