"""Drive the assessment flow over HTTP, as each person would with a browser."""

import datetime

from django.test import Client
from django.utils import timezone
from viewflow.workflow.status import STATUS

from assessment.models import Application, Review
from workflows.flows import AssessmentFlow as Flow
from workflows.models import AssessmentTask

START_URL = "/workflow/assessment/start/"


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def open_task(application, node):
    return AssessmentTask.objects.filter(process__assessmentprocess__application=application, flow_task=node,
                                         status__in=[STATUS.NEW, STATUS.ASSIGNED]).order_by("pk")


def task_urls(task):
    args = [task.process_id, task.pk]
    return {name: task.flow_task.reverse(name, args=args) for name in ("index", "assign", "execute", "detail")}


class Walk:
    """One application's journey; `step(user, node, data)` takes the task if needed and submits its form."""

    def __init__(self, framework):
        self.framework = framework
        self.indicators = list(framework.indicators.order_by("number"))
        self.clients = {}
        self.application = None

    def client(self, user) -> Client:
        if user.pk not in self.clients:
            self.clients[user.pk] = client_for(user)
        return self.clients[user.pk]

    # -- steps -----------------------------------------------------------------------------------

    def start(self, operator, cycle, kelurahan="63.71.02.1004"):
        response = self.client(operator).post(START_URL, {"kelurahan": kelurahan, "cycle": cycle.pk})
        assert response.status_code == 302, response.content.decode()[:2000]
        self.application = Application.objects.get(cycle=cycle, kelurahan_id=kelurahan)
        return response

    def task_for(self, node, user):
        tasks = [task for task in open_task(self.application, node) if task.owner_id in (None, user.pk)]
        assert tasks, f"no open {node.name} task for {user}"
        return tasks[0]

    def take(self, user, node):
        """Open the task as `user` the way the inbox link does; take it from the queue if it is there."""
        task = self.task_for(node, user)
        urls = task_urls(task)
        client = self.client(user)
        response = client.get(urls["index"])
        assert response.status_code == 302, response.status_code
        if response["Location"] == urls["assign"]:
            assert client.post(urls["assign"]).status_code == 302
        else:
            assert response["Location"] == urls["execute"], response["Location"]
        return task, urls

    def step(self, user, node, data, *, expect_done=True):
        task, urls = self.take(user, node)
        client = self.client(user)
        page = client.get(urls["execute"])
        assert page.status_code == 200, page.status_code
        response = client.post(urls["execute"], data)
        if expect_done:
            assert response.status_code == 302, self.errors(response)
            task.refresh_from_db()
            assert task.status == STATUS.DONE, task.status
        self.application.refresh_from_db()
        return response

    @staticmethod
    def errors(response):
        form = response.context.get("form") if response.context else None
        return form.errors if form is not None else response.content.decode()[:2000]

    # -- form data -------------------------------------------------------------------------------

    def levels(self, ranks):
        return {indicator.pk: indicator.ordered_levels()[rank] for indicator, rank in zip(self.indicators, ranks,
                                                                                           strict=True)}

    def self_assessment(self, ranks=(2,) * 10, action="send", skip=()):
        data = {"_action": action}
        for indicator, level in self.levels(ranks).items():
            if indicator in skip:
                continue
            data[f"level_{indicator}"] = level.pk
            data[f"text_{indicator}"] = f"Bukti untuk indikator {indicator}."
        return data

    def review(self, ranks=(2,) * 10, action="submit", **extra):
        data = {"_action": action, "comment": "Cukup baik.", **extra}
        for indicator, level in self.levels(ranks).items():
            data[f"level_{indicator}"] = level.pk
            data[f"text_{indicator}"] = "Sesuai dokumen."
        return data

    # -- whole stretches ---------------------------------------------------------------------------

    def to_city_screening(self, people, cycle):
        self.start(people.operator, cycle)
        self.step(people.operator, Flow.self_assessment, self.self_assessment())
        self.step(people.lurah, Flow.lurah_submit, {"decision": "submit", "attest": "on"})

    def to_city_decision(self, people, cycle, reviewers=None, ranks=(2,) * 10):
        self.to_city_screening(people, cycle)
        reviewers = reviewers or [people.reviewer]
        self.step(people.coordinator, Flow.city_screening,
                  {"decision": "complete", "reviewers": [reviewer.pk for reviewer in reviewers]})
        for reviewer in reviewers:
            self.step(reviewer, Flow.city_review, self.review(ranks, recommendation="recommend"))

    def to_province_decision(self, people, cycle, ranks=(2,) * 10):
        self.to_city_decision(people, cycle, ranks=ranks)
        self.step(people.coordinator, Flow.city_decision, {"outcome": "recommend"})
        visit = (timezone.localdate() + datetime.timedelta(days=7)).isoformat()
        self.step(people.province, Flow.province_assignment,
                  {"evaluators": [people.evaluator1.pk, people.evaluator2.pk], "field_visit_on": visit})
        for evaluator in (people.evaluator1, people.evaluator2):
            self.step(evaluator, Flow.province_evaluation,
                      self.review(ranks, field_findings="Pos pengaduan aktif; forum anak bertemu bulanan."))

    def reviews(self, stage):
        return Review.objects.filter(application=self.application, stage=stage).order_by("round", "pk")
