"""`broker`: the project's own commands (database, spaCy pipeline, classification, servers)."""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from bot.config.settings import load_settings


def _db_upgrade(args: argparse.Namespace) -> int:
    from bot.storage.migrate import upgrade
    from bot.storage.session import get_engine

    revision = upgrade()
    print(f"Database at schema revision {revision}: "
          f"{get_engine().url.render_as_string(hide_password=True)}")
    return 0


def _db_seed(args: argparse.Namespace) -> int:
    from bot.storage.catalogue.loader import CatalogueError, load_catalogue
    from bot.storage.catalogue.seed import seed
    from bot.storage.migrate import upgrade
    from bot.storage.session import session_scope

    try:
        catalogue = load_catalogue(Path(args.data)) if args.data else load_catalogue()
    except CatalogueError as error:
        print(error, file=sys.stderr)
        return 1
    upgrade()
    with session_scope() as session:
        counts = seed(session, catalogue)
    print("Catalogue loaded: " + ", ".join(f"{count} {name}" for name, count in counts.items()))
    return 0


def _catalogue_check(args: argparse.Namespace) -> int:
    from bot.storage.catalogue.check import ERROR, check_catalogue
    from bot.storage.session import session_scope

    with session_scope() as session:
        findings = check_catalogue(session, load_settings().today(), args.max_age_days,
                                   args.min_entries)
    for finding in findings:
        print(finding)
    errors = sum(finding.level == ERROR for finding in findings)
    print(f"{errors} error(s), {len(findings) - errors} warning(s)")
    return 1 if errors else 0


def _insights(args: argparse.Namespace) -> int:
    from bot.services.insights import as_csv, as_markdown, conversations_csv, needs_insights
    from bot.storage.insights import Filters

    filters = Filters(since=args.since, until=args.until, country=args.country,
                      readiness=args.readiness, language=args.language)
    if args.format == "conversations":
        sys.stdout.write(conversations_csv(filters))
        return 0
    insights = needs_insights(filters, load_settings().today())
    write = as_csv if args.format == "csv" else as_markdown
    sys.stdout.write(write(insights, protect=not args.exact))
    return 0


def _intake_exclude(args: argparse.Namespace) -> int:
    from bot.services.insights import exclude_conversation

    if not exclude_conversation(args.conversation_id, not args.include):
        print(f"Nothing is stored for conversation {args.conversation_id}", file=sys.stderr)
        return 1
    print(f"Conversation {args.conversation_id} is "
          + ("counted in the insights again" if args.include else "left out of the insights"))
    return 0


def _day(text: str):
    from bot.domain.moments import parse_day

    try:
        return parse_day(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from error


def _catalogue_export(args: argparse.Namespace) -> int:
    from bot.storage.catalogue.spreadsheet import write_export
    from bot.storage.session import session_scope

    with session_scope() as session:
        rows = write_export(session, Path(args.file))
    print(f"{rows} services written to {args.file}")
    return 0


def _catalogue_import(args: argparse.Namespace) -> int:
    from bot.storage.catalogue.spreadsheet import SpreadsheetError, import_services
    from bot.storage.session import session_scope

    text = Path(args.file).read_text(encoding="utf-8")
    try:
        with session_scope() as session:
            report = import_services(session, text)
    except SpreadsheetError as error:
        print(f"Nothing imported: {len(error.problems)} problem(s) in {args.file}",
              file=sys.stderr)
        for problem in error.problems:
            print(f"  {problem}", file=sys.stderr)
        return 1
    print(f"Imported {args.file}: {report}")
    return 0


def _calls_sync(args: argparse.Namespace) -> int:
    from datetime import datetime, timezone

    from bot.integrations.funding_api import FundingApiClient, FundingApiError, load_sources
    from bot.rasa_ext.classify import TrainedClassifier
    from bot.services.calls_sync import sync_calls
    from bot.storage.session import session_scope

    settings = load_settings()
    client = FundingApiClient(settings.funding_api_url, timeout=settings.funding_api_timeout)
    try:
        listings = [client.topics(source) for source in load_sources(settings.funding_sources)]
    except FundingApiError as error:
        print(f"Funding calls not synced: the portal failed ({error}). "
              "The existing calls are unchanged.", file=sys.stderr)
        return 1
    classifier: list[TrainedClassifier] = []

    def tagger(text: str) -> list[str]:
        if not classifier:  # loaded only when a call needs tagging
            classifier.append(TrainedClassifier(settings.model_path))
        return classifier[0].classify(text)["selected"]

    with session_scope() as session:
        report = sync_calls(session, listings, tagger, settings.today(),
                            datetime.now(timezone.utc))
    for listing in listings:
        if listing.duplicates or listing.stubs:
            print(f"(ignored {listing.duplicates} duplicate and {listing.stubs} empty rows)")
    print("\n".join(report.lines()))
    return 0


def _helpdesk_add_user(args: argparse.Namespace) -> int:
    import getpass

    from bot.storage.helpdesk_users import add_user
    from bot.storage.migrate import upgrade
    from bot.storage.session import session_scope

    if args.password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = getpass.getpass(f"Password for {args.username}: ")
        if getpass.getpass("Again: ") != password:
            print("The passwords differ.", file=sys.stderr)
            return 1
    upgrade()
    try:
        with session_scope() as session:
            add_user(session, args.username, password)
    except ValueError as error:
        print(error, file=sys.stderr)
        return 1
    print(f"Helpdesk account {args.username} saved.")
    return 0


def _console(args: argparse.Namespace) -> int:
    from bot.apps.console.app import run_console

    run_console(load_settings())
    return 0


def _web(args: argparse.Namespace) -> int:
    from bot.apps.portal_page import WidgetMissing, run_portal

    try:
        run_portal(load_settings())
    except WidgetMissing as error:
        print(error, file=sys.stderr)
        return 1
    return 0


def _nlp_build(args: argparse.Namespace) -> int:
    from bot.rasa_ext.spacy_pipeline import PIPELINE_PATH, save_pipeline

    target = Path(args.output) if args.output else PIPELINE_PATH
    report = save_pipeline(target)
    print(f"spaCy pipeline written to {report['path']} ({report['patterns']} place patterns)")
    return 0


def _classify(args: argparse.Namespace) -> int:
    from bot.rasa_ext.classify import ModelNotTrained, TrainedClassifier

    try:
        classifier = TrainedClassifier(load_settings().model_path)
    except ModelNotTrained as error:
        print(error, file=sys.stderr)
        return 1
    texts = [args.text] if args.text else sys.stdin
    for result in classifier.classify_lines(texts):
        print(json.dumps(result, ensure_ascii=False), flush=True)
    return 0


def _run(args: argparse.Namespace) -> int:
    from bot.apps.runner import run_forever

    return run_forever(load_settings())


def _actions(args: argparse.Namespace) -> int:
    from bot.apps.action_server import serve
    from bot.config.settings import action_server_token

    settings = load_settings()
    serve(settings.action_host, settings.action_port, action_server_token(settings))
    return 0


def _rasa(args: argparse.Namespace) -> int:
    from bot.apps.runner import prepare, rasa_environment, rasa_server_command

    settings = load_settings()
    command = rasa_server_command(settings, prepare(settings))
    os.execve(command[0], command, rasa_environment(settings))  # replaces this process


def _chat(args: argparse.Namespace) -> int:
    from bot.apps.terminal_chat import chat

    url = args.url or f"http://127.0.0.1:{load_settings().rasa_port}/webhooks/rest/webhook"
    return chat(url, args.sender)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="broker", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)

    db = commands.add_parser("db", help="the service database").add_subparsers(
        dest="db_command", required=True)
    db.add_parser("upgrade", help="create or migrate the schema, keeping the data"
                  ).set_defaults(func=_db_upgrade)
    db.add_parser("init", help="the same as upgrade: a new database gets every table"
                  ).set_defaults(func=_db_upgrade)
    seed = db.add_parser("seed", help="load the catalogue data files (safe to repeat)")
    seed.add_argument("--data", help="folder of catalogue data files (default: packaged)")
    seed.set_defaults(func=_db_seed)

    catalogue = commands.add_parser("catalogue", help="the service catalogue").add_subparsers(
        dest="catalogue_command", required=True)
    check = catalogue.add_parser("check", help="report stale, unsourced or contradictory "
                                               "entries; fails on errors")
    check.add_argument("--max-age-days", type=int, default=365,
                       help="warn about entries last checked longer ago (default 365)")
    check.add_argument("--min-entries", type=int, default=5,
                       help="warn about pathways and support kinds with fewer services")
    check.set_defaults(func=_catalogue_check)
    export = catalogue.add_parser("export", help="write the services to a CSV spreadsheet")
    export.add_argument("file")
    export.set_defaults(func=_catalogue_export)
    load = catalogue.add_parser("import", help="load a CSV spreadsheet: every row or none")
    load.add_argument("file")
    load.set_defaults(func=_catalogue_import)

    from bot.domain.languages import LANGUAGES
    from bot.domain.taxonomy import READINESS_OPTIONS

    insights = commands.add_parser(
        "insights", help="the needs assessment from the conversations: readiness, challenges, "
                         "support wanted, who was reached, blind spots and support gaps")
    insights.add_argument("--since", type=_day, help="first day (YYYY-MM-DD)")
    insights.add_argument("--until", type=_day, help="last day (YYYY-MM-DD)")
    insights.add_argument("--country", help="ISO country code, e.g. TR")
    insights.add_argument("--readiness", choices=sorted(READINESS_OPTIONS))
    insights.add_argument("--language", choices=sorted(LANGUAGES))
    insights.add_argument("--format", choices=("md", "csv", "conversations"), default="md",
                          help="md: the tables; csv: one row per cell; conversations: one CSV "
                               "row per conversation")
    insights.add_argument("--exact", action="store_true",
                          help="show cells of fewer than 3 cities as they are (for the "
                               "Helpdesk's own eyes, not for sharing)")
    insights.set_defaults(func=_insights)
    intake = commands.add_parser("intake", help="the answers cities gave").add_subparsers(
        dest="intake_command", required=True)
    exclude = intake.add_parser("exclude", help="leave a test conversation out of the insights")
    exclude.add_argument("conversation_id")
    exclude.add_argument("--include", action="store_true", help="count it again")
    exclude.set_defaults(func=_intake_exclude)

    helpdesk = commands.add_parser("helpdesk", help="Helpdesk staff").add_subparsers(
        dest="helpdesk_command", required=True)
    add = helpdesk.add_parser("add-user", help="create a console account (or set a password)")
    add.add_argument("username")
    add.add_argument("--password-stdin", action="store_true",
                     help="read the password from standard input (for scripts)")
    add.set_defaults(func=_helpdesk_add_user)
    commands.add_parser("console", help="start the Helpdesk console (HELPDESK_PORT)"
                        ).set_defaults(func=_console)
    commands.add_parser("web", help="serve the portal page with the chat widget (WEB_PORT)"
                        ).set_defaults(func=_web)

    calls = commands.add_parser("calls", help="funding calls").add_subparsers(
        dest="calls_command", required=True)
    calls.add_parser("sync", help="update calls from the EU Funding & Tenders Portal"
                     ).set_defaults(func=_calls_sync)

    nlp = commands.add_parser("nlp", help="the spaCy pipeline").add_subparsers(
        dest="nlp_command", required=True)
    build = nlp.add_parser("build", help="build the pipeline (lemmas and place gazetteer)")
    build.add_argument("--output",
                       help="target folder (default: var/spacy/broker_en, read by config.yml)")
    build.set_defaults(func=_nlp_build)

    classify = commands.add_parser(
        "classify", help="rank the six pathways for a text (or each line of standard input)")
    classify.add_argument("text", nargs="?")
    classify.set_defaults(func=_classify)

    commands.add_parser("actions", help="start the action server alone (ACTION_HOST, "
                        "ACTION_PORT; requests must carry ACTION_SERVER_TOKEN)"
                        ).set_defaults(func=_actions)
    commands.add_parser("rasa", help="start one Rasa server alone (RASA_PORT; the stores, "
                        "action endpoint and tokens from the environment)"
                        ).set_defaults(func=_rasa)
    commands.add_parser("run", help="start every server (BROKER_PROFILE: development or production)"
                        ).set_defaults(func=_run)
    chat = commands.add_parser("chat", help="chat with the running bot in the terminal")
    chat.add_argument("--url", help="REST channel URL")
    chat.add_argument("--sender", help="conversation id (default: a new one)")
    chat.set_defaults(func=_chat)
    return parser


def main(argv: list[str] | None = None) -> int:
    from bot.config.settings import SettingsError

    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except SettingsError as error:
        print(f"broker: {error}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
