// The site's header: the menu button below 68rem, and the dropdown menus (<details class="menu">)
// closing on Escape, on a click elsewhere and when another one opens.
(function () {
  "use strict";
  var toggle = document.querySelector(".menu-toggle");
  var menu = document.getElementById("site-menu");
  if (toggle && menu) {
    toggle.addEventListener("click", function () {
      var open = toggle.getAttribute("aria-expanded") !== "true";
      toggle.setAttribute("aria-expanded", open ? "true" : "false");
      menu.classList.toggle("is-open", open);
    });
  }
  var menus = Array.prototype.slice.call(document.querySelectorAll("details.menu"));
  function closeAll(except) {
    menus.forEach(function (d) { if (d !== except) { d.removeAttribute("open"); } });
  }
  menus.forEach(function (d) {
    d.addEventListener("toggle", function () { if (d.open) { closeAll(d); } });
  });
  document.addEventListener("click", function (event) {
    menus.forEach(function (d) { if (d.open && !d.contains(event.target)) { d.removeAttribute("open"); } });
  });
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") { return; }
    var open = menus.filter(function (d) { return d.open; });
    open.forEach(function (d) { d.removeAttribute("open"); d.querySelector("summary").focus(); });
    if (!open.length && toggle && toggle.getAttribute("aria-expanded") === "true") {
      toggle.click();
      toggle.focus();
    }
  });
})();
