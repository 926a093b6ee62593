"""One mapping between the review's risks and the drift's risks, used by both vocabularies."""

from tui.config import RISK_LEVELS
from tui.review import RISKS, SAFE_TO_DEPLOY
from tui.risk import DRIFT_RISKS, drift_risk, review_risk
from tui.schema.diff import DESTRUCTIVE, LOCKING, SAFE


def test_the_two_vocabularies_map_one_to_one_and_each_has_one_home():
    assert [review_risk(r) for r in (SAFE, LOCKING, DESTRUCTIVE)] == list(RISKS) == list(RISK_LEVELS)
    assert [drift_risk(r) for r in RISKS] == list(DRIFT_RISKS)
    assert SAFE == "safe" and SAFE_TO_DEPLOY == "SAFE TO DEPLOY"  # two names for two things
