# Copyright 2026 Helpdesk Support Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models

from odoo.addons.mail.tools.alias_error import AliasError

from .helpdesk_support_system_fields_mixin import SUPPORT_MANAGER, writable


class HelpdeskTicketTeam(models.Model):
    _name = "helpdesk.ticket.team"
    _inherit = ["helpdesk.support.system.fields.mixin", "helpdesk.ticket.team"]
    # MQ 1.1: a team for registered contacts only; the preset's code is set
    # when a manager loads a preset, the system's afterwards
    _support_write_rights = {
        SUPPORT_MANAGER: writable(
            "support_registered_only",
            "support_assign_method",
            create_only=("support_preset_code",),
        ),
    }

    support_registered_only = fields.Boolean(
        string="Registered contacts only",
        help="MQ 1.1, 1.3: requests from anyone who is not a registered "
        "contact of an active support contract are refused on every channel: "
        "mail to this team's address creates no ticket and the sender is told "
        "how to register; the portal form and staff creating a ticket for "
        "such a contact get the same explanation.",
    )
    # DS 5.1 «На каждую заявку назначается ответственный сотрудник»: a new
    # ticket the team receives without an assignee gets one by this rule
    # "queue" leaves it in the team's unassigned queue, where
    # the members take tickets in turn
    support_assign_method = fields.Selection(
        [
            ("queue", "Team queue (members take tickets)"),
            ("leader", "Team leader"),
            ("balanced", "Member with the fewest open tickets"),
        ],
        string="Assign new tickets",
        default="queue",
        required=True,
        help="Who gets a new ticket of this team that arrives without an "
        "assignee (portal, mail, chat, backend). Team queue: nobody, the "
        "members take it from the team's unassigned tickets (with the "
        "company's auto-assign on, a member creating it takes it). Team "
        "leader: the leader. Fewest open tickets: the member with the fewest "
        "open tickets, then the leader.",
    )
    support_preset_code = fields.Char(
        string="Preset",
        readonly=True,
        copy=False,
        help="Code of the support regulation preset that created this team.",
    )

    def _support_pick_assignees(self, count_by_team):
        """The assignee of the next ``count_by_team[team]`` new tickets of
        each team, by its assignment rule: ``{team id: [user or empty]}``.

        One grouped count of the open tickets of every member involved,
        whatever the size of the batch; the tickets of the batch count as
        they are handed out, so a batch is spread over the members.
        """
        balanced = self.filtered(lambda team: team.support_assign_method == "balanced")
        members = self.env["res.users"]
        for team in balanced:
            members |= team.user_ids.filtered(team._support_may_assign)
        load = dict.fromkeys(members.ids, 0)
        if members:
            groups = (
                self.env["helpdesk.ticket"]
                .sudo()
                ._read_group(
                    [("user_id", "in", members.ids), ("closed", "=", False)],
                    ["user_id"],
                    ["__count"],
                )
            )
            load.update({user.id: count for user, count in groups})
        Users = self.env["res.users"]
        picked = {}
        for team in self:
            users = []
            for _index in range(count_by_team.get(team.id, 0)):
                user = Users
                if team.support_assign_method == "balanced":
                    candidates = team.user_ids.filtered(
                        lambda u, team=team: (
                            u.id in load and team._support_may_assign(u)
                        )
                    )
                    if candidates:
                        user = min(candidates, key=lambda u: (load[u.id], u.id))
                        load[user.id] += 1
                if (
                    not user
                    and team.support_assign_method in ("leader", "balanced")
                    and team._support_may_assign(team.user_id)
                ):
                    user = team.user_id
                users.append(user)
            picked[team.id] = users
        return picked

    def _support_may_assign(self, user):
        """Whether ``user`` may be made the responsible of this team's new
        tickets: DS 5.1 «На каждую заявку назначается ответственный
        сотрудник» — an active employee (no portal user) of the team's
        company; the team's leader and members are not checked by
        helpdesk_mgmt, and a ticket given to anyone else is in nobody's
        queue (R-25)."""
        self.ensure_one()
        return bool(
            user
            and user.active
            and not user.share
            and (not self.company_id or self.company_id in user.company_ids)
        )

    def _alias_get_error(self, message, message_dict, alias):
        error = super()._alias_get_error(message, message_dict, alias)
        if error or not self.support_registered_only:
            return error
        author = self.env["res.partner"].browse(message_dict.get("author_id") or [])
        registered = (
            self.env["helpdesk.support.contract"]
            .sudo()
            ._support_registered_contacts(author)
        )
        if not registered:
            return AliasError(
                "support_not_registered",
                self.env._("restricted to registered contacts of a support contract"),
            )
        return False

    def _support_unregistered_body(self):
        self.ensure_one()
        return self.env._(
            "Your message to %(team)s was not registered: this address accepts mail "
            "only from registered contacts of a support contract. Ask the key "
            "contact person of your organisation to register you, or write from "
            "your registered address.",
            team=self.name,
        )

    def _support_unregistered_request_message(self, partner):
        """Why a request to this team from ``partner`` is refused (MQ 1.1)."""
        self.ensure_one()
        return self.env._(
            "Requests to %(team)s are accepted only from registered contacts of "
            "a support contract (users registered on the support portal): "
            "%(partner)s is not one. The key contact person of the organisation "
            "asks the support to register a user (account management request), "
            "then the user writes from the registered account or address.",
            team=self.name,
            partner=partner.display_name,
        )
