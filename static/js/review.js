/* Keyboard review for kzclaims. The keys and what they do are listed once, in the help dialog
   of base.html (<kbd data-command>); this file has the commands. Plain DOM and htmx's JS API;
   no eval, no inline handlers. */
(function () {
  "use strict";

  var currentId = null;
  // Which row to focus when the results asked for arrive, for a page crossing or an in-place
  // refresh ({focus: "first" | "last" | "unseen" | "ids", at: when asked, ...}). The first
  // results whose request started after `at` take it: a list requested earlier may arrive
  // first, and htmx may queue the request behind another one on #results.
  var pending = null;
  function busy() {
    if (pending && performance.now() - pending.at > 10000) pending = null;  // never answered
    return pending !== null;
  }
  // Rows that left this page of results (a tag made them stop matching its filters).
  var left = [];

  function rows() {
    return Array.prototype.slice.call(
      document.querySelectorAll("[data-keyboard-list] > .claim-row:not(.is-leaving)")
    );
  }
  function marks() {
    return Array.prototype.slice.call(document.querySelectorAll("#article-body mark[data-n]"));
  }
  function current() {
    return currentId ? document.getElementById(currentId) : null;
  }
  function announce(text) {
    var live = document.getElementById("live");
    if (live) live.textContent = text;
  }
  function setCurrent(el, focus) {
    document.querySelectorAll(".is-current").forEach(function (other) {
      other.classList.remove("is-current");
    });
    if (!el) return;
    el.classList.add("is-current");
    currentId = el.id;
    if (focus !== false) {
      el.focus({ preventScroll: true });
      el.scrollIntoView({ block: "nearest" });
    }
  }
  function panelUrl(id) {
    var body = document.getElementById("article-body");
    return body ? body.dataset.panelUrl.replace("/0/", "/" + id + "/") : null;
  }
  function openPanel(id) {
    var url = panelUrl(id);
    if (url && window.htmx) {
      window.htmx.ajax("GET", url, { target: "#side-panel", swap: "innerHTML" });
    }
  }

  // --- the queue's results: crossing pages, rows leaving, refreshing in place --------------
  function resultsQuery() {
    var head = document.querySelector("#results [data-query]");
    return head ? head.dataset.query : null;
  }
  function refreshResults(focus) {
    if (!window.htmx || !document.getElementById("results")) return false;
    focus.at = performance.now();
    pending = focus;
    window.htmx.ajax("GET", window.location.pathname + window.location.search, {
      target: "#results",
      swap: "innerHTML",
    });
    return true;
  }
  // j past the last row loads the next page, k before the first the previous one, through the
  // pager's own links (htmx: same filters and sort, the URL pushed to the history).
  function crossPage(delta) {
    if (busy()) return true;
    if (delta > 0 && left.length) {
      // Rows left this page, so the rows after it moved up onto it: draw it again and go to
      // the first row not seen yet (the next page would skip them).
      return refreshResults({
        focus: "unseen",
        seen: rows().map(function (r) { return r.id; }).concat(left),
      });
    }
    var link = document.querySelector(
      '#results .pager a[rel="' + (delta > 0 ? "next" : "prev") + '"]'
    );
    if (!link || !window.htmx) return false;
    pending = { focus: delta > 0 ? "first" : "last", at: performance.now() };
    window.htmx.process(link);  // results swapped in a moment ago may not be wired yet
    link.click();
    return true;
  }
  // The filters of a query string, without its page.
  function filtersOf(query) {
    var params = new URLSearchParams(query || "");
    params.delete("page");
    params.sort();
    return params.toString();
  }
  // Another page (or the same one drawn again) of the same filters is no news: it keeps the
  // newest claim id the queue was first drawn with, so claims that came meanwhile stay new.
  var seenSince = null;
  var saidNew = "";  // what the live region last said about new claims in this view
  function keepSince() {
    var box = document.getElementById("new-claims");
    var before = seenSince;
    seenSince = box ? { since: box.dataset.since, filters: filtersOf(resultsQuery()) } : null;
    if (!box || !before || before.filters !== seenSince.filters) {
      saidNew = "";
      return;
    }
    if (Number(before.since) < Number(box.dataset.since)) {
      box.dataset.since = before.since;
      seenSince.since = before.since;
      pollNew();
    }
  }
  function resultsArrived(results, xhr) {
    var focus = pending && xhr && xhr.kzStarted >= pending.at ? pending : null;
    if (focus) pending = null;
    left = [];
    keepSince();
    var list = rows();
    var pager = results.querySelector(".pager span");
    var count = results.querySelector(".results-head .count");
    if (!focus) {
      if (count) announce(count.textContent + " claims");
      return;
    }
    var target = null;
    if (focus.focus === "first") target = list[0];
    else if (focus.focus === "last") target = list[list.length - 1];
    else if (focus.focus === "unseen") {
      target = list.filter(function (r) { return focus.seen.indexOf(r.id) < 0; })[0];
      if (!target) target = list[list.length - 1];
    } else if (focus.focus === "ids") {
      focus.ids.some(function (id) { target = document.getElementById(id); return target; });
      target = target && target.classList.contains("claim-row") ? target : list[0];
    }
    setCurrent(target || null);
    if (focus.message) announce(focus.message);
    else if (pager) announce(pager.textContent);
    else if (count) announce(count.textContent + " claims");
  }
  // A tagged row that no longer matches the filters leaves (after the focus moved on).
  function leave(row, label) {
    left.push(row.id);
    row.classList.add("is-leaving");
    var count = document.querySelector("#results .results-head .count");
    var n = count ? parseInt(count.textContent, 10) - 1 : NaN;
    if (count && n >= 0) count.textContent = String(n);
    announce("Tagged " + label + "; it left this view." + (n >= 0 ? " " + n + " claims." : ""));
    var still = window.matchMedia("(prefers-reduced-motion: reduce)").matches;
    window.setTimeout(function () {
      var gone = document.getElementById(row.id);
      if (gone && gone.classList.contains("is-leaving")) gone.remove();
    }, still ? 0 : 250);
  }

  function move(delta) {
    if (busy()) return;
    var list = rows();
    if (list.length) {
      var i = list.indexOf(current());
      if (i >= 0 && (i + delta < 0 || i + delta >= list.length) && crossPage(delta)) return;
      i = i < 0 ? 0 : Math.min(list.length - 1, Math.max(0, i + delta));
      setCurrent(list[i]);
      return;
    }
    var ms = marks();
    if (!ms.length) return;
    var j = ms.indexOf(document.activeElement);
    if (j < 0 && currentId) j = ms.indexOf(document.getElementById(currentId));
    j = j < 0 ? 0 : Math.min(ms.length - 1, Math.max(0, j + delta));
    ms.forEach(function (m) { if (!m.id) m.id = "mark-" + m.dataset.n; });
    setCurrent(ms[j]);
    openPanel(ms[j].dataset.n);
  }
  function scope() {
    return current() && current().classList.contains("claim-row")
      ? current()
      : document.getElementById("panel-claim");
  }
  function press(selector, where) {
    var root = where || scope();
    var button = root && root.querySelector(selector);
    if (button) {
      // Content swapped in a moment ago may not be wired yet: make sure htmx has processed it.
      if (window.htmx) window.htmx.process(button.closest("form") || button);
      button.click();
      return true;
    }
    return false;
  }

  // What each command does; which key runs it is read from the help dialog.
  var commands = {
    next: function () { move(1); return true; },
    previous: function () { move(-1); return true; },
    // The buttons carry their key: v, d, o, r tag (and advance), s saves the note, a re-applies.
    press: function (key) { return press('button[data-key="' + key + '"]'); },
    undo: function () {
      return press('button[data-key="u"]', document.getElementById("history-undo"));
    },
    redo: function () {
      return press('button[data-key="U"]', document.getElementById("history-redo"));
    },
    note: function () {
      var root = scope();
      if (!root) return false;
      var details = root.querySelector("details.note");
      if (details) details.open = true;
      var field = root.querySelector("textarea[name=note]");
      if (!field) return false;
      field.focus();
      return true;
    },
    select: function () {
      var box = current() && current().querySelector("input.select");
      if (!box) return false;
      box.checked = !box.checked;
      return true;
    },
    open: function (key, target) {
      if (target.matches("mark[data-n]")) { openPanel(target.dataset.n); return true; }
      if (!target.matches(".claim-row")) return false;
      var link = target.querySelector("a.open");
      if (link) window.location.assign(link.href);
      return true;
    },
    search: function () {
      var search = document.getElementById("id_q");
      if (!search) return false;
      search.focus();
      search.select();
      return true;
    },
    help: function () {
      var dialog = document.getElementById("keys");
      if (!dialog) return false;
      dialog.showModal();
      return true;
    },
  };
  var keymap = null;
  function keyCommand(key) {
    if (!keymap) {
      keymap = {};
      document.querySelectorAll("#keys kbd[data-command]").forEach(function (kbd) {
        keymap[kbd.dataset.key || kbd.textContent.trim()] = kbd.dataset.command;
      });
    }
    return keymap[key];
  }

  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    var target = event.target;
    var typing = target.matches("input, textarea, select, [contenteditable]");
    if (event.key === "Escape") {
      if (typing) {
        target.blur();
        if (current()) current().focus({ preventScroll: true });
      }
      return;
    }
    if (typing) return;
    var dialog = document.getElementById("keys");
    if (dialog && dialog.open) return;
    var command = commands[keyCommand(event.key)];
    if (!command || !command(event.key, target)) return;
    event.preventDefault();
  });

  document.addEventListener("click", function (event) {
    var t = event.target;
    if (t.closest("[data-action=help]")) {
      document.getElementById("keys").showModal();
      return;
    }
    if (t.matches("[data-action=select-all]")) {
      document.querySelectorAll("input.select").forEach(function (box) {
        box.checked = t.checked;
      });
      return;
    }
    var mark = t.closest("#article-body mark.hl");
    if (mark) {
      var id = mark.dataset.claim;
      var first = document.querySelector('#article-body mark[data-n="' + id + '"]');
      if (first) {
        if (!first.id) first.id = "mark-" + id;
        setCurrent(first, false);
      }
      openPanel(id);
      return;
    }
    var row = t.closest(".claim-row");
    if (row && row.closest("[data-keyboard-list]")) setCurrent(row, false);
  });

  function statusChanged(event, advance) {
    var detail = event.detail || {};
    document.querySelectorAll('#article-body mark[data-claim="' + detail.id + '"]').forEach(
      function (m) {
        m.className = m.className.replace(/\bst-\S+/, "st-" + detail.status);
      }
    );
    var row = document.getElementById("claim-" + detail.id);
    if (row && row.classList.contains("claim-row")) {
      var leaving = detail.matches === false;
      if (currentId === row.id && (advance || leaving)) {
        var list = rows();
        var next = list[list.indexOf(row) + 1];
        if (leaving) left.push(row.id);  // crossing the page counts it as gone already
        if (next) setCurrent(next);
        else if (!crossPage(1)) setCurrent(leaving ? list[list.indexOf(row) - 1] : row);
        if (leaving) left.pop();
      } else if (currentId === row.id) {
        setCurrent(row);
      }
      if (leaving) leave(row, detail.label);
    } else if (current()) {
      current().classList.add("is-current");
    }
  }
  document.body.addEventListener("claim-tagged", function (e) { statusChanged(e, true); });
  document.body.addEventListener("claim-undone", function (e) { statusChanged(e, false); });
  document.body.addEventListener("claim-noted", function (e) { statusChanged(e, false); });
  // An undo or redo step: reload the rows (and the open panel) of the claims it changed. A
  // claim whose row left the queue comes back by drawing the results again, in place.
  document.body.addEventListener("history-walked", function (e) {
    var detail = e.detail || {};
    announce(detail.message || "");
    var ids = (detail.ids || []).map(function (id) { return "claim-" + id; });
    if (ids.some(function (id) { return left.indexOf(id) >= 0; })) {
      refreshResults({ focus: "ids", ids: ids.concat(currentId ? [currentId] : []),
        message: detail.message || "" });
      return;
    }
    var queue = document.querySelector("[data-keyboard-list]");
    var first = null;
    (detail.ids || []).forEach(function (id) {
      var row = document.getElementById("claim-" + id);
      if (row && row.classList.contains("claim-row") && window.htmx) {
        first = first || row;
        var url = document.body.dataset.rowUrl.replace("/0/", "/" + id + "/") + "?next=" +
          encodeURIComponent(window.location.pathname + window.location.search);
        window.htmx.ajax("GET", url, { target: row, swap: "outerHTML" });
      }
      var panel = document.getElementById("panel-claim");
      if (panel && panel.dataset.claim === String(id)) {
        var body = document.getElementById("article-body");
        if (!body) window.location.reload();
      }
      // The reader's highlights carry the status too: the simplest honest redraw is the page.
      if (document.querySelector('#article-body mark[data-claim="' + id + '"]')) {
        window.location.reload();
      }
    });
    if (first && queue) currentId = first.id;
  });

  // --- new claims: a cheap poll while the queue is open and visible -------------------------
  function pollNew() {
    var box = document.getElementById("new-claims");
    if (!box || document.hidden || !window.htmx) return;
    var query = resultsQuery();
    var url = box.dataset.url + "?" + (query ? query + "&" : "") + "since=" + box.dataset.since;
    window.htmx.ajax("GET", url, { target: box, swap: "innerHTML" }).then(function () {
      var note = box.querySelector("[data-count]");
      var text = note ? note.querySelector(".new-claims-text").textContent : "";
      if (text && text !== saidNew) announce("This view has " + text + ".");
      saidNew = text;
    });
  }
  var box = document.getElementById("new-claims");
  keepSince();
  if (box) {
    window.setInterval(pollNew, (parseInt(box.dataset.pollSeconds, 10) || 30) * 1000);
    // Back on the tab: ask at once rather than wait for the next tick.
    document.addEventListener("visibilitychange", function () {
      if (!document.hidden) pollNew();
    });
  }

  document.body.addEventListener("htmx:afterSettle", function () {
    var el = current();
    if (el && !el.classList.contains("is-current")) el.classList.add("is-current");
    // A list drawn again took the focus with the old row: give it to the same row now.
    var active = document.activeElement;
    if (el && (!active || active === document.body)) el.focus({ preventScroll: true });
    var results = document.getElementById("results");
    if (results) results.setAttribute("aria-busy", "false");
  });
  // Shareable URLs: the filter form sends only the filters that are set.
  document.body.addEventListener("htmx:configRequest", function (e) {
    if (!e.detail.elt || e.detail.elt.id !== "filter-form") return;
    var params = e.detail.parameters;
    var keys = params instanceof FormData ? Array.from(params.keys()) : Object.keys(params);
    keys.forEach(function (key) {
      var value = params instanceof FormData ? params.get(key) : params[key];
      if (value === "" || value === null) {
        if (params instanceof FormData) params.delete(key);
        else delete params[key];
      }
    });
  });
  document.body.addEventListener("htmx:afterSwap", function (e) {
    if (e.detail.target && e.detail.target.id === "results") {
      resultsArrived(e.detail.target, e.detail.xhr);
    }
  });
  // The queue sends the filters it shows with every tag, so the answer can say whether the
  // claim still belongs in it.
  document.body.addEventListener("htmx:configRequest", function (e) {
    var form = e.detail.elt && e.detail.elt.closest && e.detail.elt.closest("form.tag-form");
    var query = resultsQuery();
    if (!form || query === null || !form.closest("#results")) return;
    var params = e.detail.parameters;
    if (typeof params.set === "function") params.set("filters", query);
    else params.filters = query;
  });
  // Two races between the list and a write, both left to the UI (the database is protected by
  // the versions): a list requested before a tag was saved may arrive after the tagged row was
  // swapped in and show the old row again (then fetch the list once more, unless a list was
  // asked for after the write: that one is coming); and a list may
  // replace the rows while a write is in flight, so the write's answer lands in a detached row
  // (then put it into the row that is on the page now).
  var lastWriteDone = 0;
  function watchWrite(xhr, target) {
    xhr.addEventListener("loadend", function () {
      lastWriteDone = performance.now();
      if (!target || !target.id || target.isConnected || !window.htmx) return;
      if (left.indexOf(target.id) >= 0) return;  // the row left the view: nothing to redraw
      var live = document.getElementById(target.id);
      var answered = xhr.status === 200 || xhr.status === 409 || xhr.status === 422;
      if (live && answered) {
        window.htmx.swap(live, xhr.responseText, { swapStyle: "outerHTML" });
      }
    });
  }
  document.body.addEventListener("htmx:afterSettle", function (e) {
    var xhr = e.detail.xhr;
    var target = e.detail.target;
    if (!xhr || !target || target.id !== "results" || !window.htmx) return;
    var config = e.detail.requestConfig;
    if (config && config.verb === "get" && latestList < lastWriteDone && !xhr.kzRefetched) {
      xhr.kzRefetched = true;
      window.htmx.ajax("GET", window.location.pathname + window.location.search, {
        target: "#results",
        swap: "innerHTML",
      });
    }
  });
  // The results last asked for win: a list requested earlier that arrives later (a refetch,
  // then a page crossing) is not drawn over them.
  var latestList = 0;
  document.body.addEventListener("htmx:beforeRequest", function (e) {
    var xhr = e.detail.xhr;
    if (xhr) {
      xhr.kzStarted = performance.now();
      if (e.detail.target && e.detail.target.id === "results") latestList = xhr.kzStarted;
      var config = e.detail.requestConfig;
      if (config && config.verb !== "get") watchWrite(xhr, e.detail.target);
    }
    if (e.detail.target && e.detail.target.id === "results") {
      e.detail.target.setAttribute("aria-busy", "true");
    }
  });
  document.body.addEventListener("htmx:afterRequest", function (e) {
    var target = e.detail.target;
    if (target && target.id === "results" && !e.detail.successful) pending = null;
  });
  // A write the server refused on purpose carries X-Kz-Refused: its answer is the form again,
  // with what was typed and the reason, so it is swapped in even for a 403.
  document.body.addEventListener("htmx:beforeSwap", function (e) {
    var xhr = e.detail.xhr;
    if (xhr && xhr.getResponseHeader("X-Kz-Refused")) {
      e.detail.shouldSwap = true;
      e.detail.isError = false;
    }
    var target = e.detail.target;
    if (xhr && target && target.id === "results" && xhr.kzStarted < latestList) {
      e.detail.shouldSwap = false;
    }
  });
  // Any other failure (a server error, a lost connection) swaps nothing, so the typed text stays
  // where it is; the reason goes beside the form and to the live region.
  function refused(e, text) {
    var live = document.getElementById("live");
    if (live) live.textContent = text;
    var elt = e.detail.elt;
    var form = elt && elt.closest ? elt.closest("form") : null;
    if (!form || !form.parentNode) return;
    var msg = form.parentNode.querySelector(":scope > .client-msg");
    if (!msg) {
      msg = document.createElement("p");
      msg.className = "row-msg conflict client-msg";
      msg.setAttribute("role", "alert");
      form.parentNode.insertBefore(msg, form);
    }
    msg.textContent = text;
    var details = form.querySelector("details.note");
    if (details && form.querySelector("textarea[name=note]").value) details.open = true;
  }
  document.body.addEventListener("htmx:responseError", function (e) {
    var status = e.detail.xhr.status;
    var text = status === 403
      ? "Not saved: the server refused (403; reload the page if your session expired). Your text is kept."
      : "Not saved: the server failed (" + status + "). Your text is kept; try again.";
    refused(e, text);
  });
  document.body.addEventListener("htmx:sendError", function (e) {
    refused(e, "Not saved: the server could not be reached. Your text is kept; try again.");
  });
})();
