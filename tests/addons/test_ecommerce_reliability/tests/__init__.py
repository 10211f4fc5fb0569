from . import test_access_matrix
from . import test_fuzz
from . import test_leaks
from . import test_retention_privacy
from . import test_webhook_security
