// policysim workshop page: plain JavaScript, no external assets. The server does the work;
// this page draws the form from the schema it is sent, posts edits, and polls for progress.
"use strict";

const state = {study: null, current: null, shown: null, polling: false, checkTimer: null};
const $ = (id) => document.getElementById(id);

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (key === "text") node.textContent = value;
    else if (value !== undefined && value !== null && value !== false) node.setAttribute(key, value);
  }
  for (const child of children) if (child) node.append(child);
  return node;
}

// every write carries the session token the server put in the page (it refuses writes without it)
const TOKEN = document.querySelector('meta[name="policysim-token"]').content;

async function api(path, body) {
  const init = body === undefined ? {} :
    {method: "POST", headers: {"Content-Type": "application/json", "X-Policysim-Token": TOKEN}, body: JSON.stringify(body)};
  const response = await fetch(path, init);
  let data = {};
  try { data = await response.json(); } catch (e) { data = {message: `server answered ${response.status}`}; }
  return {ok: response.ok, status: response.status, data};
}

// ---- studies --------------------------------------------------------------------------------

async function loadStudies() {
  const {data} = await api("/api/studies");
  const select = $("study");
  select.replaceChildren();
  const configs = el("optgroup", {label: "Experiment files (configs/)"});
  for (const c of data.configs) configs.append(el("option", {value: c.ref, text: c.name + (c.error ? " (invalid)" : "")}));
  const results = el("optgroup", {label: "Results folders"});
  for (const r of data.results) results.append(el("option", {value: r.ref, text: r.name + (r.quick ? " (quick)" : "")}));
  select.append(configs, results);
  const first = data.initial || (data.configs.find((c) => c.name === "blockbuster_vs_netflix") || data.configs[0] || {}).ref;
  if (first) { select.value = first; await openStudy(first); }
}

async function openStudy(ref) {
  const {ok, data} = await api("/api/study?ref=" + encodeURIComponent(ref));
  $("form-error").textContent = ok ? "" : data.message;
  if (!ok) return;
  state.study = data;
  $("study-description").textContent = data.description;
  drawVariants(data);
  drawRivals(data);
  drawUncertainties(data.uncertainties);
  clearTimeout(state.checkTimer);  // a focused field of the old form fires "change" as it goes: nothing to check
  $("changes").replaceChildren();
  refreshRuns();
}

// ---- the form, drawn from the schema --------------------------------------------------------

function drawVariants(study) {
  $("variants").replaceChildren(...Object.entries(study.variants).map(([name, variant]) =>
    firmCard("variants", name, variant, study.groups, study.change_fields, variant.baseline ? "baseline" : "")));
}

// rivals are part of the scenario: the same editors, apart from our variants, with their own fields first
function drawRivals(study) {
  const rivals = Object.entries(study.rivals);
  $("rivals-section").hidden = rivals.length === 0;
  $("rivals").replaceChildren(...rivals.map(([name, rival]) =>
    firmCard("scenario.rivals", name, rival, study.rival_groups, study.change_fields, "rival")));
  $("market").replaceChildren(...study.market.map((f) => drawField(f.name, f, f.value)));
}

function firmCard(where, name, firm, groups, changeFields, badge) {
  const prefix = `${where}.${name}`;
  const card = el("div", {class: "firm", "data-name": name, "data-firm": prefix},
    el("h3", {text: name}, badge ? el("span", {class: badge, text: badge}) : null),
    el("p", {class: "description", text: firm.description}));
  const firstLever = groups.findIndex((group) => !group.own);  // open: a rival's own fields and the first lever
  groups.forEach((group, i) => card.append(drawGroup(prefix, group, firm.values[group.name], i <= firstLever)));
  card.append(drawTimeline(prefix, firm.changes, changeFields));
  return card;
}

function drawGroup(firm, group, values, open) {
  const prefix = group.own ? firm : `${firm}.${group.name}`;  // a rival's own fields sit on its table
  const details = el("details", {"data-group": group.name, open: open ? "" : false},
    el("summary", {text: group.title, title: group.description}));
  if (!group.tag) {
    for (const field of group.fields) details.append(drawField(`${prefix}.${field.name}`, field, values[field.name]));
    return details;
  }
  const current = values[group.tag];
  const tagField = {name: group.tag, title: group.title + " " + group.tag, kind: "choice",
                    choices: Object.keys(group.options), description: ""};
  const tagRow = drawField(`${prefix}.${group.tag}`, tagField, current);
  details.append(tagRow);
  for (const [tag, option] of Object.entries(group.options)) {
    const box = el("div", {class: "option", "data-option": tag, title: option.description});
    for (const field of option.fields) {
      const value = tag === current ? values[field.name] : field.default;
      box.append(drawField(`${prefix}.${field.name}`, field, value, tag === current ? "" : tag));
    }
    box.hidden = tag !== current;
    details.append(box);
  }
  tagRow.querySelector("select").addEventListener("change", (event) => {
    for (const box of details.querySelectorAll(".option")) box.hidden = box.dataset.option !== event.target.value;
  });
  return details;
}

function drawField(path, field, value, option = "") {
  // a field of a pricing model not chosen now carries its model's name in its id (ids stay unique)
  const id = "f-" + path.replace(/[^A-Za-z0-9_-]/g, "_") + (option ? `-${option}` : "");
  const row = el("div", {class: "field"}, el("label", {for: id, text: field.title, title: field.description}));
  let input;
  if (field.kind === "plans") {
    input = drawPlans(id, field, value);
  } else if (field.kind === "choice") {
    input = el("select", {id});
    for (const choice of field.choices) input.append(el("option", {value: choice, text: choice}));
    input.value = value;
  } else if (field.kind === "boolean") {
    input = el("input", {id, type: "checkbox"});
    input.checked = Boolean(value);
  } else if (field.kind === "choices") {
    input = el("span", {id, class: "choices"});
    for (const choice of field.choices) {
      const box = el("input", {type: "checkbox", value: choice});
      box.checked = (value || []).includes(choice);
      input.append(el("label", {}, box, " " + choice));
    }
  } else {
    input = el("input", {id, type: "text", inputmode: field.kind === "text" ? "text" : "decimal"});
    input.value = value === null || value === undefined ? "" : String(value);
  }
  input.dataset.path = path;
  input.dataset.kind = field.kind;
  input.dataset.initial = JSON.stringify(readInput(input));
  input.addEventListener("input", onEdit);
  input.addEventListener("change", onEdit);
  row.append(input);
  if (field.low !== undefined) row.append(el("span", {class: "range", text: `plausible: ${field.low} to ${field.high}`}));
  row.append(el("span", {class: "field-error", "data-for": path}));
  return row;
}

function drawUncertainties(fields) {
  const box = $("uncertainties");
  box.replaceChildren(...fields.map((f) => drawField(f.name, f, f.value)));
}

function readInput(input) {
  const kind = input.dataset.kind;
  if (kind === "plans") return readPlans(input);
  if (kind === "boolean") return input.checked;
  if (kind === "choice") return input.value;
  if (kind === "choices") return [...input.querySelectorAll("input:checked")].map((b) => b.value);
  if (kind === "text") return input.value;
  const text = input.value.trim();
  const number = Number(text);
  return text !== "" && Number.isFinite(number) ? number : input.value;  // the server says what is wrong
}

function readFirm(card) {
  const levers = {};
  for (const details of card.querySelectorAll("details[data-group]")) {
    const values = {};
    for (const input of details.querySelectorAll("[data-path]")) {
      if (input.closest(".option") && input.closest(".option").hidden) continue;
      values[input.dataset.path.split(".").pop()] = readInput(input);
    }
    levers[details.dataset.group] = values;
  }
  const timeline = card.querySelector("details[data-timeline]");
  if (timeline.classList.contains("changed")) levers.changes = readTimeline(timeline);
  return levers;
}

function collect() {
  const firms = (box) => Object.fromEntries([...box.querySelectorAll(".firm")].map((card) => [card.dataset.name, readFirm(card)]));
  const byPath = (box) => Object.fromEntries([...box.querySelectorAll("[data-path]")].map((input) => [input.dataset.path, readInput(input)]));
  return {study: state.study.ref, variants: firms($("variants")), rivals: firms($("rivals")),
          uncertainties: byPath($("uncertainties")), market: byPath($("market"))};
}

function onEdit(event) {
  const input = event.target.closest("[data-path]");
  input.classList.toggle("changed", JSON.stringify(readInput(input)) !== input.dataset.initial);
  clearTimeout(state.checkTimer);
  state.checkTimer = setTimeout(check, 350);
}

function showErrors(errors) {
  for (const span of document.querySelectorAll(".field-error")) span.textContent = "";
  const unplaced = [];
  for (const [path, message] of Object.entries(errors || {})) {
    const span = findErrorSpan(path);
    if (span) span.textContent = message; else unplaced.push(path ? `${path}: ${message}` : message);
  }
  $("form-error").textContent = unplaced.join("; ");
}

function findErrorSpan(path) {
  // an error on a table (a check across fields) goes beside the first field of that table
  const spans = [...document.querySelectorAll(".field-error")].filter((s) => !s.closest("[hidden]"));
  return spans.find((s) => s.dataset.for === path) || spans.find((s) => s.dataset.for.startsWith(path + "."));
}

async function check() {
  if (!state.study) return;
  const {ok, data} = await api("/api/check", collect());
  showErrors(ok ? {} : data.errors || {"": data.message});
  $("changes").replaceChildren(...(ok ? data.changes : []).map((c) => el("li", {text: c})));
}

// ---- a firm's changes over time, and a menu's plans ----------------------------------------

function drawTimeline(firm, changes, fields) {
  const details = el("details", {"data-timeline": firm, open: changes.length ? "" : false},
    el("summary", {title: "Dated changes of these levers (a price rise, the end of late fees, a new menu)"}));
  const list = el("div", {class: "timeline"});
  for (const change of changes) list.append(changeRow(change, fields));
  const add = el("button", {type: "button", class: "add-change", text: "Add a change"});
  add.addEventListener("click", () => {
    list.append(changeRow({at_month: 1, notice_days: 0, set: {}, existing_customers: "at_once", grandfather_months: 0, label: ""}, fields));
    onTimelineEdit(details);
  });
  details.append(list, add, el("span", {class: "field-error", "data-for": `${firm}.changes`}));
  details.dataset.initial = JSON.stringify(readTimeline(details));
  timelineTitle(details);
  return details;
}

function changeRow(change, fields) {
  const hint = Object.fromEntries(fields.map((f) => [f.name, f.description]));
  const text = (key, value, size) => {
    const box = el("input", {type: "text", "data-key": key, title: hint[key], size});
    box.value = value === null || value === undefined ? "" : String(value);
    return box;
  };
  const who = el("select", {"data-key": "existing_customers", title: hint.existing_customers});
  for (const choice of ["at_once", "never", "after_grandfathering"]) who.append(el("option", {value: choice, text: choice}));
  who.value = change.existing_customers || "at_once";
  const set = el("textarea", {"data-key": "set", rows: 2, cols: 36, title: hint.set, placeholder: "pricing.monthly_fee = 23.94"});
  set.value = Object.entries(change.set || {}).map(([path, value]) => `${path} = ${value}`).join("\n");
  const remove = el("button", {type: "button", class: "remove-change", text: "Remove"});
  const row = el("div", {class: "change"},
    el("label", {text: "month "}, text("at_month", change.at_month, 5)),
    el("label", {text: "or day "}, text("at_day", change.at_day, 5)),
    el("label", {text: "notice (days) "}, text("notice_days", change.notice_days, 4)),
    el("label", {text: "existing customers "}, who),
    el("label", {text: "grandfathered (months) "}, text("grandfather_months", change.grandfather_months, 4)),
    el("label", {text: "label "}, text("label", change.label, 14)),
    el("label", {class: "set", text: "set (a 'path = value' a line) "}, set), remove);
  remove.addEventListener("click", () => { const details = row.closest("details"); row.remove(); onTimelineEdit(details); });
  for (const type of ["input", "change"]) row.addEventListener(type, () => onTimelineEdit(row.closest("details")));
  return row;
}

function scalar(text) {  // a typed value: a number, true or false, or the text (quotes dropped)
  const t = text.trim();
  if (t === "true" || t === "false") return t === "true";
  const number = Number(t);
  return t !== "" && Number.isFinite(number) ? number : t.replace(/^"(.*)"$/, "$1");
}

function readChange(row) {
  const get = (key) => row.querySelector(`[data-key="${key}"]`).value;
  const optional = (key) => (get(key).trim() === "" ? null : scalar(get(key)));
  const set = {};
  for (const line of get("set").split(/\n|;/)) {
    const at = line.indexOf("=");
    if (at > 0) set[line.slice(0, at).trim()] = scalar(line.slice(at + 1));
  }
  return {at_month: optional("at_month"), at_day: optional("at_day"), notice_days: optional("notice_days") ?? 0, set,
          existing_customers: get("existing_customers"), grandfather_months: optional("grandfather_months") ?? 0,
          label: get("label")};
}

function readTimeline(details) {
  return [...details.querySelectorAll(".change")].map(readChange);
}

function timelineTitle(details) {
  details.querySelector("summary").textContent = `Changes over time (${details.querySelectorAll(".change").length})`;
}

function onTimelineEdit(details) {
  details.classList.toggle("changed", JSON.stringify(readTimeline(details)) !== details.dataset.initial);
  timelineTitle(details);
  clearTimeout(state.checkTimer);
  state.checkTimer = setTimeout(check, 350);
}

const PLAN_FIELDS = {per_rental: ["rental_fee"], subscription: ["monthly_fee", "titles_at_home"],
                     hybrid: ["monthly_fee", "titles_at_home"], streaming: ["monthly_fee"]};

function drawPlans(id, field, plans) {
  const table = el("table", {id, class: "plans"},
    el("tr", {}, ...["plan", "model", ...field.columns, ""].map((h) => el("th", {text: h.replace(/_/g, " ")}))));
  const add = el("button", {type: "button", class: "add-plan", text: "Add a plan"});
  add.addEventListener("click", () => {
    table.insertBefore(planRow(`plan_${table.rows.length}`, {model: "streaming", monthly_fee: 7.99}, field), add.closest("tr"));
    table.dispatchEvent(new Event("change", {bubbles: true}));
  });
  for (const [name, plan] of Object.entries(plans || {})) table.append(planRow(name, plan, field));
  table.append(el("tr", {}, el("td", {colspan: field.columns.length + 3}, add)));
  return table;
}

function planRow(name, plan, field) {
  const row = el("tr", {class: "plan"});
  row.dataset.base = JSON.stringify(plan);
  const nameBox = el("input", {type: "text", "data-key": "name", size: 14, "aria-label": "plan name"});
  nameBox.value = name;
  const model = el("select", {"data-key": "model", "aria-label": "plan model"});
  for (const choice of field.choices) model.append(el("option", {value: choice, text: choice}));
  model.value = plan.model;
  const cells = field.columns.map((column) => {
    const box = el("input", {type: "text", inputmode: "decimal", size: 6, "data-key": column, "aria-label": column});
    box.value = plan[column] === undefined ? "" : String(plan[column]);
    return el("td", {}, box);
  });
  const remove = el("button", {type: "button", text: "Remove"});
  remove.addEventListener("click", () => { const table = row.closest("table"); row.remove(); table.dispatchEvent(new Event("change", {bubbles: true})); });
  const fit = () => { for (const td of cells) { const box = td.firstChild; box.disabled = !PLAN_FIELDS[model.value].includes(box.dataset.key); } };
  model.addEventListener("change", fit);
  fit();
  row.append(el("td", {}, nameBox), el("td", {}, model), ...cells, el("td", {}, remove));
  return row;
}

function readPlans(table) {
  const plans = {};
  for (const row of table.querySelectorAll("tr.plan")) {
    const base = JSON.parse(row.dataset.base);
    const model = row.querySelector('[data-key="model"]').value;
    const plan = model === base.model ? {...base} : {model};
    for (const box of row.querySelectorAll("input[data-key]:not([data-key=name])")) {
      if (!box.disabled && box.value.trim() !== "") plan[box.dataset.key] = scalar(box.value);
    }
    plans[row.querySelector('[data-key="name"]').value.trim()] = plan;
  }
  return plans;
}

// ---- runs -----------------------------------------------------------------------------------

async function run() {
  // cleared at the click, not on the answer: answers to two quick clicks can come back in either
  // order, and the started run's answer must not wipe the other click's "still going"
  say("");
  const {ok, status, data} = await api("/api/run", collect());
  if (status === 422) { showErrors(data.errors); return say("Some values are not allowed: see the messages beside the fields.", true); }
  if (!ok) return say(data.message, true);
  showErrors({});
  state.current = data.id;
  poll();
}

async function cancel() {
  const id = Number($("cancel").dataset.runId);
  const {ok, data} = await api(`/api/runs/${id}/cancel`, {});
  if (!ok) say(data.message, true);
}

function say(message, warn = false) {
  $("run-message").textContent = message;
  $("run-message").classList.toggle("warn", warn && Boolean(message));
}

async function poll() {
  if (state.polling) return;
  state.polling = true;
  try {
    for (;;) {
      const runs = await refreshRuns();
      const going = runs.find((r) => r.state === "running" || r.state === "queued");
      showProgress(going);
      if (!going) break;
      if (going.id === state.current && going.tables && state.shown !== going.id) {
        state.shown = going.id;
        showRun(going.id).then(() => $("result").scrollIntoView());  // tables first; plots follow
      }
      await new Promise((resolve) => setTimeout(resolve, 400));
    }
  } finally {
    state.polling = false;
  }
  if (state.current) showRun(state.current);
  const ended = (await refreshRuns()).find((r) => r.id === state.current && ["failed", "cancelled"].includes(r.state));
  if (ended) say(`Run ${ended.id} ${ended.state}: ${ended.error}`, ended.state === "failed");
}

function showProgress(going) {
  $("progress").hidden = !going;
  $("cancel").hidden = !going;
  $("run").classList.toggle("busy", Boolean(going));
  if (!going) return;
  $("cancel").dataset.runId = String(going.id);
  const share = going.total ? going.done / going.total : 0;
  $("progress-fill").style.width = `${Math.round(100 * share)}%`;
  $("progress-text").textContent = `run ${going.id}: ${going.phase} ${going.done}/${going.total || "?"} (${going.seconds} s)`;
}

async function refreshRuns() {
  const {data} = await api("/api/runs");
  const list = $("runs");
  const ticked = new Set([...list.querySelectorAll("input:checked")].map((b) => b.value));
  list.replaceChildren(...data.runs.map((r) => runItem(r, ticked.has(String(r.id)))));
  return data.runs;
}

function runItem(r, ticked) {
  const status = r.state === "done" ? `done in ${r.seconds} s` : r.state === "failed" ? "failed" :
    r.state === "cancelled" ? (r.stopped === "timed out" ? "cancelled (timed out)" : "cancelled") : `${r.phase} ${r.done}/${r.total}`;
  const box = el("input", {type: "checkbox", value: String(r.id), title: "compare", "aria-label": `compare run ${r.id}`});
  box.checked = ticked;
  box.disabled = r.state !== "done";
  box.addEventListener("change", drawCompare);
  const show = el("button", {type: "button", text: "show"});
  show.addEventListener("click", () => { state.current = r.id; showRun(r.id); });
  const cls = [r.id === state.current ? "current" : "", ["failed", "cancelled"].includes(r.state) ? `${r.state}-run` : ""].join(" ").trim();
  return el("li", {"data-run-id": r.id, "data-state": r.state, class: cls || undefined},
    el("div", {class: "run-head"}, box, el("strong", {text: `${r.name}`}), el("span", {text: status}), show),
    el("ul", {class: "run-changes"}, ...r.changes.slice(0, 4).map((c) => el("li", {text: c})),
      r.changes.length > 4 ? el("li", {text: `and ${r.changes.length - 4} more`}) : null,
      r.changes.length === 0 ? el("li", {text: "as in the study"}) : null),
    r.error ? el("div", {class: "error", text: r.error}) : null);
}

async function showRun(id) {
  const {ok, data} = await api(`/api/runs/${id}`);
  $("result").hidden = false;
  for (const li of $("runs").children) li.classList.toggle("current", li.dataset.runId === String(id));
  if (!ok || !data.tables) {
    $("result-title").textContent = `Run ${id}`;
    $("result-failed").hidden = false;
    $("result-failed").textContent = ["failed", "cancelled"].includes(data.state) ? `Run ${id} ${data.state}: ${data.error}` : (data.message || `run ${id} is ${data.state}`);
    $("result-body").hidden = true;
    return;
  }
  $("result-failed").hidden = true;
  $("result-body").hidden = false;
  const done = data.state === "done";
  $("result-title").textContent = `Run ${id}: ${data.name} (quick mode, ` + (done ? `${data.seconds} s)` : "drawing the plots...)");
  $("result-body").dataset.state = data.state;
  $("plots-pending").hidden = done;
  $("exports").hidden = !done;
  $("result-body").dataset.runId = String(id);
  $("headlines").innerHTML = data.headlines;   // HTML escaped by the server's report renderer
  $("kpis").innerHTML = data.kpis;
  $("differences").innerHTML = data.differences;
  $("retention").innerHTML = data.retention;
  const market = data.plots.filter((p) => p.section === "market");
  $("plots").replaceChildren(...data.plots.filter((p) => p.section !== "market").map(figure));
  $("market-plots").replaceChildren(...market.map(figure));
  $("market-text").innerHTML = data.market;
  $("market-section").hidden = !data.market && market.length === 0;
  $("export-report").href = data.report;
  $("export-config").href = data.config;
}

function figure(plot) {
  return el("figure", {"data-plot": plot.name}, el("img", {src: plot.url, alt: plot.caption, loading: "lazy"}),
    el("figcaption", {text: plot.caption}));
}

async function drawCompare() {
  const ids = [...$("runs").querySelectorAll("input:checked")].map((b) => b.value);
  $("compare").hidden = ids.length !== 2;
  if (ids.length !== 2) return;
  const columns = await Promise.all(ids.map(async (id) => (await api(`/api/runs/${id}`)).data));
  $("compare-columns").replaceChildren(...columns.map((data) => {
    const column = el("div", {"data-run-id": data.id},
      el("h3", {text: `Run ${data.id}: ${data.name}`}),
      el("ul", {class: "run-changes"}, ...(data.changes.length ? data.changes : ["as in the study"]).map((c) => el("li", {text: c}))));
    const headlines = el("div");
    headlines.innerHTML = data.headlines;
    const table = el("details", {}, el("summary", {text: "Key results: every KPI"}));
    table.insertAdjacentHTML("beforeend", data.kpis);
    column.append(headlines, ...data.plots.filter((p) => ["kpi_bars", "retention", "market_share"].includes(p.name)).map(figure), table);
    return column;
  }));
  $("compare").scrollIntoView({behavior: "smooth"});
}

$("study").addEventListener("change", (event) => openStudy(event.target.value));
$("run").addEventListener("click", run);
$("cancel").addEventListener("click", cancel);
loadStudies().then(poll);
