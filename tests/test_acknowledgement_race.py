# Copyright 2026 Helpdesk Support Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests import TransactionCase, tagged

from .race import committed_env, real_cursor_env

NOTICE = "your request is registered under the number"


@tagged("post_install", "-at_install")
class TestAcknowledgementRace(TransactionCase):
    """DS 5.5: «При получении обращения в службе технической поддержки,
    Отправитель получает уведомление о начале ее обработки и указанному
    обращению присваивается уникальный идентификатор (TID).»

    Found by the load test over HTTP (``bench/load_portal.py``):
    support replied to a new ticket while the acknowledgement action was
    rendering its batch; the action's later write of the ticket's flag failed
    to serialize (Odoo runs in repeatable read) and the whole batch was
    rolled back with an error in the log. The action now claims its batch at
    once; a ticket changed since the action's snapshot is left for the next
    run, triggered at once, and acknowledged there, once.

    The racing transactions are real cursors, which see committed data only:
    the fixture is a customer without contract in the main company, created
    and removed in committed transactions (the regulation presets cannot be
    removed afterwards, and the claim does not depend on them).
    """

    def setUp(self):
        super().setUp()
        with committed_env(self.registry) as env:
            customer = env["res.partner"].create(
                {"name": "Ack race JSC", "is_company": True}
            )
            contact = env["res.partner"].create(
                {
                    "name": "Ack race contact",
                    "parent_id": customer.id,
                    "email": "ack.race@customer.test",
                }
            )
            ticket = env["helpdesk.ticket"].create(
                {
                    "name": "Ack race ticket",
                    "description": "<p>It does not work</p>",
                    "partner_id": contact.id,
                }
            )
            # a new ticket whose acknowledgement is due (as any channel marks it)
            ticket.support_ack_pending = True
            cron = env.ref("helpdesk_mgmt_support_contract.ir_cron_support_acknowledge")
            env.cr.execute("SELECT COALESCE(max(id), 0) FROM ir_cron_trigger")
            self.ids = {
                "partners": (contact | customer).ids,
                "ticket": ticket.id,
                "cron": cron.id,
                "last_trigger": env.cr.fetchone()[0],
            }
        self.addCleanup(self.remove_data)

    def remove_data(self):
        with committed_env(self.registry) as env:
            ticket = env["helpdesk.ticket"].browse(self.ids["ticket"])
            env["mail.mail"].search(
                [("model", "=", ticket._name), ("res_id", "=", ticket.id)]
            ).unlink()
            ticket.unlink()
            env["res.partner"].browse(self.ids["partners"]).unlink()
            env.cr.execute(
                "DELETE FROM ir_cron_trigger WHERE cron_id = %s AND id > %s",
                [self.ids["cron"], self.ids["last_trigger"]],
            )

    def test_ticket_replied_to_during_the_run_is_acknowledged_once(self):
        """R-50 (DS 5.5): a ticket support replies to while the acknowledgement action
        runs is acknowledged once, and the batch is not rolled back."""
        with real_cursor_env(self.registry) as cron_env:
            # the scheduled action's transaction takes its snapshot ...
            cron_env.cr.execute("SELECT 1")
            # ... then support's reply to the new ticket commits
            with real_cursor_env(self.registry) as staff_env:
                staff_env["helpdesk.ticket"].browse(self.ids["ticket"]).write(
                    {"priority": "2"}
                )
            # the action runs on: no error, the ticket is left for next time
            done = cron_env["helpdesk.ticket"]._cron_support_acknowledge()
            self.assertFalse(done)
        with committed_env(self.registry) as env:
            ticket = env["helpdesk.ticket"].browse(self.ids["ticket"])
            self.assertTrue(ticket.support_ack_pending)
            env.cr.execute(
                "SELECT count(*) FROM ir_cron_trigger WHERE cron_id = %s AND id > %s",
                [self.ids["cron"], self.ids["last_trigger"]],
            )
            self.assertTrue(env.cr.fetchone()[0], "the next run is triggered")
        # the next run (a new transaction) acknowledges it
        with real_cursor_env(self.registry) as env:
            done = env["helpdesk.ticket"]._cron_support_acknowledge()
            self.assertEqual(done.ids, [self.ids["ticket"]])
        with committed_env(self.registry) as env:
            ticket = env["helpdesk.ticket"].browse(self.ids["ticket"])
            self.assertFalse(ticket.support_ack_pending)
            notices = ticket.message_ids.filtered(lambda m: NOTICE in (m.body or ""))
            self.assertEqual(len(notices), 1)
            self.assertIn(ticket.number, notices.body)
