# Copyright 2026 The E-commerce Connector Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
{
    "name": "E-commerce Connector: WooCommerce",
    "summary": "Import WooCommerce orders, export stock and tracking, through the "
    "WooCommerce REST API v3",
    "version": "19.0.1.0.0",
    "category": "Sales/Sales",
    "license": "LGPL-3",
    "author": "E-commerce Connector Suite Authors",
    "website": "https://github.com/ecommerce-connector-suite/odoo-ecommerce",
    "development_status": "Alpha",
    "depends": ["ecommerce_base"],
    "external_dependencies": {"python": ["woocommerce"]},
    "data": [
        "data/queue_job_data.xml",
        "views/ecommerce_account_views.xml",
    ],
    "installable": True,
}
