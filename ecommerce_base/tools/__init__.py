from . import api_calls, masking, money
