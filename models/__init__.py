"""Model back-ends (sentence encoders, translators, QE models) behind small interfaces.

The stages of `newsbitext.pipeline` take these as arguments; none of them is loaded unless a stage asks.
"""
