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

  // "2024-01" (or a year alone, "2024") as the first day of that month, in UTC.
  function monthStart(value) {
    var text = String(value);
    if (/^\d{4}$/.test(text)) text += "-01";
    return /^\d{4}-\d{2}/.test(text) ? text.slice(0, 7) + "-01" : null;
  }

  function addMonths(day, months) {
    var d = new Date(day + "T00:00:00Z");
    d.setUTCMonth(d.getUTCMonth() + months);
    return d.toISOString().slice(0, 10);
  }

  // A continuous month axis at least a year long, a month either side of the data: one
  // month of statements is a bar a month wide, not a bar the width of the chart.
  function monthDomain(rows, field) {
    var days = rows.map(function (row) { return row[field]; }).filter(Boolean).sort();
    var first = addMonths(days[0], -1), last = addMonths(days[days.length - 1], 1);
    var span = (Date.parse(last) - Date.parse(first)) / (30.44 * 24 * 3600 * 1000);
    if (span < 12) {
      var pad = Math.ceil((12 - span) / 2);
      first = addMonths(first, -pad);
      last = addMonths(last, pad);
    }
    return [first, addMonths(last, 1)];
  }

  // Counts are whole numbers: no tick between two of them (tickMinStep alone still let
  // 0.5 through, labelled "1" by the format), and no more ticks than the largest total.
  function countAxis(rows, by, y) {
    var totals = {};
    rows.forEach(function (row) {
      totals[row[by]] = (totals[row[by]] || 0) + (Number(row[y]) || 0);
    });
    var largest = Math.max.apply(null, Object.values(totals).concat([1]));
    return {tickMinStep: 1, format: "d", tickCount: Math.max(1, Math.min(Math.ceil(largest), 8))};
  }

  function spec(el, rows) {
    var x = el.dataset.x, y = el.dataset.y, color = el.dataset.color;
    var months = el.dataset.kind !== "bars";
    var encoding;
    if (!months) {
      encoding = {
        y: {field: x, type: "nominal", sort: "-x", title: null},
        x: {aggregate: "sum", field: y, type: "quantitative", title: y, axis: countAxis(rows, x, y)}
      };
    } else {
      rows = rows.map(function (row) {
        var copy = Object.assign({}, row);
        copy[x] = monthStart(row[x]);
        return copy;
      }).filter(function (row) { return row[x]; });
      encoding = {
        x: {field: x, type: "temporal", timeUnit: "utcyearmonth", title: null,
            scale: {domain: monthDomain(rows, x)},
            axis: {format: "%Y-%m", labelAngle: -45, tickCount: {interval: "month", step: 1}}},
        y: {aggregate: "sum", field: y, type: "quantitative", title: y, axis: countAxis(rows, x, y)}
      };
    }
    var narrow = (el.clientWidth || 600) < 640;  // a phone: the legend goes under the chart
    if (color) {
      encoding.color = {field: color, type: "nominal", title: el.dataset.colorTitle || color,
                        scale: {scheme: "tableau20"},
                        legend: narrow ? {orient: "bottom", columns: 1, labelLimit: 300} : {}};
    }
    encoding.tooltip = [x, color, y].filter(Boolean).map(function (f) {
      if (f === x && months) return {field: f, type: "temporal", timeUnit: "utcyearmonth", title: "month", format: "%Y-%m"};
      return {field: f, type: f === y ? "quantitative" : "nominal"};
    });
    return {
      $schema: "https://vega.github.io/schema/vega-lite/v5.json",
      data: {values: rows},
      mark: {type: "bar", tooltip: true},
      encoding: encoding,
      // The element's width, measured: "container" with a discrete height (the bars) makes
      // Vega-Lite warn that it drops fit-y.
      width: Math.max(160, (el.clientWidth || 600) - (color && !narrow ? 300 : 70)
                               - (months ? 0 : 110)),
      height: months ? 280 : {step: 24},
      autosize: {type: "pad"},
      config: {font: "sans-serif", legend: {labelLimit: 320}}
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
