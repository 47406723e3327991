"""Office time: the one "now" of Jejak, whatever zone the machine or the CI runner is in.

Indonesia keeps three zones without daylight saving, so a fixed offset is exact (and needs no
tz database, which the validator in the browser does not have). Times in records are written
in office time without a zone; every "now" is compared with them as a naive office-time value.
"""

from __future__ import annotations

import os
from datetime import UTC, datetime, timedelta, timezone

# kantor.yaml `zona_waktu`: the IANA name, or the short name Indonesians write.
ZONES = {
    "Asia/Jakarta": ("WIB", 7),
    "Asia/Pontianak": ("WIB", 7),
    "Asia/Makassar": ("WITA", 8),
    "Asia/Jayapura": ("WIT", 9),
    "WIB": ("WIB", 7),
    "WITA": ("WITA", 8),
    "WIT": ("WIT", 9),
}
DEFAULT_ZONE = "Asia/Jakarta"


def zone(name: str | None = None) -> timezone:
    short, hours = ZONES.get(name or DEFAULT_ZONE, ZONES[DEFAULT_ZONE])
    return timezone(timedelta(hours=hours), short)


def office_now(name: str | None = None) -> datetime:
    """Now, in office time, without a zone (as records write it)."""
    return datetime.now(zone(name)).replace(tzinfo=None)


def office_moment(timestamp: int, name: str | None = None) -> datetime:
    """A Unix time (a Git date, SOURCE_DATE_EPOCH) as a naive office-time value."""
    return datetime.fromtimestamp(timestamp, zone(name)).replace(tzinfo=None)


def utc_moment(moment: datetime, name: str | None = None) -> datetime:
    """A naive office-time value (office_now, office_moment) as an aware UTC moment."""
    return moment.replace(tzinfo=zone(name)).astimezone(UTC)


def source_date(name: str | None = None) -> datetime | None:
    """SOURCE_DATE_EPOCH (the reproducible-builds convention) as an office-time moment; None when
    unset. ValueError, in Indonesian, for a value that is no usable time."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not epoch:
        return None
    try:
        if not (epoch.isascii() and epoch.isdigit()):
            raise ValueError
        moment: datetime | None = office_moment(int(epoch), name)
    except (ValueError, OverflowError, OSError):
        moment = None
    if moment is None or not 1950 <= moment.year <= 2099:
        raise ValueError(
            f"SOURCE_DATE_EPOCH '{epoch[:40]}' bukan waktu yang dapat dipakai; isi dengan jumlah detik sejak "
            "1970-01-01 (misalnya keluaran `git log -1 --format=%ct`), atau hapus variabel itu"
        )
    return moment
