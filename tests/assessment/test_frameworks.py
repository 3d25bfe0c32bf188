import pytest

from assessment.models import (
    Category,
    EvidenceRequirement,
    Framework,
    FrameworkInUse,
    Indicator,
    RubricLevel,
)
from tests.factories import ApplicationFactory


def test_krppa_2025_has_ten_indicators_worth_1000_points(framework):
    indicators = list(framework.indicators.order_by("number"))
    assert [indicator.number for indicator in indicators] == list(range(1, 11))
    assert sum(indicator.max_points for indicator in indicators) == 1000
    assert framework.structure_problems() == []
    assert indicators[0].title == "Pengorganisasian perempuan dan anak"
    assert indicators[9].title == "Tidak ada perkawinan anak (di bawah 19 tahun)"
    for indicator in indicators:
        assert indicator.title_en and indicator.description and indicator.description_en
        assert 2 <= indicator.evidence_requirements.count() <= 4
        levels = indicator.ordered_levels()
        assert levels[0].points == 0 and levels[-1].points == indicator.max_points
        assert all(level.descriptor and level.descriptor_en for level in levels)


def test_indicator_3_asks_for_the_perwali_or_sk_lurah(framework):
    titles = " ".join(framework.indicators.get(number=3).evidence_requirements.values_list("title", flat=True))
    assert "Perwali" in titles and "SK Lurah" in titles


def test_categories_follow_the_kla_bands_and_the_fixture_says_they_are_illustrative(framework):
    bands = list(framework.categories.values_list("name", "min_points", "max_points"))
    assert bands == [("Pratama", 500, 600), ("Madya", 601, 700), ("Nindya", 701, 800), ("Utama", 801, 900),
                     ("Paripurna", 901, 1000)]
    assert "contoh bawaan" in framework.scoring_note and "KLA" in framework.scoring_note
    assert "illustrative default" in framework.scoring_note_en


def test_the_framework_is_published(framework):
    assert framework.live
    assert framework.live_revision is not None
    assert Framework.objects.published().filter(pk=framework.pk).exists()


def test_structure_problems_catch_a_wrong_total(framework):
    indicator = framework.indicators.get(number=1)
    indicator.max_points = 90
    indicator.save()
    problems = framework.structure_problems()
    assert any("990" in str(problem) for problem in problems)
    assert any("highest level gives 100 points, not its maximum 90" in str(problem) for problem in problems)


@pytest.mark.usefixtures("kalsel")
class TestFreezing:
    @pytest.fixture
    def in_use(self, framework):
        ApplicationFactory(cycle__framework=framework)
        return framework

    def test_an_unused_framework_can_be_edited(self, framework):
        framework.name = "KRPPA 2025 (revisi)"
        framework.save()
        assert not framework.is_in_use

    def test_a_used_framework_refuses_every_change(self, in_use):
        assert in_use.is_in_use
        indicator = in_use.indicators.get(number=3)
        level = indicator.levels.first()
        requirement = indicator.evidence_requirements.first()
        category = in_use.categories.first()
        in_use.name = "Changed"
        changes = [
            in_use.save, in_use.delete, indicator.save, indicator.delete, level.save, level.delete,
            requirement.save, requirement.delete, category.save, category.delete,
            lambda: RubricLevel.objects.create(indicator=indicator, label="x", points=5, descriptor="x"),
            lambda: EvidenceRequirement.objects.create(indicator=indicator, title="x"),
            lambda: Category.objects.create(framework=in_use, name="x", min_points=1, max_points=2),
            lambda: Indicator.objects.create(framework=in_use, number=11, slug="x", title="x", max_points=1),
        ]
        for change in changes:
            with pytest.raises(FrameworkInUse) as refused:
                change()
            assert refused.value.code == "framework_in_use"
        in_use.refresh_from_db()
        assert in_use.name == "KRPPA 2025"
        assert RubricLevel.objects.filter(indicator__framework=in_use).count() == 40

    def test_a_new_version_is_an_editable_copy(self, in_use):
        copy = in_use.copy_as_new_version()
        assert copy.pk != in_use.pk and copy.slug == "krppa-2025-v2" and copy.version == 2
        assert not copy.live and copy.derived_from == in_use
        assert copy.structure_problems() == []
        assert copy.indicators.count() == 10
        assert RubricLevel.objects.filter(indicator__framework=copy).count() == 40
        assert EvidenceRequirement.objects.filter(indicator__framework=copy).count() == \
            EvidenceRequirement.objects.filter(indicator__framework=in_use).count()
        level = RubricLevel.objects.filter(indicator__framework=copy).last()
        level.descriptor = "Edited in the new version"
        level.save()
        assert copy.copy_as_new_version().slug == "krppa-2025-v3"
