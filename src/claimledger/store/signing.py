"""Signing the activity log: an Ed25519 key kept outside the database.

The hash chain shows that no entry was changed *unless someone re-hashed the chain*: anyone
who can write the file can rewrite a claim, recompute its digest and every later hash. A
signature over each entry's hash, made with a private key the database never holds, closes
that: without the key, a rewritten history cannot be signed again. Because each hash covers
the one before it, one valid signature vouches for every entry up to it.

Ed25519 (through `cryptography`) rather than an HMAC: the public key alone verifies, so the
person checking the evidence (an editor, a court) never holds what could forge it.

Key files are PEM: `generate_key(path)` writes the private key (mode 0600) and, beside it,
`path.pub`, the public key to hand to whoever verifies.
"""

from __future__ import annotations

import base64
import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

__all__ = ["KeyFileError", "Signer", "Verifier", "generate_key", "load_key"]

_SCHEME = "ed25519"


class KeyFileError(Exception):
    """The key file cannot be read as an Ed25519 key; the message names it."""


@dataclass(frozen=True)
class Verifier:
    """Checks signatures made with one key pair's private half."""

    public: Ed25519PublicKey

    @property
    def key_id(self) -> str:
        """16 hex digits of the SHA-256 of the raw public key: names the key in each sig."""
        raw = self.public.public_bytes(serialization.Encoding.Raw,
                                       serialization.PublicFormat.Raw)
        return hashlib.sha256(raw).hexdigest()[:16]

    def problem(self, entry_hash: str, sig: str | None) -> str | None:
        """Why `sig` is not this key's signature of `entry_hash`, or None when it is."""
        if not sig:
            return "not signed"
        scheme, _, rest = sig.partition(":")
        key_id, _, b64 = rest.partition(":")
        if scheme != _SCHEME or not b64:
            return f"signature is not of the form {_SCHEME}:KEYID:SIGNATURE"
        if key_id != self.key_id:
            return f"signed with key {key_id}, not with the key given ({self.key_id})"
        try:
            self.public.verify(base64.b64decode(b64, validate=True), entry_hash.encode())
        except (InvalidSignature, ValueError):
            return "signature does not verify: the entry was rewritten without the key"
        return None


@dataclass(frozen=True)
class Signer(Verifier):
    """Signs entry hashes; also verifies, with its public half."""

    private: Ed25519PrivateKey | None = None

    def sign(self, entry_hash: str) -> str:
        assert self.private is not None
        sig = base64.b64encode(self.private.sign(entry_hash.encode())).decode("ascii")
        return f"{_SCHEME}:{self.key_id}:{sig}"


def load_key(path: str | Path) -> Signer | Verifier:
    """A private key file gives a Signer; a public one (`*.pub`) a Verifier only."""
    p = Path(path)
    try:
        data = p.read_bytes()
    except OSError as e:
        raise KeyFileError(f"key file {p}: {e.strerror or e}") from None
    try:
        if b"PRIVATE KEY" in data:
            private = serialization.load_pem_private_key(data, password=None)
            if not isinstance(private, Ed25519PrivateKey):
                raise ValueError("not an Ed25519 key")
            return Signer(public=private.public_key(), private=private)
        public = serialization.load_pem_public_key(data)
        if not isinstance(public, Ed25519PublicKey):
            raise ValueError("not an Ed25519 key")
        return Verifier(public=public)
    except (ValueError, TypeError) as e:
        raise KeyFileError(f"key file {p}: not an Ed25519 PEM key ({e})") from None


def generate_key(path: str | Path) -> tuple[Path, Path]:
    """Write a new private key to `path` (refusing to overwrite one) and its public key to
    `path.pub`; returns both paths."""
    p = Path(path)
    pub = p.with_name(p.name + ".pub")
    private = Ed25519PrivateKey.generate()
    pem = private.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                serialization.NoEncryption())
    try:
        fd = os.open(p, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        raise KeyFileError(f"key file {p} exists already: not overwritten") from None
    except OSError as e:
        raise KeyFileError(f"key file {p}: {e.strerror or e}") from None
    with os.fdopen(fd, "wb") as f:
        f.write(pem)
    pub.write_bytes(private.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo))
    return p, pub
