"""The JSON API beside the pages (CONTRACT ``asnwatch serve``), for scripts.

Authentication is the session cookie ``POST /login`` sets. Calls without a valid session get 401, a role that
may not act gets 403, a missing item 404, a refusal of the workflow (claimed by someone else, already decided)
409, a malformed body 400 or 415. Writes from a browser must come from this site (Origin / Sec-Fetch-Site);
the cookie is SameSite=Strict, and decisions must be ``application/json``, which no cross-site form can send.
Item objects are ``review ... --format json``'s, with NIPs masked in every free-text field.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import text
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from pipeline.review.decide import DecisionInput, decide
from pipeline.review.history import history
from pipeline.review.items import item_dict, list_items, load_item
from pipeline.review.queue import claim_next, release, skip
from pipeline.review.users import list_users
from pipeline.review.workflow import ReviewError, may_manage_users
from pipeline.web.context import Denied, Viewer, api_viewer, config, json_error, refusal_status
from pipeline.web.security import same_origin
from pipeline.web.views import QueueFilter, masked_events, masked_item

DECISION_FIELDS = frozenset({"decision", "labels", "targets", "violation_category", "category", "note"})


def _refused(exc: ReviewError) -> Response:
    return json_error(refusal_status(exc), str(exc))


async def _writer(request: Request) -> Viewer:
    viewer = await api_viewer(request)
    if not same_origin(request.headers):
        raise Denied(json_error(403, "cross-site request refused"))
    return viewer


def _item_id(request: Request) -> int:
    try:
        return int(request.path_params["item_id"])
    except ValueError:
        raise Denied(json_error(404, "no such item")) from None


async def healthz(request: Request) -> Response:
    """200 ``{"status": "ok"}`` when the database answers, else 503; no authentication."""

    def ping() -> None:
        with config(request).store.session() as session:
            session.execute(text("SELECT 1"))

    try:
        await run_in_threadpool(ping)
    except Exception:  # any database failure is "not healthy"; the reason goes to the server log
        return JSONResponse({"status": "unavailable"}, status_code=503)
    return JSONResponse({"status": "ok"})


async def me(request: Request) -> Response:
    viewer = await api_viewer(request)
    return JSONResponse({"user": viewer.name, "role": viewer.user.role})


async def items(request: Request) -> Response:
    """``GET /api/items?status=&label=&agency=&region=&platform=&election=&week=&limit=``: an array."""
    await api_viewer(request)
    try:
        filters = QueueFilter.from_query(request.query_params)
        limit = int(request.query_params.get("limit") or 500)
    except ReviewError as exc:
        return json_error(400, str(exc))
    except ValueError:
        return json_error(400, "limit: not a whole number")

    def load() -> list[dict[str, Any]]:
        with config(request).store.session() as session:
            return [masked_item(i) for i in list_items(session, limit=limit, **filters.list_options())]

    return JSONResponse(await run_in_threadpool(load))


async def take_next(request: Request) -> Response:
    """``POST /api/items/next``: the claimed item object, or ``null`` when nothing is left."""
    viewer = await _writer(request)
    cfg = config(request)
    try:
        item = await run_in_threadpool(
            lambda: claim_next(cfg.store, viewer.name, lease_minutes=cfg.lease_minutes)
        )
    except ReviewError as exc:
        return _refused(exc)
    return JSONResponse(masked_item(item) if item is not None else None)


async def one_item(request: Request) -> Response:
    await api_viewer(request)
    item_id = _item_id(request)

    def load() -> dict[str, Any]:
        with config(request).store.session() as session:
            return masked_item(item_dict(session, load_item(session, item_id), decisions=True))

    try:
        return JSONResponse(await run_in_threadpool(load))
    except ReviewError as exc:
        return _refused(exc)


def decision_input(body: object, reviewer: str) -> DecisionInput:
    """The decision a JSON body states; ReviewError naming the field that is wrong."""
    if not isinstance(body, dict):
        raise ReviewError("the body must be a JSON object")
    unknown = sorted(set(body) - DECISION_FIELDS)
    if unknown:
        raise ReviewError(f"unknown fields: {', '.join(unknown)}")
    labels, targets, note = body.get("labels"), body.get("targets"), body.get("note")
    category = body.get("violation_category", body.get("category"))
    if not isinstance(body.get("decision"), str):
        raise ReviewError("a string is needed", option="decision")
    if labels is not None and not (isinstance(labels, list) and all(isinstance(x, str) for x in labels)):
        raise ReviewError("an array of label codes is needed", option="labels")
    if targets is not None and not (
        isinstance(targets, list) and all(isinstance(x, int) and not isinstance(x, bool) for x in targets)
    ):
        raise ReviewError("an array of ballot numbers is needed", option="targets")
    for name, value in (("note", note), ("violation_category", category)):
        if value is not None and not isinstance(value, str):
            raise ReviewError("a string is needed", option=name)
    return DecisionInput(
        reviewer=reviewer,
        decision=body["decision"],
        labels=labels,
        targets=targets,
        violation_category=category,
        note=note,
    )


async def post_decision(request: Request) -> Response:
    """``POST /api/items/{id}/decision`` with ``{"decision", "labels"?, "targets"?, "violation_category"?,
    "note"?}``: the item after the decision (with its decisions)."""
    viewer = await _writer(request)
    item_id = _item_id(request)
    if request.headers.get("content-type", "").split(";")[0].strip() != "application/json":
        return json_error(415, "send the decision as application/json")
    try:
        body = await request.json()
    except ValueError:
        return json_error(400, "the body is not valid JSON")
    try:
        given = decision_input(body, viewer.name)
    except ReviewError as exc:
        return json_error(400, str(exc))
    try:
        item = await run_in_threadpool(decide, config(request).store, item_id, given)
    except ReviewError as exc:  # a value decide cannot use names its option: 400; a refusal names none
        return json_error(400, str(exc)) if exc.option else _refused(exc)
    return JSONResponse(masked_item(item))


async def item_history(request: Request) -> Response:
    await api_viewer(request)
    item_id = _item_id(request)
    try:
        events = await run_in_threadpool(history, config(request).store, item_id)
    except ReviewError as exc:
        return _refused(exc)
    return JSONResponse(masked_events(events))


async def skip_or_release(request: Request) -> Response:
    """``POST /api/items/{id}/skip`` and ``/release``: the item after the change."""
    viewer = await _writer(request)
    item_id = _item_id(request)
    action = skip if request.url.path.endswith("/skip") else release
    try:
        item = await run_in_threadpool(action, config(request).store, item_id, viewer.name)
    except ReviewError as exc:
        return _refused(exc)
    return JSONResponse(masked_item(item))


async def users(request: Request) -> Response:
    await api_viewer(request, allowed=may_manage_users)
    return JSONResponse(await run_in_threadpool(list_users, config(request).store))


ROUTES = [
    Route("/healthz", healthz, methods=["GET"]),
    Route("/api/me", me, methods=["GET"]),
    Route("/api/items", items, methods=["GET"]),
    Route("/api/items/next", take_next, methods=["POST"]),
    Route("/api/items/{item_id}", one_item, methods=["GET"]),
    Route("/api/items/{item_id}/decision", post_decision, methods=["POST"]),
    Route("/api/items/{item_id}/history", item_history, methods=["GET"]),
    Route("/api/items/{item_id}/skip", skip_or_release, methods=["POST"]),
    Route("/api/items/{item_id}/release", skip_or_release, methods=["POST"]),
    Route("/api/users", users, methods=["GET"]),
]
