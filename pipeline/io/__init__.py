"""I/O: reading inputs into `RawPage`s, and writing records out (articles.jsonl, the corpus, the dataset, the
report), atomically.

Room: the edges. JSON, TSV, TMX and Arrow exist here and nowhere else in the package; no stage imports it.
"""
