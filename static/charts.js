// Charts for quotecheck pages: every element with data-qc-chart gets a Vega-Lite chart of
// the rows that URL returns (a canned query's .json?_shape=objects, whose `truncated` says
// when Datasette cut the rows at max_returned_rows: the chart then says it shows only part).
// The libraries are vendored in static/vendor/, so nothing is fetched from a CDN.
//
//   data-qc-chart  URL of the rows
//   data-kind      "months": stacked bars per month (x = a YYYY-MM column)
//                  "bars":   stacked horizontal bars per category (y = the category column)
//   data-x, data-y, data-color   column names (data-color optional)
//   data-empty     text shown when there are no rows
//
// Text from the data reaches the chart only as SVG text and as the tooltip, which vega-embed
// escapes; nothing is inserted as HTML here.
(function () {
  "use strict";

  function distinct(rows, field) {
    return new Set(rows.map(function (row) { return row[field]; })).size;
  }

  function spec(el, rows) {
    var x = el.dataset.x, y = el.dataset.y, color = el.dataset.color;
    var encoding;
    if (el.dataset.kind === "bars") {
      encoding = {
        y: {field: x, type: "nominal", sort: "-x", title: null},
        x: {aggregate: "sum", field: y, type: "quantitative", title: y}
      };
    } else {
      encoding = {
        x: {field: x, type: "ordinal", title: null, axis: {labelAngle: -45}},
        y: {aggregate: "sum", field: y, type: "quantitative", title: y}
      };
    }
    if (color) {
      encoding.color = {field: color, type: "nominal", title: color,
                        scale: {scheme: "tableau20"}};
    }
    encoding.tooltip = [x, color, y].filter(Boolean).map(function (f) {
      return {field: f, type: f === y ? "quantitative" : "nominal"};
    });
    return {
      $schema: "https://vega.github.io/schema/vega-lite/v5.json",
      data: {values: rows},
      mark: {type: "bar"},
      encoding: encoding,
      // a few months: bars of a fixed width, not one bar the width of the page
      width: el.dataset.kind === "months" && distinct(rows, x) < 24 ? {step: 36} : "container",
      height: el.dataset.kind === "bars" ? {step: 22} : 260,
      config: {font: "sans-serif", legend: {labelLimit: 220}}
    };
  }

  function message(el, text) {
    var p = document.createElement("p");
    p.className = "qc-chart-message";
    p.textContent = text;
    el.replaceChildren(p);
  }

  // Shown under the chart, outside the element vega-embed redraws.
  function truncatedNotice(el, count) {
    var p = document.createElement("p");
    p.className = "qc-chart-truncated";
    p.setAttribute("role", "status");
    p.textContent = "Only the first " + count + " rows are drawn: the query returned more " +
      "than the site's row limit, so this chart is incomplete. The full data is in the CSV.";
    el.insertAdjacentElement("afterend", p);
  }

  function draw(el) {
    fetch(el.dataset.qcChart, {headers: {Accept: "application/json"}})
      .then(function (response) {
        if (!response.ok) throw new Error("HTTP " + response.status);
        return response.json();
      })
      .then(function (data) {
        var rows = data && data.rows;
        if (!Array.isArray(rows) || rows.length === 0) {
          message(el, el.dataset.empty || "No data yet.");
          el.dataset.qcChartState = "empty";
          return;
        }
        if (data.truncated) {
          el.dataset.qcChartTruncated = "true";
          truncatedNotice(el, rows.length);
        }
        return vegaEmbed(el, spec(el, rows), {renderer: "svg", actions: false})
          .then(function () { el.dataset.qcChartState = "drawn"; });
      })
      .catch(function (error) {
        message(el, "The chart could not be drawn: " + error.message);
        el.dataset.qcChartState = "error";
      });
  }

  function start() {
    if (typeof vegaEmbed === "undefined") return;  // the static mount is missing
    document.querySelectorAll("[data-qc-chart]").forEach(draw);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
