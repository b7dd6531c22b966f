"""Who is logged in to `serve --review`, and the checks on every write.

- A session is a random id kept in this server's memory, sent to the browser in a cookie
  signed with itsdangerous (HttpOnly, SameSite=Strict, Path=/, an 8-hour Max-Age). Logging
  out forgets the id: the cookie, replayed, opens nothing. A restart forgets every session.
- A session holds a stamp of the user's stored password hash and role (`stamp`): when
  either changes (`users add NAME` again), the next request finds the stamp stale and ends
  the session, so a changed password logs out whoever held the old one.
- Each session has its own CSRF token, in a hidden field of every form; a write whose form
  token is not the session's is refused (compared in constant time). The login form has
  one of its own, bound to a short-lived cookie, so a page elsewhere cannot log a visitor
  in as someone else either.
- Logins are rate-limited: after MAX_FAILURES failed attempts for a name, or from an
  address, within WINDOW seconds, the next are refused (429) until the window passes.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import threading
import time
from collections import defaultdict, deque
from dataclasses import dataclass

from itsdangerous import BadSignature, URLSafeTimedSerializer

COOKIE = "claimledger_session"
LOGIN_COOKIE = "claimledger_login"
MAX_AGE = 8 * 3600
LOGIN_MAX_AGE = 15 * 60
MAX_FAILURES = 5
WINDOW = 300.0


@dataclass(frozen=True)
class Session:
    sid: str
    user: str
    role: str
    csrf: str
    stamp: str = ""

    @property
    def may_write(self) -> bool:
        return self.role == "reviewer"


class Sessions:
    def __init__(self, secret: bytes | None = None) -> None:
        self._signer = URLSafeTimedSerializer(secret or secrets.token_bytes(32),
                                              salt="claimledger-session")
        self._login = URLSafeTimedSerializer(secret or secrets.token_bytes(32),
                                             salt="claimledger-login")
        self._live: dict[str, Session] = {}
        self._lock = threading.Lock()

    def start(self, user: str, role: str, stamp: str = "") -> tuple[Session, str]:
        """A new session for `user` (`stamp`: stamp() of their stored row): (session, the
        cookie's value)."""
        s = Session(secrets.token_urlsafe(24), user, role, secrets.token_urlsafe(24), stamp)
        with self._lock:
            self._live[s.sid] = s
        return s, self._signer.dumps(s.sid)

    def get(self, cookie: str | None) -> Session | None:
        if not cookie:
            return None
        try:
            sid = self._signer.loads(cookie, max_age=MAX_AGE)
        except BadSignature:
            return None
        with self._lock:
            return self._live.get(sid) if isinstance(sid, str) else None

    def end(self, session: Session) -> None:
        with self._lock:
            self._live.pop(session.sid, None)

    def end_user(self, user: str) -> None:
        with self._lock:
            for sid in [k for k, s in self._live.items() if s.user == user]:
                del self._live[sid]

    # -- the login form's own token ---------------------------------------------------------

    def login_token(self) -> tuple[str, str]:
        """(the form's token, the cookie's value) for a login form."""
        token = secrets.token_urlsafe(24)
        return token, self._login.dumps(token)

    def login_token_ok(self, cookie: str | None, token: str | None) -> bool:
        if not cookie or not token:
            return False
        try:
            expected = self._login.loads(cookie, max_age=LOGIN_MAX_AGE)
        except BadSignature:
            return False
        return isinstance(expected, str) and hmac.compare_digest(expected, token)


def stamp(password_hash: str, role: str) -> str:
    """What a session remembers of its user's row: a digest, never the hash itself."""
    return hashlib.sha256(f"{role}\0{password_hash}".encode()).hexdigest()[:32]


def csrf_ok(session: Session | None, token: str | None) -> bool:
    return session is not None and bool(token) and hmac.compare_digest(session.csrf,
                                                                        str(token))


class LoginLimiter:
    """Failed logins per key (a user name, a client address) in a sliding window."""

    def __init__(self, max_failures: int = MAX_FAILURES, window: float = WINDOW) -> None:
        self.max_failures, self.window = max_failures, window
        self._failures: dict[str, deque[float]] = defaultdict(deque)
        self._lock = threading.Lock()

    def retry_after(self, *keys: str) -> int:
        """Seconds until a login for these keys may be tried (0: now)."""
        now = time.monotonic()
        wait = 0.0
        with self._lock:
            for k in keys:
                q = self._failures[k]
                while q and now - q[0] > self.window:
                    q.popleft()
                if len(q) >= self.max_failures:
                    wait = max(wait, self.window - (now - q[0]))
        return int(wait) + (1 if wait else 0)

    def failed(self, *keys: str) -> None:
        now = time.monotonic()
        with self._lock:
            for k in keys:
                self._failures[k].append(now)

    def succeeded(self, *keys: str) -> None:
        with self._lock:
            for k in keys:
                self._failures.pop(k, None)
