# Copyright 2026 The E-commerce Connector Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from markupsafe import Markup, escape

from odoo import models

# webhook topic -> what the verified webhook asks of Odoo
PRIVACY_TOPICS = (
    "customers/redact",
    "customers/data_request",
    "shop/redact",
    "app/uninstalled",
)


class EcommerceAccount(models.Model):
    _inherit = "ecommerce.account"

    def _enqueue_webhook_events(self, events):
        """Queue Shopify's privacy and app webhooks as their own jobs; orders
        and products go the base way."""
        if self.platform != "shopify":
            return super()._enqueue_webhook_events(events)
        others = []
        for event in events:
            if event.topic in PRIVACY_TOPICS:
                self._enqueue(
                    "shopify_privacy_request",
                    key=f"{event.topic}:{event.external_id}",
                    topic=event.topic,
                    external_id=event.external_id,
                )
            else:
                others.append(event)
        return super()._enqueue_webhook_events(others)

    def shopify_privacy_request(self, topic, external_id=""):
        """Job: carry out a privacy request of Shopify.

        ``customers/redact`` anonymises the customer bound to Shopify customer
        ``external_id``; ``shop/redact`` every customer of the account (the
        base keeps what accounting law requires); ``customers/data_request``
        posts the customer's data held in Odoo on the account, for the
        merchant to send; ``app/uninstalled`` disconnects the account.

        :return: what was done, in a short sentence
        """
        self.ensure_one()
        Binding = self.env["ecommerce.partner.binding"]
        if topic == "app/uninstalled":
            self.write(
                {
                    "state": "error",
                    "state_message": self.env._(
                        "The app was uninstalled from the Shopify store"
                    ),
                }
            )
            return "Account disconnected"
        if topic == "shop/redact":
            bindings = Binding.search([("account_id", "=", self.id)])
            partners = bindings.partner_id
            for partner in partners:
                self._anonymize_customer(partner)
            return f"{len(partners)} customer(s) anonymised"
        binding = Binding._find(self, [external_id]).get(external_id)
        if not binding:
            return f"No customer bound to Shopify customer {external_id}"
        if topic == "customers/redact":
            self._anonymize_customer(binding.partner_id)
            return f"Customer {external_id} anonymised"
        if topic == "customers/data_request":
            self.message_post(body=self._shopify_customer_data(binding.partner_id))
            return f"Data of customer {external_id} posted on the account"
        return f"Topic {topic} ignored"

    def _shopify_customer_data(self, partner):
        """The personal data Odoo holds on a customer, as an HTML note."""
        orders = self.env["sale.order"].search(
            [
                ("partner_id", "child_of", partner.commercial_partner_id.id),
                ("ecommerce_account_id", "=", self.id),
            ]
        )
        rows = [
            f"{escape(p.name)}, {escape(p.email or '')}, {escape(p.phone or '')}, "
            f"{escape(p.street or '')} {escape(p.zip or '')} {escape(p.city or '')} "
            f"{escape(p.country_id.code or '')}"
            for p in partner | partner.child_ids
        ]
        rows += [
            f"{escape(o.client_order_ref or o.name)}: {o.date_order:%Y-%m-%d} "
            f"{o.amount_total:.2f} {o.currency_id.name}"
            for o in orders
        ]
        title = self.env._("Customer data request (Shopify)")
        return Markup("<p><b>%s</b></p><ul>%s</ul>") % (
            title,
            Markup("").join(Markup("<li>%s</li>") % Markup(row) for row in rows),
        )
