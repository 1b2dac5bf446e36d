// Ward's small enhancements. Every flow works without this file.
"use strict";
document.addEventListener("DOMContentLoaded", () => {
  // "Select all" boxes for bulk actions.
  for (const all of document.querySelectorAll("input[data-select-all]")) {
    all.addEventListener("change", () => {
      for (const box of document.querySelectorAll(`input[name="${all.dataset.selectAll}"]`)) box.checked = all.checked;
    });
  }
  // Forms that change many records ask first.
  for (const form of document.querySelectorAll("form[data-confirm]")) {
    form.addEventListener("submit", (e) => { if (!confirm(form.dataset.confirm)) e.preventDefault(); });
  }
  // Filter forms submit on change of a select.
  for (const sel of document.querySelectorAll("form.filters select")) {
    sel.addEventListener("change", () => sel.form.requestSubmit());
  }
});
