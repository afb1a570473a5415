from . import portal
from . import export
from . import professional_services
from . import portal_i18n
