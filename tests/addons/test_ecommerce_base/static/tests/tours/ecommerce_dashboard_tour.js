/** @odoo-module **/
// Copyright 2026 The E-commerce Connector Suite Authors
// License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
//
// A new user's first minutes: the dashboard, the set-up assistant against the
// testshop sandbox (a wrong token first), the first import, one order.
// The Python test stores the sandbox's URL and token in system parameters.
import { rpc } from "@web/core/network/rpc";
import { registry } from "@web/core/registry";

function param(key) {
    return rpc("/web/dataset/call_kw/ir.config_parameter/get_param", {
        model: "ir.config_parameter",
        method: "get_param",
        args: [`test_ecommerce_base.tour_${key}`],
        kwargs: {},
    });
}

function fillFromParam(key) {
    return async (helpers) => {
        await helpers.edit(await param(key));
    };
}

const NEXT = ".modal .o_ecommerce_wizard_next";

registry.category("web_tour.tours").add("ecommerce_dashboard_tour", {
    steps: () => [
        {
            content: "The dashboard shows a card per account",
            trigger: ".o_ecommerce_dashboard .o_kanban_record:contains(Test shop)",
        },
        {
            content: "Connect a new store",
            trigger: ".o_control_panel .o-kanban-button-new",
            run: "click",
        },
        {
            content: "Choose the platform",
            trigger: ".modal .o_field_widget[name=platform] input[data-value=testshop]",
            run: "click",
        },
        {
            content: "Name the account",
            trigger: ".modal .o_field_widget[name=name] input",
            run: "edit Tour shop",
        },
        { trigger: NEXT, run: "click" },
        {
            content: "Store URL",
            trigger: ".modal .o_field_widget[name=base_url] input",
            run: fillFromParam("base_url"),
        },
        {
            content: "A wrong token first",
            trigger: ".modal .o_field_widget[name=access_token] input",
            run: "edit not-the-token",
        },
        {
            trigger: ".modal .o_field_widget[name=webhook_secret] input",
            run: fillFromParam("webhook_secret"),
        },
        { trigger: NEXT, run: "click" },
        {
            content: "Test the connection",
            trigger: ".modal .o_ecommerce_wizard_test",
            run: "click",
        },
        {
            content: "The test fails and says why",
            trigger: ".modal .alert-danger:contains(Connection failed)",
        },
        {
            content: "Saving them anyway needs an explicit choice",
            trigger: ".modal .o_field_widget[name=save_anyway] input",
        },
        {
            content: "Back to the credentials",
            trigger: ".modal .modal-footer button:contains(Back)",
            run: "click",
        },
        {
            content: "The right token",
            trigger: ".modal .o_field_widget[name=access_token] input",
            run: fillFromParam("token"),
        },
        { trigger: NEXT, run: "click" },
        { trigger: ".modal .o_ecommerce_wizard_test", run: "click" },
        {
            content: "The connection works",
            trigger: ".modal .o_ecommerce_connection_ok:contains(Test Shop)",
        },
        { trigger: NEXT, run: "click" },
        {
            content: "Warehouse step",
            trigger: ".modal .o_field_widget[name=warehouse_id] input",
        },
        { trigger: NEXT, run: "click" },
        {
            content: "Payment and carrier mappings step",
            trigger: ".modal .o_field_widget[name=payment_mapping_ids]",
        },
        { trigger: NEXT, run: "click" },
        {
            content: "Schedules step",
            trigger: ".modal .o_field_widget[name=order_import_interval] input",
        },
        { trigger: NEXT, run: "click" },
        {
            content: "Register the webhooks",
            trigger: ".modal .o_ecommerce_wizard_webhooks",
            run: "click",
        },
        {
            content: "The platform now sends order webhooks",
            trigger: ".modal .o_field_widget[name=webhook_topics]:contains(orders/create)",
        },
        { trigger: NEXT, run: "click" },
        {
            content: "Finish: the first import runs",
            trigger: ".modal .o_ecommerce_wizard_finish",
            run: "click",
        },
        {
            content: "The new card counts the imported orders",
            trigger:
                ".o_ecommerce_dashboard .o_kanban_record:contains(Tour shop) .o_ecommerce_orders_week:contains(3)",
        },
        {
            content: "Open this week's orders",
            trigger:
                ".o_ecommerce_dashboard .o_kanban_record:contains(Tour shop) .o_ecommerce_orders_week",
            run: "click",
        },
        {
            content: "Open one imported order",
            trigger: ".o_list_view .o_data_row:first .o_data_cell:first",
            run: "click",
        },
        {
            content: "The order is there, from its channel",
            trigger: ".o_form_view .o_field_widget[name=ecommerce_account_id]:contains(Tour shop)",
        },
    ],
});
