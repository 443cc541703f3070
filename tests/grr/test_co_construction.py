"""Co-construction evidence (issue 14, Drew): "I'm lost" during co-construction, with no
"I'm with you" since, recommends going back to modeling."""

from datetime import UTC, datetime, timedelta

from trellis.grr import Evidence, Phase, RecommendationKind, Thresholds, recommend
from trellis.grr.recommend import co_construction_lost

NOW = datetime(2026, 11, 27, 10, 0, tzinfo=UTC)


def rating(value, minutes_ago):
    return Evidence.confidence("t", value, NOW - timedelta(minutes=minutes_ago))


def test_two_lost_reports_step_back_to_modeling():
    rec = recommend(Phase.CO_CONSTRUCTION, [rating(1, 9), rating(1, 2)], now=NOW)
    assert (rec.kind, rec.to) == (RecommendationKind.STEP_BACK, Phase.MODELING)
    assert "said “I'm lost” 2 times while the class directed the steps" in rec.reason


def test_with_us_cancels_what_came_before_and_old_reports_expire():
    th = Thresholds()
    assert co_construction_lost([rating(1, 9), rating(3, 5), rating(1, 2)], NOW, th) == 1
    assert co_construction_lost([rating(1, 50), rating(1, 2)], NOW, th) == 1
    rec = recommend(Phase.CO_CONSTRUCTION, [rating(1, 9), rating(3, 5), rating(1, 2)], now=NOW)
    assert rec.kind is RecommendationKind.HOLD


def test_other_phases_are_not_affected():
    rec = recommend(Phase.MODELING, [rating(1, 9), rating(1, 2)], now=NOW)
    assert rec.kind is RecommendationKind.HOLD
