/** @odoo-module **/
// Portal tours of helpdesk_mgmt_support_contract (run by tests/test_portal_tours.py)
import {registry} from "@web/core/registry";

const tours = registry.category("web_tour.tours");

function fillTicketForm(subject, extraSteps = []) {
    return [
        {
            content: "Subject",
            trigger: "input[name='subject']",
            run: `edit ${subject}`,
        },
        {
            content: "Description",
            trigger: "textarea[name='description']",
            run: "edit Nothing works since this morning",
        },
        {
            content: "System address",
            trigger: "input[name='support_system_address']",
            run: "edit https://edo.customer.test",
        },
        {
            content: "Steps to reproduce",
            trigger: "textarea[name='support_steps']",
            run: "edit 1. Log in 2. Open the archive",
        },
        ...extraSteps,
        {
            content: "Submit",
            trigger: "form[action='/submitted/ticket'] button[type='submit']",
            run: "click",
        },
    ];
}

tours.add("support_portal_coupon_ticket", {
    url: "/new/ticket",
    steps: () => [
        ...fillTicketForm("Signature fails on every document", [
            {
                content: "Coupon code, typed loosely",
                trigger: "input[name='support_coupon']",
                run: "edit TOUR CODE ABCD",
            },
        ]),
        {
            content: "The ticket page shows the special request level",
            trigger: "#support_sla_level:contains('Special request')",
        },
        {
            content: "and its one-hour response deadline",
            trigger: "#support_sla_deadline",
        },
    ],
});

tours.add("support_portal_wrong_coupon_keeps_ticket", {
    url: "/new/ticket",
    steps: () => [
        ...fillTicketForm("Archive does not open", [
            {
                content: "A wrong code",
                trigger: "input[name='support_coupon']",
                run: "edit WRNG-CODE-XXXX",
            },
        ]),
        {
            content: "The error says what is wrong",
            trigger: "#support_form_error:contains('is not valid')",
        },
        {
            content: "what was typed is still there",
            trigger: "input[name='subject'][value='Archive does not open']",
        },
        {
            content: "Remove the code",
            trigger: "input[name='support_coupon']",
            run: "clear",
        },
        {
            content: "Send it as a normal ticket",
            trigger: "form[action='/submitted/ticket'] button[type='submit']",
            run: "click",
        },
        {
            content: "The ticket exists",
            trigger: "h3:contains('Archive does not open')",
        },
    ],
});

tours.add("support_portal_over_limit_queued", {
    url: "/new/ticket",
    steps: () => [
        ...fillTicketForm("One ticket too many"),
        {
            content: "The ticket is accepted and waits for a slot",
            trigger: ".alert:contains('Waiting for a free slot')",
        },
    ],
});

tours.add("support_portal_teammate_ticket", {
    url: "/my/tickets",
    steps: () => [
        {
            content: "A teammate's ticket is listed",
            trigger: "a:contains('Ticket of a teammate')",
            run: "click",
        },
        {
            content: "and opens",
            trigger: "h3:contains('Ticket of a teammate')",
        },
    ],
});

tours.add("support_portal_stranger_sees_nothing", {
    url: "/my/tickets",
    steps: () => [
        {
            content: "No ticket of the other customer",
            trigger: ".alert:contains('No tickets found')",
        },
    ],
});

tours.add("support_portal_booking", {
    url: "/my/support/certificates",
    steps: () => [
        {
            content: "The balance of the certificate is shown",
            trigger: ".support_certificate .support_balance:contains('50.00')",
        },
        {
            content: "Hours to book (the first bookable month is selected)",
            trigger: ".support_booking_form input[name='hours']",
            run: "edit 6",
        },
        {
            content: "Book",
            trigger: "#support_booking_submit",
            run: "click",
        },
        {
            content: "The booking is confirmed",
            trigger: "#support_ps_message:contains('Hours booked')",
        },
        {
            content: "and listed with its hours",
            trigger: ".support_booking td:contains('6.00')",
        },
    ],
});

// Layout: nothing on a portal page is wider than its container, at
// desktop and phone sizes. Fails the tour with the offending elements.
function noOverflowStep(what) {
    return {
        content: `${what}: no table wider than its container, no page scroll`,
        trigger: "#wrap",
        run() {
            const problems = [];
            const page = document.documentElement;
            if (page.scrollWidth > window.innerWidth) {
                problems.push(`page ${page.scrollWidth}px > ${window.innerWidth}px`);
            }
            for (const table of document.querySelectorAll("#wrap table")) {
                const container = table.parentElement;
                if (table.offsetParent && table.scrollWidth > container.clientWidth) {
                    problems.push(
                        `table ${table.className} ${table.scrollWidth}px > ` +
                            `${container.className} ${container.clientWidth}px`
                    );
                }
            }
            for (const card of document.querySelectorAll("#wrap .card")) {
                if (card.scrollWidth > card.clientWidth) {
                    problems.push(`card ${card.id} ${card.scrollWidth}px > ${card.clientWidth}px`);
                }
            }
            if (problems.length) {
                throw new Error(`Wider than its container: ${problems.join("; ")}`);
            }
        },
    };
}

tours.add("support_portal_layout_tickets", {
    url: "/my/tickets",
    steps: () => [
        {
            content: "The ticket list is shown",
            trigger: "table.o_portal_my_doc_table tbody tr",
        },
        noOverflowStep("Ticket list"),
        {
            content: "The list filtered to overdue tickets",
            trigger: "body",
            run() {
                window.location.href = "/my/tickets?filterby=overdue";
            },
            expectUnloadPage: true,
        },
        {
            content: "only the overdue ticket is listed",
            trigger: "table.o_portal_my_doc_table tbody:not(:has(tr:nth-child(2)))",
        },
        noOverflowStep("Overdue list"),
    ],
});

tours.add("support_portal_layout_home", {
    url: "/my",
    steps: () => [
        {
            content: "The overdue card shows its count and links to the overdue list",
            trigger:
                ".o_portal_index_card:not(.d-none) a[href='/my/tickets?filterby=overdue'] " +
                "[data-placeholder_count='support_overdue_count']:contains('1')",
        },
        {
            content: "and carries no + New button",
            trigger: "body",
            run() {
                const card = document
                    .querySelector("a[href='/my/tickets?filterby=overdue']")
                    .closest(".o_portal_index_card");
                if (card.querySelector("button, form")) {
                    throw new Error("The overdue card carries a button");
                }
            },
        },
        noOverflowStep("Portal home"),
    ],
});

tours.add("support_portal_layout_certificates", {
    url: "/my/support/certificates",
    steps: () => [
        {
            content: "The certificate card with its booking",
            trigger: ".support_certificate .support_booking",
        },
        {
            content: "a breadcrumb leads home",
            trigger: ".breadcrumb a[href='/my/home']",
        },
        noOverflowStep("Certificates"),
    ],
});

tours.add("support_portal_layout_estimate", {
    url: "/my/tickets",
    steps: () => [
        {
            content: "Open the estimate",
            trigger: "body",
            run() {
                const link = document.querySelector("a[href^='/my/ticket/']");
                window.location.href = link.getAttribute("href").split("?")[0];
            },
            expectUnloadPage: true,
        },
        {
            content: "The ticket lists its estimate",
            trigger: "#support_ticket_estimates a[href^='/my/support/estimate/']",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The estimate's breadcrumb leads back to the ticket",
            trigger: "#support_breadcrumb_ticket a[href^='/my/ticket/']",
        },
        noOverflowStep("Estimate"),
    ],
});
