// Starts Swagger UI on the server's own OpenAPI document; "Authorize" takes the access token from a login.
window.ui = SwaggerUIBundle({
    url: "/openapi",
    dom_id: "#swagger-ui",
    deepLinking: true,
    persistAuthorization: true,
    tryItOutEnabled: true,
    validatorUrl: null
});
