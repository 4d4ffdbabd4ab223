"""Pages beyond one item: adjudication (adjudicators and admins), the agreement and throughput dashboards,
the weekly report's download, and user management (admins).

Roles come from ``review.workflow`` (``may_adjudicate``, ``may_manage_users``); the numbers from
``review.agreement`` and ``review.stats``; the report from ``report.weekly`` and its renderers, exactly as
``asnwatch report weekly`` writes it.
"""

from __future__ import annotations

from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from pipeline.errors import InputError
from pipeline.report.charts import hbar_chart
from pipeline.report.csv_out import render_csv
from pipeline.report.html_out import render_html
from pipeline.report.output import file_names
from pipeline.report.week import parse_week
from pipeline.report.weekly import build_weekly_report
from pipeline.report.xlsx_out import render_xlsx
from pipeline.review.agreement import agreement
from pipeline.review.items import item_dict, list_items, load_item
from pipeline.review.stats import stats
from pipeline.review.users import add_user, list_users, set_disabled
from pipeline.review.workflow import ROLES, ReviewError, may_adjudicate, may_manage_users
from pipeline.web.context import checked_form, config, error_page, page_viewer, render
from pipeline.web.i18n import translate
from pipeline.web.views import masked_item

REPORT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "html": "text/html; charset=utf-8",
}
RENDERERS = {"csv": render_csv, "xlsx": render_xlsx, "html": render_html}


async def adjudication_page(request: Request) -> Response:
    """Escalated items (a reviewer escalated, or the reviewers disagreed) with every decision side by side."""
    viewer = await page_viewer(request, allowed=may_adjudicate)

    def load() -> list[dict[str, Any]]:
        with config(request).store.session() as session:
            ids = [i["id"] for i in list_items(session, status="escalated", limit=200)]
            return [masked_item(item_dict(session, load_item(session, i), decisions=True)) for i in ids]

    items = await run_in_threadpool(load)
    return render(request, viewer, "adjudicate.html", items=items)


async def dashboard_page(request: Request) -> Response:
    viewer = await page_viewer(request)
    store = config(request).store
    numbers = await run_in_threadpool(stats, store)
    kappas = await run_in_threadpool(agreement, store)

    def t(key: str) -> str:
        return translate(key, viewer.lang)

    charts = {
        "status": hbar_chart(list(numbers["status"].items()), title=t("by_status")),
        "reviewers": hbar_chart(
            [(r["reviewer"], r["decisions"]) for r in numbers["reviewers"]], title=t("by_reviewer")
        ),
        "seconds": hbar_chart(
            [(r["reviewer"], int(r["median_seconds"] or 0)) for r in numbers["reviewers"]],
            title=t("median_seconds"),
        ),
    }
    return render(request, viewer, "dashboard.html", stats=numbers, agreement=kappas, charts=charts)


async def report_page(request: Request) -> Response:
    """The form; with ``week`` given, the report file itself (``format`` csv, xlsx or html) as a download."""
    viewer = await page_viewer(request)
    query = request.query_params
    week_text = (query.get("week") or "").strip()
    if not week_text:
        return render(request, viewer, "report.html")
    fmt = query.get("format") or "xlsx"
    status = query.get("status") or "confirmed"
    if fmt not in RENDERERS:
        return error_page(request, viewer, 400, f"format: {fmt!r} is not one of csv, xlsx, html")
    try:
        week = parse_week(week_text)
    except InputError as exc:
        return error_page(request, viewer, 400, str(exc))
    election = (query.get("election") or "").strip() or None

    def build() -> tuple[bytes, str]:
        report = build_weekly_report(config(request).store, week=week, status=status, election_id=election)
        return RENDERERS[fmt](report), file_names(report)[fmt]

    try:
        data, name = await run_in_threadpool(build)
    except ValueError as exc:
        return error_page(request, viewer, 400, str(exc))
    return Response(
        data,
        media_type=REPORT_TYPES[fmt],
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


async def users_page(request: Request) -> Response:
    viewer = await page_viewer(request, allowed=may_manage_users)
    users = await run_in_threadpool(list_users, config(request).store)
    return render(request, viewer, "users.html", users=users, roles=ROLES)


async def add_user_form(request: Request) -> Response:
    viewer = await page_viewer(request, allowed=may_manage_users)
    form = await checked_form(request, viewer)
    store = config(request).store
    try:
        await run_in_threadpool(
            lambda: add_user(
                store,
                str(form.get("name") or ""),
                role=str(form.get("role") or ""),
                password=str(form.get("password") or ""),
                actor=viewer.name,
            )
        )
    except ReviewError as exc:
        return error_page(request, viewer, 400, str(exc))
    return RedirectResponse("/users?msg=user_saved", status_code=303)


async def disable_user_form(request: Request) -> Response:
    viewer = await page_viewer(request, allowed=may_manage_users)
    form = await checked_form(request, viewer)
    name = request.path_params["name"]
    enable = form.get("enable") == "1"
    try:
        await run_in_threadpool(
            lambda: set_disabled(config(request).store, name, disabled=not enable, actor=viewer.name)
        )
    except ReviewError as exc:
        return error_page(request, viewer, 400, str(exc))
    return RedirectResponse("/users?msg=user_saved", status_code=303)


ROUTES = [
    Route("/adjudicate", adjudication_page, methods=["GET"]),
    Route("/dashboard", dashboard_page, methods=["GET"]),
    Route("/report", report_page, methods=["GET"]),
    Route("/users", users_page, methods=["GET"]),
    Route("/users", add_user_form, methods=["POST"]),
    Route("/users/{name:path}/disable", disable_user_form, methods=["POST"]),
]
