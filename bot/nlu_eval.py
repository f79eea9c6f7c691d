"""`make nlu-eval`: per-pathway precision, recall and F1 and a confusion table on held-out
challenge statements, for the model the bot ships."""

from __future__ import annotations

from pathlib import Path

import yaml

from bot.taxonomy import PATHWAY_KEYS

EVAL_DIR = Path(__file__).resolve().parent.parent / "tests" / "nlu"
DEV_SET = EVAL_DIR / "dev_challenges.yml"
REAL_SET = EVAL_DIR / "real_challenges.yml"  # quoted from public sources, each with its URL
EVAL_SETS = {"held-out development statements": DEV_SET,
             "real statements by or about cities": REAL_SET}


def load_statements(path: Path = DEV_SET) -> list[dict]:
    with path.open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)["statements"]


def evaluate(classify, statements: list[dict]) -> dict:
    """Scores of `classify(text) -> {"selected": [...], "pathways": [...]}` on the statements."""
    counts = {key: {"tp": 0, "fp": 0, "fn": 0} for key in PATHWAY_KEYS}
    confusion = {gold: dict.fromkeys(PATHWAY_KEYS, 0) for gold in PATHWAY_KEYS}
    top1_main = top1_any = 0
    for statement in statements:
        gold = statement["pathways"]
        result = classify(statement["text"])
        selected = set(result["selected"])
        top = result["pathways"][0]["pathway"] if result["pathways"] else None
        if top:
            confusion[gold[0]][top] += 1
        top1_main += top == gold[0]
        top1_any += top in gold
        for key in PATHWAY_KEYS:
            if key in selected and key in gold:
                counts[key]["tp"] += 1
            elif key in selected:
                counts[key]["fp"] += 1
            elif key in gold:
                counts[key]["fn"] += 1
    per_pathway = {}
    for key, count in counts.items():
        precision = count["tp"] / ((count["tp"] + count["fp"]) or 1)
        recall = count["tp"] / ((count["tp"] + count["fn"]) or 1)
        f1 = 2 * precision * recall / ((precision + recall) or 1)
        per_pathway[key] = {"precision": precision, "recall": recall, "f1": f1,
                            "support": count["tp"] + count["fn"]}
    total = len(statements) or 1
    return {"statements": len(statements), "top1_main": top1_main / total,
            "top1_any": top1_any / total,
            "macro_f1": sum(row["f1"] for row in per_pathway.values()) / len(per_pathway),
            "per_pathway": per_pathway, "confusion": confusion}


def format_report(report: dict) -> str:
    lines = [f"Statements: {report['statements']}",
             f"top-1 = main pathway: {report['top1_main']:.3f}   "
             f"top-1 in gold pathways: {report['top1_any']:.3f}   "
             f"macro-F1 (selected pathways): {report['macro_f1']:.3f}", "",
             f"{'pathway':<12} {'precision':>9} {'recall':>7} {'f1':>6} {'support':>8}"]
    for key, row in report["per_pathway"].items():
        lines.append(f"{key:<12} {row['precision']:>9.3f} {row['recall']:>7.3f} "
                     f"{row['f1']:>6.3f} {row['support']:>8}")
    lines += ["", "Confusion (rows: main gold pathway, columns: top prediction)",
              " " * 12 + "".join(f"{key[:10]:>11}" for key in PATHWAY_KEYS)]
    for gold, row in report["confusion"].items():
        lines.append(f"{gold:<12}" + "".join(f"{row.get(key, 0):>11}" for key in PATHWAY_KEYS))
    return "\n".join(lines)
