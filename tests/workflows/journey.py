"""Drive an application through the real flow to a stage, as the demo and the task pages do."""

import datetime

from django.conf import settings
from django.utils import timezone, translation

from assessment import actions
from assessment.models import Application, Region, Review, ReviewStage, Stage
from workflows.driver import complete_task, open_task, start_process
from workflows.flows import AssessmentFlow as Flow
from workflows.links import application_path, task_path

ORDER = [Stage.SELF_ASSESSMENT, Stage.LURAH_SUBMIT, Stage.CITY_SCREENING, Stage.CITY_REVIEW, Stage.CITY_DECISION,
         Stage.PROVINCE_ASSIGNMENT, Stage.PROVINCE_EVALUATION, Stage.PROVINCE_DECISION, Stage.DESIGNATED]


def start(cycle, people, code="63.71.02.1004", by=None) -> Application:
    application = actions.start_application(cycle=cycle, kelurahan=Region.objects.get(code=code),
                                            by=by or people.operator)
    start_process(application)
    return application


def ranks_to_levels(application, rank):
    """indicator pk -> the rubric level of `rank` (0 lowest) for every indicator."""
    return {indicator.pk: indicator.ordered_levels()[rank]
            for indicator in application.framework.indicators.prefetch_related("levels")}


def fill(application, people, rank=2):
    answers = {pk: actions.AnswerInput(level.pk, f"Narasi untuk {level.label}.")
               for pk, level in ranks_to_levels(application, rank).items()}
    actions.save_answers(application=application, answers=answers, by=people.operator)


def review(application, stage, reviewer, rank=2, submit=True):
    node = Flow.city_review if stage == ReviewStage.CITY else Flow.province_evaluation
    record = Review.objects.get(application=application, stage=stage, reviewer=reviewer, submitted_at=None)
    scores = {pk: actions.ScoreInput(level.pk, "Catatan.") for pk, level in ranks_to_levels(application, rank).items()}
    return complete_task(application, node, user=reviewer, act=lambda: actions.save_review(
        review=record, scores=scores, by=reviewer, submit=submit, recommendation="recommend",
        comment="Komentar umum.", field_findings="Temuan lapangan." if stage == ReviewStage.PROVINCE else ""))


def advance(application, people, until, *, city_reviewers=None, evaluators=None, ranks=None):
    """Take `application` (just started) to stage `until`; `ranks` gives each panel member's rank."""
    ranks = ranks or {}
    city_reviewers = city_reviewers or [people.reviewer]
    evaluators = evaluators or [people.evaluator1, people.evaluator2]
    target = ORDER.index(until)
    fill(application, people)
    if target == 0:
        return application
    complete_task(application, Flow.self_assessment, user=people.operator,
                  act=lambda: actions.send_to_lurah(application=application, by=people.operator))
    if target == 1:
        return application
    complete_task(application, Flow.lurah_submit, user=people.lurah, act=lambda: actions.submit_self_assessment(
        application=application, attestation="Benar.", by=people.lurah))
    if target == 2:
        return application
    complete_task(application, Flow.city_screening, user=people.coordinator, act=lambda: actions.screen_application(
        application=application, reviewers=city_reviewers, by=people.coordinator))
    if target == 3:
        return application
    for reviewer in city_reviewers:
        review(application, ReviewStage.CITY, reviewer, ranks.get(reviewer.username, 2))
    if target == 4:
        return application
    complete_task(application, Flow.city_decision, user=people.coordinator, act=lambda: actions.decide_city(
        application=application, outcome="recommend", note="", by=people.coordinator))
    if target == 5:
        return application
    visit = timezone.localdate() + datetime.timedelta(days=7)
    complete_task(application, Flow.province_assignment, user=people.province,
                  act=lambda: actions.assign_province_panel(application=application, evaluators=evaluators,
                                                            field_visit_on=visit, by=people.province))
    if target == 6:
        return application
    for evaluator in evaluators:
        review(application, ReviewStage.PROVINCE, evaluator, ranks.get(evaluator.username, 2))
    return application


def task_url(application, node, user=None) -> str:
    """The task's own page (an assigned task's form; Viewflow's index redirects there with GET only)."""
    task = open_task(application, node, user=user)
    task_path(task)  # loads the URLconf for reverse()
    with translation.override(settings.LANGUAGE_CODE):  # the Indonesian page, whatever the test's language
        return task.flow_task.reverse("execute", args=[task.process_id, task.pk])


def application_url(application) -> str:
    return application_path(application)
