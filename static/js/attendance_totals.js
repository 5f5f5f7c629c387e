// The workshop form: each enterprise's participants and all of them added up as they are typed.
(function () {
  const rows = document.querySelectorAll("[data-attendance-row]");
  const grandTotal = document.getElementById("attendance-total");
  function count(input) {
    const value = parseInt(input.value, 10);
    return value > 0 ? value : 0;
  }
  function addUp() {
    let all = 0;
    rows.forEach(function (row) {
      let sum = 0;
      row.querySelectorAll("input[type=number]").forEach(function (input) { sum += count(input); });
      row.querySelector("[data-row-total]").textContent = sum;
      all += sum;
    });
    if (grandTotal) { grandTotal.textContent = all; }
  }
  document.addEventListener("input", addUp);
  addUp();
})();
