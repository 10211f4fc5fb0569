# Copyright 2026 The E-commerce Connector Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
{
    "name": "E-commerce Connector Base: test platform",
    "summary": "Test-only platform 'testshop' that exercises ecommerce_base end to end "
    "against the testshop sandbox",
    "version": "19.0.1.0.0",
    "category": "Hidden/Tests",
    "license": "LGPL-3",
    "author": "E-commerce Connector Suite Authors",
    "website": "https://github.com/ecommerce-connector-suite/odoo-ecommerce",
    "depends": ["ecommerce_base"],
    "data": ["data/queue_job_data.xml"],
    "assets": {
        "web.assets_tests": [
            "test_ecommerce_base/static/tests/tours/*.js",
        ],
    },
    "installable": True,
}
