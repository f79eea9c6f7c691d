"""The console's Insights page: the needs figures with charts, and their downloads."""

from __future__ import annotations

from datetime import date
from urllib.parse import urlencode

from aiohttp import web

from bot.apps.console.auth import SESSION_COOKIE, check_csrf
from bot.apps.console.context import console_of, off_loop
from bot.apps.console.views import render
from bot.domain.charts import bar_chart, heat_table
from bot.domain.drawing import Drawing, as_png, as_svg
from bot.domain.insights import Share
from bot.domain.languages import LANGUAGES, language_name
from bot.domain.moments import parse_day
from bot.domain.taxonomy import READINESS_OPTIONS
from bot.services.insights import (
    Insights,
    Table,
    as_csv,
    cell_text,
    conversations_csv,
    exclude_conversation,
    map_of_reach,
    needs_insights,
    period_text,
)
from bot.storage.insights import Filters

# Tables drawn as bars (label, share) and as heat tables (label, share, share, …); and the map.
BAR_TABLES = ("readiness", "support", "size", "mission", "languages", "countries")
HEAT_TABLES = ("readiness_by_pathway", "pathway_by_support")
MAP = "map"


def _day(request: web.Request, name: str) -> date | None:
    text = request.query.get(name, "").strip()
    if not text:
        return None
    try:
        return parse_day(text)
    except ValueError as error:
        raise web.HTTPBadRequest(text=f"{name}: {error}") from error


def filters_of(request: web.Request) -> Filters:
    """The period and filters from the page's form; anything unknown is refused, not ignored."""
    query = request.query
    readiness = query.get("readiness", "").strip() or None
    language = query.get("language", "").strip() or None
    country = query.get("country", "").strip().upper() or None
    if readiness and readiness not in READINESS_OPTIONS:
        raise web.HTTPBadRequest(text="readiness: not one of the question's options")
    if language and language not in LANGUAGES:
        raise web.HTTPBadRequest(text="language: not one of the bot's languages")
    if country and not (len(country) == 2 and country.isalpha()):
        raise web.HTTPBadRequest(text="country: a two-letter ISO code, e.g. TR")
    return Filters(since=_day(request, "since"), until=_day(request, "until"), country=country,
                   readiness=readiness, language=language)


async def _insights(request: web.Request) -> Insights:
    filters = filters_of(request)
    today = console_of(request).settings.today()
    return await off_loop(needs_insights, filters, today)


def _bars(table: Table) -> list[tuple[str, Share]]:
    return [(str(row[0]), row[1]) for row in table.rows if isinstance(row[1], Share)]


async def exclude_post(request: web.Request) -> web.Response:
    """Leave a conversation out of the figures, or count it again, from the Insights page."""
    console = console_of(request)
    form = await request.post()
    if not check_csrf(console.secret, request.cookies.get(SESSION_COOKIE), form.get("csrf")):
        raise web.HTTPForbidden(text="The form expired; reload the page.")
    conversation = str(form.get("conversation_id", "")).strip()[:255]
    include = form.get("include") == "1"
    found = bool(conversation) and await off_loop(exclude_conversation, conversation, not include)
    if not found:
        notice = f"nothing is stored for conversation {conversation!r}"
    else:
        notice = f"conversation {conversation!r} is " + (
            "counted again" if include else "left out of the figures")
    raise web.HTTPSeeOther("/insights?" + urlencode({"notice": notice}))


async def insights_page(request: web.Request) -> web.Response:
    insights = await _insights(request)
    charts = {key: as_svg(figure(insights, key)) for key in (*BAR_TABLES, *HEAT_TABLES)
              if insights.table(key).rows}
    return render("insights.html", request, insights=insights, charts=charts,
                  reach_map=as_svg(figure(insights, MAP)), is_share=_is_share,
                  query=request.query_string, filters=insights.filters,
                  readiness_options=READINESS_OPTIONS, notice=request.query.get("notice"),
                  languages={code: language_name(code) for code in LANGUAGES})


def figure(insights: Insights, key: str, protect: bool = False) -> Drawing:
    """The drawing of a table (bars or heat table) or of the map; protected for downloads."""
    if key == MAP:
        return map_of_reach(insights, protect)
    table = insights.table(key)
    if key in HEAT_TABLES:
        return heat_table(table.title, table.header, table.rows, protect)
    return bar_chart(table.title, _bars(table), protect)


def _is_share(cell) -> bool:
    return isinstance(cell, Share)


async def snapshot_page(request: web.Request) -> web.Response:
    """The figures laid out as a report section, for printing or sharing (small cells hidden)."""
    insights = await _insights(request)
    return render("snapshot.html", request, insights=insights, show=cell_text,
                  period=period_text(insights.filters), query=request.query_string)


def _download(body: str, name: str, content_type: str) -> web.Response:
    return web.Response(text=body, content_type=content_type, headers={
        "Content-Disposition": f'attachment; filename="{name}"'})


async def insights_csv(request: web.Request) -> web.Response:
    """Every table, one row per cell; cells of fewer than 3 cities as "< 3"."""
    return _download(as_csv(await _insights(request)), "needs-insights.csv", "text/csv")


async def conversations_export(request: web.Request) -> web.Response:
    body = await off_loop(conversations_csv, filters_of(request))
    return _download(body, "conversations.csv", "text/csv")


async def chart_svg(request: web.Request) -> web.Response:
    key = _figure_key(request)
    drawing = figure(await _insights(request), key, protect=True)
    return _download(as_svg(drawing), f"{key}.svg", "image/svg+xml")


async def chart_png(request: web.Request) -> web.Response:
    key = _figure_key(request)
    body = await off_loop(as_png, figure(await _insights(request), key, protect=True))
    return web.Response(body=body, content_type="image/png", headers={
        "Content-Disposition": f'attachment; filename="{key}.png"'})


def _figure_key(request: web.Request) -> str:
    key = request.match_info["key"]
    if key not in (*BAR_TABLES, *HEAT_TABLES, MAP):
        raise web.HTTPNotFound(text=f"no chart {key[:40]!r}")
    return key
