"""The CLI contract (clean, eval, --help) and configuration loading."""

from __future__ import annotations

import json

import pytest

from newsbitext.pipeline.config import ConfigError, load_config, packaged

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
    assert missing.returncode == 1 and f"{tmp_path / 'nothere.html'}: no such file" in missing.stderr


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
    ("ingest:\n  max_page_bytes: lots\n", "ingest.max_page_bytes must be int"),
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
