from . import ecommerce_product_publish
from . import ecommerce_account_setup
