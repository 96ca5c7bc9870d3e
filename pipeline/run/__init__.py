"""Running: the plan of a run, the workers, the executors that place them, the shard store, and the runner.

Room: above the stages and the pipeline; it does the I/O and the parallelism, never a stage's work.
"""
