# Copyright 2026 Helpdesk Support Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""To-dos of the scheduled actions, created in batches (R-62).

The at-risk and breach pass gives hundreds of tickets a to-do in one run;
each is created with one ``create()`` and its assignee told as Odoo's
``action_notify`` would, in their language, without one notification a
to-do.
"""

from markupsafe import escape

from odoo import models
from odoo.tools import is_html_empty
from odoo.tools.mail import generate_tracking_message_id
from odoo.tools.misc import get_lang
from odoo.tools.translate import get_translation


class HelpdeskTicketSupportBatchActivity(models.Model):
    _inherit = "helpdesk.ticket"

    # ------------------------------------------------------------------
    # Activities
    # ------------------------------------------------------------------

    def _support_schedule_activities(self, values_list, env):
        """To-dos on tickets, created with one ``create()`` (R-62), as
        ``activity_schedule("mail.mail_activity_data_todo", ...)`` creates
        them one by one; their assignees are told as
        ``mail.activity.action_notify`` tells each one, in batch
        (``_support_notify_activities``).

        :param values_list: [{res_id, summary, user_id, date_deadline}]
        :param env: the environment they are written in (the staff's)
        """
        if not values_list:
            return env["mail.activity"]
        activity_type = env.ref("mail.mail_activity_data_todo")
        model_id = env["ir.model"]._get_id(self._name)
        # the assignees as Odoo's action_notify finds them: before the
        # create subscribes them to the tickets
        users = env["res.users"].browse({values["user_id"] for values in values_list})
        recipient_data = env["mail.followers"]._get_recipient_data(
            self.browse({values["res_id"] for values in values_list}).sudo(),
            "user_notification",
            env["ir.model.data"]._xmlid_to_res_id("mail.mt_note"),
            (users - env.user).sudo().partner_id.ids,
        )
        # Odoo's create would notify each assignee with its own
        # message_notify: told below for the whole batch instead
        activities = (
            env["mail.activity"]
            .with_context(mail_activity_quick_update=True)
            .create(
                [
                    dict(
                        values,
                        activity_type_id=activity_type.id,
                        automated=True,
                        note=activity_type.default_note,
                        res_model_id=model_id,
                    )
                    for values in values_list
                ]
            )
            .with_env(env)
        )
        self.with_env(env)._support_notify_activities(
            activities.filtered(lambda act: act.user_id and act.user_id != env.user),
            recipient_data,
        )
        return activities

    def _support_notify_activities(self, activities, recipient_data):
        """Tell the assignee of each to-do, as ``mail.activity.action_notify``
        does: a notification (``message_notify``: not in the chatter) to the
        assignee alone, the body rendered in the assignee's language, the
        subject and subtitles as Odoo writes them, sent by inbox or e-mail
        with Odoo's notification layout; the messages created with one
        ``create()`` and notified in batch (``_support_notify_messages``).

        :param recipient_data: ``mail.followers._get_recipient_data`` of the
            tickets and the assignees, read before the to-dos were created
        """
        if not activities:
            return self.env["mail.message"]
        env = activities.env
        # a ticket holding several to-dos is repeated, one a to-do
        tickets = self.browse([act.res_id for act in activities])
        tickets = tickets.sudo()._fallback_lang()
        author_id, email_from = tickets._message_compute_author(
            None, None, raise_on_email=True
        )
        note_id = env["ir.model.data"]._xmlid_to_res_id("mail.mt_note")
        company = env.company
        alias_domains = tickets._mail_get_alias_domains(default_company=company)
        companies = tickets._mail_get_companies(default=company)
        reply_tos = tickets._notify_get_reply_to(default=email_from)
        # the subject and the subtitles in the language of the job (Odoo's
        # action_notify translates them so), the date in the assignee's
        subject_lang = env.lang or "en_US"
        values_list, render = [], []
        for activity, ticket in zip(activities, tickets, strict=True):
            lang_activity = (
                activity.with_context(lang=activity.user_id.lang)
                if activity.user_id.lang
                else activity
            )
            model_description = (
                lang_activity.env["ir.model"]._get(activity.res_model).display_name
            )
            body = lang_activity.env["ir.qweb"]._render(
                "mail.message_activity_assigned",
                {
                    "activity": lang_activity,
                    "model_description": model_description,
                    "is_html_empty": is_html_empty,
                },
                minimal_qcontext=True,
            )
            type_name = activity.activity_type_id.with_context(lang=subject_lang).name
            subject = get_translation(
                "mail",
                subject_lang,
                '"%(activity_name)s: %(summary)s" assigned to you',
                {
                    "activity_name": activity.res_name,
                    "summary": activity.summary or type_name,
                },
            )
            subtitles = [
                get_translation("mail", subject_lang, "Activity: %s", (type_name,)),
                get_translation(
                    "mail",
                    subject_lang,
                    "Deadline: %s",
                    (
                        activity.date_deadline.strftime(
                            get_lang(lang_activity.env).date_format
                        ),
                    ),
                ),
            ]
            partner_id = activity.user_id.partner_id.id
            values_list.append(
                {
                    "author_id": author_id,
                    "email_from": email_from,
                    "model": tickets._name,
                    "record_name": activity.res_name,
                    "res_id": ticket.id,
                    "body": escape(body),
                    "is_internal": True,
                    "message_type": "user_notification",
                    "subject": subject,
                    "subtype_id": note_id,
                    "message_id": generate_tracking_message_id("message-notify"),
                    "partner_ids": [partner_id],
                    "email_add_signature": True,
                    "email_layout_xmlid": "mail.mail_notification_layout",
                    "record_alias_domain_id": alias_domains[ticket.id].id,
                    "record_company_id": companies[ticket.id].id,
                    "reply_to": reply_tos[ticket.id],
                }
            )
            render.append((model_description, subtitles))
        messages = tickets._message_create(values_list)
        if env.user.active:
            real_author_id = env.user.partner_id.id
        else:
            real_author_id = author_id
        recipients = {}
        for message, values in zip(messages, values_list, strict=True):
            pdata = recipient_data.get(values["res_id"], {}).get(
                values["partner_ids"][0]
            )
            recipients[message.id] = (
                [pdata]
                if pdata
                and pdata["id"] != real_author_id
                and pdata["active"] is not False
                else []
            )
        tickets._support_notify_messages(
            messages,
            values_list,
            recipients,
            {
                message.id: {
                    "model_description": model_description,
                    "subtitles": subtitles,
                }
                for message, (model_description, subtitles) in zip(
                    messages, render, strict=True
                )
            },
        )
        return messages
