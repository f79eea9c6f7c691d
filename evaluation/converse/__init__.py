"""Whole first visits, simulated over REST against the running product (make converse-eval)."""
