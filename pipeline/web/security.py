"""Sessions, CSRF tokens, origin checks, login rate limits and the security headers of the web application.

A session is a signed cookie (itsdangerous, HMAC-SHA1 over a JSON payload ``{"u": user, "sid": random,
"iat": issued, epoch seconds}``); the server keeps no session table. A session is void when it is older than
``max_age_s``, when its user is disabled, or when the user's password changed after it was issued
(:func:`session_valid`). A form's CSRF token is an HMAC of the session id, so it dies with the session.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import threading
import time
from collections import deque
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime, timezone
from urllib.parse import urlsplit

from itsdangerous import BadSignature, URLSafeSerializer

from pipeline.review.users import User

SESSION_COOKIE = "asnwatch_session"
LANG_COOKIE = "asnwatch_lang"

# No inline script or style anywhere: every script and stylesheet is a file under /static.
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; "
    "base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
)
HEADERS: dict[str, str] = {
    "Content-Security-Policy": CSP,
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    # same-origin, not no-referrer: under no-referrer browsers send "Origin: null" on form posts
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
}


@dataclass(frozen=True)
class SessionData:
    user: str
    sid: str
    issued_at: float  # epoch seconds


class SessionCodec:
    """Issue and read session cookies; ``clock`` returns epoch seconds (tests pass a fake one)."""

    def __init__(self, secret: str, *, max_age_s: float, clock: Callable[[], float] = time.time) -> None:
        if len(secret) < 16:
            raise ValueError("the session secret needs at least 16 characters")
        self._serializer = URLSafeSerializer(secret, salt="asnwatch.session")
        self._csrf_key = hashlib.sha256(b"asnwatch.csrf:" + secret.encode()).digest()
        self.max_age_s = max_age_s
        self.clock = clock

    def issue(self, user: str) -> str:
        payload = {"u": user, "sid": secrets.token_urlsafe(16), "iat": self.clock()}
        return str(self._serializer.dumps(payload))

    def read(self, token: str | None) -> SessionData | None:
        """The session in ``token``; ``None`` when missing, forged, malformed or expired."""
        if not token:
            return None
        try:
            payload = self._serializer.loads(token)
        except BadSignature:
            return None
        if not isinstance(payload, dict):
            return None
        user, sid, issued = payload.get("u"), payload.get("sid"), payload.get("iat")
        if not isinstance(user, str) or not isinstance(sid, str) or not isinstance(issued, (int, float)):
            return None
        age = self.clock() - float(issued)
        if age < 0 or age > self.max_age_s:
            return None
        return SessionData(user=user, sid=sid, issued_at=float(issued))

    def csrf_token(self, session: SessionData) -> str:
        return hmac.new(self._csrf_key, session.sid.encode(), hashlib.sha256).hexdigest()


def csrf_matches(expected: str, given: object) -> bool:
    """Whether a form's ``csrf`` field is the session's token (constant-time)."""
    return isinstance(given, str) and hmac.compare_digest(expected, given)


def _epoch(moment: datetime) -> float:
    return (moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)).timestamp()


def session_valid(session: SessionData, user: User | None) -> bool:
    """Whether ``session`` still speaks for ``user``: the user exists, is enabled, has a password, and has not
    changed it since the session was issued."""
    if user is None or user.disabled:
        return False
    changed = user.password_changed_at
    if changed is None:
        return False  # a reviewer without a password (CLI only) has no web sessions
    return _epoch(changed) <= session.issued_at


def same_origin(headers: Mapping[str, str]) -> bool:
    """False when the browser says the request comes from another site (Sec-Fetch-Site, then Origin against
    Host). Requests without either header (scripts, curl) pass: they carry no ambient browser cookies."""
    site = headers.get("sec-fetch-site")
    if site is not None and site not in ("same-origin", "none"):
        return False
    origin = headers.get("origin")
    if origin is None:
        return True
    if origin == "null":
        return False
    return urlsplit(origin).netloc.lower() == headers.get("host", "").lower()


class LoginLimiter:
    """At most ``max_failures`` failed logins per client address and per user name in ``window_s`` seconds.

    Kept in memory (one server process); a successful login clears the user name's count, not the address's.
    """

    def __init__(
        self, *, max_failures: int = 5, window_s: float = 900.0, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.max_failures = max_failures
        self.window_s = window_s
        self._clock = clock
        self._failures: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def _recent(self, key: str, now: float) -> deque[float]:
        times = self._failures.setdefault(key, deque())
        while times and now - times[0] > self.window_s:
            times.popleft()
        return times

    def retry_after(self, client: str, user: str) -> int:
        """Seconds until the next attempt is allowed (0: allowed now)."""
        now = self._clock()
        with self._lock:
            waits = []
            for key in (f"addr:{client}", f"user:{user.lower()}"):
                times = self._recent(key, now)
                if len(times) >= self.max_failures:
                    waits.append(self.window_s - (now - times[0]))
        return max(1, int(max(waits)) + 1) if waits else 0

    def failed(self, client: str, user: str) -> None:
        now = self._clock()
        with self._lock:
            for key in (f"addr:{client}", f"user:{user.lower()}"):
                self._recent(key, now).append(now)

    def succeeded(self, user: str) -> None:
        with self._lock:
            self._failures.pop(f"user:{user.lower()}", None)
