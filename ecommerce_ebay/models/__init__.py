from . import ecommerce_account
from . import ecommerce_account_privacy
from . import ecommerce_product_binding
from . import ebay_adapter
from . import ebay_adapter_api
from . import ebay_mapper
from . import ebay_exporter
