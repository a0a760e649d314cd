// Live updates: new comments, vote tallies and the unread badge arrive over one WebSocket per
// page (engagement/consumers.py). Everything here is an enhancement: without JavaScript, or with
// the socket down, the page is complete and current on reload. The socket reconnects with
// back-off, so updates resume when the server's Redis returns.
(function () {
  "use strict";
  var body = document.body;
  var watch = (body.getAttribute("data-live-watch") || "").trim();
  if (!watch && !body.hasAttribute("data-live-user")) return;
  if (!("WebSocket" in window)) return;

  var delay = 1000;
  var scheme = location.protocol === "https:" ? "wss://" : "ws://";
  var url = scheme + location.host + "/ws/live/?watch=" + encodeURIComponent(watch);

  function typingInThread(thread) {
    if (thread.contains(document.activeElement) && document.activeElement.tagName === "TEXTAREA") return true;
    return Array.prototype.some.call(thread.querySelectorAll("textarea"), function (t) { return t.value.trim() !== ""; });
  }

  function refreshThread(thread) {
    var status = document.getElementById("comment-live");
    if (typingInThread(thread)) {
      // Never replace what someone is typing: offer the new comments instead.
      if (status) status.textContent = status.getAttribute("data-waiting") || "New comments have been posted. They will appear when you post or reload the page.";
      return;
    }
    if (window.htmx) {
      window.htmx.ajax("GET", thread.getAttribute("data-thread-url"), { target: "#comment-thread", swap: "innerHTML" });
      if (status) status.textContent = "";
    }
  }

  function handle(message) {
    if (message.kind === "tally") {
      ["support", "neutral", "oppose"].forEach(function (stance) {
        document.querySelectorAll('[data-tally="' + message.watch + ":" + stance + '"]').forEach(function (el) {
          el.textContent = message[stance];
        });
      });
    } else if (message.kind === "comments") {
      var thread = document.getElementById("comment-thread");
      if (thread && thread.getAttribute("data-watch") === message.watch) refreshThread(thread);
    } else if (message.kind === "points") {
      document.querySelectorAll("[data-points-total]").forEach(function (el) { el.textContent = message.total; });
      document.querySelectorAll("[data-points-level]").forEach(function (el) { el.textContent = message.level; });
      announce(message.change + " " + (body.getAttribute("data-points-word") || "points") + ": " + message.rule, "", false);
    } else if (message.kind === "reward") {
      announce(message.title, message.url, true);
    } else if (message.kind === "unread") {
      var badge = document.querySelector("[data-unread-badge]");
      var count = document.querySelector("[data-unread-count]");
      if (badge && count) {
        count.textContent = message.count;
        badge.hidden = !message.count;
      }
      var messagesBadge = document.querySelector("[data-messages-badge]");
      var messagesCount = document.querySelector("[data-messages-count]");
      if (messagesBadge && messagesCount && typeof message.messages === "number") {
        messagesCount.textContent = message.messages;
        messagesBadge.hidden = !message.messages;
      }
    }
  }

  // Points and badges as they are earned: a banner per message in a polite live region, built
  // from text nodes (the titles come from the server but are never parsed as HTML), each with a
  // button to dismiss it; at most three at a time.
  function announce(text, url, success) {
    var region = document.getElementById("live-rewards");
    if (!region || !window.civicDom) return;
    var banner = document.createElement("div");
    banner.className = "govuk-notification-banner" + (success ? " govuk-notification-banner--success" : "");
    var content = document.createElement("div");
    content.className = "govuk-notification-banner__content";
    var line = document.createElement("p");
    line.className = "govuk-notification-banner__heading";
    line.appendChild(url ? window.civicDom.link(url, text) : window.civicDom.text(text));
    content.appendChild(line);
    var close = document.createElement("button");
    close.type = "button";
    close.className = "govuk-button govuk-button--secondary govuk-!-margin-bottom-0";
    close.textContent = region.getAttribute("data-dismiss") || "Dismiss";
    close.addEventListener("click", function () { banner.remove(); });
    content.appendChild(close);
    banner.appendChild(content);
    region.appendChild(banner);
    while (region.children.length > 3) region.removeChild(region.firstElementChild);
  }

  function connect() {
    var socket;
    try { socket = new WebSocket(url); } catch (e) { return; }
    socket.onopen = function () { delay = 1000; };
    socket.onmessage = function (event) {
      try { handle(JSON.parse(event.data)); } catch (e) { /* a bad message changes nothing */ }
    };
    socket.onclose = function () {
      setTimeout(connect, delay);
      delay = Math.min(delay * 2, 30000);
    };
  }
  connect();
})();
