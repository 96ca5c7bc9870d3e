#!/usr/bin/env bash
# Throughput of a real MT model on a GPU machine, batch sizes 16 to 256: sentences/s, words out/s, peak GPU memory.
# The model must be on local disk (or reachable on the hub): NEWSBITEXT_MT_MODEL=/path/to/opus-mt-ko-en, and
# optionally NEWSBITEXT_MT_MODEL_2=/path/to/nllb-200-distilled-600M for a second model. Run from the repository root
# in an environment with `pip install -e '.[hf]'` and a CUDA build of torch; paste the tables into BENCHMARKS.md.
set -euo pipefail
: "${NEWSBITEXT_MT_MODEL:=Helsinki-NLP/opus-mt-ko-en}"
nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv,noheader
for model in "$NEWSBITEXT_MT_MODEL" ${NEWSBITEXT_MT_MODEL_2:-}; do
  for dtype in auto float32; do
    echo "## $model, dtype $dtype"
    printf 'qe:\n  mt:\n    dtype: %s\n' "$dtype" > /tmp/newsbitext-mt-bench.yaml
    newsbitext bench mt corpora corpora/tuning corpora/other-sites --mt "$model" --device cuda \
      --batch-sizes 16,32,64,128,256 --sentences 4096 --config /tmp/newsbitext-mt-bench.yaml
  done
done
