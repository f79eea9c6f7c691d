"""NLU evaluation, baselines and benchmarks with their data; never imported by the product."""
