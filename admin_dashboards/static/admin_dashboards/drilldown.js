/* PostFlow drill-down for unfold's Chart.js charts (loaded on every admin page through UNFOLD["SCRIPTS"]).
 *
 * After unfold has drawn its charts, every chart gets a legend, tooltips that answer anywhere along the x
 * position (interaction mode "index", intersect false), and clicks: a payload's `links[i]` (or a dataset's
 * `links[i]`, for the line nearest the pointer) is where a click on the i-th x position goes.
 * `valueLabels: true` writes each bar's value above it. No inline script: the CSP helper can forbid them.
 */
(function () {
  "use strict";

  function linkFor(chart, event) {
    const data = chart.data;
    const nearest = chart.getElementsAtEventForMode(event, "nearest", { intersect: false }, true)[0];
    const atIndex = chart.getElementsAtEventForMode(event, "index", { intersect: false }, true)[0];
    const hit = nearest || atIndex;
    if (!hit) {
      return null;
    }
    const datasetLinks = data.datasets[hit.datasetIndex] && data.datasets[hit.datasetIndex].links;
    if (datasetLinks && datasetLinks[hit.index]) {
      return datasetLinks[hit.index];
    }
    return data.links ? data.links[hit.index] || null : null;
  }

  const valueLabels = {
    id: "pfValueLabels",
    afterDatasetsDraw(chart) {
      if (!chart.data.valueLabels) {
        return;
      }
      const ctx = chart.ctx;
      ctx.save();
      ctx.font = "600 11px Inter, sans-serif";
      ctx.fillStyle = getComputedStyle(document.documentElement).getPropertyValue("--color-base-500") || "#6b7280";
      ctx.textAlign = "center";
      chart.data.datasets.forEach((dataset, datasetIndex) => {
        const meta = chart.getDatasetMeta(datasetIndex);
        if (meta.hidden) {
          return;
        }
        meta.data.forEach((element, index) => {
          const value = dataset.data[index];
          if (value === null || value === undefined) {
            return;
          }
          ctx.fillText(Number(value).toLocaleString(), element.x, element.y - 4);
        });
      });
      ctx.restore();
    },
  };

  if (window.Chart) {
    Chart.register(valueLabels);
  }

  // One bar per category: the legend names each category with its value, and clicking it drills down too.
  function categoryLegend(chart) {
    const labels = chart.options.plugins.legend.labels;
    const dataset = chart.data.datasets[0];
    labels.generateLabels = (target) => target.data.labels.map((label, index) => {
      const colour = Array.isArray(dataset.backgroundColor) ? dataset.backgroundColor[index] : dataset.backgroundColor;
      const value = dataset.data[index];
      return {
        text: `${label}: ${value === null || value === undefined ? "n/a" : Number(value).toLocaleString()}`,
        fillStyle: colour, strokeStyle: colour, pointStyle: "rect", hidden: false, index, datasetIndex: 0,
        fontColor: "#6b7280",
      };
    });
    chart.options.plugins.legend.onClick = (event, item) => {
      const target = chart.data.links && chart.data.links[item.index];
      if (target) {
        window.location.assign(target);
      }
    };
  }

  function enhance(canvas) {
    const chart = window.Chart && Chart.getChart(canvas);
    if (!chart || canvas.dataset.pfEnhanced) {
      return;
    }
    canvas.dataset.pfEnhanced = "1";
    const options = chart.options;
    options.interaction = { mode: "index", intersect: false };
    options.plugins.legend.display = true;
    options.plugins.legend.labels.usePointStyle = true;
    options.plugins.legend.labels.boxWidth = 10;
    options.plugins.legend.labels.boxHeight = 10;
    options.plugins.tooltip.enabled = true;
    options.plugins.tooltip.mode = "index";
    options.plugins.tooltip.intersect = false;
    options.plugins.tooltip.usePointStyle = true;
    // Each line's own point shape in the legend (unfold forces circles), so colour is never the only cue.
    delete options.plugins.legend.labels.pointStyle;
    chart.data.datasets.forEach((dataset) => {
      if ((dataset.type || chart.config.type) === "bar" && dataset.maxBarThickness === undefined) {
        dataset.maxBarThickness = 40;  // unfold's 4 px bars are too thin to aim a click at
      }
    });
    if (chart.data.valueLabels) {
      options.layout = { padding: { top: 18 } };
      if (chart.data.datasets.length === 1) {
        categoryLegend(chart);
      }
    }
    const clickable = Boolean(chart.data.links) || chart.data.datasets.some((dataset) => dataset.links);
    if (clickable) {
      canvas.classList.add("pf-clickable");
      canvas.setAttribute("title", canvas.getAttribute("title") || "Click to see the posts behind this point");
      options.onClick = (event) => {
        const target = linkFor(chart, event.native || event);
        if (target) {
          window.location.assign(target);
        }
      };
    }
    chart.update();
    canvas.dataset.pfReady = "1";
  }

  function enhanceAll() {
    document.querySelectorAll("canvas.chart").forEach(enhance);
    document.documentElement.dataset.pfCharts = "ready";
  }

  // unfold draws its charts in its own "load" handler, registered after this file: run just after it.
  window.addEventListener("load", () => window.setTimeout(enhanceAll, 0));
})();
