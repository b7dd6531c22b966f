"""`claimledger serve`: a read-only web view of the ledger (FastAPI, Jinja2, no CDN)."""

from claimledger.present.web.app import create_app

__all__ = ["create_app"]
