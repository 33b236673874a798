"""Date arithmetic that never overflows: offsets are applied on an extended proleptic Gregorian calendar.

``datetime.date`` stops at 9999-12-31, so ``9999-12-31 + 30 days`` raised ``OverflowError`` in both
evaluators (issue 15). Here a shifted date is plain integers (year, month, day) computed with Howard
Hinnant's ``days_from_civil``/``civil_from_days``, valid for any year: "30 days after 9999-12-31" is
(10000, 1, 30), later than every real date, which is what a rule comparing against it means. The durable
backend compares the same instants as integers (epoch days, month-scaled), so both evaluators agree.
"""

from __future__ import annotations

import datetime as dt

#: Offsets a pack may write (``days:``, ``months:``, after ``times:`` and parameters): a century either way.
#: Larger ones cannot be meant; pack load and ``--param`` refuse them (docs/rule-format.md).
MAX_OFFSET_DAYS = 36_600
MAX_OFFSET_MONTHS = 1_200


def days_from_civil(year: int, month: int, day: int) -> int:
    """Days since 1970-01-01 of a proleptic Gregorian date, for any year."""
    year -= month <= 2
    era = year // 400
    yoe = year - era * 400
    doy = (153 * (month + (-3 if month > 2 else 9)) + 2) // 5 + day - 1
    doe = yoe * 365 + yoe // 4 - yoe // 100 + doy
    return era * 146097 + doe - 719468


def civil_from_days(days: int) -> tuple[int, int, int]:
    """The (year, month, day) ``days`` after 1970-01-01, for any number of days."""
    z = days + 719468
    era = z // 146097
    doe = z - era * 146097
    yoe = (doe - doe // 1460 + doe // 36524 - doe // 146096) // 365
    doy = doe - (365 * yoe + yoe // 4 - yoe // 100)
    mp = (5 * doy + 2) // 153
    day = doy - (153 * mp + 2) // 5 + 1
    month = mp + (3 if mp < 10 else -9)
    return yoe + era * 400 + (month <= 2), month, day


def date_key(value: dt.date, days: int, months: int) -> tuple[int, int, int]:
    """(year, month, day) after shifting; month shifts keep the day number (no clamping); never overflows."""
    year, month, day = value.year, value.month, value.day
    if days:
        year, month, day = civil_from_days(days_from_civil(year, month, day) + days)
    year, month0 = divmod(year * 12 + month - 1 + months, 12)
    return (year, month0 + 1, day)


def offset_problem(days: int, months: int) -> str | None:
    """Why an offset cannot be meant (None when it is within a century)."""
    if abs(days) > MAX_OFFSET_DAYS:
        return f"an offset of {days:,} days is out of range (expected at most {MAX_OFFSET_DAYS:,} either way)"
    if abs(months) > MAX_OFFSET_MONTHS:
        return f"an offset of {months:,} months is out of range (expected at most {MAX_OFFSET_MONTHS:,} either way)"
    return None
