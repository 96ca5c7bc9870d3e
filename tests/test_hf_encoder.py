"""The Hugging Face encoder path on a tiny BERT-like model that the test builds, trains a tokenizer for and saves."""

from __future__ import annotations

import json

import numpy as np
import pytest

from newsbitext.models.encoders import HFEncoder, load_encoder
from newsbitext.pipeline.align import SentenceAligner
from newsbitext.pipeline.config import load_config

from .conftest import newsbitext

transformers = pytest.importorskip("transformers", reason="the HF path needs `pip install newsbitext[hf]`")
torch = pytest.importorskip("torch", reason="the HF path needs `pip install newsbitext[hf]`")


@pytest.fixture(scope="module")
def tiny_model(tmp_path_factory, gold_pairs):
    from tokenizers import Tokenizer, models, normalizers, pre_tokenizers, trainers

    folder = tmp_path_factory.mktemp("tiny-bert")
    text = [s for p in gold_pairs.values() for side in (p.ko, p.en) for s in side.sentences]
    tok = Tokenizer(models.WordPiece(unk_token="[UNK]"))
    tok.normalizer = normalizers.NFKC()
    tok.pre_tokenizer = pre_tokenizers.BertPreTokenizer()
    tok.train_from_iterator(text, trainers.WordPieceTrainer(
        vocab_size=2000, special_tokens=["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]))
    fast = transformers.BertTokenizerFast(tokenizer_object=tok, unk_token="[UNK]", pad_token="[PAD]",
                                          cls_token="[CLS]", sep_token="[SEP]", mask_token="[MASK]")
    fast.save_pretrained(folder)
    torch.manual_seed(0)
    config = transformers.BertConfig(vocab_size=fast.vocab_size, hidden_size=32, num_hidden_layers=2,
                                     num_attention_heads=2, intermediate_size=64, max_position_embeddings=256)
    transformers.BertModel(config).save_pretrained(folder)
    return folder


def test_tiny_model_encodes_normalised_batched_vectors(tiny_model, gold_pairs):
    sentences = list(gold_pairs["kospi-record-high"].ko.sentences)
    encoder = load_encoder(str(tiny_model), batch_size=4)
    assert isinstance(encoder, HFEncoder) and encoder.dim == 32
    vectors = encoder.encode(sentences)
    assert vectors.shape == (len(sentences), 32)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    # batching by length must not change a sentence's vector
    one_by_one = np.concatenate([encoder.encode([s]) for s in sentences[:5]])
    assert np.allclose(one_by_one, vectors[:5], atol=1e-5)
    assert encoder.signature() == f"hf:{tiny_model.name}|pool:mean"


def test_pooling_follows_sentence_transformers_config(tiny_model, gold_pairs):
    sentences = list(gold_pairs["kospi-record-high"].en.sentences[:3])
    mean = HFEncoder(str(tiny_model)).encode(sentences)
    (tiny_model / "1_Pooling").mkdir(exist_ok=True)
    (tiny_model / "1_Pooling" / "config.json").write_text(json.dumps({"pooling_mode_cls_token": True}))
    try:
        cls = HFEncoder(str(tiny_model)).encode(sentences)
    finally:
        (tiny_model / "1_Pooling" / "config.json").unlink()
    assert not np.allclose(mean, cls)
    with pytest.raises(ValueError, match="pooling"):
        HFEncoder(str(tiny_model), pooling="max")


def test_tiny_model_drives_the_aligner_and_the_cli(tiny_model, gold_pairs, tmp_path):
    pair = gold_pairs["won-dollar-exchange"]
    aligner = SentenceAligner(load_config().align, HFEncoder(str(tiny_model)))
    beads = aligner.align(list(pair.ko.sentences), list(pair.en.sentences))
    assert [i for b in beads for i in b.src] == list(range(len(pair.ko.sentences)))
    src, tgt = tmp_path / "s.txt", tmp_path / "t.txt"
    src.write_text("\n".join(pair.ko.sentences[:4]), encoding="utf-8")
    tgt.write_text("\n".join(pair.en.sentences[:4]), encoding="utf-8")
    done = newsbitext("align", "--src", str(src), "--tgt", str(tgt), "--presplit", "--encoder", str(tiny_model))
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[0].startswith("[0]:")
