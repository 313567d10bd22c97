/* global SwaggerUIBundle, SwaggerUIStandalonePreset */
/**
 * Starts swagger-ui on /api-docs over every document GET /openapi lists (the top bar's dropdown), from this
 * server only: no validator badge (validatorUrl null would otherwise be swagger's online validator), and
 * "Try it out" calls the server the page came from (each document's `servers` is `/`). `?doc=<name>` opens
 * that document first; the admin document otherwise.
 */
(function () {
  'use strict';
  fetch('/openapi', { headers: { Accept: 'application/json' } })
    .then(function (res) {
      if (!res.ok) throw new Error('GET /openapi answered ' + res.status);
      return res.json();
    })
    .then(function (index) {
      var urls = index.documents.map(function (d) {
        return { url: d.json, name: d.title };
      });
      var wanted = new URLSearchParams(window.location.search).get('doc');
      var first =
        index.documents.find(function (d) {
          return d.name === wanted;
        }) || index.documents[0];
      window.ui = SwaggerUIBundle({
        urls: urls,
        'urls.primaryName': first ? first.title : undefined,
        dom_id: '#swagger-ui',
        deepLinking: true,
        validatorUrl: null,
        presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
        plugins: [SwaggerUIBundle.plugins.DownloadUrl],
        layout: 'StandaloneLayout',
      });
    })
    .catch(function (err) {
      var box = document.getElementById('swagger-ui');
      box.textContent = 'The API documents could not be loaded: ' + err.message + '. They are listed at /openapi.';
    });
})();
