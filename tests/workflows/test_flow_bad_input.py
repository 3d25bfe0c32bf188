"""Out-of-order steps, forged or malformed posts, incomplete submissions: a clear message, nothing changes."""

import contextlib
import datetime

import pytest
from django.utils import translation
from viewflow.workflow.status import STATUS

from assessment import actions
from assessment.models import Answer, Application, AuditEvent, Review, Stage
from workflows.flows import AssessmentFlow as Flow

from .walk import Walk, client_for, open_task, task_urls

pytestmark = pytest.mark.django_db


@contextlib.contextmanager
def refused(match):
    """Expect an action to refuse, its message read in English (pages speak their URL's language)."""
    with translation.override("en"), pytest.raises(actions.Refused, match=match) as info:
        yield info


@pytest.fixture
def walk(framework):
    return Walk(framework)


def snapshot(application):
    application.refresh_from_db()
    return (application.stage, AuditEvent.objects.filter(application=application).count(),
            list(Answer.objects.filter(application=application).order_by("pk").values_list("level", "narrative")))


def test_sending_with_missing_answers_names_them_and_changes_nothing(walk, people, cycle):
    walk.start(people.operator, cycle)
    indicators = walk.indicators
    before = snapshot(walk.application)
    response = walk.step(people.operator, Flow.self_assessment,
                         walk.self_assessment(skip={indicators[2].pk, indicators[7].pk}), expect_done=False)
    assert response.status_code == 200
    errors = " ".join(response.context["form"].non_field_errors())
    assert f"3. {indicators[2].title}" in errors and f"8. {indicators[7].title}" in errors
    assert snapshot(walk.application) == before
    # What was typed is still on the page.
    assert f'value="{indicators[0].ordered_levels()[2].pk}"' in response.content.decode()
    assert open_task(walk.application, Flow.self_assessment).get().status == STATUS.ASSIGNED
    # A level of another indicator is refused below the form too.
    with refused("its own rubric levels"):
        actions.save_answers(application=walk.application, by=people.operator, answers={
            indicators[0].pk: actions.AnswerInput(indicators[1].ordered_levels()[0].pk, "x")})
    assert snapshot(walk.application) == before


def test_a_task_cannot_be_completed_twice(walk, people, cycle):
    walk.start(people.operator, cycle)
    task = open_task(walk.application, Flow.self_assessment).get()
    urls = task_urls(task)
    walk.step(people.operator, Flow.self_assessment, walk.self_assessment())
    before = snapshot(walk.application)
    again = walk.client(people.operator).post(urls["execute"], walk.self_assessment())
    assert again.status_code == 403
    assert snapshot(walk.application) == before


def test_steps_out_of_order_are_refused(walk, people, cycle):
    walk.start(people.operator, cycle)
    application = walk.application
    with refused("not possible now"):
        actions.decide_city(application=application, outcome="recommend", note="", by=people.coordinator)
    with refused("not possible now"):
        actions.submit_self_assessment(application=application, attestation="x", by=people.lurah)
    # The lurah cannot open the operator's task either.
    task = open_task(application, Flow.self_assessment).get()
    assert client_for(people.lurah).post(task_urls(task)["execute"], walk.self_assessment()).status_code == 403
    assert snapshot(application)[0] == Stage.SELF_ASSESSMENT


def test_lurah_must_attest_or_explain(walk, people, cycle):
    walk.start(people.operator, cycle)
    walk.step(people.operator, Flow.self_assessment, walk.self_assessment())
    no_attest = walk.step(people.lurah, Flow.lurah_submit, {"decision": "submit"}, expect_done=False)
    assert "attest" in no_attest.context["form"].errors
    no_note = walk.step(people.lurah, Flow.lurah_submit, {"decision": "return", "note": " "}, expect_done=False)
    assert "note" in no_note.context["form"].errors
    assert Application.objects.get(pk=walk.application.pk).stage == Stage.LURAH_SUBMIT


def test_a_score_outside_the_rubric_is_refused(walk, people, cycle):
    walk.to_city_screening(people, cycle)
    walk.step(people.coordinator, Flow.city_screening, {"decision": "complete", "reviewers": [people.reviewer.pk]})
    data = walk.review(recommendation="recommend")
    first, second = walk.indicators[0], walk.indicators[1]
    data[f"level_{first.pk}"] = second.ordered_levels()[3].pk  # a level of indicator 2 given to indicator 1
    response = walk.step(people.reviewer, Flow.city_review, data, expect_done=False)
    assert response.status_code == 200 and f"level_{first.pk}" in response.context["form"].errors
    review = Review.objects.get(application=walk.application)
    assert not review.scores.exists() and review.submitted_at is None
    # And below the form, the action itself refuses it.
    with refused("rubric levels"):
        actions.save_review(review=review, by=people.reviewer,
                            scores={first.pk: actions.ScoreInput(second.ordered_levels()[3].pk)})


def test_a_review_is_submitted_only_when_complete(walk, people, cycle):
    walk.to_city_screening(people, cycle)
    walk.step(people.coordinator, Flow.city_screening, {"decision": "complete", "reviewers": [people.reviewer.pk]})
    data = walk.review()  # no recommendation
    del data[f"level_{walk.indicators[4].pk}"]
    response = walk.step(people.reviewer, Flow.city_review, data, expect_done=False)
    errors = " ".join(response.context["form"].non_field_errors())
    assert "5" in errors and response.status_code == 200
    review = Review.objects.get(application=walk.application)
    assert review.submitted_at is None and not review.scores.exists()
    assert Application.objects.get(pk=walk.application.pk).stage == Stage.CITY_REVIEW


def test_only_reviewers_of_the_region_can_be_assigned(walk, people, cycle):
    walk.to_city_screening(people, cycle)
    response = walk.step(people.coordinator, Flow.city_screening,
                         {"decision": "complete", "reviewers": [people.banjarbaru_reviewer.pk]}, expect_done=False)
    assert "reviewers" in response.context["form"].errors
    with refused("may not review"):
        actions.screen_application(application=walk.application, reviewers=[people.banjarbaru_reviewer],
                                   by=people.coordinator)
    assert not Review.objects.exists()


def test_province_decision_needs_the_decree_and_a_visit_cannot_be_in_the_past(walk, people, cycle):
    walk.to_city_decision(people, cycle)
    walk.step(people.coordinator, Flow.city_decision, {"outcome": "recommend"})
    past = (datetime.date.today() - datetime.timedelta(days=1)).isoformat()
    response = walk.step(people.province, Flow.province_assignment,
                         {"evaluators": [people.evaluator1.pk], "field_visit_on": past}, expect_done=False)
    assert "field_visit_on" in response.context["form"].errors
    assert Application.objects.get(pk=walk.application.pk).stage == Stage.PROVINCE_ASSIGNMENT


def test_two_starts_at_the_same_moment_end_in_a_message_not_an_error(people, cycle, monkeypatch):
    """The second of two simultaneous starts passes the "already started?" check, then meets the database's
    one-application-per-cycle rule: it gets the same message as a late start."""
    kelurahan = people.operator.memberships.get().region
    create = Application.objects.create

    def other_request_first(**kwargs):
        create(**kwargs)  # the other tab's insert lands between our check and our insert
        return create(**kwargs)

    monkeypatch.setattr(Application.objects, "create", other_request_first)
    with refused("already has an application"):
        actions.start_application(cycle=cycle, kelurahan=kelurahan, by=people.operator)
