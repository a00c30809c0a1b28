/**
 * The input rules shared by settings and components (email grammar, password length) and their
 * Bean Validation annotations, each written once.
 */
package dev.gatehouse.platform.validation;
