from . import test_mapper
from . import test_import
from . import test_export
from . import test_webhooks
