// The report's inline script. It loads nothing: no URLs, no network calls; the event tables are built from JSON in the page.

/**
 * The report's script: the status filter of the control table, expand/collapse of scenarios,
 * and the event tables: rows built on first open from the embedded history, filters by instance
 * and kind, and an evidence link that opens its scenario, marks the event's row and highlights
 * the instance's lifetime and the event's time on the charts.
 */
export const SCRIPT = `
(function () {
  var buttons = document.querySelectorAll("[data-filter]");
  buttons.forEach(function (button) {
    button.addEventListener("click", function () {
      var wanted = button.getAttribute("data-filter");
      buttons.forEach(function (b) { b.setAttribute("aria-pressed", String(b === button)); });
      document.querySelectorAll("#controls tbody tr").forEach(function (row) {
        row.hidden = wanted !== "all" && row.getAttribute("data-status") !== wanted;
      });
      var fold = document.querySelector("#controls details.fold");
      if (fold && wanted === "inconclusive") fold.open = true;
    });
  });
  var toggle = document.getElementById("toggle-scenarios");
  if (toggle) toggle.addEventListener("click", function () {
    var all = document.querySelectorAll("details.scenario");
    var open = Array.prototype.some.call(all, function (d) { return !d.open; });
    all.forEach(function (d) { d.open = open; });
  });

  var cache = {};
  function historyOf(key) {
    if (!(key in cache)) {
      var el = document.querySelector('script.history[data-s="' + key + '"]');
      cache[key] = el ? JSON.parse(el.textContent) : null;
    }
    return cache[key];
  }
  function duration(ms) {
    if (ms < 0) return "-" + duration(-ms);
    if (ms === 0) return "0";
    if (ms < 1000) return ms + "ms";
    var s = Math.floor(ms / 1000), parts = [];
    var units = [["d", 86400], ["h", 3600], ["m", 60], ["s", 1]];
    units.forEach(function (u) { var n = Math.floor(s / u[1]); s -= n * u[1]; if (n > 0) parts.push(n + u[0]); });
    return parts.slice(0, 2).join(" ");
  }
  function cell(row, text, cls) {
    var td = document.createElement("td");
    td.textContent = text;
    if (cls) td.className = cls;
    row.appendChild(td);
  }
  function build(box) {
    if (box.getAttribute("data-ready")) return;
    var key = box.getAttribute("data-s"), data = historyOf(key);
    if (!data) return;
    var body = box.querySelector("tbody"), instances = {}, kinds = {};
    data.e.forEach(function (e) {
      var row = document.createElement("tr");
      row.id = "e-" + key + "-" + e[0];
      row.setAttribute("data-seq", e[0]);
      row.setAttribute("data-at", e[1]);
      row.setAttribute("data-kind", data.k[e[2]]);
      row.setAttribute("data-instance", e[4]);
      cell(row, e[0], "num");
      cell(row, duration(e[1]));
      cell(row, data.k[e[2]]);
      cell(row, data.a[e[3]]);
      cell(row, e[4]);
      cell(row, e[5] < 0 ? "" : e[5], "num");
      cell(row, e[6]);
      body.appendChild(row);
      if (e[4]) instances[e[4]] = true;
      kinds[data.k[e[2]]] = true;
    });
    function fill(select, values) {
      Object.keys(values).sort().forEach(function (v) {
        var option = document.createElement("option");
        option.value = v;
        option.textContent = v;
        select.appendChild(option);
      });
      select.addEventListener("change", function () { filter(box); });
    }
    fill(box.querySelector(".f-instance"), instances);
    fill(box.querySelector(".f-kind"), kinds);
    body.addEventListener("click", function (event) {
      var row = event.target.closest("tr");
      if (row) mark(key, row);
    });
    box.setAttribute("data-ready", "1");
    var shown = data.e.length < data.total ? data.e.length + " of " + data.total + " events shown" : data.total + " events";
    box.setAttribute("data-total", shown);
    filter(box);
  }
  function filter(box) {
    var instance = box.querySelector(".f-instance").value, kind = box.querySelector(".f-kind").value, visible = 0;
    box.querySelectorAll("tbody tr").forEach(function (row) {
      row.hidden = (instance !== "" && row.getAttribute("data-instance") !== instance) ||
        (kind !== "" && row.getAttribute("data-kind") !== kind);
      if (!row.hidden) visible += 1;
    });
    box.querySelector(".count").textContent = visible + " shown · " + (box.getAttribute("data-total") || "");
  }
  function charts(key, instance, atMs) {
    var scenario = document.getElementById(key);
    if (!scenario) return;
    scenario.querySelectorAll("svg.chart").forEach(function (svg) {
      svg.classList.toggle("has-hl", instance !== "");
      svg.querySelectorAll("[data-instance]").forEach(function (n) {
        n.classList.toggle("hl", n.getAttribute("data-instance") === instance);
      });
      var line = svg.querySelector("line.cursor"), from = +svg.getAttribute("data-from-ms"), to = +svg.getAttribute("data-to-ms");
      var x0 = +svg.getAttribute("data-x0"), x1 = +svg.getAttribute("data-x1");
      if (!line || to <= from) return;
      var x = x0 + ((atMs - from) / (to - from)) * (x1 - x0);
      line.setAttribute("x1", x);
      line.setAttribute("x2", x);
      line.setAttribute("visibility", "visible");
    });
  }
  function mark(key, row) {
    var box = row.closest(".events"), instance = row.getAttribute("data-instance");
    box.querySelectorAll("tr.hit, tr.same").forEach(function (r) { r.classList.remove("hit", "same"); });
    row.classList.add("hit");
    if (instance) box.querySelectorAll('tbody tr[data-instance="' + instance + '"]').forEach(function (r) {
      if (r !== row) r.classList.add("same");
    });
    charts(key, instance, +row.getAttribute("data-at"));
  }
  function show(key, seq) {
    var scenario = document.getElementById(key);
    if (!scenario) return false;
    scenario.open = true;
    var fold = scenario.querySelector("details.events-fold");
    if (fold) fold.open = true;
    var box = scenario.querySelector(".events");
    if (!box) return false;
    build(box);
    var row = document.getElementById("e-" + key + "-" + seq);
    if (!row) return false;
    if (row.hidden) {
      box.querySelector(".f-instance").value = "";
      box.querySelector(".f-kind").value = "";
      filter(box);
    }
    mark(key, row);
    row.scrollIntoView({ block: "center" });
    return true;
  }
  document.querySelectorAll("details.events-fold").forEach(function (fold) {
    fold.addEventListener("toggle", function () { if (fold.open) build(fold.querySelector(".events")); });
  });
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("a.ev");
    if (!link) return;
    event.preventDefault();
    if (show(link.getAttribute("data-s"), link.getAttribute("data-seq"))) {
      try { window.history.replaceState(null, "", link.getAttribute("href")); } catch (e) { }
    }
  });
  var target = /^#e-(.+)-(\\d+)$/.exec(location.hash);
  if (target) show(target[1], target[2]);
})();
`;
