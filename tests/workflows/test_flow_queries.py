"""Query counts of the inbox and the application page do not grow with the number of applications."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from assessment import actions
from assessment.models import Cycle, Region
from workflows.driver import complete_task, start_process
from workflows.flows import AssessmentFlow as Flow
from workflows.roles import Role

from .walk import client_for, open_task

pytestmark = pytest.mark.django_db

REPORT = {}


def to_screening(cycle, kelurahan, admin, framework_levels):
    application = actions.start_application(cycle=cycle, kelurahan=kelurahan, by=None,
                                            day=cycle.opens_on + datetime.timedelta(days=1))
    start_process(application)
    answers = {pk: actions.AnswerInput(level.pk, "Ada.") for pk, level in framework_levels.items()}

    operator = open_task(application, Flow.self_assessment).get().owner or admin

    def fill_and_send():
        actions.save_answers(application=application, answers=answers, by=operator)
        actions.send_to_lurah(application=application, by=operator)

    complete_task(application, Flow.self_assessment, user=operator, act=fill_and_send)
    lurah = open_task(application, Flow.lurah_submit).get().owner or admin
    complete_task(application, Flow.lurah_submit, user=lurah, act=lambda: actions.submit_self_assessment(
        application=application, attestation="ok", by=lurah))
    return application


@pytest.fixture
def build(framework, people, django_user_model):
    """build(n): n applications waiting in the Banjarmasin coordinator's inbox (52 kelurahan × cycles)."""
    admin = django_user_model.objects.create_superuser("root", "root@example.org", "x")
    levels = {indicator.pk: indicator.ordered_levels()[2] for indicator in framework.indicators.all()}
    kelurahan = list(Region.objects.below("63.71").kelurahan().order_by("code"))
    made = []

    def make(count):
        while len(made) < count:
            year = 2020 + len(made) // len(kelurahan)
            cycle, _ = Cycle.objects.get_or_create(
                region_id="63.71", year=year,
                defaults={"framework": framework, "opens_on": datetime.date(year, 1, 1),
                          "closes_on": datetime.date(year, 12, 31)})
            made.append(to_screening(cycle, kelurahan[len(made) % len(kelurahan)], admin, levels))
        return made

    return make


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_inbox_and_application_page_queries_are_flat(build, people, member):
    coordinator = client_for(people.coordinator)
    first = build(1)[0]
    operator_view = client_for(member(Role.OPERATOR, first.kelurahan_id, username="operator_first"))
    page = f"/workflow/assessment/{first.process.pk}/"
    coordinator.get("/workflow/assessment/inbox/")  # warm caches (content types, sessions)
    small = {"inbox": count_queries(coordinator, "/workflow/assessment/inbox/"),
             "application page": count_queries(coordinator, page),
             "application page (kelurahan)": count_queries(operator_view, page)}
    applications = build(200)
    assert len(applications) == 200
    large = {"inbox": count_queries(coordinator, "/workflow/assessment/inbox/"),
             "application page": count_queries(coordinator, page),
             "application page (kelurahan)": count_queries(operator_view, page)}
    REPORT.update(small=small, large=large)
    print(f"\nqueries with 1 application: {small}\nqueries with 200 applications: {large}")
    assert small == large
    assert large["inbox"] <= 30 and large["application page"] <= 40
