/* Similar ideas while writing a new one: after a short pause in typing, ask the server for
 * ideas of the process that look like the text and show them in the form's polite live
 * region (#similar). Without this script the server shows them on the first submit. */
(function () {
  "use strict";
  var box = document.getElementById("similar");
  if (!box || !window.fetch || !window.AbortController) {
    return;
  }
  var form = box.closest("form");
  var title = form.querySelector("[name=title]");
  var body = form.querySelector("[name=body]");
  var seen = form.querySelector("[name=similar_seen]");
  var timer = null;
  var last = "";
  var running = null;

  function update() {
    var text = title.value.trim() + "\n" + body.value.trim().slice(0, 1000);
    if (text === last) {
      return;
    }
    last = text;
    if (running) {
      running.abort();
    }
    if (text.length < 9) {
      box.innerHTML = "";
      return;
    }
    running = new AbortController();
    var url = box.getAttribute("data-url") + "?title=" + encodeURIComponent(title.value) +
      "&body=" + encodeURIComponent(body.value.slice(0, 1000));
    fetch(url, {signal: running.signal, credentials: "same-origin",
                headers: {"Accept": "text/html"}})
      .then(function (response) {
        if (!response.ok) {
          throw new Error(String(response.status));
        }
        return response.text();
      })
      .then(function (html) {
        box.innerHTML = html;  // rendered and escaped by the server
        if (seen) {
          seen.value = "1";  // the writer has seen the look-alikes: submit publishes
        }
      })
      .catch(function () { /* offline or aborted: the server checks on submit */ });
  }

  function schedule() {
    window.clearTimeout(timer);
    timer = window.setTimeout(update, 400);
  }

  title.addEventListener("input", schedule);
  body.addEventListener("input", schedule);
}());
