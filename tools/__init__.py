from . import working_time_engine
