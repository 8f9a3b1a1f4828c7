/*
 * Self-assessment questionnaire (Annex G): keeps answers on the practitioner's device.
 *
 * Progressive enhancement for <form class="self-assessment" data-storage-key="...">:
 *   - answers are saved in localStorage as the user types and restored when the page is opened again;
 *   - buttons marked data-action="save-file | load-file | print | clear" (hidden until this script runs) save the
 *     answers to a JSON file built in the browser, load such a file back, print the page, or clear everything;
 *   - for printing, each textarea gets a read-only copy that grows with its text (a textarea would cut it off).
 * Nothing is sent over the network. All visible text (button labels, messages) comes from the page's HTML, so the
 * translated pages need no change here: messages are read from data-msg-* attributes on the form.
 * Works with Material for MkDocs: runs on DOMContentLoaded and on every page load announced by document$.
 */
(function () {
  "use strict";

  var FORM_SELECTOR = "form.self-assessment";
  var FILE_FORMAT = "wbch-self-assessment";
  var FILE_VERSION = 1;
  var SAVE_DELAY_MS = 400;

  /* ---------- small helpers ---------- */

  function message(form, name) {
    // data-msg-confirm-clear -> dataset.msgConfirmClear
    var key = "msg" + name.replace(/(^|-)([a-z])/g, function (_, __, c) { return c.toUpperCase(); });
    return form.dataset[key] || "";
  }

  function showStatus(form, text) {
    var status = form.querySelector("[data-role='status']");
    if (!status) {
      return;
    }
    status.textContent = text || "";
  }

  function storageAvailable() {
    try {
      var probe = "__wbch_probe__";
      window.localStorage.setItem(probe, probe);
      window.localStorage.removeItem(probe);
      return true;
    } catch (e) {
      return false;
    }
  }

  function namedControls(form) {
    var result = [];
    var elements = form.elements;
    for (var i = 0; i < elements.length; i++) {
      var el = elements[i];
      if (!el.name || el.disabled) {
        continue;
      }
      var tag = el.tagName.toLowerCase();
      var type = (el.type || "").toLowerCase();
      if (tag === "button" || type === "file" || type === "submit" || type === "reset" || type === "button") {
        continue;
      }
      if (el.hasAttribute("data-sa-internal")) {
        continue;
      }
      result.push(el);
    }
    return result;
  }

  function collectAnswers(form) {
    var answers = {};
    namedControls(form).forEach(function (el) {
      var type = (el.type || "").toLowerCase();
      if (type === "radio") {
        if (el.checked) {
          answers[el.name] = el.value;
        }
      } else if (type === "checkbox") {
        if (el.checked) {
          (answers[el.name] = answers[el.name] || []).push(el.value);
        }
      } else if (el.value !== "") {
        answers[el.name] = el.value;
      }
    });
    return answers;
  }

  function applyAnswers(form, answers) {
    var applied = 0;
    namedControls(form).forEach(function (el) {
      var type = (el.type || "").toLowerCase();
      var has = Object.prototype.hasOwnProperty.call(answers, el.name);
      var value = has ? answers[el.name] : undefined;
      if (type === "radio") {
        el.checked = has && String(value) === el.value;
        if (el.checked) { applied++; }
      } else if (type === "checkbox") {
        el.checked = has && Array.isArray(value) && value.indexOf(el.value) !== -1;
        if (el.checked) { applied++; }
      } else {
        el.value = has && typeof value === "string" ? value : "";
        if (el.value !== "") { applied++; }
      }
    });
    return applied;
  }

  /* ---------- printing copies of free-text answers ---------- */

  function updatePrintCopy(textarea) {
    var copy = textarea.nextElementSibling;
    if (copy && copy.classList.contains("sa-print-answer")) {
      copy.textContent = textarea.value;
    }
  }

  function addPrintCopies(form) {
    form.querySelectorAll("textarea").forEach(function (textarea) {
      var next = textarea.nextElementSibling;
      if (next && next.classList.contains("sa-print-answer")) {
        return;
      }
      var copy = document.createElement("div");
      copy.className = "sa-print-answer";
      copy.setAttribute("aria-hidden", "true");
      copy.setAttribute("data-rows", textarea.getAttribute("rows") || "4");
      textarea.insertAdjacentElement("afterend", copy);
      updatePrintCopy(textarea);
    });
  }

  function updateAllPrintCopies(form) {
    form.querySelectorAll("textarea").forEach(updatePrintCopy);
  }

  /* ---------- the human-readable part of a saved file ---------- */

  function questionText(form, el) {
    if (el.type === "radio" || el.type === "checkbox") {
      var fieldset = el.closest("fieldset");
      var legend = fieldset && fieldset.querySelector("legend");
      return legend ? legend.textContent.replace(/\s+/g, " ").trim() : el.name;
    }
    if (el.id) {
      var label = form.querySelector("label[for='" + el.id.replace(/'/g, "\\'") + "']");
      if (label) {
        return label.textContent.replace(/\s+/g, " ").trim();
      }
    }
    return el.name;
  }

  function readableAnswers(form, answers) {
    var seen = {};
    var rows = [];
    namedControls(form).forEach(function (el) {
      if (seen[el.name] || !Object.prototype.hasOwnProperty.call(answers, el.name)) {
        return;
      }
      var answerText = answers[el.name];
      if (el.type === "radio" || el.type === "checkbox") {
        var checked = form.querySelectorAll("input[name='" + el.name.replace(/'/g, "\\'") + "']:checked");
        answerText = Array.prototype.map.call(checked, function (input) {
          var label = input.closest("label");
          return label ? label.textContent.replace(/\s+/g, " ").trim() : input.value;
        }).join("; ");
      }
      seen[el.name] = true;
      rows.push({ name: el.name, question: questionText(form, el), answer: answerText });
    });
    return rows;
  }

  /* ---------- file save and load ---------- */

  function today() {
    var d = new Date();
    function pad(n) { return (n < 10 ? "0" : "") + n; }
    return d.getFullYear() + "-" + pad(d.getMonth() + 1) + "-" + pad(d.getDate());
  }

  function saveToFile(form, key) {
    var answers = collectAnswers(form);
    var data = {
      format: FILE_FORMAT,
      version: FILE_VERSION,
      storageKey: key,
      savedAt: new Date().toISOString(),
      language: document.documentElement.getAttribute("lang") || "",
      page: document.title,
      answers: answers,
      readable: readableAnswers(form, answers)
    };
    var blob = new Blob([JSON.stringify(data, null, 2)], { type: "application/json" });
    var url = URL.createObjectURL(blob);
    var link = document.createElement("a");
    link.href = url;
    link.download = (form.getAttribute("data-file-name") || "self-assessment") + "-" + today() + ".json";
    link.hidden = true;
    document.body.appendChild(link);
    link.click();
    window.setTimeout(function () {
      URL.revokeObjectURL(url);
      link.remove();
    }, 1000);
    showStatus(form, message(form, "saved-file"));
  }

  function parseFile(text) {
    var data = JSON.parse(text);
    if (!data || typeof data !== "object" || data.format !== FILE_FORMAT) {
      throw new Error("not a self-assessment file");
    }
    if (!data.answers || typeof data.answers !== "object" || Array.isArray(data.answers)) {
      throw new Error("no answers");
    }
    return data.answers;
  }

  /* ---------- setting up one form ---------- */

  function setup(form) {
    if (form.getAttribute("data-sa-ready") === "1") {
      return;
    }
    form.setAttribute("data-sa-ready", "1");

    var key = form.getAttribute("data-storage-key") || "wbch-self-assessment";
    var canStore = storageAvailable();
    var saveTimer = null;

    function store() {
      saveTimer = null;
      if (!canStore) {
        return;
      }
      var answers = collectAnswers(form);
      try {
        if (Object.keys(answers).length === 0) {
          window.localStorage.removeItem(key);
        } else {
          window.localStorage.setItem(key, JSON.stringify({
            version: FILE_VERSION,
            savedAt: new Date().toISOString(),
            answers: answers
          }));
        }
      } catch (e) {
        canStore = false;
        showStatus(form, message(form, "no-storage"));
      }
    }

    function scheduleStore() {
      if (saveTimer !== null) {
        window.clearTimeout(saveTimer);
      }
      saveTimer = window.setTimeout(store, SAVE_DELAY_MS);
    }

    function flush() {
      if (saveTimer !== null) {
        window.clearTimeout(saveTimer);
        store();
      }
    }

    // The form is never submitted anywhere.
    form.addEventListener("submit", function (event) {
      event.preventDefault();
    });

    form.addEventListener("input", function (event) {
      if (event.target && event.target.tagName === "TEXTAREA") {
        updatePrintCopy(event.target);
      }
      scheduleStore();
    });
    form.addEventListener("change", scheduleStore);
    window.addEventListener("pagehide", flush);
    window.addEventListener("beforeprint", function () {
      updateAllPrintCopies(form);
    });

    // Hidden file input for "Load from file"; it is triggered by the visible button.
    var fileInput = document.createElement("input");
    fileInput.type = "file";
    fileInput.accept = ".json,application/json";
    fileInput.className = "sa-file-input";
    fileInput.tabIndex = -1;
    fileInput.setAttribute("aria-hidden", "true");
    fileInput.setAttribute("data-sa-internal", "1");
    var loadButton = form.querySelector("[data-action='load-file']");
    if (loadButton) {
      fileInput.setAttribute("aria-label", loadButton.textContent.trim());
    }
    form.appendChild(fileInput);

    fileInput.addEventListener("change", function () {
      var file = fileInput.files && fileInput.files[0];
      if (!file) {
        return;
      }
      var reader = new FileReader();
      reader.onload = function () {
        var answers;
        try {
          answers = parseFile(String(reader.result));
        } catch (e) {
          showStatus(form, message(form, "load-error"));
          fileInput.value = "";
          return;
        }
        var hasAnswers = Object.keys(collectAnswers(form)).length > 0;
        var confirmText = message(form, "confirm-load");
        if (hasAnswers && confirmText && !window.confirm(confirmText)) {
          fileInput.value = "";
          return;
        }
        applyAnswers(form, answers);
        updateAllPrintCopies(form);
        store();
        showStatus(form, message(form, "loaded"));
        fileInput.value = "";
      };
      reader.onerror = function () {
        showStatus(form, message(form, "load-error"));
        fileInput.value = "";
      };
      reader.readAsText(file);
    });

    form.addEventListener("click", function (event) {
      var button = event.target.closest("[data-action]");
      if (!button || !form.contains(button)) {
        return;
      }
      var action = button.getAttribute("data-action");
      if (action === "save-file") {
        flush();
        saveToFile(form, key);
      } else if (action === "load-file") {
        fileInput.click();
      } else if (action === "print") {
        flush();
        updateAllPrintCopies(form);
        window.print();
      } else if (action === "clear") {
        var confirmText = message(form, "confirm-clear") || button.textContent.trim();
        if (!window.confirm(confirmText)) {
          return;
        }
        if (saveTimer !== null) {
          window.clearTimeout(saveTimer);
          saveTimer = null;
        }
        applyAnswers(form, {});
        updateAllPrintCopies(form);
        if (canStore) {
          try { window.localStorage.removeItem(key); } catch (e) { /* nothing to remove */ }
        }
        showStatus(form, message(form, "cleared"));
      }
    });

    // Show what only works with this script, hide the note for browsers without it.
    addPrintCopies(form);
    form.classList.add("sa-enhanced");
    form.querySelectorAll("[data-role='actions']").forEach(function (bar) {
      bar.hidden = false;
    });
    form.querySelectorAll("[data-role='noscript-note']").forEach(function (note) {
      note.hidden = true;
    });

    // Restore earlier answers kept on this device.
    if (!canStore) {
      showStatus(form, message(form, "no-storage"));
      return;
    }
    var saved = null;
    try {
      saved = JSON.parse(window.localStorage.getItem(key) || "null");
    } catch (e) {
      saved = null;
    }
    if (saved && saved.answers && typeof saved.answers === "object") {
      if (applyAnswers(form, saved.answers) > 0) {
        updateAllPrintCopies(form);
        showStatus(form, message(form, "restored"));
      }
    }
  }

  function init() {
    document.querySelectorAll(FORM_SELECTOR).forEach(setup);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
  // Material for MkDocs announces every page load (including instant navigation) on document$.
  if (typeof window.document$ !== "undefined" && window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(init);
  }
})();
