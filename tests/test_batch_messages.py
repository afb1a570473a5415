# Copyright 2026 Helpdesk Support Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The scheduled actions write their messages in batches (R-50, R-60, R-62,
R-63): the queries of one batch do not grow with the number of due tickets,
and each ticket still gets the message ``message_post`` gave it, in its
reader's language, with the same threading headers."""

from freezegun import freeze_time

from odoo import fields
from odoo.tests import new_test_user, tagged

from odoo.addons.base.tests.common import MockSmtplibCase

from .common import SupportTicketCase
from .test_query_counts import QueryCountMixin

# queries a batch may take beyond a smaller one: multi-row statements Odoo
# splits by the values they write (never one a ticket: 9 tickets more)
BATCH_SLACK = 6


@tagged("post_install", "-at_install")
class TestBatchMessages(QueryCountMixin, MockSmtplibCase, SupportTicketCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("ru_RU")
        cls.env["ir.module.module"]._load_module_terms(
            ["helpdesk_mgmt_support_contract"], ["ru_RU"]
        )
        # the staff read Russian (the company's language)
        cls.company.partner_id.lang = "ru_RU"
        cls.company.alias_domain_id = cls.env["mail.alias.domain"].create(
            {"name": "batch.test"}
        )
        cls.ds_contact = cls.make_customer("ds_commercial", "licensee", name="Batch DS")
        cls.mq_contact = cls.make_customer("mq_premium", name="Batch MQ")
        cls.ru_contact = cls.make_customer("mq_premium", name="Batch RU")
        cls.ru_contact.lang = "ru_RU"
        cls.ds_contact.lang = cls.mq_contact.lang = "en_US"
        cls.leader = new_test_user(
            cls.env, login="batch_leader", groups="helpdesk_mgmt.group_helpdesk_user"
        )
        cls.team.user_id = cls.leader
        cls.reason = cls.env.ref(
            "helpdesk_mgmt_support_contract.waiting_reason_information"
        )
        cls.Ticket = cls.Ticket.with_context(tracking_disable=False)

    def setUp(self):
        super().setUp()
        self.enterContext(self.mock_smtplib_connection())
        # the mails are queued, not sent within the measured run: what is
        # measured is the writing of the messages, the mail queue sends them
        self.env["ir.config_parameter"].sudo().set_param(
            "mail.mail.force.send.limit", 0
        )

    def vals(self, count, contact, tag=""):
        return [
            {
                "name": f"Batch {tag}{index}",
                "description": "<p>Steps</p>",
                "partner_id": contact.id,
                "team_id": self.team.id,
                "user_id": self.support_user.id,
            }
            for index in range(count)
        ]

    def assertConstantBatch(self, counts, per_ticket=0):
        """12 due tickets cost the queries of 3, up to the slack and
        ``per_ticket`` queries of Odoo's own per record code (justified
        where given)."""
        small, large = counts
        self.assertLessEqual(large - small, 9 * per_ticket + BATCH_SLACK, counts)

    # ------------------------------------------------------------------
    # Queries a batch
    # ------------------------------------------------------------------

    def test_acknowledgement_batch_queries(self):
        """DS 5.4 «генерируется и высылается на адрес Отправителя письмо с
        подтверждением о принятой проблеме» (R-50): the acknowledgements of
        12 tickets cost the queries of 3."""

        def pending(count, tag):
            tickets = self.Ticket.create(self.vals(count, self.ds_contact, tag))
            tickets.sudo().write({"support_ack_pending": True})
            return tickets

        pending(2, "warm")
        self.Ticket._cron_support_acknowledge()
        counts = []
        for size in (3, 12):
            tickets = pending(size, f"s{size}")
            counts.append(self.count_queries(self.Ticket._cron_support_acknowledge))
            self.assertFalse(tickets.filtered("support_ack_pending"))
            for ticket in tickets:
                self.assertEqual(len(self.messages(ticket, "registered under")), 1)
        self.assertConstantBatch(counts)

    def _waiting(self, count, contact, when, tag):
        with freeze_time(when):
            tickets = self.Ticket.create(self.vals(count, contact, tag))
            tickets.write({"support_waiting_reason_id": self.reason.id})
        return tickets

    def test_autoclose_batch_queries(self):
        """MQ 1.2 «в течение 3 (трех) рабочих дней ... обращение считается неактуальным
        ... а само обращение - закрытым» (R-60): reminding and closing 12 tickets costs
        the queries of 3."""
        counts = []
        for size, monday in ((2, "2026-06-22"), (3, "2026-06-29"), (12, "2026-07-06")):
            closing = self._waiting(
                size, self.mq_contact, f"{monday} 08:00:00", f"c{size}"
            )
            tuesday = fields.Date.add(fields.Date.to_date(monday), days=1)
            reminded = self._waiting(
                size, self.mq_contact, f"{tuesday} 08:00:00", f"r{size}"
            )
            thursday = fields.Date.add(fields.Date.to_date(monday), days=3)
            with freeze_time(f"{thursday} 16:00:00"):
                count = self.count_queries(self.Ticket._cron_support_autoclose)
            if size != 2:  # the first run warms the caches
                counts.append(count)
            self.assertTrue(all(closing.mapped("stage_id.closed")))
            self.assertFalse(reminded.filtered("support_autoclose_reminder_date"))
            reminded.write({"support_waiting_reason_id": False})
        self.assertConstantBatch(counts)

    def test_sla_batch_queries(self):
        """DS 2.1 «Максимальный срок реакции на обращение определяется
        установленным уровнем поддержки» (R-62): the breach notes and the
        leader's to-dos of 12 tickets cost the queries of 3."""

        def run(count, created, checked, tag):
            with freeze_time(created):
                tickets = self.Ticket.create(self.vals(count, self.ds_contact, tag))
            with freeze_time(checked):
                queries = self.count_queries(self.Timer._cron_update_states)
            return tickets, queries

        run(2, "2026-06-01 07:00:00", "2026-06-05 08:00:00", "w")
        counts = []
        for size, created, checked in (
            (3, "2026-06-08 07:00:00", "2026-06-12 08:00:00"),
            (12, "2026-06-15 07:00:00", "2026-06-19 08:00:00"),
        ):
            tickets, queries = run(size, created, checked, f"s{size}")
            counts.append(queries)
            for ticket in tickets:
                self.assertEqual(len(self.messages(ticket, "SLA нарушен:")), 1)
        self.assertConstantBatch(counts)

    def test_purge_batch_queries(self):
        """DS 5.3 «Лицензиат может предоставить сотруднику технической
        поддержки временный административный доступ к Программе»; R-63
        purges those data with a trace: the traces of 12 tickets cost the
        queries of 3."""
        counts = []
        for size, month, later in ((2, "01", "02"), (3, "02", "03"), (12, "03", "04")):
            with freeze_time(f"2026-{month}-01 08:00:00"):
                tickets = self.Ticket.create(
                    self.vals(size, self.ds_contact, f"p{size}")
                )
                tickets.write({"support_credentials": "login: admin"})
            with freeze_time(f"2026-{later}-05 08:00:00"):
                count = self.count_queries(self.Ticket._cron_support_purge_confidential)
            if size != 2:
                counts.append(count)
            for ticket in tickets:
                self.assertEqual(
                    len(self.messages(ticket, "Конфиденциальные данные удалены")), 1
                )
            self.assertFalse(tickets.filtered("support_credentials"))
        self.assertConstantBatch(counts)

    # ------------------------------------------------------------------
    # The same message as message_post
    # ------------------------------------------------------------------

    def _mail(self, message):
        return (
            self.env["mail.mail"].sudo().search([("mail_message_id", "=", message.id)])
        )

    def test_batched_message_is_the_posted_one_in_each_language(self):
        """DS 5.5 «Отправитель получает уведомление о начале ее обработки и
        указанному обращению присваивается уникальный идентификатор (TID)»,
        R-50: the batched reminder of a Russian and of an English customer
        is the message and mail ``message_post`` gives: body, subject with
        the TID, recipients, layout, References and headers."""
        tickets = self.Ticket.create(
            self.vals(1, self.ru_contact, "ru") + self.vals(1, self.mq_contact, "en")
        )
        batched = tickets._support_send_template(
            "helpdesk_mgmt_support_contract.mail_template_autoclose_reminder"
        )
        self.assertEqual(len(batched), 2)
        root = self.env.ref("base.partner_root")
        for ticket, message, word in zip(
            tickets,
            batched,
            ("Ждём вашего ответа", "Waiting for your reply"),
            strict=True,
        ):
            self.assertEqual(message.res_id, ticket.id)
            self.assertEqual(message.subject, f"[{ticket.number}] {word}")
            # what Odoo gives this message to mail it
            expected = ticket._notify_by_email_get_base_mail_values(message)
            mails = self._mail(message)
            # the customer and the assigned user, who follows the ticket
            self.assertEqual(
                mails.recipient_ids, ticket.partner_id | self.support_user.partner_id
            )
            for mail in mails:
                self.assertEqual(mail.references, expected["references"])
                self.assertEqual(mail.headers, expected.get("headers"))
                self.assertEqual(
                    mail.references.split()[-1], message.message_id, "itself last"
                )
            # the same message posted one by one on the same ticket
            reference = ticket.message_post(
                body=message.body,
                subject=message.subject,
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
                author_id=root.id,
                partner_ids=ticket.partner_id.ids,
                email_layout_xmlid="mail.mail_notification_light",
            )
            for name in (
                "body",
                "subject",
                "author_id",
                "email_from",
                "message_type",
                "subtype_id",
                "partner_ids",
                "parent_id",
                "record_name",
                "reply_to",
                "record_company_id",
                "record_alias_domain_id",
                "email_layout_xmlid",
                "email_add_signature",
                "notified_partner_ids",
            ):
                self.assertEqual(message[name], reference[name], name)
            reference_mails = self._mail(reference)
            self.assertEqual(reference_mails.recipient_ids, mails.recipient_ids)
            for mail in mails:
                twin = reference_mails.filtered(
                    lambda m, mail=mail: m.recipient_ids == mail.recipient_ids
                )
                self.assertEqual(mail.body_html, twin.body_html)
                self.assertEqual(mail.headers, twin.headers)
                self.assertEqual(mail.subject, twin.subject)
                self.assertEqual(mail.auto_delete, twin.auto_delete)
            self.assertEqual(
                message.notification_ids.mapped(
                    lambda n: (n.res_partner_id, n.notification_type)
                ),
                reference.notification_ids.mapped(
                    lambda n: (n.res_partner_id, n.notification_type)
                ),
            )

    def test_staff_texts_in_the_companys_language(self):
        """R-62, R-02: the breach note and the leader's to-do are written in
        the company's language (Russian) whoever runs the job, one note a
        ticket; «SLA нарушен»."""
        with freeze_time("2026-06-01 07:00:00"):
            tickets = self.Ticket.create(
                self.vals(1, self.ru_contact, "ru")
                + self.vals(1, self.mq_contact, "en")
            )
        with freeze_time("2026-06-19 08:00:00"):
            self.Timer.with_context(lang="en_US")._cron_update_states()
        for ticket in tickets:
            notes = self.messages(ticket, "SLA нарушен:")
            self.assertEqual(len(notes), 1)
            self.assertTrue(notes.subtype_id.internal)
            self.assertFalse(notes.notified_partner_ids)
            todo = ticket.activity_ids.filtered(lambda a: a.user_id == self.leader)
            self.assertTrue(todo)
            self.assertIn(f"SLA нарушен по обращению {ticket.number}", todo.summary)
