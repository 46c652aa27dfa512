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

document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("table[data-sortable]").forEach(makeSortable);
});
