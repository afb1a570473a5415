"""Check the demo data against the regulations: a ticket per DS level and MQ tier.

Usage: check_demo.py -c odoo.conf -d DB

Run by ``make test`` on the database it installs with demo data (both
presets in the main company, as ``make run`` ships them). Each demo ticket
must count the target of its clause; the figures below are written from the
regulations' text (DS 2.1, 3.1-3.9; MQ 1.2, 1.4, 2.1, Appendix 1), never read
back from the presets. Also: the paused ticket is paused, the breached one
breached, the queued one queued over the limit, the coupon ticket on the
special-request level, the professional-service ticket ordered with
timesheets, the Premium+ customer's Telegram chat linked to its contract with
a ticket registered from its message and counted from the message's time,
HT00010 an MQ Premium+ consultation with its tier's 1
hour; each portal login of ``make run`` logs in over HTTP and sees
its tickets on /my/tickets. Prints "demo check ok" or the errors.
"""

import argparse
import sys
from datetime import timedelta
from pathlib import Path

import pytz
from portal_client import log_in

import odoo
import odoo.http
from odoo import api

MODULE = "helpdesk_mgmt_support_contract"
ROOT = Path(__file__).resolve().parent.parent
MSK = "Europe/Moscow"
WEEKDAYS = (0, 1, 2, 3, 4)
ALL_DAYS = (0, 1, 2, 3, 4, 5, 6)

# Schedules as the regulations state them: (zone, days, from, to)
# DS 2.1 «по рабочим дням с 10 до 18 часов московского времени»
DS_WORKING = (MSK, WEEKDAYS, 10, 18)
# DS 2.1 «Время реакции ... включает в себя только рабочее время (за
# исключением работы сотрудников техподдержки по «спецобращениям»...)»
DS_ROUND_THE_CLOCK = (MSK, ALL_DAYS, 0, 24)
# MQ 1.2 «График 8x5 – с Пн по Пт, с 9:00 до 18:00 по Московскому часовому
# поясу»; «График 24x7 – круглосуточная поддержка»
MQ_8X5 = (MSK, WEEKDAYS, 9, 18)
MQ_24X7 = (MSK, ALL_DAYS, 0, 24)

# demo ticket -> (clause, SLA level code or None for the tier's target,
# tier code or None, target value, unit, schedule)
TICKETS = {
    "ticket_integrator_down_demo": (
        "DS 3.1 «Партнеры: Оперативная поддержка ... критическая ошибка ... "
        "3 рабочих часа»",
        "ds_partner_operational",
        "ds_commercial",
        3,
        "hours",
        DS_WORKING,
    ),
    "ticket_integrator_install_demo": (
        "DS 3.2 «Партнеры: Стандартная поддержка ... 5 рабочих часов»",
        "ds_partner_standard",
        "ds_commercial",
        5,
        "hours",
        DS_WORKING,
    ),
    "ticket_licensee_region_down_demo": (
        "DS 3.3 «Лицензиаты ...: Оперативная поддержка ... 4 рабочих часа»",
        "ds_licensee_operational",
        "ds_commercial",
        4,
        "hours",
        DS_WORKING,
    ),
    "ticket_licensee_region_update_demo": (
        "DS 3.4 «Лицензиаты ...: Стандартная поддержка ... 6 рабочих часов»",
        "ds_licensee_standard",
        "ds_commercial",
        6,
        "hours",
        DS_WORKING,
    ),
    "ticket_licensee_vip_error_demo": (
        "DS 3.5 «Лицензиаты ...: VIP – поддержка ... 2 рабочих часа»",
        "ds_licensee_vip",
        "ds_vip",
        2,
        "hours",
        DS_WORKING,
    ),
    "ticket_licensee_coupon_demo": (
        "DS 3.6 «Спецобращения ... время реакции на обращение не превышает 1 час»",
        "ds_special_request",
        "ds_vip",
        1,
        "hours",
        DS_ROUND_THE_CLOCK,
    ),
    "ticket_edo_participant_demo": (
        "DS 3.7 «Некоммерческая поддержка ... 24 рабочих часа»",
        "ds_non_commercial",
        None,
        24,
        "hours",
        DS_WORKING,
    ),
    "ticket_licensee_question_demo": (
        "DS 3.8 «Консультирование по общим вопросам ... 40 рабочих часов»",
        "ds_consultation",
        "ds_vip",
        40,
        "hours",
        DS_WORKING,
    ),
    "ticket_mq_basic_consultation_demo": (
        "MQ Appendix 1 «Базовая ... 8x5 ... 1 рабочий день»",
        None,
        "mq_basic",
        1,
        "days",
        MQ_8X5,
    ),
    "ticket_mq_professional_service_demo": (
        "MQ 2.1 «Сроки реагирования на сервисный запрос аналогичны срокам ... "
        "пакета»: Basic, 1 working day",
        None,
        "mq_basic",
        1,
        "days",
        MQ_8X5,
    ),
    "ticket_mq_basic_plus_consultation_demo": (
        "MQ Appendix 1 «Базовая + ... 8x5 ... 4 часа»",
        None,
        "mq_basic_plus",
        4,
        "hours",
        MQ_8X5,
    ),
    "ticket_premium_bug_demo": (
        "MQ Appendix 1 «Премиальная ... 24x7 ... 2 часа»",
        None,
        "mq_premium",
        2,
        "hours",
        MQ_24X7,
    ),
    "ticket_mq_premium_breached_demo": (
        "MQ Appendix 1 «Премиальная ... 24x7 ... 2 часа»",
        None,
        "mq_premium",
        2,
        "hours",
        MQ_24X7,
    ),
    "ticket_mq_premium_plus_consultation_demo": (
        "MQ Appendix 1 «Премиальная+ ... 24x7 ... 1 час»",
        None,
        "mq_premium_plus",
        1,
        "hours",
        MQ_24X7,
    ),
    "ticket_mq_premium_plus_chat_demo": (
        "MQ 1.3 «Фиксация обращений, поступивших через Telegram-чаты ... "
        "производится СТП» and Appendix 1 «Премиальная+ ... 24x7 ... 1 час»",
        None,
        "mq_premium_plus",
        1,
        "hours",
        MQ_24X7,
    ),
}
# DS 3.9 «Разработка ... присваивается в случае, если обращение переведено
# под контроль отдела разработки ... 24 рабочих дня»
DEVELOPMENT = ("ticket_integrator_development_demo", "ds_development", 24, "days")
# MQ 1.4 «Лицензирование и выставление счетов ... На обращения данной
# категории не распространяется установленный пакетом поддержки SLA»
NO_SLA = "ticket_mq_premium_plus_billing_demo"
# the example: «demo ticket HT00010 shows "in 7 days"»
HT00010 = ("HT00010", "ticket_mq_premium_plus_consultation_demo")
# MQ Appendix 1 «Количество одновременно открытых обращений: Базовая 5»
QUEUED = ("ticket_mq_basic_queued_demo", "contract_mq_basic_demo", 5)
# MQ 1.2 / 2.1: «обращение считается неактуальным» applies to the customer's
# court only; a vendor-side reason (DS 5.10: an update is needed) postpones
# the solution but pauses no response clock (MQ 1.2 «Основным показателем
# SLA является гарантированное время ответа», R-22)
VENDOR_WAIT = "ticket_licensee_region_update_demo"
BREACHED = "ticket_mq_premium_breached_demo"
# MQ 2.3 «После подтверждения ККЛ ... заявка передается на исполнение»;
# MQ 2.1 «коэффициент сверхурочной работы (x2)»
PROFESSIONAL_SERVICE = "ticket_mq_professional_service_demo"
OVERTIME = 2.0

# MQ 1.3 «Telegram-чаты доступны только для уровней поддержки «Премиальная» и
# «Премиальная+»»; «Telegram-чаты создаются и администрируются СТП»;
# «Фиксация обращений, поступивших через Telegram-чаты, в центре поддержки,
# производится СТП»; MQ 1.5 «Имя пользователей в мессенджере Telegram»:
# (chat, ticket registered from its message, tiers with the messenger)
CHAT = (
    "chat_mq_premium_plus_demo",
    "ticket_mq_premium_plus_chat_demo",
    ("mq_premium", "mq_premium_plus"),
)
# MQ 1.3: «для следующих категорий запросов: Ошибки (баги); Улучшения
# (доработки); Управление учетными записями; Лицензирование и выставление
# счетов; Запрос на оказание профессионального сервиса»
CHAT_CATEGORY_CODES = (
    "bug",
    "improvement",
    "account_management",
    "licensing_billing",
    "professional_service",
)

# the portal logins `make run` prints (login = password): contract, key
# contact person or plain registered contact, tickets shown on /my/tickets
LOGINS = {
    "ds.kcp": (
        "contract_licensee_demo",
        True,
        ["ticket_licensee_question_demo", "ticket_licensee_coupon_demo"],
    ),
    "ds.user": ("contract_licensee_demo", False, ["ticket_licensee_vip_error_demo"]),
    "mq.kcp": (
        "contract_mq_basic_demo",
        True,
        ["ticket_mq_professional_service_demo", "ticket_mq_basic_queued_demo"],
    ),
    "mq.user": ("contract_mq_basic_demo", False, ["ticket_mq_basic_queued_demo"]),
}


def ref(env, name):
    return env.ref(f"{MODULE}.{name}")


def check_records(env):
    """Errors for the demo records this check needs that do not exist."""
    names = {
        *TICKETS,
        DEVELOPMENT[0],
        NO_SLA,
        HT00010[1],
        QUEUED[0],
        QUEUED[1],
        VENDOR_WAIT,
        BREACHED,
        PROFESSIONAL_SERVICE,
        CHAT[0],
        CHAT[1],
        "coupon_licensee_demo",
        *(spec[0] for spec in LOGINS.values()),
        *(name for spec in LOGINS.values() for name in spec[2]),
    }
    return [
        f"demo record {MODULE}.{name} missing"
        for name in sorted(names)
        if not env.ref(f"{MODULE}.{name}", raise_if_not_found=False)
    ]


def check_schedule(calendar, schedule):
    """Errors when ``calendar`` is not the regulation's ``schedule``."""
    zone, days, hour_from, hour_to = schedule
    expected = {(day, float(hour_from), float(hour_to)) for day in days}
    actual = {
        (int(att.dayofweek), att.hour_from, att.hour_to)
        for att in calendar.attendance_ids
        if not att.display_type
    }
    errors = []
    if calendar.tz != zone:
        errors.append(f"zone {calendar.tz}, not {zone}")
    if actual != expected:
        errors.append(f"attendances {sorted(actual)}, not {sorted(expected)}")
    return errors


def check_deadline(timer, value, unit, schedule):
    """Errors when the timer's deadline is not ``value`` ``unit`` of
    ``schedule`` after its start."""
    zone, days, hour_from, hour_to = schedule
    start, deadline = timer.start_date, timer.deadline
    if not deadline:
        return ["no deadline"]
    if unit == "hours" and days == ALL_DAYS and (hour_from, hour_to) == (0, 24):
        # round the clock: plain arithmetic
        expected = start + timedelta(hours=value, seconds=timer.paused_seconds)
        if abs((deadline - expected).total_seconds()) > 1:
            return [f"deadline {deadline}, not {expected} (start {start} + {value} h)"]
        return []
    errors = []
    local = pytz.utc.localize(deadline).astimezone(pytz.timezone(zone))
    hour = local.hour + local.minute / 60.0
    if local.weekday() not in days or not hour_from < hour <= hour_to:
        errors.append(f"deadline {local} outside {hour_from}:00-{hour_to}:00")
    if unit == "hours":
        engine = timer.resource_calendar_id._get_working_time_engine(
            start - timedelta(days=1), deadline + timedelta(days=1)
        )
        worked = engine.elapsed(start, deadline) - timer.paused_seconds
        if abs(worked - value * 3600) > 1:
            errors.append(f"{worked / 3600:.2f} working hours, not {value}")
    return errors


def check_ticket(env, name, spec):
    clause, level_code, tier_code, value, unit, schedule = spec
    ticket = ref(env, name)
    errors = []
    level = ticket.support_sla_level_id
    if (level.code or None) != level_code:
        errors.append(f"level {level.code or '—'}, not {level_code or '— (tier)'}")
    tier = ticket.support_contract_id.tier_id
    if (tier.code or None) != tier_code:
        errors.append(f"tier {tier.code or '—'}, not {tier_code or '—'}")
    timers = ticket.support_sla_timer_ids.filtered(lambda t: t.kind == "response")
    if len(timers) != 1:
        errors.append(f"{len(timers)} response timers, not 1")
    for timer in timers:
        if (timer.target_value, timer.target_unit) != (value, unit):
            errors.append(
                f"target {timer.target_value:g} {timer.target_unit}, not {value} {unit}"
            )
        errors += check_schedule(timer.resource_calendar_id, schedule)
        if timer.state != "paused":
            errors += check_deadline(timer, value, unit, schedule)
    return [f"{name} ({ticket.number}, {clause}): {error}" for error in errors]


def check_development(env):
    errors = []
    # DS 3.9: the development level, a development timer of 24 working days
    name, level_code, value, unit = DEVELOPMENT
    ticket = ref(env, name)
    timers = ticket.support_sla_timer_ids.filtered(lambda t: t.kind == "development")
    if ticket.support_sla_level_id.code != level_code:
        errors.append(f"{name}: level {ticket.support_sla_level_id.code}")
    if [(t.target_value, t.target_unit) for t in timers] != [(value, unit)]:
        errors.append(f"{name}: development timers {timers.mapped('target_value')}")
    for timer in timers:
        errors += [
            f"{name}: {e}"
            for e in check_schedule(timer.resource_calendar_id, DS_WORKING)
        ]
        errors += [
            f"{name}: {e}" for e in check_deadline(timer, value, unit, DS_WORKING)
        ]
    return errors


def check_no_sla_and_number(env):
    errors = []
    # MQ 1.4: no SLA
    ticket = ref(env, NO_SLA)
    if ticket.support_sla_timer_ids or ticket.support_sla_level_id:
        errors.append(f"{NO_SLA}: has an SLA")
    if ticket.with_context(lang="en_US").support_sla_target_display != "No SLA":
        errors.append(f"{NO_SLA}: shows {ticket.support_sla_target_display!r}")
    # HT00010
    number, name = HT00010
    ticket = env["helpdesk.ticket"].search([("number", "=", number)])
    if ticket != ref(env, name):
        errors.append(f"{number} is {ticket.display_name}, not the demo's {name}")
    return errors


def check_paused_breached_queued(env):
    errors = []
    # paused on the vendor's side: no auto-close countdown
    ticket = ref(env, VENDOR_WAIT)
    if not ticket.support_waiting_reason_id:
        errors.append(f"{VENDOR_WAIT}: no waiting reason")
    if ticket.support_sla_paused or ticket.support_sla_state == "paused":
        errors.append(f"{VENDOR_WAIT}: paused by a vendor-side reason")
    if (
        ticket.support_waiting_reason_id.waits_for_customer
        or ticket.support_autoclose_date
    ):
        errors.append(f"{VENDOR_WAIT}: waits for the customer (would be auto-closed)")
    # breached: opened three days ago, 2 hours round the clock
    ticket = ref(env, BREACHED)
    timer = ticket.support_sla_timer_ids
    if ticket.support_sla_state != "breached" or timer.state != "breached":
        errors.append(f"{BREACHED}: not breached ({ticket.support_sla_state})")
    if timer.breached_date != timer.start_date + timedelta(hours=2):
        errors.append(f"{BREACHED}: breached on {timer.breached_date}")
    if (odoo.fields.Datetime.now() - ticket.create_date) < timedelta(days=2):
        errors.append(f"{BREACHED}: opened {ticket.create_date}, not days ago")
    # queued over the limit
    name, contract_name, limit = QUEUED
    ticket, contract = ref(env, name), ref(env, contract_name)
    if not ticket.support_queued or ticket.support_sla_timer_ids:
        errors.append(f"{name}: not queued")
    if contract.tier_id.open_ticket_limit != limit:
        errors.append(f"{contract_name}: limit {contract.tier_id.open_ticket_limit}")
    if contract.in_work_ticket_count != limit or contract.queued_ticket_count < 1:
        errors.append(
            f"{contract_name}: {contract.in_work_ticket_count} in work, "
            f"{contract.queued_ticket_count} queued"
        )
    return errors


def check_coupon_and_order(env):
    errors = []
    # the coupon ticket
    ticket = ref(env, "ticket_licensee_coupon_demo")
    coupon = ref(env, "coupon_licensee_demo")
    if ticket.support_coupon_id != coupon or coupon.uses_count != 1:
        errors.append("ticket_licensee_coupon_demo: not paid with the demo coupon")
    if env.company.support_coupon_sla_level_id != ticket.support_sla_level_id:
        errors.append("ticket_licensee_coupon_demo: not on the coupon level")
    # professional service: accepted by the KCP, timesheets charged x2 outside
    ticket = ref(env, PROFESSIONAL_SERVICE)
    accepted = ticket.support_estimate_ids.filtered(lambda e: e.state == "accepted")
    kcp = ticket.support_contract_id.key_contact_id
    if len(accepted) != 1 or accepted.decided_by_id != kcp:
        errors.append(f"{PROFESSIONAL_SERVICE}: no estimate accepted by the KCP")
    if not ticket.support_certificate_id or not ticket.support_ps_ordered:
        errors.append(f"{PROFESSIONAL_SERVICE}: not ordered on a certificate")
    lines = ticket.timesheet_ids
    if len(lines) < 2:
        errors.append(f"{PROFESSIONAL_SERVICE}: {len(lines)} timesheet lines")
    for line in lines:
        regular, overtime = line.support_regular_hours, line.support_overtime_hours
        if (
            abs(regular + overtime - line.unit_amount) > 0.01
            or abs(line.support_charged_hours - (regular + OVERTIME * overtime)) > 0.01
        ):
            errors.append(f"{PROFESSIONAL_SERVICE}: line {line.name!r} charged wrong")
    return errors


def check_chat(env):
    """The Premium+ customer's Telegram chat and the ticket support
    registered from its message (R-54, MQ 1.3, 1.5)."""
    chat_name, ticket_name, tiers = CHAT
    chat, ticket = ref(env, chat_name), ref(env, ticket_name)
    errors = []
    gateway = chat.gateway_id
    if chat.channel_type != "gateway" or gateway.gateway_type != "telegram":
        errors.append(f"{chat_name}: not a Telegram chat")
    if gateway.integrated_webhook_state:
        # a webhook set means the Bot API was called (and would be again)
        errors.append(f"{chat_name}: the demo bot's webhook is set")
    contract = chat.support_contract_id
    messenger = env.ref(f"{MODULE}.helpdesk_ticket_channel_messenger")
    if contract.tier_id.code not in tiers or contract.state != "active":
        errors.append(f"{chat_name}: linked to {contract.name} {contract.tier_id.code}")
    if messenger not in contract.tier_id.channel_ids:
        errors.append(f"{chat_name}: the tier {contract.tier_id.code} has no messenger")
    if chat.support_link_problem:
        errors.append(f"{chat_name}: link stopped: {chat.support_link_problem}")
    message = ticket.support_chat_message_id
    if (message.model, message.res_id) != ("discuss.channel", chat.id):
        errors.append(f"{ticket_name}: not registered from a message of {chat_name}")
    if ticket.support_chat_id != chat or not message.gateway_message_id:
        errors.append(f"{ticket_name}: the chat and the ticket do not show each other")
    if ticket.support_contract_id != contract or ticket.channel_id != messenger:
        errors.append(f"{ticket_name}: not a messenger ticket of {contract.name}")
    contact = ticket.partner_id
    username = contact.support_telegram_username
    if (
        contact not in contract.contact_ids | contract.key_contact_id
        or not username
        or message.support_telegram_username != username
    ):
        errors.append(
            f"{ticket_name}: author @{message.support_telegram_username} is not "
            f"the registered contact {contact.name} (@{username})"
        )
    if ticket.category_id.code not in CHAT_CATEGORY_CODES:
        errors.append(f"{ticket_name}: category {ticket.category_id.code}")
    timers = ticket.support_sla_timer_ids.filtered(lambda t: t.kind == "response")
    if not message.date or timers.mapped("start_date") != [message.date]:
        errors.append(
            f"{ticket_name}: response timer from {timers.mapped('start_date')}, "
            f"not from the message's time {message.date}"
        )
    return errors


def check_coverage(env):
    """Every DS level and every MQ tier of the regulations has its ticket."""
    levels = {spec[1] for spec in TICKETS.values() if spec[1]} | {DEVELOPMENT[1]}
    # DS 3.1-3.9
    expected_levels = {
        "ds_partner_operational",
        "ds_partner_standard",
        "ds_licensee_operational",
        "ds_licensee_standard",
        "ds_licensee_vip",
        "ds_special_request",
        "ds_non_commercial",
        "ds_consultation",
        "ds_development",
    }
    # MQ Appendix 1: Базовая, Базовая +, Премиальная, Премиальная+
    expected_tiers = {"mq_basic", "mq_basic_plus", "mq_premium", "mq_premium_plus"}
    tiers = {spec[2] for spec in TICKETS.values() if spec[2] and spec[2][:3] == "mq_"}
    errors = []
    if levels != expected_levels:
        errors.append(f"DS levels without a demo ticket: {expected_levels - levels}")
    if tiers != expected_tiers:
        errors.append(f"MQ tiers without a demo ticket: {expected_tiers - tiers}")
    return errors


def check_users(env):
    errors = []
    run_sh = (ROOT / "scripts" / "run.sh").read_text(encoding="utf-8")
    for login, (contract_name, is_kcp, _tickets) in LOGINS.items():
        user = env["res.users"].search([("login", "=", login)])
        contract = ref(env, contract_name)
        if not user or not user.share:
            errors.append(f"{login}: no portal user")
            continue
        if user.partner_id not in contract.contact_ids:
            errors.append(f"{login}: not a registered contact of {contract_name}")
        if (contract.key_contact_id == user.partner_id) != is_kcp:
            errors.append(f"{login}: key contact is {contract.key_contact_id.name}")
        if login not in run_sh:
            errors.append(f"{login}: not printed by make run (scripts/run.sh)")
    return errors


def check_logins(env, database):
    """Each login logs in over HTTP and lists its tickets on the portal."""
    errors = []
    for login, (_contract, _kcp, ticket_names) in LOGINS.items():
        client, response = log_in(database, login, login)
        if response.status_code != 303 or "/web/login" in response.headers.get(
            "Location", ""
        ):
            errors.append(f"{login}: login answered {response.status_code}")
            continue
        # the user's language prefixes the URL (/ru/my/tickets)
        listing = client.get("/my/tickets", follow_redirects=True)
        if listing.status_code != 200:
            errors.append(f"{login}: /my/tickets answered {listing.status_code}")
            continue
        for name in ticket_names:
            number = ref(env, name).number
            if number not in listing.text:
                errors.append(f"{login}: /my/tickets does not list {number} ({name})")
    return errors


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("-c", "--config", required=True)
    parser.add_argument("-d", "--database", required=True)
    args = parser.parse_args()
    odoo.tools.config.parse_config(["-c", args.config, "-d", args.database])
    registry = odoo.modules.registry.Registry(args.database)
    with registry.cursor() as cr:
        env = api.Environment(cr, odoo.SUPERUSER_ID, {"lang": "en_US"})
        errors = check_coverage(env) + check_records(env)
        if errors:
            return report(errors)
        for name, spec in TICKETS.items():
            errors += check_ticket(env, name, spec)
        errors += check_development(env)
        errors += check_no_sla_and_number(env)
        errors += check_paused_breached_queued(env)
        errors += check_coupon_and_order(env)
        errors += check_chat(env)
        errors += check_users(env)
        cr.rollback()
    with registry.cursor() as cr:
        env = api.Environment(cr, odoo.SUPERUSER_ID, {"lang": "en_US"})
        errors += check_logins(env, args.database)
    return report(errors)


def report(errors):
    for error in errors:
        print(f"ERROR: {error}", file=sys.stderr)
    if errors:
        print(f"demo check FAILED: {len(errors)} errors", file=sys.stderr)
        return 1
    print(
        f"demo check ok: {len(TICKETS) + 2} demo tickets on their clause's target, "
        f"{len(LOGINS)} portal logins"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
