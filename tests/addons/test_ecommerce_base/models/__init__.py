from . import ecommerce_account
from . import testshop_adapter
from . import testshop_mapper
