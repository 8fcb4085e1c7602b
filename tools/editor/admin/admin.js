// The browser editor's own parts, beside Decap CMS's app (tools/editor/serve.py serves both):
// - the preview pane shows the page a reader will see: the entry as the writer has it, in the
//   pane's language, built by the site's own build (POST /editor/preview, tools/editor/preview.py),
//   at a phone's or a desktop's width;
// - the `moment` widget: dates as the office writes them, 15.02.2006 10:30 (24 h, Dushanbe time),
//   written into the files as 2006-02-15 10:30; a new item's date is now in Dushanbe;
// - errors that name their field: "not saved" says which fields, and the form scrolls to the first;
// - the mission's name in the editor's header.
/* global CMS, createClass, h */
(function () {
  "use strict";
  const UI = document.documentElement.lang === "ru" ? "ru" : "en";
  const WORDS = {
    en: {
      phone: "Phone",
      desktop: "Desktop",
      width: "Preview width",
      updating: "Updating the page…",
      updated: (s) => `The page as published (made in ${s} s)`,
      waiting: "The first preview takes about half a minute while the site is built once.",
      notSaved: "Not saved. Please correct:",
      name: "IOM Tajikistan · website editor",
      missing: "Not saved: a field needs your attention (marked in red).",
      preview: "Preview of the page",
    },
    ru: {
      phone: "Телефон",
      desktop: "Компьютер",
      width: "Ширина просмотра",
      updating: "Страница обновляется…",
      updated: (s) => `Страница, как она будет опубликована (собрана за ${s} с)`,
      waiting: "Первый просмотр занимает около полуминуты: сайт собирается в первый раз.",
      notSaved: "Не сохранено. Исправьте:",
      name: "МОМ в Таджикистане · редактор сайта",
      missing: "Не сохранено: одно из полей требует внимания (выделено красным).",
      preview: "Просмотр страницы",
    },
  }[UI];
  const ZONE = "Asia/Dushanbe";
  const DEFAULT_LANGUAGE = "en";
  const DELAY = 300; // ms after the last keystroke

  // ---- errors that name their field --------------------------------------------------------
  for (const lang of ["en", "ru"]) {
    const phrases = CMS.getLocale(lang);
    if (phrases && phrases.ui && phrases.ui.toast) phrases.ui.toast.missingRequiredField = lang === UI ? WORDS.missing : phrases.ui.toast.missingRequiredField;
  }

  function namedErrors(toast) {
    const lists = [...document.querySelectorAll('[class*="ControlErrorsList"]')].filter((list) => list.textContent.trim());
    if (!lists.length || toast.dataset.named) return;
    toast.dataset.named = "yes";
    const messages = lists.flatMap((list) => [...list.querySelectorAll("li")].map((item) => item.textContent.trim()));
    toast.textContent = `${WORDS.notSaved} ${[...new Set(messages)].join(" ")}`;
    const first = lists[0];
    first.scrollIntoView({ block: "center" });
    const control = first.parentElement && first.parentElement.querySelector("input, textarea, [contenteditable=true], select");
    if (control) control.focus({ preventScroll: true });
  }

  // Decap refuses a save with empty or wrong fields by rejecting a promise with nothing
  // (decap-cms-core's persistEntry: `return Promise.reject()`), which the browser reports as
  // an uncaught error; the writer has the message above, so that refusal is not an error.
  window.addEventListener("unhandledrejection", (event) => {
    if (event.reason === undefined) event.preventDefault();
  });

  function namedHeader() {
    const header = document.querySelector("header");
    if (!header || header.querySelector(".iom-editor-name")) return;
    const name = document.createElement("span");
    name.className = "iom-editor-name";
    name.textContent = WORDS.name;
    header.prepend(name);
  }

  new MutationObserver(() => {
    for (const toast of document.querySelectorAll(".Toastify__toast--error .Toastify__toast-body, .Toastify__toast-body")) {
      if (toast.textContent.includes(WORDS.missing)) namedErrors(toast);
    }
    namedHeader();
  }).observe(document.body, { childList: true, subtree: true });

  // ---- dates as the office writes them -----------------------------------------------------
  const pad = (n) => String(n).padStart(2, "0");
  const STORED = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2}))?(.*)$/;
  const SHOWN = /^\s*(\d{1,2})\.(\d{1,2})\.(\d{4})(?:\s+(\d{1,2}):(\d{2}))?(.*)$/;

  function nowInDushanbe() {
    const parts = Object.fromEntries(
      new Intl.DateTimeFormat("en-GB", { timeZone: ZONE, year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", hourCycle: "h23" })
        .formatToParts(new Date())
        .map((part) => [part.type, part.value]),
    );
    return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}`;
  }
  function shown(value) {
    const match = STORED.exec(String(value || ""));
    if (!match) return String(value || "");
    return `${match[3]}.${match[2]}.${match[1]}${match[4] ? ` ${match[4]}:${match[5]}` : ""}${match[6]}`;
  }
  function stored(text) {
    const match = SHOWN.exec(text);
    if (!match) return text.trim();
    return `${match[3]}-${pad(match[2])}-${pad(match[1])}${match[4] ? ` ${pad(match[4])}:${match[5]}` : ""}${match[6].trimEnd()}`;
  }

  const MomentControl = createClass({
    getInitialState() {
      return { text: shown(this.props.value) };
    },
    componentDidMount() {
      const { value, field, entry, onChange } = this.props;
      if (!value && field.get("name") === "date" && entry && entry.get("newRecord")) {
        const now = nowInDushanbe();
        this.setState({ text: shown(now) });
        onChange(now);
      }
    },
    componentDidUpdate(previous) {
      if (previous.value !== this.props.value && stored(this.state.text) !== (this.props.value || "")) {
        this.setState({ text: shown(this.props.value) });
      }
    },
    render() {
      const { forID, classNameWrapper, setActiveStyle, setInactiveStyle } = this.props;
      return h("input", {
        type: "text",
        id: forID,
        className: classNameWrapper,
        value: this.state.text,
        placeholder: "DD.MM.YYYY HH:mm",
        autoComplete: "off",
        onFocus: setActiveStyle,
        onBlur: setInactiveStyle,
        onChange: (event) => {
          const text = event.target.value;
          this.setState({ text });
          this.props.onChange(text.trim() ? stored(text) : "");
        },
      });
    },
  });
  const MomentPreview = createClass({
    render() {
      return h("span", {}, shown(this.props.value));
    },
  });
  CMS.registerWidget("moment", MomentControl, MomentPreview);

  // ---- the preview: the page itself --------------------------------------------------------
  const WIDTHS = { phone: 390, desktop: 1280 };
  const LANGUAGE = /(\.[a-z]{2,3})?\.md$/; // Decap's path of an entry is x.md, its files x.en.md...

  const Page = createClass({
    getInitialState() {
      return { url: null, problems: null, busy: true, seconds: null, width: localStorage.getItem("iom-preview-width") || "desktop", stamp: 0 };
    },
    componentDidMount() {
      this.ask(0);
      this.resize = () => this.forceUpdate();
      this.props.window.addEventListener("resize", this.resize);
    },
    componentDidUpdate(previous) {
      if (previous.entry !== this.props.entry || previous.locale !== this.props.locale) this.ask(DELAY);
    },
    componentWillUnmount() {
      clearTimeout(this.timer);
      this.gone = true;
      this.props.window.removeEventListener("resize", this.resize);
    },
    request() {
      const { entry, collection } = this.props;
      const locale = this.props.locale || DEFAULT_LANGUAGE;
      const path = entry.get("path") || "";
      const data = entry.get("data").toJS();
      const file = path ? path.replace(LANGUAGE, `.${locale}.md`) : null;
      return { file, folder: collection.get("folder"), locale, data };
    },
    ask(delay) {
      clearTimeout(this.timer);
      this.timer = setTimeout(async () => {
        const asked = (this.asked = (this.asked || 0) + 1);
        this.setState({ busy: true });
        let answer;
        try {
          const response = await fetch("/editor/preview", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(this.request()) });
          answer = await response.json();
        } catch (error) {
          answer = { problems: String(error) };
        }
        if (this.gone || asked !== this.asked) return; // a newer text is on its way
        this.setState({ busy: false, url: answer.url || null, problems: answer.problems || null, seconds: answer.seconds, stamp: Date.now() });
      }, delay);
    },
    choose(width) {
      localStorage.setItem("iom-preview-width", width);
      this.setState({ width });
    },
    render() {
      const { url, problems, busy, seconds, width, stamp } = this.state;
      const pane = this.props.window.innerWidth - 16;
      const wide = WIDTHS[width];
      const scale = Math.min(1, pane / wide);
      const height = this.props.window.innerHeight - 56;
      const button = (name) =>
        h("button", { type: "button", "aria-pressed": String(width === name), onClick: () => this.choose(name) }, `${WORDS[name]} (${WIDTHS[name]} px)`);
      const source = problems
        ? `/editor/problems?${new URLSearchParams({ text: problems })}`
        : url && `${location.origin}${url}?v=${stamp}`;
      return h(
        "div",
        {
          className: "iom-preview",
          "data-state": busy ? "updating" : problems ? "problems" : url ? "page" : "waiting",
          "data-made": stamp,
          "data-seconds": seconds,
        },
        h(
          "div",
          { className: "iom-preview-bar", role: "group", "aria-label": WORDS.width },
          button("phone"),
          button("desktop"),
          h("span", { className: "iom-preview-status", role: "status" }, busy ? (url || problems ? WORDS.updating : WORDS.waiting) : problems ? "" : WORDS.updated(seconds)),
        ),
        source &&
          h(
            "div",
            { className: "iom-preview-frame", style: { width: `${wide * scale}px`, height: `${height}px` } },
            h("iframe", {
              title: WORDS.preview,
              src: source.startsWith("/") ? location.origin + source : source,
              style: { width: `${wide}px`, height: `${height / scale}px`, transform: `scale(${scale})` },
            }),
          ),
      );
    },
  });

  CMS.registerPreviewStyle("/admin/preview-pane.css");
  const config = fetch("/admin/config.yml").then((response) => response.json());
  config.then((settings) => {
    for (const collection of settings.collections) {
      if (collection.folder) CMS.registerPreviewTemplate(collection.name, Page);
    }
  });
})();
