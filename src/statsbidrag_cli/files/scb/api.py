"""Population figures straight from SCB's PxWebApi 2.0 (``population fetch``).

Facts this follows (see the README, "Population data"):

* figures are for 31 December of a year; years up to 2024 come from table TAB638
  (``ContentsCode`` BE0101N1), 2025 onward from TAB5557 (``ContentsCode`` 000007ME); the
  last day of any month from January 2025 from TAB6471 (``000007SF``, ``Tid`` ``2026M04``);
* which cells to ask for is read from the table's ``/metadata`` (:mod:`.scb_selection`): a
  published total cell where there is one (``SC``, ``TotSA``, ``TotSa``: never a sum of finer
  cells, since SCB adds noise to every cell from 2025), a variable left out only where
  ``/metadata`` says it may be (then SCB sums it exactly), an age band from the fewest
  published cells;
* every request sends an explicit selection (SCB answers a default subset otherwise), by POST
  as JSON, asking for json-stat2; the region dimension is read by its name, ``Region``;
* a timeout on every step and one overall deadline for the whole fetch (connecting, every
  read and every retry), enforced by a watchdog that closes the connection; 429 and 503 are
  retried with backoff, honouring ``Retry-After``, within SCB's limit of 30 calls per 10 s;
  SCB's Problem bodies (``title``, ``detail``, ``status``) become clear messages; every JSON
  body is parsed within a size and nesting bound.

HTTP is the standard library's ``urllib``: nothing to install, and the base URL is an
argument, so anyone can point the command at a server of their own.
"""

from __future__ import annotations

import datetime as dt
import http.client
import json
import socket
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Sequence
from contextlib import suppress
from dataclasses import dataclass, field
from typing import Any

from ...errors import ScbError
from ...i18n import _
from ..local.jsontext import loads_bounded
from .address import DEFAULT_BASE_URL as DEFAULT_BASE_URL
from .selection import AGE, AgeBand, Plan, codelist, plan, variables

TIMEOUT_SECONDS = 30.0
"""The longest wait for any one step (connecting, each read)."""
DEADLINE_SECONDS = 120.0
"""The whole fetch, every request and retry included: a server that answers a byte at a time
is cut off here, not kept waiting for forever."""
MAX_ATTEMPTS = 5
"""One request and up to four retries: well inside 30 calls per 10 seconds."""
FIRST_YEAR = 1968
NOISE_FROM_YEAR = 2025
MAX_RESPONSE_BYTES = 50_000_000


@dataclass(frozen=True)
class KeySelection:
    """Who is counted, when a key is not the whole population: an age band and a sex.

    ``first``/``last`` are ages in whole years (``last`` None: and older); ``sex`` is
    ``kvinnor``, ``män`` or None (both)."""

    first: int = 0
    last: int | None = None
    sex: str | None = None

    @property
    def everyone(self) -> bool:
        return self.band is None and self.sex is None

    @property
    def band(self) -> AgeBand | None:
        """The age band asked for; None for every age."""
        if self.first == 0 and self.last is None:
            return None
        return AgeBand(self.first, self.last)

    def measure(self) -> str:
        """What the key counts, in words: ``kvinnor 15-49 år`` (with an en dash),
        ``personer 80 år och äldre``."""
        who = self.sex or "personer"
        if self.last is None:
            return f"{who} {self.first} år och äldre" if self.first else who
        return f"{who} {self.first}\u2013{self.last} år"


EVERYONE = KeySelection()


def key_selection(ages: str | None, sex: str | None) -> KeySelection:
    """``--ages 80-`` / ``0-17`` and ``--sex kvinnor|män`` as a selection; anything else is
    refused with the forms that are meant. SCB counts 100 and older in one cell, so a band
    ends at 99 at most or is open."""
    import re

    first, last = 0, None
    if ages is not None:
        found = re.fullmatch(r"\s*(\d{1,3})\s*-\s*(\d{1,3})?\s*", ages)
        if found is None or (found.group(2) and int(found.group(2)) < int(found.group(1))):
            raise ScbError(
                _("--ages takes FROM-TO or FROM- in whole years, e.g. 80- or 15-49, not {value!r}")
                .format(value=ages)
            )  # fmt: skip
        first = int(found.group(1))
        last = int(found.group(2)) if found.group(2) else None
        if first > 100 or (last is not None and last > 99):
            raise ScbError(
                _(
                    "--ages {value}: SCB counts everyone aged 100 or more in one cell; end the "
                    "band at 99 at most, or leave its end open (e.g. 90-)"
                ).format(value=ages.strip())
            )
    if sex is not None and sex.strip().lower() not in ("kvinnor", "män", "man"):
        raise ScbError(_("--sex takes kvinnor or män, not {value!r}").format(value=sex))
    chosen = (
        None if sex is None else ("män" if sex.strip().lower() in ("män", "man") else "kvinnor")
    )
    return KeySelection(first, last, chosen)


@dataclass(frozen=True)
class PopulationTable:
    """An SCB table of population per region: its id, the measure to ask for, and how its
    period is written. Which cells to select is read from the table's ``/metadata``
    (:mod:`.scb_selection`), never assumed."""

    table: str
    contents_code: str
    noise_protected: bool
    monthly: bool = False
    """Month-end figures (``Tid`` ``2026M04``) rather than 31 December (``Tid`` ``2025``)."""

    def period(self, date: dt.date) -> str:
        """The ``Tid`` code of ``date``."""
        return f"{date.year}M{date.month:02d}" if self.monthly else str(date.year)


TAB638 = PopulationTable("TAB638", "BE0101N1", noise_protected=False)
TAB5557 = PopulationTable("TAB5557", "000007ME", noise_protected=True)
TAB6471 = PopulationTable("TAB6471", "000007SF", noise_protected=True, monthly=True)
MONTHLY_FROM = dt.date(2025, 1, 31)
"""TAB6471's first month: figures at the end of each month from January 2025."""


def table_for(date: dt.date) -> PopulationTable:
    """The table that holds population on ``date``: 31 December of a year from 1968 (TAB638,
    from 2025 TAB5557), or the last day of a month from January 2025 (TAB6471)."""
    month_end = (date + dt.timedelta(days=1)).day == 1
    if (date.month, date.day) == (12, 31):
        if date.year < FIRST_YEAR:
            raise ScbError(
                _("SCB's population tables begin with 31 December {first_year}").format(
                    first_year=FIRST_YEAR
                )
            )
        return TAB5557 if date.year >= NOISE_FROM_YEAR else TAB638
    if month_end and date >= MONTHLY_FROM:
        return TAB6471
    raise ScbError(
        _(
            "--date {isoformat}: SCB gives population on 31 December of each year, and from "
            "January 2025 on the last day of each month (TAB6471); use --date {year}-12-31 or "
            "{value}-12-31"
        ).format(isoformat=date.isoformat(), year=date.year, value=date.year - 1)
    )


@dataclass(frozen=True)
class ScbAnswer:
    """What a fetch got: the json-stat2 body, the table's info, and the exact request."""

    body: bytes
    table_info: dict[str, Any]
    url: str
    request_body: str
    plan: Plan
    """The cells asked for, planned from the table's ``/metadata``."""

    @property
    def updated(self) -> str | None:
        """SCB's ``updated`` stamp for the table, where it gave one."""
        stamp = self.table_info.get("updated")
        return str(stamp) if stamp is not None else None


@dataclass
class ScbClient:
    """A small PxWebApi 2.0 client: JSON in, JSON out, retries, clear errors."""

    base_url: str
    timeout: float = TIMEOUT_SECONDS
    backoff_seconds: float = 1.0
    sleep: Callable[[float], None] = time.sleep
    deadline_seconds: float = DEADLINE_SECONDS
    _deadline: Deadline | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        """Only an ``https://`` or ``http://`` address of a host is asked anything: never a
        file, an FTP server or a bare path (refused before any connection)."""
        from urllib.parse import urlsplit

        parts = urlsplit(self.base_url)
        if parts.scheme.lower() not in ("https", "http") or not parts.hostname:
            raise ScbError(
                _(
                    "--base-url {url!r}: not an http or https address of a host (e.g. {default})"
                ).format(url=self.base_url, default=DEFAULT_BASE_URL)
            )

    def table_info(self, table: str) -> dict[str, Any]:
        """``GET /tables/{id}``: label, firstPeriod, lastPeriod, updated."""
        info = self._json(self._call("GET", f"/tables/{table}", None))
        if not isinstance(info, dict):
            raise ScbError(
                _("{base_url}: the table info for {table} is not a JSON object").format(
                    base_url=self.base_url, table=table
                )
            )
        return info

    def population(
        self, date: dt.date, regions: Sequence[str], key: KeySelection = EVERYONE
    ) -> ScbAnswer:
        """Total population per region on ``date`` (or those of an age band and sex), as SCB
        publishes it, within one overall deadline for every request it takes."""
        self._deadline = Deadline(self.deadline_seconds)
        try:
            return self._population(date, regions, key)
        finally:
            self._deadline.cancel()
            self._deadline = None

    def _population(self, date: dt.date, regions: Sequence[str], key: KeySelection) -> ScbAnswer:
        table = table_for(date)
        info = self.table_info(table.table)
        last = str(info.get("lastPeriod", ""))
        period = table.period(date)
        if len(last) == len(period) and last[:4].isdigit() and period > last:
            raise ScbError(
                _(
                    "SCB has no population figures for {date} yet: table {table} ends with "
                    "{last} (updated {get})"
                ).format(
                    date=date.isoformat(),
                    table=table.table,
                    last=last,
                    get=info.get("updated", "unknown"),
                )
            )
        where = f"{self.base_url}/tables/{table.table}/metadata"
        found = variables(
            self._json(self._call("GET", f"/tables/{table.table}/metadata?lang=sv", None)), where
        )
        lists = []
        if key.band is not None and AGE in found:
            for list_id in found[AGE].codelists:
                path = f"/codelists/{urllib.parse.quote(list_id)}?lang=sv"
                lists.append(
                    codelist(self._json(self._call("GET", path, None)), self.base_url + path)
                )
        fixed = {"Region": list(regions), "ContentsCode": [table.contents_code], "Tid": [period]}
        planned = plan(table.table, found, fixed, key.band, key.sex, lists)
        body = json.dumps({"selection": planned.selection}, ensure_ascii=False)
        path = f"/tables/{table.table}/data?lang=sv&outputFormat=json-stat2"
        answer = self._call("POST", path, body.encode("utf-8"))
        return ScbAnswer(answer, info, self.base_url + path, body, planned)

    def _call(self, method: str, path: str, body: bytes | None) -> bytes:
        """One request with retries on 429 and 503; any other failure is an :class:`ScbError`."""
        url = self.base_url.rstrip("/") + path
        if self._deadline is not None:
            return self._call_within(method, url, body, self._deadline)
        deadline = Deadline(self.deadline_seconds)
        try:
            return self._call_within(method, url, body, deadline)
        finally:
            deadline.cancel()

    def _call_within(self, method: str, url: str, body: bytes | None, deadline: Deadline) -> bytes:
        opener = urllib.request.build_opener(_DeadlineHandler(deadline))
        for attempt in range(1, MAX_ATTEMPTS + 1):
            request = urllib.request.Request(url, data=body, method=method)
            request.add_header("Accept", "application/json")
            if body is not None:
                request.add_header("Content-Type", "application/json; charset=utf-8")
            try:
                timeout = min(self.timeout, deadline.remaining())
                with opener.open(request, timeout=timeout) as response:
                    return _read_within(response, deadline, url)
            except urllib.error.HTTPError as error:
                wait = self._wait(error, attempt)
                if error.code in (429, 503) and attempt < MAX_ATTEMPTS:
                    if wait >= deadline.remaining():
                        raise _too_slow(url, self.deadline_seconds) from None
                    self.sleep(wait)
                    continue
                raise self._problem(error, url) from None
            except (urllib.error.URLError, TimeoutError, OSError) as error:
                if deadline.passed():
                    raise _too_slow(url, self.deadline_seconds) from None
                reason = getattr(error, "reason", error)
                raise ScbError(
                    _(
                        "cannot reach SCB at {url}: {reason} — export the table from "
                        "SCB's statistikdatabas and use `population import`"
                    ).format(url=url, reason=reason)
                ) from None
        raise AssertionError("unreachable")  # pragma: no cover

    def _wait(self, error: urllib.error.HTTPError, attempt: int) -> float:
        """Seconds to wait before the next attempt: Retry-After if SCB says, else backoff."""
        header = str(error.headers.get("Retry-After", "")) if error.headers else ""
        if header.strip().isdigit():
            return min(float(header.strip()), 10.0)
        return float(self.backoff_seconds * 2 ** (attempt - 1))

    def _problem(self, error: urllib.error.HTTPError, url: str) -> ScbError:
        """SCB's Problem body (title, detail, status) as one clear message."""
        try:
            problem = loads_bounded(error.read(100_000) or b"{}", 100_000)
        except (ValueError, OSError, UnicodeDecodeError):
            problem = {}
        if not isinstance(problem, dict):
            problem = {}
        title = problem.get("title") or error.reason or "error"
        detail = problem.get("detail")
        status = problem.get("status", error.code)
        what = _("SCB answered {status} {title}").format(status=status, title=title) + (
            f": {detail}" if detail else ""
        )
        if error.code in (429, 503):
            what += " " + _("(still after {count} attempts; try again later)").format(
                count=MAX_ATTEMPTS
            )
        return ScbError(_("{what} — {url}").format(what=what, url=url))

    def _json(self, raw: bytes) -> Any:
        try:
            return loads_bounded(raw, MAX_RESPONSE_BYTES)
        except (ValueError, UnicodeDecodeError):
            raise ScbError(
                _("{base_url}: SCB's answer is not JSON").format(base_url=self.base_url)
            ) from None


class Deadline:
    """One point in time by which a fetch must be done; when it passes, every connection
    opened under it is shut, so a read blocked on a dripping server returns at once."""

    def __init__(self, seconds: float) -> None:
        self._end = time.monotonic() + seconds
        self._sockets: list[socket.socket] = []
        self._lock = threading.Lock()
        self._timer = threading.Timer(seconds, self._expire)
        self._timer.daemon = True
        self._timer.start()

    def remaining(self) -> float:
        return max(self._end - time.monotonic(), 0.001)

    def passed(self) -> bool:
        return time.monotonic() >= self._end

    def watch(self, sock: socket.socket) -> None:
        with self._lock:
            self._sockets.append(sock)
        if self.passed():
            self._expire()

    def cancel(self) -> None:
        self._timer.cancel()

    def _expire(self) -> None:
        with self._lock:
            for sock in self._sockets:
                with suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)


def _watched(base: type[http.client.HTTPConnection], deadline: Deadline) -> Any:
    """``base`` whose socket, once connected, is watched by ``deadline``."""

    class Watched(base):  # type: ignore[valid-type, misc]
        def connect(self) -> None:
            super().connect()
            deadline.watch(self.sock)

    return Watched


class _DeadlineHandler(urllib.request.HTTPHandler, urllib.request.HTTPSHandler):
    """Opens http and https connections whose sockets ``deadline`` watches."""

    def __init__(self, deadline: Deadline) -> None:
        super().__init__()
        self.deadline = deadline

    def http_open(self, req: urllib.request.Request) -> Any:
        return self.do_open(_watched(http.client.HTTPConnection, self.deadline), req)

    def https_open(self, req: urllib.request.Request) -> Any:
        connection = _watched(http.client.HTTPSConnection, self.deadline)
        return self.do_open(connection, req, context=self._context)  # type: ignore[attr-defined]


def _read_within(response: Any, deadline: Deadline, url: str) -> bytes:
    """The body, read as it comes (never waiting for a full buffer), until the deadline."""
    chunks: list[bytes] = []
    size = 0
    while True:
        if deadline.passed():
            raise TimeoutError(url)
        chunk = response.read1(65536)
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
        if size > MAX_RESPONSE_BYTES:
            break
    return b"".join(chunks)[:MAX_RESPONSE_BYTES]


def _too_slow(url: str, seconds: float) -> ScbError:
    return ScbError(
        _(
            "SCB at {url} did not answer in full within {seconds} s — try again later, or "
            "export the table from SCB's statistikdatabas and use `population import`"
        ).format(url=url, seconds=int(seconds))
    )
