// Sortable tables: a button in each sortable column heading; numbers sort by data-sort.
(function () {
  function cellValue(row, index, type) {
    const cell = row.cells[index];
    const raw = cell.dataset.sort !== undefined ? cell.dataset.sort : cell.textContent.trim();
    return type === "number" ? parseFloat(raw) : raw.toLowerCase();
  }
  function sortBy(table, index, type, button) {
    const descending = button.getAttribute("aria-sort") === "ascending";
    table.querySelectorAll("th button").forEach((b) => b.removeAttribute("aria-sort"));
    button.setAttribute("aria-sort", descending ? "descending" : "ascending");
    const body = table.tBodies[0];
    const rows = Array.from(body.rows);
    rows.sort((a, b) => {
      const x = cellValue(a, index, type);
      const y = cellValue(b, index, type);
      const order = x < y ? -1 : x > y ? 1 : 0;
      return descending ? -order : order;
    });
    rows.forEach((row) => body.appendChild(row));
  }
  function setUp() {
    document.querySelectorAll("table.showcase-sortable").forEach((table) => {
      table.querySelectorAll("th").forEach((th, index) => {
        const button = th.querySelector("button");
        if (!button) return;
        button.addEventListener("click", () =>
          sortBy(table, index, button.dataset.sortType || "text", button));
      });
    });
  }
  if (window.document$) { window.document$.subscribe(setUp); } else { setUp(); }
})();
