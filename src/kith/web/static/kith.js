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

document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("table[data-sortable]").forEach(makeSortable);
  document.querySelectorAll("input[type=file][data-max-mb]").forEach((input) => {
    if (input.form) checkFileSize(input.form, input);
  });
});
