# Copyright 2026 Helpdesk Support Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Scheduled actions that no record can stop.

Every scheduled action of the addon hands its batch to
:meth:`HelpdeskSupportJobFailure._support_run_isolated`. The batch is
processed in one go under a savepoint (one rendering, one write per step:
the good case costs what it cost before); when it fails, it is split in
halves and each half tried again, until the failing records are alone.
Those are rolled back, logged with their id, kept here for the support
managers and left in the action's domain, so the next run tries them again;
the rest of the batch is committed by the cron runner as before. A month-end
settlement, a reminder or a breach that one odd record used to stop for every
customer (MQ 2.4, R-73; R-60; R-62) is late for that record alone.
"""

import logging

import psycopg2.errors

from odoo import api, fields, models

_logger = logging.getLogger(__name__)

#: concurrency, not a poisoned record: the whole batch is retried by the
#: cron runner (Odoo's own retry of a transaction), never split
TRANSIENT_ERRORS = (
    psycopg2.errors.SerializationFailure,
    psycopg2.errors.LockNotAvailable,
    psycopg2.errors.DeadlockDetected,
)
ERROR_LENGTH = 2000


class HelpdeskSupportJobFailure(models.Model):
    """A record a scheduled action skipped because processing it failed."""

    _name = "helpdesk.support.job.failure"
    _description = "Scheduled action failure"
    _order = "cron_id, last_date desc, id desc"
    _rec_name = "record_name"

    cron_id = fields.Many2one(
        "ir.cron",
        string="Scheduled action record",
        readonly=True,
        index=True,
        ondelete="cascade",
    )
    # scheduled actions are the administrator's to read: their name is shown
    # to the support managers through this field, in their language
    cron_name = fields.Char(string="Scheduled action", compute="_compute_cron_name")
    res_model = fields.Char(string="Model", required=True, readonly=True)
    res_id = fields.Many2oneReference(
        string="Record ID", model_field="res_model", required=True, readonly=True
    )
    record_name = fields.Char(string="Record", readonly=True)
    company_id = fields.Many2one(
        "res.company",
        readonly=True,
        index=True,
        ondelete="cascade",
        help="The record's company: managers see the failures of their companies only.",
    )
    error = fields.Text(readonly=True)
    attempts = fields.Integer(
        string="Failed runs",
        default=1,
        readonly=True,
        help="Runs of the scheduled action that failed on this record; it is "
        "tried again on every run and leaves this list once processed.",
    )
    first_date = fields.Datetime(string="First failure", readonly=True)
    last_date = fields.Datetime(string="Last failure", readonly=True)

    _sql_constraints = [
        (
            "one_per_record",
            "UNIQUE(cron_id, res_model, res_id)",
            "A record fails once per scheduled action.",
        )
    ]

    @api.depends("cron_id")
    def _compute_cron_name(self):
        for failure in self:
            failure.cron_name = failure.cron_id.sudo().name

    @api.model
    def _support_run_isolated(self, cron_xmlid, records, process):
        """``process(records)``, so that a record it fails on cannot stop the
        others.

        The whole batch is processed at once under a savepoint; on an error
        the batch is bisected and each half processed under its own, down to
        the single records that fail. Those are rolled back, logged with
        their id and recorded for the managers; a record processed again
        later leaves the list.

        :param cron_xmlid: the scheduled action, for the managers' list
        :param process: called with a sub-recordset of ``records``
        :return: the records processed without error
        """
        if not records:
            return records
        # what the action wrote before its batch is not the batch's: an error
        # flushing it is the action's own, raised here, not blamed on a record
        self.env.flush_all()
        done = records.browse()
        errors = {}
        pending = [records]
        while pending:
            batch = pending.pop()
            try:
                with self.env.cr.savepoint():
                    process(batch)
            except TRANSIENT_ERRORS:
                raise
            except Exception as error:  # noqa: BLE001 -- isolated, logged, kept
                if len(batch) > 1:
                    half = len(batch) // 2
                    pending += [batch[half:], batch[:half]]
                    continue
                errors[batch.id] = error
                _logger.warning(
                    "Scheduled action %s: %s(%s) failed, skipped until the next "
                    "run: %s",
                    cron_xmlid,
                    batch._name,
                    batch.id,
                    error,
                    exc_info=error,
                )
                continue
            done |= batch
        self._support_record_failures(cron_xmlid, records, errors)
        return done

    @api.model
    def _support_record_failures(self, cron_xmlid, records, errors):
        """Keep ``errors`` ({record id: exception}) of ``records`` for the
        managers; the other records of the batch were processed, their
        earlier failures are solved. One search for the batch."""
        cron = self.env.ref(cron_xmlid, raise_if_not_found=False)
        failures = self.sudo().search(
            [
                ("cron_id", "=", cron.id if cron else False),
                ("res_model", "=", records._name),
                ("res_id", "in", records.ids),
            ]
        )
        if not failures and not errors:
            return
        known = {failure.res_id: failure for failure in failures}
        failures.filtered(lambda f: f.res_id not in errors).unlink()
        now = fields.Datetime.now()
        new = []
        for record in records.browse(list(errors)).sudo():
            text = f"{type(errors[record.id]).__name__}: {errors[record.id]}"
            values = {"error": text[:ERROR_LENGTH], "last_date": now}
            failure = known.get(record.id)
            if failure:
                failure.write(dict(values, attempts=failure.attempts + 1))
                continue
            new.append(
                dict(
                    values,
                    cron_id=cron.id if cron else False,
                    res_model=record._name,
                    res_id=record.id,
                    record_name=self._support_record_name(record),
                    company_id=self._support_record_company(record),
                    first_date=now,
                )
            )
        self.sudo().create(new)

    @api.model
    def _support_record_name(self, record):
        """The record's name, or its reference when the name itself fails."""
        try:
            with self.env.cr.savepoint():
                return record.display_name
        except Exception:  # noqa: BLE001 -- the name of a broken record
            return f"{record._name},{record.id}"

    @api.model
    def _support_record_company(self, record):
        company = record._fields.get("company_id")
        if (
            company
            and company.type == "many2one"
            and company.comodel_name == ("res.company")
        ):
            return record.company_id.id
        return False
