"""Schemas of the eBay OpenAPI contracts that the eBay sandbox answers, and a
small validator of their required fields and types.

Extracted from eBay's official OpenAPI 3 contracts (``sell_fulfillment_v1_oas3``
v1.20.7, ``sell_inventory_v1_oas3`` 1.18.0, ``commerce_notification_v1_oas3``
as mirrored in hendt/ebay-api ``specs/``): only the component schemas reachable
from the answers the sandbox gives, with descriptions dropped; ``$ref`` values
are bare schema names. Regenerate rather than edit by hand.
"""

import json

SCHEMAS = json.loads(
    r"""
{
 "Address": {
  "properties": {
   "addressLine1": {
    "type": "string"
   },
   "addressLine2": {
    "type": "string"
   },
   "city": {
    "type": "string"
   },
   "countryCode": {
    "type": "string"
   },
   "county": {
    "type": "string"
   },
   "postalCode": {
    "type": "string"
   },
   "stateOrProvince": {
    "type": "string"
   }
  },
  "type": "object"
 },
 "Amount": {
  "properties": {
   "convertedFromCurrency": {
    "type": "string"
   },
   "convertedFromValue": {
    "type": "string"
   },
   "currency": {
    "type": "string"
   },
   "value": {
    "type": "string"
   }
  },
  "type": "object"
 },
 "AppliedPromotion": {
  "properties": {
   "description": {
    "type": "string"
   },
   "discountAmount": {
    "$ref": "Amount"
   },
   "promotionId": {
    "type": "string"
   }
  },
  "type": "object"
 },
 "AppointmentDetails": {
  "properties": {
   "appointmentEndTime": {
    "type": "string"
   },
   "appointmentStartTime": {
    "type": "string"
   },
   "appointmentStatus": {
    "type": "string"
   },
   "appointmentType": {
    "type": "string"
   },
   "appointmentWindow": {
    "type": "string"
   },
   "serviceProviderAppointmentDate": {
    "type": "string"
   }
  },
  "type": "object"
 },
 "AvailabilityDistribution": {
  "properties": {
   "fulfillmentTime": {
    "$ref": "TimeDuration"
   },
   "merchantLocationKey": {
    "type": "string"
   },
   "quantity": {
    "format": "int32",
    "type": "integer"
   }
  },
  "type": "object"
 },
 "AvailabilityWithAll": {
  "properties": {
   "pickupAtLocationAvailability": {
    "items": {
     "$ref": "PickupAtLocationAvailability"
    },
    "type": "array"
   },
   "shipToLocationAvailability": {
    "$ref": "ShipToLocationAvailabilityWithAll"
   }
  },
  "type": "object"
 },
 "BulkGetInventoryItemResponse": {
  "properties": {
   "responses": {
    "items": {
     "$ref": "GetInventoryItemResponse"
    },
    "type": "array"
   }
  },
  "type": "object"
 },
 "BulkPriceQuantity": {
  "properties": {
   "requests": {
    "items": {
     "$ref": "PriceQuantity"
    },
    "type": "array"
   }
  },
  "type": "object"
 },
 "BulkPriceQuantityResponse": {
  "properties": {
   "responses": {
    "items": {
     "$ref": "PriceQuantityResponse"
    },
    "type": "array"
   }
  },
  "type": "object"
 },
 "Buyer": {
  "properties": {
   "buyerRegistrationAddress": {
    "$ref": "ExtendedContact"
   },
   "taxAddress": {
    "$ref": "TaxAddress"
   },
   "taxIdentifier": {
    "$ref": "TaxIdentifier"
   },
   "username": {
    "type": "string"
   }
  },
  "type": "object"
 },
 "CancelRequest": {
  "properties": {
   "cancelCompletedDate": {
    "type": "string"
   },
   "cancelInitiator": {
    "type": "string"
   },
   "cancelReason": {
    "type": "string"
   },
   "cancelRequestId": {
    "type": "string"
   },
   "cancelRequestState": {
    "type": "string"
   },
   "cancelRequestedDate": {
    "type": "string"
   }
  },
  "type": "object"
 },
 "CancelStatus": {
  "properties": {
   "cancelRequests": {
    "items": {
     "$ref": "CancelRequest"
    },
    "type": "array"
   },
   "cancelState": {
    "type": "string"
   },
   "cancelledDate": {
    "type": "string"
   }
  },
  "type": "object"
 },
 "Charge": {
  "properties": {
   "amount": {
    "$ref": "Amount"
   },
   "chargeType": {
    "type": "string"
   }
  },
  "type": "object"
 },
 "ConditionDescriptor": {
  "properties": {
   "additionalInfo": {
    "type": "string"
   },
   "name": {
    "type": "string"
   },
   "values": {
    "items": {
     "type": "string"
    },
    "type": "array"
   }
  },
  "type": "object"
 },
 "DeliveryCost": {
  "properties": {
   "discountAmount": {
    "$ref": "Amount"
   },
   "handlingCost": {
    "$ref": "Amount"
   },
   "importCharges": {
    "$ref": "Amount"
   },
   "shippingCost": {
    "$ref": "Amount"
   },
   "shippingIntermediationFee": {
    "$ref": "Amount"
   }
  },
  "type": "object"
 },
 "Dimension": {
  "properties": {
   "height": {
    "type": "number"
   },
   "length": {
    "type": "number"
   },
   "unit": {
    "type": "string"
   },
   "width": {
    "type": "number"
   }
  },
  "type": "object"
 },
 "EbayCollectAndRemitTax": {
  "properties": {
   "amount": {
    "$ref": "Amount"
   },
   "collectionMethod": {
    "type": "string"
   },
   "ebayReference": {
    "$ref": "EbayTaxReference"
   },
   "taxType": {
    "type": "string"
   }
  },
  "type": "object"
 },
 "EbayCollectedCharges": {
  "properties": {
   "charges": {
    "items": {
     "$ref": "Charge"
    },
    "type": "array"
   },
   "ebayShipping": {
    "$ref": "Amount"
   }
  },
  "type": "object"
 },
 "EbayFulfillmentProgram": {
  "properties": {
   "fulfilledBy": {
    "type": "string"
   }
  },
  "type": "object"
 },
 "EbayInternationalShipping": {
  "properties": {
   "returnsManagedBy": {
    "type": "string"
   }
  },
  "type": "object"
 },
 "EbayShipping": {
  "properties": {
   "shippingLabelProvidedBy": {
    "type": "string"
   }
  },
  "type": "object"
 },
 "EbayTaxReference": {
  "properties": {
   "name": {
    "type": "string"
   },
   "value": {
    "type": "string"
   }
  },
  "type": "object"
 },
 "EbayVaultProgram": {
  "properties": {
   "fulfillmentType": {
    "type": "string"
   }
  },
  "type": "object"
 },
 "Error": {
  "properties": {
   "category": {
    "type": "string"
   },
   "domain": {
    "type": "string"
   },
   "errorId": {
    "format": "int32",
    "type": "integer"
   },
   "inputRefIds": {
    "items": {
     "type": "string"
    },
    "type": "array"
   },
   "longMessage": {
    "type": "string"
   },
   "message": {
    "type": "string"
   },
   "outputRefIds": {
    "items": {
     "type": "string"
    },
    "type": "array"
   },
   "parameters": {
    "items": {
     "$ref": "ErrorParameter"
    },
    "type": "array"
   },
   "subdomain": {
    "type": "string"
   }
  },
  "type": "object"
 },
 "ErrorParameter": {
  "properties": {
   "name": {
    "type": "string"
   },
   "value": {
    "type": "string"
   }
  },
  "type": "object"
 },
 "ExtendedContact": {
  "properties": {
   "companyName": {
    "type": "string"
   },
   "contactAddress": {
    "$ref": "Address"
   },
   "email": {
    "type": "string"
   },
   "fullName": {
    "type": "string"
   },
   "primaryPhone": {
    "$ref": "PhoneNumber"
   }
  },
  "type": "object"
 },
 "FormatAllocation": {
  "properties": {
   "auction": {
    "format": "int32",
    "type": "integer"
   },
   "fixedPrice": {
    "format": "int32",
    "type": "integer"
   }
  },
  "type": "object"
 },
 "FulfillmentStartInstruction": {
  "properties": {
   "appointment": {
    "$ref": "AppointmentDetails"
   },
   "ebaySupportedFulfillment": {
    "type": "boolean"
   },
   "finalDestinationAddress": {
    "$ref": "Address"
   },
   "fulfillmentInstructionsType": {
    "type": "string"
   },
   "maxEstimatedDeliveryDate": {
    "type": "string"
   },
   "minEstimatedDeliveryDate": {
    "type": "string"
   },
   "pickupStep": {
    "$ref": "PickupStep"
   },
   "shippingStep": {
    "$ref": "ShippingStep"
   }
  },
  "type": "object"
 },
 "GetInventoryItemResponse": {
  "properties": {
   "errors": {
    "items": {
     "$ref": "Error"
    },
    "type": "array"
   },
   "inventoryItem": {
    "$ref": "InventoryItemWithSkuLocaleGroupKeys"
   },
   "sku": {
    "type": "string"
   },
   "statusCode": {
    "format": "int32",
    "type": "integer"
   },
   "warnings": {
    "items": {
     "$ref": "Error"
    },
    "type": "array"
   }
  },
  "type": "object"
 },
 "GiftDetails": {
  "properties": {
   "message": {
    "type": "string"
   },
   "recipientEmail": {
    "type": "string"
   },
   "senderName": {
    "type": "string"
   }
  },
  "type": "object"
 },
 "InventoryItemWithSkuLocaleGroupKeys": {
  "properties": {
   "availability": {
    "$ref": "AvailabilityWithAll"
   },
   "condition": {
    "type": "string"
   },
   "conditionDescription": {
    "type": "string"
   },
   "conditionDescriptors": {
    "items": {
     "$ref": "ConditionDescriptor"
    },
    "type": "array"
   },
   "inventoryItemGroupKeys": {
    "items": {
     "type": "string"
    },
    "type": "array"
   },
   "locale": {
    "type": "string"
   },
   "packageWeightAndSize": {
    "$ref": "PackageWeightAndSize"
   },
   "product": {
    "$ref": "Product"
   },
   "sku": {
    "type": "string"
   }
  },
  "type": "object"
 },
 "InventoryItemWithSkuLocaleGroupid": {
  "properties": {
   "availability": {
    "$ref": "AvailabilityWithAll"
   },
   "condition": {
    "type": "string"
   },
   "conditionDescription": {
    "type": "string"
   },
   "conditionDescriptors": {
    "items": {
     "$ref": "ConditionDescriptor"
    },
    "type": "array"
   },
   "groupIds": {
    "items": {
     "type": "string"
    },
    "type": "array"
   },
   "inventoryItemGroupKeys": {
    "items": {
     "type": "string"
    },
    "type": "array"
   },
   "locale": {
    "type": "string"
   },
   "packageWeightAndSize": {
    "$ref": "PackageWeightAndSize"
   },
   "product": {
    "$ref": "Product"
   },
   "sku": {
    "type": "string"
   }
  },
  "type": "object"
 },
 "InventoryItems": {
  "properties": {
   "href": {
    "type": "string"
   },
   "inventoryItems": {
    "items": {
     "$ref": "InventoryItemWithSkuLocaleGroupid"
    },
    "type": "array"
   },
   "limit": {
    "format": "int32",
    "type": "integer"
   },
   "next": {
    "type": "string"
   },
   "prev": {
    "type": "string"
   },
   "size": {
    "format": "int32",
    "type": "integer"
   },
   "total": {
    "format": "int32",
    "type": "integer"
   }
  },
  "type": "object"
 },
 "ItemLocation": {
  "properties": {
   "countryCode": {
    "type": "string"
   },
   "location": {
    "type": "string"
   },
   "postalCode": {
    "type": "string"
   }
  },
  "type": "object"
 },
 "LineItem": {
  "properties": {
   "appliedPromotions": {
    "items": {
     "$ref": "AppliedPromotion"
    },
    "type": "array"
   },
   "compatibilityProperties": {
    "items": {
     "$ref": "Property"
    },
    "type": "array"
   },
   "deliveryCost": {
    "$ref": "DeliveryCost"
   },
   "discountedLineItemCost": {
    "$ref": "Amount"
   },
   "ebayCollectAndRemitTaxes": {
    "items": {
     "$ref": "EbayCollectAndRemitTax"
    },
    "type": "array"
   },
   "ebayCollectedCharges": {
    "$ref": "EbayCollectedCharges"
   },
   "giftDetails": {
    "$ref": "GiftDetails"
   },
   "itemLocation": {
    "$ref": "ItemLocation"
   },
   "legacyItemId": {
    "type": "string"
   },
   "legacyVariationId": {
    "type": "string"
   },
   "lineItemCost": {
    "$ref": "Amount"
   },
   "lineItemFulfillmentInstructions": {
    "$ref": "LineItemFulfillmentInstructions"
   },
   "lineItemFulfillmentStatus": {
    "type": "string"
   },
   "lineItemId": {
    "type": "string"
   },
   "linkedOrderLineItems": {
    "items": {
     "$ref": "LinkedOrderLineItem"
    },
    "type": "array"
   },
   "listingMarketplaceId": {
    "type": "string"
   },
   "properties": {
    "$ref": "LineItemProperties"
   },
   "purchaseMarketplaceId": {
    "type": "string"
   },
   "quantity": {
    "format": "int32",
    "type": "integer"
   },
   "refunds": {
    "items": {
     "$ref": "LineItemRefund"
    },
    "type": "array"
   },
   "sku": {
    "type": "string"
   },
   "soldFormat": {
    "type": "string"
   },
   "taxes": {
    "items": {
     "$ref": "Tax"
    },
    "type": "array"
   },
   "title": {
    "type": "string"
   },
   "total": {
    "$ref": "Amount"
   },
   "variationAspects": {
    "items": {
     "$ref": "NameValuePair"
    },
    "type": "array"
   }
  },
  "type": "object"
 },
 "LineItemFulfillmentInstructions": {
  "properties": {
   "guaranteedDelivery": {
    "type": "boolean"
   },
   "maxEstimatedDeliveryDate": {
    "type": "string"
   },
   "minEstimatedDeliveryDate": {
    "type": "string"
   },
   "shipByDate": {
    "type": "string"
   }
  },
  "type": "object"
 },
 "LineItemProperties": {
  "properties": {
   "buyerProtection": {
    "type": "boolean"
   },
   "fromBestOffer": {
    "type": "boolean"
   },
   "soldViaAdCampaign": {
    "type": "boolean"
   }
  },
  "type": "object"
 },
 "LineItemReference": {
  "properties": {
   "lineItemId": {
    "type": "string"
   },
   "quantity": {
    "format": "int32",
    "type": "integer"
   }
  },
  "type": "object"
 },
 "LineItemRefund": {
  "properties": {
   "amount": {
    "$ref": "Amount"
   },
   "refundDate": {
    "type": "string"
   },
   "refundId": {
    "type": "string"
   },
   "refundReferenceId": {
    "type": "string"
   }
  },
  "type": "object"
 },
 "LinkedOrderLineItem": {
  "properties": {
   "lineItemAspects": {
    "items": {
     "$ref": "NameValuePair"
    },
    "type": "array"
   },
   "lineItemId": {
    "type": "string"
   },
   "maxEstimatedDeliveryDate": {
    "type": "string"
   },
   "minEstimatedDeliveryDate": {
    "type": "string"
   },
   "orderId": {
    "type": "string"
   },
   "sellerId": {
    "type": "string"
   },
   "shipments": {
    "items": {
     "$ref": "TrackingInfo"
    },
    "type": "array"
   },
   "title": {
    "type": "string"
   }
  },
  "type": "object"
 },
 "NameValuePair": {
  "properties": {
   "name": {
    "type": "string"
   },
   "value": {
    "type": "string"
   }
  },
  "type": "object"
 },
 "OfferPriceQuantity": {
  "properties": {
   "availableQuantity": {
    "format": "int32",
    "type": "integer"
   },
   "offerId": {
    "type": "string"
   },
   "price": {
    "$ref": "Amount"
   }
  },
  "type": "object"
 },
 "Order": {
  "properties": {
   "buyer": {
    "$ref": "Buyer"
   },
   "buyerCheckoutNotes": {
    "type": "string"
   },
   "cancelStatus": {
    "$ref": "CancelStatus"
   },
   "creationDate": {
    "type": "string"
   },
   "ebayCollectAndRemitTax": {
    "type": "boolean"
   },
   "fulfillmentHrefs": {
    "items": {
     "type": "string"
    },
    "type": "array"
   },
   "fulfillmentStartInstructions": {
    "items": {
     "$ref": "FulfillmentStartInstruction"
    },
    "type": "array"
   },
   "lastModifiedDate": {
    "type": "string"
   },
   "lineItems": {
    "items": {
     "$ref": "LineItem"
    },
    "type": "array"
   },
   "orderFulfillmentStatus": {
    "type": "string"
   },
   "orderId": {
    "type": "string"
   },
   "orderPaymentStatus": {
    "type": "string"
   },
   "paymentSummary": {
    "$ref": "PaymentSummary"
   },
   "pricingSummary": {
    "$ref": "PricingSummary"
   },
   "program": {
    "$ref": "Program"
   },
   "salesRecordReference": {
    "type": "string"
   },
   "sellerId": {
    "type": "string"
   },
   "totalFeeBasisAmount": {
    "$ref": "Amount"
   },
   "totalMarketplaceFee": {
    "$ref": "Amount"
   }
  },
  "type": "object"
 },
 "OrderRefund": {
  "properties": {
   "amount": {
    "$ref": "Amount"
   },
   "refundDate": {
    "type": "string"
   },
   "refundId": {
    "type": "string"
   },
   "refundReferenceId": {
    "type": "string"
   },
   "refundStatus": {
    "type": "string"
   }
  },
  "type": "object"
 },
 "OrderSearchPagedCollection": {
  "properties": {
   "href": {
    "type": "string"
   },
   "limit": {
    "format": "int32",
    "type": "integer"
   },
   "next": {
    "type": "string"
   },
   "offset": {
    "format": "int32",
    "type": "integer"
   },
   "orders": {
    "items": {
     "$ref": "Order"
    },
    "type": "array"
   },
   "prev": {
    "type": "string"
   },
   "total": {
    "format": "int32",
    "type": "integer"
   },
   "warnings": {
    "items": {
     "$ref": "Error"
    },
    "type": "array"
   }
  },
  "type": "object"
 },
 "PackageWeightAndSize": {
  "properties": {
   "dimensions": {
    "$ref": "Dimension"
   },
   "packageType": {
    "type": "string"
   },
   "shippingIrregular": {
    "type": "boolean"
   },
   "weight": {
    "$ref": "Weight"
   }
  },
  "type": "object"
 },
 "Payment": {
  "properties": {
   "amount": {
    "$ref": "Amount"
   },
   "paymentDate": {
    "type": "string"
   },
   "paymentHolds": {
    "items": {
     "$ref": "PaymentHold"
    },
    "type": "array"
   },
   "paymentMethod": {
    "type": "string"
   },
   "paymentReferenceId": {
    "type": "string"
   },
   "paymentStatus": {
    "type": "string"
   }
  },
  "type": "object"
 },
 "PaymentHold": {
  "properties": {
   "expectedReleaseDate": {
    "type": "string"
   },
   "holdAmount": {
    "$ref": "Amount"
   },
   "holdReason": {
    "type": "string"
   },
   "holdState": {
    "type": "string"
   },
   "releaseDate": {
    "type": "string"
   },
   "sellerActionsToRelease": {
    "items": {
     "$ref": "SellerActionsToRelease"
    },
    "type": "array"
   }
  },
  "type": "object"
 },
 "PaymentSummary": {
  "properties": {
   "payments": {
    "items": {
     "$ref": "Payment"
    },
    "type": "array"
   },
   "refunds": {
    "items": {
     "$ref": "OrderRefund"
    },
    "type": "array"
   },
   "totalDueSeller": {
    "$ref": "Amount"
   }
  },
  "type": "object"
 },
 "PhoneNumber": {
  "properties": {
   "phoneNumber": {
    "type": "string"
   }
  },
  "type": "object"
 },
 "PickupAtLocationAvailability": {
  "properties": {
   "availabilityType": {
    "type": "string"
   },
   "fulfillmentTime": {
    "$ref": "TimeDuration"
   },
   "merchantLocationKey": {
    "type": "string"
   },
   "quantity": {
    "format": "int32",
    "type": "integer"
   }
  },
  "type": "object"
 },
 "PickupStep": {
  "properties": {
   "merchantLocationKey": {
    "type": "string"
   }
  },
  "type": "object"
 },
 "PostSaleAuthenticationProgram": {
  "properties": {
   "outcomeReason": {
    "type": "string"
   },
   "status": {
    "type": "string"
   }
  },
  "type": "object"
 },
 "PriceQuantity": {
  "properties": {
   "offers": {
    "items": {
     "$ref": "OfferPriceQuantity"
    },
    "type": "array"
   },
   "shipToLocationAvailability": {
    "$ref": "ShipToLocationAvailability"
   },
   "sku": {
    "type": "string"
   }
  },
  "type": "object"
 },
 "PriceQuantityResponse": {
  "properties": {
   "errors": {
    "items": {
     "$ref": "Error"
    },
    "type": "array"
   },
   "offerId": {
    "type": "string"
   },
   "sku": {
    "type": "string"
   },
   "statusCode": {
    "format": "int32",
    "type": "integer"
   },
   "warnings": {
    "items": {
     "$ref": "Error"
    },
    "type": "array"
   }
  },
  "type": "object"
 },
 "PricingSummary": {
  "properties": {
   "adjustment": {
    "$ref": "Amount"
   },
   "deliveryCost": {
    "$ref": "Amount"
   },
   "deliveryDiscount": {
    "$ref": "Amount"
   },
   "fee": {
    "$ref": "Amount"
   },
   "priceDiscount": {
    "$ref": "Amount"
   },
   "priceSubtotal": {
    "$ref": "Amount"
   },
   "tax": {
    "$ref": "Amount"
   },
   "total": {
    "$ref": "Amount"
   }
  },
  "type": "object"
 },
 "Product": {
  "properties": {
   "aspects": {
    "type": "string"
   },
   "brand": {
    "type": "string"
   },
   "description": {
    "type": "string"
   },
   "ean": {
    "items": {
     "type": "string"
    },
    "type": "array"
   },
   "epid": {
    "type": "string"
   },
   "imageUrls": {
    "items": {
     "type": "string"
    },
    "type": "array"
   },
   "isbn": {
    "items": {
     "type": "string"
    },
    "type": "array"
   },
   "mpn": {
    "type": "string"
   },
   "subtitle": {
    "type": "string"
   },
   "title": {
    "type": "string"
   },
   "upc": {
    "items": {
     "type": "string"
    },
    "type": "array"
   },
   "videoIds": {
    "items": {
     "type": "string"
    },
    "type": "array"
   }
  },
  "type": "object"
 },
 "Program": {
  "properties": {
   "authenticityVerification": {
    "$ref": "PostSaleAuthenticationProgram"
   },
   "ebayInternationalShipping": {
    "$ref": "EbayInternationalShipping"
   },
   "ebayShipping": {
    "$ref": "EbayShipping"
   },
   "ebayVault": {
    "$ref": "EbayVaultProgram"
   },
   "fulfillmentProgram": {
    "$ref": "EbayFulfillmentProgram"
   }
  },
  "type": "object"
 },
 "Property": {
  "properties": {
   "propertyDisplayName": {
    "type": "string"
   },
   "propertyName": {
    "type": "string"
   },
   "propertyValue": {
    "type": "string"
   }
  },
  "type": "object"
 },
 "PublicKey": {
  "properties": {
   "algorithm": {
    "type": "string"
   },
   "digest": {
    "type": "string"
   },
   "key": {
    "type": "string"
   }
  },
  "type": "object"
 },
 "SellerActionsToRelease": {
  "properties": {
   "sellerActionToRelease": {
    "type": "string"
   }
  },
  "type": "object"
 },
 "ShipToLocationAvailability": {
  "properties": {
   "availabilityDistributions": {
    "items": {
     "$ref": "AvailabilityDistribution"
    },
    "type": "array"
   },
   "quantity": {
    "format": "int32",
    "type": "integer"
   }
  },
  "type": "object"
 },
 "ShipToLocationAvailabilityWithAll": {
  "properties": {
   "allocationByFormat": {
    "$ref": "FormatAllocation"
   },
   "availabilityDistributions": {
    "items": {
     "$ref": "AvailabilityDistribution"
    },
    "type": "array"
   },
   "quantity": {
    "format": "int32",
    "type": "integer"
   }
  },
  "type": "object"
 },
 "ShippingFulfillment": {
  "properties": {
   "fulfillmentId": {
    "type": "string"
   },
   "lineItems": {
    "items": {
     "$ref": "LineItemReference"
    },
    "type": "array"
   },
   "shipmentTrackingNumber": {
    "type": "string"
   },
   "shippedDate": {
    "type": "string"
   },
   "shippingCarrierCode": {
    "type": "string"
   }
  },
  "type": "object"
 },
 "ShippingFulfillmentDetails": {
  "properties": {
   "lineItems": {
    "items": {
     "$ref": "LineItemReference"
    },
    "type": "array"
   },
   "shippedDate": {
    "type": "string"
   },
   "shippingCarrierCode": {
    "type": "string"
   },
   "trackingNumber": {
    "type": "string"
   }
  },
  "type": "object"
 },
 "ShippingFulfillmentPagedCollection": {
  "properties": {
   "fulfillments": {
    "items": {
     "$ref": "ShippingFulfillment"
    },
    "type": "array"
   },
   "total": {
    "format": "int32",
    "type": "integer"
   },
   "warnings": {
    "items": {
     "$ref": "Error"
    },
    "type": "array"
   }
  },
  "type": "object"
 },
 "ShippingStep": {
  "properties": {
   "shipTo": {
    "$ref": "ExtendedContact"
   },
   "shipToReferenceId": {
    "type": "string"
   },
   "shippingCarrierCode": {
    "type": "string"
   },
   "shippingServiceCode": {
    "type": "string"
   }
  },
  "type": "object"
 },
 "Tax": {
  "properties": {
   "amount": {
    "$ref": "Amount"
   },
   "taxType": {
    "type": "string"
   }
  },
  "type": "object"
 },
 "TaxAddress": {
  "properties": {
   "city": {
    "type": "string"
   },
   "countryCode": {
    "type": "string"
   },
   "postalCode": {
    "type": "string"
   },
   "stateOrProvince": {
    "type": "string"
   }
  },
  "type": "object"
 },
 "TaxIdentifier": {
  "properties": {
   "issuingCountry": {
    "type": "string"
   },
   "taxIdentifierType": {
    "type": "string"
   },
   "taxpayerId": {
    "type": "string"
   }
  },
  "type": "object"
 },
 "TimeDuration": {
  "properties": {
   "unit": {
    "type": "string"
   },
   "value": {
    "format": "int32",
    "type": "integer"
   }
  },
  "type": "object"
 },
 "TrackingInfo": {
  "properties": {
   "shipmentTrackingNumber": {
    "type": "string"
   },
   "shippingCarrierCode": {
    "type": "string"
   }
  },
  "type": "object"
 },
 "Weight": {
  "properties": {
   "unit": {
    "type": "string"
   },
   "value": {
    "type": "number"
   }
  },
  "type": "object"
 }
}
"""
)

_TYPES = {
    "string": str,
    "integer": int,
    "number": (int, float),
    "boolean": bool,
    "object": dict,
    "array": list,
}


def validate(instance, schema_name, path="$"):
    """The list of problems of ``instance`` against schema ``schema_name``:
    wrong types, missing required fields, values outside an enum, and fields
    the contract does not know (eBay's schemas are closed in practice)."""
    return _check(instance, SCHEMAS[schema_name], path)


def _check(value, schema, path):
    if "$ref" in schema:
        return validate(value, schema["$ref"], path)
    problems = []
    kind = schema.get("type")
    expected = _TYPES.get(kind)
    if expected is not None:
        wrong = not isinstance(value, expected) or (
            kind in ("integer", "number") and isinstance(value, bool)
        )
        if wrong:
            return [f"{path}: expected {kind}, got {type(value).__name__}"]
    if "enum" in schema and value not in schema["enum"]:
        problems.append(f"{path}: {value!r} not in {schema['enum']}")
    if isinstance(value, dict) and "properties" in schema:
        for name in schema.get("required") or []:
            if name not in value:
                problems.append(f"{path}: missing required {name}")
        for name, item in value.items():
            if name in schema["properties"]:
                problems += _check(item, schema["properties"][name], f"{path}.{name}")
            else:
                problems.append(f"{path}: unknown field {name}")
    if isinstance(value, list) and "items" in schema:
        for index, item in enumerate(value):
            problems += _check(item, schema["items"], f"{path}[{index}]")
    return problems
