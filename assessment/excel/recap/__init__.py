"""The recap (rekapitulasi) of a region's applications for coordinators and the national viewer.

`build_recap(region, year)` streams a workbook from the database: instructions, a summary one region
level down, and one row per application with its stage, days in stage, overdue flag, points per
indicator (self, city and province panel means), totals and category.
"""

from .building import build_recap, recap_filename
from .rows import CHUNK_SIZE, RecapContext, RecapRow, applications, recap_rows
from .summary import SummaryRow, summary_rows

__all__ = [
    "CHUNK_SIZE",
    "RecapContext",
    "RecapRow",
    "SummaryRow",
    "applications",
    "build_recap",
    "recap_filename",
    "recap_rows",
    "summary_rows",
]
