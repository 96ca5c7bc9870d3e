"""Evaluation: `newsbitext eval` against gold annotations, the QE challenge set, synthetic inputs, and the
benchmarks.

Room: above the pipeline. It gets its stages from `pipeline.Pipeline`, the same constructor a run uses, so it
measures the path a run takes.
"""
