// The live count of "Hoàn thành xuất sắc nhiệm vụ" against its cap (facts/excellent_cap.py holds the rule;
// this only repeats its arithmetic while the grid is edited): cap = floor(percent × denominator / 100).
(function () {
  "use strict";
  var box = document.getElementById("excellent-cap");
  if (!box) { return; }
  var selects = document.querySelectorAll("select[name$='-level']");
  function recount() {
    var excellent = parseInt(box.dataset.outsideExcellent, 10) || 0;
    var good = parseInt(box.dataset.outsideGood, 10) || 0;
    selects.forEach(function (select) {
      if (select.value === "excellent") { excellent += 1; }
      if (select.value === "good") { good += 1; }
    });
    var percent = parseInt(box.dataset.percent, 10) || 0;
    var denominator = box.dataset.base === "good" ? good : good + excellent;
    var cap = Math.floor((percent * denominator) / 100);
    box.querySelector("[data-cap-count]").textContent = excellent;
    box.querySelector("[data-cap-max]").textContent = cap;
    box.querySelector("[data-cap-base]").textContent = denominator;
    var over = excellent > cap;
    box.querySelector("[data-cap-over]").hidden = !over;
    box.classList.toggle("alert-warning", over);
    box.classList.toggle("alert-light", !over);
  }
  selects.forEach(function (select) { select.addEventListener("change", recount); });
})();
