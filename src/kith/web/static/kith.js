// kith: small progressive enhancements. Every page works without this file.
"use strict";

// Tables marked data-sortable get clickable, keyboard-reachable column headers.
function makeSortable(table) {
  const headers = table.querySelectorAll("thead th");
  headers.forEach((th, index) => {
    if (!th.textContent.trim() || th.querySelector(".visually-hidden")) return;
    const button = document.createElement("button");
    button.type = "button";
    button.className = "sort";
    button.textContent = th.textContent.trim();
    th.textContent = "";
    th.appendChild(button);
    button.addEventListener("click", () => sortBy(table, th, index));
  });
}

function cellKey(row, index) {
  const cell = row.children[index];
  if (!cell) return "";
  return (cell.dataset.sort || cell.textContent).trim().toLowerCase();
}

function sortBy(table, th, index) {
  const ascending = th.getAttribute("aria-sort") !== "ascending";
  table.querySelectorAll("thead th").forEach((other) => other.removeAttribute("aria-sort"));
  th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
  const body = table.tBodies[0];
  const rows = Array.from(body.rows);
  rows.sort((a, b) => {
    const order = cellKey(a, index).localeCompare(cellKey(b, index), undefined, { numeric: true });
    return ascending ? order : -order;
  });
  rows.forEach((row) => body.appendChild(row));
}

// A file input with data-max-mb: a file over that size is refused before it is sent (the
// server would refuse it too, but only after the whole upload), with the page's own words
// (data-too-large) beside the field.
function checkFileSize(form, input) {
  form.addEventListener("submit", (event) => {
    const file = input.files && input.files[0];
    const limit = Number(input.dataset.maxMb);
    if (!file || !limit || file.size <= limit * 1024 * 1024) return;
    event.preventDefault();
    const field = input.closest(".field");
    let error = document.getElementById(input.name + "-error");
    if (!error) {
      error = document.createElement("p");
      error.className = "field-error";
      error.id = input.name + "-error";
      field.appendChild(error);
    }
    error.textContent = input.dataset.tooLarge || "That file is larger than " + limit + " MB.";
    field.classList.add("has-error");
    input.setAttribute("aria-invalid", "true");
    const described = (input.getAttribute("aria-describedby") || "").split(" ");
    if (!described.includes(error.id)) described.push(error.id);
    input.setAttribute("aria-describedby", described.join(" ").trim());
    input.focus();
  });
}

// A form with data-busy says so while the server works on what it sent (importing a big
// mailbox takes a minute): its buttons are disabled, so a second click does not send it
// again, and data-busy's words appear in its status line (.busy, a live region). A form
// refused before sending (checkFileSize) is left as it was. Back on the page from the
// browser's history, the form is ready again.
function showBusy(form) {
  form.addEventListener("submit", (event) => {
    if (event.defaultPrevented) return;
    if (form.getAttribute("aria-busy") === "true") {
      event.preventDefault();
      return;
    }
    setBusy(form, true);
  });
}

function setBusy(form, busy) {
  if (busy) form.setAttribute("aria-busy", "true");
  else form.removeAttribute("aria-busy");
  form.querySelectorAll("button").forEach((button) => {
    button.disabled = busy;
  });
  const status = form.querySelector(".busy");
  if (status) status.textContent = busy ? form.dataset.busy : "";
}

// A section with data-poll (an import's progress) is brought up to date in place every
// data-poll seconds, instead of the whole page reloading (which would send a screen reader
// back to the top each time; without this script the page refreshes itself, <noscript>).
// Once the page has something else to show (the report, or a redirect to the people), it
// is loaded for real, so its flash message is seen.
function poll(section) {
  const seconds = Number(section.dataset.poll) || 1;
  const again = () => window.setTimeout(update, seconds * 1000);
  const update = () => {
    fetch(window.location.href, { redirect: "manual", headers: { Accept: "text/html" } })
      .then((response) => {
        if (response.type === "opaqueredirect" || !response.ok) return null;
        return response.text();
      })
      .then((html) => {
        const fresh = html && new DOMParser().parseFromString(html, "text/html");
        const next = fresh && fresh.querySelector("[data-poll]");
        if (!next) {
          window.location.reload();
          return;
        }
        section.innerHTML = next.innerHTML;
        again();
      })
      .catch(again); // the server busy or restarting: try again
  };
  again();
}

document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("[data-poll]").forEach(poll);
  document.querySelectorAll("table[data-sortable]").forEach(makeSortable);
  document.querySelectorAll("input[type=file][data-max-mb]").forEach((input) => {
    if (input.form) checkFileSize(input.form, input);
  });
  document.querySelectorAll("form[data-busy]").forEach(showBusy);
});

window.addEventListener("pageshow", (event) => {
  if (!event.persisted) return;
  document.querySelectorAll("form[data-busy]").forEach((form) => setBusy(form, false));
});
