from . import ecommerce_account_setup
