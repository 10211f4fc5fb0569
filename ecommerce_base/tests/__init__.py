from . import test_money
from . import test_masking
from . import test_components
from . import test_payload
