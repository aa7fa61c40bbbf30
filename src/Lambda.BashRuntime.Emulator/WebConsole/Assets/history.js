// The console's history (loaded after console.js, whose t, $, loadJson, fetchEntry, timeOf, cell, emptyRow,
// errorDetail, showResult and runInvoke it uses): the last invokes
// of any client with their source and error, Show and Re-run, the filter per function, and inline SVG charts of
// Duration, Init Duration and Max Memory Used with the same figures as a table.
"use strict";

let historyEntries = [];

async function refreshHistory() {
  historyEntries = await loadJson("history");
  const select = $("history-function");
  const previous = select.value;
  const names = [...new Set(historyEntries.map((e) => e.functionName))].sort();
  select.replaceChildren(new Option(t.allFunctions, ""), ...names.map((n) => new Option(n, n)));
  if (names.includes(previous)) select.value = previous;
  renderHistory();
}

/** The history's rows and charts for the function chosen in the filter (all of them by default). */
function renderHistory() {
  const only = $("history-function").value;
  const entries = historyEntries.filter((e) => !only || e.functionName === only);
  const tbody = $("history").tBodies[0];
  // A re-render must not lose the keyboard's place: the focused button is focused again in the new row.
  const focused = document.activeElement && tbody.contains(document.activeElement) ? document.activeElement.dataset : null;
  const refocus = focused ? { id: focused.requestId, action: focused.action } : null;
  tbody.replaceChildren();
  if (entries.length === 0) emptyRow(tbody, 6, t.noHistory);
  for (const entry of entries) {
    const row = tbody.insertRow();
    const time = timeOf(entry);
    row.dataset.requestId = entry.requestId;
    row.classList.toggle("selected", entry.requestId === selectedRequestId);
    cell(row, time);
    cell(row, entry.functionName + (entry.qualifier ? `:${entry.qualifier}` : ""));
    cell(row, sourceText(entry.source));
    cell(row, t.typeText(entry.invocationType, entry.streamed));
    const status = cell(row, t[entry.status] || entry.status);
    status.className = entry.status === "Failed" ? "bad" : "ok";
    if (entry.status === "Failed") {
      const detail = document.createElement("span");
      detail.className = "error-detail";
      detail.textContent = errorDetail(entry);
      status.append(detail);
    }
    const actions = row.insertCell();
    actions.className = "actions";
    for (const [action, text, label, work] of [
      ["show", t.show, t.showLabel(entry.functionName, time), () => showEntry(entry.requestId)],
      ["rerun", t.rerun, t.rerunLabel(entry.functionName, time), () => rerun(entry.requestId)],
    ]) {
      const button = document.createElement("button");
      button.type = "button";
      button.className = "link";
      button.textContent = text;
      button.dataset.requestId = entry.requestId;
      button.dataset.action = action;
      button.setAttribute("aria-label", label);
      button.addEventListener("click", work);
      actions.append(button);
      if (refocus && refocus.id === entry.requestId && refocus.action === action) button.focus();
    }
  }
  renderCharts([...entries].reverse(), only);
}

const SVG = "http://www.w3.org/2000/svg";

function svgElement(name, attributes) {
  const element = document.createElementNS(SVG, name);
  for (const [key, value] of Object.entries(attributes || {})) element.setAttribute(key, value);
  return element;
}

/** A figure as the REPORT line writes it: "12.34 ms", "48 MB"; "–" when the invoke has none. */
function figureText(value, unit) {
  return value === null || value === undefined ? "–" : `${unit === "ms" ? value.toFixed(2) : value} ${unit}`;
}

/**
 * Small inline charts (plain SVG drawn here, no library) of Duration, Init Duration and Max Memory Used over the
 * entries shown, oldest first. Each is an image with a title and a description naming its range; the table under
 * them has every figure as text.
 */
function renderCharts(entries, only) {
  const metrics = [
    { key: "durationMs", name: t.duration, unit: "ms", line: true },
    { key: "initDurationMs", name: t.initDuration, unit: "ms", line: false, note: t.coldOnly },
    { key: "maxMemoryUsedMb", name: t.maxMemory, unit: "MB", line: true },
  ];
  const charts = $("charts");
  charts.replaceChildren();
  const width = 320, height = 90, pad = 6;
  for (const metric of metrics) {
    const id = `chart-${metric.key}`;
    const box = document.createElement("div");
    box.className = "chart";
    const heading = Object.assign(document.createElement("h4"), { id: `${id}-heading` });
    heading.textContent = `${metric.name} (${metric.unit})${metric.note ? ` – ${metric.note}` : ""}`;
    box.append(heading);
    const points = entries.map((e, index) => ({ index, value: e.figures ? e.figures[metric.key] : null, failed: e.status === "Failed" }))
      .filter((p) => p.value !== null && p.value !== undefined);
    const range = document.createElement("p");
    range.className = "note";
    if (points.length === 0) {
      range.textContent = t.chartEmpty;
      box.append(range);
      charts.append(box);
      continue;
    }
    const values = points.map((p) => p.value);
    const [min, max, last] = [Math.min(...values), Math.max(...values), values[values.length - 1]].map((v) => figureText(v, metric.unit));
    const top = Math.max(...values) || 1;
    const x = (index) => entries.length === 1 ? width / 2 : pad + (index * (width - 2 * pad)) / (entries.length - 1);
    const y = (value) => height - pad - (value / top) * (height - 2 * pad);
    const svg = svgElement("svg", {
      id, viewBox: `0 0 ${width} ${height}`, role: "img", "aria-labelledby": `${id}-title`, "aria-describedby": `${id}-desc`,
      class: "chart-svg", focusable: "false",
    });
    const title = svgElement("title", { id: `${id}-title` });
    title.textContent = t.chartTitle(metric.name, entries.length, only);
    const desc = svgElement("desc", { id: `${id}-desc` });
    desc.textContent = t.chartDesc(points.length, entries.length, min, max, last);
    svg.append(title, desc, svgElement("line", { x1: pad, y1: height - pad, x2: width - pad, y2: height - pad, class: "chart-axis" }));
    if (metric.line && points.length > 1) {
      svg.append(svgElement("polyline", { points: points.map((p) => `${x(p.index).toFixed(1)},${y(p.value).toFixed(1)}`).join(" "), class: "chart-line" }));
    }
    for (const p of points) {
      svg.append(svgElement("circle", { cx: x(p.index).toFixed(1), cy: y(p.value).toFixed(1), r: 3.5, class: p.failed ? "chart-point failed" : "chart-point" }));
    }
    range.textContent = t.chartRange(min, max, last);
    box.append(svg, range);
    charts.append(box);
  }
  const tbody = $("figures-table").tBodies[0];
  tbody.replaceChildren();
  if (entries.length === 0) emptyRow(tbody, 5, t.noHistory);
  for (const entry of entries) {
    const row = tbody.insertRow();
    const figures = entry.figures || {};
    cell(row, timeOf(entry));
    cell(row, entry.functionName);
    cell(row, figureText(figures.durationMs, "ms"));
    cell(row, figureText(figures.initDurationMs, "ms"));
    cell(row, figureText(figures.maxMemoryUsedMb, "MB"));
  }
}

/** Where an invoke came from, as the history names it. */
function sourceText(source) {
  if (!source) return "–";
  switch (source.kind) {
    case "Console": return t.sourceConsole;
    case "InvokeApi": return t.sourceApi(source.operation);
    case "FunctionUrl": return t.sourceUrl(source.method, source.path);
    case "Event": return t.sourceEvent(source.attempt);
    default: return source.kind;
  }
}

async function showEntry(requestId) {
  const response = await fetchEntry(requestId);
  if (response.ok) showResult(await response.json());
}

/** The entry's invoke once more: the same function, qualifier, event, invocation type (and trace switch). */
async function rerun(requestId) {
  const response = await fetchEntry(requestId);
  if (!response.ok) return;
  const entry = await response.json();
  if (entry.requestTruncated) {
    $("result-status").textContent = t.rerunTruncated;
    $("result-status").className = "bad";
    return;
  }
  await runInvoke({
    functionName: entry.functionName, qualifier: entry.qualifier, invocationType: entry.invocationType,
    payload: entry.request, trace: !!entry.trace,
  });
}
