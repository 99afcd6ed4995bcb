"""Bearer tokens for the write API: each has a name (who) and a role, and is stored hashed.

A token is 32 random bytes, shown once when it is made; the file keeps its SHA-256 (a random
256-bit secret needs no slow hash) and a request's token is compared with every stored hash in
constant time. Roles, each allowed what the ones before it are:

- ``reader``: nothing beyond what anyone may do (for clients that must identify themselves);
- ``curator``: add, edit and retire actors, projects, networks, memberships and participants;
- ``admin``: also import source documents.

The file is ``tokens.json`` in the store's directory, or ``$AKTORSKARTA_TOKENS``.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import secrets
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from graph.namespaces import KEY_PATTERN

__all__ = ["ROLES", "TOKENS_ENV", "Holder", "TokenFile", "token_file"]

TOKENS_ENV = "AKTORSKARTA_TOKENS"
ROLES = ("reader", "curator", "admin")


@dataclass(frozen=True)
class Holder:
    """Who a valid token belongs to."""

    name: str
    role: str

    def may(self, role: str) -> bool:
        """True if this holder's role is ``role`` or one allowed more."""
        return ROLES.index(self.role) >= ROLES.index(role)


def token_file(store_location: str) -> TokenFile:
    """The token file for a store: ``$AKTORSKARTA_TOKENS``, else ``tokens.json`` in its directory.

    A store that is not a directory (``:memory:``, a remote URL) needs ``$AKTORSKARTA_TOKENS``;
    without it no token is valid and every write is refused.
    """
    configured = os.environ.get(TOKENS_ENV)
    if configured:
        return TokenFile(Path(configured))
    if store_location == ":memory:" or "://" in store_location:
        return TokenFile(None)
    return TokenFile(Path(store_location) / "tokens.json")


class TokenFile:
    """The stored tokens: name → {sha256, role, created}."""

    def __init__(self, path: Path | None):
        self.path = path

    def _read(self) -> dict[str, dict]:
        if self.path is None or not self.path.is_file():
            return {}
        return json.loads(self.path.read_text(encoding="utf-8"))

    def _write(self, tokens: dict[str, dict]) -> None:
        if self.path is None:
            raise ValueError(f"this store has no directory for tokens: set ${TOKENS_ENV}")
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=self.path.parent, delete=False) as out:
            json.dump(tokens, out, ensure_ascii=False, indent=2)
        os.chmod(out.name, 0o600)
        os.replace(out.name, self.path)

    def create(self, name: str, role: str) -> str:
        """Make a token for ``name`` with ``role`` and return it (it is not stored, only its hash).

        Raises:
            ValueError: a bad name or role, or the name has a token already.
        """
        if not KEY_PATTERN.match(name):
            raise ValueError(f"{name!r} is not a name (lower-case a–z, 0–9 and single '-')")
        if role not in ROLES:
            raise ValueError(f"{role!r} is not a role ({', '.join(ROLES)})")
        tokens = self._read()
        if name in tokens:
            raise ValueError(f"{name} has a token already (revoke it first)")
        token = secrets.token_urlsafe(32)
        tokens[name] = {"sha256": _digest(token), "role": role,
                        "created": datetime.now(UTC).isoformat(timespec="seconds")}
        self._write(tokens)
        return token

    def revoke(self, name: str) -> bool:
        """Remove ``name``'s token; False if there was none."""
        tokens = self._read()
        if tokens.pop(name, None) is None:
            return False
        self._write(tokens)
        return True

    def holders(self) -> list[dict]:
        """Every token's name, role and creation time (never the token)."""
        return [{"name": name, "role": info["role"], "created": info["created"]}
                for name, info in sorted(self._read().items())]

    def holder(self, token: str) -> Holder | None:
        """Whose ``token`` is, or None; every stored hash is compared, in constant time."""
        digest = _digest(token)
        found = None
        for name, info in self._read().items():
            if hmac.compare_digest(digest, info["sha256"]):
                found = Holder(name, info["role"])
        return found


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "surrogateescape")).hexdigest()
