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
    } else if (message.kind === "unread") {
      var badge = document.querySelector("[data-unread-badge]");
      var count = document.querySelector("[data-unread-count]");
      if (badge && count) {
        count.textContent = message.count;
        badge.hidden = !message.count;
      }
    }
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
