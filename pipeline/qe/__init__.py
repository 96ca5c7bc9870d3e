"""Translation QA: the checks, what they read (figures, dates, names), the estimator and the challenge set."""
