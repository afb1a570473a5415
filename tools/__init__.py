from . import working_time_engine
from . import numbers
