"""Working days for the first-contact rule: weekends and England and Wales bank holidays are skipped."""

from __future__ import annotations

from datetime import date

import pytest

from observations.caseload.workdays import add_working_days, bank_holidays, is_working_day, working_days_between


@pytest.mark.parametrize(
    "start, days, expected",
    [
        (date(2025, 10, 3), 5, date(2025, 10, 10)),  # a Friday referral: the next Friday
        (date(2025, 10, 4), 5, date(2025, 10, 10)),  # a Saturday referral: day 1 is Monday
        (date(2025, 10, 6), 5, date(2025, 10, 13)),  # a Monday: the next Monday
        (date(2025, 12, 24), 5, date(2026, 1, 5)),  # Christmas Eve: Christmas, Boxing Day, weekend, New Year's Day
        (date(2025, 8, 22), 5, date(2025, 9, 1)),  # a Friday before the late summer bank holiday
        (date(2025, 4, 17), 1, date(2025, 4, 22)),  # Maundy Thursday: Good Friday, weekend, Easter Monday
        (date(2025, 10, 3), 0, date(2025, 10, 3)),
    ],
)
def test_add_working_days_at_the_edges(start, days, expected):
    assert add_working_days(start, days) == expected


def test_substitute_and_one_off_bank_holidays_are_skipped():
    # Christmas 2021 fell on a Saturday: Monday 27 and Tuesday 28 were the bank holidays.
    assert not is_working_day(date(2021, 12, 27)) and not is_working_day(date(2021, 12, 28))
    assert add_working_days(date(2021, 12, 24), 1) == date(2021, 12, 29)
    # The Queen's funeral (19 September 2022) was a one-off bank holiday.
    assert add_working_days(date(2022, 9, 16), 1) == date(2022, 9, 20)


def test_england_and_wales_share_their_bank_holidays():
    """We read England's list from the holidays package; Wales has the same days, so one list serves both."""
    import holidays

    for year in range(2000, 2036):
        assert set(holidays.UK(subdiv="WLS", years=year)) == set(bank_holidays(year)), year
    assert date(2025, 3, 17) not in bank_holidays(2025)  # St Patrick's Day is Northern Ireland's only


def test_working_days_between_counts_the_days_after_the_start():
    assert working_days_between(date(2025, 12, 24), date(2026, 1, 5)) == 5
    assert working_days_between(date(2025, 10, 3), date(2025, 10, 3)) == 0
    assert working_days_between(date(2025, 10, 3), date(2025, 10, 6)) == 1
    assert working_days_between(date(2025, 10, 6), date(2025, 10, 3)) == 0


def test_negative_counts_are_a_programming_error():
    with pytest.raises(ValueError):
        add_working_days(date(2025, 1, 1), -1)
