"""Who may review: names, roles and passwords hashed with argon2id (argon2-cffi's defaults,
the OWASP recommendation). The password itself is never stored nor logged."""

from __future__ import annotations

import re

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

ROLES = ("reviewer", "viewer")  # a viewer reads the review pages; only a reviewer decides
MIN_PASSWORD = 8
_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._@-]{0,63}")
_hasher = PasswordHasher()
# verified against when a name is unknown, so a wrong name costs the time a wrong password does
_DUMMY = _hasher.hash("claimledger: no such user")


class UserError(ValueError):
    """A user that cannot be added as asked; the message says why."""


def check_name(name: str) -> str:
    if not _NAME.fullmatch(name or ""):
        raise UserError(f"{name!r}: a user name is 1-64 letters, digits and . _ @ -, "
                        "starting with a letter or digit")
    return name


def hash_password(password: str) -> str:
    if len(password) < MIN_PASSWORD:
        raise UserError(f"a password needs at least {MIN_PASSWORD} characters")
    return _hasher.hash(password)


def password_ok(stored_hash: str | None, password: str) -> bool:
    """Whether `password` is the one `stored_hash` was made from (None: no such user)."""
    try:
        return _hasher.verify(stored_hash or _DUMMY, password) and stored_hash is not None
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False
