"""Open data: coverage and active designations, read-only, no login, described at /api/v1/openapi.json.

Only public facts leave here — region figures and what a decree (SK) already made public. Never
evidence, reviewers, notes, scores of applications in progress or anything about people.
"""

from datetime import date

from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from ninja import Field, NinjaAPI, Query, Schema
from ninja.errors import HttpError, ValidationError
from ninja.pagination import PageNumberPagination, paginate

from assessment.coverage import (
    REPORTED_CODE_PATTERN,
    SNAPSHOT_SECONDS,
    Coverage,
    Figures,
    reported_region,
    snapshot,
)
from assessment.models import Designation, Region
from assessment.models.regions import CODE_PATTERN

REGION_PATTERN = REPORTED_CODE_PATTERN                         # province, city/regency or kecamatan
PLACE_PATTERN = CODE_PATTERN.pattern                           # … or one kelurahan

api = NinjaAPI(
    title="KRPPA open data",
    version="1",
    description="Coverage of KRPPA (Kelurahan Ramah Perempuan dan Peduli Anak) designations across Indonesia. "
                "Read-only and free to reuse; no login. Regions are Kemendagri codes (63, 63.71, 63.71.02); "
                "without `region` the answer covers the whole nation.",
    urls_namespace="open-data",
    docs_url=None,  # the schema is the documentation; a Swagger page would pull its assets from the internet
    openapi_url="/openapi.json",
)


@api.exception_handler(ValidationError)
def bad_parameters(request: HttpRequest, error: ValidationError):
    """Malformed parameters are the caller's mistake: 400, not ninja's default 422."""
    problems = [{"parameter": ".".join(str(part) for part in problem.get("loc", [])[1:]),
                 "message": problem.get("msg", "")} for problem in error.errors]
    return api.create_response(request, {"detail": "Malformed parameters.", "errors": problems}, status=400)


class RegionOut(Schema):
    code: str | None = Field(description="Kemendagri code; null for the nation")
    name: str
    level: int = Field(description="0 nation, 1 province, 2 city/regency, 3 kecamatan, 4 kelurahan")


class InProgressOut(Schema):
    self_assessment: int
    city: int
    province: int


class FiguresOut(Schema):
    region: RegionOut
    kelurahan_total: int
    designated: int = Field(description="kelurahan with an active KRPPA designation")
    designated_by_category: dict[str, int]
    in_progress: InProgressOut = Field(description="kelurahan without a designation whose application is open, "
                                                   "by the phase it has reached")
    not_started: int = Field(description="kelurahan with neither a designation nor an open application")
    coverage_percent: float | None = Field(description="designated / kelurahan_total × 100, one decimal")


class CoverageOut(FiguresOut):
    children: list[FiguresOut]


class KelurahanOut(Schema):
    code: str
    name: str


class DesignationOut(Schema):
    kelurahan: KelurahanOut
    category: str
    score: float
    sk_number: str
    valid_from: date
    valid_until: date

    @staticmethod
    def resolve_kelurahan(designation: Designation) -> dict:
        return {"code": designation.kelurahan_id, "name": designation.kelurahan.name}

    @staticmethod
    def resolve_category(designation: Designation) -> str:
        return designation.category.name


class ErrorOut(Schema):
    detail: str


def _figures(figures: Figures) -> dict:
    place = figures.place
    return {
        "region": {"code": place.code, "name": str(place.name), "level": place.level},
        "kelurahan_total": figures.kelurahan_total,
        "designated": figures.designated,
        "designated_by_category": dict(figures.by_category),
        "in_progress": dict(figures.in_progress),
        "not_started": figures.not_started,
        "coverage_percent": float(figures.coverage_percent) if figures.coverage_percent is not None else None,
    }


def _coverage(coverage: Coverage) -> dict:
    return {**_figures(coverage.figures), "children": [_figures(child) for child in coverage.children]}


@api.get("/coverage/", response={200: CoverageOut, 404: ErrorOut}, summary="Coverage of a region and its children")
def coverage(request: HttpRequest,
             region: str | None = Query(None, pattern=REGION_PATTERN,
                                        description="province, city/regency or kecamatan code; none = nation")):
    found = None
    if region is not None:
        found = reported_region(region)
        if found is None:
            raise HttpError(404, f"No province, city or kecamatan has the code {region}.")
    current = snapshot(found[0] if found else None)
    # Validated and serialised once per snapshot: the figures only change when its key does.
    body = cache.get(f"{current.key}:api")
    if body is None:
        body = CoverageOut.model_validate(_coverage(current.coverage)).model_dump_json()
        cache.set(f"{current.key}:api", body, SNAPSHOT_SECONDS)
    return HttpResponse(body, content_type="application/json")


@api.get("/designations/", response={200: list[DesignationOut], 404: ErrorOut},
         summary="Active KRPPA designations in a region")
@paginate(PageNumberPagination, page_size=100, max_page_size=500)
def designations(request: HttpRequest,
                 region: str | None = Query(None, pattern=PLACE_PATTERN,
                                            description="any region code, down to one kelurahan; none = nation")):
    if region is not None and not Region.objects.filter(code=region).exists():
        raise HttpError(404, f"No region has the code {region}.")
    return (Designation.objects.active().within(region).select_related("kelurahan", "category")
            .only("kelurahan__name", "category__name", "score", "sk_number", "valid_from", "valid_until")
            .order_by("kelurahan_id"))
