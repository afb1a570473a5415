# Copyright 2026 Helpdesk Support Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from lxml import etree

from odoo import Command
from odoo.tests import tagged
from odoo.tools.safe_eval import safe_eval

from .common import SUPPORT_USER, SupportHttpCase, json_rpc

MY_QUEUE = "helpdesk_mgmt_support_contract.action_support_my_queue"


@tagged("post_install", "-at_install")
class TestMyQueueOrder(SupportHttpCase):
    """R-25, DS 2.1: «Обращения в службу технической поддержки
    обрабатываются в порядке их поступления. [...] Вне очереди могут
    обрабатываться обращения с высоким уровнем критичности, требующие
    экстренного вмешательства» (requests are handled in the order they
    arrive; requests of high criticality may be handled out of turn).

    *My queue* lists a support user's open tickets critical first, then
    oldest first, whatever the manual order (``sequence``) the kanban's
    drag and drop gave them. Both presets loaded in one company, as the
    demo ships; everything through the web client's own calls.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.agent = cls.make_user("queue_agent", SUPPORT_USER)
        colleague = cls.make_user("queue_colleague", SUPPORT_USER)
        team = cls.env["helpdesk.ticket.team"].create(
            {
                "name": "Queue team",
                "company_id": cls.company.id,
                "user_ids": [Command.set((cls.agent | colleague).ids)],
            }
        )
        customer = cls.env["res.partner"].create(
            {"name": "Queue customer", "email": "queue@customer.test"}
        )
        # name: (priority, arrival, manual sequence) - the sequences put the
        # queue upside down
        rows = {
            "old low": ("0", "2026-05-01 08:00:00", 90),
            "old high": ("2", "2026-05-02 08:00:00", 80),
            "critical late": ("3", "2026-05-06 08:00:00", 70),
            "medium": ("1", "2026-05-03 08:00:00", 60),
            "critical early": ("3", "2026-05-04 08:00:00", 50),
            "new high": ("2", "2026-05-05 08:00:00", 10),
        }
        Ticket = cls.env["helpdesk.ticket"].with_context(tracking_disable=True)
        cls.tickets = {}
        for name, (priority, _arrival, sequence) in rows.items():
            cls.tickets[name] = Ticket.create(
                {
                    "name": name,
                    "description": "x",
                    "partner_id": customer.id,
                    "team_id": team.id,
                    "user_id": cls.agent.id,
                    "priority": priority,
                    "sequence": sequence,
                }
            )
        cls.env.flush_all()
        for name, (_priority, arrival, _sequence) in rows.items():
            cls.env.cr.execute(
                "UPDATE helpdesk_ticket SET create_date = %s WHERE id = %s",
                (arrival, cls.tickets[name].id),
            )
        # not in the agent's queue: closed, or someone else's
        closed = Ticket.create(
            {
                "name": "closed critical",
                "description": "x",
                "partner_id": customer.id,
                "team_id": team.id,
                "user_id": cls.agent.id,
                "priority": "3",
            }
        )
        closed.stage_id = cls.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_done")
        Ticket.create(
            {
                "name": "colleague's critical",
                "description": "x",
                "partner_id": customer.id,
                "team_id": team.id,
                "user_id": colleague.id,
                "priority": "3",
            }
        )
        cls.env.invalidate_all()

    def rpc(self, route, **params):
        body = json_rpc(self, route, params)
        self.assertNotIn("error", body, body.get("error"))
        return body["result"]

    def call_kw(self, model, method, *args, **kwargs):
        return self.rpc(
            f"/web/dataset/call_kw/{model}/{method}",
            model=model,
            method=method,
            args=list(args),
            kwargs=kwargs,
        )

    def queue_ids(self, view_type):
        """The ticket ids of *My queue* in ``view_type``, in the order the
        web client asks for: the action's domain and context, the view's
        ``default_order``."""
        action = self.rpc("/web/action/load", action_id=MY_QUEUE)
        self.assertEqual(action["res_model"], "helpdesk.ticket")
        self.assertIn(view_type, action["view_mode"].split(","))
        context = dict(safe_eval(action.get("context") or "{}", {"uid": self.agent.id}))
        context.update(lang="en_US", tz="Europe/Moscow", uid=self.agent.id)
        domain = safe_eval(action["domain"] or "[]", {"uid": self.agent.id})
        views = [[view_id, kind] for view_id, kind in action["views"]]
        found = self.call_kw(
            "helpdesk.ticket",
            "get_views",
            views=views + [[action.get("search_view_id") or False, "search"]],
            options={"action_id": action["id"], "load_filters": True},
            context=context,
        )
        arch = etree.fromstring(found["views"][view_type]["arch"])
        order = arch.get("default_order")
        self.assertTrue(order, f"the {view_type} view of My queue sets its order")
        self.assertNotIn("sequence", order)
        if view_type == "kanban":
            self.assertEqual(
                arch.get("records_draggable"),
                "0",
                "no drag and drop to reorder the queue",
            )
        result = self.call_kw(
            "helpdesk.ticket",
            "web_search_read",
            domain=domain,
            specification={"name": {}},
            order=order,
            context=context,
        )
        return [record["id"] for record in result["records"]]

    def expected(self, *names):
        return [self.tickets[name].id for name in names]

    def test_critical_first_then_oldest_whatever_the_manual_order(self):
        """R-25 (DS 2.1): critical tickets first, then the oldest, whatever order the
        agent dragged them into."""
        self.authenticate("queue_agent", "queue_agent")
        # hostile input: the agent drags the newest ticket to the top, as the
        # kanban's drag and drop does (/web/dataset/resequence)
        dragged = self.expected(
            "new high", "medium", "old low", "old high", "critical late"
        )
        self.rpc(
            "/web/dataset/resequence",
            model="helpdesk.ticket",
            ids=dragged,
            field="sequence",
        )
        want = self.expected(
            # critical: out of turn, the oldest first
            "critical early",
            "critical late",
            # the others in the order they arrived, whatever their priority
            "old low",
            "old high",
            "medium",
            "new high",
        )
        for view_type in ("list", "kanban"):
            with self.subTest(view_type=view_type):
                self.assertEqual(self.queue_ids(view_type), want)
