# Copyright 2026 Helpdesk Support Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Periods of the regulations counted as the Russian Civil Code counts them
(ГК РФ ст. 191-194), and the overtime coefficient under the minimum order.

Both presets are loaded in one company (``SupportTicketCase``), the clock is
frozen at ``FIXTURE_NOW`` and every instant a test checks is frozen too.
The expected instants are written from the production calendar's days by
hand (plain date arithmetic), not by the engine: in 2026, 1-3 May, 9-11 May
and 12-14 June are off; 30 April, 8 May and 11 June are shortened. The
development schedule the company counts working days in is 10:00-18:00
Moscow time (UTC+3), the professional-services hours 09:00-18:00.
"""

from datetime import date, datetime, timedelta

from freezegun import freeze_time
from pytz import UTC, timezone

from odoo.exceptions import UserError
from odoo.tests import BaseCase, Form, new_test_user, tagged

from ..tools.civil_periods import last_working_day, years_after
from ..tools.working_time_engine import WorkingTimeEngine
from .common import SupportTicketCase, naive
from .test_professional_services import ProfessionalServicesCase, msk

WAITING_INFORMATION = "helpdesk_mgmt_support_contract.waiting_reason_information"


@tagged("post_install", "-at_install")
class TestCivilPeriodArithmetic(SupportTicketCase):
    """The date arithmetic alone (``tools/civil_periods.py``), on the working
    dates of the company's production calendar."""

    def working_dates(self, first, last):
        calendar = self.company._get_support_fix_calendar()
        engine = calendar._get_working_time_engine(
            naive(f"{first} 00:00:00"), naive(f"{last} 00:00:00")
        )
        return engine.day_dates

    def test_working_days_begin_the_day_after_the_date(self):
        """MQ 1.2: «в течение 3 (трех) рабочих дней с даты получения
        Пользователем соответствующего решения или запроса» (R-60). ГК РФ
        ст. 191: «Течение срока, определенного периодом времени, начинается
        на следующий день после календарной даты или наступления события,
        которыми определено его начало»: the date of receipt is not one of
        the three days, whatever time of day it came."""
        dates = self.working_dates("2026-04-20", "2026-07-31")
        self.assertNotIn(date(2026, 5, 1), dates)
        self.assertIn(date(2026, 5, 8), dates)  # shortened, still working
        # Thursday 30 April: 1-3 May off, so 4, 5 and 6 May
        self.assertEqual(
            last_working_day(date(2026, 4, 30), 3, dates), date(2026, 5, 6)
        )
        # an event on a day off starts the count on the next day too
        for off in (date(2026, 5, 1), date(2026, 5, 2), date(2026, 5, 3)):
            self.assertEqual(last_working_day(off, 3, dates), date(2026, 5, 6))
        # ten working days from Monday 1 June: 12 June off, 11 June short
        self.assertEqual(
            last_working_day(date(2026, 6, 1), 10, dates), date(2026, 6, 16)
        )
        self.assertIsNone(last_working_day(date(2026, 7, 30), 5, dates))
        with self.assertRaises(ValueError):
            last_working_day(date(2026, 6, 1), 0, dates)

    def test_a_year_ends_on_the_same_date(self):
        """DS 3.6: «Срок действия купона - 1 год с момента покупки Лицензии»
        (R-40). ГК РФ ст. 192: «Срок, исчисляемый годами, истекает в
        соответствующие месяц и число последнего года срока»; in a month
        without that date, on its last day (ст. 192 п. 3 says so of months;
        read the same for a year counted from 29 February)."""
        self.assertEqual(years_after(date(2025, 3, 10), 1), date(2026, 3, 10))
        self.assertEqual(years_after(date(2024, 2, 29), 1), date(2025, 2, 28))
        self.assertEqual(years_after(date(2024, 2, 29), 4), date(2028, 2, 29))
        self.assertEqual(years_after(date(2025, 12, 31), 1), date(2026, 12, 31))


@tagged("post_install", "-at_install")
class TestCivilPeriodEngine(BaseCase):
    """The engine's instant for "N working days from a date" on plain
    intervals (no database): MQ 1.2 «в течение 3 (трех) рабочих дней с даты
    получения» (R-60), ГК РФ ст. 191, 194."""

    MSK = timezone("Europe/Moscow")

    def office(self, first, days):
        """Mon-Fri 10:00-18:00 Moscow time (07:00-15:00 UTC), aware UTC as
        Odoo's work intervals are."""
        result = []
        for offset in range(days):
            day = first + timedelta(days=offset)
            if day.weekday() < 5:
                result.append((day.replace(hour=7), day.replace(hour=15)))
        return result

    def test_local_date_and_end_of_the_working_day(self):
        """MQ 1.2 «в течение 3 (трех) рабочих дней с даты получения» (R-60):
        a period from a date (ГК РФ ст. 191, 194) whose date is the
        schedule's: Monday 1 June 22:30 UTC is Tuesday
        01:30 in Moscow, so the three days are Wed, Thu, Fri, to 18:00."""
        first = datetime(2026, 5, 31, tzinfo=UTC)
        engine = WorkingTimeEngine(
            self.office(first, 21), first, first + timedelta(days=21), tz=self.MSK
        )
        late = datetime(2026, 6, 1, 22, 30)
        self.assertEqual(engine.local_date(late), date(2026, 6, 2))
        self.assertEqual(
            engine.end_of_working_days_from_date(engine.local_date(late), 3),
            datetime(2026, 6, 5, 15),
        )
        # Monday 11:00 Moscow: Tue, Wed, Thu
        self.assertEqual(
            engine.end_of_working_days_from_date(date(2026, 6, 1), 3),
            datetime(2026, 6, 4, 15),
        )
        # beyond the engine's period: no answer rather than a wrong one
        self.assertIsNone(engine.end_of_working_days_from_date(date(2026, 6, 15), 5))
        with self.assertRaises(ValueError):
            engine.end_of_working_days_from_date(date(2026, 5, 28), 1)

    def test_round_the_clock_day_ends_at_midnight(self):
        """MQ 1.2 «График 24x7 – круглосуточная поддержка, в том числе в
        праздничные и выходные дни» (R-60): on such a schedule every day is a
        working day and ends at 24:00 (ГК РФ ст. 194)."""
        first = self.MSK.localize(datetime(2026, 4, 29)).astimezone(timezone("UTC"))
        engine = WorkingTimeEngine(
            [(first, first + timedelta(days=20))],
            first,
            first + timedelta(days=20),
            tz=self.MSK,
        )
        self.assertEqual(
            engine.end_of_working_days_from_date(date(2026, 4, 30), 3),
            datetime(2026, 5, 3, 21),  # 4 May 00:00 Moscow
        )


@tagged("post_install", "-at_install")
class TestWorkingDayPeriods(SupportTicketCase):
    """Every "N working days from a date" of the regulations ends at the end
    of the N-th working day after that date (ГК РФ ст. 191, 193, 194)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.contact = cls.make_customer("mq_basic", name="Periods LLC")
        cls.reason = cls.env.ref(WAITING_INFORMATION)
        cls.calendar = cls.company._get_support_fix_calendar()

    def wait_for_customer(self, ticket, when):
        """Staff set *Waiting for information from the customer* on the
        ticket's form."""
        with freeze_time(when):
            with Form(ticket.with_user(self.support_user)) as form:
                form.support_waiting_reason_id = self.reason

    def autoclose(self, when):
        with freeze_time(when):
            return self.env["helpdesk.ticket"]._cron_support_autoclose()

    def test_autoclose_at_the_end_of_the_third_working_day(self):
        """MQ 1.2: «При отсутствии реакции Пользователя на предложенное
        Службой технической поддержки решения и/или запрос дополнительной
        информации в течение 3 (трех) рабочих дней с даты получения
        Пользователем соответствующего решения или запроса от Службы
        технической поддержки, обращение считается неактуальным» (R-60).
        ГК РФ ст. 191 (from the next day) and ст. 194 («Если срок установлен
        для совершения какого-либо действия, оно может быть выполнено до
        двадцати четырех часов последнего дня срока… если это действие
        должно быть совершено в организации, то срок истекает в тот час,
        когда в этой организации по установленным правилам прекращаются
        соответствующие операции»).

        A request sent Thursday 30 April 2026 at 15:00 Moscow time: the days
        are 4, 5 and 6 May, so the ticket is still open at 17:59 on 6 May and
        closed from 18:00 (the end of that working day), not at 15:00. The
        reminder goes one working day before: at the end of 5 May.
        """
        with freeze_time("2026-04-30 11:00:00"):
            ticket = self.make_ticket(self.contact)
        self.wait_for_customer(ticket, "2026-04-30 12:00:00")  # Thu 15:00 MSK
        self.assertEqual(ticket.support_autoclose_date, naive("2026-05-06 15:00:00"))
        self.assertEqual(
            ticket.support_autoclose_reminder_date, naive("2026-05-05 15:00:00")
        )
        self.assertFalse(self.autoclose("2026-05-06 12:00:00"))  # 15:00 MSK
        self.assertFalse(self.autoclose("2026-05-06 14:59:00"))
        self.assertFalse(ticket.stage_id.closed)
        self.assertEqual(self.autoclose("2026-05-06 15:00:00"), ticket)
        self.assertTrue(ticket.stage_id.closed)

    def test_autoclose_counted_from_a_day_off_or_late_evening(self):
        """MQ 1.2 «в течение 3 (трех) рабочих дней с даты получения» (R-60),
        ГК РФ ст. 191: the day of receipt is never counted, so a request
        sent on a Saturday, or at 23:30 on a working day, gives the customer
        three whole working days after it."""
        with freeze_time("2026-06-05 07:00:00"):
            saturday = self.make_ticket(self.contact)
            evening = self.make_ticket(self.contact)
        self.wait_for_customer(saturday, "2026-06-06 09:00:00")  # Sat 12:00
        self.wait_for_customer(evening, "2026-06-08 20:30:00")  # Mon 23:30
        # Mon 8, Tue 9, Wed 10 June
        self.assertEqual(saturday.support_autoclose_date, naive("2026-06-10 15:00:00"))
        # Tue 9, Wed 10, Thu 11 June, shortened: ends at 17:00 Moscow time
        self.assertEqual(evening.support_autoclose_date, naive("2026-06-11 14:00:00"))

    def test_critical_defect_fix_ends_with_the_tenth_working_day(self):
        """MQ 1.2: «Критичные дефекты исправляются Производителем в течение
        10 рабочих дней с момента подтверждения наличия дефекта СТП»; MQ 1.4:
        «Срок исправления критических ошибок составляет не более 10 рабочих
        дней с момента подтверждения» (R-24). A period in days from an event:
        it begins the next day (ГК РФ ст. 191) and ends with the working time
        of its tenth working day (ст. 194).

        Confirmed Monday 1 June 2026 at 11:00: 2-5, 8-11, 15, 16 June (12 June
        off): due at the end of Tuesday 16 June, 18:00, not 11:00. Confirmed
        on Friday 5 June at 20:00 (after hours): 8-11, 15-19, 22 June.
        """
        ticket = self.make_ticket(self.contact)
        late = self.make_ticket(self.contact)
        with freeze_time("2026-06-01 08:00:00"):
            ticket.with_user(self.support_user).action_support_confirm_critical_defect()
        with freeze_time("2026-06-05 17:00:00"):
            late.with_user(self.support_user).action_support_confirm_critical_defect()
        fix = ticket.support_sla_timer_ids.filtered(lambda t: t.kind == "critical_fix")
        late_fix = late.support_sla_timer_ids.filtered(
            lambda t: t.kind == "critical_fix"
        )
        self.assertEqual(fix.deadline, naive("2026-06-16 15:00:00"))
        self.assertEqual(late_fix.deadline, naive("2026-06-22 15:00:00"))
        # the response timer of the same ticket keeps its own reading
        self.assertEqual(self.response_timer(ticket).target_unit, "days")
        with freeze_time("2026-06-16 14:59:00"):
            self.Timer._cron_update_states()
        self.assertEqual(fix.state, "at_risk")
        with freeze_time("2026-06-16 15:00:00"):
            self.Timer._cron_update_states()
        self.assertEqual(fix.state, "breached")

    def test_response_time_in_working_days_is_a_time(self):
        """MQ Appendix 1: «Гарантированное время ответа» of Basic «1 рабочий
        день» (R-21). A guaranteed response *time* is a duration measured
        from the instant of the request, not a period from a date: a request
        on Monday 1 June at 11:00 is due on Tuesday 2 June at 11:00, one
        working day later, not at the end of Tuesday."""
        with freeze_time("2026-06-01 08:00:00"):
            ticket = self.make_ticket(self.contact)
        timer = self.response_timer(ticket)
        self.assertEqual((timer.target_value, timer.target_unit), (1, "days"))
        self.assertEqual(timer.deadline.date(), date(2026, 6, 2))
        self.assertLess(timer.deadline, naive("2026-06-02 15:00:00"))

    def test_portal_block_ends_with_the_tenth_working_day(self):
        """MQ 1.5: «Доступ к услугам технической поддержки может быть
        ограничен в случае окончания сервисного договора. В таком случае
        сотрудникам клиента в течение десяти рабочих дней блокируется доступ
        к порталу поддержки» (R-34). The contract's last day is the date the
        period is counted from (ГК РФ ст. 191). Ending Thursday 11 June 2026:
        12-14 June off, so 15-19, 22-26 June: blocked from the end of Friday
        26 June."""
        contract = self.make_contract(
            "mq_basic", date_start="2026-01-01", date_end="2026-06-11"
        )
        self.assertEqual(contract.portal_block_date, naive("2026-06-26 15:00:00"))
        self.assertEqual(
            self.calendar._support_end_of_working_days_from_date(date(2026, 6, 11), 10),
            naive("2026-06-26 15:00:00"),
        )


@tagged("post_install", "-at_install")
class TestCouponYear(SupportTicketCase):
    """DS 3.6: «Срок действия купона - 1 год с момента покупки Лицензии. В
    случае продления техподдержки выписывается аналогичный новый купон»
    (R-40, R-41). ГК РФ ст. 192: a period of years ends on the corresponding
    month and date of its last year; ст. 194: at the end of that day."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.contact = cls.make_customer("ds_commercial", "licensee", name="Year JSC")
        cls.portal = new_test_user(
            cls.env,
            login="year_portal",
            groups="base.group_portal",
            partner_id=cls.contact.id,
        )
        cls.Coupon = cls.env["helpdesk.support.coupon"].with_company(cls.company)
        cls.coupon = cls.Coupon.create(
            {
                "partner_id": cls.contact.commercial_partner_id.id,
                "company_id": cls.company.id,
                "licence_ref": "LIC-2025",
                "purchase_date": "2025-03-10",
            }
        )

    def redeem(self, coupon, when):
        with freeze_time(when):
            return self.Coupon._support_redeem(
                coupon.name,
                {
                    "name": "Special request",
                    "description": "<p>the exchange stopped</p>",
                    "partner_id": self.contact.id,
                    "team_id": self.team.id,
                },
                self.portal,
            )

    def test_valid_on_the_anniversary(self):
        """DS 3.6 «Срок действия купона - 1 год с момента покупки Лицензии»
        (R-40), a period of years (ГК РФ ст. 192, 194): a licence bought 10
        March 2025: the coupon is still valid on
        10 March 2026 (at the end of the day too) and refused on 11 March,
        the message naming the anniversary as the last day."""
        self.assertEqual(self.coupon.date_expiry, date(2026, 3, 10))
        self.assertTrue(self.redeem(self.coupon, "2026-03-10 07:00:00"))
        self.assertTrue(self.redeem(self.coupon, "2026-03-10 20:59:00"))  # 23:59 MSK
        with self.assertRaisesMessage(
            UserError, "valid from 2025-03-10 through 2026-03-10"
        ):
            self.redeem(self.coupon, "2026-03-11 07:00:00")

    def test_renewal_is_valid_on_its_anniversary(self):
        """R-41: the renewal's coupon, issued through *Renew* on the renewal's
        purchase date, counts its year the same way (DS 3.6; ГК РФ ст. 192,
        194)."""
        with freeze_time("2026-03-10 07:00:00"):
            form = Form(
                self.env["helpdesk.support.coupon.renew.wizard"]
                .with_user(self.support_manager)
                .with_context(default_coupon_id=self.coupon.id)
            )
            self.assertEqual(form.purchase_date, date(2026, 3, 10))
            action = form.save().action_renew()
        new = self.Coupon.browse(action["res_id"])
        self.assertEqual(self.coupon.replaced_by_id, new)
        self.assertEqual(new.date_expiry, date(2027, 3, 10))
        self.assertTrue(self.redeem(new, "2027-03-10 07:00:00"))
        with self.assertRaisesMessage(UserError, "through 2027-03-10"):
            self.redeem(new, "2027-03-11 07:00:00")

    def test_labels_say_the_last_day_is_included(self):
        """DS 3.6 «Срок действия купона - 1 год» (R-40), MQ 2.4 «не позднее
        срока окончания сертификата профессионального сервиса» (R-73): the
        coupon's and the certificate's last day is shown as «по»
        (through, included), never «до», which a reader takes as excluded."""
        self.assertEqual(self.Coupon._fields["date_expiry"].string, "Valid through")
        self.assertEqual(
            self.env["helpdesk.support.certificate"]._fields["date_end"].string,
            "Valid through",
        )


@tagged("post_install", "-at_install")
class TestOvertimeUnderTheMinimum(ProfessionalServicesCase):
    """MQ 2.1: «Минимальным временным интервалом заказа является 1 рабочий
    час. Профессиональные сервисы оказываются по московскому времени с 09:00
    до 18:00 … В случае необходимости проведения работ в отличие от
    указанного времени, применяется коэффициент сверхурочной работы (x2)»
    (R-71): the minimum applies to the time of the order, the coefficient to
    the part of that time outside the schedule."""

    def accepted_order(self, name):
        ticket = self.make_order(name=name)
        self.send_estimate(ticket)._support_decide(self.kcp, accept=True)
        self.assertTrue(ticket.support_ps_ordered)
        return ticket

    def test_evening_half_hour_is_two_hours(self):
        """MQ 2.1 «Минимальным временным интервалом заказа является 1
        рабочий час … коэффициент сверхурочной работы (x2)» (R-71): 30
        minutes at 19:00 on Tuesday 10 March 2026: max(0.5, 1) h of
        time, all of it outside 09:00-18:00, × 2 = 2 h (not 1 h)."""
        ticket = self.accepted_order("Evening restart")
        line = self.log(ticket, msk(2026, 3, 10, 19), 0.5)
        self.assertAlmostEqual(line.support_overtime_hours, 0.5)
        self.assertAlmostEqual(ticket.support_ps_charged_hours, 2.0)
        self.assertAlmostEqual(self.certificate.hours_work_charged, 2.0)
        self.assertAlmostEqual(self.certificate.hours_balance, 38.0)

    def test_weekend_and_daytime_under_the_minimum(self):
        """MQ 2.1 «Выходные и праздничные согласно производственному
        календарю РФ» (R-71): a Saturday is outside the schedule: 20
        minutes on Saturday 14 March are 2 h; 30 daytime minutes are the
        plain minimum hour."""
        weekend = self.accepted_order("Saturday check")
        self.log(weekend, msk(2026, 3, 14, 11), 1 / 3)
        self.assertAlmostEqual(weekend.support_ps_charged_hours, 2.0, places=2)
        daytime = self.accepted_order("Daytime check")
        self.log(daytime, msk(2026, 3, 10, 11), 0.5)
        self.assertAlmostEqual(daytime.support_ps_charged_hours, 1.0)

    def test_partly_outside_keeps_its_share(self):
        """MQ 2.1 «Минимальным временным интервалом заказа является 1
        рабочий час», «применяется коэффициент сверхурочной работы (x2)»
        (R-71). Partly inside, partly outside: the minimum raises the time to one
        hour and that hour keeps the split of the work itself (the padding
        was worked neither in nor out of hours, so it follows the work):
        17:45-18:15 is half regular, half overtime, so 0.5 h + 0.5 h × 2 =
        1.5 h. Two lines, 15 minutes each side of the day, the same."""
        straddle = self.accepted_order("Across six o'clock")
        line = self.log(straddle, msk(2026, 3, 10, 17, 45), 0.5)
        self.assertAlmostEqual(line.support_regular_hours, 0.25)
        self.assertAlmostEqual(line.support_overtime_hours, 0.25)
        self.assertAlmostEqual(straddle.support_ps_charged_hours, 1.5)
        split = self.accepted_order("Morning and evening")
        self.log(split, msk(2026, 3, 11, 10), 0.25)
        self.log(split, msk(2026, 3, 11, 20), 0.25)
        self.assertAlmostEqual(split.support_ps_charged_hours, 1.5)
        # at or above the hour nothing is rounded: 0.75 + 2 × 0.75
        self.log(split, msk(2026, 3, 11, 11), 0.5)
        self.log(split, msk(2026, 3, 11, 21), 0.5)
        self.assertAlmostEqual(split.support_ps_charged_hours, 0.75 + 1.5)

    def test_no_order_no_minimum(self):
        """MQ 2.3: the order exists once the key contact accepts the
        estimate; before that the evening half hour is charged as worked,
        0.5 h × 2 = 1 h, and after the acceptance it becomes 2 h."""
        ticket = self.make_order(name="Not yet ordered")
        self.log(ticket, msk(2026, 3, 10, 19), 0.5)
        self.assertAlmostEqual(ticket.support_ps_charged_hours, 1.0)
        self.send_estimate(ticket)._support_decide(self.kcp, accept=True)
        self.assertAlmostEqual(ticket.support_ps_charged_hours, 2.0)
