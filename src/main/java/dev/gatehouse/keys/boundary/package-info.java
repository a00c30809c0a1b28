/** {@code /.well-known/jwks.json}, {@code /.well-known/openid-configuration} and {@code /api/signing-keys}. */
package dev.gatehouse.keys.boundary;
