"""`broker bench`: load, latency, memory and matching-query figures (a benchmark, not a test)."""
