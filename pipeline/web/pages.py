"""The reviewer's pages: the queue, "next item", the item with its decision form, skip/release, history.

Every page reads through ``pipeline.review`` (the CLI's code: no second copy of a workflow rule) and shows
only masked items (:func:`pipeline.web.views.masked_item`). Forms post with the session's CSRF token.
"""

from __future__ import annotations

from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from pipeline.review.decide import DecisionInput, decide
from pipeline.review.history import history
from pipeline.review.items import item_dict, list_items, load_item
from pipeline.review.queue import claim_next, release, skip
from pipeline.review.workflow import ReviewError, may_adjudicate
from pipeline.web.context import (
    Denied,
    Viewer,
    checked_form,
    config,
    error_page,
    page_viewer,
    refusal_status,
    render,
)
from pipeline.web.views import QueueFilter, highlight, masked_events, masked_item

QUEUE_LIMIT = 200


def refused(request: Request, viewer: Viewer, exc: ReviewError) -> Denied:
    """The page answer to a workflow refusal (:func:`refusal_status`); the message is shown escaped."""
    return Denied(error_page(request, viewer, refusal_status(exc), str(exc)))


def item_id_of(request: Request) -> int:
    try:
        return int(request.path_params["item_id"])
    except ValueError:
        raise Denied(Response("not found", status_code=404)) from None


async def queue_page(request: Request) -> Response:
    viewer = await page_viewer(request)
    try:
        filters = QueueFilter.from_query(request.query_params)
    except ReviewError as exc:
        return error_page(request, viewer, 400, str(exc))

    def load() -> list[dict[str, Any]]:
        with config(request).store.session() as session:
            found = list_items(session, limit=QUEUE_LIMIT, **filters.list_options())
        return [masked_item(item) for item in found]

    items = await run_in_threadpool(load)
    return render(request, viewer, "queue.html", items=items, filters=filters.query_values())


async def take_next(request: Request) -> Response:
    """``POST /next``: claim the next item this user may take (adjudicators: escalated first)."""
    viewer = await page_viewer(request)
    await checked_form(request, viewer)
    return await take_next_after(request, viewer, msg="")


def _load_item(request: Request, item_id: int) -> dict[str, Any]:
    with config(request).store.session() as session:
        return masked_item(item_dict(session, load_item(session, item_id), decisions=True))


def _can_decide(item: dict[str, Any], viewer: Viewer) -> bool:
    """Whether to show the decision form (``decide`` has the last word and refuses what it must)."""
    if item["status"] in ("confirmed", "rejected"):
        return False
    if item["status"] == "escalated":
        return may_adjudicate(viewer.user.role)
    return not any(d["reviewer"] == viewer.name and not d["is_adjudication"] for d in item["decisions"])


def _may_see_decisions(item: dict[str, Any], viewer: Viewer) -> bool:
    """Reviewers decide blind: others' decisions show once the item is settled or escalated to an
    adjudicator, or after the viewer's own decision; adjudicators always see them."""
    if may_adjudicate(viewer.user.role) or item["status"] in ("confirmed", "rejected"):
        return True
    return any(d["reviewer"] == viewer.name for d in item["decisions"])


async def item_page(request: Request) -> Response:
    viewer = await page_viewer(request)
    item_id = item_id_of(request)
    try:
        item = await run_in_threadpool(_load_item, request, item_id)
    except ReviewError as exc:
        raise refused(request, viewer, exc) from None
    post = item.get("post") or {}
    segments = highlight(post.get("text") or "", item.get("evidence") or [])
    return render(
        request,
        viewer,
        "item.html",
        item=item,
        post=post,
        account=item.get("account") or {},
        segments=segments,
        can_decide=_can_decide(item, viewer),
        show_decisions=_may_see_decisions(item, viewer),
        mine=item["claimed_by"] == viewer.name,
        lease_minutes=config(request).lease_minutes,
    )


def _targets(text: str) -> list[int] | None:
    text = text.strip()
    if not text:
        return None
    try:
        return [int(part) for part in text.replace(";", ",").split(",") if part.strip()]
    except ValueError:
        raise ReviewError(f"{text!r} is not a list of ballot numbers such as 1,2", option="targets") from None


async def decision_form(request: Request) -> Response:
    """``POST /items/{id}/decision``: the form's decision, labels (none ticked = as suggested), targets,
    category and note, recorded by ``review.decide`` under the logged-in user."""
    viewer = await page_viewer(request)
    item_id = item_id_of(request)
    form = await checked_form(request, viewer)
    labels = [str(v) for v in form.getlist("labels")]
    try:
        given = DecisionInput(
            reviewer=viewer.name,
            decision=str(form.get("decision") or ""),
            labels=labels or None,
            targets=_targets(str(form.get("targets") or "")),
            violation_category=str(form.get("category") or "") or None,
            note=str(form.get("note") or "").strip() or None,
        )
        await run_in_threadpool(decide, config(request).store, item_id, given)
    except ReviewError as exc:
        raise refused(request, viewer, exc) from None
    if form.get("then") == "next":
        return await take_next_after(request, viewer)
    return RedirectResponse(f"/items/{item_id}?msg=decided", status_code=303)


async def take_next_after(request: Request, viewer: Viewer, *, msg: str = "decided") -> Response:
    """Claim the next item after a decision or a skip; the queue when nothing is left."""
    cfg = config(request)
    item = await run_in_threadpool(
        lambda: claim_next(cfg.store, viewer.name, lease_minutes=cfg.lease_minutes)
    )
    if item is None:
        return RedirectResponse("/queue?msg=nothing_left", status_code=303)
    query = f"?msg={msg}" if msg else ""
    return RedirectResponse(f"/items/{item['id']}{query}", status_code=303)


async def skip_item(request: Request) -> Response:
    viewer = await page_viewer(request)
    item_id = item_id_of(request)
    await checked_form(request, viewer)
    try:
        await run_in_threadpool(skip, config(request).store, item_id, viewer.name)
    except ReviewError as exc:
        raise refused(request, viewer, exc) from None
    return await take_next_after(request, viewer, msg="skipped")


async def release_item(request: Request) -> Response:
    viewer = await page_viewer(request)
    item_id = item_id_of(request)
    await checked_form(request, viewer)
    try:
        await run_in_threadpool(release, config(request).store, item_id, viewer.name)
    except ReviewError as exc:
        raise refused(request, viewer, exc) from None
    return RedirectResponse(f"/items/{item_id}?msg=released", status_code=303)


async def history_page(request: Request) -> Response:
    viewer = await page_viewer(request)
    item_id = item_id_of(request)
    try:
        events = await run_in_threadpool(history, config(request).store, item_id)
    except ReviewError as exc:
        raise refused(request, viewer, exc) from None
    return render(request, viewer, "history.html", item_id=item_id, events=masked_events(events))


async def home(request: Request) -> Response:
    return RedirectResponse("/queue", status_code=303)


ROUTES = [
    Route("/", home, methods=["GET"]),
    Route("/queue", queue_page, methods=["GET"]),
    Route("/next", take_next, methods=["POST"]),
    Route("/items/{item_id}", item_page, methods=["GET"]),
    Route("/items/{item_id}/decision", decision_form, methods=["POST"]),
    Route("/items/{item_id}/skip", skip_item, methods=["POST"]),
    Route("/items/{item_id}/release", release_item, methods=["POST"]),
    Route("/items/{item_id}/history", history_page, methods=["GET"]),
]
