"""The two risk vocabularies, and the one mapping between them.

- A review finding (:mod:`tui.review`) is ``low`` / ``medium`` / ``high``: how much harm the
  statement can do when it runs (``high``: data loss or a migration that cannot run;
  ``medium``: locks, rewrites, transaction mistakes; ``low``: additive, worth a glance).
- A drift change and a generated statement (:mod:`tui.schema`) are ``safe`` / ``locking`` /
  ``destructive``: what applying the change does (``destructive`` loses data and is commented
  out unless ``--unsafe``; ``locking`` blocks reads or writes while it runs).

They describe the same scale from two sides, so they map one to one:

=============  ===========
drift          review
=============  ===========
safe           low
locking        medium
destructive    high
=============  ===========

The word "safe" appears only here as a drift risk; the review's verdict for a file with
nothing above low is the phrase ``SAFE TO DEPLOY`` (``tui.review.SAFE_TO_DEPLOY``).
"""

from __future__ import annotations

REVIEW_RISKS = ("low", "medium", "high")
DRIFT_RISKS = ("safe", "locking", "destructive")

DRIFT_TO_REVIEW = dict(zip(DRIFT_RISKS, REVIEW_RISKS))
REVIEW_TO_DRIFT = dict(zip(REVIEW_RISKS, DRIFT_RISKS))


def review_risk(drift_risk: str) -> str:
    """``locking`` → ``medium``: a drift risk in the review's words."""
    return DRIFT_TO_REVIEW[drift_risk]


def drift_risk(review_risk: str) -> str:
    """``high`` → ``destructive``: a review risk in the drift's words."""
    return REVIEW_TO_DRIFT[review_risk]
