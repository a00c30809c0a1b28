package dev.gatehouse.platform.json;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Record components map to the snake_case JSON field names clients send and see in {@code errors[].field}. */
class JsonNamesTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "email, email",
        "password, password",
        "currentPassword, current_password",
        "newPassword, new_password",
        "refreshToken, refresh_token",
        "isActive, is_active",
        "includeDeleted, include_deleted",
        "targetUserId, target_user_id",
    })
    void snakeCaseIsTheJsonNameOfAComponent(String component, String field) {
        assertEquals(field, JsonNames.snakeCase(component));
    }
}
