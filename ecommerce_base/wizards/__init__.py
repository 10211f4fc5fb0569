from . import ecommerce_product_publish
