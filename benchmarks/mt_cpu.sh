#!/usr/bin/env bash
# Throughput of the MT path on this CPU with the tiny random-weight Marian model the tests build (the plumbing's
# cost: tokenizing, length batching, beam search to max_length, decoding). Run from the repository root in an
# environment with `pip install -e '.[hf]'`. Results go to BENCHMARKS.md with the machine line it prints.
set -euo pipefail
model=$(mktemp -d)/tiny-marian
python -m tests.tiny_models "$model" >/dev/null
newsbitext bench mt corpora --mt "$model" --batch-sizes 16,32,64,128 --sentences 512 --device cpu "$@"
