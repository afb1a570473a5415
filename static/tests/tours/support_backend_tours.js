/** @odoo-module **/
// Back-office tours of helpdesk_mgmt_support_contract: a support engineer's
// main paths in Russian, on a desktop and on a phone (run by
// tests/test_backend_tours.py, which checks on the server what they did).
// Steps find elements by field and button names; Russian text is matched
// only where the step checks that the Russian label is shown.
import {registry} from "@web/core/registry";

const tours = registry.category("web_tour.tours");
const MY_QUEUE_MENU = "helpdesk_mgmt_support_contract.helpdesk_support_my_queue_menu";

/** The record of a list (desktop) or of a kanban (phone) whose text has ``text``. */
function record(text) {
    return `.o_data_row:contains('${text}') td[name='name'], .o_kanban_record:contains('${text}')`;
}

/** Open *My queue* from the app's menu: the sections' dropdown on a
 * desktop, the burger menu on a phone. */
function openMyQueue() {
    return [
        {
            isActive: ["desktop"],
            content: "Tickets menu",
            trigger: ".o_menu_sections button[data-menu-xmlid='helpdesk_mgmt.helpdesk_ticket_menu']",
            run: "click",
        },
        {
            isActive: ["desktop"],
            content: "My queue",
            trigger: `.o-dropdown--menu [data-menu-xmlid='${MY_QUEUE_MENU}']`,
            run: "click",
        },
        {
            isActive: ["mobile"],
            content: "The app's menu",
            trigger: ".o_main_navbar .o_menu_toggle",
            run: "click",
        },
        {
            isActive: ["mobile"],
            content: "My queue",
            trigger: `.o_burger_menu_content [data-menu-xmlid='${MY_QUEUE_MENU}']`,
            run: "click",
        },
        {
            content: "My queue is open, in Russian",
            trigger: ".o_breadcrumb:contains('Моя очередь'), .o_navbar_breadcrumbs:contains('Моя очередь')",
        },
    ];
}

/** Open the ticket ``subject`` from the list or kanban on screen. */
function openTicket(subject) {
    return [
        {
            content: `Open «${subject}»`,
            trigger: record(subject),
            run: "click",
        },
        {
            content: "its form",
            trigger: `.o_form_view .o_field_widget[name='name']:contains('${subject}'), .o_form_view div[name='name'] textarea:value('${subject}'), .o_form_view div[name='name'] input:value('${subject}')`,
        },
    ];
}

/** Click a button of the ticket's header: on a phone the header's buttons
 * are in the form's cog menu. */
function headerButton(name, content) {
    return [
        {
            isActive: ["mobile"],
            content: "The form's menu, which holds the header's buttons on a phone",
            trigger: ".o_control_panel .o_cp_action_menus button:has(.fa-cog)",
            run: "click",
        },
        {
            content,
            trigger: `.o_form_statusbar button[name='${name}']:enabled, .o-dropdown--menu button[name='${name}']:enabled`,
            run: "click",
        },
    ];
}

/** Choose ``label`` in the many2one ``field`` (a selector of its widget):
 * typed into its autocomplete on a desktop, picked from the search dialog
 * a phone opens instead. */
function many2one(field, typed, label, content) {
    return [
        {
            isActive: ["desktop"],
            content,
            trigger: `${field} input`,
            run: `edit ${typed}`,
        },
        {
            isActive: ["desktop"],
            content: `${content}: «${label}»`,
            trigger: `.o-autocomplete--dropdown-menu .o-autocomplete--dropdown-item:contains('${label}')`,
            run: "click",
        },
        {
            isActive: ["mobile"],
            content,
            trigger: `${field} input`,
            run: "click",
        },
        {
            isActive: ["mobile"],
            content: `${content}: «${label}»`,
            trigger: `.modal:not(.o_inactive_modal) .o_data_row:contains('${label}') td, .modal:not(.o_inactive_modal) .o_kanban_record:contains('${label}')`,
            run: "click",
        },
    ];
}

/** A date ``days`` ahead, as a Russian user types it (dd.mm.yyyy). */
function russianDate(days) {
    const date = new Date(Date.now() + days * 24 * 3600 * 1000);
    const pad = (number) => String(number).padStart(2, "0");
    return `${pad(date.getDate())}.${pad(date.getMonth() + 1)}.${date.getFullYear()}`;
}

/** A long touch, which selects a list's row on a phone. */
async function longTouch(element) {
    const box = element.getBoundingClientRect();
    const touch = new Touch({
        identifier: Date.now(),
        target: element,
        clientX: box.left + box.width / 2,
        clientY: box.top + box.height / 2,
    });
    const options = {bubbles: true, cancelable: true, touches: [touch], changedTouches: [touch]};
    element.dispatchEvent(new TouchEvent("touchstart", options));
    await new Promise((resolve) => setTimeout(resolve, 700));
    element.dispatchEvent(
        new TouchEvent("touchend", {...options, touches: []})
    );
}

tours.add("support_backend_take_answer_wait", {
    steps: () => [
        // MQ 1.2, R-25: a ticket of the team nobody has taken yet
        ...openTicket("Сбой синхронизации с учётной системой"),
        ...headerButton("assign_to_me", "Assign to me"),
        {
            content: "The ticket is the engineer's",
            trigger: ".o_form_view div[name='user_id'] input:value('Инженер поддержки')",
        },
        // it is in My queue now, with the SLA clock running
        ...openMyQueue(),
        {
            content: "The clock of the taken ticket in the queue",
            trigger: `.o_data_row:contains('Сбой синхронизации') .o_support_sla_badge, .o_kanban_record:contains('Сбой синхронизации') .o_support_sla_badge`,
        },
        ...openTicket("Сбой синхронизации с учётной системой"),
        {
            content: "The clock runs",
            trigger: ".o_form_view div[name='support_sla_badge'] .o_support_sla_badge",
        },
        // MQ glossary, R-37: the answer on the substance meets the response
        ...headerButton("action_support_post_answer", "Post the answer"),
        {
            content: "The answer",
            trigger: ".modal div[name='body'] .odoo-editor-editable",
            run: "editor Проверьте настройки синхронизации: адрес сервера изменился.",
        },
        {
            content: "Post it",
            trigger: ".modal button[name='action_post']",
            run: "click",
        },
        {
            content: "The response is met (in Russian)",
            trigger: "body:not(:has(.modal)) .o_form_view div[name='support_sla_state']:contains('Выполнен')",
        },
        {
            content: "and no clock counts any more",
            trigger: ".o_form_view:not(:has(div[name='support_sla_badge']))",
        },
        // DS 5.10, R-22: waiting for information from the customer
        ...openMyQueue(),
        ...openTicket("Не приходят уведомления о сбоях"),
        // the reason's Russian label
        ...many2one(
            ".o_form_view div[name='support_waiting_reason_id']",
            "Ожидается",
            "Ожидается информация от заказчика",
            "The waiting reason"
        ),
        {
            content: "Save",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "The clock is paused (in Russian)",
            trigger: ".o_form_view div[name='support_sla_badge'] .o_support_sla_badge:contains('пауза')",
        },
        {
            content: "and the SLA status says so",
            trigger: ".o_form_view div[name='support_sla_state']:contains('Приостановлен')",
        },
        {
            content: "saved",
            trigger: ".o_form_view:not(:has(.o_form_button_save:visible))",
        },
    ],
});

tours.add("support_backend_classify_close_estimate", {
    steps: () => [
        // MQ 1.4, R-38: the customer's criticality confirmed, then revoked
        ...openTicket("Падает экспорт отчёта после обновления"),
        ...headerButton("action_support_confirm_criticality", "Confirm criticality"),
        ...headerButton("action_support_revoke_criticality", "Revoke criticality"),
        {
            isActive: ["mobile"],
            content: "The form's menu again",
            trigger: ".o_control_panel .o_cp_action_menus button:has(.fa-cog)",
            run: "click",
        },
        {
            content: "Revoked: confirming is offered again",
            trigger: ".o_form_statusbar button[name='action_support_confirm_criticality'], .o-dropdown--menu button[name='action_support_confirm_criticality']",
        },
        {
            isActive: ["mobile"],
            content: "Close the menu",
            trigger: ".o_control_panel .o_cp_action_menus button:has(.fa-cog)",
            run: "click",
        },
        // MQ 1.2, R-23: reclassified with a reason
        ...headerButton("action_support_reclassify", "Reclassify"),
        // MQ's consultation, which DS's preset shares, in Russian
        ...many2one(
            ".modal div[name='category_id']",
            "Консульт",
            "Консультирование по общим вопросам",
            "The new category"
        ),
        {
            content: "The category is chosen",
            trigger: ".modal div[name='category_id'] input:value('Консультирование по общим вопросам')",
        },
        {
            content: "The reason",
            trigger: ".modal div[name='reason'] textarea",
            run: "edit Клиент подтвердил: вопрос по настройке, не ошибка",
        },
        {
            content: "Reclassify",
            trigger: ".modal button[name='action_confirm']",
            run: "click",
        },
        {
            content: "The ticket is a consultation now",
            trigger: "body:not(:has(.modal)) .o_form_view div[name='category_id']:contains('Консультирование по общим вопросам')",
        },
        // MQ 1.2, R-27: a third-party product's problem
        ...openMyQueue(),
        ...openTicket("Ошибка драйвера PostgreSQL при резервном копировании"),
        ...headerButton("action_support_close_third_party", "Close as third-party"),
        {
            content: "The vendor",
            trigger: ".modal div[name='vendor_name'] input",
            run: "edit PostgreSQL Global Development Group",
        },
        {
            content: "Leave the field (the recommendation follows the vendor)",
            trigger: ".modal .modal-body > .o_form_renderer > p.text-muted, .modal .modal-body p.text-muted",
            run: "click",
        },
        {
            content: "The recommendation names the vendor",
            trigger: ".modal div[name='body']:contains('PostgreSQL Global Development Group')",
        },
        {
            content: "Close",
            trigger: ".modal button[name='action_confirm']",
            run: "click",
        },
        {
            content: "Closed as a third-party product (in Russian)",
            trigger: "body:not(:has(.modal)) .o_form_view div[name='support_close_reason']:contains('Продукт стороннего производителя')",
        },
        // MQ 2.3, R-70: the estimate of a professional service
        ...openMyQueue(),
        ...openTicket("Настроить резервное копирование"),
        ...headerButton("action_support_send_estimate", "Send estimate"),
        {
            content: "Hours",
            trigger: ".modal div[name='hours'] input",
            run: "edit 6:00",
        },
        {
            content: "Start of the work",
            trigger: ".modal div[name='date_start'] input",
            run: `edit ${russianDate(14)}`,
        },
        {
            content: "Conditions",
            trigger: ".modal div[name='conditions'] textarea",
            run: "edit Нужен доступ к серверу",
        },
        {
            content: "Send",
            trigger: ".modal button[name='action_send']",
            run: "click",
        },
        {
            content: "The professional service's tab",
            trigger: "body:not(:has(.modal)) .o_notebook a[name='support_professional_service']",
            run: "click",
        },
        {
            content: "The estimate awaits approval (in Russian)",
            trigger: ".o_form_view div[name='support_estimate_state']:contains('Ожидает подтверждения')",
        },
    ],
});

tours.add("support_backend_apply_contract", {
    steps: () => [
        // MQ 1.2, R-31: tickets opened before the contract, selected in the list
        {
            isActive: ["mobile"],
            content: "A phone opens the kanban: switch to the list",
            trigger: ".o_control_panel .o_cp_switch_buttons button",
            run: "click",
        },
        {
            isActive: ["mobile"],
            content: "The list",
            trigger: ".o-dropdown--menu .o-dropdown-item:has(.oi-view-list)",
            run: "click",
        },
        {
            isActive: ["desktop"],
            content: "Select the first ticket sent before the contract",
            trigger: ".o_data_row:contains('Вопрос до договора 0') .o_list_record_selector input",
            run: "click",
        },
        {
            isActive: ["desktop"],
            content: "and the second",
            trigger: ".o_data_row:contains('Вопрос до договора 1') .o_list_record_selector input",
            run: "click",
        },
        {
            isActive: ["mobile"],
            content: "A long touch selects the first ticket",
            trigger: ".o_data_row:contains('Вопрос до договора 0') td[name='name']",
            run: ({anchor}) => longTouch(anchor),
        },
        {
            isActive: ["mobile"],
            content: "then a tap selects the second",
            trigger: ".o_list_view:has(.o_data_row_selected) .o_data_row:contains('Вопрос до договора 1') td[name='name']",
            run: "click",
        },
        {
            content: "The first is selected",
            trigger: ".o_list_view .o_data_row_selected:contains('Вопрос до договора 0')",
        },
        {
            content: "and the second",
            trigger: ".o_list_view .o_data_row_selected:contains('Вопрос до договора 1')",
        },
        {
            content: "The Action menu",
            trigger: ".o_control_panel .o_cp_action_menus button:has(.fa-cog)",
            run: "click",
        },
        {
            content: "Apply contract to open tickets (in Russian)",
            trigger: ".o-dropdown--menu .o-dropdown-item:contains('Применить договор к открытым обращениям')",
            run: "click",
        },
        {
            content: "The wizard lists the two tickets",
            trigger: ".modal div[name='ticket_count']:contains('2')",
        },
        {
            content: "Count the SLA from each ticket's creation (an edit on the new wizard)",
            trigger: ".modal div[name='clock'] input[data-value='created']",
            run: "click",
        },
        {
            content: "The preview is recomputed without an error",
            trigger: ".modal div[name='clock'] input[data-value='created']:checked",
        },
        {
            content: "Apply",
            trigger: ".modal button[name='action_apply']",
            run: "click",
        },
        {
            content: "The wizard is closed",
            trigger: "body:not(:has(.modal)) .o_list_view",
        },
    ],
});
