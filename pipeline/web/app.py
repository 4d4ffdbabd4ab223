"""The ASGI application of ``asnwatch serve``: routes, static files, security headers.

``create_app(store, secret=...)`` returns a Starlette application; ``uvicorn`` serves it (see
``pipeline.cli.serve``), and tests drive it with httpx or a real browser.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from importlib import resources
from typing import Any

from starlette.applications import Starlette
from starlette.datastructures import MutableHeaders
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Mount
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from pipeline.review.workflow import DEFAULT_LEASE_MINUTES
from pipeline.store import Store
from pipeline.web import admin, api, login, pages
from pipeline.web.context import Denied, WebConfig, error_page, json_error, viewer_of
from pipeline.web.security import HEADERS, LoginLimiter, SessionCodec

DEFAULT_SESSION_MINUTES = 480.0  # one working day


class SecurityHeaders:
    """Adds :data:`pipeline.web.security.HEADERS` to every response, and ``Cache-Control: no-store`` to
    everything but the static files (item pages hold personal data; no browser or proxy should keep them)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        static = str(scope.get("path", "")).startswith("/static/")

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in HEADERS.items():
                    headers.setdefault(name, value)
                if not static:
                    headers["Cache-Control"] = "no-store"
            await send(message)

        await self.app(scope, receive, send_with_headers)


async def _denied(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, Denied)
    return exc.response


async def _http_error(request: Request, exc: Exception) -> Response:
    status = exc.status_code if isinstance(exc, HTTPException) else 500
    if request.url.path.startswith("/api/"):
        return json_error(status, "not found" if status == 404 else "request refused")
    viewer = await viewer_of(request)
    return error_page(request, viewer, status, "404" if status == 404 else str(status))


def create_app(
    store: Store,
    *,
    secret: str,
    session_minutes: float = DEFAULT_SESSION_MINUTES,
    secure_cookies: bool = False,
    lease_minutes: float = DEFAULT_LEASE_MINUTES,
    limiter: LoginLimiter | None = None,
    clock: Callable[[], float] = time.time,
) -> Starlette:
    """The web application over ``store``.

    ``secret``: the key that signs session cookies (16+ characters; a new one logs everybody out).
    ``session_minutes``: how long a login lasts. ``secure_cookies``: set behind TLS. ``lease_minutes``: the
    claim lease of "next item". ``clock``: epoch seconds, for tests of session expiry.
    """
    static = resources.files("pipeline.web").joinpath("static")
    routes: list[Any] = [
        *login.ROUTES,
        *pages.ROUTES,
        *admin.ROUTES,
        *api.ROUTES,
        Mount("/static", app=StaticFiles(directory=str(static)), name="static"),
    ]
    app = Starlette(
        routes=routes,
        middleware=[Middleware(SecurityHeaders)],
        exception_handlers={Denied: _denied, HTTPException: _http_error},
    )
    app.state.web = WebConfig(
        store=store,
        codec=SessionCodec(secret, max_age_s=session_minutes * 60, clock=clock),
        limiter=limiter or LoginLimiter(),
        secure_cookies=secure_cookies,
        lease_minutes=lease_minutes,
    )
    return app
