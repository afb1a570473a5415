from . import portal
from . import export
from . import professional_services
