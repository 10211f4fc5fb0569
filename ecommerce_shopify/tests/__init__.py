from . import test_mapper
from . import test_order_import
from . import test_stock_export
from . import test_fulfillment_products
from . import test_webhooks
