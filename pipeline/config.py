"""Configuration: the packaged preset, a user's YAML merged over it, and the site profiles.

The packaged `configs/default.yaml` is read first and a user's file is merged over it key by key, so a partial
file overrides only what it sets. An unknown key is an error naming the file, never a silent miss.

Room: shared by every layer: typed settings, each section with what its stage reads. Imports only `errors`.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field, fields
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from .errors import ConfigError


@dataclass(frozen=True, slots=True)
class IngestConfig:
    max_page_bytes: int = 5_000_000
    max_replacement_share: float = 0.005
    hangul_share_korean: float = 0.3


@dataclass(frozen=True, slots=True)
class CleanConfig:
    site: str = "auto"
    min_body_chars: int = 120
    max_article_chars: int = 200_000  # a page whose article text is longer is refused: no news article comes near


@dataclass(frozen=True, slots=True)
class SegmentConfig:
    min_sentence_words: int = 3


@dataclass(frozen=True, slots=True)
class AlignConfig:
    encoder: str = "use-m3"  # the embedded multilingual USE, or a Hugging Face encoder by local path or hub id
    max_bead: int = 4  # the most sentences of both sides in one bead: 1-1, 1-2, 2-1, 2-2, 1-3, 3-1
    skip_percentile: float = 10.0  # the cost of skipping a sentence, as a percentile of random-pair costs
    skip_scale: float = 3.0
    skip_adapt: float = 0.4  # how far a sentence's own skip cost follows how well it matches anything opposite
    length_ratio: float = 2.54  # English per Korean characters (spaces excluded): 269 gold 1-1 beads of corpora/
    length_sigma: float = 0.21  # standard deviation of the log of that ratio, same beads
    length_weight: float = 0.05
    adaptive_length: bool = True  # move the ratio toward each document's own ratio of lengths
    anchor_weight: float = 0.3
    merge_penalty: float = 0.1  # per sentence beyond 1-1
    merge_gain_weight: float = 5.0  # price of a merge whose similarity is below that of its best single pair
    min_pair_similarity: float = 0.45  # a pair whose aligned body sentences are less alike is not a translation
    band: int = 12  # half-width, in sentences, of the band around the coarse path
    full_dp_cells: int = 60_000  # documents up to this many sentence pairs get a full DP
    seed: int = 0

    def signature(self) -> str:
        return (f"enc:{self.encoder}|align:max={self.max_bead},"
                f"skip=p{self.skip_percentile:g}x{self.skip_scale:g}~{self.skip_adapt:g},"
                f"len={self.length_ratio:g}/{self.length_sigma:g}*{self.length_weight:g}"
                f"{'~doc' if self.adaptive_length else ''},"
                f"anchor={self.anchor_weight:g},merge={self.merge_penalty:g}+{self.merge_gain_weight:g},"
                f"band={self.band},full={self.full_dp_cells},pair>={self.min_pair_similarity:g},seed={self.seed}")


@dataclass(frozen=True, slots=True)
class MTConfig:
    """The machine-translation second opinion (`--mt MODEL`): off while `model` is empty."""

    model: str = ""  # a Hugging Face seq2seq model, local path or hub id
    beam_size: int = 4
    max_length: int = 256  # tokens, of the input and of the translation
    batch_size: int = 32
    device: str = ""  # "" for CUDA when there is one, else the CPU; or cpu, cuda, cuda:1
    dtype: str = "auto"  # auto: bf16 (or fp16) on a GPU, fp32 on the CPU; or float32, float16, bfloat16
    src_lang: str = ""  # language codes when the model needs ones the tokenizer does not reveal
    tgt_lang: str = ""
    cache: str = ""  # the translation cache: "" for ~/.cache/newsbitext/translations.sqlite, "none" for none
    chrf_floor: float = 20.0  # flag mt_disagreement when the human English scores below this chrF against the MT


@dataclass(frozen=True, slots=True)
class QEModelConfig:
    """A reference-free QE model (`--qe-model MODEL`): off while `model` is empty."""

    model: str = ""  # a Hugging Face sequence-classification model, local path or hub id
    batch_size: int = 32
    max_length: int = 512
    device: str = ""
    dtype: str = "auto"
    floor: float = 0.5  # flag qe_model when the model's value (regression output or good-label probability) is below


@dataclass(frozen=True, slots=True)
class QEConfig:
    """Settings of the QE stage, read from `configs/qe.yaml` (a user's YAML overrides them under `qe:`)."""

    checks: tuple[str, ...] = ("untranslated", "truncation", "number", "date", "entity", "negation", "omission",
                               "addition", "length", "low_similarity")
    similarity_floor: float = 0.2  # cosine at which the similarity part of the score is 0
    similarity_ceiling: float = 0.7  # cosine at which it is 1
    similarity_weight: float = 0.35  # share of the score that similarity decides; checks decide the rest
    ok_threshold: float = 0.7  # label ok at or above this score
    bad_threshold: float = 0.4  # label bad below this score; review in between
    low_similarity: float = 0.25
    length_ratio: float = 2.54
    length_sigma: float = 0.21
    length_z: float = 3.5
    lone_floor: float = 0.12
    omission_gain: float = 0.04
    omission_z: float = 1.5
    addition_gain: float = 0.03
    addition_z: float = 0.0
    addition_alone: float = 0.25
    max_check_chars: int = 4000  # a segment side longer than this is checked on its first max_check_chars characters
    mt: MTConfig = field(default_factory=MTConfig)
    model: QEModelConfig = field(default_factory=QEModelConfig)

    @property
    def active_checks(self) -> tuple[str, ...]:
        """The configured checks, with mt_disagreement and qe_model added when their model is given."""
        added = [name for name, on in (("mt_disagreement", self.mt.model), ("qe_model", self.model.model))
                 if on and name not in self.checks]
        return (*self.checks, *added)

    def signature(self) -> str:
        return (f"ok={self.ok_threshold:g},bad={self.bad_threshold:g},sim={self.similarity_floor:g}-"
                f"{self.similarity_ceiling:g}*{self.similarity_weight:g},len={self.length_z:g}z,"
                f"omit={self.omission_gain:g}@{self.omission_z:g}z,add={self.addition_gain:g}@{self.addition_z:g}z<{self.addition_alone:g},low={self.low_similarity:g},"
                f"lone={self.lone_floor:g}"
                + (f",mt<{self.mt.chrf_floor:g}chrF" if self.mt.model else "")
                + (f",model<{self.model.floor:g}" if self.model.model else ""))


@dataclass(frozen=True, slots=True)
class EmitConfig:
    """Which aligned segments enter the parallel corpus (parallel.tsv, .tmx, Moses files)."""

    min_score: float = 0.4  # QE score below which a pair is left out
    keep_flagged: bool = False  # flagged pairs go to flagged.jsonl always, into the corpus only with this
    dedup: bool = True  # fold exact and near-duplicate pairs into their first occurrence, with a count


@dataclass(frozen=True, slots=True)
class Config:
    stages: tuple[str, ...] = ("ingest", "clean", "segment", "align", "qe", "emit")
    ingest: IngestConfig = field(default_factory=IngestConfig)
    clean: CleanConfig = field(default_factory=CleanConfig)
    segment: SegmentConfig = field(default_factory=SegmentConfig)
    align: AlignConfig = field(default_factory=AlignConfig)
    qe: QEConfig = field(default_factory=QEConfig)
    emit: EmitConfig = field(default_factory=EmitConfig)

    def signature(self) -> str:
        """A short hash of every setting, recorded with each output so runs can be told apart."""
        blob = json.dumps(_asdict(self), sort_keys=True, ensure_ascii=False)
        return hashlib.sha256(blob.encode()).hexdigest()[:12]


KNOWN_STAGES = ("ingest", "clean", "segment", "align", "qe", "emit")
_SECTIONS = {"ingest": IngestConfig, "clean": CleanConfig, "segment": SegmentConfig, "align": AlignConfig,
             "qe": QEConfig, "emit": EmitConfig}


def _off(value: Any) -> bool:
    """A model section with no model: it leaves the config hash as it was without the section."""
    return isinstance(value, (MTConfig, QEModelConfig)) and not value.model


def _asdict(obj: Any) -> Any:
    if hasattr(obj, "__dataclass_fields__"):
        return {f.name: _asdict(getattr(obj, f.name)) for f in fields(obj) if not _off(getattr(obj, f.name))}
    if isinstance(obj, tuple):
        return [_asdict(x) for x in obj]
    return obj


def packaged(name: str) -> str:
    """Text of a file shipped in the `configs/` package data, e.g. `sites/asiae.yaml`."""
    return resources.files("newsbitext.configs").joinpath(name).read_text(encoding="utf-8")


def _read_yaml(text: str, origin: str) -> dict[str, Any]:
    try:
        data = yaml.safe_load(text) or {}
    except yaml.YAMLError as exc:
        raise ConfigError(f"{origin}: not valid YAML: {exc}") from exc
    if not isinstance(data, dict):
        raise ConfigError(f"{origin}: expected a mapping at the top level")
    return data


def _merge(base: dict[str, Any], over: dict[str, Any], origin: str, path: str = "") -> dict[str, Any]:
    merged = dict(base)
    for key, value in over.items():
        where = f"{path}{key}"
        if key not in base:
            raise ConfigError(f"{origin}: unknown key {where!r}")
        if isinstance(base[key], dict):
            if not isinstance(value, dict):
                raise ConfigError(f"{origin}: {where!r} must be a mapping")
            merged[key] = _merge(base[key], value, origin, f"{where}.")
        else:
            merged[key] = value
    return merged


def _typed(section: type, values: dict[str, Any], origin: str, name: str) -> Any:
    kwargs = {}
    for f in fields(section):
        value = values[f.name]
        expected = type(getattr(section(), f.name))
        if hasattr(expected, "__dataclass_fields__"):
            if not isinstance(value, dict):
                raise ConfigError(f"{origin}: {name}.{f.name} must be a mapping, got {value!r}")
            kwargs[f.name] = _typed(expected, value, origin, f"{name}.{f.name}")
            continue
        if expected is float and isinstance(value, int):
            value = float(value)
        if expected is tuple and isinstance(value, list):
            value = tuple(value)
        if not isinstance(value, expected) or (expected is int and isinstance(value, bool)):
            raise ConfigError(f"{origin}: {name}.{f.name} must be {expected.__name__}, got {value!r}")
        kwargs[f.name] = value
    return section(**kwargs)


def load_config(user_file: str | Path | None = None, overrides: dict[str, Any] | None = None) -> Config:
    """The packaged preset, with `user_file` and then `overrides` (from CLI flags) merged over it."""
    data = _read_yaml(packaged("default.yaml"), "configs/default.yaml")
    data["qe"] = _read_yaml(packaged("qe.yaml"), "configs/qe.yaml")
    if user_file is not None:
        path = Path(user_file)
        try:
            text = path.read_text(encoding="utf-8")
        except OSError as exc:
            raise ConfigError(f"{path}: cannot read: {exc.strerror}") from exc
        data = _merge(data, _read_yaml(text, str(path)), str(path))
    if overrides:
        data = _merge(data, overrides, "command line")
    stages = tuple(data["stages"])
    unknown = [s for s in stages if s not in KNOWN_STAGES]
    if unknown:
        raise ConfigError(f"stages: unknown stage(s) {unknown}; this version knows {list(KNOWN_STAGES)}")
    if stages != KNOWN_STAGES[:len(stages)] or len(stages) < 2:
        raise ConfigError(f"stages: {list(stages)}: each stage reads what the one before it made, so stages are "
                          f"{list(KNOWN_STAGES[:2])} and then, in order, any of {list(KNOWN_STAGES[2:])} without a gap")
    sections = {name: _typed(cls, data[name], "config", name) for name, cls in _SECTIONS.items()}
    return Config(stages=stages, **sections)
