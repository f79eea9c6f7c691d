"""`make converse-eval`: the newcomer corpus played against the real servers, and its figures.

Starts the action server and the Rasa server on their own ports, with a freshly seeded SQLite
database and tracker store in a temporary folder (or uses a running Rasa server given by
`--url` and `--token`), plays every visit of evaluation/data/newcomer_visits.yml over REST, prints
the figures and each visit that went wrong, writes var/converse-eval/results-latest.json, and
exits 1 when a target is missed.
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict
from datetime import date
from pathlib import Path

from bot.config.settings import PROJECT_ROOT
from evaluation.converse.corpus import load_visits
from evaluation.converse.simulator import RasaRest, Transcript, run_visit
from evaluation.converse.verdict import TARGETS, Verdict, judge, summarise

RESULTS = PROJECT_ROOT / "var" / "converse-eval" / "results-latest.json"
RASA_PORT, ACTION_PORT = 5205, 5255
WORKERS = 4


def play(rasa: RasaRest, ids: set[str] | None = None,
         workers: int = WORKERS) -> list[tuple[Transcript, Verdict]]:
    """Every visit (or those named), a few at a time, in corpus order."""
    visits = [visit for visit in load_visits() if not ids or visit.id in ids]
    with ThreadPoolExecutor(max_workers=workers) as pool:
        transcripts = list(pool.map(lambda visit: run_visit(RasaRest(rasa.url, rasa.token), visit),
                                    visits))
    return [(transcript, judge(transcript)) for transcript in transcripts]


def failure_lines(transcript: Transcript, verdict: Verdict) -> list[str]:
    faults = [name for name, bad in (
        ("no outcome" if not verdict.completed else f"ended in {verdict.outcome}",
         not verdict.outcome_right),
        ("wrong place noted: " + "; ".join(verdict.wrong_places), verdict.wrong_places),
        ("loop on " + ", ".join(verdict.loops), verdict.loops),
        (f"{verdict.silent_turns} silent turns", verdict.silent_turns),
        ("place " + repr(_place(transcript.slots)), not verdict.place_right),
        (f"readiness {transcript.slots.get('readiness')!r}", not verdict.readiness_right),
        ("pathways " + ",".join(item["pathway"] for item in transcript.slots.get("pathways") or [])
         if transcript.slots.get("pathways") else "no pathways", not verdict.pathways_right),
    ) if bad] + verdict.problems
    return [f"  {verdict.id}: " + "; ".join(faults)] if faults else []


def _place(slots: dict) -> str:
    place = slots.get("place")
    return f"{place['name']}, {place['country']}" if place else \
        f"{slots.get('city')}, {slots.get('country')}"


def report(results: list[tuple[Transcript, Verdict]]) -> dict:
    figures = summarise([verdict for _, verdict in results])
    print(f"Newcomer corpus: {figures['visits']} first visits over REST ({date.today()})")
    print(f"  reached recommendations or a handoff  {figures['completion']:.3f}"
          f"  (target >= {TARGETS['completion']})")
    print(f"  ended as the visit expects             {figures['expected_outcome']:.3f}")
    print(f"  turns to get there: median {figures['median_turns']}, p95 {figures['p95_turns']}")
    print(f"  confident wrong places                 {figures['confident_wrong_places']}"
          f"  (target 0)")
    print(f"  loops (a question asked 3 times)       {figures['loops']}  (target 0)")
    print(f"  turns without a reply                  {figures['silent_turns']}  (target 0)")
    print(f"  place right {figures['place_right']:.3f}, readiness right "
          f"{figures['readiness_right']:.3f}, pathways right {figures['pathways_right']:.3f}, "
          f"everything right {figures['all_right']:.3f}")
    lines = [line for transcript, verdict in results
             for line in failure_lines(transcript, verdict)]
    if lines:
        print("Visits with something wrong:")
        print("\n".join(lines))
    return figures


def _start_stack(folder: Path):
    """The action server and the Rasa server on their own ports and stores."""
    from bot.apps.runner import (
        action_server_command,
        launch,
        prepare,
        rasa_environment,
        rasa_server_command,
        wait_until_ready,
    )
    from bot.config.settings import load_settings
    from bot.storage.catalogue.loader import load_catalogue
    from bot.storage.catalogue.seed import seed
    from bot.storage.migrate import upgrade
    from bot.storage.session import session_scope

    os.environ.update({
        "BROKER_VAR_DIR": str(folder), "RASA_PORT": str(RASA_PORT),
        "ACTION_PORT": str(ACTION_PORT), "DATABASE_URL": f"sqlite:///{folder / 'broker.db'}",
        "TRACKER_STORE_URL": f"sqlite:///{folder / 'tracker.db'}",
        "HELPDESK_WEBHOOK_URL": "", "RASA_AUTH_TOKEN": secrets.token_urlsafe(24)})
    settings = load_settings()
    upgrade(settings.database_url)
    with session_scope(settings.database_url) as session:
        seed(session, load_catalogue())
    token = prepare(settings)
    env = rasa_environment(settings)
    logs = folder / "logs"
    processes = [launch(action_server_command(settings), env, logs, "actions")]
    wait_until_ready(f"http://127.0.0.1:{ACTION_PORT}/health", processes[0])
    processes.append(launch(rasa_server_command(settings, token), env, logs, "rasa"))
    wait_until_ready(f"http://127.0.0.1:{RASA_PORT}/status?token={token}", processes[1])
    return processes, RasaRest(f"http://127.0.0.1:{RASA_PORT}", token)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", help="a running Rasa server (default: start one)")
    parser.add_argument("--token", default=os.environ.get("RASA_AUTH_TOKEN", ""))
    parser.add_argument("--only", nargs="*", help="play only these visit ids")
    parser.add_argument("--show", action="store_true", help="print each visit's transcript")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="converse-eval-") as folder:
        processes = []
        if args.url:
            rasa = RasaRest(args.url, args.token)
        else:
            print("Starting the action server and the Rasa server ...", flush=True)
            processes, rasa = _start_stack(Path(folder))
        try:
            results = play(rasa, set(args.only or ()))
        finally:
            if processes:
                from bot.apps.runner import stop_servers

                stop_servers(processes[::-1])
    if args.show:
        for transcript, _ in results:
            print(f"--- {transcript.visit.id}")
            for turn in transcript.turns:
                print(f"  > {turn.said}")
                for reply in turn.replies:
                    buttons = " | ".join(b["title"] for b in reply.get("buttons") or ())
                    print(f"    {reply.get('text', '')}" + (f"  [{buttons}]" if buttons else ""))
    figures = report(results)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps({"date": str(date.today()), "figures": figures,
                                   "visits": [asdict(verdict) for _, verdict in results]},
                                  indent=2), encoding="utf-8")
    return 0 if all(figures["targets_met"].values()) else 1


if __name__ == "__main__":
    sys.exit(main())
