// Sortable tables: click a column heading to sort its table by that column (again to reverse).
// A cell's data-sort attribute, where it has one, is what it sorts by (a figure's number, a period's days).
// The pages are complete without this script; it only adds sorting.
document.querySelectorAll("table.sortable").forEach(function (table) {
  var body = table.tBodies[0];
  function key(row, column) {
    var cell = row.cells[column];
    if (!cell) { return ""; }
    return cell.hasAttribute("data-sort") ? cell.getAttribute("data-sort") : cell.textContent.trim();
  }
  table.querySelectorAll("thead th").forEach(function (heading, column) {
    heading.title = "Sort by this column";
    heading.tabIndex = 0;
    function sort() {
      var up = heading.getAttribute("aria-sort") !== "ascending";
      table.querySelectorAll("thead th").forEach(function (other) { other.removeAttribute("aria-sort"); });
      heading.setAttribute("aria-sort", up ? "ascending" : "descending");
      var rows = Array.prototype.slice.call(body.rows);
      rows.sort(function (a, b) {
        var x = key(a, column), y = key(b, column);
        if (x === "" || y === "") { return (x === "") - (y === ""); }  // empty cells last, either way
        var nx = parseFloat(x.replace(/,/g, "")), ny = parseFloat(y.replace(/,/g, ""));
        var numeric = /^-?[0-9,.]+$/.test(x) && /^-?[0-9,.]+$/.test(y);
        var order = numeric ? nx - ny : x.localeCompare(y);
        return up ? order : -order;
      });
      rows.forEach(function (row) { body.appendChild(row); });
    }
    heading.addEventListener("click", sort);
    heading.addEventListener("keydown", function (event) {
      if (event.key === "Enter" || event.key === " ") { event.preventDefault(); sort(); }
    });
  });
});
