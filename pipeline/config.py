"""Configuration: the packaged preset, a user's YAML merged over it, and the site profiles.

The packaged `configs/default.yaml` is read first and a user's file is merged over it key by key, so a partial
file overrides only what it sets. An unknown key is an error naming the file, never a silent miss.

Every setting is typed and range-checked by pydantic (the sections are pydantic dataclasses: `dataclasses.replace`
and `fields` work on them as before, and a replaced value is checked again). Types are strict: a string where a
number belongs is an error, not converted (an integer for a float is fine). A bad value is a `ConfigError` naming
where the value came from (the file, or `command line` for flags), the dotted key, the value and what is allowed:
`my.yaml: emit.min_score must be between 0 and 1, got 5`.

Room: shared by every layer: typed settings, each section with what its stage reads. Imports only `errors` (and
pydantic, which checks them).
"""

from __future__ import annotations

import functools
import hashlib
import json
import re
from dataclasses import field, fields
from importlib import resources
from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from pydantic import AfterValidator, ConfigDict, Field, Strict, TypeAdapter, ValidationError, model_validator
from pydantic.dataclasses import dataclass
from pydantic_core import PydanticCustomError

from .errors import ConfigError

# Strict leaves: a string is never read as a number or a flag, nor a number as a string. A float setting takes an
# integer (YAML's `1` for 1.0) and keeps it as a float, so the config hash is the same either way.
Int = Annotated[int, Strict()]
Float = Annotated[float, Strict()]
Str = Annotated[str, Strict()]
Bool = Annotated[bool, Strict()]
Share = Annotated[Float, Field(ge=0, le=1)]  # a fraction, a probability or a QE score
Cosine = Annotated[Float, Field(ge=-1, le=1)]  # a similarity of unit vectors
Positive = Annotated[Float, Field(gt=0)]
Weight = Annotated[Float, Field(ge=0)]  # a price, weight or z-score floor: 0 turns its term off
Count = Annotated[Int, Field(ge=1)]
Dtype = Literal["auto", "float32", "float16", "bfloat16"]  # models/translator.py DTYPES
SiteName = Literal["auto", "none", "generic", "asiae"]  # auto, none, or a profile of clean/profile.py SITES
CheckName = Literal["untranslated", "truncation", "number", "date", "duration", "base", "metric", "title", "connective",
                    "contrast", "entity", "negation", "modality", "omission", "addition", "length", "low_similarity",
                    "mt_disagreement", "qe_model"]  # qe/checks.py CHECKS
KNOWN_STAGES = ("ingest", "clean", "segment", "align", "qe", "emit")

_DEVICE = re.compile(r"(?:(?:cpu|cuda|mps|xpu)(?::\d+)?)?")


def _device(value: str) -> str:
    if not _DEVICE.fullmatch(value):
        raise PydanticCustomError("device", "must be '' (CUDA when there is one, else the CPU), cpu, cuda, cuda:N, "
                                            "mps or xpu")
    return value


Device = Annotated[Str, AfterValidator(_device)]
_SETTINGS = ConfigDict(extra="forbid", allow_inf_nan=False)


def _rule(text: str, *keys: str) -> PydanticCustomError:
    """A rule between settings, broken: `text` names them in full; `keys` say whose origin the message gives."""
    return PydanticCustomError("config_rule", "{text}", {"text": text, "keys": keys})


@dataclass(frozen=True, slots=True, config=_SETTINGS)
class IngestConfig:
    max_page_bytes: Count = 5_000_000
    max_replacement_share: Share = 0.005
    hangul_share_korean: Annotated[Float, Field(gt=0, le=1)] = 0.3  # 0 would read every text as Korean


@dataclass(frozen=True, slots=True, config=_SETTINGS)
class CleanConfig:
    site: SiteName = "auto"
    min_body_chars: Annotated[Int, Field(ge=0)] = 120
    max_article_chars: Count = 200_000  # a page whose article text is longer is refused: no news article comes near

    @model_validator(mode="after")
    def _ordered(self) -> CleanConfig:
        if self.min_body_chars > self.max_article_chars:
            raise _rule(f"clean.min_body_chars must be at most clean.max_article_chars ({self.max_article_chars}), "
                        f"got {self.min_body_chars}: every page would be refused",
                        "clean.min_body_chars", "clean.max_article_chars")
        return self


@dataclass(frozen=True, slots=True, config=_SETTINGS)
class SegmentConfig:
    min_sentence_words: Count = 3


@dataclass(frozen=True, slots=True, config=_SETTINGS)
class AlignConfig:
    # the embedded multilingual USE, or a Hugging Face encoder by local path or hub id
    encoder: Annotated[Str, Field(min_length=1)] = "use-m3"
    # the most sentences of both sides in one bead (6: up to 1-5, 5-1, 2-4, 3-3; 2: 1-1 beads only); the DP's work
    # grows with the square of it
    max_bead: Annotated[Int, Field(ge=2, le=10)] = 6
    skip: Positive = 0.03  # the cost of leaving a sentence unaligned...
    skip_adapt: Share = 0.6  # ...lowered for a sentence as far as it matches nothing on the other side
    # a bead earns its quality above this percentile of the quality of pairs far off the diagonal...
    floor_percentile: Annotated[Float, Field(ge=0, le=100)] = 80.0
    floor_fallback: Float = 0.18  # ...or above this in a document too short to have such pairs
    neighbour_weight: Weight = 0.1  # how much a bead's likeness to the sentences just outside it counts against it
    length_ratio: Positive = 2.54  # English per Korean characters (spaces excluded): 269 gold 1-1 beads of corpora/
    length_sigma: Positive = 0.21  # standard deviation of the log of that ratio, same beads
    length_weight: Weight = 0.0225
    length_cap: Positive = 5.0  # the most the length term counts, in squared deviations: a clause added is no veto
    adaptive_length: Bool = True  # fit the ratio and its spread to each document's mutual best pairs...
    prior_weight: Weight = 30.0  # ...as if the configured ones were this many such pairs
    anchor_weight: Weight = 0.1
    merge_exponent: Annotated[Float, Field(ge=0, le=2)] = 0.1  # a bead earns its quality ((a+b)/2) ** this times
    merge_penalty: Weight = 0.02  # per sentence beyond 1-1
    # a pair whose body scores less (aligned sentences' scores, an unaligned sentence counting 0) is not a translation
    min_pair_similarity: Cosine = 0.4
    band: Annotated[Int, Field(ge=0)] = 12  # half-width, in sentences, of the band around the coarse path
    full_dp_cells: Annotated[Int, Field(ge=0)] = 60_000  # documents up to this many sentence pairs get a full DP
    seed: Annotated[Int, Field(ge=0)] = 0  # numpy's generators take no negative seed

    def signature(self) -> str:
        return (f"enc:{self.encoder}|align:max={self.max_bead},"
                f"skip={self.skip:g}~{self.skip_adapt:g},floor=p{self.floor_percentile:g}|{self.floor_fallback:g},"
                f"nbr={self.neighbour_weight:g},len={self.length_ratio:g}/{self.length_sigma:g}*{self.length_weight:g}"
                f"<{self.length_cap:g}"
                f"{f'~doc{self.prior_weight:g}' if self.adaptive_length else ''},"
                f"anchor={self.anchor_weight:g},merge=^{self.merge_exponent:g}+{self.merge_penalty:g},"
                f"band={self.band},full={self.full_dp_cells},pair>={self.min_pair_similarity:g},seed={self.seed}")


@dataclass(frozen=True, slots=True, config=_SETTINGS)
class MTConfig:
    """The machine-translation second opinion (`--mt MODEL`): off while `model` is empty."""

    model: Str = ""  # a Hugging Face seq2seq model, local path or hub id
    beam_size: Count = 4
    max_length: Count = 256  # tokens, of the input and of the translation
    batch_size: Count = 32
    device: Device = ""  # "" for CUDA when there is one, else the CPU; or cpu, cuda, cuda:1
    dtype: Dtype = "auto"  # auto: bf16 (or fp16) on a GPU, fp32 on the CPU; or float32, float16, bfloat16
    src_lang: Str = ""  # language codes when the model needs ones the tokenizer does not reveal
    tgt_lang: Str = ""
    cache: Str = ""  # the translation cache: "" for ~/.cache/newsbitext/translations.sqlite, "none" for none
    # flag mt_disagreement when the human English scores below this chrF (0 to 100) against the MT
    chrf_floor: Annotated[Float, Field(ge=0, le=100)] = 20.0


@dataclass(frozen=True, slots=True, config=_SETTINGS)
class QEModelConfig:
    """A reference-free QE model (`--qe-model MODEL`): off while `model` is empty."""

    model: Str = ""  # a Hugging Face sequence-classification model, local path or hub id
    batch_size: Count = 32
    max_length: Count = 512
    device: Device = ""
    dtype: Dtype = "auto"
    # flag qe_model when the model's value (regression output or good-label probability) is below this; a
    # regressor's scale is its own, so no range is imposed
    floor: Float = 0.5


@dataclass(frozen=True, slots=True, config=_SETTINGS)
class QEConfig:
    """Settings of the QE stage, read from `configs/qe.yaml` (a user's YAML overrides them under `qe:`)."""

    checks: tuple[CheckName, ...] = ("untranslated", "truncation", "number", "date", "duration", "base", "metric",
                                     "title", "connective", "contrast", "entity", "negation", "modality", "omission",
                                     "addition", "length", "low_similarity")
    similarity_floor: Cosine = 0.2  # cosine at which the similarity part of the score is 0
    similarity_ceiling: Cosine = 0.7  # cosine at which it is 1
    similarity_weight: Share = 0.35  # share of the score that similarity decides; checks decide the rest
    ok_threshold: Share = 0.5  # label ok at or above this score
    bad_threshold: Share = 0.3  # label bad below this score; review in between
    low_similarity: Cosine = 0.25
    length_ratio: Positive = 2.54
    length_sigma: Positive = 0.21
    length_z: Positive = 3.5
    length_chars: Count = 45  # ...and this many English characters (a clause) off what the Korean warrants, not a word
    lone_floor: Cosine = 0.12
    omission_clauses: Bool = False  # look for a Korean clause the English leaves out, by leave-one-out
    omission_gain: Share = 0.04  # a rise of cosine
    omission_z: Weight = 1.5  # standard deviations the length ratio leans toward an omission
    addition_gain: Share = 0.03
    addition_z: Weight = 0.0
    addition_alone: Cosine = 0.25
    # flag an addition where the English leans this many standard deviations longer than the pairs beside it do, by
    # this many characters or more (`SegmentPair.length_norm`)
    addition_norm_z: Weight = 2.0
    addition_norm_chars: Count = 40
    max_check_chars: Count = 4000  # a segment side longer than this is checked on its first max_check_chars characters
    score_model: str = "builtin"  # the learned faithfulness score: builtin, a model train-qe wrote, or none (rules)
    # flag a pair misaligned when its margin over the score model's reference pairs is below this: fewer than 1% of
    # the real training pairs (data/qe-train) are, 99% of those pairs crossed at random are
    misaligned_margin: Cosine = 0.05
    # ...or when its sides' cosine is below misaligned_long_cosine and its Korean has misaligned_long_chars or more
    misaligned_long_cosine: Cosine = 0.3
    misaligned_long_chars: Count = 70
    # `qe` on a corpus in order: flag a pair misaligned when a side is at least neighbour_gap more like the other side
    # of the line before or after it than like its own, and at least neighbour_floor like it (a pairing off by one)
    neighbour_gap: Share = 0.25
    neighbour_floor: Cosine = 0.45
    mt: MTConfig = field(default_factory=MTConfig)
    model: QEModelConfig = field(default_factory=QEModelConfig)

    @model_validator(mode="after")
    def _ordered(self) -> QEConfig:
        if self.similarity_floor >= self.similarity_ceiling:
            raise _rule(f"qe.similarity_floor must be below qe.similarity_ceiling ({self.similarity_ceiling:g}), "
                        f"got {self.similarity_floor:g}", "qe.similarity_floor", "qe.similarity_ceiling")
        if self.bad_threshold > self.ok_threshold:
            raise _rule(f"qe.bad_threshold must be at most qe.ok_threshold ({self.ok_threshold:g}), "
                        f"got {self.bad_threshold:g}", "qe.bad_threshold", "qe.ok_threshold")
        return self

    @property
    def active_checks(self) -> tuple[str, ...]:
        """The configured checks, with mt_disagreement and qe_model added when their model is given."""
        added = [name for name, on in (("mt_disagreement", self.mt.model), ("qe_model", self.model.model))
                 if on and name not in self.checks]
        return (*self.checks, *added)

    def signature(self) -> str:
        omit = f"{self.omission_gain:g}" if self.omission_clauses else "off"
        return (f"ok={self.ok_threshold:g},bad={self.bad_threshold:g},sim={self.similarity_floor:g}-"
                f"{self.similarity_ceiling:g}*{self.similarity_weight:g},len={self.length_z:g}z>{self.length_chars}c,"
                f"omit={omit}@{self.omission_z:g}z,add={self.addition_gain:g}@{self.addition_z:g}z<{self.addition_alone:g}|{self.addition_norm_z:g}z>{self.addition_norm_chars}c,low={self.low_similarity:g},"
                f"lone={self.lone_floor:g},mis<{self.misaligned_margin:g}|{self.misaligned_long_cosine:g}@{self.misaligned_long_chars}c,next>{self.neighbour_gap:g}@{self.neighbour_floor:g}"
                + (f",mt<{self.mt.chrf_floor:g}chrF" if self.mt.model else "")
                + (f",model<{self.model.floor:g}" if self.model.model else ""))


@dataclass(frozen=True, slots=True, config=_SETTINGS)
class EmitConfig:
    """Which aligned segments enter the parallel corpus (parallel.tsv, .tmx, Moses files)."""

    min_score: Share = 0.3  # QE score below which a pair is left out (scores run from 0 to 1)
    keep_flagged: Bool = False  # flagged pairs go to flagged.jsonl always, into the corpus only with this
    dedup: Bool = True  # fold exact and near-duplicate pairs into their first occurrence, with a count


@dataclass(frozen=True, slots=True, config=_SETTINGS)
class Config:
    stages: tuple[Str, ...] = KNOWN_STAGES
    ingest: IngestConfig = field(default_factory=IngestConfig)
    clean: CleanConfig = field(default_factory=CleanConfig)
    segment: SegmentConfig = field(default_factory=SegmentConfig)
    align: AlignConfig = field(default_factory=AlignConfig)
    qe: QEConfig = field(default_factory=QEConfig)
    emit: EmitConfig = field(default_factory=EmitConfig)

    @model_validator(mode="after")
    def _chained(self) -> Config:
        unknown = [s for s in self.stages if s not in KNOWN_STAGES]
        if unknown:
            raise _rule(f"stages: unknown stage(s) {unknown}; this version knows {list(KNOWN_STAGES)}", "stages")
        if self.stages != KNOWN_STAGES[:len(self.stages)] or len(self.stages) < 2:
            raise _rule(f"stages: {list(self.stages)}: each stage reads what the one before it made, so stages are "
                        f"{list(KNOWN_STAGES[:2])} and then, in order, any of {list(KNOWN_STAGES[2:])} without a gap",
                        "stages")
        return self

    def signature(self) -> str:
        """A short hash of every setting, recorded with each output so runs can be told apart."""
        blob = json.dumps(_asdict(self), sort_keys=True, ensure_ascii=False)
        return hashlib.sha256(blob.encode()).hexdigest()[:12]


# Where each section sits in the whole, for the keys an error names when a section is built on its own.
_KEYS = {Config: "", IngestConfig: "ingest", CleanConfig: "clean", SegmentConfig: "segment", AlignConfig: "align",
         QEConfig: "qe", MTConfig: "qe.mt", QEModelConfig: "qe.model", EmitConfig: "emit"}
_CONFIG = TypeAdapter(Config)
Layer = tuple[int, str]  # (how late it was merged in, where from): the preset, the user's file, the command line

_NEEDS = {"int_type": "must be an integer", "float_type": "must be a number", "bool_type": "must be true or false",
          "string_type": "must be a string", "tuple_type": "must be a list", "list_type": "must be a list",
          "finite_number": "must be a finite number", "string_too_short": "must not be empty",
          "dataclass_type": "must be a mapping", "dataclass_args_type": "must be a mapping"}
_RANGES = ("greater_than", "greater_than_equal", "less_than", "less_than_equal")


def _show(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return repr(int(value))
    return repr(value)


def _range(section: Any, names: list[str]) -> str | None:
    """What the field at `names` under `section` allows, from its declared bounds: "between 0 and 1"."""
    info = None
    for name in names:
        info = getattr(section, "__pydantic_fields__", {}).get(name)
        if info is None:
            return None
        section = info.annotation
    bounds = {k: getattr(m, k) for m in info.metadata for k in ("gt", "ge", "lt", "le")
              if getattr(m, k, None) is not None}
    low = (f"at least {_show(bounds['ge'])}" if "ge" in bounds else
           f"above {_show(bounds['gt'])}" if "gt" in bounds else None)
    high = (f"at most {_show(bounds['le'])}" if "le" in bounds else
            f"below {_show(bounds['lt'])}" if "lt" in bounds else None)
    if "ge" in bounds and "le" in bounds:
        return f"between {_show(bounds['ge'])} and {_show(bounds['le'])}"
    return " and ".join(x for x in (low, high) if x) or None


def _where(key: str, origins: dict[str, Layer]) -> Layer | None:
    """The layer that set `key`, or the mapping holding it."""
    while key:
        if key in origins:
            return origins[key]
        key = key.rpartition(".")[0]
    return None


def _explain(exc: ValidationError, section: type, origins: dict[str, Layer]) -> str:
    """Pydantic's errors as one line each: `ORIGIN: KEY must be ..., got VALUE`."""
    prefix = _KEYS[section]
    told = []
    for err in exc.errors():
        ctx = err.get("ctx") or {}
        if err["type"] == "config_rule":
            layers = [layer for k in ctx["keys"] if (layer := _where(k, origins))]
            origin, text = max(layers)[1] if layers else None, ctx["text"]
        else:
            names = [p for p in err["loc"] if isinstance(p, str)]
            key = prefix
            for part in err["loc"]:
                key = f"{key}[{part}]" if isinstance(part, int) else f"{key}.{part}" if key else part
            layer = _where(".".join(filter(None, [prefix, *names])), origins)
            origin = layer[1] if layer else None
            if err["type"] in ("unexpected_keyword_argument", "extra_forbidden"):
                text = f"unknown key {key!r}"
            else:
                need = _NEEDS.get(err["type"])
                if err["type"] in _RANGES:
                    need = (f"must be {bounds}" if (bounds := _range(section, names)) else None)
                elif err["type"] == "literal_error":
                    need = f"must be {ctx['expected']}"
                elif err["type"] == "device":
                    need = err["msg"]
                text = f"{key} {need or err['msg']}, got {_show(err['input'])}"
        told.append(f"{origin}: {text}" if origin else text)
    return "; ".join(dict.fromkeys(told))


def _config_errors(section: type) -> None:
    """A section built or `dataclasses.replace`d in code raises `ConfigError` too, naming its keys."""
    init = section.__init__

    @functools.wraps(init)
    def __init__(self: Any, *args: Any, **kwargs: Any) -> None:
        try:
            init(self, *args, **kwargs)
        except ValidationError as exc:
            raise ConfigError(_explain(exc, section, {})) from None

    section.__init__ = __init__


for _section in _KEYS:
    _config_errors(_section)


def _off(value: Any) -> bool:
    """A model section with no model: it leaves the config hash as it was without the section."""
    return isinstance(value, (MTConfig, QEModelConfig)) and not value.model


def _asdict(obj: Any) -> Any:
    if hasattr(obj, "__dataclass_fields__"):
        return {f.name: _asdict(getattr(obj, f.name)) for f in fields(obj) if not _off(getattr(obj, f.name))}
    if isinstance(obj, tuple):
        return [_asdict(x) for x in obj]
    return obj


# libyaml's loader where PyYAML was built with it (its wheels are): the shipped gazetteer and site profiles load in a
# tenth of the time. Users' config files keep the pure loader, whose error messages name the line.
FAST_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


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


def _note(data: dict[str, Any], layer: Layer, origins: dict[str, Layer], path: str = "") -> None:
    for key, value in data.items():
        origins[f"{path}{key}"] = layer
        if isinstance(value, dict):
            _note(value, layer, origins, f"{path}{key}.")


def _merge(base: dict[str, Any], over: dict[str, Any], layer: Layer, origins: dict[str, Layer],
           path: str = "") -> dict[str, Any]:
    origin = layer[1]
    merged = dict(base)
    for key, value in over.items():
        where = f"{path}{key}"
        if key not in base:
            raise ConfigError(f"{origin}: unknown key {where!r}")
        if isinstance(base[key], dict):
            if not isinstance(value, dict):
                raise ConfigError(f"{origin}: {where!r} must be a mapping")
            merged[key] = _merge(base[key], value, layer, origins, f"{where}.")
        else:
            merged[key] = value
            origins[where] = layer
    return merged


def load_config(user_file: str | Path | None = None, overrides: dict[str, Any] | None = None) -> Config:
    """The packaged preset, with `user_file` and then `overrides` (from CLI flags) merged over it, checked."""
    origins: dict[str, Layer] = {}
    data = _read_yaml(packaged("default.yaml"), "configs/default.yaml")
    _note(data, (0, "configs/default.yaml"), origins)
    data["qe"] = _read_yaml(packaged("qe.yaml"), "configs/qe.yaml")
    _note(data["qe"], (0, "configs/qe.yaml"), origins, "qe.")
    if user_file is not None:
        path = Path(user_file)
        try:
            text = path.read_text(encoding="utf-8")
        except OSError as exc:
            raise ConfigError(f"{path}: cannot read: {exc.strerror}") from exc
        data = _merge(data, _read_yaml(text, str(path)), (1, str(path)), origins)
    if overrides:
        data = _merge(data, overrides, (2, "command line"), origins)
    try:
        return _CONFIG.validate_python(data)
    except ValidationError as exc:
        raise ConfigError(_explain(exc, Config, origins)) from None
