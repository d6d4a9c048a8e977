// cdm-assistant: shows who is signed in, and their role, in the page header.
// Reads the signed-in user from this server's own /user endpoint; nothing leaves the machine.
(function () {
  "use strict";
  var BADGE_ID = "cdm-user-badge";

  // No failed request on a page where nothing failed (cdm/ui/sign_in_state.py): the server keeps a
  // readable marker cookie next to its httpOnly session cookie. Without it nobody is signed in, so
  // Chainlit's session probe (GET /user) is answered here the way the page reads "signed out" (an
  // error with status 401) instead of asking the server for a 401. The sign-in form's requests are
  // marked so that a wrong password comes back as {"success": false} rather than a 401.
  var MARKER = "cdm_signed_in=1";
  var pageFetch = window.fetch.bind(window);

  function signedIn() {
    return document.cookie.split(/;\s*/).indexOf(MARKER) >= 0;
  }

  function pathOf(input) {
    try {
      return new URL(typeof input === "string" ? input : input.url, location.href).pathname.replace(/\/+$/, "");
    } catch (error) {
      return "";
    }
  }

  function endsWith(text, tail) {
    return text.slice(-tail.length) === tail;
  }

  function signedOut() {
    var response = new Response("{}", { status: 200, headers: { "content-type": "application/json" } });
    response.json = function () {
      var error = new Error("not signed in");
      error.status = 401;
      return Promise.reject(error);
    };
    return response;
  }

  window.fetch = function (input, init) {
    var method = ((init && init.method) || (input && input.method) || "GET").toUpperCase();
    var path = pathOf(input);
    if (method === "GET" && endsWith(path, "/user") && !signedIn()) return Promise.resolve(signedOut());
    if (method === "POST" && endsWith(path, "/login")) {
      var headers = new Headers((init && init.headers) || {});
      headers.set("X-CDM-Sign-In-Form", "1");
      init = Object.assign({}, init, { headers: headers });
    }
    return pageFetch(input, init);
  };

  function badgeText(user) {
    var meta = (user && user.metadata) || {};
    return meta.badge || [user.display_name || user.identifier, meta.role].filter(Boolean).join(" · ");
  }

  function render(text) {
    var badge = document.getElementById(BADGE_ID);
    if (!text) {
      if (badge) badge.remove();
      return;
    }
    if (!badge) {
      badge = document.createElement("div");
      badge.id = BADGE_ID;
      badge.setAttribute("data-testid", "user-badge");
      document.body.appendChild(badge);
    }
    if (badge.textContent !== text) badge.textContent = text;
  }

  function refresh() {
    if (location.pathname.indexOf("/login") === 0) {
      render("");
      return;
    }
    fetch("/user", { credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (user) { render(user ? badgeText(user) : ""); })
      .catch(function () { render(""); });
  }

  // Step headers read "Used <step name>"; our steps are named for readers ("How I read your
  // question", "SQL (as executed)", "Privacy"), so the leading verb is dropped.
  var STEP_PREFIXES = ["Used", "Using", "已使用", "使用中"];

  function tidyStepHeaders(root) {
    var buttons = root.querySelectorAll ? root.querySelectorAll("button[id^='step-']") : [];
    for (var i = 0; i < buttons.length; i++) {
      var walker = document.createTreeWalker(buttons[i], NodeFilter.SHOW_TEXT);
      var node = walker.nextNode();
      if (node && STEP_PREFIXES.indexOf(node.nodeValue.trim()) >= 0) node.nodeValue = "";
    }
  }

  new MutationObserver(function () { tidyStepHeaders(document); }).observe(document.documentElement, {
    childList: true,
    subtree: true,
  });

  // The page's strings follow the browser language (.chainlit/translations); so does our footer.
  if (!document.documentElement.lang || document.documentElement.lang === "en") {
    document.documentElement.lang = navigator.language || "en-US";
  }

  // A wrong password already shows the friendly message in the form (.chainlit/translations);
  // the raw "Unauthorized: credentialssignin" toast Chainlit adds on top is removed.
  function dropRawLoginToasts(root) {
    var toasts = root.querySelectorAll ? root.querySelectorAll("[data-sonner-toast]") : [];
    for (var i = 0; i < toasts.length; i++) {
      if (/credentialssignin/i.test(toasts[i].textContent || "")) toasts[i].style.display = "none";
    }
  }

  new MutationObserver(function () { dropRawLoginToasts(document); }).observe(document.documentElement, {
    childList: true,
    subtree: true,
  });

  // Autoscroll shows the start of each new answer (its narrative), not the bottom of its steps.
  var ANSWERS = '[data-step-type="assistant_message"]';
  var seenAnswers = 0;
  var scrollTimer = null;

  function scrollToNewAnswer() {
    var all = document.querySelectorAll(ANSWERS);
    if (all.length > seenAnswers) {
      var first = all[seenAnswers];
      seenAnswers = all.length;
      if (first && first.scrollIntoView) first.scrollIntoView({ block: "start" });
    } else {
      seenAnswers = all.length;
    }
  }

  new MutationObserver(function () {
    if (scrollTimer) clearTimeout(scrollTimer);
    scrollTimer = setTimeout(scrollToNewAnswer, 250);
  }).observe(document.documentElement, { childList: true, subtree: true });

  // Chainlit is a single-page app: look again when the path changes (login -> chat), and retry
  // now and then while signed in without a badge (e.g. the cookie arrived after the first look).
  var lastPath = location.pathname;
  var ticks = 0;
  setInterval(function () {
    ticks += 1;
    var moved = location.pathname !== lastPath;
    var missing = location.pathname.indexOf("/login") !== 0 && !document.getElementById(BADGE_ID);
    if (moved || (missing && ticks % 5 === 0)) {
      lastPath = location.pathname;
      refresh();
    }
  }, 500);
  refresh();
})();
