from . import test_order_import
from . import test_stock_export
from . import test_tracking_export
from . import test_product_export
from . import test_refunds_privacy
from . import test_jobs_webhooks
from . import test_security_errors
from . import test_concurrency
