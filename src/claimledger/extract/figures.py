"""The figure parser (placeholder until it lands)."""

from __future__ import annotations

from claimledger.records import Figure


def find_figures(text: str, include_all: bool = False) -> list[Figure]:
    """Figures in one sentence; with include_all, also durations, ages and other quantities."""
    return []
