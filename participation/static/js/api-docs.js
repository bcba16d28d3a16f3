// The API documentation page (/api/v1/docs): starts Swagger UI (static/vendor/swagger-ui/)
// on #api-reference with the OpenAPI document named in its data-openapi-url. An external
// file, as the CSP wants (script-src 'self').
//
// Swagger UI's own markup misses a few things WCAG 2.1 asks for; `mend` adds them to what it
// draws, each time it draws (a MutationObserver): names for its unlabelled selects and
// inputs (4.1.2), keyboard access to scrolling code boxes (2.1.1), and its title, an <h1>,
// announced as a second-level heading below the page's own (1.3.1).
(function () {
  'use strict';

  var UNSAFE = ['POST', 'PUT', 'PATCH', 'DELETE'];

  function sameOrigin(url) {
    return new URL(url, window.location.href).origin === window.location.origin;
  }

  function unnamed(control) {
    // Swagger UI wraps the servers' select in a <label> with no text of its own (only the
    // options' text, inside the select): that names nothing
    var labelled = Array.prototype.some.call(control.labels || [], function (label) {
      return label.textContent.replace(control.textContent, '').trim() !== '';
    });
    return !labelled && !control.hasAttribute('aria-label')
      && !control.hasAttribute('aria-labelledby');
  }

  function nameOf(control) {
    if (control.id === 'servers') {
      return 'Servers';
    }
    var row = control.closest('[data-param-name]');
    if (row) {
      return row.getAttribute('data-param-name') + ' (' + row.getAttribute('data-param-in')
        + ')';
    }
    if (control.closest('.body-param')) {
      return 'Request body';
    }
    return control.getAttribute('placeholder') || control.getAttribute('title');
  }

  function mend(root) {
    root.querySelectorAll('select, input:not([type=hidden]), textarea').forEach(
      function (control) {
        var name = unnamed(control) && nameOf(control);
        if (name) {
          control.setAttribute('aria-label', name);
        }
      });
    root.querySelectorAll('.highlight-code > pre:not([tabindex])').forEach(function (code) {
      code.setAttribute('tabindex', '0');
    });
    root.querySelectorAll('h1:not([aria-level])').forEach(function (heading) {
      heading.setAttribute('aria-level', '2');
    });
  }

  function start() {
    var root = document.getElementById('api-reference');
    if (!root || typeof window.SwaggerUIBundle !== 'function') {
      return;
    }
    new MutationObserver(function () { mend(root); }).observe(
      root, {childList: true, subtree: true});
    var csrfToken = root.getAttribute('data-csrf-token');
    window.SwaggerUIBundle({
      url: root.getAttribute('data-openapi-url'),
      domNode: root,
      // never send our document to validator.swagger.io (a third-party request)
      validatorUrl: null,
      // only our document: no ?url=… or ?configUrl=… from the address bar
      queryConfigEnabled: false,
      docExpansion: 'list',
      defaultModelsExpandDepth: 0,
      tryItOutEnabled: false,
      requestInterceptor: function (request) {
        // "Try it out" with the login session: writes need the CSRF header (a Bearer token,
        // entered under "Authorize", needs none)
        var method = (request.method || 'GET').toUpperCase();
        if (csrfToken && UNSAFE.indexOf(method) !== -1 && sameOrigin(request.url)
            && !request.headers.Authorization) {
          request.headers['X-CSRFToken'] = csrfToken;
        }
        return request;
      }
    });
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', start);
  } else {
    start();
  }
}());
