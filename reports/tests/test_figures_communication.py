"""The communication figures of a report, on a hand-built set of newsletters, subscribers,
news, press releases, media coverage and downloads; the answers are counted by hand.

The report covers the third quarter of 2026 (previous: Q2 2026, year before: Q3 2025).
Moments are placed on the day they fall on in Paris: 2026-07-01 00:30 in Paris is still
June 30th in UTC, and belongs to the third quarter.
"""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from communications.models import (
    Delivery,
    DownloadRequest,
    MediaCoverage,
    NewsArticle,
    Newsletter,
    PressAsset,
    PressRelease,
    Subscriber,
)
from reports.periods import Period, Periods
from reports.selectors.communication import communication_section

PARIS = ZoneInfo("Europe/Paris")
Q3_2026 = Periods.around(Period.of("quarter", 2026, 3))
AFTER_Q3 = date(2026, 10, 15)


def _at(year, month, day, hour=12, minute=0):
    return datetime(year, month, day, hour, minute, tzinfo=PARIS)


def _newsletter(slug, sent_at, *, recipients, tracking, status=Newsletter.Status.SENT):
    return Newsletter.objects.create(
        slug=slug,
        subject_fr=slug,
        body_fr="Texte",
        status=status,
        sent_at=sent_at,
        recipient_count=recipients,
        tracking_enabled=tracking,
    )


def _deliveries(newsletter, *, sent, opened=0, clicked=0, failed=0):
    """`sent` deliveries sent, the first `opened` of them opened and the first `clicked`
    clicked, and `failed` that failed (opened, to show they do not count)."""
    moment = newsletter.sent_at
    rows = [
        Delivery(
            newsletter=newsletter,
            email=f"{newsletter.slug}-{number}@example.org",
            status=Delivery.Status.SENT,
            sent_at=moment,
            opened_at=moment if number < opened else None,
            clicked_at=moment if number < clicked else None,
        )
        for number in range(sent)
    ]
    rows += [
        Delivery(
            newsletter=newsletter,
            email=f"{newsletter.slug}-failed-{number}@example.org",
            status=Delivery.Status.FAILED,
            opened_at=moment,
        )
        for number in range(failed)
    ]
    Delivery.objects.bulk_create(rows)


def _subscriber(email, confirmed_at, *, unsubscribed_at=None, bounced_at=None):
    status = Subscriber.Status.CONFIRMED if confirmed_at else Subscriber.Status.PENDING
    if unsubscribed_at:
        status = Subscriber.Status.UNSUBSCRIBED
    if bounced_at:
        status = Subscriber.Status.BOUNCED
    return Subscriber.objects.create(
        email=email,
        status=status,
        source=Subscriber.Source.SIGNUP_PAGE,
        confirmed_at=confirmed_at,
        unsubscribed_at=unsubscribed_at,
        bounced_at=bounced_at,
    )


def _news(slug, published_at, *, published=True):
    return NewsArticle.objects.create(
        slug=slug, title_fr=slug, body_fr="Texte", published_at=published_at, is_published=published
    )


def _press_release(slug, published_on, *, published=True):
    return PressRelease.objects.create(
        slug=slug, title_fr=slug, body_fr="Texte", published_on=published_on, is_published=published
    )


def _media(published_on, audience):
    return MediaCoverage.objects.create(
        published_on=published_on, outlet="La Dépêche", title="Le cluster", audience=audience
    )


@pytest.fixture
def communication(db):
    # Q3 2026: three newsletters, two of them tracked; a fourth is still being sent.
    tracked = _newsletter("juillet", _at(2026, 7, 10), recipients=100, tracking=True)
    _deliveries(tracked, sent=4, opened=2, clicked=1, failed=1)
    untracked = _newsletter("septembre", _at(2026, 9, 30, 23, 30), recipients=50, tracking=False)
    _deliveries(untracked, sent=3, opened=3, clicked=3)
    just_after_midnight = _newsletter("flash", _at(2026, 7, 1, 0, 30), recipients=20, tracking=True)
    _deliveries(just_after_midnight, sent=1, opened=1, clicked=1)
    sending = _newsletter(
        "aout", _at(2026, 8, 1), recipients=30, tracking=True, status=Newsletter.Status.SENDING
    )
    _deliveries(sending, sent=2)
    # Q2 2026: one, untracked. Q3 2025: one, tracked.
    _newsletter("mai", _at(2026, 5, 5), recipients=70, tracking=False)
    last_year = _newsletter("aout-2025", _at(2025, 8, 1), recipients=40, tracking=True)
    _deliveries(last_year, sent=3, opened=1)

    _subscriber("s1@example.org", _at(2025, 1, 10))
    _subscriber("s2@example.org", _at(2026, 7, 1, 0, 30))  # June 30th in UTC
    _subscriber("s3@example.org", _at(2025, 3, 1), unsubscribed_at=_at(2026, 8, 10))
    _subscriber("s4@example.org", _at(2025, 5, 1), bounced_at=_at(2026, 9, 30, 8))
    _subscriber("s5@example.org", _at(2026, 9, 15))
    _subscriber("s6@example.org", None)  # never confirmed
    _subscriber("s7@example.org", _at(2026, 10, 1))
    _subscriber("s8@example.org", _at(2025, 8, 20), unsubscribed_at=_at(2026, 2, 1))
    _subscriber("s9@example.org", _at(2026, 7, 20))
    _subscriber("s10@example.org", _at(2026, 8, 1))

    _news("rentree", _at(2026, 7, 15))
    _news("octobre", _at(2026, 10, 1, 0, 30))  # September 30th in UTC, October in Paris
    _news("brouillon", _at(2026, 8, 1), published=False)
    _news("printemps", _at(2026, 5, 1))

    _press_release("salon", date(2026, 7, 3))
    _press_release("trophees", date(2026, 8, 20))
    _press_release("projet", date(2026, 9, 3), published=False)
    _press_release("bilan-2025", date(2025, 9, 30))

    _media(date(2026, 7, 7), 10000)
    _media(date(2026, 8, 28), None)
    _media(date(2026, 4, 4), 500)
    _media(date(2025, 7, 1), 2500)

    kit = PressAsset.objects.create(
        kind=PressAsset.Kind.PRESS_KIT, title_fr="Kit", slug="kit", file="press/assets/kit.pdf"
    )
    reader = _subscriber("lecteur@example.org", None)
    for moment in (_at(2026, 7, 2), _at(2026, 9, 30, 23), _at(2026, 4, 1)):
        DownloadRequest.objects.create(subscriber=reader, asset=kit, created_at=moment)


def test_communication_figures_of_the_period_and_the_two_it_is_compared_with(communication):
    figures = communication_section(periods=Q3_2026, today=AFTER_Q3)

    assert figures["current"] == {
        "newsletters": 3,  # juillet, septembre, flash; aout is still being sent
        "recipients": 170,
        # Tracked: juillet (4 sent, 2 opened, 1 clicked; the failed one is left out) and
        # flash (1 sent, opened and clicked); septembre's opens are not counted.
        "open_rate": 60.0,
        "click_rate": 40.0,
        "subscribers_start": 3,  # s1, s3, s4 on June 30th
        "subscribers_end": 5,  # s1, s2, s5, s9, s10: s3 left, s4 bounced on September 30th
        "subscriber_growth": 2,
        "news": 1,  # rentree
        "press_releases": 2,  # salon, trophees
        "media": 2,
        "media_audience": 10000,  # the second one's audience is unknown
        "downloads": 2,
    }
    assert figures["previous"] == {
        "newsletters": 1,
        "recipients": 70,
        "open_rate": None,  # mai was not tracked
        "click_rate": None,
        "subscribers_start": 3,  # s1, s3, s4; s8 unsubscribed in February
        "subscribers_end": 3,
        "subscriber_growth": 0,
        "news": 1,
        "press_releases": 0,
        "media": 1,
        "media_audience": 500,
        "downloads": 1,
    }
    assert figures["year_before"] == {
        "newsletters": 1,
        "recipients": 40,
        "open_rate": 33.3,  # 1 of 3
        "click_rate": 0.0,
        "subscribers_start": 3,  # s1, s3, s4
        "subscribers_end": 4,  # and s8
        "subscriber_growth": 1,
        "news": 0,
        "press_releases": 1,
        "media": 1,
        "media_audience": 2500,
        "downloads": 0,
    }


def test_a_period_not_over_yet_is_read_up_to_today(communication):
    current = communication_section(periods=Q3_2026, today=date(2026, 8, 15))["current"]

    assert current == {
        "newsletters": 2,  # juillet and flash; septembre is not sent yet
        "recipients": 120,
        "open_rate": 60.0,
        "click_rate": 40.0,
        "subscribers_start": 3,
        "subscribers_end": 5,  # s1, s2, s4, s9, s10: s3 left on August 10th
        "subscriber_growth": 2,
        "news": 1,
        "press_releases": 1,  # salon; trophees comes on August 20th
        "media": 1,
        "media_audience": 10000,
        "downloads": 1,
    }


def test_nothing_recorded_gives_zeros_and_unknown_rates(db):
    figures = communication_section(periods=Q3_2026, today=AFTER_Q3)

    assert figures["current"] == {
        "newsletters": 0,
        "recipients": 0,
        "open_rate": None,
        "click_rate": None,
        "subscribers_start": 0,
        "subscribers_end": 0,
        "subscriber_growth": 0,
        "news": 0,
        "press_releases": 0,
        "media": 0,
        "media_audience": 0,
        "downloads": 0,
    }


def test_communication_figures_take_seven_queries_whatever_the_rows(
    communication, django_assert_num_queries
):
    # Newsletters (1), tracked deliveries (1), subscribers (1), news (1), press releases (1),
    # media coverage (1), download requests (1).
    with django_assert_num_queries(7):
        communication_section(periods=Q3_2026, today=AFTER_Q3)

    asset = PressAsset.objects.get()
    for number in range(10):
        newsletter = _newsletter(f"extra-{number}", _at(2026, 8, 3), recipients=5, tracking=True)
        _deliveries(newsletter, sent=5, opened=5)
        subscriber = _subscriber(f"extra{number}@example.org", _at(2026, 8, 3))
        DownloadRequest.objects.create(
            subscriber=subscriber, asset=asset, created_at=_at(2026, 8, 3)
        )
        _news(f"extra-{number}", _at(2026, 8, 3))
        _press_release(f"extra-{number}", date(2026, 8, 3))
        _media(date(2026, 8, 3), 1)

    with django_assert_num_queries(7):
        current = communication_section(periods=Q3_2026, today=AFTER_Q3)["current"]
    assert current["newsletters"] == 13
    assert current["open_rate"] == 96.4  # 53 of 55
    assert current["subscribers_end"] == 15
    assert (current["news"], current["press_releases"], current["media"]) == (11, 12, 12)
    assert current["downloads"] == 12
