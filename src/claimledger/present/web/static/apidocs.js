// The API's documentation page: Swagger UI (served from the swagger-ui-py package, never
// a CDN) drawing this server's own /openapi.json. A file of its own, not an inline script, so
// the page works under the Content-Security-Policy every page has (script-src 'self').
window.addEventListener("load", () => {
  window.SwaggerUIBundle({
    url: "/openapi.json",
    dom_id: "#swagger-ui",
    deepLinking: true,
    supportedSubmitMethods: ["get"],  // the server answers GET only
  });
});
