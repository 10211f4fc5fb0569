"""Run inside ``odoo shell`` by the harness: products, stock and one testshop
account per scenario, each pointing at its sandbox. Idempotent, so a reused
database is set up again. ``PARAMS`` (a dict) is prepended by the harness."""

import json  # noqa: F401 (PARAMS is decoded with it in the prepended line)

env = globals()["env"]
PARAMS = globals()["PARAMS"]

params = env["ir.config_parameter"].sudo()
# calls slower than this time out: the fault scenario's slow answers pass it
params.set_param("test_ecommerce_base.timeout", str(PARAMS["timeout"]))
company = env.company
warehouse = env["stock.warehouse"].search([("company_id", "=", company.id)], limit=1)

for sku, name, price, quantity in PARAMS["products"]:
    product = env["product.product"].search([("default_code", "=", sku)], limit=1)
    if not product:
        product = env["product.product"].create(
            {
                "name": name,
                "default_code": sku,
                "list_price": float(price),
                "type": "consu",
                "is_storable": True,
            }
        )
    quant = env["stock.quant"].with_context(inventory_mode=True)
    quant.create(
        {
            "product_id": product.id,
            "location_id": warehouse.lot_stock_id.id,
            "inventory_quantity": quantity,
        }
    ).action_apply_inventory()

uuid = params.get_param("database.uuid")
for spec in PARAMS["accounts"]:
    Account = env["ecommerce.account"].with_context(active_test=False)
    account = Account.search([("name", "=", spec["name"])], limit=1)
    vals = {
        "name": spec["name"],
        "platform": "testshop",
        "company_id": company.id,
        "warehouse_id": warehouse.id,
        "base_url": spec["url"],
        "access_token": spec["token"],
        "webhook_secret": spec["webhook_secret"],
        "state": "draft",
        "active": True,
        "database_uuid": uuid,
        "order_import_interval": 0,
        "stock_export_interval": 0,
        "stock_export_delay": 0,
        "orders_cursor_at": False,
        "last_order_import_at": False,
        "last_stock_export_at": False,
        "use_fallback_product": False,
    }
    if account:
        account.write(vals)
        account.product_binding_ids.unlink()
    else:
        Account.create(vals)

env.cr.commit()
