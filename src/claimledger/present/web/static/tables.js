// Sortable tables: a click on a column's heading (or Enter on it) sorts the rows by that
// column, again the other way; numbers by value ("1,200", "≥ 1,000,000", "~ 400"), dates
// and words by their text. The server's order is the first; no row is fetched or changed.
const NUMBER = /[-+]?\d[\d,]*(?:\.\d+)?/;

function key(cell) {
  const text = (cell?.textContent || "").trim();
  const numeric = cell?.classList.contains("num");
  if (numeric) {
    const m = text.match(NUMBER);
    return m ? parseFloat(m[0].replace(/,/g, "")) : -Infinity;
  }
  return text.toLowerCase();
}

function sortBy(table, th, index) {
  const body = table.tBodies[0];
  if (!body) return;
  const ascending = th.getAttribute("aria-sort") !== "ascending";
  for (const other of table.querySelectorAll("th[aria-sort]")) other.removeAttribute("aria-sort");
  th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
  const rows = [...body.rows];
  rows.sort((a, b) => {
    const x = key(a.cells[index]), y = key(b.cells[index]);
    const order = x < y ? -1 : x > y ? 1 : 0;
    return ascending ? order : -order;
  });
  body.append(...rows);
}

for (const table of document.querySelectorAll("table")) {
  const head = table.tHead?.rows[0] || (table.rows[0]?.cells[0]?.tagName === "TH" ? table.rows[0] : null);
  if (!head || !table.tBodies[0] || table.tBodies[0].rows.length < 2) continue;
  [...head.cells].forEach((th, index) => {
    if (!th.textContent.trim()) return;
    th.tabIndex = 0;
    th.classList.add("sortable");
    th.title = "Sort by " + th.textContent.trim();
    th.addEventListener("click", () => sortBy(table, th, index));
    th.addEventListener("keydown", (e) => { if (e.key === "Enter") sortBy(table, th, index); });
  });
}
