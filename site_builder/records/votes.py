"""A count's share of the votes counted: the one computation of a vote share, for the pages and the records."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal


def share(votes: float | None, counted: float | None) -> float | None:
    """``votes`` in percent of ``counted``; None when either is not known or nothing was counted."""
    if votes is None or not counted:
        return None
    return votes * 100 / counted


def recorded_share(votes: int, counted: int) -> str:
    """The share as a record writes it, to two decimals rounded half up (``5.38``); empty when nothing was
    counted.  Computed in decimal, so that the record holds the rounding of the exact share."""
    if not counted:
        return ""
    return str((Decimal(votes * 100) / Decimal(counted)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))
