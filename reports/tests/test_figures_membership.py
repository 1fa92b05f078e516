"""The membership figures of a report, on a hand-built register whose answers are counted by
hand below.

The report covers the third quarter of 2026 (previous: Q2 2026, year before: Q3 2025).
Counted memberships (active or expired) of the register:

    Alpha     company  84  10-49     2025 (1000)         2026 (1200, invoiced 01-10, paid 07-20)
    Beta      startup  84  1-9       2025 (500, paid 07-15)   2026 (600, invoiced 06-01, unpaid)
    Gamma     lab      11  unknown   2025 (800)          2026-01-01..07-31 (700)
    Delta     company  76  250-4999  2026-08-01..12-31 (400, invoiced 07-25, paid 08-20)
    Iota      startup  11  1-9       2025-08-01..12-31 (300, invoiced 08-05, paid 09-10)
                                     2026 (650, invoiced 01-10, paid 04-15)
    Kappa     startup  53  unknown   2026-09-01..2027-08-31 (450, invoiced 10-02, unpaid)
    Theta     company  84  5000+     2024-07-01..2025-06-30 (2000)
    Lambda    company  84  10-49     2024-01-01..2025-12-31 (1500)

Not counted: Epsilon and Aardvark (approved, 900 and 600, invoiced 02-01 and 03-01, unpaid),
Zeta (rejected, 300, invoiced and paid in July 2026), Eta (resigned from 2026-04-01, 333).
"""

from datetime import date
from decimal import Decimal

import pytest

from members.models import HeadcountBand, Label, Membership, Organization, Region, Sector
from members.tests.factories import OrganizationFactory
from reports.periods import Period, Periods
from reports.selectors.membership import membership_section

Kind = Organization.Kind
Status = Membership.Status
Q3_2026 = Periods.around(Period.of("quarter", 2026, 3))
AFTER_Q3 = date(2026, 10, 15)


def _membership(organization, start, end, dues, *, status=Status.ACTIVE, invoiced=None, paid=None):
    return Membership.objects.create(
        organization=organization,
        period_start=start,
        period_end=end,
        status=status,
        dues_amount=Decimal(dues) if dues is not None else None,
        invoiced_on=invoiced,
        paid_on=paid,
    )


def _year(organization, year, dues, **kwargs):
    status = kwargs.pop("status", Status.EXPIRED if year < 2026 else Status.ACTIVE)
    return _membership(
        organization, date(year, 1, 1), date(year, 12, 31), dues, status=status, **kwargs
    )


@pytest.fixture
def register(db):
    digital = Sector.objects.create(name_fr="Numérique", name_en="Digital", slug="numerique")
    health = Sector.objects.create(name_fr="Santé", name_en="Health", slug="sante")
    chemistry = Sector.objects.create(name_fr="Chimie", name_en="Chemistry", slug="chimie")
    responsible = Label.objects.create(
        name_fr="Numérique responsable", name_en="Responsible digital", slug="nr"
    )
    iso = Label.objects.create(name_fr="ISO 9001", name_en="ISO 9001", slug="iso")

    def organization(name, kind, region, band, sectors=(), labels=()):
        made = OrganizationFactory(name=name, kind=kind, region=region, headcount_band=band)
        made.sectors.set(sectors)
        made.labels.set(labels)
        return made

    alpha = organization(
        "Alpha", Kind.COMPANY, Region.AUVERGNE_RHONE_ALPES, HeadcountBand.SMALL,
        [digital], [responsible],
    )  # fmt: skip
    _year(alpha, 2025, 1000, invoiced=date(2025, 1, 15), paid=date(2025, 2, 10))
    _year(alpha, 2026, 1200, invoiced=date(2026, 1, 10), paid=date(2026, 7, 20))

    beta = organization(
        "Beta", Kind.STARTUP, Region.AUVERGNE_RHONE_ALPES, HeadcountBand.MICRO, [digital]
    )
    _year(beta, 2025, 500, invoiced=date(2025, 1, 15), paid=date(2025, 7, 15))
    _year(beta, 2026, 600, invoiced=date(2026, 6, 1))

    gamma = organization("Gamma", Kind.RESEARCH_LAB, Region.ILE_DE_FRANCE, "", [chemistry], [iso])
    _year(gamma, 2025, 800, invoiced=date(2025, 1, 20), paid=date(2025, 1, 30))
    _membership(
        gamma, date(2026, 1, 1), date(2026, 7, 31), 700, status=Status.EXPIRED,
        invoiced=date(2026, 1, 5), paid=date(2026, 1, 20),
    )  # fmt: skip

    delta = organization(
        "Delta", Kind.COMPANY, Region.OCCITANIE, HeadcountBand.LARGE, labels=[responsible]
    )
    _membership(
        delta, date(2026, 8, 1), date(2026, 12, 31), 400,
        invoiced=date(2026, 7, 25), paid=date(2026, 8, 20),
    )  # fmt: skip

    iota = organization(
        "Iota", Kind.STARTUP, Region.ILE_DE_FRANCE, HeadcountBand.MICRO, [health, digital]
    )
    _membership(
        iota, date(2025, 8, 1), date(2025, 12, 31), 300, status=Status.EXPIRED,
        invoiced=date(2025, 8, 5), paid=date(2025, 9, 10),
    )  # fmt: skip
    _year(iota, 2026, 650, invoiced=date(2026, 1, 10), paid=date(2026, 4, 15))

    kappa = organization("Kappa", Kind.STARTUP, Region.BRETAGNE, "", [health])
    _membership(kappa, date(2026, 9, 1), date(2027, 8, 31), 450, invoiced=date(2026, 10, 2))

    theta = organization(
        "Theta", Kind.COMPANY, Region.AUVERGNE_RHONE_ALPES, HeadcountBand.VERY_LARGE
    )
    _membership(
        theta, date(2024, 7, 1), date(2025, 6, 30), 2000, status=Status.EXPIRED,
        invoiced=date(2024, 7, 1), paid=date(2024, 7, 15),
    )  # fmt: skip

    lambda_ = organization("Lambda", Kind.COMPANY, Region.AUVERGNE_RHONE_ALPES, HeadcountBand.SMALL)
    _membership(
        lambda_, date(2024, 1, 1), date(2025, 12, 31), 1500, status=Status.EXPIRED,
        invoiced=date(2024, 1, 10), paid=date(2024, 2, 1),
    )  # fmt: skip

    epsilon = organization("Epsilon", Kind.COMPANY, Region.OCCITANIE, HeadcountBand.MEDIUM)
    _year(epsilon, 2026, 900, status=Status.APPROVED, invoiced=date(2026, 2, 1))
    aardvark = organization("Aardvark", Kind.COMPANY, Region.OCCITANIE, HeadcountBand.SMALL)
    _year(aardvark, 2026, 600, status=Status.APPROVED, invoiced=date(2026, 3, 1))
    zeta = organization("Zeta", Kind.COMPANY, Region.OCCITANIE, HeadcountBand.SMALL, [digital])
    _membership(
        zeta, date(2026, 7, 1), date(2026, 12, 31), 300, status=Status.REJECTED,
        invoiced=date(2026, 7, 5), paid=date(2026, 7, 6),
    )  # fmt: skip
    eta = organization("Eta", Kind.COMPANY, Region.OCCITANIE, HeadcountBand.SMALL, [digital])
    _membership(
        eta, date(2026, 4, 1), date(2026, 12, 31), 333, status=Status.RESIGNED,
        invoiced=date(2026, 4, 2),
    )  # fmt: skip


def test_members_at_start_and_end_who_joined_and_who_left(register):
    figures = membership_section(periods=Q3_2026, today=AFTER_Q3)

    # 2026-06-30: Alpha, Beta, Gamma, Iota, and Epsilon and Aardvark (approved, dues unpaid:
    # members all the same). 2026-09-30: Alpha, Beta, Delta, Iota, Kappa, Epsilon, Aardvark.
    current = figures["current"]
    assert current["at_start"] == 6
    assert current["at_end"] == 7
    assert current["joined"] == 2  # Delta, Kappa
    assert current["left"] == 1  # Gamma
    assert current["retention_rate"] == 83.3

    # 2026-03-31 and 2026-06-30: Alpha, Beta, Gamma, Iota, Epsilon, Aardvark.
    previous = figures["previous"]
    assert previous["at_start"] == 6
    assert previous["at_end"] == 6
    assert previous["joined"] == 0
    assert previous["left"] == 0
    assert previous["retention_rate"] == 100.0

    # 2025-06-30: Alpha, Beta, Gamma, Theta, Lambda. 2025-09-30: Theta gone, Iota joined.
    year_before = figures["year_before"]
    assert year_before["at_start"] == 5
    assert year_before["at_end"] == 5
    assert year_before["joined"] == 1
    assert year_before["left"] == 1
    assert year_before["retention_rate"] == 80.0


def test_dues_expected_invoiced_collected_and_late(register):
    figures = membership_section(periods=Q3_2026, today=AFTER_Q3)

    assert figures["current"]["dues"] == {
        "expected": 850.0,  # Delta 400 and Kappa 450 start in the quarter (Zeta is rejected)
        "invoiced": 400.0,  # Delta; Kappa was invoiced in October
        "collected": 1600.0,  # Alpha 1200 and Delta 400
        # Invoiced by 2026-08-31 and unpaid: Beta 600, Epsilon 900, Aardvark 600.
        "late": 2100.0,
        "late_count": 3,
    }
    assert figures["previous"]["dues"] == {
        "expected": 0.0,  # only Eta starts in Q2, and resigned
        "invoiced": 600.0,  # Beta (Eta's is not counted)
        "collected": 650.0,  # Iota
        # On 2026-06-30: Alpha (paid later, in July), Epsilon and Aardvark; Beta's invoice of
        # June 1st is not 30 days old.
        "late": 2700.0,
        "late_count": 3,
    }
    assert figures["year_before"]["dues"] == {
        "expected": 300.0,  # Iota's first period
        "invoiced": 300.0,
        "collected": 800.0,  # Beta 500 and Iota 300
        "late": 0.0,  # every 2025 membership has expired since: none is chased any more
        "late_count": 0,
    }


def test_late_payers_largest_first_then_by_name(register):
    figures = membership_section(periods=Q3_2026, today=AFTER_Q3)

    assert figures["late_payers"] == [
        {"organization": "Epsilon", "amount": 900.0, "invoiced_on": "2026-02-01"},
        {"organization": "Aardvark", "amount": 600.0, "invoiced_on": "2026-03-01"},
        {"organization": "Beta", "amount": 600.0, "invoiced_on": "2026-06-01"},
    ]


def test_late_payers_stop_at_fifty(db):
    for number in range(52):
        organization = OrganizationFactory(name=f"Late {number:02d}")
        _year(organization, 2026, 100 + number, invoiced=date(2026, 1, 10))

    late_payers = membership_section(periods=Q3_2026, today=AFTER_Q3)["late_payers"]

    assert len(late_payers) == 50
    assert late_payers[0] == {
        "organization": "Late 51",
        "amount": 151.0,
        "invoiced_on": "2026-01-10",
    }
    assert late_payers[-1]["organization"] == "Late 02"


def test_breakdown_of_members_at_the_end(register):
    breakdown = membership_section(periods=Q3_2026, today=AFTER_Q3)["breakdown"]

    # Alpha, Beta, Delta, Iota, Kappa, Epsilon, Aardvark.
    assert breakdown["kind"] == [
        {"key": "company", "count": 4},
        {"key": "startup", "count": 3},
    ]
    assert breakdown["region"] == [
        {"key": "76", "count": 3},
        {"key": "84", "count": 2},
        {"key": "11", "count": 1},
        {"key": "53", "count": 1},
    ]
    assert breakdown["size"] == [
        {"key": "1-9", "count": 2},
        {"key": "10-49", "count": 2},
        {"key": "", "count": 1},
        {"key": "250-4999", "count": 1},
        {"key": "50-249", "count": 1},
    ]
    # Chemistry and ISO 9001 are held by Gamma only, who left.
    assert breakdown["sector"] == [
        {"key": "numerique", "name_fr": "Numérique", "name_en": "Digital", "count": 3},
        {"key": "sante", "name_fr": "Santé", "name_en": "Health", "count": 2},
    ]
    assert breakdown["label"] == [
        {
            "key": "nr",
            "name_fr": "Numérique responsable",
            "name_en": "Responsible digital",
            "count": 2,
        },
    ]
    # Known sizes: Alpha, Beta, Iota, Epsilon, Aardvark (SMEs) and Delta (250 or more).
    assert breakdown["sme_share"] == 83.3


def test_monthly_members_at_each_month_end(register):
    monthly = membership_section(periods=Q3_2026, today=AFTER_Q3)["monthly"]

    assert monthly == [
        {"month": "2025-10", "members": 5},  # Alpha, Beta, Gamma, Iota, Lambda
        {"month": "2025-11", "members": 5},
        {"month": "2025-12", "members": 5},
        # Lambda's membership ended with 2025; Epsilon and Aardvark's began with 2026.
        {"month": "2026-01", "members": 6},
        {"month": "2026-02", "members": 6},
        {"month": "2026-03", "members": 6},
        {"month": "2026-04", "members": 6},
        {"month": "2026-05", "members": 6},
        {"month": "2026-06", "members": 6},
        {"month": "2026-07", "members": 6},  # Gamma still a member on July 31st
        {"month": "2026-08", "members": 6},  # Gamma gone, Delta in
        {"month": "2026-09", "members": 7},  # Kappa in
    ]


def test_a_period_not_over_yet_is_read_up_to_today(register):
    figures = membership_section(periods=Q3_2026, today=date(2026, 8, 15))

    current = figures["current"]
    # 2026-08-15: Alpha, Beta, Delta, Iota, Epsilon, Aardvark; Kappa starts in September.
    assert (current["at_start"], current["at_end"]) == (6, 6)
    assert (current["joined"], current["left"]) == (1, 1)
    assert current["retention_rate"] == 83.3
    assert current["dues"] == {
        "expected": 400.0,  # Delta; Kappa's period starts after today
        "invoiced": 400.0,
        "collected": 1200.0,  # Alpha; Delta paid on 08-20
        "late": 2100.0,  # invoiced by 07-16: Beta, Epsilon, Aardvark
        "late_count": 3,
    }
    # The periods it is compared with are over: unchanged.
    assert figures["previous"]["at_end"] == 6
    assert figures["year_before"]["dues"]["collected"] == 800.0
    assert figures["breakdown"]["kind"] == [
        {"key": "company", "count": 4},
        {"key": "startup", "count": 2},
    ]
    monthly = figures["monthly"]
    assert [point["month"] for point in (monthly[0], monthly[-1])] == ["2025-09", "2026-08"]
    assert monthly[0]["members"] == 5  # 2025-09-30: Alpha, Beta, Gamma, Iota, Lambda
    assert monthly[-1]["members"] == 6  # today


def test_no_member_at_the_start_leaves_retention_unknown(register):
    # Q1 2024: Lambda is the first member ever, from January 1st.
    figures = membership_section(periods=Periods.around(Period.of("quarter", 2024, 1)))

    assert figures["current"]["at_start"] == 0
    assert figures["current"]["at_end"] == 1
    assert figures["current"]["joined"] == 1
    assert figures["current"]["retention_rate"] is None
    assert figures["previous"]["at_end"] == 0
    assert figures["previous"]["retention_rate"] is None
    assert figures["breakdown"]["sme_share"] == 100.0  # Lambda, 10 to 49 people
    assert figures["late_payers"] == []


def test_nobody_with_a_known_size_leaves_sme_share_unknown(db):
    kappa = OrganizationFactory(headcount_band="")
    _year(kappa, 2026, 100)

    breakdown = membership_section(periods=Q3_2026, today=AFTER_Q3)["breakdown"]

    assert breakdown["size"] == [{"key": "", "count": 1}]
    assert breakdown["sme_share"] is None


def test_membership_figures_take_seven_queries_whatever_the_rows(
    register, django_assert_num_queries
):
    # Members on the six days (1), dues (1), late payers (1), kind/region/size (1),
    # sectors (1), labels (1), the monthly curve (1).
    with django_assert_num_queries(7):
        membership_section(periods=Q3_2026, today=AFTER_Q3)

    sector = Sector.objects.create(name_fr="Énergie", name_en="Energy", slug="energie")
    label = Label.objects.create(name_fr="Label B", name_en="Label B", slug="label-b")
    for number in range(15):
        organization = OrganizationFactory(
            kind=Kind.UNIVERSITY, region=Region.NORMANDIE, headcount_band=HeadcountBand.MEDIUM
        )
        organization.sectors.add(sector)
        organization.labels.add(label)
        _year(organization, 2025, 100 + number, paid=date(2025, 8, 1))
        _year(organization, 2026, 100 + number, invoiced=date(2026, 1, 2))

    with django_assert_num_queries(7):
        figures = membership_section(periods=Q3_2026, today=AFTER_Q3)
    assert figures["current"]["at_end"] == 22
    assert figures["current"]["dues"]["late_count"] == 18
