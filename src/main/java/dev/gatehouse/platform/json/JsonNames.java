package dev.gatehouse.platform.json;

/**
 * How Java names become wire names: the API speaks snake_case ({@code current_password}), the
 * records camelCase ({@code currentPassword}). Used by the body reader, the validation mapper and
 * the OpenAPI filter, so the three can never disagree.
 */
public final class JsonNames {

    private JsonNames() {
    }

    /** {@code currentPassword} → {@code current_password}; names without capitals are returned as they are. */
    public static String snakeCase(String name) {
        StringBuilder out = new StringBuilder(name.length() + 4);
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (Character.isUpperCase(c)) {
                out.append('_').append(Character.toLowerCase(c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
