# Copyright 2026 The E-commerce Connector Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import hashlib

from odoo import api, models
from odoo.fields import Domain
from odoo.tools import SQL, email_normalize

from ..canonical import Address
from ..exceptions import EcommerceDataError
from ..tools.lookups import cached_lookup

ADDRESS_FIELDS = ("name", "street", "street2", "city", "zip")


class EcommerceImporter(models.AbstractModel):
    _inherit = "ecommerce.importer"

    # === PARTNERS === #

    @api.model
    def _match_partners(self, account, order):
        """The customer, invoice and delivery partners of an order.

        The customer is found by its binding, then by email, then by name and
        address, and created only when none matches; the invoice and delivery
        addresses become child contacts unless they are the customer's own.

        :return: ``(customer, invoice, delivery)`` partners
        """
        billing = order.billing_address or order.shipping_address or Address()
        customer = self._match_customer(account, order, billing)
        invoice = self._match_contact(
            account, customer, order.billing_address, "invoice"
        )
        delivery = self._match_contact(
            account,
            customer,
            order.shipping_address or order.billing_address,
            "delivery",
        )
        return customer, invoice, delivery

    @api.model
    def _customer_key(self, account, order, billing):
        """The stable key a buyer is bound by: the platform's customer id,
        else the email, else a digest of the name and address (for platforms
        that withhold the buyer's identity)."""
        customer = order.customer
        if customer and customer.external_id:
            return customer.external_id
        email = self._customer_email(order, billing)
        if email:
            return f"email:{email}"
        if billing.is_empty():
            raise EcommerceDataError(
                f"Order {order.name}: no customer id, email or address identifies "
                "the buyer"
            )
        parts = [getattr(billing, f).strip().lower() for f in ADDRESS_FIELDS]
        parts.append(billing.country_code.upper())
        return "address:" + hashlib.sha256("|".join(parts).encode()).hexdigest()[:32]

    @api.model
    def _customer_email(self, order, billing):
        """The buyer's email, lower-cased; empty when the platform withholds it."""
        email = (order.customer.email if order.customer else "") or billing.email
        return (email or "").strip().lower()

    @api.model
    def _match_customer(self, account, order, billing):
        """The customer partner of an order, bound to its stable key; created
        only when no binding and no existing partner matches."""
        key = self._customer_key(account, order, billing)
        self._lock(account, "partner", key)
        Binding = self.env["ecommerce.partner.binding"]
        binding = Binding._find(account, [key]).get(key)
        if binding and binding.partner_id.active:
            return binding.partner_id
        partner = self._search_customer(account, order, billing)
        if not partner:
            partner = self.env["res.partner"].create(
                self._prepare_customer_vals(account, order, billing)
            )
        if binding:
            binding.partner_id = partner
        else:
            Binding.create(
                {"account_id": account.id, "external_id": key, "partner_id": partner.id}
            )
        return partner

    @api.model
    def _search_customer(self, account, order, billing):
        """An existing partner for the buyer: same email, else same name and
        address; both looked up through indexes (``email_normalized`` and
        ``lower(name)``, see ``res_partner.py``), whatever the partner count."""
        Partner = self.env["res.partner"]
        company_domain = [("company_id", "in", (account.company_id.id, False))]
        email = self._customer_email(order, billing)
        if email:
            normalized = email_normalize(email)
            partner = Partner.search(
                [
                    ("email_normalized", "=", normalized)
                    if normalized
                    else ("email", "=ilike", self._escape_like(email)),
                    ("parent_id", "=", False),
                    *company_domain,
                ],
                order="id",
                limit=1,
            )
            if partner:
                return partner
        name = self._customer_name(order, billing)
        if name and billing.street:
            # lower(name) is indexed; =ilike alone would read every partner
            same_name = SQL(
                "SELECT id FROM res_partner "
                "WHERE lower(name) = lower(%s) AND parent_id IS NULL",
                name,
            )
            return Partner.search(
                [
                    Domain("id", "any!", same_name),
                    ("parent_id", "=", False),
                    *company_domain,
                    *self._address_domain(billing, name),
                ],
                order="id",
                limit=1,
            )
        return Partner

    @api.model
    def _escape_like(self, text):
        """``text`` with the LIKE wildcards escaped, for exact ``=ilike`` matches."""
        return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")

    @api.model
    def _address_domain(self, address, name=None):
        """Domain matching a partner with this name and postal address, case ignored."""
        domain = [("name", "=ilike", self._escape_like((name or address.name).strip()))]
        for field in ("street", "street2", "city", "zip"):
            value = getattr(address, field).strip()
            domain.append(
                (field, "=ilike", self._escape_like(value))
                if value
                else (field, "in", (False, ""))
            )
        country = self._country(address.country_code)
        domain.append(("country_id", "=", country.id or False))
        return domain

    @api.model
    def _customer_name(self, order, billing):
        """The buyer's display name: customer name, else billing name or company."""
        name = order.customer.name if order.customer else ""
        return (name or billing.name or billing.company or "").strip()

    @api.model
    def _prepare_customer_vals(self, account, order, billing):
        """Values of a new customer partner.

        :rtype: dict
        """
        vals = self._prepare_address_vals(billing)
        vals.update(
            name=self._customer_name(order, billing)
            or self._customer_email(order, billing),
            email=self._customer_email(order, billing) or False,
            company_id=False,
        )
        if order.customer and order.customer.phone and not vals.get("phone"):
            vals["phone"] = order.customer.phone
        if billing.company:
            vals["company_name"] = billing.company
        return vals

    @api.model
    def _prepare_address_vals(self, address):
        """``res.partner`` values of a canonical address.

        :rtype: dict"""
        country = self._country(address.country_code)
        vals = {
            field: getattr(address, field).strip() or False for field in ADDRESS_FIELDS
        }
        vals.update(
            country_id=country.id or False,
            state_id=self._state(country, address.state_code).id or False,
            phone=address.phone or False,
        )
        return vals

    @api.model
    def _match_contact(self, account, customer, address, contact_type):
        """The contact of ``customer`` with this address, created when new.

        :param str contact_type: ``invoice`` or ``delivery``
        """
        if not address or address.is_empty() or self._same_address(customer, address):
            return customer
        contact = self.env["res.partner"].search(
            [
                ("parent_id", "=", customer.id),
                ("type", "=", contact_type),
                *self._address_domain(address),
            ],
            limit=1,
        )
        if contact:
            return contact
        vals = self._prepare_address_vals(address)
        vals.update(
            parent_id=customer.id, type=contact_type, email=address.email or False
        )
        if not vals.get("name"):
            vals["name"] = customer.name
        return self.env["res.partner"].create(vals)

    @api.model
    def _same_address(self, partner, address):
        """Whether ``address`` is the partner's own postal address."""

        def norm(value):
            return (value or "").strip().lower()

        name = address.name or partner.name
        return (
            norm(partner.name) == norm(name)
            and all(
                norm(partner[f]) == norm(getattr(address, f))
                for f in ("street", "street2", "city", "zip")
            )
            and (partner.country_id.code or "") == (address.country_code or "").upper()
        )

    @api.model
    def _country(self, code):
        """The ``res.country`` of an ISO code (empty when unknown)."""
        if not code:
            return self.env["res.country"]
        return cached_lookup(
            self.env,
            ("country", code.upper()),
            lambda: self.env["res.country"].search(
                [("code", "=", code.upper())], limit=1
            ),
        )

    @api.model
    def _state(self, country, code):
        """The ``res.country.state`` of a code in ``country`` (empty if unknown)."""
        if not country or not code:
            return self.env["res.country.state"]
        return cached_lookup(
            self.env,
            ("state", country.id, code.upper()),
            lambda: self.env["res.country.state"].search(
                [("country_id", "=", country.id), ("code", "=ilike", code)], limit=1
            ),
        )
