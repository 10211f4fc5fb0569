from . import api_calls, dates, lookups, masking, money
