/* Site search with Pagefind (showcase/search.py): loaded by the search box on first use, it loads
   Pagefind from this site's pagefind/ folder and shows the results in Material's search dialog. */
(function () {
  "use strict";
  var FILTERS = [["cohort", "批次"], ["county", "挂职地"], ["program", "项目类别"]];
  var HINT = "输入姓名、县区、项目或关键词";
  var PAGE_SIZE = 10;
  var HAN = /\p{Script=Han}/u;
  var box = document.querySelector(".sc-search");
  var toggle = document.getElementById("__search");
  var form = box.querySelector("form");
  var input = box.querySelector(".md-search__input");
  var status = box.querySelector(".md-search-result__meta");
  var list = box.querySelector(".md-search-result__list");
  var segmenter = typeof Intl === "object" && Intl.Segmenter ? new Intl.Segmenter("zh", { granularity: "word" }) : null;
  var engine = null;
  var serial = 0;
  var results = [];
  var shown = 0;
  var chosen = {};
  var more = element("button", "sc-search-more", "显示更多结果");
  var filters = element("details", "sc-search-filters");

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text) node.textContent = text;
    return node;
  }

  /* Metadata and filter values are plain text; an excerpt is HTML-escaped text with <mark>s, parsed
     inertly (a detached template) and rebuilt from its text and marks only. */
  function excerpt(html) {
    var template = document.createElement("template");
    template.innerHTML = html || "";
    var out = document.createDocumentFragment();
    template.content.childNodes.forEach(function (node) {
      out.appendChild(node.nodeName === "MARK" ? element("mark", "", node.textContent) : document.createTextNode(node.textContent));
    });
    return out;
  }

  /* The query is cut here, not by Pagefind, into words the index can meet:
     Pagefind's index holds jieba's words (苍溪县, 招商引资) and whole names and places from the
     page metadata, and matches a query word against the words it starts (苍溪 → 苍溪县). The
     browser's segmenter knows fewer words and cuts what it does not know into single characters
     (苍|溪, 招|商), which would then each have to start a word: so runs of single characters are
     joined again, and a lone one joins its neighbour. Without Intl.Segmenter (older in-app
     browsers) each run of Chinese text stays one query word. */
  function words(query) {
    var out = [];
    query.split(/[^\p{L}\p{N}]+/u).forEach(function (part) {
      if (!part) return;
      var pieces = segmenter
        ? Array.from(segmenter.segment(part)).filter(function (s) { return s.isWordLike; }).map(function (s) { return s.segment; })
        : [part];
      var joined = [];
      var run = "";
      pieces.forEach(function (piece) {
        if (Array.from(piece).length === 1 && HAN.test(piece)) { run += piece; return; }
        if (run) joined.push(run);
        run = "";
        joined.push(piece);
      });
      if (run) joined.push(run);
      var merged = [];
      joined.forEach(function (word, index) {
        var lone = Array.from(word).length === 1 && HAN.test(word);
        if (lone && merged.length) merged[merged.length - 1] += word;
        else if (lone && index + 1 < joined.length) joined[index + 1] = word + joined[index + 1];
        else merged.push(word);
      });
      out.push.apply(out, merged);
    });
    return out.join(" ");
  }

  /* Without Intl.Segmenter a phrase (城市品牌) would be one query word that starts no word of the
     index. Cut into pairs (城市 品牌), each starts a word: jieba's, or a whole name's or place's
     suffix from the page metadata (欧阳永刚 → 欧阳 永刚). Tried first; when the pairs find nothing
     (招商引资 → 引资 starts no word) the whole run is searched instead. Empty when nothing is cut. */
  function pairs(query) {
    var cut = false;
    var out = query.split(/[^\p{L}\p{N}]+/u).filter(Boolean).map(function (part) {
      var chars = Array.from(part);
      if (chars.length < 4 || !chars.every(function (c) { return HAN.test(c); })) return part;
      cut = true;
      var pieces = [];
      for (var i = 0; i < chars.length; i += 2) pieces.push(chars.slice(i, i + 2).join(""));
      if (Array.from(pieces[pieces.length - 1]).length === 1) pieces[pieces.length - 2] += pieces.pop();
      return pieces.join(" ");
    });
    return cut ? out.join(" ") : "";
  }

  var RANKING = { metaWeights: { title: 10, names: 8, keywords: 2, detail: 0.5 } };

  /* Pagefind from this site: its script, and the parts of a large index to merge (showcase.json). */
  function load() {
    if (engine) return engine;
    var base = new URL(box.getAttribute("data-sc-pagefind"), document.baseURI);
    var parts = fetch(new URL("showcase.json", base)).then(function (response) { return response.json(); });
    engine = Promise.all([import(base.href), parts]).then(function (loaded) {
      var pagefind = loaded[0];
      return pagefind.options({ excerptLength: 24, ranking: RANKING }).then(function () {
        /* Pagefind cuts the query again, with the browser's segmenter, when the page language is
           Chinese: it reads <html lang> once, here, so the language is hidden for that instant. */
        var root = document.documentElement;
        var lang = root.getAttribute("lang");
        root.setAttribute("lang", "und");
        try { pagefind.init(); } finally { root.setAttribute("lang", lang); }
        return Promise.all(loaded[1].merge.map(function (part) {
          return pagefind.mergeIndex(new URL(part, base).pathname, { ranking: RANKING });
        }));
      }).then(function () { return pagefind; });
    });
    engine.catch(function () {
      say("搜索暂不可用：没有找到本站的搜索索引（pagefind/）。请用 mkdocs build 重新生成站点后再试。");
    });
    return engine;
  }

  function say(message) {
    if (status.textContent !== message) status.textContent = message;
  }

  function activeFilters() {
    var active = {};
    Object.keys(chosen).forEach(function (key) { if (chosen[key]) active[key] = chosen[key]; });
    return active;
  }

  function search() {
    var mine = ++serial;
    var query = input.value.trim();
    var active = activeFilters();
    if (!query && !Object.keys(active).length) {
      results = [];
      list.textContent = "";
      more.hidden = true;
      say(HINT);
      box.setAttribute("data-sc-state", "done");
      return Promise.resolve();
    }
    box.setAttribute("data-sc-state", "searching");
    return load().then(function (pagefind) {
      var whole = query ? words(query) : null;
      var cut = query && !segmenter ? pairs(query) : "";
      if (!cut) return pagefind.search(whole, { filters: active });
      return pagefind.search(cut, { filters: active }).then(function (response) {
        return response && response.results.length ? response : pagefind.search(whole, { filters: active });
      });
    }).then(function (response) {
      if (mine !== serial) return;
      results = response ? response.results : [];
      shown = 0;
      list.textContent = "";
      var scope = Object.keys(active).map(function (key) { return active[key]; }).join("、");
      var subject = query ? "“" + query + "”" : "";
      if (!results.length) say("没有找到" + (scope ? scope + "中" : "") + "与" + (subject || "所选条件") + "相关的内容");
      else say((scope ? scope + "：" : "") + "找到 " + results.length + " 个结果");
      return showMore(mine);
    }).then(function () {
      if (mine === serial) box.setAttribute("data-sc-state", "done");
    }, function () {
      if (mine === serial) box.setAttribute("data-sc-state", "failed");
    });
  }

  function showMore(mine) {
    var batch = results.slice(shown, shown + PAGE_SIZE);
    shown += batch.length;
    return Promise.all(batch.map(function (result) { return result.data(); })).then(function (pages) {
      if (mine !== serial) return;
      pages.forEach(function (page) { list.appendChild(item(page)); });
      more.hidden = shown >= results.length;
    });
  }

  function item(page) {
    var li = element("li", "md-search-result__item");
    var link = element("a", "md-search-result__link");
    var target = new URL(page.url, document.baseURI);
    if (input.value.trim()) target.searchParams.set("mark", input.value.trim());  /* marked on the page (showcase.js) */
    link.href = target.href;
    var article = element("article", "md-search-result__article md-typeset");
    article.appendChild(element("div", "sc-search-result__title", page.meta.title || page.url));
    if (page.meta.detail) article.appendChild(element("div", "sc-search-result__detail", page.meta.detail));
    var teaser = element("p", "md-search-result__teaser");
    teaser.appendChild(excerpt(page.excerpt));
    article.appendChild(teaser);
    link.appendChild(article);
    li.appendChild(link);
    return li;
  }

  function buildFilters() {
    filters.appendChild(element("summary", "", "筛选"));
    var body = element("div", "sc-search-filters__body");
    FILTERS.forEach(function (pair) {
      var label = element("label", "", pair[1]);
      var select = element("select");
      select.setAttribute("data-sc-filter", pair[0]);
      select.appendChild(new Option("全部", ""));
      select.addEventListener("change", function () {
        chosen[pair[0]] = select.value;
        search();
      });
      label.appendChild(select);
      body.appendChild(label);
    });
    filters.appendChild(body);
    filters.addEventListener("toggle", function fill() {
      filters.removeEventListener("toggle", fill);
      load().then(function (pagefind) { return pagefind.filters(); }).then(function (available) {
        body.querySelectorAll("select").forEach(function (select) {
          var counts = available[select.getAttribute("data-sc-filter")] || {};
          Object.keys(counts).sort(function (a, b) { return a.localeCompare(b, "zh-CN"); }).forEach(function (value) {
            select.appendChild(new Option(value + "（" + counts[value] + "）", value));
          });
        });
      });
    });
    status.parentNode.insertBefore(filters, status);
  }

  function resultLinks() {
    return Array.prototype.slice.call(list.querySelectorAll("a"));
  }

  function keys(event) {
    if (!toggle.checked || event.isComposing) return;
    var links = resultLinks();
    var at = links.indexOf(document.activeElement);
    if (event.key === "ArrowDown" && (event.target === input || at >= 0) && links.length) {
      event.preventDefault();
      links[Math.min(at + 1, links.length - 1)].focus();
    } else if (event.key === "ArrowUp" && at >= 0) {
      event.preventDefault();
      (at === 0 ? input : links[at - 1]).focus();
    }
  }

  /* Typing supersedes the search under way; the new one starts when typing pauses. */
  var timer = 0;
  function typed() {
    serial++;
    box.setAttribute("data-sc-state", "typing");
    clearTimeout(timer);
    timer = setTimeout(search, 120);
  }
  input.addEventListener("input", function (event) {
    if (!event.isComposing) typed();
  });
  input.addEventListener("compositionend", typed);
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var first = list.querySelector("a");
    if (first) location.href = first.href;
  });
  form.addEventListener("reset", function () {
    setTimeout(function () { search(); input.focus(); });
  });
  document.addEventListener("keydown", keys);
  more.type = "button";
  more.hidden = true;
  more.addEventListener("click", function () { showMore(serial); });
  list.parentNode.appendChild(more);
  buildFilters();

  var linked = new URLSearchParams(location.search).get("q");
  if (linked) {
    input.value = linked;
    toggle.checked = true;
    input.focus();
  }
  search();
})();
