"""``asnwatch serve``: the reviewers' web application on uvicorn.

Binds to 127.0.0.1 by default. Any other address is reachable by other machines: the command then warns to
put the server behind TLS (a reverse proxy) and to pass ``--secure-cookies`` there. Session cookies are signed
with the key in ``$ASNWATCH_SECRET`` (16+ characters; set it so that logins survive a restart), else with a
random key made at start.
"""

from __future__ import annotations

import os
import secrets
from typing import Annotated

import typer

from pipeline.cli._common import DEFAULT_DB, DbOption, err_console, handle_errors
from pipeline.errors import OptionError

SECRET_ENV = "ASNWATCH_SECRET"
LOOPBACK = ("127.0.0.1", "localhost", "::1")


def _secret() -> str:
    value = os.environ.get(SECRET_ENV)
    if value is None:
        return secrets.token_urlsafe(32)
    if len(value) < 16:
        raise OptionError(f"${SECRET_ENV} must hold at least 16 characters", option="secret")
    return value


@handle_errors
def serve(
    db: DbOption = DEFAULT_DB,
    host: Annotated[str, typer.Option("--host", help="Address to bind (default: this machine only).")] = (
        "127.0.0.1"
    ),
    port: Annotated[int, typer.Option("--port", help="TCP port.")] = 8000,
    session_minutes: Annotated[
        float, typer.Option("--session-minutes", help="How long a login lasts.")
    ] = 480.0,
    lease: Annotated[float, typer.Option("--lease", help="Claim lease of 'next item', in minutes.")] = 15.0,
    secure_cookies: Annotated[
        bool, typer.Option("--secure-cookies", help="Send the session cookie over HTTPS only (behind TLS).")
    ] = False,
) -> None:
    """Serve the reviewers' web application: queue, items, decisions, adjudication, dashboards, report."""
    if not 0 < port < 65536:
        raise OptionError("must be 1 to 65535", option="port")
    if session_minutes <= 0 or lease <= 0:
        raise OptionError("must be positive", option="session_minutes" if session_minutes <= 0 else "lease")
    import uvicorn

    from pipeline.store import open_store
    from pipeline.web import create_app

    store = open_store(db)
    app = create_app(
        store,
        secret=_secret(),
        session_minutes=session_minutes,
        secure_cookies=secure_cookies,
        lease_minutes=lease,
    )
    if host not in LOOPBACK:
        err_console().print(
            f"[bold yellow]warning:[/] --host {host} makes the review queue reachable from other machines; "
            "put it behind TLS (a reverse proxy with HTTPS) and pass --secure-cookies",
            highlight=False,
        )
    err_console().print(f"asnwatch serve: http://{host}:{port}/ on {store.url}", highlight=False)
    uvicorn.run(app, host=host, port=port, log_level="info", server_header=False, proxy_headers=False)
