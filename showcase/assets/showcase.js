/* Small enhancements served from the site itself: schedule filters, scrollable tables. */
(function () {
  "use strict";
  function setup() {
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
  /* A table wider than the screen scrolls inside Material's wrapper: make that box reachable with the
     keyboard and name it, so the scrolling is not a mouse-only secret (WCAG 2.1.1). */
  function tableName(box) {
    for (var node = box.previousElementSibling; node; node = node.previousElementSibling) {
      if (/^H[1-6]$/.test(node.tagName)) return node.textContent.replace("¶", "").trim();
    }
    return "";
  }
  function labelScrollables() {
    var used = {};
    document.querySelectorAll(".md-typeset__scrollwrap").forEach(function (box) {
      var scrolls = box.scrollWidth > box.clientWidth + 1;
      box.classList.toggle("sc-scrolls", scrolls);
      if (scrolls && !box.hasAttribute("tabindex")) {
        var name = "表格：" + (tableName(box) || "数据") + "（可左右滚动）";
        used[name] = (used[name] || 0) + 1;
        box.tabIndex = 0;
        box.setAttribute("role", "region");
        box.setAttribute("aria-label", used[name] > 1 ? name + " " + used[name] : name);
      }
    });
  }
  /* 大字模式 (适老化): larger text on every page, remembered in this browser. */
  var LARGE = "sc-large-text";
  function setupTextSize() {
    document.querySelectorAll("[data-sc-textsize]").forEach(function (button) {
      function show() {
        var on = document.documentElement.classList.contains("sc-large");
        button.setAttribute("aria-pressed", on ? "true" : "false");
        button.title = on ? "恢复标准字号" : "大字模式（适老化）";
      }
      button.addEventListener("click", function () {
        var on = document.documentElement.classList.toggle("sc-large");
        try { if (on) localStorage.setItem(LARGE, "1"); else localStorage.removeItem(LARGE); } catch (e) { /* private mode: this page only */ }
        show();
        labelScrollables();
      });
      show();
      button.hidden = false;
    });
  }
  /* Arriving from a search result (?mark=…): the query's words are marked in the page's text, and the
     first one is brought into view. A Han run the page does not hold whole is marked in pairs. */
  function markSearch() {
    var query = new URLSearchParams(location.search).get("mark");
    var article = document.querySelector(".md-content article");
    if (!query || !article) return;
    var text = article.textContent;
    var terms = [];
    query.split(/[^\p{L}\p{N}]+/u).filter(Boolean).forEach(function (part) {
      if (text.indexOf(part) >= 0 || Array.from(part).length < 4) { terms.push(part); return; }
      var chars = Array.from(part);
      var pieces = [];
      for (var i = 0; i < chars.length; i += 2) pieces.push(chars.slice(i, i + 2).join(""));
      if (Array.from(pieces[pieces.length - 1]).length === 1) pieces[pieces.length - 2] += pieces.pop();  /* as search.js cuts it */
      terms.push.apply(terms, pieces);
    });
    terms = terms.filter(function (term) { return Array.from(term).length > 1 || !/[\x00-\x7f]/.test(term); });
    if (!terms.length) return;
    var pattern = new RegExp(terms.map(function (t) { return t.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"); }).join("|"), "gi");
    var walker = document.createTreeWalker(article, NodeFilter.SHOW_TEXT, {
      acceptNode: function (node) {
        return node.parentNode.closest("script, style, mark, .headerlink, [aria-hidden=true]") ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT;
      }
    });
    var nodes = [];
    while (walker.nextNode()) nodes.push(walker.currentNode);
    var first = null;
    nodes.forEach(function (node) {
      var value = node.nodeValue;
      pattern.lastIndex = 0;
      if (!pattern.test(value)) return;
      var out = document.createDocumentFragment();
      var at = 0;
      value.replace(pattern, function (match, offset) {
        out.appendChild(document.createTextNode(value.slice(at, offset)));
        var mark = document.createElement("mark");
        mark.className = "sc-mark";
        mark.textContent = match;
        out.appendChild(mark);
        first = first || mark;
        at = offset + match.length;
        return match;
      });
      out.appendChild(document.createTextNode(value.slice(at)));
      node.parentNode.replaceChild(out, node);
    });
    if (first && !location.hash && first.getBoundingClientRect().top > window.innerHeight) first.scrollIntoView({ block: "center" });
  }
  function start() { setup(); setupTextSize(); markSearch(); }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
  window.addEventListener("load", labelScrollables);
  window.addEventListener("resize", labelScrollables);
})();
