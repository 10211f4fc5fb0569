from . import ecommerce_account
from . import woocommerce_adapter
from . import woocommerce_mapper
from . import woocommerce_importer
from . import woocommerce_exporter
