"""Applications pushed through the assessment actions (no Viewflow process), for the export tests."""

import datetime

from django.utils import timezone

from assessment import actions
from assessment.models import Application, Region, Review, ReviewStage


def levels(framework, ranks):
    """indicator pk -> the level of the given rank (0 = lowest), one rank per indicator in number order."""
    indicators = list(framework.indicators.order_by("number"))
    return {indicator.pk: indicator.ordered_levels()[rank] for indicator, rank in zip(indicators, ranks, strict=True)}


def points_of(framework, ranks):
    return [level.points for level in levels(framework, ranks).values()]


class Journey:
    """One application, moved stage by stage by the actions themselves."""

    def __init__(self, cycle, code, people):
        self.framework = cycle.framework
        self.people = people
        self.application = actions.start_application(cycle=cycle, kelurahan=Region.objects.get(code=code), by=None)

    def answer(self, ranks, narrative="Ada."):
        answers = {pk: actions.AnswerInput(level.pk, narrative) for pk, level in levels(self.framework, ranks).items()}
        actions.save_answers(application=self.application, answers=answers, by=None)
        return self

    def submit(self, ranks=(2,) * 10):
        self.answer(ranks)
        actions.send_to_lurah(application=self.application, by=None)
        actions.submit_self_assessment(application=self.application, attestation="ok", by=None)
        return self

    def _score(self, stage, panel_ranks, comment="Sesuai dokumen."):
        reviews = list(Review.objects.current(self.application, stage).order_by("pk"))
        for review, ranks in zip(reviews, panel_ranks, strict=True):
            scores = {pk: actions.ScoreInput(level.pk, comment) for pk, level in levels(self.framework, ranks).items()}
            actions.save_review(review=review, scores=scores, by=None, submit=True, recommendation="recommend",
                                comment="Cukup baik.", field_findings="Pos pengaduan aktif.")

    def city(self, *panel_ranks, reviewers=None):
        reviewers = reviewers or [self.people.reviewer, self.people.reviewer2][:len(panel_ranks)]
        actions.screen_application(application=self.application, reviewers=reviewers, by=self.people.coordinator)
        self._score(ReviewStage.CITY, panel_ranks)
        return self

    def recommend(self, note=""):
        actions.decide_city(application=self.application, outcome="recommend", note=note,
                            by=self.people.coordinator)
        return self

    def province(self, *panel_ranks):
        evaluators = [self.people.evaluator1, self.people.evaluator2][:len(panel_ranks)]
        actions.assign_province_panel(application=self.application, evaluators=evaluators, by=self.people.province,
                                      field_visit_on=timezone.localdate() + datetime.timedelta(days=3))
        self._score(ReviewStage.PROVINCE, panel_ranks)
        return self

    def designate(self, sk_number="188.44/123/KUM/2026", note="Selamat."):
        actions.decide_province(application=self.application, outcome="designate", note=note, by=self.people.province,
                                sk_number=sk_number, sk_date=timezone.localdate())
        actions.write_designation(application=self.application, by=None)
        return self

    def entered(self, days_ago: int):
        """Pretend the application entered its stage `days_ago` days ago."""
        entered = timezone.now() - datetime.timedelta(days=days_ago)
        Application.objects.filter(pk=self.application.pk).update(stage_entered_at=entered)
        self.application.refresh_from_db()
        return self
