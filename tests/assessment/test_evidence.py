"""Evidence files over HTTP, as the people who upload, read and judge them."""

import hashlib
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile

from assessment import actions
from assessment.models import AuditEvent, Evidence, EvidenceRequirement, Stage
from tests import files
from tests.factories import MembershipFactory, UserFactory
from tests.workflows import journey
from workflows.driver import complete_task
from workflows.flows import AssessmentFlow as Flow
from workflows.roles import Role

pytestmark = pytest.mark.django_db

ACCEPTED = [
    ("laporan.pdf", files.pdf, "pdf"), ("foto.png", files.png, "png"), ("foto.jpg", files.jpeg, "jpeg"),
    ("notulen.docx", files.docx, "docx"), ("data-pilah.xlsx", files.xlsx, "xlsx"), ("sk.odt", files.odt, "odt"),
    ("anggaran.ods", files.ods, "ods"),
]


@pytest.fixture
def application(cycle, people):
    return journey.start(cycle, people)


@pytest.fixture
def operator(client, people):
    client.force_login(people.operator)
    return client


def first_requirement(application) -> EvidenceRequirement:
    return EvidenceRequirement.objects.filter(indicator__framework=application.framework,
                                              indicator__number=1).order_by("sort_order", "pk").first()


def upload(client, application, name, content, requirement=None, **extra):
    requirement = requirement or first_requirement(application)
    data = {"_action": "save", f"evidence_req_{requirement.pk}": SimpleUploadedFile(name, content), **extra}
    return client.post(journey.task_url(application, Flow.self_assessment), data, follow=True)


def stored_files(location: Path) -> list[Path]:
    return [path for path in location.rglob("*") if path.is_file()]


@pytest.mark.parametrize("name, build, kind", ACCEPTED)
def test_operator_uploads_each_accepted_type_into_private_storage(operator, application, private_evidence_storage,
                                                                  name, build, kind):
    content = build()
    response = upload(operator, application, name, content)
    assert response.status_code == 200
    evidence = Evidence.objects.get()
    assert (evidence.kind, evidence.original_name, evidence.size) == (kind, name, len(content))
    assert evidence.sha256 == hashlib.sha256(content).hexdigest()
    assert evidence.requirement == first_requirement(application)
    assert evidence.uploaded_by.username == "operator"
    # Stored under a generated name, outside MEDIA_ROOT, byte for byte.
    [path] = stored_files(private_evidence_storage)
    assert path.read_bytes() == content
    assert name.rsplit(".", 1)[0] not in path.name
    assert not str(path).startswith(str(settings.MEDIA_ROOT))
    # The page lists it against the requirement, and the audit trail has it.
    assert name in response.content.decode()
    assert AuditEvent.objects.filter(action="evidence.uploaded", application=application).count() == 1


@pytest.mark.parametrize("name, content, reason", [
    ("laporan.pdf", files.windows_executable(), "Program dan skrip tidak diterima"),
    ("laporan.pdf", files.html_page(), "Halaman web dan gambar SVG tidak diterima"),
    ("logo.svg", files.svg_image(), "Halaman web dan gambar SVG tidak diterima"),
    ("semua-bukti.zip", files.plain_zip(), "Arsip (zip, rar, 7z, gz) tidak diterima"),
    ("kosong.pdf", b"", "Berkas kosong"),
])
def test_refused_files_get_a_clear_message_and_nothing_is_stored(operator, application, private_evidence_storage,
                                                                 name, content, reason):
    response = upload(operator, application, name, content)
    assert response.status_code == 200
    page = response.content.decode()
    assert reason in page and name in page
    assert not Evidence.objects.exists()
    assert stored_files(private_evidence_storage) == []
    assert not AuditEvent.objects.filter(action__startswith="evidence.").exists()


def test_a_file_over_the_configured_limit_is_refused(operator, application, private_evidence_storage, settings):
    settings.KRPPA_EVIDENCE_MAX_BYTES = 1000
    big = files.pdf("x" * 2000)
    response = upload(operator, application, "besar.pdf", big)
    assert "“besar.pdf” lebih besar dari 1000" in response.content.decode()
    assert not Evidence.objects.exists() and stored_files(private_evidence_storage) == []
    assert upload(operator, application, "kecil.pdf", files.pdf()).status_code == 200
    assert Evidence.objects.count() == 1


def test_same_content_to_the_same_answer_is_recognised_not_stored_twice(operator, application,
                                                                        private_evidence_storage):
    content = files.pdf("sama")
    upload(operator, application, "notulen.pdf", content)
    response = upload(operator, application, "notulen-salinan.pdf", content)
    assert "Sudah pernah diunggah" in response.content.decode()
    assert Evidence.objects.count() == 1
    assert len(stored_files(private_evidence_storage)) == 1


def test_one_scanned_document_may_serve_two_requirements_and_is_kept_once(operator, application,
                                                                         private_evidence_storage):
    first, second = EvidenceRequirement.objects.filter(
        indicator__framework=application.framework, indicator__number=1).order_by("sort_order", "pk")[:2]
    content = files.pdf("SK dan notulen dalam satu pindaian")
    upload(operator, application, "pindaian.pdf", content, requirement=first)
    response = upload(operator, application, "pindaian.pdf", content, requirement=second)
    assert "Sudah pernah diunggah" not in response.content.decode()
    assert {evidence.requirement_id for evidence in Evidence.objects.current()} == {first.pk, second.pk}
    assert len(stored_files(private_evidence_storage)) == 1  # the bytes once


def test_replacing_supersedes_and_keeps_the_history(operator, application, private_evidence_storage):
    upload(operator, application, "versi-1.pdf", files.pdf("satu"))
    first = Evidence.objects.get()
    response = operator.post(journey.task_url(application, Flow.self_assessment),
                             {"_action": "save", f"replace_{first.pk}": SimpleUploadedFile("versi-2.pdf",
                                                                                           files.pdf("dua"))},
                             follow=True)
    first.refresh_from_db()
    second = Evidence.objects.exclude(pk=first.pk).get()
    assert first.superseded_by == second and first.superseded_at is not None
    assert second.requirement == first.requirement and second.is_current
    assert list(Evidence.objects.current()) == [second]
    assert len(stored_files(private_evidence_storage)) == 2
    page = response.content.decode()
    assert "Versi sebelumnya (1)" in page and "versi-1.pdf" in page
    # The old file stays downloadable for the history.
    assert operator.get(f"/workflow/work/evidence/{first.pk}/").status_code == 200
    # Withdrawing also keeps it: it only leaves the current list.
    operator.post(journey.task_url(application, Flow.self_assessment), {"_action": "save",
                                                                        f"withdraw_{second.pk}": "1"})
    assert not Evidence.objects.current().exists() and Evidence.objects.count() == 2


def test_download_is_an_attachment_that_the_browser_must_not_sniff(operator, application):
    upload(operator, application, "foto.png", files.png())
    evidence = Evidence.objects.get()
    response = operator.get(f"/workflow/work/evidence/{evidence.pk}/")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"].startswith('attachment; filename="foto.png"')
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == files.png()


def test_a_name_that_claims_another_type_is_downloaded_with_the_real_extension(operator, application):
    upload(operator, application, "bukti.pdf", files.png())
    evidence = Evidence.objects.get()
    assert evidence.kind == "png"
    response = operator.get(f"/workflow/work/evidence/{evidence.pk}/")
    assert 'filename="bukti.pdf.png"' in response["Content-Disposition"]


def test_download_is_denied_across_regions_and_to_anonymous_users(client, operator, application, people):
    upload(operator, application, "laporan.pdf", files.pdf())
    url = f"/workflow/work/evidence/{Evidence.objects.get().pk}/"
    for outsider in (people.other_operator, people.banjarbaru_reviewer, people.banjarbaru_coordinator):
        client.force_login(outsider)
        response = client.get(url)
        assert response.status_code == 404, outsider
        assert not getattr(response, "streaming", False)
    national = UserFactory()
    MembershipFactory(user=national, role=Role.NATIONAL_VIEWER, region=None)
    client.force_login(national)  # may read the application, not its evidence
    assert client.get(url).status_code == 403
    client.logout()
    anonymous = client.get(url)
    assert anonymous.status_code == 302 and anonymous["Location"].startswith("/accounts/login/")
    for insider in (people.lurah, people.reviewer, people.coordinator, people.evaluator1, people.province):
        client.force_login(insider)
        assert client.get(url).status_code == 200, insider


def test_evidence_is_frozen_once_submitted_until_sent_back(operator, application, people):
    upload(operator, application, "laporan.pdf", files.pdf())
    journey.fill(application, people)
    complete_task(application, Flow.self_assessment, user=people.operator,
                          act=lambda: actions.send_to_lurah(application=application, by=people.operator))
    answer = Evidence.objects.get().answer
    evidence = Evidence.objects.get()
    late = SimpleUploadedFile("terlambat.pdf", files.pdf("late"))
    for attempt in (lambda: actions.upload_evidence(answer=answer, upload=late, by=people.operator),
                    lambda: actions.withdraw_evidence(evidence=evidence, by=people.operator)):
        with pytest.raises(actions.Refused):
            attempt()
    complete_task(application, Flow.lurah_submit, user=people.lurah, act=lambda: actions.return_to_operator(
        application=application, note="Lengkapi foto kegiatan.", by=people.lurah))
    result = actions.upload_evidence(answer=answer, upload=late, by=people.operator)
    assert result.stored and Evidence.objects.current().count() == 2


def test_only_the_operator_uploads(client, application, people):
    answer = application.answers.first()
    for person in (people.lurah, people.coordinator, people.other_operator):
        with pytest.raises(actions.Refused):
            actions.upload_evidence(answer=answer, upload=SimpleUploadedFile("a.pdf", files.pdf()), by=person)
    assert not Evidence.objects.exists()


def test_reviewer_marks_evidence_insufficient_and_the_kelurahan_reads_the_note(client, operator, application, people):
    upload(operator, application, "notulen.pdf", files.pdf())
    evidence = Evidence.objects.get()
    journey.advance(application, people, Stage.CITY_REVIEW)
    client.force_login(people.reviewer)
    url = journey.task_url(application, Flow.city_review, user=people.reviewer)
    page = client.get(url, follow=True).content.decode()
    assert f'name="insufficient_{evidence.pk}"' in page
    # A mark without a note is refused: the kelurahan must learn what is wrong.
    response = client.post(url, {"_action": "save", f"judged_{evidence.pk}": "1", f"insufficient_{evidence.pk}": "1"})
    assert "tuliskan apa yang kurang" in response.content.decode()
    evidence.refresh_from_db()
    assert not evidence.insufficient
    client.post(url, {"_action": "save", f"judged_{evidence.pk}": "1", f"insufficient_{evidence.pk}": "1",
                      f"insufficient_note_{evidence.pk}": "Daftar hadir tidak ditandatangani."})
    evidence.refresh_from_db()
    assert evidence.insufficient and evidence.judged_by == people.reviewer
    assert AuditEvent.objects.filter(action="evidence.judged", object_id=str(evidence.pk)).exists()
    # The operator and the lurah see the note on the application page.
    for person in (people.operator, people.lurah):
        client.force_login(person)
        page = client.get(journey.application_url(application)).content.decode()
        assert "Daftar hadir tidak ditandatangani." in page
    # Judging is a reviewer's right: the lurah cannot.
    with pytest.raises(actions.Refused):
        actions.judge_evidence(evidence=evidence, insufficient=False, by=people.lurah)


def test_a_page_opened_before_a_colleagues_mark_does_not_undo_it(client, operator, application, people):
    upload(operator, application, "notulen.pdf", files.pdf())
    evidence = Evidence.objects.get()
    journey.advance(application, people, Stage.CITY_REVIEW)
    client.force_login(people.reviewer)
    url = journey.task_url(application, Flow.city_review, user=people.reviewer)
    page = client.get(url, follow=True).content.decode()
    assert f'name="shown_insufficient_{evidence.pk}" value="0"' in page
    stale_form = {"_action": "save", f"judged_{evidence.pk}": "1", f"shown_insufficient_{evidence.pk}": "0",
                  f"shown_note_{evidence.pk}": "", f"insufficient_note_{evidence.pk}": ""}
    # Meanwhile the file is marked (by a colleague on the panel, or in another tab).
    actions.judge_evidence(evidence=evidence, insufficient=True, note="Tanpa tanda tangan.", by=people.reviewer)
    client.post(url, stale_form)
    evidence.refresh_from_db()
    assert evidence.insufficient and evidence.insufficient_note == "Tanpa tanda tangan."
    # What the reviewer does change on that page is saved.
    client.post(url, {**stale_form, f"insufficient_{evidence.pk}": "1",
                      f"insufficient_note_{evidence.pk}": "Daftar hadir kosong."})
    evidence.refresh_from_db()
    assert evidence.insufficient_note == "Daftar hadir kosong."


def test_missing_required_evidence_is_visible_to_the_lurah_and_the_reviewers(client, operator, application, people):
    requirement = first_requirement(application)
    upload(operator, application, "notulen.pdf", files.pdf(), requirement=requirement)
    journey.advance(application, people, Stage.LURAH_SUBMIT)
    client.force_login(people.lurah)
    page = client.get(journey.task_url(application, Flow.lurah_submit), follow=True).content.decode()
    required = EvidenceRequirement.objects.filter(indicator__framework=application.framework, required=True).count()
    assert f"{required - 1} bukti dukung wajib masih belum ada" in page
    assert "notulen.pdf" in page


def test_a_refused_send_says_the_chosen_files_must_be_chosen_again(operator, application, private_evidence_storage):
    response = upload(operator, application, "notulen.pdf", files.pdf(), _action="send")  # no answers yet
    page = response.content.decode()
    assert "Berkas yang Anda pilih belum diunggah; pilih lagi." in page
    assert not Evidence.objects.exists() and not stored_files(private_evidence_storage)
