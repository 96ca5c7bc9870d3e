"""Tiny Hugging Face models built from the sample corpus, for the tests and the CPU benchmark of the MT path: a
sentencepiece model trained on the corpus sentences, a config a few thousand times smaller than the real one, random
weights, saved in the layout the real model has. `python -m tests.tiny_models OUT` (from the repository root) builds
the Marian one for `newsbitext bench mt`."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import sentencepiece as spm
import torch
import transformers


def _train_spm(lines: list[str], path: Path, size: int) -> spm.SentencePieceProcessor:
    buf = io.BytesIO()
    spm.SentencePieceTrainer.train(sentence_iterator=iter(lines), model_writer=buf, vocab_size=size,
                                   character_coverage=1.0, model_type="unigram", pad_id=-1, bos_id=-1, eos_id=-1,
                                   unk_id=0, hard_vocab_limit=False, minloglevel=2)
    path.write_bytes(buf.getvalue())
    return spm.SentencePieceProcessor(model_file=str(path))


def _tiny() -> dict:
    return {"d_model": 32, "encoder_layers": 1, "decoder_layers": 1, "encoder_attention_heads": 2,
            "decoder_attention_heads": 2, "encoder_ffn_dim": 64, "decoder_ffn_dim": 64,
            "max_position_embeddings": 256}


def build_marian(folder: Path, ko: list[str], en: list[str]) -> Path:
    """A Marian model as opus-mt-ko-en is laid out: source.spm, target.spm, a joint vocab.json, random weights."""
    vocab = {"</s>": 0, "<unk>": 1, "<pad>": 2}
    for sp in (_train_spm(ko, folder / "source.spm", 800), _train_spm(en, folder / "target.spm", 800)):
        for i in range(sp.get_piece_size()):
            vocab.setdefault(sp.id_to_piece(i), len(vocab))
    (folder / "vocab.json").write_text(json.dumps(vocab, ensure_ascii=False), encoding="utf-8")
    tokenizer = transformers.MarianTokenizer(str(folder / "source.spm"), str(folder / "target.spm"),
                                             str(folder / "vocab.json"), source_lang="ko", target_lang="en")
    tokenizer.save_pretrained(folder)
    torch.manual_seed(0)
    config = transformers.MarianConfig(vocab_size=len(vocab), pad_token_id=2, eos_token_id=0,
                                       decoder_start_token_id=2, forced_eos_token_id=0, **_tiny())
    transformers.MarianMTModel(config).save_pretrained(folder)
    return folder


def build_m2m100(folder: Path, ko: list[str], en: list[str]) -> Path:
    """An M2M100 model: one shared sentencepiece model, language tokens (__ko__, __en__) after the vocabulary."""
    sp = _train_spm(ko + en, folder / "sentencepiece.bpe.model", 1200)
    vocab = {"<s>": 0, "<pad>": 1, "</s>": 2, "<unk>": 3}
    for i in range(sp.get_piece_size()):
        vocab.setdefault(sp.id_to_piece(i), len(vocab))
    (folder / "vocab.json").write_text(json.dumps(vocab, ensure_ascii=False), encoding="utf-8")
    tokenizer = transformers.M2M100Tokenizer(str(folder / "vocab.json"), str(folder / "sentencepiece.bpe.model"))
    tokenizer.save_pretrained(folder)
    torch.manual_seed(0)
    config = transformers.M2M100Config(vocab_size=max(tokenizer.lang_code_to_id.values()) + 1, **_tiny())
    transformers.M2M100ForConditionalGeneration(config).save_pretrained(folder)
    return folder


def build_qe_model(folder: Path, ko: list[str], en: list[str], labels: dict[int, str] | None) -> Path:
    """A BERT sequence-classification model on a WordPiece vocabulary of the corpus: a regressor (one output,
    CometKiwi-style) when `labels` is None, else a classifier with those labels."""
    from tokenizers import Tokenizer, models, normalizers, pre_tokenizers, trainers

    tok = Tokenizer(models.WordPiece(unk_token="[UNK]"))
    tok.normalizer = normalizers.NFKC()
    tok.pre_tokenizer = pre_tokenizers.BertPreTokenizer()
    tok.train_from_iterator(ko + en, trainers.WordPieceTrainer(
        vocab_size=2000, special_tokens=["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]))
    fast = transformers.BertTokenizerFast(tokenizer_object=tok, unk_token="[UNK]", pad_token="[PAD]",
                                          cls_token="[CLS]", sep_token="[SEP]", mask_token="[MASK]")
    fast.save_pretrained(folder)
    torch.manual_seed(0)
    extra = {"num_labels": 1} if labels is None else {"id2label": labels, "label2id": {v: k for k, v in labels.items()}}
    config = transformers.BertConfig(vocab_size=fast.vocab_size, hidden_size=32, num_hidden_layers=1,
                                     num_attention_heads=2, intermediate_size=64, max_position_embeddings=512, **extra)
    transformers.BertForSequenceClassification(config).save_pretrained(folder)
    return folder


def corpus_sentences(root: Path) -> tuple[list[str], list[str]]:
    from newsbitext.pipeline.evaluation.gold import load_gold_dir

    pairs = [p for folder in (root, root / "other-sites", root / "tuning") for p in load_gold_dir(folder)[0]]
    return ([s for p in pairs for s in (p.ko.title, *p.ko.sentences)],
            [s for p in pairs for s in (p.en.title, *p.en.sentences)])


if __name__ == "__main__":
    out = Path(sys.argv[1])
    out.mkdir(parents=True, exist_ok=True)
    build_marian(out, *corpus_sentences(Path(__file__).resolve().parent.parent / "corpora"))
    print(out)
