"""Panels: one task per member, blind until each has submitted, joined, then consolidated for the decision."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from assessment import actions, scoring
from assessment.models import Review, ReviewStage, Stage
from tests.workflows import journey
from tests.workflows.walk import Walk
from workflows.driver import NoSuchTask, open_task
from workflows.flows import AssessmentFlow as Flow

SECRET_COMMENT = "Catatan rahasia penilai pertama"


def secret_review(application, stage, reviewer, rank):
    """Submit `reviewer`'s scores with a comment nobody else on the panel may read before submitting."""
    from assessment import actions
    from workflows.driver import complete_task

    node = Flow.city_review if stage == ReviewStage.CITY else Flow.province_evaluation
    review = Review.objects.get(application=application, stage=stage, reviewer=reviewer, submitted_at=None)
    scores = {pk: actions.ScoreInput(level.pk, f"{SECRET_COMMENT} ({pk})")
              for pk, level in journey.ranks_to_levels(application, rank).items()}
    complete_task(application, node, user=reviewer, act=lambda: actions.save_review(
        review=review, scores=scores, by=reviewer, submit=True, recommendation="recommend",
        comment=SECRET_COMMENT, field_findings="Temuan." if stage == ReviewStage.PROVINCE else ""))


def points_of_rank(application, rank) -> int:
    return sum(levels[rank].points for levels in
               (indicator.ordered_levels() for indicator in application.framework.indicators.all()))


@pytest.mark.django_db
def test_province_panel_is_blind_until_each_evaluator_submits(client, cycle, people):
    application = journey.advance(journey.start(cycle, people), people, Stage.PROVINCE_EVALUATION)
    assert Review.objects.filter(application=application, stage=ReviewStage.PROVINCE).count() == 2
    secret_review(application, ReviewStage.PROVINCE, people.evaluator1, rank=3)

    # The join waits: one evaluator is not the panel.
    application.refresh_from_db()
    assert application.stage == Stage.PROVINCE_EVALUATION
    with pytest.raises(NoSuchTask):
        open_task(application, Flow.province_decision)

    client.force_login(people.evaluator2)
    task_page = client.get(journey.task_url(application, Flow.province_evaluation, user=people.evaluator2))
    assert task_page.status_code == 200
    assert SECRET_COMMENT not in task_page.content.decode()
    application_page = client.get(journey.application_url(application))
    assert application_page.status_code == 200
    assert SECRET_COMMENT not in application_page.content.decode()
    gap = application_page.context["gap"]
    assert gap.province_total is None and all(row.province_points is None for row in gap.rows)
    assert gap.city_total is not None  # the city's finished stage stays readable

    # Someone not on the panel (the coordinator) reads what is in so far; after submitting, so does evaluator 2.
    client.force_login(people.province)
    assert client.get(journey.application_url(application)).context["gap"].province_total is not None
    secret_review(application, ReviewStage.PROVINCE, people.evaluator2, rank=1)
    client.force_login(people.evaluator2)
    after = client.get(journey.application_url(application))
    assert SECRET_COMMENT in after.content.decode()
    expected = Decimal(points_of_rank(application, 3) + points_of_rank(application, 1)) / 2
    assert after.context["gap"].province_total == expected


@pytest.mark.django_db
def test_decision_page_shows_every_member_the_mean_and_the_disagreements(client, cycle, people):
    application = journey.advance(journey.start(cycle, people), people, Stage.PROVINCE_DECISION,
                                  ranks={"evaluator1": 3, "evaluator2": 1})
    application.refresh_from_db()
    assert application.stage == Stage.PROVINCE_DECISION
    client.force_login(people.province)
    response = client.get(journey.task_url(application, Flow.province_decision, user=people.province), follow=True)
    assert response.status_code == 200
    panel = response.context["panel"]
    assert [review.reviewer for review in panel.reviews] == [people.evaluator1, people.evaluator2]
    indicator = application.framework.indicators.get(number=1)
    levels = indicator.ordered_levels()
    first = panel.consolidated[1]
    assert first.member_points == (levels[3].points, levels[1].points)
    assert first.mean_points == Decimal(levels[3].points + levels[1].points) / 2
    assert first.disagreement  # three levels against one: more than one level apart
    page = response.content.decode()
    assert "⚑" in page
    for evaluator in (people.evaluator1, people.evaluator2):
        assert evaluator.get_full_name() in page


@pytest.mark.django_db
def test_city_review_can_have_several_reviewers_each_with_a_task_and_blind(client, cycle, people):
    application = journey.advance(journey.start(cycle, people), people, Stage.CITY_REVIEW,
                                  city_reviewers=[people.reviewer, people.reviewer2])
    tasks = {open_task(application, Flow.city_review, user=person).owner for person in (people.reviewer,
                                                                                       people.reviewer2)}
    assert tasks == {people.reviewer, people.reviewer2}
    secret_review(application, ReviewStage.CITY, people.reviewer, rank=2)
    application.refresh_from_db()
    assert application.stage == Stage.CITY_REVIEW
    client.force_login(people.reviewer2)
    for url in (journey.task_url(application, Flow.city_review, user=people.reviewer2),
                journey.application_url(application)):
        page = client.get(url)
        assert page.status_code == 200 and SECRET_COMMENT not in page.content.decode()
    assert client.get(journey.application_url(application)).context["gap"].city_total is None
    secret_review(application, ReviewStage.CITY, people.reviewer2, rank=2)
    application.refresh_from_db()
    assert application.stage == Stage.CITY_DECISION
    assert open_task(application, Flow.city_decision).owner == people.coordinator


# -- the consolidation maths, without a database --------------------------------------------------

def spec(*indicators):
    """indicators: (number, [points per level, lowest first])."""
    return scoring.FrameworkSpec(
        indicators=tuple(
            scoring.IndicatorSpec(number=number, title=f"I{number}", max_points=max(points), levels=tuple(
                scoring.LevelSpec(key=number * 10 + rank, label=f"L{rank}", points=value, rank=rank)
                for rank, value in enumerate(points)))
            for number, points in indicators),
        categories=(scoring.CategorySpec(1, "Pratama", 500, 600), scoring.CategorySpec(2, "Madya", 601, 700)),
    )


FRAMEWORK = spec((1, [0, 40, 70, 100]), (2, [0, 30, 60, 90]))


@pytest.mark.parametrize("ranks, mean, flagged", [
    ((3, 3), Decimal("100.00"), False),
    ((3, 2), Decimal("85.00"), False),     # one level apart: ordinary difference of judgement
    ((3, 1), Decimal("70.00"), True),      # two levels apart: flagged
    ((0, 3, 3), Decimal("66.67"), True),   # a third member; the mean is rounded to cents
    ((1, 2, 2), Decimal("60.00"), False),
])
def test_consolidation_takes_the_mean_and_flags_members_more_than_one_level_apart(ranks, mean, flagged):
    panel = [{1: 10 + rank} for rank in ranks]
    row = scoring.consolidate(FRAMEWORK, panel)[1]
    assert row.mean_points == mean
    assert row.disagreement is flagged
    assert row.member_ranks == ranks


def test_only_indicators_every_member_scored_are_consolidated_and_totalled():
    panel = [{1: 13, 2: 23}, {1: 11}]
    consolidated = scoring.consolidate(FRAMEWORK, panel)
    assert set(consolidated) == {1}
    assert scoring.consolidated_total(scoring.consolidate(FRAMEWORK, [{1: 13, 2: 23}, {1: 11, 2: 22}])) == \
        Decimal("70.00") + Decimal("75.00")
    assert scoring.consolidate(FRAMEWORK, []) == {}


def test_a_fractional_panel_total_is_banded_half_up():
    categories = FRAMEWORK.categories
    assert scoring.category_for(Decimal("600.49"), categories).name == "Pratama"
    assert scoring.category_for(Decimal("600.50"), categories).name == "Madya"
    assert scoring.category_for(Decimal("499.49"), categories) is None


def test_saving_an_unchanged_draft_again_writes_no_scores(people, cycle, framework):
    walk = Walk(framework)
    walk.to_city_screening(people, cycle)
    walk.step(people.coordinator, Flow.city_screening, {"decision": "complete", "reviewers": [people.reviewer.pk]})
    review = Review.objects.get(application=walk.application)
    scores = {pk: actions.ScoreInput(level.pk, "Sesuai.") for pk, level in walk.levels((1,) * 10).items()}
    actions.save_review(review=review, scores=scores, by=people.reviewer)
    with CaptureQueriesContext(connection) as queries:
        actions.save_review(review=review, scores=scores, by=people.reviewer)
    assert not [query for query in queries if "assessment_reviewscore" in query["sql"]
                and query["sql"].lstrip().upper().startswith(("UPDATE", "INSERT"))]
    changed = {**scores, next(iter(scores)): actions.ScoreInput(scores[next(iter(scores))].level_id, "Kurang.")}
    actions.save_review(review=review, scores=changed, by=people.reviewer)
    assert review.scores.filter(comment="Kurang.").count() == 1
