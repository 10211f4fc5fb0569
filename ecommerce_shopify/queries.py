# Copyright 2026 The E-commerce Connector Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The GraphQL documents the Shopify adapter sends.

Page sizes keep each query's requested cost under Shopify's single-query
maximum of 1,000 points (objects 1, connections 2 + first x node cost);
longer nested lists are completed with follow-up queries.
"""

ORDER_PAGE_SIZE = 7
LINE_PAGE_SIZE = 5
VARIANT_PAGE_SIZE = 200
NODES_PAGE_SIZE = 250

# Replaced by ``shopMoney`` or ``presentmentMoney`` as the account imports
# amounts in the shop's or the customer's currency: asking for one halves the
# cost of every amount.
MONEY = "MONEY_BAG { amount currencyCode }"

ORDER_LINE_FIELDS = f"""
  id name sku quantity
  variant {{ id sku barcode product {{ id }} }}
  originalUnitPriceSet {{ {MONEY} }}
  discountAllocations {{
    allocatedAmountSet {{ {MONEY} }}
    discountApplication {{ index targetSelection targetType allocationMethod }}
  }}
  taxLines {{ rate title }}
"""

ORDER_FIELDS = f"""
  id legacyResourceId name email phone note
  createdAt updatedAt cancelledAt cancelReason closedAt test
  displayFinancialStatus displayFulfillmentStatus
  currencyCode presentmentCurrencyCode taxesIncluded paymentGatewayNames
  totalPriceSet {{ {MONEY} }}
  customer {{
    id firstName lastName
    defaultEmailAddress {{ emailAddress }} defaultPhoneNumber {{ phoneNumber }}
  }}
  billingAddress {{
    name firstName lastName company address1 address2 city provinceCode zip
    countryCodeV2 phone
  }}
  shippingAddress {{
    name firstName lastName company address1 address2 city provinceCode zip
    countryCodeV2 phone
  }}
  discountApplications(first: 5) {{
    nodes {{
      __typename index targetSelection targetType allocationMethod
      ... on DiscountCodeApplication {{ code }}
      ... on ManualDiscountApplication {{ title }}
      ... on AutomaticDiscountApplication {{ title }}
      ... on ScriptDiscountApplication {{ title }}
    }}
  }}
  lineItems(first: {LINE_PAGE_SIZE}) {{
    pageInfo {{ hasNextPage endCursor }}
    nodes {{ {ORDER_LINE_FIELDS} }}
  }}
  shippingLines(first: 2) {{
    nodes {{
      id title code
      originalPriceSet {{ {MONEY} }}
      discountAllocations {{ allocatedAmountSet {{ {MONEY} }} }}
      taxLines {{ rate title }}
    }}
  }}
  refunds {{
    id createdAt note
    totalRefundedSet {{ {MONEY} }}
    refundLineItems(first: 5) {{
      nodes {{
        quantity restockType
        lineItem {{ id }}
        subtotalSet {{ {MONEY} }}
        totalTaxSet {{ {MONEY} }}
      }}
    }}
    refundShippingLines(first: 2) {{
      nodes {{ subtotalAmountSet {{ {MONEY} }} taxAmountSet {{ {MONEY} }} }}
    }}
  }}
"""

SHOP = "query Shop { shop { name currencyCode myshopifyDomain } }"

LOCATIONS = """
query Locations($after: String) {
  locations(first: 100, after: $after, includeInactive: true) {
    pageInfo { hasNextPage endCursor }
    nodes { id name isActive }
  }
}
"""

ORDERS = f"""
query Orders($first: Int!, $after: String, $query: String) {{
  orders(first: $first, after: $after, query: $query, sortKey: UPDATED_AT) {{
    pageInfo {{ hasNextPage endCursor }}
    nodes {{ {ORDER_FIELDS} }}
  }}
}}
"""


def with_money(document, money):
    """``document`` asking amounts in ``money`` (``shopMoney`` or
    ``presentmentMoney``)."""
    return document.replace("MONEY_BAG", money)


ORDER = f"""
query Order($id: ID!) {{
  order(id: $id) {{ {ORDER_FIELDS} }}
}}
"""

ORDER_LINES = f"""
query OrderLines($id: ID!, $after: String) {{
  order(id: $id) {{
    lineItems(first: 50, after: $after) {{
      pageInfo {{ hasNextPage endCursor }}
      nodes {{ {ORDER_LINE_FIELDS} }}
    }}
  }}
}}
"""

VARIANTS = f"""
query Variants($after: String, $query: String) {{
  productVariants(first: {VARIANT_PAGE_SIZE}, after: $after, query: $query) {{
    pageInfo {{ hasNextPage endCursor }}
    nodes {{
      id sku barcode price title updatedAt
      inventoryItem {{ id }}
      product {{ id title }}
    }}
  }}
}}
"""

VARIANT_INVENTORY_ITEMS = """
query VariantItems($ids: [ID!]!) {
  nodes(ids: $ids) { ... on ProductVariant { id sku inventoryItem { id } } }
}
"""

INVENTORY_LEVELS = """
query Levels($ids: [ID!]!) {
  nodes(ids: $ids) {
    ... on InventoryItem {
      id
      inventoryLevels(first: 3) {
        nodes { location { id } quantities(names: ["available"]) { name quantity } }
      }
    }
  }
}
"""

INVENTORY_SET = """
mutation SetStock($input: InventorySetQuantitiesInput!, $key: String!) {
  inventorySetQuantities(input: $input) @idempotent(key: $key) {
    inventoryAdjustmentGroup { id changes { name delta quantityAfterChange } }
    userErrors { code field message }
  }
}
"""

FULFILLMENT_ORDERS = """
query FulfillmentOrders($id: ID!) {
  order(id: $id) {
    fulfillmentOrders(first: 5) {
      nodes {
        id status
        assignedLocation { location { id } }
        lineItems(first: 50) {
          nodes { id remainingQuantity lineItem { id } }
        }
      }
    }
  }
}
"""

FULFILLMENT_CREATE = """
mutation Fulfil($fulfillment: FulfillmentInput!) {
  fulfillmentCreate(fulfillment: $fulfillment) {
    fulfillment { id status trackingInfo { company number url } }
    userErrors { field message }
  }
}
"""

PRODUCT_UPDATE = """
mutation ProductUpdate($product: ProductUpdateInput!, $media: [CreateMediaInput!]) {
  productUpdate(product: $product, media: $media) {
    product { id }
    userErrors { field message }
  }
}
"""

VARIANTS_UPDATE = """
mutation VariantsUpdate($productId: ID!, $variants: [ProductVariantsBulkInput!]!) {
  productVariantsBulkUpdate(productId: $productId, variants: $variants) {
    productVariants { id price }
    userErrors { field message }
  }
}
"""

PRODUCT_SET = """
mutation ProductSet($input: ProductSetInput!) {
  productSet(input: $input, synchronous: true) {
    product {
      id
      variants(first: 100) { nodes { id sku inventoryItem { id } } }
    }
    userErrors { field message }
  }
}
"""

WEBHOOKS = """
query Webhooks($after: String) {
  webhookSubscriptions(first: 100, after: $after) {
    pageInfo { hasNextPage endCursor }
    nodes { id topic endpoint { ... on WebhookHttpEndpoint { callbackUrl } } }
  }
}
"""

WEBHOOK_CREATE = """
mutation WebhookCreate($topic: WebhookSubscriptionTopic!, $url: URL!) {
  webhookSubscriptionCreate(
    topic: $topic, webhookSubscription: { callbackUrl: $url, format: JSON }
  ) {
    webhookSubscription { id topic }
    userErrors { field message }
  }
}
"""
