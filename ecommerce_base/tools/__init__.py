from . import api_calls, dates, masking, money
