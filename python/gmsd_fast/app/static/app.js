// The page of `gmsd-fast app`: choose or drop files, a folder or a zip; upload them one by one
// (one streamed PUT per file, its progress from XMLHttpRequest.upload); start the check; poll
// its progress; show the verdicts, the findings, the downloads, the repairs and the report.
// No framework, no build step, nothing from the network. Every text from the server is placed
// with textContent, never as HTML.
"use strict";

(function () {
  const $ = (id) => document.getElementById(id);
  const WORDS = JSON.parse($("words").textContent);
  const BUSY = ["checking", "counting", "fixing"];
  const EXTENSIONS = /\.(csv|txt|zip)$/i;
  let lang = document.documentElement.lang === "en" ? "en" : "nl";
  let job = null;
  let upload = null;
  let polling = null;
  let stopped = false;
  let shownReport = "";

  function w(key, params) {
    let text = (WORDS[lang] || {})[key] || key;
    for (const [name, value] of Object.entries(params || {})) {
      text = text.split("{" + name + "}").join(String(value));
    }
    return text;
  }

  function applyWords() {
    document.documentElement.lang = lang;
    for (const node of document.querySelectorAll("[data-w]")) {
      node.textContent = w(node.dataset.w);
    }
  }

  function make(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (key === "class") node.className = value;
      else node.setAttribute(key, value);
    }
    for (const child of children) {
      if (child === null || child === undefined || child === "") continue;
      node.append(typeof child === "string" ? document.createTextNode(child) : child);
    }
    return node;
  }

  function show(id, on) {
    $(id).hidden = !on;
  }

  function message(text) {
    $("message").textContent = text || "";
    show("message", Boolean(text));
  }

  function busy(step, fraction, text) {
    show("busy", true);
    $("step").textContent = step;
    $("progress-text").textContent = text || "";
    const bar = $("progress");
    if (fraction === null || fraction === undefined) bar.removeAttribute("value");
    else bar.value = Math.max(0, Math.min(1, fraction));
  }

  async function api(method, path, body) {
    const url = path + (path.includes("?") ? "&" : "?") + "lang=" + lang;
    const init = { method: method, credentials: "same-origin", headers: {} };
    if (body !== undefined) {
      init.headers["content-type"] = "application/json";
      init.body = JSON.stringify(body);
    }
    let response;
    try {
      response = await fetch(url, init);
    } catch (err) {
      throw new Error(w("unreachable"));
    }
    let data = null;
    try {
      data = await response.json();
    } catch (err) {
      data = null;
    }
    if (!response.ok) throw new Error((data && data.error) || w("unreachable"));
    return data;
  }

  // Choosing files.

  function fromInput(list, folder) {
    const chosen = [];
    for (const file of list) {
      const name = file.webkitRelativePath || file.name;
      if (folder) {
        // As on the command line: the folder's own csv, txt and zip files, no subfolders.
        const parts = name.split("/");
        const base = parts[parts.length - 1];
        if (parts.length !== 2 || base.startsWith(".") || !EXTENSIONS.test(base)) continue;
      }
      chosen.push({ file: file, name: name });
    }
    return chosen;
  }

  function entryFile(entry) {
    return new Promise((resolve, reject) => entry.file(resolve, reject));
  }

  async function folderEntries(entry) {
    const reader = entry.createReader();
    const all = [];
    for (;;) {
      const batch = await new Promise((resolve, reject) => reader.readEntries(resolve, reject));
      if (!batch.length) return all;
      all.push(...batch);
    }
  }

  async function fromDrop(entries, files) {
    if (!entries.length) return fromInput(files, false);
    const chosen = [];
    for (const entry of entries) {
      if (entry.isFile) {
        chosen.push({ file: await entryFile(entry), name: entry.name });
      } else if (entry.isDirectory) {
        for (const child of await folderEntries(entry)) {
          if (child.isFile && !child.name.startsWith(".") && EXTENSIONS.test(child.name)) {
            chosen.push({ file: await entryFile(child), name: entry.name + "/" + child.name });
          }
        }
      }
    }
    return chosen;
  }

  // Uploading and checking.

  function put(item, onProgress) {
    return new Promise((resolve, reject) => {
      const request = new XMLHttpRequest();
      upload = request;
      const name = encodeURIComponent(item.name);
      request.open("PUT", "/api/jobs/" + job + "/files?name=" + name + "&lang=" + lang);
      request.upload.onprogress = (event) => onProgress(event.loaded);
      request.onload = () => {
        upload = null;
        if (request.status >= 200 && request.status < 300) {
          resolve();
          return;
        }
        let text = "";
        try {
          text = JSON.parse(request.responseText).error;
        } catch (err) {
          text = "";
        }
        reject(new Error(text || w("unreachable")));
      };
      request.onerror = () => {
        upload = null;
        reject(new Error(w("unreachable")));
      };
      request.onabort = () => {
        upload = null;
        reject(new Error(""));
      };
      request.send(item.file);
    });
  }

  async function start(chosen) {
    // The same files may be chosen again later: the inputs forget this choice.
    $("files").value = "";
    $("folder").value = "";
    message("");
    if (!chosen.length) {
      message(w("nothing_chosen"));
      return;
    }
    chosen.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    stopped = false;
    show("choose", false);
    show("result", false);
    busy(w("uploading"), 0, "");
    try {
      job = (await api("POST", "/api/jobs")).id;
      const total = chosen.reduce((sum, item) => sum + item.file.size, 0) || 1;
      let sent = 0;
      for (const item of chosen) {
        await put(item, (loaded) => {
          const fraction = (sent + loaded) / total;
          busy(w("uploading"), fraction, Math.floor(fraction * 100) + "% · " + item.name);
        });
        sent += item.file.size;
      }
      await api("POST", "/api/jobs/" + job + "/check");
      poll();
    } catch (err) {
      if (!stopped) failed(err.message);
    }
  }

  async function poll() {
    clearTimeout(polling);
    if (!job) return;
    let state;
    try {
      state = await api("GET", "/api/jobs/" + job);
    } catch (err) {
      if (!stopped) failed(err.message);
      return;
    }
    if (stopped) return;
    if (BUSY.includes(state.state)) {
      // One file: no steps to count, the bar moves to say it is at work.
      busy(state.step, state.total > 1 ? state.done / state.total : null, state.progress);
      polling = setTimeout(poll, 200);
      return;
    }
    show("busy", false);
    if (state.state === "stopped") {
      stoppedView();
      return;
    }
    if (state.result) render(state);
    if (state.state === "failed") failed(state.error, Boolean(state.result));
  }

  function failed(text, keep) {
    show("busy", false);
    if (!keep) {
      show("result", false);
      show("choose", true);
    }
    message(text || w("unreachable"));
  }

  function stoppedView() {
    clearTimeout(polling);
    job = null;
    show("busy", false);
    show("result", false);
    show("choose", true);
    message(w("stopped"));
  }

  async function stop() {
    stopped = true;
    clearTimeout(polling);
    if (upload) upload.abort();
    const stopping = job;
    if (stopping) {
      try {
        await api("POST", "/api/jobs/" + stopping + "/stop");
      } catch (err) {
        // Gone already: stopped all the same.
      }
    }
    stoppedView();
  }

  // Showing the result.

  function pill(kind, text) {
    return make("span", { class: "pill " + kind }, text);
  }

  function rulesTable(rules) {
    const body = make("tbody");
    for (const rule of rules) {
      const examples = make("ul", { class: "examples" });
      for (const example of rule.examples) {
        const where = example.where ? example.where + ": " : "";
        const value = example.value ? make("code", {}, example.value) : null;
        examples.append(make("li", {}, where + example.message + (value ? " " : ""), value));
      }
      if (rule.more) examples.append(make("li", { class: "note" }, rule.more));
      const link = make("a", { href: rule.href, target: "_blank", rel: "noopener", title: rule.explain }, rule.code);
      body.append(
        make(
          "tr",
          { "data-rule": rule.code },
          make("td", {}, link),
          make("td", {}, pill(rule.severity, rule.severity_label)),
          make("td", { class: "n" }, rule.count),
          make("td", { class: "n" }, rule.fixable),
          make("td", {}, make("strong", {}, rule.title), " — " + rule.description, examples)
        )
      );
    }
    const head = make(
      "tr",
      {},
      make("th", {}, w("col_rule")),
      make("th", {}, w("col_severity")),
      make("th", { class: "n" }, w("col_count")),
      make("th", { class: "n" }, w("col_repairable")),
      make("th", {}, w("col_description"))
    );
    return make("table", { class: "rules" }, make("thead", {}, head), body);
  }

  function fileSection(file) {
    const section = make("section", { class: "file", "data-file": file.name });
    section.append(make("h3", {}, file.name + " ", pill(file.verdict, file.verdict_label)));
    section.append(make("p", { class: "note" }, file.findings));
    if (file.rules.length) section.append(rulesTable(file.rules));
    return section;
  }

  function render(state) {
    const result = state.result;
    show("choose", false);
    show("result", true);
    const verdict = $("verdict");
    verdict.className = "verdict " + result.verdict;
    verdict.dataset.verdict = result.verdict;
    verdict.textContent = result.banner;

    const rows = $("files-table").tBodies[0];
    rows.replaceChildren();
    for (const file of result.files) {
      rows.append(
        make(
          "tr",
          { "data-verdict": file.verdict, "data-file": file.name },
          make("td", { class: "path" }, file.name),
          make("td", {}, file.gemeente),
          make("td", {}, file.period),
          make("td", { class: "n" }, file.rows),
          make("td", {}, pill(file.verdict, file.verdict_label)),
          make("td", {}, file.findings)
        )
      );
    }
    if (result.delivery) {
      const d = result.delivery;
      rows.append(
        make(
          "tr",
          { "data-verdict": d.verdict, "data-file": "" },
          make("td", {}, d.name),
          make("td"),
          make("td"),
          make("td"),
          make("td", {}, pill(d.verdict, d.verdict_label)),
          make("td", {}, d.findings)
        )
      );
    }

    $("dl-xlsx").href = result.xlsx + "?lang=" + lang;
    const report = $("dl-report");
    report.hidden = !result.report;
    if (result.report) report.href = result.report + "?download=1";

    const details = $("details");
    details.replaceChildren();
    for (const file of result.files) details.append(fileSection(file));
    if (result.delivery) details.append(fileSection(result.delivery));

    show("fix", result.repairable);
    renderFixed(state.fixed);

    const note = $("report-note");
    note.textContent = result.report_note;
    note.hidden = !result.report_note;
    const frame = $("report");
    frame.hidden = !result.report;
    const source = result.report ? result.report + "?lang=" + lang : "";
    if (source && source !== shownReport) frame.src = source;
    shownReport = source;
  }

  function renderFixed(fixed) {
    const list = $("fixed");
    list.replaceChildren();
    const unsafe = $("unsafe-list");
    unsafe.replaceChildren();
    show("unsafe", Boolean(fixed && fixed.unsafe.length));
    $("unsafe-button").disabled = true;
    if (!fixed) return;
    for (const file of fixed.files) {
      if (file.error) {
        list.append(make("li", { class: "bad", "data-file": file.name }, file.error));
        continue;
      }
      const link = make("a", { class: "button", href: file.download, download: "" }, file.label);
      list.append(make("li", { "data-verdict": file.verdict, "data-file": file.name }, link, " " + file.text));
    }
    for (const item of fixed.unsafe) {
      const box = make("input", { type: "checkbox", value: item.code, id: "unsafe-" + item.code });
      box.addEventListener("change", () => {
        $("unsafe-button").disabled = !unsafe.querySelector("input:checked");
      });
      const examples = make("ul", { class: "examples" });
      for (const example of item.examples) examples.append(make("li", {}, make("code", {}, example)));
      const explain = make("a", { href: item.href, target: "_blank", rel: "noopener" }, item.explain);
      unsafe.append(
        make("li", {}, box, " ", make("label", { for: "unsafe-" + item.code }, item.label), " · ", explain, examples)
      );
    }
  }

  async function fix(codes) {
    message("");
    try {
      await api("POST", "/api/jobs/" + job + "/fix", { unsafe: codes });
      poll();
    } catch (err) {
      failed(err.message, true);
    }
  }

  async function again() {
    const old = job;
    job = null;
    clearTimeout(polling);
    shownReport = "";
    $("report").removeAttribute("src");
    message("");
    show("result", false);
    show("choose", true);
    if (old) {
      try {
        await api("DELETE", "/api/jobs/" + old);
      } catch (err) {
        // Gone already.
      }
    }
  }

  async function switchLanguage() {
    lang = lang === "nl" ? "en" : "nl";
    applyWords();
    history.replaceState(null, "", "?lang=" + lang);
    if (job && !$("result").hidden && $("busy").hidden) {
      // The findings are in the language of the check: check again in the other one.
      try {
        await api("POST", "/api/jobs/" + job + "/check");
        poll();
      } catch (err) {
        failed(err.message, true);
      }
    }
  }

  function init() {
    const drop = $("drop");
    drop.addEventListener("dragover", (event) => {
      event.preventDefault();
      drop.classList.add("over");
    });
    drop.addEventListener("dragleave", () => drop.classList.remove("over"));
    drop.addEventListener("drop", (event) => {
      event.preventDefault();
      drop.classList.remove("over");
      const items = [...(event.dataTransfer.items || [])];
      const entries = items.map((item) => item.webkitGetAsEntry && item.webkitGetAsEntry()).filter(Boolean);
      const files = [...(event.dataTransfer.files || [])];
      fromDrop(entries, files).then(start, (err) => failed(err.message));
    });
    $("files").addEventListener("change", (event) => start(fromInput(event.target.files, false)));
    $("folder").addEventListener("change", (event) => start(fromInput(event.target.files, true)));
    $("stop").addEventListener("click", stop);
    $("again").addEventListener("click", again);
    $("lang").addEventListener("click", switchLanguage);
    $("fix-button").addEventListener("click", () => fix([]));
    $("unsafe-button").addEventListener("click", () => {
      const codes = [...$("unsafe-list").querySelectorAll("input:checked")].map((box) => box.value);
      fix(codes);
    });
    const frame = $("report");
    frame.addEventListener("load", () => {
      try {
        frame.style.height = frame.contentDocument.documentElement.scrollHeight + 20 + "px";
      } catch (err) {
        frame.style.height = "1200px";
      }
    });
    // A page closed or left: its uploads are removed at once.
    window.addEventListener("pagehide", () => {
      if (job) navigator.sendBeacon("/api/jobs/" + job + "/stop?lang=" + lang);
    });
    applyWords();
  }

  init();
})();
