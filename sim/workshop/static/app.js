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
  await refreshRuns();
  if (data.last_run && !state.current) { state.current = data.last_run; showRun(data.last_run); }
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
    el("p", {class: "description", text: firm.description}),
    el("p", {class: "description-note", hidden: ""}));
  const firstLever = groups.findIndex((group) => !group.own);  // open: a rival's own fields and the first lever
  groups.forEach((group, i) => card.append(drawGroup(prefix, group, firm.values[group.name], i <= firstLever)));
  card.append(drawTimeline(prefix, firm, groups, changeFields));
  return card;
}

function drawGroup(firm, group, values, open) {
  const prefix = group.own ? firm : `${firm}.${group.name}`;  // a rival's own fields sit on its table
  const details = el("details", {"data-group": group.name, open: open ? "" : false},
    el("summary", {text: group.title, title: group.description}));
  if (!group.tag) {
    for (const field of group.fields) details.append(drawField(`${prefix}.${field.name}`, field, values[field.name]));
    applies(details);
    details.addEventListener("change", () => applies(details));
    return details;
  }
  const current = values[group.tag];
  const tagField = {name: group.tag, title: group.title, label: "Model", kind: "choice", description: "",
                    choices: Object.keys(group.options),
                    choice_labels: Object.fromEntries(Object.entries(group.options).map(([t, o]) => [t, o.label || t]))};
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
  for (const box of details.querySelectorAll(".option")) applies(box);
  details.addEventListener("change", () => { for (const box of details.querySelectorAll(".option")) applies(box); });
  return details;
}

// a field that does nothing under the current choices (grace days while late fees are enforced) is hidden
function applies(box) {
  for (const row of box.querySelectorAll(".field[data-when]")) {
    const when = JSON.parse(row.dataset.when);
    const input = [...box.querySelectorAll("[data-path]")].find((i) => i.dataset.path.split(".").pop() === when.field);
    if (!input) continue;
    const value = readInput(input);
    const ok = "not" in when ? value !== when.not : when.many ? (value || []).includes(when.is) : value === when.is;
    row.hidden = !ok;
  }
}

function drawField(path, field, value, option = "") {
  // a field of a pricing model not chosen now carries its model's name in its id (ids stay unique)
  const id = "f-" + path.replace(/[^A-Za-z0-9_-]/g, "_") + (option ? `-${option}` : "");
  const row = el("div", {class: "field", "data-when": field.when ? JSON.stringify(field.when) : undefined},
    el("label", {for: id, text: field.label || field.title, title: field.description}));
  let input;
  if (field.kind === "plans") {
    input = drawPlans(id, field, value);
  } else if (field.kind === "choice") {
    input = el("select", {id});
    for (const choice of field.choices) input.append(el("option", {value: choice, text: (field.choice_labels || {})[choice] || choice}));
    input.value = value;
  } else if (field.kind === "boolean") {
    input = el("input", {id, type: "checkbox"});
    input.checked = Boolean(value);
  } else if (field.kind === "choices") {
    input = el("span", {id, class: "choices"});
    for (const choice of field.choices) {
      const box = el("input", {type: "checkbox", value: choice});
      box.checked = (value || []).includes(choice);
      input.append(el("label", {}, box, " " + ((field.choice_labels || {})[choice] || choice)));
    }
  } else {
    const money = (field.unit || "").startsWith("$");
    input = el("input", {id, type: "text", inputmode: field.kind === "text" ? "text" : "decimal",
                         title: money ? "a new amount, or a change such as +20% or -10%" : undefined});
    const scale = field.scale || 1;
    input.value = value === null || value === undefined ? "" : String(scale === 1 || typeof value !== "number" ? value : shown(value * scale));
  }
  input.dataset.path = path;
  input.dataset.kind = field.kind;
  if (field.scale && field.scale !== 1) input.dataset.scale = String(field.scale);
  input.dataset.initial = JSON.stringify(readInput(input));
  input.addEventListener("input", onEdit);
  input.addEventListener("change", onEdit);
  row.append(input);
  if (field.unit) row.append(el("span", {class: "unit", text: field.unit})); else input.classList.add("span2");
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
  const scale = Number(input.dataset.scale || 1);
  return text !== "" && Number.isFinite(number) ? shown(number / scale) : input.value;  // the server says what is wrong
}

function shown(number) {  // 0.07 * 100 is 7.000000000000001: twelve digits are plenty for a lever
  return Number(number.toPrecision(12));
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
  const card = input.closest(".firm");
  if (card) noteChanges(card);
  clearTimeout(state.checkTimer);
  state.checkTimer = setTimeout(check, 350);
}

// the description was written for the study's levers: once one changes, the card says which
function noteChanges(card) {
  const changed = [...card.querySelectorAll("[data-path].changed")].filter((i) => !i.closest("[hidden]")).map((i) => {
    const label = card.querySelector(`label[for="${i.id}"]`);
    const unit = i.parentElement.querySelector(".unit");
    const text = i.dataset.kind === "boolean" ? (i.checked ? "yes" : "no") : i.tagName === "SELECT" ? i.selectedOptions[0].text : i.value;
    return `${label ? label.textContent : i.dataset.path}: ${text}${unit && unit.textContent && !/%$/.test(text) ? " " + unit.textContent : ""}`;
  });
  const timeline = card.querySelector("details[data-timeline]");
  if (timeline && timeline.classList.contains("changed")) changed.push(`the dated changes (now ${timeline.querySelectorAll(".change").length})`);
  const note = card.querySelector(".description-note");
  note.hidden = changed.length === 0;
  const written = card.querySelector(".description").textContent ? " since the description was written" : "";
  note.textContent = changed.length ? `Changed here${written}: ${changed.join("; ")}` : "";
  card.querySelector(".description").classList.toggle("stale", changed.length > 0);
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
  const exact = spans.find((s) => s.dataset.for === path) || spans.find((s) => s.dataset.for.startsWith(path + "."));
  if (exact) return exact;
  // an error deep inside a dated change goes beside that variant's timeline
  const holders = spans.filter((s) => path.startsWith(s.dataset.for + "."));
  return holders.sort((a, b) => b.dataset.for.length - a.dataset.for.length)[0];
}

async function check() {
  if (!state.study) return;
  const {ok, data} = await api("/api/check", collect());
  showErrors(ok ? {} : data.errors || {"": data.message});
  $("changes").replaceChildren(...(ok ? data.changes : []).map((c) => el("li", {text: c})));
}

// ---- a firm's changes over time, and a menu's plans ----------------------------------------

function drawTimeline(firm, card, groups, fields) {
  const changes = card.changes;
  const choices = leverChoices(card, groups);
  const details = el("details", {"data-timeline": firm, open: changes.length ? "" : false},
    el("summary", {title: "Dated changes of these levers (a price rise, the end of late fees, a new menu)"}));
  const list = el("div", {class: "timeline"});
  const addAt = (month) => {
    const fee = choices.find((c) => /monthly_fee$/.test(c.path)) || choices.find((c) => /rental_fee$/.test(c.path)) || choices[0];
    list.append(changeRow({at_month: month, notice_days: 0, set: {[fee.path]: ""}, existing_customers: "at_once",
                           grandfather_months: 0, label: ""}, fields, choices));
    onTimelineEdit(details);
  };
  for (const change of changes) list.append(changeRow(change, fields, choices));
  const add = el("button", {type: "button", class: "add-change", text: "Add a change"});
  add.addEventListener("click", () => addAt(1));
  const axis = el("div", {class: "axis", title: "Click the axis to add a change there; drag a marker to move it; × removes it"});
  details.append(axis, list, add, el("span", {class: "field-error", "data-for": `${firm}.changes`}));
  details.addAt = addAt;
  details.dataset.initial = JSON.stringify(readTimeline(details));
  timelineTitle(details);
  return details;
}

// the levers a dated change may set: this firm's numbers and choices, by business name
function leverChoices(firm, groups) {
  const out = [];
  for (const group of groups) {
    if (group.own) continue;
    const values = firm.values[group.name] || {};
    const fields = group.tag ? (group.options[values[group.tag]] || {fields: []}).fields : group.fields;
    for (const f of fields) {
      if (!["number", "integer", "choice", "boolean"].includes(f.kind)) continue;
      const unit = f.scale && f.scale !== 1 ? "share, 0 to 1" : f.unit;
      out.push({path: `${group.name}.${f.name}`, text: `${f.label || f.title}${unit ? ` (${unit})` : ""}`});
    }
    for (const [plan, p] of Object.entries(group.tag && values.plans ? values.plans : {})) {
      for (const key of ["monthly_fee", "rental_fee"]) {
        if (key in p) out.push({path: `pricing.plans.${plan}.${key}`, text: `${plan}: ${key.replace("_", " ")} ($)`});
      }
    }
  }
  return out;
}

function changeRow(change, fields, choices) {
  const field = Object.fromEntries(fields.map((f) => [f.name, f]));
  const text = (key, value, size) => {
    const box = el("input", {type: "text", "data-key": key, title: field[key].description, size});
    box.value = value === null || value === undefined ? "" : String(value);
    return box;
  };
  const who = el("select", {"data-key": "existing_customers", title: field.existing_customers.description});
  for (const choice of field.existing_customers.choices) {
    who.append(el("option", {value: choice, text: (field.existing_customers.choice_labels || {})[choice] || choice}));
  }
  who.value = change.existing_customers || "at_once";
  const sets = el("div", {class: "set-rows"});
  for (const [path, value] of Object.entries(change.set || {})) sets.append(setRow(path, value, choices));
  const more = el("button", {type: "button", class: "add-set", text: "Another lever"});
  more.addEventListener("click", () => { sets.append(setRow(choices[0].path, "", choices)); onTimelineEdit(more.closest("details")); });
  const remove = el("button", {type: "button", class: "remove-change", text: "Remove"});
  const gf = el("label", {class: "grandfather", text: "kept on old prices for "}, text("grandfather_months", change.grandfather_months, 3), " months");
  const row = el("div", {class: "change"},
    el("label", {text: "From month "}, text("at_month", change.at_month, 4)),
    el("label", {text: "or day "}, text("at_day", change.at_day, 4)),
    el("label", {text: "announced "}, text("notice_days", change.notice_days, 3), " days ahead"),
    el("label", {text: "applies to "}, who), gf,
    el("label", {text: "label "}, text("label", change.label, 12)),
    el("div", {class: "set"}, el("span", {text: "set"}), sets, more), remove);
  const fit = () => { gf.hidden = who.value !== "after_grandfathering"; };
  who.addEventListener("change", fit);
  fit();
  remove.addEventListener("click", () => { const details = row.closest("details"); row.remove(); onTimelineEdit(details); });
  for (const type of ["input", "change"]) row.addEventListener(type, () => onTimelineEdit(row.closest("details")));
  return row;
}

function setRow(path, value, choices) {
  const lever = el("select", {"data-key": "set-path", "aria-label": "lever"});
  const known = choices.some((c) => c.path === path);
  for (const c of known ? choices : [{path, text: path}, ...choices]) lever.append(el("option", {value: c.path, text: c.text}));
  lever.value = path;
  const box = el("input", {type: "text", "data-key": "set-value", size: 9, placeholder: "new value or +20%",
                           "aria-label": "new value", title: "a new value, or for a number a change such as +20% or -10%"});
  box.value = value === null || value === undefined ? "" : String(value);
  const drop = el("button", {type: "button", class: "remove-set", text: "×", title: "do not set this lever"});
  const row = el("div", {class: "set-row"}, lever, el("span", {text: "="}), box, drop);
  drop.addEventListener("click", () => { const details = row.closest("details"); row.remove(); onTimelineEdit(details); });
  return row;
}

// ---- the timeline drawn on a month axis: click to add, drag to move, × to remove ------------

const SVG = "http://www.w3.org/2000/svg";
const AXIS = {width: 480, height: 74, left: 16, right: 16, line: 50};

function svg(tag, attrs = {}, text) {
  const node = document.createElementNS(SVG, tag);
  for (const [key, value] of Object.entries(attrs)) node.setAttribute(key, value);
  if (text !== undefined) node.textContent = text;
  return node;
}

function drawAxis(details) {
  const box = details.querySelector(".axis");
  const horizon = Math.max(1, (state.study && state.study.horizon_months) || 36);
  const x = (month) => AXIS.left + (AXIS.width - AXIS.left - AXIS.right) * Math.min(Math.max(month, 0), horizon) / horizon;
  const chart = svg("svg", {viewBox: `0 0 ${AXIS.width} ${AXIS.height}`, class: "axis-svg", role: "img",
                            "aria-label": "the changes on a month axis"});
  const back = svg("rect", {x: 0, y: 0, width: AXIS.width, height: AXIS.height, fill: "transparent", class: "axis-back"});
  chart.append(back, svg("line", {x1: x(0), x2: x(horizon), y1: AXIS.line, y2: AXIS.line, stroke: "#555"}));
  const step = horizon <= 24 ? 3 : horizon <= 60 ? 6 : 12;
  for (let m = 0; m <= horizon + 1e-9; m += step) {
    chart.append(svg("line", {x1: x(m), x2: x(m), y1: AXIS.line - 4, y2: AXIS.line + 4, stroke: "#555"}),
      svg("text", {x: x(m), y: AXIS.line + 18, "text-anchor": "middle", "font-size": 13, fill: "#333"}, `${m}`));
  }
  chart.append(svg("text", {x: AXIS.width - AXIS.right, y: 12, "text-anchor": "end", "font-size": 12, fill: "#555"},
    "months   ● in force  ▲ announced  ■ old prices end"));
  const rows = [...details.querySelectorAll(".change")];
  rows.forEach((row, i) => chart.append(marker(row, i, x, horizon, chart, details)));
  back.addEventListener("click", (event) => details.addAt(Math.round(toMonth(chart, event, horizon))));
  box.replaceChildren(chart);
}

function marker(row, i, x, horizon, chart, details) {
  const change = readChange(row);
  const month = typeof change.at_day === "number" ? change.at_day / (365 / 12) : Number(change.at_month) || 0;
  const gf = Number(change.grandfather_months) || 0;
  const announced = month + gf - (Number(change.notice_days) || 0) / (365 / 12);
  const group = svg("g", {class: "marker", "data-index": i});
  if (announced < month + gf - 1e-9) {
    group.append(svg("line", {x1: x(announced), x2: x(month), y1: AXIS.line, y2: AXIS.line, stroke: "#E69F00", "stroke-width": 4}),
      svg("path", {d: `M${x(announced) - 6},${AXIS.line + 1} l6,-11 l6,11 z`, fill: "#E69F00"}));
  }
  if (gf > 0) {
    group.append(svg("line", {x1: x(month), x2: x(month + gf), y1: AXIS.line, y2: AXIS.line, stroke: "#56B4E9", "stroke-width": 4}),
      svg("rect", {x: x(month + gf) - 5, y: AXIS.line - 5, width: 10, height: 10, fill: "#009E73"}));
  }
  const dot = svg("g", {class: "handle", transform: `translate(${x(month)},${AXIS.line})`});
  dot.append(svg("circle", {r: 11, fill: "#0072B2"}), svg("text", {y: 5, "text-anchor": "middle", "font-size": 13, fill: "#fff"}, `${i + 1}`));
  const cross = svg("text", {x: 14, y: -14, "font-size": 16, fill: "#b00020", class: "remove-mark"}, "×");
  cross.append(svg("title", {}, `remove change ${i + 1}`));
  dot.append(cross);
  cross.addEventListener("click", (event) => { event.stopPropagation(); row.remove(); onTimelineEdit(details); });
  dot.addEventListener("pointerdown", (event) => {
    if (event.target === cross) return;
    dot.setPointerCapture(event.pointerId);
    let moved = month;
    const move = (e) => { moved = Math.round(toMonth(chart, e, horizon)); dot.setAttribute("transform", `translate(${x(moved)},${AXIS.line})`); };
    const up = () => {
      dot.removeEventListener("pointermove", move);
      row.querySelector('[data-key="at_month"]').value = String(moved);
      row.querySelector('[data-key="at_day"]').value = "";
      onTimelineEdit(details);
    };
    dot.addEventListener("pointermove", move);
    dot.addEventListener("pointerup", up, {once: true});
  });
  group.append(dot);
  return group;
}

function toMonth(chart, event, horizon) {
  const point = chart.createSVGPoint();
  point.x = event.clientX;
  point.y = event.clientY;
  const at = point.matrixTransform(chart.getScreenCTM().inverse());
  return Math.min(Math.max((at.x - AXIS.left) / (AXIS.width - AXIS.left - AXIS.right) * horizon, 0), horizon);
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
  for (const pair of row.querySelectorAll(".set-row")) {
    set[pair.querySelector('[data-key="set-path"]').value] = scalar(pair.querySelector('[data-key="set-value"]').value);
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
  drawAxis(details);
}

function onTimelineEdit(details) {
  details.classList.toggle("changed", JSON.stringify(readTimeline(details)) !== details.dataset.initial);
  timelineTitle(details);
  if (details.closest(".firm")) noteChanges(details.closest(".firm"));
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
      // the answer of the first whole replications as soon as it is in, again as more arrive
      const seen = `${going.id}:${going.replications_in}:${going.phase}`;
      if (going.id === state.current && going.tables && state.shown !== seen) {
        const first = !String(state.shown).startsWith(`${going.id}:`);
        state.shown = seen;
        showRun(going.id).then(() => { if (first) $("result").scrollIntoView(); });  // tables first; plots follow
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
    el("div", {class: "run-head"}, box, el("strong", {text: r.label}), el("span", {text: status}), show),
    r.changes.length === 0 || (r.changes.length === 1 && r.changes[0] === r.label) ? null :
      el("ul", {class: "run-changes"}, ...r.changes.slice(0, 4).map((c) => el("li", {text: c})),
        r.changes.length > 4 ? el("li", {text: `and ${r.changes.length - 4} more`}) : null),
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
  const took = done && data.seconds ? `, ${data.seconds} s` : "";
  $("result-title").textContent = `Run ${id}: ${data.label}  ·  ${data.name}, quick mode${took}`;
  const partial = data.replications && data.replications_in < data.replications;
  $("result-note").hidden = !partial && !data.reused;
  $("result-note").textContent = partial
    ? `First answer from ${data.replications_in} of ${data.replications} replications; the intervals narrow as the rest arrive.`
    : data.reused ? `${data.reused} of ${data.total - 1} replications were the same as an earlier run's (unchanged options, same random numbers) and were reused.` : "";
  $("result-note").classList.toggle("provisional", Boolean(partial));
  $("answer-box").innerHTML = data.answer + (data.previous || "");  // HTML escaped by the server
  $("result-body").dataset.state = data.state;
  $("plots-pending").hidden = done;
  $("plots-pending").textContent = partial ? "The plots follow the whole run." : "Drawing the plots...";
  $("exports").hidden = !done;
  $("result-body").dataset.runId = String(id);
  $("uncertainty").innerHTML = data.uncertainty;  // HTML escaped by the server's report renderer
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
  const image = el("img", {src: plot.url, alt: plot.caption, loading: "lazy", title: "Click to see it full screen"});
  const node = el("figure", {"data-plot": plot.name}, image, el("figcaption", {text: plot.caption}));
  image.addEventListener("click", () => {
    const plots = [...node.parentElement.querySelectorAll("figure")];
    openViewer(plots.map(plotSlide), plots.indexOf(node));
  });
  return node;
}

function plotSlide(figureNode) {
  const image = figureNode.querySelector("img");
  return () => el("figure", {class: "slide-plot", "data-plot": figureNode.dataset.plot},
    el("img", {src: image.src, alt: image.alt}), el("figcaption", {text: image.alt}));
}

// ---- full screen: one plot, or the presentation (the answer, then each plot) ----------------

const viewer = {slides: [], at: 0};

function openViewer(slides, at = 0) {
  if (slides.length === 0) return;
  viewer.slides = slides;
  $("viewer").hidden = false;
  showSlide(at);
  if ($("viewer").requestFullscreen) $("viewer").requestFullscreen().catch(() => {});  // the overlay covers the page anyway
}

function closeViewer() {
  $("viewer").hidden = true;
  if (document.fullscreenElement) document.exitFullscreen().catch(() => {});
}

function showSlide(at) {
  viewer.at = Math.min(Math.max(at, 0), viewer.slides.length - 1);
  $("viewer-slide").replaceChildren(viewer.slides[viewer.at]());
  $("viewer-count").textContent = `${viewer.at + 1} / ${viewer.slides.length}`;
}

function present() {
  const slides = [...answerSlides(), ...[...document.querySelectorAll("#plots figure, #market-plots figure")].map(plotSlide)];
  if (slides.length === 0) return say("Run the study first: the presentation shows its answer and plots.", true);
  openViewer(slides, 0);
}

// the answer as slides of two options each, every one under the run's name and the one-sentence answer
function answerSlides() {
  if ($("result").hidden || !$("answer-box").innerHTML) return [];
  const source = el("div");
  source.innerHTML = $("answer-box").innerHTML.replace(/ id="answer(-previous)?"/g, "").replace(/<style>[^<]*<\/style>/g, "");
  const summary = source.querySelector(".summary");
  const variants = [...source.querySelectorAll(".variant")];
  const slides = [];
  for (let i = 0; i < variants.length; i += 2) {
    const chunk = variants.slice(i, i + 2);
    slides.push(() => el("div", {class: chunk.length === 1 ? "slide-answer few" : "slide-answer", "data-slide": "answer"}, el("h2", {text: $("result-title").textContent}),
      summary ? summary.cloneNode(true) : null, ...chunk.map((v) => v.cloneNode(true))));
  }
  return slides;
}

document.addEventListener("keydown", (event) => {
  if ($("viewer").hidden) return;
  if (["ArrowRight", "PageDown", " "].includes(event.key)) { showSlide(viewer.at + 1); event.preventDefault(); }
  else if (["ArrowLeft", "PageUp"].includes(event.key)) { showSlide(viewer.at - 1); event.preventDefault(); }
  else if (event.key === "Escape") closeViewer();
});
document.addEventListener("fullscreenchange", () => { if (!document.fullscreenElement && !$("viewer").hidden) closeViewer(); });

// ---- comparing two runs: the curves overlaid, and the differences between them -------------

const RUN_COLOURS = ["#0072B2", "#D55E00"];

async function drawCompare() {
  const ids = [...$("runs").querySelectorAll("input:checked")].map((b) => Number(b.value)).sort((a, b) => a - b);
  $("compare").hidden = ids.length !== 2;
  if (ids.length !== 2) return;
  const [diff, ...series] = await Promise.all([api(`/api/compare?a=${ids[0]}&b=${ids[1]}`),
    ...ids.map((id) => api(`/api/runs/${id}/series`))]);
  if (!diff.ok || series.some((r) => !r.ok)) return say(diff.data.message || "cannot compare these runs", true);
  state.compared = series.map((r) => r.data);
  $("compare-head").replaceChildren(...state.compared.map((run, i) =>
    el("p", {class: "compare-run", "data-run-id": run.id}, el("span", {class: "swatch", style: `border-color:${RUN_COLOURS[i]}`}),
      el("strong", {text: `Run ${run.id}: `}), run.label, i === 1 ? " (dashed)" : "")));
  const select = $("compare-series");
  const keep = select.value;
  select.replaceChildren(...Object.entries(state.compared[0].titles).map(([key, title]) => el("option", {value: key, text: title})));
  select.value = keep && state.compared[0].titles[keep] ? keep : Object.keys(state.compared[0].titles)[0];
  $("compare-diff").innerHTML = diff.data.html || "<p>No option's numbers moved between these runs.</p>";
  drawCompareCharts();
  $("compare").scrollIntoView({behavior: "smooth"});
}

function drawCompareCharts() {
  const key = $("compare-series").value;
  const [a, b] = state.compared.map((run) => run.series[key] || {});
  const variants = Object.keys(a).filter((v) => v in b);
  const moved = variants.filter((v) => JSON.stringify(a[v]) !== JSON.stringify(b[v]));
  const same = variants.filter((v) => !moved.includes(v));
  const charts = moved.map((v) => lineChart(`${v}: ${state.compared[0].titles[key]}`, [a[v], b[v]]));
  const box = el("div", {class: "charts"}, ...charts);
  const rest = same.length ? el("details", {}, el("summary", {text: `${same.length} option(s) identical in both runs (the same random numbers): ${same.join(", ")}`}),
    el("div", {class: "charts"}, ...same.map((v) => lineChart(`${v}: ${state.compared[0].titles[key]}`, [a[v], b[v]])))) : null;
  $("compare-charts").replaceChildren(moved.length ? box : el("p", {text: "No option's curve moved between these runs."}), rest || "");
}

function lineChart(title, lines) {
  const W = 560, H = 300, L = 70, R = 16, T = 34, B = 40;
  const values = lines.flat().filter(Number.isFinite);
  const step = niceStep(Math.max(...values, 1e-9) - Math.min(0, ...values));
  const low = Math.floor(Math.min(0, ...values) / step) * step, high = Math.ceil(Math.max(...values, step) / step) * step;
  const months = Math.max(...lines.map((l) => l.length)) - 1 || 1;
  const x = (m) => L + (W - L - R) * m / months;
  const y = (v) => T + (H - T - B) * (1 - (v - low) / (high - low));
  const chart = svg("svg", {viewBox: `0 0 ${W} ${H}`, class: "line-chart", role: "img", "aria-label": title});
  chart.append(svg("text", {x: L, y: 20, "font-size": 16, "font-weight": 600, fill: "#222"}, title));
  for (let v = low; v <= high + step / 2; v += step) {
    chart.append(svg("line", {x1: L, x2: W - R, y1: y(v), y2: y(v), stroke: "#e4e4e4"}),
      svg("text", {x: L - 6, y: y(v) + 5, "text-anchor": "end", "font-size": 14, fill: "#333"}, tick(v)));
  }
  const every = months <= 12 ? 2 : months <= 36 ? 6 : 12;
  for (let m = 0; m <= months; m += every) {
    chart.append(svg("text", {x: x(m), y: H - B + 20, "text-anchor": "middle", "font-size": 14, fill: "#333"}, `${m}`));
  }
  chart.append(svg("text", {x: W - R, y: H - 4, "text-anchor": "end", "font-size": 13, fill: "#555"}, "month"));
  lines.forEach((line, i) => {
    const points = line.map((v, m) => `${x(m).toFixed(1)},${y(v).toFixed(1)}`).join(" ");
    chart.append(svg("polyline", {points, fill: "none", stroke: RUN_COLOURS[i], "stroke-width": 3,
      "stroke-dasharray": i === 1 ? "8 5" : "none", class: `run-line run-${i}`}));
  });
  return chart;
}

function niceStep(range) {  // 1, 2 or 5 times a power of ten, about four steps over the range
  const rough = range / 4, power = 10 ** Math.floor(Math.log10(rough));
  return [1, 2, 5, 10].map((m) => m * power).find((m) => m >= rough);
}

function tick(v) {
  const size = Math.abs(v);
  if (size >= 1e6) return `${(v / 1e6).toFixed(1)}M`;
  if (size >= 1e4) return `${Math.round(v / 1e3)}k`;
  if (size >= 100) return `${Math.round(v)}`;
  return `${Number(v.toPrecision(3))}`;
}

$("study").addEventListener("change", (event) => openStudy(event.target.value));
$("run").addEventListener("click", run);
$("cancel").addEventListener("click", cancel);
$("present").addEventListener("click", present);
$("compare-series").addEventListener("change", drawCompareCharts);
$("viewer-prev").addEventListener("click", () => showSlide(viewer.at - 1));
$("viewer-next").addEventListener("click", () => showSlide(viewer.at + 1));
$("viewer-close").addEventListener("click", closeViewer);
loadStudies().then(poll);
