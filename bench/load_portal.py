"""Load test over HTTP: portal users and staff on two prefork Odoo servers
sharing one database, against bare helpdesk_mgmt.

Usage: load_portal.py -c odoo.conf -d DB [--users N] [--concurrency N]
       [--timeout S] [--smoke]

``-d DB`` is the scratch database of ``make bench`` (the addon installed, no
demo): it is copied to ``DB_load`` (the copy gets both regulation presets in
its main company, as the demo ships, and the customers below), and a second
database ``DB_bare`` gets OCA ``helpdesk_mgmt`` alone, for the baseline. Both
are dropped at the end, whatever happens.

Two Odoo servers are started on free loopback ports, each prefork with 2 HTTP
workers, on the same two databases (``db_name`` and ``dbfilter`` name only
them); only the first runs a cron worker (``--max-cron-threads=1``, the second
0). They share the data directory, so a session opened on one is valid on the
other: every user logs in on one server and then alternates between both.
Outgoing mail goes to an SMTP sink of this script on loopback.

N portal users (default 40) log in, then all act at once (``--concurrency``
threads, default 16, users in random order, each user's own requests in
sequence, as a browser's):

- *coupon*: contacts of a DS licensee whose coupon has only a few uses left
  each send 2 special requests with its code: exactly the uses left become
  tickets, every other request gets the form back with "All ... special
  requests of the coupon ... are used"; and one with a code of no coupon
  (refused: "is not valid");
- *limit*: MQ Basic customers (3 registered contacts, 5 tickets in work)
  send 9 tickets each: 5 in work, 4 queued, for every customer;
- *booking*: customers with a professional-services certificate each book
  the same number of hours of the same month, whose capacity holds only half
  of them: exactly that half is booked, the others are told the specialists
  are fully booked;
- *plain*: customers of DS and MQ tiers without limits send 2 tickets each,
  and the form once more with a forged CSRF token (400, nothing created);
- *staff*: support users reply to the newest tickets over JSON-RPC
  (``call_kw`` ``message_post``), while the customers submit;
- *bare*: N/2 portal users of ``DB_bare`` send 3 tickets each to
  helpdesk_mgmt's own ``/submitted/ticket``, at the same time, on the same
  servers: the baseline of the ratio.

Each form is fetched first (its CSRF token, as a browser does) and each
submission carries a unique subject. Afterwards, with the servers stopped:
0 HTTP 5xx or transport errors, 0 lost submissions (each accepted form is
exactly one ticket, each refused one none, and the refusal was on the page),
coupon uses and redemptions exact, the limit queue exact per customer (and
a response timer on each ticket in work, none on a queued one), the month's
booked hours exact, each staff reply stored once, no ERROR in the servers'
logs (a scheduled action that fails counts) but the serialization failures
Odoo retries and a race of Odoo's own mail queue (counted apart).

The bare baseline is a second database rather than customers outside any
contract in the same one: with the addon installed, its controller, ticket
``create`` and rules run for every customer, so only a database without it
measures helpdesk_mgmt's own route. Both databases are served by the same
worker processes in the same minute, so both see the same load.

Prints ``load_portal ok=<0|1> errors=<n> p95_ms=<x> ratio=<x>``: p95 of the
accepted ticket submissions with the addon (POST ``/submitted/ticket``, the
redirect not followed), and its ratio to the p95 of the bare ones. Exits 1
unless ok. Bounded: every request has a timeout, the load phase a deadline
(``--timeout``), and the servers are stopped in a ``finally``.
"""

import argparse
import configparser
import os
import random
import re
import shutil
import signal
import socket
import socketserver
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor, wait
from datetime import date, timedelta

import requests
from dateutil.relativedelta import relativedelta

import odoo
from odoo import Command, api

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from scratch_db import (  # noqa: E402
    create_scratch_database,
    drop_database,
    odoo_cmd,
)

PASSWORD = "load-test-password"
BOOK_HOURS = 8.0
COUPON_TOTAL = 12
LIMIT_CONTACTS = 3  # MQ Basic: 3 contacts, 5 tickets in work
LIMIT_TICKETS_EACH = 3
LIMIT_IN_WORK = 5
PLAIN_TICKETS_EACH = 2
BARE_TICKETS_EACH = 3
COUPON_TICKETS_EACH = 2
STAFF_REPLIES_EACH = 4
REQUEST_TIMEOUT = (60, 150)  # connect (a browser waits as long), read: above
# --limit-time-real
CSRF = re.compile(r'name="csrf_token"\s+value="([^"]+)"')
TICKET_URL = re.compile(r"/my/ticket/(\d+)")
REFUSED_COUPON = "special requests of the coupon"
REFUSED_BOOKING = "fully booked"
# one entry of an Odoo log: its first line and the traceback after it
LOG_ENTRY = re.compile(r"\n(?=\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} )")
# hostile input: a code no coupon has (valid alphabet), a forged CSRF token
WRONG_CODE = "ZZZZ-ZZZZ-ZZZ2"
WRONG_COUPON = "is not valid"


# ----------------------------------------------------------------------
# Databases
# ----------------------------------------------------------------------
def start_bare_install(config, name):
    """helpdesk_mgmt alone in a new database (runs while the other is set
    up)."""
    drop_database(name)
    subprocess.run(["createdb", name], check=True)
    return subprocess.Popen(
        odoo_cmd(
            config,
            "-d",
            name,
            "-i",
            "helpdesk_mgmt",
            "--without-demo=all",
            "--stop-after-init",
            "--no-http",
            "--log-level=warn",
        )
    )


def set_passwords(env, users):
    """One hash for every load-test user (hashing 60 passwords at Odoo's
    600,000 rounds would take longer than the load)."""
    users[:1].password = PASSWORD
    env.flush_all()
    env.cr.execute("SELECT password FROM res_users WHERE id = %s", [users[0].id])
    (hashed,) = env.cr.fetchone()
    env.cr.execute(
        "UPDATE res_users SET password = %s WHERE id = ANY(%s)", [hashed, users.ids]
    )


def make_portal_users(env, contacts, prefix):
    portal = env.ref("base.group_portal")
    company = env.company
    return (
        env["res.users"]
        .with_context(no_reset_password=True)
        .create(
            [
                {
                    "login": f"{prefix}{index}",
                    "partner_id": contact.id,
                    "company_id": company.id,
                    "company_ids": [Command.set(company.ids)],
                    "groups_id": [Command.set(portal.ids)],
                }
                for index, contact in enumerate(contacts)
            ]
        )
    )


class LoadWorld:
    """The customers, users and expected outcomes of the load database."""

    def __init__(self, users, rng):
        self.sizes = {
            "coupon": max(2, users // 5),
            "limit_customers": max(1, users // 10),
            "booking": max(2, users // 5),
        }
        self.sizes["plain"] = max(
            1,
            users
            - self.sizes["coupon"]
            - LIMIT_CONTACTS * self.sizes["limit_customers"]
            - self.sizes["booking"],
        )
        self.coupon_left = max(1, self.sizes["coupon"] // 2)
        self.booking_ok = self.sizes["booking"] // 2
        self.rng = rng
        self.users = users
        self.scripts = []  # (login, kind, [actions])
        self.limit_contracts = []
        self.coupon = None
        self.month = None
        self.month_id = None
        self.staff = []

    def customer(self, env, name, tier, sender=None, contacts=1):
        company = env.company
        partner = env["res.partner"].create({"name": name, "is_company": True})
        people = env["res.partner"].create(
            [
                {
                    "name": f"{name} contact {index}",
                    "parent_id": partner.id,
                    "email": f"c{index}.{partner.id}@load.test",
                    "lang": "en_US",
                }
                for index in range(contacts)
            ]
        )

        def by_code(model, code):
            return env[model].search(
                [("code", "=", code), ("company_id", "=", company.id)]
            )

        contract = env["helpdesk.support.contract"].create(
            {
                "partner_id": partner.id,
                "company_id": company.id,
                "tier_id": by_code("helpdesk.support.tier", tier).id,
                "sender_category_id": sender
                and by_code("helpdesk.support.sender.category", sender).id,
                "date_start": date.today() - timedelta(days=30),
                "contact_ids": [Command.set(people.ids)],
                "key_contact_id": people[0].id,
            }
        )
        contract.action_activate()
        return partner, contract, people

    def build(self, env):
        company = env.company
        wizard = env["helpdesk.support.preset.wizard"]
        wizard._load_preset("ds", company.id)
        wizard._load_preset("mq", company.id)
        company.support_coupon_user_id = env.ref("base.user_admin")
        contacts = env["res.partner"]
        kinds = []
        contacts |= self._build_coupon(env)
        kinds += ["coupon"] * self.sizes["coupon"]
        for index in range(self.sizes["limit_customers"]):
            _partner, contract, people = self.customer(
                env, f"Load limit {index}", "mq_basic", contacts=LIMIT_CONTACTS
            )
            self.limit_contracts.append(contract.id)
            contacts |= people
            kinds += ["limit"] * LIMIT_CONTACTS
        contacts |= self._build_booking(env)
        kinds += ["booking"] * self.sizes["booking"]
        tiers = [("ds_commercial", "licensee"), ("mq_premium", None), ("ds_vip", None)]
        for index in range(self.sizes["plain"]):
            tier, sender = tiers[index % len(tiers)]
            contacts |= self.customer(env, f"Load plain {index}", tier, sender)[2]
            kinds.append("plain")
        users = make_portal_users(env, contacts, "load.portal.")
        users |= self._build_staff(env)
        set_passwords(env, users)
        for user, kind in zip(users, kinds, strict=False):
            self.scripts.append((user.login, kind, self._actions(kind)))
        return users

    def _build_coupon(self, env):
        partner, _contract, people = self.customer(
            env, "Load coupon", "ds_commercial", "licensee", self.sizes["coupon"]
        )
        self.coupon = env["helpdesk.support.coupon"].create(
            {
                "partner_id": partner.id,
                "licence_ref": "LOAD-1",
                "purchase_date": date.today() - timedelta(days=30),
                "uses_total": COUPON_TOTAL,
            }
        )
        # only the last uses are left, as if earlier requests had taken the rest
        env.cr.execute(
            "UPDATE helpdesk_support_coupon SET uses_count = %s WHERE id = %s",
            [COUPON_TOTAL - self.coupon_left, self.coupon.id],
        )
        return people

    def _build_booking(self, env):
        Booking = env["helpdesk.support.booking"]
        today = Booking._support_today(env.company)
        # two months ahead: always within the booking window (5 days before)
        self.month = today.replace(day=1) + relativedelta(months=2)
        record = env["helpdesk.support.booking.month"]._support_get(
            env.company, self.month
        )
        # room for half of the bookings, and a few hours that fit none
        record.capacity_hours = BOOK_HOURS * self.booking_ok + BOOK_HOURS / 2
        self.month_id = record.id
        contacts = env["res.partner"]
        self.certificates = {}
        for index in range(self.sizes["booking"]):
            partner, _contract, people = self.customer(
                env, f"Load booking {index}", "mq_premium"
            )
            certificate = env["helpdesk.support.certificate"].create(
                {
                    "partner_id": partner.id,
                    "date_start": today - timedelta(days=30),
                    "date_end": today + relativedelta(years=1),
                    "hours_prepaid": 100,
                }
            )
            self.certificates[people.id] = certificate.id
            contacts |= people
        return contacts

    def _build_staff(self, env):
        group = env.ref("helpdesk_mgmt_support_contract.group_support_user")
        count = max(1, self.users // 20)
        staff = (
            env["res.users"]
            .with_context(no_reset_password=True)
            .create(
                [
                    {
                        "login": f"load.staff.{index}",
                        "name": f"Load staff {index}",
                        "email": f"staff{index}@load.test",
                        "groups_id": [Command.set(group.ids)],
                    }
                    for index in range(count)
                ]
            )
        )
        self.staff = staff.mapped("login")
        return staff

    def _actions(self, kind):
        def ticket(coupon=None):
            return ("ticket", f"LT-{uuid.uuid4().hex}", coupon)

        if kind == "coupon":
            # the last uses, and a code of no coupon
            actions = [ticket(self.coupon.name) for _i in range(COUPON_TICKETS_EACH)]
            return [*actions, ticket(WRONG_CODE)]
        if kind == "limit":
            return [ticket() for _i in range(LIMIT_TICKETS_EACH)]
        if kind == "booking":
            return [("book", None, None), ticket()]
        # a post of the form from another site (forged CSRF token)
        forged = ("forged", f"LT-{uuid.uuid4().hex}", None)
        return [*(ticket() for _i in range(PLAIN_TICKETS_EACH)), forged]


def setup_load(database, world):
    registry = odoo.modules.registry.Registry(database)
    with registry.cursor() as cr:
        env = api.Environment(
            cr, odoo.SUPERUSER_ID, {"tracking_disable": True, "lang": "en_US"}
        )
        users = world.build(env)
        # the certificates by login (the portal user knows its certificate)
        world.certificates = {
            user.login: world.certificates[user.partner_id.id]
            for user in users
            if user.partner_id.id in world.certificates
        }


def setup_bare(database, count):
    registry = odoo.modules.registry.Registry(database)
    with registry.cursor() as cr:
        env = api.Environment(cr, odoo.SUPERUSER_ID, {"tracking_disable": True})
        customer = env["res.partner"].create({"name": "Bare JSC", "is_company": True})
        contacts = env["res.partner"].create(
            [
                {
                    "name": f"Bare contact {index}",
                    "parent_id": customer.id,
                    "email": f"b{index}@bare.test",
                }
                for index in range(count)
            ]
        )
        users = make_portal_users(env, contacts, "bare.portal.")
        set_passwords(env, users)
        return users.mapped("login")


# ----------------------------------------------------------------------
# Servers
# ----------------------------------------------------------------------
class SMTPSink(socketserver.ThreadingTCPServer):
    """Accepts every mail (the servers send notifications in requests)."""

    daemon_threads = True
    allow_reuse_address = True

    def __init__(self):
        super().__init__(("127.0.0.1", 0), SMTPHandler)
        self.count = 0
        self.lock = threading.Lock()


class SMTPHandler(socketserver.StreamRequestHandler):
    def reply(self, text):
        self.wfile.write(text.encode() + b"\r\n")

    def handle(self):
        try:
            self.converse()
        except ConnectionError:
            return  # a worker stopped mid-conversation (the servers' stop)

    def converse(self):
        self.reply("220 localhost load-test sink")
        in_data = False
        for line in self.rfile:
            if in_data:
                if line.rstrip(b"\r\n") == b".":
                    in_data = False
                    with self.server.lock:
                        self.server.count += 1
                    self.reply("250 OK")
                continue
            verb = line[:4].upper()
            if verb == b"EHLO":
                self.reply("250-localhost\r\n250 8BITMIME")
            elif verb == b"DATA":
                in_data = True
                self.reply("354 go on")
            elif verb == b"QUIT":
                self.reply("221 bye")
                return
            else:
                self.reply("250 OK")


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def write_server_conf(base, path, databases, smtp_port):
    parser = configparser.ConfigParser(interpolation=None)
    parser.read(base)
    options = parser["options"]
    options.update(
        {
            "db_name": ",".join(databases),
            "dbfilter": "^({})$".format("|".join(re.escape(d) for d in databases)),
            "list_db": "False",
            "http_interface": "127.0.0.1",
            "proxy_mode": "False",
            "smtp_server": "127.0.0.1",
            "smtp_port": str(smtp_port),
            "log_level": "info",
            "limit_time_real": "120",
            "limit_time_cpu": "60",
        }
    )
    with open(path, "w") as handle:
        parser.write(handle)


# The servers are started by a launcher script, as odoo-bin: the prefork
# master spawns its longpolling (bus websocket) process as ``sys.executable
# sys.argv[0] gevent``; with ``python -m odoo`` that would be odoo/__main__.py,
# whose directory on sys.path shadows the standard library. The load test
# opens no websocket, so that process is a stand-in that waits to be stopped:
# where gevent cannot start (it needs its zope packages), the master would
# respawn a failing process all through the measurement.
LAUNCHER = """import signal
import sys

if sys.argv[1:2] == ["gevent"]:
    signal.signal(signal.SIGTERM, lambda *args: sys.exit(0))
    while True:
        signal.pause()
import odoo.cli

odoo.cli.main()
"""


class Servers:
    """Two prefork servers on the same databases; stopped by ``stop``."""

    def __init__(self, conf, tmp):
        self.conf = conf
        self.tmp = tmp
        self.processes = []
        self.urls = []
        self.logs = []

    def start(self):
        launcher = os.path.join(self.tmp, "odoo_server.py")
        with open(launcher, "w") as handle:
            handle.write(LAUNCHER)
        for index, cron in enumerate((1, 0)):
            port = free_port()
            log = os.path.join(self.tmp, f"server{index}.log")
            self.logs.append(log)
            self.processes.append(
                subprocess.Popen(
                    [
                        sys.executable,
                        launcher,
                        "-c",
                        self.conf,
                        "--workers=2",
                        f"--max-cron-threads={cron}",
                        f"--http-port={port}",
                        f"--gevent-port={free_port()}",
                        f"--logfile={log}",
                    ],
                    start_new_session=True,
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                )
            )
            self.urls.append(f"http://127.0.0.1:{port}")

    def wait_ready(self, timeout=120):
        deadline = time.monotonic() + timeout
        for url, process in zip(self.urls, self.processes, strict=True):
            while True:
                if process.poll() is not None:
                    raise RuntimeError(f"server {url} exited: see {self.tmp}")
                try:
                    ready = requests.get(f"{url}/web/health", timeout=5).ok
                except requests.RequestException:
                    ready = False  # not listening yet
                if ready:
                    break
                if time.monotonic() > deadline:
                    raise RuntimeError(f"server {url} not ready in {timeout} s")
                time.sleep(0.5)

    def stop(self):
        for process in self.processes:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for process in self.processes:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=10)

    def log_counts(self):
        """Retries, and ERROR entries of the servers' logs (with their
        tracebacks), apart from the serialization failures Odoo retries and
        Odoo's own mail-queue race (below)."""
        counts = {
            "retries": 0,
            "retries_exhausted": 0,
            "errors": 0,
            "mail_queue_races": 0,
            "lines": [],
        }
        entries = []
        for log in self.logs:
            if os.path.exists(log):
                with open(log, errors="replace") as handle:
                    entries += LOG_ENTRY.split(handle.read())
        for entry in entries:
            if "tries left, try again" in entry:
                counts["retries"] += 1
            elif "maximum number of tries reached" in entry:
                counts["retries_exhausted"] += 1
            first_line = entry.split("\n", 1)[0]
            if " ERROR " not in first_line and " CRITICAL " not in first_line:
                continue
            if "bad query" in first_line and "could not serialize" in entry:
                continue  # logged by the cursor, then retried (or reported)
            if "Failed processing mail queue" in first_line and (
                "MissingError" in entry and "mail.mail(" in entry
            ):
                # Odoo's mail queue action picked a mail that the request
                # which created it was sending itself and deleted once sent:
                # a race of Odoo's mail module, no mail is lost
                counts["mail_queue_races"] += 1
                continue
            counts["errors"] += 1
            counts["lines"].append(first_line.strip()[:300])
        return counts


# ----------------------------------------------------------------------
# Clients
# ----------------------------------------------------------------------
class Results:
    def __init__(self):
        self.lock = threading.Lock()
        self.records = []
        self.failures = []

    def add(self, **record):
        with self.lock:
            self.records.append(record)

    def fail(self, text):
        with self.lock:
            self.failures.append(text)


def submission_outcome(response, coupon, forged):
    """(``ticket``, id) when the browser is sent to the new ticket,
    (``refused``, None) when the page says why not, else (``error``, None)."""
    if response is None:
        return "error", None
    if forged:
        # Odoo's answer to a bad CSRF token: 400, nothing created
        return ("refused", None) if response.status_code == 400 else ("error", None)
    if response.status_code in (302, 303):
        match = TICKET_URL.search(response.headers.get("Location", ""))
        return "ticket", match and int(match.group(1))
    if response.status_code == 200 and coupon:
        refusal = WRONG_COUPON if coupon == WRONG_CODE else REFUSED_COUPON
        if refusal in response.text:
            return "refused", None
    return "error", None


class Client:
    """One user's browser: a session, alternating between the servers."""

    def __init__(self, urls, database, login, results, start):
        self.urls = urls
        self.database = database
        self.login = login
        self.results = results
        self.turn = start
        self.session = requests.Session()
        # one connection a request, as a reverse proxy talks to Odoo's
        # workers: a prefork worker serves one connection at a time, and one
        # kept alive holds it idle until its socket timeout (2 s), after
        # which a request sent on it meets a closed connection
        self.session.headers["Connection"] = "close"

    def url(self, path):
        self.turn += 1
        return self.urls[self.turn % len(self.urls)] + path

    def request(self, method, path, **kw):
        kw.setdefault("timeout", REQUEST_TIMEOUT)
        url = self.url(path)
        try:
            response = self.session.request(method, url, **kw)
        except requests.RequestException as error:
            self.results.fail(f"{self.login} {method} {path}: {error!r}")
            return None
        if response.status_code >= 500:
            self.results.fail(f"{self.login} {method} {path}: {response.status_code}")
            return None
        return response

    def csrf(self, path):
        page = self.request("GET", path)
        match = page is not None and CSRF.search(page.text)
        if not match:
            self.results.fail(f"{self.login}: no CSRF token on {path}")
            return None
        return match.group(1)

    def portal_login(self):
        token = self.csrf(f"/web/login?db={self.database}")
        if not token:
            return False
        response = self.request(
            "POST",
            "/web/login",
            data={"login": self.login, "password": PASSWORD, "csrf_token": token},
            allow_redirects=False,
        )
        if response is None or response.status_code not in (302, 303):
            self.results.fail(f"{self.login}: login refused")
            return False
        return True

    def staff_login(self):
        response = self.request(
            "POST",
            "/web/session/authenticate",
            json={
                "jsonrpc": "2.0",
                "params": {
                    "db": self.database,
                    "login": self.login,
                    "password": PASSWORD,
                },
            },
        )
        if response is None or "error" in response.json():
            self.results.fail(f"{self.login}: staff login refused")
            return False
        return True

    def submit(self, kind, subject, coupon, forged=False):
        """Fetch the form, then send it (``forged``: with another token, as
        a cross-site post would)."""
        token = self.csrf("/new/ticket")
        if not token:
            return
        data = {
            "csrf_token": f"{uuid.uuid4().hex}o{int(time.time()) + 3600}"
            if forged
            else token,
            "subject": subject,
            "description": f"Load test ticket {subject}: it does not work.",
        }
        if coupon:
            data["support_coupon"] = coupon
        tick = time.perf_counter()
        response = self.request(
            "POST", "/submitted/ticket", data=data, allow_redirects=False
        )
        elapsed = (time.perf_counter() - tick) * 1000
        outcome, ticket_id = submission_outcome(response, coupon, forged)
        if outcome == "error":
            self.results.fail(
                f"{self.login}: submission answered "
                f"{getattr(response, 'status_code', None)} "
                "without a ticket or a refusal"
            )
        self.results.add(
            db=self.database,
            kind=kind,
            action="ticket",
            subject=subject,
            outcome=outcome,
            ticket_id=ticket_id,
            ms=elapsed,
            hostile=forged or coupon == WRONG_CODE,
        )

    def book(self, certificate_id, month):
        token = self.csrf("/my/support/certificates")
        if not token:
            return
        response = self.request(
            "POST",
            "/my/support/booking",
            data={
                "csrf_token": token,
                "certificate_id": str(certificate_id),
                "month": month.isoformat(),
                "hours": str(BOOK_HOURS),
            },
            allow_redirects=False,
        )
        outcome = "error"
        if response is not None and response.status_code in (302, 303):
            # the page the browser is sent to says what happened
            location = response.headers.get("Location", "")
            page = self.request("GET", location[location.find("/my/") :])
            text = page.text if page is not None else ""
            if "message=booked" in location and "Hours booked." in text:
                outcome = "booked"
            elif "error=refused" in location and REFUSED_BOOKING in text:
                outcome = "refused"
        if outcome == "error":
            self.results.fail(f"{self.login}: booking without an answer shown")
        self.results.add(
            db=self.database, kind="booking", action="book", outcome=outcome
        )

    def reply(self, index):
        found = self.call_kw(
            "helpdesk.ticket",
            "search",
            [[("name", "=like", "LT-%")]],
            {"limit": 3, "order": "id desc"},
        )
        for ticket_id in found or []:
            token = f"LR-{uuid.uuid4().hex}"
            done = self.call_kw(
                "helpdesk.ticket",
                "message_post",
                [[ticket_id]],
                {
                    "body": f"Load reply {token}",
                    "message_type": "comment",
                    "subtype_xmlid": "mail.mt_comment",
                },
            )
            self.results.add(
                db=self.database,
                kind="staff",
                action="reply",
                subject=token,
                outcome="replied" if done else "error",
            )

    def call_kw(self, model, method, args, kwargs):
        response = self.request(
            "POST",
            f"/web/dataset/call_kw/{model}/{method}",
            json={
                "jsonrpc": "2.0",
                "method": "call",
                "params": {
                    "model": model,
                    "method": method,
                    "args": args,
                    "kwargs": kwargs,
                },
            },
        )
        if response is None:
            return None
        payload = response.json()
        if "error" in payload:
            message = payload["error"].get("data", {}).get("message")
            self.results.fail(f"{self.login} {method}: {message}")
            return None
        return payload["result"]


def run_user(client, actions, world):
    for action, subject, extra in actions:
        if action in ("ticket", "forged"):
            client.submit(client.kind, subject, extra, forged=action == "forged")
        elif action == "book":
            client.book(world.certificates[client.login], world.month)
        elif action == "reply":
            client.reply(subject)


def run_load(urls, world, databases, bare_logins, concurrency, timeout):
    """Log everyone in, then let them all act at once."""
    results = Results()
    load_db, bare_db = databases
    clients = []
    for index, (login, kind, actions) in enumerate(world.scripts):
        client = Client(urls, load_db, login, results, index)
        client.kind = kind
        clients.append((client, actions, "portal"))
    for index, login in enumerate(world.staff):
        client = Client(urls, load_db, login, results, index)
        client.kind = "staff"
        actions = [("reply", i, None) for i in range(STAFF_REPLIES_EACH)]
        clients.append((client, actions, "staff"))
    for index, login in enumerate(bare_logins):
        client = Client(urls, bare_db, login, results, index)
        client.kind = "bare"
        actions = [
            ("ticket", f"LT-{uuid.uuid4().hex}", None)
            for _i in range(BARE_TICKETS_EACH)
        ]
        clients.append((client, actions, "portal"))
    deadline = time.monotonic() + timeout
    with ThreadPoolExecutor(max_workers=concurrency) as pool:
        logins = {
            pool.submit(
                client.staff_login if how == "staff" else client.portal_login
            ): (client, actions)
            for client, actions, how in clients
        }
        done, pending = wait(logins, timeout=max(1, deadline - time.monotonic()))
        ready = [logins[future] for future in done if future.result()]
        world.rng.shuffle(ready)
        tick = time.perf_counter()
        futures = [
            pool.submit(run_user, client, actions, world) for client, actions in ready
        ]
        done, pending = wait(futures, timeout=max(1, deadline - time.monotonic()))
        elapsed = time.perf_counter() - tick
        for future in pending:
            future.cancel()
        if pending:
            results.fail(f"{len(pending)} users unfinished at the deadline")
        for future in done:
            if future.exception():
                results.fail(f"client crashed: {future.exception()!r}")
    return results, elapsed


# ----------------------------------------------------------------------
# Checks
# ----------------------------------------------------------------------
def check_tickets(cr, results, database):
    """Each accepted submission is exactly one ticket, each refused one
    none."""
    subjects = [
        r for r in results.records if r["db"] == database and r["action"] == "ticket"
    ]
    cr.execute(
        "SELECT name, count(*), min(id) FROM helpdesk_ticket WHERE name = ANY(%s) "
        "GROUP BY name",
        [[r["subject"] for r in subjects]],
    )
    found = {name: (count, ticket_id) for name, count, ticket_id in cr.fetchall()}
    for record in subjects:
        count, ticket_id = found.get(record["subject"], (0, None))
        if record["outcome"] == "ticket" and (
            count != 1 or ticket_id != record["ticket_id"]
        ):
            results.fail(f"{database}: {record['subject']} accepted, {count} tickets")
        elif record["outcome"] != "ticket" and count:
            results.fail(f"{database}: {record['subject']} refused, {count} tickets")


def expect(results, what, got, wanted):
    if got != wanted:
        results.fail(f"{what}: {got}, expected {wanted}")


def check_rules(cr, results, world, database):
    ok = [r for r in results.records if r["db"] == database]
    hostile = [r for r in ok if r.get("hostile")]
    expect(
        results,
        "hostile submissions refused",
        sum(r["outcome"] == "refused" for r in hostile),
        len(hostile),
    )
    coupon_ok = sum(
        1
        for r in ok
        if r["kind"] == "coupon" and r["outcome"] == "ticket" and not r.get("hostile")
    )
    expect(results, "coupon tickets accepted", coupon_ok, world.coupon_left)
    cr.execute(
        "SELECT uses_count, (SELECT count(*) FROM helpdesk_support_coupon_redemption "
        "WHERE coupon_id = c.id), (SELECT count(*) FROM helpdesk_ticket "
        "WHERE support_coupon_id = c.id) FROM helpdesk_support_coupon c WHERE id = %s",
        [world.coupon.id],
    )
    uses, redemptions, tickets = cr.fetchone()
    expect(results, "coupon uses", uses, COUPON_TOTAL)
    expect(results, "coupon redemptions", redemptions, world.coupon_left)
    expect(results, "coupon tickets", tickets, world.coupon_left)
    per_customer = LIMIT_CONTACTS * LIMIT_TICKETS_EACH
    cr.execute(
        "SELECT support_contract_id, count(*) FILTER (WHERE support_queued), "
        "count(*) FILTER (WHERE NOT COALESCE(support_queued, false)) "
        "FROM helpdesk_ticket WHERE support_contract_id = ANY(%s) "
        "GROUP BY support_contract_id",
        [world.limit_contracts],
    )
    rows = {contract: (queued, work) for contract, queued, work in cr.fetchall()}
    for contract in world.limit_contracts:
        expect(
            results,
            f"limit contract {contract} (queued, in work)",
            rows.get(contract),
            (per_customer - LIMIT_IN_WORK, LIMIT_IN_WORK),
        )
    # the SLA of every accepted ticket: a response timer when in work, none
    # while queued (R-30: the clock starts when a slot frees)
    ids = [r["ticket_id"] for r in ok if r["outcome"] == "ticket"]
    cr.execute(
        "SELECT count(*) FILTER (WHERE t.support_queued AND timers > 0), "
        "count(*) FILTER (WHERE NOT COALESCE(t.support_queued, false) "
        "AND timers <> 1) FROM helpdesk_ticket t, LATERAL (SELECT count(*) AS "
        "timers FROM helpdesk_support_sla_timer s WHERE s.ticket_id = t.id) c "
        "WHERE t.id = ANY(%s)",
        [ids],
    )
    queued_timed, untimed = cr.fetchone()
    expect(results, "queued tickets with a timer", queued_timed, 0)
    expect(results, "tickets in work without exactly one timer", untimed, 0)
    booked = sum(1 for r in ok if r["action"] == "book" and r["outcome"] == "booked")
    expect(results, "bookings accepted", booked, world.booking_ok)
    cr.execute(
        "SELECT m.booked_hours, count(b.id), COALESCE(sum(b.hours), 0) "
        "FROM helpdesk_support_booking_month m LEFT JOIN helpdesk_support_booking b "
        "ON b.month_id = m.id AND b.state = 'confirmed' WHERE m.id = %s "
        "GROUP BY m.booked_hours",
        [world.month_id],
    )
    hours, bookings, total = cr.fetchone()
    expect(results, "bookings stored", bookings, world.booking_ok)
    expect(results, "booked hours", round(hours, 2), world.booking_ok * BOOK_HOURS)
    expect(results, "hours of the bookings", round(total, 2), round(hours, 2))


def check_replies(cr, results, database):
    tokens = [
        r["subject"]
        for r in results.records
        if r["action"] == "reply" and r["outcome"] == "replied"
    ]
    cr.execute(
        "SELECT count(*) FROM mail_message WHERE model = 'helpdesk.ticket' "
        "AND body::text LIKE '%%Load reply LR-%%' "
        "AND substring(body::text from 'LR-[0-9a-f]{32}') = ANY(%s)",
        [tokens],
    )
    expect(results, "staff replies stored", cr.fetchone()[0], len(tokens))


def check(databases, results, world):
    load_db, bare_db = databases
    for database in databases:
        with odoo.sql_db.db_connect(database).cursor() as cr:
            check_tickets(cr, results, database)
            if database == load_db:
                check_rules(cr, results, world, database)
                check_replies(cr, results, database)


def percentile(values, share=0.95):
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def summary(results, databases, elapsed):
    load_db, bare_db = databases
    accepted = {
        database: [
            r["ms"]
            for r in results.records
            if r["db"] == database
            and r["action"] == "ticket"
            and r["outcome"] == "ticket"
        ]
        for database in databases
    }
    outcomes = {}
    for record in results.records:
        key = (record["kind"], record["outcome"])
        outcomes[key] = outcomes.get(key, 0) + 1
    print(f"load phase: {elapsed:.1f} s, {len(results.records)} actions")
    for (kind, outcome), count in sorted(outcomes.items()):
        print(f"  {kind:8} {outcome:8} {count}")
    return percentile(accepted[load_db]), percentile(accepted[bare_db]), accepted


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("-c", "--config", required=True)
    parser.add_argument("-d", "--database", required=True)
    parser.add_argument("--users", type=int, default=40)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--timeout", type=int, default=600)
    parser.add_argument("--seed", type=int, default=16)
    parser.add_argument("--smoke", action="store_true", help="8 users: it runs")
    args = parser.parse_args()
    if args.smoke:
        args.users, args.concurrency, args.timeout = 8, 8, 120
    odoo.tools.config.parse_config(["-c", args.config])
    load_db, bare_db = f"{args.database}_load", f"{args.database}_bare"
    databases = (load_db, bare_db)
    world = LoadWorld(args.users, random.Random(args.seed))
    tmp = tempfile.mkdtemp(prefix="load_portal_")
    smtp = SMTPSink()
    threading.Thread(target=smtp.serve_forever, daemon=True).start()
    servers = bare = None
    started = time.monotonic()
    try:
        bare = start_bare_install(args.config, bare_db)
        create_scratch_database(args.config, args.database, load_db)
        setup_load(load_db, world)
        if bare.wait(timeout=600):
            raise RuntimeError("helpdesk_mgmt did not install in the bare database")
        bare_logins = setup_bare(bare_db, max(2, args.users // 2))
        print(
            f"databases ready in {time.monotonic() - started:.0f} s: {load_db} "
            f"(addon, DS and MQ presets, {len(world.scripts)} portal users, "
            f"{len(world.staff)} support users), {bare_db} (helpdesk_mgmt, "
            f"{len(bare_logins)} portal users)"
        )
        for database in databases:
            odoo.sql_db.close_db(database)
        conf = os.path.join(tmp, "server.conf")
        write_server_conf(args.config, conf, databases, smtp.server_address[1])
        servers = Servers(conf, tmp)
        servers.start()
        servers.wait_ready()
        print(f"servers: {', '.join(servers.urls)} (2 workers each, cron on the first)")
        results, elapsed = run_load(
            servers.urls, world, databases, bare_logins, args.concurrency, args.timeout
        )
        servers.stop()
        check(databases, results, world)
        logs = servers.log_counts()
    finally:
        if servers:
            servers.stop()
        if bare and bare.poll() is None:
            bare.kill()
            bare.wait(timeout=30)
        smtp.shutdown()
        for database in (load_db, bare_db):
            drop_database(database)
    p95_addon, p95_bare, accepted = summary(results, databases, elapsed)
    for failure in results.failures[:20]:
        print(f"  FAILED: {failure}")
    # a server-side error no client saw (a cron, a mail) counts too
    errors = len(results.failures) + logs["errors"]
    print(
        f"accepted submissions: {len(accepted[load_db])} with the addon "
        f"(p50 {percentile(accepted[load_db], 0.5):.0f} ms, p95 {p95_addon:.0f} ms)"
        f", {len(accepted[bare_db])} bare helpdesk_mgmt (p50 "
        f"{percentile(accepted[bare_db], 0.5):.0f} ms, p95 {p95_bare:.0f} ms); "
        f"mails to the sink: {smtp.count}; "
        f"serialization retries in the logs: {logs['retries']} "
        f"(exhausted {logs['retries_exhausted']}), ERROR entries: {logs['errors']}"
        f" (and {logs['mail_queue_races']} of Odoo's mail queue racing a mail "
        "sent by its request)"
    )
    print(
        f"load_portal ok={int(not errors)} errors={errors} "
        f"p95_ms={p95_addon:.0f} ratio={p95_addon / p95_bare:.2f}"
    )
    print(f"whole run: {time.monotonic() - started:.0f} s")
    for line in logs["lines"][:5]:
        print(f"  log: {line}")
    if errors:
        print(f"server logs kept in {tmp}")
        return 1
    shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
