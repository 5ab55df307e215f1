/* Keyboard review for kzclaims: j/k move, v/d/o/r tag (and advance), u undo, n note,
   x select, / search, ? keys. Plain DOM and htmx's JS API; no eval, no inline handlers. */
(function () {
  "use strict";

  var currentId = null;

  function rows() {
    return Array.prototype.slice.call(
      document.querySelectorAll("[data-keyboard-list] > .claim-row")
    );
  }
  function marks() {
    return Array.prototype.slice.call(document.querySelectorAll("#article-body mark[data-n]"));
  }
  function current() {
    return currentId ? document.getElementById(currentId) : null;
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
  function move(delta) {
    var list = rows();
    if (list.length) {
      var i = list.indexOf(current());
      i = i < 0 ? 0 : Math.min(list.length - 1, Math.max(0, i + delta));
      setCurrent(list[i]);
      return;
    }
    var ms = marks();
    if (!ms.length) return;
    var j = ms.indexOf(document.activeElement);
    if (j < 0 && currentId) j = ms.indexOf(document.getElementById(currentId));
    j = j < 0 ? 0 : Math.min(ms.length - 1, Math.max(0, j + delta));
    ms.forEach(function (m, n) { if (!m.id) m.id = "mark-" + m.dataset.n; });
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
    switch (event.key) {
      case "j": move(1); break;
      case "k": move(-1); break;
      case "v": case "d": case "o": case "r": case "s": case "a":
        if (!press('button[data-key="' + event.key + '"]')) return;
        break;
      case "u": case "U":
        if (!press('button[data-key="' + event.key + '"]', document.getElementById(
          event.key === "u" ? "history-undo" : "history-redo"))) return;
        break;
      case "n": {
        var root = scope();
        if (!root) return;
        var details = root.querySelector("details.note");
        if (details) details.open = true;
        var field = root.querySelector("textarea[name=note]");
        if (!field) return;
        field.focus();
        break;
      }
      case "x": {
        var box = current() && current().querySelector("input.select");
        if (!box) return;
        box.checked = !box.checked;
        break;
      }
      case "Enter": {
        if (target.matches("mark[data-n]")) { openPanel(target.dataset.n); break; }
        if (!target.matches(".claim-row")) return;
        var link = target.querySelector("a.open");
        if (link) window.location.assign(link.href);
        break;
      }
      case "/": {
        var search = document.getElementById("id_q");
        if (!search) return;
        search.focus();
        search.select();
        break;
      }
      case "?":
        if (dialog) dialog.showModal();
        break;
      default:
        return;
    }
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
      if (!advance || currentId !== row.id) {
        if (currentId === row.id) setCurrent(row);
        return;
      }
      var list = rows();
      var next = list[list.indexOf(row) + 1];
      setCurrent(next || row);
    } else if (current()) {
      current().classList.add("is-current");
    }
  }
  document.body.addEventListener("claim-tagged", function (e) { statusChanged(e, true); });
  document.body.addEventListener("claim-undone", function (e) { statusChanged(e, false); });
  document.body.addEventListener("claim-noted", function (e) { statusChanged(e, false); });
  // An undo or redo step: reload the rows (and the open panel) of the claims it changed.
  document.body.addEventListener("history-walked", function (e) {
    var detail = e.detail || {};
    var live = document.getElementById("live");
    if (live) live.textContent = detail.message || "";
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

  document.body.addEventListener("htmx:afterSettle", function () {
    var el = current();
    if (el && !el.classList.contains("is-current")) el.classList.add("is-current");
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
      var count = e.detail.target.querySelector(".results-head .count");
      var live = document.getElementById("live");
      if (count && live) live.textContent = count.textContent + " claims";
    }
  });
  // Two races between the list and a write, both left to the UI (the database is protected by
  // the versions): a list requested before a tag was saved may arrive after the tagged row was
  // swapped in and show the old row again (then fetch the list once more); and a list may
  // replace the rows while a write is in flight, so the write's answer lands in a detached row
  // (then put it into the row that is on the page now).
  var lastWriteDone = 0;
  function watchWrite(xhr, target) {
    xhr.addEventListener("loadend", function () {
      lastWriteDone = performance.now();
      if (!target || !target.id || target.isConnected || !window.htmx) return;
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
    if (config && config.verb === "get" && xhr.kzStarted < lastWriteDone && !xhr.kzRefetched) {
      xhr.kzRefetched = true;
      window.htmx.ajax("GET", window.location.pathname + window.location.search, {
        target: "#results",
        swap: "innerHTML",
      });
    }
  });
  document.body.addEventListener("htmx:beforeRequest", function (e) {
    var xhr = e.detail.xhr;
    if (xhr) {
      xhr.kzStarted = performance.now();
      var config = e.detail.requestConfig;
      if (config && config.verb !== "get") watchWrite(xhr, e.detail.target);
    }
    if (e.detail.target && e.detail.target.id === "results") {
      e.detail.target.setAttribute("aria-busy", "true");
    }
  });
  // A write the server refused on purpose carries X-Kz-Refused: its answer is the form again,
  // with what was typed and the reason, so it is swapped in even for a 403.
  document.body.addEventListener("htmx:beforeSwap", function (e) {
    var xhr = e.detail.xhr;
    if (xhr && xhr.getResponseHeader("X-Kz-Refused")) {
      e.detail.shouldSwap = true;
      e.detail.isError = false;
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
