# Copyright 2026 The E-commerce Connector Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from datetime import timedelta

from odoo import api, fields, models

from odoo.addons.ecommerce_base.exceptions import EcommerceConfigError

from ..const import IMPORTED_STATUSES, INCLUDED_DATA, LATENESS_SECONDS

SEARCH_ORDERS = "/orders/2026-01-01/orders"
FINANCIAL_EVENTS = "/finances/v0/financialEvents"
PAGE_SIZE = 100
DEFAULT_LOOKBACK_DAYS = 30


def iso(moment):
    """ISO 8601 UTC of a naive UTC datetime, as SP-API wants it."""
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


class AmazonAdapter(models.AbstractModel):
    _inherit = "ecommerce.amazon.adapter"

    # === CONNECTION === #

    @api.model
    def fetch_marketplace_participations(self, account):
        """The seller's marketplace participations (Sellers API).

        :rtype: list of dict ``{"marketplace": {...}, "participation": {...}}``
        """
        answer = self._amazon_call(
            account,
            "getMarketplaceParticipations",
            "GET",
            "/sellers/v1/marketplaceParticipations",
        )
        return answer.get("payload") or []

    @api.model
    def test_connection(self, account):
        """Exchange the refresh token and list the marketplaces the seller
        takes part in."""
        participations = self.fetch_marketplace_participations(account)
        names = [
            f"{p['marketplace'].get('name')} ({p['marketplace'].get('id')}, "
            f"{p['marketplace'].get('defaultCurrencyCode')})"
            for p in participations
            if (p.get("participation") or {}).get("isParticipating")
            and p.get("marketplace")
        ]
        return {
            "seller": account.amazon_seller_id or "?",
            "marketplaces": ", ".join(names) or "none",
        }

    # === ORDERS === #

    @api.model
    def _amazon_marketplace_ids(self, account):
        ids = account._amazon_marketplaces().mapped("marketplace_id")
        if not ids:
            raise EcommerceConfigError(
                f"Amazon account {account.name} has no active marketplace: load "
                "the marketplaces from Amazon or add them"
            )
        return ids

    @api.model
    def _amazon_window(self, account, updated_since):
        """``(after, before)`` of a search: ``before`` two minutes and a half
        ago (SP-API refuses later ones and may not show later changes yet),
        ``after`` the cursor, else the import start date, else 30 days ago."""
        before = fields.Datetime.now() - timedelta(seconds=LATENESS_SECONDS)
        after = (
            updated_since
            or account.import_start_date
            or before - timedelta(days=DEFAULT_LOOKBACK_DAYS)
        )
        return after, before

    @api.model
    def fetch_orders(self, account, updated_since):
        """Orders updated in the window (searchOrders v2026-01-01, pending
        ones left out until they move on), each with the refund events
        Amazon posted for it; orders refunded in the window but not changed
        are read with getOrder so their refunds are not missed."""
        after, before = self._amazon_window(account, updated_since)
        if after >= before:
            return iter(())
        return self._amazon_iter_orders(account, after, before)

    @api.model
    def _amazon_iter_orders(self, account, after, before):
        refunds = self._amazon_refund_events(account, after, before)
        params = {
            "lastUpdatedAfter": iso(after),
            "lastUpdatedBefore": iso(before),
            "marketplaceIds": ",".join(self._amazon_marketplace_ids(account)),
            "fulfillmentStatuses": ",".join(IMPORTED_STATUSES),
            "includedData": ",".join(INCLUDED_DATA),
            "maxResultsPerPage": PAGE_SIZE,
        }
        seen = set()
        for order in self._amazon_pages(account, params):
            seen.add(order.get("orderId"))
            order["refundEvents"] = refunds.get(order.get("orderId"), [])
            yield order
        for order_id in sorted(set(refunds) - seen):
            order = self._amazon_get_order(account, order_id)
            order["refundEvents"] = refunds[order_id]
            yield order

    @api.model
    def _amazon_pages(self, account, params):
        """Every order of a search: ``pagination.nextToken`` goes back as
        ``paginationToken`` with exactly the same other parameters."""
        token = None
        while True:
            page_params = dict(params)
            if token:
                page_params["paginationToken"] = token
            page = self._amazon_call(
                account, "searchOrders", "GET", SEARCH_ORDERS, params=page_params
            )
            yield from page.get("orders") or []
            token = (page.get("pagination") or {}).get("nextToken")
            if not token:
                return

    @api.model
    def _amazon_get_order(self, account, order_id):
        answer = self._amazon_call(
            account,
            "getOrder",
            "GET",
            f"{SEARCH_ORDERS}/{order_id}",
            params={"includedData": ",".join(INCLUDED_DATA)},
        )
        return answer.get("order") or {}

    @api.model
    def fetch_order(self, account, external_id):
        """One order (getOrder) with all its refund events."""
        order = self._amazon_get_order(account, external_id)
        answer = self._amazon_call(
            account,
            "listFinancialEventsByOrderId",
            "GET",
            f"/finances/v0/orders/{external_id}/financialEvents",
        )
        events = ((answer.get("payload") or {}).get("FinancialEvents") or {}).get(
            "RefundEventList"
        ) or []
        order["refundEvents"] = events
        return order

    @api.model
    def _amazon_refund_events(self, account, after, before):
        """Refund events posted in the window, by Amazon order id (Finances
        API: the Orders API does not carry refunds)."""
        params = {
            "PostedAfter": iso(after),
            "PostedBefore": iso(before),
            "MaxResultsPerPage": PAGE_SIZE,
        }
        by_order = {}
        token = None
        while True:
            page_params = dict(params, NextToken=token) if token else params
            answer = self._amazon_call(
                account,
                "listFinancialEvents",
                "GET",
                FINANCIAL_EVENTS,
                params=page_params,
            )
            payload = answer.get("payload") or {}
            events = (payload.get("FinancialEvents") or {}).get("RefundEventList")
            for event in events or []:
                if event.get("AmazonOrderId"):
                    by_order.setdefault(event["AmazonOrderId"], []).append(event)
            token = payload.get("NextToken")
            if not token:
                return by_order

    # === SHIPMENTS === #

    @api.model
    def create_fulfillment(self, account, order_external_id, raw_fulfillment):
        """Confirm a merchant-fulfilled shipment (Orders v0 confirmShipment,
        not deprecated); Amazon answers 204.

        :return: the package reference sent
        """
        self._amazon_call(
            account,
            "confirmShipment",
            "POST",
            f"/orders/v0/orders/{order_external_id}/shipmentConfirmation",
            json=raw_fulfillment,
        )
        return raw_fulfillment["packageDetail"]["packageReferenceId"]
