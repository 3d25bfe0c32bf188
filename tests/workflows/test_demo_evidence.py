"""The demo shows evidence, judgements, a replaced file and overdue tasks — and stays idempotent."""

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from viewflow.workflow.status import STATUS

from assessment.models import Application, Evidence, Stage
from workflows.deadlines import deadline_of
from workflows.models import AssessmentTask

pytestmark = pytest.mark.django_db


def test_demo_applications_carry_generated_evidence_and_a_second_run_changes_nothing(
        private_evidence_storage, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_demo", stdout=open("/dev/null", "w"))
    assert mail.outbox == []  # the story is the past: nobody is e-mailed about it
    files = sorted(path for path in private_evidence_storage.rglob("*") if path.is_file())
    evidence = Evidence.objects.count()
    assert evidence == len(files) > 300
    assert {path.read_bytes()[:5] for path in files} <= {b"%PDF-", b"\x89PNG\r"}

    past_self_assessment = Application.objects.exclude(stage=Stage.SELF_ASSESSMENT)
    assert past_self_assessment.exists()
    for application in past_self_assessment:
        assert Evidence.objects.of_application(application).current().count() >= 20, application
    assert set(Evidence.objects.values_list("kind", flat=True)) == {"pdf", "png"}
    assert Evidence.objects.filter(insufficient=True).count() == 2
    assert Evidence.objects.superseded().count() == 1

    open_tasks = AssessmentTask.objects.filter(flow_task_type="HUMAN", status__in=[STATUS.NEW, STATUS.ASSIGNED])
    overdue = [task for task in open_tasks.select_related("process__assessmentprocess__application__cycle")
               if deadline_of(task, task.process.assessmentprocess.application.cycle, timezone.now()).is_overdue]
    assert len(overdue) >= 4

    call_command("load_demo", stdout=open("/dev/null", "w"))
    assert Evidence.objects.count() == evidence
    assert sorted(path for path in private_evidence_storage.rglob("*") if path.is_file()) == files
