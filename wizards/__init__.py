from . import helpdesk_support_preset_wizard
