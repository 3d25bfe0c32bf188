"""The assessment flow in the work area, with region-scoped lists and the application page."""

from django.urls import path
from django.utils.translation import gettext_lazy as _
from viewflow.workflow.flow.viewset import FlowAppViewset

from .views import exports, lists, workbook
from .views.application import ApplicationPageView


class AssessmentViewset(FlowAppViewset):
    title = _("Assessments")
    icon = "assignment"

    inbox_view_class = lists.InboxView
    queue_view_class = lists.QueueView
    archive_view_class = lists.ArchiveView
    process_list_view_class = lists.ApplicationListView
    task_list_view_class = lists.TaskListView
    process_detail_view_class = ApplicationPageView
    chart_view_class = lists.ChartView

    # The offline self-assessment workbook, keyed by the process so the task pages stay as they are.
    workbook_download_path = path("<int:process_pk>/workbook/penilaian.xlsx", workbook.WorkbookDownloadView.as_view(),
                                  name="workbook_download")
    workbook_upload_path = path("<int:process_pk>/workbook/", workbook.WorkbookUploadView.as_view(),
                                name="workbook_upload")
    # Workbooks for reporting: a region's recap and one application's score sheet.
    recap_path = path("recap/", exports.RecapView.as_view(), name="recap")
    recap_download_path = path("recap.xlsx", exports.RecapDownloadView.as_view(), name="recap_download")
    score_sheet_path = path("<int:process_pk>/skor.xlsx", exports.ScoreSheetView.as_view(), name="score_sheet")
