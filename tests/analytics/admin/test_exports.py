"""Exports: filtered rows, neutralised formulas, XLSX-safe text, ISO times, the background job and download."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime

import pytest
from django.test import Client
from django.urls import reverse
from django_q.models import OrmQ
from openpyxl import load_workbook

from analytics.exports.cells import CellKind, format_cell, safe_text
from analytics.exports.tasks import run_export_job
from analytics.models import ExportJob, ExportStatus
from tests import factories

pytestmark = pytest.mark.django_db
EXPORT = reverse("admin:analytics_post_export")
CSV_FORMAT, XLSX_FORMAT = "0", "1"
NASTY = '=HYPERLINK("https://evil.example","click")\x07 bell'


@pytest.mark.smoke
@pytest.mark.parametrize("text", ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx", " =1", "\uff1d1"])
def test_formula_triggers_are_neutralised(text):
    assert safe_text(text).startswith("'")


@pytest.mark.smoke
def test_control_characters_are_stripped_and_plain_text_kept():
    assert safe_text("a\x00b\x1fc\x0bd") == "abcd"
    assert safe_text("line\nbreak\tand tab") == "line\nbreak\tand tab"
    assert format_cell(datetime(2026, 3, 1, 12, 30, tzinfo=UTC), CellKind.DATETIME, native=False) == \
        "2026-03-01T12:30:00+00:00"
    assert format_cell(None, CellKind.INT, native=True) is None


def _export(client, query: str, file_format: str):
    page = client.get(f"{EXPORT}?{query}")
    assert page.status_code == 200
    form = page.context["form"]
    data = {name: "on" for name in form.fields if name not in ("format", "resource", "export_items")}
    data.update({"format": file_format, "resource": "0"})
    return client.post(f"{EXPORT}?{query}", data)


@pytest.fixture
def posts():
    insta = factories.AccountFactory(instance=factories.InstanceFactory(platform="instagram"),
                                     handle="@evil", access_token="NEVER-EXPORTED")
    return [
        factories.SummaryFactory(post__account=insta, post__caption_text=NASTY, likes=7).post,
        factories.SummaryFactory(post__account=insta).post,
        factories.SummaryFactory().post,  # mastodon, filtered out
    ]


@pytest.mark.smoke
def test_csv_export_has_the_filtered_rows_and_neutralised_cells(admin_client, posts):
    response = _export(admin_client, "platform__exact=instagram", CSV_FORMAT)
    assert response.status_code == 200
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert {row["Remote ID"] for row in rows} == {posts[0].remote_id, posts[1].remote_id}
    nasty = next(row for row in rows if row["Remote ID"] == posts[0].remote_id)
    assert nasty["Caption"] == "'" + NASTY.replace("\x07", "")
    assert nasty["Account"] == "'@evil"
    assert nasty["Likes"] == "7"
    assert datetime.fromisoformat(nasty["Posted at"]) == posts[0].posted_at
    assert b"NEVER-EXPORTED" not in response.content


def test_xlsx_export_opens_and_holds_no_formula(admin_client, posts):
    response = _export(admin_client, "platform__exact=instagram", XLSX_FORMAT)
    sheet = load_workbook(io.BytesIO(response.content)).active
    cells = [cell for row in sheet.iter_rows() for cell in row]
    assert sheet.max_row == 3
    assert not [cell for cell in cells if cell.data_type == "f"]
    assert "'" + NASTY.replace("\x07", "") in {cell.value for cell in cells}


def test_export_needs_the_export_permission(analyst_client, posts):
    plain = Client()
    plain.force_login(factories.UserFactory(username="plainstaff"))
    assert plain.get(EXPORT).status_code == 403
    assert _export(analyst_client, "", CSV_FORMAT).status_code == 200


def test_accounts_export_never_contains_a_token(admin_client):
    factories.AccountFactory(access_token="TOPSECRET-TOKEN")
    page = admin_client.get(reverse("admin:analytics_account_export"))
    data = {name: "on" for name in page.context["form"].fields if name not in ("format", "resource", "export_items")}
    response = admin_client.post(reverse("admin:analytics_account_export"), {**data, "format": "0",
                                                                              "resource": "0"})
    assert response.status_code == 200
    assert b"TOPSECRET" not in response.content and b"Handle" in response.content


@pytest.mark.parametrize("file_format", [CSV_FORMAT, XLSX_FORMAT])
def test_large_export_runs_as_a_job_that_writes_every_filtered_row(analyst_client, analyst, posts, settings,
                                                                   tmp_path, file_format,
                                                                   django_capture_on_commit_callbacks):
    settings.MEDIA_ROOT = tmp_path
    settings.POSTFLOW = {**settings.POSTFLOW, "EXPORT_ASYNC_THRESHOLD_ROWS": 1}
    with django_capture_on_commit_callbacks(execute=True):
        response = _export(analyst_client, "platform__exact=instagram", file_format)
    assert response.status_code == 302 and response["Location"] == reverse("admin:analytics_exportjob_changelist")
    job = ExportJob.objects.get()
    assert [(t.func(), t.args()) for t in OrmQ.objects.all()] == [("analytics.exports.tasks.run_export_job",
                                                                   (job.pk,))]
    assert run_export_job(job.pk) == 2
    job.refresh_from_db()
    assert job.status == ExportStatus.READY and (tmp_path / job.file.name).exists()
    download = analyst_client.get(reverse("admin:analytics_exportjob_download", args=[job.pk]))
    assert download.status_code == 200 and "attachment" in download["Content-Disposition"]
    body = b"".join(download.streaming_content)
    if file_format == CSV_FORMAT:
        assert body.decode("utf-8-sig").count("\n") == 3 and b"'=HYPERLINK" in body
    else:
        assert load_workbook(io.BytesIO(body)).active.max_row == 3


def test_only_the_requester_downloads_an_export(client, analyst, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    job = ExportJob.objects.create(requested_by=analyst, dataset="posts", file_format="csv")
    run_export_job(job.pk)
    other = factories.UserFactory(username="otheranalyst")
    other.groups.add(*analyst.groups.all())
    client.force_login(other)
    assert client.get(reverse("admin:analytics_exportjob_download", args=[job.pk])).status_code == 404
    client.force_login(analyst)
    page = client.get(reverse("admin:analytics_exportjob_changelist")).content.decode()
    assert "/media/" not in page and reverse("admin:analytics_exportjob_download", args=[job.pk]) in page


@pytest.mark.smoke
@pytest.mark.parametrize("query", ["nonsense=1", "posted_at__gte=not-a-date", "account__id__exact=abc"])
def test_an_unknown_or_malformed_filter_is_a_400_not_a_500(admin_client, posts, query):
    assert admin_client.get(f"{EXPORT}?{query}").status_code == 400
    assert admin_client.post(f"{EXPORT}?{query}", {"format": CSV_FORMAT, "resource": "0"}).status_code == 400
