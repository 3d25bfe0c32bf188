"""The public register of KRPPA designations in a region, as a workbook.

Only what the public coverage page shows: where the kelurahan is, its category and score, the decree
(SK) and the validity. Nothing about who decided or why a designation was revoked. Streamed in one
query, so a national register costs what a city's does.
"""

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from openpyxl import Workbook

from assessment.models import Designation, DesignationStatus, Region

from .writing import DATE, MEAN_POINTS, Column, TableSheet, new_workbook, points_value, write_instructions

FIELDS = ("kelurahan_id", "kelurahan__name", "kelurahan__parent__name", "kelurahan__parent__parent__name",
          "category__name", "score", "sk_number", "sk_date", "valid_from", "valid_until", "status")


def register_filename(region: Region | None) -> str:
    return f"register-krppa-{region.code if region else 'indonesia'}.xlsx"


def register_columns() -> list[Column]:
    return [
        Column(_("Kelurahan code"), width=15),
        Column(_("Kelurahan"), width=24),
        Column(_("Kecamatan"), width=22),
        Column(_("City/regency"), width=24),
        Column(_("Category"), width=12),
        Column(_("Score"), width=9, number_format=MEAN_POINTS),
        Column(_("Decree (SK) number"), width=30),
        Column(_("Decree (SK) date"), width=13, number_format=DATE),
        Column(_("Valid from"), width=13, number_format=DATE),
        Column(_("Valid until"), width=13, number_format=DATE),
        Column(_("Status"), width=10),
    ]


def build_register(region: Region | None) -> Workbook:
    """Active designations in `region` (all of Indonesia when None), by kelurahan code."""
    designations = (Designation.objects.active().within(region.code if region else None)
                    .order_by("kelurahan_id").values_list(*FIELDS))
    place = region.name if region else _("Indonesia")
    workbook = new_workbook()
    write_instructions(workbook, title=_("About"), heading=_("KRPPA register — %(place)s") % {"place": place},
                       paragraphs=[
                           _("The kelurahan designated KRPPA (Kelurahan Ramah Perempuan dan Peduli Anak) by their "
                             "province's decree (SK) and still valid, as published on the coverage page."),
                           _("Made on %(date)s.") % {"date": date_format(timezone.localtime(), "DATETIME_FORMAT")},
                       ], width=90)
    sheet = TableSheet(workbook, title=_("Register"), columns=register_columns())
    statuses = dict(DesignationStatus.choices)
    for (code, name, kecamatan, city, category, score, sk_number, sk_date, valid_from, valid_until,
         status) in designations.iterator(chunk_size=2000):
        sheet.append([code, name, kecamatan or "", city or "", category, points_value(score), sk_number, sk_date,
                      valid_from, valid_until, str(statuses.get(status, status))])
    sheet.close()
    return workbook
