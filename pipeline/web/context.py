"""What every request handler needs: the server's settings (:class:`WebConfig`, on ``app.state``), the viewer
(the logged-in user of a request), the checks that turn a request away, and page rendering.

A check that fails raises :class:`Denied` carrying the response to send (redirect to ``/login``, 401, 403); the
application turns it into that response. Pages and the API differ only in the response they deny with.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from functools import cache
from typing import Any
from urllib.parse import quote

from jinja2 import Environment, PackageLoader, select_autoescape
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse, Response

from pipeline.labels import ALL_LABELS
from pipeline.report.html_out import safe_url
from pipeline.review.users import User, get_user
from pipeline.review.workflow import (
    DEFAULT_LEASE_MINUTES,
    VIOLATION_CATEGORIES,
    MissingItem,
    ReviewError,
    RoleError,
    may_adjudicate,
    may_manage_users,
)
from pipeline.store import Store
from pipeline.timezone import WIB
from pipeline.web.i18n import LANGUAGES, language, translate
from pipeline.web.security import (
    LANG_COOKIE,
    SESSION_COOKIE,
    LoginLimiter,
    SessionCodec,
    csrf_matches,
    same_origin,
    session_valid,
)


@dataclass
class WebConfig:
    """The server's settings and shared state; one per application."""

    store: Store
    codec: SessionCodec
    limiter: LoginLimiter = field(default_factory=LoginLimiter)
    secure_cookies: bool = False  # True behind TLS: the browser then sends the cookie over HTTPS only
    lease_minutes: float = DEFAULT_LEASE_MINUTES


class Denied(Exception):
    """Stop handling the request and send ``response`` instead."""

    def __init__(self, response: Response) -> None:
        super().__init__(response.status_code)
        self.response = response


@dataclass(frozen=True)
class Viewer:
    """The logged-in user of a request, with the CSRF token of their session and their interface language."""

    user: User
    csrf: str
    lang: str

    @property
    def name(self) -> str:
        return self.user.name


def config(request: Request) -> WebConfig:
    cfg: WebConfig = request.app.state.web
    return cfg


def lang_of(request: Request) -> str:
    return language(request.query_params.get("lang") or request.cookies.get(LANG_COOKIE))


async def viewer_of(request: Request) -> Viewer | None:
    """The request's user when its session cookie is valid now (signature, age, user enabled, password not
    changed since), else ``None``."""
    cfg = config(request)
    session = cfg.codec.read(request.cookies.get(SESSION_COOKIE))
    if session is None:
        return None
    user = await run_in_threadpool(get_user, cfg.store, session.user)
    if user is None or not session_valid(session, user):
        return None
    return Viewer(user=user, csrf=cfg.codec.csrf_token(session), lang=lang_of(request))


def _login_redirect(request: Request) -> Response:
    target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    return RedirectResponse(f"/login?next={quote(target, safe='')}", status_code=303)


async def page_viewer(request: Request, *, allowed: Callable[[str], bool] | None = None) -> Viewer:
    """The viewer of a page; no session -> redirect to /login; a role ``allowed`` refuses -> 403 page."""
    viewer = await viewer_of(request)
    if viewer is None:
        raise Denied(_login_redirect(request))
    if allowed is not None and not allowed(viewer.user.role):
        raise Denied(error_page(request, viewer, 403, translate("forbidden", viewer.lang)))
    return viewer


async def api_viewer(request: Request, *, allowed: Callable[[str], bool] | None = None) -> Viewer:
    """The viewer of an API call; no session -> 401; a role ``allowed`` refuses -> 403 (JSON errors)."""
    viewer = await viewer_of(request)
    if viewer is None:
        raise Denied(json_error(401, "authentication required: POST /login first"))
    if allowed is not None and not allowed(viewer.user.role):
        raise Denied(json_error(403, f"the role {viewer.user.role!r} may not do this"))
    return viewer


async def checked_form(request: Request, viewer: Viewer) -> FormData:
    """The posted form, after the CSRF checks: same origin, and the session's token in the ``csrf`` field."""
    form = await request.form()
    if not same_origin(request.headers) or not csrf_matches(viewer.csrf, form.get("csrf")):
        raise Denied(error_page(request, viewer, 403, translate("csrf_failed", viewer.lang)))
    return form


def refusal_status(exc: ReviewError) -> int:
    """The HTTP status of a workflow refusal: 404 no such item, 403 a role that may not, 409 anything else
    (claimed by someone else, already decided, ...)."""
    return 404 if isinstance(exc, MissingItem) else 403 if isinstance(exc, RoleError) else 409


def json_error(status: int, message: str, **extra: Any) -> JSONResponse:
    return JSONResponse({"error": message, **extra}, status_code=status)


def safe_next(value: str | None) -> str:
    """A local path to go to after login; anything else (other hosts, ``//host``, backslashes) -> /queue."""
    if not value or not value.startswith("/") or value.startswith("//") or "\\" in value:
        return "/queue"
    return value


# -- rendering ------------------------------------------------------------------------------------------


def wib(value: str | datetime | None) -> str:
    """An ISO time (or datetime) as ``2024-11-20 10:15 WIB``; empty for none."""
    if not value:
        return ""
    moment = datetime.fromisoformat(value) if isinstance(value, str) else value
    if moment.tzinfo is None:
        return moment.strftime("%Y-%m-%d %H:%M UTC")
    return moment.astimezone(WIB).strftime("%Y-%m-%d %H:%M WIB")


@cache
def environment() -> Environment:
    env = Environment(
        loader=PackageLoader("pipeline.web", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["wib"] = wib
    env.filters["safe_url"] = safe_url
    env.globals.update(
        ALL_LABELS=ALL_LABELS,
        CATEGORIES=VIOLATION_CATEGORIES,
        LANGUAGES=LANGUAGES,
        may_adjudicate=may_adjudicate,
        may_manage_users=may_manage_users,
    )
    return env


def render(
    request: Request,
    viewer: Viewer | None,
    template: str,
    *,
    status: int = 200,
    headers: Mapping[str, str] | None = None,
    **context: Any,
) -> HTMLResponse:
    """``template`` rendered with ``t`` (translation), ``viewer``, ``lang`` and the message ``msg`` (a
    translation key from the query string: only known keys are shown)."""
    lang = viewer.lang if viewer else lang_of(request)

    def t(key: str, **values: Any) -> str:
        text = translate(key, lang)
        return text.format(**values) if values else text

    msg = request.query_params.get("msg")
    html = (
        environment()
        .get_template(template)
        .render(
            t=t,
            viewer=viewer,
            lang=lang,
            other_lang="en" if lang == "id" else "id",
            path=request.url.path,
            message=t(msg) if msg in _FLASH else None,
            **context,
        )
    )
    return HTMLResponse(html, status_code=status, headers=dict(headers or {}))


_FLASH = frozenset({"decided", "skipped", "released", "nothing_left", "user_saved"})


def error_page(request: Request, viewer: Viewer | None, status: int, message: str) -> HTMLResponse:
    return render(request, viewer, "error.html", status=status, status_code=status, error=message)
