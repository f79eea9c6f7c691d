"""The benchmark's arithmetic: percentiles and the verdict on the targets."""

from evaluation.bench.load import percentile
from evaluation.bench.run import verdict


def test_nearest_rank_percentiles():
    values = [float(number) for number in range(1, 101)]
    assert (percentile(values, 0.5), percentile(values, 0.95), percentile(values, 0.99)) == (
        50.0, 95.0, 99.0)
    assert percentile([7.0], 0.99) == 7.0
    assert percentile([], 0.5) != percentile([], 0.5)  # nan when nothing was measured


def _levels(p95: float, errors: int = 0) -> list[dict]:
    return [{"concurrency": level, "p95_ms": p95, "errors": errors} for level in (1, 10, 50)]


def test_verdict_names_each_missed_target():
    report = {"broker": {"levels": _levels(300.0, errors=2), "model_load_s": 20.0},
              "starter": {"levels": _levels(100.0)}, "training_s": 700.0,
              "matching": {"shipped/sqlite": {"p95_ms": 50.0}, "x100/sqlite": {"p95_ms": 9.0},
                           "x100/postgresql": {"p95_ms": 25.0}},
              "insights": {"postgresql": {"page_p95_s": 1.5}, "sqlite": {"page_p95_s": 9.0}}}
    result = verdict(report)
    assert result["p95_multiple_of_floor_at_10"]["measured"] == 3.0
    assert result["matching_p95_ms"]["measured"] == 25.0, "the slower database counts"
    assert result["insights_page_p95_s"] == {"measured": 1.5, "target": 2.0, "met": True}, \
        "the page's target is PostgreSQL's"
    missed = {name for name, entry in result.items() if not entry["met"]}
    assert missed == {"errors_at_50", "p95_multiple_of_floor_at_10", "matching_p95_ms",
                      "training_s"}
    assert "training_s" not in verdict({**report, "training_s": None})
