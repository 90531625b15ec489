// The site's search: the header's search field queries the Pagefind index written after the build
// (site_builder/adapters/mkdocs_plugin.py), which the browser fetches in parts as a query needs them.
//
// Keyboard: "/" focuses the field; typing lists results; Down and Up move between the field and the results;
// Escape closes the results and returns to the field.  The number of results is announced in a status line.
// Result text is put in as text, never as markup: only the highlighting of the words found is kept.
(() => {
  "use strict";
  const form = document.querySelector("form[data-cc-search]");
  if (!form) return;
  const input = form.querySelector(".cc-search__input");
  // The panel's words in each of the site's languages, which the build writes in here (panel_words in
  // site_builder/site/search.py); %(name)s is filled in below.
  const WORDS_BY_LANGUAGE = {};
  // How many parts each language's index is in: the first in the bundle's folder, the n-th in its folder n/.
  const INDEX_PARTS_BY_LANGUAGE = {};
  const WORDS = WORDS_BY_LANGUAGE[document.documentElement.lang] || WORDS_BY_LANGUAGE.en || {};
  const plural = new Intl.PluralRules(document.documentElement.lang || "en");
  function say(key, values = {}) {
    return (WORDS[key] || key).replace(/%\((\w+)\)s/g, (_, name) => String(values[name] ?? ""));
  }
  const escaped = (text) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  // The results' panel, written here once rather than into every page: without this script it would do nothing.
  // Its status line is in the page before any result is announced in it.
  form.insertAdjacentHTML(
    "beforeend",
    '<div class="cc-search__panel" id="cc-search-panel" hidden>' +
      '<details class="cc-search__filters"><summary>' + escaped(say("filters")) + '</summary><div class="cc-search__selects"></div></details>' +
      '<p class="cc-search__status" role="status"></p><ol class="cc-search__results"></ol>' +
      '<button class="cc-search__more md-button" type="button" hidden>' + escaped(say("more")) + "</button></div>",
  );
  const panel = form.querySelector(".cc-search__panel");
  input.setAttribute("aria-controls", panel.id);
  const status = form.querySelector(".cc-search__status");
  const list = form.querySelector(".cc-search__results");
  const more = form.querySelector(".cc-search__more");
  const filters = form.querySelector(".cc-search__filters");
  const selects = form.querySelector(".cc-search__selects");
  const PAGE = 10;
  // Fewer letters, as they are typed, would fetch the index of every word they begin (the most bytes of a
  // first search); a shorter name ("Wu") is searched when Enter is pressed.  The list of names is kept in
  // shards named by this many letters (KEY_LENGTH in site_builder/site/names.py).
  const SHORTEST = 3;
  const NAMES = new URL(form.dataset.ccNames, location.href).href;
  const ROOT = new URL(form.dataset.ccRoot.replace(/\/?$/, "/"), location.href).href;
  const shards = new Map();
  let listed = null;
  let byNames = false;

  // A name or query as the list of names holds it (fold() in site_builder/site/names.py): without accents,
  // apostrophes or capitals, in words of letters and digits.
  function words(text) {
    const folded = text.normalize("NFKD").replace(/\p{M}/gu, "").toLowerCase().replace(/['\u2019\u02bc`]/g, "");
    return folded.split(/[^\p{L}\p{N}]+/u).filter(Boolean);
  }

  function shardName(key) {
    return /^[a-z0-9]+$/.test(key)
      ? key
      : "x" + [...new TextEncoder().encode(key)].map((b) => b.toString(16).padStart(2, "0")).join("");
  }

  function fetchShard(name) {
    if (!shards.has(name)) {
      shards.set(name, fetch(NAMES + name + ".json").then((r) => (r.ok ? r.json() : []), () => []));
    }
    return shards.get(name);
  }

  // The shard of the longest beginning of ``word`` the list has (a common beginning is split into longer ones),
  // and whether it holds only the first of the names that begin as the word does.  The names of a word too common
  // for one shard are in shards of the word and the first letter of one of their other words ("leila-b"), whose
  // letters the list gives as the word's value (listing() in site_builder/site/names.py): the first of ``others``
  // (the query's other words) whose letter is one of them gives it.
  async function shard(word, others) {
    listed ??= fetch(NAMES + "keys.json").then((r) => (r.ok ? r.json() : {}), () => ({}));
    const keys = await listed;
    const letters = keys[shardName(word)];
    for (const other of others) {
      const letter = [...other][0];
      if (typeof letters === "string" && [...letters].includes(letter)) {
        return { entries: await fetchShard(shardName(word) + "-" + shardName(letter)), partial: false };
      }
    }
    for (let length = word.length; length >= SHORTEST; length--) {
      const name = shardName(word.slice(0, length));
      if (!(name in keys)) continue;
      return { entries: await fetchShard(name), partial: keys[name] !== 0 && word.length <= length };
    }
    return { entries: [], partial: false };
  }

  // The pages one of whose names has, for every word of the query, a word that starts with it; those with more
  // words matched in full first, then in the list's own order (people first, the latest race first).  Null when
  // the list cannot answer (no word of three letters, or filters chosen): Pagefind answers then.
  async function byName(query) {
    const asked = words(query);
    const longest = asked.reduce((a, b) => (b.length > a.length ? b : a), "");
    if (longest.length < SHORTEST) return null;
    const { entries, partial } = await shard(longest, asked.filter((word) => word !== longest));
    const found = [];
    found.partial = partial;
    for (const [url, title, facts, ...called] of entries) {
      let best = -1;
      for (const name of called) {
        const own = words(name);
        if (asked.every((word) => own.some((w) => w.startsWith(word)))) {
          best = Math.max(best, asked.filter((word) => own.includes(word)).length);
        }
      }
      if (best >= 0) {
        found.push({ best, data: async () => ({ url: new URL(url, ROOT).href, meta: { title }, facts, marks: asked }) });
      }
    }
    found.sort((a, b) => b.best - a.best);
    return found;
  }
  const FILTERS = ["kind", "state", "office", "year"];
  let engine = null;
  let results = [];
  let shown = 0;
  let asked = 0;

  function load() {
    if (!engine) {
      const bundle = new URL(form.dataset.ccSearch, location.href).href;
      const root = new URL(form.dataset.ccRoot, location.href).pathname;
      engine = import(bundle + "pagefind.js").then(async (pagefind) => {
        // Where a word stands counts (a name in a heading, an office and city among a page's weighted words),
        // not how often a page repeats it: a city's page says "mayor" more often than its mayoral candidates'.
        const options = { baseUrl: root, excerptLength: 24, ranking: { termFrequency: 0.0 } };
        await pagefind.options({ ...options, bundlePath: bundle });
        await pagefind.init();
        const parts = INDEX_PARTS_BY_LANGUAGE[document.documentElement.lang] || 1;
        const merged = [];
        for (let part = 2; part <= parts; part += 1) merged.push(pagefind.mergeIndex(bundle + part + "/", options));
        await Promise.all(merged);
        return pagefind;
      });
    }
    return engine;
  }

  function open(opened) {
    panel.hidden = !opened;
  }

  function chosen() {
    const picked = {};
    for (const select of selects.querySelectorAll("select")) {
      if (select.value) picked[select.name] = select.value;
    }
    return picked;
  }

  // Pagefind's excerpt is HTML: its text, with the words found in <mark>; anything else it holds becomes text.
  function excerpt(html) {
    const out = document.createElement("p");
    out.className = "cc-search__excerpt";
    const parsed = new DOMParser().parseFromString(html, "text/html");
    for (const node of parsed.body.childNodes) {
      if (node.nodeName === "MARK") {
        const mark = document.createElement("mark");
        mark.textContent = node.textContent;
        out.append(mark);
      } else {
        out.append(document.createTextNode(node.textContent));
      }
    }
    return out;
  }

  // A result found by its name: the words of its title the query's words begin, in <mark>, the rest as text.
  function marked(element, asked) {
    const title = element.textContent;
    const parts = [];
    let at = 0;
    for (const match of title.matchAll(/[\p{L}\p{N}\p{M}'\u2019\u02bc]+/gu)) {
      const own = words(match[0]);
      if (!own.some((w) => asked.some((word) => w.startsWith(word)))) continue;
      parts.push(document.createTextNode(title.slice(at, match.index)));
      const mark = document.createElement("mark");
      mark.textContent = match[0];
      parts.push(mark);
      at = match.index + match[0].length;
    }
    parts.push(document.createTextNode(title.slice(at)));
    element.replaceChildren(...parts);
  }

  function item(data) {
    const li = document.createElement("li");
    const link = document.createElement("a");
    link.href = data.url;
    link.textContent = data.meta.title || data.url;
    if (data.marks) marked(link, data.marks);
    li.append(link);
    const facts = data.facts ?? [data.meta.year, data.meta.office, data.meta.outcome].filter(Boolean).join(" · ");
    if (facts) {
      const meta = document.createElement("p");
      meta.className = "cc-search__meta";
      meta.textContent = facts;
      li.append(meta);
    }
    if (data.excerpt) li.append(excerpt(data.excerpt));
    return li;
  }

  async function showMore() {
    const next = results.slice(shown, shown + PAGE);
    const ask = asked;
    const data = await Promise.all(next.map((result) => result.data()));
    if (ask !== asked) return;
    const first = shown;
    list.append(...data.map(item));
    shown += next.length;
    // After the last name found, "More results" searches every page's words.
    const done = shown >= results.length && !byNames;
    // Pressed for the last results, the button goes: the focus goes first to the first of them, or it would leave
    // the search with the hidden button, which closes the panel.
    if (done && document.activeElement === more) links()[first]?.focus();
    more.hidden = done;
  }

  async function search(event) {
    const ask = ++asked;
    const entered = event?.type === "submit";
    const query = input.value.trim();
    if (!query) {
      results = [];
      list.replaceChildren();
      status.textContent = "";
      more.hidden = true;
      open(false);
      return;
    }
    open(true);
    if (query.length < SHORTEST && !entered) {
      results = [];
      list.replaceChildren();
      more.hidden = true;
      status.textContent = say("short", { count: SHORTEST });
      return;
    }
    // Typed, a query is first looked up in the list of names; entered (or with filters chosen, or when no name
    // answers), every page's words are searched.
    const picked = chosen();
    const named = entered || Object.keys(picked).length ? null : await byName(query);
    if (ask !== asked) return;
    byNames = Boolean(named?.length);
    if (byNames) {
      results = named;
    } else {
      const pagefind = await load();
      const found = await pagefind.debouncedSearch(query, { filters: picked }, 150);
      if (found === null || ask !== asked) return;
      results = found.results;
    }
    shown = 0;
    list.replaceChildren();
    await showMore();
    if (ask !== asked) return;
    const count = results.length;
    const countForm = plural.select(count) === "one" ? "one" : "other";
    if (byNames && results.partial) {
      status.textContent = say("first", { num: count, query });
    } else {
      status.textContent = count === 0 ? say("none", { query }) : say(countForm, { num: count, query });
    }
  }

  async function fillFilters() {
    if (selects.childElementCount) return;
    const pagefind = await load();
    const available = await pagefind.filters();
    for (const name of FILTERS) {
      const values = Object.keys(available[name] || {});
      if (!values.length) continue;
      values.sort(name === "year" ? (a, b) => b.localeCompare(a) : (a, b) => a.localeCompare(b));
      const field = document.createElement("label");
      field.textContent = say(name) + " ";
      const select = document.createElement("select");
      select.name = name;
      select.append(new Option(say("any"), ""));
      for (const value of values) {
        select.append(new Option(name === "kind" ? value[0].toUpperCase() + value.slice(1) : value, value));
      }
      select.addEventListener("change", search);
      field.append(select);
      selects.append(field);
    }
  }

  function links() {
    return [...list.querySelectorAll("a")];
  }

  input.addEventListener("focus", () => {
    if (input.value.trim()) open(true);
  });
  input.addEventListener("input", search);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    search(event);
  });
  filters.addEventListener("toggle", () => {
    if (filters.open) fillFilters();
  });
  more.addEventListener("click", () => {
    const first = shown;
    if (byNames && shown >= results.length) {
      search({ type: "submit" }).then(() => links()[0]?.focus());
    } else {
      showMore().then(() => links()[first]?.focus());
    }
  });
  form.addEventListener("keydown", (event) => {
    const all = links();
    const at = all.indexOf(document.activeElement);
    if (event.key === "Escape" && !panel.hidden) {
      event.preventDefault(); // the search field would clear itself: the query stays, for Down to list again
      input.focus();
      open(false);
    } else if (event.key === "ArrowDown" && (event.target === input || at >= 0) && all.length) {
      event.preventDefault();
      open(true);
      all[Math.min(at + 1, all.length - 1)].focus();
    } else if (event.key === "ArrowUp" && at >= 0) {
      event.preventDefault();
      (at === 0 ? input : all[at - 1]).focus();
    }
  });
  form.addEventListener("focusout", (event) => {
    if (!form.contains(event.relatedTarget)) open(false);
  });
  document.addEventListener("keydown", (event) => {
    const target = event.target;
    const typing = target instanceof HTMLElement && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
    if (event.key === "/" && !typing && !event.ctrlKey && !event.metaKey && !event.altKey) {
      event.preventDefault();
      input.focus();
    }
  });
})();
