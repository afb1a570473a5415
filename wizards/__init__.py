from . import helpdesk_support_preset_wizard
from . import resource_production_calendar_generate_wizard
from . import helpdesk_support_reclassify_wizard
from . import helpdesk_support_sla_report_wizard
from . import helpdesk_support_coupon_renew_wizard
from . import helpdesk_support_estimate_wizard
from . import helpdesk_support_booking_wizard
from . import helpdesk_support_answer_wizard
