"""The periods a report covers: a quarter, a half-year or a year of the calendar, with the
two periods each figure is compared with (the one before, and the same one a year before)."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.utils import formats, timezone
from django.utils.translation import gettext as _


class PeriodError(ValueError):
    """A period no report can cover; its message says why, for the person who asked."""


KINDS = ("quarter", "half", "year")
# The years a report may cover (and the one before, for its comparisons).
MIN_YEAR, MAX_YEAR = 2000, 2100
MONTHS = {"quarter": 3, "half": 6, "year": 12}


def local_midnight(day: date) -> datetime:
    """Midnight starting `day` in the cluster's time zone: the bound of a period's moments
    (instants compared with bounds, not a `__date` lookup, so that indexes serve)."""
    return timezone.make_aware(datetime.combine(day, time.min))


def _month_start(year: int, month: int) -> date:
    """The first day of `month` of `year`, months counted past December or before January."""
    year += (month - 1) // 12
    month = (month - 1) % 12 + 1
    return date(year, month, 1)


@dataclass(frozen=True)
class Period:
    kind: str
    start: date
    end: date

    @classmethod
    def of(cls, kind: str, year: int, number: int = 1) -> "Period":
        """The `number`th quarter (1-4) or half (1-2) of `year`, or the year itself."""
        if kind not in KINDS:
            raise PeriodError(_("Choose a quarter, a half-year or a year."))
        months = MONTHS[kind]
        count = 12 // months
        if not 1 <= number <= count:
            raise PeriodError(_("There is no such period in a year."))
        if not MIN_YEAR - 1 <= year <= MAX_YEAR:
            raise PeriodError(
                _("Choose a year between %(first)s and %(last)s.")
                % {"first": MIN_YEAR, "last": MAX_YEAR}
            )
        start = date(year, 1 + (number - 1) * months, 1)
        return cls(kind, start, _month_start(year, start.month + months) - timedelta(days=1))

    @classmethod
    def containing(cls, kind: str, day: date) -> "Period":
        months = MONTHS[kind]
        return cls.of(kind, day.year, (day.month - 1) // months + 1)

    @classmethod
    def ended_before(cls, kind: str, day: date) -> "Period":
        """The last whole period of `kind` that ended before `day`."""
        return cls.containing(kind, day).previous()

    @property
    def year(self) -> int:
        return self.start.year

    @property
    def number(self) -> int:
        return (self.start.month - 1) // MONTHS[self.kind] + 1

    def previous(self) -> "Period":
        return self.containing(self.kind, self.start - timedelta(days=1))

    def year_before(self) -> "Period":
        return self.of(self.kind, self.year - 1, self.number)

    def check_reportable(self, today: date) -> None:
        """Refuse a period that has not started yet: nothing can be reported on it."""
        if self.start > today:
            raise PeriodError(_("This period has not started yet: choose a past or current one."))

    def is_over(self, today: date) -> bool:
        return self.end < today

    def months(self) -> list[date]:
        """The first day of each month of the period."""
        return [_month_start(self.year, self.start.month + n) for n in range(MONTHS[self.kind])]

    @property
    def code(self) -> str:
        """Short and stable: "2026-Q3", "2026-H1", "2026"."""
        if self.kind == "quarter":
            return f"{self.year}-Q{self.number}"
        if self.kind == "half":
            return f"{self.year}-H{self.number}"
        return str(self.year)

    def label(self) -> str:
        """In the active language: "3rd quarter 2026", "1st half 2026", "2026"."""
        if self.kind == "quarter":
            return [
                _("1st quarter %(year)s"),
                _("2nd quarter %(year)s"),
                _("3rd quarter %(year)s"),
                _("4th quarter %(year)s"),
            ][self.number - 1] % {"year": self.year}
        if self.kind == "half":
            return [_("1st half %(year)s"), _("2nd half %(year)s")][self.number - 1] % {
                "year": self.year
            }
        return str(self.year)

    def dates_label(self) -> str:
        return _("%(start)s to %(end)s") % {
            "start": formats.date_format(self.start, "SHORT_DATE_FORMAT"),
            "end": formats.date_format(self.end, "SHORT_DATE_FORMAT"),
        }

    def as_json(self) -> dict:
        return {"kind": self.kind, "start": self.start.isoformat(), "end": self.end.isoformat()}

    @classmethod
    def from_json(cls, data: dict) -> "Period":
        return cls(data["kind"], date.fromisoformat(data["start"]), date.fromisoformat(data["end"]))


@dataclass(frozen=True)
class Periods:
    """The period of a report and the two it is compared with."""

    current: Period
    previous: Period
    year_before: Period

    @classmethod
    def around(cls, period: Period) -> "Periods":
        return cls(period, period.previous(), period.year_before())

    def items(self) -> list[tuple[str, Period]]:
        return [
            ("current", self.current),
            ("previous", self.previous),
            ("year_before", self.year_before),
        ]

    def as_json(self) -> dict:
        return {name: period.as_json() for name, period in self.items()}
