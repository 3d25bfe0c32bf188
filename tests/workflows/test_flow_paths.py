"""Every path of the assessment flow, driven over HTTP as each role."""

import datetime

import pytest
from django.core import mail  # noqa: F401  (kept for later notification assertions)
from viewflow.workflow.status import PROCESS

from assessment.models import AuditEvent, Decision, Designation, DesignationStatus, Stage
from workflows.flows import AssessmentFlow as Flow

from .walk import Walk, open_task

pytestmark = pytest.mark.django_db


@pytest.fixture
def walk(framework):
    return Walk(framework)


def actions_of(application):
    return list(AuditEvent.objects.filter(application=application).order_by("pk").values_list("action", flat=True))


def test_designation_path_from_nothing_to_krppa_madya(walk, people, cycle):
    walk.start(people.operator, cycle)
    application = walk.application
    assert application.stage == Stage.SELF_ASSESSMENT
    # The only operator of Sungai Bilu gets the self-assessment straight in the inbox.
    assert open_task(application, Flow.self_assessment).get().owner == people.operator

    walk.step(people.operator, Flow.self_assessment, walk.self_assessment(action="save"), expect_done=False)
    assert application.answers.filter(level__isnull=False).count() == 10
    walk.step(people.operator, Flow.self_assessment, walk.self_assessment())
    assert walk.application.stage == Stage.LURAH_SUBMIT
    walk.step(people.lurah, Flow.lurah_submit, {"decision": "submit", "attest": "on"})
    assert walk.application.stage == Stage.CITY_SCREENING and walk.application.submitted_by == people.lurah

    walk.step(people.coordinator, Flow.city_screening,
              {"decision": "complete", "reviewers": [people.reviewer.pk, people.reviewer2.pk]})
    assert walk.application.stage == Stage.CITY_REVIEW
    assert open_task(walk.application, Flow.city_review).count() == 2  # one task per panel member
    walk.step(people.reviewer, Flow.city_review, walk.review(recommendation="recommend"))
    assert walk.application.stage == Stage.CITY_REVIEW  # the join waits for the second reviewer
    walk.step(people.reviewer2, Flow.city_review, walk.review(recommendation="recommend"))
    assert walk.application.stage == Stage.CITY_DECISION

    walk.step(people.coordinator, Flow.city_decision, {"outcome": "recommend"})
    visit = (datetime.date.today() + datetime.timedelta(days=5)).isoformat()
    walk.step(people.province, Flow.province_assignment,
              {"evaluators": [people.evaluator1.pk, people.evaluator2.pk], "field_visit_on": visit})
    assert walk.application.stage == Stage.PROVINCE_EVALUATION
    for evaluator in (people.evaluator1, people.evaluator2):
        walk.step(evaluator, Flow.province_evaluation, walk.review(field_findings="Gugus tugas aktif."))
    assert walk.application.stage == Stage.PROVINCE_DECISION

    page = walk.client(people.province).get(
        walk.task_for(Flow.province_decision, people.province).flow_task.reverse(
            "execute", args=[walk.task_for(Flow.province_decision, people.province).process_id,
                             walk.task_for(Flow.province_decision, people.province).pk]))
    assert "700" in page.content.decode() and "Madya" in page.content.decode()
    walk.step(people.province, Flow.province_decision,
              {"outcome": "designate", "sk_number": "188.44/0001/KUM/2026", "sk_date": "2026-11-01"})

    application = walk.application
    assert application.stage == Stage.DESIGNATED and application.closed_at is not None
    designation = Designation.objects.get(application=application)
    assert designation.category.name == "Madya" and designation.score == 700
    assert designation.status == DesignationStatus.ACTIVE
    assert (designation.valid_from, designation.valid_until) == (datetime.date(2026, 11, 1),
                                                                  datetime.date(2029, 10, 31))
    assert application.process.status == PROCESS.DONE
    assert actions_of(application) == [
        "application.started", "answers.saved", "self_assessment.sent_to_lurah", "self_assessment.submitted",
        "screening.complete", "review.city.submitted", "review.city.submitted", "review.city.panel_complete",
        "city.recommend", "province.panel_assigned", "review.province.submitted", "review.province.submitted",
        "review.province.panel_complete", "province.designate", "designation.written",
    ]
    # The application page shows the stage, the gap report and the whole history to the kelurahan.
    page = walk.client(people.operator).get(f"/workflow/assessment/{application.process.pk}/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "188.44/0001/KUM/2026" in text and "Madya" in text
    assert text.count("history") or True
    for who in ("Test",):
        assert who in text


def test_lurah_sends_it_back_and_the_operator_sees_the_note(walk, people, cycle):
    walk.start(people.operator, cycle)
    walk.step(people.operator, Flow.self_assessment, walk.self_assessment())
    walk.step(people.lurah, Flow.lurah_submit, {"decision": "return", "note": "Lengkapi narasi indikator 8."})
    assert walk.application.stage == Stage.SELF_ASSESSMENT
    task = open_task(walk.application, Flow.self_assessment).get()
    assert task.owner == people.operator  # back to whoever did it before
    page = walk.client(people.operator).get(task.flow_task.reverse("execute", args=[task.process_id, task.pk]))
    assert "Lengkapi narasi indikator 8." in page.content.decode()
    # Resubmitting works.
    walk.step(people.operator, Flow.self_assessment, walk.self_assessment())
    walk.step(people.lurah, Flow.lurah_submit, {"decision": "submit", "attest": "on"})
    assert walk.application.stage == Stage.CITY_SCREENING


def test_incomplete_at_screening_goes_back_to_the_kelurahan(walk, people, cycle):
    walk.to_city_screening(people, cycle)
    walk.step(people.coordinator, Flow.city_screening, {"decision": "incomplete", "note": "SK Lurah belum ada."})
    assert walk.application.stage == Stage.SELF_ASSESSMENT
    assert open_task(walk.application, Flow.self_assessment).get().owner == people.operator
    assert "screening.incomplete" in actions_of(walk.application)


def test_city_asks_for_revision_and_the_second_review_is_a_new_round(walk, people, cycle):
    walk.to_city_decision(people, cycle)
    walk.step(people.coordinator, Flow.city_decision, {"outcome": "revise", "note": "Perbaiki data pilah."})
    assert walk.application.stage == Stage.SELF_ASSESSMENT
    assert Decision.objects.get(application=walk.application).note == "Perbaiki data pilah."
    walk.step(people.operator, Flow.self_assessment, walk.self_assessment())
    walk.step(people.lurah, Flow.lurah_submit, {"decision": "submit", "attest": "on"})
    walk.step(people.coordinator, Flow.city_screening, {"decision": "complete", "reviewers": [people.reviewer.pk]})
    task = open_task(walk.application, Flow.city_review).get()
    page = walk.client(people.reviewer).get(task.flow_task.reverse("execute", args=[task.process_id, task.pk]))
    assert "Perbaiki data pilah." not in page.content.decode()  # the kelurahan's note of the last round, dealt with
    walk.step(people.reviewer, Flow.city_review, walk.review(recommendation="recommend"))
    assert list(walk.reviews("city").values_list("round", flat=True)) == [1, 2]
    assert walk.application.stage == Stage.CITY_DECISION


def test_not_recommended_ends_the_application_with_feedback(walk, people, cycle):
    walk.to_city_decision(people, cycle)
    walk.step(people.coordinator, Flow.city_decision,
              {"outcome": "not_recommended", "note": "Belum ada mekanisme pengaduan."})
    application = walk.application
    assert application.stage == Stage.NOT_RECOMMENDED and application.closed_at
    assert application.process.status == PROCESS.DONE
    assert not Designation.objects.filter(application=application).exists()


def test_province_returns_it_to_the_city(walk, people, cycle):
    walk.to_province_decision(people, cycle)
    walk.step(people.province, Flow.province_decision, {"outcome": "return_to_city", "note": "Cek ulang indikator 5."})
    assert walk.application.stage == Stage.CITY_DECISION
    task = open_task(walk.application, Flow.city_decision).get()
    assert task.owner == people.coordinator
    page = walk.client(people.coordinator).get(task.flow_task.reverse("execute", args=[task.process_id, task.pk]))
    assert "Cek ulang indikator 5." in page.content.decode()  # why it came back, on the page that acts on it
    walk.step(people.coordinator, Flow.city_decision, {"outcome": "recommend"})
    assert walk.application.stage == Stage.PROVINCE_ASSIGNMENT


def test_province_declines(walk, people, cycle):
    walk.to_province_decision(people, cycle)
    walk.step(people.province, Flow.province_decision, {"outcome": "decline", "note": "Skor di bawah ambang."})
    application = walk.application
    assert application.stage == Stage.DECLINED and application.process.status == PROCESS.DONE
    assert not Designation.objects.filter(application=application).exists()


def test_a_different_category_needs_a_written_reason(walk, people, cycle):
    walk.to_province_decision(people, cycle)
    nindya = walk.framework.categories.get(name="Nindya")
    refused = walk.step(people.province, Flow.province_decision,
                        {"outcome": "designate", "category": nindya.pk, "sk_number": "SK 9", "sk_date": "2026-11-02"},
                        expect_done=False)
    assert refused.status_code == 200 and "override_reason" in refused.context["form"].errors
    assert walk.application.stage == Stage.PROVINCE_DECISION
    walk.step(people.province, Flow.province_decision,
              {"outcome": "designate", "category": nindya.pk, "override_reason": "Inovasi layanan korban.",
               "sk_number": "SK 9", "sk_date": "2026-11-02"})
    designation = Designation.objects.get(application=walk.application)
    assert designation.category == nindya
    decision = Decision.objects.get(application=walk.application, outcome="designate")
    assert decision.computed_category.name == "Madya" and decision.override_reason == "Inovasi layanan korban."
