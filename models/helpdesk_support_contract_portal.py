# Copyright 2026 Helpdesk Support Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
# One concern of the model per file, as Odoo core splits a model inside one
# module (mrp/models/stock_orderpoint.py): each class owns its fields.
# pylint: disable=consider-merging-classes-inherited
"""Portal access of a customer's contacts (R-34): blocked a number of
working days after the contract's end, restored on renewal.
"""

from odoo import Command, api, fields, models

from ..tools.server_language import customer_env, date_text, local_date, staff_env

# R-34, MQ 1.5: portal access ends ten working days after the contract
PORTAL_BLOCK_WORKING_DAYS = 10
PORTAL_ACCESS_CRON = "helpdesk_mgmt_support_contract.ir_cron_support_portal_access"


class HelpdeskSupportContract(models.Model):
    _inherit = "helpdesk.support.contract"

    portal_block_date = fields.Datetime(
        string="Portal blocked from",
        compute="_compute_portal_block_date",
        store=True,
        index="btree_not_null",
        help="Ten working days after the end of the contract the portal access "
        "of the customer's contacts is removed, unless the customer has "
        "another active contract (R-34, MQ 1.5).",
    )
    portal_block_warned = fields.Boolean(readonly=True, copy=False)
    portal_blocked_user_ids = fields.Many2many(
        "res.users",
        "helpdesk_support_contract_blocked_user_rel",
        "contract_id",
        "user_id",
        string="Portal users blocked",
        readonly=True,
        copy=False,
        context={"active_test": False},
    )

    @api.depends("date_end", "company_id")
    def _compute_portal_block_date(self):
        for contract in self:
            calendar = contract.company_id._get_support_fix_calendar()
            if not contract.date_end or not calendar:
                contract.portal_block_date = False
                continue
            # «в течение десяти рабочих дней» after the contract's end (MQ 1.5,
            # a period counted from a date, read as the Civil Code
            # reads it (ГК РФ ст. 191, 194): from the day after the last day
            # of the contract to the end of the tenth working day
            block = calendar._support_end_of_working_days_from_date(
                contract.date_end, PORTAL_BLOCK_WORKING_DAYS
            )
            contract.portal_block_date = block

    @api.model
    def _cron_portal_access(self):
        """Warn the KCP when a contract ended, block the portal access of its
        contacts ten working days later (R-34); each contract once."""
        now = fields.Datetime.now()
        today = fields.Date.context_today(self)
        to_warn = self.search(
            [
                ("date_end", "<", today),
                ("state", "!=", "draft"),
                ("portal_block_warned", "=", False),
                ("key_contact_id", "!=", False),
            ]
        )
        renewed = (
            to_warn | self.search(self._support_block_domain(now))
        )._support_renewed()

        def warn(contracts):
            for contract in contracts - renewed:
                contract._support_warn_portal_block()
            contracts.sudo().portal_block_warned = True

        # a contract that fails is skipped and tried again on the next run:
        # the other customers are warned and blocked on time (R-34, MQ 1.5)
        isolated = self.env["helpdesk.support.job.failure"]._support_run_isolated
        isolated(PORTAL_ACCESS_CRON, to_warn, warn)
        to_block = self.search(self._support_block_domain(now)) - renewed
        return isolated(
            PORTAL_ACCESS_CRON,
            to_block,
            lambda contracts: [c._support_block_portal_access() for c in contracts],
        )

    def _support_warn_portal_block(self):
        """Tell the key contact when the portal access ends (R-34, MQ 1.5),
        in its language, the dates in its language's order."""
        self.ensure_one()
        env = customer_env(self.env, self.key_contact_id, self.company_id)
        block = self.portal_block_date
        self.with_env(env).message_post(
            body=env._(
                "Your support contract ended on %(end)s. Unless it is renewed, "
                "the portal access of your contacts is removed on %(block)s.",
                end=date_text(env, self.date_end),
                block=date_text(env, local_date(block, env.context["tz"]))
                if block
                else "—",
            ),
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
            partner_ids=self.key_contact_id.ids,
        )

    @api.model
    def _support_block_domain(self, now):
        return [
            ("portal_block_date", "<=", now),
            ("state", "!=", "draft"),
            ("portal_blocked_user_ids", "=", False),
        ]

    def _support_renewed(self):
        """Contracts of ``self`` whose customer has another active contract
        today (one search for all)."""
        active = self._get_active_contract(self.partner_id)
        return self.filtered(
            lambda c: active.get(c.partner_id.commercial_partner_id) not in (None, c)
        )

    def _support_block_portal_access(self):
        """Odoo's own revocation (portal wizard) for the contacts' portal users."""
        self.ensure_one()
        wizard = (
            self.env["portal.wizard"]
            .sudo()
            .create({"partner_ids": [Command.set(self.contact_ids.ids)]})
        )
        revoked = self.env["res.users"]
        for line in wizard.user_ids.filtered("is_portal"):
            revoked |= line.user_id
            line.action_revoke_access()
        self.sudo().portal_blocked_user_ids = revoked
        if revoked:
            # a note the staff read: the company's language
            env = staff_env(self.env, self.company_id)
            self.with_env(env).message_post(
                body=env._(
                    "Portal access removed for %(names)s: the contract ended.",
                    names=", ".join(revoked.mapped("name")),
                ),
                subtype_xmlid="mail.mt_note",
            )
        return revoked

    def _support_restore_portal_access(self):
        """A renewal gives the blocked contacts their portal access back."""
        for contract in self:
            blocked = self.search(
                [
                    ("partner_id", "=", contract.partner_id.id),
                    ("portal_blocked_user_ids", "!=", False),
                ]
            )
            users = blocked.portal_blocked_user_ids
            if not users:
                continue
            wizard = (
                self.env["portal.wizard"]
                .sudo()
                .create({"partner_ids": [Command.set(users.partner_id.ids)]})
            )
            for line in wizard.user_ids.filtered(lambda u: not u.is_portal):
                line.action_grant_access()
            blocked.sudo().write({"portal_blocked_user_ids": [Command.clear()]})
            env = staff_env(contract.env, contract.company_id)
            contract.with_env(env).message_post(
                body=env._(
                    "Portal access restored for %(names)s.",
                    names=", ".join(users.mapped("name")),
                ),
                subtype_xmlid="mail.mt_note",
            )
