# Copyright 2026 The E-commerce Connector Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
{
    "name": "E-commerce Connector: Shopify",
    "summary": "Connect a Shopify store (GraphQL Admin API): orders, refunds, "
    "stock per location, fulfilments with tracking, products, GDPR webhooks",
    "version": "19.0.1.0.0",
    "category": "Sales/Sales",
    "license": "LGPL-3",
    "author": "E-commerce Connector Suite Authors",
    "website": "https://github.com/ecommerce-connector-suite/odoo-ecommerce",
    "development_status": "Alpha",
    "depends": ["ecommerce_base"],
    "external_dependencies": {"python": ["requests"]},
    "data": [
        "security/ir.model.access.csv",
        "data/queue_job_data.xml",
        "views/ecommerce_account_views.xml",
    ],
    "installable": True,
}
