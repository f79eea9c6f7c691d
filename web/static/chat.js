/* The portal page's chat: rasa-webchat over Rasa's socket.io channel, plus what the widget
 * lacks on its own: a clear message while the assistant cannot be reached, and names and
 * keyboard access for its controls. */
(function () {
  "use strict";

  var config = document.getElementById("chat").dataset;
  var status = document.getElementById("chat-status");
  var socketUrl = config.socketUrl ||
    window.location.protocol + "//" + window.location.hostname + ":" + config.rasaPort;
  var OUTAGE = "The assistant cannot be reached right now. Your conversation is kept, and the " +
    "chat reconnects by itself as soon as the assistant is back.";
  var BACK = "The assistant is back. You can go on where you left off.";
  var offline = false;
  var hideTimer = null;

  function setStatus(text, state) {
    window.clearTimeout(hideTimer);
    status.replaceChildren();
    status.dataset.state = state;
    status.appendChild(document.createTextNode(text + " "));
    if (state === "offline") {
      var contact = document.createElement("a");
      contact.href = config.contactUrl;
      contact.rel = "noopener noreferrer";
      contact.target = "_blank";
      contact.textContent = "Contact the Helpdesk";
      status.appendChild(contact);
      status.setAttribute("role", "alert");
    } else {
      status.setAttribute("role", "status");
      hideTimer = window.setTimeout(function () { status.hidden = true; }, 8000);
    }
    status.hidden = false;
    document.body.classList.toggle("chat-offline", state === "offline");
  }

  function wentOffline() {
    if (!offline) {
      offline = true;
      setStatus(OUTAGE, "offline");
    }
  }

  function cameBack() {
    if (offline) {
      offline = false;
      setStatus(BACK, "online");
    }
  }

  /* rasa-webchat renders quick replies as plain <div>s and some controls without a name:
   * give them roles, names and keyboard handling as they appear. */
  function label(element, name) {
    if (element.getAttribute("aria-label") !== name) element.setAttribute("aria-label", name);
  }

  function enhance(root) {
    root.querySelectorAll(".rw-launcher").forEach(function (launcher) {
      var open = !!document.querySelector(".rw-chat-open");
      label(launcher, open ? "Close the Helpdesk chat" : "Open the Helpdesk chat");
      launcher.setAttribute("aria-expanded", open ? "true" : "false");
    });
    root.querySelectorAll(".rw-close-button").forEach(function (button) {
      label(button, "Close the Helpdesk chat");
    });
    root.querySelectorAll(".rw-new-message").forEach(function (input) {
      label(input, "Your message");
    });
    root.querySelectorAll(".rw-send").forEach(function (button) {
      label(button, "Send");
    });
    root.querySelectorAll(".rw-messages-container").forEach(function (log) {
      if (log.getAttribute("role") !== "log") {
        log.setAttribute("role", "log");
        log.setAttribute("aria-live", "polite");
        log.setAttribute("aria-label", "Conversation with the Helpdesk assistant");
        log.tabIndex = 0;
      }
    });
    root.querySelectorAll("div.rw-reply:not([role])").forEach(function (reply) {
      reply.setAttribute("role", "button");
      reply.tabIndex = 0;
    });
    root.querySelectorAll(".rw-message a[href]").forEach(function (link) {
      link.target = "_blank";
      link.rel = "noopener noreferrer";
    });
  }

  document.addEventListener("keydown", function (event) {
    var reply = event.target.closest && event.target.closest("div.rw-reply[role=button]");
    if (reply && (event.key === "Enter" || event.key === " ")) {
      event.preventDefault();
      reply.click();
      var input = document.querySelector(".rw-new-message");
      if (input) input.focus();
    }
  });

  new MutationObserver(function () { enhance(document); })
    .observe(document.body, { childList: true, subtree: true, attributes: true,
                              attributeFilter: ["class"] });

  window.WebChat.default({
    // The chat starts in the page's language; the user can change it at any time.
    initPayload: '/greet{"language": "' + config.language + '"}',
    socketUrl: socketUrl,
    socketPath: "/socket.io/",
    customData: { language: config.language },
    title: "NetZeroCities Helpdesk",
    subtitle: "Support and funding for your city",
    inputTextFieldHint: "Type your answer…",
    connectingText: "Connecting to the assistant…",
    hideWhenNotConnected: false,
    showFullScreenButton: false,
    params: { storage: "local" },
    // A short pause per message keeps long recommendation lists quick to read.
    customMessageDelay: function (message) {
      return Math.min(1200, Math.max(300, message.length * 8));
    },
    onSocketEvent: {
      connect: cameBack,
      connect_error: wentOffline,
      disconnect: wentOffline,
    },
  }, document.getElementById("chat"));
})();
