"""Translation QA: the checks, what they read (figures, dates, names), and the estimator.

Room: the QE stage. May import `config`, `records`, `clean.profile`; no I/O.
"""
