"""The public editions of the annual reports in the sitemap (core.sitemaps): one page per
year that has one, as the press room links them."""

from django.db.models import Max
from django.db.models.functions import ExtractYear
from django.urls import reverse

from core.sitemaps import PublicSitemap
from reports.models import Report, ReportVersion


class AnnualReportsSitemap(PublicSitemap):
    def _public_versions(self):
        # What reports.views.public serves: a year report's version made public.
        return ReportVersion.objects.filter(report__kind=Report.Kind.YEAR, is_public=True)

    def items(self) -> list[dict]:
        return list(
            self._public_versions()
            .values(year=ExtractYear("report__period_start"))
            .annotate(published=Max("published_at"))
            .order_by("year")
        )

    def location(self, item: dict) -> str:
        return reverse("reports:public_annual", args=[item["year"]])

    def lastmod(self, item: dict):
        return item["published"]

    def get_latest_lastmod(self):
        return self._public_versions().aggregate(latest=Max("published_at"))["latest"]
