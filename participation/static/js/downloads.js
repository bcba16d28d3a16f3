// Progress feedback for exports and imports that can take more than a second.
// Links marked data-download are fetched in the background while a polite live region says
// "preparing"; the file is then saved under the server's name. Forms with data-busy announce
// their text and disable the button while the page loads. Without JavaScript the links and
// forms work as they are. The words come translated from the page (data-* attributes).
(function () {
  "use strict";
  function statusFor(element) {
    var list = element.closest("ul");
    var region = list && list.nextElementSibling;
    return region && region.classList.contains("download-status") ? region : null;
  }

  function filenameOf(response, fallback) {
    var header = response.headers.get("Content-Disposition") || "";
    var match = /filename="([^"]+)"/.exec(header);
    return match ? match[1] : fallback;
  }

  function download(link, event) {
    if (!window.fetch || !window.URL || !URL.createObjectURL) { return; }
    event.preventDefault();
    if (link.getAttribute("aria-busy") === "true") { return; }
    var region = statusFor(link);
    var label = link.textContent.trim();
    link.setAttribute("aria-busy", "true");
    if (region) { region.textContent = region.dataset.preparing + " " + label; }
    fetch(link.href, { credentials: "same-origin" }).then(function (response) {
      if (!response.ok) {
        return response.json().then(function (body) {
          throw new Error(body && body.error ? body.error.message : String(response.status));
        }, function () { throw new Error(String(response.status)); });
      }
      return response.blob().then(function (blob) {
        var url = URL.createObjectURL(blob);
        var anchor = document.createElement("a");
        anchor.href = url;
        anchor.download = filenameOf(response, "export");
        document.body.appendChild(anchor);
        anchor.click();
        anchor.remove();
        setTimeout(function () { URL.revokeObjectURL(url); }, 10000);
        if (region) { region.textContent = region.dataset.done + " " + label; }
      });
    }).catch(function (error) {
      if (region) { region.textContent = region.dataset.failed + " " + error.message; }
    }).then(function () {
      link.removeAttribute("aria-busy");
    });
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("a[data-download]");
    if (link && !event.ctrlKey && !event.metaKey && !event.shiftKey) { download(link, event); }
  });

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.hasAttribute || !form.hasAttribute("data-busy")) { return; }
    var region = form.querySelector(".busy-status");
    if (region) { region.textContent = form.getAttribute("data-busy"); }
    var button = form.querySelector("button[type=submit]");
    if (button) {
      // after the submit has started, so the button's value is still sent
      setTimeout(function () { button.disabled = true; }, 0);
    }
  });
}());
