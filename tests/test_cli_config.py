"""The CLI contract (clean, eval, --help) and configuration loading."""

from __future__ import annotations

import dataclasses
import json
from typing import get_args

import pytest
import yaml

from newsbitext.pipeline.clean.profile import SITES
from newsbitext.pipeline.config import (
    CheckName,
    Config,
    ConfigError,
    Dtype,
    SiteName,
    load_config,
    packaged,
)
from newsbitext.pipeline.qe.checks import CHECKS

from .conftest import CORPUS, SEED, newsbitext


@pytest.mark.parametrize("command", ["run", "clean", "eval"])
def test_every_subcommand_has_help(command):
    done = newsbitext(command, "--help")
    assert done.returncode == 0 and "usage: newsbitext" in done.stdout


def test_clean_json_and_text():
    done = newsbitext("clean", str(SEED), "--format", "json")
    assert done.returncode == 0, done.stderr
    record = json.loads(done.stdout)
    assert record["lang"] == "en" and record["title"].startswith("Chinese Government")
    assert len(record["paragraphs"]) == 9 and record["captions"][0].startswith("NVIDIA logo")
    text = newsbitext("clean", str(SEED), "--format", "text").stdout
    assert text.splitlines()[0] == record["title"]
    assert "[caption] NVIDIA logo" in text and "bar_progress" not in text


def test_clean_of_a_bad_page_names_it_and_fails(tmp_path):
    page = tmp_path / "blank.ko.html"
    page.write_bytes(b"")
    done = newsbitext("clean", str(page))
    assert done.returncode == 1
    assert f"{page}: empty page" in done.stderr
    missing = newsbitext("clean", str(tmp_path / "nothere.html"))
    assert missing.returncode == 2 and f"{tmp_path / 'nothere.html'}: no such file" in missing.stderr  # a usage error


def test_eval_json_reports_every_path_and_format():
    done = newsbitext("eval", str(CORPUS), "--json", "--baseline")
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert {"profile/txt", "profile/html", "generic/txt", "generic/html", "trafilatura/html"} <= set(report["summary"])
    assert report["summary"]["trafilatura/html"]["pages"] == report["summary"]["generic/html"]["pages"]
    assert set(report["segmentation"]) == {"ko", "en"}
    assert not report["invalid_gold"]


def test_user_config_merges_over_the_preset(tmp_path):
    user = tmp_path / "my.yaml"
    user.write_text("clean:\n  min_body_chars: 500\n")
    cfg = load_config(user)
    assert cfg.clean.min_body_chars == 500 and cfg.clean.site == "auto"
    assert cfg.signature() != load_config().signature()


@pytest.mark.parametrize("text, message", [
    ("clean:\n  min_body_chrs: 5\n", "unknown key 'clean.min_body_chrs'"),
    ("clean: [1, 2]\n", "'clean' must be a mapping"),
    ("ingest:\n  max_page_bytes: lots\n", "bad.yaml: ingest.max_page_bytes must be an integer, got 'lots'"),
    ("stages: [ingest, translate]\n", "unknown stage(s) ['translate']"),
    ("stages: [ingest, clean, align]\n", "each stage reads what the one before it made"),
    ("stages: [clean, ingest]\n", "each stage reads what the one before it made"),
    ("clean: {site: [\n", "not valid YAML"),
])
def test_bad_config_is_an_error_naming_the_file(tmp_path, text, message):
    user = tmp_path / "bad.yaml"
    user.write_text(text)
    with pytest.raises(ConfigError) as err:
        load_config(user)
    assert message in str(err.value)


def test_bad_config_exits_2_from_the_cli(tmp_path):
    user = tmp_path / "bad.yaml"
    user.write_text("segment:\n  splitter: nltk\n")
    done = newsbitext("clean", str(SEED), "--config", str(user))
    assert done.returncode == 2 and f"{user}: unknown key 'segment.splitter'" in done.stderr
    assert newsbitext("clean", str(SEED), "--site", "nosuchsite").returncode == 2


def test_presets_ship_in_the_package():
    assert "stages:" in packaged("default.yaml")
    assert "name: asiae" in packaged("sites/asiae.yaml")


# Settings are checked by type and range when they are loaded; a value out of range is an error naming where it
# came from, the key, the value and what is allowed, and the command exits 2 before it reads any input.
@pytest.mark.parametrize("text, message", [
    ("emit:\n  min_score: 5\n", "emit.min_score must be between 0 and 1, got 5"),
    ("ingest:\n  max_replacement_share: 1.5\n", "ingest.max_replacement_share must be between 0 and 1, got 1.5"),
    ("align:\n  band: -1\n", "align.band must be at least 0, got -1"),
    ("align:\n  max_bead: 1\n", "align.max_bead must be between 2 and 10, got 1"),
    ("align:\n  length_sigma: 0\n", "align.length_sigma must be above 0, got 0"),
    ("qe:\n  bad_threshold: 0.9\n", "qe.bad_threshold must be at most qe.ok_threshold (0.5), got 0.9"),
    ("qe:\n  similarity_floor: 0.8\n", "qe.similarity_floor must be below qe.similarity_ceiling (0.7), got 0.8"),
    ("clean:\n  min_body_chars: 300000\n", "clean.min_body_chars must be at most clean.max_article_chars (200000)"),
    ("align:\n  band: '12'\n", "align.band must be an integer, got '12'"),
    ("qe:\n  ok_threshold: high\n", "qe.ok_threshold must be a number, got 'high'"),
    ("align:\n  full_dp_cells: 1.5\n", "align.full_dp_cells must be an integer, got 1.5"),
    ("emit:\n  dedup: 1\n", "emit.dedup must be true or false, got 1"),
    ("emit:\n  min_score: .nan\n", "emit.min_score must be a finite number, got nan"),
    ("qe:\n  mt:\n    dtype: fp8\n", "qe.mt.dtype must be 'auto', 'float32', 'float16' or 'bfloat16', got 'fp8'"),
    ("qe:\n  model:\n    device: gpu\n", "qe.model.device must be '' (CUDA when there is one, else the CPU)"),
    ("qe:\n  checks: [number, numbr]\n", "qe.checks[1] must be 'untranslated', 'truncation'"),
    ("clean:\n  site: nosuchsite\n", "clean.site must be 'auto', 'none', 'generic' or 'asiae', got 'nosuchsite'"),
])
def test_a_setting_out_of_range_exits_2_naming_file_key_value_and_range(tmp_path, text, message):
    user = tmp_path / "my.yaml"
    user.write_text(text)
    done = newsbitext("clean", str(SEED), "--config", str(user))
    assert done.returncode == 2, done.stderr
    assert f"config error: {user}: {message}" in done.stderr
    assert "Traceback" not in done.stderr and not done.stdout


@pytest.mark.parametrize("flags, message", [
    (["--min-score", "5"], "command line: emit.min_score must be between 0 and 1, got 5"),
    (["--min-score", "-0.1"], "command line: emit.min_score must be between 0 and 1, got -0.1"),
    (["--mt-batch-size", "0"], "command line: qe.mt.batch_size must be at least 1, got 0"),
    (["--device", "gpu"], "command line: qe.mt.device must be '' (CUDA when there is one, else the CPU)"),
    (["--site", "nosuchsite"], "command line: clean.site must be 'auto', 'none', 'generic' or 'asiae'"),
])
def test_a_flag_out_of_range_exits_2_before_the_run(tmp_path, flags, message):
    done = newsbitext("run", str(SEED), "-o", str(tmp_path / "out"), "-q", *flags)
    assert done.returncode == 2, done.stderr
    assert message in done.stderr
    assert not (tmp_path / "out").exists()


def test_the_latest_layer_is_named_for_a_rule_between_settings(tmp_path):
    """The preset's bad_threshold (0.3) is above the user's ok_threshold: the user's file broke the rule."""
    user = tmp_path / "my.yaml"
    user.write_text("qe:\n  ok_threshold: 0.2\n")
    with pytest.raises(ConfigError, match=r"my\.yaml: qe\.bad_threshold must be at most qe\.ok_threshold \(0\.2\), got 0\.3"):
        load_config(user)
    with pytest.raises(ConfigError, match=r"^command line: qe\.bad_threshold .*\(0\.2\)"):
        load_config(user, {"qe": {"ok_threshold": 0.2}})
    assert load_config(user, {"qe": {"bad_threshold": 0.2}}).qe.bad_threshold == 0.2


def test_every_error_is_told_at_once(tmp_path):
    user = tmp_path / "my.yaml"
    user.write_text("align:\n  band: -1\n  seed: -3\nemit:\n  min_score: 2\n")
    with pytest.raises(ConfigError) as err:
        load_config(user)
    assert str(err.value).count(f"{user}: ") == 3
    assert "align.seed must be at least 0, got -3" in str(err.value)


def _numeric_settings(section=Config, path=()):
    for f in dataclasses.fields(section):
        value = getattr(section(), f.name)
        if dataclasses.is_dataclass(value):
            yield from _numeric_settings(type(value), (*path, f.name))
        elif isinstance(value, (int, float)) and not isinstance(value, bool):
            yield (*path, f.name), value


def _nested(path, value):
    return {path[0]: _nested(path[1:], value)} if len(path) > 1 else {path[0]: value}


@pytest.mark.parametrize("path, default", list(_numeric_settings()), ids=lambda x: ".".join(x) if isinstance(x, tuple) else "")
def test_every_number_refuses_a_string_and_keeps_its_type(path, default):
    key = ".".join(path)
    with pytest.raises(ConfigError, match=rf"^command line: {key} must be (a number|an integer), got '1'$"):
        load_config(overrides=_nested(path, "1"))
    if isinstance(default, float):  # an integer is fine for a float, and stays a float (the hash sees 3.0, not 3)
        loaded = []
        for whole in (int(default),) if default.is_integer() else (0, 1):  # (0.21 has no integer of its own)
            try:
                value = load_config(overrides=_nested(path, whole))
            except ConfigError as exc:
                assert "must be" in str(exc) and "integer" not in str(exc) and "a number" not in str(exc)
                continue
            for name in path:
                value = getattr(value, name)
            loaded.append(value)
        assert loaded and all(type(v) is float for v in loaded)
    else:
        with pytest.raises(ConfigError, match=rf"{key} must be an integer, got {default}\.5"):
            load_config(overrides=_nested(path, default + 0.5))


def test_an_integer_for_a_float_leaves_the_config_hash_as_it_was():
    base = load_config()
    same = load_config(overrides={"align": {"floor_percentile": 80, "prior_weight": 30}, "qe": {"mt": {"chrf_floor": 20}}})
    assert same == base and same.signature() == base.signature()


def test_every_packaged_setting_and_site_profile_loads(tmp_path):
    """configs/default.yaml and configs/qe.yaml given back as a user's file load to the preset, which is also what
    the dataclasses default to; every site profile is a valid `clean.site`, and the enumerations match the names
    their stages know."""
    preset = load_config()
    assert preset == Config()
    whole = yaml.safe_load(packaged("default.yaml"))
    whole["qe"] = yaml.safe_load(packaged("qe.yaml"))
    user = tmp_path / "all.yaml"
    user.write_text(yaml.safe_dump(whole), encoding="utf-8")
    assert load_config(user) == preset and load_config(user).signature() == preset.signature()
    assert set(get_args(SiteName)) == {"auto", "none", *SITES}
    for site in get_args(SiteName):
        assert load_config(overrides={"clean": {"site": site}}).clean.site == site
        assert newsbitext("clean", str(SEED), "--site", site).returncode == 0
    assert set(get_args(CheckName)) == set(CHECKS)
    from newsbitext.models.translator import DTYPES
    assert set(get_args(Dtype)) == set(DTYPES)


def test_a_section_replaced_in_code_is_checked_too():
    cfg = load_config()
    with pytest.raises(ConfigError, match=r"^emit\.min_score must be between 0 and 1, got 5$"):
        dataclasses.replace(cfg.emit, min_score=5)
    with pytest.raises(ConfigError, match=r"^qe\.bad_threshold must be at most qe\.ok_threshold"):
        dataclasses.replace(cfg.qe, bad_threshold=0.95)
    with pytest.raises(ConfigError, match="each stage reads what the one before it made"):
        dataclasses.replace(cfg, stages=("ingest",))
    assert dataclasses.replace(cfg, align=dataclasses.replace(cfg.align, encoder="x")).align.encoder == "x"
    with pytest.raises(dataclasses.FrozenInstanceError):
        cfg.emit.min_score = 0.5  # type: ignore[misc]
