"""`broker bench`: the whole orientation under load at 1, 10 and 50 concurrent conversations on
the production profile, the same load on Rasa's starter bot as the floor, memory, model load and
training time, and the matching query at 100,000 calls. Figures go to var/bench/."""

from __future__ import annotations

import asyncio
import json
import os
import platform
import secrets
import shutil
import subprocess
import time
from datetime import date, datetime, timezone
from pathlib import Path

from sqlalchemy import create_engine, text

from bot.apps.runner import (
    action_server_command,
    launch,
    prepare,
    rasa_binary,
    rasa_environment,
    rasa_server_command,
    stop_servers,
    wait_until_ready,
)
from bot.config.settings import PROJECT_ROOT, load_settings
from evaluation.bench import matching_bench
from evaluation.bench.cities import Turn, city_for
from evaluation.bench.insights_bench import bench_insights
from evaluation.bench.load import LoadResult, percentile, run_load

LEVELS = ((1, 10), (10, 40), (50, 100))  # (concurrent conversations, conversations in all)
RASA_PORT, STARTER_PORT, ACTION_PORT = 5405, 5406, 5455
POSTGRES_ADMIN_URL = os.environ.get("BROKER_BENCH_POSTGRES_URL",
                                    "postgresql://postgres@127.0.0.1:5432/postgres")
LOCK_STORE_URL = os.environ.get("BROKER_BENCH_REDIS_URL", "redis://127.0.0.1:6379/4")
# The starter bot's six turns, as many as an orientation; any non-empty answer counts.
STARTER_TURNS = [Turn(message, ("",)) for message in (
    "hello", "I am sad", "yes", "are you a bot?", "great", "bye")]
TARGETS = {"errors_at_50": 0, "p95_multiple_of_floor_at_10": 2.0, "matching_p95_ms": 20.0,
           "model_load_s": 60.0, "training_s": 600.0, "insights_page_p95_s": 2.0}


def fresh_postgres_database(name: str) -> str:
    admin = create_engine(POSTGRES_ADMIN_URL, isolation_level="AUTOCOMMIT", future=True)
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return POSTGRES_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"


def machine() -> dict:
    memory_kb = next(int(line.split()[1]) for line in Path("/proc/meminfo").read_text()
                     .splitlines() if line.startswith("MemTotal"))
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text()
                .splitlines() if line.startswith("model name")), platform.processor())
    return {"cores": os.cpu_count(), "memory_gib": round(memory_kb / 2**20, 1), "cpu": cpu,
            "python": platform.python_version(), "system": platform.platform()}


def memory_mib(pid: int) -> dict:
    """Resident memory now and at its peak, from /proc."""
    fields = dict(line.split(":", 1) for line in Path(f"/proc/{pid}/status").read_text()
                  .splitlines() if ":" in line)
    return {"rss_mib": round(int(fields["VmRSS"].split()[0]) / 1024),
            "peak_rss_mib": round(int(fields["VmHWM"].split()[0]) / 1024)}


def summarise(result: LoadResult) -> dict:
    latencies = result.latencies_ms()
    return {"turns": len(result.turns), "errors": len(result.errors),
            "first_errors": [f"{turn.sender}#{turn.index}: {turn.error}"
                             for turn in result.errors[:3]],
            "p50_ms": round(percentile(latencies, 0.50), 1),
            "p95_ms": round(percentile(latencies, 0.95), 1),
            "p99_ms": round(percentile(latencies, 0.99), 1),
            "turns_per_s": round(result.throughput, 1)}


def load_levels(url: str, name: str, turns_for, processes: dict) -> list[dict]:
    levels = []
    for concurrency, count in LEVELS:
        conversations = {f"bench-{name}-{concurrency}-{number}-{secrets.token_hex(3)}":
                         turns_for(number) for number in range(count)}
        result = asyncio.run(run_load([url], conversations, concurrency))
        level = {"concurrency": concurrency, "conversations": count, **summarise(result),
                 "memory": {label: memory_mib(process.pid)
                            for label, process in processes.items()}}
        print(f"  {name}: {concurrency:>2} concurrent, {level['turns']} turns: p50 "
              f"{level['p50_ms']} ms, p95 {level['p95_ms']} ms, p99 {level['p99_ms']} ms, "
              f"{level['turns_per_s']} turns/s, {level['errors']} errors", flush=True)
        levels.append(level)
    return levels


def _timed_start(command: list[str], env: dict, log_dir: Path, name: str, health: str
                 ) -> tuple[subprocess.Popen, float]:
    started = time.monotonic()
    process = launch(command, env, log_dir, name)
    wait_until_ready(health, process)
    return process, round(time.monotonic() - started, 1)


def bench_broker(log_dir: Path) -> dict:
    """Our assistant on the production profile: PostgreSQL, Redis, tokens."""
    os.environ.update({
        "BROKER_PROFILE": "production", "RASA_PORT": str(RASA_PORT),
        "ACTION_PORT": str(ACTION_PORT),
        "DATABASE_URL": fresh_postgres_database("broker_bench"),
        "TRACKER_STORE_URL": fresh_postgres_database("broker_bench_tracker"),
        "LOCK_STORE_URL": LOCK_STORE_URL, "BROKER_TODAY": "2026-11-24",
        **{name: secrets.token_urlsafe(24) for name in (
            "RASA_AUTH_TOKEN", "ACTION_SERVER_TOKEN", "HELPDESK_SESSION_SECRET")}})
    settings = load_settings()
    matching_bench.build(settings.database_url, scaled=False, today=settings.today())
    token = prepare(settings)
    env = rasa_environment(settings)
    actions, _ = _timed_start(action_server_command(settings), env, log_dir, "actions",
                              f"http://127.0.0.1:{ACTION_PORT}/health")
    try:
        rasa, load_s = _timed_start(rasa_server_command(settings, token), env, log_dir, "rasa",
                                    f"http://127.0.0.1:{RASA_PORT}/status?token={token}")
        try:
            levels = load_levels(f"http://127.0.0.1:{RASA_PORT}", "broker",
                                 lambda number: city_for(number).turns(),
                                 {"rasa": rasa, "actions": actions})
        finally:
            stop_servers([rasa])
    finally:
        stop_servers([actions])
    return {"model_load_s": load_s, "levels": levels, "env": env, "token": token}


def train_starter(directory: Path, env: dict) -> tuple[Path, float | None]:
    """Rasa's own starter project (`rasa init`'s files), trained once and kept."""
    model = directory / "models" / "starter.tar.gz"
    if model.exists():
        return model, None
    import rasa

    shutil.rmtree(directory, ignore_errors=True)
    shutil.copytree(Path(rasa.__file__).parent / "cli" / "initial_project", directory)
    started = time.monotonic()
    subprocess.run([rasa_binary(), "train", "--fixed-model-name", "starter", "--out", "models",
                    "--quiet"], cwd=directory, env=env, check=True, stdout=subprocess.DEVNULL)
    return model, round(time.monotonic() - started, 1)


def bench_starter(bench_dir: Path, log_dir: Path, broker_env: dict, token: str) -> dict:
    """The floor: the starter bot on the same tracker and lock stores, with the same load."""
    env = {**broker_env, "TRACKER_STORE_URL": fresh_postgres_database("broker_bench_starter")}
    model, training_s = train_starter(bench_dir / "starter", env)
    command = [rasa_binary(), "run", "--model", str(model), "--enable-api", "--auth-token",
               token, "--port", str(STARTER_PORT), "--endpoints",
               str(PROJECT_ROOT / "endpoints.yml")]
    rasa, load_s = _timed_start(command, env, log_dir, "starter",
                                f"http://127.0.0.1:{STARTER_PORT}/status?token={token}")
    try:
        levels = load_levels(f"http://127.0.0.1:{STARTER_PORT}", "starter",
                             lambda number: STARTER_TURNS, {"rasa": rasa})
    finally:
        stop_servers([rasa])
    return {"model_load_s": load_s, "training_s": training_s, "levels": levels}


def time_training(bench_dir: Path, env: dict) -> float:
    """`rasa train` of the shipped assistant from scratch (no training cache)."""
    out = bench_dir / "training"
    shutil.rmtree(out, ignore_errors=True)
    started = time.monotonic()
    subprocess.run([rasa_binary(), "train", "--fixed-model-name", "bench", "--out", str(out),
                    "--quiet"], cwd=PROJECT_ROOT, env={**env, "RASA_MAX_CACHE_SIZE": "0"},
                   check=True, stdout=subprocess.DEVNULL)
    shutil.rmtree(out, ignore_errors=True)
    return round(time.monotonic() - started, 1)


def bench_matching(today: date) -> dict:
    figures = {}
    for scaled in (False, True):
        for dialect in ("sqlite", "postgresql"):
            name = f"broker_bench_matching_{'x100' if scaled else 'shipped'}"
            if dialect == "sqlite":
                path = load_settings().var_dir / "bench" / f"{name}.db"
                path.unlink(missing_ok=True)
                url = f"sqlite:///{path}"
            else:
                url = fresh_postgres_database(name)
            sizes = matching_bench.build(url, scaled, today)
            timing = matching_bench.time_matching(url, today, rounds=50)
            entry = {**timing, **sizes}
            if scaled:
                entry["plan"] = matching_bench.query_plan(url)
            figures[f"{'x100' if scaled else 'shipped'}/{dialect}"] = entry
            print(f"  matching, {'100x catalogue' if scaled else 'shipped catalogue'} on "
                  f"{dialect}: queries p50 {timing['p50_ms']} ms, p95 {timing['p95_ms']} ms; "
                  f"with the reasons p50 {timing['recommend_p50_ms']} ms, "
                  f"p95 {timing['recommend_p95_ms']} ms", flush=True)
    return figures


def verdict(report: dict) -> dict:
    ours = {level["concurrency"]: level for level in report["broker"]["levels"]}
    floor = {level["concurrency"]: level for level in report["starter"]["levels"]}
    multiple = round(ours[10]["p95_ms"] / floor[10]["p95_ms"], 2)
    matching = max(entry["p95_ms"] for key, entry in report["matching"].items()
                   if key.startswith("x100"))
    figures = {"errors_at_50": ours[50]["errors"], "p95_multiple_of_floor_at_10": multiple,
               "matching_p95_ms": matching, "model_load_s": report["broker"]["model_load_s"],
               "insights_page_p95_s": report["insights"]["postgresql"]["page_p95_s"]}
    if report["training_s"] is not None:
        figures["training_s"] = report["training_s"]
    return {name: {"measured": value, "target": TARGETS[name],
                   "met": value <= TARGETS[name]} for name, value in figures.items()}


def run_bench(train: bool = True) -> int:
    settings = load_settings()
    bench_dir = settings.var_dir / "bench"
    log_dir = bench_dir / "logs"
    bench_dir.mkdir(parents=True, exist_ok=True)
    today = settings.today()
    report: dict = {"measured_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
                    "machine": machine()}
    print(f"Benchmark on {report['machine']['cores']} cores, "
          f"{report['machine']['memory_gib']} GiB ({report['machine']['cpu']})", flush=True)
    print("Matching query:", flush=True)
    report["matching"] = bench_matching(today)
    print("Needs insights over 100,000 recorded conversations:", flush=True)
    report["insights"] = bench_insights()
    print("Load over the REST channel (the whole orientation per conversation):", flush=True)
    broker = bench_broker(log_dir)
    env, token = broker.pop("env"), broker.pop("token")
    report["broker"] = broker
    report["starter"] = bench_starter(bench_dir, log_dir, env, token)
    if train:
        print("Training the assistant from scratch…", flush=True)
    report["training_s"] = time_training(bench_dir, env) if train else None
    report["targets"] = verdict(report)
    stamp = date.today().isoformat()
    for path in (bench_dir / f"results-{stamp}.json", bench_dir / "results-latest.json"):
        path.write_text(json.dumps(report, indent=2))
    print(f"\nModel load {broker['model_load_s']} s; training "
          f"{report['training_s'] if report['training_s'] is not None else 'not run'} s")
    for name, entry in report["targets"].items():
        print(f"  {'met ' if entry['met'] else 'MISSED'}  {name}: {entry['measured']} "
              f"(target {entry['target']})")
    print(f"Results: {bench_dir / f'results-{stamp}.json'}")
    return 0 if all(entry["met"] for entry in report["targets"].values()) else 1


def main(argv: list[str] | None = None) -> int:
    """`python -m evaluation.bench.run [--no-training]` (`make bench`)."""
    import argparse

    parser = argparse.ArgumentParser(prog="python -m evaluation.bench.run",
                                     description="measure latency, memory, model load, training "
                                                 "and the matching query (writes var/bench/)")
    parser.add_argument("--no-training", action="store_true", help="skip timing `rasa train`")
    return run_bench(train=not parser.parse_args(argv).no_training)


if __name__ == "__main__":
    raise SystemExit(main())
