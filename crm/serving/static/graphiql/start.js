// Starts GraphiQL on this server's /graphql (HTTP and the graphql-transport-ws websocket).
// Requests carry the browser session's cookie, so a signed-in user needs no token; or put
// {"Authorization": "Bearer crm_…"} in the Headers tab. No inline script: the page's
// Content-Security-Policy allows scripts from this server only.
(function () {
  "use strict";
  var url = window.location.origin + "/graphql";
  var socket = url.replace(/^http/, "ws");
  var fetcher = GraphiQL.createFetcher({ url: url, subscriptionUrl: socket });
  var root = ReactDOM.createRoot(document.getElementById("graphiql"));
  root.render(
    React.createElement(GraphiQL, {
      fetcher: fetcher,
      defaultEditorToolsVisibility: true,
      isHeadersEditorEnabled: true,
      shouldPersistHeaders: false,
    })
  );
})();
