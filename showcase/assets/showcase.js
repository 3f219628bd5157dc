/* Small enhancements served from the site itself: schedule filters, search dialog name. */
(function () {
  "use strict";
  function nameSearchDialog() {
    var dialog = document.querySelector(".md-search[role=dialog]");
    if (dialog && !dialog.hasAttribute("aria-label")) dialog.setAttribute("aria-label", "搜索");
  }
  function setup() {
    nameSearchDialog();
    var box = document.querySelector("[data-sc-filters]");
    if (!box) return;
    var selects = Array.prototype.slice.call(box.querySelectorAll("select[data-sc-filter]"));
    function apply() {
      var wanted = {};
      selects.forEach(function (select) { wanted[select.getAttribute("data-sc-filter")] = select.value; });
      document.querySelectorAll(".sc-lecture").forEach(function (item) {
        item.hidden = !Object.keys(wanted).every(function (key) {
          return !wanted[key] || item.getAttribute("data-" + key) === wanted[key];
        });
      });
      document.querySelectorAll(".sc-month").forEach(function (month) {
        month.hidden = !month.querySelector(".sc-lecture:not([hidden])");
      });
    }
    selects.forEach(function (select) { select.addEventListener("change", apply); });
    box.hidden = false;
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", setup);
  else setup();
})();
