# Copyright 2026 The E-commerce Connector Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
{
    "name": "E-commerce Connector Base",
    "summary": "Shared engine for e-commerce channel connectors: accounts, bindings, "
    "jobs, error log, order import and stock/tracking export",
    "version": "19.0.1.2.0",
    "category": "Sales/Sales",
    "license": "LGPL-3",
    "author": "E-commerce Connector Suite Authors",
    "website": "https://github.com/ecommerce-connector-suite/odoo-ecommerce",
    "development_status": "Alpha",
    "depends": ["mail", "sale_stock", "delivery", "queue_job"],
    "external_dependencies": {"python": ["requests"]},
    "data": [
        "security/ecommerce_security.xml",
        "security/ir.model.access.csv",
        "data/queue_job_data.xml",
        "data/ir_cron_data.xml",
        "data/ecommerce_alert_data.xml",
        "views/ecommerce_account_views.xml",
        "views/ecommerce_binding_views.xml",
        "views/ecommerce_sync_job_views.xml",
        "views/ecommerce_error_log_views.xml",
        "views/ecommerce_dashboard_views.xml",
        "views/ecommerce_menus.xml",
        "wizards/ecommerce_product_publish_views.xml",
    ],
    "assets": {
        "web.assets_backend": [
            "ecommerce_base/static/src/scss/ecommerce_dashboard.scss",
        ],
    },
    "installable": True,
    "application": True,
}
