"""``/login``, ``/logout`` and the language switch.

``POST /login`` takes the form fields ``username`` and ``password`` (CONTRACT). A browser is redirected
(303) to where it was going, with the session cookie; a client that asks for JSON (``Accept:
application/json``) gets ``{"user", "role"}``. A wrong password re-shows the form with 401 and sets no cookie;
too many failures from one address or for one name get 429 with ``Retry-After``.
"""

from __future__ import annotations

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.routing import Route

from pipeline.review.users import authenticate, log_out
from pipeline.web.context import (
    checked_form,
    config,
    error_page,
    json_error,
    lang_of,
    render,
    safe_next,
    viewer_of,
)
from pipeline.web.i18n import language, translate
from pipeline.web.security import LANG_COOKIE, SESSION_COOKIE, same_origin


def _wants_json(request: Request) -> bool:
    return "application/json" in request.headers.get("accept", "")


async def login_form(request: Request) -> Response:
    if await viewer_of(request) is not None:
        return RedirectResponse(safe_next(request.query_params.get("next")), status_code=303)
    return render(request, None, "login.html", next=safe_next(request.query_params.get("next")))


def _refuse(
    request: Request, status: int, message: str, *, headers: dict[str, str] | None = None
) -> Response:
    if _wants_json(request):
        response: Response = json_error(status, message)
        response.headers.update(headers or {})
        return response
    return render(
        request,
        None,
        "login.html",
        status=status,
        headers=headers,
        error=message,
        next=safe_next(request.query_params.get("next")),
    )


async def login(request: Request) -> Response:
    cfg = config(request)
    lang = lang_of(request)
    if not same_origin(request.headers):
        return error_page(request, None, 403, translate("csrf_failed", lang))
    form = await request.form()
    name = str(form.get("username") or "").strip()
    password = str(form.get("password") or "")
    client = request.client.host if request.client else "-"
    wait = cfg.limiter.retry_after(client, name)
    if wait:
        message = translate("login_limited", lang).format(seconds=wait)
        return _refuse(request, 429, message, headers={"Retry-After": str(wait)})
    user = await run_in_threadpool(authenticate, cfg.store, name, password, client=client)
    if user is None:
        cfg.limiter.failed(client, name)
        return _refuse(request, 401, translate("login_failed", lang))
    cfg.limiter.succeeded(name)
    target = safe_next(str(form.get("next") or ""))
    response: Response = (
        JSONResponse({"user": user.name, "role": user.role})
        if _wants_json(request)
        else RedirectResponse(target, status_code=303)
    )
    response.set_cookie(
        SESSION_COOKIE,
        cfg.codec.issue(user.name),
        max_age=int(cfg.codec.max_age_s),
        path="/",
        httponly=True,
        samesite="strict",
        secure=cfg.secure_cookies,
    )
    return response


async def logout(request: Request) -> Response:
    viewer = await viewer_of(request)
    if viewer is not None:
        await checked_form(request, viewer)
        await run_in_threadpool(log_out, config(request).store, viewer.name)
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/", httponly=True, samesite="strict")
    return response


async def switch_language(request: Request) -> Response:
    """``GET /lang/{code}?next=PATH``: remember the interface language in a cookie and go back."""
    lang = language(request.path_params["code"])
    response = RedirectResponse(safe_next(request.query_params.get("next")), status_code=303)
    response.set_cookie(LANG_COOKIE, lang, max_age=365 * 86400, path="/", samesite="strict", httponly=True)
    return response


ROUTES = [
    Route("/login", login_form, methods=["GET"]),
    Route("/login", login, methods=["POST"]),
    Route("/logout", logout, methods=["POST"]),
    Route("/lang/{code}", switch_language, methods=["GET"]),
]
