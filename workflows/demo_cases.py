"""The demo's story of Kota Banjarmasin, told by driving the real flow.

Last year's cycle designated 11 kelurahan (the five that formed KRPPA first among them, as in the
city's real story); this year's cycle has two kelurahan in provincial evaluation, a few at each
earlier stage, and the rest not started. Dates follow the calendar of whoever runs the demo; a
few open tasks have waited past their deadline. Every self-assessment carries generated evidence
files (a few required ones still missing, two marked insufficient by the city reviewer, one
replaced), so the demo shows what reviewers see.
"""

import datetime
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from viewflow.workflow.status import STATUS

from assessment import actions
from assessment.models import (
    Application,
    Cycle,
    Evidence,
    Framework,
    Recommendation,
    Region,
    Review,
    ReviewStage,
    Stage,
)

from . import demo_files, notifications
from .actions import grant_membership
from .driver import complete_task, start_process
from .flows import AssessmentFlow as Flow
from .models import AssessmentTask
from .roles import Role

CITY = "63.71"
# Rubric ranks (0 = Belum ada … 3 = Terpenuhi) per indicator 1–10.
NINDYA = (3, 3, 3, 2, 2, 2, 2, 2, 2, 2)      # 790
MADYA = (3, 2, 2, 2, 2, 2, 2, 2, 1, 1)       # 670
PRATAMA = (2, 2, 2, 2, 2, 1, 1, 1, 1, 2)     # 580
MODEST = (2, 1, 2, 1, 1, 1, 2, 1, 1, 1)      # 490


@dataclass(frozen=True)
class Case:
    code: str
    until: str            # the stage the demo leaves the application at
    claim: tuple          # the kelurahan's own ranks
    verified: tuple       # what reviewers and evaluators find
    batch: int = 0        # 1 or 2: which of last year's decrees designated it
    waiting_days: int = 0  # how long its open task has been waiting (some are overdue, as in real life)


LAST_YEAR = [
    Case("63.71.02.1004", Stage.DESIGNATED, NINDYA, MADYA, batch=1),      # Sungai Bilu
    Case("63.71.05.1010", Stage.DESIGNATED, MADYA, MADYA, batch=1),       # Sungai Baru
    Case("63.71.04.1003", Stage.DESIGNATED, MADYA, PRATAMA, batch=1),     # Alalak Selatan
    Case("63.71.01.1009", Stage.DESIGNATED, NINDYA, MADYA, batch=1),      # Tanjung Pagar
    Case("63.71.03.1004", Stage.DESIGNATED, NINDYA, NINDYA, batch=1),     # Telaga Biru
    Case("63.71.02.1001", Stage.DESIGNATED, MADYA, PRATAMA, batch=2),     # Kuripan
    Case("63.71.02.1008", Stage.DESIGNATED, MADYA, MADYA, batch=2),       # Pekapuran Raya
    Case("63.71.01.1002", Stage.DESIGNATED, PRATAMA, PRATAMA, batch=2),   # Kelayan Selatan
    Case("63.71.03.1002", Stage.DESIGNATED, NINDYA, MADYA, batch=2),      # Belitung Selatan
    Case("63.71.04.1004", Stage.DESIGNATED, MADYA, MADYA, batch=2),       # Sungai Jingah
    Case("63.71.05.1003", Stage.DESIGNATED, PRATAMA, PRATAMA, batch=2),   # Mawar
    Case("63.71.01.1007", Stage.NOT_RECOMMENDED, PRATAMA, MODEST),        # Murung Raya
]
THIS_YEAR = [
    Case("63.71.02.1002", Stage.PROVINCE_EVALUATION, MADYA, MADYA,        # Kebun Bunga (one evaluator done)
         waiting_days=25),
    Case("63.71.05.1006", Stage.PROVINCE_ASSIGNMENT, NINDYA, MADYA),      # Pasar Lama → evaluation below
    Case("63.71.05.1004", Stage.CITY_DECISION, MADYA, PRATAMA),           # Teluk Dalam
    Case("63.71.04.1009", Stage.CITY_REVIEW, PRATAMA, PRATAMA),           # Kuin Utara
    Case("63.71.03.1003", Stage.CITY_SCREENING, MADYA, MADYA, waiting_days=9),   # Pelambuan
    Case("63.71.01.1001", Stage.LURAH_SUBMIT, PRATAMA, PRATAMA, waiting_days=12),  # Mantuil
    Case("63.71.02.1005", Stage.SELF_ASSESSMENT, MADYA, MADYA),           # Sungai Lulut (half-way)
    Case("63.71.01.1004", Stage.SELF_ASSESSMENT, PRATAMA, PRATAMA,        # Kelayan Barat (returned)
         waiting_days=33),
]
ORDER = [Stage.SELF_ASSESSMENT, Stage.LURAH_SUBMIT, Stage.CITY_SCREENING, Stage.CITY_REVIEW, Stage.CITY_DECISION,
         Stage.PROVINCE_ASSIGNMENT, Stage.PROVINCE_EVALUATION, Stage.PROVINCE_DECISION, Stage.DESIGNATED]

FIRST_NAMES = ["Siti", "Nur", "Rahmat", "Dewi", "Hendra", "Rina", "Agus", "Lina", "Bayu", "Yuni", "Fajar", "Sri",
               "Andi", "Maya", "Irwan", "Wulan", "Rizki", "Ani", "Dedi", "Putri"]
LAST_NAMES = ["Hidayati", "Saputra", "Wahyuni", "Pratama", "Lestari", "Kurniawan", "Rahmawati", "Setiawan",
              "Aulia", "Maulana"]


def _slug(name: str) -> str:
    return "".join(char for char in name.lower() if char.isalnum())


def kelurahan_people(kelurahan: Region):
    """The kelurahan's operator and lurah demo accounts (operator.<name>, lurah.<name>)."""
    users = []
    User = get_user_model()
    for index, role in enumerate((Role.OPERATOR, Role.LURAH)):
        username = f"{role if role == Role.LURAH else 'operator'}.{_slug(kelurahan.name)}"
        seed = sum(map(ord, username))
        user, created = User.objects.get_or_create(
            username=username,
            defaults={"first_name": FIRST_NAMES[(seed + index) % len(FIRST_NAMES)],
                      "last_name": LAST_NAMES[seed % len(LAST_NAMES)], "email": f"{username}@example.org"})
        if created:
            from .demo import demo_password_hash

            user.password = demo_password_hash()
            user.save(update_fields=["password"])
        grant_membership(user=user, role=role, region=kelurahan)
        users.append(user)
    return users


def _levels(framework: Framework):
    indicators = list(framework.indicators.order_by("number").prefetch_related("levels"))
    return [(indicator, indicator.ordered_levels()) for indicator in indicators]


# Evidence a reviewer found insufficient: kelurahan code -> (indicator number, the note the kelurahan reads).
JUDGED = {
    "63.71.04.1009": (2, "Data belum dipilah menurut kelompok umur anak (0-17 tahun); lengkapi per RT."),
    "63.71.05.1004": (6, "Daftar hadir pelatihan tidak bertanggal dan tidak ditandatangani narasumber."),
}
# Weaker kelurahan have not found every required document yet: indicator numbers whose second one is missing.
STILL_MISSING = {PRATAMA: (6, 9), MODEST: (2, 6, 9)}
PHOTO_INDICATORS = (1, 7, 8)

NARRATIVE = ("{descriptor} Kegiatan dicatat oleh operator kelurahan dan dibahas dalam rapat gugus tugas KRPPA; "
             "dokumen pendukung disiapkan untuk verifikasi.")


class Story:
    def __init__(self, log=print):
        self.log = log
        User = get_user_model()
        self.coordinator = User.objects.get(username="koordinator.banjarmasin")
        self.reviewer = User.objects.get(username="reviewer.banjarmasin")
        self.province = User.objects.get(username="koordinator.kalsel")
        self.evaluators = [User.objects.get(username=f"evaluator{n}.kalsel") for n in (1, 2)]
        self.framework = Framework.objects.get(slug="krppa-2025")
        self.levels = _levels(self.framework)

    def cycles(self):
        year = timezone.localdate().year
        made = []
        for offset in (1, 0):
            cycle, _created = Cycle.objects.get_or_create(
                region_id=CITY, year=year - offset,
                defaults={"framework": self.framework, "name": f"KRPPA Kota Banjarmasin {year - offset}",
                          "opens_on": datetime.date(year - offset, 1, 1),
                          "closes_on": datetime.date(year - offset, 12, 31)})
            made.append(cycle)
        return made

    def tell(self):
        last_year, this_year = self.cycles()
        # The story is the past: nobody is e-mailed about it now.
        with notifications.muted():
            for cycles, cases in ((last_year, LAST_YEAR), (this_year, THIS_YEAR)):
                for case in cases:
                    if Application.objects.filter(cycle=cycles, kelurahan_id=case.code).exists():
                        continue
                    with transaction.atomic():
                        self.play(cycles, case)
                        if case.waiting_days:
                            self.wait(cycles, case)

    def wait(self, cycle: Cycle, case: Case):
        """Date the open task (and the stage) `case.waiting_days` back, so deadlines mean something."""
        application = Application.objects.get(cycle=cycle, kelurahan_id=case.code)
        since = timezone.now() - datetime.timedelta(days=case.waiting_days)
        AssessmentTask.objects.filter(process__assessmentprocess__application=application, flow_task_type="HUMAN",
                                      status__in=[STATUS.NEW, STATUS.ASSIGNED]).update(created=since)
        Application.objects.filter(pk=application.pk).update(stage_entered_at=since)

    def attach_evidence(self, application, operator, case: Case, indicators: int | None = None):
        """Generated PDFs for the required evidence (a few still missing for weaker kelurahan), some photos."""
        kelurahan = application.kelurahan.name
        missing = STILL_MISSING.get(case.claim, ())
        answers = application.answers.select_related("indicator").order_by("indicator__number")[:indicators]
        for answer in answers:
            number = answer.indicator.number
            requirements = [requirement for requirement in answer.indicator.evidence_requirements.all()
                            if requirement.required]
            for position, requirement in enumerate(requirements):
                if number in missing and position == 1:
                    continue
                content = demo_files.pdf(requirement.title, [
                    f"Kelurahan {kelurahan}, Kota Banjarmasin - {application.cycle.year}.",
                    f"Indikator {number}: {answer.indicator.title}.",
                    "Dokumen contoh yang dibuat oleh data demo KRPPA.",
                ])
                actions.upload_evidence(answer=answer, requirement=requirement, by=operator,
                                        upload=ContentFile(content, name=f"{slugify(requirement.title)[:60]}.pdf"))
            if number in PHOTO_INDICATORS:
                caption = f"Kegiatan indikator {number} - {kelurahan} {application.cycle.year}"
                actions.upload_evidence(answer=answer, by=operator, upload=ContentFile(
                    demo_files.photo(caption, seed=number), name=f"foto-kegiatan-{number}.png"))

    def replace_one(self, application, operator):
        """Show the history: the first file of indicator 1 replaced by a corrected one."""
        answer = application.answers.get(indicator__number=1)
        first = answer.evidence.current().exclude(requirement=None).order_by("pk").first()
        content = demo_files.pdf(f"{first.requirement.title} (perbaikan)",
                                 [f"Kelurahan {application.kelurahan.name}: versi yang sudah ditandatangani."])
        actions.upload_evidence(answer=answer, by=operator, replaces=first,
                                upload=ContentFile(content, name=f"{slugify(first.requirement.title)[:50]}-ttd.pdf"))

    def judge(self, application, case: Case):
        number, note = JUDGED[case.code]
        evidence = (Evidence.objects.current().filter(answer__application=application,
                                                      answer__indicator__number=number)
                    .exclude(requirement=None).order_by("pk").first())
        actions.judge_evidence(evidence=evidence, insufficient=True, note=note, by=self.reviewer)

    def choices(self, ranks):
        return {indicator.pk: levels[rank] for (indicator, levels), rank in zip(self.levels, ranks, strict=True)}

    def play(self, cycle: Cycle, case: Case):
        kelurahan = Region.objects.get(code=case.code)
        operator, lurah = kelurahan_people(kelurahan)
        started_on = cycle.opens_on + datetime.timedelta(days=31)
        application = actions.start_application(cycle=cycle, kelurahan=kelurahan, by=operator, day=started_on)
        start_process(application)
        target = ORDER.index(case.until) if case.until in ORDER else ORDER.index(Stage.CITY_DECISION)
        claim = self.choices(case.claim)
        verified = self.choices(case.verified)

        half_way = case.until == Stage.SELF_ASSESSMENT and case.code == "63.71.02.1005"
        answers = {pk: actions.AnswerInput(level.pk, NARRATIVE.format(descriptor=level.descriptor))
                   for pk, level in list(claim.items())[: 5 if half_way else None]}
        actions.save_answers(application=application, answers=answers, by=operator)
        self.attach_evidence(application, operator, case, indicators=5 if half_way else None)
        if half_way:
            self.replace_one(application, operator)
            return self.log(f"  {kelurahan.name}: self-assessment half-way")

        def send():
            actions.send_to_lurah(application=application, by=operator)

        complete_task(application, Flow.self_assessment, user=operator, act=send)
        if case.until == Stage.SELF_ASSESSMENT:  # sent back as incomplete by the city
            complete_task(application, Flow.lurah_submit, user=lurah, act=lambda: actions.submit_self_assessment(
                application=application, attestation="Demo", by=lurah))
            complete_task(application, Flow.city_screening, user=self.coordinator,
                          act=lambda: actions.return_as_incomplete(
                              application=application, by=self.coordinator,
                              note="Narasi indikator 3 belum menyebut SK Lurah; lengkapi dan kirim ulang."))
            return self.log(f"  {kelurahan.name}: returned as incomplete")
        if target <= ORDER.index(Stage.LURAH_SUBMIT):
            return self.log(f"  {kelurahan.name}: waiting for the lurah")
        complete_task(application, Flow.lurah_submit, user=lurah, act=lambda: actions.submit_self_assessment(
            application=application, attestation="Saya menyatakan penilaian mandiri ini benar.", by=lurah))
        if target <= ORDER.index(Stage.CITY_SCREENING):
            return self.log(f"  {kelurahan.name}: waiting for screening")
        complete_task(application, Flow.city_screening, user=self.coordinator, act=lambda: actions.screen_application(
            application=application, reviewers=[self.reviewer], by=self.coordinator))
        if case.code in JUDGED:
            self.judge(application, case)
        if target <= ORDER.index(Stage.CITY_REVIEW):
            return self.log(f"  {kelurahan.name}: in city review")
        recommendation = Recommendation.NOT_RECOMMEND if case.verified == MODEST else Recommendation.RECOMMEND
        self.review(application, ReviewStage.CITY, self.reviewer, Flow.city_review, verified,
                    recommendation=recommendation)
        if target <= ORDER.index(Stage.CITY_DECISION) and case.until != Stage.NOT_RECOMMENDED:
            return self.log(f"  {kelurahan.name}: waiting for the city's decision")
        if case.until == Stage.NOT_RECOMMENDED:
            complete_task(application, Flow.city_decision, user=self.coordinator, act=lambda: actions.decide_city(
                application=application, outcome="not_recommended", by=self.coordinator,
                note="Belum ada mekanisme pengaduan dan data pilah. Silakan ikut pelatihan gugus tugas dan "
                     "mengajukan lagi tahun depan."))
            return self.log(f"  {kelurahan.name}: not recommended")
        complete_task(application, Flow.city_decision, user=self.coordinator, act=lambda: actions.decide_city(
            application=application, outcome="recommend", note="", by=self.coordinator))
        if case.until == Stage.PROVINCE_ASSIGNMENT:
            case = Case(case.code, Stage.PROVINCE_EVALUATION, case.claim, case.verified)
            visit_on = timezone.localdate() + datetime.timedelta(days=10)
        else:
            visit_on = cycle.opens_on + datetime.timedelta(days=150 if case.batch == 1 else 250)
        complete_task(application, Flow.province_assignment, user=self.province,
                      act=lambda: actions.assign_province_panel(application=application, evaluators=self.evaluators,
                                                                field_visit_on=visit_on, by=self.province))
        if case.until == Stage.PROVINCE_EVALUATION:
            if case.code == "63.71.02.1002":
                self.review(application, ReviewStage.PROVINCE, self.evaluators[0], Flow.province_evaluation,
                            verified)
            return self.log(f"  {kelurahan.name}: in provincial evaluation")
        for evaluator in self.evaluators:
            self.review(application, ReviewStage.PROVINCE, evaluator, Flow.province_evaluation, verified)
        sk_date = datetime.date(cycle.year, 7, 22) if case.batch == 1 else datetime.date(cycle.year, 11, 10)
        sk_number = f"188.44/{'0412' if case.batch == 1 else '0756'}/KUM/{cycle.year}"
        complete_task(application, Flow.province_decision, user=self.province, act=lambda: actions.decide_province(
            application=application, outcome="designate", note="", by=self.province, sk_number=sk_number,
            sk_date=sk_date))
        self.log(f"  {kelurahan.name}: designated")

    def review(self, application, stage, reviewer, node, verified, recommendation=Recommendation.RECOMMEND):
        review = Review.objects.get(application=application, stage=stage, reviewer=reviewer, submitted_at=None)
        scores = {pk: actions.ScoreInput(level.pk, "Sesuai dokumen dan wawancara.") for pk, level in verified.items()}
        complete_task(application, node, user=reviewer, act=lambda: actions.save_review(
            review=review, scores=scores, by=reviewer, submit=True,
            recommendation=recommendation if stage == ReviewStage.CITY else "",
            comment="Dokumen lengkap; beberapa kegiatan perlu dibuat rutin.",
            field_findings="Kunjungan lapangan: gugus tugas aktif, pos pengaduan ada di kantor kelurahan."
            if stage == ReviewStage.PROVINCE else ""))
