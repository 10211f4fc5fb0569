# Copyright 2026 The E-commerce Connector Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import gzip
import json
import logging
from urllib.parse import quote

from odoo import api, models

from odoo.addons.ecommerce_base.exceptions import (
    EcommerceConfigError,
    EcommerceNotFound,
    EcommercePermanentError,
    EcommerceRetryableError,
)

from ..const import FEED_CONTENT_TYPE, FEED_DONE_STATUSES, FEED_MAX_MESSAGES

_logger = logging.getLogger(__name__)

FEEDS = "/feeds/2021-06-30"


class AmazonAdapter(models.AbstractModel):
    _inherit = "ecommerce.amazon.adapter"

    # === STOCK: JSON_LISTINGS_FEED === #

    @api.model
    def stock_batch_size(self, account):
        """One feed carries every level: a JSON_LISTINGS_FEED takes up to
        25,000 messages and createFeed is the scarcest call (one per two
        minutes), so levels are never split into small batches."""
        return FEED_MAX_MESSAGES

    @api.model
    def push_stock(self, account, raw_levels):
        """Send the levels as one JSON_LISTINGS_FEED and read its processing
        report: create the feed document, upload it, create the feed, poll
        it, download the report.

        :return: ``{sku: message}`` of the SKUs Amazon rejected
        """
        if not raw_levels:
            return {}
        if not account.amazon_seller_id:
            raise EcommerceConfigError(
                "The Amazon account has no seller id: stock feeds need it"
            )
        marketplaces = self._amazon_marketplace_ids(account)
        document = self._amazon_feed_document(account, raw_levels)
        target = self._amazon_call(
            account,
            "createFeedDocument",
            "POST",
            f"{FEEDS}/documents",
            json={"contentType": FEED_CONTENT_TYPE},
        )
        self._amazon_raw(
            account,
            "PUT",
            target["url"],
            data=json.dumps(document).encode(),
            headers={"Content-Type": FEED_CONTENT_TYPE},
            expect_json=False,
        )
        feed_id = self._amazon_call(
            account,
            "createFeed",
            "POST",
            f"{FEEDS}/feeds",
            json={
                "feedType": "JSON_LISTINGS_FEED",
                "marketplaceIds": marketplaces,
                "inputFeedDocumentId": target["feedDocumentId"],
            },
        )["feedId"]
        feed = self._amazon_wait_for_feed(account, feed_id)
        report = self._amazon_feed_report(account, feed)
        return self._amazon_rejected_skus(raw_levels, report)

    @api.model
    def _amazon_feed_document(self, account, raw_levels):
        """The JSON_LISTINGS_FEED document: one PATCH of the merchant
        fulfilment quantity (channel ``DEFAULT``) per SKU."""
        return {
            "header": {
                "sellerId": account.amazon_seller_id,
                "version": "2.0",
                "issueLocale": "en_US",
            },
            "messages": [
                dict(level, messageId=index)
                for index, level in enumerate(raw_levels, start=1)
            ],
        }

    @api.model
    def _amazon_wait_for_feed(self, account, feed_id):
        """Poll getFeed until Amazon is done with the feed.

        :raises EcommerceRetryableError: when it is still processing after
            the account's number of checks, or Amazon cancelled it
        """
        checks = max(1, account.amazon_feed_poll_max or 1)
        for check in range(checks):
            feed = self._amazon_call(
                account, "getFeed", "GET", f"{FEEDS}/feeds/{feed_id}"
            )
            status = feed.get("processingStatus")
            if status in FEED_DONE_STATUSES:
                if status == "CANCELLED":
                    raise EcommerceRetryableError(
                        f"Amazon cancelled stock feed {feed_id}", seconds=300
                    )
                return feed
            if check + 1 < checks:
                self._amazon_sleep(max(0, account.amazon_feed_poll_interval or 0))
        raise EcommerceRetryableError(
            f"Amazon is still processing stock feed {feed_id}", seconds=300
        )

    @api.model
    def _amazon_feed_report(self, account, feed):
        """The processing report of a finished feed, as a dict."""
        document_id = feed.get("resultFeedDocumentId")
        if not document_id:
            if feed.get("processingStatus") == "FATAL":
                raise EcommercePermanentError(
                    f"Amazon could not process stock feed {feed.get('feedId')} "
                    "and gave no report"
                )
            return {}
        document = self._amazon_call(
            account, "getFeedDocument", "GET", f"{FEEDS}/documents/{document_id}"
        )
        response = self._amazon_raw(account, "GET", document["url"], expect_json=False)
        content = response.content
        if document.get("compressionAlgorithm") == "GZIP":
            content = gzip.decompress(content)
        try:
            return json.loads(content)
        except ValueError as exc:
            raise EcommercePermanentError(
                f"The processing report of feed {feed.get('feedId')} is not JSON"
            ) from exc

    @api.model
    def _amazon_rejected_skus(self, raw_levels, report):
        """``{sku: message}`` of the report's ERROR issues (a message of the
        feed is named by SKU, or by its message id)."""
        by_message = {
            index: level["sku"] for index, level in enumerate(raw_levels, start=1)
        }
        rejected = {}
        for issue in report.get("issues") or []:
            if issue.get("severity") != "ERROR":
                continue
            sku = issue.get("sku") or by_message.get(issue.get("messageId"))
            if not sku:
                continue
            text = f"{issue.get('code') or ''} {issue.get('message') or ''}".strip()
            rejected[sku] = f"{rejected[sku]}; {text}" if sku in rejected else text
        return rejected

    @api.model
    def fetch_stock(self, account, skus):
        """The merchant-fulfilled quantity of each SKU (getListingsItem);
        SKUs Amazon does not know are left out."""
        marketplace = self._amazon_marketplace_ids(account)[0]
        result = {}
        for sku in skus:
            try:
                item = self._amazon_call(
                    account,
                    "getListingsItem",
                    "GET",
                    f"/listings/2021-08-01/items/{account.amazon_seller_id}/"
                    f"{quote(sku, safe='')}",
                    params={
                        "marketplaceIds": marketplace,
                        "includedData": "fulfillmentAvailability",
                    },
                )
            except EcommerceNotFound:
                continue
            for entry in item.get("fulfillmentAvailability") or []:
                if entry.get("fulfillmentChannelCode") == "DEFAULT":
                    result[sku] = int(entry.get("quantity") or 0)
        return result
