# Copyright 2026 Helpdesk Support Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import http
from odoo.http import request

from .portal import SupportCustomerPortal


class SupportCustomerPortalLabels(SupportCustomerPortal):
    """The searchbar of the portal ticket list in the customer's language.

    helpdesk_mgmt builds these labels with ``_()`` in its own Python code,
    which only its own translation files can translate (its Russian
    file has none of them); the addon gives the same labels in its terms.
    """

    @http.route()
    def portal_my_tickets(self, *args, **kw):
        response = super().portal_my_tickets(*args, **kw)
        filters = getattr(response, "qcontext", {}).get("searchbar_filters")
        if filters and "all" in filters:
            filters["all"]["label"] = request.env._("All")
        return response

    def _ticket_get_searchbar_sortings(self):
        return self._support_relabel(
            super()._ticket_get_searchbar_sortings(),
            {
                "date": request.env._("Newest"),
                "name": request.env._("Title"),
                "stage": request.env._("Stage"),
                "update": request.env._("Last Stage Update"),
            },
        )

    def _ticket_get_searchbar_groupby(self):
        return self._support_relabel(
            super()._ticket_get_searchbar_groupby(),
            {
                "none": request.env._("None"),
                "category": request.env._("Category"),
                "stage": request.env._("Stage"),
            },
        )

    def _ticket_get_searchbar_inputs(self):
        return self._support_relabel(
            super()._ticket_get_searchbar_inputs(),
            {
                "all": request.env._("Search in All"),
                "number": request.env._("Search in Number"),
                "name": request.env._("Search in Title"),
            },
        )

    @staticmethod
    def _support_relabel(options, labels):
        for key, label in labels.items():
            if key in options:
                options[key]["label"] = label
        return options
