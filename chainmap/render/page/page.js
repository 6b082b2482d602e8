/* chainmap's interactive page: focus a team's chain, read links, filter gaps, zoom, share the view.
 *
 * Everything the page shows comes from the JSON in #chainmap-data (see
 * chainmap/render/page/__init__.py, page_data).  Names from the input only ever reach
 * the page as text (textContent, never innerHTML); the drawing is Graphviz's
 * SVG, parsed as XML.  The view lives in the URL hash, e.g.
 * #focus=payroll&gaps=1&rules=no-feedback,stale-feedback&projector=1
 *
 * A name from the URL (or the data) is only ever looked up among the table's own
 * entries: the tables have no prototype, and `own` checks anyway, so `#focus=__proto__`,
 * `#link=constructor` or `#rules=toString` find nothing, as any other unknown name.
 */
(function () {
  "use strict";

  const $ = (id) => document.getElementById(id);
  const own = (table, key) => (Object.prototype.hasOwnProperty.call(table, key) ? table[key] : undefined);
  const TABLES = ["teams", "links", "rules", "strings"];

  // The map's data with its lookup tables made prototype-free (a name like "toString" is no entry).
  function mapData(parsed) {
    for (const name of TABLES) parsed[name] = Object.assign(Object.create(null), parsed[name]);
    return parsed;
  }

  // A large map's data and drawings are packed ({deflate: base64 of zlib}); the browser's own
  // DecompressionStream inflates them, with no request: the page stays one offline file.
  function inflate(packed) {
    const binary = atob(packed.deflate);
    const bytes = new Uint8Array(binary.length);
    for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
    return new Response(new Blob([bytes]).stream().pipeThrough(new DecompressionStream("deflate"))).text();
  }

  let data = null;

  // changes: with a change against a revision (--since REV), dim what did not change.
  const state = { level: null, focus: null, link: null, gaps: false, rules: new Set(), projector: false, legend: true,
    changes: false };
  const view = { cx: 0.5, cy: 0.5, zoom: 1 }; // centre as a fraction of the drawing; zoom 1 = fit
  const MIN_ZOOM = 0.5;
  const MAX_ZOOM = 40;

  let svg = null; // the <svg> on screen
  let shown = null; // which data/theme the <svg> was drawn from
  let base = null; // the drawing's own viewBox
  let teamEls = new Map();
  let linkEls = new Map();
  let marked = []; // elements carrying chain/rule classes, to clear them without a full sweep
  const MARKS = ["chain", "chain-focus", "chain-down", "chain-up", "selected", "selected-end", "rule-hit", "rule-near"];

  // -- words ------------------------------------------------------------------------------------

  function say(key, fields) {
    const template = own(data.strings, key) || key;
    if (!fields) return template;
    return template.replace(/\{(\w+)\}/g, (match, name) => (own(fields, name) !== undefined ? String(fields[name]) : match));
  }

  // -- building DOM from text only --------------------------------------------------------------

  function h(tag, attrs, ...children) {
    const el = document.createElement(tag);
    for (const [name, value] of Object.entries(attrs || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (name === "class") el.className = value;
      else if (name.startsWith("on")) el.addEventListener(name.slice(2), value);
      else el.setAttribute(name, value === true ? "" : String(value));
    }
    for (const child of children.flat()) {
      if (child === null || child === undefined || child === false) continue;
      el.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return el;
  }

  function teamName(id) {
    const team = own(data.teams, id);
    return team ? team.name : id;
  }

  // -- the URL hash holds the view --------------------------------------------------------------

  // A parameter missing from the hash means the page's start: its --focus, --theme and --legend.
  function readHash() {
    const params = new URLSearchParams(location.hash.replace(/^#/, ""));
    const focus = params.has("focus") ? params.get("focus") : data.focus;
    const link = params.get("link");
    const level = params.get("level");
    state.focus = focus && own(data.teams, focus) ? focus : null;
    // A team without a level (a link from before levels, or --focus) opens where it is drawn in full.
    state.level = level && own(data.svg, level) ? level : state.focus ? levelOf(state.focus) : data.level;
    state.link = link && own(data.links, link) ? link : null;
    state.gaps = params.get("gaps") === "1";
    state.rules = new Set((params.get("rules") || "").split(",").filter((rule) => own(data.rules, rule)));
    state.projector = params.has("projector") ? params.get("projector") === "1" : data.theme === "projector";
    state.legend = params.has("legend") ? params.get("legend") !== "0" : data.legend !== false;
    // A page of a change opens with the unchanged dimmed, as the picture of a change draws it.
    state.changes = Boolean(data.change) && (params.has("changes") ? params.get("changes") !== "0" : true);
  }

  function hashOf() {
    const parts = [];
    if (state.level !== data.level) parts.push("level=" + encodeURIComponent(state.level));
    if (state.focus !== (data.focus || null)) parts.push("focus=" + encodeURIComponent(state.focus || ""));
    if (state.link) parts.push("link=" + encodeURIComponent(state.link));
    if (state.gaps) parts.push("gaps=1");
    if (state.rules.size) parts.push("rules=" + [...state.rules].sort().join(","));
    if (state.projector !== (data.theme === "projector")) parts.push("projector=" + (state.projector ? 1 : 0));
    if (state.legend !== (data.legend !== false)) parts.push("legend=" + (state.legend ? 1 : 0));
    if (data.change && !state.changes) parts.push("changes=0");
    return parts.length ? "#" + parts.join("&") : "";
  }

  // A new focus or link is a step back can undo; a toggle replaces the current step.
  function commit(step) {
    const hash = hashOf();
    if (hash !== location.hash && !(hash === "" && location.hash === "")) {
      const url = location.pathname + location.search + (hash || "#");
      try {
        if (step) history.pushState(null, "", url);
        else history.replaceState(null, "", url);
      } catch {
        location.hash = hash; // some browsers refuse history on file:// URLs
      }
    }
    render();
  }

  // -- the drawing ------------------------------------------------------------------------------

  // Each theme's drawing is parsed once per map and kept, so the projector switch is instant.
  let drawings = { data: null };
  let texts = { data: null }; // a packed level's drawing, inflated (a promise until it is)
  let readable = { zoom: 1, cx: 0.5, cy: 0.5 }; // the fit of the drawing on screen (see readableFit)

  // The drawing's SVG text for a level and theme, or null while a packed one is inflated
  // (render runs again when it is ready).  A large map's levels are drawn once, in the
  // default theme; the projector's look is made from it (see restyle).
  function drawingText(level, theme) {
    const entry = data.svg[level];
    const source = own(entry, theme) || entry.default;
    if (typeof source === "string") return source;
    if (texts.data !== data) texts = { data: data };
    const mine = texts;
    if (typeof mine[level] === "string") return mine[level];
    if (!mine[level]) {
      $("map").setAttribute("aria-busy", "true");
      mine[level] = inflate(source).then((text) => {
        mine[level] = text;
        if (texts === mine) render();
      });
    }
    return null;
  }

  // True when the drawing on screen is the state's; false while it is being inflated.
  function loadDrawing() {
    const theme = state.projector ? "projector" : "default";
    const level = own(data.svg, state.level) ? state.level : data.level;
    if (shown && shown.data === data && shown.theme === theme && shown.level === level) return true;
    if (drawings.data !== data) drawings = { data: data };
    const key = level + " " + theme;
    if (!drawings[key]) {
      const text = drawingText(level, theme);
      if (text === null) return false;
      const restyled = theme === "projector" && !own(data.svg[level], "projector") && data.restyle;
      drawings[key] = parseDrawing(text, restyled || null);
    }
    const drawing = drawings[key];
    $("canvas").replaceChildren(drawing.svg);
    $("map").removeAttribute("aria-busy");
    ({ svg, base, teamEls, linkEls } = drawing);
    current = drawing;
    const first = !shown;
    const levelChanged = shown && shown.level !== level;
    const themeChanged = shown && shown.theme !== theme;
    shown = { data: data, theme: theme, level: level };
    readable = readableFit(drawing);
    // A new level opens at fit (on the projector, the readable fit); the projector switched on
    // zooms in as far as its words need.
    if (first || levelChanged || (themeChanged && view.zoom < readable.zoom)) Object.assign(view, readable);
    applyView();
    return true;
  }
  let current = null; // the drawing on screen, as parseDrawing made it

  // The projector's look from the default drawing: its colours, and lines thicker by the themes' ratio.
  function restyle(drawing, how) {
    const colours = how.colours;
    for (const el of drawing.querySelectorAll("[fill], [stroke], [stroke-width]")) {
      for (const name of ["fill", "stroke"]) {
        const value = el.getAttribute(name);
        const lower = value && value.toLowerCase();
        if (lower && own(colours, lower)) el.setAttribute(name, colours[lower]);
      }
      const width = el.getAttribute("stroke-width");
      if (width) el.setAttribute("stroke-width", (parseFloat(width) * how.line_scale).toFixed(2));
    }
  }

  // On a projector, names must read from the back of the room: at least 14 px high, and the
  // smaller words (states, counts) at least 12 px, at 1920x1080.  Where the whole drawing
  // cannot be that large, "fit" is the smallest zoom that is readable, on the part that
  // matters first: the department's own teams, the start of the chain, the top left of a table.
  const READABLE_NAME = 14;
  const READABLE_SMALL = 12;

  function readableFit(drawing) {
    const whole = { zoom: 1, cx: 0.5, cy: 0.5 };
    if (!state.projector) return whole;
    const rect = drawing.svg.getBoundingClientRect();
    if (!rect.width || !rect.height) return whole;
    const scale = Math.min(rect.width / drawing.base.w, rect.height / drawing.base.h);
    // 2% to spare: a text's height on screen is a little over its font size.
    const wanted = 1.02 * Math.max(READABLE_NAME / drawing.fonts.name, READABLE_SMALL / drawing.fonts.small);
    const zoom = wanted / scale;
    if (zoom <= 1) return whole;
    const shownW = rect.width / wanted / drawing.base.w; // the fraction of the drawing on screen
    const shownH = rect.height / wanted / drawing.base.h;
    const inside = (value, half) => Math.min(1 - half, Math.max(half, value));
    const members = drawing.svg.querySelectorAll("g.team");
    if (members.length && drawing.svg.querySelector("g.department")) {
      // A department's view: on its own teams, as many of them as fit, with the frame that names
      // the department (its teams are drawn inside it).
      let left = Infinity, top = Infinity, right = -Infinity;
      for (const el of [...members, ...drawing.svg.querySelectorAll("g.cluster")]) {
        const box = el.getBBox();
        left = Math.min(left, box.x); top = Math.min(top, box.y); right = Math.max(right, box.x + box.width);
      }
      const ctm = drawing.svg.querySelector("g.graph").transform.baseVal.consolidate();
      const dx = ctm ? ctm.matrix.e : 0;
      const dy = ctm ? ctm.matrix.f : 0;
      // Across, the middle of its teams; down, from its first teams (the room reads on, panning down).
      const cx = ((left + right) / 2 + dx - drawing.base.x) / drawing.base.w;
      const cy = (top - 8 + dy - drawing.base.y) / drawing.base.h + shownH / 2;
      return { zoom, cx: inside(cx, shownW / 2), cy: inside(cy, shownH / 2) };
    }
    // The whole map: from the left, where the chain starts; the overview's table: its top left corner.
    return { zoom, cx: shownW / 2, cy: members.length ? 0.5 : shownH / 2 };
  }

  // The level a team is drawn on in full: its department's view on a large map, else the map.
  function levelOf(team) {
    const entry = own(data.teams, team);
    return (entry && entry.level) || data.levels[0].key;
  }

  function goToLevel(key) {
    if (!own(data.svg, key) || key === state.level) return;
    state.level = key;
    state.focus = null;
    state.link = null;
    commit(true);
  }

  // Organisation > Department > Team, each a step back up.
  function renderLevels() {
    const nav = $("levels");
    if (data.levels.length < 2) {
      nav.hidden = true;
      return;
    }
    const steps = [h("button", { type: "button", class: "level", onclick: () => goToLevel("overview") },
      say("page.level.overview"))];
    const current = data.levels.find((entry) => entry.key === state.level);
    if (current && current.kind === "department") {
      steps.push(" \u203a ", h("button", { type: "button", class: "level", onclick: () => { state.focus = null; state.link = null; commit(true); } }, current.name));
    }
    if (state.focus) steps.push(" \u203a ", h("span", { class: "level here" }, teamName(state.focus)));
    if (current && current.kind === "overview") steps.push(h("span", { class: "hint" }, " \u2014 " + say("page.level.hint")));
    nav.replaceChildren(...steps);
    nav.hidden = false;
  }

  // The key of a link element in data.links: "link-a--b", or a department view's "group-team-a--team-b".
  function linkKey(el) {
    if (el.id.startsWith("link-")) return el.id.slice("link-".length);
    const match = /^group-team-(.+)--team-(.+)$/.exec(el.id);
    return match && own(data.links, match[1] + "--" + match[2]) ? match[1] + "--" + match[2] : null;
  }

  function parseDrawing(text, restyled) {
    const doc = new DOMParser().parseFromString(text, "image/svg+xml");
    const drawing = document.importNode(doc.documentElement, true);
    drawing.setAttribute("preserveAspectRatio", "xMidYMid meet");
    drawing.setAttribute("focusable", "false");
    if (restyled) restyle(drawing, restyled);
    const box = drawing.viewBox.baseVal;
    return { svg: drawing, base: { x: box.x, y: box.y, w: box.width, h: box.height }, fonts: fontSizes(drawing),
      ...indexDrawing(drawing) };
  }

  // The smallest name (the first line of a team's or department's box) and the smallest word, in drawing units.
  function fontSizes(drawing) {
    const size = (el) => parseFloat(el.getAttribute("font-size")) || 14;
    let name = Infinity;
    let small = Infinity;
    for (const node of drawing.querySelectorAll("g.node")) {
      const texts = node.getElementsByTagName("text");
      if (!texts.length) continue;
      if (node.classList.contains("team") || node.classList.contains("department")) name = Math.min(name, size(texts[0]));
      for (const text of texts) small = Math.min(small, size(text));
    }
    for (const text of drawing.querySelectorAll("g.edge text")) small = Math.min(small, size(text));
    return { name: Number.isFinite(name) ? name : 14, small: Number.isFinite(small) ? small : 14 };
  }

  function indexDrawing(drawing) {
    const teams = new Map();
    const links = new Map();
    for (const el of drawing.querySelectorAll("g.team")) {
      const id = el.id.slice("team-".length);
      teams.set(id, el);
      el.setAttribute("tabindex", "0");
      el.setAttribute("role", "button");
      el.setAttribute("aria-label", teamName(id));
    }
    for (const el of drawing.querySelectorAll("g.link")) {
      const key = linkKey(el);
      if (key) links.set(key, el);
      const path = el.querySelector("path");
      if (path) {
        // A wide invisible stroke makes thin arrows easy to hover and click.
        const hit = path.cloneNode(false);
        hit.setAttribute("class", "hit");
        path.parentNode.insertBefore(hit, path);
      }
    }
    markChangeEnds(drawing);
    return { teamEls: teams, linkEls: links };
  }

  // The teams (or departments) at the ends of a changed link stay clear when the unchanged are dimmed.
  function markChangeEnds(drawing) {
    if (!data.change) return;
    const byId = (id) => drawing.querySelector('[id="' + CSS.escape(id) + '"]');
    for (const el of drawing.querySelectorAll("g.link.change")) {
      const key = linkKey(el);
      const group = /^group-(.+?)--((?:team|department)-.+)$/.exec(el.id);
      let ends = [];
      if (key) ends = [data.teams[data.links[key].supplier].element, data.teams[data.links[key].customer].element];
      else if (group) ends = [group[1], group[2]];
      for (const id of ends) {
        const end = byId(id);
        if (end) end.classList.add("change-end");
      }
    }
  }

  // -- zoom and pan -----------------------------------------------------------------------------

  function applyView() {
    if (!svg) return;
    const w = base.w / view.zoom;
    const hgt = base.h / view.zoom;
    const x = base.x + view.cx * base.w - w / 2;
    const y = base.y + view.cy * base.h - hgt / 2;
    svg.setAttribute("viewBox", [x, y, w, hgt].map((v) => v.toFixed(2)).join(" "));
    svg.dataset.zoom = view.zoom.toFixed(3);
  }

  // Screen pixels per drawing unit at the current zoom.
  function pixelsPerUnit() {
    const rect = svg.getBoundingClientRect();
    return Math.min(rect.width / (base.w / view.zoom), rect.height / (base.h / view.zoom));
  }

  // The drawing fraction under a screen point.
  function fractionAt(clientX, clientY) {
    const rect = svg.getBoundingClientRect();
    const scale = pixelsPerUnit();
    const x = base.x + view.cx * base.w + (clientX - (rect.left + rect.width / 2)) / scale;
    const y = base.y + view.cy * base.h + (clientY - (rect.top + rect.height / 2)) / scale;
    return { fx: (x - base.x) / base.w, fy: (y - base.y) / base.h };
  }

  function zoomBy(factor, clientX, clientY) {
    if (!svg) return;
    const zoom = Math.min(MAX_ZOOM, Math.max(MIN_ZOOM, view.zoom * factor));
    const applied = zoom / view.zoom;
    if (clientX !== undefined) {
      // Keep the point under the pointer where it is.
      const p = fractionAt(clientX, clientY);
      view.cx = p.fx + (view.cx - p.fx) / applied;
      view.cy = p.fy + (view.cy - p.fy) / applied;
    }
    view.zoom = zoom;
    applyView();
  }

  function panBy(dx, dy) {
    if (!svg) return;
    const scale = pixelsPerUnit();
    view.cx -= dx / scale / base.w;
    view.cy -= dy / scale / base.h;
    applyView();
  }

  function fit() {
    if (!svg) return;
    readable = readableFit(current);
    Object.assign(view, readable);
    applyView();
  }

  // Show these elements, zooming in no further than a comfortable reading size.
  function showElements(elements) {
    if (!svg || !elements.length) return;
    let left = Infinity, top = Infinity, right = -Infinity, bottom = -Infinity;
    for (const el of elements) {
      const r = el.getBoundingClientRect();
      left = Math.min(left, r.left); top = Math.min(top, r.top);
      right = Math.max(right, r.right); bottom = Math.max(bottom, r.bottom);
    }
    const rect = svg.getBoundingClientRect();
    const a = fractionAt(left, top);
    const b = fractionAt(right, bottom);
    view.cx = (a.fx + b.fx) / 2;
    view.cy = (a.fy + b.fy) / 2;
    const scale = pixelsPerUnit();
    const wanted = Math.min(rect.width * 0.9 / Math.max(right - left, 1), rect.height * 0.9 / Math.max(bottom - top, 1));
    const fitScale = scale / view.zoom;
    const comfortable = 1.6 / fitScale; // at most 1.6 screen pixels per drawing point
    view.zoom = Math.min(MAX_ZOOM, Math.max(readable.zoom, Math.min(view.zoom * wanted, comfortable)));
    applyView();
  }

  // -- the chain around a team ------------------------------------------------------------------

  function walk(start, next) {
    const depth = new Map([[start, 0]]);
    let frontier = [start];
    let level = 0;
    while (frontier.length) {
      level += 1;
      const following = [];
      for (const id of frontier) {
        for (const neighbour of next(id)) {
          if (!depth.has(neighbour)) {
            depth.set(neighbour, level);
            following.push(neighbour);
          }
        }
      }
      frontier = following;
    }
    return depth;
  }

  const downstream = (id) => walk(id, (team) => data.teams[team].customers);
  const upstream = (id) => walk(id, (team) => data.teams[team].suppliers);

  function mark(el, ...classes) {
    if (!el) return;
    el.classList.add(...classes);
    marked.push(el);
  }

  function clearMarks() {
    for (const el of marked) el.classList.remove(...MARKS);
    marked = [];
  }

  function markChain() {
    if (!state.focus) return false;
    const down = downstream(state.focus);
    const up = upstream(state.focus);
    for (const id of down.keys()) {
      mark(teamEls.get(id), "chain", id === state.focus ? "chain-focus" : "chain-down");
      for (const customer of data.teams[id].customers) mark(linkEls.get(id + "--" + customer), "chain");
    }
    for (const id of up.keys()) {
      if (id !== state.focus) mark(teamEls.get(id), "chain", "chain-up");
      for (const supplier of data.teams[id].suppliers) mark(linkEls.get(supplier + "--" + id), "chain");
    }
    return true;
  }

  // A selected link stands out; it dims nothing, so the room keeps the whole picture.
  function markLink() {
    if (!state.link) return false;
    const link = data.links[state.link];
    mark(linkEls.get(state.link), "selected");
    mark(teamEls.get(link.supplier), "selected-end");
    mark(teamEls.get(link.customer), "selected-end");
    return true;
  }

  function markRules() {
    if (!state.rules.size) return false;
    for (const finding of data.findings) {
      if (!state.rules.has(finding.rule) || !finding.subject) continue;
      const [kind, ...ids] = finding.subject;
      if (kind === "link") {
        mark(linkEls.get(ids[0] + "--" + ids[1]), "rule-hit");
        mark(teamEls.get(ids[0]), "rule-near");
        mark(teamEls.get(ids[1]), "rule-near");
      } else {
        for (const id of ids) mark(teamEls.get(id), "rule-hit");
        if (kind === "teams") {
          for (let i = 0; i < ids.length; i++) {
            mark(linkEls.get(ids[i] + "--" + ids[(i + 1) % ids.length]), "rule-hit");
          }
        }
      }
    }
    return true;
  }

  // -- render the whole state -------------------------------------------------------------------

  function render() {
    document.documentElement.classList.toggle("projector", state.projector);
    document.body.classList.toggle("no-legend", !state.legend);
    const ready = loadDrawing();
    clearMarks();
    if (ready) {
      const focused = markChain();
      const selected = markLink();
      const filtered = markRules();
      svg.classList.toggle("has-focus", focused);
      svg.classList.toggle("has-selection", selected);
      svg.classList.toggle("gaps-only", state.gaps);
      svg.classList.toggle("has-rules", filtered);
      svg.classList.toggle("dim-unchanged", state.changes);
      document.body.classList.toggle("focused", focused || selected);
      if (chainWanted) {
        chainWanted = false;
        zoomToChain();
      }
    }
    $("gaps").setAttribute("aria-pressed", String(state.gaps));
    $("projector").setAttribute("aria-pressed", String(state.projector));
    $("legend-toggle").setAttribute("aria-pressed", String(state.legend));
    if ($("changes-toggle")) $("changes-toggle").setAttribute("aria-pressed", String(state.changes));
    renderSummary();
    renderRules();
    renderLevels();
    renderPanel();
  }

  function renderSummary() {
    const s = data.summary;
    $("summary").textContent = say("page.summary", {
      teams: s.teams, links: s.links, without: s.without_feedback, coverage: s.coverage,
    }) + " · " + say("page.as-of", { date: data.as_of });
  }

  function renderRules() {
    const nav = $("rules");
    const chips = [h("span", { class: "label" }, say("page.rules") + ":")];
    for (const [id, rule] of Object.entries(data.rules)) {
      if (!rule.count) continue;
      chips.push(h("button", {
        type: "button",
        class: "chip " + rule.severity,
        "aria-pressed": String(state.rules.has(id)),
        "data-rule": id,
        title: id + ": " + rule.summary,
        onclick: () => toggleRule(id),
      }, rule.name, h("span", { class: "count" }, rule.count)));
    }
    nav.replaceChildren(...chips);
    nav.hidden = chips.length === 1; // nothing found, nothing to filter
  }

  // -- the side panel ---------------------------------------------------------------------------

  function renderPanel() {
    const panel = $("panel");
    if (state.link) panel.replaceChildren(...linkPanel(state.link));
    else if (state.focus) panel.replaceChildren(...teamPanel(state.focus));
    else panel.replaceChildren(...overviewPanel());
    panel.scrollTop = 0;
    panel.dataset.showing = state.link ? "link" : state.focus ? "team" : "overview";
    // Screen readers hear what changed, not the whole panel again.
    const heading = $("panel-title");
    $("announce").textContent = heading ? heading.textContent : "";
  }

  function teamButton(id) {
    return h("button", { type: "button", class: "team-link", "data-team": id, onclick: () => focusTeam(id) }, teamName(id));
  }

  function stateBadge(stateName) {
    return h("span", { class: "badge " + stateName }, say("state." + stateName));
  }

  function findingsAbout(test) {
    return data.findings.filter((finding) => finding.subject && test(finding.subject));
  }

  function stepsList(findings) {
    if (!findings.length) return [h("p", { class: "hint" }, say("page.findings.none"))];
    return [h("ul", { class: "steps" }, findings.map((finding) => h("li", { class: finding.severity },
      h("button", { type: "button", class: "step", title: finding.where, onclick: () => selectSubject(finding.subject) },
        finding.step),
      " ", h("span", { class: "rule" }, "[" + finding.rule + "]"))))];
  }

  function loopItems(link) {
    return h("ul", { class: "loops" }, link.feedback.map((loop) => h("li", null,
      h("span", { class: loop.listening ? "listening" : "hearing" }, loop.kind_text),
      loop.cadence_text ? ", " + loop.cadence_text : "",
      loop.last ? ", " + say("page.loop.last").toLowerCase() + " " + loop.last : "",
      loop.last && !loop.current ? h("span", { class: "overdue" }, " (" + say("page.loop.overdue") + ")") : "",
      loop.score !== null ? ", " + say("page.loop.score").toLowerCase() + " " + loop.score : "")));
  }

  function teamPanel(id) {
    const team = data.teams[id];
    const parts = [h("h2", { id: "panel-title", tabindex: "-1" }, team.name)];
    const kind = team.external ? say("tip.external") : !team.described ? say("tip.undescribed") : team.department;
    if (kind) parts.push(h("p", { class: "sub" }, kind));
    if (team.change) parts.push(changeBadge(team.change));
    parts.push(h("div", { class: "actions" },
      h("button", { type: "button", onclick: reset }, say("page.close"), " ", h("kbd", null, "Esc")),
      h("button", { type: "button", id: "zoom-chain", onclick: zoomToChain }, say("page.zoom.chain"), " ",
        h("kbd", null, "z"))));
    if (team.description) parts.push(h("p", { class: "text" }, team.description));
    if (team.contact) parts.push(h("dl", null, h("dt", null, say("page.team.contact")), h("dd", null, team.contact)));
    parts.push(...chainSection(id));
    parts.push(...needsSection(id));

    parts.push(h("h3", null, say("page.team.customers")));
    if (!team.customers.length) parts.push(h("p", { class: "hint" }, say("page.team.customers.none")));
    for (const customer of team.customers) {
      const key = id + "--" + customer;
      const link = data.links[key];
      parts.push(h("div", { class: "item " + link.state, "data-link": key },
        h("div", { class: "head" }, teamButton(customer), stateBadge(link.state)),
        link.change ? changeBadge(link.change) : null,
        link.delivers ? h("p", { class: "delivers" }, link.delivers) : null,
        link.feedback.length ? loopItems(link) : null,
        h("button", { type: "button", class: "more", onclick: () => selectLink(key) }, say("page.link.details"))));
    }

    parts.push(h("h3", null, say("page.team.suppliers")));
    if (!team.suppliers.length) parts.push(h("p", { class: "hint" }, say("page.team.suppliers.none")));
    for (const supplier of team.suppliers) {
      const key = supplier + "--" + id;
      const link = data.links[key];
      parts.push(h("div", { class: "item " + link.state, "data-link": key },
        h("div", { class: "head" }, teamButton(supplier), stateBadge(link.state)),
        link.change ? changeBadge(link.change) : null,
        link.delivers ? h("p", { class: "delivers" }, link.delivers) : null,
        h("button", { type: "button", class: "more", onclick: () => selectLink(key) }, say("page.link.details"))));
    }

    parts.push(h("h3", null, say("page.findings")));
    parts.push(...stepsList(findingsAbout((subject) => subject.slice(1).includes(id))));
    return parts;
  }

  // Who is your customer? And theirs? The chain downstream, level by level.
  function chainSection(id) {
    const byLevel = new Map();
    for (const [team, level] of downstream(id)) {
      if (level === 0) continue;
      if (!byLevel.has(level)) byLevel.set(level, []);
      byLevel.get(level).push(team);
    }
    if (!byLevel.size) return [];
    // A chain through a large map reaches thousands of teams: the first of each level, and a count.
    const levels = [...byLevel.entries()].map(([level, teams]) => h("li", null,
      h("span", { class: "level" }, level === 1 ? say("page.chain.level1") : level === 2 ? say("page.chain.level2")
        : say("page.chain.level", { n: level })),
      h("span", { class: "names" }, teams.slice(0, LISTED).map(teamButton),
        teams.length > LISTED ? h("span", { class: "hint" }, say("page.chain.more", { count: teams.length - LISTED })) : null)));
    const ends = [...byLevel.values()].flat().filter((team) => data.teams[team].external);
    const end = ends.length
      ? h("p", { class: "end-customers" }, say("page.chain.end", { teams: ends.map(teamName).join(", ") }))
      : h("p", { class: "end-customers hint" }, say("page.chain.no-end"));
    return [h("h3", null, say("page.team.chain")), h("ul", { class: "chain-levels" }, levels), end];
  }

  // How many teams, needs or step groups a list in the panel shows before it says how many more there are.
  const LISTED = 30;

  // What your customer's customers need: chainmap.rules.downstream_needs, on the page's data.
  // The needs of the links below the team's own (its customers' links, theirs, ...), nearest
  // first, then in the map's order; leaving out links back to the team; each need once.
  function downstreamNeeds(id) {
    const distance = downstream(id);
    const found = new Map();
    const ordered = [];
    let index = 0;
    for (const [key, link] of Object.entries(data.links)) {
      const level = distance.get(link.supplier);
      if (level >= 1 && link.customer !== id && link.need) ordered.push([level, index, key, link]);
      index += 1;
    }
    ordered.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    for (const [level, , , link] of ordered) {
      const key = link.need.split(/\s+/).filter(Boolean).join(" ").toLowerCase();
      if (found.has(key)) found.get(key).links.push(link);
      else found.set(key, { need: link.need, links: [link], level: level });
    }
    return [...found.values()];
  }

  function needsSection(id) {
    const needs = downstreamNeeds(id);
    const parts = [h("h3", null, say("page.needs"))];
    if (!needs.length) return parts.concat(h("p", { class: "hint" }, say("page.needs.none")));
    parts.push(h("p", { class: "hint" }, say("page.needs.hint")));
    parts.push(h("ul", { class: "needs" }, needs.slice(0, LISTED).map((entry) => {
      const customers = [...new Set(entry.links.map((link) => link.customer))];
      return h("li", { "data-level": entry.level },
        h("span", { class: "need" }, entry.need), " ",
        h("span", { class: "for" }, say("page.needs.for", { teams: customers.slice(0, 3).map(teamName).join(", ")
          + (customers.length > 3 ? " " + say("page.chain.more", { count: customers.length - 3 }) : "") })));
    })));
    if (needs.length > LISTED) parts.push(h("p", { class: "hint" }, say("page.chain.more", { count: needs.length - LISTED })));
    return parts;
  }

  function linkFacts(link) {
    const facts = [];
    const fact = (label, value) => facts.push(h("dt", null, label), h("dd", null, value));
    if (link.delivers) fact(say("page.link.delivers"), link.delivers);
    if (link.need) fact(say("page.link.need"), link.need);
    fact(say("page.link.agreement"), link.agreement ? agreementText(link.agreement)
      : h("span", { class: "hint" }, say("page.link.agreement.none")));
    return h("dl", null, facts);
  }

  // An agreement that is a web address becomes a link; anything else stays text.
  function agreementText(agreement) {
    if (/^https?:\/\/\S+$/i.test(agreement)) {
      return h("a", { href: agreement, target: "_blank", rel: "noopener noreferrer" }, agreement);
    }
    return agreement;
  }

  function loopsTable(link) {
    if (!link.feedback.length) return h("p", { class: "hint" }, say("page.link.feedback.none"));
    const rows = [];
    for (const loop of link.feedback) {
      rows.push(h("tr", null,
        h("td", null, loop.kind_text, " ", h("span", { class: "badge kind" },
          say(loop.listening ? "page.loop.listening" : "page.loop.hearing"))),
        h("td", null, loop.cadence_text || ""),
        h("td", { class: loop.last && !loop.current ? "overdue" : "" },
          loop.last ? loop.last + (loop.current ? "" : " (" + say("page.loop.overdue") + ")") : say("page.loop.never")),
        h("td", null, loop.score === null ? "" : loop.score)));
      if (loop.note) rows.push(h("tr", { class: "note" }, h("td", { colspan: "4" }, loop.note)));
    }
    return h("table", { class: "loops-table" },
      h("thead", null, h("tr", null, ["page.loop.kind", "page.loop.cadence", "page.loop.last", "page.loop.score"]
        .map((key) => h("th", { scope: "col" }, say(key))))),
      h("tbody", null, rows));
  }

  function linkPanel(key) {
    const link = data.links[key];
    const parts = [h("h2", { id: "panel-title", tabindex: "-1" },
      teamButton(link.supplier), " \u2192 ", teamButton(link.customer))];
    parts.push(h("p", null, stateBadge(link.state)));
    if (link.change) parts.push(changeBadge(link.change));
    const actions = [];
    if (state.focus) {
      actions.push(h("button", { type: "button", onclick: () => selectLink(null) },
        say("page.back", { team: teamName(state.focus) })));
    }
    actions.push(h("button", { type: "button", onclick: reset }, say("page.close"), " ", h("kbd", null, "Esc")));
    parts.push(h("div", { class: "actions" }, actions));
    parts.push(linkFacts(link));
    if (link.implied) parts.push(h("p", { class: "hint" }, say("tip.implied")));
    parts.push(h("h3", null, say("page.link.feedback")), loopsTable(link));
    parts.push(h("h3", null, say("page.findings")));
    parts.push(...stepsList(findingsAbout((s) => s[0] === "link" && s[1] === link.supplier && s[2] === link.customer)));
    return parts;
  }

  // "▼ WORSE (was healthy)": a change in words after its symbol, readable without colour.
  function changeBadge(change) {
    return h("p", { class: "change-badge " + change.kind }, h("strong", null, change.text));
  }

  // "What changed since main" and the changed links per kind, at the top of the panel.
  function changeSection() {
    if (!data.change) return [];
    const counts = data.change.counts.map((entry) => h("li", { class: "change " + entry.kind }, entry.text));
    return [h("section", { class: "change-summary", "aria-labelledby": "change-summary-title" },
      h("h3", { id: "change-summary-title" }, data.change.title),
      counts.length ? h("ul", null, counts) : h("p", { class: "hint" }, say("page.change.none")))];
  }

  function overviewPanel() {
    const parts = [...changeSection(), h("h2", { id: "panel-title", tabindex: "-1" }, say("page.overview.title"))];
    parts.push(h("p", { class: "hint" }, say("page.overview.hint")));
    let findings = data.findings;
    const current = data.levels.find((entry) => entry.key === state.level);
    if (current && current.kind === "department") {
      // A department's view: the next steps its own teams can take.
      findings = findings.filter((finding) => finding.actors.some((actor) => levelOf(actor) === state.level));
    }
    if (state.rules.size) {
      findings = findings.filter((finding) => state.rules.has(finding.rule));
      parts.push(h("p", { class: "sub" }, say("page.overview.filtered", { count: findings.length, total: data.findings.length })));
    }
    parts.push(...stepsByTeam(findings));
    return parts;
  }

  // The next steps of the whole map, under the team that can take them: each step once per team,
  // teams with warnings first, then by name; within a team, warnings first.
  function stepsByTeam(findings) {
    if (!findings.length) return [h("p", { class: "hint" }, say("page.findings.none"))];
    const order = { error: 0, warning: 1, info: 2 };
    const groups = new Map();
    for (const finding of findings) {
      const actors = finding.actors.length ? finding.actors : [""];
      for (const actor of actors) {
        if (!groups.has(actor)) groups.set(actor, { actor, worst: 2, steps: new Map() });
        const group = groups.get(actor);
        group.worst = Math.min(group.worst, order[finding.severity]);
        const key = finding.step + "\u0000" + finding.rule;
        if (!group.steps.has(key)) group.steps.set(key, finding);
      }
    }
    const name = (group) => (group.actor ? teamName(group.actor) : "");
    const sorted = [...groups.values()].sort((a, b) => a.worst - b.worst || name(a).localeCompare(name(b)));
    const shown = sorted.slice(0, LISTED).map((group) => h("section", { class: "step-group" },
      group.actor ? h("h3", null, teamButton(group.actor)) : null,
      ...stepsList([...group.steps.values()].sort((a, b) => order[a.severity] - order[b.severity]))));
    if (sorted.length > LISTED) {
      shown.push(h("p", { class: "hint more" }, say("page.overview.more", { count: sorted.length - LISTED })));
    }
    return shown;
  }

  // -- tooltip ----------------------------------------------------------------------------------

  function linkTooltip(key) {
    const link = data.links[key];
    const lines = [h("div", { class: "title" }, teamName(link.supplier) + " \u2192 " + teamName(link.customer)),
      h("p", null, stateBadge(link.state))];
    if (link.change) lines.push(changeBadge(link.change));
    const line = (label, value) => { if (value) lines.push(h("p", null, h("span", { class: "label" }, label + ": "), value)); };
    line(say("page.link.delivers"), link.delivers);
    line(say("page.link.need"), link.need);
    line(say("page.link.agreement"), link.agreement || say("page.link.agreement.none"));
    if (link.feedback.length) {
      lines.push(h("p", null, h("span", { class: "label" }, say("page.link.feedback") + ":")), loopItems(link));
    } else {
      lines.push(h("p", null, say("page.link.feedback.none")));
    }
    const steps = findingsAbout((s) => s[0] === "link" && s[1] === link.supplier && s[2] === link.customer);
    if (steps.length) {
      lines.push(h("p", null, h("span", { class: "label" }, say("page.findings") + ":")),
        h("ul", { class: "tip-steps" }, steps.map((f) => h("li", { class: f.severity }, f.step + " [" + f.rule + "]"))));
    }
    return lines;
  }

  function teamTooltip(id) {
    const team = data.teams[id];
    const lines = [h("div", { class: "title" }, team.name)];
    const kind = team.external ? say("tip.external") : !team.described ? say("tip.undescribed") : team.department;
    if (kind) lines.push(h("p", { class: "label" }, kind));
    if (team.change) lines.push(changeBadge(team.change));
    if (team.description) lines.push(h("p", null, team.description));
    return lines;
  }

  function showTooltip(content, event) {
    const tip = $("tooltip");
    tip.replaceChildren(...content);
    tip.hidden = false;
    moveTooltip(event);
  }

  function moveTooltip(event) {
    const tip = $("tooltip");
    if (tip.hidden) return;
    const pad = 16;
    const width = tip.offsetWidth;
    const height = tip.offsetHeight;
    let x = event.clientX + pad;
    let y = event.clientY + pad;
    if (x + width > window.innerWidth - 8) x = Math.max(8, event.clientX - width - pad);
    if (y + height > window.innerHeight - 8) y = Math.max(8, event.clientY - height - pad);
    tip.style.left = x + "px";
    tip.style.top = y + "px";
  }

  function hideTooltip() {
    $("tooltip").hidden = true;
  }

  // -- actions ----------------------------------------------------------------------------------

  function focusTeam(id) {
    state.level = levelOf(id);
    state.focus = id;
    state.link = null;
    commit(true);
    const heading = $("panel-title");
    if (heading && document.activeElement && document.activeElement.closest && document.activeElement.closest("#panel")) {
      heading.focus();
    }
  }

  function selectLink(key) {
    const link = own(data.links, key);
    if (link && !linkEls.has(key)) state.level = levelOf(link.supplier);
    state.link = key;
    commit(true);
  }

  function selectSubject(subject) {
    if (!subject) return;
    if (subject[0] === "link") selectLink(subject[1] + "--" + subject[2]);
    else focusTeam(subject[1]);
  }

  function reset() {
    if (!state.focus && !state.link) return;
    state.focus = null;
    state.link = null;
    commit(true);
  }

  function toggleRule(id) {
    if (state.rules.has(id)) state.rules.delete(id);
    else state.rules.add(id);
    commit(false);
  }

  function toggle(name) {
    state[name] = !state[name];
    commit(false);
  }

  function toggleFullscreen() {
    document.body.classList.add("fullscreen-asked");
    if (document.fullscreenElement) {
      document.exitFullscreen().catch(() => {});
    } else if (document.documentElement.requestFullscreen) {
      document.documentElement.requestFullscreen().catch(() => {});
    }
  }

  // -- search -----------------------------------------------------------------------------------

  const fold = (text) => text.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  let matches = [];
  let active = -1;

  function searchMatches(query) {
    const wanted = fold(query.trim());
    if (!wanted) return [];
    const starts = [];
    const contains = [];
    for (const [id, team] of Object.entries(data.teams)) {
      const name = fold(team.name);
      if (name.startsWith(wanted) || id.startsWith(wanted)) starts.push(id);
      else if (name.includes(wanted)) contains.push(id);
    }
    const byName = (a, b) => fold(teamName(a)).localeCompare(fold(teamName(b)));
    return starts.sort(byName).concat(contains.sort(byName)).slice(0, 12);
  }

  function showMatches() {
    const input = $("search");
    const list = $("search-list");
    matches = searchMatches(input.value);
    active = matches.length ? 0 : -1;
    if (!input.value.trim()) {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      return;
    }
    const items = matches.map((id, index) => h("li", {
      id: "match-" + index, role: "option", "aria-selected": String(index === active), "data-team": id,
      onmousedown: (event) => { event.preventDefault(); pickMatch(index); },
    }, teamName(id), data.teams[id].department ? [" ", h("small", null, data.teams[id].department)] : null));
    if (!items.length) items.push(h("li", { class: "none", role: "option", "aria-disabled": "true" }, say("page.search.none")));
    list.replaceChildren(...items);
    list.hidden = false;
    input.setAttribute("aria-expanded", "true");
    input.setAttribute("aria-activedescendant", active >= 0 ? "match-0" : "");
  }

  function moveActive(step) {
    if (!matches.length) return;
    active = (active + step + matches.length) % matches.length;
    for (const li of $("search-list").children) li.setAttribute("aria-selected", String(li.id === "match-" + active));
    $("search").setAttribute("aria-activedescendant", "match-" + active);
  }

  function closeSearch() {
    const input = $("search");
    $("search-list").hidden = true;
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
  }

  // Zoom to the chain once its level is drawn (a packed level is inflated first).
  let chainWanted = false;

  function zoomToChain() {
    const chain = marked.filter((el) => el.classList.contains("chain") && el.classList.contains("team"));
    if (chain.length) showElements(chain);
  }

  function pickMatch(index) {
    const id = matches[index];
    if (!id) return;
    const input = $("search");
    input.value = "";
    closeSearch();
    input.blur();
    chainWanted = true;
    focusTeam(id);
  }

  function searchKeys(event) {
    if (event.key === "ArrowDown") { moveActive(1); event.preventDefault(); }
    else if (event.key === "ArrowUp") { moveActive(-1); event.preventDefault(); }
    else if (event.key === "Enter") { pickMatch(Math.max(active, 0)); event.preventDefault(); }
    else if (event.key === "Escape") { $("search").value = ""; closeSearch(); $("search").blur(); event.preventDefault(); }
    event.stopPropagation();
  }

  // -- keyboard ---------------------------------------------------------------------------------

  function keys(event) {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    const target = event.target;
    if (target && (target.tagName === "INPUT" || target.tagName === "TEXTAREA")) return;
    const help = $("help");
    if (help.open && event.key !== "Escape" && event.key !== "?") return;
    const step = event.shiftKey ? 240 : 80;
    const actions = {
      "/": () => $("search").focus(),
      "Escape": () => { if (help.open) help.close(); else if (state.link && state.focus) selectLink(null); else reset(); },
      "+": () => zoomBy(1.25),
      "=": () => zoomBy(1.25),
      "-": () => zoomBy(0.8),
      "_": () => zoomBy(0.8),
      "0": fit,
      "z": zoomToChain,
      "ArrowLeft": () => panBy(step, 0),
      "ArrowRight": () => panBy(-step, 0),
      "ArrowUp": () => panBy(0, step),
      "ArrowDown": () => panBy(0, -step),
      "f": toggleFullscreen,
      "g": () => toggle("gaps"),
      "p": () => toggle("projector"),
      "l": () => toggle("legend"),
      "c": () => { if (data.change) toggle("changes"); },
      "?": () => (help.open ? help.close() : help.showModal()),
    };
    const action = own(actions, event.key);
    if (!action) return;
    // Enter/space on a team is handled by the team itself; arrows inside the panel scroll it.
    if (event.key.startsWith("Arrow") && target && target.closest && target.closest("#panel")) return;
    event.preventDefault();
    action();
  }

  // -- the pointer on the map -------------------------------------------------------------------

  let drag = null;

  function pointerDown(event) {
    if (event.button !== 0) return;
    drag = { x: event.clientX, y: event.clientY, moved: false, id: event.pointerId };
  }

  function pointerMove(event) {
    if (drag && drag.id === event.pointerId) {
      const dx = event.clientX - drag.x;
      const dy = event.clientY - drag.y;
      if (!drag.moved && Math.hypot(dx, dy) > 4) {
        drag.moved = true;
        $("map").classList.add("dragging");
        $("map").setPointerCapture(event.pointerId);
        hideTooltip();
      }
      if (drag.moved) {
        panBy(dx, dy);
        drag.x = event.clientX;
        drag.y = event.clientY;
        return;
      }
    }
    moveTooltip(event);
  }

  function pointerUp(event) {
    if (!drag || drag.id !== event.pointerId) return;
    const moved = drag.moved;
    drag = null;
    $("map").classList.remove("dragging");
    if (moved) return;
    if (event.target.closest && event.target.closest(".legend")) return;
    const team = event.target.closest && event.target.closest("g.team");
    const link = event.target.closest && event.target.closest("g.link");
    const department = event.target.closest && event.target.closest("g.department");
    if (team) focusTeam(team.id.slice("team-".length));
    else if (link && linkKey(link)) selectLink(linkKey(link));
    else if (department && own(data.svg, "department:" + department.id.slice("department-".length))) {
      goToLevel("department:" + department.id.slice("department-".length));
    } else reset();
  }

  function pointerOver(event) {
    if (drag && drag.moved) return;
    const link = event.target.closest && event.target.closest("g.link");
    const team = event.target.closest && event.target.closest("g.team");
    if (link && linkKey(link)) showTooltip(linkTooltip(linkKey(link)), event);
    else if (team) showTooltip(teamTooltip(team.id.slice("team-".length)), event);
    else hideTooltip();
  }

  function wheel(event) {
    event.preventDefault();
    const factor = Math.exp(-event.deltaY * (event.deltaMode === 1 ? 0.05 : 0.0015));
    zoomBy(factor, event.clientX, event.clientY);
  }

  function teamKeys(event) {
    if (event.key !== "Enter" && event.key !== " ") return;
    const team = event.target.closest && event.target.closest("g.team");
    if (!team) return;
    event.preventDefault();
    event.stopPropagation();
    focusTeam(team.id.slice("team-".length));
  }

  // -- live updates from chainmap serve ---------------------------------------------------------

  function showProblems(lines) {
    const box = $("chainmap-problems");
    if (!lines.length) {
      box.hidden = true;
      box.replaceChildren();
      return;
    }
    box.replaceChildren(h("p", null, say("page.live.problems")), h("ul", null, lines.map((line) => h("li", null, line))));
    box.hidden = false;
  }

  function showConnection(ok) {
    const badge = $("chainmap-connection");
    badge.textContent = ok ? "" : say("page.live.disconnected");
    badge.hidden = ok;
  }

  function listen(url) {
    if (!window.EventSource) return;
    const source = new EventSource(url);
    source.addEventListener("open", () => showConnection(true));
    source.addEventListener("error", () => {
      showConnection(false);
      // A closed source (the server answered with an error) does not retry by itself.
      if (source.readyState === EventSource.CLOSED) setTimeout(() => listen(url), 2000);
    });
    source.addEventListener("map", (event) => {
      data = mapData(JSON.parse(event.data));
      showConnection(true);
      showProblems([]);
      // The title can change too: an 'organization:' edited, or the first good map after a broken start.
      $("title").textContent = document.title = data.title || "chainmap";
      if (state.focus && !own(data.teams, state.focus)) state.focus = null;
      if (state.link && !own(data.links, state.link)) state.link = null;
      for (const rule of [...state.rules]) if (!own(data.rules, rule)) state.rules.delete(rule);
      commit(false); // zoom and pan stay as they are
    });
    source.addEventListener("problems", (event) => {
      showConnection(true);
      showProblems(JSON.parse(event.data).problems || []);
    });
  }

  // -- start ------------------------------------------------------------------------------------

  function start() {
    readHash();
    chainWanted = Boolean(state.focus);
    render();
    const map = $("map");
    map.addEventListener("pointerdown", pointerDown);
    map.addEventListener("pointermove", pointerMove);
    map.addEventListener("pointerup", pointerUp);
    map.addEventListener("pointercancel", () => { drag = null; map.classList.remove("dragging"); });
    map.addEventListener("pointerover", pointerOver);
    map.addEventListener("pointerleave", hideTooltip);
    map.addEventListener("wheel", wheel, { passive: false });
    map.addEventListener("keydown", teamKeys);
    document.addEventListener("keydown", keys);
    window.addEventListener("popstate", () => { readHash(); render(); });
    window.addEventListener("hashchange", () => { readHash(); render(); });
    document.addEventListener("fullscreenchange", () => {
      document.body.classList.toggle("fullscreen", Boolean(document.fullscreenElement));
    });
    window.addEventListener("resize", applyView);
    $("gaps").addEventListener("click", () => toggle("gaps"));
    $("projector").addEventListener("click", () => toggle("projector"));
    $("legend-toggle").addEventListener("click", () => toggle("legend"));
    if ($("changes-toggle")) $("changes-toggle").addEventListener("click", () => toggle("changes"));
    $("zoom-in").addEventListener("click", () => zoomBy(1.25));
    $("zoom-out").addEventListener("click", () => zoomBy(0.8));
    $("zoom-fit").addEventListener("click", fit);
    $("fullscreen").addEventListener("click", toggleFullscreen);
    $("help-toggle").addEventListener("click", () => $("help").showModal());
    $("help-close").addEventListener("click", () => $("help").close());
    const search = $("search");
    search.addEventListener("input", showMatches);
    search.addEventListener("keydown", searchKeys);
    search.addEventListener("blur", () => setTimeout(closeSearch, 100));
    const live = document.querySelector('meta[name="chainmap-live"]');
    if (live) listen(live.getAttribute("content"));
  }

  const embedded = JSON.parse($("chainmap-data").textContent);
  if (embedded.deflate) {
    inflate(embedded).then((text) => {
      data = mapData(Object.assign(JSON.parse(text), { svg: embedded.svg }));
      start();
    });
  } else {
    data = mapData(embedded);
    start();
  }
})();
