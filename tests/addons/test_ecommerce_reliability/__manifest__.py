# Copyright 2026 The E-commerce Connector Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
{
    "name": "E-commerce Connector: reliability and security tests",
    "summary": "Test-only: fuzzing of every platform mapper and of the importer, "
    "access matrix, secret leaks, webhook replays, retention, privacy",
    "version": "19.0.1.0.0",
    "category": "Hidden/Tests",
    "license": "LGPL-3",
    "author": "E-commerce Connector Suite Authors",
    "website": "https://github.com/ecommerce-connector-suite/odoo-ecommerce",
    "depends": [
        "test_ecommerce_base",
        "ecommerce_shopify",
        "ecommerce_woocommerce",
        "ecommerce_amazon",
        "ecommerce_ebay",
    ],
    "external_dependencies": {"python": ["hypothesis"]},
    "installable": True,
}
