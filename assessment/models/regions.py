"""The Kemendagri region hierarchy in one table.

The dotted code is the primary key and is hierarchical (`63`, `63.71`, `63.71.02`, `63.71.02.1004`),
so a subtree is a prefix match — indexable, no recursion — and rows that point at a region (an
application's kelurahan, a designation) can be filtered by region without a join.
"""

import re

from django.db import models
from django.utils.translation import gettext_lazy as _

CODE_PATTERN = re.compile(r"^\d{2}(\.\d{2}(\.\d{2}(\.\d{4})?)?)?$")


class Level(models.IntegerChoices):
    PROVINCE = 1, _("Province")
    CITY = 2, _("City/regency")
    DISTRICT = 3, _("District (kecamatan)")
    VILLAGE = 4, _("Village")


class Kind(models.TextChoices):
    PROVINSI = "provinsi", _("Province")
    KOTA = "kota", _("City")
    KABUPATEN = "kabupaten", _("Regency")
    KECAMATAN = "kecamatan", _("Kecamatan")
    KELURAHAN = "kelurahan", _("Kelurahan")
    DESA = "desa", _("Desa")
    DESA_ADAT = "desa_adat", _("Desa adat")


VILLAGE_KINDS = {"1": Kind.KELURAHAN, "2": Kind.DESA, "3": Kind.DESA_ADAT}


class InvalidRegionCode(ValueError):
    pass


def classify(code: str, name: str) -> tuple[int, str]:
    """Level and kind of a region from its Kemendagri code (and, for cities, its name)."""
    if not CODE_PATTERN.match(code):
        raise InvalidRegionCode(code)
    parts = code.split(".")
    level = len(parts)
    if level == Level.PROVINCE:
        return level, Kind.PROVINSI
    if level == Level.CITY:
        return level, Kind.KOTA if name.startswith("Kota") else Kind.KABUPATEN
    if level == Level.DISTRICT:
        return level, Kind.KECAMATAN
    kind = VILLAGE_KINDS.get(parts[3][0])
    if kind is None:
        raise InvalidRegionCode(code)
    return level, kind


def parent_code(code: str) -> str | None:
    head, _dot, _tail = code.rpartition(".")
    return head or None


class RegionQuerySet(models.QuerySet):
    def within(self, code: str | None):
        """The region `code` and everything below it; the whole country when `code` is None."""
        if not code:
            return self
        return self.filter(models.Q(code=code) | models.Q(code__startswith=f"{code}."))

    def below(self, code: str):
        """Strictly below `code`."""
        return self.filter(code__startswith=f"{code}.")

    def kelurahan(self):
        return self.filter(kind=Kind.KELURAHAN)

    def provinces(self):
        return self.filter(level=Level.PROVINCE)


class Region(models.Model):
    code = models.CharField(_("Kemendagri code"), max_length=13, primary_key=True)
    name = models.CharField(_("name"), max_length=120)
    level = models.PositiveSmallIntegerField(_("level"), choices=Level.choices)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children"
    )

    objects = RegionQuerySet.as_manager()

    class Meta:
        ordering = ["code"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        indexes = [
            # Counting kelurahan under a prefix is the heart of every coverage figure.
            models.Index(
                fields=["kind", "code"],
                name="region_kind_code",
                opclasses=["varchar_pattern_ops", "varchar_pattern_ops"],
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def region_code(self) -> str:
        return self.code

    @property
    def is_kelurahan(self) -> bool:
        return self.kind == Kind.KELURAHAN

    def contains(self, code: str) -> bool:
        """True when the region with `code` is this region or lies inside it."""
        return code == self.code or code.startswith(f"{self.code}.")

    def ancestor_codes(self) -> list[str]:
        parts = self.code.split(".")
        return [".".join(parts[:n]) for n in range(1, len(parts))]
