"""Start the action server and the Rasa server together, wait for both, stop both on Ctrl-C."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import requests

from bot.config.production import lock_store_environment, production_problems
from bot.config.settings import (
    PROJECT_ROOT,
    Settings,
    SettingsError,
    action_server_token,
    rasa_auth_token,
)
from bot.storage.session import create_database_if_missing

READY_TIMEOUT_S = 300


def rasa_environment(settings: Settings) -> dict[str, str]:
    """Environment for Rasa processes: the values endpoints.yml reads."""
    env = dict(os.environ)
    env["RASA_TELEMETRY_ENABLED"] = "false"  # no usage reports or crash uploads leave the machine
    env["ACTION_ENDPOINT_URL"] = os.environ.get("BROKER_ACTION_ENDPOINT_URL") or \
        f"http://127.0.0.1:{settings.action_port}/webhook"
    env["ACTION_SERVER_TOKEN"] = action_server_token(settings)
    env["TRACKER_STORE_URL"] = settings.tracker_store_url
    env.update(lock_store_environment(settings.lock_store_url))
    env["DATABASE_URL"] = settings.database_url
    env["PYTHONPATH"] = str(PROJECT_ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    return env


def rasa_binary() -> str:
    return str(Path(sys.executable).with_name("rasa"))


def action_server_command(settings: Settings) -> list[str]:
    return broker_command("actions")


def rasa_server_command(settings: Settings, token: str) -> list[str]:
    """`rasa run` through bot.apps.rasa_server (Rasa's command line, action client fixed)."""
    return [sys.executable, "-m", "bot.apps.rasa_server", "run",
            "--model", str(settings.model_path),
            "--enable-api", "--auth-token", token, "--port", str(settings.rasa_port),
            "--cors", *settings.web_origins,
            "--endpoints", str(PROJECT_ROOT / "endpoints.yml"),
            "--credentials", str(PROJECT_ROOT / "credentials.yml")]


def wait_until_ready(url: str, process: subprocess.Popen, timeout: float = READY_TIMEOUT_S) -> None:
    """Poll `url` until it answers 200; fail early if the process died."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{process.args[0]} exited with {process.returncode}")
        try:
            if requests.get(url, timeout=2).status_code == 200:
                return
        except requests.RequestException:
            pass
        time.sleep(1)
    raise TimeoutError(f"{url} did not answer within {timeout:.0f} s")


def broker_command(*args: str) -> list[str]:
    return [str(Path(sys.executable).with_name("broker")), *args]


def start_servers(settings: Settings, token: str, log_dir: Path | None = None
                  ) -> list[subprocess.Popen]:
    """Start the action server, the Rasa server, the Helpdesk console and the portal page;
    return once all answer."""
    env = rasa_environment(settings)
    planned = [
        ("actions", action_server_command(settings), env,
         f"http://127.0.0.1:{settings.action_port}/health"),
        ("rasa", rasa_server_command(settings, token), env,
         f"http://127.0.0.1:{settings.rasa_port}/status?token={token}"),
        ("console", broker_command("console"), {**env, "RASA_AUTH_TOKEN": token},
         f"http://127.0.0.1:{settings.helpdesk_port}/health"),
        ("portal", broker_command("web"), env, f"http://127.0.0.1:{settings.web_port}/health"),
    ]
    processes: list[subprocess.Popen] = []
    try:
        for name, command, process_env, _ in planned:
            processes.append(launch(command, process_env, log_dir, name))
        for process, (_, _, _, health) in zip(processes, planned, strict=True):
            wait_until_ready(health, process)
    except BaseException:
        stop_servers(processes)
        raise
    return processes


def launch(command: list[str], env: dict[str, str], log_dir: Path | None,
           name: str) -> subprocess.Popen:
    """One server process, logging to `log_dir/name.log` when given. Its own session: Ctrl-C
    reaches only the runner, which then stops the servers in order."""
    log = None
    if log_dir is not None:
        log_dir.mkdir(parents=True, exist_ok=True)
        log = (log_dir / f"{name}.log").open("a")
    return subprocess.Popen(command, env=env, cwd=PROJECT_ROOT, stdout=log,
                            stderr=subprocess.STDOUT if log else None, start_new_session=True)


def stop_servers(processes: list[subprocess.Popen]) -> None:
    for process in processes:
        if process.poll() is None:
            process.send_signal(signal.SIGINT)
    for process in processes:
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()


def prepare(settings: Settings) -> str:
    """Check the profile's demands and create the tracker database if needed; return the HTTP
    API token. Raises SettingsError with every problem at once."""
    if settings.production:
        problems = production_problems(settings, dict(os.environ))
        if problems:
            raise SettingsError("the production profile needs:\n  " + "\n  ".join(problems))
    create_database_if_missing(settings.tracker_store_url)
    action_server_token(settings)
    return rasa_auth_token(settings)


def _interrupt(signum, frame) -> None:
    raise KeyboardInterrupt


def run_forever(settings: Settings) -> int:
    """`make run`: the action and Rasa servers, the console and the portal page in the foreground
    until Ctrl-C (or SIGTERM)."""
    # Explicit, because a process started in the background inherits SIGINT as ignored.
    signal.signal(signal.SIGINT, _interrupt)
    signal.signal(signal.SIGTERM, _interrupt)
    token = prepare(settings)  # a SettingsError is reported by the command line
    print("Starting the action server, the Rasa server, the Helpdesk console and the portal "
          "page (loading the model takes a while)…")
    processes = start_servers(settings, token)
    rest = f"http://127.0.0.1:{settings.rasa_port}/webhooks/rest/webhook"
    token_source = "RASA_AUTH_TOKEN" if os.environ.get("RASA_AUTH_TOKEN", "").strip() else \
        f"the file {settings.var_dir / 'rasa_auth_token'}"
    print(f"""
helpdesk-broker is running ({settings.profile} profile).
  Chat on the portal page:  http://127.0.0.1:{settings.web_port}/
  Chat over REST:  curl -s -X POST {rest} \\
                     -H 'Content-Type: application/json' -d '{{"sender": "me", "message": "hi"}}'
  Chat in a terminal (another shell):  .venv/bin/broker chat
  socket.io channel:  http://127.0.0.1:{settings.rasa_port}/socket.io
  HTTP API token:  {token_source}
  Helpdesk console:  http://127.0.0.1:{settings.helpdesk_port}/
                     (accounts: .venv/bin/broker helpdesk add-user NAME)
Press Ctrl-C to stop.""", flush=True)
    try:
        while all(process.poll() is None for process in processes):
            time.sleep(1)
        print("A server stopped unexpectedly; stopping the others.", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("\nStopping the Rasa server, the action server, the Helpdesk console and the "
              "portal page…", flush=True)
        return 0
    finally:
        stop_servers(processes)
